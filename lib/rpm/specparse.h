/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specparse.h - the build files' parsers (specdetect.h's walk calls them;
 * exposed for unit tests and the fuzzer). Each adds to d: version and URL
 * declared, pkg-config modules, other BuildRequires (specbuildreq.h), and
 * the switches that turn optional parts (docs, tests, examples) and a
 * kernel module off. */
#ifndef ACM_SPECPARSE_H
#define ACM_SPECPARSE_H

#include "specdetect.h"

void acm_specparse_autoconf(struct acm_detect *d, const char *text);
void acm_specparse_cmake(struct acm_detect *d, const char *text);
void acm_specparse_meson(struct acm_detect *d, const char *text);
void acm_specparse_makefile(struct acm_detect *d, const char *text);
/* Makefile.am in DIR ("" at the top): its info_TEXINFOS, as DIR/NAME.texi */
void acm_specparse_automake(struct acm_detect *d, const char *dir, const char *text);
void acm_specparse_python(struct acm_detect *d, const char *text);

/* A make file (Makefile.am, Makefile.in, a Makefile.config.in it includes)
 * that links programs with libtool's -static or -all-static: they link the
 * project's own uninstalled libtool libraries statically, so the build
 * needs their static archives (OpenAFS's LT_LDRULE_static, whose servers
 * use internal symbols the shared libraries' export lists leave out):
 * sets d->libtool_static. */
void acm_specparse_libtool_static(struct acm_detect *d, const char *text);

/* meson_options.txt / meson.options */
void acm_specparse_meson_options(struct acm_detect *d, const char *text);

/* META (ZFS, Lustre, SPL): "Version: 2.2.7", "Release: 1". */
void acm_specparse_meta(struct acm_detect *d, const char *text);

/* .m4 files configure.ac includes: the kernel-module switches only */
void acm_specparse_m4(struct acm_detect *d, const char *text);

/* a top-level bootstrap script: used unless it is gnulib's */
void acm_specparse_bootstrap(struct acm_detect *d, const char *text);

#endif

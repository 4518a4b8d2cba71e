/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kspec.h - the kernel's version from its top Makefile, the kernel ARCH for
 * an rpm arch, and the spec kbuild builds: NAME (kernel-ml to sit beside the
 * distribution's kernel, kernel to replace it), NAME-devel that builds
 * out-of-tree modules, NAME-headers on request. */
#ifndef ACM_KSPEC_H
#define ACM_KSPEC_H

#include <stdbool.h>

#include "pkgmeta.h"

/* VERSION / PATCHLEVEL / SUBLEVEL / EXTRAVERSION of a kernel's top Makefile. */
struct acm_kmakefile {
	char version[16], patchlevel[16], sublevel[16];
	char extraversion[64];
};

/* Parse the top of a kernel Makefile. Returns 0, or -1 when VERSION or
 * PATCHLEVEL is missing or not a number (not a kernel tree). */
int acm_kmakefile_parse(const char *text, struct acm_kmakefile *mk);

/* "6.1.192" (+ EXTRAVERSION with '-' made '_', since an RPM version cannot
 * hold '-'): the RPM Version. malloc'd. */
char *acm_kmakefile_rpm_version(const struct acm_kmakefile *mk);

/* The kernel's ARCH= for an rpm arch ("x86_64" -> "x86_64", "aarch64" ->
 * "arm64", "i686" -> "i386", ...) and its source dir under arch/ ("x86").
 * NULL for an arch we do not know. */
const char *acm_kernel_arch(const char *rpm_arch);
const char *acm_kernel_srcarch(const char *kernel_arch);

struct acm_kspec {
	/* name "kernel-ml" or "kernel"; version from acm_kmakefile_rpm_version;
	 * release + local version, "1" or "1.acm" */
	struct acm_pkgmeta_head pkg;
	const char *kextra;        /* upstream EXTRAVERSION as it appears in Version ("_rc3"), or "" */
	const char *rpm_arch;      /* "x86_64" */
	const char *config_source; /* file name of the .config in SOURCES */
	const char *config_origin; /* how the .config was made, for the changelog */
	bool headers;              /* build NAME-headers too */
};

/* uname -r of the built kernel: VERSION-RELEASE[DIST].ARCH. malloc'd. */
char *acm_kspec_kver(const struct acm_kspec *s, const char *dist);

/* The spec text. malloc'd. The words (name, version, release, arch, file
 * names) are checked and the text (origin, packager, date) written by
 * spectext.h; NULL after a message when a word is not one: exit 65. */
char *acm_kspec_text(const struct acm_kspec *s);

#endif

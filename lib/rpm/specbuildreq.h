/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specbuildreq.h - what a build system's library, header and package
 * checks need installed, as a BuildRequires: pkgconfig(NAME) where the
 * library ships a .pc, else the EL package name. One table for autoconf
 * (AC_CHECK_LIB, AC_SEARCH_LIBS, AC_CHECK_HEADER(S)), CMake (find_package,
 * check_include_file, find_library) and meson (dependency() of a name
 * pkg-config does not know, cc.find_library()). */
#ifndef ACM_SPECBUILDREQ_H
#define ACM_SPECBUILDREQ_H

#include <stdbool.h>
#include <stddef.h>

/* The BuildRequires for a library ("ssl"), header ("openssl/ssl.h") or
 * CMake package ("OpenSSL"), or NULL: unknown, or part of the C library
 * and compiler (m, pthread, dl, Threads). */
const char *acm_specbuildreq_lookup(const char *name);

/* The same for a config.h macro configure defined: HAVE_LIBZ (AC_CHECK_LIB
 * of z), HAVE_OPENSSL_SSL_H (a header, '/' and '.' as '_'). */
const char *acm_specbuildreq_lookup_define(const char *macro);

/* Is s[0..n) a name a build log or the trial cache may give (a pkg-config
 * module, a library): 1 to ACM_SPECBUILDREQ_NAME_MAX letters, digits and
 * ._+-? The one rule for both, so what is cached reads back. */
#define ACM_SPECBUILDREQ_NAME_MAX 63
bool acm_specbuildreq_name_ok(const char *s, size_t n);

/* Is req a BuildRequires this table can give, or "pkgconfig(NAME)" with a
 * NAME acm_specbuildreq_name_ok() takes (a cached trial result is checked so)? */
bool acm_specbuildreq_valid(const char *req);

#endif

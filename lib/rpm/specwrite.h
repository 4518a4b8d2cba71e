/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specwrite.h - write an RPM spec for a detected source: header, %prep,
 * %build/%install for its build system, %files split into the main and
 * -devel packages from a trial install (or conventional globs), and a
 * %changelog entry. Only macros core rpm defines are required; %cmake,
 * %meson, %py3_build and %ldconfig_scriptlets are used where the host
 * has them, with plain commands otherwise. */
#ifndef ACM_SPECWRITE_H
#define ACM_SPECWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"
#include "specdetect.h"

/* A file the trial install put in the buildroot. */
struct acm_installed {
	char *path;     /* absolute, as installed: "/usr/lib64/libfoo.so.1" */
	char type;      /* 'f' file, 'l' symlink, 'd' directory */
};

struct acm_install_list {
	struct acm_installed *v;
	size_t n;
	/* rpm directory macros and their values on this host, longest value
	 * first: { "_libdir", "/usr/lib64" }, ... */
	char *(*dirs)[2];
	size_t ndirs;
	struct acm_strlist found;   /* BuildRequires the trial's configure found (configfacts.h) */
};

struct acm_spec {
	const struct acm_source_info *src;
	const struct acm_detect *det;
	const char *name, *version, *release;   /* release without %{?dist} */
	const char *summary, *license, *url;     /* NULL: detected or a FIXME */
	const char *source0;                     /* file name or URL */
	const char *setup_dir;                   /* top directory in Source0; NULL: -c */
	const char *packager;                    /* "Name <email>" */
	long long date;                          /* %changelog time */
	const struct acm_install_list *files;    /* NULL: conventional globs */
	bool probe;                              /* for the trial build: no %files */
};

/* The spec text (malloc'd). *fixmes counts the FIXME comments written.
 * Every value from the source goes through spectext.h; NULL (after a
 * message naming the value and the fix) when one cannot be written: the
 * caller exits 65. */
char *acm_spec_write(const struct acm_spec *sp, int *fixmes);

/* A buildroot path as a %files line: "/usr/lib64/libfoo.so.1" ->
 * "%{_libdir}/libfoo.so.1" (malloc'd), by acm_spectext_file(); NULL when
 * it cannot be one (a control character or '"'). */
char *acm_spec_path(const struct acm_install_list *l, const char *path);

/* Does the trial install hold a program, library or data file, anything
 * but docs, licenses and man/info pages? A spec without one packages
 * nothing of the project (a Makefile with no install rule). */
bool acm_spec_has_payload(const struct acm_install_list *l);

void acm_install_list_free(struct acm_install_list *l);

#endif

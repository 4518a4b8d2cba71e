/* SPDX-License-Identifier: GPL-2.0-or-later */
/* license.h - the License of a source: its license files named by the SPDX
 * license list's matching rules, and the project's own statements (COPYING
 * preambles, README, source headers, SPDX tags, License: fields) read for
 * -only / -or-later and for OR (dual licensing) vs AND. One rule, in
 * license.c and specgen(1) "License". Unknown texts are never guessed. */
#ifndef ACM_LICENSE_H
#define ACM_LICENSE_H

#include <stdbool.h>
#include <stddef.h>

/* Is this base name a license file? COPYING*, LICENSE*, LICENCE*, COPYRIGHT*. */
bool acm_license_is_file(const char *name);

/* The SPDX id of one license text: "MIT", "BSD-3-Clause", "IPL-1.0", ...
 * For the GNU family (GPL, LGPL, AGPL, GFDL) the id has no -only/-or-later
 * suffix ("GPL-2.0") and *gnu is set: the text alone does not say which.
 * Returns a static string, or NULL when the text is not recognisably one
 * license (a file of several is acm_license_add_file's to cut up). */
const char *acm_license_identify(const char *text, size_t len, bool *gnu);

/* One license file or statement mention, as the walk found it. */
struct acm_license_file {
	char *path;
	char **ids;        /* SPDX ids in the file (GNU ones without suffix) */
	size_t nids;
	bool doc_only;     /* every id is a documentation license (GFDL) */
	bool pointer;      /* no license text: a statement naming other files */
	bool build_only;   /* tooling that is not part of what is built */
	const char *with;  /* an SPDX exception the file grants (static), or NULL, */
	const char *with_base;   /* to this license ("GPL-2.0", "BSD-3-Clause") */
	char refers[64];   /* no license of its own: "see the file LICENCE" */
	const char *family;   /* no license of its own, and a license named without a
			       * version ("released under the CDDL"): "CDDL", "GPL" (static) */
};

struct acm_license_mention {
	const char *base;  /* "GPL-2.0", "LGPL-3.0", "GFDL-1.2", ... (static), or NULL: */
	char file[64];     /* "the Less License, in the file LICENSE": that file's license */
	int later;         /* 1: "or later"/"+", -1: "only", 0: unsaid */
	int group;         /* > 0: one "either A or B" statement (OR) */
};

/* What the walk collects; zero it before use. */
struct acm_license_ev {
	struct acm_license_file *files;
	size_t nfiles, capfiles;
	struct acm_license_mention *m;
	size_t nm, capm;
	char **tags;       /* SPDX-License-Identifier values, License: fields */
	size_t ntags;
	int groups;
	bool any_later;    /* "any later version" in a header */
};

/* A top-level license file (COPYING, LICENSE.md, ...). */
void acm_license_add_file(struct acm_license_ev *ev, const char *path, const char *text, size_t len);
/* A statement: a README, a source file's first lines, META / PKG-INFO. */
void acm_license_add_statement(struct acm_license_ev *ev, const char *text, size_t len);

/* The License expression from all that (malloc'd), or NULL when a license
 * file is not recognisably one license (its paths in *unknown, malloc'd
 * array of borrowed strings, *nunknown), or no license was found at all.
 * *from_tags: the expression came from SPDX tags alone (no license file).
 * Warnings (a LicenseRef) are printed. */
char *acm_license_decide(const struct acm_license_ev *ev, const char ***unknown, size_t *nunknown,
			 bool *from_tags);

void acm_license_ev_free(struct acm_license_ev *ev);

#endif

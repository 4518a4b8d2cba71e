/* SPDX-License-Identifier: GPL-2.0-or-later */
/* licensetext.h - the license texts specgen knows, each by the passages
 * that tell it apart (one table, licensetext.c), and the normalising the
 * SPDX matching guidelines define. license.c reads statements and decides
 * the License expression on top of it. */
#ifndef ACM_LICENSETEXT_H
#define ACM_LICENSETEXT_H

#include <stdbool.h>
#include <stddef.h>

/* heading: must be in the first 400 bytes (a GNU text names itself there);
 * all passages must be present; canon: the text must be only that license. */
#define ACM_LICTEXT_GNU 0x1u   /* -only / -or-later from the statements */
#define ACM_LICTEXT_DOC 0x2u   /* a documentation license: applies to the docs */
#define ACM_LICTEXT_PD  0x4u   /* a public domain dedication */

struct acm_licensetext {
	const char *id;
	unsigned flags;
	const char *heading;
	const char *passages[3];
	const char *canon;
};

/* An SPDX exception: extra permission on top of one license (base, as the
 * table names it: "GPL-2.0", "BSD-3-Clause"), by a passage of its text. */
struct acm_licexception {
	const char *id;
	const char *base;
	const char *passage;
};

/* The text normalised: case-folded, white space, comment marks and bullets
 * squeezed, quotes and dashes made one, copyright lines dropped; body: the
 * license's own clauses only (malloc'd). */
char *acm_licensetext_normalise(const char *text, size_t len, bool body);
/* Does the normalised text t hold the phrase (whole words)? */
bool acm_licensetext_has(const char *t, const char *phrase);
/* How many license families t names. */
size_t acm_licensetext_families(const char *t);
/* The license the text is, or NULL when it is not recognisably one. */
const struct acm_licensetext *acm_licensetext_identify(const char *text, size_t len);
/* The exception the normalised text t grants, or NULL. */
const struct acm_licexception *acm_licensetext_exception(const char *t);
/* The table's row for an id ("GPL-2.0", any case), or NULL. */
const struct acm_licensetext *acm_licensetext_of(const char *id);

#endif

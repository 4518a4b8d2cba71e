/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoverify.h - --verify: read every file of the medium back from the tree
 * and check it against the SHA-256 the manifest recorded, the [checksums]
 * of the medium's .treeinfo and the package checksums of each yum
 * repository's primary metadata, streamed within budgets. */
#ifndef ACM_ISOVERIFY_H
#define ACM_ISOVERIFY_H

#include "isoscan.h"
#include "manifest.h"

struct acm_isoverify {
	int destfd;                     /* the tree (not owned) */
	const char *dest;               /* for messages */
	const struct acm_isoscan *s;    /* entries (PRESENT ones are checked), .treeinfo */
	const struct acm_manifest *mf;
	unsigned char *buf;             /* ACM_HASHER_CHUNK bytes */
	unsigned *mismatches;           /* the result's counter */
};

/* Returns 0, or 65 after mismatches or when the medium's metadata breaks
 * a budget (messages printed). */
int acm_isoverify_run(const struct acm_isoverify *v);

#endif

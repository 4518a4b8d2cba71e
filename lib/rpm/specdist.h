/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specdist.h - the files an automake build lists as distributed sources
 * (dist_*_DATA, nobase_dist_*_SCRIPTS, dist_man_MANS, ...) that the source
 * lacks. make cannot build them ("No rule to make target"), so an
 * incomplete tarball or a repack that dropped them (ZFS 2.2.7 from a git
 * export without its 21 MB draidcfg.gz and the initramfs scripts its
 * .gitignore names) fails in %build. The spec takes such a word out of the
 * Makefile.am list that names it, in %prep, before the bootstrap makes
 * Makefile.in: the package lacks that file, and specgen says so. */
#ifndef ACM_SPECDIST_H
#define ACM_SPECDIST_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "strmap.h"

#define ACM_SPECDIST_MAX_WANT 100000   /* listed words kept, at most */
#define ACM_SPECDIST_MAX_MISSING 32    /* more missing than this: not a few dropped files; no edits */

struct acm_distword {
	char *am;     /* the Makefile.am, from the top: "contrib/initramfs/Makefile.am" */
	char *word;   /* as it is written there: "%D%/scripts/zfs" */
	char *path;   /* the file it names, from the top */
};

struct acm_specdist {
	struct acm_strmap seen;   /* every file, link and directory of the source */
	size_t nseen;
	struct acm_distword *want, *missing;
	size_t nwant, capwant, nmissing, capmissing;
	bool too_many;            /* more than ACM_SPECDIST_MAX_MISSING: listed, not edited */
};

/* The distributed files am_path (a Makefile.am, from the top) lists. */
void acm_specdist_parse(struct acm_specdist *s, const char *am_path, const char *text);
/* A Makefile.am variable's value from p (just after its '='), its
 * backslash-newlines and tabs made blanks, into v, to the end of the line
 * or a '#'; returns where it stopped. */
const char *acm_specdist_am_value(struct acm_buf *v, const char *p);
/* A file, link or directory the source has. */
void acm_specdist_seen(struct acm_specdist *s, const char *path);
/* After the walk: which listed files the source lacks (s->missing, by
 * Makefile.am, whatever order the walk saw them in; each one's words in
 * its own order). */
void acm_specdist_finish(struct acm_specdist *s);
/* %prep lines that take the missing words out of their lists (nothing
 * when none is missing or too many are). */
void acm_specdist_prep(struct acm_buf *b, const struct acm_specdist *s);
void acm_specdist_free(struct acm_specdist *s);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoplan.h - the tree side of an import: directories opened beneath the
 * destination (never through a symlink found there), and the plan that
 * compares each medium entry with what the tree and its manifest hold,
 * without reading file data. */
#ifndef ACM_ISOPLAN_H
#define ACM_ISOPLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "isoscan.h"
#include "manifest.h"

struct acm_isoplan {
	int destfd;             /* -1 when the destination does not exist yet (not owned) */
	const char *dest;       /* for messages */
	bool force;             /* --force: a differing tree entry is replaced */
	int disc;               /* this medium's disc number */
	const struct acm_manifest *mf;
	uint64_t *missing;      /* the result's counters */
	unsigned *conflicts;
	/* parent directory cache: media list files directory by directory */
	char *pdir;
	int pfd;
	char *blocked_dir;      /* last directory reported as blocked */
};

void acm_isoplan_init(struct acm_isoplan *p, int destfd, const char *dest, bool force, int disc,
		      const struct acm_manifest *mf, uint64_t *missing, unsigned *conflicts);
void acm_isoplan_free(struct acm_isoplan *p);

/* Open directory dir beneath basefd (no symlink followed), creating
 * missing ones when asked. Returns an fd or -errno (-ELOOP: a symlink). */
int acm_isoplan_open_dir(int basefd, const char *dir, bool create);
/* The directory holding path's last component, beneath the destination
 * (cached). Returns an fd owned by the cache, or -errno. */
int acm_isoplan_parent_fd(struct acm_isoplan *p, const char *path, bool create);
void acm_isoplan_forget(struct acm_isoplan *p);
/* Say once per directory that a symlink or file in the tree is in the way;
 * counts a conflict. */
void acm_isoplan_blocked(struct acm_isoplan *p, const char *path, int err);

/* Plan one entry: PRESENT, OTHERDISC, COPY, COMPARE, REPLACE, CONFLICT or
 * BLOCKED (each conflict named in a message and counted). */
void acm_isoplan_entry(struct acm_isoplan *p, struct acm_isoent *e);
/* Does the plan ask the copy pass to do something with e? */
bool acm_isoplan_needs_work(const struct acm_isoent *e);
/* Is there room in the destination for what the plan writes? 0 or 74. */
int acm_isoplan_space(const struct acm_isoplan *p, const struct acm_isoscan *s);

#endif

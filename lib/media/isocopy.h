/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isocopy.h - the second pass over a medium: stream the data of what the
 * plan needs into the tree. Each file is written in DEST/.acmtools-tmp and
 * renamed into place only when complete (so a killed run leaves no
 * truncated file under a final name), hashed on the way, and recorded. */
#ifndef ACM_ISOCOPY_H
#define ACM_ISOCOPY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "hasher.h"
#include "isoplan.h"
#include "isoscan.h"
#include "manifest.h"
#include "progress.h"

struct acm_isocopy {
	struct acm_isoscan *s;      /* the medium and its planned entries */
	struct acm_isoplan *p;      /* the tree: destination, directories, counters */
	struct acm_manifest *mf;    /* what is written is recorded here */
	int tmpfd;                  /* DEST/.acmtools-tmp (writing passes) */
	mode_t umask;
	uint64_t *copied;           /* bytes written, the result's counter */
	struct acm_progress *prog;  /* or NULL */
	unsigned char *buf;         /* ACM_HASHER_CHUNK bytes each */
	unsigned char *cbuf;        /* tree data being compared */
	struct acm_hasher hasher;
};

/* Stream the data of what the plan needs. With write false nothing is
 * written: only COMPARE entries are resolved (PRESENT or CONFLICT) by
 * reading. Returns 0 or the worst exit status met (messages printed). */
int acm_isocopy_pass(struct acm_isocopy *c, bool write);

#endif

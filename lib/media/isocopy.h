/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isocopy.h - the second pass over a medium: move the data of what the
 * plan needs into the tree. Each file is written in DEST/.acmtools-tmp and
 * renamed into place only when complete (so a killed run leaves no
 * truncated file under a final name), hashed on the way, and recorded.
 * An image's files go as byte ranges in the kernel (isoextent.h,
 * rangecopy.h); what libisofs cannot place streams through libarchive. */
#ifndef ACM_ISOCOPY_H
#define ACM_ISOCOPY_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "dedup.h"
#include "hasher.h"
#include "isoextent.h"
#include "isoplan.h"
#include "isoscan.h"
#include "manifest.h"
#include "progress.h"
#include "rangecopy.h"
#include "writeback.h"

/* The pass stopped because acm_isocopy_stop was set (a signal): 128 + SIGINT,
 * what a shell reports for a command Ctrl-C ended. */
#define ACM_ISOCOPY_INTERRUPTED 130
/* Set from a signal handler: stop between two chunks, remove the file being
 * written, keep what is complete (recorded, so the next run resumes). */
extern volatile sig_atomic_t acm_isocopy_stop;

struct acm_isocopy {
	struct acm_isoscan *s;      /* the medium and its planned entries */
	struct acm_isoplan *p;      /* the tree: destination, directories, counters */
	struct acm_manifest *mf;    /* what is written is recorded here */
	int tmpfd;                  /* DEST/.acmtools-tmp (writing passes) */
	mode_t umask;
	uint64_t *copied;           /* bytes written, the result's counter */
	uint64_t *reflinked;        /* bytes shared with the image (FICLONERANGE) */
	uint64_t *shared;           /* bytes shared with an identical tree file (dedup) */
	uint64_t *done_files;       /* files put in place this pass */
	struct acm_dedup *dedup;    /* identical files already in the root, or NULL */
	struct acm_progress *prog;  /* or NULL */
	unsigned char *buf;         /* ACM_HASHER_CHUNK bytes each */
	unsigned char *cbuf;        /* tree data being compared */
	struct acm_hasher hasher;
	struct acm_hasher_ahead ahead;  /* the fast path's digests */
	/* the fast path: file sections of the image, moved in the kernel */
	struct acm_isoextents ext;
	int imgfd;                  /* the image (or device) during the pass, or -1 */
	struct acm_rangecopy rc;
	struct acm_writeback wb;    /* starts each written file's writeback */
};

/* Stream the data of what the plan needs. With write false nothing is
 * written: only COMPARE entries are resolved (PRESENT or CONFLICT) by
 * reading. Returns 0 or the worst exit status met (messages printed). */
int acm_isocopy_pass(struct acm_isocopy *c, bool write);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manifest.h - what an import tree holds: the manifest (discs, and files
 * with sizes, times and SHA-256) and the journal of what a run recorded
 * since, which a stopped run leaves for the next. */
#ifndef ACM_MANIFEST_H
#define ACM_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "buf.h"
#include "strmap.h"

/* The sha of a file that shares the image's blocks (FICLONERANGE): its
 * identity is the image's extent, not a digest; hashing it would cost more
 * than the clone (--verify compares it with the medium instead; dedup
 * skips it). 64 characters, never a hex digest. */
#define ACM_MANIFEST_UNHASHED "----------------------------------------------------------------"
/* Does the manifest hold a digest for this sha field? */
bool acm_manifest_hashed(const char *sha);
struct stat;
/* Is the tree file sb still the one recorded with size and tree_mtime? The
 * import stamps whole seconds, so nanoseconds mean a write since, even
 * within the recorded second. The one rule a re-import and dedup trust. */
bool acm_manifest_tree_unchanged(const struct stat *sb, uint64_t size, int64_t tree_mtime);

struct acm_manifest_entry {
	char type;          /* 'f' file, 'l' symlink, 'd' directory */
	int disc;
	uint64_t size;
	int64_t media_mtime, tree_mtime;
	char sha[65];
	char *path, *target;
};

struct acm_manifest {
	struct acm_manifest_entry *e;
	size_t n, cap;
	struct acm_strmap idx;
	struct acm_buf discs;   /* "disc ..." lines, kept as read */
	/* the tree (fd not owned; -1 when it does not exist yet) */
	int destfd;
	const char *dest;
	/* the journal batch: recorded, not yet appended */
	struct acm_buf pending;
	uint64_t pending_bytes;
	unsigned pending_files;
	int journalfd;
	bool changed;           /* something was recorded this run */
	bool journal_seen;      /* a journal from a stopped run was read */
};

void acm_manifest_init(struct acm_manifest *m, int destfd, const char *dest);
void acm_manifest_free(struct acm_manifest *m);

/* Load manifest then journal from the tree. Returns 0 (also when there is
 * none yet) or an exit status, message printed: 73 when one is not a
 * regular file, 74 when it cannot be read. */
int acm_manifest_load(struct acm_manifest *m);
/* The entry for path, or NULL. */
const struct acm_manifest_entry *acm_manifest_find(const struct acm_manifest *m, const char *path);
/* Record an entry now in the tree: kept, and journalled in batches (each
 * after a syncfs of the tree). Returns 0 or an exit status. */
int acm_manifest_record(struct acm_manifest *m, const struct acm_manifest_entry *e);
/* Journal the pending batch now (final: sync even when it is empty). */
int acm_manifest_flush(struct acm_manifest *m, bool final);
/* Rewrite the manifest from what was loaded and recorded, with disc_line
 * ("disc N ...") replacing the line of that disc; the journal is then
 * removed. Nothing is written when nothing changed. Returns 0 or 73/74. */
int acm_manifest_write(struct acm_manifest *m, int disc, const char *disc_line);

/* Percent-escape bytes <= 0x20, '%' and 0x7f so a path is one manifest
 * field; and back (NULL on a bad escape). malloc'd. */
char *acm_manifest_escape(const char *s);
char *acm_manifest_unescape(const char *s);

#endif

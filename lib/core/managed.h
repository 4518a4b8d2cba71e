/* SPDX-License-Identifier: GPL-2.0-or-later */
/* managed.h - files a tool keeps as it wants them: whole files it owns, or
 * its managed block inside a file the admin also edits (~/.rpmmacros,
 * nftables.conf, route-IFACE). One way for all of them:
 *   load    - read the current bytes; only a missing file (ENOENT) is
 *             "absent"; a file that cannot be read stops the run (74, or 77
 *             when permission is denied) and is left alone; no size cap;
 *   set     - the wanted bytes (whole, a block update, or "absent");
 *   differs - what --check and -n report;
 *   apply   - atomic write (fileio.h rules: a symlink is followed, a FIFO or
 *             device is never replaced) or removal;
 *   restore - on a later failure in the same run, the old bytes go back,
 *             and so do the directories apply made or removed.
 * A set (acm_mset) is the transaction over several files: applied in
 * order, and a failure at file N puts files N-1..1 back, in reverse. */
#ifndef ACM_MANAGED_H
#define ACM_MANAGED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

struct acm_mfile {
	char *path;
	bool present;            /* it existed when loaded */
	struct acm_buf old;      /* its bytes then (may hold NULs) */
	bool want_present;       /* false: the file should not exist */
	struct acm_buf want;     /* the wanted bytes */
	mode_t old_mode;         /* its mode then: a removed file comes back with it */
	mode_t mode;             /* for a file we create (default 0644) */
	bool mkdir_parent;       /* create missing parent directories (default no);
				  * the ones apply makes go again on restore */
	bool rmdir_parent;       /* when apply removes it and that leaves its
				  * directory empty, remove that too (made again
				  * on restore) */
	bool damaged;            /* set_block found broken markers (and repaired them) */
	bool changed;            /* written or removed by this run */

	/* What apply did besides the file, for restore. */
	char **made;             /* directories it created, outermost first */
	size_t nmade;
	bool dir_removed;        /* rmdir_parent took the directory away */
	mode_t dir_mode;
};

/* Read path into f (f is initialised; want = what is there, so an unset
 * file never differs). Returns 0, or an exit status after a message naming
 * path and the real reason (acm_input_strerror). On error f is still safe
 * to free. */
int acm_mfile_load(struct acm_mfile *f, const char *path);

/* The wanted content: these bytes; or no file at all. */
void acm_mfile_set(struct acm_mfile *f, const void *data, size_t len);
void acm_mfile_set_absent(struct acm_mfile *f);
/* Our block (markers begin/end, body lines ending in '\n') in the wanted
 * bytes (at first: what was loaded), every other byte kept; calls compose,
 * so two tools' blocks or two uplinks' blocks can share one file. body NULL
 * takes the block out, and the file goes when it held a block and nothing
 * but blank lines is left. */
void acm_mfile_set_block(struct acm_mfile *f, const char *begin, const char *end, const char *body);

bool acm_mfile_differs(const struct acm_mfile *f);
/* Make the file as wanted when it differs (sets changed). 0 or an exit
 * status (message printed). */
int acm_mfile_apply(struct acm_mfile *f);
/* Put back what was there before apply (no-op unless changed): the old
 * bytes with their mode, or no file; directories apply made are removed,
 * one it removed is made again. 0 or an exit status (message printed). */
int acm_mfile_restore(struct acm_mfile *f);
void acm_mfile_free(struct acm_mfile *f);

/* Several files changed together. */
struct acm_mset {
	struct acm_mfile **f;    /* stable pointers, in the order added */
	size_t n;
};
#define ACM_MSET_INIT { NULL, 0 }

/* Load path and add it; *out (may be NULL) points at the entry, valid until
 * acm_mset_free. A path already in the set is not read again: its entry is
 * returned, so a second edit builds on the first's wanted bytes. On a load
 * error nothing is added and the status is returned. */
int acm_mset_load(struct acm_mset *s, const char *path, struct acm_mfile **out);
struct acm_mfile *acm_mset_find(const struct acm_mset *s, const char *path);
bool acm_mset_differs(const struct acm_mset *s);
/* Apply every file in order; the first failure restores the ones this call
 * changed, newest first, and returns that failure's status. */
int acm_mset_apply(struct acm_mset *s);
/* Undo every file this run changed, newest first (after a later step -
 * netlink, sysctl - failed). Says "restored 'PATH'" for each. Returns the
 * number of changes put back: files, and directories made or removed. */
size_t acm_mset_restore(struct acm_mset *s);
/* Files changed by acm_mset_apply. */
size_t acm_mset_changed(const struct acm_mset *s);
void acm_mset_free(struct acm_mset *s);

#endif

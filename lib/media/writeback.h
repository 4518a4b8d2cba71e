/* SPDX-License-Identifier: GPL-2.0-or-later */
/* writeback.h - write finished files back to the disk, on a thread of its
 * own: writeback does the filesystem's block allocation and submits the
 * I/O in the caller, which on the copying thread cost a sixth of its CPU
 * and, when the device queue was full, stalled the next file's copy.
 * Handed here in batches, the disk keeps working while the copy goes on
 * (a syncfs() each 32 MiB written, writeback.c), and the final syncfs()
 * finds little left to write. Durability does not depend on this: the
 * journal records a file only after a syncfs() (manifest.c). */
#ifndef ACM_WRITEBACK_H
#define ACM_WRITEBACK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* Open files queued at most: the process's fd limit is shared. */
#define ACM_WRITEBACK_SLOTS 64

struct acm_writeback {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int fd[ACM_WRITEBACK_SLOTS];
	uint64_t len[ACM_WRITEBACK_SLOTS];  /* bytes written to each */
	uint64_t pending;           /* written since the last syncfs (the thread's) */
	unsigned head, tail;        /* queued / written-back counts */
	uint64_t unsignalled;       /* bytes queued since the thread was last woken */
	unsigned unsignalled_files;
	bool go;                    /* woken: start what is queued */
	int err;                    /* the first syncfs() or close() error (errno), or 0 */
	bool quit, running;
};

void acm_writeback_start(struct acm_writeback *w);
/* Hand over fd, a file just written with len bytes (those shared with
 * another file by a clone are not written): its writeback is started and
 * it is closed, soon, on the thread (here when none runs). Returns 0, or
 * the errno of a close() that failed here. */
int acm_writeback_add(struct acm_writeback *w, int fd, uint64_t len);
/* Start and close everything queued and stop the thread: 0, or the errno
 * of the first syncfs() or close() that failed on it. */
int acm_writeback_stop(struct acm_writeback *w);

#endif

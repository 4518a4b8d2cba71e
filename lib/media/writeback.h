/* SPDX-License-Identifier: GPL-2.0-or-later */
/* writeback.h - start writing a finished file back to the disk, on a thread
 * of its own. sync_file_range(SYNC_FILE_RANGE_WRITE) does the filesystem's
 * block allocation and submits the I/O in the caller: on the copying
 * thread it cost a sixth of that thread's CPU and, when the device queue
 * was full, stalled the next file's copy. Handed here in batches, the disk
 * keeps working while the copy goes on, and the final syncfs() finds
 * little left to write. Durability does not depend on this: the journal
 * records a file only after a syncfs() (manifest.c). */
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
	unsigned head, tail;        /* queued / written-back counts */
	uint64_t unsignalled;       /* bytes queued since the thread was last woken */
	unsigned unsignalled_files;
	bool go;                    /* woken: start what is queued */
	int err;                    /* the first close() error (errno), or 0 */
	bool quit, running;
};

void acm_writeback_start(struct acm_writeback *w);
/* Hand over fd, a file of len bytes just written: its writeback is started
 * and it is closed, soon, on the thread (here when none runs). Returns 0,
 * or the errno of a close() that failed here. */
int acm_writeback_add(struct acm_writeback *w, int fd, uint64_t len);
/* Start and close everything queued and stop the thread: 0, or the errno
 * of the first close() that failed on it. */
int acm_writeback_stop(struct acm_writeback *w);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lock.h - a lock file so two runs of a tool on the same target do not
 * interleave. Another holder -> exit 75 with a message naming the holder. */
#ifndef ACM_LOCK_H
#define ACM_LOCK_H

struct acm_lock {
	int fd;
	char *path;
};

/* Take an exclusive, non-blocking lock on path (created 0644, holder's pid
 * written in it). Returns 0, 75 when held by another process (message names
 * the pid), or 73 when the file cannot be created (message). */
int acm_lock_take(struct acm_lock *l, const char *path);
void acm_lock_release(struct acm_lock *l);

#endif

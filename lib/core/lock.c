/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lock.c - one run at a time per target, with flock(2). */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "buf.h"
#include "exitcodes.h"
#include "lock.h"
#include "msg.h"

int acm_lock_take(struct acm_lock *l, const char *path)
{
	char pidbuf[32];
	int n;

	l->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	l->path = NULL;
	if (l->fd < 0) {
		int e = errno;
		acm_err("cannot create lock file '%s': %s", path, strerror(e));
		return acm_exit_from_errno_out(e);
	}
	if (flock(l->fd, LOCK_EX | LOCK_NB) != 0) {
		char holder[32] = "";
		ssize_t got = pread(l->fd, holder, sizeof(holder) - 1, 0);
		holder[got > 0 ? got : 0] = '\0';
		holder[strcspn(holder, "\n")] = '\0';
		acm_err("'%s' is locked by another run%s%s%s; wait for it to finish, then run again",
			path, holder[0] ? " (pid " : "", holder, holder[0] ? ")" : "");
		close(l->fd);
		l->fd = -1;
		return ACM_EX_TEMPFAIL;
	}
	n = snprintf(pidbuf, sizeof(pidbuf), "%ld\n", (long)getpid());
	if (ftruncate(l->fd, 0) != 0 || pwrite(l->fd, pidbuf, (size_t)n, 0) != n)
		acm_verbose("cannot record our pid in '%s'", path);
	l->path = acm_xstrdup(path);
	return ACM_EX_OK;
}

void acm_lock_release(struct acm_lock *l)
{
	if (l->fd >= 0) {
		/* The file stays: unlinking it would race with a waiter that
		 * opened the old inode. Emptying it drops the stale pid. */
		if (ftruncate(l->fd, 0) != 0)
			acm_verbose("cannot empty lock file '%s'", l->path ? l->path : "");
		close(l->fd);
	}
	l->fd = -1;
	free(l->path);
	l->path = NULL;
}

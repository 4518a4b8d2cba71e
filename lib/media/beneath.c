/* SPDX-License-Identifier: GPL-2.0-or-later */
/* beneath.c - reading files beneath a directory fd; see beneath.h. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beneath.h"
#include "buf.h"
#include "fileio.h"
#include "safepath.h"

/* Confined by acm_open_beneath, then opened by acm_open_input through
 * /proc/self/fd, so the one rule for inputs (a regular file, never
 * blocking on a FIFO) holds for the tree's and the medium's files too.
 * O_PATH opens nothing: a FIFO's open cannot block here. */
int acm_beneath_input(int dirfd, const char *name)
{
	int pfd = acm_open_beneath(dirfd, name, O_PATH, 0);
	if (pfd < 0)
		return pfd;
	struct stat sb;
	if (fstat(pfd, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		close(pfd);
		return -ELOOP;
	}
	char proc[48];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	int fd = acm_open_input(proc, 0);
	close(pfd);
	/* The file is there (we hold it): ENOENT means no /proc. (A socket is
	 * -ACM_ENOTREG: acm_open_input says so.) */
	return fd == -ENOENT ? -ENOSYS : fd;
}

int acm_beneath_read(int dirfd, const char *name, char **data, size_t *len, size_t max)
{
	int fd = acm_beneath_input(dirfd, name);
	if (fd < 0)
		return fd;
	int rc = acm_read_fd(fd, data, len, max);
	close(fd);
	return rc;
}

const char *acm_beneath_base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

char *acm_beneath_dir(const char *p)
{
	const char *s = strrchr(p, '/');
	if (!s)
		return acm_xstrdup("");
	char *d = acm_xmalloc((size_t)(s - p) + 1);
	memcpy(d, p, (size_t)(s - p));
	d[s - p] = '\0';
	return d;
}

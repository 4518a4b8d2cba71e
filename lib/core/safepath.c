/* SPDX-License-Identifier: GPL-2.0-or-later */
/* safepath.c - open beneath a directory fd, never following a symlink. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "confine.h"
#include "safepath.h"

struct comps {
	char **v;
	size_t n, cap;
};

static void comps_push(struct comps *c, const char *s, size_t len)
{
	c->v = acm_xgrow(c->v, &c->cap, c->n, sizeof(char *), 16);
	c->v[c->n] = acm_xmalloc(len + 1);
	memcpy(c->v[c->n], s, len);
	c->v[c->n][len] = '\0';
	c->n++;
}

static void comps_free(struct comps *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* Split on '/', dropping empty and "." components. */
static void split(struct comps *c, const char *s)
{
	while (*s) {
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len && !(len == 1 && s[0] == '.'))
			comps_push(c, s, len);
		s += len;
		if (*s == '/')
			s++;
	}
}

int acm_open_beneath(int rootfd, const char *name, int flags, mode_t mode)
{
	struct comps c = { 0 };
	char *clean = NULL;
	int dirfd, fd, rc;

	if (acm_confine_name(name, 0, &clean))
		return -EINVAL;
	split(&c, clean);
	free(clean);
	dirfd = dup(rootfd);
	if (dirfd < 0) {
		rc = -errno;
		goto out;
	}
	for (size_t i = 0; i + 1 < c.n; i++) {
		int next = openat(dirfd, c.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && (flags & O_CREAT)) {
			if (mkdirat(dirfd, c.v[i], 0755) != 0 && errno != EEXIST) {
				rc = -errno;
				close(dirfd);
				goto out;
			}
			next = openat(dirfd, c.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			/* a symlink where a directory should be reads as ENOTDIR with
			 * O_DIRECTORY|O_NOFOLLOW: report it as the link it is */
			struct stat st;
			rc = -errno;
			if (fstatat(dirfd, c.v[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				rc = -ELOOP;
			close(dirfd);
			goto out;
		}
		close(dirfd);
		dirfd = next;
	}
	fd = openat(dirfd, c.v[c.n - 1], flags | O_NOFOLLOW | O_CLOEXEC, mode);
	rc = fd < 0 ? -errno : fd;
	close(dirfd);
out:
	comps_free(&c);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fstree.c - walk, remove and copy without a helper program and without
 * trusting the tree: a planted symbolic link inside what we walk or remove
 * must not lead us to what it points at. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"

/* deeper than any source tree we unpack; stops a runaway walk */
#define MAX_DEPTH 512

struct walk {
	acm_fstree_fn *pre, *post;
	void *ud;
	size_t left;   /* directory entries still to read ('.' and '..' count) */
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* All names of the directory open as fd (not closed), sorted; -E2BIG
 * when the walk's budget of entries runs out first. */
static int read_names(struct walk *w, int fd, char ***names, size_t *n)
{
	DIR *d = acm_opendir_fd(fd);
	struct dirent *de;
	char **v = NULL;
	size_t nv = 0;
	int rc = 0;

	if (!d)
		return -errno;
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (!w->left) {
			errno = E2BIG;
			break;
		}
		w->left--;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		v = acm_xrealloc(v, (nv + 1) * sizeof *v);
		v[nv++] = acm_xstrdup(de->d_name);
	}
	if (errno)
		rc = -errno;
	closedir(d);
	if (v)
		qsort(v, nv, sizeof *v, cmp_names);
	*names = v;
	*n = nv;
	return rc;
}

static int walk_dir(struct walk *w, int fd, const char *prefix, int depth)
{
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	if (depth > MAX_DEPTH)
		return -ELOOP;
	rc = read_names(w, fd, &names, &n);
	for (i = 0; !rc && i < n; i++) {
		struct acm_fstree_entry e = { .dirfd = fd, .name = names[i], .depth = depth };
		char *path = *prefix ? acm_xasprintf("%s/%s", prefix, names[i]) : acm_xstrdup(names[i]);
		int act = 0;

		e.path = path;
		if (fstatat(fd, names[i], &e.st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = errno == ENOENT ? 0 : -errno; /* gone meanwhile: nothing to visit */
			free(path);
			continue;
		}
		if (w->pre)
			act = w->pre(&e, w->ud);
		if (act && act != ACM_FSTREE_SKIP)
			rc = act;
		else if (!act && S_ISDIR(e.st.st_mode)) {
			int sub = openat(fd, names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			struct stat now;

			if (sub < 0) {
				rc = -errno;
			} else if (fstat(sub, &now) < 0 || now.st_dev != e.st.st_dev ||
				   now.st_ino != e.st.st_ino) {
				rc = -ESTALE; /* swapped for something else since the stat */
			} else {
				rc = walk_dir(w, sub, path, depth + 1);
				if (!rc && w->post)
					rc = w->post(&e, w->ud);
			}
			if (sub >= 0)
				close(sub);
		}
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int acm_fstree_walk(const char *top, acm_fstree_fn *pre, acm_fstree_fn *post, void *ud)
{
	return acm_fstree_walk_max(top, pre, post, ud, SIZE_MAX);
}

int acm_fstree_walk_max(const char *top, acm_fstree_fn *pre, acm_fstree_fn *post, void *ud, size_t max_entries)
{
	struct walk w = { pre, post, ud, max_entries };
	int fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = walk_dir(&w, fd, "", 1);
	close(fd);
	return rc;
}

struct removal {
	dev_t dev;
	int err;   /* the first failure; the walk goes on past mount points */
};

static int remove_pre(const struct acm_fstree_entry *e, void *ud)
{
	struct removal *r = ud;

	if (S_ISDIR(e->st.st_mode)) {
		if (e->st.st_dev == r->dev)
			return 0;
		if (!r->err)
			r->err = -EXDEV;
		return ACM_FSTREE_SKIP;
	}
	if (unlinkat(e->dirfd, e->name, 0) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

static int remove_post(const struct acm_fstree_entry *e, void *ud)
{
	(void)ud;
	if (unlinkat(e->dirfd, e->name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return errno == ENOTEMPTY || errno == EEXIST ? 0 : -errno; /* holds a mount point */
	return 0;
}

int acm_fstree_remove(const char *path)
{
	struct removal r = { 0, 0 };
	struct stat st;
	int fd, rc;

	if (!path || !*path)
		return -EINVAL;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
	/* the top itself, opened without following a link swapped in */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r.dev = st.st_dev;
	{
		struct walk w = { remove_pre, remove_post, &r, SIZE_MAX };
		struct stat now;

		rc = fstat(fd, &now) < 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev
			     ? -ESTALE
			     : walk_dir(&w, fd, "", 1);
	}
	close(fd);
	if (!rc)
		rc = r.err;
	if (!rc && rmdir(path) < 0 && errno != ENOENT)
		rc = -errno;
	return rc;
}

int acm_fstree_copy(const char *src, const char *dst, mode_t mode)
{
	struct acm_atomic a = { 0 };
	char buf[1 << 16];
	ssize_t n;
	int in, rc;

	in = acm_open_input(src, 0);
	if (in < 0) {
		acm_err("cannot read '%s': %s", src, acm_input_strerror(-in));
		return acm_exit_from_errno_in(-in);
	}
	rc = acm_atomic_open(&a, dst, mode);
	if (rc) {
		close(in);
		return rc;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		int w;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			acm_err("cannot read '%s': %s", src, strerror(errno));
			goto fail;
		}
		w = acm_write_all(a.fd, buf, (size_t)n);
		if (w < 0) {
			acm_err("cannot write '%s': %s", dst, strerror(-w));
			goto fail;
		}
	}
	close(in);
	return acm_atomic_commit(&a);
fail:
	acm_atomic_abort(&a);
	close(in);
	return ACM_EX_IOERR;
}

int acm_fstree_link_or_copy(const char *src, const char *dst, mode_t mode)
{
	struct stat st;

	if (lstat(src, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == mode) {
		char *tmp = acm_xasprintf("%s.acm-link.%ld", dst, (long)getpid());
		bool done = link(src, tmp) == 0 && rename(tmp, dst) == 0;

		unlink(tmp);   /* left when dst was src already: rename did nothing */
		free(tmp);
		if (done)
			return 0;
	}
	return acm_fstree_copy(src, dst, mode);
}

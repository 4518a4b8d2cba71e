/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fileio.c - atomic writes (temp + fsync + rename) and small file helpers. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"

int acm_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return acm_xstrdup(".");
	if (slash == path)
		return acm_xstrdup("/");
	char *d = acm_xstrdup(path);
	d[slash - path] = '\0';
	return d;
}

static void fsync_dir(const char *path)
{
	char *d = dir_of(path);
	int fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(d);
}

char *acm_write_target(const char *path, int *err)
{
	char *p = acm_xstrdup(path);

	for (int hops = 0;; hops++) {
		struct stat st;
		char link[PATH_MAX];
		if (lstat(p, &st) != 0) {
			if (errno == ENOENT)
				return p;       /* the (last) target does not exist yet */
			*err = -errno;
			free(p);
			return NULL;
		}
		if (!S_ISLNK(st.st_mode))
			return p;
		ssize_t n = hops < 40 ? readlink(p, link, sizeof(link) - 1) : -1;
		if (n < 0) {
			*err = hops < 40 ? -errno : -ELOOP;
			free(p);
			return NULL;
		}
		link[n] = '\0';
		char *next;
		if (link[0] == '/') {
			next = acm_xstrdup(link);
		} else {
			char *d = dir_of(p);
			next = acm_xasprintf("%s/%s", d, link);
			free(d);
		}
		free(p);
		p = next;
	}
}

/* A FIFO or character device is written as a stream; O_NONBLOCK so a FIFO
 * without a reader fails (ENXIO) instead of waiting for one. */
static int open_stream(struct acm_atomic *a, const char *path, const struct stat *st)
{
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENXIO && S_ISFIFO(st->st_mode))
			acm_err("cannot write '%s': it is a FIFO that no process reads; start the reader "
				"first or give a regular file", path);
		else
			acm_err("cannot write '%s': %s", path, strerror(e));
		return e == ENXIO ? ACM_EX_CANTCREAT : acm_exit_from_errno_out(e);
	}
	/* what was opened, not what stat() saw a moment before */
	struct stat now;
	if (fstat(fd, &now) != 0 || !(S_ISFIFO(now.st_mode) || S_ISCHR(now.st_mode))) {
		close(fd);
		acm_err("cannot write '%s': it changed while being opened; run again", path);
		return ACM_EX_CANTCREAT;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	a->fd = fd;
	a->path = acm_xstrdup(path);
	a->stream = true;
	return 0;
}

/* What the name finally is, links followed: only a regular file (or
 * nothing) is ever replaced; a FIFO or character device is a stream (1).
 * 73 after a message for anything else. */
static int output_kind(const char *path, struct stat *st)
{
	if (stat(path, st) != 0 || S_ISREG(st->st_mode))
		return 0;
	if (S_ISFIFO(st->st_mode) || S_ISCHR(st->st_mode))
		return 1;
	acm_err("cannot write '%s': it is %s; give a regular file's name", path,
		S_ISDIR(st->st_mode) ? "a directory" : S_ISBLK(st->st_mode) ? "a block device (never overwritten)"
		: S_ISSOCK(st->st_mode) ? "a socket" : "not a regular file");
	return ACM_EX_CANTCREAT;
}

int acm_atomic_open(struct acm_atomic *a, const char *path, mode_t mode)
{
	struct stat st;
	int e = 0, kind;

	memset(a, 0, sizeof(*a));
	a->fd = -1;
	if ((kind = output_kind(path, &st)) == 1)
		return open_stream(a, path, &st);
	if (kind)
		return kind;
	char *target = acm_write_target(path, &e);
	if (!target) {
		acm_err("cannot write '%s': %s", path, strerror(-e));
		return e == -ELOOP ? ACM_EX_CANTCREAT : acm_exit_from_errno_out(-e);
	}
	/* Hidden temporary beside the (link's) target, so rename() stays in one
	 * filesystem and a link stays a link. */
	const char *slash = strrchr(target, '/');
	if (slash)
		a->tmp = acm_xasprintf("%.*s/.%s.XXXXXX", (int)(slash - target), target, slash + 1);
	else
		a->tmp = acm_xasprintf(".%s.XXXXXX", target);
	a->path = target;
	a->fd = mkostemp(a->tmp, O_CLOEXEC);
	if (a->fd < 0) {
		e = errno;
		if (strcmp(path, target))
			acm_err("cannot create a file beside '%s' (the target of the link '%s'): %s",
				target, path, strerror(e));
		else
			acm_err("cannot create a file beside '%s': %s", path, strerror(e));
		free(a->tmp);
		free(a->path);
		a->tmp = a->path = NULL;
		return acm_exit_from_errno_out(e);
	}
	/* Keep an existing file's mode and, as root, its owner. */
	a->mode = mode;
	if (stat(target, &st) == 0) {
		a->mode = st.st_mode & 07777;
		if (geteuid() == 0 && fchown(a->fd, st.st_uid, st.st_gid) != 0)
			acm_warn("cannot keep the owner of '%s': %s", target, strerror(errno));
	}
	return 0;
}

int acm_output_check(const char *path, bool probe)
{
	struct acm_atomic a;
	struct stat st;
	int rc = output_kind(path, &st);

	/* a stream is opened only when written: opening it now would hand a
	 * FIFO's reader an early end of file */
	if (rc == 1)
		return 0;
	if (rc || !probe)
		return rc;
	rc = acm_atomic_open(&a, path, 0644);
	acm_atomic_abort(&a);
	return rc;
}

int acm_output_dir_check(const char *dir, const char *what)
{
	char *p = acm_xstrdup(dir), *slash;
	struct stat st;
	int rc = 0;

	/* the nearest part of the path that exists decides */
	while (stat(p, &st) < 0) {
		if (errno != ENOENT) {
			rc = errno;
			break;
		}
		slash = strrchr(p, '/');
		if (!slash) {
			free(p);
			p = acm_xstrdup(".");
		} else if (slash == p) {
			p[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
	if (!rc && !S_ISDIR(st.st_mode))
		rc = ENOTDIR;
	if (!rc && access(p, W_OK | X_OK) < 0)
		rc = errno;
	if (rc)
		acm_err("%s '%s': cannot write there ('%s': %s); give a directory you may write",
			what, dir, p, strerror(rc));
	free(p);
	return rc ? ACM_EX_CANTCREAT : 0;
}

int acm_atomic_commit(struct acm_atomic *a)
{
	int e;

	if (a->stream) {
		/* nothing to rename; a pipe or terminal cannot be fsynced */
		e = close(a->fd) == 0 ? 0 : errno;
		a->fd = -1;
		if (e)
			goto fail;
		acm_atomic_abort(a);
		return 0;
	}

	if (fchmod(a->fd, a->mode) != 0 || fsync(a->fd) != 0) {
		e = errno;
		goto fail;
	}
	if (close(a->fd) != 0) {
		a->fd = -1;
		e = errno;
		goto fail;
	}
	a->fd = -1;
	if (rename(a->tmp, a->path) != 0) {
		e = errno;
		goto fail;
	}
	fsync_dir(a->path);
	free(a->tmp);
	a->tmp = NULL;
	acm_atomic_abort(a);
	return 0;
fail:
	acm_err("cannot write '%s': %s", a->path, strerror(e));
	acm_atomic_abort(a);
	return e == ENOSPC || e == EIO || e == EDQUOT ? ACM_EX_IOERR : acm_exit_from_errno_out(e);
}

void acm_atomic_abort(struct acm_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	a->stream = false;
	if (a->tmp) {
		unlink(a->tmp);
		free(a->tmp);
		a->tmp = NULL;
	}
	free(a->path);
	a->path = NULL;
}

int acm_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	struct acm_atomic a;
	int rc = acm_atomic_open(&a, path, mode);
	if (rc)
		return rc;
	int w = acm_write_all(a.fd, data, len);
	if (w < 0) {
		acm_err("cannot write '%s': %s", path, strerror(-w));
		acm_atomic_abort(&a);
		return w == -ENOSPC || w == -EIO || w == -EDQUOT ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	return acm_atomic_commit(&a);
}

int acm_read_fd(int fd, char **data, size_t *len, size_t max)
{
	struct acm_buf b = ACM_BUF_INIT;
	char chunk[65536];

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			acm_buf_free(&b);
			return -e;
		}
		if (n == 0)
			break;
		if (max && b.len + (size_t)n > max) {
			acm_buf_free(&b);
			return -EFBIG;
		}
		acm_buf_add(&b, chunk, (size_t)n);
	}
	if (len)
		*len = b.len;
	*data = acm_buf_steal(&b);
	return 0;
}

int acm_open_input(const char *path, unsigned flags)
{
	int oflags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	struct stat st;

	if (flags & ACM_INPUT_NOFOLLOW)
		oflags |= O_NOFOLLOW;
	int fd = open(path, oflags);
	if (fd < 0) {
		int e = errno;
		/* open() of a socket says ENXIO ("no such device or address"):
		 * it is not a regular file, and that is what callers are told.
		 * A device with no driver says ENXIO too: refused the same way
		 * unless devices were asked for. */
		if (e == ENXIO && stat(path, &st) == 0 &&
		    (S_ISSOCK(st.st_mode) ||
		     (!(flags & ACM_INPUT_DEVICE) && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)))))
			e = ACM_ENOTREG;
		return -e;
	}
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	bool ok = S_ISREG(st.st_mode) ||
		  ((flags & ACM_INPUT_DEVICE) && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)));
	if (!ok) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -ACM_ENOTREG;
	}
	/* a regular file never blocks; clear the flag so reads behave as usual */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int acm_read_file(const char *path, char **data, size_t *len, size_t max)
{
	int fd = acm_open_input(path, 0);
	if (fd < 0)
		return fd;
	int rc = acm_read_fd(fd, data, len, max);
	close(fd);
	return rc;
}

int acm_mkdir_p(const char *path, mode_t mode)
{
	char *p;
	int rc = 0;

	if (!path[0])
		return -EINVAL;
	p = acm_xstrdup(path);
	for (char *s = p + 1;; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, mode) != 0 && errno != EEXIST) {
				rc = -errno;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	if (rc == 0 && !acm_is_dir(path))
		rc = -ENOTDIR;
	free(p);
	return rc;
}

bool acm_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

DIR *acm_opendir_fd(int dfd)
{
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		errno = e;
		return NULL;
	}
	/* the duplicate shares dfd's position: another stream may have moved it */
	rewinddir(d);
	return d;
}

bool acm_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

const char *acm_home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

char *acm_expand_home(const char *path)
{
	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
		return acm_xasprintf("%s%s", acm_home_dir(), path + 1);
	return acm_xstrdup(path);
}

const char *acm_input_strerror(int e)
{
	if (e == ACM_ENOTREG)
		return "not a regular file (a FIFO, socket or device is not read)";
	return strerror(e);
}

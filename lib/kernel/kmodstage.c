/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodstage.c - copy the chosen files of a driver tree (see kmodstage.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "kmodstage.h"
#include "msg.h"

/* Copy in's data to out, hole for hole (SEEK_DATA/SEEK_HOLE): a sparse file
 * of an untrusted tree stays sparse instead of filling the disk. Returns 0,
 * or -errno with *reading telling which side failed. */
static int copy_data(int in, int out, off_t size, bool *reading)
{
	char buf[1 << 16];
	off_t pos = 0;
	while (pos < size) {
		off_t data = lseek(in, pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break;                   /* only a hole is left */
		if (data < 0)
			data = pos;              /* no SEEK_DATA here: copy everything */
		off_t hole = lseek(in, data, SEEK_HOLE);
		if (hole < 0)
			hole = size;
		if (lseek(in, data, SEEK_SET) < 0 || lseek(out, data, SEEK_SET) < 0) {
			*reading = true;
			return -errno;
		}
		for (pos = data; pos < hole;) {
			size_t want = (size_t)(hole - pos) < sizeof(buf) ? (size_t)(hole - pos) : sizeof(buf);
			ssize_t n = read(in, buf, want);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				*reading = true;
				return n < 0 ? -errno : -EIO;
			}
			int w = acm_write_all(out, buf, (size_t)n);
			if (w < 0) {
				*reading = false;
				return w;
			}
			pos += n;
		}
	}
	if (ftruncate(out, size) < 0) {
		*reading = false;
		return -errno;
	}
	return 0;
}

static int copy_one(const char *src, const char *dst, struct timespec *newest)
{
	struct stat st;
	int in = -1, out = -1, rc = 0;
	if (lstat(src, &st) < 0) {
		acm_err("'%s': %s", src, strerror(errno));
		return acm_exit_from_errno_in(errno);
	}
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t l = readlink(src, target, sizeof target - 1);

		if (l < 0) {
			acm_err("'%s': %s", src, strerror(errno));
			return ACM_EX_IOERR;
		}
		target[l] = 0;
		if (symlink(target, dst) < 0) {
			acm_err("cannot create '%s': %s", dst, strerror(errno));
			return acm_exit_from_errno_out(errno);
		}
		struct timespec ts[2] = { st.st_atim, st.st_mtim };

		utimensat(AT_FDCWD, dst, ts, AT_SYMLINK_NOFOLLOW);
		if (st.st_mtim.tv_sec > newest->tv_sec)
			*newest = st.st_mtim;
		return 0;
	}
	if (!S_ISREG(st.st_mode))
		return 0; /* the source module refused anything else already */
	in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0) {
		acm_err("'%s': %s", src, strerror(errno));
		return acm_exit_from_errno_in(errno);
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
	if (out < 0) {
		acm_err("cannot create '%s': %s", dst, strerror(errno));
		rc = acm_exit_from_errno_out(errno);
		goto done;
	}
	bool reading = false;
	int e = copy_data(in, out, st.st_size, &reading);
	if (e < 0) {
		acm_err("cannot %s '%s': %s", reading ? "read" : "write", reading ? src : dst, strerror(-e));
		rc = ACM_EX_IOERR;
		goto done;
	}
	{
		/* the packed tarball's time stamp is the newest file's: keep them */
		struct timespec ts[2] = { st.st_atim, st.st_mtim };

		futimens(out, ts);
		if (st.st_mtim.tv_sec > newest->tv_sec)
			*newest = st.st_mtim;
	}
done:
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0 && !rc) {
		acm_err("cannot write '%s': %s", dst, strerror(errno));
		rc = ACM_EX_IOERR;
	}
	return rc;
}

/* Directories made here get the newest copied file's time, not "now": the
 * source module takes the tree's newest time stamp for the tarball. */
static void date_dirs(const char *to, char *const *files, size_t n, const struct timespec *t)
{
	struct timespec ts[2] = { *t, *t };

	for (size_t i = 0; i < n; i++) {
		char *p = acm_xasprintf("%s/%s", to, files[i]);
		char *slash;

		while ((slash = strrchr(p, '/')) && (size_t)(slash - p) > strlen(to)) {
			*slash = 0;
			utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW);
		}
		free(p);
	}
	utimensat(AT_FDCWD, to, ts, 0);
}

int acm_kmod_stage(const char *from, const char *to, char *const *files, size_t n)
{
	int rc;
	struct timespec newest = { 0, 0 };

	if (mkdir(to, 0755) < 0) {
		acm_err("cannot create '%s': %s", to, strerror(errno));
		return acm_exit_from_errno_out(errno);
	}
	for (size_t i = 0; i < n; i++) {
		char *src = acm_xasprintf("%s/%s", from, files[i]);
		char *dst = acm_xasprintf("%s/%s", to, files[i]);
		char *slash = strrchr(dst, '/');

		*slash = 0;
		rc = acm_mkdir_p(dst, 0755);
		*slash = '/';
		if (rc < 0) {
			acm_err("cannot create the directory of '%s': %s", dst, strerror(-rc));
			rc = acm_exit_from_errno_out(-rc);
		} else {
			rc = copy_one(src, dst, &newest);
		}
		free(src);
		free(dst);
		if (rc)
			return rc;
	}
	date_dirs(to, files, n, &newest);
	return 0;
}

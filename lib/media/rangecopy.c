/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rangecopy.c - clone, kernel copy or read/write; see rangecopy.h. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "fileio.h"
#include "hasher.h"
#include "rangecopy.h"

void acm_rangecopy_init(struct acm_rangecopy *rc, int dirfd, unsigned char *buf)
{
	struct statvfs v;
	rc->blksize = fstatvfs(dirfd, &v) == 0 && v.f_bsize > 0 ? v.f_bsize : 0;
	rc->no_clone = rc->blksize == 0;
	rc->no_cfr = false;
	rc->no_clone_file = false;
	rc->buf = buf;
}

/* An error that says "not for these files" rather than "this failed". */
static bool refused(int err)
{
	return err == EOPNOTSUPP || err == ENOTTY || err == EXDEV || err == EINVAL || err == ENOSYS ||
	       err == EBADF || err == EPERM;
}

bool acm_rangecopy_may_clone(const struct acm_rangecopy *rc, uint64_t off, uint64_t outoff, uint64_t len)
{
	uint64_t bs = rc->blksize;
	return !rc->no_clone && !(off % bs) && !(outoff % bs) && len >= bs;
}

/* Share one block of in into an unnamed temporary in dirfd. */
static bool clone_probe(int in, int dirfd, uint64_t bs)
{
	int out = openat(dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	struct file_clone_range r = { .src_fd = in, .src_offset = 0, .src_length = bs, .dest_offset = 0 };
	bool ok = out >= 0 && ioctl(out, FICLONERANGE, &r) == 0;
	if (out >= 0)
		close(out);
	return ok;
}

void acm_rangecopy_probe(struct acm_rangecopy *rc, int in, int dirfd)
{
	if (!rc->no_clone && !clone_probe(in, dirfd, rc->blksize))
		rc->no_clone = true;
}

uint64_t acm_rangecopy_clone(struct acm_rangecopy *rc, int in, uint64_t off, int out, uint64_t outoff, uint64_t len)
{
	if (!acm_rangecopy_may_clone(rc, off, outoff, len))
		return 0;
	/* The kernel shares whole blocks only: the tail is copied. */
	uint64_t n = len - len % rc->blksize;
	struct file_clone_range r = { .src_fd = in, .src_offset = off, .src_length = n, .dest_offset = outoff };
	if (ioctl(out, FICLONERANGE, &r) < 0) {
		if (refused(errno))
			rc->no_clone = true;
		return 0;
	}
	return n;
}

static int rw_copy(struct acm_rangecopy *rc, int in, uint64_t off, int out, uint64_t outoff, uint64_t len)
{
	while (len > 0) {
		size_t k = len > ACM_HASHER_CHUNK ? ACM_HASHER_CHUNK : (size_t)len;
		ssize_t got = pread(in, rc->buf, k, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -errno : -ENODATA;
		ssize_t w;
		size_t done = 0;
		while (done < (size_t)got) {
			w = pwrite(out, rc->buf + done, (size_t)got - done, (off_t)(outoff + done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return w < 0 ? -errno : -EIO;
			done += (size_t)w;
		}
		off += (uint64_t)got;
		outoff += (uint64_t)got;
		len -= (uint64_t)got;
	}
	return 0;
}

int acm_rangecopy_copy(struct acm_rangecopy *rc, int in, uint64_t off, int out, uint64_t outoff, uint64_t len)
{
	while (len > 0 && !rc->no_cfr) {
		loff_t i = (loff_t)off, o = (loff_t)outoff;
		ssize_t n = copy_file_range(in, &i, out, &o, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && refused(errno) && errno != EBADF) {
			rc->no_cfr = true; /* a device, another kernel: read and write */
			break;
		}
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		off += (uint64_t)n;
		outoff += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return len ? rw_copy(rc, in, off, out, outoff, len) : 0;
}

bool acm_rangecopy_can_clone(const char *image, int dirfd)
{
	struct statvfs v;
	if (dirfd < 0 || fstatvfs(dirfd, &v) < 0 || !v.f_bsize || 2048 % v.f_bsize)
		return false;
	int in = acm_open_input(image, 0);
	if (in < 0)
		return false;
	bool ok = clone_probe(in, dirfd, v.f_bsize);
	close(in);
	return ok;
}

int acm_rangecopy_clone_file(struct acm_rangecopy *rc, int in, int out)
{
	if (rc->no_clone_file)
		return -EOPNOTSUPP;
	/* EXDEV here is about this one file (another tree, another
	 * filesystem): only "cannot clone at all" is remembered. */
	if (ioctl(out, FICLONE, in) < 0) {
		int err = errno;
		if (err == EOPNOTSUPP || err == ENOTTY)
			rc->no_clone_file = true;
		return -err;
	}
	return 0;
}

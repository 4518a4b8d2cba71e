/* fstree.c - remove a tree and copy a file, without a helper program and
 * without trusting the tree: a planted symbolic link inside what we remove
 * must not make us remove what it points at. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"

/* deeper than any source tree we unpack; stops a runaway walk */
#define MAX_DEPTH 512

static int remove_at(int dfd, const char *name, dev_t dev, int depth);

/* Empty the directory open as fd (consumed). */
static int empty_dir(int fd, dev_t dev, int depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	int rc = 0, pass;
	bool removed;

	if (!d) {
		rc = -errno;
		close(fd);
		return rc;
	}
	/* removing entries while reading may make readdir skip some on some
	 * file systems: read again until a pass removes nothing */
	for (pass = 0; pass < 8; pass++) {
		removed = false;
		rewinddir(d);
		while ((errno = 0, de = readdir(d)) != NULL) {
			int r;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			r = remove_at(dirfd(d), de->d_name, dev, depth + 1);
			if (r == 0)
				removed = true;
			else if (!rc)
				rc = r;
		}
		if (errno && !rc)
			rc = -errno;
		if (!removed || rc)
			break;
	}
	closedir(d);
	return rc;
}

static int remove_at(int dfd, const char *name, dev_t dev, int depth)
{
	struct stat st;
	int fd, rc;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
	if (st.st_dev != dev)
		return -EXDEV;
	if (depth > MAX_DEPTH)
		return -ELOOP;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	{
		struct stat now;

		/* swapped for something else between the stat and the open */
		if (fstat(fd, &now) < 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
			close(fd);
			return -ESTALE;
		}
	}
	rc = empty_dir(fd, dev, depth);
	if (rc)
		return rc;
	return unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT ? -errno : 0;
}

int acm_fstree_remove(const char *path)
{
	struct stat st;

	if (!path || !*path)
		return -EINVAL;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	return remove_at(AT_FDCWD, path, st.st_dev, 0);
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

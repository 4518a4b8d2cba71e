/* kmodstage.c - copy the chosen files of a driver tree (see kmodstage.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

static int copy_one(const char *src, const char *dst, struct timespec *newest)
{
	struct stat st;
	int in = -1, out = -1, rc = 0;
	char buf[1 << 16];
	ssize_t n;

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
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (acm_write_all(out, buf, (size_t)n) < 0) {
			acm_err("cannot write '%s': %s", dst, strerror(errno));
			rc = ACM_EX_IOERR;
			goto done;
		}
	}
	if (n < 0) {
		acm_err("cannot read '%s': %s", src, strerror(errno));
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

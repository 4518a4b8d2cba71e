/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourceextract.c - extract a source into a scratch directory beneath a
 * directory fd, never following a link, and rename it into place. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

/* Open (creating with mkdir when create) the directory that holds rel under
 * rootfd, never following a symlink; *base points into rel. */
static int open_parent(int rootfd, const char *rel, bool create, const char **base)
{
	int fd = dup(rootfd);
	const char *p = rel;
	for (;;) {
		const char *slash = strchr(p, '/');
		if (!slash)
			break;
		char *comp = acm_xasprintf("%.*s", (int)(slash - p), p);
		int sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 && errno == ENOENT && create && mkdirat(fd, comp, 0755) == 0)
			sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		free(comp);
		close(fd);
		if (sub < 0)
			return -e;
		fd = sub;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

struct xstate {
	struct acm_source *s;
	int rootfd;
	/* the last entry's parent: an archive lists a directory's entries
	 * together, and walking the path again per file (openat per component,
	 * twice) made writing linux-6.1 cost 4x tar's system time */
	char *pdir;
	int pdirfd;
	long long entry_mtime;   /* a tarball entry's mtime (x->tar) */
	const char *dest;
	long long mtime;   /* for directory/git entries */
	bool tar;
	acm_source_want_fn want;
	void *want_ud;
};

/* Whether the entry is written: directories always; a hard link only with its target. */
static bool x_wanted(const struct xstate *x, const struct acm_source_entry *e)
{
	if (!x->want || e->type == ACM_SOURCE_DIRECTORY)
		return true;
	if (!x->want(e->path, x->want_ud))
		return false;
	return e->type != ACM_SOURCE_HARDLINK || x->want(e->link, x->want_ud);
}

static int x_fail(struct xstate *x, const char *path, int err)
{
	acm_err("'%s/%s': cannot write: %s", x->dest, path, strerror(err));
	return acm_exit_from_errno_out(err);
}

/* Write a stream to a file, seeking over blocks of zeros: a sparse file of a
 * directory source stays sparse (the caller sets the final size). */
struct fd_sink {
	struct xstate *x;
	const char *path;
	int fd;
};

static int fd_write(void *ud, const void *buf, size_t n)
{
	struct fd_sink *fs = ud;
	const unsigned char *b = buf;
	size_t z = 0;
	while (z < n && !b[z])
		z++;
	if (z == n && lseek(fs->fd, (off_t)n, SEEK_CUR) >= 0)
		return 0;
	int w = acm_write_all(fs->fd, buf, n);
	return w < 0 ? x_fail(fs->x, fs->path, -w) : 0;
}

/* The directory that holds rel, from the cache when it is the last entry's
 * (the fd was opened without following a link and stays that directory). */
static int cached_parent(struct xstate *x, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	size_t dl = slash ? (size_t)(slash - rel) : 0;

	if (x->pdir && x->pdirfd >= 0 && strlen(x->pdir) == dl && !strncmp(x->pdir, rel, dl)) {
		*base = slash ? slash + 1 : rel;
		return x->pdirfd;
	}
	int fd = open_parent(x->rootfd, rel, true, base);
	if (fd < 0)
		return fd;
	if (x->pdirfd >= 0)
		close(x->pdirfd);
	free(x->pdir);
	x->pdir = acm_xasprintf("%.*s", (int)dl, rel);
	x->pdirfd = fd;
	return fd;
}

static void forget_parent(struct xstate *x)
{
	if (x->pdirfd >= 0)
		close(x->pdirfd);
	x->pdirfd = -1;
	free(x->pdir);
	x->pdir = NULL;
}

static int x_entry(const struct acm_source_entry *e, void *ud)
{
	struct xstate *x = ud;
	if (!e)
		return 0;   /* restart: the scratch tree keeps full paths, nothing to forget */
	if (!x_wanted(x, e))
		return 0;   /* checked by the walk, not written */
	const char *base;
	int pfd = cached_parent(x, e->path, &base);
	if (pfd < 0)
		return x_fail(x, e->path, -pfd);
	int rc = 0;
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	long long mt = x->tar ? x->entry_mtime : x->mtime;
	switch (e->type) {
	case ACM_SOURCE_DIRECTORY:
		if (mkdirat(pfd, base, 0700 | (e->mode & 0755)) < 0) {
			struct stat st;
			if (errno != EEXIST || fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !S_ISDIR(st.st_mode))
				rc = x_fail(x, e->path, errno == EEXIST ? EEXIST : errno);
		}
		break;
	case ACM_SOURCE_SYMLINK:
		if (symlinkat(e->link, pfd, base) < 0 &&
		    (errno != EEXIST || unlinkat(pfd, base, 0) < 0 || symlinkat(e->link, pfd, base) < 0))
			rc = x_fail(x, e->path, errno);
		break;
	case ACM_SOURCE_HARDLINK: {
		const char *tbase;
		int tfd = open_parent(x->rootfd, e->link, false, &tbase);
		if (tfd < 0) {
			rc = x_fail(x, e->path, -tfd);
			break;
		}
		unlinkat(pfd, base, 0);
		if (linkat(tfd, tbase, pfd, base, 0) < 0)
			rc = x_fail(x, e->path, errno);
		close(tfd);
		break;
	}
	case ACM_SOURCE_FILE: {
		int fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno == EEXIST && unlinkat(pfd, base, 0) == 0)
			fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			rc = x_fail(x, e->path, errno);
			break;
		}
		if (x->tar) {
			const void *buf;
			size_t size;
			la_int64_t off;
			int r;
			uint64_t extent = e->size;   /* counted in the budget already */
			/* holes are never written: a sparse member stays sparse */
			while ((r = archive_read_data_block(x->s->ar, &buf, &size, &off)) == ARCHIVE_OK) {
				uint64_t end = (uint64_t)off + size;
				if (end > extent) {   /* more data than the header said (zip, cpio) */
					if ((rc = acm_source_budget_more(x->s, e->path, end - extent, end)))
						break;
					extent = end;
				}
				if (pwrite(fd, buf, size, off) != (ssize_t)size) {
					rc = x_fail(x, e->path, errno ? errno : EIO);
					break;
				}
			}
			if (!rc && r != ARCHIVE_EOF)
				rc = acm_sourcetar_error(x->s, x->s->ar);
			if (!rc) {
				struct stat st;
				/* sparse tails: make the size right */
				if (fstat(fd, &st) == 0 && (uint64_t)st.st_size < e->size &&
				    ftruncate(fd, (off_t)e->size) < 0)
					rc = x_fail(x, e->path, errno);
			}
		} else {
			struct fd_sink fs = { x, e->path, fd };
			rc = acm_sourcetree_stream(x->s, x->s->cur, fd_write, &fs);
			if (!rc && ftruncate(fd, (off_t)e->size) < 0)   /* a trailing hole */
				rc = x_fail(x, e->path, errno);
		}
		if (!rc && fchmod(fd, 0600 | (e->mode & 0755)) < 0)
			rc = x_fail(x, e->path, errno);
		if (!rc && mt >= 0) {
			ts[0].tv_sec = ts[1].tv_sec = (time_t)mt;
			ts[0].tv_nsec = ts[1].tv_nsec = 0;
			futimens(fd, ts);
		}
		close(fd);
		break;
	}
	}
	return rc;
}

int acm_source_extract(struct acm_source *s, const char *destdir, char **top_out)
{
	return acm_source_extract_some(s, destdir, top_out, NULL, NULL);
}

int acm_source_extract_some(struct acm_source *s, const char *destdir, char **top_out,
			    acm_source_want_fn want, void *ud)
{
	if (top_out)
		*top_out = NULL;
	int r = acm_mkdir_p(destdir, 0755);
	if (r < 0) {
		acm_err("'%s': cannot create directory: %s", destdir, strerror(-r));
		return acm_exit_from_errno_out(-r);
	}
	char *scratch = acm_xasprintf("%s/.acm-extract-XXXXXX", destdir);
	if (!mkdtemp(scratch)) {
		acm_err("'%s': cannot create a scratch directory: %s", destdir, strerror(errno));
		free(scratch);
		return acm_exit_from_errno_out(errno);
	}
	struct xstate x = { .s = s, .dest = destdir, .mtime = s->info.mtime, .want = want,
			    .want_ud = ud, .pdirfd = -1 };
	x.rootfd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;
	char *from = NULL, *to = NULL;
	if (x.rootfd < 0) {
		rc = x_fail(&x, base_name(scratch), errno);
		goto out;
	}
	if (s->info.kind == ACM_SOURCE_TARBALL) {
		/* keep the full archive paths in the scratch dir; the top is known
		 * only at the end */
		x.tar = true;
		rc = 0;
		struct archive *a;
		if ((rc = acm_sourcetar_open(s, &a)))
			goto out;
		struct archive_entry *ae;
		int ar;
		bool any = false;
		struct acm_progress pg;
		/* the model starts empty: the scratch dir is ours */
		struct acm_confine *model = acm_sourcetar_begin(s, a, &pg, "extracting");
		while (!rc && ((ar = archive_read_next_header(a, &ae)) == ARCHIVE_OK || ar == ARCHIVE_WARN)) {
			enum acm_source_type type;
			unsigned mode;
			char *clean, *link;
			if ((rc = acm_sourcetar_check(s, model, &pg, ae, &type, &mode, &clean, &link)))
				break;
			if (*clean) {
				struct acm_source_entry e = {
					.path = clean, .type = type, .mode = mode,
					.size = (uint64_t)archive_entry_size(ae), .link = link, .src = s,
				};
				any = true;
				x.entry_mtime = (long long)archive_entry_mtime(ae);
				rc = x_entry(&e, &x);
			}
			free(clean);
			free(link);
		}
		acm_progress_done(&pg);
		if (!rc && ar != ARCHIVE_EOF)
			rc = acm_sourcetar_error(s, a);
		if (!rc && !any) {
			acm_err("'%s': the archive is empty; nothing to package", s->arg);
			rc = ACM_EX_DATAERR;
		}
		s->ar = NULL;
		archive_read_free(a);
		if (rc) {
			acm_confine_free(model);
			goto out;
		}
		/* one top directory? */
		DIR *d = acm_opendir_fd(x.rootfd);
		struct dirent *de;
		int n = 0;
		char *only = NULL;
		while (d && (de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			n++;
			if (de->d_type == DT_DIR && !only)
				only = acm_xstrdup(de->d_name);
		}
		if (d)
			closedir(d);
		set_str(&s->topdir, n == 1 && only ? only : NULL);
		rc = acm_sourcetar_within(s, model, s->topdir);
		acm_confine_free(model);
		if (rc) {
			free(only);
			goto out;
		}
		acm_source_describe(s, s->topdir, s->stem);
		if (s->topdir && !s->info.version_found)
			acm_source_describe(s, s->stem, s->topdir);
		acm_source_refresh(s);
		if (s->topdir) {
			from = acm_xasprintf("%s/%s", scratch, s->topdir);
			to = acm_xasprintf("%s/%s", destdir, s->topdir);
		}
		free(only);
	} else {
		rc = acm_sourcetree_walk(s, x_entry, &x);
		if (rc)
			goto out;
	}
	if (!from) {
		from = acm_xstrdup(scratch);
		to = acm_xasprintf("%s/%s-%s", destdir, s->name, s->version);
	}
	if (acm_exists(to)) {
		acm_err("'%s': already exists; remove it or extract elsewhere", to);
		rc = ACM_EX_CANTCREAT;
		goto out;
	}
	if (!s->topdir || s->info.kind != ACM_SOURCE_TARBALL)
		chmod(from, 0755);   /* the scratch dir was made 0700 */
	if (rename(from, to) < 0) {
		acm_err("'%s': cannot rename into place: %s", to, strerror(errno));
		rc = acm_exit_from_errno_out(errno);
		goto out;
	}
	if (top_out) {
		*top_out = to;
		to = NULL;
	}
out:
	forget_parent(&x);
	if (x.rootfd >= 0)
		close(x.rootfd);
	(void)acm_fstree_remove(scratch);
	free(scratch);
	free(from);
	free(to);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isocopy.c - the second pass over a medium; see isocopy.h.
 *
 * Every write happens beneath a directory fd of the destination, never
 * following a symlink already in the tree. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libload.h"
#include "beneath.h"
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "import.h"
#include "isocopy.h"
#include "msg.h"

#define IOBUF ACM_HASHER_CHUNK

volatile sig_atomic_t acm_isocopy_stop;

struct sink {
	int fd;               /* temporary being written, or -1 */
	int cmp;              /* tree file compared with as data streams by, or -1 */
	bool differs;         /* the tree file differs from the medium so far */
	bool spill;           /* on a difference, write the medium's file (--force) */
	EVP_MD_CTX *md;
	uint64_t n;           /* medium bytes seen */
	const char *tmpname;
	mode_t mode;
	struct acm_hasher *h;     /* hash on the thread (large files), or NULL */
	bool unhashed;            /* shares the image's blocks: identity, not digest */
	const unsigned char *digest; /* SHA-256 hashed ahead (c->ahead), or NULL */
};

static int write_failed(struct acm_isocopy *c, const char *what, int err)
{
	acm_err("'%s/%s': cannot write: %s; %s", c->p->dest, what, strerror(err),
		err == ENOSPC || err == EDQUOT ? "free some space and run again: what was copied is kept and the next run resumes"
					      : "what was copied is kept and the next run resumes");
	return ACM_EX_IOERR;
}

static void count(struct acm_isocopy *c, uint64_t *counter, uint64_t len)
{
	*counter += len;
	if (c->prog)
		acm_progress_add(c->prog, len);
}

static int write_out(struct acm_isocopy *c, struct sink *s, const void *p, size_t len, const char *what)
{
	int r = acm_write_all(s->fd, p, len);
	if (r < 0)
		return write_failed(c, what, -r);
	count(c, c->copied, len);
	return 0;
}

static int sink_open_tmp(struct acm_isocopy *c, struct sink *s)
{
	/* The temporary directory was emptied at the start and names are
	 * entry numbers, so O_EXCL normally succeeds at once. The final
	 * mode is given here; fchmod() only when the umask would spoil it. */
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	s->fd = openat(c->tmpfd, s->tmpname, flags, s->mode);
	if (s->fd < 0 && errno == EEXIST && unlinkat(c->tmpfd, s->tmpname, 0) == 0)
		s->fd = openat(c->tmpfd, s->tmpname, flags, s->mode);
	if (s->fd < 0) {
		int err = errno;
		bool full = err == ENOSPC || err == EDQUOT;
		acm_err("'%s/%s/%s': cannot create: %s%s", c->p->dest, ACM_IMPORT_TMPDIR, s->tmpname, strerror(err),
			full ? "; free some space (or inodes) and run again: what was copied is kept and the next run resumes" : "");
		return full ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	return 0;
}

/* The tree file stopped matching after s->n bytes: with --force, start the
 * replacement with those bytes (the same on both sides, taken from the
 * tree file) and go on writing the medium's data. */
static int sink_diverge(struct acm_isocopy *c, struct sink *s, const char *what)
{
	s->differs = true;
	if (!s->spill || s->fd >= 0)
		return 0;
	int r = sink_open_tmp(c, s);
	for (uint64_t off = 0; !r && off < s->n;) {
		size_t k = s->n - off > IOBUF ? IOBUF : (size_t)(s->n - off);
		ssize_t got = pread(s->cmp, c->cbuf, k, (off_t)off);
		if (got <= 0) {
			acm_err("'%s/%s': cannot read: %s", c->p->dest, what, got < 0 ? strerror(errno) : "file shrank");
			return ACM_EX_IOERR;
		}
		r = write_out(c, s, c->cbuf, (size_t)got, what);
		off += (uint64_t)got;
	}
	return r;
}

static int sink_write(struct acm_isocopy *c, struct sink *s, const void *p, size_t len, const char *what)
{
	if (s->h)
		acm_hasher_feed(s->h, s->md, p, len);
	else
		acm_libload_crypto.DigestUpdate(s->md, p, len);
	if (s->cmp >= 0 && !s->differs) {
		/* Compare as the data streams by: an unchanged tree file costs
		 * a read, never a write. */
		const unsigned char *q = p;
		size_t done = 0;
		while (done < len) {
			size_t k = len - done > IOBUF ? IOBUF : len - done;
			ssize_t got = pread(s->cmp, c->cbuf, k, (off_t)(s->n + done));
			if (got != (ssize_t)k || memcmp(c->cbuf, q + done, k))
				break;
			done += k;
		}
		if (done == len) {
			s->n += len;
			return 0;
		}
		int r = sink_diverge(c, s, what);
		if (r)
			return r;
	}
	s->n += len;
	if (s->fd >= 0)
		return write_out(c, s, p, len, what);
	return 0;
}

static void sink_done(struct sink *s, char *sha)
{
	if (s->digest) {
		acm_hasher_hex(sha, s->digest, 32);
		return;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	acm_libload_crypto.DigestFinal_ex(s->md, md, &n);
	acm_hasher_hex(sha, md, n);
}

/* Put temporary tmpname into place as e->path. */
static int put_in_place(struct acm_isocopy *c, struct acm_isoent *e, const char *tmpname, bool replace)
{
	int pfd = acm_isoplan_parent_fd(c->p, e->path, true);
	if (pfd < 0) {
		unlinkat(c->tmpfd, tmpname, 0);
		e->plan = ACM_PLAN_BLOCKED;
		acm_isoplan_blocked(c->p, e->path, -pfd);
		return 0;
	}
	int r = renameat2(c->tmpfd, tmpname, pfd, acm_beneath_base(e->path), replace ? 0 : RENAME_NOREPLACE);
	if (r < 0) {
		int err = errno;
		unlinkat(c->tmpfd, tmpname, 0);
		if (err == EEXIST) {
			/* Appeared since we looked: not ours to overwrite. */
			e->plan = ACM_PLAN_CONFLICT;
			(*c->p->conflicts)++;
			acm_err("'%s/%s': appeared in the tree during the import; left alone", c->p->dest, e->path);
			return 0;
		}
		acm_err("'%s/%s': cannot rename into place: %s", c->p->dest, e->path, strerror(err));
		return err == ENOSPC ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	return 0;
}

/* Where a file's data comes from: sections of an fd (the image, a file of
 * directory media, the tree copy of a hard link's target), or the
 * libarchive stream for what libisofs could not place (zisofs, a name the
 * two libraries read differently). */
struct source {
	struct archive *a;
	int fd;
	const struct acm_isoextent *sec;
	size_t nsec;
	struct acm_isoextent whole;
	const char *dir, *path;     /* name the source in a read error */
	bool prehashed;             /* the sink's digest is already complete (dedup) */
	size_t job;                 /* 1 + its job in c->ahead (hashed there), or 0 */
};

/* The data of one file entry, from whichever source, into the sink. */
typedef int (*data_fn)(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, struct source *src);

static int iso_data(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, struct source *src)
{
	struct archive *a = src->a;
	const void *p;
	size_t len;
	la_int64_t off;
	static const char zero[4096];
	for (;;) {
		if (acm_isocopy_stop)
			return ACM_ISOCOPY_INTERRUPTED;
		int r = acm_libload_archive.read_data_block(a, &p, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			acm_err("'%s': cannot read '%s': %s; the image is damaged or truncated (what was copied is kept)",
				c->s->media, e->path, acm_libload_archive.error_string(a));
			return ACM_EX_IOERR;
		}
		/* Data (or a sparse gap) past the directory's size: refused. */
		if (off < 0 || (uint64_t)off > e->size || len > e->size - (uint64_t)off)
			return acm_isoscan_expands_past(c->s->media, e);
		/* Sparse gaps (zisofs) read as zeros. */
		while ((uint64_t)off > s->n) {
			size_t z = (uint64_t)off - s->n > sizeof(zero) ? sizeof(zero) : (size_t)((uint64_t)off - s->n);
			int w = sink_write(c, s, zero, z, e->path);
			if (w)
				return w;
		}
		int w = sink_write(c, s, p, len, e->path);
		if (w)
			return w;
	}
	return 0;
}

static int read_failed(const struct source *src, int err)
{
	acm_err("'%s/%s': cannot read: %s; %s", src->dir, src->path, err ? strerror(err) : "it ends early",
		"the medium is damaged or truncated (what was copied is kept)");
	return ACM_EX_IOERR;
}

typedef int (*chunk_fn)(struct acm_isocopy *c, struct sink *s, const void *p, size_t len, const char *what);

/* Read src's bytes [off, off+len) a chunk at a time into c->buf, each
 * handed to each(). */
static int read_range(struct acm_isocopy *c, struct sink *s, const struct source *src, uint64_t off, uint64_t len,
		      chunk_fn each)
{
	while (len > 0) {
		if (acm_isocopy_stop)
			return ACM_ISOCOPY_INTERRUPTED;
		size_t k = len > IOBUF ? IOBUF : (size_t)len;
		ssize_t got = pread(src->fd, c->buf, k, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return read_failed(src, got < 0 ? errno : 0);
		int r = each(c, s, c->buf, (size_t)got, src->path);
		if (r)
			return r;
		off += (uint64_t)got;
		len -= (uint64_t)got;
	}
	return 0;
}

static int hash_chunk(struct acm_isocopy *c, struct sink *s, const void *p, size_t len, const char *what)
{
	(void)c, (void)what; /* a chunk_fn */
	acm_libload_crypto.DigestUpdate(s->md, p, len);
	return 0;
}

/* Hash src's bytes [off, off+len) into the sink's digest. After a copy
 * they are read back from the page cache the copy filled, and hashed
 * here: the kernel did the copy, so this thread is free, and handing
 * each file to the hasher thread costs a wake-up per file, which on a busy
 * machine took longer than the hashing (SHA-256 at ~2 GB/s). */
static int hash_range(struct acm_isocopy *c, struct sink *s, const struct source *src, uint64_t off, uint64_t len)
{
	if (src->prehashed || s->unhashed || src->job)
		return 0;
	return read_range(c, s, src, off, len, hash_chunk);
}

/* The digest of a file the hash-ahead thread took (the kernel copied it
 * meanwhile); where that thread could not read it, read here, so the error
 * is said as for any other read. */
static int job_digest(struct acm_isocopy *c, struct sink *s, struct source *src)
{
	size_t k = src->job - 1;
	src->job = 0;
	s->digest = acm_hasher_ahead_take(&c->ahead, k);
	int r = 0;
	for (size_t i = 0; !s->digest && i < src->nsec && !r; i++)
		r = hash_range(c, s, src, src->sec[i].off, src->sec[i].len);
	return r;
}

/* A section written straight into the temporary: block-aligned whole
 * blocks shared where the filesystem can (FICLONERANGE), the rest copied
 * in the kernel (copy_file_range), chunk by chunk so Ctrl-C is prompt. */
static int section_out(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, const struct source *src,
		       uint64_t off, uint64_t left)
{
	uint64_t cl = acm_rangecopy_clone(&c->rc, src->fd, off, s->fd, s->n, left);
	if (cl) {
		/* The file is the image's extent now: recorded as such, not
		 * hashed (reading it back would cost more than the clone).
		 * A digest already complete (dedup looked) is kept. */
		if (!src->prehashed)
			s->unhashed = true;
		count(c, c->reflinked, cl);
		s->n += cl;
		off += cl;
		left -= cl;
	}
	while (left > 0) {
		if (acm_isocopy_stop)
			return ACM_ISOCOPY_INTERRUPTED;
		uint64_t k = left > IOBUF ? IOBUF : left;
		int r = acm_rangecopy_copy(&c->rc, src->fd, off, s->fd, s->n, k);
		if (r == -ENODATA)
			return read_failed(src, 0);
		if (r)
			return write_failed(c, e->path, -r);
		count(c, c->copied, k);
		r = hash_range(c, s, src, off, k);
		if (r)
			return r;
		s->n += k;
		off += k;
		left -= k;
	}
	return 0;
}

static int range_data(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, struct source *src)
{
	for (size_t i = 0; i < src->nsec; i++) {
		uint64_t off = src->sec[i].off, left = src->sec[i].len;
		if (s->fd >= 0 && s->cmp < 0) {
			int r = section_out(c, e, s, src, off, left);
			if (r)
				return r;
			continue;
		}
		/* Compared with a tree file, or only hashed: read. */
		int r = read_range(c, s, src, off, left, sink_write);
		if (r)
			return r;
	}
	/* A whole file (not an image's sections) must still have the size
	 * it was listed with. */
	struct stat sb;
	if (src->sec == &src->whole && (fstat(src->fd, &sb) < 0 || (uint64_t)sb.st_size != e->size)) {
		acm_err("'%s/%s': changed while being read; run again", src->dir, src->path);
		return ACM_EX_IOERR;
	}
	return 0;
}

/* A whole open file (closed here) as the source. */
static int file_data(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, int fd, const char *dir,
		     const char *path)
{
	struct source src = { NULL, fd, NULL, 1, { 0, e->size }, dir, path, false, 0 };
	src.sec = &src.whole;
	int r = range_data(c, e, s, &src);
	close(fd);
	return r;
}

static int dir_data(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, struct source *src)
{
	(void)src; /* the directory medium reads by name */
	int fd = acm_beneath_input(c->s->srcfd, e->path);
	if (fd < 0) {
		acm_err("'%s/%s': cannot open: %s", c->s->media, e->path, acm_input_strerror(-fd));
		return ACM_EX_IOERR;
	}
	return file_data(c, e, s, fd, c->s->media, e->path);
}

/* A hard link's data is the tree copy of its target, written earlier. */
static int link_data(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, struct source *src)
{
	int fd = c->p->destfd >= 0 ? acm_beneath_input(c->p->destfd, e->target) : -ENOENT;
	if (fd < 0 && c->s->is_dir)
		return dir_data(c, e, s, src);
	if (fd < 0) {
		acm_err("'%s': hard link '%s' -> '%s': the target is not in the tree (%s)", c->s->media, e->path,
			e->target, acm_input_strerror(-fd));
		return ACM_EX_DATAERR;
	}
	return file_data(c, e, s, fd, c->p->dest, e->target);
}

static mode_t file_mode(const struct acm_isoent *e)
{
	/* Set-id and sticky bits never reach the tree; it is served read-only. */
	return (e->mode & 0111) ? 0755 : 0644;
}

/* The medium's file is byte-identical to one already in the root (another
 * disc, another point release; dedup.h): share that one's blocks
 * (FICLONE: the temporary stays a file of its own), or where the
 * filesystem cannot, hard-link it (same mode only: a link shares the
 * inode; --force later replaces by rename, so it never writes through a
 * link). Sets *linked when the temporary is that link, s->n when the
 * clone holds the data; else the digest is complete and the data is
 * copied as usual. */
static int dedup(struct acm_isocopy *c, struct acm_isoent *e, struct sink *s, struct source *src, bool *linked,
		 int64_t *tree_mtime)
{
	int r = 0;
	if (src->job)
		r = job_digest(c, s, src);
	for (size_t i = 0; i < src->nsec && !r && !s->digest; i++)
		r = hash_range(c, s, src, src->sec[i].off, src->sec[i].len);
	if (s->h)
		acm_hasher_drain(s->h);
	if (r)
		return r;
	src->prehashed = true;
	char sha[65];
	if (s->digest) {
		acm_hasher_hex(sha, s->digest, 32);
	} else {
		EVP_MD_CTX *t = acm_libload_crypto.MD_CTX_new();
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned n = 0;
		acm_libload_crypto.MD_CTX_copy_ex(t, s->md);
		acm_libload_crypto.DigestFinal_ex(t, md, &n);
		acm_libload_crypto.MD_CTX_free(t);
		acm_hasher_hex(sha, md, n);
	}
	int pfd;
	const char *base;
	struct stat sb;
	int fd = acm_dedup_open(c->dedup, sha, e->size, &pfd, &base, &sb);
	if (fd < 0)
		return 0;
	r = sink_open_tmp(c, s);
	if (!r && acm_rangecopy_clone_file(&c->rc, fd, s->fd) == 0) {
		s->n = e->size;
		count(c, c->shared, e->size);
	} else if (!r && (sb.st_mode & 07777) == file_mode(e)) {
		close(s->fd);
		s->fd = -1;
		unlinkat(c->tmpfd, s->tmpname, 0);
		/* by the open file, so what was checked is what is linked */
		if (linkat(fd, "", c->tmpfd, s->tmpname, AT_EMPTY_PATH) == 0 ||
		    linkat(pfd, base, c->tmpfd, s->tmpname, 0) == 0) {
			*linked = true;
			*tree_mtime = (int64_t)sb.st_mtime;
			s->n = e->size;
			count(c, c->shared, e->size);
		} else {
			r = sink_open_tmp(c, s); /* not the same filesystem after all: copy */
		}
	}
	close(fd);
	close(pfd);
	return r;
}

static int do_file(struct acm_isocopy *c, struct acm_isoent *e, data_fn fn, struct source *src, bool write)
{
	char tmpname[32];
	snprintf(tmpname, sizeof(tmpname), "%zu", (size_t)(e - c->s->e));
	struct sink s = { -1, -1, false, false, acm_libload_crypto.MD_CTX_new(), 0, tmpname, file_mode(e),
			  e->size >= ACM_HASHER_MIN ? &c->hasher : NULL, false, NULL };
	acm_libload_crypto.DigestInit_ex(s.md, acm_libload_crypto.sha256(), NULL);
	int r = 0;
	struct stat tsb;
	memset(&tsb, 0, sizeof(tsb));
	if (e->plan == ACM_PLAN_COMPARE) {
		/* A file is in the tree but unrecorded, changed, or --force asks:
		 * is it the medium's? */
		int pfd = acm_isoplan_parent_fd(c->p, e->path, false);
		s.cmp = pfd >= 0 ? acm_beneath_input(pfd, acm_beneath_base(e->path)) : -1;
		if (s.cmp < 0 || fstat(s.cmp, &tsb) < 0)
			s.differs = true;
		s.spill = write && c->p->force;
		if (s.differs && s.spill)
			r = sink_open_tmp(c, &s);
	}
	bool linked = false;
	int64_t tree_mtime = e->mtime;
	if (!r && write && e->plan == ACM_PLAN_COPY && e->type == 'f' && fn == range_data && c->dedup && e->size &&
	    acm_dedup_has_size(c->dedup, e->size))
		r = dedup(c, e, &s, src, &linked, &tree_mtime);
	if (!r && write && e->plan != ACM_PLAN_COMPARE && s.fd < 0 && !linked)
		r = sink_open_tmp(c, &s);
	if (!r && !s.n)
		r = fn(c, e, &s, src);
	if (!r && src->job && !s.unhashed)
		r = job_digest(c, &s, src);
	if (!r && s.n != e->size && e->type == 'f') {
		acm_err("'%s': '%s' has %" PRIu64 " bytes, the directory said %" PRIu64 "; the medium is damaged",
			c->s->media, e->path, s.n, e->size);
		r = ACM_EX_IOERR;
	}
	/* the tree file may be longer than the medium's */
	if (!r && s.cmp >= 0 && !s.differs && (uint64_t)tsb.st_size != s.n)
		r = sink_diverge(c, &s, e->path);
	if (s.h)
		acm_hasher_drain(s.h);
	sink_done(&s, e->sha);
	if (s.unhashed)
		memcpy(e->sha, ACM_MANIFEST_UNHASHED, sizeof(e->sha));
	acm_libload_crypto.MD_CTX_free(s.md);
	if (s.cmp >= 0)
		close(s.cmp);
	if (s.fd >= 0) {
		struct timespec ts[2] = { { 0, UTIME_OMIT }, { (time_t)e->mtime, 0 } };
		if (!r && (((file_mode(e) & c->umask) && fchmod(s.fd, file_mode(e)) < 0) || futimens(s.fd, ts) < 0)) {
			acm_err("'%s/%s': cannot set mode/time: %s", c->p->dest, e->path, strerror(errno));
			r = ACM_EX_CANTCREAT;
		}
		/* Its writeback starts now, on the writeback thread, so the
		 * final syncfs() finds little left to do and the disk works
		 * while we copy the next file. */
		int err;
		if (r) {
			close(s.fd);
		} else if ((err = acm_writeback_add(&c->wb, s.fd, s.n))) {
			acm_err("'%s/%s': cannot write: %s", c->p->dest, e->path, strerror(err));
			r = ACM_EX_IOERR;
		}
	}
	bool have_tmp = s.fd >= 0 || linked;
	if (r) {
		if (have_tmp)
			unlinkat(c->tmpfd, tmpname, 0);
		return r;
	}
	if (e->plan == ACM_PLAN_COMPARE) {
		if (!s.differs) {
			if (have_tmp)
				unlinkat(c->tmpfd, tmpname, 0);
			e->plan = ACM_PLAN_PRESENT;
			(*c->p->missing)--;
			if (!write)
				return 0;
			/* Already recorded just so (a --force run): nothing to add. */
			const struct acm_manifest_entry *me = acm_manifest_find(c->mf, e->path);
			if (me && !strcmp(me->sha, e->sha) && me->size == e->size && me->media_mtime == e->mtime &&
			    me->tree_mtime == (int64_t)tsb.st_mtime)
				return 0;
			struct acm_manifest_entry m = { 'f', c->p->disc, e->size, e->mtime, (int64_t)tsb.st_mtime, "", e->path, NULL };
			memcpy(m.sha, e->sha, sizeof(m.sha));
			return acm_manifest_record(c->mf, &m);
		}
		if (!c->p->force) {
			e->plan = ACM_PLAN_CONFLICT;
			(*c->p->conflicts)++;
			if (have_tmp)
				unlinkat(c->tmpfd, tmpname, 0);
			acm_err("'%s/%s': differs from the medium; left alone: use --force to replace it", c->p->dest,
				e->path);
			return 0;
		}
		e->plan = ACM_PLAN_REPLACE;
	}
	if (!write)
		return 0;
	r = put_in_place(c, e, tmpname, e->plan == ACM_PLAN_REPLACE);
	if (r || e->plan == ACM_PLAN_CONFLICT || e->plan == ACM_PLAN_BLOCKED)
		return r;
	struct acm_manifest_entry m = { 'f', c->p->disc, e->size, e->mtime, tree_mtime, "", e->path, NULL };
	memcpy(m.sha, e->sha, sizeof(m.sha));
	e->plan = ACM_PLAN_PRESENT;
	(*c->done_files)++;
	return acm_manifest_record(c->mf, &m);
}

static int do_link(struct acm_isocopy *c, struct acm_isoent *e)
{
	char tmpname[32];
	snprintf(tmpname, sizeof(tmpname), "%zu", (size_t)(e - c->s->e));
	unlinkat(c->tmpfd, tmpname, 0);
	if (symlinkat(e->target, c->tmpfd, tmpname) < 0) {
		acm_err("'%s/%s': cannot create symlink: %s", c->p->dest, e->path, strerror(errno));
		return errno == ENOSPC ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	int r = put_in_place(c, e, tmpname, e->plan == ACM_PLAN_REPLACE);
	if (r || e->plan == ACM_PLAN_CONFLICT || e->plan == ACM_PLAN_BLOCKED)
		return r;
	struct acm_manifest_entry m = { 'l', c->p->disc, 0, 0, 0, "", e->path, e->target };
	e->plan = ACM_PLAN_PRESENT;
	return acm_manifest_record(c->mf, &m);
}

static int do_dir(struct acm_isocopy *c, struct acm_isoent *e)
{
	if (e->plan == ACM_PLAN_REPLACE) {
		/* --force: only ever a symlink here (plan_entry). */
		int pfd = acm_isoplan_parent_fd(c->p, e->path, true);
		if (pfd >= 0)
			unlinkat(pfd, acm_beneath_base(e->path), 0);
		acm_isoplan_forget(c->p);
	}
	int fd = acm_isoplan_open_dir(c->p->destfd, e->path, true);
	if (fd < 0) {
		e->plan = ACM_PLAN_BLOCKED;
		acm_isoplan_blocked(c->p, e->path, -fd);
		return 0;
	}
	close(fd);
	struct acm_manifest_entry m = { 'd', c->p->disc, 0, 0, 0, "", e->path, NULL };
	e->plan = ACM_PLAN_PRESENT;
	return acm_manifest_record(c->mf, &m);
}

/* A file of directory media: its own fd is the source, so the kernel copy
 * and dedup work as for an image's sections. */
static int dir_file(struct acm_isocopy *c, struct acm_isoent *e, bool write)
{
	int fd = acm_beneath_input(c->s->srcfd, e->path);
	if (fd < 0) {
		acm_err("'%s/%s': cannot open: %s", c->s->media, e->path, acm_input_strerror(-fd));
		return ACM_EX_IOERR;
	}
	struct source src = { NULL, fd, NULL, 1, { 0, e->size }, c->s->media, e->path, false, 0 };
	src.sec = &src.whole;
	int r = do_file(c, e, range_data, &src, write);
	close(fd);
	return r;
}

static int apply_entry(struct acm_isocopy *c, struct acm_isoent *e, struct source *src, bool write)
{
	if (!acm_isoplan_needs_work(e))
		return 0;
	switch (e->type) {
	case 'd':
		return write ? do_dir(c, e) : 0;
	case 'l':
		return write ? do_link(c, e) : 0;
	case 'h':
		return do_file(c, e, link_data, src, write);
	case 'f':
		if (!write && e->plan != ACM_PLAN_COMPARE)
			return 0;
		return c->s->is_dir ? dir_file(c, e, write) : do_file(c, e, src->a ? iso_data : range_data, src, write);
	}
	return 0;
}

static bool needs_data(const struct acm_isoent *e, bool write)
{
	return acm_isoplan_needs_work(e) && (e->type == 'f' || e->type == 'h') &&
	       (write || e->plan == ACM_PLAN_COMPARE);
}

static int copy_pass_run(struct acm_isocopy *c, bool write);

/* Second pass: stream the data of what the plan needs. */
int acm_isocopy_pass(struct acm_isocopy *c, bool write)
{
	acm_hasher_start(&c->hasher);
	acm_writeback_start(&c->wb);
	acm_rangecopy_init(&c->rc, write ? c->tmpfd : -1, c->cbuf);
	int st = copy_pass_run(c, write);
	acm_hasher_stop(&c->hasher);
	int err = acm_writeback_stop(&c->wb);
	if (err) {
		acm_err("'%s': cannot write: %s; what was copied is kept and the next run resumes", c->p->dest,
			strerror(err));
		if (st < ACM_EX_IOERR)
			st = ACM_EX_IOERR;
	}
	return st;
}

/* Entries libisofs could not place, from the libarchive stream (the
 * medium's order; the others are skipped over). */
static int stream_pass(struct acm_isocopy *c, const bool *deferred, bool write)
{
	int st = 0, isofd;
	struct archive *a = acm_isoscan_open(c->s->media, IOBUF, &st, &isofd);
	if (!a)
		return st;
	struct source src = { a, -1, NULL, 0, { 0, 0 }, c->s->media, "", false, 0 };
	struct archive_entry *ae;
	size_t k = 0;
	for (;;) {
		int r = acm_libload_archive.read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN && c->s->status && k >= c->s->n)
			break; /* the end the first pass already reported */
		if (r < ARCHIVE_WARN) {
			acm_err("'%s': cannot read: %s; the image is damaged or truncated (what was copied is kept)",
				c->s->media, acm_libload_archive.error_string(a));
			st = ACM_EX_IOERR;
			break;
		}
		if (k >= c->s->n && c->s->status)
			break;
		if (k >= c->s->n) {
			acm_err("'%s': the medium changed while being read; run again", c->s->media);
			st = ACM_EX_IOERR;
			break;
		}
		if (!deferred[k]) {
			k++;
			continue;
		}
		r = apply_entry(c, &c->s->e[k++], &src, write);
		if (r > st)
			st = r;
		if (st >= ACM_EX_IOERR)
			break;
	}
	acm_isoscan_close(a, isofd);
	return st;
}

/* The image's size: a device's is where its end is. */
static uint64_t image_size(int fd)
{
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		return (uint64_t)sb.st_size;
	off_t end = lseek(fd, 0, SEEK_END);
	return end > 0 ? (uint64_t)end : 0;
}

/* The files the kernel will copy from the image (not share: a clone has
 * no digest to compute) are hashed on a thread of their own as the copy
 * goes (hasher.h). For each entry, 1 + its job, or 0. */
static size_t *hash_ahead(struct acm_isocopy *c, bool write)
{
	size_t *job = acm_xcalloc(c->s->n + 1, sizeof(size_t));
	acm_hasher_ahead_init(&c->ahead, c->imgfd);
	if (write && c->imgfd >= 0) {
		acm_rangecopy_probe(&c->rc, c->imgfd, c->tmpfd);
		for (size_t i = 0; i < c->s->n; i++) {
			const struct acm_isoent *e = &c->s->e[i];
			size_t nsec;
			const struct acm_isoextent *sec;
			if (e->type != 'f' || e->plan != ACM_PLAN_COPY || !e->size || !needs_data(e, write) ||
			    !(sec = acm_isoextent_find(&c->ext, e->path, e->size, &nsec)) ||
			    acm_rangecopy_may_clone(&c->rc, sec[0].off, 0, sec[0].len))
				continue;
			job[i] = 1 + acm_hasher_ahead_add(&c->ahead, sec, nsec);
		}
	}
	acm_hasher_ahead_start(&c->ahead);
	return job;
}

static int copy_pass_run(struct acm_isocopy *c, bool write)
{
	int st = 0;
	struct source none = { NULL, -1, NULL, 0, { 0, 0 }, c->s->media, "", false, 0 };
	bool data_needed = false;
	for (size_t i = 0; i < c->s->n; i++)
		data_needed |= needs_data(&c->s->e[i], write);
	if (c->s->is_dir || !data_needed) {
		for (size_t i = 0; i < c->s->n && st < ACM_EX_IOERR; i++) {
			int r = apply_entry(c, &c->s->e[i], &none, write);
			if (r > st)
				st = r;
		}
		return st;
	}
	/* The fast path: each file's sections straight from the image. */
	c->imgfd = acm_open_input(c->s->media, ACM_INPUT_DEVICE);
	if (c->imgfd >= 0)
		acm_isoextent_load(&c->ext, c->s->media, image_size(c->imgfd));
	else
		memset(&c->ext, 0, sizeof(c->ext));
	size_t *job = hash_ahead(c, write);
	bool *deferred = acm_xcalloc(c->s->n + 1, sizeof(bool)), any = false;
	for (size_t i = 0; i < c->s->n && st < ACM_EX_IOERR; i++) {
		struct acm_isoent *e = &c->s->e[i];
		struct source src = { NULL, c->imgfd, NULL, 0, { 0, 0 }, c->s->media, e->path, false, job[i] };
		if (e->type == 'f' && needs_data(e, write) &&
		    (c->imgfd < 0 || !(src.sec = acm_isoextent_find(&c->ext, e->path, e->size, &src.nsec)))) {
			deferred[i] = any = true;
			continue;
		}
		/* a hard link's target may be among them */
		if (e->type == 'h' && any) {
			deferred[i] = true;
			continue;
		}
		int r = apply_entry(c, e, &src, write);
		if (r > st)
			st = r;
	}
	acm_hasher_ahead_stop(&c->ahead);
	free(job);
	acm_isoextent_free(&c->ext);
	if (c->imgfd >= 0)
		close(c->imgfd);
	c->imgfd = -1;
	if (any && st < ACM_EX_IOERR) {
		int r = stream_pass(c, deferred, write);
		if (r > st)
			st = r;
	}
	free(deferred);
	return st;
}

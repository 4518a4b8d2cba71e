/* SPDX-License-Identifier: GPL-2.0-or-later */
/* scancache.c - an image's listing kept for its next import; see
 * scancache.h.
 *
 * One text file per image: a header with the image's identity and volume
 * descriptor, the metadata files' contents, then the entries in the
 * medium's order (the copy pass's libarchive stream counts on that), and
 * an end line with their number, so a file cut short is never taken. */
#include "config.h"
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "beneath.h"
#include "fileio.h"
#include "manifest.h"
#include "msg.h"
#include "scancache.h"
#include "text.h"

#define MAGIC "acmtools-scancache 1"
#define PVD_OFF (16 * 2048)
#define PVD_LEN 2048
#define CACHE_MAX (512u << 20)

/* The identity of the image at media (scancache.h), or false when it has
 * none this cache trusts (a directory, a short image, a FIFO). */
static bool take_ident(struct acm_scancache *k, const char *media)
{
	free(k->pvd);
	k->pvd = NULL;
	k->known = false;
	int fd = acm_open_input(media, ACM_INPUT_DEVICE);
	if (fd < 0)
		return false;
	struct stat sb;
	unsigned char pvd[PVD_LEN];
	bool ok = fstat(fd, &sb) == 0 && (S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode)) &&
		  pread(fd, pvd, sizeof(pvd), PVD_OFF) == (ssize_t)sizeof(pvd);
	if (ok && S_ISREG(sb.st_mode)) {
		snprintf(k->ident, sizeof(k->ident), "f %ju %ju %jd %jd.%09ld %jd.%09ld", (uintmax_t)sb.st_dev,
			 (uintmax_t)sb.st_ino, (intmax_t)sb.st_size, (intmax_t)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
			 (intmax_t)sb.st_ctim.tv_sec, sb.st_ctim.tv_nsec);
		snprintf(k->name, sizeof(k->name), "f%ju-%ju", (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino);
	} else if (ok) {
		off_t end = lseek(fd, 0, SEEK_END);
		ok = end > 0;
		snprintf(k->ident, sizeof(k->ident), "b %ju %jd", (uintmax_t)sb.st_rdev, (intmax_t)end);
		snprintf(k->name, sizeof(k->name), "b%ju", (uintmax_t)sb.st_rdev);
	}
	close(fd);
	if (!ok)
		return false;
	static const char hex[] = "0123456789abcdef";
	k->pvd = acm_xmalloc(2 * PVD_LEN + 1);
	for (size_t i = 0; i < PVD_LEN; i++) {
		k->pvd[2 * i] = hex[pvd[i] >> 4];
		k->pvd[2 * i + 1] = hex[pvd[i] & 15];
	}
	k->pvd[2 * PVD_LEN] = '\0';
	k->known = true;
	return true;
}

static int open_dir(const char *root, bool create)
{
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -1;
	if (create)
		(void)mkdirat(rootfd, ACM_SCANCACHE_DIR, 0755);
	int fd = openat(rootfd, ACM_SCANCACHE_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	close(rootfd);
	return fd;
}

/* A field "=ESCAPED" (manifest escapes), malloc'd, or NULL. */
static char *field(char **cur)
{
	char *f = strsep(cur, " ");
	return f && f[0] == '=' ? acm_manifest_unescape(f + 1) : NULL;
}

static bool num(char **cur, uint64_t *v, int base)
{
	char *f = strsep(cur, " ");
	return f && acm_text_u64(f, base, v);
}

static bool snum(char **cur, int64_t *v)
{
	char *f = strsep(cur, " ");
	return f && acm_text_i64(f, v);
}

static mode_t fmt_of(char type)
{
	return type == 'd' ? S_IFDIR : type == 'l' ? S_IFLNK : S_IFREG;
}

/* One "e TYPE MODE SIZE MTIME =PATH =TARGET" line into s. */
static bool replay_entry(struct acm_isoscan *s, char *cur)
{
	char *type = strsep(&cur, " ");
	uint64_t mode, size;
	int64_t mtime;
	if (!type || strlen(type) != 1 || !strchr("fdlh", type[0]) || !num(&cur, &mode, 8) || mode > 07777 ||
	    !num(&cur, &size, 10) || !snum(&cur, &mtime))
		return false;
	char *path = field(&cur), *target = path ? field(&cur) : NULL;
	bool ok = target && !cur;
	if (ok)
		acm_isoscan_add(s, path, fmt_of(type[0]), (mode_t)mode, size, mtime,
				type[0] == 'l' ? target : NULL, type[0] == 'h' ? target : NULL);
	free(path);
	free(target);
	return ok;
}

/* Replay the cache text into s; false (s freed) when it is not this
 * image's or not whole. */
static bool replay(struct acm_scancache *k, struct acm_isoscan *s, const char *media, char *text)
{
	acm_isoscan_init(s, media);
	char *cur = text, *line;
	size_t lines = 0, n = 0;
	bool ok = true, end = false;
	while (ok && !end && (line = strsep(&cur, "\n"))) {
		char *rest = strchr(line, ' ');
		if (rest)
			*rest++ = '\0';
		lines++;
		if (lines == 1) {
			ok = rest && !strcmp(line, "acmtools-scancache") && !strcmp(rest, "1");
		} else if (lines == 2) {
			ok = rest && !strcmp(line, "id") && !strcmp(rest, k->ident);
		} else if (lines == 3) {
			ok = rest && !strcmp(line, "pvd") && !strcmp(rest, k->pvd);
		} else if (rest && !strcmp(line, "e")) {
			ok = replay_entry(s, rest);
			n++;
		} else if (rest && !strcmp(line, "m")) {
			uint64_t idx;
			char *data = NULL;
			ok = num(&rest, &idx, 10) && idx < ACM_MF_COUNT && (data = field(&rest)) && !rest;
			if (ok)
				acm_media_meta_set(&s->meta, (int)idx, data, strlen(data));
			free(data);
		} else if (rest && !strcmp(line, "suse")) {
			uint64_t d;
			ok = num(&rest, &d, 10) && d < 1000 && !rest;
			s->meta.suse_disc = (int)d;
		} else if (rest && !strcmp(line, "end")) {
			uint64_t want;
			ok = num(&rest, &want, 10) && want == n && n > 0 && !rest;
			end = true;
		} else {
			ok = false;
		}
	}
	ok = ok && end && !s->refused;
	if (!ok) {
		acm_isoscan_free(s);
		return false;
	}
	acm_isoscan_links_sized(s);
	return true;
}

/* The fresh listing s as cache text in k->out; nothing when it is not
 * worth keeping or the image changed while it was read. */
static void keep(struct acm_scancache *k, const struct acm_isoscan *s)
{
	acm_buf_free(&k->out);
	if (!k->known || s->is_dir || s->status || s->refused || !s->n)
		return;
	char ident[sizeof(k->ident)];
	char *pvd = k->pvd;
	memcpy(ident, k->ident, sizeof(ident));
	k->pvd = NULL;
	bool same = take_ident(k, s->media) && !strcmp(ident, k->ident) && !strcmp(pvd, k->pvd);
	free(pvd);
	if (!same)
		return;
	struct acm_buf *b = &k->out;
	acm_buf_addf(b, "%s\nid %s\npvd %s\n", MAGIC, k->ident, k->pvd);
	for (int i = 0; i < ACM_MF_COUNT; i++) {
		if (!s->meta.data[i])
			continue;
		if (strlen(s->meta.data[i]) != s->meta.len[i]) { /* a NUL inside: not kept */
			acm_buf_free(b);
			return;
		}
		char *d = acm_manifest_escape(s->meta.data[i]);
		acm_buf_addf(b, "m %d =%s\n", i, d);
		free(d);
	}
	if (s->meta.suse_disc)
		acm_buf_addf(b, "suse %d\n", s->meta.suse_disc);
	for (size_t i = 0; i < s->n; i++) {
		const struct acm_isoent *e = &s->e[i];
		bool root = e->plan == ACM_PLAN_SKIP;
		char *p = acm_manifest_escape(root ? "." : e->path);
		char *t = acm_manifest_escape(e->target ? e->target : "");
		acm_buf_addf(b, "e %c %o %" PRIu64 " %" PRId64 " =%s =%s\n", root ? 'd' : e->type, (unsigned)(e->mode & 07777),
			     e->size, e->mtime, p, t);
		free(p);
		free(t);
	}
	acm_buf_addf(b, "end %zu\n", s->n);
}

int acm_scancache_scan(struct acm_scancache *k, struct acm_isoscan *s, const char *media, const char *root)
{
	memset(k, 0, sizeof(*k));
	if (take_ident(k, media)) {
		int dfd = open_dir(root, false);
		char *text = NULL;
		size_t len;
		if (dfd >= 0 && acm_beneath_read(dfd, k->name, &text, &len, CACHE_MAX) == 0 && strlen(text) == len &&
		    replay(k, s, media, text)) {
			k->hit = true;
			acm_verbose("'%s': the same image as listed before (%s/%s/%s): its directory is not read again",
				    media, root, ACM_SCANCACHE_DIR, k->name);
		}
		free(text);
		if (dfd >= 0)
			close(dfd);
		if (k->hit)
			return 0;
	}
	int st = acm_isoscan_run(s, media);
	if (!st)
		keep(k, s);
	return st;
}

/* A name this cache gives a listing: f<dev>-<ino> or b<rdev>. Nothing
 * else in the directory is ever removed. */
static bool listing_name(const char *n)
{
	if (*n != 'f' && *n != 'b')
		return false;
	bool file = *n++ == 'f';
	size_t k = strspn(n, "0123456789");
	if (!k)
		return false;
	n += k;
	if (!file)
		return !*n;
	if (*n++ != '-')
		return false;
	k = strspn(n, "0123456789");
	return k && !n[k];
}

struct listing {
	char name[64];
	struct timespec used;
};

static int by_use(const void *x, const void *y)
{
	const struct timespec *a = &((const struct listing *)x)->used, *b = &((const struct listing *)y)->used;
	return a->tv_sec != b->tv_sec ? (a->tv_sec < b->tv_sec ? -1 : 1)
				      : (a->tv_nsec < b->tv_nsec ? -1 : a->tv_nsec > b->tv_nsec);
}

/* Keep the ACM_SCANCACHE_KEEP listings used last (mtime: written, or
 * replayed by a write run); the others are of images long gone or seldom
 * imported, and cost a scan at most. */
static void prune(int dfd, const char *keep)
{
	DIR *d = acm_opendir_fd(dfd);
	if (!d)
		return;
	struct listing *l = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		struct stat sb;
		if (!listing_name(de->d_name) || strlen(de->d_name) >= sizeof(l->name) || !strcmp(de->d_name, keep) ||
		    fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(sb.st_mode))
			continue;
		l = acm_xgrow(l, &cap, n, sizeof(*l), 64);
		snprintf(l[n].name, sizeof(l[n].name), "%s", de->d_name);
		l[n++].used = sb.st_mtim;
	}
	closedir(d);
	if (n >= ACM_SCANCACHE_KEEP) {
		qsort(l, n, sizeof(*l), by_use);
		for (size_t i = 0; i + ACM_SCANCACHE_KEEP - 1 < n; i++)
			(void)unlinkat(dfd, l[i].name, 0);
	}
	free(l);
}

void acm_scancache_save(struct acm_scancache *k, const char *root)
{
	if (!k->out.len && !k->hit)
		return;
	int dfd = open_dir(root, true);
	if (dfd < 0)
		return;
	if (k->hit) {
		/* replayed: marked as used, for prune() */
		(void)utimensat(dfd, k->name, NULL, AT_SYMLINK_NOFOLLOW);
		close(dfd);
		return;
	}
	char tmp[64];
	snprintf(tmp, sizeof(tmp), ".tmp.%ld", (long)getpid());
	/* what a killed run left is removed, never written through */
	(void)unlinkat(dfd, tmp, 0);
	int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	bool ok = fd >= 0 && acm_write_all(fd, k->out.data, k->out.len) == 0;
	if (fd >= 0 && close(fd) < 0)
		ok = false;
	if (fd >= 0 && (!ok || renameat(dfd, tmp, dfd, k->name) < 0))
		unlinkat(dfd, tmp, 0);
	else if (ok)
		prune(dfd, k->name);
	close(dfd);
	acm_buf_free(&k->out);
}

void acm_scancache_free(struct acm_scancache *k)
{
	free(k->pvd);
	acm_buf_free(&k->out);
	memset(k, 0, sizeof(*k));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoscan.c - the first pass over a medium; see isoscan.h.
 *
 * It reads only the directory (and the few small metadata files) to
 * identify the medium and to plan: with the tree's manifest, a re-import
 * of unchanged media stops after it. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "libload.h"
#include "beneath.h"
#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "import.h"
#include "isoscan.h"
#include "msg.h"

/* ------------------------------------------------------------- entries */

static struct acm_isoent *ent_new(struct acm_isoscan *c)
{
	c->e = acm_xgrow(c->e, &c->cap, c->n, sizeof(*c->e), 1024);
	struct acm_isoent *e = &c->e[c->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

static void ent_free(struct acm_isoent *e)
{
	free(e->path);
	free(e->target);
}

static void refuse(struct acm_isoscan *c, struct acm_isoent *e, const char *shown, const char *why)
{
	e->plan = ACM_PLAN_REFUSED;
	e->type = 'x';
	c->refused++;
	acm_err("'%s': refusing entry '%s': %s", c->media, shown, why);
}

/* Classify one entry by name; returns false when it was refused. */
static bool ent_name(struct acm_isoscan *c, struct acm_isoent *e, const char *raw)
{
	/* ISO readers hand out "./x" or "x", directories with a trailing '/'. */
	char *tmp = acm_xstrdup(raw);
	size_t l = strlen(tmp);
	while (l > 1 && tmp[l - 1] == '/')
		tmp[--l] = '\0';
	if (!strcmp(tmp, ".") || !strcmp(tmp, "./") || !tmp[0]) {
		e->path = acm_xstrdup("");
		e->plan = ACM_PLAN_SKIP;
		free(tmp);
		return true;
	}
	char *clean = NULL;
	if (acm_confine_name(tmp, 0, &clean)) {
		e->path = tmp;
		free(clean);
		refuse(c, e, raw, raw[0] == '/' ? "absolute path" : "the name leaves the tree ('..' or empty)");
		return false;
	}
	free(tmp);
	e->path = clean;
	if (!strncmp(acm_beneath_base(clean), ACM_IMPORT_RESERVED, strlen(ACM_IMPORT_RESERVED))) {
		refuse(c, e, raw, "the name is reserved for the import's own files");
		return false;
	}
	return true;
}

static void ent_kind(struct acm_isoscan *c, struct acm_isoent *e, mode_t fmt, const char *link, const char *hardlink)
{
	if (e->plan == ACM_PLAN_REFUSED || e->plan == ACM_PLAN_SKIP)
		return;
	if (hardlink) {
		char *clean = NULL;
		if (acm_confine_name(hardlink, 0, &clean)) {
			free(clean);
			refuse(c, e, e->path, "hard link to a name outside the tree");
			return;
		}
		e->type = 'h';
		e->target = clean;
		return;
	}
	enum acm_confine_kind kind;
	int v = acm_confine_mode(fmt, ACM_CONFINE_DROP_SETID, &kind);
	if (v) {
		refuse(c, e, e->path, acm_confine_why(v));
	} else if (kind == ACM_CONFINE_FILE) {
		e->type = 'f';
	} else if (kind == ACM_CONFINE_DIR) {
		e->type = 'd';
	} else {
		e->type = 'l'; /* judged by acm_isoscan_check_links() once the medium is listed */
		e->target = acm_xstrdup(link ? link : "");
	}
	if (e->mode & (S_ISUID | S_ISGID | S_ISVTX))
		acm_verbose("'%s': dropping set-id/sticky bits of '%s'", c->media, e->path);
}

/* Symlinks are judged once the whole medium is listed and the destination
 * is open: resolved as the kernel would against every entry of the medium
 * and what earlier discs left in the tree (confine.h), not by counting. */
void acm_isoscan_check_links(struct acm_isoscan *c, int destfd)
{
	bool any = false;
	for (size_t i = 0; i < c->n && !any; i++)
		any = c->e[i].type == 'l' && c->e[i].plan != ACM_PLAN_REFUSED && c->e[i].plan != ACM_PLAN_SKIP;
	if (!any)
		return; /* no link to judge: the tree of names is not needed */
	struct acm_confine *t = acm_confine_new(destfd);
	const char **paths = acm_xcalloc(c->n + 1, sizeof(char *));
	const char **targets = acm_xcalloc(c->n + 1, sizeof(char *));
	size_t *which = acm_xcalloc(c->n + 1, sizeof(size_t)), n = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct acm_isoent *e = &c->e[i];
		if (e->plan == ACM_PLAN_REFUSED || e->plan == ACM_PLAN_SKIP)
			continue;
		if (e->type == 'l') {
			paths[n] = e->path;
			targets[n] = e->target;
			which[n++] = i;
		} else {
			(void)acm_confine_add(t, e->path, e->type == 'd' ? ACM_CONFINE_DIR : ACM_CONFINE_FILE, NULL);
		}
	}
	int *v = acm_xcalloc(n + 1, sizeof(int));
	acm_confine_add_links(t, n, paths, targets, v);
	for (size_t k = 0; k < n; k++) {
		if (!v[k])
			continue;
		struct acm_isoent *e = &c->e[which[k]];
		char *why = acm_xasprintf("symlink to '%s' leads out of the tree (%s)", e->target,
					  acm_confine_why(v[k]));
		refuse(c, e, e->path, why);
		free(why);
	}
	free(v);
	free(which);
	free(paths);
	free(targets);
	acm_confine_free(t);
}

/* ------------------------------------------------------------- scanning */

struct archive *acm_isoscan_open(const char *media, size_t block, int *st, int *fdp)
{
	*fdp = -1;
	int fd = acm_open_input(media, ACM_INPUT_DEVICE);
	if (fd == -ENXIO) /* a socket (or a device without its driver) */
		fd = -ACM_ENOTREG;
	if (fd < 0) {
		if (fd == -ENOENT) {
			acm_err("'%s': no such file or device; give an ISO image, a device or a mounted directory",
				media);
			*st = ACM_EX_NOINPUT;
		} else if (fd == -ACM_ENOTREG) {
			acm_err("'%s': not an image, device or directory (a FIFO or socket is not read); give an .iso file, a device or a mounted directory",
				media);
			*st = ACM_EX_NOINPUT;
		} else {
			acm_err("'%s': cannot open: %s", media, acm_input_strerror(-fd));
			*st = fd == -EACCES || fd == -EPERM ? ACM_EX_NOINPUT : ACM_EX_IOERR;
		}
		return NULL;
	}
	if ((*st = acm_libload_need_archive(media))) {
		close(fd);
		return NULL;
	}
	struct stat sb;
	bool device = fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode);
	if (device) {
		close(fd);
		fd = -1;
	}
	struct archive *a = acm_libload_archive.read_new();
	acm_libload_archive.read_support_format_iso9660(a);
	int ok = device ? acm_libload_archive.read_open_filename(a, media, block) : acm_libload_archive.read_open_fd(a, fd, block);
	if (ok != ARCHIVE_OK) {
		int err = acm_libload_archive.errnum(a);
		if (fd >= 0)
			close(fd);
		if (err == ENOENT) {
			acm_err("'%s': no such file or device; give an ISO image, a device or a mounted directory",
				media);
			*st = ACM_EX_NOINPUT;
		} else if (err == EILSEQ || err == -1) { /* libarchive's "file format" / "misc" */
			acm_err("'%s': not an ISO 9660 image (%s); give an .iso file, a device or a mounted directory",
				media, acm_libload_archive.error_string(a));
			*st = ACM_EX_DATAERR;
		} else if (err == EACCES || err == EPERM) {
			acm_err("'%s': %s; run as a user who may read it", media, acm_libload_archive.error_string(a));
			*st = ACM_EX_NOINPUT;
		} else {
			acm_err("'%s': cannot read: %s", media, acm_libload_archive.error_string(a));
			*st = ACM_EX_IOERR;
		}
		acm_libload_archive.read_free(a);
		return NULL;
	}
	*fdp = fd;
	return a;
}

void acm_isoscan_close(struct archive *a, int fd)
{
	acm_libload_archive.read_free(a);
	if (fd >= 0)
		close(fd);
}

/* An entry's size in the directory is the budget for its data (a zisofs
 * member could expand without end): more is refused, never written. */
int acm_isoscan_expands_past(const char *media, const struct acm_isoent *e)
{
	acm_err("'%s': '%s' expands past the %" PRIu64 " bytes its directory entry says; the image is damaged or hostile",
		media, e->path, e->size);
	return ACM_EX_DATAERR;
}

static void note_meta(struct acm_isoscan *c, const struct acm_isoent *e, const void *data, size_t len)
{
	int disc = 0;
	int idx = acm_media_file_index(e->path, &disc);
	if (idx < 0)
		return;
	acm_media_meta_set(&c->meta, idx, data, len);
	if (disc && !c->meta.suse_disc)
		c->meta.suse_disc = disc;
}

static bool is_meta(const struct acm_isoent *e)
{
	int d;
	return e->type == 'f' && e->size <= ACM_MEDIA_META_MAX && acm_media_file_index(e->path, &d) >= 0;
}

struct acm_isoent *acm_isoscan_add(struct acm_isoscan *c, const char *name, mode_t fmt, mode_t mode, uint64_t size,
				   int64_t mtime, const char *link, const char *hardlink)
{
	struct acm_isoent *e = ent_new(c);
	e->mode = mode;
	e->size = size;
	e->mtime = mtime;
	if (!name) {
		e->path = acm_xstrdup("?");
		refuse(c, e, "?", "the name cannot be decoded");
		return NULL;
	}
	if (!ent_name(c, e, name))
		return NULL;
	ent_kind(c, e, fmt, link, hardlink);
	if (e->plan == ACM_PLAN_SKIP || e->plan == ACM_PLAN_REFUSED)
		return NULL;
	acm_strmap_put(&c->idx, e->path, c->n - 1);
	acm_media_arch_vote(&c->votes, e->path);
	return e;
}

static int scan_iso(struct acm_isoscan *c)
{
	int st = 0;
	/* Small reads here: for each entry libarchive reads a block where its
	 * data starts (to spot zisofs); 1 MiB there would read the whole image. */
	int isofd;
	struct archive *a = acm_isoscan_open(c->media, 16384, &st, &isofd);
	if (!a)
		return st;
	struct archive_entry *ae;
	size_t headers = 0;
	int r;
	while ((r = acm_libload_archive.read_next_header(a, &ae)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN) {
			if (headers == 0) {
				acm_err("'%s': not an ISO 9660 image (%s); give an .iso file, a device or a mounted directory",
					c->media, acm_libload_archive.error_string(a));
				st = ACM_EX_DATAERR;
				acm_isoscan_close(a, isofd);
				return st;
			}
			/* Keep what was listed: the readable part is still imported
			 * (and recorded), so a later run with a good image resumes. */
			acm_err("'%s': cannot read past entry %zu: %s; the image is damaged or truncated (what can be read is imported)",
				c->media, headers, acm_libload_archive.error_string(a));
			c->status = ACM_EX_IOERR;
			break;
		}
		if (r == ARCHIVE_WARN)
			acm_warn("'%s': %s", c->media, acm_libload_archive.error_string(a));
		headers++;
		uint64_t size = acm_libload_archive.entry_size_is_set(ae) && acm_libload_archive.entry_size(ae) > 0 ? (uint64_t)acm_libload_archive.entry_size(ae) : 0;
		struct acm_isoent *e = acm_isoscan_add(c, acm_libload_archive.entry_pathname(ae), acm_libload_archive.entry_filetype(ae),
						       acm_libload_archive.entry_perm(ae), size, acm_libload_archive.entry_mtime(ae),
						       acm_libload_archive.entry_symlink(ae), acm_libload_archive.entry_hardlink(ae));
		if (e && is_meta(e)) {
			struct acm_buf b = ACM_BUF_INIT;
			char tmp[16384];
			la_ssize_t n;
			while ((n = acm_libload_archive.read_data(a, tmp, sizeof(tmp))) > 0 && b.len + (size_t)n <= e->size)
				acm_buf_add(&b, tmp, (size_t)n);
			if (n > 0) {
				acm_buf_free(&b);
				acm_isoscan_close(a, isofd);
				return acm_isoscan_expands_past(c->media, e);
			}
			if (n < 0) {
				acm_err("'%s': cannot read '%s': %s", c->media, e->path, acm_libload_archive.error_string(a));
				acm_buf_free(&b);
				acm_isoscan_close(a, isofd);
				return ACM_EX_IOERR;
			}
			acm_buf_adds(&b, "");
			note_meta(c, e, b.data, b.len);
			acm_buf_free(&b);
		}
	}
	acm_isoscan_close(a, isofd);
	if (headers == 0) {
		acm_err("'%s': the image holds no files; is it the right image?", c->media);
		return ACM_EX_DATAERR;
	}
	return 0;
}

static int scan_dir_rec(struct acm_isoscan *c, int dfd, const char *prefix)
{
	DIR *d = acm_opendir_fd(dfd);
	if (!d) {
		acm_err("'%s/%s': cannot list: %s", c->media, prefix, strerror(errno));
		return ACM_EX_IOERR;
	}
	struct dirent *de;
	int st = 0;
	while (!st && (errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		struct stat sb;
		if (fstatat(dfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		char *rel = prefix[0] ? acm_xasprintf("%s/%s", prefix, de->d_name) : acm_xstrdup(de->d_name);
		struct acm_isoent *e = ent_new(c);
		e->mode = sb.st_mode & 07777;
		e->size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
		e->mtime = sb.st_mtime;
		char link[4096] = "";
		if (S_ISLNK(sb.st_mode)) {
			ssize_t n = readlinkat(dfd, de->d_name, link, sizeof(link) - 1);
			link[n > 0 ? n : 0] = '\0';
		}
		if (ent_name(c, e, rel))
			ent_kind(c, e, sb.st_mode & S_IFMT, link, NULL);
		size_t idx = c->n - 1;
		if (c->e[idx].plan != ACM_PLAN_REFUSED) {
			acm_strmap_put(&c->idx, c->e[idx].path, idx);
			acm_media_arch_vote(&c->votes, c->e[idx].path);
			if (is_meta(&c->e[idx])) {
				char *data;
				size_t len;
				if (acm_beneath_read(dfd, de->d_name, &data, &len, ACM_MEDIA_META_MAX) == 0) {
					note_meta(c, &c->e[idx], data, len);
					free(data);
				}
			}
			if (S_ISDIR(sb.st_mode)) {
				int sub = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (sub < 0) {
					acm_err("'%s/%s': cannot open: %s", c->media, rel, strerror(errno));
					st = ACM_EX_IOERR;
				} else {
					st = scan_dir_rec(c, sub, rel);
					close(sub);
				}
			}
		}
		free(rel);
	}
	closedir(d);
	return st;
}

void acm_isoscan_init(struct acm_isoscan *c, const char *media)
{
	memset(c, 0, sizeof(*c));
	c->media = media;
	c->srcfd = -1;
}

int acm_isoscan_run(struct acm_isoscan *c, const char *media)
{
	acm_isoscan_init(c, media);
	int st;
	struct stat sb;
	if (stat(media, &sb) < 0) {
		acm_err("'%s': %s; give an ISO image, a device or a mounted directory", media, strerror(errno));
		return ACM_EX_NOINPUT;
	}
	if (S_ISDIR(sb.st_mode)) {
		c->is_dir = true;
		c->srcfd = open(media, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (c->srcfd < 0) {
			acm_err("'%s': cannot open: %s", media, strerror(errno));
			return ACM_EX_NOINPUT;
		}
		st = scan_dir_rec(c, c->srcfd, "");
	} else {
		st = scan_iso(c);
	}
	if (st)
		return st;
	acm_isoscan_links_sized(c);
	return 0;
}

void acm_isoscan_links_sized(struct acm_isoscan *c)
{
	for (size_t i = 0; i < c->n; i++) {
		size_t ti;
		if (c->e[i].type == 'h' && acm_strmap_get(&c->idx, c->e[i].target, &ti) && c->e[ti].type == 'f') {
			c->e[i].size = c->e[ti].size;
			c->e[i].mtime = c->e[ti].mtime;
		}
	}
}

void acm_isoscan_free(struct acm_isoscan *c)
{
	if (c->srcfd >= 0)
		close(c->srcfd);
	for (size_t i = 0; i < c->n; i++)
		ent_free(&c->e[i]);
	free(c->e);
	acm_strmap_free(&c->idx);
	acm_media_meta_free(&c->meta);
	acm_isoscan_init(c, NULL);
}

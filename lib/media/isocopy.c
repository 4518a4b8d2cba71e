/* isocopy.c - copy install media into a provisioning tree; see isocopy.h.
 *
 * Two passes over the medium. The first reads only the directory (and the
 * few small metadata files) to identify the medium and to plan: with the
 * tree's manifest, a re-import of unchanged media stops there. The second
 * streams the data of what is missing. Every write happens beneath a
 * directory fd of the destination, never following a symlink already in the
 * tree; each file is written in DEST/.acmtools-tmp and renamed into place
 * only when complete, so a killed run leaves no truncated file under a final
 * name. Renamed files are recorded in a journal after a syncfs(), and the
 * manifest is rewritten from manifest + journal at the end. */
#include "config.h"
#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "ini.h"
#include "isocopy.h"
#include "lock.h"
#include "media.h"
#include "msg.h"
#include "progress.h"
#include "safepath.h"

#define TMPDIR_NAME ".acmtools-tmp"
#define JOURNAL_NAME ".acmtools-journal"
#define LOCK_NAME ".acmtools-lock"
#define MANIFEST_MAGIC "acmtools-copycds-manifest 1"
#define IOBUF (1024 * 1024)
/* Renamed files are made durable (syncfs) and journalled in batches; a
 * file renamed but not yet journalled when a run is killed is recognised
 * by content on the next run, so a batch is large: a sync stalls the copy. */
#define BATCH_BYTES (2048ULL * 1024 * 1024)
#define BATCH_FILES 16384

/* ---------------------------------------------------------------- helpers */

char *acm_manifest_escape(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c == '%' || c == 0x7f)
			acm_buf_addf(&b, "%%%02X", c);
		else
			acm_buf_addc(&b, (char)c);
	}
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *acm_manifest_unescape(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	for (; *s; s++) {
		if (*s != '%') {
			acm_buf_addc(&b, *s);
			continue;
		}
		int h = s[1] ? hexval((unsigned char)s[1]) : -1;
		int l = h >= 0 && s[2] ? hexval((unsigned char)s[2]) : -1;
		if (h < 0 || l < 0 || (h == 0 && l == 0)) {
			acm_buf_free(&b);
			return NULL;
		}
		acm_buf_addc(&b, (char)(h * 16 + l));
		s += 2;
	}
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static char *dir_name(const char *p)
{
	const char *s = strrchr(p, '/');
	if (!s)
		return acm_xstrdup("");
	char *d = acm_xmalloc((size_t)(s - p) + 1);
	memcpy(d, p, (size_t)(s - p));
	d[s - p] = '\0';
	return d;
}

static void hex(char *out, const unsigned char *md, unsigned n)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

/* ------------------------------------------------------------ string map */

struct strmap {
	char **key;
	size_t *val;
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void map_put(struct strmap *m, const char *k, size_t v);

static void map_grow(struct strmap *m)
{
	struct strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->key = acm_xcalloc(m->cap, sizeof(*m->key));
	m->val = acm_xcalloc(m->cap, sizeof(*m->val));
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.key[i]) {
			map_put(m, old.key[i], old.val[i]);
			free(old.key[i]);
		}
	free(old.key);
	free(old.val);
}

static void map_put(struct strmap *m, const char *k, size_t v)
{
	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	size_t i = (size_t)fnv(k) & (m->cap - 1);
	while (m->key[i] && strcmp(m->key[i], k))
		i = (i + 1) & (m->cap - 1);
	if (!m->key[i]) {
		m->key[i] = acm_xstrdup(k);
		m->n++;
	}
	m->val[i] = v;
}

static bool map_get(const struct strmap *m, const char *k, size_t *v)
{
	if (!m->cap)
		return false;
	size_t i = (size_t)fnv(k) & (m->cap - 1);
	while (m->key[i]) {
		if (!strcmp(m->key[i], k)) {
			*v = m->val[i];
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
	return false;
}

static void map_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* -------------------------------------------------------------- manifest */

struct mf_entry {
	char type;          /* 'f' file, 'l' symlink, 'd' directory */
	int disc;
	uint64_t size;
	int64_t media_mtime, tree_mtime;
	char sha[65];
	char *path, *target;
};

struct manifest {
	struct mf_entry *e;
	size_t n, cap;
	struct strmap idx;
	struct acm_buf discs;   /* "disc ..." lines, kept as read */
};

static void mf_add(struct manifest *m, const struct mf_entry *in)
{
	size_t i;
	if (map_get(&m->idx, in->path, &i)) {
		free(m->e[i].path);
		free(m->e[i].target);
	} else {
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 256;
			m->e = acm_xrealloc(m->e, m->cap * sizeof(*m->e));
		}
		i = m->n++;
		map_put(&m->idx, in->path, i);
	}
	m->e[i] = *in;
	m->e[i].path = acm_xstrdup(in->path);
	m->e[i].target = in->target ? acm_xstrdup(in->target) : NULL;
}

static void mf_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->e[i].path);
		free(m->e[i].target);
	}
	free(m->e);
	map_free(&m->idx);
	acm_buf_free(&m->discs);
	memset(m, 0, sizeof(*m));
}

/* One manifest/journal line; false for a line we do not understand. */
static bool mf_parse_line(struct manifest *m, char *line)
{
	struct mf_entry e;
	memset(&e, 0, sizeof(e));
	char p[8192], t[8192];
	char *path = NULL, *target = NULL;
	if (line[0] == 'f' && line[1] == ' ') {
		if (sscanf(line, "f %d %" SCNu64 " %" SCNd64 " %" SCNd64 " %64s %8191s", &e.disc, &e.size,
			   &e.media_mtime, &e.tree_mtime, e.sha, p) != 6 || strlen(e.sha) != 64)
			return false;
		e.type = 'f';
		path = acm_manifest_unescape(p);
	} else if (line[0] == 'l' && line[1] == ' ') {
		if (sscanf(line, "l %d %8191s %8191s", &e.disc, t, p) != 3)
			return false;
		e.type = 'l';
		path = acm_manifest_unescape(p);
		target = acm_manifest_unescape(t);
		if (!target) {
			free(path);
			return false;
		}
	} else if (line[0] == 'd' && line[1] == ' ') {
		if (sscanf(line, "d %d %8191s", &e.disc, p) != 2)
			return false;
		e.type = 'd';
		path = acm_manifest_unescape(p);
	} else if (!strncmp(line, "disc ", 5)) {
		acm_buf_adds(&m->discs, line);
		acm_buf_addc(&m->discs, '\n');
		return true;
	} else {
		return false;
	}
	if (!path)
		return false;
	e.path = path;
	e.target = target;
	mf_add(m, &e);
	free(path);
	free(target);
	return true;
}

static void mf_format(struct acm_buf *b, const struct mf_entry *e)
{
	char *p = acm_manifest_escape(e->path);
	if (e->type == 'f') {
		acm_buf_addf(b, "f %d %" PRIu64 " %" PRId64 " %" PRId64 " %s %s\n", e->disc, e->size,
			     e->media_mtime, e->tree_mtime, e->sha, p);
	} else if (e->type == 'l') {
		char *t = acm_manifest_escape(e->target);
		acm_buf_addf(b, "l %d %s %s\n", e->disc, t, p);
		free(t);
	} else {
		acm_buf_addf(b, "d %d %s\n", e->disc, p);
	}
	free(p);
}

/* Read a file beneath dirfd (no symlinks) into memory; -errno on failure. */
static int read_beneath(int dirfd, const char *name, char **data, size_t *len, size_t max)
{
	int fd = acm_open_beneath(dirfd, name, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	int rc = acm_read_fd(fd, data, len, max);
	close(fd);
	return rc;
}

/* Load manifest then journal; a torn last journal line (no newline) is
 * what a killed run leaves and is ignored. */
static bool mf_load(struct manifest *m, int destfd)
{
	bool journal = false;
	const char *names[2] = { ACM_IMPORT_MANIFEST, JOURNAL_NAME };
	for (int k = 0; k < 2; k++) {
		char *data = NULL;
		size_t len = 0;
		if (read_beneath(destfd, names[k], &data, &len, 0) < 0)
			continue;
		journal |= k == 1;
		char *s = data;
		if (k == 0 && strncmp(s, MANIFEST_MAGIC "\n", strlen(MANIFEST_MAGIC) + 1) != 0) {
			acm_warn("'%s' in the tree is not a manifest this version knows; treating the tree as unrecorded",
				 ACM_IMPORT_MANIFEST);
			free(data);
			continue;
		}
		while (*s) {
			char *nl = strchr(s, '\n');
			if (!nl)
				break;
			*nl = '\0';
			if (strcmp(s, MANIFEST_MAGIC) && s[0])
				mf_parse_line(m, s);
			s = nl + 1;
		}
		free(data);
	}
	return journal;
}

/* ----------------------------------------------------------- media entries */

enum plan {
	P_NONE,       /* not planned yet */
	P_SKIP,       /* the root itself */
	P_PRESENT,    /* in the tree as on the medium */
	P_OTHERDISC,  /* another disc of the set put it there first */
	P_COPY,       /* missing: write it */
	P_COMPARE,    /* a file is there but unrecorded or changed: compare contents */
	P_REPLACE,    /* differs, --force: write over it */
	P_CONFLICT,   /* differs: left alone */
	P_BLOCKED,    /* a symlink/file in the tree blocks its directory */
	P_REFUSED,    /* hostile or unsupported entry */
};

struct ent {
	char *path;       /* cleaned relative path ("" for the root) */
	char type;        /* 'f' 'd' 'l' 'h' (hard link) 'x' (refused) */
	mode_t mode;
	uint64_t size;
	int64_t mtime;
	char *target;     /* symlink target / hard link target */
	enum plan plan;
	char sha[65];     /* media content hash, once read */
};

/* SHA-256 on a second thread, so hashing a large file overlaps reading
 * and writing it (on one core it would add a third to a first import).
 * Data is copied into a ring of slots; small files are hashed inline. */
#define HASH_SLOTS 4
#define HASH_THREAD_MIN (256 * 1024)

struct hasher {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *slot[HASH_SLOTS];
	size_t len[HASH_SLOTS];
	EVP_MD_CTX *md[HASH_SLOTS];
	unsigned head, tail;   /* filled / hashed counts */
	bool quit, running;
};

static void *hasher_main(void *arg)
{
	struct hasher *h = arg;
	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->head == h->tail && !h->quit)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->head == h->tail && h->quit)
			break;
		unsigned i = h->tail % HASH_SLOTS;
		pthread_mutex_unlock(&h->mu);
		EVP_DigestUpdate(h->md[i], h->slot[i], h->len[i]);
		pthread_mutex_lock(&h->mu);
		h->tail++;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

static void hasher_start(struct hasher *h)
{
	memset(h, 0, sizeof(*h));
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	for (int i = 0; i < HASH_SLOTS; i++)
		h->slot[i] = acm_xmalloc(IOBUF);
	h->running = pthread_create(&h->th, NULL, hasher_main, h) == 0;
}

/* Hash p on the thread (or here when it could not start). */
static void hasher_feed(struct hasher *h, EVP_MD_CTX *md, const void *p, size_t len)
{
	const unsigned char *q = p;
	if (!h->running) {
		EVP_DigestUpdate(md, p, len);
		return;
	}
	while (len > 0) {
		size_t k = len > IOBUF ? IOBUF : len;
		pthread_mutex_lock(&h->mu);
		while (h->head - h->tail == HASH_SLOTS)
			pthread_cond_wait(&h->cv, &h->mu);
		unsigned i = h->head % HASH_SLOTS;
		pthread_mutex_unlock(&h->mu);
		memcpy(h->slot[i], q, k);
		h->len[i] = k;
		h->md[i] = md;
		pthread_mutex_lock(&h->mu);
		h->head++;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		q += k;
		len -= k;
	}
}

/* Wait until everything fed has been hashed. */
static void hasher_drain(struct hasher *h)
{
	if (!h->running)
		return;
	pthread_mutex_lock(&h->mu);
	while (h->head != h->tail)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

static void hasher_stop(struct hasher *h)
{
	if (h->running) {
		pthread_mutex_lock(&h->mu);
		h->quit = true;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->th, NULL);
	}
	for (int i = 0; i < HASH_SLOTS; i++)
		free(h->slot[i]);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	h->running = false;
}

struct ctx {
	const char *media;
	const struct acm_import_opts *o;
	struct acm_import_result *r;
	bool is_dir;
	int srcfd;              /* directory media */
	struct ent *e;
	size_t n, cap;
	struct strmap idx;      /* path -> entry */
	struct acm_media_meta meta;
	struct acm_arch_votes votes;
	int destfd;             /* -1 when the destination does not exist yet */
	int tmpfd;
	struct manifest mf;
	/* parent directory cache */
	char *pdir;
	int pfd;
	char *blocked_dir;      /* last directory reported as blocked */
	/* journal batch */
	struct acm_buf pending;
	uint64_t pending_bytes;
	unsigned pending_files;
	int journalfd;
	struct acm_progress prog;
	bool progress_on;
	int scan_status;        /* 74 when the medium could be read only in part */
	mode_t umask;
	bool changed;           /* something was recorded this run */
	bool journal_seen;      /* a journal from a stopped run was read */
	unsigned char *buf;
	unsigned char *cbuf;    /* tree data being compared */
	struct hasher hasher;
};

static struct ent *ent_new(struct ctx *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->e = acm_xrealloc(c->e, c->cap * sizeof(*c->e));
	}
	struct ent *e = &c->e[c->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

static void refuse(struct ctx *c, struct ent *e, const char *shown, const char *why)
{
	e->plan = P_REFUSED;
	e->type = 'x';
	c->r->refused++;
	acm_err("'%s': refusing entry '%s': %s", c->media, shown, why);
}

/* Classify one entry by name; returns false when it was refused. */
static bool ent_name(struct ctx *c, struct ent *e, const char *raw)
{
	/* ISO readers hand out "./x" or "x", directories with a trailing '/'. */
	char *tmp = acm_xstrdup(raw);
	size_t l = strlen(tmp);
	while (l > 1 && tmp[l - 1] == '/')
		tmp[--l] = '\0';
	if (!strcmp(tmp, ".") || !strcmp(tmp, "./") || !tmp[0]) {
		e->path = acm_xstrdup("");
		e->plan = P_SKIP;
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
	if (!strncmp(base_name(clean), ACM_IMPORT_RESERVED, strlen(ACM_IMPORT_RESERVED))) {
		refuse(c, e, raw, "the name is reserved for the import's own files");
		return false;
	}
	return true;
}

static void ent_kind(struct ctx *c, struct ent *e, mode_t fmt, const char *link, const char *hardlink)
{
	if (e->plan == P_REFUSED || e->plan == P_SKIP)
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
	if (v)
		refuse(c, e, e->path, acm_confine_why(v));
	else if (kind == ACM_CONFINE_FILE)
		e->type = 'f';
	else if (kind == ACM_CONFINE_DIR)
		e->type = 'd';
	else {
		e->type = 'l';   /* judged by check_links() once the medium is listed */
		e->target = acm_xstrdup(link ? link : "");
	}
	if (e->mode & (S_ISUID | S_ISGID | S_ISVTX))
		acm_verbose("'%s': dropping set-id/sticky bits of '%s'", c->media, e->path);
}

/* Symlinks are judged once the whole medium is listed and the destination
 * is open: resolved as the kernel would against every entry of the medium
 * and what earlier discs left in the tree (confine.h), not by counting. */
static void check_links(struct ctx *c)
{
	struct acm_confine *t = acm_confine_new(c->destfd);
	const char **paths = acm_xcalloc(c->n + 1, sizeof(char *));
	const char **targets = acm_xcalloc(c->n + 1, sizeof(char *));
	size_t *which = acm_xcalloc(c->n + 1, sizeof(size_t)), n = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct ent *e = &c->e[i];
		if (e->plan == P_REFUSED || e->plan == P_SKIP)
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
		struct ent *e = &c->e[which[k]];
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

static struct archive *iso_open(struct ctx *c, size_t block, int *st)
{
	struct archive *a = archive_read_new();
	archive_read_support_format_iso9660(a);
	if (archive_read_open_filename(a, c->media, block) != ARCHIVE_OK) {
		int err = archive_errno(a);
		if (err == ENOENT) {
			acm_err("'%s': no such file or device; give an ISO image, a device or a mounted directory",
				c->media);
			*st = ACM_EX_NOINPUT;
		} else if (err == EILSEQ || err == -1) { /* libarchive's "file format" / "misc" */
			acm_err("'%s': not an ISO 9660 image (%s); give an .iso file, a device or a mounted directory",
				c->media, archive_error_string(a));
			*st = ACM_EX_DATAERR;
		} else if (err == EACCES || err == EPERM) {
			acm_err("'%s': %s; run as a user who may read it", c->media, archive_error_string(a));
			*st = ACM_EX_NOINPUT;
		} else {
			acm_err("'%s': cannot read: %s", c->media, archive_error_string(a));
			*st = ACM_EX_IOERR;
		}
		archive_read_free(a);
		return NULL;
	}
	return a;
}

static void note_meta(struct ctx *c, struct ent *e, const void *data, size_t len)
{
	int disc = 0;
	int idx = acm_media_file_index(e->path, &disc);
	if (idx < 0)
		return;
	acm_media_meta_set(&c->meta, idx, data, len);
	if (disc && !c->meta.suse_disc)
		c->meta.suse_disc = disc;
}

static bool is_meta(const struct ent *e)
{
	int d;
	return e->type == 'f' && e->size <= ACM_MEDIA_META_MAX && acm_media_file_index(e->path, &d) >= 0;
}

static int scan_iso(struct ctx *c)
{
	int st = 0;
	/* Small reads here: for each entry libarchive reads a block where its
	 * data starts (to spot zisofs); 1 MiB there would read the whole image. */
	struct archive *a = iso_open(c, 16384, &st);
	if (!a)
		return st;
	struct archive_entry *ae;
	size_t headers = 0;
	for (;;) {
		int r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			if (headers == 0) {
				acm_err("'%s': not an ISO 9660 image (%s); give an .iso file, a device or a mounted directory",
					c->media, archive_error_string(a));
				st = ACM_EX_DATAERR;
				archive_read_free(a);
				return st;
			}
			/* Keep what was listed: the readable part is still imported
			 * (and recorded), so a later run with a good image resumes. */
			acm_err("'%s': cannot read past entry %zu: %s; the image is damaged or truncated (what can be read is imported)",
				c->media, headers, archive_error_string(a));
			c->scan_status = ACM_EX_IOERR;
			break;
		}
		if (r == ARCHIVE_WARN)
			acm_warn("'%s': %s", c->media, archive_error_string(a));
		headers++;
		struct ent *e = ent_new(c);
		const char *name = archive_entry_pathname(ae);
		e->mode = archive_entry_perm(ae);
		e->size = archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0 ? (uint64_t)archive_entry_size(ae) : 0;
		e->mtime = archive_entry_mtime(ae);
		if (!name) {
			e->path = acm_xstrdup("?");
			refuse(c, e, "?", "the name cannot be decoded");
			continue;
		}
		if (!ent_name(c, e, name))
			continue;
		ent_kind(c, e, archive_entry_filetype(ae), archive_entry_symlink(ae), archive_entry_hardlink(ae));
		if (e->plan == P_SKIP || e->plan == P_REFUSED)
			continue;
		map_put(&c->idx, e->path, c->n - 1);
		acm_media_arch_vote(&c->votes, e->path);
		if (is_meta(e)) {
			struct acm_buf b = ACM_BUF_INIT;
			char tmp[16384];
			la_ssize_t n;
			while ((n = archive_read_data(a, tmp, sizeof(tmp))) > 0)
				acm_buf_add(&b, tmp, (size_t)n);
			if (n < 0) {
				acm_err("'%s': cannot read '%s': %s", c->media, e->path, archive_error_string(a));
				acm_buf_free(&b);
				archive_read_free(a);
				return ACM_EX_IOERR;
			}
			acm_buf_adds(&b, "");
			note_meta(c, e, b.data, b.len);
			acm_buf_free(&b);
		}
	}
	archive_read_free(a);
	if (headers == 0) {
		acm_err("'%s': the image holds no files; is it the right image?", c->media);
		return ACM_EX_DATAERR;
	}
	return 0;
}

static int scan_dir_rec(struct ctx *c, int dfd, const char *prefix)
{
	int fd2 = dup(dfd);
	DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
	if (!d) {
		if (fd2 >= 0)
			close(fd2);
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
		struct ent *e = ent_new(c);
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
		if (c->e[idx].plan != P_REFUSED) {
			map_put(&c->idx, c->e[idx].path, idx);
			acm_media_arch_vote(&c->votes, c->e[idx].path);
			if (is_meta(&c->e[idx])) {
				char *data;
				size_t len;
				if (read_beneath(dfd, de->d_name, &data, &len, ACM_MEDIA_META_MAX) == 0) {
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

/* ------------------------------------------------------- the destination */

/* The directory holding path's last component, opened beneath destfd
 * (cached: media lists files directory by directory). Creates missing
 * directories when asked. Returns an fd owned by the cache, or -errno. */
static int parent_fd(struct ctx *c, const char *path, bool create);

static int open_dir(struct ctx *c, const char *dir, bool create)
{
	if (!dir[0])
		return dup(c->destfd);
	int fd = acm_open_beneath(c->destfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	struct stat sb;
	/* O_DIRECTORY|O_NOFOLLOW on a symlink says ENOTDIR: call it the link
	 * it is (a stat only, to word the message). */
	if (fd == -ENOTDIR && fstatat(c->destfd, dir, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode))
		fd = -ELOOP;
	if (fd != -ENOENT || !create)
		return fd;
	char *up = dir_name(dir);
	int ufd = up[0] ? acm_open_beneath(c->destfd, up, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0) : dup(c->destfd);
	if (ufd == -ENOENT)
		ufd = open_dir(c, up, true);
	free(up);
	if (ufd < 0)
		return ufd;
	if (mkdirat(ufd, base_name(dir), 0755) < 0 && errno != EEXIST) {
		int err = errno;
		close(ufd);
		return -err;
	}
	fd = openat(ufd, base_name(dir), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	close(ufd);
	return fd;
}

static int parent_fd(struct ctx *c, const char *path, bool create)
{
	char *dir = dir_name(path);
	if (c->pdir && !strcmp(c->pdir, dir) && (c->pfd >= 0 || (!create && c->pfd == -ENOENT))) {
		free(dir);
		return c->pfd;
	}
	int fd = open_dir(c, dir, create);
	if (fd < 0) {
		/* Remember a missing directory while planning: a fresh tree
		 * would otherwise cost a failed walk per file. */
		if (c->pfd >= 0)
			close(c->pfd);
		free(c->pdir);
		c->pdir = fd == -ENOENT && !create ? dir : (free(dir), NULL);
		c->pfd = fd == -ENOENT && !create ? -ENOENT : -1;
		return fd;
	}
	if (c->pfd >= 0)
		close(c->pfd);
	free(c->pdir);
	c->pdir = dir;
	c->pfd = fd;
	return fd;
}

static void pdir_forget(struct ctx *c)
{
	if (c->pfd >= 0)
		close(c->pfd);
	c->pfd = -1;
	free(c->pdir);
	c->pdir = NULL;
}

static void report_blocked(struct ctx *c, const char *path, int err)
{
	char *dir = dir_name(path);
	if (c->blocked_dir && !strncmp(dir, c->blocked_dir, strlen(c->blocked_dir))) {
		free(dir);
		return;
	}
	acm_err("'%s/%s': cannot write there: %s in the tree is in the way (%s); remove it and run again",
		c->r->dest, dir, err == ELOOP ? "a symlink" : "a file", strerror(err));
	free(c->blocked_dir);
	c->blocked_dir = dir;
	c->r->conflicts++;
}

/* Compare against what the tree holds, without reading file data. */
static void plan_entry(struct ctx *c, struct ent *e)
{
	if (e->plan == P_SKIP || e->plan == P_REFUSED)
		return;
	c->r->missing++; /* taken back below when present */
	if (c->destfd < 0) {
		e->plan = P_COPY;
		return;
	}
	int pfd = parent_fd(c, e->path, false);
	if (pfd == -ENOENT) {
		e->plan = P_COPY;
		return;
	}
	if (pfd < 0 && c->o->force && pfd == -ELOOP) {
		/* The directory entry before it replaces the link (--force). */
		e->plan = P_COPY;
		return;
	}
	if (pfd < 0) {
		e->plan = P_BLOCKED;
		report_blocked(c, e->path, -pfd);
		return;
	}
	struct stat sb;
	const char *base = base_name(e->path);
	if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
		e->plan = P_COPY;
		return;
	}
	size_t mi;
	const struct mf_entry *m = map_get(&c->mf.idx, e->path, &mi) ? &c->mf.e[mi] : NULL;
	int disc = c->r->id.disc;
	if (e->type == 'd') {
		if (S_ISDIR(sb.st_mode))
			e->plan = P_PRESENT;
		else if (c->o->force && S_ISLNK(sb.st_mode))
			e->plan = P_REPLACE;
		else {
			e->plan = P_CONFLICT;
			c->r->conflicts++;
			acm_err("'%s/%s': the medium has a directory here but the tree has %s; %s", c->r->dest,
				e->path, S_ISLNK(sb.st_mode) ? "a symlink" : "a file",
				S_ISLNK(sb.st_mode) ? "remove it or use --force to replace it" : "remove it and run again");
		}
	} else if (e->type == 'l') {
		char cur[4096];
		ssize_t n = S_ISLNK(sb.st_mode) ? readlinkat(pfd, base, cur, sizeof(cur) - 1) : -1;
		if (n >= 0) {
			cur[n] = '\0';
			if (!strcmp(cur, e->target)) {
				e->plan = P_PRESENT;
				goto done;
			}
		}
		if (m && m->disc != disc) {
			e->plan = P_OTHERDISC;
		} else if (c->o->force && !S_ISDIR(sb.st_mode)) {
			e->plan = P_REPLACE;
		} else {
			e->plan = P_CONFLICT;
			c->r->conflicts++;
			acm_err("'%s/%s': the tree has a different entry where the medium has a symlink to '%s'; use --force to replace it",
				c->r->dest, e->path, e->target);
		}
	} else { /* 'f' or 'h' */
		if (!S_ISREG(sb.st_mode)) {
			if (c->o->force && !S_ISDIR(sb.st_mode)) {
				e->plan = P_REPLACE;
			} else {
				e->plan = P_CONFLICT;
				c->r->conflicts++;
				acm_err("'%s/%s': the tree has %s where the medium has a file; %s", c->r->dest, e->path,
					S_ISLNK(sb.st_mode) ? "a symlink" : S_ISDIR(sb.st_mode) ? "a directory" : "a special file",
					S_ISDIR(sb.st_mode) ? "remove it and run again" : "remove it or use --force to replace it");
			}
		} else if (m && m->type == 'f' && m->disc != disc) {
			e->plan = P_OTHERDISC;
		} else if (m && m->type == 'f' && m->size == e->size && m->media_mtime == e->mtime &&
			   (uint64_t)sb.st_size == m->size && (int64_t)sb.st_mtime == m->tree_mtime) {
			/* --force makes the tree equal the medium: compare contents. */
			e->plan = c->o->force ? P_COMPARE : P_PRESENT;
			memcpy(e->sha, m->sha, sizeof(e->sha));
		} else if ((uint64_t)sb.st_size != e->size && !m) {
			/* Not ours and not the same size: a conflict without reading. */
			if (c->o->force) {
				e->plan = P_REPLACE;
			} else {
				e->plan = P_CONFLICT;
				c->r->conflicts++;
				acm_err("'%s/%s': differs from the medium (%" PRIu64 " bytes in the tree, %" PRIu64
					" on the medium); left alone: use --force to replace it",
					c->r->dest, e->path, (uint64_t)sb.st_size, e->size);
			}
		} else {
			e->plan = P_COMPARE;
		}
	}
done:
	if (e->plan == P_PRESENT || e->plan == P_OTHERDISC)
		c->r->missing--;
}

/* ---------------------------------------------------------------- copying */

struct sink {
	int fd;               /* temporary being written, or -1 */
	int cmp;              /* tree file compared with as data streams by, or -1 */
	bool differs;         /* the tree file differs from the medium so far */
	bool spill;           /* on a difference, write the medium's file (--force) */
	EVP_MD_CTX *md;
	uint64_t n;           /* medium bytes seen */
	const char *tmpname;
	mode_t mode;
	struct hasher *h;     /* hash on the thread (large files), or NULL */
};

static int write_out(struct ctx *c, struct sink *s, const void *p, size_t len, const char *what)
{
	int r = acm_write_all(s->fd, p, len);
	if (r < 0) {
		acm_err("'%s/%s': cannot write: %s; %s", c->r->dest, what, strerror(-r),
			-r == ENOSPC || -r == EDQUOT ? "free some space and run again: what was copied is kept and the next run resumes"
						      : "what was copied is kept and the next run resumes");
		return ACM_EX_IOERR;
	}
	c->r->copied += len;
	if (c->progress_on)
		acm_progress_add(&c->prog, len);
	return 0;
}

static int sink_open_tmp(struct ctx *c, struct sink *s)
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
		acm_err("'%s/%s/%s': cannot create: %s%s", c->r->dest, TMPDIR_NAME, s->tmpname, strerror(err),
			full ? "; free some space (or inodes) and run again: what was copied is kept and the next run resumes" : "");
		return full ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	return 0;
}

/* The tree file stopped matching after s->n bytes: with --force, start the
 * replacement with those bytes (the same on both sides, taken from the
 * tree file) and go on writing the medium's data. */
static int sink_diverge(struct ctx *c, struct sink *s, const char *what)
{
	s->differs = true;
	if (!s->spill || s->fd >= 0)
		return 0;
	int r = sink_open_tmp(c, s);
	for (uint64_t off = 0; !r && off < s->n;) {
		size_t k = s->n - off > IOBUF ? IOBUF : (size_t)(s->n - off);
		ssize_t got = pread(s->cmp, c->cbuf, k, (off_t)off);
		if (got <= 0) {
			acm_err("'%s/%s': cannot read: %s", c->r->dest, what, got < 0 ? strerror(errno) : "file shrank");
			return ACM_EX_IOERR;
		}
		r = write_out(c, s, c->cbuf, (size_t)got, what);
		off += (uint64_t)got;
	}
	return r;
}

static int sink_write(struct ctx *c, struct sink *s, const void *p, size_t len, const char *what)
{
	if (s->h)
		hasher_feed(s->h, s->md, p, len);
	else
		EVP_DigestUpdate(s->md, p, len);
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
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_DigestFinal_ex(s->md, md, &n);
	hex(sha, md, n);
}

/* sha256 of a file beneath the tree, or -errno. */
static int hash_fd(int fd, const EVP_MD *type, char *out, unsigned char *buf)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, type, NULL);
	int r = 0;
	for (;;) {
		ssize_t n = read(fd, buf, IOBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(md, buf, (size_t)n);
	}
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	EVP_DigestFinal_ex(md, d, &dn);
	EVP_MD_CTX_free(md);
	if (!r)
		hex(out, d, dn);
	return r;
}

static int flush_batch(struct ctx *c, bool final)
{
	if (!c->pending.len && !final)
		return 0;
	/* Data of every renamed file reaches the disk before the journal says
	 * it is there (one syncfs instead of an fsync per file). */
	if (syncfs(c->destfd) < 0) {
		acm_err("'%s': cannot sync: %s; the next run checks these files again", c->r->dest, strerror(errno));
		return ACM_EX_IOERR;
	}
	if (c->pending.len) {
		if (c->journalfd < 0) {
			c->journalfd = openat(c->destfd, JOURNAL_NAME, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
			if (c->journalfd < 0) {
				acm_err("'%s/%s': cannot open: %s", c->r->dest, JOURNAL_NAME, strerror(errno));
				return ACM_EX_CANTCREAT;
			}
		}
		int r = acm_write_all(c->journalfd, c->pending.data, c->pending.len);
		if (r < 0) {
			acm_err("'%s/%s': cannot write: %s", c->r->dest, JOURNAL_NAME, strerror(-r));
			return ACM_EX_IOERR;
		}
	}
	acm_buf_reset(&c->pending);
	c->pending_bytes = 0;
	c->pending_files = 0;
	return 0;
}

static int record(struct ctx *c, const struct mf_entry *m)
{
	c->changed = true;
	mf_add(&c->mf, m);
	mf_format(&c->pending, m);
	c->pending_bytes += m->size;
	c->pending_files++;
	if (c->pending_bytes >= BATCH_BYTES || c->pending_files >= BATCH_FILES)
		return flush_batch(c, false);
	return 0;
}

/* Put temporary tmpname into place as e->path. */
static int put_in_place(struct ctx *c, struct ent *e, const char *tmpname, bool replace)
{
	int pfd = parent_fd(c, e->path, true);
	if (pfd < 0) {
		unlinkat(c->tmpfd, tmpname, 0);
		e->plan = P_BLOCKED;
		report_blocked(c, e->path, -pfd);
		return 0;
	}
	int r = renameat2(c->tmpfd, tmpname, pfd, base_name(e->path), replace ? 0 : RENAME_NOREPLACE);
	if (r < 0) {
		int err = errno;
		unlinkat(c->tmpfd, tmpname, 0);
		if (err == EEXIST) {
			/* Appeared since we looked: not ours to overwrite. */
			e->plan = P_CONFLICT;
			c->r->conflicts++;
			acm_err("'%s/%s': appeared in the tree during the import; left alone", c->r->dest, e->path);
			return 0;
		}
		acm_err("'%s/%s': cannot rename into place: %s", c->r->dest, e->path, strerror(err));
		return err == ENOSPC ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	return 0;
}

/* The data of one file entry, from whichever source, into the sink. */
typedef int (*data_fn)(struct ctx *c, struct ent *e, struct sink *s, void *src);

static int iso_data(struct ctx *c, struct ent *e, struct sink *s, void *src)
{
	struct archive *a = src;
	const void *p;
	size_t len;
	la_int64_t off;
	static const char zero[4096];
	for (;;) {
		int r = archive_read_data_block(a, &p, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			acm_err("'%s': cannot read '%s': %s; the image is damaged or truncated (what was copied is kept)",
				c->media, e->path, archive_error_string(a));
			return ACM_EX_IOERR;
		}
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

static int dir_data(struct ctx *c, struct ent *e, struct sink *s, void *src)
{
	int fd = acm_open_beneath(c->srcfd, e->path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		acm_err("'%s/%s': cannot open: %s", c->media, e->path, strerror(-fd));
		return ACM_EX_IOERR;
	}
	for (;;) {
		ssize_t n = read(fd, c->buf, IOBUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			acm_err("'%s/%s': cannot read: %s", c->media, e->path, strerror(errno));
			close(fd);
			return ACM_EX_IOERR;
		}
		if (n == 0)
			break;
		int w = sink_write(c, s, c->buf, (size_t)n, e->path);
		if (w) {
			close(fd);
			return w;
		}
	}
	close(fd);
	return 0;
}

/* A hard link's data is the tree copy of its target, written earlier. */
static int link_data(struct ctx *c, struct ent *e, struct sink *s, void *src)
{
	int fd = c->destfd >= 0 ? acm_open_beneath(c->destfd, e->target, O_RDONLY | O_CLOEXEC, 0) : -ENOENT;
	if (fd < 0 && c->is_dir)
		return dir_data(c, e, s, src);
	if (fd < 0) {
		acm_err("'%s': hard link '%s' -> '%s': the target is not in the tree (%s)", c->media, e->path,
			e->target, strerror(-fd));
		return ACM_EX_DATAERR;
	}
	for (;;) {
		ssize_t n = read(fd, c->buf, IOBUF);
		if (n <= 0)
			break;
		int w = sink_write(c, s, c->buf, (size_t)n, e->path);
		if (w) {
			close(fd);
			return w;
		}
	}
	close(fd);
	return 0;
}

static mode_t file_mode(const struct ent *e)
{
	/* Set-id and sticky bits never reach the tree; it is served read-only. */
	return (e->mode & 0111) ? 0755 : 0644;
}

static int do_file(struct ctx *c, struct ent *e, data_fn fn, void *src, bool write)
{
	char tmpname[32];
	snprintf(tmpname, sizeof(tmpname), "%zu", (size_t)(e - c->e));
	struct sink s = { -1, -1, false, false, EVP_MD_CTX_new(), 0, tmpname, file_mode(e),
			  e->size >= HASH_THREAD_MIN ? &c->hasher : NULL };
	EVP_DigestInit_ex(s.md, EVP_sha256(), NULL);
	int r = 0;
	struct stat tsb;
	memset(&tsb, 0, sizeof(tsb));
	if (e->plan == P_COMPARE) {
		/* A file is in the tree but unrecorded, changed, or --force asks:
		 * is it the medium's? */
		int pfd = parent_fd(c, e->path, false);
		s.cmp = pfd >= 0 ? openat(pfd, base_name(e->path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
		if (s.cmp < 0 || fstat(s.cmp, &tsb) < 0)
			s.differs = true;
		s.spill = write && c->o->force;
		if (s.differs && s.spill)
			r = sink_open_tmp(c, &s);
	} else if (write) {
		r = sink_open_tmp(c, &s);
	}
	if (!r)
		r = fn(c, e, &s, src);
	if (!r && s.n != e->size && e->type == 'f') {
		acm_err("'%s': '%s' has %" PRIu64 " bytes, the directory said %" PRIu64 "; the medium is damaged",
			c->media, e->path, s.n, e->size);
		r = ACM_EX_IOERR;
	}
	/* the tree file may be longer than the medium's */
	if (!r && s.cmp >= 0 && !s.differs && (uint64_t)tsb.st_size != s.n)
		r = sink_diverge(c, &s, e->path);
	if (s.h)
		hasher_drain(s.h);
	sink_done(&s, e->sha);
	EVP_MD_CTX_free(s.md);
	if (s.cmp >= 0)
		close(s.cmp);
	if (s.fd >= 0) {
		struct timespec ts[2] = { { 0, UTIME_OMIT }, { (time_t)e->mtime, 0 } };
		if (!r && (((file_mode(e) & c->umask) && fchmod(s.fd, file_mode(e)) < 0) || futimens(s.fd, ts) < 0)) {
			acm_err("'%s/%s': cannot set mode/time: %s", c->r->dest, e->path, strerror(errno));
			r = ACM_EX_CANTCREAT;
		}
		/* Start writing it back now, so the final syncfs() finds little
		 * left to do and the disk works while we read the next file. */
		if (!r)
			sync_file_range(s.fd, 0, 0, SYNC_FILE_RANGE_WRITE);
		if (close(s.fd) < 0 && !r) {
			acm_err("'%s/%s': cannot write: %s", c->r->dest, e->path, strerror(errno));
			r = ACM_EX_IOERR;
		}
	}
	bool have_tmp = s.fd >= 0;
	if (r) {
		if (have_tmp)
			unlinkat(c->tmpfd, tmpname, 0);
		return r;
	}
	if (e->plan == P_COMPARE) {
		if (!s.differs) {
			if (have_tmp)
				unlinkat(c->tmpfd, tmpname, 0);
			e->plan = P_PRESENT;
			c->r->missing--;
			if (!write)
				return 0;
			size_t mi;
			/* Already recorded just so (a --force run): nothing to add. */
			if (map_get(&c->mf.idx, e->path, &mi) && !strcmp(c->mf.e[mi].sha, e->sha) &&
			    c->mf.e[mi].size == e->size && c->mf.e[mi].media_mtime == e->mtime &&
			    c->mf.e[mi].tree_mtime == (int64_t)tsb.st_mtime)
				return 0;
			struct mf_entry m = { 'f', c->r->id.disc, e->size, e->mtime, (int64_t)tsb.st_mtime, "", e->path, NULL };
			memcpy(m.sha, e->sha, sizeof(m.sha));
			return record(c, &m);
		}
		if (!c->o->force) {
			e->plan = P_CONFLICT;
			c->r->conflicts++;
			if (have_tmp)
				unlinkat(c->tmpfd, tmpname, 0);
			acm_err("'%s/%s': differs from the medium; left alone: use --force to replace it", c->r->dest,
				e->path);
			return 0;
		}
		e->plan = P_REPLACE;
	}
	if (!write)
		return 0;
	r = put_in_place(c, e, tmpname, e->plan == P_REPLACE);
	if (r || e->plan == P_CONFLICT || e->plan == P_BLOCKED)
		return r;
	struct mf_entry m = { 'f', c->r->id.disc, e->size, e->mtime, e->mtime, "", e->path, NULL };
	memcpy(m.sha, e->sha, sizeof(m.sha));
	e->plan = P_PRESENT;
	return record(c, &m);
}

static int do_link(struct ctx *c, struct ent *e)
{
	char tmpname[32];
	snprintf(tmpname, sizeof(tmpname), "%zu", (size_t)(e - c->e));
	unlinkat(c->tmpfd, tmpname, 0);
	if (symlinkat(e->target, c->tmpfd, tmpname) < 0) {
		acm_err("'%s/%s': cannot create symlink: %s", c->r->dest, e->path, strerror(errno));
		return errno == ENOSPC ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	int r = put_in_place(c, e, tmpname, e->plan == P_REPLACE);
	if (r || e->plan == P_CONFLICT || e->plan == P_BLOCKED)
		return r;
	struct mf_entry m = { 'l', c->r->id.disc, 0, 0, 0, "", e->path, e->target };
	e->plan = P_PRESENT;
	return record(c, &m);
}

static int do_dir(struct ctx *c, struct ent *e)
{
	if (e->plan == P_REPLACE) {
		/* --force: only ever a symlink here (plan_entry). */
		int pfd = parent_fd(c, e->path, true);
		if (pfd >= 0)
			unlinkat(pfd, base_name(e->path), 0);
		pdir_forget(c);
	}
	int fd = open_dir(c, e->path, true);
	if (fd < 0) {
		e->plan = P_BLOCKED;
		report_blocked(c, e->path, -fd);
		return 0;
	}
	close(fd);
	struct mf_entry m = { 'd', c->r->id.disc, 0, 0, 0, "", e->path, NULL };
	e->plan = P_PRESENT;
	return record(c, &m);
}

static bool needs_work(const struct ent *e)
{
	return e->plan == P_COPY || e->plan == P_COMPARE || e->plan == P_REPLACE;
}

static int apply_entry(struct ctx *c, struct ent *e, void *src, bool write)
{
	if (!needs_work(e))
		return 0;
	switch (e->type) {
	case 'd':
		return write ? do_dir(c, e) : 0;
	case 'l':
		return write ? do_link(c, e) : 0;
	case 'h':
		return do_file(c, e, link_data, src, write);
	case 'f':
		if (!write && e->plan != P_COMPARE)
			return 0;
		return do_file(c, e, c->is_dir ? dir_data : iso_data, src, write);
	}
	return 0;
}

static int copy_pass_run(struct ctx *c, bool write);

/* Second pass: stream the data of what the plan needs. */
static int copy_pass(struct ctx *c, bool write)
{
	hasher_start(&c->hasher);
	int st = copy_pass_run(c, write);
	hasher_stop(&c->hasher);
	return st;
}

static int copy_pass_run(struct ctx *c, bool write)
{
	int st = 0;
	if (c->is_dir) {
		for (size_t i = 0; i < c->n && st < ACM_EX_IOERR; i++) {
			int r = apply_entry(c, &c->e[i], NULL, write);
			if (r > st)
				st = r;
		}
		return st;
	}
	bool data_needed = false;
	for (size_t i = 0; i < c->n; i++)
		if (needs_work(&c->e[i]) && (c->e[i].type == 'f' || c->e[i].type == 'h') &&
		    (write || c->e[i].plan == P_COMPARE))
			data_needed = true;
	if (!data_needed) {
		for (size_t i = 0; i < c->n; i++) {
			int r = apply_entry(c, &c->e[i], NULL, write);
			if (r > st)
				st = r;
		}
		return st;
	}
	struct archive *a = iso_open(c, IOBUF, &st);
	if (!a)
		return st;
	struct archive_entry *ae;
	size_t k = 0;
	for (;;) {
		int r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN && c->scan_status && k >= c->n)
			break; /* the end the first pass already reported */
		if (r < ARCHIVE_WARN) {
			acm_err("'%s': cannot read: %s; the image is damaged or truncated (what was copied is kept)",
				c->media, archive_error_string(a));
			st = ACM_EX_IOERR;
			break;
		}
		if (k >= c->n && c->scan_status)
			break;
		if (k >= c->n) {
			acm_err("'%s': the medium changed while being read; run again", c->media);
			st = ACM_EX_IOERR;
			break;
		}
		r = apply_entry(c, &c->e[k++], a, write);
		if (r > st)
			st = r;
		if (st >= ACM_EX_IOERR)
			break;
	}
	archive_read_free(a);
	return st;
}

/* ------------------------------------------------------------- verifying */

struct expect {
	struct strmap idx;
	char **algo, **sum, **from;
	size_t n, cap;
};

static void expect_add(struct expect *x, const char *path, const char *algo, const char *sum, const char *from)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->algo = acm_xrealloc(x->algo, x->cap * sizeof(char *));
		x->sum = acm_xrealloc(x->sum, x->cap * sizeof(char *));
		x->from = acm_xrealloc(x->from, x->cap * sizeof(char *));
	}
	/* Keys are "path\n#" so one path can carry several sums. */
	char *key = acm_xasprintf("%s\n%zu", path, x->n);
	map_put(&x->idx, key, x->n);
	free(key);
	char *a = acm_xstrdup(algo);
	for (char *p = a; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	x->algo[x->n] = !strcmp(a, "sha") ? (free(a), acm_xstrdup("sha1")) : a;
	x->sum[x->n] = acm_xstrdup(sum);
	for (char *p = x->sum[x->n]; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	x->from[x->n] = acm_xstrdup(from);
	x->n++;
}

static void expect_free(struct expect *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->algo[i]);
		free(x->sum[i]);
		free(x->from[i]);
	}
	free(x->algo);
	free(x->sum);
	free(x->from);
	map_free(&x->idx);
}

static char *xml_attr(const char *s, const char *end, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = s; p && p < end; p++) {
		p = strstr(p, name);
		if (!p || p >= end)
			return NULL;
		if ((p == s || isspace((unsigned char)p[-1])) && p[nl] == '=' && (p[nl + 1] == '"' || p[nl + 1] == '\'')) {
			char q = p[nl + 1];
			const char *v = p + nl + 2, *ve = strchr(v, q);
			if (!ve || ve > end)
				return NULL;
			struct acm_buf b = ACM_BUF_INIT;
			for (const char *t = v; t < ve; t++) {
				/* The five predefined XML entities are all package names use. */
				static const char *const ents[][2] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
								       { "&quot;", "\"" }, { "&apos;", "'" } };
				size_t k;
				for (k = 0; k < 5; k++)
					if (!strncmp(t, ents[k][0], strlen(ents[k][0]))) {
						acm_buf_adds(&b, ents[k][1]);
						t += strlen(ents[k][0]) - 1;
						break;
					}
				if (k == 5)
					acm_buf_addc(&b, *t);
			}
			acm_buf_adds(&b, "");
			return acm_buf_steal(&b);
		}
	}
	return NULL;
}

/* Decompress (gzip, xz, zstd, bzip2 or none) a whole buffer with libarchive. */
static char *decompress(const char *data, size_t len, size_t *outlen)
{
	struct archive *a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	struct archive_entry *ae;
	char *res = NULL;
	if (archive_read_open_memory(a, data, len) == ARCHIVE_OK && archive_read_next_header(a, &ae) == ARCHIVE_OK) {
		struct acm_buf b = ACM_BUF_INIT;
		char tmp[65536];
		la_ssize_t n;
		while ((n = archive_read_data(a, tmp, sizeof(tmp))) > 0)
			acm_buf_add(&b, tmp, (size_t)n);
		acm_buf_adds(&b, "");
		*outlen = b.len;
		res = n < 0 ? (acm_buf_free(&b), NULL) : acm_buf_steal(&b);
	}
	archive_read_free(a);
	return res;
}

/* Package checksums from a yum/dnf repository's primary metadata. */
static void expect_repodata(struct ctx *c, struct expect *x, const char *repomd_path)
{
	char *base = dir_name(repomd_path);  /* X/repodata */
	char *top = dir_name(base);          /* X */
	char *md = NULL, *prim = NULL;
	size_t mdlen, plen;
	if (read_beneath(c->destfd, repomd_path, &md, &mdlen, 64 << 20) < 0)
		goto out;
	const char *d = strstr(md, "type=\"primary\"");
	const char *dend = d ? strstr(d, "</data>") : NULL;
	const char *loc = d && dend ? strstr(d, "<location") : NULL;
	char *href = loc && loc < dend ? xml_attr(loc, dend, "href") : NULL;
	if (!href)
		goto out;
	char *ppath = top[0] ? acm_xasprintf("%s/%s", top, href) : acm_xstrdup(href);
	free(href);
	char *raw = NULL;
	size_t rawlen;
	char *clean = NULL;
	if (acm_confine_name(ppath, 0, &clean) == 0 && read_beneath(c->destfd, clean, &raw, &rawlen, 1u << 30) == 0)
		prim = decompress(raw, rawlen, &plen);
	free(raw);
	free(clean);
	free(ppath);
	if (!prim) {
		acm_warn("'%s/%s': cannot read its primary metadata; package checksums not verified", c->r->dest,
			 repomd_path);
		goto out;
	}
	for (const char *p = strstr(prim, "<package"); p; p = strstr(p, "<package")) {
		const char *pend = strstr(p, "</package>");
		if (!pend)
			break;
		const char *ck = strstr(p, "<checksum");
		const char *lo = strstr(p, "<location");
		if (ck && lo && ck < pend && lo < pend) {
			char *type = xml_attr(ck, pend, "type");
			const char *gt = strchr(ck, '>');
			const char *lt = gt ? strchr(gt, '<') : NULL;
			char *lhref = xml_attr(lo, pend, "href");
			char *xbase = xml_attr(lo, pend, "xml:base");
			if (type && gt && lt && lt < pend && lhref && !xbase) {
				char *sum = acm_xmalloc((size_t)(lt - gt));
				memcpy(sum, gt + 1, (size_t)(lt - gt - 1));
				sum[lt - gt - 1] = '\0';
				char *path = top[0] ? acm_xasprintf("%s/%s", top, lhref) : acm_xstrdup(lhref);
				char *cp = NULL;
				if (acm_confine_name(path, 0, &cp) == 0)
					expect_add(x, cp, type, sum, repomd_path);
				free(cp);
				free(path);
				free(sum);
			}
			free(type);
			free(lhref);
			free(xbase);
		}
		p = pend;
	}
out:
	free(md);
	free(prim);
	free(base);
	free(top);
}

static int verify(struct ctx *c)
{
	struct expect x;
	memset(&x, 0, sizeof(x));
	/* .treeinfo [checksums]: "images/install.img = sha256:HEX" */
	if (c->meta.data[ACM_MF_TREEINFO]) {
		struct acm_ini ini;
		acm_ini_parse(&ini, c->meta.data[ACM_MF_TREEINFO], c->meta.len[ACM_MF_TREEINFO]);
		for (size_t i = 0; i < ini.n; i++) {
			const char *colon = strchr(ini.kv[i].value, ':');
			char *cp = NULL;
			if (strcmp(ini.kv[i].section, "checksums") || !colon)
				continue;
			char *algo = acm_xmalloc((size_t)(colon - ini.kv[i].value) + 1);
			memcpy(algo, ini.kv[i].value, (size_t)(colon - ini.kv[i].value));
			algo[colon - ini.kv[i].value] = '\0';
			if (acm_confine_name(ini.kv[i].key, 0, &cp) == 0)
				expect_add(&x, cp, algo, colon + 1, ".treeinfo");
			free(cp);
			free(algo);
		}
		acm_ini_free(&ini);
	}
	for (size_t i = 0; i < c->n; i++) {
		const char *p = c->e[i].path;
		size_t l = strlen(p);
		if (c->e[i].type == 'f' && l >= 19 && !strcmp(p + l - 19, "repodata/repomd.xml") &&
		    (l == 19 || p[l - 20] == '/'))
			expect_repodata(c, &x, p);
	}
	size_t vi = 0;
	uint64_t vbytes = 0;
	for (size_t i = 0; i < c->n; i++)
		if ((c->e[i].type == 'f' || c->e[i].type == 'h') && c->e[i].plan == P_PRESENT)
			vbytes += c->e[i].size;
	struct acm_progress vp;
	acm_progress_start(&vp, NULL, "verifying", vbytes, false);
	for (size_t i = 0; i < c->n; i++) {
		struct ent *e = &c->e[i];
		if ((e->type != 'f' && e->type != 'h') || e->plan != P_PRESENT)
			continue;
		int fd = acm_open_beneath(c->destfd, e->path, O_RDONLY | O_CLOEXEC, 0);
		char sha[2 * EVP_MAX_MD_SIZE + 1];
		if (fd < 0 || hash_fd(fd, EVP_sha256(), sha, c->buf) < 0) {
			acm_err("'%s/%s': cannot read: %s", c->r->dest, e->path, strerror(fd < 0 ? -fd : errno));
			c->r->mismatches++;
			if (fd >= 0)
				close(fd);
			continue;
		}
		size_t mi;
		if (map_get(&c->mf.idx, e->path, &mi) && c->mf.e[mi].type == 'f' && strcmp(c->mf.e[mi].sha, sha)) {
			acm_err("'%s/%s': checksum mismatch: the import wrote sha256 %s, the file now has %s; re-import with --force to restore it",
				c->r->dest, e->path, c->mf.e[mi].sha, sha);
			c->r->mismatches++;
		}
		for (size_t k = 0; k < x.n; k++) {
			char key[8300];
			snprintf(key, sizeof(key), "%s\n%zu", e->path, k);
			size_t xi;
			if (!map_get(&x.idx, key, &xi))
				continue;
			const char *got = sha;
			char other[2 * EVP_MAX_MD_SIZE + 1];
			if (strcmp(x.algo[xi], "sha256")) {
				const EVP_MD *t = EVP_get_digestbyname(x.algo[xi]);
				if (!t || lseek(fd, 0, SEEK_SET) < 0 || hash_fd(fd, t, other, c->buf) < 0) {
					acm_warn("'%s/%s': cannot check %s sum from %s", c->r->dest, e->path, x.algo[xi], x.from[xi]);
					continue;
				}
				got = other;
			}
			if (strcmp(got, x.sum[xi])) {
				acm_err("'%s/%s': checksum mismatch: %s says %s %s, the file has %s; the medium or the copy is damaged",
					c->r->dest, e->path, x.from[xi], x.algo[xi], x.sum[xi], got);
				c->r->mismatches++;
			}
		}
		close(fd);
		acm_progress_add(&vp, e->size);
		vi++;
	}
	acm_progress_done(&vp);
	acm_verbose("'%s': verified %zu files against %zu checksums from the medium", c->r->dest, vi, x.n);
	expect_free(&x);
	return c->r->mismatches ? ACM_EX_DATAERR : 0;
}

/* ---------------------------------------------------------------- driver */

static int write_manifest(struct ctx *c)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_adds(&b, MANIFEST_MAGIC "\n");
	/* One "disc" line per disc, newest for this disc replacing the old. */
	char *abs = realpath(c->media, NULL);
	char *img = acm_manifest_escape(abs ? abs : c->media);
	free(abs);
	char *mine = acm_xasprintf("disc %d osver=%s arch=%s media_id=%s image=%s", c->r->id.disc, c->r->id.osver,
				   c->r->id.arch, c->r->id.media_id[0] ? c->r->id.media_id : "-", img);
	free(img);
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "disc %d ", c->r->id.disc);
	const char *s = acm_buf_str(&c->mf.discs);
	while (*s) {
		size_t l = strcspn(s, "\n");
		if (strncmp(s, prefix, strlen(prefix)))
			acm_buf_addf(&b, "%.*s\n", (int)l, s);
		s += l + (s[l] == '\n');
	}
	/* Nothing recorded and this disc's line unchanged: the manifest is
	 * already right, and a re-import writes nothing at all. */
	char *same = acm_xasprintf("%s\n", mine);
	bool unchanged = !c->changed && !c->journal_seen && (strstr(acm_buf_str(&c->mf.discs), same) != NULL);
	free(same);
	acm_buf_addf(&b, "%s\n", mine);
	free(mine);
	if (unchanged) {
		acm_buf_free(&b);
		return 0;
	}
	for (size_t i = 0; i < c->mf.n; i++)
		mf_format(&b, &c->mf.e[i]);
	/* Temporary beneath destfd (never through a planted link), then one
	 * syncfs() for it and every file renamed since the last batch, then
	 * the rename. The files it lists reach the disk before it does. */
	int st = 0;
	const char *tmp = ".acmtools-manifest.new";
	unlinkat(c->destfd, tmp, 0);
	int fd = openat(c->destfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || acm_write_all(fd, b.data, b.len) < 0 || syncfs(fd) < 0) {
		acm_err("'%s/%s': cannot write: %s", c->r->dest, ACM_IMPORT_MANIFEST, strerror(errno));
		st = errno == ENOSPC ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	if (fd >= 0)
		close(fd);
	if (!st && renameat(c->destfd, tmp, c->destfd, ACM_IMPORT_MANIFEST) < 0) {
		acm_err("'%s/%s': cannot rename into place: %s", c->r->dest, ACM_IMPORT_MANIFEST, strerror(errno));
		st = ACM_EX_CANTCREAT;
	}
	if (st) {
		unlinkat(c->destfd, tmp, 0);
	} else {
		unlinkat(c->destfd, JOURNAL_NAME, 0);
		acm_buf_reset(&c->pending); /* the manifest holds them now */
	}
	acm_buf_free(&b);
	return st;
}

static void clear_tmpdir(struct ctx *c)
{
	if (c->tmpfd < 0)
		return;
	int fd2 = dup(c->tmpfd);
	DIR *d = fd2 >= 0 ? fdopendir(fd2) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(c->tmpfd, de->d_name, 0);
	if (d)
		closedir(d);
	else if (fd2 >= 0)
		close(fd2);
}

static int identify(struct ctx *c)
{
	const struct acm_import_opts *o = c->o;
	struct acm_media_id *id = &c->r->id;
	bool ok = acm_media_identify(&c->meta, id);
	if (!id->arch[0] && acm_media_arch_guess(&c->votes)) {
		snprintf(id->arch, sizeof(id->arch), "%s", acm_media_arch_guess(&c->votes));
		acm_verbose("'%s': architecture %s taken from package file names", c->media, id->arch);
		ok = id->osver[0] != '\0';
	}
	if (o->osver)
		snprintf(id->osver, sizeof(id->osver), "%s", o->osver);
	if (o->arch)
		snprintf(id->arch, sizeof(id->arch), "%s", acm_media_arch_canon(o->arch) ? acm_media_arch_canon(o->arch) : o->arch);
	if (id->osver[0] && id->arch[0])
		return 0;
	(void)ok;
	struct acm_buf found = ACM_BUF_INIT;
	if (id->product[0])
		acm_buf_addf(&found, "found product '%s' in %s but %s", id->product, id->source,
			     id->osver[0] ? "no architecture" : id->arch[0] ? "no version" : "no version or architecture");
	else {
		bool any = false;
		for (int i = 0; i < ACM_MF_COUNT; i++)
			any |= c->meta.data[i] != NULL;
		acm_buf_adds(&found, any ? "found metadata naming no product this tool knows" : "found none of them");
	}
	acm_err("'%s': could not identify the media: looked for %s and %s; name it with -n OSVER -a ARCH (e.g. -n %s -a %s)",
		c->media, ACM_MEDIA_LOOKED_FOR, acm_buf_str(&found), id->osver[0] ? id->osver : "centos7.9",
		id->arch[0] ? id->arch : "x86_64");
	acm_buf_free(&found);
	return ACM_EX_DATAERR;
}

static int open_dest(struct ctx *c, bool create)
{
	const struct acm_import_opts *o = c->o;
	struct acm_media_id *id = &c->r->id;
	if (!acm_media_valid_name(id->osver) || !acm_media_valid_name(id->arch)) {
		acm_err("'%s': '%s/%s' is not usable as a directory name; name it with -n OSVER -a ARCH (letters, digits, '.', '_', '+', '-')",
			c->media, id->osver, id->arch);
		return ACM_EX_DATAERR;
	}
	char sub[160];
	if (id->per_disc_dirs)
		snprintf(sub, sizeof(sub), "%s/%s/%d", id->osver, id->arch, id->disc);
	else
		snprintf(sub, sizeof(sub), "%s/%s", id->osver, id->arch);
	c->r->dest = acm_xasprintf("%s/%s", o->root, sub);
	/* The root may be a symlink the admin made (/install -> /srv/install);
	 * below it nothing is followed. */
	int rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 && errno == ENOENT && create) {
		int r = acm_mkdir_p(o->root, 0755);
		if (r < 0) {
			acm_err("'%s': cannot create: %s; choose another --path", o->root, strerror(-r));
			return ACM_EX_CANTCREAT;
		}
		rootfd = open(o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (rootfd < 0) {
		if (errno == ENOENT && !create)
			return 0; /* nothing there yet: all missing */
		acm_err("'%s': cannot open the tree's root: %s; choose another --path", o->root, strerror(errno));
		return errno == ENOENT ? ACM_EX_NOINPUT : ACM_EX_CANTCREAT;
	}
	c->destfd = rootfd;
	int fd = open_dir(c, sub, create);
	close(rootfd);
	c->destfd = -1;
	if (fd == -ENOENT && !create)
		return 0;
	if (fd < 0) {
		acm_err("'%s': cannot open the destination: %s%s", c->r->dest, strerror(-fd),
			-fd == ELOOP ? " (a symlink in the tree is in the way; remove it)" : "; choose another --path");
		return ACM_EX_CANTCREAT;
	}
	c->destfd = fd;
	return 0;
}

static int space_check(struct ctx *c)
{
	uint64_t need = 0;
	for (size_t i = 0; i < c->n; i++)
		if ((c->e[i].type == 'f' || c->e[i].type == 'h') && needs_work(&c->e[i]))
			need += c->e[i].size + 4096;
	struct statvfs sv;
	if (fstatvfs(c->destfd, &sv) < 0)
		return 0;
	uint64_t have = (uint64_t)sv.f_bavail * sv.f_frsize;
	if (need > have) {
		char n1[32], n2[32];
		acm_format_bytes(n1, sizeof(n1), need);
		acm_format_bytes(n2, sizeof(n2), have);
		acm_err("'%s': not enough space: the import needs %s more, the file system has %s free; free some space or choose another --path",
			c->r->dest, n1, n2);
		return ACM_EX_IOERR;
	}
	return 0;
}

static void ctx_free(struct ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->e[i].path);
		free(c->e[i].target);
	}
	free(c->e);
	map_free(&c->idx);
	acm_media_meta_free(&c->meta);
	mf_free(&c->mf);
	pdir_forget(c);
	free(c->blocked_dir);
	acm_buf_free(&c->pending);
	if (c->journalfd >= 0)
		close(c->journalfd);
	if (c->tmpfd >= 0)
		close(c->tmpfd);
	if (c->destfd >= 0)
		close(c->destfd);
	if (c->srcfd >= 0)
		close(c->srcfd);
	free(c->buf);
	free(c->cbuf);
}

static void emit_plan(struct ctx *c)
{
	if (!c->o->plan_cb)
		return;
	static const char *const act[] = {
		[P_COPY] = "copy", [P_REPLACE] = "replace", [P_CONFLICT] = "conflict",
		[P_REFUSED] = "refuse", [P_BLOCKED] = "blocked",
	};
	for (size_t i = 0; i < c->n; i++) {
		struct ent *e = &c->e[i];
		if (e->plan >= sizeof(act) / sizeof(act[0]) || !act[e->plan])
			continue;
		const char *a = act[e->plan];
		if (e->plan == P_COPY && e->type == 'd')
			a = "mkdir";
		else if (e->plan == P_COPY && e->type == 'l')
			a = "link";
		c->o->plan_cb(c->o->plan_ctx, a, e->path, e->type == 'f' || e->type == 'h' ? e->size : 0);
	}
}

int acm_import_medium(const char *media, const struct acm_import_opts *o, struct acm_import_result *r)
{
	memset(r, 0, sizeof(*r));
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.media = media;
	c.o = o;
	c.r = r;
	c.srcfd = c.destfd = c.tmpfd = c.pfd = c.journalfd = -1;
	c.buf = acm_xmalloc(IOBUF);
	c.cbuf = acm_xmalloc(IOBUF);
	c.umask = umask(022);
	umask(c.umask);
	bool readonly = o->dry_run || o->check;
	int st;
	struct acm_lock lock = { -1, NULL };

	struct stat sb;
	if (stat(media, &sb) < 0) {
		acm_err("'%s': %s; give an ISO image, a device or a mounted directory", media, strerror(errno));
		st = errno == ENOENT ? ACM_EX_NOINPUT : ACM_EX_NOINPUT;
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		c.is_dir = true;
		c.srcfd = open(media, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (c.srcfd < 0) {
			acm_err("'%s': cannot open: %s", media, strerror(errno));
			st = ACM_EX_NOINPUT;
			goto out;
		}
		st = scan_dir_rec(&c, c.srcfd, "");
	} else {
		st = scan_iso(&c);
	}
	if (st)
		goto out;
	for (size_t i = 0; i < c.n; i++)
		if (c.e[i].type == 'f' || c.e[i].type == 'h') {
			if (c.e[i].type == 'h') {
				size_t ti;
				if (map_get(&c.idx, c.e[i].target, &ti) && c.e[ti].type == 'f') {
					c.e[i].size = c.e[ti].size;
					c.e[i].mtime = c.e[ti].mtime;
				}
			}
			r->files++;
			r->bytes += c.e[i].size;
		}
	st = identify(&c);
	if (st)
		goto out;
	st = open_dest(&c, !readonly);
	if (st)
		goto out;
	check_links(&c);
	if (!readonly) {
		char *lp = acm_xasprintf("%s/%s", r->dest, LOCK_NAME);
		st = acm_lock_take(&lock, lp);
		free(lp);
		if (st)
			goto out;
	}
	if (c.destfd >= 0)
		c.journal_seen = mf_load(&c.mf, c.destfd);
	for (size_t i = 0; i < c.n; i++)
		plan_entry(&c, &c.e[i]);
	pdir_forget(&c);

	if (readonly) {
		st = copy_pass(&c, false); /* resolves P_COMPARE by reading */
		emit_plan(&c);
		if (!st && o->verify && c.destfd >= 0)
			st = verify(&c);
		if (!st && o->check && (r->missing || r->conflicts))
			st = ACM_EX_DIFFERS;
		goto out;
	}

	bool work = false;
	for (size_t i = 0; i < c.n; i++)
		work |= needs_work(&c.e[i]);
	if (work) {
		st = space_check(&c);
		if (st)
			goto out;
		if (mkdirat(c.destfd, TMPDIR_NAME, 0700) < 0 && errno != EEXIST) {
			acm_err("'%s/%s': cannot create: %s", r->dest, TMPDIR_NAME, strerror(errno));
			st = ACM_EX_CANTCREAT;
			goto out;
		}
		c.tmpfd = openat(c.destfd, TMPDIR_NAME, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (c.tmpfd < 0) {
			acm_err("'%s/%s': cannot open: %s", r->dest, TMPDIR_NAME, strerror(errno));
			st = ACM_EX_CANTCREAT;
			goto out;
		}
		clear_tmpdir(&c); /* what a killed run left */
		uint64_t total = 0;
		for (size_t i = 0; i < c.n; i++)
			if (needs_work(&c.e[i]) && (c.e[i].type == 'f' || c.e[i].type == 'h'))
				total += c.e[i].size;
		char label[64];
		snprintf(label, sizeof(label), "%.40s", r->id.osver);
		acm_progress_start(&c.prog, NULL, label, total, false);
		c.progress_on = true;
		st = copy_pass(&c, true);
		acm_progress_done(&c.prog);
		c.progress_on = false;
		clear_tmpdir(&c);
		unlinkat(c.destfd, TMPDIR_NAME, AT_REMOVEDIR);
	}
	/* Keep the manifest right even after a failure: what was copied stays
	 * recorded for the next run (in the journal if the manifest cannot be
	 * written). */
	{
		int m = write_manifest(&c);
		if (m > st)
			st = m;
		if (m && c.pending.len) {
			int f = flush_batch(&c, true);
			if (f > st)
				st = f;
		}
	}
	if (!st && o->verify)
		st = verify(&c);
	r->missing = 0;
	for (size_t i = 0; i < c.n; i++)
		if (needs_work(&c.e[i]) || c.e[i].plan == P_BLOCKED || c.e[i].plan == P_CONFLICT)
			r->missing++;
out:
	if (c.scan_status > st)
		st = c.scan_status;
	if (!st && (r->refused || r->conflicts))
		st = o->check ? ACM_EX_DIFFERS : ACM_EX_DATAERR;
	if (st == ACM_EX_DIFFERS && r->refused && !r->missing && !r->conflicts)
		st = 0; /* refused entries are never in the tree; --check ignores them */
	if (!st && o->check && r->refused)
		st = 0;
	acm_lock_release(&lock);
	ctx_free(&c);
	return st;
}

void acm_import_result_free(struct acm_import_result *r)
{
	free(r->dest);
	r->dest = NULL;
}

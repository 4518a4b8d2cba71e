/* SPDX-License-Identifier: GPL-2.0-or-later */
/* manifest.c - the import tree's manifest and journal; see manifest.h.
 *
 * Files renamed into the tree are recorded in the journal after a syncfs()
 * (in batches: a sync stalls the copy), and the manifest is rewritten from
 * manifest + journal at the end of a run. A file renamed but not yet
 * journalled when a run is killed is recognised by content on the next. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beneath.h"
#include "exitcodes.h"
#include "fileio.h"
#include "import.h"
#include "manifest.h"
#include "msg.h"
#include "text.h"

#define MANIFEST_MAGIC "acmtools-copycds-manifest 1"
/* a batch is large: a file renamed but not journalled costs a re-read */
#define BATCH_BYTES (2048ULL * 1024 * 1024)
#define BATCH_FILES 16384

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
	if (!strchr(s, '%')) /* most names: nothing to decode */
		return acm_xstrdup(s);
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

bool acm_manifest_hashed(const char *sha)
{
	return strcmp(sha, ACM_MANIFEST_UNHASHED) != 0;
}

bool acm_manifest_tree_unchanged(const struct stat *sb, uint64_t size, int64_t tree_mtime)
{
	return (uint64_t)sb->st_size == size && (int64_t)sb->st_mtime == tree_mtime && sb->st_mtim.tv_nsec == 0;
}

void acm_manifest_init(struct acm_manifest *m, int destfd, const char *dest)
{
	memset(m, 0, sizeof(*m));
	m->destfd = destfd;
	m->dest = dest;
	m->journalfd = -1;
}

const struct acm_manifest_entry *acm_manifest_find(const struct acm_manifest *m, const char *path)
{
	size_t i;
	return acm_strmap_get(&m->idx, path, &i) ? &m->e[i] : NULL;
}

static void mf_entry_free(struct acm_manifest_entry *e)
{
	free(e->path);
	free(e->target);
}

static void mf_add(struct acm_manifest *m, const struct acm_manifest_entry *in)
{
	size_t i;
	if (acm_strmap_get(&m->idx, in->path, &i)) {
		mf_entry_free(&m->e[i]);
	} else {
		m->e = acm_xgrow(m->e, &m->cap, m->n, sizeof(*m->e), 256);
		i = m->n++;
		acm_strmap_put(&m->idx, in->path, i);
	}
	m->e[i] = *in;
	m->e[i].path = acm_xstrdup(in->path);
	m->e[i].target = in->target ? acm_xstrdup(in->target) : NULL;
}

void acm_manifest_free(struct acm_manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		mf_entry_free(&m->e[i]);
	free(m->e);
	acm_strmap_free(&m->idx);
	acm_buf_free(&m->discs);
	acm_buf_free(&m->pending);
	if (m->journalfd >= 0)
		close(m->journalfd);
	acm_manifest_init(m, -1, NULL);
}

/* The next space-separated field of *cur (runs of blanks skipped, as
 * scanf did), or NULL at the end. */
static char *mf_field(char **cur)
{
	char *p = *cur;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	char *f = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p)
		*p++ = '\0';
	*cur = p;
	return f;
}

static bool mf_int(char **cur, int64_t *v, bool is_signed)
{
	char *f = mf_field(cur);
	uint64_t u;
	if (!f)
		return false;
	if (is_signed)
		return acm_text_i64(f, v);
	if (!acm_text_u64(f, 10, &u) || u > INT64_MAX)
		return false;
	*v = (int64_t)u;
	return true;
}

/* One manifest/journal line, parsed by hand (scanf was most of the cost
 * of a re-import); false for a line we do not understand. */
static bool mf_parse_line(struct acm_manifest *m, char *line)
{
	struct acm_manifest_entry e;
	memset(&e, 0, sizeof(e));
	char *path = NULL, *target = NULL, *cur = line + 2, *f, *t;
	int64_t disc = 0, size;
	if (line[0] && line[1] == ' ' && strchr("fld", line[0]) &&
	    (!mf_int(&cur, &disc, true) || disc < INT32_MIN || disc > INT32_MAX))
		return false;
	e.disc = (int)disc;
	if (line[0] == 'f' && line[1] == ' ') {
		if (!mf_int(&cur, &size, false) || !mf_int(&cur, &e.media_mtime, true) ||
		    !mf_int(&cur, &e.tree_mtime, true) || !(f = mf_field(&cur)) || strlen(f) != 64)
			return false;
		e.size = (uint64_t)size;
		memcpy(e.sha, f, 65);
		e.type = 'f';
		if ((f = mf_field(&cur)))
			path = acm_manifest_unescape(f);
	} else if (line[0] == 'l' && line[1] == ' ') {
		if (!(t = mf_field(&cur)) || !(f = mf_field(&cur)))
			return false;
		e.type = 'l';
		path = acm_manifest_unescape(f);
		target = acm_manifest_unescape(t);
		if (!target) {
			free(path);
			return false;
		}
	} else if (line[0] == 'd' && line[1] == ' ') {
		if (!(f = mf_field(&cur)))
			return false;
		e.type = 'd';
		path = acm_manifest_unescape(f);
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

static void mf_format(struct acm_buf *b, const struct acm_manifest_entry *e)
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

/* Load manifest then journal; a torn last journal line (no newline) is
 * what a killed run leaves and is ignored. Only a missing file is "none
 * yet": one that cannot be read, or is not a regular file (a FIFO planted
 * there would hang us), stops the run, since rewriting the manifest
 * without it would forget what the tree holds. Returns 0 or an exit status
 * (message printed). */
int acm_manifest_load(struct acm_manifest *m)
{
	bool *journal = &m->journal_seen;
	*journal = false;
	if (m->destfd < 0)
		return 0;
	const char *names[2] = { ACM_IMPORT_MANIFEST, ACM_IMPORT_JOURNAL };
	for (int k = 0; k < 2; k++) {
		char *data = NULL;
		size_t len = 0;
		int rc = acm_beneath_read(m->destfd, names[k], &data, &len, 0);
		if (rc == -ENOENT)
			continue;
		if (rc == -ACM_ENOTREG || rc == -ELOOP || rc == -EISDIR) {
			acm_err("'%s/%s': %s, where the import keeps its %s; remove it and run again", m->dest, names[k],
				rc == -ELOOP ? "a symlink, not a regular file" :
				rc == -EISDIR ? "a directory, not a regular file" : acm_input_strerror(-rc),
				k ? "journal" : "manifest");
			return ACM_EX_CANTCREAT;
		}
		if (rc < 0) {
			acm_err("'%s/%s': cannot read: %s; fix it and run again (the tree is left as it is)", m->dest,
				names[k], acm_input_strerror(-rc));
			return ACM_EX_IOERR;
		}
		*journal |= k == 1;
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
	return 0;
}

int acm_manifest_flush(struct acm_manifest *m, bool final)
{
	if (!m->pending.len && !final)
		return 0;
	/* Data of every renamed file reaches the disk before the journal says
	 * it is there (one syncfs instead of an fsync per file). */
	if (syncfs(m->destfd) < 0) {
		acm_err("'%s': cannot sync: %s; the next run checks these files again", m->dest, strerror(errno));
		return ACM_EX_IOERR;
	}
	if (m->pending.len) {
		if (m->journalfd < 0) {
			m->journalfd = openat(m->destfd, ACM_IMPORT_JOURNAL, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
			if (m->journalfd < 0) {
				acm_err("'%s/%s': cannot open: %s", m->dest, ACM_IMPORT_JOURNAL, strerror(errno));
				return ACM_EX_CANTCREAT;
			}
		}
		int r = acm_write_all(m->journalfd, m->pending.data, m->pending.len);
		if (r < 0) {
			acm_err("'%s/%s': cannot write: %s", m->dest, ACM_IMPORT_JOURNAL, strerror(-r));
			return ACM_EX_IOERR;
		}
	}
	acm_buf_reset(&m->pending);
	m->pending_bytes = 0;
	m->pending_files = 0;
	return 0;
}

int acm_manifest_record(struct acm_manifest *m, const struct acm_manifest_entry *e)
{
	m->changed = true;
	mf_add(m, e);
	mf_format(&m->pending, e);
	m->pending_bytes += e->size;
	m->pending_files++;
	if (m->pending_bytes >= BATCH_BYTES || m->pending_files >= BATCH_FILES)
		return acm_manifest_flush(m, false);
	return 0;
}

int acm_manifest_write(struct acm_manifest *m, int disc, const char *mine)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_adds(&b, MANIFEST_MAGIC "\n");
	/* One "disc" line per disc, newest for this disc replacing the old. */
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "disc %d ", disc);
	const char *s = acm_buf_str(&m->discs);
	while (*s) {
		size_t l = strcspn(s, "\n");
		if (strncmp(s, prefix, strlen(prefix)))
			acm_buf_addf(&b, "%.*s\n", (int)l, s);
		s += l + (s[l] == '\n');
	}
	/* Nothing recorded and this disc's line unchanged: the manifest is
	 * already right, and a re-import writes nothing at all. */
	char *same = acm_xasprintf("%s\n", mine);
	bool unchanged = !m->changed && !m->journal_seen && (strstr(acm_buf_str(&m->discs), same) != NULL);
	free(same);
	acm_buf_addf(&b, "%s\n", mine);
	if (unchanged) {
		acm_buf_free(&b);
		return 0;
	}
	for (size_t i = 0; i < m->n; i++)
		mf_format(&b, &m->e[i]);
	/* Temporary beneath destfd (never through a planted link), then one
	 * syncfs() for it and every file renamed since the last batch, then
	 * the rename. The files it lists reach the disk before it does. */
	int st = 0;
	const char *tmp = ".acmtools-manifest.new";
	unlinkat(m->destfd, tmp, 0);
	int fd = openat(m->destfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || acm_write_all(fd, b.data, b.len) < 0 || syncfs(m->destfd) < 0) {
		acm_err("'%s/%s': cannot write: %s", m->dest, ACM_IMPORT_MANIFEST, strerror(errno));
		st = errno == ENOSPC ? ACM_EX_IOERR : ACM_EX_CANTCREAT;
	}
	if (fd >= 0)
		close(fd);
	if (!st && renameat(m->destfd, tmp, m->destfd, ACM_IMPORT_MANIFEST) < 0) {
		acm_err("'%s/%s': cannot rename into place: %s", m->dest, ACM_IMPORT_MANIFEST, strerror(errno));
		st = ACM_EX_CANTCREAT;
	}
	if (st) {
		unlinkat(m->destfd, tmp, 0);
	} else {
		unlinkat(m->destfd, ACM_IMPORT_JOURNAL, 0);
		acm_buf_reset(&m->pending); /* the manifest holds them now */
	}
	acm_buf_free(&b);
	return st;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoverify.c - checksums after the copy; see isoverify.h. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libload.h"
#include "beneath.h"
#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "hasher.h"
#include "ini.h"
#include "isoverify.h"
#include "msg.h"
#include "progress.h"

/* Checksums the medium's own metadata gives, chained per medium entry: the
 * check of a file reads only its own sums, whatever their number. */
#define NO_SUM ((size_t)-1)
#define SUMS_PER_FILE 8   /* more sums for one name are ignored */

struct expect {
	size_t *head;           /* per medium entry: its first sum, or NO_SUM */
	size_t *next;
	char **algo, **sum, **from;
	size_t n, cap;
};

static void expect_add(struct expect *x, size_t ent, const char *algo, const char *sum, const char *from)
{
	size_t k = 0;
	for (size_t i = x->head[ent]; i != NO_SUM; i = x->next[i])
		if (++k >= SUMS_PER_FILE)
			return;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->next = acm_xrealloc(x->next, x->cap * sizeof(size_t));
		x->algo = acm_xrealloc(x->algo, x->cap * sizeof(char *));
		x->sum = acm_xrealloc(x->sum, x->cap * sizeof(char *));
		x->from = acm_xrealloc(x->from, x->cap * sizeof(char *));
	}
	char *a = acm_xstrdup(algo);
	for (char *p = a; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	x->algo[x->n] = !strcmp(a, "sha") ? (free(a), acm_xstrdup("sha1")) : a;
	x->sum[x->n] = acm_xstrdup(sum);
	for (char *p = x->sum[x->n]; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	x->from[x->n] = acm_xstrdup(from);
	/* Appended at the chain's end: sums are checked in the order given. */
	x->next[x->n] = NO_SUM;
	size_t *link = &x->head[ent];
	while (*link != NO_SUM)
		link = &x->next[*link];
	*link = x->n++;
}

/* A sum for a path: kept only when the path is a file of the medium (a
 * sum for anything else could never be checked). */
static void expect_path(const struct acm_isoverify *c, struct expect *x, const char *path, const char *algo, const char *sum,
			const char *from)
{
	char *clean = NULL;
	size_t ei;
	if (acm_confine_name(path, 0, &clean) == 0 && acm_strmap_get(&c->s->idx, clean, &ei))
		expect_add(x, ei, algo, sum, from);
	free(clean);
}

static void expect_free(struct expect *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->algo[i]);
		free(x->sum[i]);
		free(x->from[i]);
	}
	free(x->head);
	free(x->next);
	free(x->algo);
	free(x->sum);
	free(x->from);
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

/* One <package>...</package> element (NUL-terminated at its end). */
static void primary_package(const struct acm_isoverify *c, struct expect *x, const char *top, const char *p, const char *from)
{
	const char *ck = strstr(p, "<checksum");
	const char *lo = strstr(p, "<location");
	if (!ck || !lo)
		return;
	const char *pend = p + strlen(p);
	char *type = xml_attr(ck, pend, "type");
	const char *gt = strchr(ck, '>');
	const char *lt = gt ? strchr(gt, '<') : NULL;
	char *lhref = xml_attr(lo, pend, "href");
	char *xbase = xml_attr(lo, pend, "xml:base");
	if (type && gt && lt && lhref && !xbase) {
		char *sum = acm_xmalloc((size_t)(lt - gt));
		memcpy(sum, gt + 1, (size_t)(lt - gt - 1));
		sum[lt - gt - 1] = '\0';
		char *path = top[0] ? acm_xasprintf("%s/%s", top, lhref) : acm_xstrdup(lhref);
		expect_path(c, x, path, type, sum, from);
		free(path);
		free(sum);
	}
	free(type);
	free(lhref);
	free(xbase);
}

/* Budgets for what a repository's metadata may make us do: primary.xml
 * expands at most PRIMARY_RATIO times its compressed size (real metadata
 * is 5-30 times; a bzip2 bomb is a million), and never less than
 * PRIMARY_FLOOR is allowed; one <package> element is held in memory at a
 * time, at most PACKAGE_MAX of it. */
#define REPOMD_MAX (16u << 20)
#define PRIMARY_FLOOR (256ULL << 20)
#define PRIMARY_RATIO 100
#define PACKAGE_MAX (16u << 20)

/* Stream one primary metadata file (gzip, xz, zstd, bzip2 or none):
 * decompressed piecewise, parsed a <package> element at a time. Returns 0,
 * -1 when it cannot be read (warned), or 65 when it breaks a budget. */
static int primary_stream(const struct acm_isoverify *c, struct expect *x, const char *top, const char *ppath, const char *from)
{
	int fd = acm_beneath_input(c->destfd, ppath);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (acm_libload_need_archive(ppath)) {
		close(fd);
		return -1;
	}
	uint64_t budget = (uint64_t)sb.st_size * PRIMARY_RATIO;
	if (budget < PRIMARY_FLOOR)
		budget = PRIMARY_FLOOR;
	struct archive *a = acm_libload_archive.read_new();
	acm_libload_archive.read_support_filter_all(a);
	acm_libload_archive.read_support_format_raw(a);
	struct archive_entry *ae;
	int st = -1;
	if (acm_libload_archive.read_open_fd(a, fd, 65536) != ARCHIVE_OK || acm_libload_archive.read_next_header(a, &ae) != ARCHIVE_OK)
		goto out;
	struct acm_buf b = ACM_BUF_INIT;
	size_t scan = 0;       /* "</package>" is not in b before here */
	uint64_t total = 0;
	char tmp[65536];
	la_ssize_t n;
	char budget_s[32];
	acm_format_bytes(budget_s, sizeof(budget_s), budget);
	while ((n = acm_libload_archive.read_data(a, tmp, sizeof(tmp))) > 0) {
		total += (uint64_t)n;
		if (total > budget) {
			acm_err("'%s/%s': expands past %s, %d times its size (a decompression bomb?); its checksums are not used and the verification stops",
				c->dest, ppath, budget_s, PRIMARY_RATIO);
			st = ACM_EX_DATAERR;
			break;
		}
		acm_buf_add(&b, tmp, (size_t)n); /* NUL-terminated */
		/* Every complete element in the buffer, then keep the rest. */
		size_t off = 0;
		for (;;) {
			char *p = strstr(b.data + off, "<package");
			if (!p) {
				/* keep a tail that may be the start of "<package" */
				if (b.len > off + 8)
					off = b.len - 8;
				scan = 0;
				break;
			}
			off = (size_t)(p - b.data);
			if (scan < off)
				scan = off;
			char *pend = strstr(b.data + scan, "</package>");
			if (!pend) {
				scan = b.len > 10 ? b.len - 10 : 0;
				break;
			}
			*pend = '\0';
			primary_package(c, x, top, p, from);
			off = (size_t)(pend - b.data) + strlen("</package>");
			scan = off;
		}
		if (b.len - off > PACKAGE_MAX) {
			acm_err("'%s/%s': a <package> element is longer than %u MiB (hostile metadata?); its checksums are not used and the verification stops",
				c->dest, ppath, PACKAGE_MAX >> 20);
			st = ACM_EX_DATAERR;
			break;
		}
		memmove(b.data, b.data + off, b.len - off);
		b.len -= off;
		scan -= off < scan ? off : scan;
	}
	if (st != ACM_EX_DATAERR)
		st = n < 0 ? -1 : 0;
	acm_buf_free(&b);
out:
	acm_libload_archive.read_free(a);
	close(fd);
	return st;
}

/* Package checksums from a yum/dnf repository's primary metadata. Returns
 * 0 or 65 (a budget broken; message printed). */
static int expect_repodata(const struct acm_isoverify *c, struct expect *x, const char *repomd_path)
{
	char *base = acm_beneath_dir(repomd_path);  /* X/repodata */
	char *top = acm_beneath_dir(base);          /* X */
	char *md = NULL;
	size_t mdlen;
	int st = 0, rc = acm_beneath_read(c->destfd, repomd_path, &md, &mdlen, REPOMD_MAX);
	if (rc == -EFBIG) {
		acm_err("'%s/%s': larger than %u MiB, not repository metadata; the verification stops", c->dest,
			repomd_path, REPOMD_MAX >> 20);
		st = ACM_EX_DATAERR;
		goto out;
	}
	if (rc < 0)
		goto unread;
	const char *d = strstr(md, "type=\"primary\"");
	const char *dend = d ? strstr(d, "</data>") : NULL;
	const char *loc = d && dend ? strstr(d, "<location") : NULL;
	char *href = loc && loc < dend ? xml_attr(loc, dend, "href") : NULL;
	if (!href)
		goto out;
	char *ppath = top[0] ? acm_xasprintf("%s/%s", top, href) : acm_xstrdup(href);
	free(href);
	char *clean = NULL;
	rc = acm_confine_name(ppath, 0, &clean) == 0 ? primary_stream(c, x, top, clean, repomd_path) : -1;
	free(clean);
	free(ppath);
	if (rc > 0)
		st = rc;
	if (rc >= 0)
		goto out;
unread:
	acm_warn("'%s/%s': cannot read its primary metadata; package checksums not verified", c->dest,
		 repomd_path);
out:
	free(md);
	free(base);
	free(top);
	return st;
}

int acm_isoverify_run(const struct acm_isoverify *c)
{
	acm_libload_need_crypto();
	struct expect x;
	memset(&x, 0, sizeof(x));
	x.head = acm_xmalloc((c->s->n ? c->s->n : 1) * sizeof(size_t));
	for (size_t i = 0; i < c->s->n; i++)
		x.head[i] = NO_SUM;
	/* .treeinfo [checksums]: "images/install.img = sha256:HEX" */
	if (c->s->meta.data[ACM_MF_TREEINFO]) {
		struct acm_ini ini;
		acm_ini_parse(&ini, c->s->meta.data[ACM_MF_TREEINFO], c->s->meta.len[ACM_MF_TREEINFO]);
		for (size_t i = 0; i < ini.n; i++) {
			const char *colon = strchr(ini.kv[i].value, ':');
			if (strcmp(ini.kv[i].section, "checksums") || !colon)
				continue;
			char *algo = acm_xmalloc((size_t)(colon - ini.kv[i].value) + 1);
			memcpy(algo, ini.kv[i].value, (size_t)(colon - ini.kv[i].value));
			algo[colon - ini.kv[i].value] = '\0';
			expect_path(c, &x, ini.kv[i].key, algo, colon + 1, ".treeinfo");
			free(algo);
		}
		acm_ini_free(&ini);
	}
	for (size_t i = 0; i < c->s->n; i++) {
		const char *p = c->s->e[i].path;
		size_t l = strlen(p);
		if (c->s->e[i].type == 'f' && l >= 19 && !strcmp(p + l - 19, "repodata/repomd.xml") &&
		    (l == 19 || p[l - 20] == '/')) {
			int st = expect_repodata(c, &x, p);
			if (st) {
				expect_free(&x);
				return st;
			}
		}
	}
	size_t vi = 0;
	uint64_t vbytes = 0;
	for (size_t i = 0; i < c->s->n; i++)
		if ((c->s->e[i].type == 'f' || c->s->e[i].type == 'h') && c->s->e[i].plan == ACM_PLAN_PRESENT)
			vbytes += c->s->e[i].size;
	struct acm_progress vp;
	acm_progress_start(&vp, NULL, "verifying", vbytes, false);
	for (size_t i = 0; i < c->s->n; i++) {
		struct acm_isoent *e = &c->s->e[i];
		if ((e->type != 'f' && e->type != 'h') || e->plan != ACM_PLAN_PRESENT)
			continue;
		int fd = acm_beneath_input(c->destfd, e->path);
		char sha[2 * EVP_MAX_MD_SIZE + 1];
		int hr = fd < 0 ? fd : acm_hasher_fd(fd, acm_libload_crypto.sha256(), sha, c->buf);
		if (hr < 0) {
			acm_err("'%s/%s': cannot read: %s", c->dest, e->path, acm_input_strerror(-hr));
			(*c->mismatches)++;
			if (fd >= 0)
				close(fd);
			continue;
		}
		const struct acm_manifest_entry *me = acm_manifest_find(c->mf, e->path);
		/* a file sharing the image's blocks was not hashed: the medium's sums still apply */
		if (me && me->type == 'f' && acm_manifest_hashed(me->sha) && strcmp(me->sha, sha)) {
			acm_err("'%s/%s': checksum mismatch: the import wrote sha256 %s, the file now has %s; re-import with --force to restore it",
				c->dest, e->path, me->sha, sha);
			(*c->mismatches)++;
		}
		for (size_t xi = x.head[i]; xi != NO_SUM; xi = x.next[xi]) {
			const char *got = sha;
			char other[2 * EVP_MAX_MD_SIZE + 1];
			if (strcmp(x.algo[xi], "sha256")) {
				const EVP_MD *t = acm_libload_crypto.get_digestbyname(x.algo[xi]);
				if (!t || lseek(fd, 0, SEEK_SET) < 0 || acm_hasher_fd(fd, t, other, c->buf) < 0) {
					acm_warn("'%s/%s': cannot check %s sum from %s", c->dest, e->path, x.algo[xi], x.from[xi]);
					continue;
				}
				got = other;
			}
			if (strcmp(got, x.sum[xi])) {
				acm_err("'%s/%s': checksum mismatch: %s says %s %s, the file has %s; the medium or the copy is damaged",
					c->dest, e->path, x.from[xi], x.algo[xi], x.sum[xi], got);
				(*c->mismatches)++;
			}
		}
		close(fd);
		acm_progress_add(&vp, e->size);
		vi++;
	}
	acm_progress_done(&vp);
	acm_verbose("'%s': verified %zu files against %zu checksums from the medium", c->dest, vi, x.n);
	expect_free(&x);
	return *c->mismatches ? ACM_EX_DATAERR : 0;
}

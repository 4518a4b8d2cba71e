/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trialcache.c - the trial build's result, cached (see trialcache.h).
 * An entry, "DIR/specgen-trial/KEY":
 *   acmtools-trial-cache 1 KEY\n
 *   N\n
 *   then N times: TYPE LEN PATH\n   (TYPE f/d/l; PATH is LEN raw bytes)
 *   end\n
 * The length prefix keeps any name a build may install (a newline in it)
 * exact, without an escaping rule. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "configfacts.h"
#include "fileio.h"
#include "hasher.h"
#include "msg.h"
#include "specbuildreq.h"
#include "specprobe.h"
#include "trialcache.h"

#define CACHE_MAGIC "acmtools-trial-cache 2"   /* 2: r lines, the configure facts */
#define CACHE_MAX_BYTES (256u << 20)
#define CACHE_MAX_ENTRIES 2000000u

char *acm_trialcache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
	if (x && x[0] == '/')
		return acm_xasprintf("%s/acmtools", x);
	if (geteuid() == 0)
		return acm_xstrdup("/var/cache/acmtools");
	if (h && h[0] == '/')
		return acm_xasprintf("%s/.cache/acmtools", h);
	return NULL;
}

static char *entry_path(const char *key)
{
	char *dir = acm_trialcache_dir();
	char *p = dir ? acm_xasprintf("%s/specgen-trial/%s", dir, key) : NULL;
	free(dir);
	return p;
}

struct tree_digest {
	EVP_MD_CTX *md;
	int rc;
};

/* A directory source: every entry's name, kind, mode, size, link and bytes. */
static int digest_entry(const struct acm_source_entry *e, void *ud)
{
	struct tree_digest *t = ud;
	if (!e) {   /* a tarbomb's second pass: start over */
		EVP_DigestInit_ex(t->md, EVP_sha256(), NULL);
		return 0;
	}
	struct acm_buf h = ACM_BUF_INIT;
	acm_buf_adds(&h, e->path);
	acm_buf_addc(&h, '\0');
	acm_buf_addf(&h, "%d %o %llu", (int)e->type, e->mode, (unsigned long long)e->size);
	acm_buf_addc(&h, '\0');
	acm_buf_adds(&h, e->link ? e->link : "");
	acm_buf_addc(&h, '\0');
	EVP_DigestUpdate(t->md, h.data, h.len);
	acm_buf_free(&h);
	if (e->type == ACM_SOURCE_FILE) {
		char *data = NULL;
		size_t len = 0;
		int rc = acm_source_read(e, &data, &len, e->size + 1);
		if (rc) {
			free(data);
			return rc;
		}
		EVP_DigestUpdate(t->md, data, len);
		free(data);
	}
	return 0;
}

static char *source_digest(struct acm_source *src)
{
	const struct acm_source_info *info = acm_source_info(src);
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	if (info->kind == ACM_SOURCE_GIT)
		return info->commit ? acm_xasprintf("git %s", info->commit) : NULL;
	if (info->kind == ACM_SOURCE_TARBALL) {
		int fd = acm_open_input(info->arg, 0);
		if (fd < 0)
			return NULL;
		unsigned char *buf = acm_xmalloc(ACM_HASHER_CHUNK);
		int rc = acm_hasher_fd(fd, EVP_sha256(), hex, buf);
		free(buf);
		close(fd);
		return rc ? NULL : acm_xasprintf("tar %s", hex);
	}
	struct tree_digest t = { EVP_MD_CTX_new(), 0 };
	EVP_DigestInit_ex(t.md, EVP_sha256(), NULL);
	int rc = acm_source_walk(src, digest_entry, &t);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_DigestFinal_ex(t.md, md, &n);
	EVP_MD_CTX_free(t.md);
	if (rc)
		return NULL;
	acm_hasher_hex(hex, md, n);
	return acm_xasprintf("dir %s", hex);
}

char *acm_trialcache_key(struct acm_source *src, const char *trial_spec, const struct acm_install_list *dirs)
{
	char *sd = source_digest(src);
	if (!sd) {
		acm_verbose("the source cannot be digested; the trial result is not cached");
		return NULL;
	}
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_addf(&b, CACHE_MAGIC "\n%s\nuid %d\n%s\n", PACKAGE_VERSION, (int)geteuid(), sd);
	for (size_t i = 0; i < dirs->ndirs; i++)
		acm_buf_addf(&b, "%s=%s\n", dirs->dirs[i][0], dirs->dirs[i][1]);
	acm_buf_adds(&b, trial_spec);
	free(sd);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_Digest(b.data, b.len, md, &n, EVP_sha256(), NULL);
	acm_buf_free(&b);
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	acm_hasher_hex(hex, md, n);
	return acm_xstrdup(hex);
}

/* Parse an entry's text into out; false when it is not exactly well formed. */
static bool parse_entry(const char *key, const char *t, size_t len, struct acm_install_list *out, const char **why)
{
	char *head = acm_xasprintf(CACHE_MAGIC " %s\n", key);
	size_t hl = strlen(head);
	bool ok = len > hl && !memcmp(t, head, hl);
	free(head);
	if (!ok) {
		*why = "not an entry for this key";
		return false;
	}
	const char *p = t + hl, *end = t + len;
	char *e;
	errno = 0;
	unsigned long long n = strtoull(p, &e, 10);
	if (errno || e == p || *e != '\n' || n > CACHE_MAX_ENTRIES) {
		*why = "bad entry count";
		return false;
	}
	p = e + 1;
	size_t cap = 0;
	for (unsigned long long i = 0; i < n; i++) {
		if (end - p < 4 || !strchr("fdlr", p[0]) || p[1] != ' ') {
			*why = "bad entry";
			return false;
		}
		char type = p[0];
		errno = 0;
		unsigned long long pl = strtoull(p + 2, &e, 10);
		if (errno || e == p + 2 || *e != ' ' || pl == 0 || pl > 4096 || (size_t)(end - (e + 1)) < pl + 1 ||
		    e[1 + pl] != '\n' || memchr(e + 1, '\0', pl)) {
			*why = "bad entry length";
			return false;
		}
		if (type == 'r') {   /* a BuildRequires: only what the name table can give */
			char *req = acm_xasprintf("%.*s", (int)pl, e + 1);
			bool valid = acm_specbuildreq_valid(req) && out->found.n < ACM_CONFIGFACTS_MAX_REQS;
			if (valid)
				acm_strlist_add(&out->found, req);
			free(req);
			if (!valid) {
				*why = "bad BuildRequires";
				return false;
			}
			p = e + 1 + pl + 1;
			continue;
		}
		out->v = acm_xgrow(out->v, &cap, out->n, sizeof(*out->v), 64);
		out->v[out->n].path = acm_xasprintf("%.*s", (int)pl, e + 1);
		out->v[out->n].type = type;
		out->n++;
		p = e + 1 + pl + 1;
	}
	if ((size_t)(end - p) != 4 || memcmp(p, "end\n", 4)) {
		*why = "truncated or trailing data";
		return false;
	}
	return true;
}

static void drop_list(struct acm_install_list *out)
{
	for (size_t i = 0; i < out->n; i++)
		free(out->v[i].path);
	free(out->v);
	out->v = NULL;
	out->n = 0;
	acm_strlist_free(&out->found);
}

int acm_trialcache_load(const char *key, struct acm_install_list *out)
{
	char *path = entry_path(key);
	if (!path)
		return 1;
	int fd = acm_open_input(path, ACM_INPUT_NOFOLLOW);
	if (fd < 0) {
		if (fd != -ENOENT)
			acm_warn("ignoring the trial cache entry '%s': %s", path, acm_input_strerror(-fd));
		free(path);
		return 1;
	}
	char *text = NULL;
	size_t len = 0;
	int rc = acm_read_fd(fd, &text, &len, CACHE_MAX_BYTES);
	close(fd);
	const char *why = rc ? "cannot be read" : NULL;
	char *detail = NULL;
	bool ok = !rc && parse_entry(key, text, len, out, &why);
	/* the same check as a fresh trial's list */
	if (ok && acm_specprobe_list_check(out, &detail)) {
		ok = false;
		why = detail;
	}
	if (!ok) {
		acm_warn("ignoring the trial cache entry '%s': %s; the trial build runs again", path, why);
		drop_list(out);
	}
	free(detail);
	free(text);
	free(path);
	return ok ? 0 : 1;
}

void acm_trialcache_store(const char *key, const struct acm_install_list *l)
{
	char *dir = acm_trialcache_dir();
	if (!dir)
		return;
	char *sub = acm_xasprintf("%s/specgen-trial", dir), *path = acm_xasprintf("%s/%s", sub, key);
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_addf(&b, CACHE_MAGIC " %s\n%zu\n", key, l->n + l->found.n);
	for (size_t i = 0; i < l->n; i++)
		acm_buf_addf(&b, "%c %zu %s\n", l->v[i].type, strlen(l->v[i].path), l->v[i].path);
	for (size_t i = 0; i < l->found.n; i++)
		acm_buf_addf(&b, "r %zu %s\n", strlen(l->found.v[i]), l->found.v[i]);
	acm_buf_adds(&b, "end\n");
	int err = acm_mkdir_p(sub, 0700);
	if (err)
		acm_warn("cannot keep the trial result in '%s': %s", sub, strerror(-err));
	else if (acm_write_file_atomic(path, b.data, b.len, 0600))
		acm_warn("the trial result is not cached (see above)");
	acm_buf_free(&b);
	free(dir);
	free(sub);
	free(path);
}

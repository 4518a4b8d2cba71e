/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourcetree.c - directory and git sources as sorted entry lists: collected
 * once through the rules of confine.h and the budget, then walked, read
 * and streamed. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

static void add_ent(struct acm_source *s, size_t *cap, const char *path, enum acm_source_type type,
		    unsigned mode, uint64_t size, const char *link, const git_oid *oid)
{
	s->ents = acm_xgrow(s->ents, cap, s->nents, sizeof(*s->ents), 256);
	struct sent *e = &s->ents[s->nents++];
	memset(e, 0, sizeof(*e));
	e->path = acm_xstrdup(path);
	e->type = type;
	e->mode = mode;
	e->size = size;
	e->link = link ? acm_xstrdup(link) : NULL;
	if (oid)
		git_oid_cpy(&e->oid, oid);
}

static int cmp_ent(const void *a, const void *b)
{
	return strcmp(((const struct sent *)a)->path, ((const struct sent *)b)->path);
}

static void pl_add(struct pending_links *pl, const char *path, const char *target)
{
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? pl->cap * 2 : 16;
		pl->paths = acm_xrealloc(pl->paths, pl->cap * sizeof(char *));
		pl->targets = acm_xrealloc(pl->targets, pl->cap * sizeof(char *));
	}
	pl->paths[pl->n] = acm_xstrdup(path);
	pl->targets[pl->n++] = acm_xstrdup(target);
}

static void pl_free(struct pending_links *pl)
{
	for (size_t i = 0; i < pl->n; i++) {
		free(pl->paths[i]);
		free(pl->targets[i]);
	}
	free(pl->paths);
	free(pl->targets);
}

/* One entry of a directory or git tree through the name rule, the model and
 * the budget; links are held back for the end. 0 or 65. */
int acm_sourcetree_take(struct collect_ctx *c, const char *path, enum acm_confine_kind kind, unsigned mode,
		uint64_t size, const char *target, const git_oid *oid)
{
	struct acm_source *s = c->s;
	char *clean;
	int v = acm_confine_name(path, ACM_SOURCE_NAME_RULE & ~ACM_CONFINE_ALLOW_TOP, &clean);
	if (!v && kind != ACM_CONFINE_SYMLINK)
		v = acm_confine_add(c->model, clean, kind, NULL);
	if (v) {
		free(clean);
		return acm_source_refuse(s, path, acm_confine_why(v));
	}
	int rc = acm_source_budget_take(s, clean, size);
	if (!rc) {
		enum acm_source_type t = kind == ACM_CONFINE_DIR ? ACM_SOURCE_DIRECTORY
			: kind == ACM_CONFINE_SYMLINK ? ACM_SOURCE_SYMLINK : ACM_SOURCE_FILE;
		add_ent(s, &c->cap, clean, t, mode, size, target, oid);
		if (kind == ACM_CONFINE_SYMLINK)
			pl_add(&c->links, clean, target);
	}
	free(clean);
	return rc;
}

static int take_links(struct collect_ctx *c)
{
	int *v = acm_xcalloc(c->links.n ? c->links.n : 1, sizeof(int));
	acm_confine_add_links(c->model, c->links.n, (const char *const *)c->links.paths,
			      (const char *const *)c->links.targets, v);
	int rc = 0;
	for (size_t i = 0; i < c->links.n && !rc; i++)
		if (v[i])
			rc = acm_source_refuse(c->s, c->links.paths[i], acm_confine_why(v[i]));
	free(v);
	return rc;
}

static int dir_collect(struct collect_ctx *c, int dfd, const char *prefix, long long *newest)
{
	struct acm_source *s = c->s;
	DIR *d = acm_opendir_fd(dfd);
	if (!d) {
		acm_err("'%s/%s': cannot read directory: %s", s->arg, prefix, strerror(errno));
		return ACM_EX_IOERR;
	}
	int rc = 0;
	struct dirent *de;
	while (!rc && (errno = 0, de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (!*prefix && !strcmp(n, ".git"))
			continue;
		char *p = *prefix ? acm_xasprintf("%s/%s", prefix, n) : acm_xstrdup(n);
		struct stat st;
		enum acm_confine_kind kind;
		int v;
		if (fstatat(dfd, n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			acm_err("'%s/%s': %s", s->arg, p, strerror(errno));
			rc = ACM_EX_IOERR;
		} else if ((v = acm_confine_mode(st.st_mode, 0, &kind))) {
			rc = acm_source_refuse(s, p, acm_confine_why(v));
		} else if (kind == ACM_CONFINE_FILE) {
			rc = acm_sourcetree_take(c, p, kind, st.st_mode & 0777, (uint64_t)st.st_size, NULL, NULL);
		} else if (kind == ACM_CONFINE_SYMLINK) {
			char t[PATH_MAX];
			ssize_t k = readlinkat(dfd, n, t, sizeof(t) - 1);
			if (k < 0) {
				acm_err("'%s/%s': %s", s->arg, p, strerror(errno));
				rc = ACM_EX_IOERR;
			} else {
				t[k] = '\0';
				rc = acm_sourcetree_take(c, p, kind, 0777, 0, t, NULL);
			}
		} else {
			rc = acm_sourcetree_take(c, p, kind, st.st_mode & 0777, 0, NULL, NULL);
			int sub = rc ? -1 : openat(dfd, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (!rc && sub < 0) {
				acm_err("'%s/%s': cannot open directory: %s", s->arg, p, strerror(errno));
				rc = ACM_EX_IOERR;
			} else if (!rc) {
				rc = dir_collect(c, sub, p, newest);
				close(sub);
			}
		}
		if (!rc && st.st_mtime > *newest)
			*newest = st.st_mtime;
		free(p);
	}
	if (!rc && errno) {
		acm_err("'%s/%s': cannot read directory: %s", s->arg, prefix, strerror(errno));
		rc = ACM_EX_IOERR;
	}
	closedir(d);
	return rc;
}

int acm_sourcetree_collect(struct acm_source *s)
{
	if (s->collected)
		return 0;
	struct collect_ctx c = { .s = s, .model = acm_confine_new(-1) };
	int rc = 0;
	acm_source_budget_reset(s);
	if (s->info.kind == ACM_SOURCE_DIR) {
		long long newest = 0;
		rc = dir_collect(&c, s->rootfd, "", &newest);
		s->info.mtime = acm_source_date_epoch(newest);
	} else {
		rc = acm_sourcegit_collect(&c);
	}
	if (!rc)
		rc = take_links(&c);
	acm_confine_free(c.model);
	pl_free(&c.links);
	if (rc)
		return rc;
	if (s->nents) /* an empty tree has no array: qsort(NULL) is undefined */
		qsort(s->ents, s->nents, sizeof(*s->ents), cmp_ent);
	s->collected = true;
	return 0;
}

int acm_sourcetree_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud)
{
	int rc = acm_sourcetree_collect(s);
	for (size_t i = 0; !rc && i < s->nents; i++) {
		const struct sent *x = &s->ents[i];
		struct acm_source_entry e = {
			.path = x->path, .type = x->type, .mode = x->mode, .size = x->size,
			.link = x->link, .src = s,
		};
		s->cur = x;
		rc = fn(&e, ud);
	}
	s->cur = NULL;
	return rc;
}

static ssize_t fd_chunk(void *ctx, void *chunk, size_t want)
{
	ssize_t n;
	do
		n = read(*(int *)ctx, chunk, want);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Read a sorted entry's content (directory file or git blob). */
int acm_sourcetree_read(struct acm_source *s, const struct sent *x, char **data, size_t *len, size_t max)
{
	if (s->info.kind == ACM_SOURCE_GIT) {
		git_blob *blob;
		if (git_blob_lookup(&blob, s->repo, &x->oid) < 0) {
			acm_err("'%s': cannot read '%s': %s", s->arg, x->path, acm_sourcegit_msg());
			return ACM_EX_DATAERR;
		}
		size_t n = (size_t)git_blob_rawsize(blob);
		if (max && n > max)
			n = max;
		*data = acm_xmalloc(n + 1);
		memcpy(*data, git_blob_rawcontent(blob), n);
		(*data)[n] = '\0';
		*len = n;
		git_blob_free(blob);
		return 0;
	}
	int fd = openat(s->rootfd, x->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		acm_err("'%s/%s': cannot open: %s", s->arg, x->path, strerror(errno));
		return acm_exit_from_errno_in(errno);
	}
	int rc = 0;
	if (acm_buf_slurp(data, len, max, fd_chunk, &fd) < 0) {
		acm_err("'%s/%s': read error: %s", s->arg, x->path, strerror(errno));
		rc = ACM_EX_IOERR;
	}
	close(fd);
	return rc;
}

/* Stream a sorted entry's content to sink in pieces (a git blob is one
 * piece: libgit2 inflates blobs whole; the budget bounds it). Exactly
 * x->size bytes, or an error: a file that changed since the listing is not
 * packed half-right. */
int acm_sourcetree_stream(struct acm_source *s, const struct sent *x, acm_sourcetree_sink sink, void *ud)
{
	if (s->info.kind == ACM_SOURCE_GIT) {
		git_blob *blob;
		if (git_blob_lookup(&blob, s->repo, &x->oid) < 0) {
			acm_err("'%s': cannot read '%s': %s", s->arg, x->path, acm_sourcegit_msg());
			return ACM_EX_DATAERR;
		}
		int rc = sink(ud, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		return rc;
	}
	int fd = openat(s->rootfd, x->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		acm_err("'%s/%s': cannot open: %s", s->arg, x->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return acm_exit_from_errno_in(errno);
	}
	int rc = 0;
	uint64_t done = 0;
	bool changed = !S_ISREG(st.st_mode) || (uint64_t)st.st_size != x->size;
	char chunk[1 << 16];
	while (!rc && !changed) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			acm_err("'%s/%s': read error: %s", s->arg, x->path, strerror(errno));
			rc = ACM_EX_IOERR;
		} else if (n == 0) {
			changed = done != x->size;
			break;
		} else if ((done += (uint64_t)n) > x->size) {
			changed = true;
		} else {
			rc = sink(ud, chunk, (size_t)n);
		}
	}
	if (!rc && changed) {
		acm_err("'%s/%s': the file changed while it was read; run again", s->arg, x->path);
		rc = ACM_EX_IOERR;
	}
	close(fd);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourcepriv.h - what the files of the source module share (not for other
 * modules: they use source.h). */
#ifndef ACM_SOURCEPRIV_H
#define ACM_SOURCEPRIV_H

#include <archive.h>
#include <archive_entry.h>
#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "confine.h"
#include "progress.h"
#include "source.h"

/* One entry of a directory or git tree, kept so they can be sorted. */
struct sent {
	char *path;
	enum acm_source_type type;
	unsigned mode;
	uint64_t size;
	char *link;
	git_oid oid;
};

struct acm_source {
	struct acm_source_info info;
	char *arg, *name, *version, *topdir, *commit_hex, *tag;
	char *name_override, *version_override;
	char *stem;            /* tarball: file name without suffixes */
	char *path;            /* tarball file / directory / local repository */
	/* directory and git: the sorted entries */
	struct sent *ents;
	size_t nents;
	bool collected;
	int rootfd;            /* directory source */
	git_repository *repo;
	git_commit *commit;
	char *clone_dir;       /* temporary clone, removed on close */
	struct acm_source_budget budget;
	uint64_t used_members, used_bytes;   /* this pass */
	/* walk state, for acm_source_read() */
	struct archive *ar;
	const struct sent *cur;
};

/* Names from any backend: what confine.c allows, and no control characters
 * (the names end up in specs and records). */
#define ACM_SOURCE_NAME_RULE (ACM_CONFINE_NO_CONTROL | ACM_CONFINE_ALLOW_TOP)

static inline void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? acm_xstrdup(s) : NULL;
}

static inline const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

static inline bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* source.c: shared by the backends */
int acm_source_refuse(struct acm_source *s, const char *entry, const char *why);
int acm_source_budget_take(struct acm_source *s, const char *member, uint64_t size);
int acm_source_budget_more(struct acm_source *s, const char *member, uint64_t extra, uint64_t end);
void acm_source_budget_reset(struct acm_source *s);
void acm_source_describe(struct acm_source *s, const char *primary, const char *secondary);
void acm_source_refresh(struct acm_source *s);
long long acm_source_date_epoch(long long fallback);

/* sourcetar.c */
int acm_sourcetar_open(struct acm_source *s, struct archive **out);
struct acm_confine *acm_sourcetar_begin(struct acm_source *s, struct archive *a, struct acm_progress *pg,
					const char *what);
int acm_sourcetar_error(struct acm_source *s, struct archive *a);
int acm_sourcetar_check(struct acm_source *s, struct acm_confine *model, struct acm_progress *pg,
			struct archive_entry *ae, enum acm_source_type *type, unsigned *mode, char **clean,
			char **link);
int acm_sourcetar_within(struct acm_source *s, struct acm_confine *model, const char *top);
int acm_sourcetar_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud);
int acm_sourcetar_read(struct acm_source *s, char **data, size_t *len, size_t max);

/* sourcetree.c */
/* Links of a directory or git tree are judged once the whole tree is known:
 * a listing's order says nothing. */
struct pending_links {
	char **paths, **targets;
	size_t n, cap;
};

struct collect_ctx {
	struct acm_source *s;
	size_t cap;
	struct acm_confine *model;
	struct pending_links links;
	int rc;
};

int acm_sourcetree_take(struct collect_ctx *c, const char *path, enum acm_confine_kind kind, unsigned mode,
			uint64_t size, const char *target, const git_oid *oid);
int acm_sourcetree_collect(struct acm_source *s);
int acm_sourcetree_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud);
int acm_sourcetree_read(struct acm_source *s, const struct sent *x, char **data, size_t *len, size_t max);
typedef int (*acm_sourcetree_sink)(void *ud, const void *buf, size_t n);
int acm_sourcetree_stream(struct acm_source *s, const struct sent *x, acm_sourcetree_sink sink, void *ud);

/* sourcegit.c */
const char *acm_sourcegit_msg(void);
bool acm_sourcegit_is_url(const char *a);
int acm_sourcegit_open(struct acm_source *s, const char *ref);
int acm_sourcegit_collect(struct collect_ctx *c);

#endif

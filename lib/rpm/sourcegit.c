/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourcegit.c - the git backend of the source module: open or clone with
 * libgit2, resolve the ref, the snapshot version, and the commit's tree
 * entries (crafted names included) through acm_sourcetree_take(). */
#include "config.h"

#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

const char *acm_sourcegit_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown error";
}

/* git itself never checks out a ".git" component (any case): its hooks
 * and config would run in whatever later works in the tree. */
static bool git_reserved(const char *path)
{
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 4 && strncasecmp(p, ".git", 4) == 0)
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

static int git_collect_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct collect_ctx *c = payload;
	struct acm_source *s = c->s;
	/* names come from the tree object as written: "..", "a/../../x" and
	 * empty names are possible in a crafted repository */
	char *p = acm_xasprintf("%s%s", root, git_tree_entry_name(te));
	const git_oid *oid = git_tree_entry_id(te);
	git_filemode_t fm = git_tree_entry_filemode(te);
	int ret = 0;
	if (git_reserved(p)) {
		c->rc = acm_source_refuse(s, p, "a '.git' component (git never checks one out)");
		ret = -1;
	} else if (fm == GIT_FILEMODE_TREE) {
		if ((c->rc = acm_sourcetree_take(c, p, ACM_CONFINE_DIR, 0755, 0, NULL, NULL)))
			ret = -1;
	} else if (fm == GIT_FILEMODE_COMMIT) {
		acm_warn("'%s': submodule '%s' is left out (only this repository's files are used)", s->arg, p);
		ret = 1;     /* skip */
	} else if (fm != GIT_FILEMODE_BLOB && fm != GIT_FILEMODE_BLOB_EXECUTABLE && fm != GIT_FILEMODE_LINK) {
		c->rc = acm_source_refuse(s, p, "unknown git file mode");
		ret = -1;
	} else {
		/* the size from the object header: a large blob is not inflated
		 * just to learn it is too large */
		git_odb *odb = NULL;
		size_t size = 0;
		git_object_t type;
		if (git_repository_odb(&odb, s->repo) < 0 || git_odb_read_header(&size, &type, odb, oid) < 0 ||
		    type != GIT_OBJECT_BLOB) {
			acm_err("'%s': cannot read '%s' from the repository: %s", s->arg, p, acm_sourcegit_msg());
			c->rc = ACM_EX_DATAERR;
			ret = -1;
		} else if (fm == GIT_FILEMODE_LINK) {
			git_blob *blob = NULL;
			if (size >= PATH_MAX) {
				c->rc = acm_source_refuse(s, p, acm_confine_why(ACM_CONFINE_TOO_LONG));
				ret = -1;
			} else if (git_blob_lookup(&blob, s->repo, oid) < 0) {
				acm_err("'%s': cannot read '%s' from the repository: %s", s->arg, p, acm_sourcegit_msg());
				c->rc = ACM_EX_DATAERR;
				ret = -1;
			} else {
				char *t = acm_xasprintf("%.*s", (int)size, (const char *)git_blob_rawcontent(blob));
				if (strlen(t) != size)
					c->rc = acm_source_refuse(s, p, "NUL in a symbolic link's target");
				else
					c->rc = acm_sourcetree_take(c, p, ACM_CONFINE_SYMLINK, 0777, 0, t, NULL);
				ret = c->rc ? -1 : 0;
				free(t);
			}
			git_blob_free(blob);
		} else {
			c->rc = acm_sourcetree_take(c, p, ACM_CONFINE_FILE, fm == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644,
				     (uint64_t)size, NULL, oid);
			ret = c->rc ? -1 : 0;
		}
		git_odb_free(odb);
	}
	free(p);
	return ret;
}

/* Every entry of the commit's tree, through acm_sourcetree_take(). */
int acm_sourcegit_collect(struct collect_ctx *c)
{
	struct acm_source *s = c->s;
	git_tree *tree;
	if (git_commit_tree(&tree, s->commit) < 0) {
		acm_err("'%s': cannot read the commit's tree: %s", s->arg, acm_sourcegit_msg());
		return ACM_EX_DATAERR;
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, git_collect_cb, c) < 0 && !c->rc) {
		acm_err("'%s': cannot walk the commit's tree: %s", s->arg, acm_sourcegit_msg());
		c->rc = ACM_EX_DATAERR;
	}
	git_tree_free(tree);
	return c->rc;
}

bool acm_sourcegit_is_url(const char *a)
{
	if (strstr(a, "://"))
		return true;
	/* scp-like user@host:path */
	const char *at = strchr(a, '@'), *colon = strchr(a, ':'), *slash = strchr(a, '/');
	return at && colon && at < colon && (!slash || colon < slash);
}

static char *repo_name(const char *arg)
{
	char *t = acm_xstrdup(arg);
	size_t n = strlen(t);
	while (n > 1 && t[n - 1] == '/')
		t[--n] = '\0';
	if (ends_with(t, "/.git")) {
		t[n - 5] = '\0';
		n -= 5;
	}
	if (ends_with(t, ".git") && n > 4)
		t[n - 4] = '\0';
	const char *b = base_name(t);
	const char *c = strrchr(b, ':');   /* host:name */
	char *r = acm_xstrdup(c ? c + 1 : b);
	free(t);
	if (!*r) {
		free(r);
		r = acm_xstrdup("source");
	}
	return r;
}

static int git_resolve(struct acm_source *s, const char *ref)
{
	const char *want = ref ? ref : "HEAD";
	git_object *obj = NULL;
	char *alt[3] = { acm_xstrdup(want), acm_xasprintf("origin/%s", want),
			 acm_xasprintf("refs/tags/%s", want) };
	int r = -1;
	for (int i = 0; i < 3 && r < 0; i++)
		r = git_revparse_single(&obj, s->repo, alt[i]);
	for (int i = 0; i < 3; i++)
		free(alt[i]);
	git_object *c = NULL;
	if (r == 0 && git_object_peel(&c, obj, GIT_OBJECT_COMMIT) < 0)
		r = -1;
	git_object_free(obj);
	if (r < 0) {
		acm_err("'%s': unknown ref '%s': no such tag, branch or commit; list them with "
			"'git tag' and 'git branch -a'", s->arg, want);
		return ACM_EX_DATAERR;
	}
	s->commit = (git_commit *)c;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), git_commit_id(s->commit));
	set_str(&s->commit_hex, hex);
	s->info.mtime = (long long)git_commit_time(s->commit);
	return 0;
}

static void git_version(struct acm_source *s)
{
	git_describe_options dopts;
	git_describe_options_init(&dopts, GIT_DESCRIBE_OPTIONS_VERSION);
	dopts.describe_strategy = GIT_DESCRIBE_TAGS;
	git_describe_result *res = NULL;
	char *tag = NULL, *ver = NULL;
	long distance = -1;
	if (git_describe_commit(&res, (git_object *)s->commit, &dopts) == 0) {
		git_describe_format_options fopts;
		git_describe_format_options_init(&fopts, GIT_DESCRIBE_FORMAT_OPTIONS_VERSION);
		fopts.always_use_long_format = 1;
		git_buf out = { 0 };
		if (git_describe_format(&out, res, &fopts) == 0 && out.ptr) {
			/* TAG-N-gHASH: parse from the end, a tag may hold '-' */
			char *g = strrchr(out.ptr, '-');
			if (g && g > out.ptr) {
				*g = '\0';
				char *d = strrchr(out.ptr, '-');
				if (d) {
					*d = '\0';
					distance = strtol(d + 1, NULL, 10);
					tag = acm_xstrdup(out.ptr);
				}
			}
		}
		git_buf_dispose(&out);
		git_describe_result_free(res);
	}
	if (tag)
		ver = acm_source_version_from_tag(tag, s->name);
	if (ver && distance == 0) {
		set_str(&s->version, ver);
		s->info.version_found = true;
	} else {
		char hex[8], day[16];
		git_oid_tostr(hex, sizeof(hex), git_commit_id(s->commit));
		time_t t = (time_t)git_commit_time(s->commit);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%Y%m%d", &tm);
		free(s->version);
		s->version = acm_xasprintf("%s^%sg%s", ver ? ver : "0", day, hex);
		s->info.version_found = ver != NULL;
	}
	set_str(&s->tag, ver ? tag : NULL);
	free(tag);
	free(ver);
}

static int clone_progress(const git_indexer_progress *st, void *payload)
{
	acm_progress_set(payload, (uint64_t)st->received_bytes);
	return 0;
}

int acm_sourcegit_open(struct acm_source *s, const char *ref)
{
	s->info.kind = ACM_SOURCE_GIT;
	git_libgit2_init();
	if (acm_sourcegit_is_url(s->arg)) {
		const char *tmp = getenv("TMPDIR");
		char *dir = acm_xasprintf("%s/acm-clone-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			acm_err("'%s': cannot make a scratch directory for the clone: %s", dir, strerror(errno));
			free(dir);
			return ACM_EX_CANTCREAT;
		}
		s->clone_dir = dir;
		char *into = acm_xasprintf("%s/repo", dir);
		git_clone_options co;
		git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
		co.bare = 1;
		struct acm_progress pg;
		acm_progress_start(&pg, NULL, "cloning", 0, false);
		co.fetch_opts.callbacks.transfer_progress = clone_progress;
		co.fetch_opts.callbacks.payload = &pg;
		acm_verbose("cloning %s", s->arg);
		int r = git_clone(&s->repo, s->arg, into, &co);
		acm_progress_done(&pg);
		free(into);
		if (r < 0) {
			acm_err("'%s': cannot clone: %s; check the URL and that it is reachable", s->arg, acm_sourcegit_msg());
			return ACM_EX_NOINPUT;
		}
	} else if (git_repository_open_ext(&s->repo, s->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		acm_err("'%s': not a git repository: %s", s->arg, acm_sourcegit_msg());
		return ACM_EX_DATAERR;
	}
	int rc = git_resolve(s, ref);
	if (rc)
		return rc;
	s->name = repo_name(s->arg);
	char *n = NULL, *v = NULL;
	if (acm_source_split_nv(s->name, &n, &v)) {   /* a checkout named "foo-1.2": foo */
		free(s->name);
		s->name = n;
		free(v);
	}
	git_version(s);
	return 0;
}

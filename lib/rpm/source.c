/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.c - open a tarball, directory or git SOURCE and walk it: the public
 * face of the source module (source.h); the backends are sourcetar.c,
 * sourcetree.c and sourcegit.c, extraction sourceextract.c, packing
 * sourcewrite.c, names and versions sourcename.c. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "fstree.h"
#include "pkgmeta.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

int acm_source_refuse(struct acm_source *s, const char *entry, const char *why)
{
	acm_err("'%s': refusing archive entry '%s': %s; the archive is unsafe to unpack",
		s->arg, entry, why);
	return ACM_EX_DATAERR;
}

static const struct acm_source_budget default_budget = ACM_SOURCE_BUDGET_DEFAULT;

/* Count one more member of size bytes (as declared, holes included) against
 * the budget of this pass; 65 naming the member when it is spent. */
int acm_source_budget_take(struct acm_source *s, const char *member, uint64_t size)
{
	const struct acm_source_budget *b = &s->budget;
	if (++s->used_members > b->members) {
		acm_err("'%s': more than %llu entries (at '%s'); refusing a source this large",
			s->arg, (unsigned long long)b->members, member);
		return ACM_EX_DATAERR;
	}
	if (size > b->member_bytes) {
		acm_err("'%s': entry '%s' expands to %llu bytes, more than the %llu a member may; "
			"refusing it (an archive bomb or a sparse giant)", s->arg, member,
			(unsigned long long)size, (unsigned long long)b->member_bytes);
		return ACM_EX_DATAERR;
	}
	s->used_bytes += size;
	if (s->used_bytes > b->total_bytes) {
		acm_err("'%s': the entries expand to more than %llu bytes (at '%s'); refusing it",
			s->arg, (unsigned long long)b->total_bytes, member);
		return ACM_EX_DATAERR;
	}
	return 0;
}

/* A member turned out larger than declared, now end bytes. */
int acm_source_budget_more(struct acm_source *s, const char *member, uint64_t extra, uint64_t end)
{
	const struct acm_source_budget *b = &s->budget;
	s->used_bytes += extra;
	if (end > b->member_bytes || s->used_bytes > b->total_bytes) {
		acm_err("'%s': entry '%s' expands past the budget (%llu bytes a member, %llu in all); "
			"refusing it (an archive bomb?)", s->arg, member,
			(unsigned long long)b->member_bytes, (unsigned long long)b->total_bytes);
		return ACM_EX_DATAERR;
	}
	return 0;
}

void acm_source_budget_reset(struct acm_source *s)
{
	s->used_members = s->used_bytes = 0;
}

void acm_source_describe(struct acm_source *s, const char *primary, const char *secondary)
{
	char *n = NULL, *v = NULL;
	bool found = (primary && acm_source_split_nv(primary, &n, &v)) ||
		     (secondary && acm_source_split_nv(secondary, &n, &v));
	if (!found) {
		n = acm_xstrdup(primary ? primary : secondary ? secondary : "source");
		v = acm_xstrdup("0");
	}
	free(s->name);
	free(s->version);
	s->name = n;
	s->version = v;
	s->info.version_found = found;
}

void acm_source_refresh(struct acm_source *s)
{
	if (s->name_override)
		set_str(&s->name, s->name_override);
	if (s->version_override) {
		set_str(&s->version, s->version_override);
		s->info.version_found = true;
	}
	s->info.arg = s->arg;
	s->info.name = s->name;
	s->info.version = s->version;
	s->info.topdir = s->topdir;
	s->info.commit = s->commit_hex;
	s->info.tag = s->tag;
}

long long acm_source_date_epoch(long long fallback)
{
	long long v;

	/* the tools refuse a bad value before they get here (pkgmeta.h) */
	return acm_pkgmeta_epoch(&v) == 0 && v >= 0 ? v : fallback;
}

int acm_source_open(struct acm_source **out, const char *arg, const struct acm_source_opts *opts)
{
	struct acm_source_opts none = { 0 };
	if (!opts)
		opts = &none;
	struct acm_source *s = acm_xcalloc(1, sizeof(*s));
	s->rootfd = -1;
	s->arg = acm_xstrdup(arg);
	s->path = acm_xstrdup(arg);
	s->name_override = opts->name ? acm_xstrdup(opts->name) : NULL;
	s->version_override = opts->version ? acm_xstrdup(opts->version) : NULL;
	s->budget = opts->budget ? *opts->budget : default_budget;
	*out = NULL;
	int rc = 0;
	struct stat st;

	if (acm_sourcegit_is_url(arg)) {
		rc = acm_sourcegit_open(s, opts->ref);
	} else if (stat(arg, &st) < 0) {
		int e = errno;
		acm_err("'%s': %s; give an existing tarball, directory or git repository", arg, strerror(e));
		rc = e == ENOENT || e == ENOTDIR ? ACM_EX_NOINPUT : acm_exit_from_errno_in(e);
	} else if (S_ISDIR(st.st_mode)) {
		char *dotgit = acm_xasprintf("%s/.git", arg);
		char *head = acm_xasprintf("%s/HEAD", arg), *objs = acm_xasprintf("%s/objects", arg);
		bool bare = acm_exists(head) && acm_is_dir(objs) && !acm_exists(dotgit);
		bool repo = bare || acm_exists(dotgit);
		free(dotgit);
		free(head);
		free(objs);
		if (repo && (opts->ref || bare || ends_with(arg, ".git") || ends_with(arg, ".git/"))) {
			rc = acm_sourcegit_open(s, opts->ref);
		} else if (opts->ref) {
			acm_err("'%s': --ref given but this directory is not a git repository", arg);
			rc = ACM_EX_USAGE;
		} else {
			s->info.kind = ACM_SOURCE_DIR;
			s->rootfd = open(arg, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (s->rootfd < 0) {
				acm_err("'%s': cannot open: %s", arg, strerror(errno));
				rc = acm_exit_from_errno_in(errno);
			} else {
				char *real = realpath(arg, NULL);
				acm_source_describe(s, base_name(real ? real : arg), NULL);
				free(real);
				s->info.mtime = acm_source_date_epoch(0);
			}
		}
	} else if (S_ISREG(st.st_mode)) {
		s->info.kind = ACM_SOURCE_TARBALL;
		if (opts->ref) {
			acm_err("'%s': --ref applies to git sources only, this is a file", arg);
			rc = ACM_EX_USAGE;
		} else {
			s->stem = acm_source_stem(arg);
			s->info.mtime = acm_source_date_epoch((long long)st.st_mtime);
			/* read the first entry: a corrupt file fails here, and the
			 * tentative top directory gives a name before any walk */
			struct archive *a;
			if (!(rc = acm_sourcetar_open(s, &a))) {
				struct archive_entry *ae;
				int r = archive_read_next_header(a, &ae);
				if (r == ARCHIVE_EOF) {
					acm_err("'%s': the archive is empty; nothing to package", arg);
					rc = ACM_EX_DATAERR;
				} else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
					rc = acm_sourcetar_error(s, a);
				} else {
					char *clean = NULL;
					const char *p = archive_entry_pathname(ae);
					if (p && acm_confine_name(p, ACM_SOURCE_NAME_RULE, &clean) == 0 && strchr(clean, '/'))
						*strchr(clean, '/') = '\0';
					else if (clean && archive_entry_filetype(ae) != AE_IFDIR) {
						free(clean);
						clean = NULL;
					}
					acm_source_describe(s, clean && *clean ? clean : NULL, s->stem);
					if (clean && *clean && !s->info.version_found)
						acm_source_describe(s, s->stem, clean);
					free(clean);
				}
				archive_read_free(a);
			}
		}
	} else {
		acm_err("'%s': neither a file nor a directory; give a tarball, directory or git repository", arg);
		rc = ACM_EX_DATAERR;
	}
	if (rc) {
		acm_source_close(s);
		return rc;
	}
	acm_source_refresh(s);
	*out = s;
	return 0;
}

const struct acm_source_info *acm_source_info(const struct acm_source *s)
{
	return &s->info;
}

void acm_source_close(struct acm_source *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nents; i++) {
		free(s->ents[i].path);
		free(s->ents[i].link);
	}
	free(s->ents);
	if (s->rootfd >= 0)
		close(s->rootfd);
	if (s->commit)
		git_commit_free(s->commit);
	if (s->repo)
		git_repository_free(s->repo);
	if (s->info.kind == ACM_SOURCE_GIT)
		git_libgit2_shutdown();
	if (s->clone_dir)
		(void)acm_fstree_remove(s->clone_dir);
	free(s->clone_dir);
	free(s->arg);
	free(s->name);
	free(s->version);
	free(s->topdir);
	free(s->commit_hex);
	free(s->tag);
	free(s->name_override);
	free(s->version_override);
	free(s->stem);
	free(s->path);
	free(s);
}

int acm_source_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud)
{
	if (s->info.kind == ACM_SOURCE_TARBALL)
		return acm_sourcetar_walk(s, fn, ud);
	return acm_sourcetree_walk(s, fn, ud);
}

int acm_source_read(const struct acm_source_entry *e, char **data, size_t *len, size_t max)
{
	struct acm_source *s = e->src;
	*data = NULL;
	*len = 0;
	if (e->type != ACM_SOURCE_FILE) {
		*data = acm_xstrdup("");
		return 0;
	}
	if (s->info.kind == ACM_SOURCE_TARBALL) {
		if (!s->ar) {
			acm_err("internal error: acm_source_read outside a walk");
			return ACM_EX_SOFTWARE;
		}
		return acm_sourcetar_read(s, data, len, max);
	}
	if (!s->cur) {
		acm_err("internal error: acm_source_read outside a walk");
		return ACM_EX_SOFTWARE;
	}
	return acm_sourcetree_read(s, s->cur, data, len, max);
}

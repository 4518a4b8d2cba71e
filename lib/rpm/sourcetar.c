/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourcetar.c - the libarchive backend of the source module: tarballs, zip,
 * cpio and the other formats libarchive reads, walked in archive order. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

int acm_sourcetar_open(struct acm_source *s, struct archive **out)
{
	struct archive *a = archive_read_new();
	archive_read_support_filter_all(a);
	/* every archive format except mtree (its entries name files on *our*
	 * disk to read) and raw/warc (not source trees) */
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_xar(a);
	archive_read_support_format_iso9660(a);
	archive_read_support_format_cab(a);
	archive_read_support_format_lha(a);
	archive_read_support_format_ar(a);
	if (archive_read_open_filename(a, s->path, 65536) != ARCHIVE_OK) {
		int err = archive_errno(a), rc;
		/* an OS error opening or reading the file, else a format error */
		if (err == ENOENT || err == EACCES || err == EPERM || err == EIO || err == EISDIR) {
			acm_err("'%s': cannot read: %s", s->arg, archive_error_string(a));
			rc = acm_exit_from_errno_in(err);
		} else {
			acm_err("'%s': not an archive libarchive can read: %s; give a tarball "
				"(.tar.gz, .tar.xz, .zip, ...), a directory or a git repository",
				s->arg, archive_error_string(a));
			rc = ACM_EX_DATAERR;
		}
		archive_read_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* A progress bar over the compressed bytes read (TTY only, quiet with -q). */
/* Start a pass over the members of a (s->ar = a): progress shown as what,
 * a fresh budget, and an empty tree model (the caller frees it) for
 * acm_sourcetar_check(). */
struct acm_confine *acm_sourcetar_begin(struct acm_source *s, struct archive *a, struct acm_progress *pg,
					const char *what)
{
	struct stat st;
	char label[64];
	const char *b = strrchr(s->arg, '/');
	snprintf(label, sizeof(label), "%s %.40s", what, b ? b + 1 : s->arg);
	acm_progress_start(pg, NULL, label, stat(s->path, &st) == 0 ? (uint64_t)st.st_size : 0, false);
	s->ar = a;
	acm_source_budget_reset(s);
	return acm_confine_new(-1);
}

int acm_sourcetar_error(struct acm_source *s, struct archive *a)
{
	const char *m = archive_error_string(a);
	acm_err("'%s': corrupt or unreadable archive: %s; check the download (a truncated "
		"file looks like this)", s->arg, m ? m : "unknown error");
	return ACM_EX_DATAERR;
}

/* Validate one archive entry against the name, kind and link rules and the
 * budget, and add it to the tree model (and advance pg): sets type, mode, clean ("" for the
 * top itself, "./"), link (cleaned for hard links). Returns 0, or 65 after
 * a message. */
int acm_sourcetar_check(struct acm_source *s, struct acm_confine *model, struct acm_progress *pg,
			struct archive_entry *ae, enum acm_source_type *type, unsigned *mode, char **clean,
			char **link)
{
	acm_progress_set(pg, (uint64_t)archive_filter_bytes(s->ar, -1));
	const char *p = archive_entry_pathname(ae);
	*clean = *link = NULL;
	if (!p)
		return acm_source_refuse(s, "(no name)", "the entry has no name");
	int v = acm_confine_name(p, ACM_SOURCE_NAME_RULE, clean);
	if (v)
		return acm_source_refuse(s, p, acm_confine_why(v));
	const char *hl = archive_entry_hardlink(ae);
	enum acm_confine_kind kind;
	unsigned m = archive_entry_mode(ae);
	/* a hard link's own type bits say little (tar stores none) */
	v = acm_confine_mode(hl ? (m & ~(unsigned)S_IFMT) | S_IFREG : m, 0, &kind);
	if (hl && v == 0) {
		*type = ACM_SOURCE_HARDLINK;
		kind = ACM_CONFINE_HARDLINK_TO;
		if (acm_confine_name(hl, ACM_SOURCE_NAME_RULE, link) || !**link)
			v = ACM_CONFINE_HARDLINK;
	} else if (v == 0) {
		*type = kind == ACM_CONFINE_DIR ? ACM_SOURCE_DIRECTORY
			: kind == ACM_CONFINE_SYMLINK ? ACM_SOURCE_SYMLINK : ACM_SOURCE_FILE;
		if (kind == ACM_CONFINE_SYMLINK) {
			const char *t = archive_entry_symlink(ae);
			*link = acm_xstrdup(t ? t : "");
		}
	}
	*mode = archive_entry_mode(ae) & 0777;
	if (!v && **clean)
		v = acm_confine_add(model, *clean, kind, *link);
	if (!v && **clean) {
		int rc = acm_source_budget_take(s, p, *type == ACM_SOURCE_FILE && archive_entry_size_is_set(ae) &&
				     archive_entry_size(ae) > 0 ? (uint64_t)archive_entry_size(ae) : 0);
		if (rc) {
			free(*clean);
			free(*link);
			*clean = *link = NULL;
			return rc;
		}
	}
	if (v) {
		free(*clean);
		free(*link);
		*clean = *link = NULL;
		return acm_source_refuse(s, p, acm_confine_why(v));
	}
	return 0;
}

/* At the end of a pass over a tarball with one top directory: that
 * directory becomes the tree (it is renamed on its own into place), so
 * every link in it must stay in it. */
int acm_sourcetar_within(struct acm_source *s, struct acm_confine *model, const char *top)
{
	const char *bad;
	int v = top ? acm_confine_within(model, top, &bad) : 0;
	return v ? acm_source_refuse(s, bad, "symbolic link pointing outside the top directory") : 0;
}

/* Strip "top/" from a cleaned path; NULL when it is the top itself. */
static const char *strip_top(const char *clean, const char *top)
{
	if (!top)
		return clean;
	size_t n = strlen(top);
	if (strncmp(clean, top, n) == 0 && clean[n] == '/')
		return clean + n + 1;
	return NULL;
}

int acm_sourcetar_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud)
{
	bool strip = true;
again:;
	struct archive *a;
	int rc = acm_sourcetar_open(s, &a);
	if (rc)
		return rc;
	char *top = NULL;
	bool emitted = false, restart = false, any = false;
	struct archive_entry *ae;
	int r;
	struct acm_progress pg;
	struct acm_confine *model = acm_sourcetar_begin(s, a, &pg, "scanning");
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		enum acm_source_type type;
		unsigned mode;
		char *clean, *link;
		if ((rc = acm_sourcetar_check(s, model, &pg, ae, &type, &mode, &clean, &link)))
			break;
		if (!*clean) {          /* "./" */
			free(clean);
			free(link);
			continue;
		}
		any = true;
		if (strip) {
			char *slash = strchr(clean, '/');
			size_t n = slash ? (size_t)(slash - clean) : strlen(clean);
			if (!top) {
				if (slash || type == ACM_SOURCE_DIRECTORY)
					top = acm_xasprintf("%.*s", (int)n, clean);
				else
					strip = false;    /* a file at the root: no top directory */
			} else if (strlen(top) != n || strncmp(top, clean, n) != 0 ||
				   (!slash && type != ACM_SOURCE_DIRECTORY)) {
				free(clean);
				free(link);
				if (emitted) {
					restart = true;
					break;
				}
				strip = false;
				free(top);
				top = NULL;
				continue;   /* cannot happen before anything was emitted, but be safe */
			}
		}
		const char *rel = strip ? strip_top(clean, top) : clean;
		if (rel) {
			const char *lk = link;
			if (type == ACM_SOURCE_HARDLINK && strip) {
				lk = strip_top(link, top);
				if (!lk) {
					rc = acm_source_refuse(s, clean, "hard link to a name outside the top directory");
					free(clean);
					free(link);
					break;
				}
			}
			struct acm_source_entry e = {
				.path = rel, .type = type, .mode = mode,
				.size = type == ACM_SOURCE_FILE ? (uint64_t)archive_entry_size(ae) : 0,
				.link = lk, .src = s,
			};
			emitted = true;
			rc = fn(&e, ud);
		}
		free(clean);
		free(link);
		if (rc)
			break;
	}
	if (!rc && !restart && r != ARCHIVE_EOF)
		rc = acm_sourcetar_error(s, a);
	if (!rc && !restart && !any) {
		acm_err("'%s': the archive is empty; nothing to package", s->arg);
		rc = ACM_EX_DATAERR;
	}
	if (!rc && !restart && strip)
		rc = acm_sourcetar_within(s, model, top);
	acm_confine_free(model);
	acm_progress_done(&pg);
	s->ar = NULL;
	archive_read_free(a);
	if (restart) {
		free(top);
		if ((rc = fn(NULL, ud)))
			return rc;
		strip = false;
		goto again;
	}
	if (!rc) {
		set_str(&s->topdir, strip ? top : NULL);
		acm_source_describe(s, s->topdir, s->stem);
		if (s->topdir && !s->info.version_found)
			acm_source_describe(s, s->stem, s->topdir);
		acm_source_refresh(s);
	}
	free(top);
	return rc;
}

static ssize_t tar_chunk(void *ctx, void *chunk, size_t want)
{
	return archive_read_data(ctx, chunk, want);
}

int acm_sourcetar_read(struct acm_source *s, char **data, size_t *len, size_t max)
{
	if (acm_buf_slurp(data, len, max, tar_chunk, s->ar) < 0)
		return acm_sourcetar_error(s, s->ar);
	return 0;
}

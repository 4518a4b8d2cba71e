/* source.c - open a tarball, directory or git SOURCE; walk, extract and pack
 * it reproducibly, refusing hostile entries (see source.h). */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
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

/* ---- small helpers -------------------------------------------------------- */

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? acm_xstrdup(s) : NULL;
}

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

static int rm_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	remove(p);
	return 0;
}

static void rm_rf(const char *path)
{
	if (path)
		nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* ---- names and versions ---------------------------------------------------- */

static const char *const archive_suffixes[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.zstd", ".tar.lz", ".tar.lzma",
	".tar.lz4", ".tar.Z", ".tgz", ".tbz2", ".tbz", ".txz", ".tzst", ".tlz", ".tar",
	".zip", ".cpio", ".7z", ".iso", NULL
};

char *acm_source_stem(const char *filename)
{
	char *s = acm_xstrdup(base_name(filename));
	for (int i = 0; archive_suffixes[i]; i++) {
		if (ends_with(s, archive_suffixes[i]) && strlen(s) > strlen(archive_suffixes[i])) {
			s[strlen(s) - strlen(archive_suffixes[i])] = '\0';
			break;
		}
	}
	if (ends_with(s, ".orig") && strlen(s) > 5)  /* Debian foo_1.2.orig.tar.gz */
		s[strlen(s) - 5] = '\0';
	return s;
}

/* Make a string usable as an RPM Version: '-' and '_' become '.', except a
 * pre-release word after a separator ("1.2-rc1") becomes "~rc1", which rpm
 * sorts before 1.2. Other characters rpm refuses are dropped. */
static char *rpm_version(const char *v)
{
	static const char *const pre[] = { "rc", "alpha", "beta", "pre", "dev", NULL };
	struct acm_buf b = ACM_BUF_INIT;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '-' || c == '_') {
			bool is_pre = false;
			for (int i = 0; pre[i]; i++)
				if (strncasecmp(p + 1, pre[i], strlen(pre[i])) == 0)
					is_pre = true;
			acm_buf_addc(&b, is_pre ? '~' : '.');
		} else if (isalnum(c) || c == '.' || c == '+' || c == '~' || c == '^') {
			acm_buf_addc(&b, (char)c);
		}
	}
	/* no leading/trailing/double dots */
	char *s = acm_buf_steal(&b);
	if (!s)
		return NULL;
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '.' && (w == s || w[-1] == '.'))
			continue;
		*w++ = *r;
	}
	while (w > s && (w[-1] == '.' || w[-1] == '~'))
		w--;
	*w = '\0';
	if (!*s || !isdigit((unsigned char)*s)) {
		free(s);
		return NULL;
	}
	return s;
}

bool acm_source_split_nv(const char *stem, char **name, char **version)
{
	const char *cut = NULL;
	if (!stem[0])
		return false;
	for (const char *seps = "-_"; *seps && !cut; seps++)
		for (const char *p = stem + 1; *p; p++)
			if (*p == *seps && isdigit((unsigned char)p[1]))
				cut = p;
	if (!cut)
		return false;
	char *v = rpm_version(cut + 1);
	if (!v)
		return false;
	*name = acm_xasprintf("%.*s", (int)(cut - stem), stem);
	*version = v;
	return true;
}

char *acm_source_version_from_tag(const char *tag, const char *name)
{
	static const char *const prefixes[] = { "release-", "release_", "rel-", "version-", "ver-", NULL };
	const char *t = tag;
	if (strncmp(t, "refs/tags/", 10) == 0)
		t += 10;
	size_t nl = name ? strlen(name) : 0;
	if (nl && strncasecmp(t, name, nl) == 0 && (t[nl] == '-' || t[nl] == '_'))
		t += nl + 1;
	for (int i = 0; prefixes[i]; i++)
		if (strncasecmp(t, prefixes[i], strlen(prefixes[i])) == 0)
			t += strlen(prefixes[i]);
	if ((*t == 'v' || *t == 'V') && isdigit((unsigned char)t[1]))
		t++;
	if (!isdigit((unsigned char)*t)) {
		/* "openafs-stable-1_8_10": the first number after a separator */
		const char *p = t;
		while (*p && !((*p == '-' || *p == '_') && isdigit((unsigned char)p[1])))
			p++;
		if (!*p)
			return NULL;
		t = p + 1;
	}
	return rpm_version(t);
}

/* ---- hostile-entry checks (the rules themselves are in confine.c) ---------- */

/* Names from any backend: what confine.c allows, and no control characters
 * (the names end up in specs and records). */
#define NAME_RULE (ACM_CONFINE_NO_CONTROL | ACM_CONFINE_ALLOW_TOP)

static int refuse(struct acm_source *s, const char *entry, const char *why)
{
	acm_err("'%s': refusing archive entry '%s': %s; the archive is unsafe to unpack",
		s->arg, entry, why);
	return ACM_EX_DATAERR;
}

static const struct acm_source_budget default_budget = ACM_SOURCE_BUDGET_DEFAULT;

/* Count one more member of size bytes (as declared, holes included) against
 * the budget of this pass; 65 naming the member when it is spent. */
static int budget_take(struct acm_source *s, const char *member, uint64_t size)
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
static int budget_more(struct acm_source *s, const char *member, uint64_t extra, uint64_t end)
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

static void budget_reset(struct acm_source *s)
{
	s->used_members = s->used_bytes = 0;
}

/* ---- describing the source ------------------------------------------------- */

static void describe_from(struct acm_source *s, const char *primary, const char *secondary)
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

static void refresh_info(struct acm_source *s)
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

static long long source_date_epoch(long long fallback)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		errno = 0;
		long long v = strtoll(e, &end, 10);
		if (!errno && !*end && v >= 0)
			return v;
		acm_warn("SOURCE_DATE_EPOCH='%s' is not a number of seconds; ignored", e);
	}
	return fallback;
}

/* ---- tarballs -------------------------------------------------------------- */

static int tar_open(struct acm_source *s, struct archive **out)
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
static void progress_start(struct acm_source *s, struct acm_progress *pg, const char *what)
{
	struct stat st;
	char label[64];
	const char *b = strrchr(s->arg, '/');
	snprintf(label, sizeof(label), "%s %.40s", what, b ? b + 1 : s->arg);
	acm_progress_start(pg, NULL, label, stat(s->path, &st) == 0 ? (uint64_t)st.st_size : 0, false);
}

static int tar_error(struct acm_source *s, struct archive *a)
{
	const char *m = archive_error_string(a);
	acm_err("'%s': corrupt or unreadable archive: %s; check the download (a truncated "
		"file looks like this)", s->arg, m ? m : "unknown error");
	return ACM_EX_DATAERR;
}

/* Validate one archive entry against the name, kind and link rules and the
 * budget, and add it to the tree model: sets type, mode, clean ("" for the
 * top itself, "./"), link (cleaned for hard links). Returns 0, or 65 after
 * a message. */
static int tar_check(struct acm_source *s, struct acm_confine *model, struct archive_entry *ae,
		     enum acm_source_type *type, unsigned *mode, char **clean, char **link)
{
	const char *p = archive_entry_pathname(ae);
	*clean = *link = NULL;
	if (!p)
		return refuse(s, "(no name)", "the entry has no name");
	int v = acm_confine_name(p, NAME_RULE, clean);
	if (v)
		return refuse(s, p, acm_confine_why(v));
	const char *hl = archive_entry_hardlink(ae);
	enum acm_confine_kind kind;
	unsigned m = archive_entry_mode(ae);
	/* a hard link's own type bits say little (tar stores none) */
	v = acm_confine_mode(hl ? (m & ~(unsigned)S_IFMT) | S_IFREG : m, 0, &kind);
	if (hl && v == 0) {
		*type = ACM_SOURCE_HARDLINK;
		kind = ACM_CONFINE_HARDLINK_TO;
		if (acm_confine_name(hl, NAME_RULE, link) || !**link)
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
		int rc = budget_take(s, p, *type == ACM_SOURCE_FILE && archive_entry_size_is_set(ae) &&
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
		return refuse(s, p, acm_confine_why(v));
	}
	return 0;
}

/* At the end of a pass over a tarball with one top directory: that
 * directory becomes the tree (it is renamed on its own into place), so
 * every link in it must stay in it. */
static int tar_within(struct acm_source *s, struct acm_confine *model, const char *top)
{
	const char *bad;
	int v = top ? acm_confine_within(model, top, &bad) : 0;
	return v ? refuse(s, bad, "symbolic link pointing outside the top directory") : 0;
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

static int tar_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud)
{
	bool strip = true;
again:;
	struct archive *a;
	int rc = tar_open(s, &a);
	if (rc)
		return rc;
	char *top = NULL;
	bool emitted = false, restart = false, any = false;
	struct archive_entry *ae;
	int r;
	struct acm_progress pg;
	progress_start(s, &pg, "scanning");
	s->ar = a;
	struct acm_confine *model = acm_confine_new(-1);
	budget_reset(s);
	while ((r = archive_read_next_header(a, &ae)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
		enum acm_source_type type;
		unsigned mode;
		char *clean, *link;
		acm_progress_set(&pg, (uint64_t)archive_filter_bytes(a, -1));
		if ((rc = tar_check(s, model, ae, &type, &mode, &clean, &link)))
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
					rc = refuse(s, clean, "hard link to a name outside the top directory");
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
		rc = tar_error(s, a);
	if (!rc && !restart && !any) {
		acm_err("'%s': the archive is empty; nothing to package", s->arg);
		rc = ACM_EX_DATAERR;
	}
	if (!rc && !restart && strip)
		rc = tar_within(s, model, top);
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
		describe_from(s, s->topdir, s->stem);
		if (s->topdir && !s->info.version_found)
			describe_from(s, s->stem, s->topdir);
		refresh_info(s);
	}
	free(top);
	return rc;
}

static int tar_read(struct acm_source *s, char **data, size_t *len, size_t max)
{
	struct acm_buf b = ACM_BUF_INIT;
	char chunk[65536];
	for (;;) {
		size_t want = sizeof(chunk);
		if (max && b.len + want > max)
			want = max - b.len;
		if (!want)
			break;
		la_ssize_t n = archive_read_data(s->ar, chunk, want);
		if (n < 0) {
			acm_buf_free(&b);
			return tar_error(s, s->ar);
		}
		if (n == 0)
			break;
		acm_buf_add(&b, chunk, (size_t)n);
	}
	*len = b.len;
	*data = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	return 0;
}

/* ---- directories and git trees (sorted entry lists) --------------------------- */

static void add_ent(struct acm_source *s, size_t *cap, const char *path, enum acm_source_type type,
		    unsigned mode, uint64_t size, const char *link, const git_oid *oid)
{
	if (s->nents == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		s->ents = acm_xrealloc(s->ents, *cap * sizeof(*s->ents));
	}
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

/* Links of a directory or git tree are judged once the whole tree is known:
 * a listing's order says nothing. */
struct pending_links {
	char **paths, **targets;
	size_t n, cap;
};

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

struct collect_ctx {
	struct acm_source *s;
	size_t cap;
	struct acm_confine *model;
	struct pending_links links;
	int rc;
};

/* One entry of a directory or git tree through the name rule, the model and
 * the budget; links are held back for the end. 0 or 65. */
static int take(struct collect_ctx *c, const char *path, enum acm_confine_kind kind, unsigned mode,
		uint64_t size, const char *target, const git_oid *oid)
{
	struct acm_source *s = c->s;
	char *clean;
	int v = acm_confine_name(path, NAME_RULE & ~ACM_CONFINE_ALLOW_TOP, &clean);
	if (!v && kind != ACM_CONFINE_SYMLINK)
		v = acm_confine_add(c->model, clean, kind, NULL);
	if (v) {
		free(clean);
		return refuse(s, path, acm_confine_why(v));
	}
	int rc = budget_take(s, clean, size);
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
			rc = refuse(c->s, c->links.paths[i], acm_confine_why(v[i]));
	free(v);
	return rc;
}

static int dir_collect(struct collect_ctx *c, int dfd, const char *prefix, long long *newest)
{
	struct acm_source *s = c->s;
	int fd = dup(dfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
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
			rc = refuse(s, p, acm_confine_why(v));
		} else if (kind == ACM_CONFINE_FILE) {
			rc = take(c, p, kind, st.st_mode & 0777, (uint64_t)st.st_size, NULL, NULL);
		} else if (kind == ACM_CONFINE_SYMLINK) {
			char t[PATH_MAX];
			ssize_t k = readlinkat(dfd, n, t, sizeof(t) - 1);
			if (k < 0) {
				acm_err("'%s/%s': %s", s->arg, p, strerror(errno));
				rc = ACM_EX_IOERR;
			} else {
				t[k] = '\0';
				rc = take(c, p, kind, 0777, 0, t, NULL);
			}
		} else {
			rc = take(c, p, kind, st.st_mode & 0777, 0, NULL, NULL);
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

static const char *git_msg(void)
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
		c->rc = refuse(s, p, "a '.git' component (git never checks one out)");
		ret = -1;
	} else if (fm == GIT_FILEMODE_TREE) {
		if ((c->rc = take(c, p, ACM_CONFINE_DIR, 0755, 0, NULL, NULL)))
			ret = -1;
	} else if (fm == GIT_FILEMODE_COMMIT) {
		acm_warn("'%s': submodule '%s' is left out (only this repository's files are used)", s->arg, p);
		ret = 1;     /* skip */
	} else if (fm != GIT_FILEMODE_BLOB && fm != GIT_FILEMODE_BLOB_EXECUTABLE && fm != GIT_FILEMODE_LINK) {
		c->rc = refuse(s, p, "unknown git file mode");
		ret = -1;
	} else {
		/* the size from the object header: a large blob is not inflated
		 * just to learn it is too large */
		git_odb *odb = NULL;
		size_t size = 0;
		git_object_t type;
		if (git_repository_odb(&odb, s->repo) < 0 || git_odb_read_header(&size, &type, odb, oid) < 0 ||
		    type != GIT_OBJECT_BLOB) {
			acm_err("'%s': cannot read '%s' from the repository: %s", s->arg, p, git_msg());
			c->rc = ACM_EX_DATAERR;
			ret = -1;
		} else if (fm == GIT_FILEMODE_LINK) {
			git_blob *blob = NULL;
			if (size >= PATH_MAX) {
				c->rc = refuse(s, p, acm_confine_why(ACM_CONFINE_TOO_LONG));
				ret = -1;
			} else if (git_blob_lookup(&blob, s->repo, oid) < 0) {
				acm_err("'%s': cannot read '%s' from the repository: %s", s->arg, p, git_msg());
				c->rc = ACM_EX_DATAERR;
				ret = -1;
			} else {
				char *t = acm_xasprintf("%.*s", (int)size, (const char *)git_blob_rawcontent(blob));
				if (strlen(t) != size)
					c->rc = refuse(s, p, "NUL in a symbolic link's target");
				else
					c->rc = take(c, p, ACM_CONFINE_SYMLINK, 0777, 0, t, NULL);
				ret = c->rc ? -1 : 0;
				free(t);
			}
			git_blob_free(blob);
		} else {
			c->rc = take(c, p, ACM_CONFINE_FILE, fm == GIT_FILEMODE_BLOB_EXECUTABLE ? 0755 : 0644,
				     (uint64_t)size, NULL, oid);
			ret = c->rc ? -1 : 0;
		}
		git_odb_free(odb);
	}
	free(p);
	return ret;
}

static int collect(struct acm_source *s)
{
	if (s->collected)
		return 0;
	struct collect_ctx c = { .s = s, .model = acm_confine_new(-1) };
	int rc = 0;
	budget_reset(s);
	if (s->info.kind == ACM_SOURCE_DIR) {
		long long newest = 0;
		rc = dir_collect(&c, s->rootfd, "", &newest);
		s->info.mtime = source_date_epoch(newest);
	} else {
		git_tree *tree;
		if (git_commit_tree(&tree, s->commit) < 0) {
			acm_err("'%s': cannot read the commit's tree: %s", s->arg, git_msg());
			rc = ACM_EX_DATAERR;
		} else {
			if (git_tree_walk(tree, GIT_TREEWALK_PRE, git_collect_cb, &c) < 0 && !c.rc) {
				acm_err("'%s': cannot walk the commit's tree: %s", s->arg, git_msg());
				c.rc = ACM_EX_DATAERR;
			}
			rc = c.rc;
			git_tree_free(tree);
		}
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

static int sorted_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud)
{
	int rc = collect(s);
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

/* Read a sorted entry's content (directory file or git blob). */
static int sent_read(struct acm_source *s, const struct sent *x, char **data, size_t *len, size_t max)
{
	if (s->info.kind == ACM_SOURCE_GIT) {
		git_blob *blob;
		if (git_blob_lookup(&blob, s->repo, &x->oid) < 0) {
			acm_err("'%s': cannot read '%s': %s", s->arg, x->path, git_msg());
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
	struct acm_buf b = ACM_BUF_INIT;
	char chunk[65536];
	for (;;) {
		size_t want = sizeof(chunk);
		if (max && b.len + want > max)
			want = max - b.len;
		if (!want)
			break;
		ssize_t n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			acm_err("'%s/%s': read error: %s", s->arg, x->path, strerror(errno));
			close(fd);
			acm_buf_free(&b);
			return ACM_EX_IOERR;
		}
		if (n == 0)
			break;
		acm_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*len = b.len;
	*data = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	return 0;
}

/* Stream a sorted entry's content to sink in pieces (a git blob is one
 * piece: libgit2 inflates blobs whole; the budget bounds it). Exactly
 * x->size bytes, or an error: a file that changed since the listing is not
 * packed half-right. */
typedef int (*sink_fn)(void *ud, const void *buf, size_t n);

static int sent_stream(struct acm_source *s, const struct sent *x, sink_fn sink, void *ud)
{
	if (s->info.kind == ACM_SOURCE_GIT) {
		git_blob *blob;
		if (git_blob_lookup(&blob, s->repo, &x->oid) < 0) {
			acm_err("'%s': cannot read '%s': %s", s->arg, x->path, git_msg());
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

/* ---- opening --------------------------------------------------------------- */

static bool is_url(const char *a)
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

static int open_git(struct acm_source *s, const char *ref)
{
	s->info.kind = ACM_SOURCE_GIT;
	git_libgit2_init();
	if (is_url(s->arg)) {
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
			acm_err("'%s': cannot clone: %s; check the URL and that it is reachable", s->arg, git_msg());
			return ACM_EX_NOINPUT;
		}
	} else if (git_repository_open_ext(&s->repo, s->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		acm_err("'%s': not a git repository: %s", s->arg, git_msg());
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

	if (is_url(arg)) {
		rc = open_git(s, opts->ref);
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
			rc = open_git(s, opts->ref);
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
				describe_from(s, base_name(real ? real : arg), NULL);
				free(real);
				s->info.mtime = source_date_epoch(0);
			}
		}
	} else if (S_ISREG(st.st_mode)) {
		s->info.kind = ACM_SOURCE_TARBALL;
		if (opts->ref) {
			acm_err("'%s': --ref applies to git sources only, this is a file", arg);
			rc = ACM_EX_USAGE;
		} else {
			s->stem = acm_source_stem(arg);
			s->info.mtime = source_date_epoch((long long)st.st_mtime);
			/* read the first entry: a corrupt file fails here, and the
			 * tentative top directory gives a name before any walk */
			struct archive *a;
			if (!(rc = tar_open(s, &a))) {
				struct archive_entry *ae;
				int r = archive_read_next_header(a, &ae);
				if (r == ARCHIVE_EOF) {
					acm_err("'%s': the archive is empty; nothing to package", arg);
					rc = ACM_EX_DATAERR;
				} else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
					rc = tar_error(s, a);
				} else {
					char *clean = NULL;
					const char *p = archive_entry_pathname(ae);
					if (p && acm_confine_name(p, NAME_RULE, &clean) == 0 && strchr(clean, '/'))
						*strchr(clean, '/') = '\0';
					else if (clean && archive_entry_filetype(ae) != AE_IFDIR) {
						free(clean);
						clean = NULL;
					}
					describe_from(s, clean && *clean ? clean : NULL, s->stem);
					if (clean && *clean && !s->info.version_found)
						describe_from(s, s->stem, clean);
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
	refresh_info(s);
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
	rm_rf(s->clone_dir);
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
		return tar_walk(s, fn, ud);
	return sorted_walk(s, fn, ud);
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
		return tar_read(s, data, len, max);
	}
	if (!s->cur) {
		acm_err("internal error: acm_source_read outside a walk");
		return ACM_EX_SOFTWARE;
	}
	return sent_read(s, s->cur, data, len, max);
}

/* ---- extraction ------------------------------------------------------------- */

/* Open (creating with mkdir when create) the directory that holds rel under
 * rootfd, never following a symlink; *base points into rel. */
static int open_parent(int rootfd, const char *rel, bool create, const char **base)
{
	int fd = dup(rootfd);
	const char *p = rel;
	for (;;) {
		const char *slash = strchr(p, '/');
		if (!slash)
			break;
		char *comp = acm_xasprintf("%.*s", (int)(slash - p), p);
		int sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 && errno == ENOENT && create && mkdirat(fd, comp, 0755) == 0)
			sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		int e = errno;
		free(comp);
		close(fd);
		if (sub < 0)
			return -e;
		fd = sub;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

struct xstate {
	struct acm_source *s;
	int rootfd;
	const char *dest;
	long long mtime;   /* for directory/git entries */
	bool tar;
};

static int x_fail(struct xstate *x, const char *path, int err)
{
	acm_err("'%s/%s': cannot write: %s", x->dest, path, strerror(err));
	return acm_exit_from_errno_out(err);
}

/* Write a stream to a file, seeking over blocks of zeros: a sparse file of a
 * directory source stays sparse (the caller sets the final size). */
struct fd_sink {
	struct xstate *x;
	const char *path;
	int fd;
};

static int fd_write(void *ud, const void *buf, size_t n)
{
	struct fd_sink *fs = ud;
	const unsigned char *b = buf;
	size_t z = 0;
	while (z < n && !b[z])
		z++;
	if (z == n && lseek(fs->fd, (off_t)n, SEEK_CUR) >= 0)
		return 0;
	int w = acm_write_all(fs->fd, buf, n);
	return w < 0 ? x_fail(fs->x, fs->path, -w) : 0;
}

static int x_entry(const struct acm_source_entry *e, void *ud)
{
	struct xstate *x = ud;
	if (!e)
		return 0;   /* restart: the scratch tree keeps full paths, nothing to forget */
	const char *base;
	int pfd = open_parent(x->rootfd, e->path, true, &base);
	if (pfd < 0)
		return x_fail(x, e->path, -pfd);
	int rc = 0;
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	long long mt = x->tar ? -1 : x->mtime;   /* tarballs: set by the caller */
	switch (e->type) {
	case ACM_SOURCE_DIRECTORY:
		if (mkdirat(pfd, base, 0700 | (e->mode & 0755)) < 0) {
			struct stat st;
			if (errno != EEXIST || fstatat(pfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !S_ISDIR(st.st_mode))
				rc = x_fail(x, e->path, errno == EEXIST ? EEXIST : errno);
		}
		break;
	case ACM_SOURCE_SYMLINK:
		if (symlinkat(e->link, pfd, base) < 0 &&
		    (errno != EEXIST || unlinkat(pfd, base, 0) < 0 || symlinkat(e->link, pfd, base) < 0))
			rc = x_fail(x, e->path, errno);
		break;
	case ACM_SOURCE_HARDLINK: {
		const char *tbase;
		int tfd = open_parent(x->rootfd, e->link, false, &tbase);
		if (tfd < 0) {
			rc = x_fail(x, e->path, -tfd);
			break;
		}
		unlinkat(pfd, base, 0);
		if (linkat(tfd, tbase, pfd, base, 0) < 0)
			rc = x_fail(x, e->path, errno);
		close(tfd);
		break;
	}
	case ACM_SOURCE_FILE: {
		int fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0 && errno == EEXIST && unlinkat(pfd, base, 0) == 0)
			fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			rc = x_fail(x, e->path, errno);
			break;
		}
		if (x->tar) {
			const void *buf;
			size_t size;
			la_int64_t off;
			int r;
			uint64_t extent = e->size;   /* counted in the budget already */
			/* holes are never written: a sparse member stays sparse */
			while ((r = archive_read_data_block(x->s->ar, &buf, &size, &off)) == ARCHIVE_OK) {
				uint64_t end = (uint64_t)off + size;
				if (end > extent) {   /* more data than the header said (zip, cpio) */
					if ((rc = budget_more(x->s, e->path, end - extent, end)))
						break;
					extent = end;
				}
				if (pwrite(fd, buf, size, off) != (ssize_t)size) {
					rc = x_fail(x, e->path, errno ? errno : EIO);
					break;
				}
			}
			if (!rc && r != ARCHIVE_EOF)
				rc = tar_error(x->s, x->s->ar);
			if (!rc) {
				struct stat st;
				/* sparse tails: make the size right */
				if (fstat(fd, &st) == 0 && (uint64_t)st.st_size < e->size &&
				    ftruncate(fd, (off_t)e->size) < 0)
					rc = x_fail(x, e->path, errno);
			}
		} else {
			struct fd_sink fs = { x, e->path, fd };
			rc = sent_stream(x->s, x->s->cur, fd_write, &fs);
			if (!rc && ftruncate(fd, (off_t)e->size) < 0)   /* a trailing hole */
				rc = x_fail(x, e->path, errno);
		}
		if (!rc && fchmod(fd, 0600 | (e->mode & 0755)) < 0)
			rc = x_fail(x, e->path, errno);
		if (!rc && mt >= 0) {
			ts[0].tv_sec = ts[1].tv_sec = (time_t)mt;
			ts[0].tv_nsec = ts[1].tv_nsec = 0;
			futimens(fd, ts);
		}
		close(fd);
		break;
	}
	}
	close(pfd);
	return rc;
}

int acm_source_extract(struct acm_source *s, const char *destdir, char **top_out)
{
	if (top_out)
		*top_out = NULL;
	int r = acm_mkdir_p(destdir, 0755);
	if (r < 0) {
		acm_err("'%s': cannot create directory: %s", destdir, strerror(-r));
		return acm_exit_from_errno_out(-r);
	}
	char *scratch = acm_xasprintf("%s/.acm-extract-XXXXXX", destdir);
	if (!mkdtemp(scratch)) {
		acm_err("'%s': cannot create a scratch directory: %s", destdir, strerror(errno));
		free(scratch);
		return acm_exit_from_errno_out(errno);
	}
	struct xstate x = { .s = s, .dest = destdir, .mtime = s->info.mtime };
	x.rootfd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;
	char *from = NULL, *to = NULL;
	if (x.rootfd < 0) {
		rc = x_fail(&x, base_name(scratch), errno);
		goto out;
	}
	if (s->info.kind == ACM_SOURCE_TARBALL) {
		/* keep the full archive paths in the scratch dir; the top is known
		 * only at the end */
		x.tar = true;
		rc = 0;
		struct archive *a;
		if ((rc = tar_open(s, &a)))
			goto out;
		struct archive_entry *ae;
		int ar;
		s->ar = a;
		bool any = false;
		struct acm_progress pg;
		progress_start(s, &pg, "extracting");
		struct acm_confine *model = acm_confine_new(-1);   /* the scratch dir is ours, empty */
		budget_reset(s);
		while (!rc && ((ar = archive_read_next_header(a, &ae)) == ARCHIVE_OK || ar == ARCHIVE_WARN)) {
			enum acm_source_type type;
			unsigned mode;
			char *clean, *link;
			acm_progress_set(&pg, (uint64_t)archive_filter_bytes(a, -1));
			if ((rc = tar_check(s, model, ae, &type, &mode, &clean, &link)))
				break;
			if (*clean) {
				struct acm_source_entry e = {
					.path = clean, .type = type, .mode = mode,
					.size = (uint64_t)archive_entry_size(ae), .link = link, .src = s,
				};
				any = true;
				rc = x_entry(&e, &x);
				if (!rc && type == ACM_SOURCE_FILE) {
					const char *base;
					int pfd = open_parent(x.rootfd, clean, false, &base);
					if (pfd >= 0) {
						struct timespec ts[2] = {
							{ archive_entry_mtime(ae), 0 }, { archive_entry_mtime(ae), 0 } };
						utimensat(pfd, base, ts, AT_SYMLINK_NOFOLLOW);
						close(pfd);
					}
				}
			}
			free(clean);
			free(link);
		}
		acm_progress_done(&pg);
		if (!rc && ar != ARCHIVE_EOF)
			rc = tar_error(s, a);
		if (!rc && !any) {
			acm_err("'%s': the archive is empty; nothing to package", s->arg);
			rc = ACM_EX_DATAERR;
		}
		s->ar = NULL;
		archive_read_free(a);
		if (rc) {
			acm_confine_free(model);
			goto out;
		}
		/* one top directory? */
		DIR *d = fdopendir(dup(x.rootfd));
		struct dirent *de;
		int n = 0;
		char *only = NULL;
		while (d && (de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			n++;
			if (de->d_type == DT_DIR && !only)
				only = acm_xstrdup(de->d_name);
		}
		if (d)
			closedir(d);
		set_str(&s->topdir, n == 1 && only ? only : NULL);
		rc = tar_within(s, model, s->topdir);
		acm_confine_free(model);
		if (rc) {
			free(only);
			goto out;
		}
		describe_from(s, s->topdir, s->stem);
		if (s->topdir && !s->info.version_found)
			describe_from(s, s->stem, s->topdir);
		refresh_info(s);
		if (s->topdir) {
			from = acm_xasprintf("%s/%s", scratch, s->topdir);
			to = acm_xasprintf("%s/%s", destdir, s->topdir);
		}
		free(only);
	} else {
		rc = sorted_walk(s, x_entry, &x);
		if (rc)
			goto out;
	}
	if (!from) {
		from = acm_xstrdup(scratch);
		to = acm_xasprintf("%s/%s-%s", destdir, s->name, s->version);
	}
	if (acm_exists(to)) {
		acm_err("'%s': already exists; remove it or extract elsewhere", to);
		rc = ACM_EX_CANTCREAT;
		goto out;
	}
	if (!s->topdir || s->info.kind != ACM_SOURCE_TARBALL)
		chmod(from, 0755);   /* the scratch dir was made 0700 */
	if (rename(from, to) < 0) {
		acm_err("'%s': cannot rename into place: %s", to, strerror(errno));
		rc = acm_exit_from_errno_out(errno);
		goto out;
	}
	if (top_out) {
		*top_out = to;
		to = NULL;
	}
out:
	if (x.rootfd >= 0)
		close(x.rootfd);
	rm_rf(scratch);
	free(scratch);
	free(from);
	free(to);
	return rc;
}

/* ---- reproducible tarball ----------------------------------------------------- */

struct ar_sink {
	struct archive *a;
	const char *out, *member;
};

static int ar_write(void *ud, const void *buf, size_t n)
{
	struct ar_sink *as = ud;
	if (archive_write_data(as->a, buf, n) != (la_ssize_t)n) {
		acm_err("'%s': cannot write '%s': %s", as->out, as->member, archive_error_string(as->a));
		return ACM_EX_IOERR;
	}
	return 0;
}

static int w_entry(struct acm_source *s, struct archive *a, const char *prefix,
		   const struct sent *x, const char *out)
{
	struct archive_entry *ae = archive_entry_new();
	char *p = x ? acm_xasprintf("%s/%s", prefix, x->path) : acm_xstrdup(prefix);
	archive_entry_set_pathname(ae, p);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	archive_entry_set_uname(ae, "root");
	archive_entry_set_gname(ae, "root");
	archive_entry_set_mtime(ae, (time_t)s->info.mtime, 0);
	int rc = 0;
	bool data = false;
	if (!x || x->type == ACM_SOURCE_DIRECTORY) {
		archive_entry_set_filetype(ae, AE_IFDIR);
		archive_entry_set_perm(ae, 0755);
	} else if (x->type == ACM_SOURCE_SYMLINK) {
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_perm(ae, 0777);
		archive_entry_set_symlink(ae, x->link);
	} else {
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, (x->mode & 0111) ? 0755 : 0644);
		archive_entry_set_size(ae, (la_int64_t)x->size);
		data = x->size > 0;
	}
	if (archive_write_header(a, ae) != ARCHIVE_OK) {
		acm_err("'%s': cannot write '%s': %s", out, p, archive_error_string(a));
		rc = ACM_EX_IOERR;
	}
	if (!rc && data) {
		/* streamed: nothing is held whole in memory (but a git blob) */
		struct ar_sink as = { a, out, p };
		rc = sent_stream(s, x, ar_write, &as);
	}
	free(p);
	archive_entry_free(ae);
	return rc;
}

int acm_source_write_tarball(struct acm_source *s, const char *outdir, char **path_out)
{
	if (path_out)
		*path_out = NULL;
	if (s->info.kind == ACM_SOURCE_TARBALL) {
		acm_err("'%s': already a tarball; use it as Source0 as it is", s->arg);
		return ACM_EX_USAGE;
	}
	int rc = collect(s);
	if (rc)
		return rc;
	int r = acm_mkdir_p(outdir, 0755);
	if (r < 0) {
		acm_err("'%s': cannot create directory: %s", outdir, strerror(-r));
		return acm_exit_from_errno_out(-r);
	}
	char *prefix = acm_xasprintf("%s-%s", s->name, s->version);
	char *out = acm_xasprintf("%s/%s.tar.gz", outdir, prefix);
	struct acm_atomic at;
	if ((rc = acm_atomic_open(&at, out, 0644))) {
		free(prefix);
		free(out);
		return rc;
	}
	struct archive *a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	/* gzip -n: no name, no time stamp in the gzip header */
	archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
	if (archive_write_open_fd(a, at.fd) != ARCHIVE_OK) {
		acm_err("'%s': cannot write: %s", out, archive_error_string(a));
		rc = ACM_EX_IOERR;
	}
	if (!rc)
		rc = w_entry(s, a, prefix, NULL, out);
	for (size_t i = 0; !rc && i < s->nents; i++)
		rc = w_entry(s, a, prefix, &s->ents[i], out);
	if (archive_write_close(a) != ARCHIVE_OK && !rc) {
		acm_err("'%s': cannot write: %s", out, archive_error_string(a));
		rc = ACM_EX_IOERR;
	}
	archive_write_free(a);
	if (!rc)
		rc = acm_atomic_commit(&at);
	if (rc)
		acm_atomic_abort(&at);
	if (!rc && path_out) {
		*path_out = out;
		out = NULL;
	}
	free(prefix);
	free(out);
	return rc;
}

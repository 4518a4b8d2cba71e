/* SPDX-License-Identifier: GPL-2.0-or-later */
/* source.h - a SOURCE named on a command line: a tarball (any format
 * libarchive reads, whatever the file is called), a directory, or a git
 * repository (local path or URL, at a ref). It tells the source's name and
 * version, walks its files without extracting them, extracts it safely and
 * writes a reproducible NAME-VERSION.tar.gz (used by specgen, kbuild,
 * mx2g-pack).
 *
 * Entries are untrusted, whatever the backend (tar/zip/cpio..., directory,
 * git tree): absolute names, "..", control characters in names, symlinks
 * that resolve out of the tree (judged by confine.h, which follows the links
 * of the tree as the kernel would; for a tarball with one top directory, out
 * of that directory), entries whose path runs through a symlink or a file,
 * hard links to anything but a file of the tree, devices, fifos, sockets,
 * set-id bits on files (a directory's are dropped), and ".git" components of a git tree are refused with 65, and
 * nothing is left behind (extraction goes to a scratch directory that is
 * renamed into place only when all went well). So is a source larger than
 * its budget (struct acm_source_budget): sizes count as declared, holes of
 * a sparse member included, and holes stay holes on disk.
 *
 * Every function prints its own message ("prog: error: 'SOURCE': ...") and
 * returns 0 or an exit status from lib/exitcodes.h: 66 missing source,
 * 65 corrupt/hostile archive or unknown git ref, 73/74 output errors. */
#ifndef ACM_SOURCE_H
#define ACM_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum acm_source_kind { ACM_SOURCE_TARBALL, ACM_SOURCE_DIR, ACM_SOURCE_GIT };

/* Which SOURCE is git: a URL (scheme:// or user@host:path), a path ending in
 * ".git", a bare repository, or any repository when opts.ref is set. A working
 * tree with .git but no --ref is a directory source (its files as they are,
 * .git left out). A regular file is a tarball. */
struct acm_source_budget {
	uint64_t total_bytes;   /* all members' sizes together */
	uint64_t member_bytes;  /* one member's size */
	uint64_t members;       /* number of entries */
};
/* Far above any real source tree (linux-6.1: 1.3 GB in 80 000 entries). */
#define ACM_SOURCE_BUDGET_DEFAULT { 16ull << 30, 1ull << 30, 2000000 }

struct acm_source_opts {
	const char *ref;      /* git: tag, branch or commit (NULL: HEAD) */
	const char *name;     /* override the detected name (NULL: detect) */
	const char *version;  /* override the detected version (NULL: detect) */
	const struct acm_source_budget *budget;   /* NULL: ACM_SOURCE_BUDGET_DEFAULT */
};

/* What the source is. Strings are owned by the source. For a tarball,
 * topdir/name/version are final after the first complete acm_source_walk()
 * or acm_source_extract() (open reads only the first entry). */
struct acm_source_info {
	enum acm_source_kind kind;
	const char *arg;      /* SOURCE as given */
	const char *name;     /* "foo" */
	const char *version;  /* "1.2.3", or a git snapshot "1.2.3^20240102gabc1234" */
	bool version_found;   /* false: nothing said the version, "0" was used */
	const char *topdir;   /* tarball: its single top directory ("foo-1.2"), or NULL */
	const char *commit;   /* git: the commit's full id; else NULL */
	const char *tag;      /* git: the tag the version came from; else NULL */
	long long mtime;      /* seconds: time stamp for the reproducible tarball */
};

/* Version rule for git (one rule, documented in specgen(1)): the nearest tag
 * reachable from the commit (`git describe --tags`) gives V ("v1.2.3",
 * "1.2.3", "NAME-1.2.3" all give 1.2.3); the commit itself tagged -> V;
 * N > 0 commits after it -> V^YYYYMMDDgSHORT (commit date, UTC); no tag ->
 * 0^YYYYMMDDgSHORT. Tarball mtimes: the commit time (git), else
 * $SOURCE_DATE_EPOCH, else the newest file's mtime (directory). */

struct acm_source;

int acm_source_open(struct acm_source **out, const char *arg, const struct acm_source_opts *opts);
const struct acm_source_info *acm_source_info(const struct acm_source *s);
void acm_source_close(struct acm_source *s);

enum acm_source_type { ACM_SOURCE_FILE, ACM_SOURCE_DIRECTORY, ACM_SOURCE_SYMLINK, ACM_SOURCE_HARDLINK };

struct acm_source_entry {
	const char *path;         /* relative to the top directory: "src/main.c" */
	enum acm_source_type type;
	unsigned mode;            /* permission bits, 0777 at most */
	uint64_t size;            /* regular files */
	const char *link;         /* symlink target, or hard link's path (relative to top) */
	struct acm_source *src;   /* for acm_source_read() */
};

/* Called once per entry. Return 0 to go on, anything else stops the walk and
 * is returned. Called with e == NULL when a tarball turned out to have no
 * single top directory: forget what was collected, the walk starts over with
 * paths relative to the archive's root (a second pass, only for such
 * "tarbombs"). */
typedef int (*acm_source_walk_fn)(const struct acm_source_entry *e, void *ud);

/* Visit every entry: a tarball in archive order (one pass, unread data is
 * skipped), a directory or git tree sorted by name. Hostile entries stop the
 * walk with 65. */
int acm_source_walk(struct acm_source *s, acm_source_walk_fn fn, void *ud);

/* Inside the walk callback only: read the current regular file's content
 * (at most max bytes; more -> *len = max, truncated). *data is malloc'd and
 * NUL-terminated. Returns 0 or an exit status (message printed). */
int acm_source_read(const struct acm_source_entry *e, char **data, size_t *len, size_t max);

/* Extract into destdir (created if missing; must not hold the top already):
 * destdir/TOP/..., where TOP is the tarball's top directory, else
 * NAME-VERSION. Never writes outside destdir, never follows a link it did not
 * check. *top_out (malloc'd, may be NULL) gets destdir/TOP. */
int acm_source_extract(struct acm_source *s, const char *destdir, char **top_out);

/* Which entries acm_source_extract_some() writes: called with an entry's
 * archive path (a tarball's includes its top directory) and, for a hard link,
 * its target's. Directories are always made; a file or link it refuses is
 * still checked (hostile entries stop the extraction) but not written. */
typedef bool (*acm_source_want_fn)(const char *path, void *ud);

/* acm_source_extract() writing only the files want (NULL: all) accepts. */
int acm_source_extract_some(struct acm_source *s, const char *destdir, char **top_out,
			    acm_source_want_fn want, void *ud);

/* Write outdir/NAME-VERSION.tar.gz atomically: entries under NAME-VERSION/,
 * sorted by name, owner root:root (0:0), modes 0755/0644, every mtime
 * info->mtime, gzip without name or time: two runs give identical bytes.
 * Directory and git sources only (a tarball is its own Source0: 64).
 * *path_out (malloc'd, may be NULL) gets the written file's path. */
int acm_source_write_tarball(struct acm_source *s, const char *outdir, char **path_out);

/* Helpers shared with tests. */
/* "v1.2.3", "foo-1.2.3", "release-1_2" -> malloc'd "1.2.3"/"1.2"; NULL if no digit starts it. */
char *acm_source_version_from_tag(const char *tag, const char *name);
/* Split "foo-bar-1.2.3" (or "foo_1.2.orig") into name and version at the last
 * '-' or '_' followed by a digit (or a tag's "v", "R_", "release-" and a
 * digit); GitHub's shapes come out right: "jq-jq-1.6" is jq 1.6,
 * "json-c-json-c-0.16-20220414" json-c 0.16, "libexpat-R_2_5_0" libexpat
 * 2.5.0. Returns false when there is no version. */
bool acm_source_split_nv(const char *stem, char **name, char **version);
/* The version from elsewhere (what the build system declares), when the
 * names gave none: info's version, version_found set. */
void acm_source_set_version(struct acm_source *s, const char *version);
/* A file name without its archive suffixes (".tar.gz", ".tgz", ".zip", ...) and a Debian ".orig". malloc'd. */
char *acm_source_stem(const char *filename);

#endif

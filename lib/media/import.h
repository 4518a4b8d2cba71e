/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import.h - import install media (an ISO 9660 image or device read with
 * libarchive, or a mounted directory) into a provisioning tree: confined,
 * atomic per file, resumable, with a manifest so re-runs copy nothing. */
#ifndef ACM_IMPORT_H
#define ACM_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "media.h"
#include "mediaset.h"

/* Names inside the destination that belong to us; media entries whose
 * base name starts with this prefix are refused. */
#define ACM_IMPORT_RESERVED ".acmtools-"
#define ACM_IMPORT_MANIFEST ".acmtools-manifest"
#define ACM_IMPORT_JOURNAL ".acmtools-journal"
#define ACM_IMPORT_TMPDIR ".acmtools-tmp"
#define ACM_IMPORT_LOCK ".acmtools-lock"

struct acm_import_opts {
	const char *root;      /* -p: media goes to ROOT/OSVER/ARCH */
	const char *osver;     /* -n: overrides identification (NULL: none) */
	const char *arch;      /* -a */
	bool dry_run;          /* --dry-run: identify, plan, change nothing */
	bool check;            /* --check: change nothing, report missing */
	bool verify;           /* --verify: checksums (read-only, no lock, when
				* the tree already holds the medium) */
	bool force;            /* --force: replace differing files */
	bool no_dedup;         /* --no-dedup: copy even what the root already holds */
	/* Called for each thing a --dry-run would do (action "copy", "replace",
	 * "conflict", "refuse", "mkdir", "link"), may be NULL. */
	void (*plan_cb)(void *ctx, const char *action, const char *path, uint64_t size);
	void *plan_ctx;
	/* Disc sets seen so far (a thin disc 2 takes its disc 1's name), may
	 * be NULL. */
	struct acm_mediaset *sets;
};

struct acm_import_result {
	struct acm_media_id id;     /* what the media is (after -n/-a) */
	char *dest;                 /* ROOT/OSVER/ARCH[/N], malloc'd */
	uint64_t files;             /* regular files on the medium */
	uint64_t bytes;             /* their total size */
	uint64_t copied;            /* bytes written this run */
	uint64_t reflinked;         /* bytes shared with the image instead (FICLONERANGE) */
	uint64_t shared;            /* bytes shared with identical files in the root (dedup) */
	uint64_t done_files;        /* files put in place this run */
	bool interrupted;           /* a signal stopped the copy (the status is 130) */
	bool changed;               /* this run changed the tree (never with --check) */
	uint64_t missing;           /* entries not (yet) in the tree as on the medium */
	unsigned conflicts;         /* tree files that differ and were left alone */
	unsigned refused;           /* hostile entries not imported */
	unsigned mismatches;        /* --verify failures */
};

/* Import one medium. Prints its own messages. Returns 0, or an exit status:
 * 1 (--check: incomplete), 65 (unidentified, hostile entries, conflicts,
 * checksum mismatches), 66 (no such media), 73, 74, 75. */
int acm_import_medium(const char *media, const struct acm_import_opts *o,
		      struct acm_import_result *r);
/* Before the first of several media is copied: every one of them is read
 * and named, and has a usable place in the tree, and the root can be
 * opened (created for an import). A bad medium found after the others were
 * copied would leave the command half done. Thin later discs are named
 * from their set (o->sets) whatever their order. Returns 0 or the worst
 * exit status (messages printed). */
int acm_import_precheck(const char *const *media, int n, const struct acm_import_opts *o);
void acm_import_result_free(struct acm_import_result *r);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoscan.h - the first pass over a medium (an ISO 9660 image or device
 * read with libarchive, or a mounted directory): its directory and the few
 * small metadata files, as a list of entries, each checked by name and
 * kind before anything is planned. */
#ifndef ACM_ISOSCAN_H
#define ACM_ISOSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "media.h"
#include "strmap.h"

struct archive;

/* What the import does with an entry; set by the scan (SKIP, REFUSED),
 * the plan, and the copy. */
enum acm_plan {
	ACM_PLAN_NONE,       /* not planned yet */
	ACM_PLAN_SKIP,       /* the root itself */
	ACM_PLAN_PRESENT,    /* in the tree as on the medium */
	ACM_PLAN_OTHERDISC,  /* another disc of the set put it there first */
	ACM_PLAN_COPY,       /* missing: write it */
	ACM_PLAN_COMPARE,    /* a file is there but unrecorded or changed: compare contents */
	ACM_PLAN_REPLACE,    /* differs, --force: write over it */
	ACM_PLAN_CONFLICT,   /* differs: left alone */
	ACM_PLAN_BLOCKED,    /* a symlink/file in the tree blocks its directory */
	ACM_PLAN_REFUSED,    /* hostile or unsupported entry */
};

struct acm_isoent {
	char *path;       /* cleaned relative path ("" for the root) */
	char type;        /* 'f' 'd' 'l' 'h' (hard link) 'x' (refused) */
	mode_t mode;
	uint64_t size;
	int64_t mtime;
	char *target;     /* symlink target / hard link target */
	enum acm_plan plan;
	char sha[65];     /* media content hash, once read */
};

struct acm_isoscan {
	const char *media;
	bool is_dir;
	int srcfd;              /* directory media, else -1 */
	struct acm_isoent *e;   /* in the medium's order */
	size_t n, cap;
	struct acm_strmap idx;  /* path -> entry */
	struct acm_media_meta meta;
	struct acm_arch_votes votes;
	unsigned refused;       /* hostile entries (each named in a message) */
	int status;             /* 74 when the medium could be read only in part */
};

/* Scan media into s (zeroed here). Returns 0 or an exit status, message
 * printed: 65 not an image, 66 missing or not an image/device/directory,
 * 74 read error. A medium readable only in part scans what it can and
 * sets s->status. */
int acm_isoscan_run(struct acm_isoscan *s, const char *media);
/* The empty scan of media: nothing listed, no directory open. */
void acm_isoscan_init(struct acm_isoscan *s, const char *media);
void acm_isoscan_free(struct acm_isoscan *s);
/* One entry of an image's listing (from libarchive, or the scan cache
 * replaying one: scancache.h), judged by name and kind as every entry is
 * (fmt the S_IFMT bits; link a symlink's target, hardlink a hard link's).
 * Returns the entry when it is listed, NULL when it is the root or was
 * refused (message printed, s->refused). */
struct acm_isoent *acm_isoscan_add(struct acm_isoscan *s, const char *name, mode_t fmt, mode_t mode, uint64_t size,
				   int64_t mtime, const char *link, const char *hardlink);
/* After the listing: a hard link takes its target's size and time. */
void acm_isoscan_links_sized(struct acm_isoscan *s);

/* Open the image for a pass with libarchive. The image is opened by
 * acm_open_input like every input (a FIFO or socket would block: refused,
 * 66); a device is handed to libarchive by name, which knows how to skip
 * on one. NULL with *st set (message printed); else close with
 * acm_isoscan_close(a, *fdp). */
struct archive *acm_isoscan_open(const char *media, size_t block, int *st, int *fdp);
void acm_isoscan_close(struct archive *a, int fd);
/* An entry's data went past its directory size: message, 65. */
int acm_isoscan_expands_past(const char *media, const struct acm_isoent *e);

/* Judge the medium's symlinks, once it is listed and the destination is
 * open (destfd, or -1 when there is none yet): each is resolved against
 * every entry of the medium and what is already under destfd (confine.h);
 * those leading out are refused (message, s->refused). */
void acm_isoscan_check_links(struct acm_isoscan *s, int destfd);

#endif

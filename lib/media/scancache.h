/* SPDX-License-Identifier: GPL-2.0-or-later */
/* scancache.h - the listing of an image, kept in the tree's root
 * (ROOT/.acmtools-media/) after a scan and replayed in place of the next
 * scan of the same image, so a re-import reads no byte of the image's
 * directory (and never loads the ISO reader).
 *
 * The same image is: a regular file with the same device, inode, size,
 * mtime and ctime (nanoseconds) as when it was listed, or a block device
 * with the same device number and size; for both, the same 2 KiB primary
 * volume descriptor (sector 16: volume name, creation time, root
 * directory). A file rewritten in place or swapped for another, even one
 * with the same size and mtime, has another ctime or inode; a disc
 * swapped in a drive has another volume descriptor. Anything else (a
 * directory medium, a listing with refused entries or read errors) is
 * scanned each time. The cache says only what the medium holds: the tree
 * is checked against its manifest as after every scan, and each replayed
 * entry is judged by name and kind again (acm_isoscan_add). */
#ifndef ACM_SCANCACHE_H
#define ACM_SCANCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "isoscan.h"

#define ACM_SCANCACHE_DIR ".acmtools-media"
/* Listings kept at most: the ones used last. */
#define ACM_SCANCACHE_KEEP 32

struct acm_scancache {
	bool known;             /* the image's identity was taken */
	bool hit;               /* the listing was replayed, not scanned */
	char name[64];          /* its file in ACM_SCANCACHE_DIR */
	char ident[128];        /* "kind dev ino size mtime_ns ctime_ns" */
	char *pvd;              /* the volume descriptor, hex */
	struct acm_buf out;     /* a fresh listing to keep, or empty */
};

/* List media into s: replayed from root's cache when it holds this very
 * image, else scanned (acm_isoscan_run; same result and status), and
 * then kept in k to be saved. */
int acm_scancache_scan(struct acm_scancache *k, struct acm_isoscan *s, const char *media, const char *root);
/* Keep a fresh listing in root's cache (a write run, once the root
 * exists), or mark a replayed one as used; then only the
 * ACM_SCANCACHE_KEEP listings used last are kept. Best effort, quiet: a
 * lost listing costs a scan. */
void acm_scancache_save(struct acm_scancache *k, const char *root);
void acm_scancache_free(struct acm_scancache *k);

#endif

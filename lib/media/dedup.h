/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dedup.h - files already in the provisioning root, by content: every
 * imported tree's manifest (ROOT/OSVER/ARCH and ROOT/OSVER/ARCH/N) on the
 * destination's filesystem, so a byte-identical file on another disc or
 * point release is shared (reflink, else hard link) instead of copied. */
#ifndef ACM_DEDUP_H
#define ACM_DEDUP_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#include "strmap.h"

struct acm_dedup_file {
	uint64_t size;
	int64_t tree_mtime;    /* as recorded: a file changed since is not used */
	size_t tree;           /* index into trees */
	char *path;            /* relative to its tree */
};

struct acm_dedup {
	int rootfd;
	char **trees;          /* tree directories relative to the root */
	size_t ntrees, tcap;
	struct acm_dedup_file *f;
	size_t n, cap;
	struct acm_strmap bysha;   /* "sha size" -> index into f */
	struct acm_strmap sizes;   /* "size" -> any: is a lookup worth a hash? */
};

/* Index the manifests beneath root (whose trees are on device dev). false
 * when the root cannot be read (then nothing is shared). */
bool acm_dedup_load(struct acm_dedup *d, const char *root, dev_t dev);
void acm_dedup_free(struct acm_dedup *d);
/* Is any indexed file size bytes long? */
bool acm_dedup_has_size(const struct acm_dedup *d, uint64_t size);
/* Open a file recorded with this content, checked against its record
 * (regular, no symlink on the way, same size and mtime): an fd and its
 * stat in *sb, or -1. *pfd gets its directory (for linkat; close both). */
int acm_dedup_open(const struct acm_dedup *d, const char *sha, uint64_t size, int *pfd, const char **base,
		   struct stat *sb);

#endif

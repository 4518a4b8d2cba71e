/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoextent.h - where each file's data lies in an ISO 9660 image, read with
 * libisofs (xorriso's own library): the fast copy path moves those byte
 * ranges of the image in the kernel instead of reading them through
 * libarchive. */
#ifndef ACM_ISOEXTENT_H
#define ACM_ISOEXTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

/* One section of a file: bytes [off, off + len) of the image. */
struct acm_isoextent {
	uint64_t off, len;
};

struct acm_isoextent_run {
	size_t first, count;        /* the file's sections in sec */
};

struct acm_isoextents {
	struct acm_strmap idx;      /* path -> index into run */
	struct acm_isoextent_run *run;
	size_t nrun, rcap;
	struct acm_isoextent *sec;
	size_t nsec, scap;
};

/* List the sections of every file of image (size bytes). Returns false
 * (and an empty map: every file takes the libarchive path) when libisofs
 * cannot read the image. Sections that leave the image are dropped. */
bool acm_isoextent_load(struct acm_isoextents *x, const char *image, uint64_t size);
/* The sections of path (a cleaned relative path) when together they hold
 * exactly size bytes; NULL otherwise (not found, or another size, as a
 * zisofs-compressed file has). */
const struct acm_isoextent *acm_isoextent_find(const struct acm_isoextents *x, const char *path, uint64_t size,
					       size_t *n);
void acm_isoextent_free(struct acm_isoextents *x);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* beneath.h - reading files beneath a directory fd (the tree, a directory
 * medium) the one way inputs are read, and the names used to get there. */
#ifndef ACM_BENEATH_H
#define ACM_BENEATH_H

#include <stddef.h>

/* Open name beneath dirfd for reading: confined (no symlink followed on
 * the way), a regular file only, never blocking on a FIFO. Returns an fd,
 * or -errno: -ACM_ENOTREG (fileio.h) for a FIFO, socket or device, -ELOOP
 * for a symlink; acm_input_strerror() words them. */
int acm_beneath_input(int dirfd, const char *name);
/* The same, read whole (up to max bytes; 0 = no limit) into a malloc'd,
 * NUL-terminated buffer. Returns 0 or -errno (-EFBIG past max). */
int acm_beneath_read(int dirfd, const char *name, char **data, size_t *len, size_t max);

/* The last component of a relative path, and the rest ("" when none;
 * malloc'd). */
const char *acm_beneath_base(const char *p);
char *acm_beneath_dir(const char *p);

#endif

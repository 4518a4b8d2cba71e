/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rangecopy.h - move a byte range from one file to another without
 * reading it into the process: FICLONERANGE (share the blocks, where both
 * are on one reflink filesystem: XFS, btrfs), else copy_file_range(2) (the
 * kernel copies), else pread/write (a device, an older kernel). What one
 * refuses for a pair of files it is not asked again. */
#ifndef ACM_RANGECOPY_H
#define ACM_RANGECOPY_H

#include <stdbool.h>
#include <stdint.h>

struct acm_rangecopy {
	uint64_t blksize;      /* the target's block size; 0: never clone */
	bool no_clone;         /* a clone from the image was refused: it cannot be */
	bool no_clone_file;    /* a whole-file clone in the tree was: the filesystem cannot */
	bool no_cfr;           /* copy_file_range was refused: read and write */
	unsigned char *buf;    /* ACM_HASHER_CHUNK bytes, for read/write */
};

/* Set up for copies into the filesystem of dirfd (buf not owned). */
void acm_rangecopy_init(struct acm_rangecopy *rc, int dirfd, unsigned char *buf);
/* Could in[off, off+len) be shared at out[outoff] (block-aligned, a block
 * at least, nothing refused so far)? */
bool acm_rangecopy_may_clone(const struct acm_rangecopy *rc, uint64_t off, uint64_t outoff, uint64_t len);
/* Try sharing a block of in with a file in the target (an unnamed
 * temporary): where it cannot be, no clone is tried again. */
void acm_rangecopy_probe(struct acm_rangecopy *rc, int in, int dirfd);
/* Share the block-aligned head of in[off, off+len) at out[outoff]: the
 * number of bytes shared (0 when nothing could be). */
uint64_t acm_rangecopy_clone(struct acm_rangecopy *rc, int in, uint64_t off, int out, uint64_t outoff, uint64_t len);
/* Copy in[off, off+len) to out[outoff]. 0, or -errno (-ENODATA: the
 * source ended early). */
int acm_rangecopy_copy(struct acm_rangecopy *rc, int in, uint64_t off, int out, uint64_t outoff, uint64_t len);
/* Can the tree in dirfd share blocks with the image (a regular file on the
 * same reflink filesystem, with 2 KiB ISO blocks aligned to its blocks)?
 * Tried on an unnamed temporary file. */
bool acm_rangecopy_can_clone(const char *image, int dirfd);
/* Make out share all of in's blocks (FICLONE). 0 or -errno. */
int acm_rangecopy_clone_file(struct acm_rangecopy *rc, int in, int out);

#endif

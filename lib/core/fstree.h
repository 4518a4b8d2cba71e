/* fstree.h - whole-tree file operations every tool needs: remove a tree
 * (rm -rf, without running rm and without following links) and copy one
 * file atomically. */
#ifndef ACM_FSTREE_H
#define ACM_FSTREE_H

#include <sys/types.h>

/* Remove path and everything below it, walking with openat/unlinkat: a
 * symbolic link is removed, never followed (also when path itself is one),
 * and a directory on another file system (a mount point inside the tree) is
 * left alone and reported as -EXDEV, like rm --one-file-system. A missing
 * path is not an error. Returns 0 or -errno (the first failure; the walk
 * goes on removing what it can). No message. */
int acm_fstree_remove(const char *path);

/* Copy the regular file src to dst atomically (temporary beside dst, fsync,
 * rename): a reader sees the old file or the whole new one. src is opened
 * with acm_open_input (no FIFO, no device). dst gets mode when new.
 * Returns 0 or an exit status after a message naming the file: 65/66 src
 * unreadable, 73 dst cannot be created, 74 I/O error. */
int acm_fstree_copy(const char *src, const char *dst, mode_t mode);

#endif

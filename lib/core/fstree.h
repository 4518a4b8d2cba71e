/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fstree.h - whole-tree file operations every tool needs: walk a tree
 * without following links, remove a tree (rm -rf, without running rm), and
 * copy one file atomically. */
#ifndef ACM_FSTREE_H
#define ACM_FSTREE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* One entry of a walk. */
struct acm_fstree_entry {
	int dirfd;          /* the directory holding it, for the *at() calls */
	const char *name;   /* its name in that directory */
	const char *path;   /* relative to the walk's top: "a/b/c" */
	struct stat st;     /* lstat(): a symbolic link is reported, never followed */
	int depth;          /* 1 for the top's own entries */
};

/* pre returns 0 to go on, ACM_FSTREE_SKIP to leave a directory's contents
 * out, anything else to stop the walk with that value. */
#define ACM_FSTREE_SKIP 1
typedef int acm_fstree_fn(const struct acm_fstree_entry *e, void *ud);

/* Visit everything below the directory top, depth first, each directory's
 * names sorted (strcmp), so two walks of the same tree agree. pre (may be
 * NULL) sees every entry before a directory's contents, post (may be NULL)
 * every directory it entered after them. Directories are entered with
 * openat(O_NOFOLLOW) and checked to be the one stat'ed, so a link swapped
 * in meanwhile is not followed. Each directory is read to its end before
 * its entries are visited: callbacks may remove them. Returns 0, a
 * callback's stop value, or -errno (top not a directory, a directory that
 * cannot be read, deeper than 512 levels: -ELOOP). No message. */
int acm_fstree_walk(const char *top, acm_fstree_fn *pre, acm_fstree_fn *post, void *ud);
/* The same, reading at most max_entries directory entries in all ('.' and
 * '..' of each directory count, as readdir returns them): a tree the walk
 * cannot trust (a build's output) cannot make it hold millions of names.
 * The entries visited before the budget ran out stay visited; then -E2BIG. */
int acm_fstree_walk_max(const char *top, acm_fstree_fn *pre, acm_fstree_fn *post, void *ud, size_t max_entries);

/* Remove path and everything below it: a symbolic link is removed, never
 * followed (also when path itself is one), and a directory on another file
 * system (a mount point inside the tree) is left alone and reported as
 * -EXDEV, like rm --one-file-system. A missing path is not an error.
 * Returns 0 or -errno. No message. */
int acm_fstree_remove(const char *path);

/* Copy the regular file src to dst atomically (temporary beside dst, fsync,
 * rename): a reader sees the old file or the whole new one. src is opened
 * with acm_open_input (no FIFO, no device). dst gets mode when new.
 * Returns 0 or an exit status after a message naming the file: 65/66 src
 * unreadable, 73 dst cannot be created, 74 I/O error. */
int acm_fstree_copy(const char *src, const char *dst, mode_t mode);
/* The same, as a second name of src when it is a regular file of that mode
 * on the same file system (nothing written: for a large input that is only
 * read, such as a tarball rpmbuild packs); else a copy. */
int acm_fstree_link_or_copy(const char *src, const char *dst, mode_t mode);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzztree.h - the scratch-tree checks the fuzzers that write to disk
 * share: every symlink below a directory resolves, if at all, inside a
 * top (realpath prefix check; abort on an escape), and removing the tree. */
#ifndef ACM_FUZZTREE_H
#define ACM_FUZZTREE_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char fuzztree_top[PATH_MAX];   /* nftw callbacks take no context */

static int fuzztree_link_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)f;
	if (flag == FTW_SL || flag == FTW_SLN) {
		char r[PATH_MAX];
		size_t n = strlen(fuzztree_top);
		if (realpath(p, r) && (strncmp(r, fuzztree_top, n) || (r[n] && r[n] != '/'))) {
			fprintf(stderr, "escape: %s -> %s\n", p, r);
			abort();
		}
	}
	return 0;
}

/* Abort when a symlink below dir resolves outside top (a real path). */
static inline void fuzztree_check_links(const char *dir, const char *top)
{
	snprintf(fuzztree_top, sizeof(fuzztree_top), "%s", top);
	nftw(dir, fuzztree_link_cb, 16, FTW_PHYS);
}

static int fuzztree_rm_cb(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	remove(p);
	return 0;
}

static inline void fuzztree_remove(const char *dir)
{
	nftw(dir, fuzztree_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kbuildsrc.h - kbuild's kernel source: its version from the top Makefile
 * (read in place, or from the unpacked tree), the unpacked copy kept between
 * runs, and the Source0 / %setup names the spec uses. */
#ifndef ACM_KBUILDSRC_H
#define ACM_KBUILDSRC_H

#include <stdbool.h>

#include "kspec.h"
#include "source.h"


/* The version from SOURCE's top Makefile, read without extracting (a walk).
 * 0, or 65 "not a kernel source tree" (message names arg), or the walk's
 * status. */
int acm_kbuildsrc_version(struct acm_source *src, const char *arg, struct acm_kmakefile *mk);

/* The same from an unpacked tree's Makefile. */
int acm_kbuildsrc_tree_version(const char *tree, const char *arg, struct acm_kmakefile *mk);

/* What a tarball or git SOURCE is, as the unpack stamp records it: a line
 * naming the file (size, mtime, device, inode) or the commit. NULL for a
 * directory (it can change under us: always copied afresh). malloc'd. */
char *acm_kbuildsrc_identity(const struct acm_source_info *si, const char *arg);

/* Unpack SOURCE into WORK/src, or reuse the copy there when WORK/src.stamp
 * says it is the same source. *tree (malloc'd) is the kernel tree; *keep:
 * the copy may stay for the next run. 0 or the extraction's status. */
int acm_kbuildsrc_unpack(struct acm_source *src, const char *arg, const char *work, char **tree,
			 bool *keep);

/* Source0's file name and the directory %setup enters (NULL: the tarball
 * has none): a tarball as it is, a directory or git tree as the
 * NAME-VERSION.tar.gz that acm_source_write_tarball writes. 0, or 65 when
 * either has characters a spec cannot carry (message). malloc'd. */
int acm_kbuildsrc_names(const struct acm_source_info *si, const char *arg, char **source0,
			char **setup_dir);

#endif

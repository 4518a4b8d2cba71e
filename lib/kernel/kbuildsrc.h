/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kbuildsrc.h - kbuild's kernel source: its version from the top Makefile
 * (read in place, or from the unpacked tree), the unpacked copy kept between
 * runs, and the Source0 / %setup names the spec uses. */
#ifndef ACM_KBUILDSRC_H
#define ACM_KBUILDSRC_H

#include <stdbool.h>

#include "kbuildcfg.h"
#include "kspec.h"
#include "source.h"

/* The version from SOURCE's top Makefile, read without extracting (a walk);
 * with cfg's fragments (cfg may be NULL), the same walk checks their symbols
 * as acm_kbuildsrc_check_symbols does. 0, or 65 "not a kernel source tree"
 * (message names arg) or a symbol no Kconfig defines, or the walk's status. */
int acm_kbuildsrc_version(struct acm_source *src, const char *arg, const struct acm_kbuildcfg *cfg,
			  struct acm_kmakefile *mk);

/* Before the unpack: every symbol cfg's fragments name is defined by a
 * Kconfig file of SOURCE. Read from the copy in WORK/src when the next
 * unpack will reuse it (work may be NULL), else from the source in a walk
 * that extracts nothing and stops once every symbol is found (a misspelt one
 * costs one read of the archive, not an unpack). A tarball that WORK has no
 * copy of is left to acm_kbuildsrc_unpack, which reads it alongside. 0, or
 * 65 after a message per missing symbol, or the walk's status. */
int acm_kbuildsrc_check_symbols(struct acm_source *src, const char *arg, const char *work,
				const struct acm_kbuildcfg *cfg);

/* The same from an unpacked tree's Makefile. */
int acm_kbuildsrc_tree_version(const char *tree, const char *arg, struct acm_kmakefile *mk);

/* What a tarball or git SOURCE is, as the unpack stamp records it: a line
 * naming the file (size, mtime, device, inode) or the commit. NULL for a
 * directory (it can change under us: always copied afresh). malloc'd. */
char *acm_kbuildsrc_identity(const struct acm_source_info *si, const char *arg);

/* Does acm_kbuildsrc_unpack write the whole tree (a tarball: rpmbuild then
 * builds in it, defining kbuild_prepared) or only what kconfig reads (git,
 * directory: rpmbuild unpacks Source0 itself)? */
bool acm_kbuildsrc_unpacks_whole(const struct acm_source_info *si);
/* Is TREE (may be NULL) that whole unpack, in WORK/src/SETUP_DIR where
 * %setup enters, so rpmbuild builds in it? */
bool acm_kbuildsrc_is_build_tree(const struct acm_source_info *si, const char *tree, const char *work,
				 const char *setup_dir);

/* Unpack SOURCE into WORK/src, or reuse the copy there when WORK/src.stamp
 * says it is the same source (a whole tree gets its top Makefile back from
 * WORK/src.Makefile). A tarball unpacked afresh has cfg's fragment symbols
 * (cfg may be NULL) checked as acm_kbuildsrc_check_symbols does, by a second
 * reader at the same time; a missing one stops the writing, the copy is
 * removed, 65. *tree (malloc'd) is the kernel tree; *keep: the copy may stay
 * for the next run. 0 or the extraction's status. */
int acm_kbuildsrc_unpack(struct acm_source *src, const char *arg, const char *work,
			 const struct acm_kbuildcfg *cfg, char **tree, bool *keep);

/* Source0's file name and the directory %setup enters (NULL: the tarball
 * has none): a tarball as it is, a directory or git tree as the
 * NAME-VERSION.tar.gz that acm_source_write_tarball writes. 0, or 65 when
 * either has characters a spec cannot carry (message). malloc'd. */
int acm_kbuildsrc_names(const struct acm_source_info *si, const char *arg, char **source0,
			char **setup_dir);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodconf.h - configure-driven module builds (OpenZFS, OpenAFS, Lustre and
 * the like): tell from a tree's autoconf input that its kernel modules are
 * built by its own ./configure pointed at a kernel, then a make target, and
 * write those steps into the kmod spec's %build. What each project needs
 * (its bootstrap script, the configure flags that name the kernel and turn
 * user space off, the make target, the modules and where they appear) is
 * one table of data in kmodconf.c: a new project is a new row.
 *
 * Nothing of the tree is run while it is read: configure.ac, configure.in,
 * the .m4 files (where AC_ARG_WITH([linux]) usually lives), META and the
 * file list are read as text. The spec runs the bootstrap, configure and
 * make in %build as the build user, as a by-hand build from the tree does;
 * every value written there is a word of the table, a checked word of the
 * tree (module names, directories) or a kernel path, through spectext.h.
 * Used by the tree scan (kmodscan.h), mx2g-pack's steps (kmodpack.h) and
 * the kmod spec (kmodspec.h). */
#ifndef ACM_KMODCONF_H
#define ACM_KMODCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* One project's way to build its modules (a row of the table). */
struct acm_kmodconf_rule {
	const char *id;             /* "openzfs"; "autoconf" for the generic row */
	const char *marker;         /* a file of the tree that tells the project, or
	                               NULL: the generic row (AC_ARG_WITH names) */
	const char *bootstrap[4];   /* (each array NULL-terminated) run when no configure is shipped; {NULL}:
	                               the first of autogen.sh, bootstrap, ... else
	                               autoreconf -fi */
	const char *configure[8];   /* flags; @KSRC@ / @KOBJ@ stand for the kernel's
	                               source and build trees */
	const char *make[4];        /* the module target's make arguments ({NULL}: all) */
	const char *modules[4];     /* the .ko names it builds, or {NULL}: the obj-m scan's */
	const char *moddir;         /* where those appear (searched below), or NULL */
	const char *license;        /* the project's own license, SPDX, or NULL: the scan's */
	const char *build_requires[8];  /* NULL-terminated: at most 7 */
};

struct acm_kmodconf;

struct acm_kmodconf *acm_kmodconf_new(void);
void acm_kmodconf_free(struct acm_kmodconf *c);

/* Does the scan want this file's content (configure.ac/.in, a .m4, META)? */
bool acm_kmodconf_wants(const char *path, unsigned long long size);
/* Every entry of the tree (path relative to its top); text may be NULL. */
void acm_kmodconf_add(struct acm_kmodconf *c, const char *path, bool is_dir, const char *text,
		      size_t len);

/* The tree's configure-driven module build: its rule, or NULL when the tree
 * has none (no configure.ac/configure.in, or nothing in it or its .m4
 * files points configure at a Linux kernel). */
const struct acm_kmodconf_rule *acm_kmodconf_rule(const struct acm_kmodconf *c);

/* The configure flags of the generic row: the kernel options the tree's
 * AC_ARG_WITH declares, in the table's words ("--with-linux=@KSRC@");
 * NULL-terminated, owned by c. For a project row, rule->configure. */
const char *const *acm_kmodconf_flags(const struct acm_kmodconf *c);

/* Does the tree ship a generated configure (a release tarball), so the
 * bootstrap is not run? */
bool acm_kmodconf_has_configure(const struct acm_kmodconf *c);

/* What the tree declares when its top directory does not say: META's
 * Name/Version (OpenZFS), else AC_INIT's tarname (or lowercased package
 * name) and a static version. NULL when not stated (or m4_esyscmd). */
const char *acm_kmodconf_name(const struct acm_kmodconf *c);
const char *acm_kmodconf_version(const struct acm_kmodconf *c);

/* The kernel's source tree for a build tree kobj: Debian's split headers
 * (linux-headers-KVER holds only "include /usr/src/linux-headers-X-common/
 * Makefile") have it elsewhere, and configure scripts grep its headers.
 * malloc'd; kobj itself when it is the whole tree. */
char *acm_kmodconf_ksrc(const char *kobj);

/* Append the %build line for one kernel: in the build copy bdir, the
 * bootstrap (unless configure is shipped), configure with the kernel flags
 * (@KSRC@ ksrc, @KOBJ@ kobj), then %{__make} with the make target and
 * make_vars - no KERNELRELEASE, which would tell a module Makefile that
 * Kbuild is reading it; configure finds the release in the tree. One
 * "(cd ... && ...)" line, each word through spectext.h. false (nothing
 * appended) when a word cannot be written. */
bool acm_kmodconf_build_line(struct acm_buf *b, const struct acm_kmodconf *c, const char *bdir,
			     const char *ksrc, const char *kobj, const char *const *make_vars);

#endif

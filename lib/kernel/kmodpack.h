/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodpack.h - mx2g-pack's steps between a vendor source and its build:
 * find the modules (a scan of the source read in place), choose the package
 * name and version, and make the clean source tree that is packed as
 * Source0. */
#ifndef ACM_KMODPACK_H
#define ACM_KMODPACK_H

#include <stdbool.h>

#include "kmodscan.h"
#include "source.h"

/* Feed every entry of src to scan (files it wants are read, 8 MiB at
 * most). 0 or the walk's status. */
int acm_kmodpack_scan(struct acm_source *src, struct acm_kmod_scan *scan);

/* The modules: as a top-level dkms.conf says (BUILT_MODULE_NAME[] ...;
 * *dkms then points at it, for the spec's make lines), unless module_dirs
 * is given or it names no module; else, when the tree's configure builds
 * them (kmodconf.h; *conf then points at what was read), its rule's
 * modules or the obj-m scan's, the whole tree shipped; else the obj-m scan
 * (acm_kmod_find). dkms.conf's warnings are shown; an error in it is 65
 * (message). */
struct acm_dkmsconf;
struct acm_kmodconf;
int acm_kmodpack_find(struct acm_kmod_scan *scan, const char *const *module_dirs,
		      bool all_files, const char *arg, struct acm_kmod_set *set,
		      const struct acm_dkmsconf **dkms, const struct acm_kmodconf **conf);

/* Name: opt_name, else dkms.conf's PACKAGE_NAME, else (when the top
 * directory gives no version) META's or AC_INIT's, else the source's.
 * Version: opt_version, else dkms.conf's PACKAGE_VERSION, else the source's
 * (top directory, git tag), else META's or AC_INIT's static one, else
 * VERSION's, else "0" (warned). dkms.conf wins
 * over a NAME-VER-REL directory, which only suggests them. 0, or 65 when
 * either is no RPM name / version (message). */
int acm_kmodpack_name_version(const struct acm_source_info *si, const struct acm_kmod_scan *scan,
			      const char *arg, const char *opt_name, const char *opt_version,
			      char **name, char **version);

/* The clean source: extract src into WORK/src, copy the files the modules
 * need (set->ship) to WORK/stage/SETUP_DIR, write it as
 * SOURCES_DIR/NAME-VERSION.tar.gz (*tarball, malloc'd), then remove both
 * copies. 0 or an exit status after a message. */
int acm_kmodpack_clean_source(struct acm_source *src, const char *arg, const char *work,
			      const char *sources_dir, const struct acm_kmod_set *set,
			      const char *name, const char *version, const char *setup_dir,
			      char **tarball);

#endif

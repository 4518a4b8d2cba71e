/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodpack.h - mx2g-pack's steps between a vendor source and its build:
 * find the modules (a scan of the source read in place), choose the package
 * name and version, and make the clean source tree that is packed as
 * Source0. */
#ifndef ACM_KMODPACK_H
#define ACM_KMODPACK_H

#include "kmodscan.h"
#include "source.h"

/* Feed every entry of src to scan (files it wants are read, 8 MiB at
 * most). 0 or the walk's status. */
int acm_kmodpack_scan(struct acm_source *src, struct acm_kmod_scan *scan);

/* Name: opt_name, else dkms.conf's when nothing else named the version (a
 * DKMS source's directory seldom carries it), else the source's. Version:
 * opt_version, else the source's, else dkms.conf's or VERSION's, else "0"
 * (warned). 0, or 65 when either is no RPM name / version (message). */
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

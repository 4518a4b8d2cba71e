/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodscan.h - find the kernel modules in a driver source, whatever its
 * layout: read the Kbuild / Makefile files that define obj-m (the kernel's
 * own way to name a module), follow the sub-directories they list, and tell
 * which files a clean kmod source tarball must hold and which parts of the
 * tree are user space (not packaged as modules). Used by mx2g-pack.
 *
 * Each Kbuild/Makefile is read by kmodkbuild.h (over the make reader,
 * kmake.h), which never runs anything; this module walks the tree they
 * describe. */
#ifndef ACM_KMODSCAN_H
#define ACM_KMODSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "kmodkbuild.h"

/* Is s a usable kernel module name (letters, digits, '_' and '-', at most
 * 55 characters: the kernel's MODULE_NAME_LEN)? */
bool acm_kmod_valid_name(const char *s);

/* ---- a whole tree ------------------------------------------------------ */

struct acm_kmod_set {
	struct acm_kmodkbuild_module *mods; /* with dir and root as in the tree */
	size_t nmods;
	char **roots;     /* build roots, sorted */
	size_t nroots;
	char **ship;      /* files (and links) the clean tarball holds, sorted */
	size_t nship;
	char **docs;      /* top-level COPYING/LICENSE/README files among ship */
	size_t ndocs;
	char **userland;  /* top-level parts left out that look like user space: "tools/", "libmx.c" */
	size_t nuserland;
	char *license;    /* SPDX expression from the module sources, or NULL */
};

struct acm_kmod_scan;

struct acm_kmod_scan *acm_kmod_scan_new(void);
void acm_kmod_scan_free(struct acm_kmod_scan *s);
/* Variables the Kbuild files are read with (see acm_kmodkbuild_parse);
 * set before adding files. The array must outlive the scan. */
void acm_kmod_scan_set_vars(struct acm_kmod_scan *s, const char *const *vars);
/* A kernel the modules are built for (repeatable; before adding files): a
 * dkms.conf whose module list depends on the kernel (dkmsconf.h) is read
 * for each, and must name the same modules for all. The strings must
 * outlive the scan. */
void acm_kmod_scan_add_kernel(struct acm_kmod_scan *s, const char *kver, const char *kdir);
/* Forget everything collected (the source walk restarts). */
void acm_kmod_scan_reset(struct acm_kmod_scan *s);
/* Does the scan want this file's content (a Kbuild/Makefile, a C source
 * that may carry the license, a VERSION or dkms.conf file)? */
bool acm_kmod_scan_wants(const char *path, unsigned long long size);
/* Add an entry of the tree (path relative to the top; is_dir for
 * directories). text may be NULL (content not read). */
void acm_kmod_scan_add(struct acm_kmod_scan *s, const char *path, bool is_dir,
		       const char *text, size_t len);

/* The version a top-level VERSION file gives, or NULL. */
const char *acm_kmod_scan_version(const struct acm_kmod_scan *s);

/* The top-level dkms.conf as dkmsconf.h read it (its error, if any, kept
 * for the caller to report), or NULL when there is none. */
struct acm_dkmsconf;
const struct acm_dkmsconf *acm_kmod_scan_dkms(const struct acm_kmod_scan *s);

/* Decide the modules. module_dirs (NULL-terminated, may be NULL) overrides
 * the guess: each must be a directory of the tree with a Kbuild/Makefile
 * that defines obj-m. all_files: ship the whole tree (a user-space install
 * hook needs it). Returns 0, or 65 after a message naming arg (no module
 * found, a --module-dir without one, two modules with one name, a
 * Kbuild/Makefile over the make reader's work budget - named too). */
int acm_kmod_find(struct acm_kmod_scan *s, const char *const *module_dirs, bool all_files,
		  const char *arg, struct acm_kmod_set *out);
void acm_kmod_set_free(struct acm_kmod_set *set);

/* The modules a top-level dkms.conf names (BUILT_MODULE_NAME[i], built in
 * BUILT_MODULE_LOCATION[i]), every file of the tree shipped, as dkms builds
 * in a copy of the whole source. Returns 0 with out->nmods 0 when there is
 * no dkms.conf naming modules (or it has an error, for the caller to
 * report); 65 after a message naming arg when a name or location is
 * unusable or a module is named twice. */
int acm_kmod_find_dkms(const struct acm_kmod_scan *s, const char *arg, struct acm_kmod_set *out);

/* Ship the whole tree (out->ship every file, ->docs, ->license from every
 * C source, ->roots the top): a build by dkms.conf or by the tree's
 * configure needs all of it. */
void acm_kmod_ship_all(const struct acm_kmod_scan *s, struct acm_kmod_set *out);

/* The tree's autoconf input (kmodconf.h), never NULL once a file is added. */
struct acm_kmodconf;
const struct acm_kmodconf *acm_kmod_scan_conf(const struct acm_kmod_scan *s);

/* Clean a relative path lexically ("a/./b/../c" -> "a/c"); NULL when it
 * climbs above the top. malloc'd. */
char *acm_kmod_path_norm(const char *path);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kbuildcfg.h - kbuild's configuration step: the build tools a kernel needs,
 * the base .config (a file or a kconfig target), fragments merged on top
 * with merge_config.sh's rules, olddefconfig, and the check that what the
 * fragments asked for survived. Runs the kernel's own make in the tree. */
#ifndef ACM_KBUILDCFG_H
#define ACM_KBUILDCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "kconfig.h"
#include "strmap.h"

/* The programs the kernel's build needs before it can even configure (gcc,
 * make, flex, bison, bc, perl) and rpmbuild. 0, or 69 after a message
 * naming the program and the package to install. */
int acm_kbuildcfg_check_tools(void);

/* Headers and tools a configuration needs beyond those (objtool: libelf;
 * module signing: OpenSSL; BTF: pahole). 0 or 69 after a message. */
int acm_kbuildcfg_check_needs(const struct acm_kconfig *kc);

/* The inputs, read and checked before anything slow. */
struct acm_kbuildcfg {
	const char *config_file;        /* --config, or NULL */
	const char *target;             /* --config-target, NULL: defconfig */
	char *config_text;              /* config_file's text (acm_kbuildcfg_load) */
	struct acm_kconfig *frags;      /* parsed fragments */
	const char *const *frag_names;  /* their file names */
	size_t nfrag;
};

/* Read --config (a regular file that parses as a .config) and every
 * fragment. 0, or after a message naming the file: 66 missing or not a
 * file, 65 a line that is not CONFIG_NAME=value / "is not set". */
int acm_kbuildcfg_load(struct acm_kbuildcfg *cfg, const char *config_file, const char *target,
		       const char *const *fragments);
void acm_kbuildcfg_free(struct acm_kbuildcfg *cfg);

/* acm_kbuildcfg_check_needs on what the inputs already say (--config with the
 * fragments merged), before the unpack: a distribution config with BTF or
 * module signing finds a missing pahole or OpenSSL in seconds. The final
 * configuration is checked again after olddefconfig. 0 or 69. */
int acm_kbuildcfg_check_input_needs(const struct acm_kbuildcfg *cfg);

/* "the configuration FILE" or "make TARGET", plus " and N fragment(s)".
 * malloc'd. */
char *acm_kbuildcfg_origin(const struct acm_kbuildcfg *cfg);

/* Every symbol the fragments name must be defined by a Kconfig file of the
 * source: checked before anything is unpacked (a misspelt name would
 * otherwise be found after the unpack, by olddefconfig). The caller reads the
 * source's Kconfig files (acm_kbuildcfg_is_kconfig_file: "Kconfig",
 * "Kconfig.*", any directory) and feeds each to _scan. */
struct acm_kbuildcfg_syms {
	struct acm_strmap want;         /* NAME (without CONFIG_) -> index */
	bool *found;
	size_t nwant, nfound;
};
bool acm_kbuildcfg_is_kconfig_file(const char *path);
void acm_kbuildcfg_syms_init(struct acm_kbuildcfg_syms *s, const struct acm_kbuildcfg *cfg);
/* Mark the symbols a Kconfig text defines; true once all are found. */
bool acm_kbuildcfg_syms_scan(struct acm_kbuildcfg_syms *s, const char *kconfig_text);
/* 0, or 65 after one message per symbol not found, naming the fragment, its
 * line and the source. */
int acm_kbuildcfg_syms_report(const struct acm_kbuildcfg *cfg, const struct acm_kbuildcfg_syms *s,
			      const char *source);
void acm_kbuildcfg_syms_free(struct acm_kbuildcfg_syms *s);

/* Where and how make runs. */
struct acm_kbuildcfg_make {
	const char *tree;               /* the unpacked kernel tree */
	const char *karch;              /* ARCH= */
	const char *extraversion;       /* EXTRAVERSION=, as the spec's %prep sets it */
	const char *log;                /* make's output goes here (appended) */
	int jobs;
};

/* Make TREE/.config: mrproper when the tree was configured, the base from
 * the file (then olddefconfig) or the target, fragments merged,
 * CONFIG_LOCALVERSION cleared (uname -r comes from the release), then
 * olddefconfig; fragment values that did not survive, or a configuration
 * whose build needs are missing, are an error. 0, or 65 (the kernel's
 * message and the log named), 69, 70, 73/74. */
int acm_kbuildcfg_make(const struct acm_kbuildcfg *cfg, const struct acm_kbuildcfg_make *mk);

/* The tree rpmbuild builds in keeps only .config of what kconfig wrote
 * there: kconfig's syncconfig left include/config/SYMBOL stamps of the
 * intermediate configurations (tinyconfig's allnoconfig step), which the
 * build would keep and -devel would ship. Returns 0 or an exit code (said). */
int acm_kbuildcfg_drop_stamps(const char *tree);

#endif

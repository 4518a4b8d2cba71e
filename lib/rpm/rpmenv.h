/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpmenv.h - the rpmbuild tree, the managed block in ~/.rpmmacros, and the
 * build toolchain check behind rpmenv-init. */
#ifndef ACM_RPMENV_H
#define ACM_RPMENV_H

#include <stdbool.h>

#define ACM_RPMENV_BEGIN "# BEGIN acmtools rpmenv-init: managed block, edits inside are replaced"
#define ACM_RPMENV_END   "# END acmtools rpmenv-init"

struct acm_rpmenv {
	/* inputs */
	const char *topdir;            /* absolute */
	const char *macros;            /* macros file path */
	bool macros_explicit;          /* named by --macros: as root, a link out
					  of $HOME is followed only then */
	const char *const *defines;    /* "NAME VALUE", NULL-terminated, validated */
	bool change;                   /* false: --check / --dry-run */
	bool plan;                     /* --dry-run: print action= file= records */
	/* results */
	bool tree_ready, macros_ready, tools_ready;
	bool changed;                  /* something was (or would be) changed */
	char *missing;                 /* space-separated missing tools ("" when none) */
	char *packages;                /* space-separated packages providing them */
	char rpm_version[32];          /* "4.18.0", "" when rpm is missing */
	bool build_in_place;           /* rpm >= 4.13 has --build-in-place */
	bool per_package_builddir;     /* rpm >= 4.20 builds in NAME-VERSION-build */
};

/* The subdirectories of an rpmbuild tree, NULL-terminated. */
extern const char *const acm_rpmenv_subdirs[];

/* Check one --define argument: "NAME VALUE" (NAME may start with %, at least
 * 3 characters of [A-Za-z0-9_] not starting with a digit; VALUE not empty,
 * one line, not ending in a backslash). Returns NULL when valid, else a
 * static string saying what is wrong. */
const char *acm_rpmenv_define_error(const char *def);

/* The managed block's body for a topdir and defines (malloc'd). */
char *acm_rpmenv_block_body(const char *topdir, const char *const *defines);

/* Parse "RPM version 4.18.0" into a comparable number 41800; 0 when unknown. */
int acm_rpmenv_version_code(const char *rpm_version_output, char *ver, int verlen);

/* Do (or, with change=false, only inspect) everything. Returns 0, or an exit
 * status when the tree or the macros file cannot be made (message printed).
 * Missing tools are reported in the struct, not as a return value. */
int acm_rpmenv_apply(struct acm_rpmenv *e);
void acm_rpmenv_free(struct acm_rpmenv *e);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specsummary.h - the Summary specgen writes when --summary is not given:
 * what the project itself says it is, from the first of these that says it
 * plainly (specgen(1), Summary, says the same):
 *   1. the Summary of the main package of a spec the source ships (*.spec,
 *      *.spec.in): NAME.spec / NAME.spec.in first, then the shallowest, then
 *      by path; never a kernel-module spec (kmod or dkms in its file name or
 *      its Name), never a subpackage's Summary (the one before the first
 *      %package or other section);
 *   2. pyproject.toml's or setup.py's description, at the top;
 *   3. CMake's project(DESCRIPTION) at the build root;
 *   4. meson's pkgconfig.generate(description:) for the package's own
 *      library (its name is NAME or libNAME, a -VERSION suffix aside), not
 *      in subprojects/;
 *   5. a pkg-config NAME.pc.in's (or libNAME's) Description, the shallowest.
 * A candidate is plain or refused, and then the next one is tried: refused
 * when it holds a macro or placeholder left for a build system to fill (%{x},
 * %(x), %name, @VAR@, ${VAR}, $(VAR)), a control character other than
 * blanks and line breaks, or bytes that are not UTF-8. Blanks and line
 * breaks become one blank; then rpm's conventions: no trailing period, not
 * starting with the package's name ("Foo is a tool to ..." -> "Tool to
 * ..."), not the name alone, capitalised, at most 79 characters (a
 * longer one keeps its first sentence when that fits, else is refused).
 * None left: the caller writes a FIXME. The text is then written by
 * acm_spectext_text(), like any free text from outside. */
#ifndef ACM_SPECSUMMARY_H
#define ACM_SPECSUMMARY_H

#include <stddef.h>

#define ACM_SUMMARY_MAX 79   /* characters: rpmlint's summary-too-long */

/* in the order they are weighed */
enum acm_summary_from { ACM_SUMMARY_SPEC, ACM_SUMMARY_PYTHON, ACM_SUMMARY_CMAKE, ACM_SUMMARY_MESON,
			ACM_SUMMARY_PC };

struct acm_summary_cand {
	enum acm_summary_from from;
	char *path;   /* where it was read: "rpm/generic/zfs.spec.in" */
	char *lib;    /* MESON, PC: the library it describes ("libzfs"); else NULL */
	char *text;   /* as written there */
};

struct acm_summaries {
	struct acm_summary_cand *v;
	size_t n;
};

/* Keep a candidate (copies; at most 64 of each kind, text cut at 4 KiB).
 * path NULL: "". lib: MESON and PC only. text NULL: nothing kept. */
void acm_summary_add(struct acm_summaries *s, enum acm_summary_from from, const char *path, const char *lib,
		     const char *text);
/* Drop the candidates of that kind not read in the build root (root: a
 * directory one level down, "expat"; NULL: the top). */
void acm_summary_root(struct acm_summaries *s, enum acm_summary_from from, const char *root);

/* The main package's Summary: in a spec's text (malloc'd), or NULL when it
 * has none or it is a kernel-module spec (its Name says kmod or dkms). */
char *acm_summary_of_spec(const char *text);
/* A .pc(.in)'s Description: field (malloc'd) or NULL. */
char *acm_summary_of_pc(const char *text);

/* The candidate as plain one-line text (malloc'd), or NULL when refused. */
char *acm_summary_plain(const char *raw);

/* The Summary for package name: the first candidate in the order above
 * that is plain, made to rpm's conventions (malloc'd), or NULL. *path
 * (when path is not NULL) names where it came from. */
char *acm_summary_pick(const struct acm_summaries *s, const char *name, const char **path);

/* Make text a Summary for package name (the rules above after "then"):
 * malloc'd, or NULL when nothing is left or it is too long. */
char *acm_summary_tidy(const char *text, const char *name);

void acm_summaries_free(struct acm_summaries *s);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpmbuild.h - run rpmbuild on a spec with its output kept in a log, and
 * find and describe the packages it wrote. Shared by kbuild and mx2g-pack. */
#ifndef ACM_RPMBUILD_H
#define ACM_RPMBUILD_H

#include <stdbool.h>
#include <stddef.h>

/* `rpm --eval EXPR`, trailing newline removed; malloc'd, or NULL when rpm is
 * missing or fails. Macros are never read from ~/.rpmmacros as text: users
 * write values like %(echo $HOME/x) there. */
char *acm_rpm_eval(const char *expr);

/* The build tree: `override` made absolute when given, else rpm's own
 * %_topdir. The standard subdirectories (BUILD BUILDROOT RPMS SOURCES SPECS
 * SRPMS) are created. A path with white space is refused (rpm macros cannot
 * carry it). Returns 0 and *topdir (malloc'd), or an exit status after a
 * message: 64 bad path, 69 rpm missing, 73 cannot create. */
int acm_rpmbuild_topdir(const char *override, char **topdir);
/* The same path, nothing created (for a dry run). */
int acm_rpmbuild_topdir_path(const char *override, char **topdir);

/* The distribution's package that provides prog: distro.c's table, else
 * deb on Debian-like systems and el elsewhere. For "install X" messages. */
const char *acm_rpmbuild_package_for(const char *prog, const char *deb, const char *el);

/* rpmbuild needs --nodeps when the rpm database does not know rpm itself
 * (Debian: the database is empty, so every BuildRequires would fail). This is
 * the kernel's own test (scripts/package: `rpm -q rpm`). Cached. */
bool acm_rpmbuild_needs_nodeps(void);

/* Is rpmbuild there? When not, prints "prog: error: ... install PACKAGE"
 * and returns 69; else 0. */
int acm_rpmbuild_available(void);

struct acm_rpmbuild {
	/* inputs */
	const char *spec;              /* spec file to build */
	const char *topdir;            /* from acm_rpmbuild_topdir() */
	const char *stage;             /* "-ba" (default), "-bb", "-bs" */
	const char *const *defines;    /* extra --define values ("name value"), NULL-terminated */
	const char *const *env_add;    /* extra environment ("NAME=VALUE"), NULL-terminated */
	const char *log_path;          /* rpmbuild's output goes here (truncated first, kept) */
	const char *what;              /* for messages and the progress line, e.g. "kernel build" */
	int tail_lines;                /* log lines shown on failure; 0: 25 */
	bool progress;                 /* phase line on a TTY stderr (not with -q) */
	bool keep_tree;                /* --noclean: the build tree stays (no %clean, no rmbuild) */
	/* outputs */
	char **built;                  /* packages written, absolute, in rpmbuild's order */
	size_t n_built;
	double seconds;                /* wall time of the run */
};

/* Run `rpmbuild STAGE --define '_topdir T' [--nodeps] [--define ...] SPEC`
 * with all its output in the log. On success fills b->built from the log's
 * "Wrote:" lines (every one checked to exist) and returns 0. On failure
 * prints the last lines of the log and its path and returns 70 (the build
 * failed), 69 (rpmbuild missing), 73 (log cannot be created). */
int acm_rpmbuild_run(struct acm_rpmbuild *b);
void acm_rpmbuild_free(struct acm_rpmbuild *b);

/* The "Wrote: PATH" lines of rpmbuild output (exposed for tests): a
 * NULL-terminated malloc'd array of malloc'd paths; *n set. */
char **acm_rpmbuild_parse_wrote(const char *log, size_t *n);

struct acm_rpm_info {
	char *path;
	char *name, *version, *release, *arch; /* arch "src" for a source package */
};

/* Read name, version, release and arch of package files with `rpm -qp`.
 * info[] has n entries. Returns 0 or 65 (not a package; message) / 69. */
int acm_rpm_query(char *const *paths, size_t n, struct acm_rpm_info *info);
void acm_rpm_info_free(struct acm_rpm_info *info, size_t n);

#endif

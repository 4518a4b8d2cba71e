/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pkgbuild.h - the package-build pipeline kbuild and mx2g-pack both drive:
 * an rpmbuild tree with a locked work directory per package, one rpmbuild
 * run with its log kept (skipped when the last build here had the same
 * inputs), `rpm -qp` of what it wrote, publishing to --repo, and the
 * records saying so (or, with -n, what would be done). */
#ifndef ACM_PKGBUILD_H
#define ACM_PKGBUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "lock.h"
#include "record.h"
#include "repo.h"
#include "rpmbuild.h"

struct acm_pkgbuild {
	/* inputs */
	const char *tool;          /* "kbuild": the work dir is TOPDIR/BUILD/TOOL-NAME */
	const char *name;          /* the package (base) name */
	const char *topdir_opt;    /* --topdir, NULL: rpm's %_topdir */
	const char *repo;          /* --repo DIR, or NULL */
	/* from acm_pkgbuild_locate / acm_pkgbuild_begin */
	char *topdir, *work, *log; /* log: WORK/build.log */
	/* from acm_pkgbuild_run */
	struct acm_rpmbuild b;     /* b.built, b.n_built: the packages */
	struct acm_rpm_info *info; /* b.n_built entries */
	bool built;                /* false: the last build's packages were current */
	struct acm_repo_result published;
	/* private */
	struct acm_lock lock;
	char *lockpath;
};

/* Before anything slow (reading the source, unpacking, building): is
 * rpmbuild there (not asked with -n), and with a repo, createrepo_c and a
 * writable repo (acm_repo_check)? 0, or 69 / 73 after a message. Nothing is
 * created. */
int acm_pkgbuild_preflight(const struct acm_pkgbuild *p);

/* Work out topdir, work and log without creating anything (dry run).
 * Returns 0 or an exit status after a message (acm_rpmbuild_topdir_path). */
int acm_pkgbuild_locate(struct acm_pkgbuild *p);

/* Check rpmbuild (69), create the rpmbuild tree and the work directory
 * (73), take WORK.lock (75). */
int acm_pkgbuild_begin(struct acm_pkgbuild *p);

/* TOPDIR/SUB/FILE, malloc'd (after locate or begin). */
char *acm_pkgbuild_path(const struct acm_pkgbuild *p, const char *sub, const char *file);

struct acm_pkgbuild_job {
	const char *spec;              /* the spec file */
	const char *stage;             /* "-ba" (default), "-bs" */
	const char *const *defines;    /* extra --define values, NULL-terminated */
	const char *what;              /* "kernel build": messages, progress line */
	const char *signature;         /* the build's inputs; NULL: always build */
	const char *title;             /* "mx2g-kmod 1.4.2 for KVER": "building TITLE (log: ...)" */
	bool keep_tree;                /* the build tree stays for the next run (rpmbuild --noclean;
					* the build root is removed here instead) */
};

/* Build (unless signature equals the last successful build's in the work
 * dir and its packages are all still there: then p->built is false), query
 * the packages, publish the binary ones to p->repo. Returns 0 or an exit
 * status after a message (70 build failed, log kept; see rpmbuild.h,
 * repo.h). */
int acm_pkgbuild_run(struct acm_pkgbuild *p, const struct acm_pkgbuild_job *job);

/* One record per package: rpm= name= version= release= arch=, what extra
 * adds (may be NULL), then repo= (when published) and changed= (built now,
 * or copied into the repo). */
typedef void acm_pkgbuild_extra_fn(struct acm_record *r, const struct acm_rpm_info *pkg, void *ud);
void acm_pkgbuild_emit_packages(const struct acm_pkgbuild *p, acm_pkgbuild_extra_fn *extra,
				void *ud);

/* Did this run change anything (built, copied into or refreshed the repo)? */
bool acm_pkgbuild_changed(const struct acm_pkgbuild *p);

/* The dry-run records of the run (acm_record_plan): action=build file=SPEC
 * stage=STAGE, and action=publish file=REPO with a repo. */
void acm_pkgbuild_plan_run(const struct acm_pkgbuild *p, const struct acm_pkgbuild_job *job);

/* Release the lock and free everything (safe on a zeroed struct). */
void acm_pkgbuild_end(struct acm_pkgbuild *p);

/* The last-build state in a work directory (exposed for tests): the
 * signature, a line "--", then the packages. current: 1 when sig matches and
 * every package exists (*rpms malloc'd, NULL-terminated), else 0. */
int acm_pkgbuild_state_current(const char *work, const char *sig, char ***rpms, size_t *n);
void acm_pkgbuild_state_forget(const char *work);
int acm_pkgbuild_state_save(const char *work, const char *sig, char *const *rpms, size_t n);

#endif

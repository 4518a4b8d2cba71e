/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repo.h - publish packages into a local yum/dnf repository directory (the
 * provisioning server's) and refresh its metadata with createrepo_c, so that
 * a reader never sees half a repository. Shared by kbuild and mx2g-pack. */
#ifndef ACM_REPO_H
#define ACM_REPO_H

#include <stdbool.h>
#include <stddef.h>
#include "rpmbuild.h"

struct acm_repo_result {
	char **paths;      /* the packages' paths inside the repository, in input order */
	bool *changed;     /* per package: copied (true) or already there, identical */
	size_t n;
	bool metadata_changed;
};

/* Copy each package into dir (created when missing) and refresh dir/repodata.
 *
 * - A lock (dir/.acmtools-repo.lock) keeps two publishers apart (75 when held).
 * - Packages are copied to a temporary name, fsynced and renamed; one already
 *   there with the same bytes is left alone.
 * - createrepo_c writes the new metadata into a staging directory beside
 *   repodata/ (reusing the old metadata for unchanged packages), and the two
 *   directories are then exchanged in one rename (RENAME_EXCHANGE). The files
 *   the previous repomd.xml names are kept in the new repodata/ for one
 *   generation, so a reader that fetched the old repomd.xml still finds them.
 * - Nothing changed and metadata present: createrepo_c is not run.
 *
 * Returns 0, or an exit status after a message: 66 a package is missing,
 * 69 createrepo_c missing (names the package), 70 createrepo_c failed,
 * 73 dir cannot be written, 74 I/O error, 75 locked. */
int acm_repo_publish(const char *dir, char *const *packages, size_t n,
		     struct acm_repo_result *res);
void acm_repo_result_free(struct acm_repo_result *res);

/* Publish the binary packages among a build's packages (arch "src" is left
 * out: a source RPM does not belong in an install repository). As above. */
int acm_repo_publish_binaries(const char *dir, const struct acm_rpm_info *info, size_t n,
			      struct acm_repo_result *res);

/* Could acm_repo_publish work on dir, asked before a long build so that it
 * does not fail at the very end: createrepo_c is there (else 69, naming the
 * package) and dir is a directory we may write, or could be created (else
 * 73, naming the path). Nothing is created. Message printed on failure. */
int acm_repo_check(const char *dir);

/* Was package file pkg copied into the repository (false: already there,
 * identical, or not published)? */
bool acm_repo_result_changed(const struct acm_repo_result *res, const char *pkg);

/* The path inside the repository of package file pkg (matched by file
 * name), or NULL when it was not published. */
const char *acm_repo_result_path(const struct acm_repo_result *res, const char *pkg);

/* The "repodata/..." files a repomd.xml names (location href), exposed for
 * tests. NULL-terminated, malloc'd; *n set. */
char **acm_repo_repomd_files(const char *repomd_xml, size_t *n);

#endif

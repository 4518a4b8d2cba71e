/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repo.c - publish packages into a local repository and refresh its
 * metadata with createrepo_c without a window where readers see half of it.
 *
 * createrepo_c on its own renames the old repodata/ away and then the new one
 * in: between the two renames there is no repodata/ at all. We let it write
 * into a staging directory and swap the two directories with one
 * renameat2(RENAME_EXCHANGE). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "lock.h"
#include "msg.h"
#include "repo.h"
#include "run.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static const char *createrepo_package(void)
{
	return acm_rpmbuild_package_for("createrepo_c", "createrepo-c", "createrepo_c");
}

/* 1 same bytes, 0 different, -errno error */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	int fa, fb, res = 1;
	char ba[65536], bb[65536];

	if (stat(a, &sa) < 0)
		return -errno;
	if (stat(b, &sb) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (sa.st_size != sb.st_size)
		return 0;
	if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
		return 1;
	fa = open(a, O_RDONLY | O_CLOEXEC);
	if (fa < 0)
		return -errno;
	fb = open(b, O_RDONLY | O_CLOEXEC);
	if (fb < 0) {
		res = -errno;
		close(fa);
		return res;
	}
	for (;;) {
		ssize_t na = read(fa, ba, sizeof ba), nb;
		size_t got = 0;

		if (na < 0) {
			res = -errno;
			break;
		}
		if (na == 0)
			break;
		while (got < (size_t)na) {
			nb = read(fb, bb + got, (size_t)na - got);
			if (nb <= 0) {
				res = nb < 0 ? -errno : 0;
				goto out;
			}
			got += (size_t)nb;
		}
		if (memcmp(ba, bb, (size_t)na) != 0) {
			res = 0;
			break;
		}
	}
out:
	close(fa);
	close(fb);
	return res;
}

char **acm_repo_repomd_files(const char *xml, size_t *n)
{
	char **list = acm_xcalloc(1, sizeof *list);
	const char *p = xml;
	size_t count = 0;

	while (p && (p = strstr(p, "href=\"")) != NULL) {
		const char *start = p + 6, *end = strchr(start, '"');

		if (!end)
			break;
		/* only plain names inside repodata/ */
		if (strncmp(start, "repodata/", 9) == 0 && end > start + 9 &&
		    !memchr(start + 9, '/', (size_t)(end - start - 9)) &&
		    !(end - start == 11 && start[9] == '.' && start[10] == '.')) {
			size_t len = (size_t)(end - start);
			char *s = acm_xmalloc(len + 1);

			memcpy(s, start, len);
			s[len] = '\0';
			list = acm_xrealloc(list, (count + 2) * sizeof *list);
			list[count++] = s;
			list[count] = NULL;
		}
		p = end + 1;
	}
	*n = count;
	return list;
}

static void free_list(char **l)
{
	for (size_t i = 0; l && l[i]; i++)
		free(l[i]);
	free(l);
}

/* Keep the files the old repomd.xml names inside the new repodata/, so a
 * reader in the middle of a fetch finds them. */
static void carry_old_generation(const char *dir, const char *newmd)
{
	char *old_repomd = acm_xasprintf("%s/repodata/repomd.xml", dir);
	char *xml = NULL;
	char **files;
	size_t n, i;

	if (acm_read_file(old_repomd, &xml, NULL, 16u << 20) < 0) {
		free(old_repomd);
		return;
	}
	files = acm_repo_repomd_files(xml, &n);
	for (i = 0; i < n; i++) {
		const char *base = files[i] + strlen("repodata/");
		char *from = acm_xasprintf("%s/repodata/%s", dir, base);
		char *to = acm_xasprintf("%s/%s", newmd, base);

		if (!acm_exists(to) && acm_exists(from) && link(from, to) < 0)
			(void)acm_fstree_copy(from, to, 0644);
		free(from);
		free(to);
	}
	free_list(files);
	free(xml);
	free(old_repomd);
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	fsync(fd);
	close(fd);
	return 0;
}

/* Is the metadata at least as new as every package we were given? */
static bool metadata_current(const char *dir, const struct acm_repo_result *res)
{
	char *repomd = acm_xasprintf("%s/repodata/repomd.xml", dir);
	struct stat md, st;
	bool ok = stat(repomd, &md) == 0;

	for (size_t i = 0; ok && i < res->n; i++)
		if (stat(res->paths[i], &st) < 0 || st.st_mtime > md.st_mtime)
			ok = false;
	free(repomd);
	return ok;
}

static int run_createrepo(const char *dir, const char *staging)
{
	const char *argv[] = { "createrepo_c", "--quiet", "--update", "--update-md-path", dir,
			       "--outputdir", staging, dir, NULL };
	struct acm_run r = { 0 };
	int rc;

	r.argv = argv;
	r.capture_out = true;
	r.capture_err = true;
	rc = acm_run(&r, ACM_EX_SOFTWARE);
	if (rc && rc != ACM_EX_UNAVAILABLE) {
		const char *msg = r.err.len ? acm_buf_str(&r.err) : acm_buf_str(&r.out);

		acm_err("createrepo_c failed on '%s': %s", dir, msg);
	}
	acm_run_free(&r);
	return rc;
}

static int swap_in(const char *dir, const char *staging)
{
	char *newmd = acm_xasprintf("%s/repodata", staging);
	char *cur = acm_xasprintf("%s/repodata", dir);
	int rc = 0;

	if (!acm_is_dir(newmd)) {
		acm_err("createrepo_c wrote no repodata/ in '%s'", staging);
		rc = ACM_EX_SOFTWARE;
	} else if (!acm_exists(cur)) {
		if (rename(newmd, cur) < 0)
			rc = -errno;
	} else if (renameat2(AT_FDCWD, newmd, AT_FDCWD, cur, RENAME_EXCHANGE) < 0) {
		if (errno != EINVAL && errno != ENOSYS) {
			rc = -errno;
		} else {
			/* a file system without the exchange: the shortest window we can make */
			char *old = acm_xasprintf("%s/repodata.old", staging);

			if (rename(cur, old) < 0 || rename(newmd, cur) < 0)
				rc = -errno;
			free(old);
		}
	}
	if (rc < 0) {
		acm_err("cannot put the new metadata in place in '%s': %s", cur, strerror(-rc));
		rc = ACM_EX_IOERR;
	}
	fsync_dir(dir);
	free(newmd);
	free(cur);
	return rc;
}

int acm_repo_check(const char *dir)
{
	if (!acm_have_program("createrepo_c")) {
		acm_err("createrepo_c not found: --repo needs it; install the '%s' package "
			"(scripts/install-deps does)", createrepo_package());
		return ACM_EX_UNAVAILABLE;
	}
	if (!dir || !*dir) {
		acm_err("--repo: give a directory");
		return ACM_EX_USAGE;
	}
	return acm_output_dir_check(dir, "--repo");
}

int acm_repo_publish(const char *dir, char *const *packages, size_t n,
		     struct acm_repo_result *res)
{
	struct acm_lock lock = { -1, NULL };
	char *lockpath = NULL, *staging = NULL;
	size_t i;
	int rc;
	bool copied = false;

	memset(res, 0, sizeof *res);
	if (!acm_have_program("createrepo_c")) {
		acm_err("createrepo_c not found; install the '%s' package (scripts/install-deps does)",
			createrepo_package());
		return ACM_EX_UNAVAILABLE;
	}
	for (i = 0; i < n; i++) {
		if (!acm_exists(packages[i])) {
			acm_err("'%s': no such package file", packages[i]);
			return ACM_EX_NOINPUT;
		}
	}
	rc = acm_mkdir_p(dir, 0755);
	if (rc < 0) {
		acm_err("cannot create the repository directory '%s': %s", dir, strerror(-rc));
		return acm_exit_from_errno_out(-rc);
	}
	if (!acm_is_dir(dir)) {
		acm_err("'%s': not a directory; --repo needs a directory", dir);
		return ACM_EX_CANTCREAT;
	}
	lockpath = acm_xasprintf("%s/.acmtools-repo.lock", dir);
	rc = acm_lock_take(&lock, lockpath);
	if (rc)
		goto out;

	res->n = n;
	res->paths = acm_xcalloc(n + 1, sizeof *res->paths);
	res->changed = acm_xcalloc(n + 1, sizeof *res->changed);
	for (i = 0; i < n; i++) {
		const char *base = strrchr(packages[i], '/');
		int same;

		base = base ? base + 1 : packages[i];
		res->paths[i] = acm_xasprintf("%s/%s", dir, base);
		same = same_file(packages[i], res->paths[i]);
		if (same < 0) {
			acm_err("cannot compare '%s' with '%s': %s", packages[i], res->paths[i],
				strerror(-same));
			rc = ACM_EX_IOERR;
			goto out;
		}
		if (same == 1)
			continue;
		if (acm_exists(res->paths[i]))
			acm_warn("replacing '%s' (same file name, different content)", res->paths[i]);
		rc = acm_fstree_copy(packages[i], res->paths[i], 0644);
		if (rc)
			goto out;
		res->changed[i] = true;
		copied = true;
	}
	fsync_dir(dir);

	if (!copied && metadata_current(dir, res)) {
		acm_verbose("'%s': packages and metadata already current", dir);
		rc = 0;
		goto out;
	}

	staging = acm_xasprintf("%s/.acmtools-staging", dir);
	if (acm_fstree_remove(staging) < 0 || mkdir(staging, 0755) < 0) {
		int e = errno;

		acm_err("cannot prepare '%s': %s", staging, strerror(e));
		rc = acm_exit_from_errno_out(e);
		goto out;
	}
	rc = run_createrepo(dir, staging);
	if (rc)
		goto out;
	{
		char *newmd = acm_xasprintf("%s/repodata", staging);

		carry_old_generation(dir, newmd);
		free(newmd);
	}
	rc = swap_in(dir, staging);
	if (rc == 0)
		res->metadata_changed = true;
out:
	if (staging) {
		acm_fstree_remove(staging);
		free(staging);
	}
	if (lock.path)
		acm_lock_release(&lock);
	free(lockpath);
	return rc;
}

void acm_repo_result_free(struct acm_repo_result *res)
{
	for (size_t i = 0; res->paths && i < res->n; i++)
		free(res->paths[i]);
	free(res->paths);
	free(res->changed);
	memset(res, 0, sizeof *res);
}

int acm_repo_publish_binaries(const char *dir, const struct acm_rpm_info *info, size_t n,
			      struct acm_repo_result *res)
{
	char **bin = acm_xcalloc(n + 1, sizeof *bin);
	size_t nbin = 0;
	int rc;

	for (size_t i = 0; i < n; i++)
		if (strcmp(info[i].arch, "src") != 0)
			bin[nbin++] = info[i].path;
	rc = acm_repo_publish(dir, bin, nbin, res);
	free(bin);
	return rc;
}

static const char *file_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

bool acm_repo_result_changed(const struct acm_repo_result *res, const char *pkg)
{
	for (size_t k = 0; k < res->n; k++)
		if (strcmp(file_name(res->paths[k]), file_name(pkg)) == 0)
			return res->changed[k];
	return false;
}

const char *acm_repo_result_path(const struct acm_repo_result *res, const char *pkg)
{
	for (size_t k = 0; k < res->n; k++)
		if (strcmp(file_name(res->paths[k]), file_name(pkg)) == 0)
			return res->paths[k];
	return NULL;
}

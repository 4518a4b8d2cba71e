/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pkgbuild.c - the build pipeline behind kbuild and mx2g-pack (see
 * pkgbuild.h). The last-build state is one file, WORK/last-build: the
 * signature, a line "--", then the packages, one path a line. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"
#include "opts.h"
#include "pkgbuild.h"
#include "record.h"

int acm_pkgbuild_preflight(const struct acm_pkgbuild *p)
{
	int rc = acm_opt.dry_run ? 0 : acm_rpmbuild_available();

	return !rc && p->repo ? acm_repo_check(p->repo) : rc;
}

int acm_pkgbuild_locate(struct acm_pkgbuild *p)
{
	int rc;

	if (p->topdir)
		return 0;
	rc = acm_rpmbuild_topdir_path(p->topdir_opt, &p->topdir);
	if (rc)
		return rc;
	p->work = acm_xasprintf("%s/BUILD/%s-%s", p->topdir, p->tool, p->name);
	p->log = acm_xasprintf("%s/build.log", p->work);
	return 0;
}

int acm_pkgbuild_begin(struct acm_pkgbuild *p)
{
	char *top = NULL;
	int rc;

	p->lock.fd = -1;
	rc = acm_rpmbuild_available();
	if (rc)
		return rc;
	rc = acm_pkgbuild_locate(p);
	if (rc)
		return rc;
	rc = acm_rpmbuild_topdir(p->topdir, &top);
	free(top);
	if (rc)
		return rc;
	rc = acm_mkdir_p(p->work, 0755);
	if (rc < 0) {
		acm_err("cannot create '%s': %s", p->work, strerror(-rc));
		return acm_exit_from_errno_out(-rc);
	}
	p->lockpath = acm_xasprintf("%s.lock", p->work);
	return acm_lock_take(&p->lock, p->lockpath);
}

char *acm_pkgbuild_path(const struct acm_pkgbuild *p, const char *sub, const char *file)
{
	return acm_xasprintf("%s/%s/%s", p->topdir, sub, file);
}

/* ---- the last build's state ------------------------------------------- */

static char *state_path(const char *work)
{
	return acm_xasprintf("%s/last-build", work);
}

int acm_pkgbuild_state_current(const char *work, const char *sig, char ***rpms, size_t *n)
{
	char *path = state_path(work), *text = NULL, *list, *save = NULL;
	size_t len = 0, nv = 0;
	char **v = NULL;
	int ok = 0;

	*rpms = NULL;
	*n = 0;
	if (acm_read_file(path, &text, &len, 64u << 20) < 0)
		goto out;
	list = strstr(text, "\n--\n");
	if (!list || (size_t)(list + 1 - text) != strlen(sig) || memcmp(text, sig, strlen(sig)) != 0)
		goto out;
	ok = 1;
	for (char *l = strtok_r(list + 4, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!acm_exists(l)) {
			ok = 0;
			break;
		}
		v = acm_xrealloc(v, (nv + 2) * sizeof *v);
		v[nv++] = acm_xstrdup(l);
		v[nv] = NULL;
	}
	if (!nv)
		ok = 0;
out:
	if (!ok) {
		for (size_t i = 0; i < nv; i++)
			free(v[i]);
		free(v);
	} else {
		*rpms = v;
		*n = nv;
	}
	free(text);
	free(path);
	return ok;
}

void acm_pkgbuild_state_forget(const char *work)
{
	char *path = state_path(work);

	unlink(path);
	free(path);
}

int acm_pkgbuild_state_save(const char *work, const char *sig, char *const *rpms, size_t n)
{
	struct acm_buf b = ACM_BUF_INIT;
	char *path = state_path(work);
	int rc;

	acm_buf_adds(&b, sig);
	if (b.len && b.data[b.len - 1] != '\n')
		acm_buf_addc(&b, '\n');
	acm_buf_adds(&b, "--\n");
	for (size_t i = 0; i < n; i++)
		acm_buf_addf(&b, "%s\n", rpms[i]);
	rc = acm_write_file_atomic(path, b.data, b.len, 0644);
	acm_buf_free(&b);
	free(path);
	return rc;
}

/* With --noclean rpmbuild leaves its build root (%{_buildrootdir}/N-V-R.A,
 * rpm's default): the installed image of the packages, not wanted after. */
static void drop_buildroots(const struct acm_pkgbuild *p)
{
	for (size_t i = 0; i < p->b.n_built; i++) {
		const struct acm_rpm_info *pkg = &p->info[i];

		if (!strcmp(pkg->arch, "src"))
			continue;
		char *d = acm_xasprintf("%s/BUILDROOT/%s-%s-%s.%s", p->topdir, pkg->name, pkg->version,
					pkg->release, pkg->arch);
		int r = acm_fstree_remove(d);

		if (r < 0 && r != -ENOENT)
			acm_warn("'%s': cannot remove the build root: %s", d, strerror(-r));
		free(d);
	}
}

/* ---- build, query, publish --------------------------------------------- */

int acm_pkgbuild_run(struct acm_pkgbuild *p, const struct acm_pkgbuild_job *job)
{
	int rc;

	p->b.spec = job->spec;
	p->b.topdir = p->topdir;
	p->b.stage = job->stage ? job->stage : "-ba";
	p->b.defines = job->defines;
	p->b.log_path = p->log;
	p->b.what = job->what;
	p->b.progress = true;
	p->b.keep_tree = job->keep_tree;
	p->built = true;
	/* a signature with a line "--" would end the state's signature early */
	if (job->signature && strstr(job->signature, "\n--\n")) {
		acm_err("internal error: a build signature holds a line '--'");
		return ACM_EX_SOFTWARE;
	}
	if (job->signature && acm_pkgbuild_state_current(p->work, job->signature, &p->b.built,
							  &p->b.n_built)) {
		p->built = false;
		acm_info("%s is up to date: same spec, source and build inputs as the last build; "
			 "nothing built", job->title ? job->title : p->name);
	} else {
		acm_pkgbuild_state_forget(p->work);
		acm_info("building %s (log: %s)", job->title ? job->title : p->name, p->log);
		rc = acm_rpmbuild_run(&p->b);
		if (rc)
			return rc;
		if (job->signature &&
		    acm_pkgbuild_state_save(p->work, job->signature, p->b.built, p->b.n_built) != 0)
			acm_warn("the next run will build again: its state could not be saved");
	}
	p->info = acm_xcalloc(p->b.n_built ? p->b.n_built : 1, sizeof *p->info);
	rc = acm_rpm_query(p->b.built, p->b.n_built, p->info);
	if (rc)
		return rc;
	if (job->keep_tree && p->built)
		drop_buildroots(p);
	if (p->repo)
		rc = acm_repo_publish_binaries(p->repo, p->info, p->b.n_built, &p->published);
	return rc;
}

void acm_pkgbuild_emit_packages(const struct acm_pkgbuild *p, acm_pkgbuild_extra_fn *extra,
				void *ud)
{
	for (size_t i = 0; i < p->b.n_built; i++) {
		struct acm_record *r = acm_record_new();
		const struct acm_rpm_info *pkg = &p->info[i];
		const char *in_repo = p->repo ? acm_repo_result_path(&p->published, pkg->path) : NULL;

		acm_record_str(r, "rpm", pkg->path);
		acm_record_str(r, "name", pkg->name);
		acm_record_str(r, "version", pkg->version);
		acm_record_str(r, "release", pkg->release);
		acm_record_str(r, "arch", pkg->arch);
		if (extra)
			extra(r, pkg, ud);
		if (in_repo)
			acm_record_str(r, "repo", in_repo);
		acm_record_bool(r, "changed",
				p->built || acm_repo_result_changed(&p->published, pkg->path));
		acm_record_emit(r, stdout);
	}
}

bool acm_pkgbuild_changed(const struct acm_pkgbuild *p)
{
	bool changed = p->built || p->published.metadata_changed;

	for (size_t i = 0; !changed && i < p->published.n; i++)
		changed = p->published.changed[i];
	return changed;
}

/* ---- dry run ------------------------------------------------------------ */

void acm_pkgbuild_plan_run(const struct acm_pkgbuild *p, const struct acm_pkgbuild_job *job)
{
	acm_record_plan("build", job->spec, "stage", job->stage ? job->stage : "-ba");
	if (p->repo)
		acm_record_plan("publish", p->repo, NULL, NULL);
}

void acm_pkgbuild_end(struct acm_pkgbuild *p)
{
	if (p->info)
		acm_rpm_info_free(p->info, p->b.n_built);
	free(p->info);
	acm_rpmbuild_free(&p->b);
	acm_repo_result_free(&p->published);
	if (p->lock.path)
		acm_lock_release(&p->lock);
	free(p->lockpath);
	free(p->topdir);
	free(p->work);
	free(p->log);
	p->info = NULL;
	p->lockpath = p->topdir = p->work = p->log = NULL;
}

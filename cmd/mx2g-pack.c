/* mx2g-pack - turn a vendor's out-of-tree driver source, whatever its layout,
 * into a clean kmod source tarball and spec, and build kmod RPMs for one or
 * more kernels with each kernel's own Kbuild (never the vendor's "make rpm"). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "kmodkernel.h"
#include "kmodscan.h"
#include "kmodspec.h"
#include "kmodstage.h"
#include "kmodstate.h"
#include "lock.h"
#include "msg.h"
#include "opts.h"
#include "record.h"
#include "repo.h"
#include "rpmbuild.h"
#include "run.h"
#include "source.h"

static char *opt_name, *opt_version, *opt_release, *opt_topdir, *opt_repo, *opt_ref;
static char *opt_userland;
static const char **opt_module_dirs, **opt_kernels, **opt_make_vars;
static int opt_spec_only, opt_srpm_only;

static const struct poptOption options[] = {
	{ "kernel", 0, POPT_ARG_ARGV, &opt_kernels, 0,
	  "build for this kernel: a build tree (/usr/src/kernels/KVER, a linux-headers "
	  "directory) or a release resolved to /lib/modules/KVER/build; repeatable "
	  "(default: the running kernel)", "DIR|KVER" },
	{ "module-dir", 0, POPT_ARG_ARGV, &opt_module_dirs, 0,
	  "build the modules whose Kbuild/Makefile is in this directory of the source "
	  "instead of the ones found (repeatable)", "DIR" },
	{ "make-var", 0, POPT_ARG_ARGV, &opt_make_vars, 0,
	  "set a make variable as the vendor's make line does, both when reading the "
	  "Kbuild files and when building (e.g. CONFIG_MX2G=m; repeatable)", "NAME=VALUE" },
	{ "name", 0, POPT_ARG_STRING, &opt_name, 0,
	  "driver name: packages are NAME-kmod, kmod-NAME-KVER (default: from the source)", "NAME" },
	{ "set-version", 0, POPT_ARG_STRING, &opt_version, 0,
	  "package version (default: from the source's top directory, git tag, VERSION file "
	  "or dkms.conf)", "VERSION" },
	{ "release", 0, POPT_ARG_STRING, &opt_release, 0, "package release (default 1)", "N" },
	{ "userland-install", 0, POPT_ARG_STRING, &opt_userland, 0,
	  "shell command, run in the source's top directory with DESTDIR set, that installs "
	  "the driver's user-space parts: they become the NAME-utils package", "CMD" },
	{ "ref", 0, POPT_ARG_STRING, &opt_ref, 0,
	  "git SOURCE: tag, branch or commit to pack (default HEAD)", "REF" },
	{ "topdir", 0, POPT_ARG_STRING, &opt_topdir, 0,
	  "rpmbuild tree (default: rpm's %_topdir)", "DIR" },
	{ "spec-only", 0, POPT_ARG_NONE, &opt_spec_only, 0,
	  "print the spec that would be built and stop", NULL },
	{ "srpm-only", 0, POPT_ARG_NONE, &opt_srpm_only, 0,
	  "write the clean tarball and spec, build only the source RPM", NULL },
	{ "repo", 0, POPT_ARG_STRING, &opt_repo, 0,
	  "copy the built kmod RPMs into DIR and refresh its metadata (createrepo_c)", "DIR" },
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "mx2g-pack",
	.args = "[OPTIONS] SOURCE",
	.summary = "Turn a vendor's out-of-tree driver SOURCE (tarball, directory or git) into a "
		   "clean kmod source and spec, and build kmod RPMs for one or more kernels.",
	.options = options,
	.notes = "The package version option is --set-version (--version prints mx2g-pack's own).\n"
		 "A build always makes new packages, so --check has no meaning here.\n"
		 "Records on stdout: one per package (rpm= name= version= release=\n"
		 "arch= kver=), then spec= source= log= changed=; with -n, module= and would= records.\n"
		 "Exit status: 65 no kernel module in SOURCE; 66 missing SOURCE or kernel tree;\n"
		 "69 rpmbuild or make missing; 70 the build failed (log kept); see mx2g-pack(1).",
	.flags = ACM_TOOL_NO_CHECK,
	.min_args = 1,
	.max_args = 1,
};

/* ---- small helpers ------------------------------------------------------ */

static bool valid_word(const char *s, const char *extra)
{
	if (!s || !*s || strlen(s) > 128)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr(extra, *s)))
			return false;
	return true;
}

static bool valid_name(const char *s)
{
	return valid_word(s, "._+-") && s[0] != '-' && s[0] != '.';
}

static bool valid_version(const char *s)
{
	return valid_word(s, "._+~^");
}

/* The source's own time (the shared source module honours
 * SOURCE_DATE_EPOCH), not today's: the same source gives the same spec, so
 * a second run can see that nothing changed. */
static char *changelog_date(long long when)
{
	char buf[64];
	time_t t = when > 0 ? (time_t)when : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%a %b %d %Y", &tm);
	return acm_xstrdup(buf);
}

static char *packager(void)
{
	char *p = acm_rpm_eval("%{?packager}");
	const char *user;
	char host[256] = "localhost";

	if (p && *p && !strchr(p, '%'))
		return p;
	free(p);
	user = getenv("USER");
	if (!user || !*user || !valid_word(user, "._-"))
		user = "root";
	if (gethostname(host, sizeof host - 1) < 0 || !valid_word(host, ".-"))
		snprintf(host, sizeof host, "localhost");
	return acm_xasprintf("%s <%s@%s>", user, user, host);
}

static int rm_tree(const char *path)
{
	const char *argv[] = { "rm", "-rf", "--one-file-system", "--", path, NULL };

	if (!acm_exists(path))
		return 0;
	return acm_run_capture(argv, NULL);
}

static void emit_kv(const char *k1, const char *v1, const char *k2, const char *v2)
{
	struct acm_record *r = acm_record_new();

	acm_record_str(r, k1, v1);
	if (k2)
		acm_record_str(r, k2, v2);
	acm_record_emit(r, stdout);
}

/* ---- reading the source without extracting it -------------------------- */

static int scan_cb(const struct acm_source_entry *e, void *ud)
{
	struct acm_kmod_scan *scan = ud;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!e) { /* the walk starts over (no single top directory) */
		acm_kmod_scan_reset(scan);
		return 0;
	}
	if (e->type == ACM_SOURCE_FILE && acm_kmod_scan_wants(e->path, e->size)) {
		rc = acm_source_read(e, &text, &len, 8u << 20);
		if (rc)
			return rc;
	}
	acm_kmod_scan_add(scan, e->path, e->type == ACM_SOURCE_DIRECTORY, text, len);
	free(text);
	return 0;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, const char **argv)
{
	poptContext ctx;
	int nargs, rc;
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	const char *arg = args[0];
	struct acm_source_opts sopts = { 0 };
	struct acm_source *src = NULL, *stage_src = NULL;
	const struct acm_source_info *si;
	struct acm_kmod_scan *scan = NULL;
	struct acm_kmod_set set = { 0 };
	struct acm_ktree *kt = NULL;
	struct acm_kmodspec_kernel *kk = NULL;
	size_t nk = 0, i;
	struct acm_kmodspec ks = { 0 };
	char *name = NULL, *version = NULL, *source0 = NULL, *setup_dir = NULL, *spec_text = NULL;
	char *date = NULL, *pkgr = NULL, *topdir = NULL, *work = NULL, *lockpath = NULL;
	char *tree = NULL, *stage = NULL, *tarball = NULL, *spec_path = NULL, *log = NULL;
	char *all_kvers = NULL, *sig = NULL;
	bool built = true;
	struct acm_lock lock = { -1, NULL };
	struct acm_rpmbuild b = { 0 };
	struct acm_rpm_info *info = NULL;
	struct acm_repo_result repo = { 0 };

	/* ---- arguments */
	if (!opt_release)
		opt_release = acm_xstrdup("1");
	if (opt_name && !valid_name(opt_name))
		acm_usage_error("--name '%s': not a usable driver name; use letters, digits and ._+-",
				opt_name);
	if (opt_version && !valid_version(opt_version))
		acm_usage_error("--set-version '%s': an RPM version is letters, digits and ._+~^ "
				"(no '-' or blanks)", opt_version);
	if (!valid_word(opt_release, "._+~"))
		acm_usage_error("--release '%s': use letters, digits and ._+~ (no '-')", opt_release);
	if (opt_spec_only && opt_srpm_only)
		acm_usage_error("--spec-only and --srpm-only both given; choose one");
	if (opt_repo && (opt_spec_only || opt_srpm_only))
		acm_usage_error("--repo publishes built kmod packages; it cannot go with --%s",
				opt_spec_only ? "spec-only" : "srpm-only");
	for (i = 0; opt_make_vars && opt_make_vars[i]; i++) {
		const char *v = opt_make_vars[i], *eq = strchr(v, '=');
		bool okname = eq && eq > v;

		for (const char *p = v; okname && p < eq; p++)
			okname = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
				 (*p >= '0' && *p <= '9') || *p == '_';
		if (!okname || (eq[1] && !acm_kmodspec_safe(eq + 1)))
			acm_usage_error("--make-var '%s': give NAME=VALUE, a name of letters, digits "
					"and '_', a value without blanks, quotes or '%%'", v);
	}
	if (opt_userland && (!*opt_userland || strchr(opt_userland, '\n')))
		acm_usage_error("--userland-install: give one non-empty command line");

	/* ---- the kernels, first: a missing one is the commonest mistake */
	for (i = 0; i == 0 || (opt_kernels && opt_kernels[i]); i++) {
		const char *karg = opt_kernels ? opt_kernels[i] : NULL;

		kt = acm_xrealloc(kt, (nk + 1) * sizeof *kt);
		rc = acm_ktree_resolve(karg, NULL, &kt[nk]);
		if (rc) {
			acm_ktree_free(&kt[nk]);
			if (!karg)
				acm_err("give --kernel for the kernel(s) to build for");
			goto out;
		}
		nk++;
		if (!acm_kmodspec_safe(kt[nk - 1].dir)) {
			acm_err("'%s': a kernel tree path with blanks, quotes or '%%' cannot go into a "
				"spec; give it through a symbolic link without them", kt[nk - 1].dir);
			rc = ACM_EX_USAGE;
			goto out;
		}
		for (size_t k = 0; k + 1 < nk; k++) {
			if (strcmp(kt[k].kver, kt[nk - 1].kver) == 0) {
				acm_err("'%s' and '%s' are both kernel %s; give each kernel once",
					kt[k].arg, kt[nk - 1].arg, kt[k].kver);
				rc = ACM_EX_USAGE;
				goto out;
			}
		}
		acm_verbose("kernel %s: %s", kt[nk - 1].kver, kt[nk - 1].dir);
	}
	kk = acm_xcalloc(nk, sizeof *kk);
	for (i = 0; i < nk; i++) {
		kk[i].kver = kt[i].kver;
		kk[i].kdir = kt[i].dir;
		char *t = all_kvers ? acm_xasprintf("%s %s", all_kvers, kt[i].kver)
				    : acm_xstrdup(kt[i].kver);

		free(all_kvers);
		all_kvers = t;
	}

	/* ---- the source and its modules */
	sopts.ref = opt_ref;
	rc = acm_source_open(&src, arg, &sopts);
	if (rc)
		goto out;
	si = acm_source_info(src);
	if (opt_ref && si->kind != ACM_SOURCE_GIT)
		acm_usage_error("--ref is for a git SOURCE; '%s' is not one", arg);
	scan = acm_kmod_scan_new();
	acm_kmod_scan_set_vars(scan, opt_make_vars);
	rc = acm_source_walk(src, scan_cb, scan);
	if (rc)
		goto out;
	si = acm_source_info(src);
	rc = acm_kmod_find(scan, opt_module_dirs, opt_userland != NULL, arg, &set);
	if (rc)
		goto out;
	for (i = 0; i < set.nmods; i++) {
		if (!acm_kmodspec_safe(set.mods[i].dir[0] ? set.mods[i].dir : ".")) {
			acm_err("'%s': the directory '%s' has characters a spec cannot carry; rename it "
				"(letters, digits, ._+-)", arg, set.mods[i].dir);
			rc = ACM_EX_DATAERR;
			goto out;
		}
		acm_verbose("module %s.ko in %s (built from %s, %zu object%s)", set.mods[i].name,
			    *set.mods[i].dir ? set.mods[i].dir : ".",
			    *set.mods[i].root ? set.mods[i].root : ".", set.mods[i].nobjs,
			    set.mods[i].nobjs == 1 ? "" : "s");
	}

	/* ---- name and version */
	/* a DKMS source's directory seldom carries the version: dkms.conf names it */
	if (opt_name)
		name = acm_xstrdup(opt_name);
	else if (!si->version_found && acm_kmod_scan_dkms_name(scan))
		name = acm_xstrdup(acm_kmod_scan_dkms_name(scan));
	else
		name = acm_xstrdup(si->name);
	if (!valid_name(name)) {
		acm_err("'%s': the name it suggests ('%s') is not a usable package name; give --name",
			arg, name);
		rc = ACM_EX_DATAERR;
		goto out;
	}
	if (opt_version)
		version = acm_xstrdup(opt_version);
	else if (si->version_found)
		version = acm_xstrdup(si->version);
	else if (acm_kmod_scan_version(scan))
		version = acm_xstrdup(acm_kmod_scan_version(scan));
	else {
		acm_warn("'%s': no version found (top directory, git tag, VERSION file, dkms.conf); "
			 "using 0, give --set-version", arg);
		version = acm_xstrdup("0");
	}
	if (!valid_version(version)) {
		acm_err("'%s': its version '%s' cannot be an RPM version; give --set-version", arg, version);
		rc = ACM_EX_DATAERR;
		goto out;
	}
	if (set.nuserland && !opt_userland) {
		struct acm_buf ul = ACM_BUF_INIT;

		for (i = 0; i < set.nuserland; i++)
			acm_buf_addf(&ul, "%s%s", i ? " " : "", set.userland[i]);
		acm_info("note: left out of the clean source (user space or the vendor's build "
			 "glue, not kernel modules): %s; to package user space as %s-utils give "
			 "--userland-install CMD", acm_buf_str(&ul), name);
		acm_buf_free(&ul);
	}
	if (!set.license)
		acm_warn("'%s': no SPDX-License-Identifier or MODULE_LICENSE in the module sources; "
			 "the spec says LicenseRef-Unknown", arg);

	/* ---- the spec */
	source0 = acm_xasprintf("%s-%s.tar.gz", name, version);
	setup_dir = acm_xasprintf("%s-%s", name, version);
	date = changelog_date(si->mtime);
	pkgr = packager();
	ks.name = name;
	ks.version = version;
	ks.release = opt_release;
	ks.license = set.license;
	ks.source0 = source0;
	ks.setup_dir = setup_dir;
	ks.kernels = kk;
	ks.nkernels = nk;
	ks.set = &set;
	ks.make_vars = opt_make_vars;
	ks.userland_cmd = opt_userland;
	ks.origin = arg;
	ks.packager = pkgr;
	ks.date = date;
	spec_text = acm_kmodspec_text(&ks);
	if (!spec_text) {   /* a value from the source cannot go into a spec: said why */
		rc = ACM_EX_DATAERR;
		goto out;
	}

	if (opt_spec_only) {
		fputs(spec_text, stdout);
		rc = 0;
		goto out;
	}
	if (acm_opt.dry_run) {
		for (i = 0; i < set.nmods; i++) {
			struct acm_record *r = acm_record_new();

			acm_record_str(r, "module", set.mods[i].name);
			acm_record_str(r, "dir", *set.mods[i].dir ? set.mods[i].dir : ".");
			acm_record_str(r, "root", *set.mods[i].root ? set.mods[i].root : ".");
			acm_record_emit(r, stdout);
		}
		emit_kv("would", "source0", "what", source0);
		emit_kv("would", "spec", "what", name);
		for (i = 0; i < nk; i++) {
			struct acm_record *r = acm_record_new();
			char *what = acm_xasprintf("make -C %s M=... modules", kt[i].dir);

			acm_record_str(r, "would", "build");
			acm_record_str(r, "what", what);
			acm_record_str(r, "kver", kt[i].kver);
			acm_record_emit(r, stdout);
			free(what);
		}
		emit_kv("would", "rpmbuild", "what", opt_srpm_only ? "-bs" : "-ba");
		if (opt_repo)
			emit_kv("would", "repo", "what", opt_repo);
		rc = 0;
		goto out;
	}

	/* ---- tools, tree, lock */
	if (!opt_srpm_only && !acm_have_program("make")) {
		acm_err("'make' not found: the kernel's Kbuild needs it; install the 'make' package");
		rc = ACM_EX_UNAVAILABLE;
		goto out;
	}
	rc = acm_rpmbuild_available();
	if (rc)
		goto out;
	rc = acm_rpmbuild_topdir(opt_topdir, &topdir);
	if (rc)
		goto out;
	work = acm_xasprintf("%s/BUILD/mx2g-pack-%s", topdir, name);
	rc = acm_mkdir_p(work, 0755);
	if (rc < 0) {
		acm_err("cannot create '%s': %s", work, strerror(-rc));
		rc = acm_exit_from_errno_out(-rc);
		goto out;
	}
	lockpath = acm_xasprintf("%s.lock", work);
	rc = acm_lock_take(&lock, lockpath);
	if (rc)
		goto out;

	/* ---- the clean source: extract, keep only what the modules need, pack */
	{
		char *scratch = acm_xasprintf("%s/src", work);
		char *sdir = acm_xasprintf("%s/stage", work);
		char *sources = acm_xasprintf("%s/SOURCES", topdir);
		struct acm_source_opts so = { .name = name, .version = version };

		rm_tree(scratch);
		rm_tree(sdir);
		acm_info("unpacking %s", arg);
		rc = acm_source_extract(src, scratch, &tree);
		if (!rc && acm_mkdir_p(sdir, 0755) < 0) {
			acm_err("cannot create '%s': %s", sdir, strerror(errno));
			rc = ACM_EX_CANTCREAT;
		}
		if (!rc) {
			stage = acm_xasprintf("%s/%s", sdir, setup_dir);
			rc = acm_kmod_stage(tree, stage, set.ship, set.nship);
		}
		if (!rc)
			rc = acm_source_open(&stage_src, stage, &so);
		if (!rc)
			rc = acm_source_write_tarball(stage_src, sources, &tarball);
		free(scratch);
		free(sdir);
		free(sources);
		if (rc)
			goto out;
		acm_verbose("clean source: %s (%zu files of the tree)", tarball, set.nship);
	}
	spec_path = acm_xasprintf("%s/SPECS/%s-kmod.spec", topdir, name);
	rc = acm_write_file_atomic(spec_path, spec_text, strlen(spec_text), 0644);
	if (rc)
		goto out;

	/* ---- build, unless the last one here was made from the same inputs */
	log = acm_xasprintf("%s/build.log", work);
	b.spec = spec_path;
	b.topdir = topdir;
	b.stage = opt_srpm_only ? "-bs" : "-ba";
	b.log_path = log;
	b.what = "kmod build";
	b.progress = true;
	sig = acm_kmod_state_signature(spec_text, tarball, b.stage, kt, nk);
	if (sig && acm_kmod_state_current(work, sig, &b.built, &b.n_built)) {
		acm_info("%s-kmod %s for %s is up to date: same spec, source and kernel trees as "
			 "the last build; nothing built", name, version, all_kvers);
		built = false;
	} else {
		acm_kmod_state_forget(work);
		acm_info("building %s-kmod %s for %s (log: %s)", name, version, all_kvers, log);
		rc = acm_rpmbuild_run(&b);
		if (rc)
			goto out;
		if (sig && acm_kmod_state_save(work, sig, b.built, b.n_built) != 0)
			acm_warn("the next run will build again: its state could not be saved");
	}
	info = acm_xcalloc(b.n_built ? b.n_built : 1, sizeof *info);
	rc = acm_rpm_query(b.built, b.n_built, info);
	if (rc)
		goto out;

	/* ---- publish */
	if (opt_repo) {
		rc = acm_repo_publish_binaries(opt_repo, info, b.n_built, &repo);
		if (rc)
			goto out;
	}

	/* ---- records */
	for (i = 0; i < b.n_built; i++) {
		struct acm_record *r = acm_record_new();
		const char *kver = "";

		if (strcmp(info[i].arch, "src") == 0)
			kver = all_kvers;
		for (size_t k = 0; k < nk; k++) {
			char *pn = acm_kmodspec_pkgname(name, kt[k].kver);

			if (strcmp(pn, info[i].name) == 0)
				kver = kt[k].kver;
			free(pn);
		}
		acm_record_str(r, "rpm", info[i].path);
		acm_record_str(r, "name", info[i].name);
		acm_record_str(r, "version", info[i].version);
		acm_record_str(r, "release", info[i].release);
		acm_record_str(r, "arch", info[i].arch);
		acm_record_str(r, "kver", kver);
		if (opt_repo && acm_repo_result_path(&repo, info[i].path))
			acm_record_str(r, "repo", acm_repo_result_path(&repo, info[i].path));
		acm_record_emit(r, stdout);
	}
	{
		struct acm_record *r = acm_record_new();

		acm_record_str(r, "spec", spec_path);
		acm_record_str(r, "source", tarball);
		acm_record_str(r, "log", log);
		acm_record_bool(r, "changed", built);
		acm_record_emit(r, stdout);
	}
	if (built)
		acm_verbose("built in %.0f s", b.seconds);
	rc = 0;

out:
	if (info)
		acm_rpm_info_free(info, b.n_built);
	free(info);
	acm_rpmbuild_free(&b);
	acm_repo_result_free(&repo);
	if (lock.path)
		acm_lock_release(&lock);
	if (work && tree) {
		/* the extracted and staged copies served their purpose; rpmbuild unpacks its own */
		char *scratch = acm_xasprintf("%s/src", work), *sdir = acm_xasprintf("%s/stage", work);

		if (stage_src)
			acm_source_close(stage_src);
		stage_src = NULL;
		rm_tree(scratch);
		rm_tree(sdir);
		free(scratch);
		free(sdir);
	}
	if (stage_src)
		acm_source_close(stage_src);
	if (src)
		acm_source_close(src);
	acm_kmod_scan_free(scan);
	acm_kmod_set_free(&set);
	for (i = 0; i < nk; i++)
		acm_ktree_free(&kt[i]);
	free(kt);
	free(kk);
	free(all_kvers);
	free(sig);
	free(name);
	free(version);
	free(source0);
	free(setup_dir);
	free(spec_text);
	free(date);
	free(pkgr);
	free(topdir);
	free(work);
	free(lockpath);
	free(tree);
	free(stage);
	free(tarball);
	free(spec_path);
	free(log);
	poptFreeContext(ctx);
	return rc;
}

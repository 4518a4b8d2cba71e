/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mx2g-pack - turn a vendor's out-of-tree driver source, whatever its layout,
 * into a clean kmod source tarball and spec, and build kmod RPMs for one or
 * more kernels with each kernel's own Kbuild (never the vendor's "make rpm"). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "kmodconf.h"
#include "kmodkernel.h"
#include "kmodpack.h"
#include "kmodscan.h"
#include "kmodvar.h"
#include "kmodspec.h"
#include "kmodstate.h"
#include "msg.h"
#include "opts.h"
#include "record.h"
#include "pkgbuild.h"
#include "pkgmeta.h"
#include "run.h"
#include "source.h"
#include "spectext.h"

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
	  "Kbuild files and when building (e.g. CONFIG_MX2G=m; repeatable); %{top} in "
	  "VALUE is the build copy's top directory (DAHDI_INCLUDE=%{top}/include)",
	  "NAME=VALUE" },
	{ "name", 0, POPT_ARG_STRING, &opt_name, 0,
	  "driver name: packages are NAME-kmod, kmod-NAME-KVER (default: from the source)", "NAME" },
	ACM_OPT_SET_VERSION(&opt_version,
			    "from dkms.conf, the source's top directory, git tag or VERSION file"),
	ACM_OPT_RELEASE(&opt_release),
	{ "userland-install", 0, POPT_ARG_STRING, &opt_userland, 0,
	  "shell command, run in the source's top directory with DESTDIR set, that installs "
	  "the driver's user-space parts: they become the NAME-utils package", "CMD" },
	ACM_OPT_REF(&opt_ref, "pack"),
	ACM_OPT_TOPDIR(&opt_topdir),
	ACM_OPT_SPEC_ONLY(&opt_spec_only),
	{ "srpm-only", 0, POPT_ARG_NONE, &opt_srpm_only, 0,
	  "write the clean tarball and spec, build only the source RPM", NULL },
	ACM_OPT_REPO(&opt_repo, "kmod RPMs"),
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "mx2g-pack",
	ACM_TOOL_ONE_SOURCE,
	.summary = "Turn a vendor's out-of-tree driver SOURCE (tarball, directory or git) into a "
		   "clean kmod source and spec, and build kmod RPMs for one or more kernels.",
	.options = options,
	.notes = ACM_NOTE_SET_VERSION("mx2g-pack")
		 "Records on stdout: one per package (rpm= name= version= release= arch=\n"
		 "kver= [repo=] changed=), then spec= source= log= changed=; with -n, module=\n"
		 "records of what was found and action= file= records of what a run would do.\n"
		 "Exit status: 65 no kernel module in SOURCE; 66 a missing SOURCE or kernel tree,\n"
		 "or one not ready to build modules; 69 rpmbuild, make or createrepo_c missing;\n"
		 "70 the build failed (the log is kept); 78 a SOURCE_DATE_EPOCH that is no number.\n",
	.flags = ACM_TOOL_NO_CHECK,
};

/* the arguments alone: 64 on a bad one (exits) */
static void check_args(void)
{
	if (opt_name && !acm_pkgmeta_valid_name(opt_name))
		acm_usage_error("--name '%s': not a usable driver name; use " ACM_PKGMETA_NAME_RULE,
				opt_name);
	if (opt_version && !acm_pkgmeta_valid_version(opt_version))
		acm_usage_error("--set-version '%s': an RPM version is " ACM_PKGMETA_VERSION_RULE,
				opt_version);
	opt_release = acm_pkgmeta_release_arg(opt_release);
	if (opt_spec_only && opt_srpm_only)
		acm_usage_error("--spec-only and --srpm-only both given; choose one");
	if (opt_repo && (opt_spec_only || opt_srpm_only))
		acm_usage_error("--repo publishes built kmod packages; it cannot go with --%s",
				opt_spec_only ? "spec-only" : "srpm-only");
	for (size_t i = 0; opt_make_vars && opt_make_vars[i]; i++) {
		const char *why = acm_kmodvar_check(opt_make_vars[i]);

		if (why)
			acm_usage_error("--make-var '%s': %s; give NAME=VALUE, a name of letters, "
					"digits and '_', a value without blanks, quotes or '%%' but for "
					"%%{top}, the build copy's top directory", opt_make_vars[i], why);
	}
	if (opt_userland && (!*opt_userland || strchr(opt_userland, '\n')))
		acm_usage_error("--userland-install: give one non-empty command line");
}

struct kvers {
	const char *name, *all;
	const struct acm_ktree *kt;
	size_t nk;
};

/* kver= of a package record: its kernel, all of them for the source RPM */
static void add_kver(struct acm_record *r, const struct acm_rpm_info *pkg, void *ud)
{
	const struct kvers *kv = ud;
	const char *kver = strcmp(pkg->arch, "src") == 0 ? kv->all : "";

	for (size_t k = 0; k < kv->nk; k++) {
		char *pn = acm_kmodspec_pkgname(kv->name, kv->kt[k].kver);

		if (strcmp(pn, pkg->name) == 0)
			kver = kv->kt[k].kver;
		free(pn);
	}
	acm_record_str(r, "kver", kver);
}

static void plan(const struct acm_pkgbuild *pb, const struct acm_pkgbuild_job *job,
		 const struct acm_kmod_set *set, const struct acm_kmodconf *conf,
		 const struct acm_ktree *kt, size_t nk, const char *source0)
{
	char *path = acm_pkgbuild_path(pb, "SOURCES", source0);

	for (size_t i = 0; i < set->nmods; i++) {
		struct acm_record *r = acm_record_new();

		acm_record_str(r, "module", set->mods[i].name);
		acm_record_str(r, "dir", *set->mods[i].dir ? set->mods[i].dir : ".");
		acm_record_str(r, "root", *set->mods[i].root ? set->mods[i].root : ".");
		acm_record_bool(r, "changed", false);
		acm_record_emit(r, stdout);
	}
	acm_record_plan("write", path, NULL, NULL);
	acm_record_plan("write", job->spec, NULL, NULL);
	for (size_t i = 0; i < nk && strcmp(job->stage, "-bs") != 0; i++) {
		/* the tree's configure runs first, pointed at that kernel */
		if (conf)
			acm_record_plan("configure", kt[i].dir, "rule", acm_kmodconf_rule(conf)->id);
		acm_record_plan("compile", kt[i].dir, "kver", kt[i].kver);
	}
	acm_pkgbuild_plan_run(pb, job);
	free(path);
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	poptContext ctx;
	int nargs, rc;
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	const char *arg = args[0];
	struct acm_source_opts sopts = { 0 };
	struct acm_source *src = NULL;
	const struct acm_source_info *si;
	struct acm_kmod_scan *scan = NULL;
	struct acm_kmod_set set = { 0 };
	const struct acm_dkmsconf *dkms = NULL;
	const struct acm_kmodconf *conf = NULL;
	struct acm_ktree *kt = NULL;
	struct acm_kmodspec_kernel *kk = NULL;
	size_t nk = 0, i;
	struct acm_kmodspec ks = { 0 };
	struct acm_pkgbuild pb = { .tool = "mx2g-pack" };
	struct acm_pkgbuild_job job = { .stage = "-ba", .what = "kmod build" };
	struct acm_buf all_kvers = ACM_BUF_INIT;
	char *name = NULL, *version = NULL, *source0 = NULL, *setup_dir = NULL, *spec_text = NULL;
	char *date = NULL, *pkgr = NULL, *tarball = NULL, *spec_path = NULL, *sig = NULL;
	char *sources = NULL, *title = NULL;
	long long epoch;

	check_args();
	pb.topdir_opt = opt_topdir;
	pb.repo = opt_repo;
	if ((rc = acm_pkgmeta_epoch(&epoch)))
		goto out;
	/* ---- the host's programs and the repository, before the kernels and source are read */
	if (!opt_spec_only && ((rc = acm_pkgbuild_preflight(&pb)) ||
			       (!opt_srpm_only && !acm_opt.dry_run &&
				(rc = acm_need_program("make", "the kernel's Kbuild", "make")))))
		goto out;
	/* ---- the kernels, first: a missing one is the commonest mistake */
	if ((rc = acm_ktree_resolve_all(opt_kernels, NULL, &kt, &nk)))
		goto out;
	kk = acm_xcalloc(nk, sizeof *kk);
	for (i = 0; i < nk; i++) {
		kk[i].kver = kt[i].kver;
		kk[i].kdir = kt[i].dir;
		acm_buf_addf(&all_kvers, "%s%s", i ? " " : "", kt[i].kver);
	}

	/* ---- the source and its modules */
	sopts.ref = opt_ref;
	if ((rc = acm_source_open(&src, arg, &sopts)))
		goto out;
	if (opt_ref && acm_source_info(src)->kind != ACM_SOURCE_GIT)
		acm_usage_error("--ref is for a git SOURCE; '%s' is not one", arg);
	scan = acm_kmod_scan_new();
	acm_kmod_scan_set_vars(scan, opt_make_vars);
	for (i = 0; i < nk; i++)
		acm_kmod_scan_add_kernel(scan, kt[i].kver, kt[i].dir);
	if ((rc = acm_kmodpack_scan(src, scan)) ||
	    (rc = acm_kmodpack_find(scan, opt_module_dirs, opt_userland != NULL, arg, &set, &dkms,
					 &conf)))
		goto out;
	si = acm_source_info(src);
	for (i = 0; i < set.nmods; i++) {
		if (!acm_spectext_is_word(set.mods[i].dir[0] ? set.mods[i].dir : ".")) {
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
	if ((rc = acm_kmodpack_name_version(si, scan, arg, opt_name, opt_version, &name, &version)))
		goto out;
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

	/* ---- the spec: dated by the source's own time, so the same source gives the same spec */
	source0 = acm_xasprintf("%s-%s.tar.gz", name, version);
	setup_dir = acm_xasprintf("%s-%s", name, version);
	date = acm_pkgmeta_date(si->mtime > 0 ? si->mtime : -1);
	pkgr = acm_pkgmeta_packager();
	ks = (struct acm_kmodspec){ .pkg = { .name = name, .version = version, .release = opt_release,
					     .source0 = source0, .setup_dir = setup_dir, .origin = arg,
					     .packager = pkgr, .date = date },
				    .license = set.license, .kernels = kk, .nkernels = nk, .set = &set,
				    .make_vars = opt_make_vars, .dkms = dkms, .conf = conf,
				    .userland_cmd = opt_userland };
	spec_text = acm_kmodspec_text(&ks);
	if (!spec_text) {   /* a value from the source cannot go into a spec: said why */
		rc = ACM_EX_DATAERR;
		goto out;
	}

	if (opt_spec_only) {
		fputs(spec_text, stdout);
		goto out;
	}

	/* ---- tools, tree, lock (or, with -n, what would be done) */
	pb.name = name;
	job.stage = opt_srpm_only ? "-bs" : "-ba";
	if ((rc = acm_pkgbuild_locate(&pb)))
		goto out;
	spec_path = acm_xasprintf("%s/SPECS/%s-kmod.spec", pb.topdir, name);
	job.spec = spec_path;
	if (acm_opt.dry_run) {
		plan(&pb, &job, &set, conf, kt, nk, source0);
		goto out;
	}
	if ((rc = acm_pkgbuild_begin(&pb)))
		goto out;
	sources = acm_xasprintf("%s/SOURCES", pb.topdir);
	if ((rc = acm_kmodpack_clean_source(src, arg, pb.work, sources, &set, name, version,
					    setup_dir, &tarball)) ||
	    (rc = acm_write_file_atomic(spec_path, spec_text, strlen(spec_text), 0644)))
		goto out;

	/* ---- build, unless the last one here was made from the same inputs */
	sig = acm_kmod_state_signature(spec_text, tarball, job.stage, kt, nk);
	job.signature = sig;
	title = acm_xasprintf("%s-kmod %s for %s", name, version, acm_buf_str(&all_kvers));
	job.title = title;
	if ((rc = acm_pkgbuild_run(&pb, &job)))
		goto out;
	acm_pkgbuild_emit_packages(&pb, add_kver,
				   &(struct kvers){ name, acm_buf_str(&all_kvers), kt, nk });
	{
		struct acm_record *r = acm_record_new();

		acm_record_str(r, "spec", spec_path);
		acm_record_str(r, "source", tarball);
		acm_record_str(r, "log", pb.log);
		acm_record_bool(r, "changed", acm_pkgbuild_changed(&pb));
		acm_record_emit(r, stdout);
	}
	if (pb.built)
		acm_verbose("built in %.0f s", pb.b.seconds);

out:
	acm_pkgbuild_end(&pb);
	if (src)
		acm_source_close(src);
	acm_kmod_scan_free(scan);
	acm_kmod_set_free(&set);
	acm_ktree_free_all(kt, nk);
	free(kk);
	acm_buf_free(&all_kvers);
	free(sig);
	free(name);
	free(version);
	free(source0);
	free(setup_dir);
	free(spec_text);
	free(date);
	free(pkgr);
	free(tarball);
	free(spec_path);
	free(sources);
	free(title);
	poptFreeContext(ctx);
	return rc;
}

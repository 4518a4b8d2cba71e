/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kbuild - build a kernel as RPMs (kernel-ml to sit beside the distribution's
 * kernel, kernel to replace it) from a tarball, directory or git source and a
 * configuration, with a -devel package that builds out-of-tree modules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "kbuildcfg.h"
#include "kbuildsrc.h"
#include "kspec.h"
#include "msg.h"
#include "opts.h"
#include "pkgbuild.h"
#include "pkgmeta.h"
#include "record.h"
#include "run.h"
#include "source.h"
#include "spectext.h"

static char *opt_config, *opt_target, *opt_name, *opt_release, *opt_localversion;
static char *opt_topdir, *opt_repo, *opt_ref;
static const char **opt_fragments;
static int opt_jobs, opt_ccache, opt_spec_only, opt_headers;

static const struct poptOption options[] = {
	{ "config", 0, POPT_ARG_STRING, &opt_config, 0,
	  "start from this .config (e.g. /boot/config-$(uname -r))", "FILE" },
	{ "config-target", 0, POPT_ARG_STRING, &opt_target, 0,
	  "start from a kconfig target: defconfig (default), tinyconfig, ...", "TARGET" },
	{ "fragment", 0, POPT_ARG_ARGV, &opt_fragments, 0,
	  "merge these CONFIG_ lines on top (repeatable)", "FILE" },
	{ "name", 0, POPT_ARG_STRING, &opt_name, 0,
	  "package name: kernel-ml (default) sits beside the distribution's kernel, "
	  "kernel replaces it", "NAME" },
	ACM_OPT_RELEASE(&opt_release),
	{ "localversion", 0, POPT_ARG_STRING, &opt_localversion, 0,
	  "appended to the release, so to uname -r (e.g. .acm)", "STR" },
	{ "headers", 0, POPT_ARG_NONE, &opt_headers, 0,
	  "also build NAME-headers (the user-space API headers)", NULL },
	{ "jobs", 'j', POPT_ARG_INT, &opt_jobs, 0, "parallel make jobs (default: CPUs)", "N" },
	ACM_OPT_TOPDIR(&opt_topdir),
	{ "ccache", 0, POPT_ARG_NONE, &opt_ccache, 0, "compile through ccache", NULL },
	ACM_OPT_REF(&opt_ref, "build"),
	ACM_OPT_SPEC_ONLY(&opt_spec_only),
	ACM_OPT_REPO(&opt_repo, "RPMs"),
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "kbuild",
	ACM_TOOL_ONE_SOURCE,
	.summary = "Build a kernel as RPMs (image, modules, -devel for out-of-tree modules) "
		   "from a tarball, directory or git SOURCE.",
	.options = options,
	.notes = "Records on stdout: one per package (rpm= name= version= release= arch=\n"
		 "[repo=] changed=), then kver= spec= config= log= changed=; with -n,\n"
		 "action= file= records of what a run would do, then kver=.\n"
		 "Exit status: 65 not a kernel tree, a bad fragment or config target; 66 a missing\n"
		 "SOURCE, --config or --fragment; 69 rpmbuild, the compiler or a build tool missing;\n"
		 "70 the build failed (the log is kept); 78 a SOURCE_DATE_EPOCH that is no number.\n",
	.flags = ACM_TOOL_NO_CHECK,
};

/* the arguments alone: 64 on a bad one (exits) */
static void check_args(void)
{
	if (!opt_name)
		opt_name = acm_xstrdup("kernel-ml");
	if (!acm_pkgmeta_valid_name(opt_name))
		acm_usage_error("--name '%s': not a usable package name; use " ACM_PKGMETA_NAME_RULE,
				opt_name);
	opt_release = acm_pkgmeta_release_arg(opt_release);
	if (opt_localversion && *opt_localversion && !acm_pkgmeta_valid_release(opt_localversion))
		acm_usage_error("--localversion '%s': not a usable local version; use "
				ACM_PKGMETA_RELEASE_RULE " (uname -r must stay VERSION-RELEASE.ARCH)",
				opt_localversion);
	if (opt_config && opt_target)
		acm_usage_error("--config and --config-target both given; choose one base configuration");
	if (opt_target && (!*opt_target || opt_target[0] == '-' || strchr(opt_target, '=') ||
			   strchr(opt_target, '/')))
		acm_usage_error("'%s': not a kconfig target name (e.g. defconfig, tinyconfig)", opt_target);
	if (opt_jobs < 0 || opt_jobs > 4096)
		acm_usage_error("'%d': --jobs must be a positive number", opt_jobs);
	if (opt_jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		opt_jobs = n > 0 ? (int)n : 1;
	}
}

/* rpm's target arch (69 when rpm is missing or the arch unknown) and %dist */
static int rpm_target(char **rpm_arch, char **dist)
{
	*rpm_arch = acm_rpm_eval("%{_target_cpu}");
	*dist = acm_rpm_eval("%{?dist}");
	if (!*rpm_arch || !**rpm_arch) {
		acm_err("rpm not found; install the '%s' package (scripts/install-deps does)",
			acm_rpmbuild_package_for("rpm", "rpm", "rpm"));
		return ACM_EX_UNAVAILABLE;
	}
	if (!acm_kernel_arch(*rpm_arch)) {
		acm_err("'%s': kbuild does not know the kernel's ARCH for this rpm arch", *rpm_arch);
		return ACM_EX_UNAVAILABLE;
	}
	if (*dist && **dist && !acm_spectext_is_word(*dist)) {
		acm_err("'%s': rpm's %%dist cannot be part of a kernel release", *dist);
		return ACM_EX_CONFIG;
	}
	return 0;
}

static void plan(const struct acm_pkgbuild *pb, const struct acm_pkgbuild_job *job,
		 const struct acm_source_info *si, const char *arg, const char *config_name,
		 const char *source0, const char *kver)
{
	char *path = acm_pkgbuild_path(pb, "SOURCES", config_name);
	struct acm_record *r;

	acm_record_plan("configure", path, "from",
			  opt_config ? opt_config : opt_target ? opt_target : "defconfig");
	free(path);
	path = acm_pkgbuild_path(pb, "SOURCES", source0);
	acm_record_plan(si->kind == ACM_SOURCE_TARBALL ? "copy" : "write", path, "from", arg);
	free(path);
	acm_record_plan("write", job->spec, NULL, NULL);
	acm_pkgbuild_plan_run(pb, job);
	r = acm_record_new();
	acm_record_str(r, "kver", kver);
	acm_record_bool(r, "changed", true);
	acm_record_emit(r, stdout);
}

int main(int argc, char **argv)
{
	poptContext ctx;
	int nargs, rc;
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	const char *arg = args[0];
	struct acm_source_opts sopts = { .ref = NULL };
	struct acm_source *src = NULL;
	const struct acm_source_info *si;
	struct acm_kbuildcfg cfg = { 0 };
	struct acm_kmakefile mk;
	struct acm_kspec ks = { 0 };
	struct acm_pkgbuild pb = { .tool = "kbuild" };
	struct acm_pkgbuild_job job = { .stage = "-ba", .what = "kernel build" };
	char *rpm_arch = NULL, *dist = NULL, *version = NULL, *release = NULL, *kver = NULL;
	char *tree = NULL, *spec_text = NULL, *source0 = NULL, *setup_dir = NULL;
	char *config_name = NULL, *config_origin = NULL, *spec_path = NULL, *config_path = NULL;
	char *date = NULL, *pkgr = NULL, *extra = NULL, *cfglog = NULL, *smp = NULL, *title = NULL;
	const char *defs[5] = { NULL, NULL, NULL, NULL, NULL };
	char *builddir = NULL;
	bool prepared = false, keep_tree = false, new_top = false, unmake_top = false;
	long long epoch;

	check_args();
	release = acm_xasprintf("%s%s", opt_release, opt_localversion ? opt_localversion : "");
	if (!acm_pkgmeta_valid_release(release))
		acm_usage_error("'%s': release and local version together are too long", release);
	pb.name = opt_name;
	pb.topdir_opt = opt_topdir;
	pb.repo = opt_repo;
	if ((rc = acm_pkgmeta_epoch(&epoch)))
		goto out;
	if (opt_ccache && (rc = acm_need_program("ccache", "--ccache",
						 acm_rpmbuild_package_for("ccache", "ccache", "ccache"))))
		goto out;
	/* ---- inputs exist and parse, and the output can be written, before anything slow */
	if ((rc = acm_kbuildcfg_load(&cfg, opt_config, opt_target, opt_fragments)) ||
	    (rc = rpm_target(&rpm_arch, &dist)) || (!opt_spec_only && (rc = acm_pkgbuild_preflight(&pb))))
		goto out;
	sopts.ref = opt_ref;
	if ((rc = acm_source_open(&src, arg, &sopts)))
		goto out;
	if (opt_ref && acm_source_info(src)->kind != ACM_SOURCE_GIT)
		acm_usage_error("--ref is for a git SOURCE; '%s' is not one", arg);

	/* ---- the version (and the fragments' symbols): read in place (spec-only,
	 * dry run), or checked in place, then the version from the unpacked tree */
	if (opt_spec_only || acm_opt.dry_run) {
		rc = acm_kbuildsrc_version(src, arg, &cfg, &mk);
		if (!rc && !opt_spec_only)
			rc = acm_pkgbuild_locate(&pb);
	} else if (!(rc = acm_kbuildcfg_check_tools()) && !(rc = acm_kbuildcfg_check_input_needs(&cfg)) &&
		   !(rc = acm_pkgbuild_locate(&pb)) &&
		   !(rc = acm_kbuildsrc_check_symbols(src, arg, pb.work, &cfg)) &&
		   !(new_top = !acm_is_dir(pb.topdir), rc = acm_pkgbuild_begin(&pb))) {
		/* an unpack that fails (a bad symbol too) leaves no rpmbuild tree it made */
		if ((rc = acm_kbuildsrc_unpack(src, arg, pb.work, &cfg, &tree, &keep_tree)))
			unmake_top = new_top;
		else
			rc = acm_kbuildsrc_tree_version(tree, arg, &mk);
	}
	if (rc)
		goto out;
	version = acm_kmakefile_rpm_version(&mk);
	extra = acm_xstrdup(version + strlen(mk.version) + 1 + strlen(mk.patchlevel) +
			    (mk.sublevel[0] ? 1 + strlen(mk.sublevel) : 0));
	si = acm_source_info(src);
	if ((rc = acm_kbuildsrc_names(si, arg, &source0, &setup_dir)))
		goto out;

	/* ---- the spec */
	config_name = acm_xasprintf("%s-%s-%s.%s.config", opt_name, version, release, rpm_arch);
	config_origin = acm_kbuildcfg_origin(&cfg);
	date = acm_pkgmeta_date(epoch);
	pkgr = acm_pkgmeta_packager();
	ks = (struct acm_kspec){ .pkg = { .name = opt_name, .version = version, .release = release,
					  .source0 = source0, .setup_dir = setup_dir, .origin = arg,
					  .packager = pkgr, .date = date },
				 .kextra = extra, .rpm_arch = rpm_arch, .config_source = config_name,
				 .config_origin = config_origin, .headers = opt_headers };
	kver = acm_kspec_kver(&ks, dist);
	if (strlen(kver) > 64) {
		acm_err("'%s': the kernel release would be %zu characters; the kernel allows 64 "
			"(shorten --release or --localversion)", kver, strlen(kver));
		rc = ACM_EX_USAGE;
		goto out;
	}
	spec_text = acm_kspec_text(&ks);
	if (!spec_text) {   /* a value cannot go into a spec: said why */
		rc = ACM_EX_DATAERR;
		goto out;
	}

	if (opt_spec_only) {
		fputs(spec_text, stdout);
		goto out;
	}
	spec_path = acm_xasprintf("%s/SPECS/%s.spec", pb.topdir, opt_name);
	job.spec = spec_path;
	smp = acm_xasprintf("_smp_mflags -j%d", opt_jobs);
	defs[0] = smp;
	if (opt_ccache)
		defs[1] = "kbuild_cc ccache gcc";
	/* a whole tarball unpacked where %setup enters: rpmbuild builds in it */
	prepared = acm_kbuildsrc_is_build_tree(si, tree, pb.work, setup_dir);
	job.keep_tree = prepared;   /* the tree stays for the next run, as binrpm-pkg's does */
	if (prepared) {
		builddir = acm_xasprintf("_builddir %s/src", pb.work);
		defs[opt_ccache ? 2 : 1] = builddir;
		defs[opt_ccache ? 3 : 2] = "kbuild_prepared 1";
	}
	job.defines = defs;
	if (acm_opt.dry_run) {
		plan(&pb, &job, si, arg, config_name, source0, kver);
		goto out;
	}

	/* ---- configure */
	cfglog = acm_xasprintf("%s/config.log", pb.work);
	{
		struct acm_kbuildcfg_make m = { .tree = tree, .karch = acm_kernel_arch(rpm_arch),
						.extraversion = kver + strlen(version) - strlen(extra),
						.log = cfglog, .jobs = opt_jobs };
		FILE *f = fopen(cfglog, "w");

		if (f)
			fclose(f);
		acm_info("configuring (%s)", config_origin);
		if ((rc = acm_kbuildcfg_make(&cfg, &m)))
			goto out;
	}
	if (prepared && (rc = acm_kbuildcfg_drop_stamps(tree)))
		goto out;

	/* ---- sources, config and spec into the rpmbuild tree */
	{
		char *from = acm_xasprintf("%s/.config", tree);
		char *s0 = acm_pkgbuild_path(&pb, "SOURCES", source0);
		char *sources = acm_xasprintf("%s/SOURCES", pb.topdir);

		config_path = acm_pkgbuild_path(&pb, "SOURCES", config_name);
		rc = acm_fstree_copy(from, config_path, 0644);
		if (!rc)
			rc = si->kind == ACM_SOURCE_TARBALL ? acm_fstree_link_or_copy(arg, s0, 0644)
							    : acm_source_write_tarball(src, sources, NULL);
		if (!rc)
			rc = acm_write_file_atomic(spec_path, spec_text, strlen(spec_text), 0644);
		free(from);
		free(s0);
		free(sources);
		if (rc)
			goto out;
	}
	/* a git or directory copy served the configuration (rpmbuild unpacks
	 * Source0); a tarball's is the build tree. A tarball's or a git commit's
	 * copy is kept for the next run. */
	if (!keep_tree && !prepared)
		(void)acm_fstree_remove(tree);

	/* ---- build, query, publish, records */
	title = acm_xasprintf("%s %s", opt_name, kver);
	job.title = title;
	if ((rc = acm_pkgbuild_run(&pb, &job)))
		goto out;
	acm_pkgbuild_emit_packages(&pb, NULL, NULL);
	{
		struct acm_record *r = acm_record_new();

		acm_record_str(r, "kver", kver);
		acm_record_str(r, "spec", spec_path);
		acm_record_str(r, "config", config_path);
		acm_record_str(r, "log", pb.log);
		acm_record_bool(r, "changed", acm_pkgbuild_changed(&pb));
		acm_record_emit(r, stdout);
	}
	acm_verbose("built in %.0f s", pb.b.seconds);

out:
	if (rc && keep_tree && tree)
		acm_info("the unpacked source stays in '%s' for the next run; remove it to free the space",
			 tree);
	if (unmake_top)
		(void)acm_fstree_remove(pb.topdir);
	acm_pkgbuild_end(&pb);
	if (src)
		acm_source_close(src);
	acm_kbuildcfg_free(&cfg);
	free(rpm_arch);
	free(dist);
	free(version);
	free(extra);
	free(release);
	free(kver);
	free(tree);
	free(spec_text);
	free(source0);
	free(setup_dir);
	free(config_name);
	free(config_origin);
	free(spec_path);
	free(config_path);
	free(cfglog);
	free(smp);
	free(builddir);
	free(title);
	free(date);
	free(pkgr);
	poptFreeContext(ctx);
	return rc;
}

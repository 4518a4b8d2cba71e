/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specgen - write a spec that rpmbuild builds as it is, for a tarball,
 * directory or git source; or print the spec the source already ships. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "configfacts.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "opts.h"
#include "pkgmeta.h"
#include "record.h"
#include "rpmbuild.h"
#include "run.h"
#include "source.h"
#include "specdetect.h"
#include "specextract.h"
#include "specprobe.h"
#include "specwrite.h"

static char *opt_output, *opt_ref, *opt_name, *opt_version, *opt_release, *opt_summary,
	    *opt_license, *opt_url, *opt_packager, *opt_tarball_dir;
static int opt_extract, opt_no_probe, opt_strict, opt_no_cache;

static const struct poptOption options[] = {
	{ "output", 'o', POPT_ARG_STRING, &opt_output, 0, "write the spec to FILE (atomically) instead of stdout", "FILE" },
	ACM_OPT_REF(&opt_ref, "package"),
	{ "name", '\0', POPT_ARG_STRING, &opt_name, 0, "package name (default: from the source)", "NAME" },
	ACM_OPT_SET_VERSION(&opt_version, "from the source"),
	ACM_OPT_RELEASE(&opt_release),
	{ "summary", '\0', POPT_ARG_STRING, &opt_summary, 0, "one-line summary, written as it is (default: what the source says of itself)", "TEXT" },
	{ "license", '\0', POPT_ARG_STRING, &opt_license, 0, "SPDX license expression (default: from the license files)", "SPDX" },
	{ "url", '\0', POPT_ARG_STRING, &opt_url, 0, "upstream URL", "URL" },
	{ "packager", '\0', POPT_ARG_STRING, &opt_packager, 0, "'Name <email>' for %changelog (default: %packager, git config)", "WHO" },
	{ "tarball-dir", '\0', POPT_ARG_STRING, &opt_tarball_dir, 0, "directory/git sources: write the reproducible NAME-VERSION.tar.gz here", "DIR" },
	{ "extract", '\0', POPT_ARG_NONE, &opt_extract, 0, "print the spec the source ships (NAME.spec, or NAME.spec.in filled); 65 if none", NULL },
	{ "no-probe", '\0', POPT_ARG_NONE, &opt_no_probe, 0, "do not build and install to list %files; write conventional globs", NULL },
	{ "no-cache", '\0', POPT_ARG_NONE, &opt_no_cache, 0, "run the trial build even when an earlier run's result is cached", NULL },
	{ "strict", '\0', POPT_ARG_NONE, &opt_strict, 0, "exit 65 when no build system is found or the license is not recognisably one license", NULL },
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "specgen",
	ACM_TOOL_ONE_SOURCE,
	.summary = "Write an RPM spec that rpmbuild builds as it is, for a tarball, a directory or a\n"
		   "git repository (path or URL), or print the spec the source already ships.",
	.options = options,
	.notes = "The spec goes to stdout, or with -o FILE to FILE and one record on stdout:\n"
		 "spec=FILE name=N version=V buildsys=B license=L tarball=T changed=yes|no.\n"
		 ACM_NOTE_SET_VERSION("specgen")
		 "--check needs -o: exit 0 when FILE already holds this spec, 1 otherwise.\n"
		 "Exit status: 65 a hostile or corrupt source, or a failed trial build (the spec is\n"
		 "still written, marked FIXME); 69 rpm or rpmbuild missing (use --no-probe); 77 the\n"
		 "trial build cannot be confined; 129, 130, 143 the trial build was interrupted.\n",
};

/* Write text to opt_output (or stdout); records; --check and -n. */
static int emit(const char *text, size_t len, const struct acm_source_info *info,
		const struct acm_detect *d, const char *license, const char *tarball)
{
	if (!opt_output) {
		fwrite(text, 1, len, stdout);
		return 0;
	}
	char *old = NULL;
	size_t oldlen = 0;
	bool same = acm_read_file(opt_output, &old, &oldlen, 0) == 0 && oldlen == len && !memcmp(old, text, len);
	free(old);
	int rc = 0;
	if (acm_opt.check) {
		rc = same ? ACM_EX_OK : ACM_EX_DIFFERS;
	} else if (acm_opt.dry_run) {
		acm_info("would %s '%s'", same ? "leave unchanged" : "write", opt_output);
		if (!same)
			acm_record_plan("write", opt_output, NULL, NULL);
	} else if (!same) {
		rc = acm_write_file_atomic(opt_output, text, len, 0644);
	} else {
		acm_verbose("'%s' already holds this spec; unchanged", opt_output);
	}
	if (rc && rc != ACM_EX_DIFFERS)
		return rc;
	struct acm_record *r = acm_record_new();
	acm_record_str(r, "spec", opt_output);
	acm_record_str(r, "name", info->name);
	acm_record_str(r, "version", info->version);
	acm_record_str(r, "buildsys", d ? acm_buildsys_name(d->bs) : "");
	acm_record_str(r, "license", license);
	acm_record_str(r, "tarball", tarball);
	acm_record_bool(r, "changed", !same);
	acm_record_emit(r, stdout);
	return rc;
}

int main(int argc, char **argv)
{
	poptContext ctx;
	int nargs;
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	const char *arg = args[0];
	if (!*arg)
		acm_usage_error("SOURCE is empty");
	if (opt_release && !acm_pkgmeta_valid_release(opt_release))
		acm_usage_error("--release '%s': not a usable release; use " ACM_PKGMETA_RELEASE_RULE, opt_release);
	if (opt_version && !acm_pkgmeta_valid_version(opt_version))
		acm_usage_error("--set-version '%s': an RPM version is " ACM_PKGMETA_VERSION_RULE, opt_version);
	if (opt_name && !acm_pkgmeta_valid_name(opt_name))
		acm_usage_error("--name '%s': not a usable package name; use " ACM_PKGMETA_NAME_RULE, opt_name);
	if (opt_extract && opt_tarball_dir)
		acm_usage_error("--extract and --tarball-dir do not go together");
	if (acm_opt.check && !opt_output)
		acm_usage_error("--check needs -o FILE: the spec to compare with");
	long long epoch;
	bool writes = !acm_opt.check && !acm_opt.dry_run;
	/* the outputs, before the source is read and trial-built */
	int erc = acm_pkgmeta_epoch(&epoch);
	if (!erc && opt_output)
		erc = acm_output_check(opt_output, writes);
	if (!erc && !opt_no_probe && !opt_extract)
		erc = acm_rpmbuild_available();
	if (erc) {
		poptFreeContext(ctx);
		return erc;
	}

	struct acm_source_opts so = { .ref = opt_ref, .name = opt_name, .version = opt_version };
	struct acm_source *src = NULL;
	struct acm_detect det = { 0 };
	struct acm_install_list files = { 0 };
	char *text = NULL, *tarball = NULL, *packager = NULL, *license = NULL, *source0 = NULL;
	size_t len = 0;
	int rc = acm_source_open(&src, arg, &so);
	if (rc)
		goto out;
	/* a tarball is its own Source0: --tarball-dir is then only warned about */
	if (opt_tarball_dir && writes && acm_source_info(src)->kind != ACM_SOURCE_TARBALL &&
	    (rc = acm_output_dir_check(opt_tarball_dir, "--tarball-dir")))
		goto out;
	if ((rc = acm_detect_scan(src, &det)))
		goto out;
	/* no version in the names: what the build system declares (AC_INIT,
	 * project(VERSION), meson's version:, setup.py) */
	if (!acm_source_info(src)->version_found && det.declared_version && !opt_version)
		acm_source_set_version(src, det.declared_version);
	const struct acm_source_info *info = acm_source_info(src);
	acm_verbose("%s: name %s, version %s, build system %s", arg, info->name, info->version,
		    acm_buildsys_name(det.bs));

	if (opt_extract) {
		if (!(rc = acm_specextract_spec(src, &det, opt_release, &text, &len)))
			rc = emit(text, len, info, &det, NULL, NULL);
		goto out;
	}

	if (!info->version_found)
		acm_warn("'%s': no version found (no NAME-VERSION top directory, file name or git tag); "
			 "using 0, give --set-version", arg);
	if (det.bs == ACM_BS_NONE) {
		if (opt_strict) {
			acm_err("'%s': no build system found (configure, CMakeLists.txt, meson.build, Makefile, "
				"setup.py); the spec would need hand-written %%build and %%install", arg);
			rc = ACM_EX_DATAERR;
			goto out;
		}
		acm_warn("'%s': no build system found; the spec has FIXME comments where %%build and "
			 "%%install need writing", arg);
	}
	if (!opt_license && (!det.licenses.n || det.unknown_license_files.n)) {
		if (opt_strict) {
			acm_err("'%s': the license could not be identified; give it with --license SPDX", arg);
			rc = ACM_EX_DATAERR;
			goto out;
		}
		acm_warn("'%s': the license could not be identified; the spec says License: FIXME "
			 "(give --license SPDX)", arg);
	}

	if (info->kind == ACM_SOURCE_TARBALL) {
		const char *b = strrchr(arg, '/');
		source0 = acm_xstrdup(b ? b + 1 : arg);
	} else {
		source0 = acm_xasprintf("%s-%s.tar.gz", info->name, info->version);
		if (opt_tarball_dir && !acm_opt.dry_run && !acm_opt.check) {
			if ((rc = acm_source_write_tarball(src, opt_tarball_dir, &tarball)))
				goto out;
		} else if (opt_tarball_dir) {
			tarball = acm_xasprintf("%s/%s", opt_tarball_dir, source0);
		} else {
			acm_info("Source0 is %s: write it with --tarball-dir DIR", source0);
		}
	}
	if (opt_tarball_dir && info->kind == ACM_SOURCE_TARBALL)
		acm_warn("--tarball-dir: '%s' is already a tarball and is Source0 as it is", arg);

	packager = opt_packager ? acm_xstrdup(opt_packager) : acm_pkgmeta_packager();
	char *setup_dir = info->kind == ACM_SOURCE_TARBALL ? (char *)info->topdir : NULL;
	char *nv = acm_xasprintf("%s-%s", info->name, info->version);
	struct acm_spec sp = {
		.src = info, .det = &det, .name = info->name, .version = info->version,
		.release = opt_release ? opt_release : "1", .summary = opt_summary, .license = opt_license,
		.url = opt_url, .source0 = source0, .setup_dir = info->kind == ACM_SOURCE_TARBALL ? setup_dir : nv,
		.packager = packager, .date = epoch >= 0 ? epoch : (long long)time(NULL),
	};
	int trial_rc = 0;
	if (!opt_no_probe) {
		unsigned probe_flags = opt_no_cache ? ACM_SPECPROBE_NO_CACHE : 0;
		sp.probe = true;
		/* each build system the source has, until one builds a payload */
		rc = acm_specprobe_trial(src, &sp, &det, &files, probe_flags);
		sp.probe = false;
		/* a failed trial still leaves the admin a spec to edit (globs for
		 * %files), marked, and the exit says it did not build */
		if (rc == ACM_EX_DATAERR) {
			trial_rc = rc;
			rc = 0;
		}
		if (rc) {
			free(nv);
			goto out;
		}
		sp.files = trial_rc ? NULL : &files;
		if (!trial_rc)   /* what the trial's configure found and used */
			acm_configfacts_merge(&det, &files.found);
	}
	int fixmes = 0;
	text = acm_spec_write(&sp, &fixmes);
	free(nv);
	if (!text) {   /* a value from the source cannot go into a spec: said why */
		rc = ACM_EX_DATAERR;
		goto out;
	}
	if (trial_rc) {
		char *marked = acm_xasprintf("# FIXME: specgen's trial build of this spec failed; fix %%build/%%install "
					     "(see specgen(1), Trial build) and check %%files\n%s", text);
		free(text);
		text = marked;
		fixmes++;
	}
	len = strlen(text);
	if (fixmes)
		acm_warn("the spec has %d FIXME comment%s to resolve before it is final", fixmes, fixmes > 1 ? "s" : "");
	if (opt_license) {
		license = acm_xstrdup(opt_license);
	} else {
		struct acm_buf lb = ACM_BUF_INIT;
		for (size_t i = 0; i < det.licenses.n && !det.unknown_license_files.n; i++)
			acm_buf_addf(&lb, "%s%s", i ? " AND " : "", det.licenses.v[i]);
		license = lb.data ? acm_buf_steal(&lb) : acm_xstrdup("");
	}
	rc = emit(text, len, info, &det, license, tarball);
	if (!rc && trial_rc) {
		acm_err("'%s': the spec %s does not build as it is (its trial build failed); edit it", arg,
			opt_output ? opt_output : "on stdout");
		rc = trial_rc;
	}
out:
	acm_install_list_free(&files);
	acm_detect_free(&det);
	acm_source_close(src);
	free(text);
	free(tarball);
	free(packager);
	free(license);
	free(source0);
	poptFreeContext(ctx);
	return rc;
}

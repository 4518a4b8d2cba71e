/* kbuild - build a kernel as RPMs (kernel-ml to sit beside the distribution's
 * kernel, kernel to replace it) from a tarball, directory or git source and a
 * configuration, with a -devel package that builds out-of-tree modules. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "buf.h"
#include "distro.h"
#include "exitcodes.h"
#include "fileio.h"
#include "kconfig.h"
#include "kspec.h"
#include "lock.h"
#include "msg.h"
#include "opts.h"
#include "record.h"
#include "repo.h"
#include "rpmbuild.h"
#include "run.h"
#include "source.h"

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
	{ "release", 0, POPT_ARG_STRING, &opt_release, 0, "RPM release (default 1)", "N" },
	{ "localversion", 0, POPT_ARG_STRING, &opt_localversion, 0,
	  "appended to the release, so to uname -r (e.g. .acm)", "STR" },
	{ "headers", 0, POPT_ARG_NONE, &opt_headers, 0,
	  "also build NAME-headers (the user-space API headers)", NULL },
	{ "jobs", 'j', POPT_ARG_INT, &opt_jobs, 0, "parallel make jobs (default: CPUs)", "N" },
	{ "topdir", 0, POPT_ARG_STRING, &opt_topdir, 0,
	  "rpmbuild tree (default: rpm's %_topdir)", "DIR" },
	{ "ccache", 0, POPT_ARG_NONE, &opt_ccache, 0, "compile through ccache", NULL },
	{ "ref", 0, POPT_ARG_STRING, &opt_ref, 0,
	  "git SOURCE: tag, branch or commit to build (default HEAD)", "REF" },
	{ "spec-only", 0, POPT_ARG_NONE, &opt_spec_only, 0,
	  "print the spec that would be built and stop", NULL },
	{ "repo", 0, POPT_ARG_STRING, &opt_repo, 0,
	  "copy the built RPMs into DIR and refresh its metadata (createrepo_c)", "DIR" },
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "kbuild",
	.args = "[OPTIONS] SOURCE",
	.summary = "Build a kernel as RPMs (image, modules, -devel for out-of-tree modules) "
		   "from a tarball, directory or git SOURCE.",
	.options = options,
	.notes = "--check is not meaningful for kbuild (a build always produces new packages)\n"
		 "and is refused. Records on stdout: one per package (rpm= name= version=\n"
		 "release= arch=), then kver= spec= config= log=.\n"
		 "Exit status: 65 not a kernel tree, bad fragment or config target; 66 missing\n"
		 "input; 69 rpmbuild, compiler or build tool missing; 70 the build failed\n"
		 "(log kept); see kbuild(1).",
	.flags = ACM_TOOL_NO_CHECK,
	.min_args = 1,
	.max_args = 1,
};

/* ---- small helpers ----------------------------------------------------- */

static const char *pkg_name(const char *tool_name, const char *deb, const char *el)
{
	struct acm_distro d;
	const char *p;

	acm_distro_detect(&d);
	p = acm_distro_package_for(d.family, tool_name);
	if (p)
		return p;
	return d.family == ACM_DISTRO_DEBIAN ? deb : el;
}

/* The programs the kernel's build needs before it can even configure. */
static int check_build_tools(void)
{
	static const struct { const char *prog, *deb, *el; } need[] = {
		{ "gcc", "gcc", "gcc" }, { "make", "make", "make" }, { "flex", "flex", "flex" },
		{ "bison", "bison", "bison" }, { "bc", "bc", "bc" }, { "perl", "perl", "perl" },
	};

	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		if (!acm_have_program(need[i].prog)) {
			acm_err("'%s' not found: the kernel build needs it; install the '%s' package "
				"(scripts/install-deps does)", need[i].prog,
				pkg_name(need[i].prog, need[i].deb, need[i].el));
			return ACM_EX_UNAVAILABLE;
		}
	}
	return acm_rpmbuild_available();
}

/* Headers and tools some configurations need (objtool: libelf; module
 * signing and certificates: openssl; BTF: pahole). */
static int check_config_needs(const struct acm_kconfig *kc)
{
	const char *v;

	v = acm_kconfig_get(kc, "CONFIG_OBJTOOL");
	if (((v && strcmp(v, "y") == 0) ||
	     ((v = acm_kconfig_get(kc, "CONFIG_STACK_VALIDATION")) && strcmp(v, "y") == 0)) &&
	    !acm_exists("/usr/include/gelf.h") && !acm_exists("/usr/include/libelf/gelf.h")) {
		acm_err("this configuration builds objtool, which needs libelf's headers; install '%s'",
			pkg_name("libelf", "libelf-dev", "elfutils-libelf-devel"));
		return ACM_EX_UNAVAILABLE;
	}
	if ((((v = acm_kconfig_get(kc, "CONFIG_MODULE_SIG")) && strcmp(v, "y") == 0) ||
	     ((v = acm_kconfig_get(kc, "CONFIG_SYSTEM_TRUSTED_KEYRING")) && strcmp(v, "y") == 0)) &&
	    !acm_exists("/usr/include/openssl/opensslv.h")) {
		acm_err("this configuration signs modules or embeds certificates, which needs "
			"OpenSSL's headers; install '%s'", pkg_name("openssl", "libssl-dev", "openssl-devel"));
		return ACM_EX_UNAVAILABLE;
	}
	if ((v = acm_kconfig_get(kc, "CONFIG_DEBUG_INFO_BTF")) && strcmp(v, "y") == 0 &&
	    !acm_have_program("pahole")) {
		acm_err("this configuration has CONFIG_DEBUG_INFO_BTF, which needs pahole; install '%s'",
			pkg_name("pahole", "dwarves", "dwarves"));
		return ACM_EX_UNAVAILABLE;
	}
	return 0;
}

static int read_input(const char *path, const char *what, char **data)
{
	int r = acm_read_file(path, data, NULL, 64u << 20);

	if (r < 0) {
		acm_err("'%s': cannot read the %s: %s", path, what, strerror(-r));
		return acm_exit_from_errno_in(-r);
	}
	return 0;
}

/* Safe for a spec line and a file name: no white space, '%' or quotes. */
static bool spec_safe(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("-._+~", *s)))
			return false;
	return true;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s && s[1] ? s + 1 : p;
}

static char *changelog_date(void)
{
	char buf[64];
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
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

	if (p && *p)
		return p;
	free(p);
	user = getenv("USER");
	if (!user || !*user)
		user = "root";
	if (gethostname(host, sizeof host - 1) < 0 || !*host)
		snprintf(host, sizeof host, "localhost");
	return acm_xasprintf("%s <%s@%s>", user, user, host);
}

/* ---- finding the kernel's Makefile without extracting ------------------- */

struct find_makefile {
	char *text;
};

static int find_makefile_cb(const struct acm_source_entry *e, void *ud)
{
	struct find_makefile *fm = ud;

	if (!e) { /* the walk restarts (no single top directory) */
		free(fm->text);
		fm->text = NULL;
		return 0;
	}
	if (!fm->text && e->type == ACM_SOURCE_FILE && strcmp(e->path, "Makefile") == 0) {
		size_t len;
		int rc = acm_source_read(e, &fm->text, &len, 16384);

		/* keep walking: a tarball's top directory is known only at the end */
		return rc;
	}
	return 0;
}

static int kernel_version(const char *arg, const char *text, struct acm_kmakefile *mk)
{
	if (!text || acm_kmakefile_parse(text, mk) < 0) {
		acm_err("'%s': not a kernel source tree (no top Makefile with VERSION and PATCHLEVEL); "
			"give a kernel tarball, directory or git repository", arg);
		return ACM_EX_DATAERR;
	}
	return 0;
}

/* ---- the configuration ------------------------------------------------- */

struct kcfg_ctx {
	const char *tree, *karch, *log;
	const char *extraversion; /* as the spec's %prep sets it, so the .config header matches */
	int jobs;
};

static int kmake(const struct kcfg_ctx *c, const char *target)
{
	char jobs[32];
	char arch[64];
	char extra[128];
	const char *argv[] = { "make", jobs, arch, extra, "LOCALVERSION=", target, NULL };
	struct acm_run r = { 0 };
	int rc;

	snprintf(jobs, sizeof jobs, "-j%d", c->jobs);
	snprintf(arch, sizeof arch, "ARCH=%s", c->karch);
	snprintf(extra, sizeof extra, "EXTRAVERSION=%s", c->extraversion);
	r.argv = argv;
	r.cwd = c->tree;
	r.log_path = c->log;
	acm_verbose("running in %s: make %s %s %s LOCALVERSION= %s", c->tree, jobs, arch, extra, target);
	rc = acm_run(&r, ACM_EX_DATAERR);
	acm_run_free(&r);
	return rc;
}

/* make's "***" lines (the kernel's own error message), else the log's tail */
static void show_make_error(const char *log)
{
	char *text = NULL;
	int shown = 0;

	if (acm_read_file(log, &text, NULL, 64u << 20) == 0) {
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
			if (strstr(line, "***")) {
				fprintf(stderr, "%s\n", line);
				shown++;
			}
		}
	}
	free(text);
	if (!shown) {
		char *tail = acm_tail_file(log, 15);

		if (tail)
			fputs(tail, stderr);
		free(tail);
	}
}

static int write_text(const char *path, const char *text)
{
	return acm_write_file_atomic(path, text, strlen(text), 0644);
}

/* Produce tree/.config: base from --config or a kconfig target, fragments
 * merged on top, LOCALVERSION cleared (uname -r is set by the spec), then
 * olddefconfig; fragment values that did not survive are an error. */
static int make_config(const struct kcfg_ctx *c, const struct acm_kconfig *frags, size_t nfrag,
		       const char *const *frag_names)
{
	char *cfg = acm_xasprintf("%s/.config", c->tree);
	char *text = NULL, *merged;
	struct acm_kconfig final = { 0 };
	int rc;
	const char *v;

	char *incfg = acm_xasprintf("%s/include/config", c->tree);
	bool configured = acm_exists(cfg) || acm_exists(incfg);

	free(incfg);
	if (configured) {
		/* a source directory that was configured in place: start clean */
		rc = kmake(c, "mrproper");
		if (rc)
			goto fail_make;
	}
	if (opt_config) {
		rc = read_input(opt_config, "configuration", &text);
		if (rc)
			goto out;
		rc = write_text(cfg, text);
		free(text);
		text = NULL;
		if (rc)
			goto out;
		rc = kmake(c, "olddefconfig");
	} else {
		rc = kmake(c, opt_target ? opt_target : "defconfig");
	}
	if (rc)
		goto fail_make;

	rc = read_input(cfg, "configuration the kernel wrote", &text);
	if (rc)
		goto out;
	for (size_t i = 0; i < nfrag; i++) {
		merged = acm_kconfig_merge(text, &frags[i]);
		free(text);
		text = merged;
		acm_verbose("merged fragment %s", frag_names[i]);
	}
	{
		struct acm_kconfig base = { 0 };

		if (acm_kconfig_parse(text, &base, NULL) == 0) {
			v = acm_kconfig_get(&base, "CONFIG_LOCALVERSION");
			if (v && strcmp(v, "\"\"") != 0)
				acm_warn("CONFIG_LOCALVERSION=%s cleared: the release and --localversion "
					 "make uname -r", v);
			acm_kconfig_free(&base);
		}
	}
	merged = acm_kconfig_set(text, "CONFIG_LOCALVERSION", "\"\"");
	free(text);
	text = acm_kconfig_set(merged, "CONFIG_LOCALVERSION_AUTO", "n");
	free(merged);
	rc = write_text(cfg, text);
	free(text);
	text = NULL;
	if (rc)
		goto out;
	rc = kmake(c, "olddefconfig");
	if (rc)
		goto fail_make;

	rc = read_input(cfg, "configuration the kernel wrote", &text);
	if (rc)
		goto out;
	if (acm_kconfig_parse(text, &final, NULL) < 0) {
		acm_err("'%s': the kernel wrote a configuration kbuild cannot read", cfg);
		rc = ACM_EX_SOFTWARE;
		goto out;
	}
	for (size_t i = 0; i < nfrag; i++) {
		char **lost = acm_kconfig_lost(&final, &frags[i]);

		if (lost) {
			for (size_t k = 0; lost[k]; k++) {
				acm_err("'%s': %s", frag_names[i], lost[k]);
				free(lost[k]);
			}
			free(lost);
			acm_err("'%s': the kernel's kconfig did not keep these settings; turn on what "
				"they depend on in the fragment (see 'make menuconfig' help)", frag_names[i]);
			rc = ACM_EX_DATAERR;
		}
	}
	if (!rc)
		rc = check_config_needs(&final);
	goto out;

fail_make:
	if (rc == ACM_EX_DATAERR) {
		show_make_error(c->log);
		acm_err("the kernel's configuration step failed (%s); whole log in '%s'",
			opt_config ? "olddefconfig" : opt_target ? opt_target : "defconfig", c->log);
	}
out:
	acm_kconfig_free(&final);
	free(text);
	free(cfg);
	return rc;
}

/* ---- copying the source tarball into SOURCES --------------------------- */

static int copy_file(const char *src, const char *dst)
{
	struct acm_atomic a = { 0 };
	char buf[1 << 16];
	ssize_t n;
	FILE *in = fopen(src, "rb");
	int rc;

	if (!in) {
		int e = errno;

		acm_err("'%s': %s", src, strerror(e));
		return acm_exit_from_errno_in(e);
	}
	rc = acm_atomic_open(&a, dst, 0644);
	if (rc) {
		fclose(in);
		return rc;
	}
	while ((n = (ssize_t)fread(buf, 1, sizeof buf, in)) > 0) {
		if (acm_write_all(a.fd, buf, (size_t)n) < 0) {
			acm_err("cannot write '%s': %s", dst, strerror(errno));
			acm_atomic_abort(&a);
			fclose(in);
			return ACM_EX_IOERR;
		}
	}
	if (ferror(in)) {
		acm_err("cannot read '%s'", src);
		acm_atomic_abort(&a);
		fclose(in);
		return ACM_EX_IOERR;
	}
	fclose(in);
	return acm_atomic_commit(&a);
}

static int rm_tree(const char *path)
{
	const char *argv[] = { "rm", "-rf", "--one-file-system", "--", path, NULL };

	if (!acm_exists(path))
		return 0;
	return acm_run_capture(argv, NULL);
}

/* ---- the unpacked tree ------------------------------------------------
 * The configuration step needs the whole tree. Unpacking a kernel takes a
 * while, so the copy of a tarball or git commit stays in WORK/src with a
 * stamp saying what it is; the next run with the same SOURCE reuses it (its
 * configuration is cleaned with mrproper first). A directory SOURCE can
 * change under us and is always copied afresh. */

static char *source_identity(const struct acm_source_info *si, const char *arg)
{
	struct stat st;

	if (si->kind == ACM_SOURCE_GIT && si->commit)
		return acm_xasprintf("git %s %s\n", arg, si->commit);
	if (si->kind == ACM_SOURCE_TARBALL && stat(arg, &st) == 0)
		return acm_xasprintf("tarball %s %lld %lld %llu %llu\n", arg, (long long)st.st_size,
				     (long long)st.st_mtime, (unsigned long long)st.st_dev,
				     (unsigned long long)st.st_ino);
	return NULL;
}

static int unpack(struct acm_source *src, const char *arg, const char *work, char **tree,
		  bool *keep)
{
	char *scratch = acm_xasprintf("%s/src", work);
	char *stamp = acm_xasprintf("%s/src.stamp", work);
	char *id = source_identity(acm_source_info(src), arg);
	char *old = NULL;
	int rc = 0;

	*keep = id != NULL;
	if (id && acm_read_file(stamp, &old, NULL, 8192) == 0) {
		char *nl = strchr(old, '\n');

		/* the stamp: the identity line, then the tree's directory */
		if (nl && strncmp(old, id, strlen(id)) == 0 && nl[1] && acm_is_dir(nl + 1)) {
			*tree = acm_xstrdup(nl + 1);
			acm_info("reusing the unpacked %s in %s", arg, *tree);
			goto out;
		}
	}
	unlink(stamp);
	rm_tree(scratch);
	acm_info("unpacking %s", arg);
	rc = acm_source_extract(src, scratch, tree);
	if (rc == 0 && id) {
		char *text = acm_xasprintf("%s%s", id, *tree);

		if (acm_write_file_atomic(stamp, text, strlen(text), 0644) != 0)
			*keep = false;
		free(text);
	}
out:
	free(old);
	free(id);
	free(stamp);
	free(scratch);
	return rc;
}

/* ---- main -------------------------------------------------------------- */

int main(int argc, const char **argv)
{
	poptContext ctx;
	int nargs, rc;
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	const char *arg = args[0];
	struct acm_source_opts sopts = { 0 };
	struct acm_source *src = NULL;
	struct acm_kconfig *frags = NULL;
	size_t nfrag = 0, i;
	struct acm_kmakefile mk;
	struct acm_kspec ks = { 0 };
	char *rpm_arch = NULL, *dist = NULL, *version = NULL, *release = NULL, *kver = NULL;
	char *topdir = NULL, *work = NULL, *tree = NULL, *spec_text = NULL;
	char *source0 = NULL, *setup_dir = NULL, *config_name = NULL, *config_origin = NULL;
	char *spec_path = NULL, *config_path = NULL, *log = NULL, *cfglog = NULL;
	char *date = NULL, *pkgr = NULL, *lockpath = NULL, *extra = NULL;
	struct acm_lock lock = { -1, NULL };
	bool keep_tree = false;
	struct acm_rpmbuild b = { 0 };
	struct acm_rpm_info *info = NULL;
	struct acm_repo_result repo = { 0 };

	/* ---- arguments */
	if (!opt_name)
		opt_name = acm_xstrdup("kernel-ml");
	if (!opt_release)
		opt_release = acm_xstrdup("1");
	if (!acm_kspec_valid_name(opt_name))
		acm_usage_error("'%s': not a usable package name; use letters, digits and -._+", opt_name);
	if (!acm_kspec_valid_release(opt_release))
		acm_usage_error("'%s': not a usable release; use letters, digits and ._+~ (no '-')",
				opt_release);
	if (opt_localversion && *opt_localversion && !acm_kspec_valid_release(opt_localversion))
		acm_usage_error("'%s': not a usable local version; use letters, digits and ._+~ "
				"(no '-': uname -r must stay VERSION-RELEASE.ARCH)", opt_localversion);
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
	if (opt_ccache && !acm_have_program("ccache")) {
		acm_err("--ccache: ccache not found; install the '%s' package",
			pkg_name("ccache", "ccache", "ccache"));
		rc = ACM_EX_UNAVAILABLE;
		goto out;
	}
	release = acm_xasprintf("%s%s", opt_release, opt_localversion ? opt_localversion : "");
	if (!acm_kspec_valid_release(release))
		acm_usage_error("'%s': release and local version together are too long", release);

	/* ---- inputs exist and parse, before anything slow */
	if (opt_config && !acm_exists(opt_config)) {
		acm_err("'%s': no such configuration file; give an existing .config "
			"(e.g. /boot/config-$(uname -r))", opt_config);
		rc = ACM_EX_NOINPUT;
		goto out;
	}
	for (i = 0; opt_fragments && opt_fragments[i]; i++) {
		char *text = NULL;
		int bad = 0;

		rc = read_input(opt_fragments[i], "fragment", &text);
		if (rc) {
			if (rc == ACM_EX_NOINPUT)
				acm_err("'%s': give an existing file of CONFIG_ lines", opt_fragments[i]);
			goto out;
		}
		frags = acm_xrealloc(frags, (nfrag + 1) * sizeof *frags);
		if (acm_kconfig_parse(text, &frags[nfrag], &bad) < 0) {
			acm_err("'%s': line %d is not a CONFIG_NAME=value or '# CONFIG_NAME is not set' "
				"line; fix the fragment", opt_fragments[i], bad);
			free(text);
			rc = ACM_EX_DATAERR;
			goto out;
		}
		free(text);
		nfrag++;
	}

	rpm_arch = acm_rpm_eval("%{_target_cpu}");
	if (!rpm_arch || !*rpm_arch) {
		acm_err("rpm not found; install the '%s' package (scripts/install-deps does)",
			pkg_name("rpm", "rpm", "rpm"));
		rc = ACM_EX_UNAVAILABLE;
		goto out;
	}
	if (!acm_kernel_arch(rpm_arch)) {
		acm_err("'%s': kbuild does not know the kernel's ARCH for this rpm arch", rpm_arch);
		rc = ACM_EX_UNAVAILABLE;
		goto out;
	}
	dist = acm_rpm_eval("%{?dist}");
	if (dist && !spec_safe(dist) && *dist) {
		acm_err("'%s': rpm's %%dist cannot be part of a kernel release", dist);
		rc = ACM_EX_CONFIG;
		goto out;
	}

	sopts.ref = opt_ref;
	rc = acm_source_open(&src, arg, &sopts);
	if (rc)
		goto out;
	const struct acm_source_info *si = acm_source_info(src);

	if (opt_ref && si->kind != ACM_SOURCE_GIT)
		acm_usage_error("--ref is for a git SOURCE; '%s' is not one", arg);

	/* ---- the version: from the Makefile, read in place (spec-only, dry
	 * run) or from the extracted tree */
	if (opt_spec_only || acm_opt.dry_run) {
		struct find_makefile fm = { NULL };

		rc = acm_source_walk(src, find_makefile_cb, &fm);
		if (rc) {
			free(fm.text);
			goto out;
		}
		rc = kernel_version(arg, fm.text, &mk);
		free(fm.text);
		if (rc)
			goto out;
	} else {
		char *mf, *text = NULL;

		rc = check_build_tools();
		if (rc)
			goto out;
		rc = acm_rpmbuild_topdir(opt_topdir, &topdir);
		if (rc)
			goto out;
		work = acm_xasprintf("%s/BUILD/kbuild-%s", topdir, opt_name);
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
		rc = unpack(src, arg, work, &tree, &keep_tree);
		if (rc)
			goto out;
		mf = acm_xasprintf("%s/Makefile", tree);
		if (acm_read_file(mf, &text, NULL, 4u << 20) < 0)
			text = NULL;
		free(mf);
		rc = kernel_version(arg, text, &mk);
		free(text);
		if (rc)
			goto out;
	}

	version = acm_kmakefile_rpm_version(&mk);
	extra = acm_xstrdup(version + strlen(mk.version) + 1 + strlen(mk.patchlevel) +
			    (mk.sublevel[0] ? 1 + strlen(mk.sublevel) : 0));
	si = acm_source_info(src);

	/* ---- Source0 and the directory %setup enters */
	if (si->kind == ACM_SOURCE_TARBALL) {
		source0 = acm_xstrdup(base_name(arg));
		setup_dir = si->topdir ? acm_xstrdup(si->topdir) : NULL;
	} else {
		source0 = acm_xasprintf("%s-%s.tar.gz", si->name, si->version);
		setup_dir = acm_xasprintf("%s-%s", si->name, si->version);
	}
	if (!spec_safe(source0) || (setup_dir && !spec_safe(setup_dir))) {
		acm_err("'%s': its name or top directory ('%s') has characters a spec cannot carry; "
			"rename it (letters, digits, -._+~)", arg, setup_dir ? setup_dir : source0);
		rc = ACM_EX_DATAERR;
		goto out;
	}
	config_name = acm_xasprintf("%s-%s-%s.%s.config", opt_name, version, release, rpm_arch);
	if (opt_config)
		config_origin = acm_xasprintf("the configuration %s", base_name(opt_config));
	else
		config_origin = acm_xasprintf("make %s", opt_target ? opt_target : "defconfig");
	if (nfrag) {
		char *t = acm_xasprintf("%s and %zu fragment%s", config_origin, nfrag, nfrag > 1 ? "s" : "");

		free(config_origin);
		config_origin = t;
	}
	date = changelog_date();
	pkgr = packager();

	ks.name = opt_name;
	ks.version = version;
	ks.kextra = extra;
	ks.release = release;
	ks.rpm_arch = rpm_arch;
	ks.source0 = source0;
	ks.setup_dir = setup_dir;
	ks.config_source = config_name;
	ks.origin = arg;
	ks.config_origin = config_origin;
	ks.packager = pkgr;
	ks.date = date;
	ks.headers = opt_headers;
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
		rc = 0;
		goto out;
	}
	if (acm_opt.dry_run) {
		struct acm_record *r;
		const char *steps[][2] = {
			{ "config", opt_config ? opt_config : opt_target ? opt_target : "defconfig" },
			{ "source0", source0 },
			{ "spec", opt_name },
			{ "rpmbuild", "-ba" },
		};

		for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
			r = acm_record_new();
			acm_record_str(r, "would", steps[i][0]);
			acm_record_str(r, "what", steps[i][1]);
			acm_record_emit(r, stdout);
		}
		if (opt_repo) {
			r = acm_record_new();
			acm_record_str(r, "would", "repo");
			acm_record_str(r, "what", opt_repo);
			acm_record_emit(r, stdout);
		}
		r = acm_record_new();
		acm_record_str(r, "kver", kver);
		acm_record_emit(r, stdout);
		rc = 0;
		goto out;
	}

	/* ---- configure */
	cfglog = acm_xasprintf("%s/config.log", work);
	{
		struct kcfg_ctx c = { tree, acm_kernel_arch(rpm_arch), cfglog,
				      kver + strlen(version) - strlen(extra), opt_jobs };
		FILE *f = fopen(cfglog, "w");

		if (f)
			fclose(f);
		acm_info("configuring (%s)", config_origin);
		rc = make_config(&c, frags, nfrag, opt_fragments);
		if (rc)
			goto out;
	}

	/* ---- sources, config and spec into the rpmbuild tree */
	{
		char *from = acm_xasprintf("%s/.config", tree), *text = NULL;
		char *s0 = acm_xasprintf("%s/SOURCES/%s", topdir, source0);

		config_path = acm_xasprintf("%s/SOURCES/%s", topdir, config_name);
		rc = read_input(from, "configuration", &text);
		if (!rc)
			rc = write_text(config_path, text);
		free(text);
		free(from);
		if (!rc) {
			if (si->kind == ACM_SOURCE_TARBALL)
				rc = copy_file(arg, s0);
			else
			{
				char *sources = acm_xasprintf("%s/SOURCES", topdir);

				rc = acm_source_write_tarball(src, sources, NULL);
				free(sources);
			}
		}
		free(s0);
		if (rc)
			goto out;
	}
	spec_path = acm_xasprintf("%s/SPECS/%s.spec", topdir, opt_name);
	rc = write_text(spec_path, spec_text);
	if (rc)
		goto out;
	/* the unpacked copy served the configuration; rpmbuild unpacks its own.
	 * A tarball's or a git commit's copy is kept for the next run. */
	if (!keep_tree)
		rm_tree(tree);

	/* ---- build */
	log = acm_xasprintf("%s/build.log", work);
	{
		char *smp = acm_xasprintf("_smp_mflags -j%d", opt_jobs);
		const char *defs[3] = { smp, NULL, NULL };

		if (opt_ccache)
			defs[1] = "kbuild_cc ccache gcc";
		b.spec = spec_path;
		b.topdir = topdir;
		b.stage = "-ba";
		b.defines = defs;
		b.log_path = log;
		b.what = "kernel build";
		b.progress = true;
		acm_info("building %s %s (log: %s)", opt_name, kver, log);
		rc = acm_rpmbuild_run(&b);
		free(smp);
		if (rc)
			goto out;
	}
	info = acm_xcalloc(b.n_built, sizeof *info);
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

		acm_record_str(r, "rpm", info[i].path);
		acm_record_str(r, "name", info[i].name);
		acm_record_str(r, "version", info[i].version);
		acm_record_str(r, "release", info[i].release);
		acm_record_str(r, "arch", info[i].arch);
		if (opt_repo && acm_repo_result_path(&repo, info[i].path))
			acm_record_str(r, "repo", acm_repo_result_path(&repo, info[i].path));
		acm_record_emit(r, stdout);
	}
	{
		struct acm_record *r = acm_record_new();

		acm_record_str(r, "kver", kver);
		acm_record_str(r, "spec", spec_path);
		acm_record_str(r, "config", config_path);
		acm_record_str(r, "log", log);
		acm_record_emit(r, stdout);
	}
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
	if (src)
		acm_source_close(src);
	for (i = 0; i < nfrag; i++)
		acm_kconfig_free(&frags[i]);
	free(frags);
	free(rpm_arch);
	free(dist);
	free(version);
	free(extra);
	free(release);
	free(kver);
	free(topdir);
	free(work);
	free(tree);
	free(spec_text);
	free(source0);
	free(setup_dir);
	free(config_name);
	free(config_origin);
	free(spec_path);
	free(config_path);
	free(log);
	free(cfglog);
	free(date);
	free(pkgr);
	free(lockpath);
	poptFreeContext(ctx);
	return rc;
}

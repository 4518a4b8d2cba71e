/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpmenv.c - rpmbuild tree + managed ~/.rpmmacros block + toolchain check. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "distro.h"
#include "exitcodes.h"
#include "fileio.h"
#include "managed.h"
#include "msg.h"
#include "record.h"
#include "rpmenv.h"
#include "run.h"

const char *const acm_rpmenv_subdirs[] = { "BUILD", "BUILDROOT", "RPMS", "SOURCES", "SPECS", "SRPMS", NULL };

const char *acm_rpmenv_define_error(const char *def)
{
	const char *p = def, *name;
	size_t nlen;

	if (*p == '%')
		p++;
	name = p;
	while (*p && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	nlen = (size_t)(p - name);
	if (nlen == 0)
		return "it must be 'NAME VALUE', e.g. '_smp_mflags -j4'";
	if (isdigit((unsigned char)name[0]))
		return "a macro name cannot start with a digit";
	if (nlen < 3)
		return "rpm macro names have at least 3 characters";
	if (*p != ' ' && *p != '\t')
		return *p ? "the macro name may hold only letters, digits and '_'"
			  : "a value is missing: it must be 'NAME VALUE'";
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return "a value is missing: it must be 'NAME VALUE'";
	if (strpbrk(p, "\n\r"))
		return "the value must be one line";
	if (p[strlen(p) - 1] == '\\')
		return "the value must not end in a backslash (it would continue onto the next line)";
	if (nlen == 7 && strncmp(name, "_topdir", 7) == 0)
		return "use --topdir to set %_topdir";
	return NULL;
}

char *acm_rpmenv_block_body(const char *topdir, const char *const *defines)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_addf(&b, "%%_topdir %s\n", topdir);
	for (size_t i = 0; defines && defines[i]; i++) {
		const char *d = defines[i];
		size_t nlen;
		if (*d == '%')
			d++;
		nlen = strcspn(d, " \t");
		const char *v = d + nlen + strspn(d + nlen, " \t");
		acm_buf_addf(&b, "%%%.*s %s\n", (int)nlen, d, v);
	}
	return acm_buf_steal(&b);
}

int acm_rpmenv_version_code(const char *out, char *ver, int verlen)
{
	int a = 0, b = 0, c = 0;
	const char *p = out ? strstr(out, "version ") : NULL;
	if (ver && verlen)
		ver[0] = '\0';
	if (!p || sscanf(p + 8, "%d.%d.%d", &a, &b, &c) < 2)
		return 0;
	if (ver)
		snprintf(ver, (size_t)verlen, "%d.%d.%d", a, b, c);
	return a * 10000 + b * 100 + c;
}

static const char *const toolchain[] = { "rpmbuild", "gcc", "make", "tar", "patch", "gzip", "bzip2", "xz", NULL };

static void check_tools(struct acm_rpmenv *e)
{
	struct acm_distro d;
	struct acm_buf miss = ACM_BUF_INIT, pkgs = ACM_BUF_INIT;

	acm_distro_detect(&d);
	for (size_t i = 0; toolchain[i]; i++) {
		if (acm_have_program(toolchain[i]))
			continue;
		const char *pkg = acm_distro_package_for(d.family, toolchain[i]);
		acm_buf_addf(&miss, "%s%s", miss.len ? " " : "", toolchain[i]);
		if (pkg && !strstr(acm_buf_str(&pkgs), pkg))
			acm_buf_addf(&pkgs, "%s%s", pkgs.len ? " " : "", pkg);
	}
	/* EL's rpmbuild needs its macros (%_hardened_build, debuginfo) from here. */
	if ((d.family == ACM_DISTRO_EL || d.family == ACM_DISTRO_FEDORA) &&
	    !acm_exists("/usr/lib/rpm/redhat/macros")) {
		acm_buf_addf(&miss, "%sredhat-rpm-config", miss.len ? " " : "");
		acm_buf_addf(&pkgs, "%sredhat-rpm-config", pkgs.len ? " " : "");
	}
	e->missing = acm_buf_steal(&miss);
	e->packages = acm_buf_steal(&pkgs);
	e->tools_ready = e->missing[0] == '\0';
	if (!e->tools_ready) {
		if (e->packages[0])
			acm_err("missing build tools: %s; install them with: %s %s", e->missing,
				acm_distro_install_cmd(d.family), e->packages);
		else
			acm_err("missing build tools: %s; install them with your package manager", e->missing);
	}
}

static void probe_rpm(struct acm_rpmenv *e)
{
	const char *argv[] = { "rpm", "--version", NULL };
	struct acm_run r = { .argv = argv, .capture_out = true, .capture_err = true };
	int code = 0;

	if (acm_have_program("rpm") && acm_run(&r, ACM_EX_SOFTWARE) == 0)
		code = acm_rpmenv_version_code(acm_buf_str(&r.out), e->rpm_version, sizeof(e->rpm_version));
	acm_run_free(&r);
	e->build_in_place = code >= 41300;
	e->per_package_builddir = code >= 42000;
}

/* rpm, not our reading of the file, says what %_topdir is (values may be
 * %(...) expressions): warn when something later in rpm's macro path wins. */
static void verify_topdir(const struct acm_rpmenv *e)
{
	if (!acm_have_program("rpm"))
		return;
	const char *argv[] = { "rpm", "--load", e->macros, "--eval", "%{_topdir}", NULL };
	struct acm_run r = { .argv = argv, .capture_out = true, .capture_err = true };
	if (acm_run(&r, ACM_EX_SOFTWARE) == 0) {
		char *got = r.out.data;
		got[strcspn(got, "\n")] = '\0';
		if (strcmp(got, e->topdir) != 0)
			acm_warn("rpm evaluates %%_topdir to '%s', not '%s': a later definition overrides "
				 "the block in '%s'", got, e->topdir, e->macros);
	}
	acm_run_free(&r);
}

/* As root, the default ~/.rpmmacros is the user's file: a link from it out
 * of the home is the user pointing root at a file (another user's, or
 * /etc/shadow) that root would read and rewrite with the user's block in it.
 * Only a --macros that names the path on purpose goes through such a link. */
static int check_macros_link(const struct acm_rpmenv *e)
{
	int err = 0, rc = 0;

	if (e->macros_explicit || geteuid() != 0)
		return 0;
	char *t = acm_write_target(e->macros, &err);
	if (!t) {
		acm_err("cannot follow '%s': %s; replace the link with a file", e->macros, strerror(-err));
		return ACM_EX_DATAERR;
	}
	if (strcmp(t, e->macros) == 0) {
		free(t);
		return 0;       /* not a link */
	}
	char *slash = strrchr(t, '/');
	char *dir = slash ? acm_xasprintf("%.*s", slash == t ? 1 : (int)(slash - t), t) : acm_xstrdup(".");
	char *rdir = realpath(dir, NULL), *rhome = realpath(acm_home_dir(), NULL);
	size_t hl = rhome ? strlen(rhome) : 0;
	bool inside = rdir && rhome &&
		(strcmp(rhome, "/") == 0 ||
		 (strncmp(rdir, rhome, hl) == 0 && (rdir[hl] == '\0' || rdir[hl] == '/')));
	if (!inside) {
		acm_err("'%s' is a symbolic link to '%s', outside the home directory '%s': as root "
			"rpmenv-init neither reads nor writes through it; run it as the user, or name "
			"the file with --macros if you mean it", e->macros, t, acm_home_dir());
		rc = ACM_EX_NOPERM;
	}
	free(rdir);
	free(rhome);
	free(dir);
	free(t);
	return rc;
}

/* As root on another user's home, the default macros file is read and
 * written with that user's file rights (fsuid/fsgid = the home's owner):
 * whatever a link in it points at by the time we open it, root never reads
 * what the user could not, and a new file belongs to the user. */
static bool foreign_home(const struct acm_rpmenv *e, struct stat *st)
{
	return !e->macros_explicit && geteuid() == 0 && stat(acm_home_dir(), st) == 0 && st->st_uid != 0;
}

static bool as_home_owner(const struct acm_rpmenv *e)
{
	struct stat st;
	if (!foreign_home(e, &st))
		return false;
	(void)setfsgid(st.st_gid);
	(void)setfsuid(st.st_uid);
	return true;
}

static void back_to_root(bool dropped)
{
	if (!dropped)
		return;
	(void)setfsuid(0);
	(void)setfsgid(0);
}

int acm_rpmenv_apply(struct acm_rpmenv *e)
{
	struct stat st;
	char *body;
	int rc = 0;

	probe_rpm(e);

	/* The tree */
	if (stat(e->topdir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		acm_err("cannot use '%s' as the rpmbuild tree: it exists and is not a directory; "
			"remove it or pass another --topdir", e->topdir);
		return ACM_EX_CANTCREAT;
	}
	/* The macros file, read before the tree is made: one that cannot be used
	 * stops the run before anything has changed */
	if (acm_is_dir(e->macros)) {
		acm_err("cannot use '%s' as the macros file: it is a directory; pass a file with --macros",
			e->macros);
		return ACM_EX_CANTCREAT;
	}
	if ((rc = check_macros_link(e)))
		return rc;
	struct acm_mfile mf;
	bool dropped = as_home_owner(e);
	rc = acm_mfile_load(&mf, e->macros);
	if (!rc) {
		body = acm_rpmenv_block_body(e->topdir, e->defines);
		acm_mfile_set_block(&mf, ACM_RPMENV_BEGIN, ACM_RPMENV_END, body);
		free(body);
		e->macros_ready = mf.present && !acm_mfile_differs(&mf);
		/* a file the run will write: can it be, beside it? */
		if (!e->macros_ready && e->change)
			rc = acm_output_check(e->macros, true);
	}
	back_to_root(dropped);
	if (rc) {
		acm_mfile_free(&mf);
		return rc;
	}

	e->tree_ready = true;
	for (size_t i = 0; acm_rpmenv_subdirs[i]; i++) {
		char *d = acm_xasprintf("%s/%s", e->topdir, acm_rpmenv_subdirs[i]);
		if (!acm_is_dir(d)) {
			e->tree_ready = false;
			if (!e->change) {
				acm_info("would create '%s'", d);
				if (e->plan)
					acm_record_plan("mkdir", d, NULL, NULL);
			} else {
				int m = acm_mkdir_p(d, 0755);
				if (m < 0) {
					acm_err("cannot create '%s': %s; pass a --topdir you can write", d, strerror(-m));
					free(d);
					acm_mfile_free(&mf);
					return acm_exit_from_errno_out(-m) == ACM_EX_NOPERM ? ACM_EX_CANTCREAT
											   : acm_exit_from_errno_out(-m);
				}
				acm_verbose("created '%s'", d);
			}
			e->changed = true;
		}
		free(d);
	}

	dropped = as_home_owner(e);
	if (mf.damaged)
		acm_warn("the managed block in '%s' was damaged (a marker line was removed or "
			 "duplicated by hand); %s", e->macros, e->change ? "repaired it" : "a run would repair it");
	if (!e->macros_ready) {
		e->changed = true;
		if (!e->change)
		{
			acm_info("would %s the managed block in '%s'", mf.present ? "update" : "write", e->macros);
			if (e->plan)
				acm_record_plan("write", e->macros, NULL, NULL);
		} else {
			rc = acm_mfile_apply(&mf);
			if (rc == 0)
				acm_verbose("wrote the managed block in '%s'", e->macros);
		}
	}
	acm_mfile_free(&mf);
	back_to_root(dropped);
	if (rc)
		return rc;
	struct stat hst;
	if (foreign_home(e, &hst))
		/* rpm would expand the user's %(...) macros with root's rights */
		acm_verbose("not asking rpm as root to evaluate '%s': its macros are the user's", e->macros);
	else if (e->change || e->macros_ready)
		verify_topdir(e);

	check_tools(e);
	return 0;
}

void acm_rpmenv_free(struct acm_rpmenv *e)
{
	free(e->missing);
	free(e->packages);
	e->missing = e->packages = NULL;
}

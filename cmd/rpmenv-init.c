/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpmenv-init - create or verify an rpmbuild tree and ~/.rpmmacros, and
 * report missing build tools. */
#include "config.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "opts.h"
#include "record.h"
#include "rpmenv.h"

static char *opt_topdir;
static char *opt_macros;
static const char **opt_defines;

static const struct poptOption options[] = {
	{ "topdir", '\0', POPT_ARG_STRING, &opt_topdir, 0,
	  "the rpmbuild tree to create (default: ~/rpmbuild)", "DIR" },
	{ "macros", '\0', POPT_ARG_STRING, &opt_macros, 0,
	  "the macros file holding the managed block (default: ~/.rpmmacros)", "FILE" },
	{ "define", 'D', POPT_ARG_ARGV, &opt_defines, 0,
	  "also define macro NAME as VALUE in the block (repeatable)", "'NAME VALUE'" },
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "rpmenv-init",
	ACM_TOOL_NO_ARGS("[OPTIONS]"),
	.summary = "Create or verify an rpmbuild tree and the %_topdir block of ~/.rpmmacros,\n"
		   "and name the packages that provide missing build tools.",
	.options = options,
	.notes = "Prints one record: topdir=DIR macros=FILE missing='TOOLS' packages='PKGS'\n"
		 "rpm=VERSION build_in_place=yes|no changed=yes|no, so eval \"$(rpmenv-init)\" works.\n"
		 "Exit status: 69 build tools are missing (the tree and the macros are still set up).\n",
};

static char *absolute(const char *path)
{
	char *p = acm_expand_home(path), cwd[PATH_MAX];
	if (p[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return p;
	char *a = acm_xasprintf("%s/%s", cwd, p);
	free(p);
	return a;
}

int main(int argc, char **argv)
{
	poptContext ctx;
	struct acm_rpmenv e = { 0 };
	struct acm_record *r;
	int rc;

	acm_parse_args(&tool, argc, argv, &ctx, NULL);
	for (size_t i = 0; opt_defines && opt_defines[i]; i++) {
		const char *why = acm_rpmenv_define_error(opt_defines[i]);
		if (why)
			acm_usage_error("--define '%s': %s", opt_defines[i], why);
		for (size_t j = 0; j < i; j++) {
			const char *a = opt_defines[i] + (opt_defines[i][0] == '%');
			const char *b = opt_defines[j] + (opt_defines[j][0] == '%');
			size_t la = strcspn(a, " \t"), lb = strcspn(b, " \t");
			if (la == lb && strncmp(a, b, la) == 0)
				acm_usage_error("--define '%s': macro %.*s is defined twice", opt_defines[i], (int)la, a);
		}
	}
	if (opt_topdir && !*opt_topdir)
		acm_usage_error("--topdir: the directory name is empty");
	if (opt_macros && !*opt_macros)
		acm_usage_error("--macros: the file name is empty");

	char *topdir = absolute(opt_topdir ? opt_topdir : "~/rpmbuild");
	char *macros = acm_expand_home(opt_macros ? opt_macros : "~/.rpmmacros");
	/* rpm macro values are taken to the end of the line; a newline would
	 * end the definition and start another. */
	if (strpbrk(topdir, "\n\r"))
		acm_usage_error("--topdir: the directory name must be one line");

	if (geteuid() == 0)
		acm_warn("running as root: a broken spec can damage the system when built as root; "
			 "build RPMs as a normal user");

	e.topdir = topdir;
	e.macros = macros;
	e.macros_explicit = opt_macros != NULL;
	e.defines = opt_defines;
	e.change = !acm_opt.check && !acm_opt.dry_run;
	e.plan = acm_opt.dry_run;
	rc = acm_rpmenv_apply(&e);
	if (rc == 0) {
		r = acm_record_new();
		acm_record_str(r, "topdir", topdir);
		acm_record_str(r, "macros", macros);
		acm_record_str(r, "missing", e.missing);
		acm_record_str(r, "packages", e.packages);
		acm_record_str(r, "rpm", e.rpm_version);
		acm_record_bool(r, "build_in_place", e.build_in_place);
		acm_record_bool(r, "changed", e.changed);
		acm_record_emit(r, stdout);
		if (acm_opt.check)
			rc = e.changed || !e.tools_ready ? ACM_EX_DIFFERS : ACM_EX_OK;
		else if (!e.tools_ready)
			rc = ACM_EX_UNAVAILABLE;
		else if (!e.changed)
			acm_verbose("nothing to do: the tree and the macros are already as asked");
	}
	acm_rpmenv_free(&e);
	free(topdir);
	free(macros);
	free(opt_topdir);
	free(opt_macros);
	for (size_t i = 0; opt_defines && opt_defines[i]; i++)
		free((char *)opt_defines[i]);
	free(opt_defines);
	poptFreeContext(ctx);
	return rc;
}

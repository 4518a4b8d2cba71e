/* SPDX-License-Identifier: GPL-2.0-or-later */
/* opts.h - the common options every tool shares (one popt table) and the
 * usage/help/version output, so every --help looks alike. */
#ifndef ACM_OPTS_H
#define ACM_OPTS_H

#include <popt.h>

struct acm_common {
	int verbose;    /* -v, count */
	int quiet;      /* -q */
	int dry_run;    /* -n / --dry-run */
	int check;      /* --check */
	int json;       /* --json */
};

extern struct acm_common acm_opt;

/* Flags for struct acm_tool.flags */
#define ACM_TOOL_DRYRUN_LONG_ONLY 0x1 /* -n belongs to the tool (copycds-import): --dry-run only */
#define ACM_TOOL_NO_CHECK         0x2 /* --check is not meaningful: refused with 64 */

struct acm_tool {
	const char *name;          /* program name */
	const char *args;          /* "[OPTIONS] SOURCE" - after the program name in Usage */
	const char *summary;       /* one line: what the tool does */
	const struct poptOption *options; /* tool's own table (NULL-terminated), may be NULL */
	const char *notes;         /* extra text printed after the options, may be NULL */
	int flags;
	int min_args, max_args;    /* positional argument count; max_args < 0: unlimited */
};

/* Table entries for options several tools share, so each means the same
 * and reads the same in every --help. */
#define ACM_OPT_TOPDIR(var) \
	{ "topdir", 0, POPT_ARG_STRING, var, 0, "rpmbuild tree (default: rpm's %_topdir)", "DIR" }
#define ACM_OPT_SPEC_ONLY(var) \
	{ "spec-only", 0, POPT_ARG_NONE, var, 0, "print the spec that would be built and stop", NULL }
/* One rule for --release in every tool (the user of this includes pkgmeta.h) */
#define ACM_OPT_RELEASE(var) \
	{ "release", 0, POPT_ARG_STRING, var, 0, \
	  "package release (default 1): " ACM_PKGMETA_RELEASE_RULE, "N" }
/* verb: what the tool does with the commit ("build", "pack") */
#define ACM_OPT_REF(var, verb) \
	{ "ref", 0, POPT_ARG_STRING, var, 0, \
	  "git SOURCE: tag, branch or commit to " verb " (default HEAD)", "REF" }
/* The package version is --set-version (--version is the tool's own);
 * dflt says where it comes from without one. The note for the tool's
 * notes says so, for prog. */
#define ACM_OPT_SET_VERSION(var, dflt) \
	{ "set-version", 0, POPT_ARG_STRING, var, 0, "package version (default: " dflt ")", "VERSION" }
#define ACM_NOTE_SET_VERSION(prog) \
	"The package version option is --set-version (--version prints " prog "'s own).\n"
/* what: the packages copied ("RPMs", "kmod RPMs") */
#define ACM_OPT_REPO(var, what) \
	{ "repo", 0, POPT_ARG_STRING, var, 0, \
	  "copy the built " what " into DIR and refresh its metadata (createrepo_c)", "DIR" }
/* what: what the tool set up and --remove takes back */
#define ACM_OPT_REMOVE(var, what) { "remove", 0, POPT_ARG_NONE, var, 0, "take away " what, NULL }

/* struct acm_tool initializers for the positional arguments: the tools
 * that take one SOURCE (tarball, directory or git), and those that take
 * none (only options, ARGS is their Usage line). */
#define ACM_TOOL_ONE_SOURCE .args = "[OPTIONS] SOURCE", .min_args = 1, .max_args = 1
#define ACM_TOOL_NO_ARGS(ARGS) .args = ARGS, .min_args = 0, .max_args = 0

/* Parse argv with the tool's options + the common table. Handles -h/--help,
 * --usage and -V/--version (print, exit 0), unknown options and wrong argument
 * counts (message, exit 64). Sets up acm_set_prog/verbosity, close_stdout, and
 * the record output mode. Returns the positional arguments (NULL-terminated,
 * owned by the context) and their count in *nargs. */
const char **acm_parse_args(const struct acm_tool *tool, int argc, char **argv,
			    poptContext *ctx_out, int *nargs);

/* Usage error: "prog: error: ...\nTry 'prog --help' for more information." exit 64. */
_Noreturn void acm_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

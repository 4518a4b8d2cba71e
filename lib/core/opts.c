/* SPDX-License-Identifier: GPL-2.0-or-later */
/* opts.c - the common popt table, help/usage/version output, and argument
 * checks shared by every tool. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "opts.h"
#include "record.h"

struct acm_common acm_opt;

enum { OPT_HELP = 0x4100, OPT_USAGE, OPT_VERSION, OPT_VERBOSE, OPT_QUIET, OPT_DRYRUN, OPT_CHECK, OPT_JSON };

#define CHECK_HELP "change nothing; exit 0 if the system is already as asked, 1 if a run would change it"

/* popt's own POPT_AUTOHELP has no -h; ours does (NOTES.md). */
#define COMMON_TAIL \
	{ "check", '\0', POPT_ARG_NONE, NULL, OPT_CHECK, CHECK_HELP, NULL }, \
	{ "json", '\0', POPT_ARG_NONE, NULL, OPT_JSON, "print records as JSON, one object per line", NULL }, \
	{ "verbose", 'v', POPT_ARG_NONE, NULL, OPT_VERBOSE, "say more about what is done (repeatable)", NULL }, \
	{ "quiet", 'q', POPT_ARG_NONE, NULL, OPT_QUIET, "print only errors on stderr", NULL }, \
	{ "help", 'h', POPT_ARG_NONE, NULL, OPT_HELP, "show this help and exit", NULL }, \
	{ "usage", '\0', POPT_ARG_NONE, NULL, OPT_USAGE, "show a short usage message and exit", NULL }, \
	{ "version", 'V', POPT_ARG_NONE, NULL, OPT_VERSION, "show the version and exit", NULL }, \
	POPT_TABLEEND

static struct poptOption common_short_n[] = {
	{ "dry-run", 'n', POPT_ARG_NONE, NULL, OPT_DRYRUN, "change nothing; print what would be done", NULL },
	COMMON_TAIL
};

static struct poptOption common_long_n[] = {
	{ "dry-run", '\0', POPT_ARG_NONE, NULL, OPT_DRYRUN,
	  "change nothing; print what would be done (long form only: -n is --name)", NULL },
	COMMON_TAIL
};

static const char *usage_tool;

void acm_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	acm_vmsg("error", fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", usage_tool ? usage_tool : acm_prog());
	exit(ACM_EX_USAGE);
}

/* Print text (line breaks in it count as spaces) word-wrapped to 79
 * columns, the first line after first (already printed), later lines
 * indented by indent spaces. */
static void print_wrapped(const char *text, size_t len, size_t col, size_t indent)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *w;
		size_t n;

		while (p < end && (*p == ' ' || *p == '\n'))
			p++;
		if (p == end)
			break;
		for (w = p; w < end && *w != ' ' && *w != '\n'; w++)
			;
		n = (size_t)(w - p);
		if (col > indent && col + 1 + n > 79) {
			printf("\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, n, stdout);
		col += n;
		p = w;
	}
	putchar('\n');
}

/* The tool's own line breaks kept; only a line too long is wrapped. */
static void print_lines(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;

		print_wrapped(p, (size_t)(e - p), 0, 0);
		p = e + 1;
	}
}

#define EXIT_CHECK "1 --check found a difference, "
#define EXIT_TEXT "0 ok, " EXIT_CHECK "64 usage, 65 bad or hostile input, " \
	"66 input missing, 69 a needed program or feature is missing, 70 internal error, " \
	"73 cannot create output, 74 I/O error, 75 locked by another run, 77 permission " \
	"denied, 78 configuration error."

/* A tool's notes may hold a paragraph starting "Exit status:" (its own
 * meaning of some codes): it joins the one Exit status section. */
static const char *exit_paragraph(const char *notes, size_t *len)
{
	const char *p = notes, *e;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, "Exit status:", 12) == 0)
			break;
	if (!p || !*p)
		return NULL;
	e = strstr(p, "\n\n");
	*len = e ? (size_t)(e - p) + 1 : strlen(p);
	return p;
}

static void print_help(poptContext ctx, const struct acm_tool *tool)
{
	const char *notes = tool->notes, *ex;
	size_t exlen = 0;

	print_wrapped(tool->summary, strlen(tool->summary), 0, 0);
	putchar('\n');
	fflush(stdout);
	poptPrintHelp(ctx, stdout, 0);
	ex = notes ? exit_paragraph(notes, &exlen) : NULL;
	if (notes) {
		/* the notes without their exit paragraph, ending in one newline */
		size_t before = ex ? (size_t)(ex - notes) : strlen(notes);
		const char *after = ex ? ex + exlen : "";
		struct { const char *p; size_t n; } part[2] = { { notes, before }, { after, strlen(after) } };
		int printed = 0;

		for (int i = 0; i < 2; i++) {
			while (part[i].n && part[i].p[part[i].n - 1] == '\n')
				part[i].n--;
			if (!part[i].n)
				continue;
			if (!printed)
				putchar('\n');
			print_lines(part[i].p, part[i].n);
			printed = 1;
		}
	}
	fputs("\nExit status:", stdout);
	if (tool->flags & ACM_TOOL_NO_CHECK) {
		/* no --check here, so no status 1: the text without its clause */
		static const char text[] = EXIT_TEXT;
		size_t at = strlen("0 ok, "), skip = strlen(EXIT_CHECK);
		char *t = acm_xasprintf("%.*s%s", (int)at, text, text + at + skip);
		print_wrapped(t, strlen(t), 12, 0);
		free(t);
	} else {
		print_wrapped(EXIT_TEXT, strlen(EXIT_TEXT), 12, 0);
	}
	if (ex) {
		printf("For %s:", tool->name);
		print_wrapped(ex + 12, exlen - 12, strlen(tool->name) + 5, 0);
	}
	printf("\nFor more details see %s(1) and acmtools(7).\n", tool->name);
}

const char **acm_parse_args(const struct acm_tool *tool, int argc, char **argv,
			    poptContext *ctx_out, int *nargs)
{
	/* popt keeps pointers into the table: it must outlive this call. */
	static struct poptOption table[3];
	struct poptOption *t = table;
	const struct poptOption inc_tool = { NULL, '\0', POPT_ARG_INCLUDE_TABLE, (void *)tool->options, 0,
					     "Options:", NULL };
	const struct poptOption inc_common = { NULL, '\0', POPT_ARG_INCLUDE_TABLE,
					       (tool->flags & ACM_TOOL_DRYRUN_LONG_ONLY) ? common_long_n : common_short_n,
					       0, "Common options:", NULL };
	const struct poptOption end = POPT_TABLEEND;
	poptContext ctx;
	const char **args;
	int rc, n = 0, want_help = 0, want_usage = 0, want_version = 0;

	acm_set_prog(tool->name);
	usage_tool = tool->name;
	acm_close_stdout_atexit();
	memset(&acm_opt, 0, sizeof(acm_opt));

	/* where --check has no meaning, the help says so beside it */
	common_short_n[1].descrip = common_long_n[1].descrip =
		(tool->flags & ACM_TOOL_NO_CHECK) ? "has no meaning for this tool: exits 64" : CHECK_HELP;
	if (tool->options) {
		table[0] = inc_tool;
		table[1] = inc_common;
		table[2] = end;
	} else {
		table[0] = inc_common;
		table[1] = end;
	}
	ctx = poptGetContext(tool->name, argc, (const char **)argv, t, 0);
	poptSetOtherOptionHelp(ctx, tool->args ? tool->args : "[OPTIONS]");
	while ((rc = poptGetNextOpt(ctx)) > 0) {
		switch (rc) {
		case OPT_HELP: want_help = 1; break;
		case OPT_USAGE: want_usage = 1; break;
		case OPT_VERSION: want_version = 1; break;
		case OPT_VERBOSE: acm_opt.verbose++; break;
		case OPT_QUIET: acm_opt.quiet = 1; break;
		case OPT_DRYRUN: acm_opt.dry_run = 1; break;
		case OPT_CHECK: acm_opt.check = 1; break;
		case OPT_JSON: acm_opt.json = 1; break;
		default:
			acm_usage_error("option %s is not handled (internal)", poptBadOption(ctx, 0));
		}
	}
	if (rc < -1)
		acm_usage_error("%s: %s", poptBadOption(ctx, POPT_BADOPTION_NOALIAS), poptStrerror(rc));
	/* the context is freed before these exits: leak checkers see no loss */
	if (want_help) {
		print_help(ctx, tool);
		poptFreeContext(ctx);
		exit(ACM_EX_OK);
	}
	if (want_usage) {
		poptPrintUsage(ctx, stdout, 0);
		poptFreeContext(ctx);
		exit(ACM_EX_OK);
	}
	if (want_version) {
		poptFreeContext(ctx);
		printf("%s (%s) %s\n", tool->name, PACKAGE_NAME, PACKAGE_VERSION);
		exit(ACM_EX_OK);
	}

	acm_set_verbosity(acm_opt.quiet ? ACM_QUIET : acm_opt.verbose > 1 ? ACM_DEBUG : acm_opt.verbose);
	acm_record_set_json(acm_opt.json);
	if (acm_opt.check && (tool->flags & ACM_TOOL_NO_CHECK))
		acm_usage_error("--check is not meaningful for %s", tool->name);
	if (acm_opt.check && acm_opt.dry_run)
		acm_usage_error("--check and --dry-run cannot be combined: use one");

	args = poptGetArgs(ctx);
	while (args && args[n])
		n++;
	if (n < tool->min_args)
		acm_usage_error("missing argument: %s %s", tool->name, tool->args ? tool->args : "");
	if (tool->max_args >= 0 && n > tool->max_args)
		acm_usage_error("unexpected argument '%s'", args[tool->max_args]);
	if (!args) {
		static const char *none[] = { NULL };
		args = none;
	}
	*ctx_out = ctx;
	if (nargs)
		*nargs = n;
	return args;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* msg.c - messages on stderr, prefixed with the program name; names and log
 * lines in them come from untrusted media and sources, so every message goes
 * through acm_msg_clean() before it reaches a terminal. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "text.h"

static char prog[64] = "acmtools";
static int verbosity = ACM_NORMAL;

void acm_set_prog(const char *argv0)
{
	const char *base;

	if (!argv0 || !*argv0)
		return;
	base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	snprintf(prog, sizeof(prog), "%s", base);
}

const char *acm_prog(void) { return prog; }
void acm_set_verbosity(int level) { verbosity = level; }
int acm_verbosity(void) { return verbosity; }

char *acm_msg_clean(const char *text)
{
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = text, *nl;
	size_t len = strlen(text);

	/* the message's own line end is ours to write, once */
	while (len && text[len - 1] == '\n')
		len--;
	for (;;) {
		nl = memchr(p, '\n', len - (size_t)(p - text));
		char *line = acm_xasprintf("%.*s", (int)((nl ? nl : text + len) - p), p);
		/* tab stays (log tails); every other control byte is escaped */
		acm_text_escape(&b, line, ACM_TEXT_KEEP_NL);
		free(line);
		if (!nl)
			break;
		/* a later line of the message is indented: text from a name or a log
		 * never starts a line that looks like "prog: error: ..." */
		acm_buf_adds(&b, "\n  ");
		p = nl + 1;
	}
	return acm_buf_steal(&b);
}

void acm_msg_lines(const char *text)
{
	char *clean = acm_msg_clean(text);
	char *out = acm_xasprintf("  %s\n", clean);

	fwrite(out, 1, strlen(out), stderr);
	free(out);
	free(clean);
}

void acm_vmsg(const char *kind, const char *fmt, va_list ap)
{
	static int depth;
	struct acm_buf body = ACM_BUF_INIT;
	char *clean, *line;

	/* only an out-of-memory exit from inside this function comes back here */
	if (depth++) {
		fputs(prog, stderr);
		fputs(": error: out of memory\n", stderr);
		_exit(ACM_EX_SOFTWARE);
	}
	acm_buf_vaddf(&body, fmt, ap);
	clean = acm_msg_clean(acm_buf_str(&body));
	if (kind)
		line = acm_xasprintf("%s: %s: %s\n", prog, kind, clean);
	else
		line = acm_xasprintf("%s: %s\n", prog, clean);
	/* stderr is unbuffered: one write, so concurrent writers (parallel
	 * make) do not interleave the line */
	fwrite(line, 1, strlen(line), stderr);
	free(line);
	free(clean);
	acm_buf_free(&body);
	depth--;
}

void acm_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	acm_vmsg("error", fmt, ap);
	va_end(ap);
}

void acm_die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	acm_vmsg("error", fmt, ap);
	va_end(ap);
	exit(code);
}

/* The talk below an error differs only in the level that silences it and
 * the word that names it. */
#define ACM_MSG_AT_LEVEL(fn, level, kind) \
	void fn(const char *fmt, ...) \
	{ \
		va_list ap; \
		if (verbosity < (level)) \
			return; \
		va_start(ap, fmt); \
		acm_vmsg(kind, fmt, ap); \
		va_end(ap); \
	}

ACM_MSG_AT_LEVEL(acm_warn, ACM_NORMAL, "warning")
ACM_MSG_AT_LEVEL(acm_info, ACM_NORMAL, NULL)
ACM_MSG_AT_LEVEL(acm_verbose, ACM_VERBOSE, NULL)

static void close_stdout(void)
{
	/* A record that never reached the reader is lost data: say so. */
	int failed = ferror(stdout) != 0;
	int err = errno;

	if (fflush(stdout) != 0) {
		failed = 1;
		err = errno;
	}
	if (fclose(stdout) != 0 && !failed && errno != EBADF) {
		failed = 1;
		err = errno;
	}
	if (failed) {
		fprintf(stderr, "%s: error: write error on standard output: %s\n", prog,
			err ? strerror(err) : "unknown error");
		_exit(ACM_EX_IOERR);
	}
}

void acm_close_stdout_atexit(void)
{
	static int done;
	if (!done) {
		done = 1;
		atexit(close_stdout);
	}
}

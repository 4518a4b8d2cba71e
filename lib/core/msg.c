/* msg.c - messages on stderr, prefixed with the program name. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "exitcodes.h"
#include "msg.h"

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

void acm_vmsg(const char *kind, const char *fmt, va_list ap)
{
	/* One fprintf per part, but stderr is unbuffered: build the line first
	 * so concurrent writers (parallel make) do not interleave it. */
	char line[4096];
	int n;

	if (kind)
		n = snprintf(line, sizeof(line), "%s: %s: ", prog, kind);
	else
		n = snprintf(line, sizeof(line), "%s: ", prog);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	fputs(line, stderr);
	fputc('\n', stderr);
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

void acm_warn(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < ACM_NORMAL)
		return;
	va_start(ap, fmt);
	acm_vmsg("warning", fmt, ap);
	va_end(ap);
}

void acm_info(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < ACM_NORMAL)
		return;
	va_start(ap, fmt);
	acm_vmsg(NULL, fmt, ap);
	va_end(ap);
}

void acm_verbose(const char *fmt, ...)
{
	va_list ap;
	if (verbosity < ACM_VERBOSE)
		return;
	va_start(ap, fmt);
	acm_vmsg(NULL, fmt, ap);
	va_end(ap);
}

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

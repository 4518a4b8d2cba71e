/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.h - run a program from an argv (never a shell string), optionally
 * capturing its output, and map how it ended to our exit statuses. */
#ifndef ACM_RUN_H
#define ACM_RUN_H

#include <stdbool.h>
#include "buf.h"

struct acm_run {
	/* inputs */
	const char *const *argv;    /* argv[0] looked up in PATH */
	const char *cwd;            /* NULL: inherit */
	const char *const *env_add; /* "NAME=VALUE" entries added to the environment, NULL-terminated */
	const char *input;          /* written to the child's stdin; NULL: /dev/null */
	bool capture_out;           /* stdout into out (else: log_path, else inherited stderr) */
	bool capture_err;           /* stderr into err (else: log_path, else inherited) */
	const char *log_path;       /* uncaptured output appended here when set */
	bool out_to_stderr;         /* uncaptured child stdout goes to our stderr
	                               (default: true when not logging - stdout is for data) */
	/* outputs */
	struct acm_buf out, err;
	int status;                 /* raw waitpid status */
	int exit_code;              /* child's exit code, or -1 */
	int signal;                 /* terminating signal, or 0 */
	int exec_errno;             /* errno from exec (program missing: ENOENT), or 0 */
};

/* Run and wait. Returns our exit status for how it went:
 * 0 ran and exited 0; 69 the program could not be found/executed (message printed);
 * 70 killed by a signal; fail_code when it exited non-zero (no message: caller
 * explains, using r->err / the log). */
int acm_run(struct acm_run *r, int fail_code);
void acm_run_free(struct acm_run *r);

/* Simple form: run argv, capture stdout into *out (malloc'd, may be NULL),
 * stderr to our stderr. Returns as acm_run with fail_code 70. */
int acm_run_capture(const char *const *argv, char **out);

/* Is a program on PATH (or an absolute path that is executable)? */
bool acm_have_program(const char *name);

/* The preflight form, asked before any slow step: 0 when name is there, else
 * 69 after "'NAME' not found: WHO needs it; install the 'PACKAGE' package
 * (scripts/install-deps does)". */
int acm_need_program(const char *name, const char *who, const char *package);

/* Last n lines of a file, for "build failed" messages. malloc'd or NULL. */
char *acm_tail_file(const char *path, int nlines);

#endif

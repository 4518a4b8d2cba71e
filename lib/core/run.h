/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.h - run a program from an argv (never a shell string), optionally
 * capturing its output, and map how it ended to our exit statuses. */
#ifndef ACM_RUN_H
#define ACM_RUN_H

#include <stdbool.h>
#include <sys/types.h>
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
	/* in the child, before its output is redirected and before exec: 0 to
	 * go on, else an errno (after a message) and the program is not run */
	int (*pre_exec)(void *arg);
	void *pre_exec_arg;
	/* while waiting for an uncaptured child: called about twice a second
	 * (and after a signal), with r->pid set */
	void (*on_wait)(struct acm_run *r, void *arg);
	void *on_wait_arg;
	/* outputs */
	struct acm_buf out, err;
	int status;                 /* raw waitpid status */
	int exit_code;              /* child's exit code, or -1 */
	int signal;                 /* terminating signal, or 0 */
	int exec_errno;             /* errno from exec (program missing: ENOENT), or 0 */
	pid_t pid;                  /* the child, while it runs */
};

/* Run and wait. Returns our exit status for how it went:
 * 0 ran and exited 0; 69 the program could not be found/executed (message printed);
 * 77 pre_exec refused with EPERM/EACCES, 70 with another errno (its message printed);
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

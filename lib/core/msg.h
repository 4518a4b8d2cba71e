/* SPDX-License-Identifier: GPL-2.0-or-later */
/* msg.h - messages on stderr: "prog: error: what and why", with -q / -v levels. */
#ifndef ACM_MSG_H
#define ACM_MSG_H

#include <stdarg.h>
#include <stdnoreturn.h>

enum acm_verbosity { ACM_QUIET = -1, ACM_NORMAL = 0, ACM_VERBOSE = 1, ACM_DEBUG = 2 };

void acm_set_prog(const char *argv0);     /* basename of argv0 becomes the prefix */
const char *acm_prog(void);
void acm_set_verbosity(int level);
int acm_verbosity(void);

/* "prog: error: ..." - always printed, even with -q. */
void acm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* acm_err() then exit(code). */
noreturn void acm_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "prog: warning: ..." - silenced by -q. */
void acm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: ..." - normal talk, silenced by -q. */
void acm_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: ..." - only with -v. */
void acm_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Every message is formatted, then cleaned (acm_msg_clean), then written as
 * one line "prog: kind: text\n". */
void acm_vmsg(const char *kind, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The one rule for text on stderr: control characters (but tab) and invalid
 * UTF-8 written as the escapes of acmtools(7) (\r, \0033, ...), trailing
 * newlines dropped, and each later line of a multi-line text indented by two
 * spaces. Returns a malloc'd string. */
char *acm_msg_clean(const char *text);
/* Untrusted multi-line text (a build log's tail) on stderr, cleaned, every
 * line indented by two spaces. */
void acm_msg_lines(const char *text);

/* Register once at start: at exit, a failed write to stdout (closed pipe,
 * full disk) becomes an error message and exit status 74 (util-linux close_stdout). */
void acm_close_stdout_atexit(void);

#endif

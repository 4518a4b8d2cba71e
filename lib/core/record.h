/* SPDX-License-Identifier: GPL-2.0-or-later */
/* record.h - data on stdout: one record per line, key=value (shell-quoted,
 * so eval and read work) or, with --json, one JSON object per line. */
#ifndef ACM_RECORD_H
#define ACM_RECORD_H

#include <stdio.h>
#include <stdbool.h>

struct acm_record;

void acm_record_set_json(bool json);   /* set by acm_parse_args from --json */
bool acm_record_json(void);

struct acm_record *acm_record_new(void);
/* Values are copied. A NULL value is written as an empty string. Keys are
 * shell names ([A-Za-z_][A-Za-z0-9_]*): any other byte becomes '_'. */
void acm_record_str(struct acm_record *r, const char *key, const char *value);
void acm_record_strf(struct acm_record *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void acm_record_int(struct acm_record *r, const char *key, long long value);
void acm_record_bool(struct acm_record *r, const char *key, bool value); /* yes/no, JSON true/false */
/* A dry run's plan, the same shape in every tool: one record
 * "action=ACTION file=FILE [key=value] changed=yes" on stdout. key may be NULL. */
void acm_record_plan(const char *action, const char *file, const char *key, const char *value);

/* Write the record as one line to f (normally stdout) and free it. */
void acm_record_emit(struct acm_record *r, FILE *f);
void acm_record_free(struct acm_record *r);

/* The key=value form of a value, on one line and safe to eval in every POSIX
 * shell: acm_shell_quote(acm_record_escape(s)). Results are malloc'd. */
char *acm_record_value(const char *s);
/* Backslash written \\, and every byte acm_text_printable() refuses (control
 * characters, invalid UTF-8) as a printf %b escape: for a value without
 * either, the value itself. acm_text_unescape() or printf '%b' decodes it. */
char *acm_record_escape(const char *s);
/* POSIX single-quote quoting of the exact bytes: a safe bare word, or '...'
 * with ' written '\''. The result holds a raw newline if s does: for
 * scripts (-n output), not for records. */
char *acm_shell_quote(const char *s);
/* "..." with JSON escapes; valid UTF-8 kept (C0, DEL and C1 as \uXXXX), a
 * byte of invalid UTF-8 as \udcXX (surrogateescape) so no byte is lost. */
char *acm_json_quote(const char *s);

#endif

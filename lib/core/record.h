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
/* Values are copied. A NULL value is written as an empty string. */
void acm_record_str(struct acm_record *r, const char *key, const char *value);
void acm_record_strf(struct acm_record *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void acm_record_int(struct acm_record *r, const char *key, long long value);
void acm_record_bool(struct acm_record *r, const char *key, bool value); /* yes/no, JSON true/false */
/* Write the record as one line to f (normally stdout) and free it. */
void acm_record_emit(struct acm_record *r, FILE *f);
void acm_record_free(struct acm_record *r);

/* Quoting helpers, exposed for tests and for -n script output.
 * Results are malloc'd. */
char *acm_shell_quote(const char *s);  /* safe bare word, '...' or $'...' (control chars) */
char *acm_json_quote(const char *s);   /* "..." with escapes; invalid UTF-8 -> U+FFFD */

#endif

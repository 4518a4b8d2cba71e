/* SPDX-License-Identifier: GPL-2.0-or-later */
/* record.c - one record per line on stdout: key=value with shell quoting, or
 * a JSON object with --json. The exact rules, for both forms, are in
 * acmtools(7) under STANDARD OUTPUT IS DATA. */
#include "config.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "record.h"
#include "text.h"

enum ftype { F_STR, F_INT, F_BOOL };

struct field {
	char *key;
	char *value;
	enum ftype type;
};

struct acm_record {
	struct field *f;
	size_t n, cap;
};

static bool json_mode;

void acm_record_set_json(bool json) { json_mode = json; }
bool acm_record_json(void) { return json_mode; }

struct acm_record *acm_record_new(void)
{
	return acm_xcalloc(1, sizeof(struct acm_record));
}

/* A key is a shell variable name: anything else would run as a command
 * under eval. Keys are the program's own words; a stray byte becomes '_'. */
static char *clean_key(const char *key)
{
	/* Names a shell gives a meaning of its own: zsh ties path/cdpath/...
	 * to PATH/CDPATH, makes status/argv read-only; IFS, HOME, ENV, PS1,
	 * OPTIND and the like change how the reader's shell behaves. A record
	 * must only ever set plain variables, so such a key is a bug here. */
	static const char *const special[] = {
		"argv", "status", "pipestatus", "path", "cdpath", "fpath", "manpath",
		"mailpath", "module_path", "psvar", "watch", "signals", "options",
		"PATH", "IFS", "HOME", "ENV", "CDPATH", "PS1", "PS2", "PS4",
		"OPTIND", "OPTARG", "PPID", "LINENO", "SHELLOPTS", "BASHOPTS",
		"BASH_ENV", "FPATH", "MAILPATH", "LD_PRELOAD", "LD_LIBRARY_PATH",
	};
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcmp(key, special[i]) == 0)
			acm_die(ACM_EX_SOFTWARE, "internal error: record key '%s' is a special shell variable", key);
	char *k = acm_xstrdup(*key ? key : "_");

	for (char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		      (p > k && *p >= '0' && *p <= '9')))
			*p = '_';
	return k;
}

static void add(struct acm_record *r, const char *key, char *value, enum ftype t)
{
	r->f = acm_xgrow(r->f, &r->cap, r->n, sizeof(*r->f), 8);
	r->f[r->n].key = clean_key(key);
	r->f[r->n].value = value;
	r->f[r->n].type = t;
	r->n++;
}

void acm_record_str(struct acm_record *r, const char *key, const char *value)
{
	add(r, key, acm_xstrdup(value ? value : ""), F_STR);
}

void acm_record_strf(struct acm_record *r, const char *key, const char *fmt, ...)
{
	struct acm_buf b = ACM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	acm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	add(r, key, acm_buf_steal(&b), F_STR);
}

void acm_record_int(struct acm_record *r, const char *key, long long value)
{
	add(r, key, acm_xasprintf("%lld", value), F_INT);
}

void acm_record_bool(struct acm_record *r, const char *key, bool value)
{
	add(r, key, acm_xstrdup(value ? "yes" : "no"), F_BOOL);
}

static void field_free(struct field *f)
{
	free(f->key);
	free(f->value);
}

void acm_record_free(struct acm_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		field_free(&r->f[i]);
	free(r->f);
	free(r);
}

void acm_record_emit(struct acm_record *r, FILE *f)
{
	struct acm_buf line = ACM_BUF_INIT;

	if (json_mode)
		acm_buf_addc(&line, '{');
	for (size_t i = 0; i < r->n; i++) {
		char *q;
		if (json_mode) {
			q = acm_json_quote(r->f[i].key);
			acm_buf_addf(&line, "%s%s:", i ? "," : "", q);
			free(q);
			if (r->f[i].type == F_INT)
				acm_buf_adds(&line, r->f[i].value);
			else if (r->f[i].type == F_BOOL)
				acm_buf_adds(&line, strcmp(r->f[i].value, "yes") == 0 ? "true" : "false");
			else {
				q = acm_json_quote(r->f[i].value);
				acm_buf_adds(&line, q);
				free(q);
			}
		} else {
			q = acm_record_value(r->f[i].value);
			acm_buf_addf(&line, "%s%s=%s", i ? " " : "", r->f[i].key, q);
			free(q);
		}
	}
	if (json_mode)
		acm_buf_addc(&line, '}');
	acm_buf_addc(&line, '\n');
	fwrite(line.data, 1, line.len, f);
	/* Records feed pipes (while read ...): hand each one over as it is made. */
	fflush(f);
	acm_buf_free(&line);
	acm_record_free(r);
}

/* Characters no shell gives a meaning in an assignment's value. Not '='
 * (zsh expands k==ls and k=a:=ls to a command's path), not '~' (tilde
 * expansion after ':' in assignments). */
static bool shell_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_./:@%+,-", c) != NULL);
}

char *acm_shell_quote(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	bool safe = *s != '\0';
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (!shell_safe(*p))
			safe = false;
	if (safe)
		return acm_xstrdup(s);
	/* Inside '...' every byte but ' is literal in every POSIX shell; a
	 * quote is closed, written as \', and reopened. */
	acm_buf_addc(&b, '\'');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\'')
			acm_buf_adds(&b, "'\\''");
		else
			acm_buf_addc(&b, (char)*p);
	}
	acm_buf_addc(&b, '\'');
	return acm_buf_steal(&b);
}

char *acm_record_escape(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;

	acm_text_escape(&b, s, ACM_TEXT_BACKSLASH);
	return acm_buf_steal(&b);
}

char *acm_record_value(const char *s)
{
	char *e = acm_record_escape(s);
	char *q = acm_shell_quote(e);

	free(e);
	return q;
}

char *acm_json_quote(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;

	/* the bytes JSON writes as a backslash and a letter, and their letters */
	static const char short_byte[] = "\"\\\n\t\r", short_letter[] = "\"\\ntr";

	acm_buf_addc(&b, '"');
	while (*p) {
		const char *e = strchr(short_byte, *p);
		size_t n;

		if (e) {
			acm_buf_addc(&b, '\\');
			acm_buf_addc(&b, short_letter[e - short_byte]);
			p++;
			continue;
		}
		n = acm_text_printable(p);
		if (n) {
			acm_buf_add(&b, p, n);
			p += n;
		} else if (acm_utf8_len(p) == 2) {
			/* C1 control, valid UTF-8: the code point, escaped */
			acm_buf_addf(&b, "\\u%04x", ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu));
			p += 2;
		} else if (*p < 0x80) {
			acm_buf_addf(&b, "\\u%04x", *p);
			p++;
		} else {
			/* A byte of invalid UTF-8: U+DC80-U+DCFF, the byte plus 0xdc00
			 * (Python's surrogateescape), so the exact bytes come back. */
			acm_buf_addf(&b, "\\u%04x", 0xdc00u + *p);
			p++;
		}
	}
	acm_buf_addc(&b, '"');
	return acm_buf_steal(&b);
}

void acm_record_plan(const char *action, const char *file, const char *key, const char *value)
{
	struct acm_record *r = acm_record_new();

	acm_record_str(r, "action", action);
	acm_record_str(r, "file", file);
	if (key)
		acm_record_str(r, key, value);
	acm_record_bool(r, "changed", true);
	acm_record_emit(r, stdout);
}

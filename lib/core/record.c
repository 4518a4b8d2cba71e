/* record.c - one record per line on stdout: key=value with shell quoting, or
 * a JSON object with --json. */
#include "config.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "record.h"

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

static void add(struct acm_record *r, const char *key, char *value, enum ftype t)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->f = acm_xrealloc(r->f, r->cap * sizeof(*r->f));
	}
	r->f[r->n].key = acm_xstrdup(key);
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

void acm_record_free(struct acm_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->f[i].key);
		free(r->f[i].value);
	}
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
			q = acm_shell_quote(r->f[i].value);
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

static bool shell_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("_./:@%+,=-", c) != NULL;
}

char *acm_shell_quote(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	bool safe = *s != '\0', ctrl = false;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (!shell_safe(*p))
			safe = false;
		if (*p < 0x20 || *p == 0x7f)
			ctrl = true;
	}
	if (safe)
		return acm_xstrdup(s);
	if (!ctrl) {
		/* '...' keeps everything literal; a quote is closed, escaped, reopened. */
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
	/* Control characters (a newline would split the record) use $'...',
	 * which bash, ksh, zsh and busybox sh understand. */
	acm_buf_adds(&b, "$'");
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\n': acm_buf_adds(&b, "\\n"); break;
		case '\t': acm_buf_adds(&b, "\\t"); break;
		case '\r': acm_buf_adds(&b, "\\r"); break;
		case '\'': acm_buf_adds(&b, "\\'"); break;
		case '\\': acm_buf_adds(&b, "\\\\"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				acm_buf_addf(&b, "\\x%02x", *p);
			else
				acm_buf_addc(&b, (char)*p);
		}
	}
	acm_buf_addc(&b, '\'');
	return acm_buf_steal(&b);
}

/* Length of a valid UTF-8 sequence at p (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
	uint32_t cp;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) { n = 2; cp = p[0] & 0x1f; }
	else if ((p[0] & 0xf0) == 0xe0) { n = 3; cp = p[0] & 0x0f; }
	else if ((p[0] & 0xf8) == 0xf0) { n = 4; cp = p[0] & 0x07; }
	else return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

char *acm_json_quote(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;

	acm_buf_addc(&b, '"');
	while (*p) {
		size_t n;
		switch (*p) {
		case '"': acm_buf_adds(&b, "\\\""); p++; continue;
		case '\\': acm_buf_adds(&b, "\\\\"); p++; continue;
		case '\n': acm_buf_adds(&b, "\\n"); p++; continue;
		case '\t': acm_buf_adds(&b, "\\t"); p++; continue;
		case '\r': acm_buf_adds(&b, "\\r"); p++; continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			acm_buf_addf(&b, "\\u%04x", *p);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (n == 0) {
			acm_buf_adds(&b, "\\ufffd");
			p++;
			continue;
		}
		acm_buf_add(&b, p, n);
		p += n;
	}
	acm_buf_addc(&b, '"');
	return acm_buf_steal(&b);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_record.c - the record forms mean what they say, for any bytes:
 * - a record value is one POSIX shell word made only of bare safe
 *   characters, '...' segments and \' (nothing a shell could read as the
 *   end of the quoting), holds only printable UTF-8 (one line), and
 *   unquoting then printf-%b decoding gives back the input;
 * - acm_shell_quote() unquotes to the exact input;
 * - a JSON string is printable UTF-8 and decodes (surrogateescape) to the
 *   exact input. */
#include "config.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "record.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int bare(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_./:@%+,-", c));
}

/* The word a POSIX shell reads from q, or abort() when q holds anything but
 * bare characters (alone), '...' and \'. */
static char *shell_unquote(const char *q)
{
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = q;

	if (*p != '\'' && *p != '\\') {
		for (; *p; p++)
			if (!bare((unsigned char)*p))
				abort();
		return acm_xstrdup(q);
	}
	while (*p) {
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end)
				abort();
			acm_buf_add(&b, p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else if (p[0] == '\\' && p[1] == '\'') {
			acm_buf_addc(&b, '\'');
			p += 2;
		} else {
			abort();
		}
	}
	return acm_buf_steal(&b);
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
		else abort();
	}
	return v;
}

static void put_utf8(struct acm_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		acm_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		acm_buf_addc(b, (char)(0xc0 | (cp >> 6)));
		acm_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		acm_buf_addc(b, (char)(0xe0 | (cp >> 12)));
		acm_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		acm_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* JSON string -> bytes, U+DC80-U+DCFF back to the byte they stand for. */
static char *json_unquote(const char *q)
{
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = q;

	if (*p++ != '"')
		abort();
	while (*p != '"') {
		if (!*p)
			abort();
		if (*p != '\\') {
			acm_buf_addc(&b, *p++);
			continue;
		}
		p++;
		switch (*p) {
		case '"': case '\\': case '/': acm_buf_addc(&b, *p); p++; break;
		case 'n': acm_buf_addc(&b, '\n'); p++; break;
		case 't': acm_buf_addc(&b, '\t'); p++; break;
		case 'r': acm_buf_addc(&b, '\r'); p++; break;
		case 'u': {
			unsigned cp = hex4(p + 1);
			p += 5;
			if (cp >= 0xdc80 && cp <= 0xdcff)
				acm_buf_addc(&b, (char)(cp - 0xdc00));
			else if (cp >= 0xd800 && cp <= 0xdfff)
				abort(); /* no other surrogate is ever written */
			else
				put_utf8(&b, cp);
			break;
		}
		default: abort();
		}
	}
	if (p[1])
		abort();
	return acm_buf_steal(&b);
}

static void all_printable(const char *q)
{
	for (const unsigned char *p = (const unsigned char *)q; *p;) {
		size_t n = acm_text_printable(p);
		if (!n)
			abort();
		p += n;
	}
}

/* unquote(quote(s)) is s again; with printable, quote(s) is all printable. */
static void back_again(const char *s, char *(*quote)(const char *), char *(*unquote)(const char *),
		       bool printable)
{
	char *q = quote(s), *u;

	if (printable)
		all_printable(q);
	u = unquote(q);
	if (strcmp(u, s) != 0)
		abort();
	free(u);
	free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char *q, *w, *d;
	size_t len;

	memcpy(s, data, size);
	s[size] = '\0';

	q = acm_record_value(s);
	all_printable(q);
	w = shell_unquote(q);
	d = acm_text_unescape(w, &len);
	if (!d || len != strlen(s) || memcmp(d, s, len) != 0)
		abort();
	free(d);
	free(w);
	free(q);

	back_again(s, acm_shell_quote, shell_unquote, false);
	back_again(s, acm_json_quote, json_unquote, true);
	free(s);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text.c - which bytes of untrusted text may reach a terminal or a record
 * line as they are, and the printf %b escapes for the others. */
#include "config.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "text.h"

size_t acm_utf8_len(const unsigned char *p)
{
	uint32_t cp;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) { n = 2; cp = p[0] & 0x1f; }
	else if ((p[0] & 0xf0) == 0xe0) { n = 3; cp = p[0] & 0x0f; }
	else if ((p[0] & 0xf8) == 0xf0) { n = 4; cp = p[0] & 0x07; }
	else return 0;
	/* a NUL is not a continuation byte, so this never reads past the end */
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

size_t acm_text_printable(const unsigned char *p)
{
	size_t n;

	if (*p < 0x20 || *p == 0x7f)
		return 0;
	n = acm_utf8_len(p);
	/* C1 controls (U+0080-U+009F, 0xc2 0x80-0x9f): CSI and friends act on
	 * terminals that honour 8-bit controls. */
	if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
		return 0;
	return n;
}

void acm_text_escape(struct acm_buf *b, const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = acm_text_printable(p);

		if (*p == '\\' && (flags & ACM_TEXT_BACKSLASH)) {
			acm_buf_adds(b, "\\\\");
			p++;
			continue;
		}
		if (n) {
			acm_buf_add(b, p, n);
			p += n;
			continue;
		}
		if ((*p == '\n' || *p == '\t') && (flags & ACM_TEXT_KEEP_NL))
			acm_buf_addc(b, (char)*p);
		else if (*p == '\n')
			acm_buf_adds(b, "\\n");
		else if (*p == '\t')
			acm_buf_adds(b, "\\t");
		else if (*p == '\r')
			acm_buf_adds(b, "\\r");
		else if (acm_utf8_len(p) == 2) {
			/* a C1 control: both bytes, so no lone lead byte is left */
			acm_buf_addf(b, "\\0%03o\\0%03o", p[0], p[1]);
			p += 2;
			continue;
		} else
			acm_buf_addf(b, "\\0%03o", *p);
		p++;
	}
}

char *acm_text_unescape(const char *s, size_t *len)
{
	/* printf %b's one-letter escapes and the bytes they stand for */
	static const char c_letter[] = "\\abfnrtv", c_byte[] = "\\\a\b\f\n\r\t\v";
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = s, *letter;

	while (*p) {
		if (*p != '\\') {
			acm_buf_addc(&b, *p++);
			continue;
		}
		p++;
		letter = *p ? strchr(c_letter, *p) : NULL;
		if (letter) {
			acm_buf_addc(&b, c_byte[letter - c_letter]);
			p++;
			continue;
		}
		switch (*p) {
		case '0': {
			unsigned v = 0;
			int i;
			p++;
			for (i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++)
				v = v * 8 + (unsigned)(*p - '0');
			if (v > 0xff)
				goto bad;
			acm_buf_add(&b, &(char){ (char)v }, 1);
			break;
		}
		default:
			/* a lone backslash or \c: printf %b would not give it back */
			goto bad;
		}
	}
	if (len)
		*len = b.len;
	return acm_buf_steal(&b);
bad:
	acm_buf_free(&b);
	return NULL;
}

bool acm_text_u64(const char *s, int base, uint64_t *v)
{
	char *end;

	if (!(*s >= '0' && *s < '0' + base))
		return false;
	errno = 0;
	unsigned long long x = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

bool acm_text_i64(const char *s, int64_t *v)
{
	char *end;
	const char *d = *s == '-' ? s + 1 : s;

	if (!(*d >= '0' && *d <= '9'))
		return false;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

bool acm_text_ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spectext.c - write outside values into a spec (see spectext.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "spdx.h"
#include "spectext.h"

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* ASCII only, whatever the locale says */
static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The length of the UTF-8 sequence at p (1-4), or 0 when it is not one
 * (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF). */
static size_t utf8_len(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	size_t n = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ? 3 :
		   p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

void acm_spectext_text(struct acm_buf *b, const char *s)
{
	const char *p = s ? s : "";
	while (*p == ' ')
		p++;
	if (*p == '%')
		acm_buf_addc(b, ' ');
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80) {   /* rpm refuses a spec whose text is not UTF-8 */
			size_t n = utf8_len((const unsigned char *)p);
			if (n)
				acm_buf_add(b, p, n);
			else
				acm_buf_addc(b, '?');
			p += n ? n - 1 : 0;
		} else if (is_ctl(c) || c == '\\')
			acm_buf_addc(b, ' ');
		else if (c == '%')
			acm_buf_adds(b, "%%");
		else
			acm_buf_addc(b, (char)c);
	}
}

bool acm_spectext_is_word(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!is_alnum(*s) && !strchr("._+-~^/@:,=", *s))
			return false;
	return true;
}

/* Append s when it passed its check. */
static bool add_if(struct acm_buf *b, const char *s, bool ok)
{
	if (ok)
		acm_buf_adds(b, s);
	return ok;
}

bool acm_spectext_word(struct acm_buf *b, const char *s)
{
	return add_if(b, s, acm_spectext_is_word(s));
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Append s with every '%' doubled: rpm expands nothing in it. */
static void add_literal(struct acm_buf *b, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '%')
			acm_buf_addc(b, '%');
		acm_buf_addc(b, *p);
	}
}

bool acm_spectext_url(struct acm_buf *b, const char *s)
{
	if (!s || !*s)
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7f || strchr("\"\\{}<>|^`", c))
			return false;
		if (c == '%' && !(is_hex(p[1]) && is_hex(p[2])))
			return false;
	}
	add_literal(b, s);
	return true;
}

bool acm_spectext_license(struct acm_buf *b, const char *expr)
{
	return add_if(b, expr, acm_spdx_valid(expr));
}

bool acm_spectext_file(struct acm_buf *b, const char *macro, const char *name)
{
	if (!name || (!*name && !macro) || (macro && !acm_spectext_is_word(macro)) || (!macro && *name == '~'))
		return false;
	bool blank = false, special = false;
	for (const char *p = name; *p; p++) {
		if (is_ctl((unsigned char)*p))
			return false;
		blank |= *p == ' ';
		special |= *p == '%' || *p == '"' || *p == '\\';
	}
	/* quoted (exact, no glob): a name with blanks and nothing rpm reads */
	bool quote = blank && !special;
	if (quote)
		acm_buf_addc(b, '"');
	if (macro)
		acm_buf_addf(b, "%%{%s}", macro);
	for (const char *p = name; *p; p++)
		acm_buf_addc(b, !quote && strchr(" %*?[]{}\\\"", *p) ? '?' : *p);
	if (quote)
		acm_buf_addc(b, '"');
	return true;
}

bool acm_spectext_doc(struct acm_buf *b, const char *name)
{
	if (!name || !*name || *name == '~')   /* the shell's ~user */
		return false;
	bool blank = false;
	for (const char *p = name; *p; p++) {
		if (!is_alnum(*p) && !strchr("._+-~^/@:,= ", *p))
			return false;
		blank |= *p == ' ';
	}
	if (blank)
		acm_buf_addc(b, '"');
	acm_buf_adds(b, name);
	if (blank)
		acm_buf_addc(b, '"');
	return true;
}

bool acm_spectext_shell(struct acm_buf *b, const char *s)
{
	if (!s)
		return false;
	for (const char *p = s; *p; p++)
		if (is_ctl((unsigned char)*p) || *p == '\\')
			return false;
	if (acm_spectext_is_word(s) && *s != '~') {   /* nothing the shell or rpm reads into */
		acm_buf_adds(b, s);
		return true;
	}
	acm_buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			acm_buf_adds(b, "'\\''");
		else if (*p == '%')
			acm_buf_adds(b, "%%");
		else
			acm_buf_addc(b, *p);
	}
	acm_buf_addc(b, '\'');
	return true;
}

bool acm_spectext_command(struct acm_buf *b, const char *s)
{
	if (!s || !*s)
		return false;
	for (const char *p = s; *p; p++)
		if (is_ctl((unsigned char)*p) && *p != '\t')
			return false;
	/* "\%%(" would leave rpm's line reader waiting for ')', a last '\'
	 * would join the next line */
	if (strstr(s, "\\%") || s[strlen(s) - 1] == '\\')
		return false;
	add_literal(b, s);
	return true;
}

char *acm_spectext_show(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	for (const char *p = s ? s : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\n')
			acm_buf_adds(&b, "\\n");
		else if (c == '\t')
			acm_buf_adds(&b, "\\t");
		else if (is_ctl(c))
			acm_buf_addf(&b, "\\x%02x", c);
		else
			acm_buf_addc(&b, (char)c);
	}
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

bool acm_spectext_refuse(const char *arg, const char *what, const char *value, const char *fix)
{
	char *v = acm_spectext_show(value);
	acm_err("'%s': the %s '%s' cannot be written into a spec (%s)", arg, what, v, fix);
	free(v);
	return false;
}

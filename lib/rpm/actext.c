/* SPDX-License-Identifier: GPL-2.0-or-later */
/* actext.c - autoconf calls and META fields read as text (see actext.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actext.h"
#include "buf.h"

/* Find word followed by optional blanks and '(' (case-insensitive when
 * icase), where the word is not part of a longer identifier. Returns the
 * position after '(' or NULL. */
const char *acm_actext_call(const char *text, const char *word, bool icase, const char **from)
{
	size_t n = strlen(word);
	for (const char *p = *from; (p = icase ? strcasestr(p, word) : strstr(p, word)); p++) {
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		const char *q = p + n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '(') {
			*from = q + 1;
			return q + 1;
		}
	}
	return NULL;
}

/* Split m4 arguments at top-level commas until the matching ')': each
 * argument trimmed and stripped of one level of [quotes]. */
size_t acm_actext_m4_args(const char *p, char **args, size_t max)
{
	size_t n = 0;
	int paren = 0, quote = 0;
	struct acm_buf cur = ACM_BUF_INIT;
	for (; *p; p++) {
		char c = *p;
		if (c == '[') quote++;
		else if (c == ']' && quote) quote--;
		else if (!quote && c == '(') paren++;
		else if (!quote && c == ')' && paren) paren--;
		else if (!quote && !paren && (c == ',' || c == ')')) {
			if (n < max) {
				char *a = acm_buf_steal(&cur);
				if (!a)
					a = acm_xstrdup("");
				/* trim and unquote */
				char *s = a;
				while (isspace((unsigned char)*s)) s++;
				size_t l = strlen(s);
				while (l && isspace((unsigned char)s[l - 1])) s[--l] = '\0';
				if (l >= 2 && s[0] == '[' && s[l - 1] == ']') {
					s[l - 1] = '\0';
					s++;
				}
				args[n++] = acm_xstrdup(s);
				free(a);
			}
			acm_buf_reset(&cur);
			if (c == ')')
				break;
			continue;
		}
		acm_buf_addc(&cur, c);
	}
	acm_buf_free(&cur);
	return n;
}

char *acm_actext_field(const char *text, size_t len, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = text; p < text + len;) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		const char *end = nl ? nl : text + len;

		if ((size_t)(end - p) > kl && strncasecmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1;

			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			while (end > v && isspace((unsigned char)end[-1]))
				end--;
			return end > v ? acm_xasprintf("%.*s", (int)(end - v), v) : NULL;
		}
		p = nl ? nl + 1 : text + len;
	}
	return NULL;
}

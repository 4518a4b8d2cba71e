/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodmeta.c - version, name and license from a driver source's own files
 * (see kmodmeta.h). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kmodmeta.h"
#include "spdx.h"

char *acm_kmodmeta_version(const char *s, size_t n)
{
	while (n && (isspace((unsigned char)*s) || *s == '"' || *s == '\''))
		s++, n--;
	while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '"' || s[n - 1] == '\''))
		n--;
	if (n && (*s == 'v' || *s == 'V'))
		s++, n--;
	if (!n || n > 64 || !isdigit((unsigned char)*s))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._+~", s[i]))
			return NULL;
	return acm_xasprintf("%.*s", (int)n, s);
}

static bool first_tag(const char *expr, void *ud)
{
	*(char **)ud = acm_xstrdup(expr);
	return false;
}

char *acm_kmodmeta_license(const char *text, size_t len)
{
	char *res = NULL;

	acm_spdx_tags(text, len < 4096 ? len : 4096, first_tag, &res);
	if (res)
		return res;
	for (size_t i = 0; i + 16 < len; i++) {
		if (text[i] == 'M' && strncmp(text + i, "MODULE_LICENSE(\"", 16) == 0) {
			const char *q = text + i + 16;
			const char *e = memchr(q, '"', len - (size_t)(q - text));

			if (e && e - q < 64) {
				char *ml = acm_xasprintf("%.*s", (int)(e - q), q);
				const char *spdx = acm_spdx_module_license(ml);

				free(ml);
				if (spdx)
					return acm_xstrdup(spdx);
			}
			break;
		}
	}
	return NULL;
}

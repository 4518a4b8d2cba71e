/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ini.c - a small INI reader for media metadata; see ini.h. */
#include "config.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "ini.h"

static char *dup_range(const char *s, const char *e, int lower)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	char *r = acm_xmalloc((size_t)(e - s) + 1);
	size_t i = 0;
	for (; s < e; s++)
		r[i++] = lower ? (char)tolower((unsigned char)*s) : *s;
	r[i] = '\0';
	return r;
}

static void add_kv(struct acm_ini *ini, const char *section, char *key, char *value)
{
	ini->kv = acm_xgrow(ini->kv, &ini->cap, ini->n, sizeof(*ini->kv), 16);
	ini->kv[ini->n].section = acm_xstrdup(section);
	ini->kv[ini->n].key = key;
	ini->kv[ini->n].value = value;
	ini->n++;
}

void acm_ini_parse(struct acm_ini *ini, const char *text, size_t len)
{
	memset(ini, 0, sizeof(*ini));
	char *section = acm_xstrdup("");
	const char *p = text, *end = text + len;

	/* A UTF-8 byte order mark is harmless but would spoil the first name. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p;
		while (s < le && isspace((unsigned char)*s))
			s++;
		if (s < le && *s == '[') {
			const char *close = memchr(s, ']', (size_t)(le - s));
			if (close) {
				free(section);
				section = dup_range(s + 1, close, 1);
			}
		} else if (s < le && *s != '#' && *s != ';') {
			const char *eq = memchr(s, '=', (size_t)(le - s));
			/* SUSE and older anaconda also accept "key: value". */
			if (!eq)
				eq = memchr(s, ':', (size_t)(le - s));
			if (eq && eq > s && memchr(s, '\0', (size_t)(le - s)) == NULL)
				add_kv(ini, section, dup_range(s, eq, 1), dup_range(eq + 1, le, 0));
		}
		p = nl ? nl + 1 : end;
	}
	free(section);
}

void acm_ini_free(struct acm_ini *ini)
{
	for (size_t i = 0; i < ini->n; i++) {
		free(ini->kv[i].section);
		free(ini->kv[i].key);
		free(ini->kv[i].value);
	}
	free(ini->kv);
	memset(ini, 0, sizeof(*ini));
}

const char *acm_ini_get(const struct acm_ini *ini, const char *section, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < ini->n; i++)
		if (strcasecmp(ini->kv[i].section, section) == 0 && strcasecmp(ini->kv[i].key, key) == 0)
			v = ini->kv[i].value;
	return v;
}

int acm_ini_has_section(const struct acm_ini *ini, const char *section)
{
	for (size_t i = 0; i < ini->n; i++)
		if (strcasecmp(ini->kv[i].section, section) == 0)
			return 1;
	return 0;
}

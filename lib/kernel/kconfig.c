/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kconfig.c - .config parsing, fragment merging and the check that the
 * kernel's olddefconfig kept what a fragment asked for.
 *
 * merge_config.sh replaces a base line with the fragment's line for the same
 * symbol and then lets kconfig resolve dependencies; an option whose
 * dependencies are off silently disappears. We report those instead. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kconfig.h"

static size_t symbol_len(const char *s)
{
	size_t n = 0;

	if (strncmp(s, "CONFIG_", 7) != 0)
		return 0;
	n = 7;
	while (isalnum((unsigned char)s[n]) || s[n] == '_')
		n++;
	return n > 7 ? n : 0;
}

/* Parse one line. 1: setting (name/value malloc'd), 0: blank or comment, -1: bad. */
static int parse_line(const char *line, size_t len, char **name, char **value)
{
	size_t i = 0, sl;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len)
		return 0;
	if (line[i] == '#') {
		const char *p = line + i + 1;
		static const char tail[] = " is not set";

		while (*p == ' ')
			p++;
		sl = symbol_len(p);
		if (sl && (size_t)(p - line) + sl + strlen(tail) <= len &&
		    strncmp(p + sl, tail, strlen(tail)) == 0) {
			*name = strndup(p, sl);
			*value = strdup("n");
			return 1;
		}
		return 0; /* any other comment */
	}
	sl = symbol_len(line + i);
	if (!sl || i + sl >= len || line[i + sl] != '=')
		return -1;
	{
		size_t vstart = i + sl + 1, vend = len;

		while (vend > vstart && (line[vend - 1] == ' ' || line[vend - 1] == '\t' ||
					 line[vend - 1] == '\r'))
			vend--;
		*name = strndup(line + i, sl);
		*value = strndup(line + vstart, vend - vstart);
	}
	return 1;
}

static struct acm_kconfig_entry *find(const struct acm_kconfig *kc, const char *name)
{
	for (size_t i = 0; i < kc->n; i++)
		if (strcmp(kc->e[i].name, name) == 0)
			return &kc->e[i];
	return NULL;
}

int acm_kconfig_parse(const char *text, struct acm_kconfig *kc, int *bad_line)
{
	const char *p = text;
	int lineno = 0;

	kc->e = NULL;
	kc->n = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *name = NULL, *value = NULL;
		int r;

		lineno++;
		r = parse_line(p, len, &name, &value);
		if (r < 0) {
			if (bad_line)
				*bad_line = lineno;
			acm_kconfig_free(kc);
			return -1;
		}
		if (r > 0) {
			if (!name || !value)
				abort();
			struct acm_kconfig_entry *old = find(kc, name);

			if (old) {
				free(old->value);
				free(name);
				old->value = value;
				old->line = lineno;
			} else {
				kc->e = acm_xrealloc(kc->e, (kc->n + 1) * sizeof *kc->e);
				kc->e[kc->n].name = name;
				kc->e[kc->n].value = value;
				kc->e[kc->n].line = lineno;
				kc->n++;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return 0;
}

void acm_kconfig_free(struct acm_kconfig *kc)
{
	for (size_t i = 0; i < kc->n; i++) {
		free(kc->e[i].name);
		free(kc->e[i].value);
	}
	free(kc->e);
	kc->e = NULL;
	kc->n = 0;
}

const char *acm_kconfig_get(const struct acm_kconfig *kc, const char *name)
{
	const struct acm_kconfig_entry *e = find(kc, name);

	return e ? e->value : NULL;
}

static void add_setting(struct acm_buf *b, const char *name, const char *value)
{
	if (strcmp(value, "n") == 0)
		acm_buf_addf(b, "# %s is not set\n", name);
	else
		acm_buf_addf(b, "%s=%s\n", name, value);
}

char *acm_kconfig_merge(const char *base, const struct acm_kconfig *frag)
{
	struct acm_buf out = ACM_BUF_INIT;
	char *done = acm_xcalloc(frag->n + 1, 1);
	const char *p = base;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *name = NULL, *value = NULL;
		size_t k;
		bool replaced = false;

		if (parse_line(p, len, &name, &value) > 0) {
			for (k = 0; k < frag->n; k++) {
				if (strcmp(frag->e[k].name, name) == 0) {
					if (!done[k])
						add_setting(&out, name, frag->e[k].value);
					done[k] = 1;
					replaced = true;
					break;
				}
			}
		}
		free(name);
		free(value);
		if (!replaced) {
			acm_buf_add(&out, p, len);
			acm_buf_addc(&out, '\n');
		}
		p = eol ? eol + 1 : NULL;
	}
	for (size_t k = 0; k < frag->n; k++)
		if (!done[k])
			add_setting(&out, frag->e[k].name, frag->e[k].value);
	free(done);
	if (!out.data)
		return acm_xstrdup("");
	return acm_buf_steal(&out);
}

char *acm_kconfig_set(const char *text, const char *name, const char *value)
{
	struct acm_kconfig one;
	struct acm_kconfig_entry e;

	e.name = (char *)name;
	e.value = (char *)value;
	e.line = 0;
	one.e = &e;
	one.n = 1;
	return acm_kconfig_merge(text, &one);
}

char **acm_kconfig_lost(const struct acm_kconfig *final, const struct acm_kconfig *frag)
{
	char **lost = NULL;
	size_t n = 0;

	for (size_t i = 0; i < frag->n; i++) {
		const char *want = frag->e[i].value;
		const char *have = acm_kconfig_get(final, frag->e[i].name);

		if (strcmp(want, "n") == 0 ? (!have || strcmp(have, "n") == 0)
					   : (have && strcmp(have, want) == 0))
			continue;
		lost = acm_xrealloc(lost, (n + 2) * sizeof *lost);
		lost[n++] = acm_xasprintf("%s=%s (got: %s)", frag->e[i].name, want,
					  !have ? "not present in this kernel, or its dependencies are off"
						: strcmp(have, "n") == 0 ? "not set" : have);
		lost[n] = NULL;
	}
	return lost;
}

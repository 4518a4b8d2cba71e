/* SPDX-License-Identifier: GPL-2.0-or-later */
/* licensedep5.c - a license file in Debian's machine-readable copyright
 * format (see licensedep5.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "licensedep5.h"
#include "licensetext.h"
#include "spdx.h"

#define DEP5_PARAS 128

struct dep5_para {
	char *names;   /* the field's first line */
	char *text;    /* continuation lines, " ." made blank; NULL when none */
};

static bool is_dep5(const char *text, size_t len)
{
	size_t s = 0;
	while (s < len && isspace((unsigned char)text[s]))
		s++;
	const char *nl = memchr(text + s, '\n', len - s);
	size_t e = nl ? (size_t)(nl - text) : len;
	if (e - s < 8 || strncasecmp(text + s, "Format:", 7))
		return false;
	char *line = acm_xasprintf("%.*s", (int)(e - s), text + s);
	bool yes = strstr(line, "copyright-format") || strstr(line, "dep5") || strstr(line, "dep-5");
	free(line);
	return yes;
}

/* Debian's standard short names: GNU ones as NAME-VER[+], the rest by their SPDX id in any case */
static char *dep5_standard(const char *name)
{
	static const char *const alias[][2] = { { "Expat", "MIT" }, { "public-domain", "LicenseRef-Public-Domain" },
		{ "BSD-2-clause", "BSD-2-Clause" }, { "BSD-3-clause", "BSD-3-Clause" }, { "BSD-4-clause", "BSD-4-Clause" },
		{ "CC0", "CC0-1.0" }, { "Apache-2", "Apache-2.0" }, { "MPL-2", "MPL-2.0" }, { "Artistic-2", "Artistic-2.0" } };
	for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (!strcasecmp(name, alias[i][0]))
			return acm_xstrdup(alias[i][1]);
	static const char *const gnu[] = { "LGPL", "AGPL", "GFDL", "GPL", NULL };
	for (int i = 0; gnu[i]; i++) {
		size_t n = strlen(gnu[i]);
		if (strncmp(name, gnu[i], n) || name[n] != '-' || !isdigit((unsigned char)name[n + 1]))
			continue;
		char ver[8];
		size_t k = strspn(name + n + 1, "0123456789.");
		if (k >= sizeof ver)
			return NULL;
		snprintf(ver, sizeof ver, "%.*s", (int)k, name + n + 1);
		const char *rest = name + n + 1 + k;
		char *id = acm_xasprintf("%s-%s%s", gnu[i], ver, strchr(ver, '.') ? "" : ".0");
		const struct acm_licensetext *d = acm_licensetext_of(id);
		free(id);
		if (!d || !(d->flags & ACM_LICTEXT_GNU) || (*rest && strcmp(rest, "+")))
			return NULL;
		return acm_xasprintf("%s%s", d->id, *rest ? "-or-later" : "-only");
	}
	const struct acm_licensetext *d = acm_licensetext_of(name);
	return d && !(d->flags & ACM_LICTEXT_GNU) ? acm_xstrdup(d->id) : NULL;
}

/* The SPDX id for one short name, from its text (defs) or the name itself. */
static char *dep5_resolve(const char *name, const struct dep5_para *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!p[i].text || strcmp(p[i].names, name))
			continue;
		const struct acm_licensetext *d = acm_licensetext_identify(p[i].text, strlen(p[i].text));
		if (d && !(d->flags & ACM_LICTEXT_GNU))
			return acm_xstrdup(d->id);
	}
	char *std = dep5_standard(name);
	if (std)
		return std;
	char *ref = acm_xasprintf("LicenseRef-%s", name);
	if (acm_spdx_valid(ref))
		return ref;
	free(ref);
	return NULL;
}

/* Fills f from a DEP-5 text; false when it is none, or a name cannot be read. */
bool acm_licensedep5_read(struct acm_license_file *f, const char *text, size_t len)
{
	if (!is_dep5(text, len))
		return false;
	struct dep5_para *p = acm_xcalloc(DEP5_PARAS, sizeof(*p));
	size_t n = 0;
	struct acm_buf cur = ACM_BUF_INIT;
	bool in_license = false, ok = true;
	for (size_t i = 0; i <= len; i++) {
		const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - text) : len;
		bool cont = e > i && (text[i] == ' ' || text[i] == '\t');
		if (in_license && cont) {
			size_t s = i + 1;
			size_t after = s + 1;
			while (after < e && (text[after] == ' ' || text[after] == '\t' || text[after] == '\r'))
				after++;
			bool dot = e > s && text[s] == '.' && after >= e;   /* " ." is a blank line */
			acm_buf_addf(&cur, "%.*s\n", dot ? 0 : (int)(e - s), text + s);
		} else if (in_license) {
			p[n - 1].text = cur.len ? acm_buf_steal(&cur) : NULL;
			acm_buf_free(&cur);
			in_license = false;
		}
		if (!cont && e - i > 8 && !strncasecmp(text + i, "License:", 8) && n < DEP5_PARAS) {
			char *v = acm_xasprintf("%.*s", (int)(e - i - 8), text + i + 8);
			char *b = v + strspn(v, " \t");
			size_t bl = strlen(b);
			while (bl && isspace((unsigned char)b[bl - 1]))
				b[--bl] = '\0';
			p[n++].names = acm_xstrdup(b);
			free(v);
			in_license = true;
		}
		if (!nl)
			break;
		i = e;
	}
	if (in_license) {
		p[n - 1].text = cur.len ? acm_buf_steal(&cur) : NULL;
		acm_buf_free(&cur);
	}
	for (size_t i = 0; i < n && ok; i++) {
		if (!*p[i].names || strstr(p[i].names, " or ") || strstr(p[i].names, " with ") ||
		    strstr(p[i].names, " OR ") || strstr(p[i].names, " WITH ")) {
			ok = false;
			break;
		}
		/* "BSD-3-clause-Regents and BSD-2-clause-NetBSD", "A, B" */
		char *names = acm_xstrdup(p[i].names), *save = NULL;
		for (char *c = names; *c; c++)
			if (*c == ',')
				*c = ' ';
		for (char *w = strtok_r(names, " \t", &save); w && ok; w = strtok_r(NULL, " \t", &save)) {
			if (!strcasecmp(w, "and") || !strcmp(w, "&"))
				continue;
			char *id = dep5_resolve(w, p, n);
			if (id)
				f->ids = acm_strv_add_unique(f->ids, &f->nids, id);
			else
				ok = false;
			free(id);
		}
		free(names);
	}
	for (size_t i = 0; i < n; i++) {
		free(p[i].names);
		free(p[i].text);
	}
	free(p);
	if (!ok) {
		acm_strv_free(f->ids, f->nids);
		f->ids = NULL;
		f->nids = 0;
	}
	return true;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodkbuild.c - the modules, sub-directories and include directories one
 * Kbuild/Makefile names (see kmodkbuild.h). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kmake.h"
#include "kmodkbuild.h"

/* "@S@/../include" -> "../include"; other -I paths (absolute, or relative,
 * which Kbuild reads from the kernel tree) are not ours. */
static void collect_incdirs(struct acm_kmake *mk, const char *var, struct acm_kmodkbuild *f)
{
	char *v = acm_kmake_value(mk, var);
	size_t nw, hl = strlen(ACM_KMAKE_HERE);
	char **w = acm_kmake_words(v, &nw);

	for (size_t i = 0; i < nw; i++) {
		const char *d = NULL;

		if (strncmp(w[i], "-I", 2) == 0 && w[i][2])
			d = w[i] + 2;
		else if (strcmp(w[i], "-I") == 0 && i + 1 < nw)
			d = w[++i];
		if (!d || strncmp(d, ACM_KMAKE_HERE, hl) != 0)
			continue;
		d += hl;
		while (*d == '/')
			d++;
		if (*d && !strstr(d, ACM_KMAKE_HERE) && f->nincdirs < 64)
			f->incdirs = acm_strv_add_unique(f->incdirs, &f->nincdirs, d);
	}
	free(w);
	free(v);
}

/* The objects of module name: name-objs / name-y / name-m, else its own .o. */
static void module_objs(struct acm_kmake *mk, struct acm_kmodkbuild_module *m, const char *own)
{
	static const char *const suffixes[] = { "-objs", "-y", "-m" };

	for (size_t s = 0; s < 3; s++) {
		char *on = acm_xasprintf("%s%s", m->name, suffixes[s]);
		char *ov = acm_kmake_value(mk, on);
		size_t no;
		char **ow = acm_kmake_words(ov, &no);

		for (size_t k = 0; k < no && m->nobjs < 1024; k++)
			if (strlen(ow[k]) > 2 && strcmp(ow[k] + strlen(ow[k]) - 2, ".o") == 0)
				m->objs = acm_strv_add_unique(m->objs, &m->nobjs, ow[k]);
		free(ow);
		free(ov);
		free(on);
	}
	if (!m->nobjs)
		m->objs = acm_strv_add_unique(m->objs, &m->nobjs, own);
}

static void collect_objs(struct acm_kmake *mk, const char *var, struct acm_kmodkbuild *f,
			 bool dirs_only)
{
	char *v = acm_kmake_value(mk, var);
	size_t nw;
	char **w = acm_kmake_words(v, &nw);

	for (size_t i = 0; i < nw; i++) {
		size_t l = strlen(w[i]);
		char *word = w[i];

		while (strncmp(word, "./", 2) == 0)
			word += 2, l -= 2;
		if (strstr(word, ACM_KMAKE_HERE))
			continue;
		if (l > 1 && word[l - 1] == '/') {
			word[l - 1] = 0;
			if (f->nsubdirs < 256)
				f->subdirs = acm_strv_add_unique(f->subdirs, &f->nsubdirs, word);
		} else if (!dirs_only && l > 2 && strcmp(word + l - 2, ".o") == 0 && f->nmods < 256) {
			char *slash = strrchr(word, '/');
			struct acm_kmodkbuild_module m = { 0 };
			char *name = acm_xasprintf("%.*s", (int)(l - 2 - (slash ? (size_t)(slash + 1 - word) : 0)),
						   slash ? slash + 1 : word);
			bool dup = false;

			for (size_t k = 0; k < f->nmods; k++)
				dup |= strcmp(f->mods[k].name, name) == 0;
			if (dup || !*name) {
				free(name);
				continue;
			}
			m.name = name;
			m.dir = slash ? acm_xasprintf("%.*s", (int)(slash - word), word) : acm_xstrdup("");
			module_objs(mk, &m, slash ? slash + 1 : word);
			f->mods = acm_xrealloc(f->mods, (f->nmods + 1) * sizeof *f->mods);
			f->mods[f->nmods++] = m;
		}
	}
	free(w);
	free(v);
}

/* obj-$(NAME) / obj-${NAME} lines whose NAME is not set: what they would
 * build went to "obj-"; name the variables, so that a tree whose modules
 * all hide behind one can say which to set. */
static void collect_unset(struct acm_kmake *mk, const char *text, size_t len,
			  struct acm_kmodkbuild *f)
{
	char *off = acm_kmake_value(mk, "obj-");
	bool any = off && *off;

	free(off);
	for (size_t i = 0; any && i + 6 < len && f->nunset < 8; i++) {
		size_t k = i + 6, e;
		char close;

		if (memcmp(text + i, "obj-$", 5) != 0 || (text[i + 5] != '(' && text[i + 5] != '{'))
			continue;
		close = text[i + 5] == '(' ? ')' : '}';
		for (e = k; e < len && e - k < 64 && (isalnum((unsigned char)text[e]) || text[e] == '_'); e++)
			;
		if (e == k || e >= len || text[e] != close)
			continue;
		char *name = acm_xasprintf("%.*s", (int)(e - k), text + k);
		char *val = acm_kmake_value(mk, name);

		if (!val || !*val)
			f->unset = acm_strv_add_unique(f->unset, &f->nunset, name);
		free(val);
		free(name);
	}
}

int acm_kmodkbuild_parse(const char *text, size_t len, const char *const *vars,
			 struct acm_kmodkbuild *f)
{
	struct acm_kmake *mk = acm_kmake_new();
	static const char *const here[] = { "src", "obj", "M", "PWD", "CURDIR", "KBUILD_EXTMOD",
		"KBUILD_EXTMOD_DIR", NULL };
	static const char *const flags[] = { "ccflags-y", "ccflags-m", "EXTRA_CFLAGS",
		"subdir-ccflags-y", "asflags-y", NULL };
	int rc = 0;

	memset(f, 0, sizeof *f);
	for (size_t i = 0; here[i]; i++)
		acm_kmake_set(mk, here[i], ACM_KMAKE_HERE);
	for (size_t i = 0; vars && vars[i]; i++) {
		const char *eq = strchr(vars[i], '=');

		if (eq && eq > vars[i]) {
			char *n = acm_xasprintf("%.*s", (int)(eq - vars[i]), vars[i]);

			acm_kmake_set(mk, n, eq + 1);
			free(n);
		}
	}
	acm_kmake_read(mk, text, len);
	collect_objs(mk, "obj-m", f, false);
	collect_objs(mk, "obj-y", f, true);
	for (size_t k = 0; flags[k]; k++)
		collect_incdirs(mk, flags[k], f);
	collect_unset(mk, text, len, f);
	if (acm_kmake_overrun(mk)) {
		/* a half-read file would name half the modules: none at all */
		acm_kmodkbuild_free(f);
		rc = -1;
	}
	acm_kmake_free(mk);
	return rc;
}

void acm_kmodkbuild_modules_free(struct acm_kmodkbuild_module *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].dir);
		free(m[i].root);
		acm_strv_free(m[i].objs, m[i].nobjs);
	}
	free(m);
}

void acm_kmodkbuild_free(struct acm_kmodkbuild *f)
{
	acm_kmodkbuild_modules_free(f->mods, f->nmods);
	acm_strv_free(f->subdirs, f->nsubdirs);
	acm_strv_free(f->incdirs, f->nincdirs);
	acm_strv_free(f->unset, f->nunset);
	memset(f, 0, sizeof *f);
}

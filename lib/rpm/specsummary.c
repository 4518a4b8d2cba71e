/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specsummary.c - a Summary from what the project says of itself (see
 * specsummary.h for the order and the rules). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actext.h"
#include "buf.h"
#include "text.h"
#include "specsummary.h"

#define MAX_CANDS 64
#define MAX_TEXT 4096

void acm_summary_add(struct acm_summaries *s, enum acm_summary_from from, const char *path, const char *lib,
		     const char *text)
{
	size_t same = 0;
	for (size_t i = 0; i < s->n; i++)
		same += s->v[i].from == from;
	if (!text || same >= MAX_CANDS)
		return;
	s->v = acm_xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	struct acm_summary_cand *c = &s->v[s->n++];
	c->from = from;
	c->path = acm_xstrdup(path ? path : "");
	c->lib = lib ? acm_xstrdup(lib) : NULL;
	c->text = acm_xasprintf("%.*s", MAX_TEXT, text);
}

void acm_summary_root(struct acm_summaries *s, enum acm_summary_from from, const char *root)
{
	size_t k = 0, rl = root ? strlen(root) : 0;
	for (size_t i = 0; i < s->n; i++) {
		struct acm_summary_cand *c = &s->v[i];
		const char *slash = strrchr(c->path, '/');
		bool at_root = rl ? slash && (size_t)(slash - c->path) == rl && !strncmp(c->path, root, rl) : !slash;
		if (c->from != from || at_root) {
			s->v[k++] = *c;
		} else {
			free(c->path);
			free(c->lib);
			free(c->text);
		}
	}
	s->n = k;
}

void acm_summaries_free(struct acm_summaries *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].lib);
		free(s->v[i].text);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* ---- reading the candidates ------------------------------------------------------ */

/* "Tag:" at line (after blanks): its value (trimmed, malloc'd), else NULL.
 * "Summary(de):" is not "Summary:". */
static char *tag_value(const char *line, const char *end, const char *tag)
{
	size_t n = strlen(tag);
	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	if ((size_t)(end - line) <= n || strncasecmp(line, tag, n))
		return NULL;
	const char *v = line + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	if (v >= end || *v != ':')
		return NULL;
	for (v++; v < end && (*v == ' ' || *v == '\t');)
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	return acm_xasprintf("%.*s", (int)(end - v), v);
}

/* A line that ends the main package's preamble: any section. */
static bool section_line(const char *l, const char *end)
{
	static const char *const sec[] = { "package", "description", "prep", "build", "install", "check",
		"files", "changelog", "pre", "post", "preun", "postun", "pretrans", "posttrans", "trigger",
		"verifyscript", "clean", "generate_buildrequires", "conf", NULL };
	if (*l != '%')
		return false;
	size_t n = 0;
	while (l + 1 + n < end && (isalnum((unsigned char)l[1 + n]) || l[1 + n] == '_'))
		n++;
	for (int i = 0; sec[i]; i++)
		if (strlen(sec[i]) == n ? !strncmp(l + 1, sec[i], n) :
		    !strcmp(sec[i], "trigger") && n > 7 && !strncmp(l + 1, "trigger", 7))
			return true;
	return false;
}

static bool kernel_module_word(const char *s)
{
	return strcasestr(s, "kmod") || strcasestr(s, "dkms");
}

char *acm_summary_of_spec(const char *text)
{
	char *summary = NULL, *name = NULL;
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n'), *end = nl ? nl : l + strlen(l);
		if (section_line(l, end))
			break;
		char *v;
		if (!summary && (v = tag_value(l, end, "Summary")))
			summary = v;
		else if (!name && (v = tag_value(l, end, "Name")))
			name = v;
		l = nl ? nl + 1 : end;
	}
	if (name && kernel_module_word(name)) {
		free(summary);
		summary = NULL;
	}
	free(name);
	return summary;
}

char *acm_summary_of_pc(const char *text)
{
	return acm_actext_field(text, strlen(text), "Description");
}

/* ---- plain text and rpm's conventions ------------------------------------------- */

/* Does p start something a build system or rpm would still replace? */
static bool unfilled(const char *p)
{
	if (p[0] == '%')   /* %{x} %(x) %[x] %?x %!x %%x %_x %name */
		return p[1] && (strchr("{([?!%_", p[1]) || isalpha((unsigned char)p[1]));
	if (p[0] == '$')   /* ${VAR} $(VAR) */
		return p[1] == '{' || p[1] == '(';
	if (p[0] == '@') {   /* @VAR@ */
		size_t n = 1;
		while (isalnum((unsigned char)p[n]) || p[n] == '_')
			n++;
		return n > 1 && p[n] == '@';
	}
	return false;
}

char *acm_summary_plain(const char *raw)
{
	struct acm_buf b = ACM_BUF_INIT;
	bool blank = true;   /* nothing yet, or a blank last: blanks are dropped */
	for (const unsigned char *p = (const unsigned char *)raw; *p;) {
		if (*p == ' ' || (*p >= '\t' && *p <= '\r')) {
			if (!blank)
				acm_buf_addc(&b, ' ');
			blank = true;
			p++;
			continue;
		}
		size_t n = acm_text_printable(p);
		if (!n || unfilled((const char *)p)) {
			acm_buf_free(&b);
			return NULL;
		}
		acm_buf_add(&b, (const char *)p, n);
		blank = false;
		p += n;
	}
	char *t = acm_buf_steal(&b);
	size_t len = t ? strlen(t) : 0;
	if (len && t[len - 1] == ' ')
		t[--len] = '\0';
	if (!len) {
		free(t);
		return NULL;
	}
	return t;
}

/* characters, not bytes (the text is valid UTF-8 by then) */
static size_t chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

char *acm_summary_tidy(const char *s, const char *name)
{
	char *t = acm_xstrdup(s);
	size_t nn = strlen(name);
	/* "foo is a tool to ..." -> "tool to ..." (rpmlint: name-repeated-in-summary) */
	if (nn && !strncasecmp(t, name, nn) && (t[nn] == ' ' || t[nn] == ':' || t[nn] == ',')) {
		const char *r = t + nn;
		while (*r == ' ' || *r == ':' || *r == ',' || *r == '-')
			r++;
		if (!strncasecmp(r, "is ", 3))
			r += 3;
		if (!strncasecmp(r, "a ", 2))
			r += 2;
		else if (!strncasecmp(r, "an ", 3))
			r += 3;
		memmove(t, r, strlen(r) + 1);
	}
	size_t n = strlen(t);
	if (chars(t, n) > ACM_SUMMARY_MAX) {   /* its first sentence, when that is short enough */
		const char *dot = strstr(t, ". ");
		if (!dot || chars(t, (size_t)(dot - t)) > ACM_SUMMARY_MAX) {
			free(t);
			return NULL;
		}
		n = (size_t)(dot - t);
		t[n] = '\0';
	}
	while (n && (t[n - 1] == '.' || t[n - 1] == ' '))
		t[--n] = '\0';
	if (!n || !strcasecmp(t, name)) {   /* nothing but the name says nothing */
		free(t);
		return NULL;
	}
	t[0] = (char)toupper((unsigned char)t[0]);
	return t;
}

/* ---- the order ---------------------------------------------------------------- */

/* "libfoo-2.0" -> "foo" (length in *n) */
static const char *stem(const char *s, size_t *n)
{
	if (!strncasecmp(s, "lib", 3) && s[3])
		s += 3;
	*n = strlen(s);
	const char *dash = strrchr(s, '-');
	if (dash && dash > s && dash[1] && strspn(dash + 1, "0123456789.") == strlen(dash + 1))
		*n = (size_t)(dash - s);
	return s;
}

static bool own_library(const char *lib, const char *name)
{
	size_t ln, nn;
	const char *l = stem(lib, &ln), *m = stem(name, &nn);
	return ln == nn && !strncasecmp(l, m, ln);
}

static const char *base(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

static bool usable(const struct acm_summary_cand *c, const char *name)
{
	switch (c->from) {
	case ACM_SUMMARY_SPEC: return !kernel_module_word(base(c->path));
	case ACM_SUMMARY_MESON: return c->lib && own_library(c->lib, name) && strncmp(c->path, "subprojects/", 12) &&
				       !strstr(c->path, "/subprojects/");
	case ACM_SUMMARY_PC: return c->lib && own_library(c->lib, name);
	default: return true;
	}
}

/* Is a a better candidate than b (same kind)? NAME.spec first, then the
 * shallowest, then by path: the same source gives the same Summary. */
static bool better(const struct acm_summary_cand *a, const struct acm_summary_cand *b, const char *name)
{
	if (a->from == ACM_SUMMARY_SPEC) {
		char *s = acm_xasprintf("%s.spec", name), *si = acm_xasprintf("%s.spec.in", name);
		bool am = !strcmp(base(a->path), s) || !strcmp(base(a->path), si);
		bool bm = !strcmp(base(b->path), s) || !strcmp(base(b->path), si);
		free(s);
		free(si);
		if (am != bm)
			return am;
	}
	int da = 0, db = 0;
	for (const char *p = a->path; *p; p++)
		da += *p == '/';
	for (const char *p = b->path; *p; p++)
		db += *p == '/';
	if (da != db)
		return da < db;
	return strcmp(a->path, b->path) < 0;
}

char *acm_summary_pick(const struct acm_summaries *s, const char *name, const char **path)
{
	bool *tried = s->n ? acm_xcalloc(s->n, sizeof(*tried)) : NULL;
	char *out = NULL;
	for (int from = ACM_SUMMARY_SPEC; from <= ACM_SUMMARY_PC && !out; from++) {
		for (;;) {   /* this kind's candidates, best first, until one is plain */
			const struct acm_summary_cand *c = NULL;
			size_t ci = 0;
			for (size_t i = 0; i < s->n; i++)
				if (!tried[i] && (int)s->v[i].from == from && usable(&s->v[i], name) &&
				    (!c || better(&s->v[i], c, name))) {
					c = &s->v[i];
					ci = i;
				}
			if (!c)
				break;
			tried[ci] = true;
			char *plain = acm_summary_plain(c->text);
			out = plain ? acm_summary_tidy(plain, name) : NULL;
			free(plain);
			if (out) {
				if (path)
					*path = c->path;
				break;
			}
		}
	}
	free(tried);
	return out;
}

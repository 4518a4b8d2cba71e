/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodscan.c - find obj-m modules in a driver tree's Kbuild/Makefile files
 * and decide what a clean kmod source holds (see kmodscan.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "kmodscan.h"
#include "msg.h"
#include "spdx.h"

/* ---- limits: the parser reads untrusted text ---------------------------- */

#define MAX_VARS        4096
#define MAX_DEPTH       16          /* nested $(...) / recursive variables */
#define MAX_EXPANSION   (64u << 10) /* bytes one expansion may produce */
#define MAX_STEPS       (1u << 20)  /* work budget for one file's expansions */
#define MAX_WORDS       4096

/* "$(src)", "$(M)", "$(PWD)": the module's own directory. A marker no make
 * text contains, turned back into a relative path by the caller. */
#define SRC_MARK "\x01S\x01"

struct var {
	char *name;
	char *value;
	bool simple;   /* := (already expanded) or = (expanded on use) */
};

struct pstate {
	struct var *vars;
	size_t nvars;
	unsigned long steps;
};

static struct var *var_find(struct pstate *ps, const char *name, size_t n)
{
	for (size_t i = 0; i < ps->nvars; i++)
		if (strlen(ps->vars[i].name) == n && memcmp(ps->vars[i].name, name, n) == 0)
			return &ps->vars[i];
	return NULL;
}

static struct var *var_set(struct pstate *ps, const char *name, const char *value, bool simple)
{
	struct var *v = var_find(ps, name, strlen(name));

	if (!v) {
		if (ps->nvars >= MAX_VARS)
			return NULL;
		ps->vars = acm_xrealloc(ps->vars, (ps->nvars + 1) * sizeof *ps->vars);
		v = &ps->vars[ps->nvars++];
		v->name = acm_xstrdup(name);
		v->value = NULL;
	}
	free(v->value);
	v->value = acm_xstrdup(value);
	v->simple = simple;
	return v;
}

/* Index of the ')' or '}' closing the one at s[start-1], or n when unclosed. */
static size_t match_close(const char *s, size_t n, size_t start, char open)
{
	char close = open == '(' ? ')' : '}';
	int depth = 1;

	for (size_t i = start; i < n; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == close && --depth == 0)
			return i;
	}
	return n;
}

static void expand(struct pstate *ps, const char *s, size_t n, int depth, struct acm_buf *out);

static void expand_str(struct pstate *ps, const char *s, int depth, struct acm_buf *out)
{
	expand(ps, s, strlen(s), depth, out);
}

/* Split make function arguments at top-level commas. */
static size_t split_args(const char *s, size_t n, const char **av, size_t *al, size_t max)
{
	size_t na = 0, start = 0;
	int depth = 0;

	for (size_t i = 0; i <= n && na < max; i++) {
		if (i == n || (s[i] == ',' && depth == 0 && na + 1 < max)) {
			av[na] = s + start;
			al[na] = i - start;
			na++;
			start = i + 1;
		} else if (s[i] == '(' || s[i] == '{') {
			depth++;
		} else if ((s[i] == ')' || s[i] == '}') && depth > 0) {
			depth--;
		}
	}
	return na;
}

/* Words of s, as pointers into a copy the caller frees. */
static char **words(char *s, size_t *nw)
{
	char **w = NULL;
	size_t n = 0;

	for (char *tok = strtok(s, " \t\r\n"); tok && n < MAX_WORDS; tok = strtok(NULL, " \t\r\n")) {
		w = acm_xrealloc(w, (n + 1) * sizeof *w);
		w[n++] = tok;
	}
	*nw = n;
	return w;
}

/* make's pattern match for patsubst: one '%' at most. Returns the stem
 * length matched, or -1. */
static long pat_match(const char *pat, const char *word, const char **stem)
{
	const char *pc = strchr(pat, '%');
	size_t pl = strlen(pat), wl = strlen(word);

	if (!pc)
		return strcmp(pat, word) == 0 ? 0 : -1;
	size_t pre = (size_t)(pc - pat), suf = pl - pre - 1;

	if (wl < pre + suf || strncmp(word, pat, pre) != 0 || strcmp(word + wl - suf, pc + 1) != 0)
		return -1;
	*stem = word + pre;
	return (long)(wl - pre - suf);
}

static void add_word(struct acm_buf *out, const char *w, size_t n, bool *first)
{
	if (!*first)
		acm_buf_addc(out, ' ');
	acm_buf_add(out, w, n);
	*first = false;
}

/* The text functions Kbuild files use to build object lists; any other
 * function ($(shell ...), $(wildcard ...)) expands to nothing, except
 * $(shell pwd), which is the module's directory. */
static void call_func(struct pstate *ps, const char *fn, size_t fnlen, const char *args, size_t n,
		      int depth, struct acm_buf *out)
{
	const char *av[3];
	size_t al[3], na;
	struct acm_buf a[3] = { ACM_BUF_INIT, ACM_BUF_INIT, ACM_BUF_INIT };
	bool first = true;

	ps->steps += 64;
	if (ps->steps > MAX_STEPS)
		return;
#define FN(x) (fnlen == strlen(x) && memcmp(fn, x, fnlen) == 0)
	if (FN("shell")) {
		while (n && isspace((unsigned char)*args))
			args++, n--;
		while (n && isspace((unsigned char)args[n - 1]))
			n--;
		if ((n == 3 && memcmp(args, "pwd", 3) == 0) || (n == 6 && memcmp(args, "/bin/pwd", 6) == 0))
			acm_buf_adds(out, SRC_MARK);
		return;
	}
	na = split_args(args, n, av, al, 3);
	for (size_t i = 0; i < na; i++)
		expand(ps, av[i], al[i], depth + 1, &a[i]);
	size_t before = out->len;

	if ((FN("addprefix") || FN("addsuffix")) && na == 2) {
		char *list = acm_xstrdup(acm_buf_str(&a[1]));
		size_t nw;
		char **w = words(list, &nw);

		for (size_t i = 0; i < nw && out->len < MAX_EXPANSION; i++) {
			char *t = FN("addprefix") ? acm_xasprintf("%s%s", acm_buf_str(&a[0]), w[i])
						  : acm_xasprintf("%s%s", w[i], acm_buf_str(&a[0]));

			add_word(out, t, strlen(t), &first);
			free(t);
		}
		free(w);
		free(list);
	} else if (FN("patsubst") && na == 3) {
		char *pat = acm_xstrdup(acm_buf_str(&a[0])), *rep = acm_xstrdup(acm_buf_str(&a[1]));
		char *list = acm_xstrdup(acm_buf_str(&a[2]));
		size_t nw;
		char **w = words(list, &nw);

		/* trim the pattern and replacement like make does */
		char *p = pat, *r = rep;

		while (isspace((unsigned char)*p))
			p++;
		while (isspace((unsigned char)*r))
			r++;
		for (size_t i = 0; i < nw && out->len < MAX_EXPANSION; i++) {
			const char *stem = NULL;
			long sl = pat_match(p, w[i], &stem);
			char *rc = strchr(r, '%');

			if (sl < 0) {
				add_word(out, w[i], strlen(w[i]), &first);
			} else if (rc && stem) {
				char *t = acm_xasprintf("%.*s%.*s%s", (int)(rc - r), r, (int)sl, stem, rc + 1);

				add_word(out, t, strlen(t), &first);
				free(t);
			} else {
				add_word(out, r, strlen(r), &first);
			}
		}
		free(w);
		free(list);
		free(pat);
		free(rep);
	} else if (FN("subst") && na == 3) {
		const char *from = acm_buf_str(&a[0]), *to = acm_buf_str(&a[1]), *t = acm_buf_str(&a[2]);
		size_t fl = strlen(from);

		while (*t && out->len < MAX_EXPANSION) {
			if (fl && strncmp(t, from, fl) == 0) {
				acm_buf_adds(out, to);
				t += fl;
			} else {
				acm_buf_addc(out, *t++);
			}
		}
	} else if ((FN("strip") || FN("notdir") || FN("sort")) && na == 1) {
		char *list = acm_xstrdup(acm_buf_str(&a[0]));
		size_t nw;
		char **w = words(list, &nw);

		for (size_t i = 0; i < nw; i++) {
			const char *x = w[i];

			if (FN("notdir") && strrchr(x, '/'))
				x = strrchr(x, '/') + 1;
			add_word(out, x, strlen(x), &first);
		}
		free(w);
		free(list);
	}
#undef FN
	ps->steps += out->len - before;
	for (size_t i = 0; i < 3; i++)
		acm_buf_free(&a[i]);
}

/* $(VAR:.c=.o) */
static void subst_ref(const char *val, const char *from, const char *to, struct acm_buf *out)
{
	char *list = acm_xstrdup(val);
	size_t nw, fl = strlen(from);
	char **w = words(list, &nw);
	bool first = true;

	for (size_t i = 0; i < nw && out->len < MAX_EXPANSION; i++) {
		size_t wl = strlen(w[i]);

		if (fl && wl >= fl && strcmp(w[i] + wl - fl, from) == 0) {
			char *t = acm_xasprintf("%.*s%s", (int)(wl - fl), w[i], to);

			add_word(out, t, strlen(t), &first);
			free(t);
		} else {
			add_word(out, w[i], wl, &first);
		}
	}
	free(w);
	free(list);
}

static void expand_var(struct pstate *ps, const char *name, int depth, struct acm_buf *out)
{
	struct var *v;
	const char *colon = strchr(name, ':');

	/* each reference costs: A = $(A) $(A) nests 2^depth of them */
	ps->steps += 64;
	if (ps->steps > MAX_STEPS)
		return;

	if (colon && strchr(colon, '=')) {
		const char *eq = strchr(colon, '=');
		char *vn = acm_xasprintf("%.*s", (int)(colon - name), name);
		char *from = acm_xasprintf("%.*s", (int)(eq - colon - 1), colon + 1);
		struct acm_buf val = ACM_BUF_INIT;

		expand_var(ps, vn, depth + 1, &val);
		subst_ref(acm_buf_str(&val), from, eq + 1, out);
		acm_buf_free(&val);
		free(vn);
		free(from);
		return;
	}
	v = var_find(ps, name, strlen(name));
	if (!v || !v->value)
		return;
	if (v->simple) {
		size_t n = strlen(v->value);

		/* copying counts against the budget too: A := x; A += $(A) $(A) doubles */
		if (ps->steps + n > MAX_STEPS || out->len >= MAX_EXPANSION)
			return;
		ps->steps += n;
		acm_buf_add(out, v->value, n);
	} else {
		/* the value may be changed by what it expands: copy first */
		char *copy = acm_xstrdup(v->value);

		expand_str(ps, copy, depth + 1, out);
		free(copy);
	}
}

static void expand(struct pstate *ps, const char *s, size_t n, int depth, struct acm_buf *out)
{
	if (depth > MAX_DEPTH)
		return;
	for (size_t i = 0; i < n; i++) {
		if (++ps->steps > MAX_STEPS || out->len >= MAX_EXPANSION)
			return;
		if (s[i] != '$') {
			acm_buf_addc(out, s[i]);
			continue;
		}
		if (i + 1 >= n)
			break;
		char c = s[++i];

		if (c == '$') {
			acm_buf_addc(out, '$');
		} else if (c == '(' || c == '{') {
			size_t start = i + 1, end = match_close(s, n, start, c);
			const char *in = s + start;
			size_t inlen = end - start, k = 0;

			while (k < inlen && !isspace((unsigned char)in[k]) && in[k] != '$' && in[k] != ':' &&
			       in[k] != ',')
				k++;
			if (k < inlen && isspace((unsigned char)in[k]) && k > 0) {
				call_func(ps, in, k, in + k + 1, inlen - k - 1, depth, out);
			} else {
				struct acm_buf name = ACM_BUF_INIT;

				expand(ps, in, inlen, depth + 1, &name);
				expand_var(ps, acm_buf_str(&name), depth, out);
				acm_buf_free(&name);
			}
			i = end; /* at the closing paren (or n: loop ends) */
		} else {
			char name[2] = { c, 0 };

			expand_var(ps, name, depth, out);
		}
	}
}

static char *expand_dup(struct pstate *ps, const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;

	expand_str(ps, s, 0, &b);
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

static bool starts_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	return strncmp(s, w, n) == 0 && (s[n] == 0 || isspace((unsigned char)s[n]) || s[n] == '(');
}

/* One logical line (continuations joined, comment removed). */
static void parse_line(struct pstate *ps, char *line)
{
	char *p = trim(line), *op = NULL, *lhs, *rhs, *name;
	int depth = 0;
	char kind = 0;

	if (!*p)
		return;
	for (;;) {
		if (starts_word(p, "export") && !strchr(p, '='))
			return;
		if (starts_word(p, "export") || starts_word(p, "override") || starts_word(p, "private")) {
			p = trim(p + strcspn(p, " \t("));
			continue;
		}
		break;
	}
	static const char *const directives[] = { "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif",
		"include", "-include", "sinclude", "unexport", "vpath", "undefine", NULL };
	for (size_t i = 0; directives[i]; i++)
		if (starts_word(p, directives[i]))
			return;

	for (char *q = p; *q; q++) {
		if (*q == '(' || *q == '{') {
			depth++;
		} else if ((*q == ')' || *q == '}') && depth > 0) {
			depth--;
		} else if (depth == 0 && *q == ':') {
			if (q[1] == '=') { op = q; kind = ':'; break; }
			if (q[1] == ':' && q[2] == '=') { op = q; kind = 'S'; break; }
			return; /* a rule: "target: prerequisites" */
		} else if (depth == 0 && *q == '=') {
			if (q > p && (q[-1] == '+' || q[-1] == '?' || q[-1] == '!')) {
				op = q - 1;
				kind = q[-1];
			} else {
				op = q;
				kind = '=';
			}
			break;
		}
	}
	if (!op)
		return;
	rhs = op + (kind == 'S' ? 3 : kind == '=' ? 1 : 2);
	*op = 0;
	lhs = trim(p);
	rhs = trim(rhs);
	if (!*lhs || kind == '!')
		return;
	name = expand_dup(ps, lhs);
	{
		char *n = trim(name);

		if (!*n || strpbrk(n, " \t")) {
			free(name);
			return;
		}
		memmove(name, n, strlen(n) + 1);
	}
	if (kind == ':' || kind == 'S') {
		char *v = expand_dup(ps, rhs);

		var_set(ps, name, v, true);
		free(v);
	} else if (kind == '=') {
		var_set(ps, name, rhs, false);
	} else if (kind == '?') {
		if (!var_find(ps, name, strlen(name)))
			var_set(ps, name, rhs, false);
	} else { /* += */
		struct var *v = var_find(ps, name, strlen(name));

		if (!v) {
			var_set(ps, name, rhs, false);
		} else {
			char *add = v->simple ? expand_dup(ps, rhs) : acm_xstrdup(rhs);
			char *joined;

			v = var_find(ps, name, strlen(name)); /* expansion may not move it, but be safe */
			if (v) {
				joined = *v->value ? acm_xasprintf("%s %s", v->value, add) : acm_xstrdup(add);
				if (strlen(joined) > MAX_EXPANSION)
					joined[MAX_EXPANSION] = 0;
				free(v->value);
				v->value = joined;
			}
			free(add);
		}
	}
	free(name);
}

static char **list_add(char **list, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i], s) == 0)
			return list;
	list = acm_xrealloc(list, (*n + 1) * sizeof *list);
	list[(*n)++] = acm_xstrdup(s);
	return list;
}

static char *expand_var_words(struct pstate *ps, const char *name)
{
	struct acm_buf b = ACM_BUF_INIT;

	expand_var(ps, name, 0, &b);
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

/* "@S@/../include" -> "../include"; other -I paths (absolute, or relative,
 * which Kbuild reads from the kernel tree) are not ours. */
static void collect_incdirs(struct pstate *ps, const char *var, struct acm_kbuild_file *f)
{
	char *v = expand_var_words(ps, var);
	size_t nw;
	char **w = words(v, &nw);

	for (size_t i = 0; i < nw; i++) {
		const char *d = NULL;

		if (strncmp(w[i], "-I", 2) == 0 && w[i][2])
			d = w[i] + 2;
		else if (strcmp(w[i], "-I") == 0 && i + 1 < nw)
			d = w[++i];
		if (!d || strncmp(d, SRC_MARK, strlen(SRC_MARK)) != 0)
			continue;
		d += strlen(SRC_MARK);
		while (*d == '/')
			d++;
		if (*d && !strstr(d, SRC_MARK) && f->nincdirs < 64)
			f->incdirs = list_add(f->incdirs, &f->nincdirs, d);
	}
	free(w);
	free(v);
}

static void collect_objs(struct pstate *ps, const char *var, struct acm_kbuild_file *f, bool dirs_only)
{
	char *v = expand_var_words(ps, var);
	size_t nw;
	char **w = words(v, &nw);

	for (size_t i = 0; i < nw; i++) {
		size_t l = strlen(w[i]);
		char *word = w[i];

		while (strncmp(word, "./", 2) == 0)
			word += 2, l -= 2;
		if (strstr(word, SRC_MARK))
			continue;
		if (l > 1 && word[l - 1] == '/') {
			word[l - 1] = 0;
			if (f->nsubdirs < 256)
				f->subdirs = list_add(f->subdirs, &f->nsubdirs, word);
		} else if (!dirs_only && l > 2 && strcmp(word + l - 2, ".o") == 0 && f->nmods < 256) {
			char *slash = strrchr(word, '/');
			struct acm_kbuild_module m = { 0 };
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
			m.subdir = slash ? acm_xasprintf("%.*s", (int)(slash - word), word) : acm_xstrdup("");
			static const char *const suffixes[] = { "-objs", "-y", "-m" };
			for (size_t s = 0; s < 3; s++) {
				char *on = acm_xasprintf("%s%s", name, suffixes[s]);
				char *ov = expand_var_words(ps, on);
				size_t no;
				char **ow = words(ov, &no);

				for (size_t k = 0; k < no && m.nobjs < 1024; k++)
					if (strlen(ow[k]) > 2 && strcmp(ow[k] + strlen(ow[k]) - 2, ".o") == 0)
						m.objs = list_add(m.objs, &m.nobjs, ow[k]);
				free(ow);
				free(ov);
				free(on);
			}
			if (!m.nobjs)
				m.objs = list_add(m.objs, &m.nobjs, slash ? slash + 1 : word);
			f->mods = acm_xrealloc(f->mods, (f->nmods + 1) * sizeof *f->mods);
			f->mods[f->nmods++] = m;
		}
	}
	free(w);
	free(v);
}

void acm_kbuild_parse(const char *text, size_t len, struct acm_kbuild_file *f)
{
	acm_kbuild_parse_vars(text, len, NULL, f);
}

void acm_kbuild_parse_vars(const char *text, size_t len, const char *const *vars,
			   struct acm_kbuild_file *f)
{
	struct pstate ps = { 0 };
	struct acm_buf line = ACM_BUF_INIT;
	static const char *const here[] = { "src", "obj", "M", "PWD", "CURDIR", "KBUILD_EXTMOD",
		"KBUILD_EXTMOD_DIR", NULL };
	bool in_define = false;

	memset(f, 0, sizeof *f);
	for (size_t i = 0; here[i]; i++)
		var_set(&ps, here[i], SRC_MARK, true);
	for (size_t i = 0; vars && vars[i]; i++) {
		const char *eq = strchr(vars[i], '=');

		if (eq && eq > vars[i]) {
			char *n = acm_xasprintf("%.*s", (int)(eq - vars[i]), vars[i]);

			var_set(&ps, n, eq + 1, true);
			free(n);
		}
	}

	size_t i = 0;

	while (i < len) {
		bool recipe = text[i] == '\t';
		bool comment = false;

		acm_buf_reset(&line);
		/* one logical line: backslash-newline joins, '#' starts a comment
		 * (unless escaped), NUL bytes end nothing but are dropped */
		while (i < len && text[i] != '\n') {
			char c = text[i];

			if (c == '\\' && i + 1 < len && text[i + 1] == '\n') {
				i += 2;
				while (i < len && (text[i] == ' ' || text[i] == '\t'))
					i++;
				if (!comment)
					acm_buf_addc(&line, ' ');
				continue;
			}
			if (c == '\\' && i + 1 < len && text[i + 1] == '#') {
				if (!comment)
					acm_buf_addc(&line, '#');
				i += 2;
				continue;
			}
			if (c == '#')
				comment = true;
			if (!comment && c != '\0' && line.len < MAX_EXPANSION)
				acm_buf_addc(&line, c);
			i++;
		}
		i++; /* the newline */
		if (recipe || !line.data)
			continue;
		char *l = trim(line.data);

		if (in_define) {
			if (starts_word(l, "endef"))
				in_define = false;
			continue;
		}
		if (starts_word(l, "define") ||
		    ((starts_word(l, "export") || starts_word(l, "override")) && strstr(l, "define") &&
		     !strchr(l, '='))) {
			in_define = true;
			continue;
		}
		parse_line(&ps, l);
	}
	acm_buf_free(&line);

	collect_objs(&ps, "obj-m", f, false);
	collect_objs(&ps, "obj-y", f, true);
	static const char *const flags[] = { "ccflags-y", "ccflags-m", "EXTRA_CFLAGS",
		"subdir-ccflags-y", "asflags-y", NULL };
	for (size_t k = 0; flags[k]; k++)
		collect_incdirs(&ps, flags[k], f);

	for (size_t k = 0; k < ps.nvars; k++) {
		free(ps.vars[k].name);
		free(ps.vars[k].value);
	}
	free(ps.vars);
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void acm_kbuild_file_free(struct acm_kbuild_file *f)
{
	for (size_t i = 0; i < f->nmods; i++) {
		free(f->mods[i].name);
		free(f->mods[i].subdir);
		strv_free(f->mods[i].objs, f->mods[i].nobjs);
	}
	free(f->mods);
	strv_free(f->subdirs, f->nsubdirs);
	strv_free(f->incdirs, f->nincdirs);
	memset(f, 0, sizeof *f);
}

bool acm_kmod_valid_name(const char *s)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-'))
			return false;
	return n <= 55;
}

char *acm_kmod_path_norm(const char *path)
{
	char *copy = acm_xstrdup(path), *save = NULL;
	char **parts = NULL;
	size_t n = 0;
	struct acm_buf out = ACM_BUF_INIT;
	bool bad = false;

	for (char *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0) {
			if (!n) {
				bad = true;
				break;
			}
			n--;
			continue;
		}
		parts = acm_xrealloc(parts, (n + 1) * sizeof *parts);
		parts[n++] = t;
	}
	for (size_t i = 0; !bad && i < n; i++) {
		if (i)
			acm_buf_addc(&out, '/');
		acm_buf_adds(&out, parts[i]);
	}
	free(parts);
	free(copy);
	if (bad) {
		acm_buf_free(&out);
		return NULL;
	}
	return out.data ? acm_buf_steal(&out) : acm_xstrdup("");
}

/* ---- the tree ------------------------------------------------------------ */

struct sfile {
	char *path;
	bool is_dir;
	char *license;   /* C sources: SPDX id found in it */
};

struct mkf {
	char *dir;
	int prio;        /* 2 Kbuild, 1 Makefile: the kernel reads Kbuild first */
	struct acm_kbuild_file f;
};

struct acm_kmod_scan {
	struct sfile *files;
	size_t nfiles;
	struct mkf *mk;
	size_t nmk;
	char *version_file, *dkms_version, *dkms_name;
	const char *const *vars;
};

struct acm_kmod_scan *acm_kmod_scan_new(void)
{
	return acm_xcalloc(1, sizeof(struct acm_kmod_scan));
}

void acm_kmod_scan_set_vars(struct acm_kmod_scan *s, const char *const *vars)
{
	s->vars = vars;
}

void acm_kmod_scan_reset(struct acm_kmod_scan *s)
{
	const char *const *vars = s->vars;

	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].license);
	}
	free(s->files);
	for (size_t i = 0; i < s->nmk; i++) {
		free(s->mk[i].dir);
		acm_kbuild_file_free(&s->mk[i].f);
	}
	free(s->mk);
	free(s->version_file);
	free(s->dkms_version);
	free(s->dkms_name);
	memset(s, 0, sizeof *s);
	s->vars = vars;
}

void acm_kmod_scan_free(struct acm_kmod_scan *s)
{
	if (!s)
		return;
	acm_kmod_scan_reset(s);
	free(s);
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int makefile_prio(const char *base)
{
	if (strcmp(base, "Kbuild") == 0)
		return 2;
	if (strcmp(base, "Makefile") == 0 || strcmp(base, "makefile") == 0 ||
	    strcmp(base, "GNUmakefile") == 0)
		return 1;
	return 0;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

bool acm_kmod_scan_wants(const char *path, unsigned long long size)
{
	const char *b = base_of(path);

	if (makefile_prio(b))
		return size <= (1u << 20);
	if (strcmp(path, "VERSION") == 0 || strcmp(path, "dkms.conf") == 0)
		return size <= 65536;
	return ends_with(b, ".c") && size <= (8u << 20);
}

/* A version string usable as an RPM Version: starts with a digit, then
 * letters, digits and ._+~ ("v1.2" -> "1.2"). */
static char *clean_version(const char *s, size_t n)
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

/* An SPDX tag near the top of the file, else MODULE_LICENSE("GPL") anywhere. */
static char *find_license(const char *text, size_t len)
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

void acm_kmod_scan_add(struct acm_kmod_scan *s, const char *path, bool is_dir, const char *text,
		       size_t len)
{
	struct sfile *sf;
	const char *b = base_of(path);
	int prio = is_dir ? 0 : makefile_prio(b);

	s->files = acm_xrealloc(s->files, (s->nfiles + 1) * sizeof *s->files);
	sf = &s->files[s->nfiles++];
	sf->path = acm_xstrdup(path);
	sf->is_dir = is_dir;
	sf->license = NULL;
	if (!text || is_dir)
		return;
	if (prio) {
		char *dir = b == path ? acm_xstrdup("") : acm_xasprintf("%.*s", (int)(b - path - 1), path);
		struct mkf *m = NULL;

		for (size_t i = 0; i < s->nmk; i++)
			if (strcmp(s->mk[i].dir, dir) == 0)
				m = &s->mk[i];
		if (m && m->prio >= prio) {
			free(dir);
			return;
		}
		if (m) {
			acm_kbuild_file_free(&m->f);
			free(dir);
		} else {
			s->mk = acm_xrealloc(s->mk, (s->nmk + 1) * sizeof *s->mk);
			m = &s->mk[s->nmk++];
			m->dir = dir;
		}
		m->prio = prio;
		acm_kbuild_parse_vars(text, len, s->vars, &m->f);
	} else if (strcmp(path, "VERSION") == 0) {
		free(s->version_file);
		s->version_file = clean_version(text, strcspn(text, "\n"));
	} else if (strcmp(path, "dkms.conf") == 0) {
		for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			if (strncmp(l, "PACKAGE_VERSION=", 16) == 0) {
				free(s->dkms_version);
				s->dkms_version = clean_version(l + 16, strcspn(l + 16, "\n"));
			} else if (strncmp(l, "PACKAGE_NAME=", 13) == 0) {
				const char *v = l + 13;
				size_t n = strcspn(v, "\n");

				while (n && (*v == '"' || *v == '\''))
					v++, n--;
				while (n && (v[n - 1] == '"' || v[n - 1] == '\'' || isspace((unsigned char)v[n - 1])))
					n--;
				free(s->dkms_name);
				s->dkms_name = NULL;
				if (n && n < 64 && !memchr(v, '$', n) && !memchr(v, ' ', n))
					s->dkms_name = acm_xasprintf("%.*s", (int)n, v);
			}
		}
	} else if (ends_with(b, ".c")) {
		sf->license = find_license(text, len);
	}
}

const char *acm_kmod_scan_dkms_name(const struct acm_kmod_scan *s)
{
	return s->dkms_name;
}

const char *acm_kmod_scan_version(const struct acm_kmod_scan *s)
{
	return s->version_file ? s->version_file : s->dkms_version;
}

static const struct mkf *mkf_for(const struct acm_kmod_scan *s, const char *dir)
{
	for (size_t i = 0; i < s->nmk; i++)
		if (strcmp(s->mk[i].dir, dir) == 0)
			return &s->mk[i];
	return NULL;
}

static char *join(const char *dir, const char *rel)
{
	char *j = *dir ? acm_xasprintf("%s/%s", dir, rel) : acm_xstrdup(rel);
	char *n = acm_kmod_path_norm(j);

	free(j);
	return n;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!*dir)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct collect {
	struct acm_kmod_set *set;
	char **visited;
	size_t nvisited;
	char **incdirs;
	size_t nincdirs;
};

/* Modules of dir and of the sub-directories its obj-m/obj-y names. */
static void visit(const struct acm_kmod_scan *s, const char *root, const char *dir, int depth,
		  struct collect *c)
{
	const struct mkf *m;

	if (depth > 16)
		return;
	for (size_t i = 0; i < c->nvisited; i++)
		if (strcmp(c->visited[i], dir) == 0)
			return;
	c->visited = list_add(c->visited, &c->nvisited, dir);
	m = mkf_for(s, dir);
	if (!m)
		return;
	for (size_t i = 0; i < m->f.nincdirs; i++) {
		char *d = join(dir, m->f.incdirs[i]);

		if (d && *d)
			c->incdirs = list_add(c->incdirs, &c->nincdirs, d);
		free(d);
	}
	for (size_t i = 0; i < m->f.nmods; i++) {
		const struct acm_kbuild_module *km = &m->f.mods[i];
		char *kdir = join(dir, km->subdir);
		struct acm_kmod_module *o;

		if (!kdir)
			continue;
		c->set->mods = acm_xrealloc(c->set->mods, (c->set->nmods + 1) * sizeof *c->set->mods);
		o = &c->set->mods[c->set->nmods++];
		o->name = acm_xstrdup(km->name);
		o->root = acm_xstrdup(root);
		o->dir = kdir;
		o->nobjs = km->nobjs;
		o->objs = acm_xcalloc(km->nobjs ? km->nobjs : 1, sizeof *o->objs);
		for (size_t k = 0; k < km->nobjs; k++)
			o->objs[k] = acm_xstrdup(km->objs[k]);
	}
	for (size_t i = 0; i < m->f.nsubdirs; i++) {
		char *sd = join(dir, m->f.subdirs[i]);

		if (sd)
			visit(s, root, sd, depth + 1, c);
		free(sd);
	}
}

static bool is_doc(const char *path)
{
	static const char *const pre[] = { "COPYING", "LICENSE", "LICENCE", "README", "copying",
		"license", "readme", NULL };

	if (strchr(path, '/'))
		return false;
	for (size_t i = 0; pre[i]; i++)
		if (strncmp(path, pre[i], strlen(pre[i])) == 0)
			return true;
	return false;
}

static bool looks_like_code(const char *path)
{
	const char *b = base_of(path);

	return ends_with(b, ".c") || ends_with(b, ".h") || ends_with(b, ".cc") || ends_with(b, ".cpp") ||
	       makefile_prio(b) || strcmp(b, "CMakeLists.txt") == 0 || strcmp(b, "configure") == 0;
}

static bool dir_exists(const struct acm_kmod_scan *s, const char *dir)
{
	if (!*dir)
		return true;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].is_dir && strcmp(s->files[i].path, dir) == 0)
			return true;
	/* tarballs may list files without their directories */
	for (size_t i = 0; i < s->nfiles; i++)
		if (under(s->files[i].path, dir) && strcmp(s->files[i].path, dir) != 0)
			return true;
	return false;
}

int acm_kmod_find(struct acm_kmod_scan *s, const char *const *module_dirs, bool all_files,
		  const char *arg, struct acm_kmod_set *out)
{
	struct collect c = { .set = out };
	char **roots = NULL;
	size_t nroots = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (module_dirs && module_dirs[0]) {
		for (size_t i = 0; module_dirs[i]; i++) {
			char *d = acm_kmod_path_norm(module_dirs[i]);
			const struct mkf *m;

			if (!d || module_dirs[i][0] == '/') {
				acm_err("'%s': --module-dir must be a directory inside the source, relative "
					"to its top", module_dirs[i]);
				free(d);
				rc = ACM_EX_USAGE;
				goto out;
			}
			if (!dir_exists(s, d)) {
				acm_err("'%s': no directory '%s' in the source; --module-dir names a "
					"directory relative to the source's top", arg, module_dirs[i]);
				free(d);
				rc = ACM_EX_DATAERR;
				goto out;
			}
			m = mkf_for(s, d);
			if (!m || (!m->f.nmods && !m->f.nsubdirs)) {
				acm_err("'%s': '%s' has no Kbuild or Makefile that defines obj-m; "
					"name the directory whose Kbuild/Makefile says 'obj-m += NAME.o'",
					arg, module_dirs[i]);
				free(d);
				rc = ACM_EX_DATAERR;
				goto out;
			}
			roots = list_add(roots, &nroots, d);
			free(d);
		}
	} else {
		/* every directory with obj-m, less those another one's obj-m reaches */
		char **reached = NULL;
		size_t nreached = 0;

		for (size_t i = 0; i < s->nmk; i++) {
			for (size_t k = 0; k < s->mk[i].f.nsubdirs; k++) {
				char *sd = join(s->mk[i].dir, s->mk[i].f.subdirs[k]);

				/* "obj-m += ../" climbs back: it does not make a root a child */
				if (sd && !under(s->mk[i].dir, sd))
					reached = list_add(reached, &nreached, sd);
				free(sd);
			}
		}
		for (size_t i = 0; i < s->nmk; i++) {
			bool r = false;

			if (!s->mk[i].f.nmods && !s->mk[i].f.nsubdirs)
				continue;
			for (size_t k = 0; k < nreached; k++)
				r |= strcmp(reached[k], s->mk[i].dir) == 0;
			if (!r)
				roots = list_add(roots, &nroots, s->mk[i].dir);
		}
		strv_free(reached, nreached);
	}
	if (nroots)
		qsort(roots, nroots, sizeof *roots, cmp_str);

	for (size_t i = 0; i < nroots; i++) {
		size_t before = out->nmods;

		visit(s, roots[i], roots[i], 0, &c);
		if (out->nmods > before || (module_dirs && module_dirs[0]))
			out->roots = list_add(out->roots, &out->nroots, roots[i]);
	}
	if (!out->nmods) {
		acm_err("'%s': no kernel module found: looked for Kbuild or Makefile files that "
			"define obj-m (e.g. 'obj-m += NAME.o'), at any depth; if the driver's build "
			"hides it, give --module-dir DIR", arg);
		rc = ACM_EX_DATAERR;
		goto out;
	}
	for (size_t i = 0; i < out->nmods; i++) {
		if (!acm_kmod_valid_name(out->mods[i].name)) {
			acm_err("'%s': '%s' (in %s) is not a usable module name", arg, out->mods[i].name,
				*out->mods[i].dir ? out->mods[i].dir : "the top directory");
			rc = ACM_EX_DATAERR;
			goto out;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(out->mods[i].name, out->mods[k].name) == 0) {
				acm_err("'%s': two modules named '%s' (in '%s' and '%s'); give --module-dir "
					"for the one to package", arg, out->mods[i].name,
					*out->mods[k].dir ? out->mods[k].dir : ".",
					*out->mods[i].dir ? out->mods[i].dir : ".");
				rc = ACM_EX_DATAERR;
				goto out;
			}
		}
	}

	/* what the clean tarball holds */
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct sfile *f = &s->files[i];
		bool take = all_files || is_doc(f->path);

		if (f->is_dir)
			continue;
		for (size_t k = 0; !take && k < out->nroots; k++)
			take = under(f->path, out->roots[k]);
		for (size_t k = 0; !take && k < c.nincdirs; k++)
			take = under(f->path, c.incdirs[k]);
		if (take) {
			out->ship = list_add(out->ship, &out->nship, f->path);
			if (is_doc(f->path))
				out->docs = list_add(out->docs, &out->ndocs, f->path);
			if (f->license && !all_files) {
				bool known = false;

				for (size_t k = 0; out->license && k < 1; k++)
					known = strstr(out->license, f->license) != NULL;
				if (!out->license) {
					out->license = acm_xstrdup(f->license);
				} else if (!known && strlen(out->license) < 256) {
					char *l = acm_xasprintf("%s AND %s", out->license, f->license);

					free(out->license);
					out->license = l;
				}
			}
		} else if (looks_like_code(f->path)) {
			const char *slash = strchr(f->path, '/');
			char *part = slash ? acm_xasprintf("%.*s/", (int)(slash - f->path), f->path)
					   : acm_xstrdup(f->path);

			out->userland = list_add(out->userland, &out->nuserland, part);
			free(part);
		}
	}
	if (all_files) {
		/* licenses of the module sources only */
		for (size_t i = 0; i < s->nfiles; i++) {
			bool in = false;

			for (size_t k = 0; k < out->nroots; k++)
				in |= under(s->files[i].path, out->roots[k]);
			if (in && s->files[i].license && !out->license)
				out->license = acm_xstrdup(s->files[i].license);
		}
	}
	if (out->nship)
		qsort(out->ship, out->nship, sizeof *out->ship, cmp_str);
	if (out->ndocs)
		qsort(out->docs, out->ndocs, sizeof *out->docs, cmp_str);
	if (out->nuserland)
		qsort(out->userland, out->nuserland, sizeof *out->userland, cmp_str);
out:
	strv_free(roots, nroots);
	strv_free(c.visited, c.nvisited);
	strv_free(c.incdirs, c.nincdirs);
	if (rc)
		acm_kmod_set_free(out);
	return rc;
}

void acm_kmod_set_free(struct acm_kmod_set *set)
{
	for (size_t i = 0; i < set->nmods; i++) {
		free(set->mods[i].name);
		free(set->mods[i].root);
		free(set->mods[i].dir);
		strv_free(set->mods[i].objs, set->mods[i].nobjs);
	}
	free(set->mods);
	strv_free(set->roots, set->nroots);
	strv_free(set->ship, set->nship);
	strv_free(set->docs, set->ndocs);
	strv_free(set->userland, set->nuserland);
	free(set->license);
	memset(set, 0, sizeof *set);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmake.c - GNU make text reader with one work budget (see kmake.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kmake.h"
#include "strmap.h"

/* ---- limits: the reader reads untrusted text ----------------------------- */

#define MAX_VARS        4096
#define MAX_DEPTH       16          /* nested $(...) / recursive variables */
#define MAX_EXPANSION   (64u << 10) /* bytes one value or expansion may hold */
#define MAX_STEPS       (1u << 20)  /* work budget for everything one reader does */
#define REF_COST        64          /* a reference: A = $(A) $(A) nests 2^depth of them */
#define MAX_WORDS       4096

struct var {
	struct acm_buf value;  /* grows in place: += is amortised, not a copy */
	bool simple;           /* := (already expanded) or = (expanded on use) */
};

struct acm_kmake {
	struct var *vars;
	size_t nvars, cap;
	struct acm_strmap index;  /* name -> vars[] */
	unsigned long steps;
	bool overrun;
};

/* Charge n steps; false (and the reader is spent) when the budget is gone. */
static bool charge(struct acm_kmake *mk, size_t n)
{
	if (mk->overrun || n > MAX_STEPS - mk->steps) {
		mk->overrun = true;
		mk->steps = MAX_STEPS;
		return false;
	}
	mk->steps += n;
	return true;
}

/* Room for n more bytes in out (an expansion or a value)? */
static bool room(struct acm_kmake *mk, const struct acm_buf *out, size_t n)
{
	if (out->len > MAX_EXPANSION || n > MAX_EXPANSION - out->len) {
		mk->overrun = true;
		return false;
	}
	return true;
}

static struct var *var_find(struct acm_kmake *mk, const char *name)
{
	size_t k;

	return acm_strmap_get(&mk->index, name, &k) ? &mk->vars[k] : NULL;
}

/* The variable, created empty when new; NULL when there are too many. */
static struct var *var_get(struct acm_kmake *mk, const char *name)
{
	struct var *v = var_find(mk, name);

	if (v)
		return v;
	if (mk->nvars >= MAX_VARS) {
		mk->overrun = true;
		return NULL;
	}
	if (mk->nvars == mk->cap) {
		mk->cap = mk->cap ? 2 * mk->cap : 16;
		mk->vars = acm_xrealloc(mk->vars, mk->cap * sizeof *mk->vars);
	}
	acm_strmap_put(&mk->index, name, mk->nvars);
	v = &mk->vars[mk->nvars++];
	v->value = (struct acm_buf)ACM_BUF_INIT;
	v->simple = false;
	return v;
}

/* Set (append: add to) a variable's value, charging the bytes copied. */
static void var_put(struct acm_kmake *mk, const char *name, const char *value, bool simple,
		    bool append)
{
	struct var *v = var_get(mk, name);
	size_t n = strlen(value);

	if (!v)
		return;
	if (!append) {
		acm_buf_reset(&v->value);
		v->simple = simple;
	}
	if (append && v->value.len && n) {
		if (!charge(mk, 1) || !room(mk, &v->value, 1))
			return;
		acm_buf_addc(&v->value, ' ');
	}
	if (!charge(mk, n) || !room(mk, &v->value, n))
		return;
	acm_buf_add(&v->value, value, n);
}

void acm_kmake_set(struct acm_kmake *mk, const char *name, const char *value)
{
	var_put(mk, name, value, true, false);
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

static void expand(struct acm_kmake *mk, const char *s, size_t n, int depth, struct acm_buf *out);

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

char **acm_kmake_words(char *s, size_t *nw)
{
	char **w = NULL;
	size_t n = 0;

	for (char *tok = strtok(s, " \t\r\n"); tok && n < MAX_WORDS; tok = strtok(NULL, " \t\r\n")) {
		if ((n & (n + 1)) == 0) /* room for 2, 4, 8, ... */
			w = acm_xrealloc(w, (2 * n + 2) * sizeof *w);
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

/* Add one word (printf-style pieces), space-separated, within the budget. */
static bool add_word(struct acm_kmake *mk, struct acm_buf *out, bool *first, const char *a, size_t al,
		     const char *b, size_t bl, const char *c, size_t cl)
{
	size_t n = al + bl + cl + !*first;

	if (!charge(mk, n) || !room(mk, out, n))
		return false;
	if (!*first)
		acm_buf_addc(out, ' ');
	acm_buf_add(out, a, al);
	acm_buf_add(out, b, bl);
	acm_buf_add(out, c, cl);
	*first = false;
	return true;
}

#define ADD1(s) (s), strlen(s), "", 0, "", 0

/* patsubst over the words of list (pattern and replacement trimmed as make does) */
static void patsubst(struct acm_kmake *mk, const char *pat, const char *rep, char *list,
		     struct acm_buf *out)
{
	size_t nw;
	char **w = acm_kmake_words(list, &nw);
	bool first = true;

	while (isspace((unsigned char)*pat))
		pat++;
	while (isspace((unsigned char)*rep))
		rep++;
	const char *rc = strchr(rep, '%');

	for (size_t i = 0; i < nw; i++) {
		const char *stem = NULL;
		long sl = pat_match(pat, w[i], &stem);
		bool ok;

		if (sl < 0)
			ok = add_word(mk, out, &first, ADD1(w[i]));
		else if (rc && stem)
			ok = add_word(mk, out, &first, rep, (size_t)(rc - rep), stem, (size_t)sl, rc + 1,
				      strlen(rc + 1));
		else
			ok = add_word(mk, out, &first, ADD1(rep));
		if (!ok)
			break;
	}
	free(w);
}

/* The text functions Kbuild files use to build object lists; any other
 * function ($(shell ...), $(wildcard ...)) expands to nothing, except
 * $(shell pwd), which is the module's directory. */
static void call_func(struct acm_kmake *mk, const char *fn, size_t fnlen, const char *args, size_t n,
		      int depth, struct acm_buf *out)
{
	const char *av[3];
	size_t al[3], na;
	struct acm_buf a[3] = { ACM_BUF_INIT, ACM_BUF_INIT, ACM_BUF_INIT };
	bool first = true;

	if (!charge(mk, REF_COST))
		return;
#define FN(x) (fnlen == strlen(x) && memcmp(fn, x, fnlen) == 0)
	if (FN("shell")) {
		while (n && isspace((unsigned char)*args))
			args++, n--;
		while (n && isspace((unsigned char)args[n - 1]))
			n--;
		if ((n == 3 && memcmp(args, "pwd", 3) == 0) || (n == 6 && memcmp(args, "/bin/pwd", 6) == 0))
			add_word(mk, out, &first, ADD1(ACM_KMAKE_HERE));
		return;
	}
	na = split_args(args, n, av, al, 3);
	for (size_t i = 0; i < na; i++) {
		expand(mk, av[i], al[i], depth + 1, &a[i]);
		acm_buf_adds(&a[i], ""); /* never NULL below */
	}

	if ((FN("addprefix") || FN("addsuffix")) && na == 2) {
		size_t nw, fl = a[0].len;
		char **w = acm_kmake_words(a[1].data, &nw);

		for (size_t i = 0; i < nw; i++) {
			size_t wl = strlen(w[i]);
			bool ok = FN("addprefix") ? add_word(mk, out, &first, a[0].data, fl, w[i], wl, "", 0)
						  : add_word(mk, out, &first, w[i], wl, a[0].data, fl, "", 0);

			if (!ok)
				break;
		}
		free(w);
	} else if (FN("patsubst") && na == 3) {
		patsubst(mk, a[0].data, a[1].data, a[2].data, out);
	} else if (FN("subst") && na == 3) {
		const char *from = a[0].data, *to = a[1].data, *t = a[2].data;
		size_t fl = a[0].len, tl = a[1].len;

		while (*t) {
			bool hit = fl && strncmp(t, from, fl) == 0;
			size_t k = hit ? tl : 1;

			if (!charge(mk, k) || !room(mk, out, k))
				break;
			acm_buf_add(out, hit ? to : t, k);
			t += hit ? fl : 1;
		}
	} else if ((FN("strip") || FN("notdir") || FN("sort")) && na == 1) {
		size_t nw;
		char **w = acm_kmake_words(a[0].data, &nw);

		for (size_t i = 0; i < nw; i++) {
			const char *x = w[i];

			if (FN("notdir") && strrchr(x, '/'))
				x = strrchr(x, '/') + 1;
			if (!add_word(mk, out, &first, ADD1(x)))
				break;
		}
		free(w);
	}
#undef FN
	for (size_t i = 0; i < 3; i++)
		acm_buf_free(&a[i]);
}

/* $(VAR:.c=.o) */
static void subst_ref(struct acm_kmake *mk, char *val, const char *from, const char *to,
		      struct acm_buf *out)
{
	size_t nw, fl = strlen(from), tl = strlen(to);
	char **w = acm_kmake_words(val, &nw);
	bool first = true;

	for (size_t i = 0; i < nw; i++) {
		size_t wl = strlen(w[i]);
		bool hit = fl && wl >= fl && strcmp(w[i] + wl - fl, from) == 0;

		if (!add_word(mk, out, &first, w[i], hit ? wl - fl : wl, to, hit ? tl : 0, "", 0))
			break;
	}
	free(w);
}

static void expand_var(struct acm_kmake *mk, const char *name, int depth, struct acm_buf *out)
{
	struct var *v;
	const char *colon = strchr(name, ':');

	if (!charge(mk, REF_COST))
		return;
	if (depth > MAX_DEPTH) {
		mk->overrun = true;
		return;
	}
	if (colon && strchr(colon, '=')) {
		const char *eq = strchr(colon, '=');
		char *vn = acm_xasprintf("%.*s", (int)(colon - name), name);
		char *from = acm_xasprintf("%.*s", (int)(eq - colon - 1), colon + 1);
		struct acm_buf val = ACM_BUF_INIT;

		expand_var(mk, vn, depth + 1, &val);
		acm_buf_adds(&val, "");
		subst_ref(mk, val.data, from, eq + 1, out);
		acm_buf_free(&val);
		free(vn);
		free(from);
		return;
	}
	v = var_find(mk, name);
	if (!v || !v->value.len)
		return;
	if (v->simple) {
		if (charge(mk, v->value.len) && room(mk, out, v->value.len))
			acm_buf_add(out, v->value.data, v->value.len);
	} else {
		/* expansion never assigns, so the value stays where it is */
		expand(mk, v->value.data, v->value.len, depth + 1, out);
	}
}

static void expand(struct acm_kmake *mk, const char *s, size_t n, int depth, struct acm_buf *out)
{
	if (depth > MAX_DEPTH) {
		mk->overrun = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!charge(mk, 1) || !room(mk, out, 1))
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
				call_func(mk, in, k, in + k + 1, inlen - k - 1, depth, out);
			} else {
				struct acm_buf name = ACM_BUF_INIT;

				expand(mk, in, inlen, depth + 1, &name);
				expand_var(mk, acm_buf_str(&name), depth, out);
				acm_buf_free(&name);
			}
			i = end; /* at the closing paren (or n: loop ends) */
		} else {
			char name[2] = { c, 0 };

			expand_var(mk, name, depth, out);
		}
	}
}

static char *expand_dup(struct acm_kmake *mk, const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;

	expand(mk, s, strlen(s), 0, &b);
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

char *acm_kmake_value(struct acm_kmake *mk, const char *name)
{
	struct acm_buf b = ACM_BUF_INIT;

	expand_var(mk, name, 0, &b);
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

/* The assignment operator of a line: its position and kind (':' for :=,
 * 'S' for ::=, '+', '?', '!', '='), or NULL for anything else. */
static char *find_op(char *p, char *kind)
{
	int depth = 0;

	for (char *q = p; *q; q++) {
		if (*q == '(' || *q == '{') {
			depth++;
		} else if ((*q == ')' || *q == '}') && depth > 0) {
			depth--;
		} else if (depth == 0 && *q == ':') {
			if (q[1] == '=') { *kind = ':'; return q; }
			if (q[1] == ':' && q[2] == '=') { *kind = 'S'; return q; }
			return NULL; /* a rule: "target: prerequisites" */
		} else if (depth == 0 && *q == '=') {
			if (q > p && (q[-1] == '+' || q[-1] == '?' || q[-1] == '!')) {
				*kind = q[-1];
				return q - 1;
			}
			*kind = '=';
			return q;
		}
	}
	return NULL;
}

/* One logical line (continuations joined, comment removed). */
static void parse_line(struct acm_kmake *mk, char *line)
{
	char *p = trim(line), *op, *lhs, *rhs, *name, *n;
	char kind = 0;
	struct var *v;

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

	op = find_op(p, &kind);
	if (!op)
		return;
	rhs = op + (kind == 'S' ? 3 : kind == '=' ? 1 : 2);
	*op = 0;
	lhs = trim(p);
	rhs = trim(rhs);
	if (!*lhs || kind == '!')
		return;
	name = expand_dup(mk, lhs);
	n = trim(name);
	if (!*n || strpbrk(n, " \t")) {
		free(name);
		return;
	}
	v = var_find(mk, n);
	if (kind == ':' || kind == 'S' || (kind == '+' && v && v->simple)) {
		char *e = expand_dup(mk, rhs);

		var_put(mk, n, e, true, kind == '+');
		free(e);
	} else if (kind == '=' || (kind == '?' && !v) || kind == '+') {
		var_put(mk, n, rhs, false, kind == '+');
	}
	free(name);
}

void acm_kmake_read(struct acm_kmake *mk, const char *text, size_t len)
{
	struct acm_buf line = ACM_BUF_INIT;
	bool in_define = false;
	size_t i = 0;

	while (i < len && !mk->overrun) {
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
			if (!comment && c != '\0' && room(mk, &line, 1))
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
		if (charge(mk, 1)) /* a line is work even when it assigns nothing */
			parse_line(mk, l);
	}
	acm_buf_free(&line);
}

struct acm_kmake *acm_kmake_new(void)
{
	return acm_xcalloc(1, sizeof(struct acm_kmake));
}

bool acm_kmake_overrun(const struct acm_kmake *mk)
{
	return mk->overrun;
}

void acm_kmake_free(struct acm_kmake *mk)
{
	if (!mk)
		return;
	for (size_t k = 0; k < mk->nvars; k++)
		acm_buf_free(&mk->vars[k].value);
	acm_strmap_free(&mk->index);
	free(mk->vars);
	free(mk);
}

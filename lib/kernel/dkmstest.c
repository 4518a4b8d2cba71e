/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmstest.c - a dkms.conf's if-conditions decided for one kernel, without
 * a shell (see dkmstest.h). The rules are test(1)'s and sh's && / || / !
 * as POSIX gives them; what those cannot decide statically is UNKNOWN. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dkmstest.h"

#define T ACM_DKMSTEST_TRUE
#define F ACM_DKMSTEST_FALSE
#define U ACM_DKMSTEST_UNKNOWN
#define WORDS_MAX 64

typedef enum acm_dkmstest_result res;

struct cond {
	struct acm_dkmsword *w;
	const struct acm_dkmstest_kernel *k;
	char *why;       /* the first reason a part is unknown */
	bool broken;     /* the text is not a condition: stop reading */
};

enum tok { TK_WORD, TK_AND, TK_OR, TK_LP, TK_RP, TK_SEMI, TK_END, TK_BAD };

static void unknown(struct cond *c, const char *why)
{
	acm_dkmsword_bad(&c->why, c->w->line, why);
}

/* The next token; a word into *word (malloc'd), *quoted when it had a quote. */
static enum tok next(struct cond *c, char **word, bool *quoted, bool peek)
{
	struct acm_dkmsword *w = c->w;
	const char *p0;
	unsigned l0;
	enum tok t;

	acm_dkmsword_skip_blanks(w, false);
	p0 = w->p;
	l0 = w->line;
	*word = NULL;
	*quoted = false;
	if (w->p >= w->end) {
		t = TK_END;
	} else if (*w->p == '#') {
		while (w->p < w->end && *w->p != '\n')
			w->p++;
		return next(c, word, quoted, peek);
	} else if (w->p + 1 < w->end && w->p[0] == '&' && w->p[1] == '&') {
		t = TK_AND, w->p += 2;
	} else if (w->p + 1 < w->end && w->p[0] == '|' && w->p[1] == '|') {
		t = TK_OR, w->p += 2;
	} else if (*w->p == '(') {
		t = TK_LP, w->p++;
	} else if (*w->p == ')') {
		t = TK_RP, w->p++;
	} else if (*w->p == ';' || *w->p == '\n') {
		t = TK_SEMI;
		w->line += *w->p == '\n';
		w->p++;
	} else if (acm_dkmsword_is_end((unsigned char)*w->p)) {
		t = TK_BAD, w->p++;
	} else {
		struct acm_buf b = ACM_BUF_INIT;
		char *bad = NULL;

		acm_dkmsword_lex(w, &b, &bad, quoted);
		if (bad) {
			if (!c->why)
				c->why = bad;
			else
				free(bad);
		}
		*word = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
		t = TK_WORD;
	}
	if (peek) {
		free(*word);
		*word = NULL;
		w->p = p0;
		w->line = l0;
	}
	return t;
}

static enum tok peek(struct cond *c)
{
	char *word;
	bool q;

	return next(c, &word, &q, true);
}

static void skip_newlines(struct cond *c)
{
	while (peek(c) == TK_SEMI && c->w->p < c->w->end && *c->w->p != ';') {
		char *word;
		bool q;

		next(c, &word, &q, false);
	}
}

char *acm_dkmstest_fill(const struct acm_dkmstest_kernel *k, const char *word, const char **why)
{
	struct acm_buf b = ACM_BUF_INIT;

	for (const char *p = word; *p;) {
		const char *val = NULL;
		size_t n = 0;

		if (strncmp(p, "${kernelver}", 12) == 0)
			val = k ? k->kernelver : NULL, n = 12;
		else if (strncmp(p, "${kernel_source_dir}", 20) == 0)
			val = k ? k->kernel_source_dir : NULL, n = 20;
		else if (strncmp(p, "${", 2) == 0) {
			*why = "a test of a value dkms sets only when it runs";
			acm_buf_free(&b);
			return NULL;
		}
		if (n && !val) {
			*why = "a test of the kernel, and no kernel is known";
			acm_buf_free(&b);
			return NULL;
		}
		if (n) {
			acm_buf_adds(&b, val);
			p += n;
		} else {
			acm_buf_addc(&b, *p++);
		}
	}
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

static char *fill(struct cond *c, const char *word)
{
	const char *why = NULL;
	char *v = acm_dkmstest_fill(c->k, word, &why);

	if (!v)
		unknown(c, why);
	return v;
}

static bool number(const char *s, long long *v)
{
	char *e = NULL;

	if (!*s || !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))))
		return false;
	*v = strtoll(s, &e, 10);
	return !*e;
}

/* -f/-d/-e: only a file of the kernel's build tree says something about the
 * kernel; the build host's other files do not. */
static res file_test(struct cond *c, const char *op, const char *path)
{
	const char *kd = c->k ? c->k->kernel_source_dir : NULL;
	size_t n = kd ? strlen(kd) : 0;
	struct stat st;

	if (!kd || strncmp(path, kd, n) != 0 || path[n] != '/' || strstr(path, "/../") ||
	    (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0)) {
		unknown(c, "a test of a file outside the kernel's build tree ($kernel_source_dir)");
		return U;
	}
	if (stat(path, &st) != 0)
		return F;
	if (op[1] == 'f')
		return S_ISREG(st.st_mode) ? T : F;
	if (op[1] == 'd')
		return S_ISDIR(st.st_mode) ? T : F;
	return T;
}

static res r_not(res a)
{
	return a == U ? U : a == T ? F : T;
}

static res r_and(res a, res b)
{
	return a == F || b == F ? F : a == U || b == U ? U : T;
}

static res r_or(res a, res b)
{
	return a == T || b == T ? T : a == U || b == U ? U : F;
}

static bool is_binop(const char *s)
{
	static const char *const ops[] = { "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
		NULL };

	for (size_t i = 0; ops[i]; i++)
		if (strcmp(s, ops[i]) == 0)
			return true;
	return false;
}

/* test(1) over words[*i..n): -o below -a below ! and the primaries */
static res t_prim(struct cond *c, char **v, size_t *i, size_t n)
{
	if (*i >= n) {
		unknown(c, "a '[ ]' test with a missing operand");
		return U;
	}
	if (strcmp(v[*i], "!") == 0 && *i + 1 < n) {
		(*i)++;
		return r_not(t_prim(c, v, i, n));
	}
	if (*i + 2 < n && is_binop(v[*i + 1])) {
		const char *a = v[*i], *op = v[*i + 1], *b = v[*i + 2];
		long long x, y;

		*i += 3;
		if (op[0] != '-')
			return (strcmp(a, b) == 0) == (op[0] != '!') ? T : F;
		if (!number(a, &x) || !number(b, &y)) {
			unknown(c, "a '[ ]' number comparison of a value that is not a number");
			return U;
		}
		switch (op[1] == 'e' ? 0 : op[1] == 'n' ? 1 : op[2] == 't' ? (op[1] == 'l' ? 2 : 4)
									 : (op[1] == 'l' ? 3 : 5)) {
		case 0: return x == y ? T : F;
		case 1: return x != y ? T : F;
		case 2: return x < y ? T : F;
		case 3: return x <= y ? T : F;
		case 4: return x > y ? T : F;
		default: return x >= y ? T : F;
		}
	}
	if (*i + 1 < n && v[*i][0] == '-' && strchr("nzfde", v[*i][1]) && !v[*i][2]) {
		const char *op = v[*i], *a = v[*i + 1];

		*i += 2;
		if (op[1] == 'n')
			return *a ? T : F;
		if (op[1] == 'z')
			return *a ? F : T;
		return file_test(c, op, a);
	}
	if (v[*i][0] == '-' && v[*i][1] && *i + 1 < n) {
		unknown(c, "a '[ ]' test other than -n, -z, -f, -d, -e, =, != and the number "
			"comparisons");
		*i = n;
		return U;
	}
	return *v[(*i)++] ? T : F;
}

/* -a binds tighter than -o (test(1)): level 1 is an -a list, 0 an -o list */
static res t_list(struct cond *c, char **v, size_t *i, size_t n, int level)
{
	const char *op = level ? "-a" : "-o";
	res r = level ? t_prim(c, v, i, n) : t_list(c, v, i, n, 1);

	while (*i < n && strcmp(v[*i], op) == 0) {
		res b;

		(*i)++;
		b = level ? t_prim(c, v, i, n) : t_list(c, v, i, n, 1);
		r = level ? r_and(r, b) : r_or(r, b);
	}
	return r;
}

/* One command of the condition: [ ... ], test ..., or something to run. */
static res command(struct cond *c, char *first)
{
	char *v[WORDS_MAX];
	size_t n = 0, i = 0;
	bool bracket = strcmp(first, "[") == 0, closed = !bracket, test = bracket ||
						strcmp(first, "test") == 0;
	bool ok = true;
	res r;

	free(first);
	for (;;) {
		char *word;
		bool q;
		enum tok t = peek(c);

		if (t != TK_WORD)
			break;
		next(c, &word, &q, false);
		if (bracket && !q && strcmp(word, "]") == 0) {
			free(word);
			closed = true;
			break;
		}
		char *filled = fill(c, word);

		free(word);
		if (!filled)
			ok = false;
		if (n < WORDS_MAX)
			v[n++] = filled ? filled : acm_xstrdup("");
		else
			ok = false, free(filled);
	}
	if (!test) {
		unknown(c, "the condition runs a command");
		r = U;
	} else if (!closed) {
		unknown(c, "a '[' without its ']'");
		c->broken = true;
		r = U;
	} else if (!ok || c->why) {
		r = U;
	} else {
		r = t_list(c, v, &i, n, 0);
		if (i != n) {
			unknown(c, "a '[ ]' test with words left over");
			r = U;
		}
	}
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	return r;
}

static res c_list(struct cond *c);

static res c_unary(struct cond *c)
{
	char *word;
	bool q;
	enum tok t = next(c, &word, &q, false);

	if (t == TK_WORD && !q && strcmp(word, "!") == 0) {
		free(word);
		return r_not(c_unary(c));
	}
	if (t == TK_LP) {
		res r;

		skip_newlines(c);
		r = c_list(c);
		skip_newlines(c);
		if (next(c, &word, &q, false) != TK_RP) {
			free(word);
			unknown(c, "a '(' without its ')'");
			c->broken = true;
			return U;
		}
		return r;
	}
	if (t == TK_WORD)
		return command(c, word);
	free(word);
	unknown(c, "a shell operator the condition reader does not know");
	c->broken = true;
	return U;
}

/* A && B || C ...: sh gives && and || one precedence, left to right. */
static res c_list(struct cond *c)
{
	res r = c_unary(c);
	enum tok op;

	while (!c->broken && ((op = peek(c)) == TK_AND || op == TK_OR)) {
		char *word;
		bool q;
		res b;

		next(c, &word, &q, false);
		skip_newlines(c);
		b = c_unary(c);
		r = op == TK_AND ? r_and(r, b) : r_or(r, b);
	}
	return r;
}

enum acm_dkmstest_result acm_dkmstest_cond(struct acm_dkmsword *w,
					   const struct acm_dkmstest_kernel *k, char **why)
{
	struct cond c = { .w = w, .k = k };
	res r = c_list(&c);
	char *word = NULL;
	bool q;

	*why = NULL;
	/* "; then" or a newline and "then" */
	while (!c.broken && peek(&c) == TK_SEMI)
		next(&c, &word, &q, false);
	if (c.broken || next(&c, &word, &q, false) != TK_WORD || q || strcmp(word, "then") != 0) {
		unknown(&c, "an if whose condition the reader cannot follow to its 'then'");
		r = U;
		/* find the then: the block's lines are read anyway */
		while (w->p < w->end) {
			free(word);
			word = NULL;
			enum tok t = next(&c, &word, &q, false);

			if (t == TK_END || (t == TK_WORD && !q && strcmp(word, "then") == 0))
				break;
		}
	}
	free(word);
	if (r == U)
		*why = c.why ? c.why : acm_xasprintf("line %u: an if condition that cannot be decided",
						     w->line);
	else
		free(c.why);
	return r;
}

/* ---- case WORD in PATTERN) ... ;; esac ------------------------------------------ */

/* One bracket expression at p (after '['): does ch match? *end past its
 * ']'. -1: not one sh would read the same way here (a [:class:], no ']'). */
static int bracket(const char *p, char ch, const char **end)
{
	bool neg = *p == '!' || *p == '^', hit = false;

	p += neg;
	for (const char *q = p; *q; q++) {
		char lo, hi;

		if (*q == ']' && q > p) {
			*end = q + 1;
			return hit != neg;
		}
		if (*q == '[' && (q[1] == ':' || q[1] == '=' || q[1] == '.'))
			return -1;
		lo = *q == '\\' && q[1] ? *++q : *q;
		hi = lo;
		if (q[1] == '-' && q[2] && q[2] != ']') {
			q += 2;
			hi = *q == '\\' && q[1] ? *++q : *q;
		}
		hit |= ch >= lo && ch <= hi;
	}
	return -1;
}

/* sh's pattern matching (POSIX 2.13.1: * ? [...] and '\\' quoting) of the
 * whole word, in time linear in their lengths for each '*': back up only
 * to the last '*' seen. -1 when the pattern has a form not read here. */
static int glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		const char *next = NULL;
		int m;

		if (*pat == '*') {
			star = ++pat;
			retry = s;
			continue;
		}
		if (*pat == '?') {
			m = 1, next = pat + 1;
		} else if (*pat == '[') {
			if ((m = bracket(pat + 1, *s, &next)) < 0)
				return -1;
		} else if (*pat == '\\' && pat[1]) {
			m = pat[1] == *s, next = pat + 2;
		} else {
			m = *pat && *pat == *s, next = pat + 1;
		}
		if (m) {
			pat = next;
			s++;
		} else if (star) {
			pat = star;
			s = ++retry;
		} else {
			return 0;
		}
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

static bool word_is(const struct acm_dkmsword *w, const char *kw)
{
	size_t n = strlen(kw);

	return (size_t)(w->end - w->p) >= n && memcmp(w->p, kw, n) == 0 &&
	       (w->p + n == w->end || acm_dkmsword_is_end((unsigned char)w->p[n]));
}

int acm_dkmstest_case(struct acm_dkmsword *w, const struct acm_dkmstest_kernel *k, char **word,
		      char **why)
{
	struct acm_buf b = ACM_BUF_INIT;
	char *bad = NULL;
	const char *fwhy = NULL;
	bool q;

	*word = *why = NULL;
	acm_dkmsword_skip_blanks(w, false);
	if (w->p >= w->end || acm_dkmsword_is_end((unsigned char)*w->p)) {
		acm_dkmsword_bad(why, w->line, "a case without its word");
		return -1;
	}
	acm_dkmsword_lex(w, &b, &bad, &q);
	if (bad && w->p >= w->end) {  /* a quote that never closes ate the rest */
		*why = bad;
		acm_buf_free(&b);
		return -1;
	}
	if (bad)
		*why = bad;
	else if (!(*word = acm_dkmstest_fill(k, acm_buf_str(&b), &fwhy)))
		acm_dkmsword_bad(why, w->line, fwhy);
	acm_buf_free(&b);
	acm_dkmsword_skip_blanks(w, true);
	if (!word_is(w, "in")) {
		free(*word);
		free(*why);
		*word = *why = NULL;
		acm_dkmsword_bad(why, w->line, "a case WORD without its 'in'");
		return -1;
	}
	w->p += 2;
	return 0;
}

enum acm_dkmstest_item acm_dkmstest_case_item(struct acm_dkmsword *w, const char *word,
					      unsigned case_line, enum acm_dkmstest_result *r,
					      char **why)
{
	bool want = true;

	*r = F;
	*why = NULL;
	acm_dkmsword_skip_blanks(w, true);
	if (w->p >= w->end) {
		acm_dkmsword_bad(why, case_line, "a case without its esac");
		return ACM_DKMSTEST_BROKEN;
	}
	if (word_is(w, "esac")) {
		w->p += 4;
		return ACM_DKMSTEST_ESAC;
	}
	if (*w->p == '(')
		w->p++;
	for (;;) {
		struct acm_buf b = ACM_BUF_INIT;
		char *bad = NULL;
		bool q;

		acm_dkmsword_skip_blanks(w, false);
		if (w->p >= w->end || *w->p == '\n') {
			free(*why);
			*why = NULL;
			acm_dkmsword_bad(why, w->line, "a case pattern list that does not end in ')'");
			return ACM_DKMSTEST_BROKEN;
		}
		if ((*w->p == ')' || *w->p == '|') && !want) {
			want = *w->p++ == '|';
			if (!want)
				break;
			continue;
		}
		/* '#' there begins a comment in sh */
		if (acm_dkmsword_is_end((unsigned char)*w->p) || *w->p == '#' || !want) {
			char *m = acm_xasprintf("a case pattern list with '%c' where a pattern or ')' "
						"belongs", *w->p);

			free(*why);
			*why = NULL;
			acm_dkmsword_bad(why, w->line, m);
			free(m);
			return ACM_DKMSTEST_BROKEN;
		}
		w->pattern = true;
		acm_dkmsword_lex(w, &b, &bad, &q);
		w->pattern = false;
		if (bad || !word) {
			*r = r_or(*r, U);
			if (!*why)
				*why = bad ? bad : NULL;
			else
				free(bad);
		} else {
			int m = glob_match(acm_buf_str(&b), word);

			if (m < 0 && !*why)
				acm_dkmsword_bad(why, w->line, "a case pattern with a [:class:] or an "
					"unclosed '['");
			*r = r_or(*r, m < 0 ? U : m ? T : F);
		}
		acm_buf_free(&b);
		want = false;
	}
	if (*r != U) {
		free(*why);
		*why = NULL;
	}
	return ACM_DKMSTEST_ITEM;
}

/* ---- the kernel's .config ---------------------------------------------------------- */

char *acm_dkmstest_kconfig(const char *config, const char *name)
{
	size_t n = strlen(name);

	for (const char *l = config; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *v, *e;
		struct acm_buf b = ACM_BUF_INIT;

		if (strncmp(l, name, n) != 0 || l[n] != '=')
			continue;
		v = l + n + 1;
		e = strchr(v, '\n');
		if (!e)
			e = v + strlen(v);
		if (*v != '"')
			return acm_xasprintf("%.*s", (int)(e - v), v);
		for (v++; v < e && *v != '"'; v++) {
			if (*v == '\\' && v + 1 < e)
				v++;
			acm_buf_addc(&b, *v);
		}
		return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	}
	return NULL;
}

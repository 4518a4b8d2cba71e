/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmsconf.c - a dkms.conf read statically, never run (see dkmsconf.h).
 * The shell rules followed are POSIX sh's Token Recognition and Quoting
 * (bash's as dkms uses it): an assignment value is neither split nor
 * globbed; a command value (MAKE[0]) is split again when dkms evals it. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dkmsconf.h"

#define VALUE_MAX 16384   /* X="$X$X" doubles: a bound, not a real limit */
#define INDEX_MAX 255
#define VARS_MAX 1024
#define WARN_MAX 16
#define MARK_TREE "\002T"    /* ${dkms_tree} before it is mapped to the build copy */
#define MARK_SRC "\002S"     /* ${source_tree} */
/* an unknown PACKAGE_NAME/VERSION: good only inside the dkms tree path */
#define MARK_NAME "\003N"
#define MARK_VERSION "\003V"

struct acm_dkmsconf_var {
	char *name;
	long index;      /* -1: the whole array is unknown */
	char *value;     /* NULL when unknown */
	char *unknown;   /* why: "line N: ..." */
	unsigned line;
};

/* set by dkms at build time: kept as ${NAME} until a kernel is known */
static const char *const runtime_vars[] = { "kernelver", "kernel_source_dir", "dkms_tree",
	"source_tree", "module", "module_version", NULL };

static bool is_runtime(const char *name)
{
	for (size_t i = 0; runtime_vars[i]; i++)
		if (strcmp(runtime_vars[i], name) == 0)
			return true;
	return false;
}

static bool ident_start(int ch)
{
	return isalpha(ch) || ch == '_';
}

static bool ident_char(int ch)
{
	return isalnum(ch) || ch == '_';
}

/* ---- variables ------------------------------------------------------------ */

static const struct acm_dkmsconf_var *var_get(const struct acm_dkmsconf *c, const char *name,
					      long index)
{
	const struct acm_dkmsconf_var *whole = NULL;

	for (size_t i = 0; i < c->nvars; i++) {
		if (strcmp(c->vars[i].name, name) != 0)
			continue;
		if (c->vars[i].index == index)
			return &c->vars[i];
		if (c->vars[i].index == -1)
			whole = &c->vars[i];
	}
	return whole;
}

static void var_drop(struct acm_dkmsconf *c, const char *name, long index)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nvars; i++) {
		struct acm_dkmsconf_var *v = &c->vars[i];

		if (strcmp(v->name, name) == 0 && (index < 0 || v->index == index || v->index == -1)) {
			free(v->name);
			free(v->value);
			free(v->unknown);
		} else {
			c->vars[k++] = *v;
		}
	}
	c->nvars = k;
}

/* value NULL: unknown for the reason why */
static void var_set(struct acm_dkmsconf *c, const char *name, long index, const char *value,
		    const char *why, unsigned line)
{
	struct acm_dkmsconf_var *v;
	const struct acm_dkmsconf_var *whole = index >= 0 ? var_get(c, name, -1) : NULL;

	if (whole && whole->index == -1)
		return;  /* an unknown array stays unknown */
	var_drop(c, name, index);
	if (c->nvars >= VARS_MAX)
		return;  /* checked by the caller */
	c->vars = acm_xrealloc(c->vars, (c->nvars + 1) * sizeof *c->vars);
	v = &c->vars[c->nvars++];
	v->name = acm_xstrdup(name);
	v->index = index;
	v->value = value ? acm_xstrdup(value) : NULL;
	v->unknown = value ? NULL : acm_xstrdup(why);
	v->line = line;
}

/* ---- one word, as the shell reads it -------------------------------------- */

struct wlex {
	const char *p, *end;
	unsigned line;
	/* append $NAME's value to out, or set *bad */
	void (*expand)(void *ud, const char *name, struct acm_buf *out, char **bad);
	void *ud;
	bool command;    /* a command's words: an unquoted pattern would be globbed */
};

static void set_bad(char **bad, unsigned line, const char *why)
{
	if (!*bad)
		*bad = acm_xasprintf("line %u: %s", line, why);
}

static bool word_end(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || strchr(";&|<>()", ch);
}

/* Step over a command substitution the shell would run: `...` or $(...)
 * (p at its first character after the opening), so the rest of the word
 * stays one word. */
static void skip_subst(struct wlex *w, char close)
{
	int depth = 1;

	while (w->p < w->end && depth) {
		char ch = *w->p++;

		if (ch == '\\' && w->p < w->end)
			w->p++;
		else if (ch == '\n')
			w->line++;
		else if (close == ')' && ch == '(')
			depth++;
		else if (ch == close)
			depth--;
	}
}

/* One operand of $((...)): a number, NAME or $NAME whose value is one. */
static bool arith_operand(struct wlex *w, const char **p, const char *e, long *v, char **bad)
{
	struct acm_buf b = ACM_BUF_INIT;
	char *end = NULL;
	const char *q;

	while (*p < e && (**p == ' ' || **p == '\t'))
		(*p)++;
	if (*p < e && **p == '$')
		(*p)++;
	q = *p;
	while (*p < e && ident_char((unsigned char)**p))
		(*p)++;
	if (*p == q)
		return false;
	if (ident_start((unsigned char)*q)) {
		char *name = acm_xasprintf("%.*s", (int)(*p - q), q);

		w->expand(w->ud, name, &b, bad);
		free(name);
	} else {
		acm_buf_add(&b, q, (size_t)(*p - q));
	}
	*v = b.data ? strtol(b.data, &end, 10) : 0;
	if (!b.data || *end || !isdigit((unsigned char)*b.data) || *v > 100000) {
		acm_buf_free(&b);
		return false;
	}
	acm_buf_free(&b);
	while (*p < e && (**p == ' ' || **p == '\t'))
		(*p)++;
	return true;
}

/* $((A)), $((A+B)), $((A-B)): the counters dkms.conf files keep for their
 * array indices (lttng-modules' i=$((i+1))). Anything else is refused. */
static void arith(struct wlex *w, struct acm_buf *out, char **bad)
{
	const char *p = w->p + 3, *e = w->p + 3;
	long a = 0, b = 0;
	bool ok;

	while (e + 1 < w->end && !(e[0] == ')' && e[1] == ')') && *e != '\n')
		e++;
	if (e + 1 >= w->end || *e == '\n') {
		set_bad(bad, w->line, "a $(( that never closes");
		w->p = e;
		return;
	}
	ok = arith_operand(w, &p, e, &a, bad);
	if (ok && p < e && (*p == '+' || *p == '-')) {
		char op = *p++;

		ok = arith_operand(w, &p, e, &b, bad);
		a = op == '+' ? a + b : a - b;
	}
	if (!ok || p != e)
		set_bad(bad, w->line, "arithmetic other than $((N)), $((N+M)) or $((N-M)) on "
			"plain numbers");
	else
		acm_buf_addf(out, "%ld", a);
	w->p = e + 2;
}

static void dollar(struct wlex *w, struct acm_buf *out, char **bad)
{
	const char *p = w->p + 1;
	char *name = NULL;

	if (p < w->end && *p == '{') {
		const char *q = p + 1, *e = q;

		while (e < w->end && ident_char((unsigned char)*e))
			e++;
		if (e < w->end && *e == '}' && e > q && ident_start((unsigned char)*q)) {
			name = acm_xasprintf("%.*s", (int)(e - q), q);
			w->p = e + 1;
		} else {
			set_bad(bad, w->line, "a ${...} form other than ${NAME} cannot be read without "
				"running the shell");
			while (e < w->end && *e != '}' && *e != '\n')
				e++;
			w->p = e < w->end && *e == '}' ? e + 1 : e;
			return;
		}
	} else if (p < w->end && ident_start((unsigned char)*p)) {
		const char *e = p;

		while (e < w->end && ident_char((unsigned char)*e))
			e++;
		name = acm_xasprintf("%.*s", (int)(e - p), p);
		w->p = e;
	} else if (p + 1 < w->end && p[0] == '(' && p[1] == '(') {
		arith(w, out, bad);
		return;
	} else if (p < w->end && *p == '(') {
		set_bad(bad, w->line, "$(...) runs a command");
		w->p = p + 1;
		skip_subst(w, ')');
		return;
	} else if (p < w->end && (isdigit((unsigned char)*p) || strchr("@*#?$!-'", *p))) {
		set_bad(bad, w->line, "a special parameter ($1, $@, $$, $'...') cannot be read "
			"without running the shell");
		w->p = p + 1;
		return;
	} else {
		acm_buf_addc(out, '$');  /* a lone '$' is itself */
		w->p = p;
		return;
	}
	w->expand(w->ud, name, out, bad);
	free(name);
}

/* Read one word at w->p (not a blank) up to an unquoted blank, newline or
 * operator. *quoted: a quote was seen (so "" is an empty argument). */
static void lex_word(struct wlex *w, struct acm_buf *out, char **bad, bool *quoted)
{
	*quoted = false;
	while (w->p < w->end && !word_end((unsigned char)*w->p)) {
		char ch = *w->p;

		if (out->len > VALUE_MAX) {
			set_bad(bad, w->line, "a value over 16 KiB");
			w->p++;
			continue;
		}
		if (ch == '\\') {
			if (w->p + 1 >= w->end) {
				w->p++;
			} else if (w->p[1] == '\n') {
				w->line++;
				w->p += 2;
			} else {
				acm_buf_addc(out, w->p[1]);
				w->p += 2;
			}
		} else if (ch == '\'') {
			const char *e = memchr(w->p + 1, '\'', (size_t)(w->end - w->p - 1));

			*quoted = true;
			if (!e) {
				set_bad(bad, w->line, "a quote that never closes");
				w->p = w->end;
				return;
			}
			for (const char *q = w->p + 1; q < e; q++)
				w->line += *q == '\n';
			acm_buf_add(out, w->p + 1, (size_t)(e - w->p - 1));
			w->p = e + 1;
		} else if (ch == '"') {
			unsigned l0 = w->line;

			*quoted = true;
			w->p++;
			while (w->p < w->end && *w->p != '"') {
				if (*w->p == '\\' && w->p + 1 < w->end && strchr("$`\"\\\n", w->p[1])) {
					if (w->p[1] == '\n')
						w->line++;
					else
						acm_buf_addc(out, w->p[1]);
					w->p += 2;
				} else if (*w->p == '$') {
					dollar(w, out, bad);
				} else if (*w->p == '`') {
					set_bad(bad, w->line, "`...` runs a command");
					w->p++;
					skip_subst(w, '`');
				} else {
					w->line += *w->p == '\n';
					acm_buf_addc(out, *w->p++);
				}
			}
			if (w->p >= w->end) {
				set_bad(bad, l0, "a quote that never closes");
				return;
			}
			w->p++;
		} else if (ch == '$') {
			dollar(w, out, bad);
		} else if (ch == '`') {
			set_bad(bad, w->line, "`...` runs a command");
			w->p++;
			skip_subst(w, '`');
		} else {
			if (w->command && (strchr("*?[", ch) || (ch == '~' && !out->len)))
				set_bad(bad, w->line, "an unquoted file-name pattern or '~' needs the "
					"shell to expand it");
			acm_buf_addc(out, ch);
			w->p++;
		}
	}
	if (out->len > VALUE_MAX)
		set_bad(bad, w->line, "a value over 16 KiB");
}

/* ---- the file -------------------------------------------------------------- */

struct cword {
	bool assign, array, quoted;
	char *name;
	long index;      /* -2: not a number */
	char *value;     /* a plain word, or an assignment's value */
	char **elems;    /* NAME=( ... ) */
	size_t nelems;
	char *bad;
};

struct parse {
	struct acm_dkmsconf *c;
	struct wlex w;
	int depth;       /* inside if/case/loops/braces: assignments there are conditional */
	struct cword *words;
	size_t nwords;
	char *oper;      /* the command has a shell operator: why */
	unsigned cmd_line;
	struct acm_buf cmdlines;  /* lines of shell commands (not run) */
	unsigned ncmdlines;
};

static void expand_file(void *ud, const char *name, struct acm_buf *out, char **bad)
{
	struct parse *ps = ud;
	const struct acm_dkmsconf_var *v = var_get(ps->c, name, 0);

	if (v && v->value) {
		acm_buf_adds(out, v->value);
	} else if (v) {
		char *why = acm_xasprintf("uses $%s, which is not static (%s)", name, v->unknown);

		set_bad(bad, ps->w.line, why);
		free(why);
	} else if (is_runtime(name) || strcmp(name, "PACKAGE_NAME") == 0 ||
		   strcmp(name, "PACKAGE_VERSION") == 0) {
		acm_buf_addf(out, "${%s}", name);
	} else {
		char *why = acm_xasprintf("uses $%s, which dkms.conf does not set", name);

		set_bad(bad, ps->w.line, why);
		free(why);
	}
}

static void warn(struct acm_dkmsconf *c, unsigned line, const char *what)
{
	if (c->nwarnings >= WARN_MAX)
		return;
	c->warnings = acm_xrealloc(c->warnings, (c->nwarnings + 1) * sizeof *c->warnings);
	c->warnings[c->nwarnings++] = acm_xasprintf("line %u: %s", line, what);
}

static void cword_free(struct cword *cw)
{
	free(cw->name);
	free(cw->value);
	free(cw->bad);
	for (size_t i = 0; i < cw->nelems; i++)
		free(cw->elems[i]);
	free(cw->elems);
}

/* NAME= or NAME[N]= at p? Sets name/index and returns the value's start. */
/* An array index is arithmetic in bash: N, $i, i, i+1. w: the file's
 * variables (NULL: numbers only). */
static long eval_index(struct wlex *w, const char *i0, const char *i1)
{
	const char *p = i0;
	char *bad = NULL;
	long a = -2, b = 0;
	bool ok;

	if (!w) {
		char *e = NULL, *num = acm_xasprintf("%.*s", (int)(i1 - i0), i0);

		a = strtol(num, &e, 10);
		ok = isdigit((unsigned char)*num) && !*e;
		free(num);
		return ok && a <= INDEX_MAX ? a : -2;
	}
	ok = arith_operand(w, &p, i1, &a, &bad);
	if (ok && p < i1 && (*p == '+' || *p == '-')) {
		char op = *p++;

		ok = arith_operand(w, &p, i1, &b, &bad);
		a = op == '+' ? a + b : a - b;
	}
	ok = ok && !bad && p == i1 && a >= 0 && a <= INDEX_MAX;
	free(bad);
	return ok ? a : -2;
}

static const char *assign_prefix(struct wlex *w, const char *p, const char *end, char **name,
				 long *index)
{
	const char *q = p, *nend;

	if (q >= end || !ident_start((unsigned char)*q))
		return NULL;
	while (q < end && ident_char((unsigned char)*q))
		q++;
	nend = q;
	*index = 0;
	if (q < end && *q == '[') {
		const char *i0 = ++q;

		while (q < end && *q != ']' && *q != '\n' && !word_end((unsigned char)*q))
			q++;
		if (q >= end || *q != ']')
			return NULL;
		*index = q > i0 && q - i0 <= 64 ? eval_index(w, i0, q) : -2;
		q++;
	}
	if (q >= end || *q != '=')
		return NULL;
	*name = acm_xasprintf("%.*s", (int)(nend - p), p);
	return q + 1;
}

static void skip_blanks(struct wlex *w, bool newlines)
{
	for (;;) {
		if (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\r')) {
			w->p++;
		} else if (w->p + 1 < w->end && w->p[0] == '\\' && w->p[1] == '\n') {
			w->p += 2;
			w->line++;
		} else if (newlines && w->p < w->end && *w->p == '\n') {
			w->p++;
			w->line++;
		} else if (newlines && w->p < w->end && *w->p == '#') {
			while (w->p < w->end && *w->p != '\n')
				w->p++;
		} else {
			return;
		}
	}
}

static void read_word(struct parse *ps)
{
	struct cword cw = { 0 };
	struct acm_buf b = ACM_BUF_INIT;
	const char *v = assign_prefix(&ps->w, ps->w.p, ps->w.end, &cw.name, &cw.index);

	if (v) {
		cw.assign = true;
		ps->w.p = v;
		if (v < ps->w.end && *v == '(') {  /* NAME=(a b c) */
			cw.array = true;
			ps->w.p++;
			for (;;) {
				skip_blanks(&ps->w, true);
				if (ps->w.p >= ps->w.end) {
					set_bad(&cw.bad, ps->w.line, "an array '(' that never closes");
					break;
				}
				if (*ps->w.p == ')') {
					ps->w.p++;
					break;
				}
				if (word_end((unsigned char)*ps->w.p)) {
					set_bad(&cw.bad, ps->w.line, "a shell operator inside an array");
					ps->w.p++;
					continue;
				}
				lex_word(&ps->w, &b, &cw.bad, &cw.quoted);
				cw.elems = acm_xrealloc(cw.elems, (cw.nelems + 1) * sizeof *cw.elems);
				cw.elems[cw.nelems++] = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
				if (cw.nelems > INDEX_MAX) {
					set_bad(&cw.bad, ps->w.line, "an array of over 255 entries");
					break;
				}
			}
		} else {
			lex_word(&ps->w, &b, &cw.bad, &cw.quoted);
		}
	} else {
		lex_word(&ps->w, &b, &cw.bad, &cw.quoted);
	}
	cw.value = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	ps->words = acm_xrealloc(ps->words, (ps->nwords + 1) * sizeof *ps->words);
	ps->words[ps->nwords++] = cw;
}

static bool is_kw(const struct cword *cw, const char *const *kws)
{
	if (cw->assign || cw->quoted)
		return false;
	for (size_t i = 0; kws[i]; i++)
		if (strcmp(cw->value, kws[i]) == 0)
			return true;
	return false;
}

static const char *const kw_open[] = { "if", "case", "for", "while", "until", "select", "{", NULL };
static const char *const kw_close[] = { "fi", "esac", "done", "}", NULL };
static const char *const kw_mid[] = { "then", "else", "elif", "do", "!", NULL };

static void assign(struct parse *ps, const struct cword *cw)
{
	struct acm_dkmsconf *c = ps->c;
	unsigned line = ps->cmd_line;

	if (c->nvars >= VARS_MAX) {
		if (!c->error)
			c->error = acm_xasprintf("line %u: over %d variables", line, VARS_MAX);
		return;
	}
	if (ps->depth > 0) {
		char *why = acm_xasprintf("line %u: set inside an if, case, loop or function, "
					  "which only running the file decides", line);

		var_set(c, cw->name, cw->array || cw->index == -2 ? -1 : cw->index, NULL, why, line);
		free(why);
	} else if (cw->index == -2) {
		char *why = acm_xasprintf("line %u: an array index that is not a number or a variable holding "
					  "one", line);

		var_set(c, cw->name, -1, NULL, why, line);
		free(why);
	} else if (cw->bad) {
		var_set(c, cw->name, cw->array ? -1 : cw->index, NULL, cw->bad, line);
	} else if (cw->array) {
		var_drop(c, cw->name, -1);
		for (size_t i = 0; i < cw->nelems; i++)
			var_set(c, cw->name, (long)i, cw->elems[i], NULL, line);
	} else {
		var_set(c, cw->name, cw->index, cw->value, NULL, line);
	}
}

static void end_command(struct parse *ps)
{
	size_t k = 0, i;
	bool all_assign;

	/* reserved words that begin or end compound commands */
	while (k < ps->nwords && (is_kw(&ps->words[k], kw_close) || is_kw(&ps->words[k], kw_mid))) {
		if (is_kw(&ps->words[k], kw_close) && ps->depth > 0)
			ps->depth--;
		k++;
	}
	all_assign = k < ps->nwords && !ps->oper;
	for (i = k; i < ps->nwords; i++)
		all_assign &= ps->words[i].assign;
	if (all_assign) {
		for (i = k; i < ps->nwords; i++)
			assign(ps, &ps->words[i]);
	} else if (k < ps->nwords || ps->oper) {
		int depth0 = ps->depth;

		for (i = k; i < ps->nwords; i++) {
			if (is_kw(&ps->words[i], kw_open))
				ps->depth++;
			else if (is_kw(&ps->words[i], kw_close) && ps->depth > 0)
				ps->depth--;
		}
		/* one note for all of them; a block's inner lines go with its first */
		if (depth0 == 0 && ps->ncmdlines < 8)
			acm_buf_addf(&ps->cmdlines, "%s%u", ps->ncmdlines ? ", " : "", ps->cmd_line);
		ps->ncmdlines += depth0 == 0;
	}
	for (i = 0; i < ps->nwords; i++)
		cword_free(&ps->words[i]);
	ps->nwords = 0;
	free(ps->oper);
	ps->oper = NULL;
}

/* ---- what dkms.conf says ---------------------------------------------------- */

static const struct acm_dkmsconf_var *field(struct acm_dkmsconf *c, const char *name, long index,
					    bool needed)
{
	const struct acm_dkmsconf_var *v = var_get(c, name, index);

	if (v && !v->value && needed && !c->error) {
		if (index > 0 || v->index > 0 || (v->index == -1 && index > 0))
			c->error = acm_xasprintf("%s[%ld] is not static (%s); mx2g-pack reads dkms.conf "
						 "without running it: write the value out", name,
						 index, v->unknown);
		else
			c->error = acm_xasprintf("%s is not static (%s); mx2g-pack reads dkms.conf "
						 "without running it: write the value out", name,
						 v->unknown);
	}
	return v && v->value ? v : NULL;
}

static char *path_field(struct acm_dkmsconf *c, const char *name, long index)
{
	const struct acm_dkmsconf_var *v = field(c, name, index, true);

	if (!v)
		return NULL;
	if (strchr(v->value, '$') && !c->error)
		c->error = acm_xasprintf("line %u: %s[%ld] '%.64s' depends on the kernel; a module "
					 "path must be the same for every kernel", v->line, name,
					 index, v->value);
	return acm_xstrdup(v->value);
}

static char *meta_field(struct acm_dkmsconf *c, const char *name)
{
	const struct acm_dkmsconf_var *v = var_get(c, name, 0);
	char *what;

	if (!v)
		return NULL;
	if (!v->value) {
		what = acm_xasprintf("%s is not static (%s); ignored", name, v->unknown);
	} else if (!*v->value || strlen(v->value) > 64 || strpbrk(v->value, "$ \t\n/\\'\"")) {
		what = acm_xasprintf("%s '%.64s' is not one plain word; ignored", name, v->value);
	} else {
		return acm_xstrdup(v->value);
	}
	warn(c, v->line, what);
	free(what);
	return NULL;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static void extract(struct acm_dkmsconf *c)
{
	long idx[VARS_MAX];
	size_t n = 0;
	const struct acm_dkmsconf_var *v;

	c->package_name = meta_field(c, "PACKAGE_NAME");
	c->package_version = meta_field(c, "PACKAGE_VERSION");
	for (size_t i = 0; i < c->nvars; i++) {
		if (strcmp(c->vars[i].name, "BUILT_MODULE_NAME") != 0)
			continue;
		if (c->vars[i].index < 0) {
			field(c, "BUILT_MODULE_NAME", -1, true);
			return;
		}
		idx[n++] = c->vars[i].index;
	}
	if (n)
		qsort(idx, n, sizeof *idx, cmp_long);
	for (size_t i = 0; i < n && !c->error; i++) {
		struct acm_dkmsconf_module *m;

		v = field(c, "BUILT_MODULE_NAME", idx[i], true);
		if (!v)
			break;
		c->mods = acm_xrealloc(c->mods, (c->nmods + 1) * sizeof *c->mods);
		m = &c->mods[c->nmods++];
		memset(m, 0, sizeof *m);
		m->name = path_field(c, "BUILT_MODULE_NAME", idx[i]);
		m->location = path_field(c, "BUILT_MODULE_LOCATION", idx[i]);
		if (!m->location)
			m->location = acm_xstrdup("");
		m->dest = path_field(c, "DEST_MODULE_LOCATION", idx[i]);
	}
	if (c->error)
		return;
	if ((v = field(c, "MAKE", 0, true)))
		c->make = acm_xstrdup(v->value);
	if ((v = field(c, "PRE_BUILD", 0, true)))
		c->pre_build = acm_xstrdup(v->value);
	if ((v = field(c, "POST_BUILD", 0, true)))
		c->post_build = acm_xstrdup(v->value);
	if ((v = field(c, "CLEAN", 0, false)))
		c->clean = acm_xstrdup(v->value);
	if ((v = var_get(c, "MAKE_MATCH", 0)) || (v = var_get(c, "MAKE", 1)))
		warn(c, v->line, "MAKE[1..] and MAKE_MATCH[] (a make line per kernel pattern) are "
		     "not read; MAKE[0] builds for every kernel");
}

int acm_dkmsconf_parse(const char *text, size_t len, struct acm_dkmsconf *c)
{
	struct parse ps = { .c = c };

	memset(c, 0, sizeof *c);
	ps.w = (struct wlex){ .p = text, .end = text + len, .line = 1, .expand = expand_file,
			      .ud = &ps };
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7f) {
			unsigned line = 1;

			for (size_t k = 0; k < i; k++)
				line += text[k] == '\n';
			c->error = acm_xasprintf("line %u: a control character (0x%02x); not a text file",
						 line, ch);
			return -1;
		}
	}
	ps.cmd_line = 1;
	while (ps.w.p < ps.w.end && !c->error) {
		char ch;

		skip_blanks(&ps.w, false);
		if (ps.w.p >= ps.w.end)
			break;
		ch = *ps.w.p;
		if (!ps.nwords && !ps.oper)
			ps.cmd_line = ps.w.line;
		if (ch == '\n' || ch == ';') {
			if (ch == '\n')
				ps.w.line++;
			ps.w.p++;
			end_command(&ps);
		} else if (ch == '#') {
			while (ps.w.p < ps.w.end && *ps.w.p != '\n')
				ps.w.p++;
		} else if (word_end((unsigned char)ch)) {
			if (!ps.oper)
				ps.oper = acm_xasprintf("the shell operator '%c' needs the shell", ch);
			ps.w.p++;
		} else {
			read_word(&ps);
		}
	}
	end_command(&ps);
	free(ps.words);
	if (ps.ncmdlines) {
		char *what = acm_xasprintf(
			"%s %s%s: shell code, not variable assignments, and never run (dkms.conf "
			"is read, not run); what it would set is unknown", ps.ncmdlines > 1 ? "lines" : "line",
			acm_buf_str(&ps.cmdlines), ps.ncmdlines > 8 ? " and more" : "");

		c->warnings = acm_xrealloc(c->warnings, (c->nwarnings + 1) * sizeof *c->warnings);
		c->warnings[c->nwarnings++] = what;
	}
	acm_buf_free(&ps.cmdlines);
	if (!c->error)
		extract(c);
	return c->error ? -1 : 0;
}

void acm_dkmsconf_free(struct acm_dkmsconf *c)
{
	if (!c)
		return;
	free(c->package_name);
	free(c->package_version);
	for (size_t i = 0; i < c->nmods; i++) {
		free(c->mods[i].name);
		free(c->mods[i].location);
		free(c->mods[i].dest);
	}
	free(c->mods);
	free(c->make);
	free(c->pre_build);
	free(c->post_build);
	free(c->clean);
	free(c->error);
	acm_strv_free(c->warnings, c->nwarnings);
	for (size_t i = 0; i < c->nvars; i++) {
		free(c->vars[i].name);
		free(c->vars[i].value);
		free(c->vars[i].unknown);
	}
	free(c->vars);
	memset(c, 0, sizeof *c);
}

/* ---- a command value, for one kernel ------------------------------------------ */

struct cmdctx {
	const struct acm_dkmsconf *c;
	const struct acm_dkmsconf_env *env;
};

static void expand_cmd(void *ud, const char *name, struct acm_buf *out, char **bad)
{
	const struct cmdctx *x = ud;
	const struct acm_dkmsconf_var *v;
	const char *val = NULL;

	if (strcmp(name, "kernelver") == 0)
		val = x->env->kernelver;
	else if (strcmp(name, "kernel_source_dir") == 0)
		val = x->env->kernel_source_dir;
	else if (strcmp(name, "dkms_tree") == 0)
		val = MARK_TREE;
	else if (strcmp(name, "source_tree") == 0)
		val = MARK_SRC;
	else if (strcmp(name, "module") == 0 || strcmp(name, "PACKAGE_NAME") == 0)
		val = x->c->package_name ? x->c->package_name : MARK_NAME;
	else if (strcmp(name, "module_version") == 0 || strcmp(name, "PACKAGE_VERSION") == 0)
		val = x->c->package_version ? x->c->package_version : MARK_VERSION;
	else if ((v = var_get(x->c, name, 0)) && v->value)
		val = v->value;
	if (val) {
		acm_buf_adds(out, val);
	} else {
		char *why = acm_xasprintf("$%s has no value mx2g-pack knows", name);

		set_bad(bad, 1, why);
		free(why);
	}
}

/* /lib/modules/$kernelver/build is where dkms finds the kernel's build
 * tree by default ($kernel_source_dir): the kernel mx2g-pack was given,
 * which need not be installed on the build host. Takes word. */
static char *lib_modules_build(const struct cmdctx *x, char *word)
{
	char *lmb = acm_xasprintf("/lib/modules/%s/build", x->env->kernelver), *hit;
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = word;

	while ((hit = strstr(p, lmb))) {
		acm_buf_add(&b, p, (size_t)(hit - p));
		acm_buf_adds(&b, x->env->kernel_source_dir);
		p = hit + strlen(lmb);
	}
	free(lmb);
	if (p == word)
		return word;
	acm_buf_adds(&b, p);
	free(word);
	return acm_buf_steal(&b);
}

/* ${dkms_tree}/NAME/VERSION/build and ${source_tree}/NAME-VERSION are the
 * build copy; nothing else of dkms's trees exists in an rpmbuild. */
static char *map_trees(const struct cmdctx *x, const char *word, char **bad)
{
	struct acm_buf b = ACM_BUF_INIT;
	const char *pn = x->c->package_name ? x->c->package_name : MARK_NAME;
	const char *pv = x->c->package_version ? x->c->package_version : MARK_VERSION;

	for (const char *p = word; *p;) {
		if (*p != '\002') {
			acm_buf_addc(&b, *p++);
			continue;
		}
		char *want = p[1] == 'T' ? acm_xasprintf("/%s/%s/build", pn, pv)
					 : acm_xasprintf("/%s-%s", pn, pv);
		size_t n = strlen(want);

		if (strncmp(p + 2, want, n) != 0 || (p[2 + n] && p[2 + n] != '/')) {
			set_bad(bad, 1, p[1] == 'T'
				? "$dkms_tree other than ${dkms_tree}/$PACKAGE_NAME/$PACKAGE_VERSION/build "
				  "has no counterpart in an rpmbuild"
				: "$source_tree other than ${source_tree}/$PACKAGE_NAME-$PACKAGE_VERSION "
				  "has no counterpart in an rpmbuild");
			free(want);
			break;
		}
		acm_buf_adds(&b, x->env->build_dir);
		p += 2 + n;
		free(want);
	}
	if (b.data && strchr(b.data, '\003'))
		set_bad(bad, 1, "$PACKAGE_NAME or $PACKAGE_VERSION is not known (see the warning)");
	return lib_modules_build(x, b.data ? acm_buf_steal(&b) : acm_xstrdup(""));
}

void acm_dkmsconf_cmds_free(struct acm_dkmsconf_cmd *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < cmds[i].argc; k++)
			free(cmds[i].argv[k]);
		free(cmds[i].argv);
	}
	free(cmds);
}

static void push_cmd(struct acm_dkmsconf_cmd **cmds, size_t *n)
{
	if (*n && !(*cmds)[*n - 1].argc)
		return;
	*cmds = acm_xrealloc(*cmds, (*n + 1) * sizeof **cmds);
	(*cmds)[(*n)++] = (struct acm_dkmsconf_cmd){ 0 };
}

int acm_dkmsconf_command(const struct acm_dkmsconf *c, const char *value,
			 const struct acm_dkmsconf_env *env, struct acm_dkmsconf_cmd **cmds,
			 size_t *ncmds, char **why)
{
	struct cmdctx x = { c, env };
	struct wlex w = { .p = value, .end = value + strlen(value), .line = 1,
			  .expand = expand_cmd, .ud = &x, .command = true };
	char *bad = NULL;
	int group = 0;          /* ( ... ): dkms runs it in a subshell anyway */
	bool env_prefix = true; /* the command's words so far are NAME=value */

	*cmds = NULL;
	*ncmds = 0;
	*why = NULL;
	push_cmd(cmds, ncmds);
	while (w.p < w.end && !bad) {
		struct acm_dkmsconf_cmd *cur = &(*cmds)[*ncmds - 1];
		char ch;

		skip_blanks(&w, false);
		if (w.p >= w.end)
			break;
		ch = *w.p;
		if (ch == '\n' || ch == ';') {
			w.p++;
			push_cmd(cmds, ncmds);
			env_prefix = true;
		} else if (ch == '&' && w.p + 1 < w.end && w.p[1] == '&') {
			w.p += 2;  /* rpm's build script runs with sh -e: each line must succeed */
			if (!cur->argc)
				set_bad(&bad, 1, "'&&' with no command before it");
			push_cmd(cmds, ncmds);
			env_prefix = true;
		} else if (ch == '(' && !cur->argc) {
			w.p++;
			group++;
		} else if (ch == ')' && group > 0) {
			w.p++;
			group--;
			push_cmd(cmds, ncmds);
			env_prefix = true;
		} else if (ch == '#') {
			break;
		} else if (word_end((unsigned char)ch)) {
			char *m = acm_xasprintf("the shell operator '%c' (a pipe, redirection, "
						"background job, subshell or ||) cannot run as a "
						"plain command", ch);

			set_bad(&bad, 1, m);
			free(m);
		} else {
			struct acm_buf b = ACM_BUF_INIT;
			bool quoted;
			char *word, *n = NULL;
			long idx;
			const char *start = w.p;
			bool is_assign = assign_prefix(NULL, start, w.end, &n, &idx) != NULL;

			free(n);
			lex_word(&w, &b, &bad, &quoted);
			if (!b.data && !quoted)
				continue;  /* an empty expansion is no word */
			word = map_trees(&x, b.data ? b.data : "", &bad);
			acm_buf_free(&b);
			/* NAME=value cmd: the variable for that command alone, as env(1) sets it */
			if (env_prefix && is_assign && !cur->argc) {
				cur->argv = acm_xcalloc(2, sizeof *cur->argv);
				cur->argv[cur->argc++] = acm_xstrdup("env");
			}
			env_prefix &= is_assign;
			cur->argv = acm_xrealloc(cur->argv, (cur->argc + 2) * sizeof *cur->argv);
			cur->argv[cur->argc++] = word;
			cur->argv[cur->argc] = NULL;
		}
	}
	if (!bad && group)
		set_bad(&bad, 1, "a '(' that never closes");
	if (!bad && *ncmds == 1 && !(*cmds)[0].argc)
		bad = acm_xstrdup("line 1: no command");
	if (bad) {
		/* "line 1: " is the value's own first line: say the rest */
		*why = acm_xstrdup(strncmp(bad, "line 1: ", 8) == 0 ? bad + 8 : bad);
		free(bad);
		acm_dkmsconf_cmds_free(*cmds, *ncmds);
		*cmds = NULL;
		*ncmds = 0;
		return -1;
	}
	if (!(*cmds)[*ncmds - 1].argc) {  /* the empty one push_cmd left */
		free((*cmds)[*ncmds - 1].argv);
		(*ncmds)--;
	}
	return 0;
}

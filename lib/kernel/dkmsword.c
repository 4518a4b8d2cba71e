/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmsword.c - one shell word of a dkms.conf, read as sh would read it
 * (see dkmsword.h). The rules followed are POSIX sh's Token Recognition
 * and Quoting (bash's as dkms uses it). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dkmsword.h"

#define VALUE_MAX 16384   /* X="$X$X" doubles: a bound, not a real limit */

bool acm_dkmsword_ident_start(int ch)
{
	return isalpha(ch) || ch == '_';
}

bool acm_dkmsword_ident_char(int ch)
{
	return isalnum(ch) || ch == '_';
}


void acm_dkmsword_bad(char **bad, unsigned line, const char *why)
{
	if (!*bad)
		*bad = acm_xasprintf("line %u: %s", line, why);
}

bool acm_dkmsword_is_end(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || strchr(";&|<>()", ch);
}

/* Step over a command substitution $(...) (p at its first character after
 * the opening), so the rest of the word stays one word. */
static void skip_subst(struct acm_dkmsword *w)
{
	int depth = 1;

	while (w->p < w->end && depth) {
		char ch = *w->p++;

		if (ch == '\\' && w->p < w->end)
			w->p++;
		else if (ch == '\n')
			w->line++;
		else if (ch == '(')
			depth++;
		else if (ch == ')')
			depth--;
	}
}

/* One operand of $((...)): a number, NAME or $NAME whose value is one. */
static bool arith_operand(struct acm_dkmsword *w, const char **p, const char *e, long *v, char **bad)
{
	struct acm_buf b = ACM_BUF_INIT;
	char *end = NULL;
	const char *q;

	while (*p < e && (**p == ' ' || **p == '\t'))
		(*p)++;
	if (*p < e && **p == '$')
		(*p)++;
	q = *p;
	while (*p < e && acm_dkmsword_ident_char((unsigned char)**p))
		(*p)++;
	if (*p == q)
		return false;
	if (acm_dkmsword_ident_start((unsigned char)*q)) {
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
static void arith(struct acm_dkmsword *w, struct acm_buf *out, char **bad)
{
	const char *p = w->p + 3, *e = w->p + 3;
	long a = 0, b = 0;
	bool ok;

	while (e + 1 < w->end && !(e[0] == ')' && e[1] == ')') && *e != '\n')
		e++;
	if (e + 1 >= w->end || *e == '\n') {
		acm_dkmsword_bad(bad, w->line, "a $(( that never closes");
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
		acm_dkmsword_bad(bad, w->line, "arithmetic other than $((N)), $((N+M)) or $((N-M)) on "
			"plain numbers");
	else
		acm_buf_addf(out, "%ld", a);
	w->p = e + 2;
}

static void dollar(struct acm_dkmsword *w, struct acm_buf *out, char **bad)
{
	const char *p = w->p + 1;
	char *name = NULL;

	if (w->pattern && p < w->end && (*p == '{' || *p == '(' ||
					 acm_dkmsword_ident_start((unsigned char)*p)))
		acm_dkmsword_bad(bad, w->line, "a case pattern made by an expansion cannot be "
			"matched without running the shell");

	if (p < w->end && *p == '{') {
		const char *q = p + 1, *e = q;

		while (e < w->end && acm_dkmsword_ident_char((unsigned char)*e))
			e++;
		if (e < w->end && *e == '}' && e > q && acm_dkmsword_ident_start((unsigned char)*q)) {
			name = acm_xasprintf("%.*s", (int)(e - q), q);
			w->p = e + 1;
		} else {
			acm_dkmsword_bad(bad, w->line, "a ${...} form other than ${NAME} cannot be read without "
				"running the shell");
			while (e < w->end && *e != '}' && *e != '\n')
				e++;
			w->p = e < w->end && *e == '}' ? e + 1 : e;
			return;
		}
	} else if (p < w->end && acm_dkmsword_ident_start((unsigned char)*p)) {
		const char *e = p;

		while (e < w->end && acm_dkmsword_ident_char((unsigned char)*e))
			e++;
		name = acm_xasprintf("%.*s", (int)(e - p), p);
		w->p = e;
	} else if (p + 1 < w->end && p[0] == '(' && p[1] == '(') {
		arith(w, out, bad);
		return;
	} else if (p < w->end && *p == '(') {
		const char *c0 = p + 1;

		w->p = p + 1;
		skip_subst(w);
		if (!w->subst || w->p[-1] != ')' || w->depth >= ACM_DKMSWORD_DEPTH_MAX ||
		    !w->subst(w, c0, (size_t)(w->p - 1 - c0), out, bad))
			acm_dkmsword_bad(bad, w->line, "$(...) runs a command");
		return;
	} else if (p < w->end && (isdigit((unsigned char)*p) || strchr("@*#?$!-'", *p))) {
		acm_dkmsword_bad(bad, w->line, "a special parameter ($1, $@, $$, $'...') cannot be read "
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

/* `cmd` at w->p (its opening quote): inside it a backslash stays itself
 * except before $, ` and \\ (and " inside double quotes), as sh reads it;
 * the text so read goes to subst. A ` inside (a nested substitution) is
 * the inner command's: subst refuses it like any other command. */
static void backtick(struct acm_dkmsword *w, struct acm_buf *out, char **bad, bool dq)
{
	struct acm_buf cmd = ACM_BUF_INIT;
	unsigned l0 = w->line;

	if (w->pattern)
		acm_dkmsword_bad(bad, w->line, "a case pattern made by an expansion cannot be "
			"matched without running the shell");
	for (w->p++; w->p < w->end && *w->p != '`'; w->p++) {
		if (*w->p == '\\' && w->p + 1 < w->end && w->p[1] &&
		    (strchr("$`\\", w->p[1]) || (dq && w->p[1] == '"')))
			w->p++;
		w->line += *w->p == '\n';
		acm_buf_addc(&cmd, *w->p);
	}
	if (w->p >= w->end) {
		acm_dkmsword_bad(bad, l0, "a ` that never closes");
	} else {
		w->p++;
		if (!w->subst || w->depth >= ACM_DKMSWORD_DEPTH_MAX ||
		    !w->subst(w, acm_buf_str(&cmd), cmd.len, out, bad))
			acm_dkmsword_bad(bad, l0, "`...` runs a command");
	}
	acm_buf_free(&cmd);
}

/* A quoted or backslashed character: literal in a case pattern too. */
static void addq(const struct acm_dkmsword *w, struct acm_buf *out, char ch)
{
	if (w->pattern)
		acm_buf_addc(out, '\\');
	acm_buf_addc(out, ch);
}

/* Read one word at w->p (not a blank) up to an unquoted blank, newline or
 * operator. *quoted: a quote was seen (so "" is an empty argument). */
void acm_dkmsword_lex(struct acm_dkmsword *w, struct acm_buf *out, char **bad, bool *quoted)
{
	*quoted = false;
	while (w->p < w->end && !acm_dkmsword_is_end((unsigned char)*w->p)) {
		char ch = *w->p;

		if (out->len > VALUE_MAX) {
			acm_dkmsword_bad(bad, w->line, "a value over 16 KiB");
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
				addq(w, out, w->p[1]);
				w->p += 2;
			}
		} else if (ch == '\'') {
			const char *e = memchr(w->p + 1, '\'', (size_t)(w->end - w->p - 1));

			*quoted = true;
			if (!e) {
				acm_dkmsword_bad(bad, w->line, "a quote that never closes");
				w->p = w->end;
				return;
			}
			for (const char *q = w->p + 1; q < e; q++) {
				w->line += *q == '\n';
				addq(w, out, *q);
			}
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
						addq(w, out, w->p[1]);
					w->p += 2;
				} else if (*w->p == '$') {
					dollar(w, out, bad);
				} else if (*w->p == '`') {
					backtick(w, out, bad, true);
				} else {
					w->line += *w->p == '\n';
					addq(w, out, *w->p++);
				}
			}
			if (w->p >= w->end) {
				acm_dkmsword_bad(bad, l0, "a quote that never closes");
				return;
			}
			w->p++;
		} else if (ch == '$') {
			dollar(w, out, bad);
		} else if (ch == '`') {
			backtick(w, out, bad, false);
		} else {
			if (w->command && (ch == '[' || (ch == '~' && !out->len)))
				acm_dkmsword_bad(bad, w->line, "an unquoted '[' pattern or '~' needs the "
					"shell to expand it (only '*' and '?' are read)");
			if (w->command && ch == '*')
				ch = ACM_DKMSWORD_STAR;
			else if (w->command && ch == '?')
				ch = ACM_DKMSWORD_QMARK;
			acm_buf_addc(out, ch);
			w->p++;
		}
	}
	if (out->len > VALUE_MAX)
		acm_dkmsword_bad(bad, w->line, "a value over 16 KiB");
}

/* An array index is arithmetic in bash: N, $i, i, i+1. w: the file's
 * variables (NULL: numbers only). */
static long eval_index(struct acm_dkmsword *w, const char *i0, const char *i1)
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
		return ok && a <= ACM_DKMSWORD_INDEX_MAX ? a : -2;
	}
	ok = arith_operand(w, &p, i1, &a, &bad);
	if (ok && p < i1 && (*p == '+' || *p == '-')) {
		char op = *p++;

		ok = arith_operand(w, &p, i1, &b, &bad);
		a = op == '+' ? a + b : a - b;
	}
	ok = ok && !bad && p == i1 && a >= 0 && a <= ACM_DKMSWORD_INDEX_MAX;
	free(bad);
	return ok ? a : -2;
}

const char *acm_dkmsword_assign(struct acm_dkmsword *w, const char *p, const char *end, char **name,
				 long *index)
{
	const char *q = p, *nend;

	if (q >= end || !acm_dkmsword_ident_start((unsigned char)*q))
		return NULL;
	while (q < end && acm_dkmsword_ident_char((unsigned char)*q))
		q++;
	nend = q;
	*index = 0;
	if (q < end && *q == '[') {
		const char *i0 = ++q;

		while (q < end && *q != ']' && *q != '\n' && !acm_dkmsword_is_end((unsigned char)*q))
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

void acm_dkmsword_skip_blanks(struct acm_dkmsword *w, bool newlines)
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

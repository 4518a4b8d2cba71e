/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spdx.c - SPDX license expressions (see spdx.h). A recursive-descent
 * parser over the grammar of SPDX 2.3 annex D:
 *   expr   = term *( ("AND" / "OR") term )
 *   term   = "(" expr ")" / simple [ "WITH" idstring ]
 *   simple = idstring [ "+" ] / [ "DocumentRef-" idstring ":" ] "LicenseRef-" idstring
 * The operators are accepted in lower case too (rpm specs often say "or"). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spdx.h"

#define SPDX_MAX_LEN 512
#define SPDX_MAX_DEPTH 32

struct lex {
	const char *p;
	int depth;
};

/* blanks only: a tab or other control character is no part of an expression */
static void skip_blanks(struct lex *l)
{
	while (*l->p == ' ')
		l->p++;
}

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* The next word (letters, digits, '-', '.', ':' and '+'): its length. */
static size_t word_len(const char *p)
{
	size_t n = 0;
	while (id_char(p[n]) || p[n] == ':' || p[n] == '+')
		n++;
	return n;
}

/* op in upper case, or all in lower case */
static bool is_op(const char *w, size_t n, const char *op)
{
	if (n != strlen(op))
		return false;
	bool upper = true, lower = true;
	for (size_t i = 0; i < n; i++) {
		upper = upper && w[i] == op[i];
		lower = lower && w[i] == (char)tolower((unsigned char)op[i]);
	}
	return upper || lower;
}

static bool is_any_op(const char *w, size_t n)
{
	return is_op(w, n, "AND") || is_op(w, n, "OR") || is_op(w, n, "WITH");
}

/* idstring: 1*(ALPHA / DIGIT / "-" / ".") */
static bool idstring(const char *w, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_char(w[i]))
			return false;
	return true;
}

static bool simple(const char *w, size_t n)
{
	if (is_any_op(w, n))
		return false;
	const char *colon = memchr(w, ':', n);
	if (colon) {
		size_t a = (size_t)(colon - w);
		if (a <= 12 || strncmp(w, "DocumentRef-", 12) || !idstring(w + 12, a - 12))
			return false;
		w = colon + 1;
		n -= a + 1;
		if (n <= 11 || strncmp(w, "LicenseRef-", 11))
			return false;
	}
	if (n > 11 && !strncmp(w, "LicenseRef-", 11))
		return idstring(w + 11, n - 11);
	if (n > 1 && w[n - 1] == '+')
		n--;
	return idstring(w, n);
}

static bool expr(struct lex *l);

static bool term(struct lex *l)
{
	skip_blanks(l);
	if (*l->p == '(') {
		if (++l->depth > SPDX_MAX_DEPTH)
			return false;
		l->p++;
		if (!expr(l))
			return false;
		skip_blanks(l);
		if (*l->p != ')')
			return false;
		l->p++;
		l->depth--;
		return true;
	}
	size_t n = word_len(l->p);
	if (!simple(l->p, n))
		return false;
	l->p += n;
	skip_blanks(l);
	n = word_len(l->p);
	if (is_op(l->p, n, "WITH")) {
		l->p += n;
		skip_blanks(l);
		n = word_len(l->p);
		if (!idstring(l->p, n) || is_any_op(l->p, n))
			return false;
		l->p += n;
	}
	return true;
}

static bool expr(struct lex *l)
{
	if (!term(l))
		return false;
	for (;;) {
		skip_blanks(l);
		size_t n = word_len(l->p);
		if (!is_op(l->p, n, "AND") && !is_op(l->p, n, "OR"))
			return true;
		l->p += n;
		if (!term(l))
			return false;
	}
}

bool acm_spdx_valid(const char *e)
{
	if (!e || !*e || strlen(e) > SPDX_MAX_LEN)
		return false;
	struct lex l = { e, 0 };
	if (!expr(&l))
		return false;
	skip_blanks(&l);
	return *l.p == '\0';
}

size_t acm_spdx_tags(const char *text, size_t len, bool (*cb)(const char *expr, void *ud), void *ud)
{
	static const char key[] = "SPDX-License-Identifier:";
	const size_t kl = sizeof(key) - 1;
	size_t found = 0;
	for (size_t i = 0; i + kl <= len; i++) {
		if (text[i] != 'S' || memcmp(text + i, key, kl))
			continue;
		size_t a = i + kl, e;
		while (a < len && (text[a] == ' ' || text[a] == '\t'))
			a++;
		for (e = a; e < len && text[e] != '\n' && text[e] != '\r' && text[e] != '\0'; e++)
			if ((text[e] == '*' && e + 1 < len && text[e + 1] == '/') ||
			    (text[e] == '-' && e + 2 < len && text[e + 1] == '-' && text[e + 2] == '>'))
				break;
		i = e;
		while (e > a && (text[e - 1] == ' ' || text[e - 1] == '\t'))
			e--;
		if (e - a > SPDX_MAX_LEN)
			continue;
		char *v = acm_xasprintf("%.*s", (int)(e - a), text + a);
		bool more = true;
		if (acm_spdx_valid(v)) {
			found++;
			more = cb(v, ud);
		}
		free(v);
		if (!more)
			break;
	}
	return found;
}

const char *acm_spdx_module_license(const char *ml)
{
	/* include/linux/module.h lists the strings the kernel knows */
	static const char *const map[][2] = {
		{ "GPL", "GPL-2.0-only" }, { "GPL v2", "GPL-2.0-only" },
		{ "GPL and additional rights", "GPL-2.0-only" },
		{ "Dual BSD/GPL", "GPL-2.0-only OR BSD-3-Clause" },
		{ "Dual MIT/GPL", "GPL-2.0-only OR MIT" },
		{ "Dual MPL/GPL", "GPL-2.0-only OR MPL-1.1" },
		{ "Proprietary", "LicenseRef-Proprietary" },
	};

	for (size_t i = 0; ml && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(ml, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

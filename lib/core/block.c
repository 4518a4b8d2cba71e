/* SPDX-License-Identifier: GPL-2.0-or-later */
/* block.c - a managed block of lines inside a file the user also edits.
 * Everything works on (pointer, length): a user's file is bytes, and a NUL
 * in it must not end it. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "block.h"
#include "buf.h"

struct line {
	const char *s;
	size_t len;     /* without the newline */
	size_t full;    /* with it */
	enum { L_TEXT, L_BLOCK, L_DROP } role;
};

struct scan {
	struct line *l;
	size_t n;
	size_t blocks, strays;
	size_t first_marker;  /* index, or n when none */
	size_t block_begin, block_end;
};

static bool is(const struct line *l, const char *m)
{
	return l->len == strlen(m) && memcmp(l->s, m, l->len) == 0;
}

static bool in_body(const struct line *l, const char *body)
{
	const char *p = body;
	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == l->len && memcmp(p, l->s, len) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static void split_lines(struct scan *sc, const char *text, size_t len)
{
	size_t cap = 16;
	const char *p = text, *stop = text ? text + len : NULL;

	sc->l = acm_xmalloc(cap * sizeof(struct line));
	while (p && p < stop) {
		const char *e = memchr(p, '\n', (size_t)(stop - p));
		if (sc->n == cap) {
			cap *= 2;
			sc->l = acm_xrealloc(sc->l, cap * sizeof(struct line));
		}
		struct line *l = &sc->l[sc->n++];
		l->s = p;
		l->len = e ? (size_t)(e - p) : (size_t)(stop - p);
		l->full = e ? l->len + 1 : l->len;
		l->role = L_TEXT;
		p += l->full;
	}
}

static void scan(struct scan *sc, const char *text, size_t len, const char *begin, const char *end,
		 const char *body)
{
	size_t open = (size_t)-1;

	memset(sc, 0, sizeof(*sc));
	split_lines(sc, text, len);
	sc->first_marker = sc->n;
	for (size_t i = 0; i < sc->n; i++) {
		bool b = is(&sc->l[i], begin), en = is(&sc->l[i], end);
		if ((b || en) && sc->first_marker == sc->n)
			sc->first_marker = i;
		if (b) {
			if (open != (size_t)-1)
				sc->strays++; /* an earlier BEGIN never ended */
			open = i;
		} else if (en) {
			if (open == (size_t)-1) {
				sc->strays++;
				sc->l[i].role = L_DROP;
				continue;
			}
			for (size_t k = open; k <= i; k++)
				sc->l[k].role = L_BLOCK;
			sc->block_begin = open;
			sc->block_end = i;
			sc->blocks++;
			open = (size_t)-1;
		}
	}
	if (open != (size_t)-1)
		sc->strays++;
	/* An unterminated BEGIN: drop it and the lines after it that are ours
	 * (equal to a line of the new body); never a line we did not write. */
	for (size_t i = 0; i < sc->n; i++) {
		if (sc->l[i].role != L_TEXT || !is(&sc->l[i], begin))
			continue;
		sc->l[i].role = L_DROP;
		for (size_t k = i + 1; k < sc->n && sc->l[k].role == L_TEXT && !is(&sc->l[k], begin) &&
				       body && in_body(&sc->l[k], body); k++)
			sc->l[k].role = L_DROP;
	}
}

static void add_block(struct acm_buf *b, const char *begin, const char *end, const char *body)
{
	if (b->len && b->data[b->len - 1] != '\n')
		acm_buf_addc(b, '\n');
	acm_buf_adds(b, begin);
	acm_buf_addc(b, '\n');
	acm_buf_adds(b, body ? body : "");
	if (b->len && b->data[b->len - 1] != '\n')
		acm_buf_addc(b, '\n');
	acm_buf_adds(b, end);
	acm_buf_addc(b, '\n');
}

void acm_block_update_n(const char *text, size_t len, const char *begin, const char *end,
			const char *body, bool *damaged, struct acm_buf *b)
{
	struct scan sc;

	acm_buf_reset(b);
	scan(&sc, text, len, begin, end, body);
	*damaged = sc.strays > 0 || sc.blocks > 1;
	if (!*damaged && sc.blocks == 1) {
		for (size_t i = 0; i < sc.block_begin; i++)
			acm_buf_add(b, sc.l[i].s, sc.l[i].full);
		add_block(b, begin, end, body);
		for (size_t i = sc.block_end + 1; i < sc.n; i++)
			acm_buf_add(b, sc.l[i].s, sc.l[i].full);
	} else {
		/* No block yet: append. Damaged: rebuild where the first marker was. */
		bool placed = false;
		for (size_t i = 0; i < sc.n; i++) {
			if (i == sc.first_marker) {
				add_block(b, begin, end, body);
				placed = true;
			}
			if (sc.l[i].role == L_TEXT)
				acm_buf_add(b, sc.l[i].s, sc.l[i].full);
		}
		if (!placed)
			add_block(b, begin, end, body);
	}
	free(sc.l);
}

bool acm_block_get_n(const char *text, size_t len, const char *begin, const char *end, struct acm_buf *b)
{
	struct scan sc;

	acm_buf_reset(b);
	if (!text)
		return false;
	scan(&sc, text, len, begin, end, NULL);
	bool ok = sc.blocks == 1 && !sc.strays;
	for (size_t i = sc.block_begin + 1; ok && i < sc.block_end; i++)
		acm_buf_add(b, sc.l[i].s, sc.l[i].full);
	free(sc.l);
	return ok;
}

bool acm_block_remove_n(const char *text, size_t len, const char *begin, const char *end, struct acm_buf *b)
{
	struct scan sc;

	acm_buf_reset(b);
	scan(&sc, text, len, begin, end, NULL);
	for (size_t i = 0; i < sc.n; i++)
		if (sc.l[i].role == L_TEXT)
			acm_buf_add(b, sc.l[i].s, sc.l[i].full);
	bool found = sc.first_marker < sc.n;
	free(sc.l);
	return found;
}

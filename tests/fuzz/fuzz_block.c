/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_block.c - the managed-block editor on arbitrary file bytes (NULs,
 * CRs, invalid UTF-8, no final newline): never crashes; the result always
 * holds exactly one well-formed block with the wanted body; updating twice
 * gives the same bytes (idempotence); and - the property a user cares
 * about - every byte outside the block is kept, checked against an
 * independent construction of the expected file. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "block.h"
#include "buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BEGIN "# BEGIN fz"
#define END "# END fz"
#define BODY "%_topdir /x\n"
#define BLOCK BEGIN "\n" BODY END "\n"

static bool same(const struct acm_buf *b, const struct acm_buf *want)
{
	return b->len == want->len && (!b->len || memcmp(b->data, want->data, b->len) == 0);
}

/* Does any line of s equal a marker? (Written apart from block.c on purpose.) */
static bool has_marker(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\n')
			continue;
		size_t l = i - start;
		if ((l == strlen(BEGIN) && !memcmp(s + start, BEGIN, l)) ||
		    (l == strlen(END) && !memcmp(s + start, END, l)))
			return true;
		start = i + 1;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct acm_buf t = ACM_BUF_INIT, t2 = ACM_BUF_INIT, body = ACM_BUF_INIT, r = ACM_BUF_INIT,
		       want = ACM_BUF_INIT;
	bool dmg;

	acm_block_update_n(s, size, BEGIN, END, BODY, &dmg, &t);
	if (!acm_block_get_n(t.data, t.len, BEGIN, END, &body) || strcmp(acm_buf_str(&body), BODY) != 0)
		abort();
	acm_block_update_n(t.data, t.len, BEGIN, END, BODY, &dmg, &t2);
	if (dmg || !same(&t, &t2))
		abort();
	acm_block_remove_n(t.data, t.len, BEGIN, END, &r);
	if (has_marker(r.data, r.len))
		abort();

	if (!has_marker(s, size)) {
		/* No block yet: the file is kept whole, our block appended. */
		acm_buf_add(&want, s, size);
		if (size && s[size - 1] != '\n')
			acm_buf_addc(&want, '\n');
		acm_buf_adds(&want, BLOCK);
		if (!same(&t, &want))
			abort();
		/* A block in the middle: everything before and after it kept. */
		const char *nl = size ? memchr(s + size / 2, '\n', size - size / 2) : NULL;
		size_t cut = nl ? (size_t)(nl - s) + 1 : 0;
		struct acm_buf in = ACM_BUF_INIT;
		acm_buf_add(&in, s, cut);
		acm_buf_adds(&in, BEGIN "\nold line\n" END "\n");
		acm_buf_add(&in, s + cut, size - cut);
		acm_buf_reset(&want);
		acm_buf_add(&want, s, cut);
		acm_buf_adds(&want, BLOCK);
		acm_buf_add(&want, s + cut, size - cut);
		acm_block_update_n(in.data, in.len, BEGIN, END, BODY, &dmg, &t2);
		if (dmg || !same(&t2, &want))
			abort();
		acm_buf_reset(&want);
		acm_buf_add(&want, s, size);
		acm_block_remove_n(in.data, in.len, BEGIN, END, &t2);
		if (!same(&t2, &want))
			abort();
		acm_buf_free(&in);
	}
	acm_buf_free(&want);
	acm_buf_free(&r);
	acm_buf_free(&body);
	acm_buf_free(&t2);
	acm_buf_free(&t);
	return 0;
}

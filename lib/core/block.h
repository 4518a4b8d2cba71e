/* SPDX-License-Identifier: GPL-2.0-or-later */
/* block.h - a managed block inside a text file the user also edits
 * (~/.rpmmacros, nftables.conf): lines between our BEGIN and END markers are
 * ours, every other line stays byte for byte. The file is a byte buffer with
 * a length: NUL bytes, invalid UTF-8, CRs and a missing final newline outside
 * the block are all kept as they are. */
#ifndef ACM_BLOCK_H
#define ACM_BLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Given the file's current bytes (text/len; text may be NULL: no file), the
 * marker lines (without newline) and the wanted body (lines each ending in
 * '\n'), put the new bytes in *out (reset first): the block replaced where
 * it is, or appended at the end. *damaged is set when the markers were
 * unbalanced, duplicated or out of order (the stray markers and an
 * unterminated block's lines that equal a line of the body are dropped). */
void acm_block_update_n(const char *text, size_t len, const char *begin, const char *end,
			const char *body, bool *damaged, struct acm_buf *out);

/* The body inside a well-formed block, in *out; false when there is none or
 * it is damaged. */
bool acm_block_get_n(const char *text, size_t len, const char *begin, const char *end,
		     struct acm_buf *out);

/* The bytes with the block (and its markers) taken out, in *out. Returns
 * whether a marker line was found. */
bool acm_block_remove_n(const char *text, size_t len, const char *begin, const char *end,
			struct acm_buf *out);

#endif

/* block.h - a managed block inside a text file the user also edits
 * (~/.rpmmacros, nftables.conf): lines between our BEGIN and END markers are
 * ours, every other line stays byte for byte. */
#ifndef ACM_BLOCK_H
#define ACM_BLOCK_H

#include <stdbool.h>

/* Given the file's current text (may be NULL: no file), the marker lines
 * (without newline) and the wanted body (lines each ending in '\n'), compute
 * the new text: the block replaced where it is, or appended at the end.
 * *damaged is set when the markers were unbalanced, duplicated or out of
 * order (the stray markers and an unterminated block's lines are dropped).
 * Returns the malloc'd new text. */
char *acm_block_update(const char *text, const char *begin, const char *end,
		       const char *body, bool *damaged);

/* The body currently inside a well-formed block (malloc'd), or NULL when
 * there is none or it is damaged. */
char *acm_block_get(const char *text, const char *begin, const char *end);

/* Text with the block (and its markers) taken out. malloc'd. */
char *acm_block_remove(const char *text, const char *begin, const char *end);

#endif

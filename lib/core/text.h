/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text.h - the one rule for showing untrusted text on one line of a terminal
 * or a record: which bytes are safe as they are, and how the others are
 * written (the escapes of POSIX printf %b, so `printf '%b'` decodes them). */
#ifndef ACM_TEXT_H
#define ACM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

/* Length (1-4) of a valid UTF-8 sequence at p, 0 when invalid (overlong,
 * surrogate, beyond U+10FFFF, cut short). p is NUL-terminated. */
size_t acm_utf8_len(const unsigned char *p);

/* Length of one character at p that is safe to show as it is: printable
 * ASCII or valid UTF-8 outside the C1 controls (U+0080-U+009F). 0 when the
 * byte at p must be escaped: C0 controls, DEL, C1, bytes of invalid UTF-8. */
size_t acm_text_printable(const unsigned char *p);

#define ACM_TEXT_KEEP_NL 0x1  /* newline and tab stay raw (messages) */
#define ACM_TEXT_BACKSLASH 0x2 /* a backslash is written \\ (records: reversible) */

/* Append s to b with every byte acm_text_printable() refuses written as an
 * escape: \t \n \r for those three, \0ooo (three octal digits) for the rest. */
void acm_text_escape(struct acm_buf *b, const char *s, int flags);

/* Inverse of acm_text_escape(..., ACM_TEXT_BACKSLASH): decode \\ \t \n \r
 * \0ooo (and the other printf %b escapes \a \b \f \v). Returns a malloc'd
 * string and its length in *len (it may hold a decoded NUL), or NULL when s
 * holds an escape printf %b would not read the same way. */
char *acm_text_unescape(const char *s, size_t *len);

/* s, all of it, as a number of our own record formats: digits of base
 * (8 or 10) only, a '-' first for acm_text_i64, nothing else (no blank,
 * no '+', no "0x"), and no overflow. */
bool acm_text_u64(const char *s, int base, uint64_t *v);
bool acm_text_i64(const char *s, int64_t *v);

/* Does s end with suf (bytes, case counts)? */
bool acm_text_ends_with(const char *s, const char *suf);

#endif

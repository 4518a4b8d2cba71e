/* SPDX-License-Identifier: GPL-2.0-or-later */
/* actext.h - reading autoconf and META text without running m4: a macro
 * call and its arguments (configure.ac's AC_INIT, AC_ARG_WITH, ...), and
 * a "Key: value" line (ZFS/Lustre/SPL META). One reader for specgen's
 * build-file parsers (specparse.h) and mx2g-pack's configure-driven
 * module builds (kmodconf.h). */
#ifndef ACM_ACTEXT_H
#define ACM_ACTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Find word followed by optional blanks and '(' (case-insensitive when
 * icase) at or after *from, where the word is not part of a longer
 * identifier. Returns the position after '(' (also stored in *from, so a
 * loop finds the next call) or NULL. */
const char *acm_actext_call(const char *text, const char *word, bool icase, const char **from);

/* Split the arguments at p (after a call's '(') at top-level commas up to
 * the matching ')': each trimmed and stripped of one level of [quotes],
 * at most max of them into args (malloc'd). Returns how many. */
size_t acm_actext_m4_args(const char *p, char **args, size_t max);

/* The value of the first "key: value" line of text[0..len) (key
 * case-insensitive), trimmed; NULL when absent or empty. malloc'd. */
char *acm_actext_field(const char *text, size_t len, const char *key);

#endif

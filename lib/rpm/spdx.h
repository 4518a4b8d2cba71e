/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spdx.h - SPDX license expressions: the one parser for the tags sources
 * carry ("SPDX-License-Identifier: GPL-2.0-only OR MIT") and for the
 * License a spec says, plus the kernel's MODULE_LICENSE() strings. A tag
 * whose value is not a valid expression is no license at all: it is
 * skipped, never copied. */
#ifndef ACM_SPDX_H
#define ACM_SPDX_H

#include <stdbool.h>
#include <stddef.h>

/* Is expr an SPDX license expression (SPDX 2.3 annex D): ids of letters,
 * digits, '-' and '.', optionally with '+', [DocumentRef-X:]LicenseRef-Y,
 * joined by AND / OR (and, or), an id WITH an exception, parentheses?
 * At most 512 characters and 32 levels of parentheses. */
bool acm_spdx_valid(const char *expr);

/* Each valid "SPDX-License-Identifier:" value in text[0..len): the rest of
 * the line, without blanks around it or a comment's closing star-slash
 * or -->. cb gets each (NUL-terminated, valid until it returns); a cb that
 * returns false stops the search. Returns how many cb got. */
size_t acm_spdx_tags(const char *text, size_t len, bool (*cb)(const char *expr, void *ud), void *ud);

/* The SPDX expression for a MODULE_LICENSE() string ("GPL v2" ->
 * "GPL-2.0-only"), or NULL when the kernel does not know it. */
const char *acm_spdx_module_license(const char *module_license);

#endif

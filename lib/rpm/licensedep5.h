/* SPDX-License-Identifier: GPL-2.0-or-later */
/* licensedep5.h - a license file in Debian's machine-readable copyright
 * format (libbsd's COPYING: a first line "Format: .../copyright-format/...").
 * Paragraphs with a License: field, its first line the short name(s), the
 * continuation lines the text. Each name is the license its text is
 * (licensetext.h), else the SPDX id Debian's standard short name means
 * (Expat is MIT, GPL-2+ is GPL-2.0-or-later), else LicenseRef-NAME (a name
 * the SPDX list lacks; license.c warns about it). "or" and "with" are not
 * read: such a file stays unknown. Part of the rule in license.c. */
#ifndef ACM_LICENSEDEP5_H
#define ACM_LICENSEDEP5_H

#include <stdbool.h>
#include <stddef.h>

#include "license.h"

/* false: text is not in that format. true: f->ids hold every license its
 * paragraphs name, or none when one name cannot be read (unknown). */
bool acm_licensedep5_read(struct acm_license_file *f, const char *text, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* license.h - name the license in a license file (COPYING, LICENSE, ...) with
 * its SPDX id, for the common licenses only; unknown texts get NULL, never a
 * guess. */
#ifndef ACM_LICENSE_H
#define ACM_LICENSE_H

#include <stdbool.h>
#include <stddef.h>

/* Is this base name a license file? COPYING*, LICENSE*, LICENCE*, COPYRIGHT*. */
bool acm_license_is_file(const char *name);

/* The SPDX id of a license text: "MIT", "BSD-3-Clause", "Apache-2.0", ...
 * For the GNU family the id has no -only/-or-later suffix ("GPL-2.0") and
 * *gnu is set: the text alone does not say which; the caller decides from
 * the source headers. Returns a static string, or NULL when unknown. */
const char *acm_license_identify(const char *text, size_t len, bool *gnu);

#endif

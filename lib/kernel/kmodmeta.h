/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodmeta.h - what a driver source's own small files say about the package
 * made from it: the version (of a VERSION file or dkms.conf's PACKAGE_VERSION,
 * which dkmsconf.h reads) and the license of a module source
 * (its SPDX tag, else MODULE_LICENSE mapped to SPDX by spdx.h). Every value
 * is checked here before it can reach a spec. Used by the tree scan
 * (kmodscan.h). */
#ifndef ACM_KMODMETA_H
#define ACM_KMODMETA_H

#include <stddef.h>

/* s[0..n) as an RPM Version: quotes and blanks trimmed, a leading v dropped,
 * then a digit and letters, digits and ._+~ ("v1.2" -> "1.2"); malloc'd, or
 * NULL when it is not one. */
char *acm_kmodmeta_version(const char *s, size_t n);

/* The SPDX expression of a C module source: an SPDX tag near the top,
 * else MODULE_LICENSE("...") mapped to SPDX; malloc'd, or NULL. */
char *acm_kmodmeta_license(const char *text, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specextract.h - specgen --extract: print the spec a source already ships. */
#ifndef ACM_SPECEXTRACT_H
#define ACM_SPECEXTRACT_H

#include <stddef.h>

#include "source.h"
#include "specdetect.h"

/* Read the shipped spec to print for --extract: the best NAME.spec (top level
 * first), printed as it is, else a NAME.spec.in with its @VAR@s filled:
 * name and version (what the build system declares, else the source's
 * name), release (release, else META's), the directories as rpm macros
 * (@SBINDIR@, @sbindir@ -> %{_sbindir}, ...). A placeholder left unfilled
 * refuses with 65, naming them. Warns when the spec's literal Version is
 * not the source's. Returns 0 (*text malloc'd, *len), 65 when the source
 * ships none or a placeholder is unknown, or an error. */
int acm_specextract_spec(struct acm_source *s, const struct acm_detect *d, const char *release,
			 char **text, size_t *len);

/* The fill of a spec.in (exposed for unit tests): malloc'd text, or NULL
 * with *left (a malloc'd "@A@, @B@") naming what could not be filled. */
char *acm_specextract_fill(const char *in, const char *name, const char *version, const char *release,
			   char **left);

#endif

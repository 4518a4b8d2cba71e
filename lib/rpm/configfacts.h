/* SPDX-License-Identifier: GPL-2.0-or-later */
/* configfacts.h - what the trial build's configure step actually found and
 * will use, read from its own records: autoconf's config.log, CMake's
 * CMakeCache.txt, meson's meson-logs/meson-log.txt. Each found library,
 * header or package becomes a BuildRequires through specbuildreq.h's table;
 * a pkg-config module found is pkgconfig(NAME) (its .pc exists). The logs
 * are the build's output, so untrusted: read without following links,
 * each at most ACM_CONFIGFACTS_MAX_FILE bytes, lines of at most
 * ACM_CONFIGFACTS_MAX_LINE, at most ACM_CONFIGFACTS_MAX_REQS results, and
 * only names of letters, digits and ._+- are ever taken. */
#ifndef ACM_CONFIGFACTS_H
#define ACM_CONFIGFACTS_H

#include <stddef.h>
#include "specdetect.h"

#define ACM_CONFIGFACTS_MAX_FILE (16u << 20)
#define ACM_CONFIGFACTS_MAX_LINE 4096
#define ACM_CONFIGFACTS_MAX_REQS 64

/* One log's text: the BuildRequires it shows, added to reqs. */
void acm_configfacts_autoconf(const char *text, size_t len, struct acm_strlist *reqs);
void acm_configfacts_cmake(const char *text, size_t len, struct acm_strlist *reqs);
void acm_configfacts_meson(const char *text, size_t len, struct acm_strlist *reqs);

/* Every config.log, CMakeCache.txt and meson-logs/meson-log.txt under dir
 * (the trial's BUILD tree, walked by acm_fstree_walk_max: at most 4 levels
 * down, 50000 directory entries and 16 logs, .git left out, no link followed
 * or entered), read into reqs. */
void acm_configfacts_read(const char *dir, struct acm_strlist *reqs);

/* Add to d the reqs its static reading did not name (a pkgconfig(NAME)
 * counts as named when d lists NAME with or without a version). */
void acm_configfacts_merge(struct acm_detect *d, const struct acm_strlist *reqs);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ini.h - a small INI reader for media metadata (.treeinfo, media.repo):
 * "[section]" headers, "key = value" lines, '#' and ';' comments. Section
 * and key names compare case-insensitively; section order does not matter. */
#ifndef ACM_INI_H
#define ACM_INI_H

#include <stddef.h>

struct acm_ini_kv {
	char *section;  /* lower-cased */
	char *key;      /* lower-cased */
	char *value;    /* trimmed, case kept */
};

struct acm_ini {
	struct acm_ini_kv *kv;
	size_t n, cap;
};

/* Parse text (len bytes, need not be NUL-terminated). Lines that are neither
 * a section, a key=value nor a comment are ignored, as anaconda does. Keys
 * before any section belong to section "". Never fails; ini must be freed. */
void acm_ini_parse(struct acm_ini *ini, const char *text, size_t len);
void acm_ini_free(struct acm_ini *ini);

/* The value of key in section (the last one when repeated), or NULL. */
const char *acm_ini_get(const struct acm_ini *ini, const char *section, const char *key);
/* Is there a section of that name? */
int acm_ini_has_section(const struct acm_ini *ini, const char *section);

#endif

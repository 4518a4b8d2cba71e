/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kconfig.h - kernel .config text: merge fragments on top of a base the way
 * the kernel's scripts/kconfig/merge_config.sh does, and check afterwards
 * which requested values the kernel's kconfig did not keep. */
#ifndef ACM_KCONFIG_H
#define ACM_KCONFIG_H

#include <stddef.h>

/* One symbol setting from a .config or fragment: "CONFIG_FOO=y" gives
 * name "CONFIG_FOO", value "y"; "# CONFIG_FOO is not set" gives value "n". */
struct acm_kconfig_entry {
	char *name;
	char *value;
	int line;          /* 1-based line in its text */
};

struct acm_kconfig {
	struct acm_kconfig_entry *e;
	size_t n;
};

/* Parse .config / fragment text. Comments and blank lines are skipped; a
 * later setting of the same symbol replaces the earlier one. A line that is
 * neither returns -1 with *bad_line set (1-based); 0 on success. */
int acm_kconfig_parse(const char *text, struct acm_kconfig *kc, int *bad_line);
void acm_kconfig_free(struct acm_kconfig *kc);
/* The value of name ("y", "m", "\"str\"", "n" for "is not set"), or NULL. */
const char *acm_kconfig_get(const struct acm_kconfig *kc, const char *name);

/* Text of base with every setting of frag applied: a symbol already in base
 * has its line replaced in place, a new one is appended. malloc'd. */
char *acm_kconfig_merge(const char *base, const struct acm_kconfig *frag);

/* Set (or replace) one symbol in .config text; value "n" writes the
 * "is not set" form. malloc'd. */
char *acm_kconfig_set(const char *text, const char *name, const char *value);

/* The fragment settings the final config does not hold: a NULL-terminated
 * malloc'd array of malloc'd "CONFIG_X=want (got: have)" strings, or NULL
 * when all were kept. A requested "n" is kept when the symbol is absent. */
char **acm_kconfig_lost(const struct acm_kconfig *final, const struct acm_kconfig *frag);

#endif

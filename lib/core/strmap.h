/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strmap.h - a string -> index hash map (open addressing, FNV-1a), the
 * one path index: entries of a medium, of a manifest, the names of a tree
 * being confined (confine.c). */
#ifndef ACM_STRMAP_H
#define ACM_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct acm_strmap {
	char **key;
	size_t *val;
	size_t cap, n;
};

/* Set k (copied) to v, replacing an earlier value. */
void acm_strmap_put(struct acm_strmap *m, const char *k, size_t v);
/* The value of k in *v; false when k is not there. */
bool acm_strmap_get(const struct acm_strmap *m, const char *k, size_t *v);
void acm_strmap_free(struct acm_strmap *m);

#endif

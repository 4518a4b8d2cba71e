/* SPDX-License-Identifier: GPL-2.0-or-later */
/* strmap.c - a string -> index hash map; see strmap.h. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "strmap.h"

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void map_grow(struct acm_strmap *m)
{
	struct acm_strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 1024;
	m->key = acm_xcalloc(m->cap, sizeof(*m->key));
	m->val = acm_xcalloc(m->cap, sizeof(*m->val));
	m->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.key[i]) {
			acm_strmap_put(m, old.key[i], old.val[i]);
			free(old.key[i]);
		}
	free(old.key);
	free(old.val);
}

void acm_strmap_put(struct acm_strmap *m, const char *k, size_t v)
{
	if ((m->n + 1) * 2 > m->cap)
		map_grow(m);
	size_t i = (size_t)fnv(k) & (m->cap - 1);
	while (m->key[i] && strcmp(m->key[i], k))
		i = (i + 1) & (m->cap - 1);
	if (!m->key[i]) {
		m->key[i] = acm_xstrdup(k);
		m->n++;
	}
	m->val[i] = v;
}

bool acm_strmap_get(const struct acm_strmap *m, const char *k, size_t *v)
{
	if (!m->cap)
		return false;
	size_t i = (size_t)fnv(k) & (m->cap - 1);
	while (m->key[i]) {
		if (!strcmp(m->key[i], k)) {
			*v = m->val[i];
			return true;
		}
		i = (i + 1) & (m->cap - 1);
	}
	return false;
}

void acm_strmap_free(struct acm_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

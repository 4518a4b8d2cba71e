/* SPDX-License-Identifier: GPL-2.0-or-later */
/* discinfo.c - the .discinfo id table; see discinfo.h.
 * Facts from xCAT's copycds disc table (perl-xCAT/xCAT/data/discinfo.pm in
 * xcat2/xcat-core: id, name, and the architecture its comments give), in
 * the same grouping. Names are kept exactly, including the older ones that
 * follow no pattern (rhelc5, rhas4.6, rhelhpc6, SL6, pkvm2.1). */
#include "config.h"
#include <string.h>

#include "discinfo.h"

const struct acm_discinfo_row acm_discinfo_table[] = {
#include "lib/media/discinfo-rows.h"
};
const size_t acm_discinfo_count = sizeof(acm_discinfo_table) / sizeof(acm_discinfo_table[0]);

const struct acm_discinfo_row *acm_discinfo_lookup(const char *id)
{
	if (!id)
		return NULL;
	id += strspn(id, " \t");
	size_t n = strcspn(id, " \t\r\n");
	if (n == 0)
		return NULL;
	for (size_t i = 0; i < acm_discinfo_count; i++)
		if (strlen(acm_discinfo_table[i].id) == n && !memcmp(acm_discinfo_table[i].id, id, n))
			return &acm_discinfo_table[i];
	return NULL;
}

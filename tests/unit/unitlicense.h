/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unitlicense.h - the License the license rule gives for a set of license
 * files and statements, for the unit tests of license.c (include after
 * cmocka.h). */
#ifndef ACM_UNITLICENSE_H
#define ACM_UNITLICENSE_H

#include <stdlib.h>
#include <string.h>

#include "license.h"

struct lic_in {
	const char *path;    /* NULL: a statement (README, a source's first lines) */
	const char *text;
};

/* The License that these files and statements give (NULL: unknown). */
static char *decide(const struct lic_in *in, size_t *nunknown)
{
	struct acm_license_ev ev = { 0 };
	for (size_t i = 0; in[i].text; i++) {
		if (in[i].path)
			acm_license_add_file(&ev, in[i].path, in[i].text, strlen(in[i].text));
		else
			acm_license_add_statement(&ev, in[i].text, strlen(in[i].text));
	}
	const char **unknown;
	size_t nu;
	bool tags;
	char *expr = acm_license_decide(&ev, &unknown, &nu, &tags);
	free(unknown);
	if (nunknown)
		*nunknown = nu;
	acm_license_ev_free(&ev);
	return expr;
}

#endif

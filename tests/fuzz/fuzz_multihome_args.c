/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_multihome_args.c - multihome-route's argument parsers and the
 * NetworkManager keyfile rewriter on arbitrary text: never crash; a keyfile
 * rewritten twice is the same, and taking our keys out twice is too; what
 * is read back as ours comes only from our keys; tables
 * assigned from any rt_tables text are never the kernel's (0, 253-255),
 * never shared, and never one the allocator's own rule refuses. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msg.h"
#include "persist.h"
#include "persistread.h"
#include "srcroute.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct acm_srcroute cfg;

	memcpy(s, data, size);
	s[size] = '\0';
	acm_set_verbosity(ACM_QUIET);
	acm_srcroute_init(&cfg);
	(void)acm_srcroute_add_uplink(&cfg, s);
	(void)acm_srcroute_add_uplink(&cfg, "up1:192.0.2.1,2001:db8::1");
	(void)acm_srcroute_add_from(&cfg, s);
	(void)acm_srcroute_add_uplink(&cfg, "up2:198.51.100.1");
	(void)acm_srcroute_set_table(&cfg, s);
	if (acm_srcroute_assign_tables(&cfg, s) == 0) {
		for (size_t i = 0; i < cfg.nup; i++) {
			uint32_t t = cfg.up[i].table;
			int code;
			if (t == 0 || (t >= 253 && t <= 255))
				abort();
			if (acm_srcroute_table_refused(&cfg, t, s, false, &code))
				abort();
			for (size_t k = 0; k < i; k++)
				if (cfg.up[k].table == t)
					abort();
		}
	}
	(void)acm_rt_tables_lookup(s, "isp");
	acm_srcroute_free(&cfg);

	char *a = acm_persist_render_nm(s, NULL, 0);
	char *b = acm_persist_render_nm(a, NULL, 0);
	if (strcmp(a, b) != 0)
		abort();
	/* Read back: claims only from our keys (none once they are taken
	 * out), each for the interface asked and a table of its own. */
	struct acm_rt_claim *c = NULL;
	size_t nc = 0;
	acm_persistread_nm(a, 7, &c, &nc);
	if (nc)
		abort();
	acm_persistread_nm(s, 7, &c, &nc);
	acm_persistread_networkd(s, 7, &c, &nc);
	for (size_t i = 0; i < nc; i++)
		if (!acm_rt_obj_table(&c[i].obj) ||
		    (c[i].obj.kind == ACM_RT_ROUTE && c[i].obj.u.route.oif != 7))
			abort();
	free(c);
	free(a);
	free(b);
	free(s);
	return 0;
}

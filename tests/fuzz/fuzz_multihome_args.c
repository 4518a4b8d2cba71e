/* fuzz_multihome_args.c - multihome-route's argument parsers and the
 * NetworkManager keyfile rewriter on arbitrary text: never crash; a keyfile
 * rewritten twice is the same, and taking our keys out twice is too. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "msg.h"
#include "persist.h"
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
	(void)acm_srcroute_set_table(&cfg, s);
	(void)acm_srcroute_assign_tables(&cfg, s);
	(void)acm_rt_tables_lookup(s, "isp");
	acm_srcroute_free(&cfg);

	char *a = acm_persist_render_nm(s, NULL, 0);
	char *b = acm_persist_render_nm(a, NULL, 0);
	if (strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	free(s);
	return 0;
}

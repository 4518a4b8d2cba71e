/* fuzz_block.c - the managed-block parser on arbitrary file text: never
 * crashes, the result always holds exactly one well-formed block with the
 * wanted body, and updating twice gives the same text (idempotence). */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "block.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BEGIN "# BEGIN fz"
#define END "# END fz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	bool dmg;
	memcpy(s, data, size);
	s[size] = '\0';
	char *t = acm_block_update(s, BEGIN, END, "%_topdir /x\n", &dmg);
	char *body = acm_block_get(t, BEGIN, END);
	if (!body || strcmp(body, "%_topdir /x\n") != 0)
		abort();
	char *t2 = acm_block_update(t, BEGIN, END, "%_topdir /x\n", &dmg);
	if (dmg || strcmp(t, t2) != 0)
		abort();
	char *r = acm_block_remove(t, BEGIN, END);
	if (strstr(r, BEGIN "\n") == r)
		abort();
	free(r);
	free(body);
	free(t2);
	free(t);
	free(s);
	return 0;
}

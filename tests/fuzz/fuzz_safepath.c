/* fuzz_safepath.c - the lexical check of untrusted names: never crashes, and
 * whatever it accepts is relative and free of ".." components. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "safepath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *clean = NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	if (acm_path_clean_rel(s, &clean) == 0) {
		if (clean[0] == '/' || clean[0] == '\0' || strcmp(clean, "..") == 0 ||
		    strncmp(clean, "../", 3) == 0 || strstr(clean, "/../") ||
		    (strlen(clean) >= 3 && strcmp(clean + strlen(clean) - 3, "/..") == 0) || strstr(clean, "//"))
			abort();
		free(clean);
	}
	free(s);
	return 0;
}

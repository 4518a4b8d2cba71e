/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_kconfig.c - libFuzzer over kbuild's parsers of untrusted text: .config
 * fragments (parse, merge, lost-settings check) and a kernel's top Makefile. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"
#include "kspec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct acm_kconfig kc, base;
	struct acm_kmakefile mk;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (acm_kconfig_parse(text, &kc, NULL) == 0) {
		char *merged = acm_kconfig_merge("CONFIG_A=y\n# CONFIG_B is not set\n", &kc);

		if (acm_kconfig_parse(merged, &base, NULL) == 0) {
			char **lost = acm_kconfig_lost(&base, &kc);

			for (size_t i = 0; lost && lost[i]; i++)
				free(lost[i]);
			free(lost);
			acm_kconfig_free(&base);
		}
		free(merged);
		acm_kconfig_free(&kc);
	}
	if (acm_kmakefile_parse(text, &mk) == 0)
		free(acm_kmakefile_rpm_version(&mk));
	free(text);
	return 0;
}

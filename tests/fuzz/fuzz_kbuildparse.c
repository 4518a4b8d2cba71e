/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_kbuildparse.c - libFuzzer over mx2g-pack's reading of untrusted driver
 * sources: the Kbuild/Makefile parser (raw bytes, NULs included), module
 * finding over a small tree built from the input, and utsrelease.h. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kmodkernel.h"
#include "kmodkbuild.h"
#include "kmodscan.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acm_kmodkbuild f;
	struct acm_kmod_scan *s;
	struct acm_kmod_set set;
	char *text = malloc(size + 1);
	char *r;

	if (!text)
		return 0;
	acm_set_verbosity(ACM_QUIET);
	memcpy(text, data, size);
	text[size] = '\0';

	acm_kmodkbuild_parse((const char *)data, size, NULL, &f);
	acm_kmodkbuild_free(&f);

	/* the same text as the Kbuild of a nested directory and of the top */
	s = acm_kmod_scan_new();
	acm_kmod_scan_add(s, "Makefile", false, text, size);
	acm_kmod_scan_add(s, "drv/linux/Kbuild", false, text, size);
	acm_kmod_scan_add(s, "drv/linux/x.c", false, text, size);
	acm_kmod_scan_add(s, "dkms.conf", false, text, size);
	acm_kmod_scan_add(s, "VERSION", false, text, size);
	if (acm_kmod_find(s, NULL, false, "fuzz", &set) == 0)
		acm_kmod_set_free(&set);
	acm_kmod_scan_free(s);

	r = acm_ktree_parse_utsrelease(text);
	free(r);
	free(text);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_detect.c - libFuzzer target for specgen's text parsers: build files
 * (configure.ac, CMakeLists.txt, meson.build, Makefile, pyproject), source
 * headers, license texts, and tag/name-version/link rules. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "license.h"
#include "source.h"
#include "specdetect.h"
#include "specparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);
	memcpy(t, data, size);
	t[size] = '\0';
	struct acm_detect d = { 0 };
	acm_specparse_autoconf(&d, t);
	acm_specparse_cmake(&d, t);
	acm_specparse_meson(&d, t);
	acm_specparse_makefile(&d, t);
	acm_specparse_python(&d, t);
	acm_specparse_meson_options(&d, t);
	acm_specparse_m4(&d, t);
	acm_specparse_bootstrap(&d, t);
	acm_detect_header(&d, t);
	acm_license_add_file(&d.lic, "COPYING", t, size);   /* sections, statements, the decision */
	acm_detect_finish(&d);
	while (acm_detect_fallback(&d))
		;
	acm_detect_free(&d);
	bool gnu;
	(void)acm_license_identify(t, size, &gnu);
	free(acm_source_version_from_tag(t, "name"));
	char *n = NULL, *v = NULL;
	if (acm_source_split_nv(t, &n, &v)) {
		free(n);
		free(v);
	}
	free(acm_source_stem(t));
	free(t);
	return 0;
}

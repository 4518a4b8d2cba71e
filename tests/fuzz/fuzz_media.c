/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_media.c - media identification over hostile metadata: the first byte
 * picks which metadata file the rest pretends to be (or all of them). Never
 * crashes; whatever it names is usable as a directory name; the manifest
 * escaping round-trips; the symlink check never lets an absolute target by. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ini.h"
#include "isoscan.h"
#include "manifest.h"
#include "media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct acm_media_meta m;
	memset(&m, 0, sizeof(m));
	int which = data[0] % (ACM_MF_COUNT + 1);
	for (int i = 0; i < ACM_MF_COUNT; i++)
		if (which == ACM_MF_COUNT || which == i)
			acm_media_meta_set(&m, i, data + 1, size - 1);
	m.suse_disc = data[0] & 3;
	struct acm_media_id id;
	if (acm_media_identify(&m, &id)) {
		/* an identified OSVER/ARCH goes into a path: it must be tame */
		if (!acm_media_valid_name(id.osver) || !acm_media_valid_name(id.arch))
			abort();
	}
	acm_media_meta_free(&m);

	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	struct acm_ini ini;
	acm_ini_parse(&ini, (const char *)data + 1, size - 1);
	acm_ini_free(&ini);
	char *e = acm_manifest_escape(s);
	char *u = acm_manifest_unescape(e);
	if (!u || strcmp(u, s) || strpbrk(e, " \t\n"))
		abort();
	free(e);
	free(u);
	free(s);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_configfacts.c - libFuzzer over the readers of the trial build's own
 * records (lib/rpm/configfacts.c): config.log, CMakeCache.txt and
 * meson-log.txt, raw bytes with NULs. Beyond "no crash", the harness
 * aborts when a reader gives more than ACM_CONFIGFACTS_MAX_REQS results
 * or one the trial cache would not read back (acm_specbuildreq_valid),
 * when a result carries a byte outside the one name rule, or when
 * acm_specbuildreq_name_ok() disagrees with that rule on the raw input
 * (a NUL inside a name is not a name). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configfacts.h"
#include "msg.h"
#include "specbuildreq.h"
#include "specdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_configfacts: %s failed (line %d)\n", #c, __LINE__); abort(); } } while (0)

/* the rule, written out again: 1..63 bytes of letters, digits, ._+- */
static bool rule(const uint8_t *s, size_t n)
{
	if (!n || n > ACM_SPECBUILDREQ_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		      c == '_' || c == '+' || c == '-'))
			return false;
	}
	return true;
}

static void check_reqs(const struct acm_strlist *reqs)
{
	CHECK(reqs->n <= ACM_CONFIGFACTS_MAX_REQS);
	for (size_t i = 0; i < reqs->n; i++) {
		const char *r = reqs->v[i];
		CHECK(acm_specbuildreq_valid(r));
		size_t n = strlen(r);
		if (!strncmp(r, "pkgconfig(", 10))
			CHECK(n > 11 && r[n - 1] == ')' && rule((const uint8_t *)r + 10, n - 11));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void (*const readers[])(const char *, size_t, struct acm_strlist *) = {
		acm_configfacts_autoconf, acm_configfacts_cmake, acm_configfacts_meson,
	};
	acm_set_verbosity(ACM_QUIET);
	/* the input as one log of each kind, read into one list as the walk does */
	struct acm_strlist all = { 0 };
	for (size_t k = 0; k < sizeof readers / sizeof readers[0]; k++) {
		struct acm_strlist reqs = { 0 };
		readers[k]((const char *)data, size, &reqs);
		check_reqs(&reqs);
		readers[k]((const char *)data, size, &all);
		check_reqs(&all);
		acm_strlist_free(&reqs);
	}
	/* what merge adds to a detect result is what the readers gave */
	struct acm_detect d = { 0 };
	acm_strlist_add(&d.pc_provided, "zlib");
	acm_configfacts_merge(&d, &all);
	CHECK(d.pkgconfig.n + d.buildreq.n <= all.n);
	for (size_t i = 0; i < d.pkgconfig.n; i++)
		CHECK(acm_strlist_has(&all, d.pkgconfig.v[i]) && strcmp(d.pkgconfig.v[i], "pkgconfig(zlib)"));
	for (size_t i = 0; i < d.buildreq.n; i++)
		CHECK(acm_strlist_has(&all, d.buildreq.v[i]));
	acm_detect_free(&d);
	acm_strlist_free(&all);
	/* the name rule itself, on the raw bytes */
	size_t n = size > ACM_SPECBUILDREQ_NAME_MAX + 1 ? ACM_SPECBUILDREQ_NAME_MAX + 1 : size;
	CHECK(acm_specbuildreq_name_ok((const char *)data, n) == rule(data, n));
	return 0;
}

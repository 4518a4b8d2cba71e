/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unittmp.h - a fresh scratch directory for each unit test that asks for
 * one (include after cmocka.h): register it with TMP_TEST(fn); the test
 * finds the directory in tmpdir, and names in it with in_tmp(), removed
 * and freed again after it. */
#ifndef ACM_UNITTMP_H
#define ACM_UNITTMP_H

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "run.h"

static char tmpdir[256];
static char *tmp_paths[64];
static size_t ntmp_paths;

/* tmpdir/name, freed by the teardown with the directory */
static inline const char *in_tmp(const char *name)
{
	assert_true(ntmp_paths < sizeof(tmp_paths) / sizeof(tmp_paths[0]));
	return tmp_paths[ntmp_paths++] = acm_xasprintf("%s/%s", tmpdir, name);
}

static int setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/acmunit.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int teardown_tmp(void **state)
{
	(void)state;
	const char *argv[] = { "rm", "-rf", tmpdir, NULL };
	assert_int_equal(acm_run_capture(argv, NULL), 0);
	while (ntmp_paths)
		free(tmp_paths[--ntmp_paths]);
	return 0;
}

#define TMP_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_tmp, teardown_tmp)

#endif

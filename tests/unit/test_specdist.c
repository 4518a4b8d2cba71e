/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_specdist.c - the distributed files an automake build lists that a
 * source lacks (specdist.h): which lists count, where a word's file is
 * (a fragment's %D%, a subdirectory, an including ancestor), what counts
 * as there (a file, a directory, a .in), the words never taken (make
 * variables, quotes, "..", absolute paths), and the %prep lines. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "specdist.h"

static char *missing_of(const char *const *have, const char *const (*ams)[2])
{
	struct acm_specdist s;
	memset(&s, 0, sizeof s);
	for (size_t i = 0; ams[i][0]; i++)
		acm_specdist_parse(&s, ams[i][0], ams[i][1]);
	for (size_t i = 0; have[i]; i++)
		acm_specdist_seen(&s, have[i]);
	acm_specdist_finish(&s);
	struct acm_buf b = ACM_BUF_INIT;
	for (size_t i = 0; i < s.nmissing; i++)
		acm_buf_addf(&b, "%s%s", i ? " " : "", s.missing[i].path);
	acm_specdist_free(&s);
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

/* ZFS 2.2.7's lists: a fragment's %D% words, a subdirectory's nobase_dist_ */
static void which_lists(void **state)
{
	(void)state;
	const char *const have[] = { "Makefile.am", "contrib/initramfs/Makefile.am", "contrib/initramfs/hooks/zfs.in",
		"contrib/initramfs/conf.d/zfs", "tests/Makefile.am", "tests/data/kept", "tests/gen.sh.in",
		"debian/tree/x", "top.txt", NULL };
	const char *const ams[][2] = {
		{ "contrib/initramfs/Makefile.am", "i_tdir = /usr/share/initramfs-tools\n"
		  "dist_i_t_conf_d_DATA = \\\n\t%D%/conf.d/zfs\n"
		  "i_t_hooks_SCRIPTS = \\\n\t%D%/hooks/zfs\n"            /* not dist: made from .in */
		  "dist_i_t_scripts_SCRIPTS = \\\n\t%D%/scripts/zfs\n"   /* lacking */
		  "dist_noinst_DATA += %reldir%/README.md plain-in-fragment\n" },
		{ "tests/Makefile.am", "nobase_dist_datadir_t_DATA = \\\n\tdata/kept \\\n\tdata/draidcfg.gz \\\n"
		  "\tgen.sh \\\n\t../top.txt \\\n\t/abs/path \\\n\t$(srcdir)/var.txt \\\n\t'quoted' \\\n\t@SUBST@ \\\n"
		  "\tdebian/tree \\\n\ttop.txt\n"
		  "nodist_t_DATA = nodist.txt\nEXTRA_DIST = extra.txt\ndist_noinst_SCRIPTS = x # comment.txt\n"
		  "\techo 'dist_x_DATA = recipe.txt'\n"
		  "dist_man_MANS = t.1\n" },
		{ NULL, NULL } };
	char *got = missing_of(have, ams);
	/* debian/tree (a directory) and top.txt are the top's, an ancestor
	 * that may include tests/Makefile.am: there */
	assert_string_equal(got, "contrib/initramfs/scripts/zfs contrib/initramfs/README.md tests/data/draidcfg.gz "
				 "tests/x tests/t.1");
	free(got);
}

/* the lists read in either order (an archive's member order) give the same
 * missing files in the same order: by Makefile.am, each one's words as it
 * lists them */
static void archive_order(void **state)
{
	(void)state;
	const char *const have[] = { "contrib/Makefile.am", "tests/Makefile.am", NULL };
	const char *const contrib[2] = { "contrib/Makefile.am", "dist_h_SCRIPTS = \\\n\tz-gone \\\n\ta-gone\n" };
	const char *const tests[2] = { "tests/Makefile.am", "nobase_dist_t_DATA = data/big.gz\n" };
	const char *const one[][2] = { { contrib[0], contrib[1] }, { tests[0], tests[1] }, { NULL, NULL } };
	const char *const two[][2] = { { tests[0], tests[1] }, { contrib[0], contrib[1] }, { NULL, NULL } };
	char *a = missing_of(have, one), *b = missing_of(have, two);
	assert_string_equal(a, "contrib/z-gone contrib/a-gone tests/data/big.gz");
	assert_string_equal(b, a);
	free(a);
	free(b);
}

/* the %prep lines, and a name that may not go into them */
static void prep_lines(void **state)
{
	(void)state;
	struct acm_specdist s;
	memset(&s, 0, sizeof s);
	acm_specdist_parse(&s, "a/Makefile.am", "include $(srcdir)/x.am\ndist_a_DATA = \\\n\t%D%/b+c.gz \\\n\t%D%/here\n");
	acm_specdist_parse(&s, "it's/Makefile.am", "dist_a_DATA = gone\n");
	acm_specdist_parse(&s, "%D%/Makefile.am", "dist_a_DATA = gone\n");
	acm_specdist_seen(&s, "a/here");
	acm_specdist_finish(&s);
	assert_int_equal(s.nmissing, 1);
	struct acm_buf b = ACM_BUF_INIT;
	acm_specdist_prep(&b, &s);
	assert_non_null(strstr(acm_buf_str(&b), "sed -E -z -i -e 's#\\\\\\n[[:blank:]]*%%D%%/b\\+c\\.gz[[:blank:]]*\\n#\\n#g' "
						"-e 's#([[:space:]])%%D%%/b\\+c\\.gz([[:space:]])#\\1\\2#g' a/Makefile.am\n"));
	acm_buf_free(&b);
	acm_specdist_free(&s);
	/* more missing than a few dropped files: named, never edited */
	memset(&s, 0, sizeof s);
	struct acm_buf am = ACM_BUF_INIT;
	acm_buf_adds(&am, "dist_x_DATA =");
	for (int i = 0; i <= ACM_SPECDIST_MAX_MISSING; i++)
		acm_buf_addf(&am, " f%d", i);
	acm_specdist_parse(&s, "Makefile.am", acm_buf_str(&am));
	acm_specdist_finish(&s);
	assert_true(s.too_many);
	acm_specdist_prep(&am, &s);
	assert_null(strstr(acm_buf_str(&am), "sed"));
	acm_buf_free(&am);
	acm_specdist_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(which_lists),
		cmocka_unit_test(archive_order),
		cmocka_unit_test(prep_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

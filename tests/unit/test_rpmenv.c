/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_rpmenv.c - unit tests for the rpmenv module behind rpmenv-init. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "rpmenv.h"
#include "run.h"

static void define_validation(void **state)
{
	(void)state;
	static const char *const good[] = { "_smp_mflags -j4", "%vendor ACM cluster", "dist\t.acm1" };
	static const char *const bad[] = {
		"",
		"novalue",
		"name   ",
		"ab short",
		"9abc digit",
		"bad-name x",
		"multi line\nvalue",
		"cont value\\",
		"_topdir /x",
		"%_topdir /x",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_null(acm_rpmenv_define_error(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_non_null(acm_rpmenv_define_error(bad[i]));
}

static void block_body_has_topdir_first(void **state)
{
	(void)state;
	const char *defs[] = { "%vendor  ACM", "_smp_mflags -j4", NULL };
	char *b = acm_rpmenv_block_body("/home/u/rpmbuild", defs);
	assert_string_equal(b, "%_topdir /home/u/rpmbuild\n%vendor ACM\n%_smp_mflags -j4\n");
	free(b);
	b = acm_rpmenv_block_body("/t", NULL);
	assert_string_equal(b, "%_topdir /t\n");
	free(b);
}

static void rpm_version_parsing(void **state)
{
	(void)state;
	char v[32];
	assert_int_equal(acm_rpmenv_version_code("RPM version 4.18.0\n", v, sizeof(v)), 41800);
	assert_string_equal(v, "4.18.0");
	assert_int_equal(acm_rpmenv_version_code("RPM version 4.16.1.3\n", v, sizeof(v)), 41601);
	assert_int_equal(acm_rpmenv_version_code("RPM version 4.20\n", v, sizeof(v)), 42000);
	assert_int_equal(acm_rpmenv_version_code("garbage", v, sizeof(v)), 0);
	assert_string_equal(v, "");
	assert_int_equal(acm_rpmenv_version_code(NULL, v, sizeof(v)), 0);
}

/* As root, the default ~/.rpmmacros linked out of $HOME is neither read
 * nor written (77); named with --macros it is followed and stays a link. */
static void root_refuses_a_macros_link_out_of_home(void **state)
{
	(void)state;
	char tmp[] = "/tmp/acmrpmenv.XXXXXX";
	if (geteuid() != 0) {
		skip();
		return;
	}
	assert_non_null(mkdtemp(tmp));
	char *home = acm_xasprintf("%s/home", tmp), *secret = acm_xasprintf("%s/secret", tmp);
	char *link = acm_xasprintf("%s/.rpmmacros", home), *top = acm_xasprintf("%s/rpmbuild", home);
	char *data;
	struct stat st;
	assert_int_equal(acm_mkdir_p(home, 0755), 0);
	assert_int_equal(acm_write_file_atomic(secret, "%s3cr3t x\n", 10, 0600), 0);
	assert_int_equal(symlink(secret, link), 0);
	setenv("HOME", home, 1);

	struct acm_rpmenv e = { .topdir = top, .macros = link, .change = true };
	assert_int_equal(acm_rpmenv_apply(&e), ACM_EX_NOPERM);
	acm_rpmenv_free(&e);
	assert_int_equal(acm_read_file(secret, &data, NULL, 0), 0);
	assert_string_equal(data, "%s3cr3t x\n");
	free(data);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));

	struct acm_rpmenv e2 = { .topdir = top, .macros = link, .macros_explicit = true, .change = true };
	assert_int_equal(acm_rpmenv_apply(&e2), 0);
	acm_rpmenv_free(&e2);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(acm_read_file(secret, &data, NULL, 0), 0);
	assert_non_null(strstr(data, "%s3cr3t x\n"));
	assert_non_null(strstr(data, "%_topdir "));
	free(data);

	const char *argv[] = { "rm", "-rf", tmp, NULL };
	assert_int_equal(acm_run_capture(argv, NULL), 0);
	free(home);
	free(secret);
	free(link);
	free(top);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(define_validation),
		cmocka_unit_test(block_body_has_topdir_first),
		cmocka_unit_test(rpm_version_parsing),
		cmocka_unit_test(root_refuses_a_macros_link_out_of_home),
	};
	return cmocka_run_group_tests_name("rpmenv", tests, NULL, NULL);
}

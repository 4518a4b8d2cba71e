/* test_rpmenv.c - unit tests for the rpmenv module behind rpmenv-init. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "rpmenv.h"

static void define_validation(void **state)
{
	assert_null(acm_rpmenv_define_error("_smp_mflags -j4"));
	assert_null(acm_rpmenv_define_error("%vendor ACM cluster"));
	assert_null(acm_rpmenv_define_error("dist\t.acm1"));
	assert_non_null(acm_rpmenv_define_error(""));
	assert_non_null(acm_rpmenv_define_error("novalue"));
	assert_non_null(acm_rpmenv_define_error("name   "));
	assert_non_null(acm_rpmenv_define_error("ab short"));
	assert_non_null(acm_rpmenv_define_error("9abc digit"));
	assert_non_null(acm_rpmenv_define_error("bad-name x"));
	assert_non_null(acm_rpmenv_define_error("multi line\nvalue"));
	assert_non_null(acm_rpmenv_define_error("cont value\\"));
	assert_non_null(acm_rpmenv_define_error("_topdir /x"));
	assert_non_null(acm_rpmenv_define_error("%_topdir /x"));
}

static void block_body_has_topdir_first(void **state)
{
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
	char v[32];
	assert_int_equal(acm_rpmenv_version_code("RPM version 4.18.0\n", v, sizeof(v)), 41800);
	assert_string_equal(v, "4.18.0");
	assert_int_equal(acm_rpmenv_version_code("RPM version 4.16.1.3\n", v, sizeof(v)), 41601);
	assert_int_equal(acm_rpmenv_version_code("RPM version 4.20\n", v, sizeof(v)), 42000);
	assert_int_equal(acm_rpmenv_version_code("garbage", v, sizeof(v)), 0);
	assert_string_equal(v, "");
	assert_int_equal(acm_rpmenv_version_code(NULL, v, sizeof(v)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(define_validation),
		cmocka_unit_test(block_body_has_topdir_first),
		cmocka_unit_test(rpm_version_parsing),
	};
	return cmocka_run_group_tests_name("rpmenv", tests, NULL, NULL);
}

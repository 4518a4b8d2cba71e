/* test_kbuild.c - kbuild's pure logic: .config merging and the check of what
 * olddefconfig kept, the kernel Makefile's version, the spec's invariants,
 * rpmbuild's "Wrote:" lines and repomd.xml's file list. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kconfig.h"
#include "kspec.h"
#include "pkgmeta.h"
#include "repo.h"
#include "rpmbuild.h"

static void parse_settings_and_not_set(void **state)
{
	struct acm_kconfig kc;
	int bad = 0;

	(void)state;
	assert_int_equal(acm_kconfig_parse("# comment\n\nCONFIG_A=y\n# CONFIG_B is not set\n"
					   "CONFIG_S=\"x y\"\nCONFIG_A=m\n", &kc, &bad), 0);
	assert_int_equal(kc.n, 3);
	assert_string_equal(acm_kconfig_get(&kc, "CONFIG_A"), "m"); /* later wins */
	assert_string_equal(acm_kconfig_get(&kc, "CONFIG_B"), "n");
	assert_string_equal(acm_kconfig_get(&kc, "CONFIG_S"), "\"x y\"");
	assert_null(acm_kconfig_get(&kc, "CONFIG_C"));
	acm_kconfig_free(&kc);
}

static void parse_rejects_garbage_with_line(void **state)
{
	struct acm_kconfig kc;
	int bad = 0;

	(void)state;
	assert_int_equal(acm_kconfig_parse("CONFIG_A=y\nMODULES=y\n", &kc, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(acm_kconfig_parse("CONFIG_=y\n", &kc, &bad), -1);
	assert_int_equal(acm_kconfig_parse("CONFIG_A y\n", &kc, &bad), -1);
}

static void merge_replaces_in_place_and_appends(void **state)
{
	struct acm_kconfig frag;
	char *out;

	(void)state;
	assert_int_equal(acm_kconfig_parse("CONFIG_B=y\n# CONFIG_A is not set\nCONFIG_NEW=m\n", &frag, NULL), 0);
	out = acm_kconfig_merge("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=y\n", &frag);
	assert_string_equal(out, "# CONFIG_A is not set\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_NEW=m\n");
	free(out);
	acm_kconfig_free(&frag);

	out = acm_kconfig_set("CONFIG_LOCALVERSION=\"-foo\"\n", "CONFIG_LOCALVERSION", "\"\"");
	assert_string_equal(out, "CONFIG_LOCALVERSION=\"\"\n");
	free(out);
}

static void lost_settings_are_reported(void **state)
{
	struct acm_kconfig final, frag;
	char **lost;

	(void)state;
	assert_int_equal(acm_kconfig_parse("CONFIG_MODULES=y\n# CONFIG_X is not set\n", &final, NULL), 0);
	assert_int_equal(acm_kconfig_parse("CONFIG_MODULES=y\nCONFIG_X=m\n# CONFIG_GONE is not set\n"
					   "CONFIG_ABSENT=y\n", &frag, NULL), 0);
	lost = acm_kconfig_lost(&final, &frag);
	assert_non_null(lost);
	assert_string_equal(lost[0], "CONFIG_X=m (got: not set)");
	assert_non_null(strstr(lost[1], "CONFIG_ABSENT=y (got: not present"));
	assert_null(lost[2]);
	for (int i = 0; lost[i]; i++)
		free(lost[i]);
	free(lost);
	acm_kconfig_free(&final);
	acm_kconfig_free(&frag);
}

static void makefile_version(void **state)
{
	struct acm_kmakefile mk;
	char *v;

	(void)state;
	assert_int_equal(acm_kmakefile_parse("# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\n"
					     "EXTRAVERSION =\nNAME = Curry Ramen\n", &mk), 0);
	v = acm_kmakefile_rpm_version(&mk);
	assert_string_equal(v, "6.1.192");
	free(v);
	assert_int_equal(acm_kmakefile_parse("VERSION = 6\nPATCHLEVEL = 2\nSUBLEVEL = 0\n"
					     "EXTRAVERSION = -rc3\n", &mk), 0);
	v = acm_kmakefile_rpm_version(&mk);
	assert_string_equal(v, "6.2.0_rc3");
	free(v);
	/* not a kernel Makefile */
	assert_int_equal(acm_kmakefile_parse("all:\n\techo hi\n", &mk), -1);
	assert_int_equal(acm_kmakefile_parse("VERSION = 1.2\nPATCHLEVEL = 3\n", &mk), -1);
	assert_int_equal(acm_kmakefile_parse("VERSION = 6\nPATCHLEVEL = 1\nEXTRAVERSION = $(shell x)\n", &mk), -1);
}

static void arches_and_names(void **state)
{
	(void)state;
	assert_string_equal(acm_kernel_arch("x86_64"), "x86_64");
	assert_string_equal(acm_kernel_arch("aarch64"), "arm64");
	assert_string_equal(acm_kernel_arch("i686"), "i386");
	assert_null(acm_kernel_arch("vax"));
	assert_string_equal(acm_kernel_srcarch("x86_64"), "x86");
	assert_string_equal(acm_kernel_srcarch("arm64"), "arm64");
	assert_true(acm_pkgmeta_valid_name("kernel-ml"));
	assert_false(acm_pkgmeta_valid_name("-kernel"));
	assert_false(acm_pkgmeta_valid_name("kernel ml"));
	assert_true(acm_pkgmeta_valid_release("1.acm"));
	assert_false(acm_pkgmeta_valid_release("1-2"));
	assert_false(acm_pkgmeta_valid_release(""));
}

static struct acm_kspec sample(const char *name)
{
	struct acm_kspec s = { 0 };

	s.name = name;
	s.version = "6.1.192";
	s.kextra = "";
	s.release = "3.acm";
	s.rpm_arch = "x86_64";
	s.source0 = "linux-source-6.1.tar.xz";
	s.setup_dir = "linux-source-6.1";
	s.config_source = "c.config";
	s.origin = "/usr/src/linux-source-6.1.tar.xz";
	s.packager = "T <t at example.org>";
	s.date = "Tue Nov 24 2026";
	return s;
}

static void spec_invariants(void **state)
{
	struct acm_kspec s = sample("kernel-ml");
	char *kver = acm_kspec_kver(&s, ".el9");
	char *t = acm_kspec_text(&s);

	(void)state;
	assert_string_equal(kver, "6.1.192-3.acm.el9.x86_64");
	free(kver);
	assert_non_null(strstr(t, "\nName:           kernel-ml\n"));
	assert_non_null(strstr(t, "\nProvides:       kernel = %{version}-%{release}\n"));
	assert_non_null(strstr(t, "installonlypkg(kernel)"));
	assert_non_null(strstr(t, "EXTRAVERSION = %{kextra}-%{release}.%{_target_cpu}"));
	assert_non_null(strstr(t, "%setup -q -n linux-source-6.1\n"));
	assert_non_null(strstr(t, "kernel-install add %{kver}"));
	assert_non_null(strstr(t, "%files devel\n"));
	assert_non_null(strstr(t, "arch/%{ksrcarch}/include"));
	assert_null(strstr(t, "%files headers"));
	assert_null(strstr(t, "@")); /* every placeholder filled */
	free(t);

	s = sample("kernel");
	s.headers = true;
	t = acm_kspec_text(&s);
	/* the replacing kernel does not provide its own name again */
	assert_null(strstr(t, "Provides:       kernel = "));
	assert_non_null(strstr(t, "%files headers\n"));
	assert_non_null(strstr(t, "headers_install"));
	free(t);
}

static void wrote_lines(void **state)
{
	size_t n;
	char **l = acm_rpmbuild_parse_wrote("  CC foo.o\nWrote: /t/SRPMS/k-1-1.src.rpm\n"
					    "Wrote: /t/RPMS/x86_64/k-1-1.x86_64.rpm\r\n"
					    "Wrote: not a package\n  Wrote: /indented.rpm\n", &n);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "/t/SRPMS/k-1-1.src.rpm");
	assert_string_equal(l[1], "/t/RPMS/x86_64/k-1-1.x86_64.rpm");
	assert_null(l[2]);
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

static void repomd_files(void **state)
{
	size_t n;
	char **l = acm_repo_repomd_files(
		"<repomd><data type=\"primary\"><location href=\"repodata/abc-primary.xml.gz\"/></data>"
		"<data><location href=\"repodata/../../etc/passwd\"/></data>"
		"<data><location href=\"elsewhere/x.gz\"/></data>"
		"<data><location href=\"repodata/def-filelists.xml.gz\"/></data></repomd>", &n);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(l[0], "repodata/abc-primary.xml.gz");
	assert_string_equal(l[1], "repodata/def-filelists.xml.gz");
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_settings_and_not_set),
		cmocka_unit_test(parse_rejects_garbage_with_line),
		cmocka_unit_test(merge_replaces_in_place_and_appends),
		cmocka_unit_test(lost_settings_are_reported),
		cmocka_unit_test(makefile_version),
		cmocka_unit_test(arches_and_names),
		cmocka_unit_test(spec_invariants),
		cmocka_unit_test(wrote_lines),
		cmocka_unit_test(repomd_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

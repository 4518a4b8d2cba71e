/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_media.c - media identification: the product-name table (one test per
 * entry), versions, architectures, each metadata format as real media
 * write it, and the copier's pure helpers. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ini.h"
#include "confine.h"
#include "isoscan.h"
#include "manifest.h"
#include "media.h"

/* ---- the product table: one case per entry, as media spell the name */
struct name_case {
	const char *product;
	const char *table_match; /* the entry this case proves */
	const char *want;
};

static const struct name_case name_cases[] = {
	{ "Red Hat Enterprise Linux 8.8", "red hat enterprise linux", "rhels" },
	{ "RHEL-7.0 Server.ppc64", "rhel", "rhels" },
	{ "CentOS Stream 9", "centos stream", "centos-stream" },
	{ "CentOS Linux 8", "centos linux", "centos" },
	{ "CentOS 6.3", "centos", "centos" },
	{ "Rocky Linux 9.2", "rocky linux", "rocky" },
	{ "Rocky-8.7", "rocky", "rocky" },
	{ "AlmaLinux 8.8", "almalinux", "alma" },
	{ "Alma Linux 9", "alma linux", "alma" },
	{ "Oracle Linux 8.6", "oracle linux", "ol" },
	{ "Scientific Linux 7.9", "scientific linux", "sl" },
	{ "Fedora-Server 39", "fedora", "fedora" },
	{ "openEuler 22.03", "openeuler", "openeuler" },
	{ "SUSE Linux Enterprise Server 15 SP4", "suse linux enterprise server", "sles" },
	{ "SUSE Linux Enterprise High Performance Computing 15 SP3",
	  "suse linux enterprise high performance computing", "sles" },
	{ "SLES15-SP4", "sles", "sles" },
	{ "SLE_HPC 15", "sle hpc", "sles" },
	{ "openSUSE Leap 15.5", "opensuse leap", "opensuse-leap" },
	{ "openSUSE", "opensuse", "opensuse-leap" },
	{ "Ubuntu-Server 22.04.3 LTS", "ubuntu", "ubuntu" },
	{ "Debian GNU/Linux 12.2.0", "debian gnu/linux", "debian" },
	{ "Debian 11", "debian", "debian" },
};

static void test_name_case(void **state)
{
	const struct name_case *nc = *state;
	const struct acm_product_name *p = acm_media_product_lookup(nc->product, NULL);
	assert_non_null(p);
	assert_string_equal(p->match, nc->table_match);
	assert_string_equal(p->short_name, nc->want);
}

static void test_table_fully_covered(void **state)
{
	(void)state;
	for (const struct acm_product_name *p = acm_product_names; p->match; p++) {
		int seen = 0;
		for (size_t i = 0; i < sizeof(name_cases) / sizeof(name_cases[0]); i++)
			seen |= !strcmp(name_cases[i].table_match, p->match);
		if (!seen)
			fail_msg("table entry '%s' has no test case", p->match);
	}
}

static void test_not_a_product(void **state)
{
	(void)state;
	assert_null(acm_media_product_lookup("Centosaurus 1.0", NULL));
	assert_null(acm_media_product_lookup("GRUB2 rescue", NULL));
	assert_null(acm_media_product_lookup("", NULL));
}

static void test_versions(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "8.9", "8.9" },         { "8.0.0", "8.0" },      { "12.2.0", "12.2" },
		{ "22.04.3 LTS", "22.04.3" }, { "15 SP1", "15.1" }, { "15-SP4", "15.4" },
		{ "7", "7" },             { " 39 ", "39" },        { "6.3.", "6.3" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char v[32];
		assert_true(acm_media_version_from(cases[i][0], v, sizeof(v)));
		assert_string_equal(v, cases[i][1]);
	}
	char v[32];
	assert_false(acm_media_version_from("none", v, sizeof(v)));
}

static void test_arches(void **state)
{
	(void)state;
	assert_string_equal(acm_media_arch_canon("amd64"), "x86_64");
	assert_string_equal(acm_media_arch_canon("arm64"), "aarch64");
	assert_string_equal(acm_media_arch_canon("ppc64el"), "ppc64le");
	assert_string_equal(acm_media_arch_canon("s390x"), "s390x");
	assert_null(acm_media_arch_canon("Server"));
}

static void test_valid_names(void **state)
{
	(void)state;
	assert_true(acm_media_valid_name("centos7.9"));
	assert_true(acm_media_valid_name("centos-stream9"));
	assert_false(acm_media_valid_name(".."));
	assert_false(acm_media_valid_name("a/b"));
	assert_false(acm_media_valid_name(".hidden"));
	assert_false(acm_media_valid_name(""));
}

/* ---- identification from each format, text as real media carry it */
static bool ident(struct acm_media_id *id, ...)
{
	struct acm_media_meta m;
	memset(&m, 0, sizeof(m));
	va_list ap;
	va_start(ap, id);
	const char *name;
	while ((name = va_arg(ap, const char *))) {
		const char *text = va_arg(ap, const char *);
		int disc = 0;
		int idx = acm_media_file_index(name, &disc);
		assert_true(idx >= 0);
		acm_media_meta_set(&m, idx, text, strlen(text));
		if (disc)
			m.suse_disc = disc;
	}
	va_end(ap);
	bool ok = acm_media_identify(&m, id);
	acm_media_meta_free(&m);
	return ok;
}

static void test_centos6_legacy_treeinfo(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".treeinfo",
			  "[general]\nfamily = CentOS\ntimestamp = 1341569670.539525\nvariant = \ntotaldiscs = 1\n"
			  "version = 6.3\ndiscnum = 1\npackagedir = \narch = x86_64\n\n[stage2]\nmainimage = images/install.img\n",
			  ".discinfo", "1341569670.539525\nCentOS 6.3\nx86_64\n1\n", NULL));
	assert_string_equal(id.osver, "centos6.3");
	assert_string_equal(id.arch, "x86_64");
	assert_int_equal(id.disc, 1);
	assert_string_equal(id.source, ".treeinfo");
	assert_string_equal(id.media_id, "1341569670.539525");
}

static void test_centos7_minor_from_discinfo(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, "./.treeinfo",
			  "[general]\nname = CentOS-7\nfamily = CentOS\ntimestamp = 1603313839.09\nvariant = \n"
			  "version = 7\npackagedir = \narch = x86_64\n",
			  ".discinfo", "1603313839.094719\n7.9\nx86_64\n", NULL));
	assert_string_equal(id.osver, "centos7.9");
}

static void test_rocky89_productmd(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".treeinfo",
			  "[checksums]\nimages/install.img = sha256:00\n\n[header]\ntype = productmd.treeinfo\nversion = 1.2\n\n"
			  "[media]\ndiscnum = 1\ntotaldiscs = 1\n\n[release]\nis_layered = False\nname = Rocky Linux\n"
			  "short = Rocky\nversion = 8.9\n\n[tree]\narch = x86_64\nbuild_timestamp = 1700000000\n",
			  NULL));
	assert_string_equal(id.osver, "rocky8.9");
	assert_string_equal(id.arch, "x86_64");
	assert_int_equal(id.totaldiscs, 1);
}

static void test_rocky87_minor_from_mediarepo(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".treeinfo",
			  "[header]\ntype = productmd.treeinfo\nversion = 1.2\n[release]\nname = Rocky Linux\nversion = 8\n"
			  "[tree]\narch = aarch64\n",
			  "media.repo", "[InstallMedia]\nname=Rocky Linux 8.7\nmediaid=None\nmetadata_expire=-1\ngpgcheck=0\n",
			  NULL));
	assert_string_equal(id.osver, "rocky8.7");
	assert_string_equal(id.arch, "aarch64");
}

static void test_rhel800(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".treeinfo",
			  "[header]\ntype = productmd.treeinfo\nversion = 1.0\n[release]\nname = Red Hat Enterprise Linux\n"
			  "short = RHEL\nversion = 8.0.0\n[tree]\narch = ppc64le\n",
			  NULL));
	assert_string_equal(id.osver, "rhels8.0");
	assert_string_equal(id.arch, "ppc64le");
}

static void test_rhel7_discinfo_only(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".discinfo", "1399449226.171922\nRHEL-7.0 Server.ppc64\nppc64\n1", NULL));
	assert_string_equal(id.osver, "rhels7.0");
	assert_string_equal(id.arch, "ppc64");
}

static void test_alma_ol_fedora(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".treeinfo",
			  "[release]\nname = AlmaLinux\nversion = 9\n[tree]\narch = x86_64\n[header]\ntype = productmd.treeinfo\n",
			  ".discinfo", "1684000000.1\nAlmaLinux 9.2\nx86_64\nALL\n", NULL));
	assert_string_equal(id.osver, "alma9.2");
	assert_true(ident(&id, ".discinfo", "1651000000.2\nOracle Linux 8.6\nx86_64\n", NULL));
	assert_string_equal(id.osver, "ol8.6");
	assert_true(ident(&id, ".treeinfo", "[release]\nname = Fedora\nversion = 39\n[tree]\narch = x86_64\n",
			  ".discinfo", "1699000000.0\nFedora-Server 39\nx86_64\n", NULL));
	assert_string_equal(id.osver, "fedora39");
}

static void test_second_disc(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".discinfo", "1341569670.539525\nCentOS 6.3\nx86_64\n2\n", NULL));
	assert_string_equal(id.osver, "centos6.3");
	assert_int_equal(id.disc, 2);
}

static void test_ubuntu_disk_info(void **state)
{
	(void)state;
	struct acm_media_id id;
	/* One line, no newline at the end, as Ubuntu ships it. */
	assert_true(ident(&id, ".disk/info",
			  "Ubuntu-Server 22.04.3 LTS \"Jammy Jellyfish\" - Release amd64 (20230810)", NULL));
	assert_string_equal(id.osver, "ubuntu22.04.3");
	assert_string_equal(id.arch, "x86_64");
	assert_string_equal(id.source, ".disk/info");
}

static void test_debian_disk_info(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".disk/info",
			  "Debian GNU/Linux 12.2.0 \"Bookworm\" - Official arm64 DVD Binary-2 20231007-10:29", NULL));
	assert_string_equal(id.osver, "debian12.2");
	assert_string_equal(id.arch, "aarch64");
	assert_int_equal(id.disc, 2);
}

static void test_sles15(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, "media.1/products", "/ SLES15-SP4 15.4-0\n", "media.1/media",
			  "SUSE - SLES-15-SP4-Full-x86_64-GM-Media1\nSLES-15-SP4-Full-x86_64-GM\n1\n", NULL));
	assert_string_equal(id.osver, "sles15.4");
	assert_string_equal(id.arch, "x86_64");
	assert_true(id.per_disc_dirs);
	assert_int_equal(id.disc, 1);
	/* SLES 16 moved them under install/ */
	assert_true(ident(&id, "install/media.2/products", "/ SLES 16.0-0\n", "install/media.2/media",
			  "SUSE - SLES-16.0-aarch64-Media2\n", NULL));
	assert_string_equal(id.osver, "sles16.0");
	assert_int_equal(id.disc, 2);
}

static void test_sles12_content(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, "content",
			  "CONTENTSTYLE 11\nDISTRO cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3\n"
			  "LABEL SUSE Linux Enterprise Server 12 SP3\nBASEARCHS x86_64\n", NULL));
	assert_string_equal(id.osver, "sles12.3");
	assert_string_equal(id.arch, "x86_64");
}

static void test_suse_treeinfo_sp(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_true(ident(&id, ".treeinfo",
			  "[header]\nversion = 1.0\n[release]\nname = SUSE Linux Enterprise Server\nversion = 15 SP1\n"
			  "[tree]\narch = s390x\n", NULL));
	assert_string_equal(id.osver, "sles15.1");
	assert_string_equal(id.arch, "s390x");
}

static void test_unknown(void **state)
{
	(void)state;
	struct acm_media_id id;
	assert_false(ident(&id, NULL));
	assert_string_equal(id.osver, "");
	/* A product but no architecture: osver found, arch missing */
	assert_false(ident(&id, "media.repo", "[InstallMedia]\nname=CentOS Linux 8\nmediaid=x\n", NULL));
	assert_string_equal(id.osver, "centos8");
	assert_string_equal(id.arch, "");
}

static void test_arch_votes(void **state)
{
	(void)state;
	struct acm_arch_votes v;
	memset(&v, 0, sizeof(v));
	assert_null(acm_media_arch_guess(&v));
	acm_media_arch_vote(&v, "Packages/bash-5.1-1.el9.x86_64.rpm");
	acm_media_arch_vote(&v, "Packages/tzdata-2023-1.el9.noarch.rpm");
	acm_media_arch_vote(&v, "pool/main/b/bash/bash_5.2-15_amd64.deb");
	acm_media_arch_vote(&v, "pool/main/x/x_1_arm64.deb");
	assert_string_equal(acm_media_arch_guess(&v), "x86_64");
}

static void test_ini(void **state)
{
	(void)state;
	struct acm_ini ini;
	const char *t = "\xef\xbb\xbf; c\nk0 = top\n[General]\nFamily = CentOS \n# x\n[b]\nk=1\nk = 2\njunk line\n";
	acm_ini_parse(&ini, t, strlen(t));
	assert_string_equal(acm_ini_get(&ini, "general", "family"), "CentOS");
	assert_string_equal(acm_ini_get(&ini, "B", "k"), "2");
	assert_string_equal(acm_ini_get(&ini, "", "k0"), "top");
	assert_null(acm_ini_get(&ini, "b", "junk line"));
	assert_true(acm_ini_has_section(&ini, "GENERAL"));
	acm_ini_free(&ini);
}

/* The ISO link cases of the old counting rule, now resolved by confine.h;
 * and the one it got wrong (issue 13 #3). */
static void test_link_inside(void **state)
{
	(void)state;
	struct acm_confine *t = acm_confine_new(-1);
	assert_int_equal(acm_confine_add(t, "debian", ACM_CONFINE_SYMLINK, "."), 0);
	assert_int_equal(acm_confine_add(t, "dists/stable", ACM_CONFINE_SYMLINK, "bookworm"), 0);
	assert_int_equal(acm_confine_add(t, "a/b/c", ACM_CONFINE_SYMLINK, "../../x"), 0);
	assert_int_not_equal(acm_confine_add(t, "a/b/c2", ACM_CONFINE_SYMLINK, "../../../x"), 0);
	assert_int_not_equal(acm_confine_add(t, "x", ACM_CONFINE_SYMLINK, "/etc/passwd"), 0);
	assert_int_not_equal(acm_confine_add(t, "x", ACM_CONFINE_SYMLINK, "../etc"), 0);
	assert_int_not_equal(acm_confine_add(t, "a/x", ACM_CONFINE_SYMLINK, "b/../../../y"), 0);
	assert_int_not_equal(acm_confine_add(t, "x", ACM_CONFINE_SYMLINK, ""), 0);
	assert_int_not_equal(acm_confine_add(t, "s", ACM_CONFINE_SYMLINK, "debian/debian/debian/../../../etc"), 0);
	acm_confine_free(t);
}

static void test_manifest_escape(void **state)
{
	(void)state;
	const char *names[] = { "plain/name.rpm", "with space", "tab\there", "100%", "nl\nx" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *e = acm_manifest_escape(names[i]);
		assert_null(strpbrk(e, " \t\n"));
		char *u = acm_manifest_unescape(e);
		assert_string_equal(u, names[i]);
		free(e);
		free(u);
	}
	assert_null(acm_manifest_unescape("bad%zz"));
	assert_null(acm_manifest_unescape("nul%00"));
}

int main(void)
{
	enum { NC = sizeof(name_cases) / sizeof(name_cases[0]) };
	struct CMUnitTest tests[NC + 32];
	size_t n = 0;
	static char names[NC][96];
	for (size_t i = 0; i < NC; i++) {
		snprintf(names[i], sizeof(names[i]), "product '%s' is %s", name_cases[i].product, name_cases[i].want);
		struct CMUnitTest t = cmocka_unit_test_prestate(test_name_case, (void *)&name_cases[i]);
		t.name = names[i];
		tests[n++] = t;
	}
	const struct CMUnitTest rest[] = {
		cmocka_unit_test(test_table_fully_covered),
		cmocka_unit_test(test_not_a_product),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_valid_names),
		cmocka_unit_test(test_centos6_legacy_treeinfo),
		cmocka_unit_test(test_centos7_minor_from_discinfo),
		cmocka_unit_test(test_rocky89_productmd),
		cmocka_unit_test(test_rocky87_minor_from_mediarepo),
		cmocka_unit_test(test_rhel800),
		cmocka_unit_test(test_rhel7_discinfo_only),
		cmocka_unit_test(test_alma_ol_fedora),
		cmocka_unit_test(test_second_disc),
		cmocka_unit_test(test_ubuntu_disk_info),
		cmocka_unit_test(test_debian_disk_info),
		cmocka_unit_test(test_sles15),
		cmocka_unit_test(test_sles12_content),
		cmocka_unit_test(test_suse_treeinfo_sp),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_arch_votes),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_link_inside),
		cmocka_unit_test(test_manifest_escape),
	};
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		tests[n++] = rest[i];
	return _cmocka_run_group_tests("media", tests, n, NULL, NULL);
}

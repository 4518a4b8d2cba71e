/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_media.c - media identification: the product-name table and the
 * .discinfo id table (one test per row of each), versions, architectures,
 * each metadata format as real media write it (one test per case), disc
 * sets, the xCAT/Cobbler hand-off, and the copier's pure helpers. */
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
#include "buf.h"
#include "confine.h"
#include "discinfo.h"
#include "isoscan.h"
#include "manifest.h"
#include "media.h"
#include "mediaset.h"
#include "osimage.h"
#include "unitout.h"

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
	{ "Scientific Linux 7.9", "scientific linux", "SL" },
	{ "Fedora-Server 39", "fedora", "fedora" },
	{ "openEuler 22.03", "openeuler", "openeuler" },
	{ "SUSE Linux Enterprise Server 15 SP4", "suse linux enterprise server", "sles" },
	{ "SUSE Linux Enterprise High Performance Computing 15 SP3",
	  "suse linux enterprise high performance computing", "sles" },
	{ "SLES15-SP4", "sles", "sles" },
	{ "SLE_HPC 15", "sle hpc", "sles" },
	{ "SLE-15-SP4-Full-x86_64-GM-Media1", "sle", "sles" },
	{ "openSUSE Leap 15.5", "opensuse leap", "leap" },
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
	assert_null(acm_media_product_lookup("openSUSE Tumbleweed", NULL));
}

static void test_versions(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "8.9", "8.9" },         { "8.0.0", "8.0.0" },    { "12.2.0", "12.2.0" },
		{ "10.4.0", "10.4.0" },
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
	assert_string_equal(acm_media_arch_canon("i686"), "x86");
	assert_string_equal(acm_media_arch_canon("ppc"), "ppc64");
	assert_null(acm_media_arch_canon("Server"));
	/* debian.pm keeps Debian's own names but amd64 and i386 */
	assert_string_equal(acm_media_arch_name("arm64", "ubuntu"), "arm64");
	assert_string_equal(acm_media_arch_name("ppc64el", "debian"), "ppc64el");
	assert_string_equal(acm_media_arch_name("amd64", "debian"), "x86_64");
	assert_string_equal(acm_media_arch_name("i386", "debian"), "x86");
	assert_string_equal(acm_media_arch_name("arm64", "rocky"), "aarch64");
	assert_string_equal(acm_media_arch_name("ppc64el", "sles"), "ppc64le");
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

/* ---- the .discinfo id table: every row, through a .discinfo built for it */
static const char *media_arch(const char *xcat_arch)
{
	/* how the disc's line 3 spells copycds' names */
	return !strcmp(xcat_arch, "x86") ? "i386" : xcat_arch;
}

static bool ident_meta(struct acm_media_id *id, const char *const files[][2])
{
	struct acm_media_meta m;
	memset(&m, 0, sizeof(m));
	for (size_t i = 0; files[i][0]; i++) {
		int disc = 0;
		int idx = acm_media_file_index(files[i][0], &disc);
		assert_true(idx >= 0);
		acm_media_meta_set(&m, idx, files[i][1], strlen(files[i][1]));
		if (disc && !m.suse_disc)
			m.suse_disc = disc;
	}
	bool ok = acm_media_identify(&m, id);
	acm_media_meta_free(&m);
	return ok;
}

static void test_discinfo_row(void **state)
{
	const struct acm_discinfo_row *row = *state;
	char di[256];
	struct acm_media_id id;
	const char *want_arch = row->arch ? row->arch : "x86_64";
	/* a thin description: the build date AltArch media carry */
	snprintf(di, sizeof(di), "%s\n151215\n%s\n1\n", row->id, media_arch(want_arch));
	const char *const files[][2] = { { ".discinfo", di }, { NULL, NULL } };
	assert_true(ident_meta(&id, files));
	assert_string_equal(id.osver, row->osver);
	assert_string_equal(id.arch, want_arch);
	assert_string_equal(id.source, ".discinfo");
	assert_string_equal(id.media_id, row->id);
	assert_int_equal(id.totaldiscs, row->totaldiscs);
	/* the table names it over what a .treeinfo or line 2 would say */
	snprintf(di, sizeof(di), "%s\nFedora 99\n%s\n", row->id, media_arch(want_arch));
	const char *const files2[][2] = { { ".discinfo", di },
					  { ".treeinfo", "[general]\nfamily = CentOS\nversion = 1\n" },
					  { NULL, NULL } };
	assert_true(ident_meta(&id, files2));
	assert_string_equal(id.osver, row->osver);
	if (!row->arch)
		return;
	/* no line 3: the table's arch */
	snprintf(di, sizeof(di), "%s\n%s\n", row->id, row->osver);
	const char *const files3[][2] = { { ".discinfo", di }, { NULL, NULL } };
	assert_true(ident_meta(&id, files3));
	assert_string_equal(id.arch, row->arch);
}

static void test_discinfo_table(void **state)
{
	(void)state;
	/* every row of xCAT's table is here (152 ids) */
	assert_int_equal(acm_discinfo_count, 152);
	for (size_t i = 0; i < acm_discinfo_count; i++) {
		const struct acm_discinfo_row *r = &acm_discinfo_table[i];
		assert_true(acm_media_valid_name(r->osver));
		assert_true(!r->arch || acm_media_valid_name(r->arch));
		assert_ptr_equal(acm_discinfo_lookup(r->id), r); /* ids are unique */
	}
	assert_null(acm_discinfo_lookup("1341569670.53952"));
	assert_null(acm_discinfo_lookup(""));
	assert_null(acm_discinfo_lookup(NULL));
	assert_non_null(acm_discinfo_lookup("  1341569670.539525\r"));
}

/* ---- identification from each format, text as real media carry it */
struct fmt_case {
	const char *name;
	const char *files[6][2];
	const char *osver, *arch; /* NULL arch: identification stays incomplete */
	int disc;
	const char *source;
};

static const struct fmt_case fmt_cases[] = {
	{ "CentOS 6.3 legacy .treeinfo + .discinfo",
	  { { ".treeinfo", "[general]\nfamily = CentOS\ntimestamp = 1341569670.539525\nvariant = \ntotaldiscs = 1\n"
			   "version = 6.3\ndiscnum = 1\npackagedir = \narch = x86_64\n\n[stage2]\nmainimage = images/install.img\n" },
	    { ".discinfo", "1341569670.539525\nCentOS 6.3\nx86_64\n1\n" } },
	  "centos6.3", "x86_64", 1, ".discinfo" },
	{ "CentOS 6.6: line 2 a bare 6.6, named by its id",
	  { { ".discinfo", "1414159991.958686\n6.6\nx86_64\n1,2\n" } }, "centos6.6", "x86_64", 1, ".discinfo" },
	{ "CentOS 7.2 AltArch: line 2 a build date, .treeinfo version 7",
	  { { ".treeinfo", "[general]\nfamily = CentOS\nversion = 7\narch = ppc64le\n" },
	    { ".discinfo", "1450147276.351714\n151215\nppc64le\n" } },
	  "centos7.2", "ppc64le", 1, ".discinfo" },
	{ "CentOS 7: .treeinfo says 7, .discinfo 7.9 (unknown id)",
	  { { "./.treeinfo", "[general]\nname = CentOS-7\nfamily = CentOS\ntimestamp = 1603313839.09\nvariant = \n"
			     "version = 7\npackagedir = \narch = x86_64\n" },
	    { ".discinfo", "1603313839.094719\n7.9\nx86_64\n" } },
	  "centos7.9", "x86_64", 1, ".treeinfo" },
	{ "Rocky 8.9 productmd .treeinfo",
	  { { ".treeinfo", "[checksums]\nimages/install.img = sha256:00\n\n[header]\ntype = productmd.treeinfo\nversion = 1.2\n\n"
			   "[media]\ndiscnum = 1\ntotaldiscs = 1\n\n[release]\nis_layered = False\nname = Rocky Linux\n"
			   "short = Rocky\nversion = 8.9\n\n[tree]\narch = x86_64\nbuild_timestamp = 1700000000\n" } },
	  "rocky8.9", "x86_64", 1, ".treeinfo" },
	{ "Rocky 8.7: .treeinfo says 8, media.repo 8.7",
	  { { ".treeinfo", "[header]\ntype = productmd.treeinfo\nversion = 1.2\n[release]\nname = Rocky Linux\nversion = 8\n"
			   "[tree]\narch = aarch64\n" },
	    { "media.repo", "[InstallMedia]\nname=Rocky Linux 8.7\nmediaid=None\nmetadata_expire=-1\ngpgcheck=0\n" } },
	  "rocky8.7", "aarch64", 1, ".treeinfo" },
	{ "RHEL 8.0.0 productmd .treeinfo keeps every part",
	  { { ".treeinfo", "[header]\ntype = productmd.treeinfo\nversion = 1.0\n[release]\nname = Red Hat Enterprise Linux\n"
			   "short = RHEL\nversion = 8.0.0\n[tree]\narch = ppc64le\n" } },
	  "rhels8.0.0", "ppc64le", 1, ".treeinfo" },
	{ "RHEL 8.0.0 x86_64 by its id",
	  { { ".discinfo", "1554367054.162671\nRed Hat Enterprise Linux 8.0\nx86_64\n" } }, "rhels8.0.0", "x86_64", 1,
	  ".discinfo" },
	{ "RHEL 8.10: unknown id, the description's last word",
	  { { ".discinfo", "1715000000.000001\nRed Hat Enterprise Linux 8.10\naarch64\n" },
	    { ".treeinfo", "[header]\ntype = productmd.treeinfo\n[release]\nname = Red Hat Enterprise Linux\nversion = 8.10\n"
			   "[tree]\narch = aarch64\n" } },
	  "rhels8.10", "aarch64", 1, ".treeinfo" },
	{ "RHEL with a variant word: anaconda.pm's -variant suffix",
	  { { ".discinfo", "1590000000.000002\nRed Hat Enterprise Linux Server 7.8\nx86_64\n" } }, "rhels7.8-server",
	  "x86_64", 1, ".discinfo" },
	{ "RHEL Alternate Architectures: -alternate dropped",
	  { { ".discinfo", "1520000000.000003\nRed Hat Enterprise Linux Alternate Architectures 7.5\nppc64le\n" } },
	  "rhels7.5", "ppc64le", 1, ".discinfo" },
	{ "RHEL ComputeNode (unknown id) is rhelhpc",
	  { { ".discinfo", "1500000000.000004\nRed Hat Enterprise Linux 7.4\nx86_64\n" },
	    { ".treeinfo", "[general]\nfamily = Red Hat Enterprise Linux\nvariant = ComputeNode\nversion = 7.4\narch = x86_64\n" } },
	  "rhelhpc7.4", "x86_64", 1, ".treeinfo" },
	{ "RHEL 7.0 ppc64 'RHEL-7.0 Server.ppc64' by its id",
	  { { ".discinfo", "1399449226.155578\nRHEL-7.0 Server.ppc64\nppc64\n1" } }, "rhels7", "ppc64", 1, ".discinfo" },
	{ "RHEL 5.4 i386 is x86",
	  { { ".discinfo", "1250663123.136977\nRed Hat Enterprise Linux Server 5.4\ni386\n1,2,3,4,5\n" } }, "rhels5.4",
	  "x86", 1, ".discinfo" },
	{ "AlmaLinux 9.2: .discinfo completes .treeinfo's 9",
	  { { ".treeinfo", "[release]\nname = AlmaLinux\nversion = 9\n[tree]\narch = x86_64\n[header]\ntype = productmd.treeinfo\n" },
	    { ".discinfo", "1684000000.1\nAlmaLinux 9.2\nx86_64\nALL\n" } },
	  "alma9.2", "x86_64", 1, ".treeinfo" },
	{ "Oracle Linux 8.6", { { ".discinfo", "1651000000.2\nOracle Linux 8.6\nx86_64\n" } }, "ol8.6", "x86_64", 1,
	  ".discinfo" },
	{ "Oracle Linux 8.6.0 is ol8.6 (_oracle_linux_distname)",
	  { { ".treeinfo", "[release]\nname = Oracle Linux\nversion = 8.6.0\n[tree]\narch = x86_64\n" } }, "ol8.6",
	  "x86_64", 1, ".treeinfo" },
	{ "Oracle Linux 6.10 by its id", { { ".discinfo", "1529960248.065311\nOracle Linux 6.10\nx86_64\n" } }, "ol6.10",
	  "x86_64", 1, ".discinfo" },
	{ "Fedora-Server 39",
	  { { ".treeinfo", "[release]\nname = Fedora\nversion = 39\n[tree]\narch = x86_64\n" },
	    { ".discinfo", "1699000000.0\nFedora-Server 39\nx86_64\n" } },
	  "fedora39", "x86_64", 1, ".treeinfo" },
	{ "CentOS Stream 9", { { ".discinfo", "1700000001.5\nCentOS Stream 9\nx86_64\n" } }, "centos-stream9", "x86_64", 1,
	  ".discinfo" },
	{ "Scientific Linux 6.5 by its id", { { ".discinfo", "1390839789.062069\nScientific Linux 6.5\nx86_64\n" } },
	  "SL6.5", "x86_64", 1, ".discinfo" },
	{ "CentOS 6.3 disc 2", { { ".discinfo", "1341569670.539525\nCentOS 6.3\nx86_64\n2\n" } }, "centos6.3", "x86_64", 2,
	  ".discinfo" },
	{ "Rocky 9.3 minimal: media.repo only, arch from baseurl",
	  { { "media.repo", "[InstallMedia]\nname=Rocky Linux 9.3\nmediaid=None\nmetadata_expire=-1\ngpgcheck=0\ncost=500\n"
			    "baseurl=https://download.rockylinux.org/pub/rocky/9/BaseOS/x86_64/os/\n" } },
	  "rocky9.3", "x86_64", 1, "media.repo" },
	{ "AlmaLinux 9.3 minimal: media.repo only, no arch in it",
	  { { "media.repo", "[InstallMedia]\nname=AlmaLinux 9.3\nmediaid=None\nmetadata_expire=-1\ngpgcheck=0\ncost=500\n" } },
	  "alma9.3", NULL, 1, "media.repo" },
	{ "Ubuntu 22.04.3 .disk/info (no newline)",
	  { { ".disk/info", "Ubuntu-Server 22.04.3 LTS \"Jammy Jellyfish\" - Release amd64 (20230810)" } }, "ubuntu22.04.3",
	  "x86_64", 1, ".disk/info" },
	{ "Ubuntu arm64 stays arm64 (debian.pm)",
	  { { ".disk/info", "Ubuntu-Server 20.04.1 LTS \"Focal Fossa\" - Release arm64 (20200731)" } }, "ubuntu20.04.1",
	  "arm64", 1, ".disk/info" },
	{ "Ubuntu ppc64el stays ppc64el",
	  { { ".disk/info", "Ubuntu-Server 18.04.3 LTS \"Bionic Beaver\" - Release ppc64el (20190805)" } }, "ubuntu18.04.3",
	  "ppc64el", 1, ".disk/info" },
	{ "Debian 10.4.0 keeps every part",
	  { { ".disk/info", "Debian GNU/Linux 10.4.0 \"Buster\" - Official amd64 DVD Binary-1 20200509-10:26\n" } },
	  "debian10.4.0", "x86_64", 1, ".disk/info" },
	{ "Debian 12.2.0 arm64 DVD 2",
	  { { ".disk/info", "Debian GNU/Linux 12.2.0 \"Bookworm\" - Official arm64 DVD Binary-2 20231007-10:29" } },
	  "debian12.2.0", "arm64", 2, ".disk/info" },
	{ "SLES 15 SP4 products + media: sle15.4 (sles.pm)",
	  { { "media.1/products", "/ SLES15-SP4 15.4-0\n" },
	    { "media.1/media", "SUSE - SLES-15-SP4-Full-x86_64-GM-Media1\nSLES-15-SP4-Full-x86_64-GM\n1\n" } },
	  "sle15.4", "x86_64", 1, "media.N/products" },
	{ "SLE 15 SP5 Installer medium is disc 1",
	  { { "media.1/products", "/ SLES 15.5-0\n" },
	    { "media.1/media", "SUSE - SLE-15-SP5-Online-x86_64-Build57.2-Media1\nSLE-15-SP5-Online-x86_64-Build57.2\n1\n" } },
	  "sle15.5", "x86_64", 1, "media.N/products" },
	{ "SLE 15 SP5 Packages medium is disc 2",
	  { { "media.1/products", "/Module-Basesystem sle-module-basesystem 15.5-0\n/Product-SLES sles 15.5-0\n" },
	    { "media.1/media", "SUSE - SLE-15-SP5-Packages-x86_64-Build57.2-Media1\nSLE-15-SP5-Packages-x86_64-Build57.2\n1\n" } },
	  "sle15.5", "x86_64", 2, "media.N/products" },
	{ "SLE 15 SP5 installer .treeinfo",
	  { { ".treeinfo", "[release]\nname = SLES\nversion = 15.5\n[general]\narch = aarch64\nfamily = SLES\nversion = 15.5\n"
			   "[images-aarch64]\nkernel = boot/aarch64/linux\ninitrd = boot/aarch64/initrd\n" },
	    { "media.1/media", "SUSE - SLE-15-SP5-Online-aarch64-Build57.2-Media1\n" } },
	  "sle15.5", "aarch64", 1, ".treeinfo" },
	{ "SLES 16 under install/media.2",
	  { { "install/media.2/products", "/ SLES 16.0-0\n" }, { "install/media.2/media", "SUSE - SLES-16.0-aarch64-Media2\n" } },
	  "sle16.0", "aarch64", 2, "media.N/products" },
	{ "SUSE .treeinfo '15 SP1'",
	  { { ".treeinfo", "[header]\nversion = 1.0\n[release]\nname = SUSE Linux Enterprise Server\nversion = 15 SP1\n"
			   "[tree]\narch = s390x\n" } },
	  "sle15.1", "s390x", 1, ".treeinfo" },
	{ "SLES 12 SP3 content with BASEARCHS",
	  { { "content", "CONTENTSTYLE 11\nDISTRO cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3\n"
			 "LABEL SUSE Linux Enterprise Server 12 SP3\nBASEARCHS x86_64\n" } },
	  "sles12.3", "x86_64", 1, "content" },
	{ "SLES 12 SP3 content without ARCH. or BASEARCHS: REPOID",
	  { { "content", "CONTENTSTYLE 11\nDATADIR suse\nDESCRDIR suse/setup/descr\n"
			 "DISTRO cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3\n"
			 "REPOID obsproduct://build.suse.de/SUSE:SLE-12-SP3:GA/SLES/12.3/POOL/ppc64le\nVENDOR SUSE\n" } },
	  "sles12.3", "ppc64le", 1, "content" },
	{ "SLES 11 SP4 content: LABEL, VERSION, DEFAULTBASE over ARCH.",
	  { { "content", "ARCH.i686 i686 i586 i486 i386 noarch\nCONTENTSTYLE 11\nDEFAULTBASE i586\nDISTRIBUTION SUSE_SLE\n"
			 "LABEL SUSE Linux Enterprise Server 11 SP4\nNAME SUSE_SLES\nVERSION 11.4\n" },
	    { "media.1/media", "SUSE\n20150508-094911\n1\n" } },
	  "sles11.4", "x86", 1, "content" },
	{ "SLES 12 SP3 content aligned with blanks and tabs, as SUSE writes it",
	  { { "content", "CONTENTSTYLE   11\nDATADIR        suse\nDISTRO         cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3\n"
			 "REPOID\tobsproduct://build.suse.de/SUSE:SLE-12-SP3:GA/SLES/12.3/POOL/aarch64\nVENDOR         SUSE\n" } },
	  "sles12.3", "aarch64", 1, "content" },
	{ "SLES 11 SP4 content with only an ARCH. line",
	  { { "content", "ARCH.ppc64 ppc64 ppc noarch\nLABEL SUSE Linux Enterprise Server 11 SP4\nVERSION 11.4\n" } },
	  "sles11.4", "ppc64", 1, "content" },
	{ "openSUSE Leap 15.6 .treeinfo",
	  { { ".treeinfo", "[release]\nname = openSUSE Leap\nversion = 15.6\n\n[general]\narch = x86_64\nfamily = openSUSE Leap\n"
			   "name = openSUSE Leap 15.6\nversion = 15.6\nplatforms = x86_64,xen\n\n[images-x86_64]\n"
			   "kernel = boot/x86_64/loader/linux\ninitrd = boot/x86_64/loader/initrd\n" } },
	  "leap15.6", "x86_64", 1, ".treeinfo" },
	{ "openSUSE Leap 15.6 media.1/media + products",
	  { { "media.1/media", "openSUSE - openSUSE-Leap-15.6-NET-x86_64-Build710.3-Media\nopenSUSE-Leap-15.6-NET-x86_64-Build710.3\n1\n" },
	    { "media.1/products", "/ openSUSE-Leap 15.6-1\n" } },
	  "leap15.6", "x86_64", 1, "media.N/products" },
	{ "a product but no architecture", { { "media.repo", "[InstallMedia]\nname=CentOS Linux 8\nmediaid=x\n" } },
	  "centos8", NULL, 1, "media.repo" },
	{ "nothing at all", { { NULL, NULL } }, "", NULL, 1, "" },
};

static void test_fmt_case(void **state)
{
	const struct fmt_case *fc = *state;
	struct acm_media_id id;
	bool ok = ident_meta(&id, fc->files);
	assert_int_equal(ok, fc->arch != NULL);
	assert_string_equal(id.osver, fc->osver);
	assert_string_equal(id.arch, fc->arch ? fc->arch : "");
	assert_int_equal(id.disc, fc->disc);
	assert_string_equal(id.source, fc->source);
}

/* Media that name no arch: the files on them do. */
static void test_arch_from_contents(void **state)
{
	(void)state;
	struct acm_media_id id;
	const char *const alma[][2] = { { "media.repo", "[InstallMedia]\nname=AlmaLinux 9.3\nmediaid=None\n" }, { NULL, NULL } };
	assert_false(ident_meta(&id, alma));
	struct acm_arch_votes v;
	memset(&v, 0, sizeof(v));
	acm_media_arch_vote(&v, "EFI/BOOT/BOOTAA64.EFI");
	acm_media_arch_vote(&v, "images/pxeboot/vmlinuz");
	assert_true(acm_media_complete(&id, &v, NULL, NULL));
	assert_string_equal(id.arch, "aarch64");
	/* SLES content without any arch line: suse/x86_64/ */
	const char *const sles[][2] = { { "content", "LABEL SUSE Linux Enterprise Server 11 SP3\nVERSION 11.3\n" },
					{ NULL, NULL } };
	assert_false(ident_meta(&id, sles));
	memset(&v, 0, sizeof(v));
	acm_media_arch_vote(&v, "suse/x86_64");
	acm_media_arch_vote(&v, "./suse/noarch");
	acm_media_arch_vote(&v, "boot/x86_64");
	assert_true(acm_media_complete(&id, &v, NULL, NULL));
	assert_string_equal(id.osver, "sles11.3");
	assert_string_equal(id.arch, "x86_64");
	/* -n/-a win, and -a takes the family's spelling */
	const char *const ub[][2] = { { ".disk/info", "Ubuntu 22.04 LTS \"Jammy\" - Release amd64 (1)" }, { NULL, NULL } };
	assert_true(ident_meta(&id, ub));
	assert_false(acm_media_complete(&id, &v, "myubuntu", "aarch64"));
	assert_string_equal(id.osver, "myubuntu");
	assert_string_equal(id.arch, "arm64");
}

/* A thin disc 2 takes its set's name from the disc 1 noted before it. */
static void test_disc_sets(void **state)
{
	(void)state;
	struct acm_mediaset s;
	memset(&s, 0, sizeof(s));
	struct acm_media_id d1, d2;
	const char *const one[][2] = { { ".discinfo", "1700000002.25\nAcme Linux 3\nx86_64\n1\n" },
				       { ".treeinfo", "[general]\nfamily = Rocky Linux\nversion = 9.9\narch = x86_64\n" },
				       { NULL, NULL } };
	assert_true(ident_meta(&d1, one));
	acm_mediaset_note(&s, &d1);
	const char *const two[][2] = { { ".discinfo", "1700000002.25\n\nx86_64\n2\n" }, { NULL, NULL } };
	assert_false(ident_meta(&d2, two));
	assert_true(acm_mediaset_find(&s, NULL, &d2));
	assert_string_equal(d2.osver, "rocky9.9");
	assert_int_equal(d2.disc, 2);
	assert_string_equal(d2.source, ACM_MEDIASET_SOURCE);
	/* another arch's disc 2 with the same id is not of the set */
	const char *const other[][2] = { { ".discinfo", "1700000002.25\n\naarch64\n2\n" }, { NULL, NULL } };
	assert_false(ident_meta(&d2, other));
	assert_false(acm_mediaset_find(&s, NULL, &d2));
	/* "None" (Rocky's media.repo) is no id */
	const char *const none[][2] = { { "media.repo", "[InstallMedia]\nmediaid=None\n" }, { NULL, NULL } };
	assert_false(ident_meta(&d2, none));
	assert_false(acm_mediaset_find(&s, NULL, &d2));
	acm_mediaset_free(&s);
}

static void test_osver_is_file(void **state)
{
	(void)state;
	assert_true(acm_media_osver_is_file("DVD1.iso"));
	assert_true(acm_media_osver_is_file("CentOS-7.ISO"));
	assert_true(acm_media_osver_is_file("isos/dvd"));
	assert_false(acm_media_osver_is_file("centos7.9"));
	assert_false(acm_media_osver_is_file(".")); /* a directory is no medium */
}

struct membuf {
	char *data;
	size_t len;
};

static char *emit(enum acm_osimage_format f, const struct acm_media_id *ids, size_t n, int *st)
{
	struct membuf *b = calloc(1, sizeof(*b));
	FILE *out = open_memstream(&b->data, &b->len);
	*st = acm_osimage_write(out, f, "/install", ids, n);
	fclose(out);
	char *r = b->data;
	free(b);
	return r;
}

static void test_osimage(void **state)
{
	(void)state;
	const char *file;
	assert_int_equal(acm_osimage_parse("xcat", &file), ACM_OSIMAGE_XCAT);
	assert_null(file);
	assert_int_equal(acm_osimage_parse("cobbler=/tmp/x", &file), ACM_OSIMAGE_COBBLER);
	assert_string_equal(file, "/tmp/x");
	assert_int_equal(acm_osimage_parse("xcat=", &file), ACM_OSIMAGE_NONE);
	assert_int_equal(acm_osimage_parse("foreman", &file), ACM_OSIMAGE_NONE);
	struct acm_media_id ids[2];
	memset(ids, 0, sizeof(ids));
	strcpy(ids[0].osver, "rhels8.0.0");
	strcpy(ids[0].arch, "x86_64");
	strcpy(ids[0].family, "rhels");
	strcpy(ids[0].kernel, "images/pxeboot/vmlinuz");
	strcpy(ids[0].initrd, "images/pxeboot/initrd.img");
	ids[1] = ids[0];
	ids[1].disc = 2;
	int st;
	char *x = emit(ACM_OSIMAGE_XCAT, ids, 2, &st);
	assert_int_equal(st, 0);
	assert_has_all(x, (const char *const[]){
		"# <xCAT data object stanza file>\n",
		"\nrhels8.0.0-x86_64:\n    objtype=osdistro\n",
		"    basename=rhels\n    dirpaths=/install/rhels8.0.0/x86_64\n    majorversion=8\n    minorversion=0\n",
		"\nrhels8.0.0-x86_64-install-compute:\n    objtype=osimage\n",
		"\nrhels8.0.0-x86_64-netboot-compute:\n",
		"    rootimgdir=/install/netboot/rhels8.0.0/x86_64/compute\n",
		"\nrhels8.0.0-x86_64-statelite-compute:\n",
		"    pkgdir=/install/rhels8.0.0/x86_64\n",
		"    provmethod=statelite\n",
		NULL });
	/* disc 2 of the same set adds nothing */
	assert_null(strstr(strstr(x, "statelite-compute:") + 1, "statelite-compute:"));
	free(x);
	char *c = emit(ACM_OSIMAGE_COBBLER, ids, 1, &st);
	assert_int_equal(st, 0);
	assert_string_equal(c, "cobbler distro add --name=rhels8.0.0-x86_64 --arch=x86_64 --breed=redhat "
			       "--kernel=/install/rhels8.0.0/x86_64/images/pxeboot/vmlinuz "
			       "--initrd=/install/rhels8.0.0/x86_64/images/pxeboot/initrd.img\n"
			       "cobbler profile add --name=rhels8.0.0-x86_64 --distro=rhels8.0.0-x86_64\n");
	free(c);
	ids[0].kernel[0] = '\0';
	c = emit(ACM_OSIMAGE_COBBLER, ids, 1, &st);
	assert_int_equal(st, 65);
	free(c);
}

/* .treeinfo [images-ARCH] for the Cobbler hand-off; never a path that leaves the tree */
static void test_treeinfo_images(void **state)
{
	(void)state;
	struct acm_media_id id;
	const char *const ok[][2] = { { ".treeinfo", "[general]\nfamily = CentOS\nversion = 7.9\narch = x86_64\n"
						     "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\n"
						     "initrd = images/pxeboot/initrd.img\n" },
				      { NULL, NULL } };
	assert_true(ident_meta(&id, ok));
	assert_string_equal(id.kernel, "images/pxeboot/vmlinuz");
	assert_string_equal(id.initrd, "images/pxeboot/initrd.img");
	const char *const bad[][2] = { { ".treeinfo", "[general]\nfamily = CentOS\nversion = 7.9\narch = x86_64\n"
						      "[images-x86_64]\nkernel = ../../etc/passwd\ninitrd = /x\n" },
				       { NULL, NULL } };
	assert_true(ident_meta(&id, bad));
	assert_string_equal(id.kernel, "");
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
	enum { NC = sizeof(name_cases) / sizeof(name_cases[0]), NF = sizeof(fmt_cases) / sizeof(fmt_cases[0]) };
	size_t cap = NC + NF + acm_discinfo_count + 32;
	struct CMUnitTest *tests = calloc(cap, sizeof(*tests));
	char **names = calloc(cap, sizeof(*names));
	size_t n = 0;
	/* one named test per row of each table */
	for (size_t i = 0; i < NC; i++) {
		names[n] = acm_xasprintf("product '%s' is %s", name_cases[i].product, name_cases[i].want);
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_name_case, (void *)&name_cases[i]);
		tests[n].name = names[n];
		n++;
	}
	for (size_t i = 0; i < acm_discinfo_count; i++) {
		const struct acm_discinfo_row *r = &acm_discinfo_table[i];
		names[n] = acm_xasprintf(".discinfo id %s is %s/%s", r->id, r->osver, r->arch ? r->arch : "(media's)");
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_discinfo_row, (void *)r);
		tests[n].name = names[n];
		n++;
	}
	for (size_t i = 0; i < NF; i++) {
		names[n] = acm_xasprintf("format: %s", fmt_cases[i].name);
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_fmt_case, (void *)&fmt_cases[i]);
		tests[n].name = names[n];
		n++;
	}
	const struct CMUnitTest rest[] = {
		cmocka_unit_test(test_table_fully_covered),
		cmocka_unit_test(test_not_a_product),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_valid_names),
		cmocka_unit_test(test_discinfo_table),
		cmocka_unit_test(test_arch_from_contents),
		cmocka_unit_test(test_disc_sets),
		cmocka_unit_test(test_osver_is_file),
		cmocka_unit_test(test_osimage),
		cmocka_unit_test(test_treeinfo_images),
		cmocka_unit_test(test_arch_votes),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_link_inside),
		cmocka_unit_test(test_manifest_escape),
	};
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		tests[n++] = rest[i];
	int rc = _cmocka_run_group_tests("media", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_media.c - media identification: the product-name table and the
 * .discinfo id table (one test per row of each), versions, architectures,
 * each metadata format as real media write it (one test per case, the
 * files under tests/media-ids), disc sets, the xCAT/Cobbler hand-off, and
 * the copier's pure helpers. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include "ini.h"
#include "buf.h"
#include "confine.h"
#include "discinfo.h"
#include "fileio.h"
#include "fstree.h"
#include "hasher.h"
#include "import.h"
#include "isoscan.h"
#include "manifest.h"
#include "media.h"
#include "writeback.h"
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

/* pred holds for every string of yes and for none of no (NULL-ended). */
static void assert_holds(bool (*pred)(const char *), const char *what, const char *const *yes,
			 const char *const *no)
{
	for (; *yes; yes++)
		if (!pred(*yes))
			fail_msg("'%s' should be %s", *yes, what);
	for (; *no; no++)
		if (pred(*no))
			fail_msg("'%s' should not be %s", *no, what);
}

static void test_valid_names(void **state)
{
	(void)state;
	const char *const yes[] = { "centos7.9", "centos-stream9", NULL };
	const char *const no[] = { "..", "a/b", ".hidden", "", NULL };
	assert_holds(acm_media_valid_name, "a valid name", yes, no);
}

/* ---- the .discinfo id table: every row, through a .discinfo built for it */
static const char *media_arch(const char *xcat_arch)
{
	/* how the disc's line 3 spells copycds' names */
	return !strcmp(xcat_arch, "x86") ? "i386" : xcat_arch;
}

/* One metadata file of a medium, by its path on the medium. */
static void meta_add(struct acm_media_meta *m, const char *path, const char *text, size_t len)
{
	int disc = 0;
	int idx = acm_media_file_index(path, &disc);
	assert_true(idx >= 0);
	acm_media_meta_set(m, idx, text, len);
	if (disc && !m->suse_disc)
		m->suse_disc = disc;
}

static bool ident_meta(struct acm_media_id *id, const char *const files[][2])
{
	struct acm_media_meta m;
	memset(&m, 0, sizeof(m));
	for (size_t i = 0; files[i][0]; i++)
		meta_add(&m, files[i][0], files[i][1], strlen(files[i][1]));
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

/* Hostile bytes in a .discinfo description never reach a name: the fifth
 * word of "Red Hat Enterprise Linux W 6.9" is appended only when it is a
 * name (found by fuzz_media), and identify never returns a name the name
 * rule refuses. */
static void test_discinfo_hostile_word(void **state)
{
	(void)state;
	struct acm_media_id id;
	const char *const junk[][2] = {
		{ ".discinfo", "1REPO\nRed Hat Enterprise Linux \xeb\xebVV\xff 6.9\nx86_64\n1\n" },
		{ NULL, NULL } };
	assert_true(ident_meta(&id, junk));
	assert_string_equal(id.osver, "rhels6.9");
	const char *const word[][2] = {
		{ ".discinfo", "1REPO\nRed Hat Enterprise Linux Linux Server 6.9\nx86_64\n1\n" },
		{ NULL, NULL } };
	assert_true(ident_meta(&id, word));
	assert_true(acm_media_valid_name(id.osver));
	const char *const badarch[][2] = {
		{ ".discinfo", "1REPO\nRed Hat Enterprise Linux Server 6.9\nx86_64/../..\n1\n" },
		{ NULL, NULL } };
	if (ident_meta(&id, badarch))
		assert_true(acm_media_valid_name(id.arch));
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

/* ---- identification from each format, text as real media carry it: one
 * directory per case under tests/media-ids, its disc/ holding the files as
 * they stand on the medium, its expect what is identified (name, osver,
 * arch — absent when identification stays incomplete —, disc, source). */
struct fmt_case {
	char *dir;
	struct acm_ini expect;
};

static struct fmt_case *fmt_cases;
static size_t n_fmt, fmt_cap;

static int add_fmt_case(const struct acm_fstree_entry *e, void *ud)
{
	if (!S_ISDIR(e->st.st_mode))
		return 0;
	struct fmt_case *fc;
	fmt_cases = acm_xgrow(fmt_cases, &fmt_cap, n_fmt, sizeof(*fmt_cases), 64);
	fc = &fmt_cases[n_fmt++];
	fc->dir = acm_xasprintf("%s/%s", (const char *)ud, e->path);
	char *p = acm_xasprintf("%s/expect", fc->dir), *text;
	size_t len;
	int r = acm_read_file(p, &text, &len, 0);
	free(p);
	if (r)
		return r;
	memset(&fc->expect, 0, sizeof(fc->expect));
	acm_ini_parse(&fc->expect, text, len);
	free(text);
	return ACM_FSTREE_SKIP;
}

/* Its name, for the test's: outside a test, so no assertion. */
static const char *expect_name(const struct fmt_case *fc)
{
	const char *v = acm_ini_get(&fc->expect, "", "name");
	return v ? v : fc->dir;
}

static const char *expect(const struct fmt_case *fc, const char *key)
{
	const char *v = acm_ini_get(&fc->expect, "", key);
	assert_non_null(v);
	return v;
}

/* A walk of a case's disc/ directory into m. */
struct disc_walk {
	struct acm_media_meta *m;
	const char *disc;
};

static int add_disc_file(const struct acm_fstree_entry *e, void *ud)
{
	const struct disc_walk *w = ud;
	if (!S_ISREG(e->st.st_mode))
		return 0;
	char *p = acm_xasprintf("%s/%s", w->disc, e->path), *text;
	size_t len;
	assert_int_equal(acm_read_file(p, &text, &len, 0), 0);
	meta_add(w->m, e->path, text, len);
	free(text);
	free(p);
	return 0;
}

/* ISO readers hand out "./x" as well as "x": the same metadata file (the
 * fixtures are files, so their names come without it). */
static void test_file_index_dot_slash(void **state)
{
	(void)state;
	int d1 = -1, d2 = -1;
	int idx = acm_media_file_index(".treeinfo", &d1);
	assert_true(idx >= 0);
	assert_int_equal(acm_media_file_index("./.treeinfo", &d2), idx);
	assert_int_equal(d2, d1);
}

static void test_fmt_case(void **state)
{
	const struct fmt_case *fc = *state;
	struct acm_media_meta m;
	memset(&m, 0, sizeof(m));
	char *disc = acm_xasprintf("%s/disc", fc->dir);
	struct disc_walk w = { &m, disc };
	/* git keeps no empty directory: a case with no files has no disc/ */
	if (acm_is_dir(disc))
		assert_int_equal(acm_fstree_walk(disc, add_disc_file, NULL, &w), 0);
	free(disc);
	struct acm_media_id id;
	bool ok = acm_media_identify(&m, &id);
	acm_media_meta_free(&m);
	const char *arch = acm_ini_get(&fc->expect, "", "arch");
	assert_int_equal(ok, arch != NULL);
	assert_string_equal(id.osver, expect(fc, "osver"));
	assert_string_equal(id.arch, arch ? arch : "");
	assert_int_equal(id.disc, atoi(expect(fc, "disc")));
	assert_string_equal(id.source, expect(fc, "source"));
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
	const char *const yes[] = { "DVD1.iso", "CentOS-7.ISO", "isos/dvd", NULL };
	const char *const no[] = { "centos7.9", ".", /* a directory is no medium */ NULL };
	assert_holds(acm_media_osver_is_file, "taken for a medium's file", yes, no);
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

/* The hash-ahead thread: digests of small (read) and large (mapped)
 * sections, in order; a section past the end of the file (an image cut
 * short while it is hashed: SIGBUS in the mapping) gives NULL, and the
 * thread goes on with the next file. */
static void digest_of(const unsigned char *data, const struct acm_isoextent *sec, size_t nsec, unsigned char *md)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned n = 0;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	for (size_t i = 0; i < nsec; i++)
		EVP_DigestUpdate(c, data + sec[i].off, sec[i].len);
	EVP_DigestFinal_ex(c, md, &n);
	EVP_MD_CTX_free(c);
}

static void test_hash_ahead(void **state)
{
	(void)state;
	enum { SIZE = 3 * 1024 * 1024 };
	unsigned char *data = malloc(SIZE);
	assert_non_null(data);
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (unsigned char)(i * 2654435761u >> 13);
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, SIZE, f), SIZE);
	assert_int_equal(fflush(f), 0);
	static const struct acm_isoextent small = { 100, 5000 }, large = { 4096 + 2048, 1536 * 1024 },
					  two[2] = { { 2048, 300 * 1024 }, { 1024 * 1024, 700 * 1024 } },
					  past = { 2560 * 1024, 1024 * 1024 }, last = { 0, SIZE };
	struct acm_hasher_ahead a;
	acm_hasher_ahead_init(&a, fileno(f));
	assert_int_equal(acm_hasher_ahead_add(&a, &small, 1), 0);
	assert_int_equal(acm_hasher_ahead_add(&a, &large, 1), 1);
	assert_int_equal(acm_hasher_ahead_add(&a, two, 2), 2);
	assert_int_equal(acm_hasher_ahead_add(&a, &past, 1), 3);
	assert_int_equal(acm_hasher_ahead_add(&a, &last, 1), 4);
	acm_hasher_ahead_start(&a);
	unsigned char want[32];
	const unsigned char *got;
	digest_of(data, &small, 1, want);
	assert_non_null(got = acm_hasher_ahead_take(&a, 0));
	assert_memory_equal(got, want, 32);
	digest_of(data, &large, 1, want);
	assert_non_null(got = acm_hasher_ahead_take(&a, 1));
	assert_memory_equal(got, want, 32);
	digest_of(data, two, 2, want);
	assert_non_null(got = acm_hasher_ahead_take(&a, 2));
	assert_memory_equal(got, want, 32);
	assert_null(acm_hasher_ahead_take(&a, 3));
	digest_of(data, &last, 1, want);
	assert_non_null(got = acm_hasher_ahead_take(&a, 4));
	assert_memory_equal(got, want, 32);
	acm_hasher_ahead_stop(&a);
	/* many files, taken by a lane per core (up to ACM_HASHER_LANES) in
	 * whatever order they finish: each digest is still its own file's */
	enum { MANY = 300 };
	static struct acm_isoextent many[MANY];
	acm_hasher_ahead_init(&a, fileno(f));
	for (size_t i = 0; i < MANY; i++) {
		many[i].off = i * 7919 % (SIZE / 2);
		many[i].len = i % 3 ? i * 977 % 4096 + 1 : 256 * 1024 + i * 1031;
		assert_int_equal(acm_hasher_ahead_add(&a, &many[i], 1), i);
	}
	acm_hasher_ahead_start(&a);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	assert_int_equal(a.nlanes, cpus < 1 ? 1 : cpus > ACM_HASHER_LANES ? ACM_HASHER_LANES : cpus);
	for (size_t i = 0; i < MANY; i++) {
		digest_of(data, &many[i], 1, want);
		assert_non_null(got = acm_hasher_ahead_take(&a, i));
		assert_memory_equal(got, want, 32);
	}
	acm_hasher_ahead_stop(&a);
	/* stopped with jobs not taken: the lanes end between two chunks */
	acm_hasher_ahead_init(&a, fileno(f));
	for (int i = 0; i < 64; i++)
		acm_hasher_ahead_add(&a, &last, 1);
	acm_hasher_ahead_start(&a);
	acm_hasher_ahead_stop(&a);
	fclose(f);
	free(data);
}

static int open_fds(void)
{
	int n = 0;
	char p[64];
	for (int fd = 0; fd < 4096; fd++) {
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		n += access(p, F_OK) == 0;
	}
	return n;
}

/* Every file handed over is closed by the stop, more of them than the
 * queue holds (the producer waits for room); a close that fails is
 * reported by the stop. */
static void test_writeback(void **state)
{
	(void)state;
	int before = open_fds();
	struct acm_writeback w;
	acm_writeback_start(&w);
	for (int i = 0; i < 3 * ACM_WRITEBACK_SLOTS + 5; i++) {
		FILE *f = tmpfile();
		assert_non_null(f);
		int fd = dup(fileno(f));
		fclose(f);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "data", 4), 4);
		assert_int_equal(acm_writeback_add(&w, fd, i % 7 ? 4 : 9ULL * 1024 * 1024), 0);
	}
	assert_int_equal(acm_writeback_stop(&w), 0);
	assert_int_equal(open_fds(), before);
	acm_writeback_start(&w);
	assert_int_equal(acm_writeback_add(&w, 4095, 1), 0); /* not open: close fails on the thread */
	assert_int_equal(acm_writeback_stop(&w), EBADF);
}

/* A SUSE media line whose product the table does not know (fuzz_media
 * found it: raw bytes, "-Online-", a version past 15) is no product, not
 * a crash. */
static void test_suse_media_unknown_product(void **state)
{
	(void)state;
	/* fuzz_media's case had 128 dashes: around the product field's size */
	for (size_t dashes = 100; dashes <= 160; dashes++)
		for (int all = 0; all < 2; all++) {
			char line[256];
			memset(line, '-', dashes);
			strcpy(line + dashes, "sle\273`rm28--Online-");
			struct acm_media_meta m;
			memset(&m, 0, sizeof(m));
			for (int i = 0; i < ACM_MF_COUNT; i++)
				if (all || i == ACM_MF_SUSE_MEDIA)
					acm_media_meta_set(&m, i, line, strlen(line));
			m.suse_disc = 3;
			struct acm_media_id id;
			if (acm_media_identify(&m, &id)) {
				assert_true(acm_media_valid_name(id.osver));
				assert_true(acm_media_valid_name(id.arch));
			}
			acm_media_meta_free(&m);
		}
}

/* Manifest lines as the import writes them load; lines cut short, a size
 * with a sign, a digest of the wrong length or a bad escape are dropped
 * (the file is then unrecorded and compared by content). */
static void test_manifest_lines(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_media.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *p = acm_xasprintf("%s/%s", dir, ACM_IMPORT_MANIFEST);
	char sha[65];
	memset(sha, 'a', 64);
	sha[64] = '\0';
	char *text = acm_xasprintf("acmtools-copycds-manifest 1\n"
				   "disc 1 osver=x arch=y media_id=- image=/i.iso\n"
				   "f 1 10 100 200 %s Packages/ok%%20one.rpm\n"
				   "f 1 -5 100 200 %s neg.rpm\n"
				   "f 1 10 100 200 %sb long.rpm\n"
				   "f 1 10 100 200 %s\n"
				   "f 1 10 100 200 %s bad%%zz\n"
				   "f x 10 100 200 %s nodisc.rpm\n"
				   "l 2 ../Packages pkgs\n"
				   "d 1 Packages\n"
				   "d 1\n",
				   sha, sha, sha, sha, sha, sha);
	assert_int_equal(acm_write_file_atomic(p, text, strlen(text), 0644), 0);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	struct acm_manifest m;
	acm_manifest_init(&m, fd, dir);
	assert_int_equal(acm_manifest_load(&m), 0);
	const struct acm_manifest_entry *e = acm_manifest_find(&m, "Packages/ok one.rpm");
	assert_non_null(e);
	assert_int_equal(e->type, 'f');
	assert_int_equal(e->disc, 1);
	assert_int_equal(e->size, 10);
	assert_int_equal(e->media_mtime, 100);
	assert_int_equal(e->tree_mtime, 200);
	assert_string_equal(e->sha, sha);
	assert_null(acm_manifest_find(&m, "neg.rpm"));
	assert_null(acm_manifest_find(&m, "long.rpm"));
	assert_null(acm_manifest_find(&m, "nodisc.rpm"));
	e = acm_manifest_find(&m, "pkgs");
	assert_non_null(e);
	assert_int_equal(e->type, 'l');
	assert_int_equal(e->disc, 2);
	assert_string_equal(e->target, "../Packages");
	e = acm_manifest_find(&m, "Packages");
	assert_non_null(e);
	assert_int_equal(e->type, 'd');
	assert_int_equal(m.n, 3);
	assert_non_null(strstr(m.discs.data, "disc 1 osver=x"));
	acm_manifest_free(&m);
	close(fd);
	unlink(p);
	rmdir(dir);
	free(p);
	free(text);
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
	/* the format cases are files: make check gives their place */
	const char *top = getenv("top_srcdir");
	char *cases = acm_xasprintf("%s/tests/media-ids", top ? top : ".");
	int walked = acm_fstree_walk(cases, add_fmt_case, NULL, cases);
	if (walked || n_fmt == 0) {
		fprintf(stderr, "test_media: cannot read the cases in '%s' (%s); run it from make check, or with "
			"top_srcdir set to the source tree\n", cases, walked < 0 ? strerror(-walked) : "none there");
		return 99;
	}
	size_t NF = n_fmt;
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
		names[n] = acm_xasprintf("format: %s", expect_name(&fmt_cases[i]));
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
		cmocka_unit_test(test_discinfo_hostile_word),
		cmocka_unit_test(test_file_index_dot_slash),
		cmocka_unit_test(test_arch_from_contents),
		cmocka_unit_test(test_disc_sets),
		cmocka_unit_test(test_osver_is_file),
		cmocka_unit_test(test_osimage),
		cmocka_unit_test(test_treeinfo_images),
		cmocka_unit_test(test_arch_votes),
		cmocka_unit_test(test_ini),
		cmocka_unit_test(test_link_inside),
		cmocka_unit_test(test_manifest_escape),
		cmocka_unit_test(test_manifest_lines),
		cmocka_unit_test(test_suse_media_unknown_product),
		cmocka_unit_test(test_hash_ahead),
		cmocka_unit_test(test_writeback),
	};
	for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
		tests[n++] = rest[i];
	int rc = _cmocka_run_group_tests("media", tests, n, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	for (size_t i = 0; i < n_fmt; i++) {
		free(fmt_cases[i].dir);
		acm_ini_free(&fmt_cases[i].expect);
	}
	free(fmt_cases);
	free(cases);
	return rc;
}

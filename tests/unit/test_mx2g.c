/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_mx2g.c - unit tests for mx2g-pack's modules: the Kbuild/Makefile
 * parser, module finding over a tree, kernel release reading and the spec. */
#include "config.h"
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kmodconf.h"
#include "kmodkernel.h"
#include "kmodkbuild.h"
#include "dkmsconf.h"
#include "kmodscan.h"
#include "kmodspec.h"
#include "kmodstate.h"
#include "kmodpack.h"
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "pkgbuild.h"
#include "pkgmeta.h"
#include "source.h"
#include "spectext.h"
#include "unitfs.h"
#include "unitout.h"
#include <sys/stat.h>
#include "record.h"
#include "run.h"
#include "spdx.h"

static void parse(const char *text, struct acm_kmodkbuild *f)
{
	acm_kmodkbuild_parse(text, strlen(text), NULL, f);
}

/* A directory relative to the top or a Makefile, "." for itself. */
static const char *dot(const char *dir)
{
	return *dir ? dir : ".";
}

/* Everything a parse names, one line each: "module NAME DIR: OBJ...",
 * "subdir DIR", "incdir DIR". malloc'd. */
static char *parsed(const struct acm_kmodkbuild *f)
{
	struct acm_buf b = { 0 };

	for (size_t i = 0; i < f->nmods; i++) {
		acm_buf_addf(&b, "module %s %s:", f->mods[i].name, dot(f->mods[i].dir));
		for (size_t k = 0; k < f->mods[i].nobjs; k++)
			acm_buf_addf(&b, " %s", f->mods[i].objs[k]);
		acm_buf_addc(&b, '\n');
	}
	for (size_t i = 0; i < f->nsubdirs; i++)
		acm_buf_addf(&b, "subdir %s\n", f->subdirs[i]);
	for (size_t i = 0; i < f->nincdirs; i++)
		acm_buf_addf(&b, "incdir %s\n", f->incdirs[i]);
	return acm_buf_steal(&b);
}

/* A Kbuild/Makefile text (with make variables given, as on make's command
 * line) and all that its parse names. */
static void test_parse_cases(void **state)
{
	static const char *const config_mxc[] = { "CONFIG_MXC=m", NULL };
	static const struct {
		const char *what, *text;
		const char *const *vars;
		const char *want;
	} cases[] = {
		{ "one module", "obj-m := hello.o\n", NULL, "module hello .: hello.o\n" },
		/* The vendor habit: obj-m behind KERNELRELEASE, names through a
		 * variable, a composite module over continuation lines, a shared
		 * include dir; commented-out and recipe obj-m are not modules. */
		{ "vendor makefile",
		  "# comment obj-m := nothere.o\n"
		  "MODNAME := mx2g\n"
		  "ifneq ($(KERNELRELEASE),)\n"
		  "obj-m := $(MODNAME).o\n"
		  "obj-m += extras/\n"
		  "$(MODNAME)-objs := main.o hw.o \\\n"
		  "\thw/dma.o # trailing comment\n"
		  "ccflags-y += -I$(src)/../../include -DX=\\\"1\\\"\n"
		  "else\n"
		  "KDIR := /lib/modules/$(shell uname -r)/build\n"
		  "default:\n"
		  "\t$(MAKE) -C $(KDIR) M=$(PWD) obj-m=bogus.o\n"
		  "endif\n",
		  NULL,
		  "module mx2g .: main.o hw.o hw/dma.o\n"
		  "subdir extras\n"
		  "incdir ../../include\n" },
		/* make functions; the repeated objects once; a module in a
		 * sub-directory; not ignored.o (unset CONFIG), not indefine.o
		 * (inside define), only the tree's own include dir */
		{ "functions",
		  "SRCS = a.c b.c\n"
		  "obj-m += foo.o bar/baz.o\n"
		  "foo-y := $(patsubst %.c,%.o,$(SRCS)) $(addprefix sub/,x.o y.o)\n"
		  "foo-y += $(SRCS:.c=.o)\n"
		  "PWD := $(shell pwd)\n"
		  "EXTRA_CFLAGS += -I$(PWD)/inc -I /usr/include -I$(M)\n"
		  "obj-$(CONFIG_NOT_SET) += ignored.o\n"
		  "export X = y\n"
		  "define RECIPE\n"
		  "obj-m += indefine.o\n"
		  "endef\n",
		  NULL,
		  "module foo .: a.o b.o sub/x.o sub/y.o\n"
		  "module baz bar: baz.o\n"
		  "incdir inc\n" },
		{ "CONFIG_ unset", "obj-$(CONFIG_MXC) += mxc.o\n", NULL, "" },
		{ "CONFIG_MXC=m", "obj-$(CONFIG_MXC) += mxc.o\n", config_mxc, "module mxc .: mxc.o\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct acm_kmodkbuild f;

		print_message("%s\n", cases[i].what);
		assert_int_equal(acm_kmodkbuild_parse(cases[i].text, strlen(cases[i].text), cases[i].vars, &f), 0);
		char *got = parsed(&f);
		assert_string_equal(got, cases[i].want);
		free(got);
		acm_kmodkbuild_free(&f);
	}
}

/* Hostile text: self-reference, runaway growth, unclosed parens. */
static void test_parse_hostile(void **state)
{
	struct acm_kmodkbuild f;
	struct { const char *text; } cases[] = {
		{ "A = $(A) $(A)\nobj-m := $(A)\n" },
		{ "A := x\nA += $(A) $(A)\nA += $(A) $(A)\nA += $(A) $(A)\nobj-m := $(A).o\n" },
		{ "obj-m := $(foo\n" },
		{ "obj-m := ${${${${${${${${${${${${${${${${${${${x}}}}}}}}}}}}}}}}}}}\n" },
		{ "$(\n:=\n+=\n= x\nobj-m\\\n" },
		{ "obj-m := \\" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		parse(cases[i].text, &f);
		acm_kmodkbuild_free(&f);
	}
}

/* The name rules: a kernel module's, and the RPM field rules (one for
 * --release in every tool: letters, digits, ._+~, no '-'), and the
 * packager's: never a '%', a line break, or no mail. */
static const struct {
	bool (*valid)(const char *);
	const char *s;
	bool ok;
} valid_cases[] = {
	{ acm_kmod_valid_name, "mx2g_diag", true },
	{ acm_kmod_valid_name, "e1000e", true },
	{ acm_kmod_valid_name, "", false },
	{ acm_kmod_valid_name, "a b", false },
	{ acm_kmod_valid_name, "../x", false },
	{ acm_pkgmeta_valid_release, "1", true },
	{ acm_pkgmeta_valid_release, "1.acm", true },
	{ acm_pkgmeta_valid_release, "0.3.rc1~pre+git", true },
	{ acm_pkgmeta_valid_release, "1-2", false },
	{ acm_pkgmeta_valid_release, "", false },
	{ acm_pkgmeta_valid_release, "1 2", false },
	{ acm_pkgmeta_valid_release, "1%{?dist}", false },
	{ acm_pkgmeta_valid_release, "1^2", false },
	{ acm_pkgmeta_valid_release, "1\n", false },
	{ acm_pkgmeta_valid_release, /* 65 characters */
	  "1234567890123456789012345678901234567890" "1234567890123456789012345", false },
	{ acm_pkgmeta_valid_version, "1.4.2~rc1^20240101g1234", true },
	{ acm_pkgmeta_valid_version, "1.4-2", false },
	{ acm_pkgmeta_valid_version, "1.%{x}", false },
	{ acm_pkgmeta_valid_name, "kernel-ml", true },
	{ acm_pkgmeta_valid_name, "mx2g_diag+x", true },
	{ acm_pkgmeta_valid_name, "-x", false },
	{ acm_pkgmeta_valid_name, "-kernel", false },
	{ acm_pkgmeta_valid_name, "kernel ml", false },
	{ acm_pkgmeta_valid_name, ".x", false },
	{ acm_pkgmeta_valid_name, "a b", false },
	{ acm_pkgmeta_valid_name, "a/b", false },
	{ acm_pkgmeta_valid_name, "caf\xc3\xa9", false },
	{ acm_pkgmeta_valid_packager, "Jane Admin <jane@example.org>", true },
	{ acm_pkgmeta_valid_packager, "Jane Admin", false },
	{ acm_pkgmeta_valid_packager, "%{x} <a@b>", false },
	{ acm_pkgmeta_valid_packager, "J <a@b>\n%post", false },
	{ acm_pkgmeta_valid_packager, "<a@b>", false },
	{ acm_pkgmeta_valid_packager, "J <a@b> x", false },
};

/* Every case of valid_cases for this validator. */
static void check_valid(bool (*valid)(const char *))
{
	for (size_t i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++)
		if (valid_cases[i].valid == valid)
			assert_int_equal(valid(valid_cases[i].s), valid_cases[i].ok);
}

static void test_valid_name_and_norm(void **state)
{
	char *p;

	(void)state;
	check_valid(acm_kmod_valid_name);
	p = acm_kmod_path_norm("a/./b/../c/");
	assert_string_equal(p, "a/c");
	free(p);
	assert_null(acm_kmod_path_norm("a/../../x"));
	assert_string_equal(acm_spdx_module_license("GPL v2"), "GPL-2.0-only");
	assert_null(acm_spdx_module_license("made up"));
}

static void add(struct acm_kmod_scan *s, const char *path, const char *text)
{
	acm_kmod_scan_add(s, path, text == NULL && !strchr(path, '.') && !strstr(path, "akefile"),
			  text, text ? strlen(text) : 0);
}

static void test_find_tree(void **state)
{
	struct acm_kmod_scan *s = acm_kmod_scan_new();
	struct acm_kmod_set set;

	(void)state;
	add(s, "COPYING", "GPL\n");
	add(s, "Makefile", "all:\n\t$(MAKE) -C driver/linux\nrpm:\n\tfalse\n");
	add(s, "VERSION", "v2.3.4\n");
	add(s, "driver", NULL);
	add(s, "driver/linux", NULL);
	add(s, "driver/linux/Makefile", "obj-m := mx.o\nobj-m += extras/\nmx-objs := a.o\n"
		"ccflags-y := -I$(src)/../../include\n");
	add(s, "driver/linux/a.c", "// SPDX-License-Identifier: GPL-2.0-only\n");
	add(s, "driver/linux/extras", NULL);
	add(s, "driver/linux/extras/Makefile", "all:\n\tfalse\n");
	add(s, "driver/linux/extras/Kbuild", "obj-m += mxdiag.o\n");
	add(s, "driver/linux/extras/mxdiag.c", "MODULE_LICENSE(\"Dual BSD/GPL\");\n");
	add(s, "include", NULL);
	add(s, "include/mx.h", NULL);
	add(s, "tools", NULL);
	add(s, "tools/Makefile", "all:\n");
	add(s, "tools/t.c", "int main(void){return 0;}\n");
	add(s, "docs", NULL);
	add(s, "docs/manual.txt", NULL);

	assert_string_equal(acm_kmod_scan_version(s), "2.3.4");
	assert_int_equal(acm_kmod_find(s, NULL, false, "src", &set), 0);
	assert_int_equal(set.nroots, 1);
	assert_string_equal(set.roots[0], "driver/linux");
	assert_int_equal(set.nmods, 2);
	assert_string_equal(set.mods[0].name, "mx");
	assert_string_equal(set.mods[1].name, "mxdiag");
	assert_string_equal(set.mods[1].dir, "driver/linux/extras");
	assert_string_equal(set.mods[1].root, "driver/linux");
	/* shipped: docs, the module tree, the include dir it reaches; not tools/ */
	assert_int_equal(set.nship, 7);
	assert_string_equal(set.ship[0], "COPYING");
	assert_string_equal(set.ship[6], "include/mx.h");
	assert_int_equal(set.nuserland, 2);
	assert_string_equal(set.userland[0], "Makefile");
	assert_string_equal(set.userland[1], "tools/");
	assert_string_equal(set.license, "GPL-2.0-only AND GPL-2.0-only OR BSD-3-Clause");
	acm_kmod_set_free(&set);

	/* --module-dir: an explicit root; one without obj-m is refused */
	const char *dirs[] = { "./driver/linux/extras/", NULL };
	assert_int_equal(acm_kmod_find(s, dirs, false, "src", &set), 0);
	assert_int_equal(set.nmods, 1);
	assert_string_equal(set.mods[0].name, "mxdiag");
	acm_kmod_set_free(&set);
	const char *bad[] = { "tools", NULL };
	assert_int_equal(acm_kmod_find(s, bad, false, "src", &set), 65);
	const char *missing[] = { "nope", NULL };
	assert_int_equal(acm_kmod_find(s, missing, false, "src", &set), 65);
	const char *outside[] = { "../x", NULL };
	assert_int_equal(acm_kmod_find(s, outside, false, "src", &set), 64);
	acm_kmod_scan_free(s);
}

/* All a find names, one line each: "module NAME DIR ROOT: OBJ...", then
 * "root", "ship", "doc", "userland" lines and "license". malloc'd. */
static char *found(const struct acm_kmod_set *set)
{
	struct acm_buf b = { 0 };
	const struct {
		const char *what;
		char *const *v;
		size_t n;
	} lists[] = {
		{ "root", set->roots, set->nroots },
		{ "ship", set->ship, set->nship },
		{ "doc", set->docs, set->ndocs },
		{ "userland", set->userland, set->nuserland },
	};

	for (size_t i = 0; i < set->nmods; i++) {
		acm_buf_addf(&b, "module %s %s %s:", set->mods[i].name, dot(set->mods[i].dir),
			     dot(set->mods[i].root));
		for (size_t k = 0; k < set->mods[i].nobjs; k++)
			acm_buf_addf(&b, " %s", set->mods[i].objs[k]);
		acm_buf_addc(&b, '\n');
	}
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t i = 0; i < lists[l].n; i++)
			acm_buf_addf(&b, "%s %s\n", lists[l].what, dot(lists[l].v[i]));
	if (set->license)
		acm_buf_addf(&b, "license %s\n", set->license);
	return acm_buf_steal(&b);
}

/* Small trees and what a find over each gives: the exit status, and all
 * the set names when it is 0. */
static void test_find_cases(void **state)
{
	static const struct {
		const char *what;
		struct { const char *path, *text; } files[4];
		int rc;
		const char *want;
	} cases[] = {
		{ "no obj-m anywhere",
		  { { "Makefile", "all:\n\tcc -o x x.c\n" }, { "x.c", "int main(void){return 0;}\n" } },
		  65, NULL },
		{ "one module name twice",
		  { { "a/Kbuild", "obj-m := same.o\n" }, { "b/Kbuild", "obj-m := same.o\n" } }, 65, NULL },
		/* a cycle of obj-m += sub/ does not loop */
		{ "a cycle of sub-directories",
		  { { "Kbuild", "obj-m := top.o a/\n" }, { "a/Kbuild", "obj-m := ina.o ../\n" } }, 0,
		  "module top . .: top.o\n"
		  "module ina a .: ina.o\n"
		  "root .\n"
		  "ship Kbuild\n"
		  "ship a/Kbuild\n" },
		/* two independent drivers in one tree: two build roots, one make each */
		{ "two roots",
		  { { "net/Kbuild", "obj-m := mxnet.o\n" }, { "net/mxnet.c", "MODULE_LICENSE(\"GPL\");\n" },
		    { "char/linux-2.6/Makefile", "obj-m += mxchar.o\nmxchar-y := a.o b.o\n" } },
		  0,
		  "module mxchar char/linux-2.6 char/linux-2.6: a.o b.o\n"
		  "module mxnet net net: mxnet.o\n"
		  "root char/linux-2.6\n"
		  "root net\n"
		  "ship char/linux-2.6/Makefile\n"
		  "ship net/Kbuild\n"
		  "ship net/mxnet.c\n"
		  "license GPL-2.0-only\n" },
		/* dahdi: drivers/dahdi/Kbuild builds ../staging/echo/echo.o, which
		 * drivers/staging/echo/Kbuild also names: one module, not two; its
		 * source ships though it is outside the root that builds it */
		{ "one module reached from two Kbuild files",
		  { { "drivers/dahdi/Kbuild", "obj-m += dahdi.o\nobj-m += ../staging/echo/echo.o\n" },
		    { "drivers/staging/echo/Kbuild", "obj-m += echo.o\n" },
		    { "drivers/staging/echo/echo.c", "int x;\n" } },
		  0,
		  "module dahdi drivers/dahdi drivers/dahdi: dahdi.o\n"
		  "module echo drivers/staging/echo drivers/dahdi: echo.o\n"
		  "root drivers/dahdi\n"
		  "ship drivers/dahdi/Kbuild\n"
		  "ship drivers/staging/echo/Kbuild\n"
		  "ship drivers/staging/echo/echo.c\n" },
		/* the same module name in two places is still two modules */
		{ "one name in two directories, one Kbuild",
		  { { "Kbuild", "obj-m += a/same.o\n" }, { "b/Kbuild", "obj-m += same.o\n" } }, 65, NULL },
	};
	struct acm_kmod_scan *s = acm_kmod_scan_new();

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct acm_kmod_set set;

		print_message("%s\n", cases[i].what);
		acm_kmod_scan_reset(s);
		for (size_t k = 0; k < 4 && cases[i].files[k].path; k++)
			add(s, cases[i].files[k].path, cases[i].files[k].text);
		assert_int_equal(acm_kmod_find(s, NULL, false, "src", &set), cases[i].rc);
		if (cases[i].rc)
			continue;
		char *got = found(&set);
		assert_string_equal(got, cases[i].want);
		free(got);
		acm_kmod_set_free(&set);
	}
	acm_kmod_scan_free(s);
}

static void test_dkms_conf(void **state)
{
	struct acm_kmod_scan *s = acm_kmod_scan_new();

	(void)state;
	add(s, "dkms.conf", "PACKAGE_NAME=\"hello\"\nPACKAGE_VERSION='0.3.1'\n");
	assert_string_equal(acm_kmod_scan_dkms(s)->package_version, "0.3.1");
	assert_string_equal(acm_kmod_scan_dkms(s)->package_name, "hello");
	acm_kmod_scan_free(s);
}

static void test_utsrelease(void **state)
{
	char *r;

	(void)state;
	r = acm_ktree_parse_utsrelease("#define UTS_RELEASE \"6.1.0-56-amd64\"\n");
	assert_string_equal(r, "6.1.0-56-amd64");
	free(r);
	assert_null(acm_ktree_parse_utsrelease("#define UTS_RELEASE \"bad release\"\n"));
	assert_null(acm_ktree_parse_utsrelease("nothing here"));
}

static void test_ktree_missing(void **state)
{
	struct acm_ktree kt;

	(void)state;
	assert_int_equal(acm_ktree_resolve("9.9.9-nope", "/nonexistent-root", &kt), 66);
	acm_ktree_free(&kt);
	assert_int_equal(acm_ktree_resolve("/nonexistent/tree", NULL, &kt), 66);
	acm_ktree_free(&kt);
	assert_int_equal(acm_ktree_resolve("/", NULL, &kt), 66); /* a directory, not a tree */
	acm_ktree_free(&kt);
	assert_int_equal(acm_ktree_resolve("bad kver", NULL, &kt), 66);
	acm_ktree_free(&kt);
}

static void test_spec(void **state)
{
	struct acm_kmod_scan *s = acm_kmod_scan_new();
	struct acm_kmod_set set;
	struct acm_kmodspec_kernel k[2] = { { "6.1.0-56-amd64", "/usr/src/linux-headers-6.1.0-56-amd64" },
		{ "6.1.192-1.el9.x86_64", "/usr/src/kernels/6.1.192-1.el9.x86_64" } };
	struct acm_kmodspec ks = { 0 };
	char *text;

	(void)state;
	add(s, "COPYING", "x");
	add(s, "README", "x");
	add(s, "linux/Kbuild", "obj-m := mx.o\n");
	assert_int_equal(acm_kmod_find(s, NULL, false, "src", &set), 0);
	ks.pkg = (struct acm_pkgmeta_head){ .name = "mx", .version = "1.0", .release = "1",
		.source0 = "mx-1.0.tar.gz", .setup_dir = "mx-1.0", .packager = "A <a@b>",
		.date = "Wed Nov 25 2026" };
	ks.license = "GPL-2.0-only";
	ks.kernels = k;
	ks.nkernels = 2;
	ks.set = &set;
	ks.userland_cmd = "make -C tools install PREFIX=%{_prefix}";
	text = acm_kmodspec_text(&ks);
	assert_non_null(strstr(text, "Name:           mx-kmod\n"));
	assert_non_null(strstr(text, "%package -n kmod-mx-6.1.0-56-amd64\n"));
	assert_non_null(strstr(text, "Requires:       /lib/modules/6.1.0-56-amd64/modules.builtin\n"));
	assert_non_null(strstr(text, "Requires:       kernel-uname-r = 6.1.192-1.el9.x86_64\n"));
	assert_non_null(strstr(text, "BuildRequires:  kernel-devel-uname-r = 6.1.192-1.el9.x86_64\n"));
	assert_non_null(strstr(text, "-C '/usr/src/kernels/6.1.192-1.el9.x86_64' "
				     "M=\"$PWD/_kmod_build_6.1.192-1.el9.x86_64/linux\""));
	assert_non_null(strstr(text, "depmod -aeF /boot/System.map-6.1.0-56-amd64 6.1.0-56-amd64"));
	assert_non_null(strstr(text, "/lib/modules/6.1.0-56-amd64/extra/mx/mx.ko\n"));
	assert_non_null(strstr(text, "override mx 6.1.0-56-amd64 extra/mx\n"));
	assert_non_null(strstr(text, "%license mx-1.0/COPYING\n%doc mx-1.0/README\n"));
	assert_non_null(strstr(text, "PREFIX=%%{_prefix}"));   /* '%' kept from rpm */
	assert_non_null(strstr(text, "%files -n mx-utils -f mx-utils.files\n"));
	assert_null(strstr(text, "make rpm"));
	assert_true(acm_kmodspec_kver_is_evr("6.1.192-1.el9.x86_64"));
	assert_false(acm_kmodspec_kver_is_evr("6.1.0-56-amd64"));
	assert_true(acm_spectext_is_word("/usr/src/kernels/x"));
	assert_false(acm_spectext_is_word("/a b"));
	assert_false(acm_spectext_is_word("/a%b"));
	free(text);
	acm_kmod_set_free(&set);
	acm_kmod_scan_free(s);
}

static void test_state(void **state)
{
	char dir[] = "/tmp/acm-mx2g-state.XXXXXX";
	char *tgz, *pkg, *sig1, *sig2, *sig3, **rpms;
	size_t n;
	FILE *f;
	struct acm_ktree kt = { (char *)"k", (char *)"/nonexistent", (char *)"6.1.0-1" };

	(void)state;
	assert_non_null(mkdtemp(dir));
	tgz = acm_xasprintf("%s/x.tar.gz", dir);
	pkg = acm_xasprintf("%s/x.rpm", dir);
	f = fopen(tgz, "w");
	assert_non_null(f);
	fputs("tarball bytes", f);
	fclose(f);
	sig1 = acm_kmod_state_signature("Name: x\n--\n", tgz, "-ba", &kt, 1);
	sig2 = acm_kmod_state_signature("Name: y\n", tgz, "-ba", &kt, 1);
	sig3 = acm_kmod_state_signature("Name: x\n--\n", tgz, "-bs", &kt, 1);
	assert_non_null(sig1);
	assert_string_not_equal(sig1, sig2);
	assert_string_not_equal(sig1, sig3);
	assert_int_equal(acm_pkgbuild_state_current(dir, sig1, &rpms, &n), 0);
	f = fopen(pkg, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(acm_pkgbuild_state_save(dir, sig1, &pkg, 1), 0);
	assert_int_equal(acm_pkgbuild_state_current(dir, sig2, &rpms, &n), 0);
	assert_int_equal(acm_pkgbuild_state_current(dir, sig1, &rpms, &n), 1);
	assert_int_equal(n, 1);
	assert_string_equal(rpms[0], pkg);
	free(rpms[0]);
	free(rpms);
	unlink(pkg); /* a package gone: not current */
	assert_int_equal(acm_pkgbuild_state_current(dir, sig1, &rpms, &n), 0);
	assert_null(acm_kmod_state_signature("x", "/nonexistent.tar.gz", "-ba", &kt, 1));
	free(sig1);
	free(sig2);
	free(sig3);
	free(tgz);
	free(pkg);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

static void test_pkgmeta_fields(void **state)
{
	(void)state;
	check_valid(acm_pkgmeta_valid_release);
	check_valid(acm_pkgmeta_valid_version);
	check_valid(acm_pkgmeta_valid_name);
	/* --release: "1" when not given, else the one given (a bad one exits:
	 * tests/cli/kbuild.sh and mx2g-pack.sh) */
	char given[] = "2.acm", *r = acm_pkgmeta_release_arg(NULL);

	assert_string_equal(r, "1");
	free(r);
	assert_ptr_equal(acm_pkgmeta_release_arg(given), given);
}

/* SOURCE_DATE_EPOCH: one parser; junk is a configuration error (78). */
static void test_pkgmeta_epoch_and_date(void **state)
{
	static const char *const bad[] = { "abc", "12abc", "-5", " 5", "+5", "1e9",
					   "99999999999999999999999", NULL };
	long long w;
	char *d;

	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(acm_pkgmeta_epoch(&w), 0);
	assert_int_equal(w, -1);
	setenv("SOURCE_DATE_EPOCH", "", 1);
	assert_int_equal(acm_pkgmeta_epoch(&w), 0);
	assert_int_equal(w, -1);
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	assert_int_equal(acm_pkgmeta_epoch(&w), 0);
	assert_int_equal(w, 1700000000LL);
	for (size_t i = 0; bad[i]; i++) {
		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		assert_int_equal(acm_pkgmeta_epoch(&w), ACM_EX_CONFIG);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	d = acm_pkgmeta_date(1700000000LL);
	assert_string_equal(d, "Tue Nov 14 2023");
	free(d);
	d = acm_pkgmeta_date(0);
	assert_string_equal(d, "Thu Jan 01 1970");
	free(d);
}

/* The packager goes into a spec: the cases above, and the one found here. */
static void test_pkgmeta_packager(void **state)
{
	char *p;

	(void)state;
	check_valid(acm_pkgmeta_valid_packager);
	p = acm_pkgmeta_packager();
	assert_true(acm_pkgmeta_valid_packager(p));
	free(p);
}

static int walk_pre(const struct acm_fstree_entry *e, void *ud)
{
	acm_buf_addf(ud, "%c%s ", S_ISDIR(e->st.st_mode) ? 'd' : S_ISLNK(e->st.st_mode) ? 'l' : 'f',
		     e->path);
	return strcmp(e->name, "skip") == 0 ? ACM_FSTREE_SKIP : 0;
}

static int walk_post(const struct acm_fstree_entry *e, void *ud)
{
	acm_buf_addf(ud, "/%s ", e->path);
	return 0;
}

/* One walker: sorted, depth first, links reported and never followed. */
static void test_fstree_walk(void **state)
{
	char dir[] = "/tmp/acm-walk.XXXXXX", *t, *l;
	struct acm_buf b = ACM_BUF_INIT;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "t/b/z", "");
	put(dir, "t/b/a", "");
	put(dir, "t/a", "");
	put(dir, "t/skip/hidden", "");
	put(dir, "outside/secret", "");
	l = acm_xasprintf("%s/t/c-link", dir);
	t = acm_xasprintf("%s/outside", dir);
	assert_int_equal(symlink(t, l), 0);
	free(t);
	free(l);
	t = acm_xasprintf("%s/t", dir);
	assert_int_equal(acm_fstree_walk(t, walk_pre, walk_post, &b), 0);
	assert_string_equal(acm_buf_str(&b), "fa db fb/a fb/z /b lc-link dskip ");
	acm_buf_free(&b);
	/* a budget of entries read ('.' and '..' count): t holds 4 + 2, b 2 + 2 */
	assert_int_equal(acm_fstree_walk_max(t, walk_pre, walk_post, &b, 10), 0);
	acm_buf_free(&b);
	assert_int_equal(acm_fstree_walk_max(t, walk_pre, walk_post, &b, 9), -E2BIG);
	assert_string_equal(acm_buf_str(&b), "fa db ");   /* b seen, but not read whole: no more */
	acm_buf_free(&b);
	assert_int_equal(acm_fstree_walk_max(t, walk_pre, walk_post, &b, 5), -E2BIG);
	assert_string_equal(acm_buf_str(&b), "");
	acm_buf_free(&b);
	assert_int_equal(acm_fstree_walk(l = acm_xasprintf("%s/a", t), walk_pre, NULL, &b), -ENOTDIR);
	free(l);
	acm_buf_free(&b);
	free(t);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* rm -rf of a tree never follows a link out of it: the canary and the
 * directory a link points at stay, the tree goes. */
static void test_fstree_remove(void **state)
{
	char dir[] = "/tmp/acm-fstree.XXXXXX", *t, *l, *canary, *outdir;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	t = acm_xasprintf("%s/tree", dir);
	put(dir, "tree/a/b/c/file", "x");
	put(dir, "outside/canary", "keep");
	put(dir, "tree/ro/f", "y");
	canary = acm_xasprintf("%s/outside/canary", dir);
	outdir = acm_xasprintf("%s/outside", dir);
	l = acm_xasprintf("%s/tree/a/link-dir", dir);
	assert_int_equal(symlink(outdir, l), 0);
	free(l);
	l = acm_xasprintf("%s/tree/link-file", dir);
	assert_int_equal(symlink(canary, l), 0);
	free(l);
	l = acm_xasprintf("%s/tree/dangling", dir);
	assert_int_equal(symlink("/nonexistent/x", l), 0);
	free(l);
	assert_int_equal(acm_fstree_remove(t), 0);
	assert_int_equal(lstat(t, &st), -1);
	assert_int_equal(stat(canary, &st), 0);
	/* a link given as the tree itself: the link goes, not its target */
	l = acm_xasprintf("%s/top-link", dir);
	assert_int_equal(symlink(outdir, l), 0);
	assert_int_equal(acm_fstree_remove(l), 0);
	assert_int_equal(lstat(l, &st), -1);
	assert_int_equal(stat(canary, &st), 0);
	assert_int_equal(acm_fstree_remove(t), 0); /* missing: fine */
	free(l);
	free(t);
	free(canary);
	free(outdir);
	assert_int_equal(acm_fstree_remove(dir), 0);
	assert_int_equal(lstat(dir, &st), -1);
}

static void test_fstree_copy(void **state)
{
	char dir[] = "/tmp/acm-fstcp.XXXXXX", *a, *b, *text = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "a", "package bytes");
	a = acm_xasprintf("%s/a", dir);
	b = acm_xasprintf("%s/b", dir);
	assert_int_equal(acm_fstree_copy(a, b, 0644), 0);
	assert_int_equal(acm_read_file(b, &text, NULL, 0), 0);
	assert_string_equal(text, "package bytes");
	free(text);
	free(b);
	b = acm_xasprintf("%s/missing", dir);
	assert_int_equal(acm_fstree_copy(b, a, 0644), ACM_EX_NOINPUT);
	assert_int_equal(acm_fstree_copy(dir, b, 0644), ACM_EX_NOINPUT); /* a directory */
	assert_false(acm_exists(b));
	free(a);
	free(b);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* An unwritable --repo is found before the build (73), nothing created. */
static void test_repo_check(void **state)
{
	char dir[] = "/tmp/acm-repock.XXXXXX", *f, *sub;

	(void)state;
	if (!acm_have_program("createrepo_c"))
		skip();
	assert_non_null(mkdtemp(dir));
	put(dir, "file", "x");
	f = acm_xasprintf("%s/file", dir);
	sub = acm_xasprintf("%s/file/repo", dir);
	assert_int_equal(acm_repo_check(f), ACM_EX_CANTCREAT);
	assert_int_equal(acm_repo_check(sub), ACM_EX_CANTCREAT);
	free(sub);
	sub = acm_xasprintf("%s/new/el9/x86_64", dir);
	assert_int_equal(acm_repo_check(sub), 0);
	assert_false(acm_exists(sub));
	assert_int_equal(acm_repo_check(dir), 0);
	free(f);
	free(sub);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* A dry run works out the paths and creates nothing. */
static void test_pkgbuild_locate(void **state)
{
	char dir[] = "/tmp/acm-pkgb.XXXXXX", *top, *p;
	struct acm_pkgbuild pb = { .tool = "mx2g-pack", .name = "hello" };

	(void)state;
	assert_non_null(mkdtemp(dir));
	top = acm_xasprintf("%s/top/", dir);
	pb.topdir_opt = top;
	assert_int_equal(acm_pkgbuild_locate(&pb), 0);
	p = acm_xasprintf("%s/top", dir);
	assert_string_equal(pb.topdir, p);
	free(p);
	p = acm_xasprintf("%s/top/BUILD/mx2g-pack-hello/build.log", dir);
	assert_string_equal(pb.log, p);
	free(p);
	p = acm_pkgbuild_path(&pb, "SPECS", "hello-kmod.spec");
	assert_non_null(strstr(p, "/top/SPECS/hello-kmod.spec"));
	free(p);
	assert_false(acm_exists(pb.topdir));
	acm_pkgbuild_end(&pb);
	free(top);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* Scans SRC_DIR and asks for its name and version given the options
 * OPT_NAME and OPT_VERSION: WANT_RC, and on success WANT_NAME and
 * WANT_VERSION. */
static void expect_name_version(const char *src_dir, const char *opt_name, const char *opt_version,
				int want_rc, const char *want_name, const char *want_version)
{
	char *name = NULL, *version = NULL;
	struct acm_source *src = NULL;
	struct acm_kmod_scan *scan = acm_kmod_scan_new();

	assert_int_equal(acm_source_open(&src, src_dir, NULL), 0);
	assert_int_equal(acm_kmodpack_scan(src, scan), 0);
	assert_int_equal(acm_kmodpack_name_version(acm_source_info(src), scan, src_dir, opt_name,
						   opt_version, &name, &version), want_rc);
	if (want_rc == 0) {
		assert_string_equal(name, want_name);
		assert_string_equal(version, want_version);
	}
	free(name);
	free(version);
	acm_source_close(src);
	acm_kmod_scan_free(scan);
}

/* Name and version: options first, then dkms.conf, then the source. */
static void test_kmodpack_name_version(void **state)
{
	char dir[] = "/tmp/acm-kmp.XXXXXX", *src_dir;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "hello-dkms/Kbuild", "obj-m := hello.o\n");
	put(dir, "hello-dkms/hello.c", "int x;\n");
	put(dir, "hello-dkms/dkms.conf", "PACKAGE_NAME=\"hello\"\nPACKAGE_VERSION=\"0.3.1\"\n");
	src_dir = acm_xasprintf("%s/hello-dkms", dir);
	expect_name_version(src_dir, NULL, NULL, 0, "hello", "0.3.1");
	expect_name_version(src_dir, "hi", "2.0", 0, "hi", "2.0");
	expect_name_version(src_dir, "a b", NULL, ACM_EX_DATAERR, NULL, NULL);
	free(src_dir);

	/* a NAME-VER-REL directory (Debian's /usr/src/lime-forensics-1.9.1-5):
	 * dkms.conf's name and version win; its '-' becomes '_' */
	put(dir, "lime-forensics-1.9.1-5/Kbuild", "obj-m := lime.o\n");
	put(dir, "lime-forensics-1.9.1-5/dkms.conf",
	    "PACKAGE_NAME=\"lime-forensics\"\nPACKAGE_VERSION=\"1.9.1-5\"\n");
	src_dir = acm_xasprintf("%s/lime-forensics-1.9.1-5", dir);
	expect_name_version(src_dir, NULL, NULL, 0, "lime-forensics", "1.9.1_5");
	free(src_dir);

	/* a configure-driven tree: META's name and version when the top
	 * directory ("zfs", a git checkout) states none; the directory wins
	 * when it does; what META or AC_INIT says must be an RPM name and
	 * version, else unused */
	static const struct { const char *top, *file, *text, *name, *version; } conf[] = {
		{ "zfs", "META", "Name:          zfs\nVersion:       2.2.7\n", "zfs", "2.2.7" },
		{ "zfs", "configure.ac", "AC_INIT([zfs], [m4_esyscmd(x)])\n", "zfs", "2.2.7" },
		{ "openafs-1.8.9", "configure.ac", "AC_INIT([OpenAFS],[m4_esyscmd(git-version .)])\n",
		  "openafs", "1.8.9" },
		{ "drv", "VERSION", "3.1\n", NULL, NULL },
		{ "drv", "META", "Name: z$(touch /tmp/x)\nVersion: 1;rm\n", "drv", "3.1" },
		{ "src", "configure.ac", "AC_INIT([Hello Drv],[0.9],[],[hellodrv])\n", "hellodrv", "0.9" },
	};
	for (size_t i = 0; i < sizeof conf / sizeof conf[0]; i++) {
		char *rel = acm_xasprintf("%s/%s", conf[i].top, conf[i].file);

		put(dir, rel, conf[i].text);
		free(rel);
		if (!conf[i].name)
			continue;   /* the next row completes the tree */
		src_dir = acm_xasprintf("%s/%s", dir, conf[i].top);
		expect_name_version(src_dir, NULL, NULL, 0, conf[i].name, conf[i].version);
		free(src_dir);
	}
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* A kernel build tree DIR/NAME for release kver (what ktree looks for);
 * returns its path. */
static char *put_ktree(const char *dir, const char *name, const char *kver)
{
	char *k = acm_xasprintf("%s/%s", dir, name), *uts = acm_xasprintf("#define UTS_RELEASE \"%s\"\n", kver);

	put(k, "Makefile", "all:\n");
	put(k, "include/generated/utsrelease.h", uts);
	put(k, "scripts/x", "");
	free(uts);
	return k;
}

/* Every --kernel resolved; the same kernel twice is a usage error. */
static void test_ktree_resolve_all(void **state)
{
	char dir[] = "/tmp/acm-kra.XXXXXX", *k1, *k2;
	const char *args[3];
	struct acm_ktree *kt = NULL;
	size_t nk = 9;

	(void)state;
	assert_non_null(mkdtemp(dir));
	k1 = put_ktree(dir, "k1", "6.1.0-1");
	k2 = put_ktree(dir, "k2", "6.1.0-1");   /* the same kernel again */
	args[0] = k1;
	args[1] = NULL;
	assert_int_equal(acm_ktree_resolve_all(args, NULL, &kt, &nk), 0);
	assert_int_equal(nk, 1);
	assert_string_equal(kt[0].kver, "6.1.0-1");
	acm_ktree_free_all(kt, nk);
	args[1] = k2;
	args[2] = NULL;
	assert_int_equal(acm_ktree_resolve_all(args, NULL, &kt, &nk), ACM_EX_USAGE);
	assert_null(kt);
	assert_int_equal(nk, 0);
	free(k1);
	free(k2);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

static void emit_them(void *ud)
{
	acm_pkgbuild_emit_packages(ud, NULL, NULL);
}

static void plan_them(void *ud)
{
	const struct acm_pkgbuild_job job = { .spec = "/t/SPECS/x.spec", .stage = "-bs" };

	acm_record_plan("write", "/t/SOURCES/x-1.tar.gz", "from", "/src/x");
	acm_pkgbuild_plan_run(ud, &job);
}

/* Every package record says changed=: built now, or copied into the repo
 * (an up-to-date build whose package the repo lacked is a change). Dry-run
 * records use action= file= like copycds-import. */
static void test_pkgbuild_records(void **state)
{
	char *paths[] = { (char *)"/t/RPMS/x86_64/kmod-x-1-1.x86_64.rpm", (char *)"/t/SRPMS/x-kmod-1-1.src.rpm", NULL };
	struct acm_rpm_info info[2] = {
		{ paths[0], (char *)"kmod-x", (char *)"1", (char *)"1", (char *)"x86_64" },
		{ paths[1], (char *)"x-kmod", (char *)"1", (char *)"1", (char *)"src" },
	};
	char *rpaths[] = { (char *)"/repo/kmod-x-1-1.x86_64.rpm" };
	bool rchanged[] = { true };
	struct acm_pkgbuild pb = { .tool = "mx2g-pack", .name = "x", .repo = "/repo" };
	char *out;

	(void)state;
	pb.info = info;
	pb.b.built = paths;
	pb.b.n_built = 2;
	pb.published.paths = rpaths;
	pb.published.changed = rchanged;
	pb.published.n = 1;
	pb.built = false;
	out = output_of(1, emit_them, &pb);
	assert_string_equal(out,
		"rpm=/t/RPMS/x86_64/kmod-x-1-1.x86_64.rpm name=kmod-x version=1 release=1 arch=x86_64 "
		"repo=/repo/kmod-x-1-1.x86_64.rpm changed=yes\n"
		"rpm=/t/SRPMS/x-kmod-1-1.src.rpm name=x-kmod version=1 release=1 arch=src changed=no\n");
	free(out);
	assert_true(acm_pkgbuild_changed(&pb));
	rchanged[0] = false;
	assert_false(acm_pkgbuild_changed(&pb));
	pb.built = true;
	assert_true(acm_pkgbuild_changed(&pb));
	out = output_of(1, plan_them, &pb);
	assert_string_equal(out,
		"action=write file=/t/SOURCES/x-1.tar.gz from=/src/x changed=yes\n"
		"action=build file=/t/SPECS/x.spec stage=-bs changed=yes\n"
		"action=publish file=/repo changed=yes\n");
	free(out);
}

/* The make reader's one work budget (issue 13): a 1 MB Makefile of += lines
 * (each append used to copy the whole value: 23 CPU-s), a nesting bomb of
 * recursive variables, a := doubling and a function doubling each finish
 * in well under a CPU-second, and are refused - acm_kmod_find stops with 65
 * naming the file - rather than read in part. Ordinary appends still parse. */
struct budget_case {
	const char *name;
	char *text;
	int want;	/* 65, or -1: either 0 or 65 */
	int rc;
};

static void find_it(void *ud)
{
	struct budget_case *c = ud;
	struct acm_kmod_scan *s = acm_kmod_scan_new();
	struct acm_kmod_set set;
	int rc;

	acm_kmod_scan_add(s, "drv", true, NULL, 0);
	acm_kmod_scan_add(s, "drv/Makefile", false, c->text, strlen(c->text));
	rc = acm_kmod_find(s, NULL, false, "src", &set);
	if (rc == 0)
		acm_kmod_set_free(&set);
	acm_kmod_scan_free(s);
	c->rc = rc;
}

static void test_kmake_budget(void **state)
{
	struct acm_buf app = ACM_BUF_INIT, nest = ACM_BUF_INIT, dbl = ACM_BUF_INIT, fn = ACM_BUF_INIT;
	struct acm_buf ok = ACM_BUF_INIT;
	struct acm_kmodkbuild f;

	(void)state;
	while (app.len < (1u << 20))
		acm_buf_adds(&app, "x += word\n");
	acm_buf_adds(&app, "obj-m := $(x)\n");
	for (int i = 0; i < 40; i++)
		acm_buf_addf(&nest, "v%d = $(v%d)$(v%d)\n", i, i + 1, i + 1);
	acm_buf_adds(&nest, "v40 = w.o\nobj-m := $(v0)\n");
	acm_buf_adds(&dbl, "A := x\n");
	for (int i = 0; i < 40; i++)
		acm_buf_adds(&dbl, "A += $(A) $(A)\n");
	acm_buf_adds(&dbl, "obj-m := $(A).o\n");
	acm_buf_adds(&fn, "A := a.o\n");
	for (int i = 0; i < 40; i++)
		acm_buf_adds(&fn, "A := $(addprefix $(A),$(A))\n");
	acm_buf_adds(&fn, "obj-m := $(A)\n");

	struct budget_case cases[] = {
		{ "1 MB of +=", app.data, -1, 0 },
		{ "nesting bomb", nest.data, 65, 0 },
		{ ":= doubling", dbl.data, 65, 0 },
		{ "addprefix doubling", fn.data, 65, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		clock_t t0 = clock();
		char *err = NULL;

		int prc = acm_kmodkbuild_parse(cases[i].text, strlen(cases[i].text), NULL, &f);

		if (cases[i].want == 65)
			assert_int_equal(prc, -1);
		if (prc)
			assert_int_equal(f.nmods, 0);
		acm_kmodkbuild_free(&f);
		err = output_of(2, find_it, &cases[i]);
		print_message("%s: %.3f CPU-s\n", cases[i].name, (double)(clock() - t0) / CLOCKS_PER_SEC);
		assert_true(clock() - t0 < CLOCKS_PER_SEC / 2);
		if (cases[i].want == 65 || cases[i].rc != 0)
			assert_int_equal(cases[i].rc, 65);
		if (cases[i].rc == 65)
			assert_non_null(strstr(err, "'src': drv/Makefile: "));
		free(err);
	}

	/* appends within reason: 200 modules, one += at a time, all found */
	for (int i = 0; i < 200; i++)
		acm_buf_addf(&ok, "obj-m += m%d.o\nm%d-y += a%d.o\nm%d-y += b%d.o\n", i, i, i, i, i);
	assert_int_equal(acm_kmodkbuild_parse(ok.data, ok.len, NULL, &f), 0);
	assert_int_equal(f.nmods, 200);
	assert_int_equal(f.mods[199].nobjs, 2);
	assert_string_equal(f.mods[199].objs[1], "b199.o");
	acm_kmodkbuild_free(&f);
	acm_buf_free(&app);
	acm_buf_free(&nest);
	acm_buf_free(&dbl);
	acm_buf_free(&fn);
	acm_buf_free(&ok);
}

/* A kmodconf fed the files (path, text) of a tree. */
static struct acm_kmodconf *conf_of(const char *const *files)
{
	struct acm_kmodconf *c = acm_kmodconf_new();

	for (size_t i = 0; files[i]; i += 2)
		acm_kmodconf_add(c, files[i], false, files[i + 1],
				 files[i + 1] ? strlen(files[i + 1]) : 0);
	return c;
}

/* Which trees are configure-driven module builds, and by which row. */
static void test_kmodconf_rules(void **state)
{
	const char *zfs[] = { "configure.ac", "AC_INIT([zfs], [m4_esyscmd(grep Version META)])\n",
		"config/kernel.m4", "AC_ARG_WITH([linux],\n  AS_HELP_STRING(...))\n",
		"config/zfs-build.m4", "AC_ARG_WITH([config],\n [Config file 'kernel|user|all|srpm'])\n",
		"META", "Meta:  1\nName:          zfs\nVersion:       2.2.7\n",
		"module/zfs/zfs_ioctl.c", NULL, "autogen.sh", NULL, NULL };
	const char *afs[] = { "configure.ac",
		"AC_INIT([OpenAFS],[m4_esyscmd(build-tools/git-version .)],[b@x],[],[http://x/])\n",
		"src/cf/options.m4", "AC_ARG_WITH([linux-kernel-headers],\n",
		"src/libafs/MakefileProto.LINUX.in", NULL, "regen.sh", NULL, NULL };
	const char *gen[] = { "configure.in", "AC_INIT(GNU Hello Drv, 1.2)\nAC_ARG_WITH(linux-obj, x)\n"
		"AC_ARG_WITH( [ linux ] , y)\nAC_ARG_WITH([config], [kernel])\n", "bootstrap", NULL, NULL };
	const char *only_config[] = { "configure.ac", "AC_ARG_WITH([config], [kernel|user])\n"
		"AC_ARG_WITH([kernel])\n", NULL };   /* names no kernel tree: uname -r */
	const char *no_ac[] = { "config/kernel.m4", "AC_ARG_WITH([linux])\n", NULL };
	const char *user[] = { "configure.ac", "AC_INIT([u],[1])\nAC_ARG_WITH([ssl])\n",
		"aclocal.m4", "AC_ARG_WITH([linux])\n", NULL };  /* aclocal.m4 is generated */
	struct acm_kmodconf *c;
	const char *const *f;

	(void)state;
	assert_true(acm_kmodconf_wants("configure.ac", 100));
	assert_true(acm_kmodconf_wants("src/cf/options.m4", 100));
	assert_false(acm_kmodconf_wants("configure.ac", 2u << 20));
	assert_false(acm_kmodconf_wants("sub/META", 10));
	c = conf_of(zfs);
	assert_string_equal(acm_kmodconf_rule(c)->id, "openzfs");
	assert_string_equal(acm_kmodconf_name(c), "zfs");
	assert_string_equal(acm_kmodconf_version(c), "2.2.7");
	assert_false(acm_kmodconf_has_configure(c));
	acm_kmodconf_free(c);
	c = conf_of(afs);
	assert_string_equal(acm_kmodconf_rule(c)->id, "openafs");
	assert_string_equal(acm_kmodconf_name(c), "openafs");  /* autoconf's tarname */
	assert_null(acm_kmodconf_version(c));                 /* made by m4_esyscmd */
	acm_kmodconf_free(c);
	c = conf_of(gen);
	assert_string_equal(acm_kmodconf_rule(c)->id, "autoconf");
	assert_string_equal(acm_kmodconf_name(c), "hello-drv");
	assert_string_equal(acm_kmodconf_version(c), "1.2");
	f = acm_kmodconf_flags(c);
	assert_string_equal(f[0], "--with-config=kernel");
	assert_string_equal(f[1], "--with-linux=@KSRC@");
	assert_string_equal(f[2], "--with-linux-obj=@KOBJ@");
	assert_null(f[3]);
	acm_kmodconf_free(c);
	c = conf_of(only_config);
	assert_null(acm_kmodconf_rule(c));
	acm_kmodconf_free(c);
	c = conf_of(no_ac);
	assert_null(acm_kmodconf_rule(c));
	acm_kmodconf_free(c);
	c = conf_of(user);
	assert_null(acm_kmodconf_rule(c));
	acm_kmodconf_free(c);
	assert_null(acm_kmodconf_rule(NULL));
}

/* The spec of OpenAFS 1.8.9 for one kernel k, modules set. */
static void afs_spec(struct acm_kmodspec *ks, const struct acm_kmodspec_kernel *k,
		     const struct acm_kmod_set *set)
{
	ks->pkg = (struct acm_pkgmeta_head){ .name = "openafs", .version = "1.8.9", .release = "1",
		.source0 = "openafs-1.8.9.tar.gz", .setup_dir = "openafs-1.8.9", .packager = "A <a@b>",
		.date = "Wed Nov 25 2026" };
	ks->kernels = k;
	ks->nkernels = 1;
	ks->set = set;
}

/* A project row's spec: the whole tree shipped, its modules found where
 * its build puts them, its license, each build requirement once. */
static void test_kmodconf_spec(void **state)
{
	struct acm_kmod_scan *s = acm_kmod_scan_new();
	struct acm_kmod_set set;
	const struct acm_dkmsconf *dkms;
	const struct acm_kmodconf *conf;
	struct acm_kmodspec_kernel k = { "6.1.0-57-amd64", "/usr/src/linux-headers-6.1.0-57-amd64" };
	struct acm_kmodspec ks = { 0 };
	const char *br[] = { "autoconf", "automake", "libtool", "flex", "bison", "perl" };
	char *text, *want;

	(void)state;
	add(s, "configure.ac", "AC_INIT([OpenAFS],[m4_esyscmd(x)])\n");
	add(s, "regen.sh", "#!/bin/sh\n");
	add(s, "src/libafs/MakefileProto.LINUX.in", "x\n");
	add(s, "src/afs/afs_call.c", "int x;\n");
	add(s, "LICENSE", "IBM Public License\n");
	assert_int_equal(acm_kmodpack_find(s, NULL, false, "afs", &set, &dkms, &conf), 0);
	assert_null(dkms);
	assert_non_null(conf);
	assert_int_equal(set.nmods, 2);
	assert_string_equal(set.mods[0].name, "libafs");
	assert_string_equal(set.mods[1].name, "afspag");
	assert_string_equal(set.mods[0].dir, "src/libafs");
	assert_int_equal(set.nship, 5);
	afs_spec(&ks, &k, &set);
	ks.license = set.license;
	ks.conf = conf;
	text = acm_kmodspec_text(&ks);
	assert_non_null(text);
	assert_non_null(strstr(text, "License:        IPL-1.0\n"));
	for (size_t i = 0; i < sizeof br / sizeof br[0]; i++) {
		want = acm_xasprintf("BuildRequires:  %s\n", br[i]);
		assert_non_null(strstr(text, want));
		assert_null(strstr(strstr(text, want) + 1, want));  /* once */
		free(want);
	}
	assert_non_null(strstr(text, "(cd _kmod_build_6.1.0-57-amd64 && ./regen.sh -q && ./configure "
				     "--with-linux-kernel-headers="));
	assert_non_null(strstr(text, "ko=$(find _kmod_build_6.1.0-57-amd64/src/libafs -name libafs.ko "));
	assert_non_null(strstr(text, "/lib/modules/6.1.0-57-amd64/extra/openafs/libafs.ko\n"));
	assert_null(strstr(text, "KERNELRELEASE"));
	free(text);
	acm_kmod_set_free(&set);

	/* --module-dir: the kernel's Kbuild, not the configure */
	acm_kmod_scan_free(s);
	s = acm_kmod_scan_new();
	add(s, "configure.ac", "AC_ARG_WITH([linux])\n");
	add(s, "drv/Kbuild", "obj-m := d.o\n");
	{
		const char *md[] = { "drv", NULL };

		assert_int_equal(acm_kmodpack_find(s, md, false, "d", &set, &dkms, &conf), 0);
		assert_null(conf);
		acm_kmod_set_free(&set);
		assert_int_equal(acm_kmodpack_find(s, NULL, false, "d", &set, &dkms, &conf), 0);
		assert_non_null(conf);
		assert_string_equal(set.mods[0].dir, "drv");
		acm_kmod_set_free(&set);
	}

	/* The same tree by its dkms.conf (OpenAFS's packaged one, whose MAKE[0]
	 * moves the module out of MODLOAD-<kver>-SP with an unquoted glob, as dkms's
	 * eval globs it): the %build line writes that '*' alone unquoted, checks
	 * first that each match resolves inside the build copy, names the line. */
	acm_kmod_scan_free(s);
	s = acm_kmod_scan_new();
	ks = (struct acm_kmodspec){ 0 };
	add(s, "dkms.conf", "\nPACKAGE_VERSION=\"1.8.9\"\nPACKAGE_NAME=\"openafs\"\n"
	    "MAKE[0]='./configure --with-linux-kernel-headers=${kernel_source_dir} "
	    "--with-linux-kernel-packaging && make && mv src/libafs/MODLOAD-*/openafs.ko .'\n"
	    "BUILT_MODULE_NAME[0]=\"$PACKAGE_NAME\"\nDEST_MODULE_LOCATION[0]=\"/extra/$PACKAGE_NAME/\"\n");
	add(s, "src/afs/afs_call.c", "int x;\n");
	assert_int_equal(acm_kmodpack_find(s, NULL, false, "afs", &set, &dkms, &conf), 0);
	assert_non_null(dkms);
	assert_int_equal(dkms->make_line, 4);
	afs_spec(&ks, &k, &set);
	ks.license = "IPL-1.0";
	ks.dkms = dkms;
	text = acm_kmodspec_text(&ks);
	assert_non_null(text);
	assert_non_null(strstr(text,
		"(cd _kmod_build_6.1.0-57-amd64 && ./configure "
		"--with-linux-kernel-headers=/usr/src/linux-headers-6.1.0-57-amd64 "
		"--with-linux-kernel-packaging && %{__make} && "
		"for f in src/libafs/MODLOAD-*/openafs.ko; do test -e \"$f\" || continue; "
		"case \"$(readlink -f -- \"$f\")\" in \"$(pwd -P)\"/*) ;; "
		"*) echo \"mx2g-pack: dkms.conf line 4: MAKE[0]: '$f' is outside the build copy\" >&2; "
		"exit 1;; esac; done && mv src/libafs/MODLOAD-*/openafs.ko .)\n"));
	assert_non_null(strstr(text, "/lib/modules/6.1.0-57-amd64/extra/openafs/openafs.ko\n"));
	free(text);
	acm_kmod_set_free(&set);
	acm_kmod_scan_free(s);
}

/* The %build line: bootstrap, the table's flags with the kernel's trees,
 * the make target; a tree path a spec cannot carry refused. */
static void test_kmodconf_build_line(void **state)
{
	const char *zfs[] = { "configure.ac", "x\n", "module/zfs/zfs_ioctl.c", NULL, NULL };
	const char *gen[] = { "configure.ac", "AC_ARG_WITH([linux-kernel-headers])\n", "autogen.sh", NULL,
		"configure", NULL, NULL };
	const char *boot[] = { "configure.ac", "AC_ARG_WITH([linux])\n", "regen.sh", NULL, "bootstrap",
		NULL, NULL };
	const char *none[] = { "configure.ac", "AC_ARG_WITH([linux])\n", NULL };
	const char *vars[] = { "CONFIG_X=m", NULL };
	struct acm_buf b = ACM_BUF_INIT;
	struct acm_kmodconf *c;
	char dir[] = "/tmp/acm-kmc.XXXXXX", *k, *ks;

	(void)state;
	c = conf_of(zfs);
	assert_true(acm_kmodconf_build_line(&b, c, "_b", "/k/src", "/k/obj", vars));
	assert_string_equal(acm_buf_str(&b), "(cd _b && ./autogen.sh && ./configure --with-config=kernel "
			    "--with-linux=/k/src --with-linux-obj=/k/obj && %{__make} %{?_smp_mflags} "
			    "CONFIG_X=m)\n");
	acm_buf_reset(&b);
	/* a blank or quote: one shell word, '%' doubled; a newline or '\\': refused */
	assert_true(acm_kmodconf_build_line(&b, c, "_b", "/k/a b", "/k/o'%(x)", NULL));
	assert_non_null(strstr(acm_buf_str(&b), " '--with-linux=/k/a b' '--with-linux-obj=/k/o'\\''%%(x)' "));
	acm_buf_reset(&b);
	assert_false(acm_kmodconf_build_line(&b, c, "_b", "/k/a\nb", "/k/obj", NULL));
	assert_false(acm_kmodconf_build_line(&b, c, "_b", "/k/src", "/k/o\\", NULL));
	assert_int_equal(b.len, 0);
	acm_kmodconf_free(c);
	c = conf_of(gen);  /* a shipped configure: no bootstrap */
	assert_true(acm_kmodconf_build_line(&b, c, "_b", "/s", "/o", NULL));
	assert_string_equal(acm_buf_str(&b), "(cd _b && ./configure --with-linux-kernel-headers=/s && "
			    "%{__make} %{?_smp_mflags})\n");
	acm_buf_reset(&b);
	acm_kmodconf_free(c);
	c = conf_of(boot);  /* the first bootstrap script of the list */
	assert_true(acm_kmodconf_build_line(&b, c, "_b", "/s", "/o", NULL));
	assert_non_null(strstr(acm_buf_str(&b), "(cd _b && ./bootstrap && ./configure"));
	acm_buf_reset(&b);
	acm_kmodconf_free(c);
	c = conf_of(none);
	assert_true(acm_kmodconf_build_line(&b, c, "_b", "/s", "/o", NULL));
	assert_non_null(strstr(acm_buf_str(&b), "(cd _b && autoreconf -fi && ./configure --with-linux=/s"));
	acm_buf_free(&b);
	acm_kmodconf_free(c);

	/* Debian's split headers: the build tree's Makefile includes the source's */
	assert_non_null(mkdtemp(dir));
	k = acm_xasprintf("%s/common", dir);
	put(dir, "common/include/linux/module.h", "");
	ks = acm_xasprintf("# generated\ninclude %s/Makefile\n", k);
	put(dir, "amd64/Makefile", ks);
	free(ks);
	ks = acm_xasprintf("%s/amd64", dir);
	{
		char *r = acm_kmodconf_ksrc(ks);

		assert_string_equal(r, k);
		free(r);
	}
	put(dir, "amd64/Makefile", "include /nonexistent/Makefile\n");
	{
		char *r = acm_kmodconf_ksrc(ks);

		assert_string_equal(r, ks);  /* no such source tree: the build tree itself */
		free(r);
	}
	put(dir, "amd64/Makefile", "VERSION = 6\ninclude /x/Makefile\n");
	{
		char *r = acm_kmodconf_ksrc(ks);

		assert_string_equal(r, ks);  /* a whole tree's own Makefile */
		free(r);
	}
	free(ks);
	free(k);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_cases),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_valid_name_and_norm),
		cmocka_unit_test(test_find_tree),
		cmocka_unit_test(test_find_cases),
		cmocka_unit_test(test_dkms_conf),
		cmocka_unit_test(test_utsrelease),
		cmocka_unit_test(test_ktree_missing),
		cmocka_unit_test(test_spec),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_pkgmeta_fields),
		cmocka_unit_test(test_pkgmeta_epoch_and_date),
		cmocka_unit_test(test_pkgmeta_packager),
		cmocka_unit_test(test_fstree_walk),
		cmocka_unit_test(test_fstree_remove),
		cmocka_unit_test(test_fstree_copy),
		cmocka_unit_test(test_repo_check),
		cmocka_unit_test(test_pkgbuild_locate),
		cmocka_unit_test(test_kmodpack_name_version),
		cmocka_unit_test(test_ktree_resolve_all),
		cmocka_unit_test(test_pkgbuild_records),
		cmocka_unit_test(test_kmake_budget),
		cmocka_unit_test(test_kmodconf_rules),
		cmocka_unit_test(test_kmodconf_build_line),
		cmocka_unit_test(test_kmodconf_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

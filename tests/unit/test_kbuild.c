/* SPDX-License-Identifier: GPL-2.0-or-later */
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

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "kbuildcfg.h"
#include "kbuildsrc.h"
#include "kconfig.h"
#include "run.h"
#include "source.h"
#include "spectext.h"
#include "unitfs.h"
#include <sys/stat.h>
#include <unistd.h>
#include "kspec.h"
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
	/* the package name and --release rules: valid_cases in test_mx2g.c */
}

static struct acm_kspec sample(const char *name)
{
	struct acm_kspec s = { 0 };

	s.pkg = (struct acm_pkgmeta_head){ .name = name, .version = "6.1.192", .release = "3.acm",
		.source0 = "linux-source-6.1.tar.xz", .setup_dir = "linux-source-6.1",
		.origin = "/usr/src/linux-source-6.1.tar.xz", .packager = "T <t at example.org>",
		.date = "Tue Nov 24 2026" };
	s.kextra = "";
	s.rpm_arch = "x86_64";
	s.config_source = "c.config";
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

/* A list of n strings that must be exactly {a, b}; freed after. */
static void two_and_free(char **l, size_t n, const char *a, const char *b)
{
	assert_int_equal(n, 2);
	assert_string_equal(l[0], a);
	assert_string_equal(l[1], b);
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

static void wrote_lines(void **state)
{
	size_t n;
	char **l = acm_rpmbuild_parse_wrote("  CC foo.o\nWrote: /t/SRPMS/k-1-1.src.rpm\n"
					    "Wrote: /t/RPMS/x86_64/k-1-1.x86_64.rpm\r\n"
					    "Wrote: not a package\n  Wrote: /indented.rpm\n", &n);

	(void)state;
	assert_null(l[2]);
	two_and_free(l, n, "/t/SRPMS/k-1-1.src.rpm", "/t/RPMS/x86_64/k-1-1.x86_64.rpm");
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
	two_and_free(l, n, "repodata/abc-primary.xml.gz", "repodata/def-filelists.xml.gz");
}

/* --config and --fragment are read and parsed before anything slow: a
 * directory or a missing file is 66, a file that is not a .config 65. */
static void config_inputs_checked_first(void **state)
{
	char dir[] = "/tmp/acm-kcfg.XXXXXX", *good, *bad, *frag, *o;
	struct acm_kbuildcfg cfg;
	const char *frags[3] = { NULL, NULL, NULL };

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "good.config", "# comment\nCONFIG_MODULES=y\n# CONFIG_FOO is not set\n");
	put(dir, "bad.config", "\x7f" "ELF binary junk\n");
	put(dir, "f.frag", "CONFIG_CRC7=m\n");
	good = acm_xasprintf("%s/good.config", dir);
	bad = acm_xasprintf("%s/bad.config", dir);
	frag = acm_xasprintf("%s/f.frag", dir);
	assert_int_equal(acm_kbuildcfg_load(&cfg, dir, NULL, NULL), ACM_EX_NOINPUT);
	acm_kbuildcfg_free(&cfg);
	assert_int_equal(acm_kbuildcfg_load(&cfg, "/nonexistent/.config", NULL, NULL), ACM_EX_NOINPUT);
	acm_kbuildcfg_free(&cfg);
	assert_int_equal(acm_kbuildcfg_load(&cfg, bad, NULL, NULL), ACM_EX_DATAERR);
	acm_kbuildcfg_free(&cfg);
	frags[0] = bad;
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "tinyconfig", frags), ACM_EX_DATAERR);
	acm_kbuildcfg_free(&cfg);
	frags[0] = dir;
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "tinyconfig", frags), ACM_EX_NOINPUT);
	acm_kbuildcfg_free(&cfg);
	frags[0] = frag;
	frags[1] = frag;
	assert_int_equal(acm_kbuildcfg_load(&cfg, good, NULL, frags), 0);
	assert_int_equal(cfg.nfrag, 2);
	assert_string_equal(acm_kconfig_get(&cfg.frags[0], "CONFIG_CRC7"), "m");
	o = acm_kbuildcfg_origin(&cfg);
	assert_string_equal(o, "the configuration good.config and 2 fragments");
	free(o);
	acm_kbuildcfg_free(&cfg);
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, NULL, NULL), 0);
	o = acm_kbuildcfg_origin(&cfg);
	assert_string_equal(o, "make defconfig");
	free(o);
	acm_kbuildcfg_free(&cfg);
	free(good);
	free(bad);
	free(frag);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* A stand-in kernel tree whose make targets behave like kconfig's: the
 * fragment is merged, LOCALVERSION cleared, and a value olddefconfig drops
 * is an error (65). */
static const char standin_makefile[] =
	"VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 5\nEXTRAVERSION =\n"
	"tinyconfig:\n\tprintf 'CONFIG_MODULES=y\\nCONFIG_LOCALVERSION=\"-x\"\\n' >.config\n"
	"finalconfig:\n\tprintf 'CONFIG_MODULES=y\\nCONFIG_LOCALVERSION=\"\"\\n"
	"# CONFIG_LOCALVERSION_AUTO is not set\\n' >.config\n"
	"olddefconfig:\n\tgrep -v CONFIG_DROPPED .config >.config.new; mv .config.new .config\n"
	"\techo pass >>passes\n"
	"mrproper:\n\trm -f .config passes\n";

/* Kconfig "config"/"menuconfig" lines define symbols; other words, help text
 * that does not start a line with them, and the CONFIG_ prefix do not. */
static void fragment_symbols_against_kconfig(void **state)
{
	char dir[] = "/tmp/acm-ksym.XXXXXX", *frag;
	struct acm_kbuildcfg cfg;
	struct acm_kbuildcfg_syms syms;
	const char *frags[2] = { NULL, NULL };

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "f.frag", "CONFIG_MODULES=y\n# CONFIG_NET is not set\nCONFIG_64BIT=y\n"
			   "CONFIG_MODULES_X=y\n");
	frag = acm_xasprintf("%s/f.frag", dir);
	frags[0] = frag;
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "tinyconfig", frags), 0);
	acm_kbuildcfg_syms_init(&syms, &cfg);
	assert_int_equal(syms.nwant, 4);
	assert_false(acm_kbuildcfg_syms_scan(&syms, "config MODULES\n\tbool \"m\"\n"
						   "menuconfig\tNET\n\thelp\n\t  Say config 64BIT.\n"
						   "configure MODULES_X\nconfig CONFIG_64BIT\n"));
	assert_int_equal(syms.nfound, 2);
	assert_int_equal(acm_kbuildcfg_syms_report(&cfg, &syms, "src"), ACM_EX_DATAERR);
	assert_false(acm_kbuildcfg_syms_scan(&syms, "  config 64BIT"));
	assert_true(acm_kbuildcfg_syms_scan(&syms, "config MODULES_X # no newline at the end"));
	assert_int_equal(acm_kbuildcfg_syms_report(&cfg, &syms, "src"), 0);
	acm_kbuildcfg_syms_free(&syms);
	acm_kbuildcfg_free(&cfg);
	assert_true(acm_kbuildcfg_is_kconfig_file("Kconfig"));
	assert_true(acm_kbuildcfg_is_kconfig_file("arch/x86/Kconfig.cpu"));
	assert_false(acm_kbuildcfg_is_kconfig_file("arch/x86/Kconfig-x"));
	assert_false(acm_kbuildcfg_is_kconfig_file("Documentation/Kconfig.txt/x"));
	assert_int_equal(acm_fstree_remove(dir), 0);
	free(frag);
}

static void config_made_in_a_standin_tree(void **state)
{
	char dir[] = "/tmp/acm-kmake.XXXXXX", *tree, *frag, *log, *text = NULL;
	struct acm_kbuildcfg cfg;
	struct acm_kbuildcfg_make mk = { 0 };
	const char *frags[2] = { NULL, NULL };

	(void)state;
	if (!acm_have_program("make"))
		skip();
	assert_non_null(mkdtemp(dir));
	tree = acm_xasprintf("%s/linux", dir);
	put(dir, "linux/Makefile", standin_makefile);
	put(dir, "f.frag", "CONFIG_CRC7=m\n");
	put(dir, "drop.frag", "CONFIG_DROPPED=y\n");
	log = acm_xasprintf("%s/config.log", dir);
	mk.tree = tree;
	mk.karch = "x86_64";
	mk.extraversion = "-1.x86_64";
	mk.log = log;
	mk.jobs = 1;
	frag = acm_xasprintf("%s/f.frag", dir);
	frags[0] = frag;
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "tinyconfig", frags), 0);
	assert_int_equal(acm_kbuildcfg_make(&cfg, &mk), 0);
	acm_kbuildcfg_free(&cfg);
	free(text);
	text = acm_xasprintf("%s/.config", tree);
	{
		char *c = NULL;

		assert_int_equal(acm_read_file(text, &c, NULL, 0), 0);
		assert_non_null(strstr(c, "CONFIG_MODULES=y\n"));
		assert_non_null(strstr(c, "CONFIG_CRC7=m\n"));
		assert_non_null(strstr(c, "CONFIG_LOCALVERSION=\"\"\n"));
		assert_null(strstr(c, "-x"));
		free(c);
	}
	free(frag);
	frag = acm_xasprintf("%s/drop.frag", dir);
	frags[0] = frag;
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "tinyconfig", frags), 0);
	assert_int_equal(acm_kbuildcfg_make(&cfg, &mk), ACM_EX_DATAERR);
	acm_kbuildcfg_free(&cfg);
	/* a fragment changed the kernel's configuration: olddefconfig ran on it */
	{
		char *p = acm_xasprintf("%s/passes", tree);

		assert_true(acm_exists(p));
		free(p);
	}
	/* nothing to merge and LOCALVERSION already clear: no second pass */
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "finalconfig", NULL), 0);
	assert_int_equal(acm_kbuildcfg_make(&cfg, &mk), 0);
	acm_kbuildcfg_free(&cfg);
	{
		char *p = acm_xasprintf("%s/passes", tree);

		assert_false(acm_exists(p));
		free(p);
	}
	/* an unknown target: the kernel's make fails, 65 */
	assert_int_equal(acm_kbuildcfg_load(&cfg, NULL, "nosuchconfig", NULL), 0);
	assert_int_equal(acm_kbuildcfg_make(&cfg, &mk), ACM_EX_DATAERR);
	acm_kbuildcfg_free(&cfg);
	free(text);
	free(frag);
	free(log);
	free(tree);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

/* Source0 and %setup of linux-6.1.5, whether from the tree or its tarball. */
static void names_are_linux_615(struct acm_source *src, const char *path)
{
	char *s0 = NULL, *sd = NULL;

	assert_int_equal(acm_kbuildsrc_names(acm_source_info(src), path, &s0, &sd), 0);
	assert_string_equal(s0, "linux-6.1.5.tar.gz");
	assert_string_equal(sd, "linux-6.1.5");
	free(s0);
	free(sd);
}

static const char *const kconfig_inputs[] = {
	"linux-6.1.5/Kconfig", "linux-6.1.5/init/Kconfig", "linux-6.1.5/lib/Kconfig.debug",
	"linux-6.1.5/arch/x86/Makefile", "linux-6.1.5/arch/x86/Makefile_32.cpu",
	"linux-6.1.5/scripts/kconfig/conf.c", "linux-6.1.5/scripts/cc-version.sh",
	"linux-6.1.5/kernel/configs/tiny.config", "linux-6.1.5/arch/x86/configs/x86_64_defconfig",
	"linux-6.1.5/drivers/net/Makefile", "linux-6.1.5/fs/Kbuild",
};
static const char *const build_only[] = {
	"linux-6.1.5/kernel/sched/core.c", "linux-6.1.5/include/linux/sched.h",
	"linux-6.1.5/drivers/net/dummy.c", "linux-6.1.5/arch/x86/kernel/setup.c",
	"linux-6.1.5/tools/objtool/check.c", "linux-6.1.5/Documentation/admin-guide/README.rst",
};

/* TREE/PATH with PATH's top directory dropped exists */
static bool unpacked(const char *tree, const char *path)
{
	char *p = acm_xasprintf("%s/%s", tree, strchr(path, '/') + 1);
	bool there = acm_exists(p);

	free(p);
	return there;
}

/* Source0 and %setup names; the version read in place from a directory;
 * a tarball is unpacked whole (rpmbuild builds in that tree), and the copy is
 * reused while the tarball is the same, with its top Makefile put back (the
 * spec's %prep rewrites EXTRAVERSION in it). */
static void source_names_version_and_unpack_cache(void **state)
{
	char dir[] = "/tmp/acm-ksrc.XXXXXX", *tree, *tgz, *work, *t1 = NULL, *t2 = NULL;
	struct acm_source *src = NULL;
	struct acm_kmakefile mk;
	bool keep = false;

	(void)state;
	assert_true(acm_spectext_is_word("linux-6.1.5.tar.gz"));
	assert_false(acm_spectext_is_word("a b"));
	assert_false(acm_spectext_is_word("x%{y}"));
	assert_false(acm_spectext_is_word(""));
	assert_non_null(mkdtemp(dir));
	put(dir, "linux-6.1.5/Makefile", standin_makefile);
	put(dir, "linux-6.1.5/COPYING", "GPL-2.0\n");
	/* what kconfig reads, and what it does not */
	for (size_t i = 0; i < sizeof kconfig_inputs / sizeof kconfig_inputs[0]; i++)
		put(dir, kconfig_inputs[i], "x\n");
	for (size_t i = 0; i < sizeof build_only / sizeof build_only[0]; i++)
		put(dir, build_only[i], "x\n");
	tree = acm_xasprintf("%s/linux-6.1.5", dir);
	assert_int_equal(acm_source_open(&src, tree, NULL), 0);
	assert_int_equal(acm_kbuildsrc_version(src, tree, NULL, &mk), 0);
	assert_string_equal(mk.sublevel, "5");
	assert_null(acm_kbuildsrc_identity(acm_source_info(src), tree)); /* a directory: never cached */
	names_are_linux_615(src, tree);
	acm_source_close(src);
	src = NULL;

	tgz = acm_xasprintf("%s/linux-6.1.5.tar.gz", dir);
	{
		const char *argv[] = { "tar", "-C", dir, "-czf", tgz, "linux-6.1.5", NULL };

		assert_int_equal(acm_run_capture(argv, NULL), 0);
	}
	work = acm_xasprintf("%s/work", dir);
	assert_int_equal(acm_mkdir_p(work, 0755), 0);
	assert_int_equal(acm_source_open(&src, tgz, NULL), 0);
	assert_int_equal(acm_kbuildsrc_unpack(src, tgz, work, NULL, &t1, &keep), 0);
	assert_true(keep);
	assert_int_equal(acm_kbuildsrc_tree_version(t1, tgz, &mk), 0);
	assert_true(acm_kbuildsrc_unpacks_whole(acm_source_info(src)));
	/* the whole tree: kconfig's inputs and what only the build reads */
	for (size_t i = 0; i < sizeof kconfig_inputs / sizeof kconfig_inputs[0]; i++)
		assert_true(unpacked(t1, kconfig_inputs[i]));
	for (size_t i = 0; i < sizeof build_only / sizeof build_only[0]; i++)
		assert_true(unpacked(t1, build_only[i]));
	names_are_linux_615(src, tgz);
	acm_source_close(src);
	src = NULL;
	put(t1, "marker", "from the first run");
	put(t1, "Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 5\nEXTRAVERSION = -1.x86_64\n");
	assert_int_equal(acm_source_open(&src, tgz, NULL), 0);
	assert_int_equal(acm_kbuildsrc_unpack(src, tgz, work, NULL, &t2, &keep), 0);
	assert_string_equal(t1, t2);
	{
		char *m = acm_xasprintf("%s/marker", t2);

		assert_true(acm_exists(m)); /* reused, not unpacked again */
		free(m);
	}
	assert_int_equal(acm_kbuildsrc_tree_version(t2, tgz, &mk), 0);
	assert_string_equal(mk.extraversion, ""); /* the tarball's Makefile, not %prep's */
	acm_source_close(src);
	free(t1);
	free(t2);
	free(tgz);
	free(work);
	free(tree);
	assert_int_equal(acm_fstree_remove(dir), 0);
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
		cmocka_unit_test(config_inputs_checked_first),
		cmocka_unit_test(fragment_symbols_against_kconfig),
		cmocka_unit_test(config_made_in_a_standin_tree),
		cmocka_unit_test(source_names_version_and_unpack_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

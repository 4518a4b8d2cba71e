/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_configfacts.c - BuildRequires from what the trial's configure
 * found: excerpts shaped like real config.log, CMakeCache.txt and
 * meson-log.txt files (written here), the merge into the static reading's
 * lists, and the logs as hostile input (names that are not names, links,
 * over-long lines, a doctored trial cache entry). */
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
#include "configfacts.h"
#include "specbuildreq.h"
#include "specdetect.h"
#include "specwrite.h"
#include "trialcache.h"
#include "unitfs.h"
#include "unittmp.h"

static void expect_list(const struct acm_strlist *l, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	if (l->n != n)
		for (size_t i = 0; i < l->n; i++)
			print_message("got: %s\n", l->v[i]);
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		if (!acm_strlist_has(l, want[i]))
			fail_msg("missing %s", want[i]);
}

/* autoconf: a pkg-config check that succeeded and one that failed, the
 * output variables, confdefs; a failed test program's lines are not facts */
static const char config_log[] =
	"This file contains any messages produced by compilers while\n"
	"running configure, to aid debugging if configure makes a mistake.\n\n"
	"configure:4242: checking for LIBEVENT\n"
	"configure:4249: $PKG_CONFIG --exists --print-errors \"libevent >= 2.0, libevent_pthreads\"\n"
	"configure:4252: $? = 0\n"
	"configure:4300: checking for GNUTLS\n"
	"configure:4307: $PKG_CONFIG --exists --print-errors \"gnutls >= 3.6\"\n"
	"Package gnutls was not found in the pkg-config search path.\n"
	"configure:4310: $? = 1\n"
	"configure:5001: checking for deflate in -lz\n"
	"configure:5020: gcc -o conftest -g -O2   conftest.c -lz  >&5\n"
	"configure:5020: $? = 0\n"
	"configure:5100: checking for BZ2_bzopen in -lbz2\n"
	"configure: failed program was:\n"
	"| #define HAVE_LIBLZMA 1\n"
	"| int main(void) { return 0; }\n\n"
	"## ----------------- ##\n## Output variables. ##\n## ----------------- ##\n\n"
	"CC='gcc'\n"
	"LIBEVENT_LIBS='-levent -levent_pthreads'\n"
	"LIBS='-lz -lpthread -lm'\n"
	"LTLIBS='-lgmp'\n"
	"OPENSSL_LIBS='-L/opt/ssl/lib -lssl -lcrypto'\n"
	"READLINE_LIBS=''\n"
	"LIB_ACL='-lacl'\n"
	"LIB_CLOCK_GETTIME='-lrt'\n"
	"LIB_HAS_ACL=''\n"
	"LIB_selinux='-lselinux'\n"
	"LIBX='-lgmp'\n\n"
	"## ----------- ##\n## confdefs.h. ##\n## ----------- ##\n\n"
	"#define PACKAGE_NAME \"foo\"\n"
	"#define HAVE_STDIO_H 1\n"
	"#define HAVE_LIBUNISTRING 1\n"
	"#define HAVE_UUID_UUID_H 1\n"
	"#define HAVE_LIBCAP 0\n\n"
	"configure: exit 0\n";

static void autoconf_log(void **state)
{
	(void)state;
	struct acm_strlist r = { 0 };
	acm_configfacts_autoconf(config_log, strlen(config_log), &r);
	/* libevent both from pkg-config and from -levent: once */
	const char *want[] = { "pkgconfig(libevent)", "pkgconfig(libevent_pthreads)", "pkgconfig(zlib)",
			       "pkgconfig(openssl)", "pkgconfig(libacl)", "libunistring-devel", "pkgconfig(uuid)", NULL };
	expect_list(&r, want);
	assert_false(acm_strlist_has(&r, "pkgconfig(gnutls)"));    /* $? = 1 */
	assert_false(acm_strlist_has(&r, "pkgconfig(liblzma)"));   /* a failed program's line */
	assert_false(acm_strlist_has(&r, "gmp-devel"));            /* LTLIBS, LIBX are no link lines */
	assert_false(acm_strlist_has(&r, "pkgconfig(libselinux)")); /* LIB_ names are upper case */
	acm_strlist_free(&r);
}

static const char cmake_cache[] =
	"# This is the CMakeCache file.\n"
	"//Path to a library.\n"
	"ZLIB_LIBRARY_RELEASE:FILEPATH=/usr/lib/x86_64-linux-gnu/libz.so\n"
	"BZIP2_LIBRARY_RELEASE:FILEPATH=BZIP2_LIBRARY_RELEASE-NOTFOUND\n"
	"CURL_LIBRARY:FILEPATH=/usr/lib/x86_64-linux-gnu/libcurl.so.4\n"
	"ZLIB_INCLUDE_DIR:PATH=/usr/include\n"
	"pkgcfg_lib_PC_LIBXML_xml2:FILEPATH=/usr/lib/x86_64-linux-gnu/libxml2.so\n"
	"pkgcfg_lib_PC_YAML_yaml:FILEPATH=pkgcfg_lib_PC_YAML_yaml-NOTFOUND\n"
	"CMAKE_BUILD_TYPE:STRING=RelWithDebInfo\n"
	"########################\n# INTERNAL cache entries\n########################\n"
	"//Details about finding OpenSSL\n"
	"FIND_PACKAGE_MESSAGE_DETAILS_OpenSSL:INTERNAL=[/usr/lib/x86_64-linux-gnu/libcrypto.so][/usr/include][v3.0.11()]\n"
	"FIND_PACKAGE_MESSAGE_DETAILS_Threads:INTERNAL=[TRUE][v()]\n"
	"__pkg_config_arguments_PC_LIBXML:INTERNAL=QUIET;libxml-2.0>=2.9\n"
	"__pkg_config_arguments_PC_YAML:INTERNAL=QUIET;yaml-0.1\n";

static void cmake_log(void **state)
{
	(void)state;
	struct acm_strlist r = { 0 };
	acm_configfacts_cmake(cmake_cache, strlen(cmake_cache), &r);
	const char *want[] = { "pkgconfig(zlib)", "pkgconfig(libcurl)", "pkgconfig(libxml-2.0)",
			       "pkgconfig(openssl)", NULL };
	expect_list(&r, want);   /* not bzip2 nor yaml (NOTFOUND), not Threads (the C library) */
	acm_strlist_free(&r);
}

static const char meson_log[] =
	"Build started at 2026-12-01T19:00:00\n"
	"Project name: foo\n"
	"Pkg-config binary for host machine is not cached.\n"
	"Determining dependency 'glib-2.0' with pkg-config executable '/usr/bin/pkg-config'\n"
	"env[PKG_CONFIG_PATH]: \n"
	"Called: `/usr/bin/pkg-config --modversion glib-2.0` -> 0\n"
	"stdout:\n2.74.6\n"
	"Run-time dependency glib-2.0 found: YES 2.74.6\n"
	"Called: `/usr/bin/pkg-config --modversion libsystemd` -> 1\n"
	"Run-time dependency libsystemd found: NO (tried pkgconfig and cmake)\n"
	"Run-time dependency threads found: YES\n"
	"Library m found: YES\n"
	"Library pcap found: YES\n"
	"Has header \"sys/capability.h\" : YES \n"
	"Has header \"selinux/selinux.h\" : NO\n"
	"Has header \"libaio.h\" : YES (cached)\n"
	"Dependency gtest found: YES 1.12.1 (building self)\n"
	"Run-time dependency boost found: YES 1.74.0\n";

static void meson_logs(void **state)
{
	(void)state;
	struct acm_strlist r = { 0 };
	acm_configfacts_meson(meson_log, strlen(meson_log), &r);
	/* not libsystemd (-> 1, NO), gtest (a subproject), threads and m (the C library) */
	const char *want[] = { "pkgconfig(glib-2.0)", "pkgconfig(libpcap)", "pkgconfig(libcap)", "libaio-devel",
			       "boost-devel", NULL };
	expect_list(&r, want);
	acm_strlist_free(&r);
}

/* names that are no names, a line over the cap: nothing taken */
static void hostile_logs(void **state)
{
	(void)state;
	struct acm_strlist r = { 0 };
	const char *ac = "configure:1: $PKG_CONFIG --exists --print-errors \"foo$(touch /tmp/x) `id`\"\n"
			 "configure:2: $? = 0\n"
			 "LIBS='-lz;rm -l%{__rm}'\n"
			 "#define HAVE_LIBZ 1; rm -rf /\n";
	acm_configfacts_autoconf(ac, strlen(ac), &r);
	const char *only_z[] = { NULL };
	expect_list(&r, only_z);
	const char *cm = "FIND_PACKAGE_MESSAGE_DETAILS_Open%{SSL}:INTERNAL=[x]\n"
			 "pkgcfg_lib_P_x$(id):FILEPATH=/usr/lib/libx.so\n"
			 "__pkg_config_arguments_P:INTERNAL=foo)%(id)\n";
	acm_configfacts_cmake(cm, strlen(cm), &r);
	expect_list(&r, only_z);
	const char *ms = "Called: `/usr/bin/pkg-config --modversion a%b` -> 0\nRun-time dependency a%b found: YES\n";
	acm_configfacts_meson(ms, strlen(ms), &r);
	expect_list(&r, only_z);
	/* a NUL inside a name (fuzz_configfacts): no name, not the part before it */
	assert_false(acm_specbuildreq_name_ok("a\0b", 3));
	assert_true(acm_specbuildreq_name_ok("a.b+c_d-e", 9));
	static const char nul_ac[] = "LIBS='-lssl\0x'\n#define HAVE_LIBZ\0 1\n";
	acm_configfacts_autoconf(nul_ac, sizeof nul_ac - 1, &r);
	static const char nul_cm[] = "FIND_PACKAGE_MESSAGE_DETAILS_ZLIB\0x:INTERNAL=[x]\n";
	acm_configfacts_cmake(nul_cm, sizeof nul_cm - 1, &r);
	static const char nul_ms[] = "Library z\0x found: YES\n";
	acm_configfacts_meson(nul_ms, sizeof nul_ms - 1, &r);
	expect_list(&r, only_z);
	/* a library path cut at the end of the log: nothing read past it (the
	 * text is not NUL-terminated; ASan in the sanitizer build sees it) */
	static const char *const cuts[] = { "Z_LIBRARY:FILEPATH=/usr/lib/libz.s", "Z_LIBRARY:FILEPATH=/usr/lib/libz.",
					    "Z_LIBRARY:FILEPATH=/usr/lib/libz.so" };   /* the last is a library */
	for (size_t i = 0; i < 3; i++) {
		char *exact = malloc(strlen(cuts[i]));
		assert_non_null(exact);
		memcpy(exact, cuts[i], strlen(cuts[i]));
		acm_configfacts_cmake(exact, strlen(cuts[i]), &r);
		free(exact);
	}
	const char *z[] = { "pkgconfig(zlib)", NULL };
	expect_list(&r, z);
	acm_strlist_free(&r);
	/* a real fact on an over-long line is not read */
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_adds(&b, "LIBS='-lz");
	for (int i = 0; i < ACM_CONFIGFACTS_MAX_LINE; i++)
		acm_buf_adds(&b, " ");
	acm_buf_adds(&b, "'\n");
	acm_configfacts_autoconf(b.data, b.len, &r);
	expect_list(&r, only_z);
	/* at most ACM_CONFIGFACTS_MAX_REQS results */
	acm_buf_free(&b);
	for (int i = 0; i < 200; i++)
		acm_buf_addf(&b, "configure:1: $PKG_CONFIG --exists --print-errors \"m%d\"\nconfigure:2: $? = 0\n", i);
	acm_configfacts_autoconf(b.data, b.len, &r);
	assert_int_equal(r.n, ACM_CONFIGFACTS_MAX_REQS);
	acm_buf_free(&b);
	acm_strlist_free(&r);
}

/* the trial's BUILD tree: logs where rpmbuild leaves them; links not followed */
static void read_tree(void **state)
{
	(void)state;
	const char *root = tmpdir;
	put(root, "BUILD/foo-1.0/redhat-linux-build/meson-logs/meson-log.txt", "Library pcap found: YES\n");
	/* planted links: their targets' facts must not be read */
	put(root, "outside/config.log", "LIBS='-lz'\n");
	put(root, "BUILD/bar-1.0/README", "x\n");
	char *p = acm_xasprintf("%s/outside/config.log", root), *link = acm_xasprintf("%s/BUILD/bar-1.0/config.log", root);
	assert_int_equal(symlink(p, link), 0);
	free(link);
	free(p);
	p = acm_xasprintf("%s/outside", root);
	link = acm_xasprintf("%s/BUILD/bar-1.0/sub", root);
	assert_int_equal(symlink(p, link), 0);
	free(link);
	free(p);
	struct acm_strlist r = { 0 };
	p = acm_xasprintf("%s/BUILD", root);
	acm_configfacts_read(p, &r);
	free(p);
	const char *want[] = { "pkgconfig(libpcap)", NULL };
	expect_list(&r, want);
	acm_strlist_free(&r);

	/* five levels of entries at most, never into .git; a meson log only in meson-logs/ */
	put(root, "deep/a/b/c/d/config.log", "LIBS='-lz'\n");               /* level 5: read */
	put(root, "deep/a/b/c/d/e/CMakeCache.txt", "CURSES_LIBRARY:FILEPATH=/usr/lib/libncurses.so\n");
	put(root, "deep/.git/config.log", "LIBS='-lm -lpcap'\n");
	put(root, "deep/a/meson-log.txt", "Library pcap found: YES\n");
	p = acm_xasprintf("%s/deep", root);
	acm_configfacts_read(p, &r);
	free(p);
	const char *deep[] = { "pkgconfig(zlib)", NULL };
	expect_list(&r, deep);
	acm_strlist_free(&r);
}

/* into the static reading's lists: what it named stays as it is */
static void merge(void **state)
{
	(void)state;
	struct acm_detect d;
	memset(&d, 0, sizeof d);
	acm_strlist_add(&d.pkgconfig, "pkgconfig(zlib) >= 1.2");
	acm_strlist_add(&d.buildreq, "gmp-devel");
	acm_strlist_add(&d.pc_provided, "foo");
	struct acm_strlist r = { 0 };
	const char *in[] = { "pkgconfig(zlib)", "gmp-devel", "pkgconfig(foo)", "pkgconfig(libpcap)", "readline-devel", NULL };
	for (int i = 0; in[i]; i++)
		acm_strlist_add(&r, in[i]);
	acm_configfacts_merge(&d, &r);
	const char *pc[] = { "pkgconfig(zlib) >= 1.2", "pkgconfig(libpcap)", NULL };
	expect_list(&d.pkgconfig, pc);
	const char *br[] = { "gmp-devel", "readline-devel", NULL };
	expect_list(&d.buildreq, br);
	acm_strlist_free(&r);
	acm_detect_free(&d);
}

/* a cached trial result is read back as untrusted: a BuildRequires the
 * table cannot give makes the entry void */
static void cache_entry(void **state)
{
	(void)state;
	const char *root = tmpdir;
	setenv("XDG_CACHE_HOME", root, 1);
	struct acm_install_list l = { 0 };
	struct acm_installed v[] = { { (char *)"/usr/bin/foo", 'f' } };
	l.v = v;
	l.n = 1;
	acm_strlist_add(&l.found, "pkgconfig(libpcap)");
	acm_strlist_add(&l.found, "readline-devel");
	const char *key = "0000000000000000000000000000000000000000000000000000000000000000";
	acm_trialcache_store(key, &l);
	acm_strlist_free(&l.found);
	struct acm_install_list back = { 0 };
	assert_int_equal(acm_trialcache_load(key, &back), 0);
	assert_int_equal(back.n, 1);
	const char *want[] = { "pkgconfig(libpcap)", "readline-devel", NULL };
	expect_list(&back.found, want);
	acm_install_list_free(&back);
	/* doctored: a BuildRequires no table row gives */
	char *path = acm_xasprintf("acmtools/specgen-trial/%s", key);
	char *bad = acm_xasprintf("acmtools-trial-cache 2 %s\n2\nf 12 /usr/bin/foo\nr 14 bash%%(id)-devel\nend\n", key);
	put(root, path, bad);
	free(bad);
	assert_int_equal(acm_trialcache_load(key, &back), 1);
	assert_int_equal(back.n, 0);
	assert_int_equal(back.found.n, 0);
	acm_install_list_free(&back);
	free(path);
	unsetenv("XDG_CACHE_HOME");
	/* the table's own check */
	assert_true(acm_specbuildreq_valid("gmp-devel"));
	assert_true(acm_specbuildreq_valid("pkgconfig(glib-2.0)"));
	assert_false(acm_specbuildreq_valid("pkgconfig(a b)"));
	assert_false(acm_specbuildreq_valid("bash"));
	assert_string_equal(acm_specbuildreq_lookup_define("HAVE_LIBZ"), "pkgconfig(zlib)");
	assert_string_equal(acm_specbuildreq_lookup_define("HAVE_OPENSSL_SSL_H"), "pkgconfig(openssl)");
	assert_null(acm_specbuildreq_lookup_define("HAVE_LIBM"));
	assert_null(acm_specbuildreq_lookup_define("HAVE_STDIO_H"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(autoconf_log),
		cmocka_unit_test(cmake_log),
		cmocka_unit_test(meson_logs),
		cmocka_unit_test(hostile_logs),
		TMP_TEST(read_tree),
		cmocka_unit_test(merge),
		TMP_TEST(cache_entry),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_dkmsconf.c - a shipped dkms.conf read without running it: the
 * shell syntax real files use, what is refused (and named by line), what
 * is ignored with a warning, and the make line split into argv for one
 * kernel. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dkmscmd.h"
#include "dkmsconf.h"

static const struct acm_dkmscmd_env env = { "6.1.0-57-amd64", "/usr/src/kh", "BUILD" };

static void parse_ok(const char *text, struct acm_dkmsconf *c)
{
	int rc = acm_dkmsconf_parse(text, strlen(text), c);

	if (rc)
		fail_msg("parse failed: %s", c->error);
}

/* Split value; the words joined by '|', commands by " ; ". */
static char *split(const struct acm_dkmsconf *c, const char *value)
{
	struct acm_dkmscmd *cmds;
	size_t n;
	char *why = NULL, *res;
	size_t len = 1;

	if (acm_dkmscmd_split(c, value, &env, &cmds, &n, &why))
		return why;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < cmds[i].argc; k++)
			len += strlen(cmds[i].argv[k]) + 4;
	res = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(res, " ; ");
		for (size_t k = 0; k < cmds[i].argc; k++) {
			if (k)
				strcat(res, "|");
			strcat(res, cmds[i].argv[k]);
		}
	}
	acm_dkmscmd_free(cmds, n);
	return res;
}

static void expect_split(const struct acm_dkmsconf *c, const char *value, const char *want)
{
	char *got = split(c, value);

	assert_string_equal(got, want);
	free(got);
}

/* C's modules as "NAME@LOCATION", joined by ' ', compared with WANT. */
static void expect_mods(const struct acm_dkmsconf *c, const char *want)
{
	size_t len = 1;
	char *got;

	for (size_t i = 0; i < c->nmods; i++)
		len += strlen(c->mods[i].name) + strlen(c->mods[i].location) + 2;
	got = calloc(1, len);
	for (size_t i = 0; i < c->nmods; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, c->mods[i].name);
		strcat(got, "@");
		strcat(got, c->mods[i].location);
	}
	assert_string_equal(got, want);
	free(got);
}

/* The shapes of real files: tp-smapi's, xtables-addons', a Debian one. */
static void test_real_shapes(void **state)
{
	struct acm_dkmsconf c;

	(void)state;
	parse_ok("# dkms.conf for tp_smapi\n"
		 "PACKAGE_NAME=\"tp_smapi\"\n"
		 "PACKAGE_VERSION='0.43'\n"
		 "MAKE[0]=\"make -C ${kernel_source_dir} \\\n"
		 "   M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build HDAPS=1 KVER=$kernelver\"\n"
		 "CLEAN=\"make clean\"\n"
		 "BUILT_MODULE_NAME[0]=\"thinkpad_ec\"   # the EC\n"
		 "BUILT_MODULE_NAME[1]=tp_smapi; BUILT_MODULE_NAME[2]=hdaps\n"
		 "DEST_MODULE_LOCATION[0]=\"/kernel/drivers/platform/x86\"\n"
		 "DEST_MODULE_LOCATION[1]=/extra DEST_MODULE_LOCATION[2]=\"/updates/dkms\"\n"
		 "BUILT_MODULE_LOCATION[2]=src/\n"
		 "AUTOINSTALL=yes\n", &c);
	assert_string_equal(c.package_name, "tp_smapi");
	assert_string_equal(c.package_version, "0.43");
	expect_mods(&c, "thinkpad_ec@ tp_smapi@ hdaps@src/");
	assert_string_equal(c.mods[0].dest, "/kernel/drivers/platform/x86");
	assert_string_equal(c.clean, "make clean");
	assert_int_equal(c.nwarnings, 0);
	expect_split(&c, c.make, "make|-C|/usr/src/kh|M=BUILD|HDAPS=1|KVER=6.1.0-57-amd64");
	acm_dkmsconf_free(&c);

	/* an array, $module, a source_tree path, && between two makes */
	parse_ok("PACKAGE_NAME=xtables-addons\nPACKAGE_VERSION=3.23\n"
		 "BUILT_MODULE_NAME=(xt_ACCOUNT xt_CHAOS\n  compat_xtables)\n"
		 "BUILT_MODULE_LOCATION=(extensions/ACCOUNT extensions extensions)\n"
		 "MAKE[0]='make -C \"$kernel_source_dir\" M=$source_tree/$module-$module_version/extensions "
		 "XA_ABSTOPSRCDIR=$dkms_tree/$module/$module_version/build modules && make -C x'\n", &c);
	expect_mods(&c, "xt_ACCOUNT@extensions/ACCOUNT xt_CHAOS@extensions compat_xtables@extensions");
	assert_null(c.mods[2].dest);
	expect_split(&c, c.make, "make|-C|/usr/src/kh|M=BUILD/extensions|XA_ABSTOPSRCDIR=BUILD|modules"
		     " ; make|-C|x");
	acm_dkmsconf_free(&c);

	/* lttng-modules' counter, and a .config sourced in an if: ignored there */
	parse_ok("PACKAGE_NAME=\"lttng-modules\"\nPACKAGE_VERSION=\"2.13.9\"\ni=0\n"
		 "if [ -f $kernel_source_dir/.config ]; then\n    . $kernel_source_dir/.config\n"
		 "    KCONFIG=true\nfi\n"
		 "VERSION=$(echo $kernelver | sed -ne 's/x/y/p')\n"
		 "MAKE[$i]=\"make -C $kernel_source_dir M=$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build "
		 "modules CONFIG_LTTNG=m\"\n"
		 "BUILT_MODULE_NAME[$i]=\"lttng-lib-ring-buffer\"\nBUILT_MODULE_LOCATION[$i]=\"src/lib/\"\n"
		 "i=$((i+1))\nBUILT_MODULE_NAME[$i]=\"lttng-tracer\"\nBUILT_MODULE_LOCATION[i]=src/\n"
		 "i=$(($i + 1))\nBUILT_MODULE_NAME[i+0]=lttng-probe-sched\n", &c);
	expect_mods(&c, "lttng-lib-ring-buffer@src/lib/ lttng-tracer@src/ lttng-probe-sched@");
	expect_split(&c, c.make, "make|-C|/usr/src/kh|M=BUILD|modules|CONFIG_LTTNG=m");
	assert_int_equal(c.nwarnings, 1);  /* the if block: one note */
	assert_non_null(strstr(c.warnings[0], "line 4: shell code"));
	acm_dkmsconf_free(&c);
}

/* What only running the file could tell is refused where the build needs
 * it, naming the line; elsewhere ignored with a warning. */
static void test_refused(void **state)
{
	struct acm_dkmsconf c;
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "BUILT_MODULE_NAME[0]=a\nMAKE[0]=\"make -j$(nproc)\"\n", "line 2: $(...) runs a command" },
		{ "BUILT_MODULE_NAME[0]=`echo a`\n", "line 1: `...` runs a command" },
		{ "BUILT_MODULE_NAME[0]=a\nif [ -d x ]; then\n  BUILT_MODULE_NAME[1]=b\nfi\n",
		  "line 3: set inside an if" },
		{ "BUILT_MODULE_NAME[0]=a\nBUILT_MODULE_LOCATION[0]=${X:-src}\n", "line 2: a ${...} form" },
		{ "BUILT_MODULE_NAME[$i]=a\n", "line 1: an array index that is not a number" },
		{ "BUILT_MODULE_NAME[0]=a\nDEST_MODULE_LOCATION[0]=/kernel/$kernelver\n",
		  "depends on the kernel" },
		{ "BUILT_MODULE_NAME[0]=\"a\n", "line 1: a quote that never closes" },
		{ "BUILT_MODULE_NAME[0]=a\nPRE_BUILD=\"$UNSET/x\"\n", "uses $UNSET, which dkms.conf does not set" },
		{ "X=1\001\n", "line 1: a control character" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (acm_dkmsconf_parse(bad[i].text, strlen(bad[i].text), &c) != -1)
			fail_msg("case %zu: read without an error", i);
		if (!strstr(c.error, bad[i].want))
			fail_msg("case %zu: '%s' does not say '%s'", i, c.error, bad[i].want);
		acm_dkmsconf_free(&c);
	}
	/* NUL bytes: refused, never read past */
	assert_int_equal(acm_dkmsconf_parse("A=1\0B=2", 7, &c), -1);
	acm_dkmsconf_free(&c);

	/* unusable PACKAGE_VERSION and a command line: warnings, the rest read */
	parse_ok("PACKAGE_NAME=foo\nPACKAGE_VERSION=\"$(cat VERSION)\"\nrm -rf /tmp/x\n"
		 "BUILT_MODULE_NAME[0]=foo\n", &c);
	assert_null(c.package_version);
	assert_int_equal(c.nmods, 1);
	assert_int_equal(c.nwarnings, 2);
	assert_non_null(strstr(c.warnings[0], "line 3: shell code"));
	assert_non_null(strstr(c.warnings[1], "PACKAGE_VERSION is not static"));
	acm_dkmsconf_free(&c);
}

/* A command value runs as argv: quotes, escapes, variables from the file;
 * pipes, redirections, || and dkms trees other than the build copy refused. */
static void test_command(void **state)
{
	struct acm_dkmsconf c;
	char *why;

	(void)state;
	parse_ok("PACKAGE_NAME=n\nPACKAGE_VERSION=1\nFLAGS=\"-DX=1 -DY\"\nBUILT_MODULE_NAME[0]=n\n", &c);
	expect_split(&c, "make 'A B' \"C=$FLAGS\" D\\ E \"\" ${kernelver}",
		     "make|A B|C=-DX=1 -DY|D E||6.1.0-57-amd64");
	expect_split(&c, "make -C src; make -C other # done", "make|-C|src ; make|-C|other");
	expect_split(&c, "make $PACKAGE_NAME-$PACKAGE_VERSION", "make|n-1");
	/* dahdi's ( ... ; ... ), openrazer's NAME=value cmd, a /lib/modules path */
	expect_split(&c, "(make modules KVERS=$kernelver MODULES_EXTRA='a b'; make)",
		     "make|modules|KVERS=6.1.0-57-amd64|MODULES_EXTRA=a b ; make");
	expect_split(&c, "KERNELDIR=/lib/modules/${kernelver}/build make driver",
		     "env|KERNELDIR=/usr/src/kh|make|driver");
	expect_split(&c, "find . -name '*.ko' -exec mv {} . \\;", "find|.|-name|*.ko|-exec|mv|{}|.|;");
	static const char *const refused[][2] = {
		{ "make | tee log", "'|'" },
		{ "make > log", "'>'" },
		{ "make || true", "'|'" },
		{ "(make", "'(' that never closes" },
		{ "make x)", "')'" },
		{ "mv src/*/x.ko .", "file-name pattern" },
		{ "make & wait", "'&'" },
		{ "make -C $dkms_tree/other", "$dkms_tree other than" },
		{ "make -C $source_tree", "$source_tree other than" },
		{ "make -j$(nproc)", "$(...) runs a command" },
		{ "make $arch", "$arch has no value" },
		{ "", "no command" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		why = split(&c, refused[i][0]);
		if (!strstr(why, refused[i][1]))
			fail_msg("'%s': '%s' does not say '%s'", refused[i][0], why, refused[i][1]);
		free(why);
	}
	acm_dkmsconf_free(&c);

	/* the default make line needs the file's name and version */
	parse_ok("PACKAGE_NAME=n\nPACKAGE_VERSION=1\n", &c);
	expect_split(&c, ACM_DKMSCONF_DEFAULT_MAKE,
		     "make|-C|/usr/src/kh|M=BUILD");
	acm_dkmsconf_free(&c);
}

/* X="$X$X" doubling stays bounded; many variables stay bounded. */
static void test_bounds(void **state)
{
	struct acm_dkmsconf c;
	char text[4096] = "X=ab\n";

	(void)state;
	for (int i = 0; i < 30; i++)
		strcat(text, "X=\"$X$X\"\n");
	strcat(text, "BUILT_MODULE_NAME[0]=$X\n");
	assert_int_equal(acm_dkmsconf_parse(text, strlen(text), &c), -1);
	assert_non_null(strstr(c.error, "16 KiB"));
	acm_dkmsconf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_shapes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

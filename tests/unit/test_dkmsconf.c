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
#include <stdio.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkmscmd.h"
#include "dkmsconf.h"
#include "dkmstest.h"
#include "fileio.h"
#include "fstree.h"
#include "kmodscan.h"

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
	assert_int_equal(c.nwarnings, 1);  /* the . inside the if (not decided without a kernel) */
	assert_non_null(strstr(c.warnings[0], "line 5: shell code"));
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
	/* An unquoted '*' or '?' is globbed by dkms's eval, and real files rely on it
	 * (OpenAFS's "mv src/libafs/MODLOAD-*\/openafs.ko ."): it comes out marked,
	 * for the spec to write unquoted, when the pattern stays in the build copy.
	 * Quoted, or in NAME=value before a command, it is itself. */
	expect_split(&c, "make && mv src/libafs/MODLOAD-*/openafs.ko .",
		     "make ; mv|src/libafs/MODLOAD-\004/openafs.ko|.");
	expect_split(&c, "cp ${dkms_tree}/n/1/build/src/x?.ko 'a*' \\*.o .",
		     "cp|BUILD/src/x\005.ko|a*|*.o|.");
	expect_split(&c, "X=src/* make", "env|X=src/*|make");
	expect_split(&c, "mv ./src/*.ko .", "mv|./src/\004.ko|.");
	static const char *const refused[][2] = {
		{ "make | tee log", "'|'" },
		{ "make > log", "'>'" },
		{ "make || true", "'|'" },
		{ "(make", "'(' that never closes" },
		{ "make x)", "')'" },
		/* a pattern that could match outside the build copy, or what sh
		 * alone expands; each refusal names the line (of the value) */
		{ "mv src/[ab]/x.ko .", "'[' pattern" },
		{ "mv ~/x*.ko .", "'~'" },
		{ "mv /etc/*.conf .", "absolute file-name pattern" },
		{ "mv $kernel_source_dir/*.ko .", "absolute file-name pattern" },
		{ "mv ../*/x.ko .", "'..' component" },
		{ "mv src/../../*.ko .", "'..' component" },
		{ "mv src/.*/x.ko .", "starting with '.' can match '..'" },
		{ "mv ${dkms_tree}/n/1/build/../*.ko .", "'..' component" },
		{ "mv M=${dkms_tree}/n/1/build/*.ko .", "build copy's path inside it" },
		{ "mv src/$(touch /tmp/x)*/x.ko .", "$(...) runs a command" },
		{ "src/*/configure", "pattern as the command's name" },
		{ "X=1 ./*.sh", "pattern as the command's name" },
		{ "make\nmv ../*.ko .", "line 2: a file-name pattern with a '..' component" },
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

/* A kernel build tree made by hand: its .config and one header. */
static char *make_kernel(void)
{
	char tmpl[] = "/tmp/test_dkmsconf.XXXXXX", *dir = mkdtemp(tmpl), *p;
	static const char config[] = "#\n# Automatically generated file; DO NOT EDIT.\n"
		"CONFIG_64BIT=y\nCONFIG_NET=y\nCONFIG_KVM=m\n# CONFIG_SND_SOC is not set\n"
		"CONFIG_LOCALVERSION=\"-mx \\\"q\\\"\"\n";

	assert_non_null(dir);
	dir = strdup(dir);
	p = malloc(strlen(dir) + 64);
	sprintf(p, "%s/.config", dir);
	assert_int_equal(acm_write_file_atomic(p, config, strlen(config), 0644), 0);
	sprintf(p, "%s/include", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	sprintf(p, "%s/include/random.h", dir);
	assert_int_equal(acm_write_file_atomic(p, "", 0, 0644), 0);
	free(p);
	return dir;
}

/* lttng-modules' shape: the module list picked with ifs over the kernel's
 * .config, its version (from $kernelver by sed) and a header of its tree,
 * decided for that kernel; without a kernel, refused naming the line. */
static void test_kernel_ifs(void **state)
{
	char *kdir = make_kernel();
	struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", kdir };
	struct acm_dkmsconf c;
	static const char text[] =
		"PACKAGE_NAME=\"lttng-modules\"\n"
		"i=0\n"
		"KCONFIG=false\n"
		"if [ -f $kernel_source_dir/.config ]; then\n"
		"    . $kernel_source_dir/.config\n"
		"    KCONFIG=true\n"
		"elif [ -f /boot/config-$kernelver ]; then\n"
		"    . /boot/config-$kernelver\n"
		"    KCONFIG=true\n"
		"fi\n"
		"VERSION=$(echo $kernelver | sed -ne 's/\\([0-9]\\+\\)\\.\\([0-9]\\+\\)\\.\\([0-9]\\+\\)\\-\\(.\\+\\)/\\1/p')\n"
		"PATCHLEVEL=$(echo $kernelver | sed -ne 's/\\([0-9]\\+\\)\\.\\([0-9]\\+\\)\\.\\([0-9]\\+\\)\\-\\(.\\+\\)/\\2/p')\n"
		"BUILT_MODULE_NAME[$i]=\"lttng-tracer\"\n"
		"BUILT_MODULE_LOCATION[$i]=\"src/\"\n"
		"i=$((i+1))\n"
		"if [ \"$KCONFIG\" = \"true\" ] && [ -n \"$CONFIG_64BIT\" ]; then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-64\"\n"
		"    i=$((i+1))\n"
		"fi\n"
		"if [ \"$KCONFIG\" = \"true\" ] && [ -n \"$CONFIG_SND_SOC\" ]; then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-probe-asoc\"\n"
		"    i=$((i+1))\n"
		"fi\n"
		"if [ \"$KCONFIG\" = \"true\" ] && [ -n \"$CONFIG_KVM\" ] && \\\n"
		"   ( [ \"$VERSION\" -ge 3 -a \"$PATCHLEVEL\" -ge 10 ] || [ \"$VERSION\" -ge 4 ] ); then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-probe-kvm\"\n"
		"    i=$((i+1))\n"
		"    if [ \"$VERSION\" -lt 6 ]; then\n"
		"        BUILT_MODULE_NAME[$i]=\"lttng-probe-kvm-old\"\n"
		"        i=$((i+1))\n"
		"    else\n"
		"        BUILT_MODULE_NAME[$i]=\"lttng-probe-kvm-new\"\n"
		"        i=$((i+1))\n"
		"    fi\n"
		"fi\n"
		"if [ -f \"$kernel_source_dir/include/random.h\" ]; then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-probe-random\"\n"
		"    i=$((i+1))\n"
		"fi\n"
		"if [ -f \"$kernel_source_dir/include/nosuch.h\" ]; then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-probe-nosuch\"\n"
		"    i=$((i+1))\n"
		"    not run: never noted\n"
		"elif [ \"$VERSION.$PATCHLEVEL\" != 6.1 ]; then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-elif\"\n"
		"    i=$((i+1))\n"
		"elif ! [ -z \"$CONFIG_NET\" -o -n \"$CONFIG_SND_SOC\" ]; then\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-net\"\n"
		"    i=$((i+1))\n"
		"else\n"
		"    BUILT_MODULE_NAME[$i]=\"lttng-else\"\n"
		"fi\n";

	(void)state;
	if (acm_dkmsconf_parse_kernel(text, strlen(text), &k, &c))
		fail_msg("%s", c.error);
	expect_mods(&c, "lttng-tracer@src/ lttng-64@ lttng-probe-kvm@ lttng-probe-kvm-new@ "
		    "lttng-probe-random@ lttng-net@");
	assert_int_equal(c.nwarnings, 0);
	acm_dkmsconf_free(&c);

	/* no kernel: what the ifs set is unknown, and the build needs it: refused */
	assert_int_equal(acm_dkmsconf_parse(text, strlen(text), &c), -1);
	/* the last of them (the else at line 50) decides the message */
	assert_string_equal(c.error, "BUILT_MODULE_NAME is not static (line 51: set inside an if that "
			    "cannot be decided for the kernel (line 47: uses $CONFIG_NET, which "
			    "dkms.conf does not set)); mx2g-pack reads dkms.conf without running it: "
			    "write the value out");
	acm_dkmsconf_free(&c);
	acm_fstree_remove(kdir);
	free(kdir);
}


/* A dkms.conf of BEFORE, COND and AFTER (its if), read for kernel K; the
 * condition is printed, so a failing case is named. */
static int parse_if(const char *before, const char *cond, const char *after,
		    const struct acm_dkmstest_kernel *k, struct acm_dkmsconf *c)
{
	size_t nb = strlen(before), nc = strlen(cond), na = strlen(after);
	char *text = malloc(nb + nc + na + 1);

	memcpy(text, before, nb);
	memcpy(text + nb, cond, nc);
	memcpy(text + nb + nc, after, na + 1);
	print_message("%s\n", cond);
	int rc = acm_dkmsconf_parse_kernel(text, strlen(text), k, c);
	free(text);
	return rc;
}
/* The ifs a kernel cannot decide: refused where the build needs what they
 * set, naming the line; each is a class of its own. */
static void test_kernel_ifs_refused(void **state)
{
	char *kdir = make_kernel();
	struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", kdir };
	static const struct { const char *cond, *why; } bad[] = {
		{ "grep -q CONFIG_NET=y $kernel_source_dir/.config", "the condition runs a command" },
		{ "[ -f /boot/config-$kernelver ]", "a test of a file outside the kernel's build tree" },
		{ "[ -f $kernel_source_dir/../x ]", "a test of a file outside the kernel's build tree" },
		{ "[ \"$(uname -r)\" = x ]", "$(...) runs a command" },
		{ "[ -x $kernel_source_dir/.config ]", "a '[ ]' test other than" },
		{ "[ abc -lt 3 ]", "a '[ ]' number comparison of a value that is not a number" },
		{ "[ -n x ] | [ -n y ]", "an if whose condition the reader cannot follow to its 'then'" },
		{ "[ -n x", "a '[' without its ']'" },
		{ "[ -d $dkms_tree ]", "a test of a value dkms sets only when it runs" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct acm_dkmsconf c;

		assert_int_equal(parse_if("BUILT_MODULE_NAME[0]=a\n\nif ", bad[i].cond,
					  "; then\n  BUILT_MODULE_NAME[1]=b\nfi\n", &k, &c), -1);
		if (!strstr(c.error, "BUILT_MODULE_NAME[1] is not static (line 4: set inside an if "
				     "that cannot be decided for the kernel (line 3: ") ||
		    !strstr(c.error, bad[i].why))
			fail_msg("%s: %s", bad[i].cond, c.error);
		acm_dkmsconf_free(&c);
	}
	acm_fstree_remove(kdir);
	free(kdir);
}

/* Conditions decided: sh's && and || (one precedence, left to right),
 * test's ! -a -o (-a first), strings and numbers, each true or false. */
static void test_kernel_ifs_decided(void **state)
{
	struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };
	static const struct { const char *cond; bool taken; } cases[] = {
		{ "[ -n x ] || [ -n y ] && [ -z x ]", false },  /* (T || T) && F */
		{ "[ -z x ] && [ -n y ] || [ -n x ]", true },   /* (F && T) || T */
		{ "! [ -n x ] || ! [ -z x ]", true },
		{ "[ -n x -o -n y -a -z x ]", true },             /* T -o (T -a F) */
		{ "[ ! -n x -o -z x ]", false },
		{ "( [ 6 -ge 3 -a 1 -ge 10 ] || [ 6 -ge 4 ] )", true },
		{ "[ 10 -lt 9 ]", false },
		{ "[ -1 -le 0 ] && [ 3 -eq 3 ] && [ 3 -ne 4 ] && [ 4 -gt 3 ]", true },
		{ "[ a = a ] && [ a == a ] && [ a != b ] && [ abc ] && ! [ '' ]", true },
		{ "test -n x", true },
		{ "[ -f $kernel_source_dir/.config ]", false },  /* no such tree: absent */
		{ "[ \"$kernelver\" = 6.1.0-57-amd64 ]", true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct acm_dkmsconf c;

		if (parse_if("BUILT_MODULE_NAME[0]=a\nif ", cases[i].cond, "\nthen\n  BUILT_MODULE_NAME[1]=b\nfi\n",
			     &k, &c))
			fail_msg("%s: %s", cases[i].cond, c.error);
		expect_mods(&c, cases[i].taken ? "a@ b@" : "a@");
		acm_dkmsconf_free(&c);
	}
}

/* One spec builds one module list for all its kernels: a dkms.conf that
 * names other modules for another --kernel is refused, saying which. */
static void test_kernel_ifs_two_kernels(void **state)
{
	char *with = make_kernel(), *without = make_kernel(), *p = malloc(strlen(without) + 16);
	static const char text[] = "BUILT_MODULE_NAME[0]=a\n"
		"if [ -f $kernel_source_dir/.config ]; then . $kernel_source_dir/.config; fi\n"
		"if [ -n \"$CONFIG_KVM\" ]; then BUILT_MODULE_NAME[1]=kvm; fi\n";
	struct acm_kmod_scan *s = acm_kmod_scan_new();
	const struct acm_dkmsconf *c;

	(void)state;
	sprintf(p, "%s/.config", without);
	assert_int_equal(acm_write_file_atomic(p, "CONFIG_NET=y\n", 13, 0644), 0);
	acm_kmod_scan_add_kernel(s, "6.1.0-57-amd64", with);
	acm_kmod_scan_add_kernel(s, "6.1.0-58-amd64", with);
	acm_kmod_scan_add(s, "dkms.conf", false, text, strlen(text));
	c = acm_kmod_scan_dkms(s);
	assert_null(c->error);
	expect_mods(c, "a@ kvm@");
	acm_kmod_scan_free(s);

	s = acm_kmod_scan_new();
	acm_kmod_scan_add_kernel(s, "6.1.0-57-amd64", with);
	acm_kmod_scan_add_kernel(s, "6.1.0-58-amd64", without);
	acm_kmod_scan_add(s, "dkms.conf", false, text, strlen(text));
	c = acm_kmod_scan_dkms(s);
	assert_string_equal(c->error, "the modules it names for 6.1.0-58-amd64 differ from those "
			    "for 6.1.0-57-amd64; give the kernels one --kernel per run");
	acm_kmod_scan_free(s);
	acm_fstree_remove(with);
	acm_fstree_remove(without);
	free(with);
	free(without);
	free(p);
}

/* The value dkms.conf text gives NAME when read for kernel kver (NULL:
 * without a kernel); NULL when it is not static. */
static char *value_for(const char *text, const char *kver, const char *name)
{
	struct acm_dkmstest_kernel k = { kver, "/nonexistent/kernel" };
	struct acm_dkmsconf c;
	const char *v;
	char *res;

	/* cmocka cuts a message at 1 KiB, and the TAP line after it would
	 * follow on the same line: a long file is named by its start */
	print_message("%.200s%s", text, strlen(text) > 200 ? "...\n" : "");
	if (acm_dkmsconf_parse_kernel(text, strlen(text), kver ? &k : NULL, &c))
		fail_msg("%s: %s", text, c.error);
	v = acm_dkmsconf_value(&c, name);
	res = v ? strdup(v) : NULL;
	acm_dkmsconf_free(&c);
	return res;
}

/* The kernel facts themselves: version parts by sed, .config values. */
static void test_kernel_facts(void **state)
{
	static const char re[] = "\\([0-9]\\+\\)\\.\\([0-9]\\+\\)\\.\\([0-9]\\+\\)\\-\\(.\\+\\)";
	char cmd[256];
	char *v;

	(void)state;
	for (int g = 1; g <= 4; g++) {
		static const char *const want[] = { "6", "1", "0", "57-amd64" };

		snprintf(cmd, sizeof cmd, "V=$(echo $kernelver | sed -ne 's/%s/\\%d/p')\n", re, g);
		v = value_for(cmd, "6.1.0-57-amd64", "V");
		assert_string_equal(v, want[g - 1]);
		free(v);
	}
	snprintf(cmd, sizeof cmd, "V=$(echo \"${kernelver}\" | sed -n -e 's/%s/\\1/p')\n", re);
	v = value_for(cmd, "5.15.0-1-rt", "V");
	assert_string_equal(v, "5");
	free(v);
	/* no match for this kernelver: sed -n prints nothing */
	snprintf(cmd, sizeof cmd, "V=$(echo $kernelver | sed -ne 's/%s/\\1/p')\n", re);
	v = value_for(cmd, "6.1", "V");
	assert_string_equal(v, "");
	free(v);

	v = acm_dkmstest_kconfig("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_AB=m\nCONFIG_S=\"x \\\"y\\\"\"\n",
				 "CONFIG_A");
	assert_string_equal(v, "y");
	free(v);
	v = acm_dkmstest_kconfig("CONFIG_AB=m\nCONFIG_S=\"x \\\"y\\\"\"\n", "CONFIG_S");
	assert_string_equal(v, "x \"y\"");
	free(v);
	assert_null(acm_dkmstest_kconfig("# CONFIG_B is not set\nCONFIG_BB=y\n", "CONFIG_B"));
}

/* $(...) and `...` of echo | cut and echo | sed, as OpenAFS and
 * lttng-modules take $kernelver apart: told for the kernel, each shape
 * (and each way to write it) a case of its own. */
static void test_subst_told(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "V=`echo \"$kernelver\" | cut -d- -f 3`\n", "amd64" },
		{ "V=$(echo $kernelver | cut -d. -f1,2)\n", "6.1" },
		{ "V=$(echo $kernelver | cut -d . -f 2-)\n", "1.0-57-amd64" },
		{ "V=$(echo ${kernelver} | cut -f-2 -d.)\n", "6.1" },
		{ "V=$(echo $kernelver | cut -dx -f2)\n", "6.1.0-57-amd64" },  /* no 'x': the line */
		{ "V=$(echo $kernelver | cut -d- -f9)\n", "" },
		{ "X=amd64_linuxXX\nV=`echo \"$X\" | sed \"s/XX\\$/26/\"`\n", "amd64_linux26" },
		{ "X=XXaXX\nV=$(echo $X | sed 's/XX$/26/')\n", "XXa26" },
		{ "V=$(echo $kernelver | sed -e 's/\\([0-9]\\+\\)/\\1/')\n", "6.1.0-57-amd64" },
		{ "V=$(echo $kernelver | sed 's/-/_/g')\n", "6.1.0_57_amd64" },
		{ "V=$(echo $kernelver | sed 's/^6/7/g')\n", "7.1.0-57-amd64" },
		{ "V=$(echo $kernelver | sed 's/^1/7/')\n", "6.1.0-57-amd64" },
		{ "V=$(echo abc | sed 's/b/[&]\\&/')\n", "a[b]&c" },
		{ "V=$(echo $kernelver | sed 's/1.0/x/')\n", "6.x-57-amd64" },
		{ "V=$(echo $kernelver | sed -n 's/-/_/')\n", "" },
		{ "V=$(echo $kernelver | sed -n 's/-/_/p')\n", "6.1.0_57-amd64" },
		{ "V=$(echo $kernelver | sed 's/-/_/p')\n", "6.1.0_57-amd64\n6.1.0_57-amd64" },
		{ "V=$(echo $kernelver | cut -d- -f1 | sed 's/\\./_/g')\n", "6_1_0" },
		{ "V=\"x`echo \"$kernelver\" | cut -d- -f3`y\"\n", "xamd64y" },
		{ "V=`echo \\`echo a\\``\n", NULL },  /* nested: the inner one runs nothing told */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *v = value_for(cases[i].text, "6.1.0-57-amd64", "V");

		if (cases[i].want)
			assert_non_null(v);
		if (cases[i].want && strcmp(v, cases[i].want) != 0)
			fail_msg("%s: '%s', not '%s'", cases[i].text, v, cases[i].want);
		if (!cases[i].want && v)
			fail_msg("%s: told as '%s'", cases[i].text, v);
		free(v);
	}
}

/* Every other command in $(...) or `...` is never run: refused where the
 * build needs its value, naming the line; and nothing ran (a canary). */
static void test_subst_refused(void **state)
{
	static const char *const cmds[] = {
		"`uname -r`",
		"`echo \\`uname -r\\` | cut -d- -f1`",             /* nested backticks */
		"$(echo $(uname -r) | cut -d- -f1)",
		"`echo $(touch CANARY) | cut -d- -f1`",
		"$(echo $kernelver | cut -d- -f1 | touch CANARY)",
		"$(echo $kernelver | cut -d- -f1; touch CANARY)",
		"$(echo $kernelver | cut -d- -f1 && touch CANARY)",
		"$(echo $kernelver > CANARY)",
		"$(echo $kernelver | sed 's/6/touch CANARY/e')",  /* GNU sed's e runs the result */
		"$(echo $kernelver | sed -e 's/a/b/' -e 'w CANARY')",
		"$(echo $kernelver | sed 's/a/b/w CANARY')",
		"$(echo $kernelver | sed 's/\\(a*\\)/\\1/')",
		"$(echo $kernelver | sed 's/a/\\2/')",
		"$(echo $kernelver | sed 'y/a/b/')",
		"$(echo $kernelver | sed -E 's/a/b/')",
		"$(echo -e $kernelver | cut -d- -f1)",
		"$(echo $kernelver | cut -c1-3)",
		"$(echo $kernelver | cut -d-- -f1)",
		"$(echo $kernelver | cut -d- -f0)",
		"$(echo $kernelver | cut -d- -f1,)",
		"$(echo $kernelver | cut -d- -f1 | cut -d- -f1 | cut -d- -f1 | cut -d- -f1)",
		"$(echo $kernelver || cut -d- -f1)",
		"$(echo $kernelver | | cut -d- -f1)",
		"$(echo $kernelver)",
		"$(cat VERSION | cut -d- -f1)",
		"$(echo * | cut -d- -f1)",
		"$(echo $(echo $(echo $(echo $(echo $(echo x | cut -d- -f1) | cut -d- -f1) | cut -d- -f1) | cut -d- -f1) | cut -d- -f1) | cut -d- -f1)",
	};
	char tmpl[] = "/tmp/test_dkmsconf.XXXXXX", *dir = mkdtemp(tmpl), cwd[4096];
	struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };

	(void)state;
	assert_non_null(dir);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		struct acm_dkmsconf c;
		char *text = malloc(strlen(cmds[i]) + 64);

		sprintf(text, "PACKAGE_NAME=n\n\nBUILT_MODULE_NAME[0]=%s\n", cmds[i]);
		if (acm_dkmsconf_parse_kernel(text, strlen(text), &k, &c) != -1)
			fail_msg("%s: read without an error", cmds[i]);
		if (!strstr(c.error, "(line 3: ") || !strstr(c.error, "runs a command"))
			fail_msg("%s: %s", cmds[i], c.error);
		acm_dkmsconf_free(&c);
		free(text);
	}
	/* echo | cut or sed over a value not known: the line that lost it is
	 * named, not the pipeline's */
	{
		static const struct { const char *text, *why; } lost[] = {
			{ "V=$(echo $dkms_tree | cut -d/ -f2)\n",
			  "line 1: its output depends on a value dkms sets only when it runs" },
			{ "A=`uname -m`\nV=$(echo \"$A\" | sed 's/a/b/')\n",
			  "(line 2: uses $A, which is not static (line 1: `...` runs a command))" },
			{ "V=$(echo $UNSET | cut -d- -f1)\n",
			  "line 1: uses $UNSET, which dkms.conf does not set" },
			/* not echo | cut / sed: a command, whatever its words */
			{ "V=$(touch $UNSET | cut -d- -f1)\n", "line 1: $(...) runs a command" },
			{ "V=$(echo $UNSET | tee x)\n", "line 1: $(...) runs a command" },
			{ "V=$(echo $UNSET | cut -d- -f1; touch x)\n", "line 1: $(...) runs a command" },
		};

		for (size_t i = 0; i < sizeof lost / sizeof lost[0]; i++) {
			struct acm_dkmsconf c;
			char *text = malloc(strlen(lost[i].text) + 64);

			sprintf(text, "%sBUILT_MODULE_NAME[0]=$V\n", lost[i].text);
			assert_int_equal(acm_dkmsconf_parse_kernel(text, strlen(text), &k, &c), -1);
			if (!strstr(c.error, lost[i].why))
				fail_msg("%s: '%s' does not say '%s'", lost[i].text, c.error, lost[i].why);
			acm_dkmsconf_free(&c);
			free(text);
		}
	}
	/* a backtick that never closes */
	{
		struct acm_dkmsconf c;
		static const char t[] = "X=1\nBUILT_MODULE_NAME[0]=`echo $kernelver | cut -d- -f1\n";

		assert_int_equal(acm_dkmsconf_parse_kernel(t, strlen(t), &k, &c), -1);
		assert_non_null(strstr(c.error, "line 2: a ` that never closes"));
		acm_dkmsconf_free(&c);
	}
	assert_int_equal(access("CANARY", F_OK), -1);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* OpenAFS's dkms.conf as Debian's openafs-modules-dkms 1.8.9 ships it,
 * line for line: case over the kernel's arch and version, a backtick
 * sed, an if over its result, the glob mv; decided for each kernel. */
static const char openafs_conf[] =
	"# DKMS configuration for the OpenAFS kernel module.  -*- sh -*-\n"
	"\n"
	"# For i386 and amd64, extract the architecture from the kernel version string.\n"
	"# The version string will look like 3.2.0-4-686-pae or 3.2.0-4-amd64.  This\n"
	"# allows building amd64 kernel modules on the i386 architecture.  Further\n"
	"# cases like this can be added later if other architectures have similar\n"
	"# issues.\n"
	"ARCH=`echo \"$kernelver\" | cut -d- -f 3`\n"
	"case \"$ARCH\" in\n"
	"  amd64)     AFS_SYSNAME=\"amd64_linuxXX\" ;;\n"
	"  486 | 686) AFS_SYSNAME=\"i386_linuxXX\"  ;;\n"
	"  *)         AFS_SYSNAME=\"UNKNOWN\"       ;;\n"
	"esac\n"
	"\n"
	"# The kernel version should be part of the SYSNAME.  We really only support\n"
	"# 2.6 and later, but be complete.\n"
	"case \"$kernelver\" in\n"
	"  2.2.*)       AFS_SYSKVERS=22 ;;\n"
	"  2.4.*)       AFS_SYSKVERS=24 ;;\n"
	"  2.6.* | 3.*) AFS_SYSKVERS=26 ;;\n"
	"  *)           AFS_SYSKVERS=26 ;;\n"
	"esac\n"
	"AFS_SYSNAME=`echo \"$AFS_SYSNAME\" | sed \"s/XX\\$/$AFS_SYSKVERS/\"`\n"
	"\n"
	"# The version is replaced at build time by dh_dkms invoked in debian/rules.\n"
	"PACKAGE_NAME=\"openafs\"\n"
	"PACKAGE_VERSION=\"1.8.9\"\n"
	"\n"
	"# General DKMS settings.\n"
	"BUILT_MODULE_NAME[0]=\"$PACKAGE_NAME\"\n"
	"DEST_MODULE_LOCATION[0]=\"/updates/dkms/\"\n"
	"AUTOINSTALL=yes\n"
	"\n"
	"BUILD_EXCLUSIVE_CONFIG=\"!CONFIG_PREEMPT_RT\"\n"
	"\n"
	"# Tell configure the sysname if we were able to determine it.\n"
	"if [ \"${AFS_SYSNAME}\" = 'UNKNOWN' ] ; then\n"
	"    CONFIGURE_SYSNAME=\n"
	"else\n"
	"    CONFIGURE_SYSNAME=\"--with-afs-sysname=${AFS_SYSNAME}\"\n"
	"fi\n"
	"\n"
	"# Set the build and clean rules.\n"
	"MAKE[0]=\"(./configure --disable-linux-syscall-probing ${CONFIGURE_SYSNAME} \\\n"
	"                      --with-linux-kernel-packaging                        \\\n"
	"                      --with-linux-kernel-headers=${kernel_source_dir}     \\\n"
	"          && make                                                          \\\n"
	"          && mv src/libafs/MODLOAD-*/openafs.ko .)\"\n"
	"CLEAN=\"rm -f openafs.ko && make clean\"\n";

static void test_case_openafs(void **state)
{
	static const struct { const char *kver, *want; } cases[] = {
		{ "6.1.0-57-amd64", "--with-afs-sysname=amd64_linux26" },
		{ "3.2.0-4-686-pae", "--with-afs-sysname=i386_linux26" },
		{ "2.4.27-2-486", "--with-afs-sysname=i386_linux24" },
		{ "2.2.20-1-amd64", "--with-afs-sysname=amd64_linux22" },
		{ "6.1.0-57-arm64", "" },
		{ "6.1", "" },
	};
	struct acm_dkmsconf c;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *v = value_for(openafs_conf, cases[i].kver, "CONFIGURE_SYSNAME");

		if (!v || strcmp(v, cases[i].want) != 0)
			fail_msg("%s: '%s', not '%s'", cases[i].kver, v ? v : "(unknown)", cases[i].want);
		free(v);
	}
	/* without a kernel: the make line is refused, naming where it came from */
	assert_int_equal(acm_dkmsconf_parse(openafs_conf, strlen(openafs_conf), &c), -1);
	assert_non_null(strstr(c.error, "MAKE is not static (line 44: uses $CONFIGURE_SYSNAME"));
	/* ... down to the line where the value was lost: a told pipeline
	 * over the kernel's version, and no kernel */
	assert_non_null(strstr(c.error, "(line 23: uses $AFS_SYSNAME, which is not static"));
	assert_non_null(strstr(c.error, "(line 9: uses $ARCH, which is not static (line 8: its output "
			       "depends on the kernel, and no kernel is known)"));
	acm_dkmsconf_free(&c);
}

/* The whole file read for each kernel with no error, its make line told
 * down to argv; then edited hostile or broken. */
static void test_case_openafs_make(void **state)
{
	static const struct { const char *kver, *make; } cases[] = {
		{ "6.1.0-57-amd64", "./configure|--disable-linux-syscall-probing|"
		  "--with-afs-sysname=amd64_linux26|--with-linux-kernel-packaging|"
		  "--with-linux-kernel-headers=/usr/src/kh ; make ; mv|src/libafs/MODLOAD-\004/openafs.ko|." },
		{ "3.2.0-4-686-pae", "./configure|--disable-linux-syscall-probing|"
		  "--with-afs-sysname=i386_linux26|--with-linux-kernel-packaging|"
		  "--with-linux-kernel-headers=/usr/src/kh ; make ; mv|src/libafs/MODLOAD-\004/openafs.ko|." },
		/* UNKNOWN: CONFIGURE_SYSNAME is empty and, unquoted, no word */
		{ "6.1.0-57-arm64", "./configure|--disable-linux-syscall-probing|--with-linux-kernel-packaging|"
		  "--with-linux-kernel-headers=/usr/src/kh ; make ; mv|src/libafs/MODLOAD-\004/openafs.ko|." },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct acm_dkmstest_kernel k = { cases[i].kver, "/nonexistent/kernel" };
		struct acm_dkmsconf c;

		print_message("%s\n", cases[i].kver);
		if (acm_dkmsconf_parse_kernel(openafs_conf, strlen(openafs_conf), &k, &c))
			fail_msg("%s: %s", cases[i].kver, c.error);
		assert_string_equal(c.package_name, "openafs");
		assert_string_equal(c.package_version, "1.8.9");
		expect_mods(&c, "openafs@");
		assert_string_equal(c.mods[0].dest, "/updates/dkms/");
		assert_int_equal(c.make_line, 44);
		expect_split(&c, c.make, cases[i].make);
		assert_string_equal(c.clean, "rm -f openafs.ko && make clean");
		for (size_t w = 0; w < c.nwarnings; w++)
			print_message("warning: %s\n", c.warnings[w]);
		assert_int_equal(c.nwarnings, 0);
		acm_dkmsconf_free(&c);
	}
	/* the same file edited hostile or broken: refused, naming the line */
	static const struct { const char *from, *to, *why; } edits[] = {
		{ "echo \"$kernelver\" | cut -d- -f 3", "uname -m",
		  "MAKE is not static (line 44: uses $CONFIGURE_SYSNAME" },
		{ "echo \"$kernelver\" | cut -d- -f 3", "uname -m",
		  "line 8: `...` runs a command" },
		{ "| sed \"s/XX\\$/$AFS_SYSKVERS/\"`", "| sed \"s/XX/x/e\"`",
		  "line 23: `...` runs a command" },
		{ "esac\n\n# The kernel", "\n# The kernel", "line 16: a case pattern list with '\"'" },
		{ "fi\n\n# Set the build", "\n# Set the build", "line 37: an if without its fi" },
		{ "  *)         AFS_SYSNAME=\"UNKNOWN\"       ;;\n",
		  "  *)         if [ x ]; then AFS_SYSNAME=\"UNKNOWN\"       ;;\n",
		  "line 12: an if without its fi" },
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };
		const char *at = strstr(openafs_conf, edits[i].from);
		struct acm_buf b = ACM_BUF_INIT;
		struct acm_dkmsconf c;

		assert_non_null(at);
		acm_buf_add(&b, openafs_conf, (size_t)(at - openafs_conf));
		acm_buf_adds(&b, edits[i].to);
		acm_buf_adds(&b, at + strlen(edits[i].from));
		print_message("%s -> %s\n", edits[i].from, edits[i].to);
		assert_int_equal(acm_dkmsconf_parse_kernel(b.data, b.len, &k, &c), -1);
		if (!strstr(c.error, edits[i].why))
			fail_msg("'%s' does not say '%s'", c.error, edits[i].why);
		acm_dkmsconf_free(&c);
		acm_buf_free(&b);
	}
}

/* case ... esac: the forms sh reads, each decided; what cannot be decided
 * leaves what it sets unknown, naming the line. */
static void test_case_forms(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "case 6.1 in 6.*) V=a ;; *) V=b ;; esac\n", "a" },
		{ "case 6.1 in\n(5.*|6.*)\n  V=a\n  ;;\nesac\n", "a" },
		{ "case 6.1 in 5.*) V=a;; esac\n", NULL },  /* none: V never set */
		{ "V=z; case 6.1 in 5.*) V=a;; esac\n", "z" },
		{ "case 6.1 in\n  5.*) V=a ;;\n  *) V=b\nesac\n", "b" },
		{ "case 6.1 in 6.?) V=a;; esac; W=1\n", "a" },
		{ "case 6.1 in [0-9].[!2]) V=a;; esac\n", "a" },
		{ "case 6.1 in # a comment\n  6.1) V=a ;; # another\nesac\n", "a" },
		{ "case '6.*' in \"6.*\") V=lit;; *) V=other;; esac\n", "lit" },
		{ "case 6.1 in \"6.*\") V=lit;; *) V=other;; esac\n", "other" },
		{ "case 6.1 in '6.'*) V=a;; esac\n", "a" },
		{ "case 6.1 in 6\\.\\*) V=a;; *) V=b;; esac\n", "b" },
		{ "case $kernelver in 6.1.0-*-amd64) V=a;; esac\n", "a" },
		{ "case x in x) V=a;; x) V=b;; esac\n", "a" },
		{ "case x in x) case y in y) V=inner;; esac;; esac\n", "inner" },
		{ "case x in y) case y in y) V=inner;; esac;; *) V=outer;; esac\n", "outer" },
		{ "case x in x) if [ a = a ]; then V=if; fi;; esac\n", "if" },
		{ "case x in\nx)\n  ;;\nesac\nV=after\n", "after" },
		/* a loop inside an item: its if/else are the loop's, not the case's */
		{ "case x in x) for i in 1; do if [ a ]; then W=1; else W=2; fi; done; V=a;; esac\n", "a" },
		{ "case x\nin x) V=a;; esac\n", "a" },
		{ "case x in esac\nV=empty\n", "empty" },
	};
	static const struct { const char *text, *why; } unknown[] = {
		{ "case $(uname -m) in x86_64) V=a;; esac\n", "line 1: $(...) runs a command" },
		{ "P=x\ncase x in $P) V=a;; esac\n", "a case pattern made by an expansion" },
		{ "case x in `echo x`) V=a;; esac\n", "a case pattern made by an expansion" },
		{ "case $UNSET in x) V=a;; esac\n", "uses $UNSET, which dkms.conf does not set" },
		{ "case $dkms_tree in x) V=a;; esac\n", "a test of a value dkms sets only when it runs" },
		{ "case \"$(uname -r)\" in y) V=b;; *) V=a;; esac\n", "line 1: $(...) runs a command" },
		{ "case x in [[:alpha:]]) V=a;; esac\n", "a case pattern with a [:class:]" },
		{ "case x in [x) V=a;; esac\n", "an unclosed '['" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *v = value_for(cases[i].text, "6.1.0-57-amd64", "V");

		if (cases[i].want ? !v || strcmp(v, cases[i].want) != 0 : v != NULL)
			fail_msg("%s: '%s', not '%s'", cases[i].text, v ? v : "(unset)",
				 cases[i].want ? cases[i].want : "(unset)");
		free(v);
	}
	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };
		struct acm_dkmsconf c;
		char *text = malloc(strlen(unknown[i].text) + 64);

		sprintf(text, "%sBUILT_MODULE_NAME[0]=$V\n", unknown[i].text);
		print_message("%s", text);
		assert_int_equal(acm_dkmsconf_parse_kernel(text, strlen(text), &k, &c), -1);
		if (!strstr(c.error, "which is not static (line ") ||
		    !strstr(c.error, "set inside an if that cannot be decided for the kernel") ||
		    !strstr(c.error, unknown[i].why))
			fail_msg("%s: %s", unknown[i].text, c.error);
		acm_dkmsconf_free(&c);
		free(text);
	}
	/* no kernel: a case over $kernelver is not decided */
	{
		struct acm_dkmsconf c;
		static const char t[] = "case $kernelver in 6.*) M=a;; esac\nBUILT_MODULE_NAME[0]=$M\n";

		assert_int_equal(acm_dkmsconf_parse(t, strlen(t), &c), -1);
		assert_non_null(strstr(c.error, "a test of the kernel, and no kernel is known"));
		acm_dkmsconf_free(&c);
	}
}

/* A case the reader cannot follow is refused as a whole, naming its line
 * (the file is not the shell code dkms would run). */
static void test_case_broken(void **state)
{
	static const struct { const char *text, *why; } bad[] = {
		{ "X=1\ncase x in a;b) V=1;; esac\n", "line 2: a case pattern list with ';'" },
		{ "X=1\ncase x in\n  a) V=1 ;;\n", "line 2: a case without its esac" },
		{ "X=1\ncase x in\n  a) V=1\n", "line 2: a case without its esac" },
		{ "case x\n  a) V=1;; esac\n", "line 2: a case WORD without its 'in'" },
		{ "case\nX=1\n", "line 1: a case without its word" },
		{ "case x in a V=1;; esac\n", "line 1: a case pattern list with 'V'" },
		{ "case x in a\n) V=1;; esac\n", "line 1: a case pattern list that does not end in ')'" },
		{ "case x in |a) V=1;; esac\n", "line 1: a case pattern list with '|'" },
		{ "case x in a|#b) V=1;; esac\n", "line 1: a case pattern list with '#'" },
		{ "case x in a|) V=1;; esac\n", "line 1: a case pattern list with ')'" },
		{ "case x in ) V=1;; esac\n", "line 1: a case pattern list with ')'" },
		{ "case x in a) V=1;& b) V=2;; esac\n", "line 1: ';&' or ';;&'" },
		{ "case x in a) V=1;;& b) V=2;; esac\n", "line 1: ';&' or ';;&'" },
		{ "if [ a = a ]; then\ncase x in a) fi;; esac\n", "line 2: 'fi' inside a case item" },
		{ "case x in a) else;; esac\n", "line 1: 'else' inside a case item" },
		{ "case x in a) elif [ a ]; then V=1;; esac\n", "an elif with no if" },
		{ "X=1\nif [ a = a ]; then\n  V=1\n", "line 2: an if without its fi" },
		{ "case x in a) if [ a = a ]; then V=1;; esac\n", "line 1: an if without its fi" },
		{ "case `echo x in a) V=1;; esac\n", "a ` that never closes" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };
		struct acm_dkmsconf c;

		print_message("%s", bad[i].text);
		if (acm_dkmsconf_parse_kernel(bad[i].text, strlen(bad[i].text), &k, &c) != -1)
			fail_msg("%s: read without an error", bad[i].text);
		if (!strstr(c.error, bad[i].why))
			fail_msg("%s: '%s' does not say '%s'", bad[i].text, c.error, bad[i].why);
		acm_dkmsconf_free(&c);
	}
	/* work bounded: 9 backing-off groups over a long line, and stars over
	 * a long word, end at once (refused or decided), never hang */
	{
		struct acm_buf b = ACM_BUF_INIT;
		struct acm_dkmsconf c;
		struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };

		acm_buf_adds(&b, "X=");
		for (int i = 0; i < 8000; i++)
			acm_buf_addc(&b, 'a');
		acm_buf_adds(&b, "\nV=$(echo $X | sed 's/");
		for (int i = 0; i < 9; i++)
			acm_buf_adds(&b, "\\(.\\+\\)");
		acm_buf_adds(&b, "x/y/')\ncase $X in *a*a*a*a*a*a*a*a*a*a*a*a*b) W=1;; *a*a*a*a*a*a*a*a*a*a) W=2;; esac\n"
			     "BUILT_MODULE_NAME[0]=$W\nBUILT_MODULE_NAME[1]=$V\n");
		assert_int_equal(acm_dkmsconf_parse_kernel(b.data, b.len, &k, &c), -1);
		assert_non_null(strstr(c.error, "BUILT_MODULE_NAME[1] is not static"));
		assert_non_null(strstr(c.error, "$(...) runs a command"));
		acm_dkmsconf_free(&c);
		acm_buf_free(&b);
	}
	/* case nested over the limit: refused, no overflow */
	{
		struct acm_buf b = ACM_BUF_INIT;
		struct acm_dkmsconf c;

		for (int i = 0; i < 40; i++)
			acm_buf_adds(&b, "case x in x) ");
		acm_buf_adds(&b, "V=1");
		for (int i = 0; i < 40; i++)
			acm_buf_adds(&b, ";; esac");
		assert_int_equal(acm_dkmsconf_parse(b.data, b.len, &c), -1);
		assert_non_null(strstr(c.error, "nested over"));
		acm_dkmsconf_free(&c);
		acm_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_shapes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_command),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_kernel_ifs),
		cmocka_unit_test(test_kernel_ifs_refused),
		cmocka_unit_test(test_kernel_ifs_decided),
		cmocka_unit_test(test_kernel_ifs_two_kernels),
		cmocka_unit_test(test_kernel_facts),
		cmocka_unit_test(test_subst_told),
		cmocka_unit_test(test_subst_refused),
		cmocka_unit_test(test_case_openafs),
		cmocka_unit_test(test_case_openafs_make),
		cmocka_unit_test(test_case_forms),
		cmocka_unit_test(test_case_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

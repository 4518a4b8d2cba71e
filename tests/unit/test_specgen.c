/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_specgen.c - unit tests for license naming, build-file parsing and the
 * spec writer's %files split. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "license.h"
#include "spdx.h"
#include "spectext.h"
#include "specdetect.h"
#include "specparse.h"
#include "specdirs.h"
#include "specextract.h"
#include "specprobe.h"
#include "specsummary.h"
#include "specwrite.h"
#include "unitlicense.h"

static const char *id(const char *text, bool *gnu)
{
	return acm_license_identify(text, strlen(text), gnu);
}

/* l holds exactly the strings of want (NULL-terminated), in that order. */
static void expect_list(const struct acm_strlist *l, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l->v[i], want[i]);
}

static void licenses(void **state)
{
	(void)state;
	bool gnu;
	assert_string_equal(id("Copyright (c) 2020 X\n\nPermission is hereby granted, free of charge, to any\n"
			       "person obtaining a copy of this software", &gnu), "MIT");
	assert_false(gnu);
	assert_string_equal(id("                    GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991\n", &gnu), "GPL-2.0");
	assert_true(gnu);
	assert_string_equal(id("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007", &gnu), "GPL-3.0");
	assert_string_equal(id("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999\n"
			       "... the GNU General Public License ...", &gnu), "LGPL-2.1");
	assert_string_equal(id("GNU LESSER GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007\n", &gnu), "LGPL-3.0");
	assert_string_equal(id("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3", &gnu), "AGPL-3.0");
	assert_string_equal(id("Apache License\nVersion 2.0, January 2004", &gnu), "Apache-2.0");
	assert_string_equal(id("Mozilla Public License Version 2.0\n==", &gnu), "MPL-2.0");
	assert_string_equal(id("Redistribution and use in source and binary forms, with or without\n"
			       " * modification, are permitted. Neither the name of the", &gnu), "BSD-3-Clause");
	assert_string_equal(id("Redistribution and use in source and binary forms, with or without\n"
			       "modification, are permitted provided that", &gnu), "BSD-2-Clause");
	assert_string_equal(id("Permission to use, copy, modify, and/or distribute this software for any\n"
			       "purpose with or without fee is hereby granted", &gnu), "ISC");
	assert_string_equal(id("This software is provided 'as-is', without any express or implied\nwarranty. "
			       "Permission is granted to anyone to use this software for any purpose,", &gnu), "Zlib");
	assert_null(id("All rights reserved. Do not copy.", &gnu));
	assert_true(acm_license_is_file("COPYING"));
	assert_true(acm_license_is_file("LICENSE.md"));
	assert_true(acm_license_is_file("LICENCE"));
	assert_false(acm_license_is_file("README"));
}

/* What one build file tells the detector: the build system, the languages,
 * summary, URL and pkg-config requirements. ANY / NULL: not checked. */
#define ANY -1
struct detect_case {
	void (*read)(struct acm_detect *, const char *);
	size_t has;		/* offsetof the flag that says the tree has the file */
	const char *text;
	int bs, autoreconf, libtool, lang_c, lang_cxx;
	const char *summary, *url;
	const char *pkgconfig[4];	/* NULL-terminated */
};

static const struct detect_case detect_cases[] = {
	{ acm_specparse_autoconf, offsetof(struct acm_detect, has_configure_ac),
	  "AC_INIT([foo], [1.0], [bugs@x], [foo], [https://x.org/foo])\n"
	  "PKG_CHECK_MODULES([GLIB], [glib-2.0 >= 2.56 gio-2.0])\n"
	  "PKG_CHECK_MODULES(SSL, openssl,, [have_ssl=no])\n"
	  "PKG_CHECK_MODULES([X], [$DYNAMIC])\nLT_INIT\nAC_PROG_CXX\n",
	  ACM_BS_AUTOTOOLS, true, true, ANY, true, NULL, "https://x.org/foo",
	  { "pkgconfig(glib-2.0) >= 2.56", "pkgconfig(gio-2.0)", "pkgconfig(openssl)", NULL } },
	/* a version that is not one word is no version */
	{ acm_specparse_autoconf, offsetof(struct acm_detect, has_configure_ac),
	  "PKG_CHECK_MODULES([X], [foo >= 1%(touch /tmp/c) bar >= 2.0])\n",
	  ANY, ANY, ANY, ANY, ANY, NULL, NULL, { "pkgconfig(foo)", "pkgconfig(bar) >= 2.0", NULL } },
	{ acm_specparse_cmake, offsetof(struct acm_detect, has_cmake),
	  "cmake_minimum_required(VERSION 3.10)\n"
	  "project(bar VERSION 2.1 DESCRIPTION \"Bar does things\" HOMEPAGE_URL \"https://bar.org\" LANGUAGES C)\n"
	  "find_package(PkgConfig REQUIRED)\n"
	  "pkg_check_modules(DEPS REQUIRED IMPORTED_TARGET libusb-1.0>=1.0.20 zlib)\n",
	  ACM_BS_CMAKE, ANY, ANY, true, false /* LANGUAGES C only */, "Does things" /* not "Bar does" */, "https://bar.org",
	  { "pkgconfig(libusb-1.0) >= 1.0.20", "pkgconfig(zlib)", NULL } },
	{ acm_specparse_meson, offsetof(struct acm_detect, has_meson),
	  "project('baz', 'c', 'cpp', version : '0.1')\n"
	  "glib = dependency('glib-2.0', version : '>=2.60')\n"
	  "thr = dependency('threads')\n"
	  "opt = dependency('libsystemd', required : false)\n"
	  "x11 = dependency(\"x11\", required: true)\n",
	  ACM_BS_MESON, ANY, ANY, ANY, true, NULL, NULL, { "pkgconfig(glib-2.0) >= 2.60", "pkgconfig(x11)", NULL } },
};

static void expect_flag(int want, bool got)
{
	if (want != ANY)
		assert_int_equal(got, want);
}

static void parse_build_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(detect_cases) / sizeof(detect_cases[0]); i++) {
		const struct detect_case *c = &detect_cases[i];
		struct acm_detect d = { 0 };

		d.parsing_top = true;   /* read at the build root */
		c->read(&d, c->text);
		*(bool *)((char *)&d + c->has) = true;
		acm_detect_finish(&d);
		if (c->bs != ANY)
			assert_int_equal(d.bs, c->bs);
		expect_flag(c->autoreconf, d.autoreconf);
		expect_flag(c->libtool, d.libtool);
		expect_flag(c->lang_c, d.lang_c);
		expect_flag(c->lang_cxx, d.lang_cxx);
		if (c->summary) {
			char *sum = acm_summary_pick(&d.summaries, "bar", NULL);
			assert_non_null(sum);
			assert_string_equal(sum, c->summary);
			free(sum);
		}
		if (c->url)
			assert_string_equal(d.url, c->url);
		expect_list(&d.pkgconfig, c->pkgconfig);
		acm_detect_free(&d);
	}
}

#define GPL2_TITLE "                    GNU GENERAL PUBLIC LICENSE\n                       Version 2, June 1991\n"

/* programs linked with libtool's -static need the static libraries
 * (OpenAFS's LT_LDRULE_static; automake's prog_LDFLAGS = -static) */
static void libtool_static(void **state)
{
	(void)state;
	const char *yes[] = {
		"ltstd_LDFLAGS = -static\n",
		"x_LDFLAGS += $(AM_LDFLAGS) -all-static\n",
		"LT_LDRULE_static = $(RUN_LD) $(LIBTOOL) --quiet --mode=link --tag=CC \\\n"
		"\t\t$(LD_WRAPPER) $(MT_CC) -static $(PTH_LDFLAGS) \\\n\t\t$(LDFLAGS_$(@)) -o $@\n",
		"prog: prog.o\n\t$(LIBTOOL) --mode=link $(CC) -static -o $@ prog.o libx.la",
		NULL };
	const char *no[] = {
		"x_LDFLAGS = -static-libgcc\n",
		"x_CFLAGS = -static\n",
		"LT_LDRULE = $(LIBTOOL) --mode=link --tag=CC $(CC) -o $@\nSTATIC = -static\n",
		"all:\n\techo x_LDFLAGS = -static\n",
		NULL };
	for (int i = 0; yes[i]; i++) {
		struct acm_detect d;
		memset(&d, 0, sizeof d);
		acm_specparse_libtool_static(&d, yes[i]);
		if (!d.libtool_static)
			fail_msg("not seen as linking -static: %s", yes[i]);
	}
	for (int i = 0; no[i]; i++) {
		struct acm_detect d;
		memset(&d, 0, sizeof d);
		acm_specparse_libtool_static(&d, no[i]);
		if (d.libtool_static)
			fail_msg("seen as linking -static: %s", no[i]);
	}
}

static void parse_makefile_and_license_suffix(void **state)
{
	(void)state;
	struct acm_detect d = { 0 };
	acm_specparse_makefile(&d, "PREFIX ?= /usr/local\nall: x\ninstall: x\n\tinstall x $(DESTDIR)$(PREFIX)/bin\n");
	d.has_makefile = true;
	acm_license_add_file(&d.lic, "COPYING", GPL2_TITLE, strlen(GPL2_TITLE));
	acm_strlist_add(&d.license_files, "COPYING");
	acm_detect_header(&d, "/* This program is free software; ... either version 2 of the License, or\n"
			  " * (at your option) any later version. */\n");
	acm_detect_finish(&d);
	assert_int_equal(d.bs, ACM_BS_MAKEFILE);
	assert_true(d.make_install);
	assert_true(d.make_destdir);
	assert_string_equal(d.make_prefix_var, "PREFIX");
	assert_string_equal(d.licenses.v[0], "GPL-2.0-or-later");
	acm_detect_free(&d);

	/* the kernel's case: GPL-2.0 tags (legacy -only) win over a "+" file */
	memset(&d, 0, sizeof(d));
	acm_license_add_file(&d.lic, "COPYING", GPL2_TITLE, strlen(GPL2_TITLE));
	acm_strlist_add(&d.license_files, "COPYING");
	acm_detect_header(&d, "// SPDX-License-Identifier: GPL-2.0+\n");
	acm_detect_header(&d, "// SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note\n");
	acm_detect_finish(&d);
	assert_string_equal(d.licenses.v[0], "GPL-2.0-only");
	acm_detect_free(&d);

	memset(&d, 0, sizeof(d));
	acm_detect_header(&d, "// SPDX-License-Identifier: MIT\n");
	acm_detect_finish(&d);
	assert_int_equal(d.bs, ACM_BS_NONE);
	assert_int_equal(d.licenses.n, 1);   /* no license file: the SPDX tag */
	assert_string_equal(d.licenses.v[0], "MIT");
	acm_detect_free(&d);
}

/* An install list from (macro, dir) and (path, type) pairs. */
static void make_list(struct acm_install_list *l, const char *const (*dirs)[2], size_t nd,
		      const char *const (*files)[2], size_t nf)
{
	l->ndirs = nd;
	l->dirs = calloc(nd, sizeof(*l->dirs));
	for (size_t i = 0; i < nd; i++) {
		l->dirs[i][0] = strdup(dirs[i][0]);
		l->dirs[i][1] = strdup(dirs[i][1]);
	}
	l->n = nf;
	l->v = calloc(nf, sizeof(*l->v));
	for (size_t i = 0; i < nf; i++) {
		l->v[i].path = strdup(files[i][0]);
		l->v[i].type = files[i][1][0];
	}
}

static void files_split(void **state)
{
	(void)state;
	struct acm_install_list l = { 0 };
	const char *const dirs[][2] = { { "_includedir", "/usr/include" }, { "_mandir", "/usr/share/man" },
				  { "_libdir", "/usr/lib64" }, { "_bindir", "/usr/bin" },
				  { "_datadir", "/usr/share" }, { "_prefix", "/usr" } };
	const char *const files[][2] = {
		{ "/usr/bin/tool", "f" }, { "/usr/include/foo", "d" }, { "/usr/include/foo/foo.h", "f" },
		{ "/usr/lib64/libfoo.a", "f" }, { "/usr/lib64/libfoo.la", "f" }, { "/usr/lib64/libfoo.so", "l" },
		{ "/usr/lib64/libfoo.so.1", "l" }, { "/usr/lib64/libfoo.so.1.2.0", "f" },
		{ "/usr/lib64/pkgconfig/foo.pc", "f" }, { "/usr/share/foo/data 1.txt", "f" },
		{ "/usr/share/locale/de/LC_MESSAGES/foo.mo", "f" }, { "/usr/share/man/man1/tool.1.gz", "f" },
		{ "/usr/share/man/man3/foo.3.gz", "f" },
	};
	make_list(&l, dirs, sizeof(dirs) / sizeof(dirs[0]), files, sizeof(files) / sizeof(files[0]));
	struct acm_detect d = { 0 };
	d.bs = ACM_BS_AUTOTOOLS;
	d.lang_c = true;
	acm_strlist_add(&d.licenses, "MIT");
	acm_strlist_add(&d.license_files, "LICENSE");
	struct acm_source_info info = { .arg = "foo-1.2.tar.gz", .name = "foo", .version = "1.2" };
	struct acm_spec sp = { .src = &info, .det = &d, .name = "foo", .version = "1.2", .release = "1",
			       .summary = "Frobnicates widgets", .source0 = "foo-1.2.tar.gz",
			       .setup_dir = "foo-1.2", .packager = "A <a@b.c>", .date = 0, .files = &l };
	int fixmes = -1;
	char *spec = acm_spec_write(&sp, &fixmes);
	assert_int_equal(fixmes, 0);
	const char *want[] = {
		"Summary:        Frobnicates widgets\n", "License:        MIT\n",
		"rm -f %{buildroot}%{_libdir}/libfoo.a\n", "rm -f %{buildroot}%{_libdir}/libfoo.la\n",
		"%find_lang foo\n", "%files -f foo.lang\n", "%license LICENSE\n",
		"%{_bindir}/tool\n", "%{_libdir}/libfoo.so.1\n", "%{_libdir}/libfoo.so.1.2.0\n",
		"%{_datadir}/foo/\n", "%{_mandir}/man1/tool.1*\n",
		"%files devel\n", "%{_includedir}/foo/\n", "%{_libdir}/libfoo.so\n",
		"%{_libdir}/pkgconfig/foo.pc\n", "%{_mandir}/man3/foo.3*\n",
		"Requires:       %{name}%{?_isa} = %{version}-%{release}\n",
		"%ldconfig_scriptlets\n", "%autosetup -p1\n",
		"* Thu Jan 01 1970 A <a@b.c> - 1.2-1\n",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(spec, want[i]))
			fail_msg("missing in spec: %s\n---\n%s", want[i], spec);
	/* -devel goes after the main %files; the .so link is not in the main package */
	char *devel = strstr(spec, "%files devel");
	assert_true(strstr(spec, "%{_libdir}/libfoo.so\n") > devel);
	/* no libtool: no find; libtool: its archives go after the trial too, as
	 * the trial's list cannot name them (libpng's libpng.la link) */
	assert_null(strstr(spec, "-name '*.la'"));
	free(spec);
	d.libtool = true;
	spec = acm_spec_write(&sp, &fixmes);
	assert_non_null(strstr(spec, "%make_install\nfind %{buildroot} -name '*.la' -delete\n"));
	d.libtool = false;
	/* rpm globs %files names, quoted or not, and takes %attr() & co. out
	 * of them after expansion: '*' and '%' match themselves as '?' */
	static const char *const paths[][2] = {
		{ "/usr/share/foo/data 1.txt", "\"%{_datadir}/foo/data 1.txt\"" },
		{ "/usr/share/foo/a[1].txt", "%{_datadir}/foo/a?1?.txt" },
		{ "/usr/share/foo/b*.txt", "%{_datadir}/foo/b?.txt" },
		{ "/opt/x%y", "/opt/x?y" },
		{ "/usr/bin/x%attr(4755,root,root)", "%{_bindir}/x?attr(4755,root,root)" },
		{ "/usr/share/foo/e f{g}", "\"%{_datadir}/foo/e f{g}\"" },
		{ "/usr/share/foo/e f%{g}", "%{_datadir}/foo/e?f??g?" },
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char *p = acm_spec_path(&l, paths[i][0]);
		assert_string_equal(p, paths[i][1]);
		free(p);
	}
	assert_null(acm_spec_path(&l, "/usr/bin/x\n%post\ntouch /tmp/x"));
	free(spec);
	acm_detect_free(&d);
	acm_install_list_free(&l);
}

/* A package owns the directories it creates, none of the system's or of
 * another package (specdirs.h): ZFS's userland install. */
static void owned_dirs(void **state)
{
	(void)state;
	struct acm_install_list l = { 0 };
	const char *const dirs[][2] = { { "_sysconfdir", "/etc" }, { "_libdir", "/usr/lib64" },
		{ "_datadir", "/usr/share" }, { "_sbindir", "/usr/sbin" }, { "_prefix", "/usr" } };
	const char *const files[][2] = {
		{ "/etc/X11/xorg.conf.d/50-zfs.conf", "f" },
		{ "/etc/cron.d/zfs-scrub", "f" },
		{ "/etc/sudoers.d/zfs", "f" },
		{ "/etc/zfs/zed.d/zed.rc", "f" },
		{ "/etc/zfs/zfs-functions", "f" },
		{ "/usr/lib/dracut/modules.d/90zfs/lib/x.sh", "f" },
		{ "/usr/lib/dracut/modules.d/90zfs/module-setup.sh", "f" },
		{ "/usr/lib/systemd/system/local-fs.target.wants/zfs-mount.service", "l" },
		{ "/usr/lib/systemd/system/zfs-import.target.wants/zfs-import-cache.service", "l" },
		{ "/usr/lib64/security/pam_zfs_key.so", "f" },
		{ "/usr/sbin/zfs", "f" },
		{ "/usr/share/bash-completion/completions/zfs", "f" },
		{ "/usr/share/initramfs-tools/conf-hooks.d/zfs", "f" },
		{ "/usr/share/initramfs-tools/conf.d/zfs", "f" },
		{ "/usr/share/initramfs-tools/hooks/zfs", "f" },
		{ "/usr/share/initramfs-tools/scripts/local-top/zfs", "f" },
		{ "/usr/share/initramfs-tools/zfsunlock", "f" },
		{ "/usr/share/pam-configs/zfs_key", "f" },
		{ "/usr/share/zfs/runfiles/common.run", "f" },
	};
	make_list(&l, dirs, sizeof(dirs) / sizeof(dirs[0]), files, sizeof(files) / sizeof(files[0]));
	struct acm_detect d = { 0 };
	d.bs = ACM_BS_AUTOTOOLS;
	acm_strlist_add(&d.licenses, "CDDL-1.0");
	struct acm_source_info info = { .arg = "zfs-2.2.7.tar.gz", .name = "zfs", .version = "2.2.7" };
	struct acm_spec sp = { .src = &info, .det = &d, .name = "zfs", .version = "2.2.7", .release = "1",
			       .summary = "Commands for pools", .source0 = "zfs-2.2.7.tar.gz", .setup_dir = "zfs-2.2.7",
			       .packager = "A <a@b.c>", .files = &l };
	char *spec = acm_spec_write(&sp, NULL);
	assert_non_null(spec);
	/* every directory the spec claims, in the order written */
	struct acm_buf got = ACM_BUF_INIT;
	for (const char *ln = spec; *ln;) {
		const char *nl = strchr(ln, '\n'), *end = nl ? nl : ln + strlen(ln);
		if ((end > ln && end[-1] == '/' && ln[0] != '#') || !strncmp(ln, "%dir ", 5))
			acm_buf_addf(&got, "%.*s\n", (int)(end - ln), ln);
		ln = nl ? nl + 1 : end;
	}
	assert_string_equal(acm_buf_str(&got), "%{_sysconfdir}/zfs/\n"
			    "%{_prefix}/lib/dracut/modules.d/90zfs/\n"
			    "%{_prefix}/lib/systemd/system/zfs-import.target.wants/\n"
			    "%{_datadir}/zfs/\n");
	acm_buf_free(&got);
	/* the files in other packages' directories are still listed, one by one */
	const char *want[] = { "%{_datadir}/initramfs-tools/conf.d/zfs\n", "%{_datadir}/initramfs-tools/conf-hooks.d/zfs\n",
		"%{_datadir}/initramfs-tools/scripts/local-top/zfs\n", "%{_datadir}/pam-configs/zfs_key\n",
		"%{_libdir}/security/pam_zfs_key.so\n", "%{_sysconfdir}/cron.d/zfs-scrub\n",
		"%{_sysconfdir}/X11/xorg.conf.d/50-zfs.conf\n",
		"%{_prefix}/lib/systemd/system/local-fs.target.wants/zfs-mount.service\n", NULL };
	for (int i = 0; want[i]; i++)
		if (!strstr(spec, want[i]))
			fail_msg("missing in spec: %s\n---\n%s", want[i], spec);
	free(spec);
	/* the rule itself, directory by directory */
	static const struct { const char *dir; bool others; } cases[] = {
		{ "/usr/share/initramfs-tools", true }, { "/usr/share/initramfs-tools/conf.d", true },
		{ "/etc/initramfs-tools/conf.d", true }, { "/usr/lib/dracut/modules.d", true },
		{ "/usr/lib/dracut/modules.d/90zfs", false }, { "/usr/lib/dracut/modules.d/90zfs/lib", false },
		{ "/usr/lib/modules/6.1.0/extra", true }, { "/usr/lib/modules/6.1.0/extra/zfs", false },
		{ "/usr/share/bash-completion/completions", true }, { "/usr/lib64/pkgconfig", true },
		{ "/usr/share/pkgconfig", true }, { "/etc/modprobe.d", true }, { "/usr/lib/modules-load.d", true },
		{ "/usr/lib/tmpfiles.d", true }, { "/etc/zfs", false }, { "/etc/zfs/zed.d", false },
		{ "/etc/zfs.d", false }, { "/etc/ld.so.conf.d", true }, { "/usr/libexec/zfs", false },
		{ "/usr/include/libzfs", false }, { "/usr/include/sys", false },   /* its own header tree */
		{ "/usr/lib64/security", true }, { "/lib/security", true }, { "/etc/systemd/system", true },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (acm_specdirs_others(&l, cases[i].dir, "zfs") != cases[i].others)
			fail_msg("%s is %s", cases[i].dir, cases[i].others ? "claimed as ZFS's" : "left to others");
	acm_detect_free(&d);
	acm_install_list_free(&l);
}

/* ---- the SPDX parser (lib/rpm/spdx.c) ---------------------------------------- */

static void spdx_expressions(void **state)
{
	(void)state;
	const char *good[] = { "MIT", "GPL-2.0-only", "GPL-2.0+", "GPL-2.0-only OR MIT",
		"GPL-2.0 WITH Linux-syscall-note", "(MIT OR Apache-2.0) AND BSD-3-Clause",
		"LicenseRef-Proprietary", "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
		"((MIT))", "GPL-2.0-or-later or MIT", "Apache-2.0 AND (MIT OR (ISC))",
		"GPLv2 with exceptions", NULL };   /* the grammar allows legacy names */
	const char *bad[] = { "", " ", "MIT %(touch /tmp/x)", "%{lua:os.execute('x')}", "MIT\n%post",
		"MIT OR", "AND MIT", "(MIT", "MIT)", "MIT WITH", "MIT WITH OR", "MIT Apache-2.0",
		"GPL-2.0 with exceptions extra", "M$T", "MIT;rm", "DocumentRef-x:MIT",
		"MIT And GPL-2.0", "+", "LicenseRef-%x", NULL };
	for (int i = 0; good[i]; i++)
		if (!acm_spdx_valid(good[i]))
			fail_msg("should be valid: '%s'", good[i]);
	for (int i = 0; bad[i]; i++)
		if (acm_spdx_valid(bad[i]))
			fail_msg("should be invalid: '%s'", bad[i]);
	/* deep nesting is refused, not recursed into */
	char deep[200];
	memset(deep, '(', 60);
	strcpy(deep + 60, "MIT");
	memset(deep + 63, ')', 60);
	deep[123] = '\0';
	assert_false(acm_spdx_valid(deep));
	assert_true(acm_spdx_valid("((((MIT))))"));
}

static bool collect(const char *expr, void *ud)
{
	acm_strlist_add(ud, expr);
	return true;
}

static void spdx_tags(void **state)
{
	(void)state;
	struct acm_strlist l = { 0 };
	const char *src = "/* SPDX-License-Identifier: GPL-2.0-only OR MIT */\n"
			  "// SPDX-License-Identifier: MIT %(touch /tmp/canary)\n"
			  "# SPDX-License-Identifier:\tBSD-3-Clause  \r\n"
			  "<!-- SPDX-License-Identifier: ISC -->\n"
			  "SPDX-License-Identifier: %{lua: os.execute('touch /tmp/c')}\n"
			  " * SPDX-License-Identifier: Zlib\n";
	assert_int_equal(acm_spdx_tags(src, strlen(src), collect, &l), 4);
	expect_list(&l, (const char *[]){ "GPL-2.0-only OR MIT", "BSD-3-Clause", "ISC", "Zlib", NULL });
	acm_strlist_free(&l);
	/* a newline ends the value: what follows is not part of it */
	const char *nl = "SPDX-License-Identifier: MIT\n%post\ntouch /tmp/x\n";
	assert_int_equal(acm_spdx_tags(nl, strlen(nl), collect, &l), 1);
	assert_string_equal(l.v[0], "MIT");
	acm_strlist_free(&l);
	/* a length limit: a tag cut at len is read only up to len */
	assert_int_equal(acm_spdx_tags(nl, 10, collect, &l), 0);
	/* specdetect takes its tags from here: the hostile one is no license */
	struct acm_detect d = { 0 };
	acm_detect_header(&d, "// SPDX-License-Identifier: MIT %(touch /tmp/canary)\n");
	acm_detect_finish(&d);
	assert_int_equal(d.licenses.n, 0);
	acm_detect_free(&d);
	assert_string_equal(acm_spdx_module_license("Dual MIT/GPL"), "GPL-2.0-only OR MIT");
	assert_null(acm_spdx_module_license("GPL %(x)"));
}

/* ---- spectext: each rule, and what rpm would read back ----------------------- */

static char *w_text(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_spectext_text(&b, s);
	return b.data ? acm_buf_steal(&b) : strdup("");
}

static void spectext_rules(void **state)
{
	(void)state;
	char *t = w_text("100% %(touch /tmp/c) %{lua:os.execute('x')}\n%post\ntouch x\\");
	assert_string_equal(t, "100%% %%(touch /tmp/c) %%{lua:os.execute('x')} %%post touch x ");
	free(t);
	t = w_text("%post -p /bin/sh");   /* would open a %post in %description */
	assert_string_equal(t, " %%post -p /bin/sh");
	free(t);
	t = w_text("caf\xc3\xa9 \xe9t\xe9 \xc0\xaf \xed\xa0\x80 \xf0\x9f\x98\x80");   /* rpm wants UTF-8 */
	assert_string_equal(t, "caf\xc3\xa9 ?t? ?? ??? \xf0\x9f\x98\x80");
	free(t);
	t = w_text("a\\%(b");   /* "\%%(" leaves rpm waiting for ')' */
	assert_string_equal(t, "a %%(b");
	free(t);

	struct acm_buf b = ACM_BUF_INIT;
	assert_true(acm_spectext_word(&b, "foo-1.2_3+git~rc^1"));
	assert_string_equal(acm_buf_str(&b), "foo-1.2_3+git~rc^1");
	const char *nonwords[] = { "", "a b", "a%b", "x%(touch c)", "a\nb", "a\"b", "a'b", "a$b", "a{b}", NULL };
	for (int i = 0; nonwords[i]; i++)
		assert_false(acm_spectext_word(&b, nonwords[i]));
	assert_false(acm_spectext_word(&b, NULL));

	acm_buf_reset(&b);
	assert_true(acm_spectext_url(&b, "https://x.org/a%20b?q=1&r=(2)"));
	assert_string_equal(acm_buf_str(&b), "https://x.org/a%%20b?q=1&r=(2)");
	const char *badurls[] = { "http://x/%(touch c)", "http://x/%{lua:x}", "http://x/ a", "http://x/\n%post",
				  "http://x/%", "http://x/%2", "http://x/\\", "http://x/\"", NULL };
	for (int i = 0; badurls[i]; i++)
		if (acm_spectext_url(&b, badurls[i]))
			fail_msg("URL should be refused: '%s'", badurls[i]);

	acm_buf_reset(&b);
	assert_true(acm_spectext_license(&b, "GPL-2.0-only OR MIT"));
	assert_false(acm_spectext_license(&b, "MIT %(touch c)"));
	assert_string_equal(acm_buf_str(&b), "GPL-2.0-only OR MIT");

	acm_buf_reset(&b);
	assert_true(acm_spectext_file(&b, NULL, "README%(touch c)"));
	assert_string_equal(acm_buf_str(&b), "README?(touch?c)");
	acm_buf_reset(&b);
	assert_true(acm_spectext_file(&b, NULL, "READ ME.%{lua:x}"));
	assert_string_equal(acm_buf_str(&b), "READ?ME.??lua:x?");
	acm_buf_reset(&b);
	assert_true(acm_spectext_file(&b, NULL, "READ ME [1] {a,b} *"));   /* quoted: rpm takes it as it is */
	assert_string_equal(acm_buf_str(&b), "\"READ ME [1] {a,b} *\"");
	acm_buf_reset(&b);
	assert_true(acm_spectext_file(&b, "_bindir", "/x%caps(cap_sys_admin=ep)"));
	assert_string_equal(acm_buf_str(&b), "%{_bindir}/x?caps(cap_sys_admin=ep)");
	acm_buf_reset(&b);
	assert_true(acm_spectext_file(&b, NULL, "a\"b"));
	assert_string_equal(acm_buf_str(&b), "a?b");
	assert_false(acm_spectext_file(&b, NULL, "README\n%pre\ntouch c"));
	assert_false(acm_spectext_file(&b, NULL, "README\t"));
	assert_false(acm_spectext_file(&b, "_bin dir", "/x"));

	acm_buf_reset(&b);
	assert_true(acm_spectext_doc(&b, "READ ME.v1,2+3@x"));
	assert_string_equal(acm_buf_str(&b), "\"READ ME.v1,2+3@x\"");
	const char *baddocs[] = { "README.%(touch c)", "README$(touch c)", "README;touch c", "README`x`",
				  "README'x", "README\n%post", "README*", "~root", "README.%attr(4755,root,root)", NULL };
	for (int i = 0; baddocs[i]; i++)
		if (acm_spectext_doc(&b, baddocs[i]))
			fail_msg("doc name should be refused: '%s'", baddocs[i]);

	acm_buf_reset(&b);
	assert_true(acm_spectext_shell(&b, "/usr/lib/libfoo.la"));
	assert_string_equal(acm_buf_str(&b), "/usr/lib/libfoo.la");
	acm_buf_reset(&b);
	assert_true(acm_spectext_shell(&b, "/usr/lib/a$(touch c)'%{x}.la"));
	assert_string_equal(acm_buf_str(&b), "'/usr/lib/a$(touch c)'\\''%%{x}.la'");
	assert_false(acm_spectext_shell(&b, "/a\nb"));
	assert_false(acm_spectext_shell(&b, "/a\\b"));

	acm_buf_reset(&b);
	assert_true(acm_spectext_command(&b, "make install PREFIX=/usr LIB=%x"));
	assert_string_equal(acm_buf_str(&b), "make install PREFIX=/usr LIB=%%x");
	assert_false(acm_spectext_command(&b, "make\n%post"));
	assert_false(acm_spectext_command(&b, "make \\%(x"));
	assert_false(acm_spectext_command(&b, "make \\"));
	acm_buf_free(&b);

	char *show = acm_spectext_show("a\nb\x1b");
	assert_string_equal(show, "a\\nb\\x1b");
	free(show);
}

/* ---- license texts: one license, or none ------------------------------------ */

static const char mit_full[] =
	"MIT License\n\nCopyright (c) 2024 Example Corp\nCopyright (c) 2023 Someone Else <se@example.org>\n\n"
	"Permission is hereby granted, free of charge, to any person obtaining a copy\n"
	"of this software and associated documentation files (the \"Software\"), to deal\n"
	"in the Software without restriction, including without limitation the rights\n"
	"to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
	"copies of the Software, and to permit persons to whom the Software is\n"
	"furnished to do so, subject to the following conditions:\n\n"
	"The above copyright notice and this permission notice shall be included in all\n"
	"copies or substantial portions of the Software.\n\n"
	"THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
	"IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
	"FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
	"AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
	"LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
	"OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
	"SOFTWARE.\n";

static void licenses_one_or_none(void **state)
{
	(void)state;
	bool gnu;
	assert_string_equal(id(mit_full, &gnu), "MIT");
	/* restrictive licenses that quote MIT's sentence */
	const char *restrictive[] = {
		"Acme Evaluation License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n"
		"of this software, to use it for evaluation purposes only. You may not redistribute it.\n",
		"Permission is hereby granted, free of charge, to any person obtaining a copy of this software\n"
		"and associated documentation files (the \"Software\"), to use the Software for non-commercial\n"
		"purposes.\n",
		"Permission is hereby granted, free of charge, to any person obtaining a copy of this software,\n"
		"to deal in the Software without restriction, but not to sell copies of the Software.\n",
		"Permission is hereby granted, free of charge, to any person obtaining a copy of this software\n"
		"provided that the licensee pays Acme a yearly subscription and keeps the software on\n"
		"hardware that Acme sold, and that the licensee reports every installation to Acme.\n",
		NULL };
	for (int i = 0; restrictive[i]; i++)
		if (id(restrictive[i], &gnu))
			fail_msg("restrictive text %d was named %s", i, id(restrictive[i], &gnu));
	/* MIT with a line added: not MIT */
	char *more = acm_xasprintf("%sThe Software may only be used on Acme hardware.\n", mit_full);
	assert_null(id(more, &gnu));
	free(more);
	/* two licenses in one file: not one license */
	char *two = acm_xasprintf("%s\nRedistribution and use in source and binary forms, with or without\n"
				  "modification, are permitted.\n", mit_full);
	assert_null(id(two, &gnu));
	free(two);
	assert_null(id("Apache License\nVersion 2.0, January 2004\n... Permission is hereby granted, free of "
		       "charge, to any person obtaining a copy", &gnu));
	/* a title, an SPDX line and a URL are still MIT */
	char *titled = acm_xasprintf("SPDX-License-Identifier: MIT\nThe MIT License (MIT)\n%s"
				     "https://opensource.org/licenses/MIT\n", mit_full);
	assert_string_equal(id(titled, &gnu), "MIT");
	free(titled);
}


/* ---- the License rule: files, statements, OR/AND, docs (license.c) ------------ */

static void expect_license(const struct lic_in *in, const char *want)
{
	char *got = decide(in, NULL);
	if (!want) {
		if (got)
			fail_msg("expected no license, got '%s'", got);
		return;
	}
	if (!got || strcmp(got, want))
		fail_msg("expected '%s', got '%s'", want, got ? got : "(null)");
	free(got);
}

#define GPL3_TITLE "\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 3, 29 June 2007\n\n Copyright (C) 2007 Free Software Foundation, Inc.\n"
#define LGPL3_TITLE "\t\t   GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007\n"
#define GFDL12_TITLE "\t\tGNU Free Documentation License\n\t\t  Version 1.2, November 2002\n"

#define BSD3_AUTHOR \
	"Redistribution and use in source and binary forms, with or without\nmodification, are permitted provided " \
	"that the following conditions\nare met:\n1. Redistributions of source code must retain the above copyright\n" \
	"   notice, this list of conditions and the following disclaimer.\n2. Redistributions in binary form must " \
	"reproduce the above copyright\n   notice, this list of conditions and the following disclaimer in the\n" \
	"   documentation and/or other materials provided with the distribution.\n3. The name of the author may not " \
	"be used to endorse or promote products\n   derived from this software without specific prior written " \
	"permission.\n\nTHIS SOFTWARE IS PROVIDED BY THE AUTHOR ``AS IS'' AND ANY EXPRESS OR\nIMPLIED WARRANTIES, " \
	"INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES\nOF MERCHANTABILITY AND FITNESS FOR A PARTICULAR " \
	"PURPOSE ARE DISCLAIMED.\nIN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY DIRECT, INDIRECT,\nINCIDENTAL, " \
	"SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES.\n"

#define ISC_BODY \
	"   Permission to use, copy, modify, and distribute this software for any\n   purpose with or without fee " \
	"is hereby granted, provided that the above\n   copyright notice and this permission notice appear in all " \
	"copies.\n\n   THE SOFTWARE IS PROVIDED \"AS IS\" AND THE AUTHOR DISCLAIMS ALL WARRANTIES\n   WITH REGARD " \
	"TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF\n   MERCHANTABILITY AND FITNESS.\n"

static void license_rule_texts(void **state)
{
	(void)state;
	/* libevent's shape: an introduction, three licenses cut by === lines */
	char *libevent = acm_xasprintf("Libevent is available for use under the following license, commonly known\n"
				       "as the 3-clause (or \"modified\") BSD license:\n\n==============================\n"
				       "Copyright (c) 2000-2007 Niels Provos <provos@example.org>\n\n%s"
				       "==============================\n\nThe arc4module is available under the following, "
				       "sometimes called the\n\"OpenBSD\" license:\n\n   Copyright (c) 1996, D. M.\n\n%s"
				       "==============================\n\nThe timer code is under this license:\n\n%s",
				       BSD3_AUTHOR, ISC_BODY, mit_full);
	expect_license((struct lic_in[]){ { "LICENSE", libevent }, { 0 } }, "BSD-3-Clause AND ISC AND MIT");
	/* the same with a restricting note between the parts: unknown */
	char *noted = acm_xasprintf("%s\n=====\nThe arc4module may not be used commercially.\n", libevent);
	size_t nu = 0;
	assert_null(decide((struct lic_in[]){ { "LICENSE", noted }, { 0 } }, &nu));
	assert_int_equal(nu, 1);
	free(noted);
	free(libevent);

	/* SQLite's dedication is SPDX "blessing"; the Unlicense; a bare dedication */
	expect_license((struct lic_in[]){ { "LICENSE.md", "The author disclaims copyright to this source code.  In "
		"place of\na legal notice, here is a blessing:\n\n  *   May you do good and not evil.\n" }, { 0 } }, "blessing");
	expect_license((struct lic_in[]){ { "UNLICENSE", "This is free and unencumbered software released into the "
		"public domain.\n\nAnyone is free to copy, modify, publish, use, compile, sell, or\ndistribute this software.\n" },
		{ 0 } }, "Unlicense");
	expect_license((struct lic_in[]){ { "COPYING", "The code in this directory is hereby placed in the public "
		"domain by its author, J. Doe.\n" }, { 0 } }, "LicenseRef-Public-Domain");
	/* c-ares's M.I.T. notice: HPND, the holder a replaceable part */
	const char *hpnd = "# c-ares license\n\nCopyright 1998 by the Massachusetts Institute of Technology.\n\n"
		"Permission to use, copy, modify, and distribute this software and its\ndocumentation for any purpose "
		"and without fee is hereby granted, provided that\nthe above copyright notice appear in all copies and "
		"that both that copyright\nnotice and this permission notice appear in supporting documentation, and "
		"that\nthe name of M.I.T. not be used in advertising or publicity pertaining to\ndistribution of the "
		"software without specific, written prior permission.\nM.I.T. makes no representations about the "
		"suitability of this software for any\npurpose.  It is provided \"as is\" without express or implied "
		"warranty.\n";
	expect_license((struct lic_in[]){ { "LICENSE.md", hpnd }, { 0 } }, "HPND");
	char *hpnd_paid = acm_xasprintf("%sUse on more than one host requires a paid license.\n", hpnd);
	expect_license((struct lic_in[]){ { "LICENSE.md", hpnd_paid }, { 0 } }, NULL);
	free(hpnd_paid);
	/* OpenAFS: the IBM Public License is not BSD */
	expect_license((struct lic_in[]){ { "LICENSE", "\t\t   IBM Public License Version 1.0\n\nTHE ACCOMPANYING "
		"PROGRAM IS PROVIDED UNDER THE TERMS OF THIS IBM PUBLIC\nLICENSE (\"AGREEMENT\").  Redistribution and use "
		"in source and binary forms ...\n" }, { 0 } }, "IPL-1.0");
	/* a statement naming a GNU license is not its text */
	bool gnu;
	assert_null(id("Foo COPYING\nThe library is licensed under the GNU Lesser General Public License version 3.0 "
		       "or later (see the file COPYING.LESSERv3).\n", &gnu));
}

static void license_rule_statements(void **state)
{
	(void)state;
	/* htop: COPYING is GPL-2, the sources say "GPLv2+" */
	expect_license((struct lic_in[]){ { "COPYING", GPL2_TITLE },
		{ NULL, "/*\nhtop - htop.c\n(C) 2004-2011 Hisham H. Muhammad\nReleased under the GNU GPLv2+, see the "
			"COPYING file\nin the source distribution for its full text.\n*/\n" }, { 0 } }, "GPL-2.0-or-later");
	/* the same text, sources saying "version 2" only */
	expect_license((struct lic_in[]){ { "COPYING", GPL2_TITLE },
		{ NULL, "/* Released under the GNU General Public License, version 2. */\n" }, { 0 } }, "GPL-2.0-only");
	/* nettle: three GNU texts, the headers offer a choice of two */
	const char *nettle_hdr = "/* This file is part of GNU Nettle.\n\n   GNU Nettle is free software: you can "
		"redistribute it and/or\n   modify it under the terms of either:\n\n     * the GNU Lesser General "
		"Public License as published by the Free\n       Software Foundation; either version 3 of the License, "
		"or (at your\n       option) any later version.\n\n   or\n\n     * the GNU General Public License as "
		"published by the Free\n       Software Foundation; either version 2 of the License, or (at your\n"
		"       option) any later version.\n\n   or both in parallel, as here.\n*/\n";
	expect_license((struct lic_in[]){ { "COPYINGv2", GPL2_TITLE }, { "COPYINGv3", GPL3_TITLE },
		{ "COPYING.LESSERv3", LGPL3_TITLE }, { NULL, nettle_hdr }, { NULL, nettle_hdr }, { 0 } },
		"GPL-2.0-or-later OR LGPL-3.0-or-later");
	/* libidn2: COPYING is the statement; the tool is GPL-3.0-or-later */
	expect_license((struct lic_in[]){ { "COPYINGv2", GPL2_TITLE }, { "COPYING.LESSERv3", LGPL3_TITLE },
		{ "COPYING", "Libidn2 COPYING -- Licensing information.\n\nThe source code for the C library are\n"
			"licensed under the terms of either the GNU General Public License\nversion 2.0 or later (see the "
			"file COPYINGv2) or the GNU Lesser\nGeneral Public License version 3.0 or later (see the file\n"
			"COPYING.LESSERv3), or both in parallel as here.\n\nThe command line tool, self tests, examples, "
			"and other auxiliary\nfiles, are licensed under the GNU General Public License version 3.0\nor "
			"later.\n" }, { 0 } },
		"GPL-3.0-or-later AND (GPL-2.0-or-later OR LGPL-3.0-or-later)");
	/* a choice naming a license whose text is not shipped: no OR invented */
	expect_license((struct lic_in[]){ { "COPYING", GPL2_TITLE },
		{ NULL, "/* You may use this under either the GNU General Public License version 2 or later, or "
			"the GNU Affero General Public License version 3. */\n" }, { 0 } }, "GPL-2.0-or-later");
	/* nano: GPL-3 for the code, GFDL for the docs: both, docs last */
	expect_license((struct lic_in[]){ { "COPYING", GPL3_TITLE }, { "COPYING.DOC", GFDL12_TITLE },
		{ NULL, "License\n\n    Nano's code and documentation are covered by the GPL version 3 or\n    (at your "
			"option) any later version.  Nano's\n    documentation is additionally covered by the GNU Free "
			"Documentation\n    License version 1.2 or (at your option) any later version.\n" }, { 0 } },
		"GPL-3.0-or-later AND GFDL-1.2-or-later");
	/* less: the choice names the other license by its file */
	expect_license((struct lic_in[]){ { "COPYING", GPL3_TITLE }, { "LICENSE", "                          Less License\n\n"
		BSD3_AUTHOR }, { NULL, "    This program is free software.  You may redistribute it and/or\n    modify it under "
		"the terms of either:\n\n    1. The GNU General Public License, as published by the Free\n       Software "
		"Foundation; either version 3, or (at your option) any later\n       version.  A copy of this license is "
		"in the file COPYING.\n    or\n    2. The Less License, in the file LICENSE.\n" }, { 0 } },
		"BSD-3-Clause OR GPL-3.0-or-later");
	/* a License: field (PKG-INFO, META) is a tag */
	expect_license((struct lic_in[]){ { NULL, "Metadata-Version: 2.1\nName: x\nLicense: BSD-3-Clause\n" }, { 0 } },
		"BSD-3-Clause");
	/* a field that is no SPDX expression is nothing */
	expect_license((struct lic_in[]){ { NULL, "License: MIT %(touch /tmp/canary)\n" }, { 0 } }, NULL);
	/* a tests-only license file does not count; an unknown one makes FIXME */
	expect_license((struct lic_in[]){ { "COPYING", GPL2_TITLE }, { "COPYING.TESTS", "Apache License\nVersion 2.0, "
		"January 2004\n" }, { 0 } }, "GPL-2.0-only");
	size_t nu = 0;
	assert_null(decide((struct lic_in[]){ { "COPYING", GPL2_TITLE }, { "LICENSE.extra", "You may do what the "
		"author allows.\n" }, { 0 } }, &nu));
	assert_int_equal(nu, 1);
}


/* ---- one check for an install list, fresh or cached (specprobe.c) ------------ */

static int list_verdict(const char *const *paths, const char *types)
{
	struct acm_installed v[8];
	size_t n = 0;
	for (; paths[n]; n++)
		v[n] = (struct acm_installed){ (char *)paths[n], types[n] };
	struct acm_install_list l = { .v = v, .n = n };
	char *why = NULL;
	int rc = acm_specprobe_list_check(&l, &why);
	free(why);
	return rc;
}

static void install_list_check(void **state)
{
	(void)state;
	assert_int_equal(list_verdict((const char *[]){ "/usr", "/usr/bin", "/usr/bin/x", "/usr/lib/l.so", NULL }, "ddfl"), 0);
	const struct { const char *p[4]; const char *t; } bad[] = {
		{ { "/usr/bin/../../etc/shadow", NULL }, "f" },   /* .. */
		{ { "/etc/x//y", NULL }, "f" },                   /* not clean */
		{ { "/usr/./x", NULL }, "f" },
		{ { "usr/bin/x", NULL }, "f" },                   /* relative */
		{ { "/usr/bin/", NULL }, "d" },
		{ { "/b", "/a", NULL }, "ff" },                   /* unsorted */
		{ { "/a", "/a", NULL }, "ff" },                   /* twice */
		{ { "/a", "/a/b", NULL }, "ff" },                 /* below a file */
		{ { "/l", "/l/x", NULL }, "lf" },                 /* below a link */
		{ { "/x", NULL }, "c" },                          /* unknown type */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (list_verdict(bad[i].p, bad[i].t) != 65)
			fail_msg("install list %zu ('%s') was accepted", i, bad[i].p[0]);
}

/* ---- the spec writer with hostile values -------------------------------------- */

static void spec_write_hostile(void **state)
{
	(void)state;
	struct acm_detect d = { 0 };
	d.bs = ACM_BS_MAKEFILE;
	d.make_install = d.make_destdir = true;
	acm_strlist_add(&d.licenses, "MIT");
	acm_strlist_add(&d.license_files, "LICENSE");
	acm_strlist_add(&d.doc_files, "READ ME.v1,2");
	d.url = strdup("https://x.org/%41");
	struct acm_source_info info = { .arg = "/src/x/foo-%(touch canary)-1.2/", .name = "foo", .version = "1.2" };
	/* a given --summary is written as it is, through acm_spectext_text() */
	struct acm_spec sp = { .src = &info, .det = &d, .name = "foo", .version = "1.2", .release = "1",
			       .summary = "%post -p /bin/touch /tmp/canary",
			       .source0 = "foo-1.2.tar.gz", .setup_dir = "foo-1.2",
			       .packager = "Eve %(touch /tmp/canary) <e@x>\n%post\ntouch /tmp/canary", .date = 0 };
	int fixmes;
	char *spec = acm_spec_write(&sp, &fixmes);
	assert_non_null(spec);
	/* no line starts a section that the template does not have, and every
	 * '%' an outside value brought is doubled */
	for (const char *l = spec; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		size_t n = strcspn(l, " \n");
		if ((n == 5 && !strncmp(l, "%post", 5)) || (n == 4 && !strncmp(l, "%pre", 4)))
			fail_msg("a scriptlet line in the spec:\n%s", spec);
	}
	const char *want[] = { "%description\n %%post -p /bin/touch /tmp/canary.\n",
		"Summary:         %%post -p /bin/touch /tmp/canary\n", "URL:            https://x.org/%%41\n",
		"%doc \"READ ME.v1,2\"\n",
		"written by specgen from foo-%%(touch canary)-1.2\n",
		"Eve %%(touch /tmp/canary) <e@x> %%post touch /tmp/canary - 1.2-1\n", NULL };
	for (int i = 0; want[i]; i++)
		if (!strstr(spec, want[i]))
			fail_msg("missing in spec: %s\n---\n%s", want[i], spec);
	free(spec);

	/* values that cannot be written: no spec at all */
	const char *names[] = { "foo%(touch /tmp/canary)", "foo bar", "foo\n%post", "%{lua:x}", NULL };
	for (int i = 0; names[i]; i++) {
		sp.name = names[i];
		assert_null(acm_spec_write(&sp, &fixmes));
	}
	sp.name = "foo";
	sp.url = "http://x/%{lua:os.execute('touch /tmp/canary')}";
	assert_null(acm_spec_write(&sp, &fixmes));
	sp.url = NULL;
	sp.license = "MIT\n%post";
	assert_null(acm_spec_write(&sp, &fixmes));
	sp.license = NULL;
	const char *docs[] = { "README\n%pre\ntouch /tmp/canary", "README.%(touch /tmp/canary)",
			       "README$(touch /tmp/canary)", NULL };
	for (int i = 0; docs[i]; i++) {
		acm_strlist_free(&d.doc_files);
		acm_strlist_add(&d.doc_files, docs[i]);
		assert_null(acm_spec_write(&sp, &fixmes));
	}
	acm_detect_free(&d);
}

/* ---- the Summary: what the project says of itself (specsummary.h) ------------- */

/* a zfs.spec.in-like spec: the main package's Summary, not a subpackage's */
static const char main_spec[] =
	"%global x 1\nName:           @PACKAGE@\nVersion:        @VERSION@\n"
	"Summary(de):    Befehle\nSummary:        Commands to control the kernel modules and libraries\n"
	"%package -n libzfs5\nSummary:        Native ZFS filesystem library for Linux\n"
	"%description\nThe ZFS userland.\n";

static void expect_pick(const struct acm_summaries *s, const char *name, const char *want)
{
	const char *from = NULL;
	char *got = acm_summary_pick(s, name, &from);
	if (!want) {
		if (got)
			fail_msg("a Summary was picked (from %s): '%s'", from, got);
		return;
	}
	if (!got || strcmp(got, want))
		fail_msg("Summary '%s' (from %s), wanted '%s'", got ? got : "(none)", from ? from : "-", want);
	free(got);
}

static void summary_sources(void **state)
{
	(void)state;
	/* 1. a shipped spec: its main package's Summary; a kmod/dkms spec never */
	char *t = acm_summary_of_spec(main_spec);
	assert_string_equal(t, "Commands to control the kernel modules and libraries");
	free(t);
	assert_null(acm_summary_of_spec("Name: %{module}-kmod\nSummary: Kernel module(s)\n"));
	assert_null(acm_summary_of_spec("Summary: OpenAFS\nName: dkms-openafs\n"));
	assert_null(acm_summary_of_spec("Name: x\n%description\nSummary: not a tag here\n"));
	t = acm_summary_of_spec("Summary: OpenAFS distributed filesystem\nName: openafs\n%package client\n"
				"Summary: OpenAFS Filesystem Client\n");
	assert_string_equal(t, "OpenAFS distributed filesystem");
	free(t);
	/* 5. a .pc.in */
	t = acm_summary_of_pc("prefix=@prefix@\nName: libzfs\nDescription: LibZFS library\nVersion: @VERSION@\n");
	assert_string_equal(t, "LibZFS library");
	free(t);

	/* each source alone gives the Summary */
	static const struct { enum acm_summary_from from; const char *path, *lib, *text, *want; } one[] = {
		{ ACM_SUMMARY_SPEC, "rpm/generic/zfs.spec.in", NULL, "Commands for ZFS pools", "Commands for ZFS pools" },
		{ ACM_SUMMARY_PYTHON, "pyproject.toml", NULL, "Parses TOML files.", "Parses TOML files" },
		{ ACM_SUMMARY_CMAKE, "CMakeLists.txt", NULL, "zfs: a tool for pools", "Tool for pools" },
		{ ACM_SUMMARY_MESON, "lib/meson.build", "libzfs", "Pool library", "Pool library" },
		{ ACM_SUMMARY_PC, "lib/libzfs/libzfs.pc.in", "libzfs", "LibZFS library", "LibZFS library" },
		{ ACM_SUMMARY_PC, "zfs-2.pc.in", "zfs-2", "Pool  tools\n for ZFS", "Pool tools for ZFS" },
		/* not the package's own library, or meson's subprojects: not its word */
		{ ACM_SUMMARY_PC, "lib/libzfs_core.pc.in", "libzfs_core", "Core library", NULL },
		{ ACM_SUMMARY_MESON, "subprojects/zlib/meson.build", "zfs", "Zlib", NULL },
		/* a kernel-module spec by its file name */
		{ ACM_SUMMARY_SPEC, "rpm/generic/zfs-kmod.spec.in", NULL, "Kernel module(s)", NULL },
		{ ACM_SUMMARY_SPEC, "zfs-dkms.spec", NULL, "Kernel module(s) (dkms)", NULL },
	};
	for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
		struct acm_summaries s = { 0 };
		acm_summary_add(&s, one[i].from, one[i].path, one[i].lib, one[i].text);
		expect_pick(&s, "zfs", one[i].want);
		acm_summaries_free(&s);
	}

	/* the order: spec, python, cmake, meson, pc - whatever order they were read in */
	struct acm_summaries s = { 0 };
	acm_summary_add(&s, ACM_SUMMARY_PC, "libfoo.pc.in", "libfoo", "From the pc");
	acm_summary_add(&s, ACM_SUMMARY_MESON, "meson.build", "foo", "From meson");
	acm_summary_add(&s, ACM_SUMMARY_CMAKE, "CMakeLists.txt", NULL, "From CMake");
	acm_summary_add(&s, ACM_SUMMARY_PYTHON, "setup.py", NULL, "From setup.py");
	acm_summary_add(&s, ACM_SUMMARY_SPEC, "contrib/other.spec", NULL, "From another spec");
	acm_summary_add(&s, ACM_SUMMARY_SPEC, "rpm/b/foo.spec.in", NULL, "From foo.spec.in in b");
	acm_summary_add(&s, ACM_SUMMARY_SPEC, "rpm/a/foo.spec.in", NULL, "From foo.spec.in in a");
	acm_summary_add(&s, ACM_SUMMARY_SPEC, "foo-kmod.spec", NULL, "From the kmod spec");
	const char *order[] = { "From foo.spec.in in a", "From foo.spec.in in b", "From another spec",
				"From setup.py", "From CMake", "From meson", "From the pc", NULL };
	for (int i = 0; order[i]; i++) {
		expect_pick(&s, "foo", order[i]);
		/* the winner now holds a placeholder: refused, the next one speaks */
		for (size_t j = 0; j < s.n; j++)
			if (!strcmp(s.v[j].text, order[i])) {
				free(s.v[j].text);
				s.v[j].text = strdup("@PACKAGE@ tools");
			}
	}
	expect_pick(&s, "foo", NULL);   /* none left: the writer's FIXME */
	acm_summaries_free(&s);

	/* CMake: the build root's project(), not a vendored one's */
	const char *roots[] = { NULL, "expat", "zlib" };
	const char *root_want[] = { "From the top", "From expat", NULL };
	for (int i = 0; i < 3; i++) {
		acm_summary_add(&s, ACM_SUMMARY_CMAKE, "zlib/CMakeLists.txt", NULL, i == 2 ? "@PACKAGE@" : "A zlib");
		acm_summary_add(&s, ACM_SUMMARY_CMAKE, "expat/CMakeLists.txt", NULL, "From expat");
		if (i == 0)
			acm_summary_add(&s, ACM_SUMMARY_CMAKE, "CMakeLists.txt", NULL, "From the top");
		acm_summary_add(&s, ACM_SUMMARY_PC, "expat/foo.pc.in", "foo", i == 2 ? NULL : "Not CMake");
		acm_summary_root(&s, ACM_SUMMARY_CMAKE, roots[i]);
		expect_pick(&s, "foo", root_want[i]);
		acm_summaries_free(&s);
	}
}

static void summary_plain_and_tidy(void **state)
{
	(void)state;
	/* refused: macros and placeholders left unfilled, controls, not UTF-8 */
	const char *refused[] = { "@PACKAGE@ tools", "Tools for %{name}", "%(touch /tmp/canary)",
		"%post -p /bin/sh", "Tools for %name", "%%doc", "${PROJECT_NAME} library", "$(NAME) x",
		"%_libdir", "%?x", "a\001b", "a\177b", "caf\xe9", "\xc2\x85next line", "", " \n\t ", NULL };
	for (int i = 0; refused[i]; i++) {
		char *t = acm_summary_plain(refused[i]);
		if (t)
			fail_msg("'%s' was taken as plain: '%s'", refused[i], t);
	}
	/* plain: blanks and line breaks are one blank; '%' and '@' that fill nothing stay */
	static const struct { const char *in, *want; } plain[] = {
		{ "  Tools\n%post -p /bin/sh", NULL },   /* a directive on a line of its own: refused */
		{ "Tools\nBuildRequires: evil\r\n", "Tools BuildRequires: evil" },
		{ "100% pure C, mail me@x.org", "100% pure C, mail me@x.org" },
		{ "Caf\xc3\xa9 tools\t", "Caf\xc3\xa9 tools" },
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		char *t = acm_summary_plain(plain[i].in);
		if (plain[i].want ? !t || strcmp(t, plain[i].want) : t != NULL)
			fail_msg("plain('%s') = '%s'", plain[i].in, t ? t : "(refused)");
		free(t);
	}
	/* rpm's conventions */
	static const struct { const char *in, *want; } tidy[] = {
		{ "Parses TOML files...", "Parses TOML files" },
		{ "foo is a tool to frob", "Tool to frob" },
		{ "Foo: an ABI checker", "ABI checker" },
		{ "football scores", "Football scores" },   /* not the name "foo" */
		{ "A library that reads and writes widgets in every single format anyone has ever used. It is fast.",
		  NULL },   /* first sentence still longer than 79 */
		{ "Reads widgets. It does so in every format anyone ever used, quickly and without a fuss at all",
		  "Reads widgets" },
		{ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", /* 79 */
		  "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
		{ "foo", NULL },
		{ "...", NULL },
	};
	for (size_t i = 0; i < sizeof tidy / sizeof tidy[0]; i++) {
		char *t = acm_summary_tidy(tidy[i].in, "foo");
		if (tidy[i].want ? !t || strcmp(t, tidy[i].want) : t != NULL)
			fail_msg("tidy('%s') = '%s'", tidy[i].in, t ? t : "(refused)");
		free(t);
	}
}

/* The writer with detected summaries: a hostile one never leaves its line,
 * a refused one leaves the FIXME, a '%' is doubled. */
static void summary_in_spec(void **state)
{
	(void)state;
	static const struct { const char *text, *want; } cases[] = {
		{ "Tools\n%post -p /bin/touch /tmp/canary", "# FIXME: say in a few words what this software does\n"
		  "Summary:        Software built from its upstream source\n" },
		{ "Tools\nBuildRequires: evil", "Summary:        Tools BuildRequires: evil\n" },
		{ "% of CPU, per process", "Summary:         %% of CPU, per process\n" },
		{ "Tools \\\n for pools", "Summary:        Tools   for pools\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct acm_detect d = { 0 };
		d.bs = ACM_BS_MAKEFILE;
		d.make_install = d.make_destdir = true;
		acm_strlist_add(&d.licenses, "MIT");
		d.parsing_top = true;
		d.parsing_path = "CMakeLists.txt";
		char *cm = acm_xasprintf("project(foo DESCRIPTION \"%s\")\n", cases[i].text);
		acm_specparse_cmake(&d, cm);
		free(cm);
		struct acm_source_info info = { .arg = "foo-1.tar.gz", .name = "foo", .version = "1" };
		struct acm_spec sp = { .src = &info, .det = &d, .name = "foo", .version = "1", .release = "1",
				       .source0 = "foo-1.tar.gz", .setup_dir = "foo-1", .packager = "P <p@x>" };
		char *spec = acm_spec_write(&sp, NULL);
		assert_non_null(spec);
		if (!strstr(spec, cases[i].want))
			fail_msg("missing in spec: %s\n---\n%s", cases[i].want, spec);
		for (const char *l = spec; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l))
			if (!strncmp(l, "%post", 5) || !strncmp(l, "BuildRequires: evil", 19))
				fail_msg("a line of the summary's own in the spec:\n%s", spec);
		free(spec);
		acm_detect_free(&d);
	}
}

/* The path a DESTDIR-ignoring install could not write, from the trial's
 * log: coreutils' quoted form, the shell's bare form, UTF-8 quotes; never
 * a path inside the probe directory, nothing when no write failed. */
/* A failed trial's log says whose the failure is: the host's (a missing
 * header, package, program) or the upstream's (cpio's program_name
 * defined twice, snappy's always_inline), on one line each */
static void trial_failure_cause(void **state)
{
	(void)state;
	static const struct { const char *log, *want; } cases[] = {
		{ "src/x.c:64:12: fatal error: lzo/lzoconf.h: No such file or directory\n", "a header it includes is missing" },
		{ "CMake Error at CMakeLists.txt:9 (find_package):\n  Could NOT find ZLIB (missing: ZLIB_LIBRARY)\n",
		  "CMake did not find" },
		{ "meson.build:12:0: ERROR: Dependency \"glib-2.0\" not found, tried pkgconfig\n", "meson did not find" },
		{ "/bin/sh: line 1: doxygen: command not found\n", "a program it runs is missing" },
		{ "/usr/bin/ld: ../gnu/libgnu.a(progname.o):progname.c:33: multiple definition of `program_name'; "
		  "global.o:src/global.c:188: first defined here\n", "the link found a variable defined twice" },
		{ "snappy.cc:1017:8: error: inlining failed in call to 'always_inline' 'size_t f()': function body "
		  "can be overwritten at link time\n", "the compiler rejects its always_inline" },
		{ "checking for lzo1x.h... no\nconfigure: error: LZO header files not found.\n", "configure stopped" },
		/* the two halves on different lines are no such line */
		{ "fatal error: x.h: permission denied\nNo such file or directory\n", NULL },
		{ "gcc -o x x.c\nerror: Bad exit status from /tmp/rpm-tmp.1 (%build)\n", NULL },
		{ "", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = acm_specprobe_failure_cause(cases[i].log);
		if (!cases[i].want)
			assert_null(got);
		else
			assert_true(got && !strncmp(got, cases[i].want, strlen(cases[i].want)));
	}
	assert_null(acm_specprobe_failure_cause(NULL));
}

static void trial_outside_write(void **state)
{
	(void)state;
	const char *top = "/tmp/specgen-probe-X";
	static const char *const cases[][2] = {
		{ "mkdir -p /usr/local/lib/x\nmkdir: cannot create directory '/usr/local/lib/x': Read-only file system\n",
		  "/usr/local/lib/x" },
		{ "+ cd /tmp/specgen-probe-X/BUILD\n/bin/sh: 1: cannot create /usr/man/man1/tree.1: Permission denied\n",
		  "/usr/man/man1/tree.1" },
		{ "install: cannot create regular file \xe2\x80\x98/usr/local/bin/lua\xe2\x80\x99: Read-only file system\n",
		  "/usr/local/bin/lua" },
		{ "cp: cannot create regular file '/tmp/specgen-probe-X/BUILDROOT/a': Permission denied\n", NULL },
		{ "gcc -o x x.c\nerror: Bad exit status from /tmp/specgen-probe-X/tmp/rpm-tmp.1 (%build)\n", NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = acm_specprobe_outside_write(cases[i][0], top);
		if (cases[i][1])
			assert_string_equal(got, cases[i][1]);
		else
			assert_null(got);
		free(got);
	}
}

/* spec.in placeholders: names, versions, releases and directories filled;
 * one left over refuses and is named once; an e-mail is not one. */
static void specin_fill(void **state)
{
	(void)state;
	char *left = NULL;
	char *t = acm_specextract_fill("Name: @PACKAGE_NAME@\nVersion: @VERSION@\nRelease: @RELEASE@\n"
					 "@SBINDIR@ @sbindir@ @CMAKE_INSTALL_LIBDIR@ <a@b.org>\n",
					 "nvme-cli", "2.4", "1", &left);
	assert_non_null(t);
	assert_null(left);
	assert_string_equal(t, "Name: nvme-cli\nVersion: 2.4\nRelease: 1\n"
			       "%{_sbindir} %{_sbindir} %{_libdir} <a@b.org>\n");
	free(t);
	t = acm_specextract_fill("Version: @VERSION@\nRelease: @RELEASE@ @FOO@ @FOO@\n", "x", NULL, NULL, &left);
	assert_null(t);
	assert_string_equal(left, "@VERSION@, @RELEASE@, @FOO@");
	free(left);
}

/* The corpus's causes (issue 15): BuildRequires from library/header/package
 * checks, optional parts off, the kernel-module switch, the fallback order,
 * Makefile conventions. */
static void corpus_causes(void **state)
{
	(void)state;
	struct acm_detect d = { 0 };
	acm_specparse_autoconf(&d,
		"AC_INIT([foo], [1.2])\nLT_INIT\n"
		"dnl PKG_CHECK_MODULES(VARIABLE-PREFIX, MODULES, [ACTION])\n"
		"# PKG_CHECK_MODULES(X, COMMENTED)\n"
		"PKG_CHECK_MODULES([JSON], [json-c >= 0.13])\nPKG_CHECK_MODULES([Z], [zlib])\n"
		"AC_CHECK_LIB([gmp], [__gmpz_init])\nAC_SEARCH_LIBS([u8_strlen], [unistring])\n"
		"AC_CHECK_HEADERS([stdio.h zlib.h])\nAC_PATH_PROG([M4], [m4])\n"
		"AC_ARG_ENABLE([doc], [AS_HELP_STRING([--disable-doc], [no docs])])\n"
		"AC_ARG_ENABLE([gcc-warnings])\nAC_ARG_ENABLE([tests;touch /tmp/x])\n"
		"AC_ARG_ENABLE([fuzzing], [AS_HELP_STRING([--enable-fuzzing], [x])],\n"
		"  [enable_fuzzing=yes; AC_SUBST([LIB_FUZZING_ENGINE])], [enable_fuzzing=no])\n"
		"AC_ARG_ENABLE([examples], [x], [use_examples=$enableval])\n"
		"AC_ARG_WITH([config], AS_HELP_STRING([--with-config=CONFIG], [Config file 'kernel|user|all|srpm']))\n");
	acm_specparse_m4(&d, "AC_ARG_ENABLE([kernel-module], [AS_HELP_STRING([--disable-kernel-module])])\n");
	acm_specparse_cmake(&d, "project(foo VERSION 9.9)\nfind_package(OpenSSL REQUIRED)\n"
			    "option(FOO_BUILD_TESTS \"tests\" ON)\noption(FOO_INSTALL \"install\" ON)\n"
			    "option(X_DOC$(touch) \"x\" ON)\n");
	d.has_configure_ac = d.has_cmake = d.has_autogen = true;
	acm_specparse_bootstrap(&d, "#!/bin/sh\nautoreconf -fi\n");
	acm_strlist_add(&d.pc_provided, "json-c");   /* json-c.pc.in */
	acm_detect_finish(&d);
	assert_int_equal(d.bs, ACM_BS_AUTOTOOLS);
	assert_true(d.autoreconf);
	assert_string_equal(d.bootstrap, "bootstrap");
	assert_string_equal(d.declared_version, "1.2");
	assert_true(d.kernel_module);
	const char *pcs[] = { "pkgconfig(zlib)", NULL };   /* never itself (json-c) */
	expect_list(&d.pkgconfig, pcs);
	const char *brs[] = { "gmp-devel", "libunistring-devel", "m4", NULL };   /* zlib.h: already pkgconfig(zlib) */
	expect_list(&d.buildreq, brs);
	/* not --disable-fuzzing: libtasn1's action-if-given sets yes whatever was given */
	const char *offs[] = { "--disable-doc", "--disable-examples", "--with-config=user", "--disable-kernel-module", NULL };
	expect_list(&d.configure_args, offs);
	/* the trial failed: CMake next, with its own lists */
	assert_true(acm_detect_fallback(&d));
	assert_int_equal(d.bs, ACM_BS_CMAKE);
	const char *cm[] = { "-DBUILD_TESTING=OFF", "-DFOO_BUILD_TESTS=OFF", NULL };
	expect_list(&d.configure_args, cm);
	const char *cbr[] = { "pkgconfig(openssl)", NULL };
	expect_list(&d.buildreq, cbr);
	assert_false(acm_detect_fallback(&d));
	acm_detect_free(&d);

	/* AC_CHECK_PROGS / AC_PATH_PROGS name tools as AC_CHECK_PROG does
	 * (libpcap's bison); lzop's LZO and libpcap's bluetooth headers */
	memset(&d, 0, sizeof(d));
	acm_specparse_autoconf(&d, "AC_INIT([x], [1])\nAC_CHECK_PROGS(BISON_BYACC, bison)\n"
			       "AC_PATH_PROGS([PERL], [perl5 perl])\nAC_CHECK_PROGS(DOXY, doxygen)\n"
			       "AC_CHECK_HEADERS([lzo/lzoconf.h lzo/lzo1x.h])\n"
			       "AC_CHECK_HEADER(bluetooth/bluetooth.h, [HAVE_BT=yes])\n");
	d.has_configure = d.has_configure_ac = true;
	acm_detect_finish(&d);
	const char *progs[] = { "pkgconfig(bluez)", "pkgconfig(lzo2)", "perl-interpreter", "bison", NULL };
	expect_list(&d.buildreq, progs);
	acm_detect_free(&d);

	memset(&d, 0, sizeof(d));
	acm_specparse_meson_options(&d, "option('docs', type : 'boolean', value : true)\n"
				    "option('tests', type: 'feature')\noption('tools', type : 'boolean')\n"
				    "option('gtk_doc', type : 'combo', choices : ['a'])\n");
	acm_specparse_meson(&d, "project('bar', 'c', version : '3.1')\npkg.generate(libbar, filebase : 'bar')\n"
			    "dependency('bar')\ndependency('glib-2.0')\n");
	d.has_meson = true;
	d.parsing_top = true;
	acm_detect_finish(&d);
	const char *mo[] = { "-Ddocs=false", "-Dtests=disabled", NULL };
	expect_list(&d.configure_args, mo);
	const char *mpc[] = { "pkgconfig(glib-2.0)", NULL };
	expect_list(&d.pkgconfig, mpc);
	acm_detect_free(&d);

	/* lz4's multi-target install rule; lua's INSTALL_TOP; a sub-make's rules are not the top's */
	memset(&d, 0, sizeof(d));
	d.parsing_sub = true;
	acm_specparse_makefile(&d, "install:\n\tcp x $(DESTDIR)/x\n");
	assert_false(d.make_install);
	assert_true(d.make_destdir);
	d.parsing_sub = false;
	acm_specparse_makefile(&d, "INSTALL_TOP= /usr/local\nCFLAGS := -O2\ninstall uninstall:\n\t$(MAKE) -C lib $@\n");
	assert_true(d.make_install);
	assert_string_equal(d.make_prefix_var, "INSTALL_TOP");
	acm_detect_free(&d);

	/* no install rule: the default goal's programs (sl: its first rule;
	 * "all:" with a variable; never a phony, an object or a path) */
	static const struct { const char *mk; const char *want[3]; } goals[] = {
		{ "CC=gcc\nCFLAGS=-O\n\nsl: sl.c sl.h\n\t$(CC) $(CFLAGS) -o sl sl.c -lncurses\n", { "sl" } },
		{ "PROGS := ab cd\n.PHONY: all\nall: $(PROGS) x.o ../y\nab: ab.c\n", { "ab", "cd" } },
		{ "default: tool\nclean:\n\trm -f tool\n", { "tool" } },
		{ "clean:\n\trm -f *.o\nprog: prog.c\n", { NULL } },
		{ "all: doc.html $(NONE) %.o\n", { NULL } },
		/* hostile names never reach %install: no shell or macro text */
		{ "X = a;touch /tmp/canary $(shell id) %{lua:x} `id` -rf\nall: $(X) b|c\n", { NULL } },
	};
	for (size_t i = 0; i < sizeof goals / sizeof goals[0]; i++) {
		memset(&d, 0, sizeof(d));
		acm_specparse_makefile(&d, goals[i].mk);
		assert_false(d.make_install);
		expect_list(&d.make_programs, goals[i].want);
		acm_detect_free(&d);
	}
	/* a plain Makefile's link flags are BuildRequires (sl's -lncurses), a
	 * pkg-config call's modules too; the C library's and unknown names, a
	 * recipe's "ls -la" and "-lfoo" glued to a word give nothing */
	static const struct { const char *mk; const char *want[4]; } links[] = {
		{ "sl: sl.c sl.h\n\t$(CC) $(CFLAGS) -o sl sl.c -lncurses\n", { "pkgconfig(ncursesw)" } },
		{ "LDLIBS=-lz -lm -lpthread\nall: x\n\tls -la; wc -l x\n", { "pkgconfig(zlib)" } },
		{ "CFLAGS += $(shell pkg-config --cflags --libs glib-2.0 libfoo) x-lz\n"
		  "LIBS = `$(PKG_CONFIG) --libs openssl`\nV = $(shell pkg-config --modversion gtk)\n",
		  { "pkgconfig(glib-2.0)", "pkgconfig(libfoo)", "pkgconfig(openssl)" } },
		{ "X = $(shell pkg-config --libs 'a;touch /tmp/canary' %{lua:x})\n", { NULL } },
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		memset(&d, 0, sizeof(d));
		acm_specparse_makefile(&d, links[i].mk);
		expect_list(&d.br_make, links[i].want);
		d.has_makefile = true;
		acm_detect_finish(&d);
		assert_int_equal(d.bs, ACM_BS_MAKEFILE);
		expect_list(&d.buildreq, links[i].want);
		acm_detect_free(&d);
	}
	/* automake's info_TEXINFOS, continued lines, in a subdirectory */
	memset(&d, 0, sizeof(d));
	acm_specparse_automake(&d, "doc", "# x\ninfo_TEXINFOS = cpio.texi \\\n\tother.texi\nEXTRA_DIST = info_TEXINFOS\n");
	acm_specparse_automake(&d, "", "info_TEXINFOS += top.texinfo\n");
	const char *tex[] = { "doc/cpio.texi", "doc/other.texi", "top.texinfo", NULL };
	expect_list(&d.texinfos, tex);
	acm_detect_free(&d);
	/* the spec copies them, each with its man page */
	memset(&d, 0, sizeof(d));
	d.bs = ACM_BS_MAKEFILE;
	acm_strlist_add(&d.make_programs, "sl");
	acm_strlist_add(&d.man_pages, "sl.1");
	acm_strlist_add(&d.man_pages, "other.8");
	acm_strlist_add(&d.licenses, "MIT");
	struct acm_source_info info = { .arg = "sl-5.02.tar.gz", .name = "sl", .version = "5.02" };
	struct acm_spec sp = { .src = &info, .det = &d, .name = "sl", .version = "5.02", .release = "1",
			       .source0 = "sl-5.02.tar.gz", .setup_dir = "sl-5.02", .packager = "P <p@x>", .date = 0 };
	int fixmes = 0;
	char *spec = acm_spec_write(&sp, &fixmes);
	assert_non_null(spec);
	assert_non_null(strstr(spec, "install -Dpm 0755 sl %{buildroot}%{_bindir}/sl\n"
				     "install -Dpm 0644 sl.1 %{buildroot}%{_mandir}/man1/sl.1\n"));
	assert_null(strstr(spec, "other.8"));
	assert_null(strstr(spec, "no install target; copy"));
	free(spec);
	acm_detect_free(&d);
}

/* The spec side: a build root one level down, Python's interpreter not
 * pinned, no BuildRequires on itself, a docs-only install has no payload. */
static void corpus_spec(void **state)
{
	(void)state;
	struct acm_install_list l = { 0 };
	const char *const dirs[][2] = { { "python3_sitelib", "/usr/lib/python3.11/site-packages" },
		{ "_libdir", "/usr/lib64" }, { "_defaultdocdir", "/usr/share/doc" }, { "_mandir", "/usr/share/man" } };
	const char *const files[][2] = {
		{ "/usr/lib/python3.11/site-packages/toml", "d" },
		{ "/usr/lib/python3.11/site-packages/toml/__init__.py", "f" },
		{ "/usr/lib/python3.11/site-packages/toml-0.10.2-py3.11.egg-info", "d" },
		{ "/usr/lib/python3.11/site-packages/toml-0.10.2-py3.11.egg-info/PKG-INFO", "f" },
		{ "/usr/lib/python3.11/site-packages/_speedups.cpython-311-x86_64-linux-gnu.so", "f" },
		{ "/usr/lib64/pkgconfig/toml.pc", "f" },
	};
	make_list(&l, dirs, sizeof(dirs) / sizeof(dirs[0]), files, sizeof(files) / sizeof(files[0]));
	struct acm_detect d = { 0 };
	d.bs = ACM_BS_CMAKE;
	d.lang_c = true;
	d.subdir = strdup("expat");
	acm_strlist_add(&d.pkgconfig, "pkgconfig(toml) >= 1");
	acm_strlist_add(&d.pkgconfig, "pkgconfig(zlib)");
	acm_strlist_add(&d.configure_args, "-DBUILD_TESTING=OFF");
	acm_strlist_add(&d.licenses, "MIT");
	struct acm_source_info info = { .arg = "toml-1.tar.gz", .name = "toml", .version = "1" };
	struct acm_spec sp = { .src = &info, .det = &d, .name = "toml", .version = "1", .release = "1",
			       .summary = "Parses TOML", .source0 = "toml-1.tar.gz", .setup_dir = "toml-1",
			       .packager = "A <a@b.c>", .files = &l };
	char *spec = acm_spec_write(&sp, NULL);
	assert_non_null(spec);
	const char *want[] = { "%build\ncd expat\n", "%install\ncd expat\n", "%cmake -DBUILD_TESTING=OFF\n",
			       "%{python3_sitelib}/toml-0.10.2-py3*.egg-info/\n",
			       "%{python3_sitelib}/_speedups.cpython-3*-x86_64-linux-gnu.so\n",
			       "BuildRequires:  pkgconfig(zlib)\n" };
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(spec, want[i]))
			fail_msg("missing in spec: %s\n---\n%s", want[i], spec);
	assert_null(strstr(spec, "py3.11"));
	assert_null(strstr(spec, "pkgconfig(toml)"));
	assert_true(acm_spec_has_payload(&l));
	free(spec);
	/* a switch or directory that is not a word never reaches %build */
	acm_strlist_add(&d.configure_args, "-DX=$(touch /tmp/canary)");
	assert_null(acm_spec_write(&sp, NULL));
	acm_strlist_free(&d.configure_args);
	free(d.subdir);
	d.subdir = strdup("a;touch /tmp/canary");
	assert_null(acm_spec_write(&sp, NULL));
	acm_detect_free(&d);
	acm_install_list_free(&l);

	/* only docs and man pages: nothing of the project */
	const char *const docs[][2] = { { "_defaultdocdir", "/usr/share/doc" }, { "_mandir", "/usr/share/man" } };
	const char *const only[][2] = { { "/usr/share/doc/sl/README", "f" }, { "/usr/share/man/man1/sl.1.gz", "f" } };
	make_list(&l, docs, 2, only, 2);
	assert_false(acm_spec_has_payload(&l));
	acm_install_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(licenses),
		cmocka_unit_test(parse_build_files),
		cmocka_unit_test(libtool_static),
		cmocka_unit_test(parse_makefile_and_license_suffix),
		cmocka_unit_test(files_split),
		cmocka_unit_test(owned_dirs),
		cmocka_unit_test(spdx_expressions),
		cmocka_unit_test(spdx_tags),
		cmocka_unit_test(spectext_rules),
		cmocka_unit_test(licenses_one_or_none),
		cmocka_unit_test(license_rule_texts),
		cmocka_unit_test(license_rule_statements),
		cmocka_unit_test(install_list_check),
		cmocka_unit_test(spec_write_hostile),
		cmocka_unit_test(summary_sources),
		cmocka_unit_test(summary_plain_and_tidy),
		cmocka_unit_test(summary_in_spec),
		cmocka_unit_test(trial_outside_write),
		cmocka_unit_test(trial_failure_cause),
		cmocka_unit_test(specin_fill),
		cmocka_unit_test(corpus_causes),
		cmocka_unit_test(corpus_spec),
	};
	return cmocka_run_group_tests_name("specgen", tests, NULL, NULL);
}

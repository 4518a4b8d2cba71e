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
#include "specdetect.h"
#include "specwrite.h"

static const char *id(const char *text, bool *gnu)
{
	return acm_license_identify(text, strlen(text), gnu);
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

static void parse_autoconf(void **state)
{
	(void)state;
	struct acm_detect d = { 0 };
	acm_detect_autoconf(&d, "AC_INIT([foo], [1.0], [bugs@x], [foo], [https://x.org/foo])\n"
			    "PKG_CHECK_MODULES([GLIB], [glib-2.0 >= 2.56 gio-2.0])\n"
			    "PKG_CHECK_MODULES(SSL, openssl,, [have_ssl=no])\n"
			    "PKG_CHECK_MODULES([X], [$DYNAMIC])\nLT_INIT\nAC_PROG_CXX\n");
	d.has_configure_ac = true;
	acm_detect_finish(&d);
	assert_int_equal(d.bs, ACM_BS_AUTOTOOLS);
	assert_true(d.autoreconf);
	assert_true(d.libtool);
	assert_true(d.lang_cxx);
	assert_string_equal(d.url, "https://x.org/foo");
	assert_int_equal(d.pkgconfig.n, 3);
	assert_string_equal(d.pkgconfig.v[0], "pkgconfig(glib-2.0) >= 2.56");
	assert_string_equal(d.pkgconfig.v[1], "pkgconfig(gio-2.0)");
	assert_string_equal(d.pkgconfig.v[2], "pkgconfig(openssl)");
	acm_detect_free(&d);
}

static void parse_cmake_meson(void **state)
{
	(void)state;
	struct acm_detect d = { 0 };
	acm_detect_cmake(&d, "cmake_minimum_required(VERSION 3.10)\n"
			 "project(bar VERSION 2.1 DESCRIPTION \"Bar does things\" HOMEPAGE_URL \"https://bar.org\" LANGUAGES C)\n"
			 "find_package(PkgConfig REQUIRED)\n"
			 "pkg_check_modules(DEPS REQUIRED IMPORTED_TARGET libusb-1.0>=1.0.20 zlib)\n");
	d.has_cmake = true;
	acm_detect_finish(&d);
	assert_int_equal(d.bs, ACM_BS_CMAKE);
	assert_true(d.lang_c);
	assert_false(d.lang_cxx);   /* LANGUAGES C only */
	assert_string_equal(d.summary, "Bar does things");
	assert_string_equal(d.url, "https://bar.org");
	assert_int_equal(d.pkgconfig.n, 2);
	assert_string_equal(d.pkgconfig.v[0], "pkgconfig(libusb-1.0) >= 1.0.20");
	assert_string_equal(d.pkgconfig.v[1], "pkgconfig(zlib)");
	acm_detect_free(&d);

	memset(&d, 0, sizeof(d));
	acm_detect_meson(&d, "project('baz', 'c', 'cpp', version : '0.1')\n"
			 "glib = dependency('glib-2.0', version : '>=2.60')\n"
			 "thr = dependency('threads')\n"
			 "opt = dependency('libsystemd', required : false)\n"
			 "x11 = dependency(\"x11\", required: true)\n");
	d.has_meson = true;
	acm_detect_finish(&d);
	assert_int_equal(d.bs, ACM_BS_MESON);
	assert_true(d.lang_cxx);
	assert_int_equal(d.pkgconfig.n, 2);
	assert_string_equal(d.pkgconfig.v[0], "pkgconfig(glib-2.0) >= 2.60");
	assert_string_equal(d.pkgconfig.v[1], "pkgconfig(x11)");
	acm_detect_free(&d);
}

static void parse_makefile_and_license_suffix(void **state)
{
	(void)state;
	struct acm_detect d = { 0 };
	acm_detect_makefile(&d, "PREFIX ?= /usr/local\nall: x\ninstall: x\n\tinstall x $(DESTDIR)$(PREFIX)/bin\n");
	d.has_makefile = true;
	acm_strlist_add(&d.licenses, "GPL-2.0@GNU");
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
	acm_strlist_add(&d.licenses, "GPL-2.0@GNU");
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

static void files_split(void **state)
{
	(void)state;
	struct acm_install_list l = { 0 };
	const char *dirs[][2] = { { "_includedir", "/usr/include" }, { "_mandir", "/usr/share/man" },
				  { "_libdir", "/usr/lib64" }, { "_bindir", "/usr/bin" },
				  { "_datadir", "/usr/share" }, { "_prefix", "/usr" } };
	l.ndirs = sizeof(dirs) / sizeof(dirs[0]);
	l.dirs = calloc(l.ndirs, sizeof(*l.dirs));
	for (size_t i = 0; i < l.ndirs; i++) {
		l.dirs[i][0] = strdup(dirs[i][0]);
		l.dirs[i][1] = strdup(dirs[i][1]);
	}
	const char *files[][2] = {
		{ "/usr/bin/tool", "f" }, { "/usr/include/foo", "d" }, { "/usr/include/foo/foo.h", "f" },
		{ "/usr/lib64/libfoo.a", "f" }, { "/usr/lib64/libfoo.la", "f" }, { "/usr/lib64/libfoo.so", "l" },
		{ "/usr/lib64/libfoo.so.1", "l" }, { "/usr/lib64/libfoo.so.1.2.0", "f" },
		{ "/usr/lib64/pkgconfig/foo.pc", "f" }, { "/usr/share/foo/data 1.txt", "f" },
		{ "/usr/share/locale/de/LC_MESSAGES/foo.mo", "f" }, { "/usr/share/man/man1/tool.1.gz", "f" },
		{ "/usr/share/man/man3/foo.3.gz", "f" },
	};
	l.n = sizeof(files) / sizeof(files[0]);
	l.v = calloc(l.n, sizeof(*l.v));
	for (size_t i = 0; i < l.n; i++) {
		l.v[i].path = strdup(files[i][0]);
		l.v[i].type = files[i][1][0];
	}
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
	char *p = acm_spec_path(&l, "/usr/share/foo/data 1.txt");
	assert_string_equal(p, "\"%{_datadir}/foo/data 1.txt\"");
	free(p);
	p = acm_spec_path(&l, "/usr/share/foo/a[1].txt");
	assert_string_equal(p, "%{_datadir}/foo/a?1?.txt");
	free(p);
	/* rpm globs %files names, quoted or not, and takes %attr() & co. out
	 * of them after expansion: '*' and '%' match themselves as '?' */
	p = acm_spec_path(&l, "/usr/share/foo/b*.txt");
	assert_string_equal(p, "%{_datadir}/foo/b?.txt");
	free(p);
	p = acm_spec_path(&l, "/opt/x%y");
	assert_string_equal(p, "/opt/x?y");
	free(p);
	p = acm_spec_path(&l, "/usr/bin/x%attr(4755,root,root)");
	assert_string_equal(p, "%{_bindir}/x?attr(4755,root,root)");
	free(p);
	p = acm_spec_path(&l, "/usr/share/foo/e f{g}");
	assert_string_equal(p, "\"%{_datadir}/foo/e f?g?\"");
	free(p);
	assert_null(acm_spec_path(&l, "/usr/bin/x\n%post\ntouch /tmp/x"));
	assert_null(acm_spec_path(&l, "/usr/bin/q\"x"));
	free(spec);
	acm_detect_free(&d);
	acm_install_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(licenses),
		cmocka_unit_test(parse_autoconf),
		cmocka_unit_test(parse_cmake_meson),
		cmocka_unit_test(parse_makefile_and_license_suffix),
		cmocka_unit_test(files_split),
	};
	return cmocka_run_group_tests_name("specgen", tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_license.c - the License rule on the shapes real tarballs have:
 * Debian-format COPYING files, SPDX exceptions, a COPYING that points at
 * LICENCE, sections under headings, comment-block copies, the short
 * licenses the table names by one passage, and the tags of copied kernel
 * headers. The texts are written here in the shape of the originals
 * (file, libbsd, pcre2, libepoxy, libpng, sl, pv, libdrm); only the
 * passages the matcher uses are the licenses' own words. */
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
#include "license.h"
#include "licensetext.h"
#include "source.h"
#include "specdetect.h"
#include "unitlicense.h"
#include "unitfs.h"
#include "unittmp.h"

static void expect(const struct lic_in *in, const char *want)
{
	size_t nu = 0;
	char *got = decide(in, &nu);
	if (!want) {
		if (got)
			fail_msg("expected no license, got '%s'", got);
		assert_true(nu > 0 || !got);
		return;
	}
	if (!got || strcmp(got, want))
		fail_msg("expected '%s', got '%s'", want, got ? got : "(null)");
	free(got);
}

static const char *text_id(const char *text)
{
	const struct acm_licensetext *d = acm_licensetext_identify(text, strlen(text));
	return d ? d->id : NULL;
}

/* the BSD clauses, as an author's copy spells them (clause 1 in file(1)'s wording) */
#define BSD2_CLAUSES \
	"Redistribution and use in source and binary forms, with or without\n" \
	"modification, are permitted provided that the following conditions\nare met:\n" \
	"1. Redistributions of source code must retain the above copyright\n" \
	"   notice immediately at the beginning of the file, without modification,\n" \
	"   this list of conditions, and the following disclaimer.\n" \
	"2. Redistributions in binary form must reproduce the above copyright\n" \
	"   notice, this list of conditions and the following disclaimer in the\n" \
	"   documentation and/or other materials provided with the distribution.\n\n" \
	"THIS SOFTWARE IS PROVIDED BY THE AUTHOR AND CONTRIBUTORS ``AS IS'' AND\n" \
	"ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED. IN NO EVENT SHALL THE AUTHOR\n" \
	"OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,\n" \
	"EXEMPLARY, OR CONSEQUENTIAL DAMAGES.\n"

#define BSD3_CLAUSES \
	"Redistribution and use in source and binary forms, with or without\n" \
	"modification, are permitted provided that the following conditions are met:\n\n" \
	"    * Redistributions of source code must retain the above copyright notices,\n" \
	"      this list of conditions and the following disclaimer.\n\n" \
	"    * Redistributions in binary form must reproduce the above copyright\n" \
	"      notices, this list of conditions and the following disclaimer in the\n" \
	"      documentation and/or other materials provided with the distribution.\n\n" \
	"    * Neither the name of the University of Nowhere nor the names of any\n" \
	"      contributors may be used to endorse or promote products derived from this\n" \
	"      software without specific prior written permission.\n\n" \
	"THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS \"AS IS\"\n" \
	"AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED.\n"

#define MIT_SOFTWARE \
	"Permission is hereby granted, free of charge, to any person obtaining a\n" \
	" * copy of this software and associated documentation files (the \"Software\"),\n" \
	" * to deal in the Software without restriction, including without limitation\n" \
	" * the rights to use, copy, modify, merge, publish, distribute, sublicense,\n" \
	" * and/or sell copies of the Software, and to permit persons to whom the\n" \
	" * Software is furnished to do so, subject to the following conditions:\n" \
	" *\n * The above copyright notice and this permission notice shall be included in\n" \
	" * all copies or substantial portions of the Software.\n *\n" \
	" * THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n" \
	" * IMPLIED.\n"

#define GPL2_TITLE "\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 2, June 1991\n\n"
#define GPL3_TITLE "\t\t    GNU GENERAL PUBLIC LICENSE\n\t\t       Version 3, 29 June 2007\n\n"

/* file(1): a BSD text that adds a note on US export rules */
static void neutral_notice(void **state)
{
	(void)state;
	const char *note = "This software is not subject to any export provision of the United States\n"
			   "Department of Commerce, and may be exported to any country or planet.\n\n";
	char *file = acm_xasprintf("$File: COPYING,v 1.2 2018/09/09 20:33:28 someone Exp $\n"
				   "Copyright (c) A. Author 1986, 1987.\nSoftware written by A. Author and others;\n"
				   "maintained 1994- B. Maintainer.\n\n%s%s", note, BSD2_CLAUSES);
	assert_string_equal(text_id(file), "BSD-2-Clause");
	/* a different sentence with "not" in it still restricts */
	char *restricted = acm_xasprintf("This software may not be exported to any country.\n\n%s", BSD2_CLAUSES);
	assert_null(text_id(restricted));
	free(file);
	free(restricted);
}

/* libbsd: COPYING in Debian's machine-readable format */
static void dep5_copying(void **state)
{
	(void)state;
	const char *dep5 =
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
		"Files:\n *\nCopyright:\n Copyright © 2004 A. Maintainer\nLicense: BSD-3-clause\n\n"
		"Files:\n src/a.c\nCopyright:\n Copyright © 1997 B. Author\n All rights reserved.\n"
		"License: ISC-Original\n Permission to use, copy, modify, and distribute this software for any\n"
		" purpose with or without fee is hereby granted, provided that the above\n"
		" copyright notice and this permission notice appear in all copies.\n .\n"
		" THE SOFTWARE IS PROVIDED \"AS IS\" AND THE AUTHOR DISCLAIMS ALL WARRANTIES.\n\n"
		"Files:\n src/b.c\nCopyright:\n Copyright © 2010 C. Author\nLicense: Expat\n\n"
		"Files:\n src/c.c src/d.c\nCopyright:\n None\nLicense: public-domain\n Public domain.\n\n"
		"Files:\n man/e.3\nCopyright:\n Copyright © 1995 D. Author\n"
		"License: BSD-3-clause-Regents and Odd-Terms-Author\n\n"
		"License: Odd-Terms-Author\n 1. This work was done for inclusion into some system.\n"
		" 2. No warranty of function or purpose is made by the author.\n\n"
		"License: BSD-3-clause-Regents\n"
		" Redistribution and use in source and binary forms, with or without\n"
		" modification, are permitted provided that the following conditions\n are met:\n"
		" 1. Redistributions of source code must retain the above copyright\n"
		"    notice, this list of conditions and the following disclaimer.\n"
		" 2. Neither the name of the University nor the names of its contributors\n"
		"    may be used to endorse or promote products derived from this software\n"
		"    without specific prior written permission.\n .\n"
		" THIS SOFTWARE IS PROVIDED BY THE REGENTS AND CONTRIBUTORS ``AS IS'' AND\n"
		" ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED.\n";
	expect((struct lic_in[]){ { "COPYING", dep5 }, { 0 } },
	       "BSD-3-Clause AND ISC AND LicenseRef-Odd-Terms-Author AND LicenseRef-Public-Domain AND MIT");
	/* Debian's GNU short names carry -or-later as "+" */
	expect((struct lic_in[]){ { "COPYING", "Format: http://dep.debian.net/deps/dep5\n\nFiles: *\n"
		"License: GPL-2+\n\nFiles: lib/*\nLicense: LGPL-2.1\n" }, { 0 } }, "GPL-2.0-or-later AND LGPL-2.1-only");
	/* a choice, an exception, a name that is no SPDX id: not read, the file is unknown */
	const char *unread[] = {
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+ or MIT\n",
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\n"
		"License: GPL-2+ with OpenSSL exception\n",
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\n"
		"License: MIT$(touch /tmp/canary)\n",
		NULL };
	for (int i = 0; unread[i]; i++) {
		size_t nu = 0;
		char *got = decide((struct lic_in[]){ { "COPYING", unread[i] }, { 0 } }, &nu);
		if (got)
			fail_msg("DEP-5 case %d gave '%s'", i, got);
		assert_int_equal(nu, 1);
	}
}

/* pcre2: COPYING points at LICENCE; LICENCE has prose, headings under
 * rules, the BSD text and the exemption (SPDX PCRE2-exception) */
static void exception_and_pointer(void **state)
{
	(void)state;
	const char *licence =
		"PCRE2 LICENCE\n-------------\n\nPCRE2 is a library of functions for regular expressions.\n\n"
		"Releases 10.00 and above are distributed under the terms of the \"BSD\" licence, as\n"
		"specified below, with one exemption for certain binary redistributions. The data\n"
		"in the testdata directory is not copyrighted and is in the public domain.\n\n\n"
		"THE BASIC LIBRARY FUNCTIONS\n---------------------------\n\nWritten by:       A. Author\n\n"
		"Copyright (c) 1997-2022 University of Nowhere\nAll rights reserved.\n\n\n"
		"THE \"BSD\" LICENCE\n-----------------\n\n" BSD3_CLAUSES "\n\n"
		"EXEMPTION FOR BINARY LIBRARY-LIKE PACKAGES\n------------------------------------------\n\n"
		"The second condition in the BSD licence (covering binary redistributions) does\n"
		"not apply all the way down a chain of software. If binary package A includes\n"
		"the library, it must respect the condition, but package B that includes A need not.\n\nEnd\n";
	const char *copying = "PCRE2 LICENCE\n\nPlease see the file LICENCE in the PCRE2 distribution for "
			      "licensing details.\n\nEnd\n";
	expect((struct lic_in[]){ { "COPYING", copying }, { "LICENCE", licence }, { 0 } },
	       "BSD-3-Clause WITH PCRE2-exception");
	/* the pointer alone, the file it names missing: unknown */
	expect((struct lic_in[]){ { "COPYING", copying }, { 0 } }, NULL);
	/* a "pointer" that also restricts is not one */
	expect((struct lic_in[]){ { "COPYING", "Not for commercial use; see the file LICENCE.\n" },
		{ "LICENCE", licence }, { 0 } }, NULL);
	/* the GNU exceptions: in the license file, or a file of its own */
	char *classpath = acm_xasprintf("%s...\nLinking this library statically or dynamically with other modules "
					"is making a\ncombined work based on this library.\n", GPL2_TITLE);
	expect((struct lic_in[]){ { "COPYING", classpath }, { 0 } }, "GPL-2.0-only WITH Classpath-exception-2.0");
	free(classpath);
	expect((struct lic_in[]){ { "COPYING", GPL3_TITLE }, { "COPYING.RUNTIME", "GCC RUNTIME LIBRARY EXCEPTION\n\n"
		"Version 3.1, 31 March 2009\n\nThis GCC Runtime Library Exception is an additional permission.\n" },
		{ NULL, "/* under the GNU General Public License version 3, or (at your option) any later version */" },
		{ 0 } }, "GPL-3.0-or-later WITH GCC-exception-3.1");
	/* an exception whose license is not here: unknown, never attached elsewhere */
	expect((struct lic_in[]){ { "COPYING", BSD3_CLAUSES }, { "COPYING.RUNTIME", "GCC RUNTIME LIBRARY "
		"EXCEPTION\n\nVersion 3.1, 31 March 2009\n" }, { 0 } }, NULL);
}

/* libepoxy: the project's MIT and the Khronos "Materials" wording, each in
 * a comment block with a line of prose before it */
static void comment_blocks(void **state)
{
	(void)state;
	char *epoxy = acm_xasprintf(
		"The project code is covered by the MIT license:\n\n/*\n * Copyright © 2013 Some Corp\n *\n * %s */\n\n"
		"The generated code is derived from the registry files, which appear\nunder the following license:\n\n"
		"/*\n * Copyright (c) 2013 The Khronos Group Inc.\n *\n"
		" * Permission is hereby granted, free of charge, to any person obtaining a\n"
		" * copy of this software and/or associated documentation files (the\n"
		" * \"Materials\"), to deal in the Materials without restriction, including\n"
		" * without limitation the rights to use, copy, modify, merge, publish,\n"
		" * distribute, sublicense, and/or sell copies of the Materials, and to\n"
		" * permit persons to whom the Materials are furnished to do so, subject to\n"
		" * the following conditions:\n *\n"
		" * The above copyright notice and this permission notice shall be included\n"
		" * in all copies or substantial portions of the Materials.\n *\n"
		" * THE MATERIALS ARE PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n */\n", MIT_SOFTWARE);
	expect((struct lic_in[]){ { "COPYING", epoxy }, { 0 } }, "MIT");
	/* a restricting block between the two: unknown */
	char *noted = acm_xasprintf("%s\n/*\n * The registry files may not be used commercially.\n */\n", epoxy);
	expect((struct lic_in[]){ { "COPYING", noted }, { 0 } }, NULL);
	free(noted);
	free(epoxy);
}

/* libpng, sl, Beerware: licenses named by the one passage only they have */
static void named_by_passage(void **state)
{
	(void)state;
	assert_string_equal(text_id("COPYRIGHT NOTICE, DISCLAIMER, and LICENSE\n=====\n\n"
		"PNG Reference Library License version 2\n---------------------------------------\n\n"
		" * Copyright (c) 1995-2022 The Authors.\n\nThe software is supplied \"as is\", without warranty.\n\n"
		"Permission is hereby granted to use, copy, modify, and distribute\nthis software, or portions "
		"hereof, for any purpose, without fee,\nsubject to the following restrictions:\n"), "libpng-2.0");
	assert_string_equal(text_id("This code is released under the libpng license.\n\n"
		"The PNG Reference Library is supplied \"AS IS\".  The Contributing\nAuthors and Group 42, Inc. "
		"disclaim all warranties, expressed or\nimplied.\n"), "Libpng");
	const char *sl = "Copyright 1993,1998,2014 A. Author (a@example.org)\n\n"
		"Everyone is permitted to do anything on this program including copying,\n"
		"modifying, and improving, unless you try to pretend that you wrote it.\n"
		"i.e., the above copyright notice has to appear in all copies.\n"
		"THE AUTHOR DISCLAIMS ANY RESPONSIBILITY WITH REGARD TO THIS SOFTWARE.\n";
	assert_string_equal(text_id(sl), "SL");
	char *sl_more = acm_xasprintf("%sCommercial distribution is prohibited.\n", sl);
	assert_null(text_id(sl_more));
	free(sl_more);
	assert_string_equal(text_id("\"THE BEER-WARE LICENSE\" (Revision 42):\n<a@example.org> wrote this file.  "
		"As long as you retain this notice you\ncan do whatever you want with this stuff.\n"), "Beerware");
	assert_string_equal(text_id("This package is distributed under the terms\nof the Artistic License 2.0.\n\n"
		"-----\n\nArtistic License 2.0\n\nCopyright (c) 2000-2006, The Perl Foundation.\n"), "Artistic-2.0");
}

/* CDDL: ZFS's LICENSE has a preface naming the license without its
 * version, a title without "(CDDL)" and a notice under a rule at its end;
 * the SPDX text's title has "(CDDL)"; 1.1 is not 1.0 */
#define CDDL_DEFINITION "1. Definitions.\n\n    1.1. \"Contributor\" means each individual or entity that " \
	"creates\n         or contributes to the creation of Modifications.\n"

static void cddl(void **state)
{
	(void)state;
	const char *def = CDDL_DEFINITION;
	char *zfs = acm_xasprintf("Unless otherwise noted, all files in this distribution are released\n"
		"under the Common Development and Distribution License (CDDL).\n"
		"Exceptions are noted within the associated source files.\n\n"
		"--------------------------------------------------------------------\n\n\n"
		"COMMON DEVELOPMENT AND DISTRIBUTION LICENSE Version 1.0\n\n%s\n"
		"--------------------------------------------------------------------\n\n"
		"NOTICE PURSUANT TO SECTION 9 OF THE COMMON DEVELOPMENT AND\nDISTRIBUTION LICENSE (CDDL)\n\n"
		"For Covered Software in this distribution, this License shall\nbe governed by the laws of the "
		"State of California.\n", def);
	/* ZFS's COPYRIGHT names the CDDL without a version, and lists files
	 * whose names hold "gplv2": it adds nothing to LICENSE's CDDL-1.0 */
	const char *copyright = "Refer to the git commit log for authoritative copyright attribution.\n\n"
		"The original ZFS source code was obtained from Open Solaris which was\nreleased under the terms "
		"of the CDDL open source license.\n\nUnless otherwise noted, all files in this distribution are "
		"released\nunder the Common Development and Distribution License (CDDL).\n\n"
		"Exceptions are noted within the associated source files headers and\nby including a "
		"THIRDPARTYLICENSE file with the license terms.\n\n"
		"  * SPL Implementation: module/os/linux/spl/THIRDPARTYLICENSE.gplv2\n"
		"  * PBKDF2 Implementation: lib/libzfs/THIRDPARTYLICENSE.openssl\n\n"
		"See the LICENSE and NOTICE for more information.\n";
	expect((struct lic_in[]){ { "LICENSE", zfs }, { "COPYRIGHT", copyright }, { 0 } }, "CDDL-1.0");
	/* the same statement with no CDDL text, or one that restricts: unknown */
	expect((struct lic_in[]){ { "COPYRIGHT", copyright }, { 0 } }, NULL);
	char *restricted = acm_xasprintf("%sCommercial use is prohibited.\n", copyright);
	expect((struct lic_in[]){ { "LICENSE", zfs }, { "COPYRIGHT", restricted }, { 0 } }, NULL);
	free(restricted);
	/* a file name is no statement; a word is ("under the GPLv2") */
	expect((struct lic_in[]){ { "LICENSE", zfs }, { "COPYRIGHT", "Parts are under the GPLv2.\n" }, { 0 } },
	       "CDDL-1.0 AND GPL-2.0-only");
	char *spdx10 = acm_xasprintf("COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL)\nVersion 1.0\n\n%s", def);
	assert_string_equal(text_id(spdx10), "CDDL-1.0");
	char *v11 = acm_xasprintf("COMMON DEVELOPMENT AND DISTRIBUTION LICENSE (CDDL)\nVersion 1.1\n\n%s", def);
	assert_string_equal(text_id(v11), "CDDL-1.1");
	/* the preface alone names no version: not a license text */
	assert_null(text_id("Unless otherwise noted, all files in this distribution are released\n"
			    "under the Common Development and Distribution License (CDDL).\n"));
	free(zfs);
	free(spdx10);
	free(v11);
}

/* libdrm: no license file; the only SPDX tags are on copied kernel UAPI
 * headers (GPL-2.0 WITH Linux-syscall-note) and one MIT header */
static void kernel_header_tags(void **state)
{
	(void)state;
	const char *uapi = "/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */\n/*\n * Copyright (C) 2015 "
			   "A Project\n */\n#ifndef __X_DRM_H__\n";
	expect((struct lic_in[]){ { NULL, uapi }, { NULL, "/* SPDX-License-Identifier: MIT */\n" }, { 0 } }, "MIT");
	expect((struct lic_in[]){ { NULL, uapi }, { 0 } }, NULL);
	/* the same tag beside the project's own file still says the kernel's
	 * "GPL-2.0" is -only (test_specgen's kernel case) */
	expect((struct lic_in[]){ { "COPYING", GPL2_TITLE }, { NULL, uapi }, { 0 } }, "GPL-2.0-only");
}

/* pv: the license file is doc/COPYING; a top-level one wins over it */
static void doc_copying(void **state)
{
	(void)state;
	const char *top = in_tmp("pv-1.0");
	put(tmpdir, "pv-1.0/Makefile", "all:\n\ttrue\ninstall:\n\tinstall -m755 pv $(DESTDIR)/usr/bin/pv\n");
	put(tmpdir, "pv-1.0/doc/COPYING", "This package is distributed under the terms\nof the Artistic License 2.0.\n\n"
	    "Artistic License 2.0\n\nCopyright (c) 2000-2006, The Perl Foundation.\n");
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			put(tmpdir, "pv-1.0/LICENSE", MIT_SOFTWARE);
		struct acm_source *src = NULL;
		assert_int_equal(acm_source_open(&src, top, NULL), 0);
		struct acm_detect d;
		memset(&d, 0, sizeof d);
		assert_int_equal(acm_detect_scan(src, &d), 0);
		assert_int_equal(d.licenses.n, 1);
		assert_string_equal(d.licenses.v[0], pass ? "MIT" : "Artistic-2.0");
		assert_int_equal(d.license_files.n, 1);
		assert_string_equal(d.license_files.v[0], pass ? "LICENSE" : "doc/COPYING");
		acm_detect_free(&d);
		acm_source_close(src);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(neutral_notice),
		cmocka_unit_test(dep5_copying),
		cmocka_unit_test(exception_and_pointer),
		cmocka_unit_test(comment_blocks),
		cmocka_unit_test(named_by_passage),
		cmocka_unit_test(kernel_header_tags),
		cmocka_unit_test(cddl),
		TMP_TEST(doc_copying),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

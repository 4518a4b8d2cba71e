/* SPDX-License-Identifier: GPL-2.0-or-later */
/* licensetext.c - one license text named by the SPDX matching guidelines
 * (see licensetext.h; the whole rule is in license.c's opening comment and
 * specgen(1) "License"). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "buf.h"
#include "licensetext.h"

#define FOREIGN_WORDS 6   /* words outside the license's own text a copy may add (a title, a URL) */
#define INTRO_WORDS 40    /* words before the license's first clause ("X is available under ...:") */
#define HOLDER_CHARS 60  /* a template's replaceable name: "M.I.T.", "Google Inc." */

/* ---- normalising, after the SPDX matching guidelines ------------------------- */

static bool mark(unsigned char c, const char *text, size_t i, size_t len)
{
	return isspace(c) || c == '#' || c == '*' || (c == '/' && i + 1 < len && text[i + 1] == '/');
}

static bool copyright_line(const char *w, size_t n)
{
	return (n >= 9 && !strncasecmp(w, "copyright", 9)) || (n >= 3 && !strncasecmp(w, "(c)", 3)) ||
	       (n >= 2 && !memcmp(w, "\xc2\xa9", 2)) || (n >= 19 && !strncasecmp(w, "all rights reserved", 19)) ||
	       (n >= 18 && !strncasecmp(w, "portions copyright", 18)) ||
	       (n >= 24 && !strncasecmp(w, "SPDX-License-Identifier:", 24));
}

/* A list marker at the start of a line: "1.", "2)", "(a)", "a)", "-", "o", "•". */
static size_t bullet(const char *w, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && isdigit((unsigned char)w[i]))
		i++;
	if (i && i < n && (w[i] == '.' || w[i] == ')') && (i + 1 == n || w[i + 1] == ' '))
		return i + 1;
	if (n >= 3 && w[0] == '(' && isalnum((unsigned char)w[1]) && (w[2] == ')' || (n >= 4 && w[3] == ')'))) {
		size_t e = w[2] == ')' ? 3 : 4;
		if (e == n || w[e] == ' ')
			return e;
	}
	if (n >= 2 && isalpha((unsigned char)w[0]) && w[1] == ')' && (n == 2 || w[2] == ' '))
		return 2;
	if (n >= 3 && !memcmp(w, "\xe2\x80\xa2", 3))
		return 3;
	if (n >= 1 && (w[0] == '-' || w[0] == '+') && (n == 1 || w[1] == ' '))
		return 1;
	return 0;
}

/* text normalised; without its copyright lines when body */
char *acm_licensetext_normalise(const char *text, size_t len, bool body)
{
	char *out = acm_xmalloc(2 * len + 2);
	size_t o = 0;
	bool space = true;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, s = i;
		while (s < e && (mark((unsigned char)text[s], text, s, len) || text[s] == ';' || text[s] == '/'))
			s++;
		if (body && copyright_line(text + s, e - s)) {
			i = e + 1;
			continue;
		}
		s += bullet(text + s, e - s);
		for (size_t k = s; k < e; k++) {
			unsigned char c = (unsigned char)text[k];
			const char *put = NULL;
			size_t skip = 0;
			if (mark(c, text, k, len)) {
				if (!space)
					out[o++] = ' ';
				space = true;
				continue;
			}
			if ((c == '`' || c == '\'') && k + 1 < e && text[k + 1] == c)
				put = "\"", skip = 1;
			else if (c == '`')
				put = "'";
			else if (c == 0xe2 && k + 2 < e && text[k + 1] == '\x80') {
				unsigned char d = (unsigned char)text[k + 2];
				put = d == 0x9c || d == 0x9d ? "\"" : d == 0x98 || d == 0x99 ? "'" :
				      d == 0x93 || d == 0x94 ? "-" : NULL;
				skip = put ? 2 : 0;
			} else if (c == 0xc2 && k + 1 < e && text[k + 1] == '\xa9')
				put = "(c)", skip = 1;
			if (put) {
				size_t pl = strlen(put);
				memcpy(out + o, put, pl);
				o += pl;
				k += skip;
			} else {
				out[o++] = (char)tolower(c);
			}
			space = false;
		}
		if (!space)
			out[o++] = ' ';
		space = true;
		i = e + 1;
	}
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	for (char *p = out; (p = strstr(p, "licence"));)   /* same length: in place */
		memcpy(p, "license", 7), p += 7;
	return out;
}

bool acm_licensetext_has(const char *t, const char *phrase)
{
	return strstr(t, phrase) != NULL;
}

/* the first n bytes of t contain phrase */
static bool near_top(const char *t, const char *phrase, size_t n)
{
	const char *p = strstr(t, phrase);
	return p && (size_t)(p - t) < n;
}

/* ---- the short permissive licenses, as a copy reads normalised ----------------
 * Each is the license's clauses and the variants its SPDX template allows
 * (replaceable holder names, optional sentences). */

#define MIT_WORDS \
	"the mit license (mit) mit license expat license " \
	"permission is hereby granted, free of charge, to any person obtaining a copy of this software " \
	"and associated documentation files (the \"software\"), to deal in the software without restriction, " \
	"including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, " \
	"and/or sell copies of the software, and to permit persons to whom the software is furnished to do so, " \
	"subject to the following conditions: the above copyright notice and this permission notice shall be " \
	"included in all copies or substantial portions of the software. " \
	"the above copyright notice and this permission notice (including the next paragraph) shall be " \
	"included in all copies or substantial portions of the software. the software is provided \"as is\", " \
	"without warranty of any kind, express or implied, including but not limited to the warranties of " \
	"merchantability, fitness for a particular purpose and noninfringement. in no event shall the authors " \
	"or copyright holders be liable for any claim, damages or other liability, whether in an action of " \
	"contract, tort or otherwise, arising from, out of or in connection with the software or the use or " \
	"other dealings in the software. " \
	"this software and/or associated documentation files (the \"materials\"), to deal in the materials " \
	"without restriction, to permit persons to whom the materials are furnished to do so, " \
	"all copies or substantial portions of the materials. the materials are provided \"as is\", " \
	"in connection with the materials or the use or other dealings in the materials."

static const char mit_text[] = MIT_WORDS;

/* the old Khronos wording carries a note on its standards */
static const char khronos_text[] = MIT_WORDS
	" modifications to this file may mean it no longer accurately reflects khronos standards. the unmodified, "
	"normative versions of khronos specifications and header information are located at https://www.khronos.org/registry/";

static const char bsd_text[] =
	"bsd 2-clause license bsd 3-clause license bsd 4-clause license the bsd license "
	"redistribution and use in source and binary forms, with or without modification, are permitted "
	"provided that the following conditions are met: redistributions of source code must retain the "
	"above copyright notice, this list of conditions and the following disclaimer. redistributions in "
	"binary form must reproduce the above copyright notice, this list of conditions and the following "
	"disclaimer in the documentation and/or other materials provided with the distribution. "
	"all advertising materials mentioning features or use of this software must display the following "
	"acknowledgement: this product includes software developed by the organization. "
	"neither the name of the copyright holder nor the names of its contributors may be used to endorse "
	"or promote products derived from this software without specific prior written permission. "
	"the name of the author may not be used to endorse or promote products derived from this software "
	"without specific prior written permission. "
	"neither the name of <> nor the names of its contributors may be used to endorse or promote products "
	"derived from this software without specific prior written permission. "
	"the name of <> may not be used to endorse or promote products derived from this software "
	"without specific prior written permission. "
	"this software is provided by <> \"as is\" and any express or implied warranties. "
	"in no event shall <> be liable for any direct, indirect, incidental, special, exemplary, or "
	"consequential damages. "
	"the names of the authors may not be used to endorse or promote products derived from this software "
	"without specific prior written permission. "
	"this software is provided by the copyright holders and contributors \"as is\" and any express or "
	"implied warranties, including, but not limited to, the implied warranties of merchantability and "
	"fitness for a particular purpose are disclaimed. "
	"this software is provided by the author \"as is\" and any express or implied warranties. "
	"this software is provided by the author and contributors \"as is\" and any express or implied warranties. "
	"in no event shall the copyright holder or contributors be liable for any direct, indirect, incidental, "
	"special, exemplary, or consequential "
	"damages (including, but not limited to, procurement of substitute goods or services; loss of use, "
	"data, or profits; or business interruption) however caused and on any theory of liability, whether "
	"in contract, strict liability, or tort (including negligence or otherwise) arising in any way out of "
	"the use of this software, even if advised of the possibility of such damage. "
	"in no event shall the author be liable for any direct, indirect, incidental, special, exemplary, or "
	"consequential damages. in no event shall the author or contributors be liable for any direct, "
	"indirect, incidental, special, exemplary, or consequential damages.";

static const char isc_text[] =
	"isc license permission to use, copy, modify, and/or distribute this software for any purpose with or "
	"without fee is hereby granted, provided that the above copyright notice and this permission notice "
	"appear in all copies. the software is provided \"as is\" and the author disclaims all warranties with "
	"regard to this software including all implied warranties of merchantability and fitness. in no event "
	"shall the author be liable for any special, direct, indirect, or consequential damages or any damages "
	"whatsoever resulting from loss of use, data or profits, whether in an action of contract, negligence "
	"or other tortious action, arising out of or in connection with the use or performance of this software. "
	"permission to use, copy, modify, and distribute this software for any purpose with or without fee is "
	"hereby granted.";

static const char zlib_text[] =
	"zlib license this software is provided 'as-is', without any express or implied warranty. in no event "
	"will the authors be held liable for any damages arising from the use of this software. permission is "
	"granted to anyone to use this software for any purpose, including commercial applications, and to "
	"alter it and redistribute it freely, subject to the following restrictions: the origin of this "
	"software must not be misrepresented; you must not claim that you wrote the original software. if you "
	"use this software in a product, an acknowledgment in the product documentation would be appreciated "
	"but is not required. altered source versions must be plainly marked as such, and must not be "
	"misrepresented as being the original software. this notice may not be removed or altered from any "
	"source distribution.";

static const char hpnd_text[] =
	"permission to use, copy, modify, and distribute this software and its documentation for any purpose "
	"and without fee is hereby granted, provided that the above copyright notice appear in all copies and "
	"that both that copyright notice and this permission notice appear in supporting documentation, and "
	"that the name of <> not be used in advertising or publicity pertaining to distribution of the "
	"software without specific, written prior permission. <> makes no representations about the "
	"suitability of this software for any purpose. it is provided \"as is\" without express or implied warranty.";

static const char sl_text[] =
	"everyone is permitted to do anything on this program including copying, modifying, and improving, "
	"unless you try to pretend that you wrote it. i.e., the above copyright notice has to appear in all "
	"copies. the author disclaims any responsibility with regard to this software.";

/* ---- the table: each license by the passages that tell it apart ------------
 * heading: must be in the first 400 bytes (a GNU text names itself there);
 * all passages must be present; canon: the text must be only that license. */


static const struct acm_licensetext lic_defs[] = {
	{ "AGPL-3.0", ACM_LICTEXT_GNU, "gnu affero general public license", { "version 3" }, NULL },
	{ "LGPL-2.1", ACM_LICTEXT_GNU, "gnu lesser general public license", { "version 2.1" }, NULL },
	{ "LGPL-3.0", ACM_LICTEXT_GNU, "gnu lesser general public license", { "version 3" }, NULL },
	{ "LGPL-2.0", ACM_LICTEXT_GNU, "gnu library general public license", { "version 2" }, NULL },
	{ "GFDL-1.3", ACM_LICTEXT_GNU | ACM_LICTEXT_DOC, "gnu free documentation license", { "version 1.3" }, NULL },
	{ "GFDL-1.2", ACM_LICTEXT_GNU | ACM_LICTEXT_DOC, "gnu free documentation license", { "version 1.2" }, NULL },
	{ "GFDL-1.1", ACM_LICTEXT_GNU | ACM_LICTEXT_DOC, "gnu free documentation license", { "version 1.1" }, NULL },
	{ "GPL-3.0", ACM_LICTEXT_GNU, "gnu general public license", { "version 3" }, NULL },
	{ "GPL-2.0", ACM_LICTEXT_GNU, "gnu general public license", { "version 2" }, NULL },
	{ "GPL-1.0", ACM_LICTEXT_GNU, "gnu general public license", { "version 1" }, NULL },
	{ "Apache-2.0", 0, "apache license", { "version 2.0", "terms and conditions for use, reproduction" }, NULL },
	{ "Apache-2.0", 0, "apache license", { "version 2.0" }, NULL },
	{ "MPL-2.0", 0, "mozilla public license", { "2.0" }, NULL },
	{ "MPL-1.1", 0, "mozilla public license", { "version 1.1" }, NULL },
	/* CDDL: the title with or without "(CDDL)" (ZFS's LICENSE has none),
	 * below a preface that names the license without its version */
	{ "CDDL-1.1", 0, "common development and distribution license (cddl) version 1.1",
	  { "means each individual or entity that creates or contributes to the creation of modifications" }, NULL },
	{ "CDDL-1.0", 0, "common development and distribution license (cddl) version 1.0",
	  { "means each individual or entity that creates or contributes to the creation of modifications" }, NULL },
	{ "CDDL-1.0", 0, "common development and distribution license version 1.0",
	  { "means each individual or entity that creates or contributes to the creation of modifications" }, NULL },
	{ "IPL-1.0", 0, "ibm public license version 1.0", { "the accompanying program is provided under the terms" }, NULL },
	{ "EPL-1.0", 0, "eclipse public license - v 1.0", { NULL }, NULL },
	{ "EPL-2.0", 0, "eclipse public license - v 2.0", { NULL }, NULL },
	{ "Artistic-2.0", 0, "the artistic license 2.0", { NULL }, NULL },
	{ "BSL-1.0", 0, "boost software license - version 1.0", { NULL }, NULL },
	/* version 2 carries version 1's text below it: 2 first */
	{ "libpng-2.0", 0, "png reference library license version 2", { "permission is hereby granted to use, copy, "
		"modify, and distribute this software, or portions hereof, for any purpose, without fee" }, NULL },
	{ "Libpng", 0, NULL, { "the png reference library is supplied \"as is\"",
			       "group 42, inc. disclaim all warranties" }, NULL },
	{ "Beerware", 0, NULL, { "the beer-ware license", "as long as you retain this notice you can do whatever "
				 "you want with this stuff" }, NULL },
	{ "SL", 0, NULL, { "everyone is permitted to do anything on this program including copying, modifying, and "
			   "improving, unless you try to pretend that you wrote it" }, sl_text },
	{ "blessing", ACM_LICTEXT_PD, NULL, { "the author disclaims copyright to this source code", "here is a blessing",
				       "may you do good and not evil" }, NULL },
	{ "Unlicense", ACM_LICTEXT_PD, NULL, { "this is free and unencumbered software released into the public domain" }, NULL },
	{ "CC0-1.0", ACM_LICTEXT_PD, NULL, { "cc0 1.0 universal", "statement of purpose" }, NULL },
	{ "LicenseRef-Public-Domain", ACM_LICTEXT_PD, NULL, { "hereby placed in the public domain" }, NULL },
	{ "Unicode-DFS-2016", 0, NULL, { "unicode data files include all data files under the directories",
					 "permission is hereby granted, free of charge, to any person obtaining a copy of the unicode data files" }, NULL },
	{ "HPND", 0, NULL, { "permission to use, copy, modify, and distribute this software and its documentation for any purpose",
			     "makes no representations about the suitability of this software for any purpose" }, hpnd_text },
	{ "MIT-Khronos-old", 0, NULL, { "permission is hereby granted, free of charge, to any person obtaining a copy",
					"modifications to this file may mean it no longer accurately reflects khronos standards" }, khronos_text },
	{ "MIT", 0, NULL, { "permission is hereby granted, free of charge, to any person obtaining a copy" }, mit_text },
	{ "BSD-4-Clause", 0, NULL, { "redistribution and use in source and binary forms", "advertising materials" }, bsd_text },
	{ "BSD-3-Clause", 0, NULL, { "redistribution and use in source and binary forms", "endorse or promote" }, bsd_text },
	{ "BSD-3-Clause", 0, NULL, { "redistribution and use in source and binary forms", "neither the name" }, bsd_text },
	{ "BSD-2-Clause", 0, NULL, { "redistribution and use in source and binary forms" }, bsd_text },
	{ "ISC", 0, NULL, { "permission to use, copy, modify, and/or distribute this software for any purpose" }, isc_text },
	{ "ISC", 0, NULL, { "permission to use, copy, modify, and distribute this software for any purpose with or without fee" }, isc_text },
	{ "Zlib", 0, NULL, { "permission is granted to anyone to use this software for any purpose",
			     "this software is provided 'as-is', without any express or implied warranty" }, zlib_text },
};

/* The exceptions of the SPDX list seen in license files, each by a passage
 * only it has (normalised: the kernel's "does *not* cover" loses its stars). */
static const struct acm_licexception exc_defs[] = {
	{ "PCRE2-exception", "BSD-3-Clause", "does not apply all the way down a chain of software" },
	{ "LLVM-exception", "Apache-2.0", "llvm exceptions to the apache 2.0 license" },
	{ "GCC-exception-3.1", "GPL-3.0", "gcc runtime library exception version 3.1" },
	{ "Classpath-exception-2.0", "GPL-2.0", "linking this library statically or dynamically with other modules "
						 "is making a combined work based on this library" },
	{ "Linux-syscall-note", "GPL-2.0", "does not cover user programs that use kernel services by normal system calls" },
};

const struct acm_licexception *acm_licensetext_exception(const char *t)
{
	for (size_t i = 0; i < sizeof exc_defs / sizeof exc_defs[0]; i++)
		if (acm_licensetext_has(t, exc_defs[i].passage))
			return &exc_defs[i];
	return NULL;
}

/* Phrases that tell one family apart: a text holding two is two licenses. */
static const char *const family_keys[][2] = {
	{ "permission is hereby granted, free of charge, to any person obtaining a copy", NULL },
	{ "redistribution and use in source and binary forms", NULL },
	{ "permission to use, copy, modify, and/or distribute this software for any purpose",
	  "permission to use, copy, modify, and distribute this software for any purpose with or without fee" },
	{ "permission is granted to anyone to use this software for any purpose", NULL },
	{ "apache license", NULL },
	{ "mozilla public license", NULL },
};

size_t acm_licensetext_families(const char *t)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof family_keys / sizeof family_keys[0]; i++)
		n += acm_licensetext_has(t, family_keys[i][0]) || (family_keys[i][1] && acm_licensetext_has(t, family_keys[i][1]));
	return n;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '/' || c == '\'';
}

static bool in_words(const char *canon, const char *w, size_t n)
{
	for (const char *p = canon; *p;) {
		while (*p && !word_char(*p))
			p++;
		size_t m = 0;
		while (word_char(p[m]))
			m++;
		if (m == n && !strncmp(p, w, n))
			return true;
		p += m;
	}
	return false;
}

/* Notices copies carry that neither grant nor restrict: taken out before
 * the words are judged (file(1)'s BSD text says it is not subject to US
 * export rules). */
static const char *const neutral_notices[] = {
	"this software is not subject to any export provision of the united states department of commerce, "
	"and may be exported to any country or planet.",
	NULL };

/* Is t (a normalised body) the license canon and nothing more? Its clauses
 * (canon cut at , . ; :) are taken out; the rest is judged word by word:
 * no restricting word anywhere, a short introduction before the license's
 * first clause, at most FOREIGN_WORDS other words after it. */
static bool only_license(const char *t, const char *canon)
{
	static const char *const restrict_words[] = { "not", "only", "except", "unless", "commercial",
		"noncommercial", "non-commercial", "evaluation", "personal", "prohibited", "forbidden",
		"restricted", "exclusively", "solely", "fee-based", "pay", "fee", "royalty", NULL };
	char *rest = acm_xstrdup(t);
	size_t first = strlen(rest);
	for (int i = 0; neutral_notices[i]; i++)
		for (char *p; (p = strstr(rest, neutral_notices[i]));)
			memset(p, ' ', strlen(neutral_notices[i]));
	for (const char *c = canon; *c;) {
		size_t n = strcspn(c, ",.;:");
		while (n && c[0] == ' ') {
			c++;
			n--;
		}
		size_t m = n;
		while (m && c[m - 1] == ' ')
			m--;
		if (m >= 12) {   /* short pieces ("1", "and") would cut words out of anything */
			char *clause = acm_xasprintf("%.*s", (int)m, c);
			char *hole = strstr(clause, "<>");
			if (hole) {   /* a replaceable part: the holder's name, up to HOLDER_CHARS */
				*hole = '\0';
				const char *a = clause, *b = hole + 2;
				size_t al = strlen(a), bl = strlen(b);
				for (char *p = rest; (p = al ? strstr(p, a) : strstr(p, b));) {
					char *from = p, *q = al ? strstr(p + al, b) : p;
					if (!q || (size_t)(q - (p + al)) > HOLDER_CHARS) {
						p += al ? al : bl;
						continue;
					}
					if ((size_t)(from - rest) < first)
						first = (size_t)(from - rest);
					memset(al ? from : q, ' ', al ? (size_t)(q - from) + bl : bl);
					p = q + bl;
				}
			} else {
				for (char *p; (p = strstr(rest, clause));) {
					if ((size_t)(p - rest) < first)
						first = (size_t)(p - rest);
					memset(p, ' ', m);
				}
			}
			free(clause);
		}
		c += n;
		if (*c)
			c++;
	}
	bool ok = true;
	int foreign = 0, intro = 0;
	for (const char *p = rest; *p && ok;) {
		while (*p && !word_char(*p))
			p++;
		size_t n = 0;
		while (word_char(p[n]))
			n++;
		if (!n)
			break;
		for (int i = 0; restrict_words[i]; i++)
			if (strlen(restrict_words[i]) == n && !strncmp(p, restrict_words[i], n))
				ok = false;
		/* "with or without fee" is ISC's own: "fee" restricts elsewhere */
		if (!in_words(canon, p, n)) {
			if ((size_t)(p - rest) < first)
				ok = ok && ++intro <= INTRO_WORDS;
			else
				ok = ok && ++foreign <= FOREIGN_WORDS;
		}
		p += n;
	}
	free(rest);
	return ok;
}

/* A GNU text's title, at its top: "gnu general public license version 2,
 * june 1991". Not a statement that names it ("... license version 3.0 or
 * later (see the file COPYING.LESSERv3)"). */
static bool gnu_title(const char *t, const char *heading, const char *version)
{
	const char *p = strstr(t, heading);
	if (!p || p - t > 300)
		return false;
	p += strlen(heading);
	if (*p++ != ' ' || strncmp(p, version, strlen(version)))
		return false;
	p += strlen(version);
	return *p == ',' || !*p || !strncmp(p, " copyright", 10) || !strncmp(p, " everyone", 9) ||
	       !strncmp(p, " preamble", 9);
}

/* The one license a normalised text (t) and its body (copyright lines
 * dropped) are, or NULL. */
static const struct acm_licensetext *match_one(const char *t, const char *body)
{
	for (size_t i = 0; i < sizeof lic_defs / sizeof lic_defs[0]; i++) {
		const struct acm_licensetext *d = &lic_defs[i];
		if ((d->flags & ACM_LICTEXT_GNU) ? !gnu_title(t, d->heading, d->passages[0]) :
		    d->heading && !near_top(t, d->heading, 400))
			continue;
		bool all = true;
		for (int k = (d->flags & ACM_LICTEXT_GNU) ? 1 : 0; k < 3 && d->passages[k] && all; k++)
			all = acm_licensetext_has(d->heading ? t : body, d->passages[k]);
		if (!all)
			continue;
		if (d->heading)   /* a GNU title is one license; others not beside another family */
			return (d->flags & ACM_LICTEXT_GNU) || acm_licensetext_families(t) <= 1 ? d : NULL;
		/* a dedication, or a permissive text: no other family, nothing else */
		if (acm_licensetext_families(t) > 1 || ((d->flags & ACM_LICTEXT_PD) && acm_licensetext_families(t)))
			return NULL;
		return !d->canon || only_license(body, d->canon) ? d : NULL;
	}
	return NULL;
}

const struct acm_licensetext *acm_licensetext_identify(const char *text, size_t len)
{
	char *t = acm_licensetext_normalise(text, len, false), *body = acm_licensetext_normalise(text, len, true);
	const struct acm_licensetext *d = match_one(t, body);
	free(t);
	free(body);
	return d;
}


const struct acm_licensetext *acm_licensetext_of(const char *id)
{
	for (size_t i = 0; i < sizeof lic_defs / sizeof lic_defs[0]; i++)
		if (!strcasecmp(lic_defs[i].id, id))
			return &lic_defs[i];
	return NULL;
}

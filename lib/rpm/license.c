/* SPDX-License-Identifier: GPL-2.0-or-later */
/* license.c - match a license text against the phrases that identify the
 * common licenses. Text is compared case-folded with runs of white space
 * and comment marks squeezed to one space, so "# Permission is hereby\n#
 * granted" matches too.
 *
 * A phrase alone is not enough for the short permissive licenses: a
 * restrictive license may quote MIT's "Permission is hereby granted, free
 * of charge, ..." and then take it back. So for MIT, the BSD family, ISC
 * and Zlib the text must be that license and nothing else: its copyright
 * lines dropped and its own clauses taken out, what is left may hold no
 * word that restricts ("not", "only", "commercial", ...) and at most a few
 * words the license itself does not use; and no other license's key
 * phrase may be in it. Otherwise the text is not recognisably one license
 * and the answer is NULL (the spec says FIXME). */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "buf.h"
#include "license.h"

#define FOREIGN_WORDS 6   /* words outside the license's own text a copy may add (a title, a URL) */

bool acm_license_is_file(const char *name)
{
	static const char *const pre[] = { "COPYING", "LICENSE", "LICENCE", "COPYRIGHT", NULL };
	for (int i = 0; pre[i]; i++)
		if (strncasecmp(name, pre[i], strlen(pre[i])) == 0)
			return true;
	return false;
}

static bool mark(unsigned char c, const char *text, size_t i, size_t len)
{
	return isspace(c) || c == '#' || c == '*' || (c == '/' && i + 1 < len && text[i + 1] == '/');
}

static char *squeeze(const char *text, size_t len)
{
	char *out = acm_xmalloc(len + 1);
	size_t o = 0;
	bool space = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (mark(c, text, i, len)) {
			if (!space)
				out[o++] = ' ';
			space = true;
			continue;
		}
		out[o++] = (char)tolower(c);
		space = false;
	}
	out[o] = '\0';
	return out;
}

/* The text without its copyright lines ("Copyright (c) 2024 X", "(C) ...",
 * "All rights reserved."), squeezed. */
static char *body_of(const char *text, size_t len)
{
	struct acm_buf b = ACM_BUF_INIT;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t s = i;
		while (s < e && (mark((unsigned char)text[s], text, s, len) || text[s] == '-' || text[s] == ';'))
			s++;
		const char *w = text + s;
		size_t n = e - s;
		bool copyright = (n >= 9 && !strncasecmp(w, "copyright", 9)) || (n >= 3 && !strncasecmp(w, "(c)", 3)) ||
				 (n >= 2 && !memcmp(w, "\xc2\xa9", 2)) || (n >= 19 && !strncasecmp(w, "all rights reserved", 19)) ||
				 (n >= 18 && !strncasecmp(w, "portions copyright", 18)) ||
				 (n >= 24 && !strncasecmp(w, "SPDX-License-Identifier:", 24));
		if (!copyright) {
			acm_buf_add(&b, text + i, e - i);
			acm_buf_addc(&b, '\n');
		}
		i = e + 1;
	}
	char *t = squeeze(acm_buf_str(&b), b.len);
	acm_buf_free(&b);
	return t;
}

static bool has(const char *t, const char *phrase)
{
	return strstr(t, phrase) != NULL;
}

/* the first n bytes of t contain phrase */
static bool near_top(const char *t, const char *phrase, size_t n)
{
	const char *p = strstr(t, phrase);
	return p && (size_t)(p - t) < n;
}

/* ---- the short permissive licenses, as one copy reads squeezed ---------------- */

static const char mit_text[] =
	"the mit license (mit) mit license expat license "
	"permission is hereby granted, free of charge, to any person obtaining a copy of this software "
	"and associated documentation files (the \"software\"), to deal in the software without restriction, "
	"including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, "
	"and/or sell copies of the software, and to permit persons to whom the software is furnished to do so, "
	"subject to the following conditions: the above copyright notice and this permission notice shall be "
	"included in all copies or substantial portions of the software. the software is provided \"as is\", "
	"without warranty of any kind, express or implied, including but not limited to the warranties of "
	"merchantability, fitness for a particular purpose and noninfringement. in no event shall the authors "
	"or copyright holders be liable for any claim, damages or other liability, whether in an action of "
	"contract, tort or otherwise, arising from, out of or in connection with the software or the use or "
	"other dealings in the software.";

static const char bsd_text[] =
	"bsd 2-clause license bsd 3-clause license bsd 4-clause license the bsd license "
	"redistribution and use in source and binary forms, with or without modification, are permitted "
	"provided that the following conditions are met: 1. redistributions of source code must retain the "
	"above copyright notice, this list of conditions and the following disclaimer. 2. redistributions in "
	"binary form must reproduce the above copyright notice, this list of conditions and the following "
	"disclaimer in the documentation and/or other materials provided with the distribution. "
	"3. all advertising materials mentioning features or use of this software must display the following "
	"acknowledgement: this product includes software developed by the organization. "
	"3. neither the name of the copyright holder nor the names of its contributors may be used to endorse "
	"or promote products derived from this software without specific prior written permission. "
	"4. neither the name of the copyright holder nor the names of its contributors may be used to endorse "
	"or promote products derived from this software without specific prior written permission. "
	"this software is provided by the copyright holders and contributors \"as is\" and any express or "
	"implied warranties, including, but not limited to, the implied warranties of merchantability and "
	"fitness for a particular purpose are disclaimed. in no event shall the copyright holder or "
	"contributors be liable for any direct, indirect, incidental, special, exemplary, or consequential "
	"damages (including, but not limited to, procurement of substitute goods or services; loss of use, "
	"data, or profits; or business interruption) however caused and on any theory of liability, whether "
	"in contract, strict liability, or tort (including negligence or otherwise) arising in any way out of "
	"the use of this software, even if advised of the possibility of such damage.";

static const char isc_text[] =
	"isc license permission to use, copy, modify, and/or distribute this software for any purpose with or "
	"without fee is hereby granted, provided that the above copyright notice and this permission notice "
	"appear in all copies. the software is provided \"as is\" and the author disclaims all warranties with "
	"regard to this software including all implied warranties of merchantability and fitness. in no event "
	"shall the author be liable for any special, direct, indirect, or consequential damages or any damages "
	"whatsoever resulting from loss of use, data or profits, whether in an action of contract, negligence "
	"or other tortious action, arising out of or in connection with the use or performance of this software.";

static const char zlib_text[] =
	"zlib license this software is provided 'as-is', without any express or implied warranty. in no event "
	"will the authors be held liable for any damages arising from the use of this software. permission is "
	"granted to anyone to use this software for any purpose, including commercial applications, and to "
	"alter it and redistribute it freely, subject to the following restrictions: 1. the origin of this "
	"software must not be misrepresented; you must not claim that you wrote the original software. if you "
	"use this software in a product, an acknowledgment in the product documentation would be appreciated "
	"but is not required. 2. altered source versions must be plainly marked as such, and must not be "
	"misrepresented as being the original software. 3. this notice may not be removed or altered from any "
	"source distribution.";

/* key phrases: each names one license family */
static const char *const keys[] = {
	"permission is hereby granted, free of charge, to any person obtaining a copy",
	"redistribution and use in source and binary forms",
	"permission to use, copy, modify, and/or distribute this software for any purpose",
	"permission to use, copy, modify, and distribute this software for any purpose with or without fee",
	"permission is granted to anyone to use this software for any purpose",
	"apache license",
	"mozilla public license",
};

static size_t families(const char *t)
{
	bool isc = has(t, keys[2]) || has(t, keys[3]);
	return (size_t)has(t, keys[0]) + (size_t)has(t, keys[1]) + (size_t)isc + (size_t)has(t, keys[4]) +
	       (size_t)has(t, keys[5]) + (size_t)has(t, keys[6]);
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

/* Is t (a body_of text) the license canon and nothing more? Its clauses
 * (canon cut at , . ; :) are taken out; the rest is judged word by word. */
static bool only_license(const char *t, const char *canon)
{
	static const char *const restrict_words[] = { "not", "only", "except", "unless", "commercial",
		"noncommercial", "non-commercial", "evaluation", "personal", "prohibited", "forbidden",
		"restricted", "exclusively", "solely", "fee-based", NULL };
	char *rest = acm_xstrdup(t);
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
			for (char *p; (p = strstr(rest, clause));)
				memset(p, ' ', m);
			free(clause);
		}
		c += n;
		if (*c)
			c++;
	}
	bool ok = true;
	int foreign = 0;
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
		if (!in_words(canon, p, n) && ++foreign > FOREIGN_WORDS)
			ok = false;
		p += n;
	}
	free(rest);
	return ok;
}

const char *acm_license_identify(const char *text, size_t len, bool *gnu)
{
	*gnu = false;
	char *t = squeeze(text, len);
	const char *id = NULL;
	if (near_top(t, "gnu affero general public license", 400)) {
		id = "AGPL-3.0";
		*gnu = true;
	} else if (near_top(t, "gnu lesser general public license", 400)) {
		id = has(t, "version 2.1") ? "LGPL-2.1" : has(t, "version 3") ? "LGPL-3.0" : NULL;
		*gnu = id != NULL;
	} else if (near_top(t, "gnu library general public license", 400)) {
		id = "LGPL-2.0";
		*gnu = true;
	} else if (near_top(t, "gnu general public license", 400)) {
		id = near_top(t, "version 3", 600) ? "GPL-3.0" : near_top(t, "version 2", 600) ? "GPL-2.0" :
		     near_top(t, "version 1", 600) ? "GPL-1.0" : NULL;
		*gnu = id != NULL;
	} else if (families(t) != 1) {
		id = NULL;   /* none, or several licenses in one file */
	} else if (has(t, "apache license") && has(t, "version 2.0")) {
		id = "Apache-2.0";
	} else if (has(t, "mozilla public license") && (has(t, "version 2.0") || has(t, "v. 2.0"))) {
		id = "MPL-2.0";
	} else {
		char *body = body_of(text, len);
		if (has(body, keys[0])) {
			id = only_license(body, mit_text) ? "MIT" : NULL;
		} else if (has(body, keys[1])) {
			if (has(body, "advertising materials"))
				id = "BSD-4-Clause";
			else if (has(body, "neither the name") || has(body, "endorse or promote"))
				id = "BSD-3-Clause";
			else
				id = "BSD-2-Clause";
			if (!only_license(body, bsd_text))
				id = NULL;
		} else if (has(body, keys[2]) || has(body, keys[3])) {
			id = only_license(body, isc_text) ? "ISC" : NULL;
		} else if (has(body, keys[4]) && has(body, "this software is provided 'as-is', without any express or implied warranty")) {
			id = only_license(body, zlib_text) ? "Zlib" : NULL;
		}
		free(body);
	}
	free(t);
	return id;
}

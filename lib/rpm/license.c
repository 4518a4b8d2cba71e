/* SPDX-License-Identifier: GPL-2.0-or-later */
/* license.c - name a source's license (see license.h). The rule, also in
 * specgen(1) "License":
 *
 * Texts are matched the way the SPDX license list's templates and matching
 * guidelines define: compared normalised (case-folded; runs of white space,
 * comment marks and bullets/list numbers squeezed; the quote and dash
 * variants and "licence" made one; copyright lines dropped), by the
 * distinguishing passages of each license in one table (lic_defs[]). The
 * GNU texts say their version but not -only / -or-later.
 *
 * A passage alone is not enough for the short permissive licenses: a
 * restrictive license may quote MIT's "Permission is hereby granted, free
 * of charge, ..." and then take it back. So for MIT, the BSD family, ISC
 * and Zlib the text must be that license and nothing else: its copyright
 * lines dropped and its own clauses (the template's variants included)
 * taken out, what is left may hold no word that restricts ("not", "only",
 * "commercial", ...), at most a few words the license does not use, and a
 * short introduction ("Libevent is available under the following
 * license:"). A file of several licenses is cut at its separator lines
 * (===, ---, a comment's own opening and closing lines; a rule under a
 * heading cuts above it) and each part named; one part unknown makes the
 * whole file unknown (License: FIXME), never a guess. An SPDX exception
 * (exc_defs[]) joins its license with WITH. A Debian-format COPYING is read
 * by its License: paragraphs (licensedep5.c). A short file that only points at
 * another license file that is there adds nothing; so does one that names a
 * license without its version ("released under the CDDL", ZFS's COPYRIGHT)
 * beside that license's text, unless it restricts. An abbreviation glued to a
 * file name ("THIRDPARTYLICENSE.gplv2") names no license.
 *
 * The project's own statements decide the rest: the preamble of a COPYING
 * that is not a license text, README, the first lines of source files, and
 * License: fields and SPDX-License-Identifier tags. A mention names a
 * license and version ("GNU General Public License ... version 2",
 * "GPLv2+", "LGPL version 2.1 or later") and whether later versions are
 * allowed; "either A or B" / "dual-licensed" / "at your option" between two
 * mentions makes them one OR group. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "buf.h"
#include "license.h"
#include "licensedep5.h"
#include "licensetext.h"
#include "msg.h"
#include "spdx.h"

#define MAX_MENTIONS 512
#define MAX_TAGS 64

bool acm_license_is_file(const char *name)
{
	static const char *const pre[] = { "COPYING", "LICENSE", "LICENCE", "COPYRIGHT", NULL };
	for (int i = 0; pre[i]; i++)
		if (strncasecmp(name, pre[i], strlen(pre[i])) == 0)
			return true;
	return false;
}

const char *acm_license_identify(const char *text, size_t len, bool *gnu)
{
	const struct acm_licensetext *d = acm_licensetext_identify(text, len);
	*gnu = d && (d->flags & ACM_LICTEXT_GNU);
	return d ? d->id : NULL;
}

/* Text of tooling that is not built into the package (libffi's LICENSE-BUILDTOOLS). */
static const char *const build_only_passages[] = {
	"is only used as tooling to assist with the building",
	"only used for building and testing",
	NULL };

/* ---- statements: which license, which version, later or not, OR or AND ------ */

struct family_word {
	const char *word;   /* as normalised */
	const char *spdx;   /* "GPL", "LGPL", ...; the version follows */
	bool abbrev;        /* needs a word boundary, and the version may be glued on */
};

static const struct family_word family_words[] = {
	{ "gnu lesser general public license", "LGPL", false },
	{ "lesser general public license", "LGPL", false },
	{ "gnu library general public license", "LGPL", false },
	{ "library general public license", "LGPL", false },
	{ "gnu affero general public license", "AGPL", false },
	{ "affero general public license", "AGPL", false },
	{ "gnu general public license", "GPL", false },
	{ "general public license", "GPL", false },
	{ "gnu free documentation license", "GFDL", false },
	{ "free documentation license", "GFDL", false },
	{ "common development and distribution license", "CDDL", false },
	{ "cddl", "CDDL", true },
	{ "lgpl", "LGPL", true },
	{ "agpl", "AGPL", true },
	{ "gfdl", "GFDL", true },
	{ "gpl", "GPL", true },
};

static const char *const known_bases[] = {
	"GPL-1.0", "GPL-2.0", "GPL-3.0", "LGPL-2.0", "LGPL-2.1", "LGPL-3.0", "AGPL-3.0",
	"GFDL-1.1", "GFDL-1.2", "GFDL-1.3", "CDDL-1.0", "CDDL-1.1", NULL };

static const char *base_of(const char *fam, const char *ver)
{
	char want[16];
	snprintf(want, sizeof want, "%s-%s%s", fam, ver, strchr(ver, '.') ? "" : ".0");
	for (int i = 0; known_bases[i]; i++)
		if (!strcmp(known_bases[i], want))
			return known_bases[i];
	return NULL;
}

static void add_mention(struct acm_license_ev *ev, const struct acm_license_mention *m)
{
	for (size_t i = 0; i < ev->nm; i++)
		if (ev->m[i].base == m->base && !strcmp(ev->m[i].file, m->file) && ev->m[i].later == m->later &&
		    ev->m[i].group == m->group)
			return;
	if (ev->nm >= MAX_MENTIONS)
		return;
	ev->m = acm_xgrow(ev->m, &ev->capm, ev->nm, sizeof(*ev->m), 16);
	ev->m[ev->nm++] = *m;
}

/* After a family word at p: its version ("version 2", "v2.1", "-2.0", " 3")
 * within a short window. *after: where the version ends. */
static bool find_version(const char *p, bool abbrev, char ver[8], const char **after)
{
	const char *end = p + strlen(p), *lim = p + (abbrev ? 4 : 90) < end ? p + (abbrev ? 4 : 90) : end;
	/* not past the next license's name: its version is its own */
	const char *next = strstr(p, "general public license"), *next2 = strstr(p, "documentation license");
	if (next && next < lim)
		lim = next;
	if (next2 && next2 < lim)
		lim = next2;
	for (const char *q = p; q < lim; q++) {
		const char *d = NULL;
		if (!strncmp(q, "version ", 8))
			d = q + 8;
		else if (q == p && (*q == 'v' || *q == '-' || *q == ' ') && isdigit((unsigned char)q[1]))
			d = q + 1;
		else if (q == p && isdigit((unsigned char)*q))
			d = q;
		else if (q == p && !strncmp(q, " v", 2) && isdigit((unsigned char)q[2]))
			d = q + 2;
		if (!d || !isdigit((unsigned char)*d))
			continue;
		size_t n = 1;
		if (d[1] == '.' && isdigit((unsigned char)d[2]))
			n = 3;
		/* "2.1", not "2.txt" (a file name) nor "20" */
		if (isalnum((unsigned char)d[n]) || (d[n] == '.' && isalpha((unsigned char)d[n + 1])))
			return false;
		snprintf(ver, 8, "%.*s", (int)n, d);
		*after = d + n;
		return true;
	}
	return false;
}

/* "or later", "or (at your option) any later version", "+" right after the version. */
static int later_of(const char *a, const char **end)
{
	static const char *const later[] = { "+", " or later", " or (at your option) any later version",
		" or any later version", " or, at your option, any later version", " or (at your option) any later",
		" of the license, or (at your option) any later version", " of the license, or any later version",
		" or newer", " or above", " or greater", ", or (at your option) any later version", NULL };
	static const char *const only[] = { " only", "-only", " of the license only", NULL };
	for (int i = 0; later[i]; i++)
		if (!strncmp(a, later[i], strlen(later[i]))) {
			*end = a + strlen(later[i]);
			return 1;
		}
	for (int i = 0; only[i]; i++)
		if (!strncmp(a, only[i], strlen(only[i]))) {
			*end = a + strlen(only[i]);
			return -1;
		}
	*end = a;
	return 0;
}

/* Between two mentions: does the statement offer a choice? */
static bool choice_between(const char *a, const char *b)
{
	size_t n = (size_t)(b - a);
	if (n > 48)
		return false;
	char *gap = acm_xasprintf(" %.*s ", (int)n, a);
	bool or = strstr(gap, " or ") || strstr(gap, "at your option") || strstr(gap, "alternatively");
	bool and = strstr(gap, " and ") != NULL;
	free(gap);
	return or && !and;
}

/* Do global group g and the local mentions of local group lg name the same licenses? */
static bool same_group(const struct acm_license_ev *ev, int g, const struct acm_license_mention *loc, size_t n,
		       int lg)
{
	size_t in_g = 0, in_l = 0;
	for (size_t i = 0; i < ev->nm; i++)
		if (ev->m[i].group == g) {
			in_g++;
			bool found = false;
			for (size_t k = 0; k < n && !found; k++)
				found = loc[k].group == lg && loc[k].base == ev->m[i].base && loc[k].later == ev->m[i].later &&
					!strcmp(loc[k].file, ev->m[i].file);
			if (!found)
				return false;
		}
	for (size_t k = 0; k < n; k++)
		in_l += loc[k].group == lg;
	return in_g == in_l;
}

#define STATEMENT_MENTIONS 64

/* Just before the first of two licenses: words that offer a choice. */
static bool said_either(const char *t, const char *start)
{
	const char *from = start - t > 48 ? start - 48 : t;
	char *before = acm_xasprintf("%.*s", (int)(start - from), from);
	bool either = strstr(before, "either") || strstr(before, "dual") || strstr(before, "choice") ||
		      strstr(before, "at your option");
	free(before);
	return either;
}

static void file_add_id(struct acm_license_file *f, const char *id);

/* The mentions in normalised text t; a license file's (f) become its ids. */
static void scan_statement(struct acm_license_ev *ev, const char *t, struct acm_license_file *f)
{
	struct acm_license_mention loc[STATEMENT_MENTIONS];
	size_t n = 0;
	int lgroups = 0;
	const char *prev_end = NULL, *prev_start = NULL;
	for (const char *p = t; *p && n < STATEMENT_MENTIONS;) {
		/* "in the file LICENSE": right after a license's name, where its
		 * text is; else that file's license is the one meant */
		if (!strncmp(p, "the file ", 9)) {
			const char *w = p + 9;
			size_t wl = 0;
			while (w[wl] && (isalnum((unsigned char)w[wl]) || strchr("._-", w[wl])))
				wl++;
			while (wl && w[wl - 1] == '.')
				wl--;
			if (wl && wl < 64 && acm_license_is_file(w)) {
				bool attached = n && (size_t)(p - prev_end) <= 40 && !choice_between(prev_end, p);
				if (!attached) {
					struct acm_license_mention m = { .group = 0 };
					snprintf(m.file, sizeof m.file, "%.*s", (int)wl, w);
					if (f && !f->refers[0])
						memcpy(f->refers, m.file, sizeof f->refers);
					if (n && choice_between(prev_end, p) && (loc[n - 1].group || said_either(t, prev_start))) {
						if (!loc[n - 1].group)
							loc[n - 1].group = ++lgroups;
						m.group = loc[n - 1].group;
					}
					loc[n++] = m;
					prev_start = p;
				}
				prev_end = w + wl;
				p = w + wl;
				continue;
			}
		}
		const struct family_word *fw = NULL;
		for (size_t i = 0; i < sizeof family_words / sizeof family_words[0] && !fw; i++) {
			size_t wl = strlen(family_words[i].word);
			/* an abbreviation is a word, not part of a file name
			 * ("THIRDPARTYLICENSE.gplv2", "lib/gpl_compat") */
			if (!strncmp(p, family_words[i].word, wl) &&
			    (!family_words[i].abbrev ||
			     (p == t || !(isalnum((unsigned char)p[-1]) || strchr("./_", p[-1])))))
				fw = &family_words[i];
		}
		if (!fw) {
			p++;
			continue;
		}
		const char *q = p + strlen(fw->word), *after;
		char ver[8];
		/* "gplv2+", "lgpl-2.1-or-later", "gpl version 3" */
		if (!find_version(q, fw->abbrev, ver, &after)) {
			if (f && !f->family)
				f->family = fw->spdx;
			p = q;
			continue;
		}
		const char *base = base_of(fw->spdx, ver);
		if (!base) {
			p = after;
			continue;
		}
		const char *end;
		int later = later_of(after, &end);
		if (!later && !strncmp(end, "-or-later", 9))
			later = 1, end += 9;
		/* OR: "either A or B", "dual-licensed", "A or, at your option, B" */
		int group = 0;
		if (n && choice_between(prev_end, p)) {
			if (said_either(t, prev_start) || loc[n - 1].group) {
				if (!loc[n - 1].group)
					loc[n - 1].group = ++lgroups;
				group = loc[n - 1].group;
			}
		}
		loc[n++] = (struct acm_license_mention){ .base = base, .later = later, .group = group };
		prev_start = p;
		prev_end = end;
		p = end > p ? end : p + 1;
	}
	/* the same choice in many headers is one group */
	int map[STATEMENT_MENTIONS + 1] = { 0 };
	for (int lg = 1; lg <= lgroups; lg++) {
		for (int g = 1; g <= ev->groups && !map[lg]; g++)
			if (same_group(ev, g, loc, n, lg))
				map[lg] = g;
		if (!map[lg])
			map[lg] = ++ev->groups;
	}
	for (size_t k = 0; k < n; k++) {
		loc[k].group = loc[k].group ? map[loc[k].group] : 0;
		add_mention(ev, &loc[k]);
		if (f && loc[k].base)
			file_add_id(f, loc[k].base);
	}
}

static bool add_tag(const char *expr, void *ud)
{
	struct acm_license_ev *ev = ud;
	if (ev->ntags < MAX_TAGS)
		ev->tags = acm_strv_add_unique(ev->tags, &ev->ntags, expr);
	return true;
}

/* "License: MIT" lines (META, PKG-INFO, a README's field) with an SPDX value. */
static void license_fields(struct acm_license_ev *ev, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		if (e - i > 8 && !strncasecmp(text + i, "License:", 8)) {
			char *v = acm_xasprintf("%.*s", (int)(e - i - 8), text + i + 8);
			char *s = v + strspn(v, " \t");
			s[strcspn(s, "\r")] = '\0';
			for (size_t k = strlen(s); k && (s[k - 1] == ' ' || s[k - 1] == '\t'); k--)
				s[k - 1] = '\0';
			if (acm_spdx_valid(s) && strcmp(s, "UNKNOWN"))
				add_tag(s, ev);
			free(v);
		}
		i = e + 1;
	}
}

static void add_statement(struct acm_license_ev *ev, const char *text, size_t len, struct acm_license_file *f)
{
	acm_spdx_tags(text, len, add_tag, ev);
	license_fields(ev, text, len);
	char *t = acm_licensetext_normalise(text, len, false);
	if (strstr(t, "any later version"))
		ev->any_later = true;
	scan_statement(ev, t, f);
	free(t);
}

void acm_license_add_statement(struct acm_license_ev *ev, const char *text, size_t len)
{
	add_statement(ev, text, len, NULL);
}

static void file_add_id(struct acm_license_file *f, const char *id)
{
	f->ids = acm_strv_add_unique(f->ids, &f->nids, id);
}

/* Is text[s..e) blank? */
static bool blank_line(const char *text, size_t s, size_t e)
{
	while (s < e && isspace((unsigned char)text[s]))
		s++;
	return s >= e;
}

/* One part of a sectioned file: a license, prose, or prose that restricts (false). */
static bool section_part(struct acm_license_file *f, const char *text, size_t n, size_t *parts)
{
	bool ok = true;
	char *t = acm_licensetext_normalise(text, n, false);
	if (acm_licensetext_families(t) || acm_licensetext_has(t, "public license")) {
		const struct acm_licensetext *d = acm_licensetext_identify(text, n);
		if (d)
			file_add_id(f, d->id);
		else
			ok = false;
		++*parts;
	} else if (acm_licensetext_has(t, "may not") || acm_licensetext_has(t, "commercial") ||
		   acm_licensetext_has(t, "prohibit")) {
		ok = false;   /* prose between the licenses that restricts */
	}
	free(t);
	return ok;
}

/* A file that is several licenses cut at its separator lines ("=====",
 * "-----", a comment's own "/" "*" and "*" "/" lines): each part with
 * license words must be one license. A rule that underlines a heading
 * (a short line after a blank one, about as long as the rule) cuts above
 * the heading: "THE BSD LICENCE" / "---" starts the part it names. */
static bool identify_sections(struct acm_license_file *f, const char *text, size_t len)
{
	size_t start = 0, parts = 0, seps = 0, prev = 0, prev2 = 0;
	bool ok = true, have_prev = false, have_prev2 = false;
	for (size_t i = 0; i <= len && ok;) {
		const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t s = i + strspn(text + i, " \t");
		char c = s < e ? text[s] : 0;
		size_t run = 0;
		while (s + run < e && text[s + run] == c)
			run++;
		size_t tail = s + run + strspn(text + s + run, " \t\r");
		bool sep = c && strchr("=-_~*", c) && run >= 3 && tail >= e;
		bool comment = s + 2 <= e && (!strncmp(text + s, "/*", 2) || !strncmp(text + s, "*/", 2)) &&
			       s + 2 + strspn(text + s + 2, " \t\r") >= e;
		size_t cut = i, next = e + 1;
		if (sep && have_prev && !blank_line(text, prev, i) && (!have_prev2 || blank_line(text, prev2, prev))) {
			size_t hs = prev + strspn(text + prev, " \t"), he = i - 1;
			while (he > hs && isspace((unsigned char)text[he - 1]))
				he--;
			if (he > hs && he - hs < 80 && (he - hs + 3 >= run && run + 3 >= he - hs))
				cut = prev, next = prev;   /* the heading opens the next part */
		}
		if (sep || comment || e >= len) {
			size_t pe = sep || comment ? cut : len;
			if (pe > start) {
				ok = section_part(f, text + start, pe - start, &parts);
				seps += sep || comment;
			}
			start = next;
		}
		if (e >= len)
			break;
		prev2 = prev, have_prev2 = have_prev;
		prev = i, have_prev = true;
		i = e + 1;
	}
	return ok && parts && seps;
}

/* A short file that only names another license file ("Please see the file
 * LICENCE"): no license of its own, and nothing that restricts. */
static bool only_points(const char *text, size_t len)
{
	char *t = acm_licensetext_normalise(text, len, true);
	bool yes = strlen(t) < 300 && !strstr(t, "not ") && !strstr(t, "only") && !strstr(t, "commercial") &&
		   !strstr(t, "except");
	free(t);
	return yes;
}

/* Prose that takes rights away ("may not", "commercial", "prohibited"). */
static bool restricts(const char *text, size_t len)
{
	char *t = acm_licensetext_normalise(text, len, true);
	bool yes = strstr(t, "may not") || strstr(t, "commercial") || strstr(t, "prohibit");
	free(t);
	return yes;
}

void acm_license_add_file(struct acm_license_ev *ev, const char *path, const char *in, size_t len)
{
	/* the section scan reads lines up to a NUL: give it one at len */
	char *text = acm_xmalloc(len + 1);
	memcpy(text, in, len);
	text[len] = '\0';
	ev->files = acm_xgrow(ev->files, &ev->capfiles, ev->nfiles, sizeof(*ev->files), 4);
	struct acm_license_file *f = &ev->files[ev->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = acm_xstrdup(path);
	const struct acm_licensetext *d = acm_licensetext_identify(text, len);
	/* COPYING.TESTS, LICENSE-BUILDTOOLS: for what is not built or shipped */
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (strcasestr(base, "test") || strcasestr(base, "buildtool"))
		f->build_only = true;
	char *norm = acm_licensetext_normalise(text, len, false);
	const struct acm_licexception *exc = acm_licensetext_exception(norm);
	free(norm);
	if (exc) {
		f->with = exc->id;
		f->with_base = exc->base;
	}
	if (d) {
		file_add_id(f, d->id);
	} else if (acm_licensedep5_read(f, text, len)) {
		;   /* its paragraphs named each license */
	} else if (exc && !identify_sections(f, text, len)) {
		acm_strv_free(f->ids, f->nids);   /* the exception alone (COPYING.RUNTIME) */
		f->ids = NULL;
		f->nids = 0;
	} else if (!exc && !identify_sections(f, text, len)) {
		acm_strv_free(f->ids, f->nids);
		f->ids = NULL;
		f->nids = 0;
		char *t = acm_licensetext_normalise(text, len, false);
		for (int i = 0; build_only_passages[i]; i++)
			if (acm_licensetext_has(t, build_only_passages[i]))
				f->build_only = true;
		free(t);
		/* no license text: maybe a statement ("licensed under either
		 * GPL-2.0 or later (see COPYINGv2) or ..."), read as one */
		if (!f->build_only)
			add_statement(ev, text, len, f);
		f->pointer = f->nids > 0;
		if (f->nids || !only_points(text, len))
			f->refers[0] = '\0';
		if (f->nids || restricts(text, len))
			f->family = NULL;
	}
	f->doc_only = f->nids > 0;
	for (size_t i = 0; i < f->nids; i++) {
		const struct acm_licensetext *x = acm_licensetext_of(f->ids[i]);
		if (!x || !(x->flags & ACM_LICTEXT_DOC))
			f->doc_only = false;
	}
	free(text);
}

/* ---- the decision -------------------------------------------------------------- */

static bool is_gnu(const char *id)
{
	const struct acm_licensetext *d = acm_licensetext_of(id);
	return d && (d->flags & ACM_LICTEXT_GNU);
}

/* -only or -or-later for a GNU base: SPDX tags of the same license decide
 * (one "-only" tag, or the legacy bare "GPL-2.0", makes it -only: the Linux
 * kernel's case); else a statement naming this version with or without
 * "or later"; else "any later version" in a header gives -or-later; else
 * -only. */
static char *suffixed(const struct acm_license_ev *ev, const char *base)
{
	size_t n = strlen(base);
	bool only = false, later = false, said = false;
	for (size_t j = 0; j < ev->ntags; j++) {
		const char *t = ev->tags[j];
		for (const char *p = t; (p = strstr(p, base)); p += n) {
			if ((p > t && (isalnum((unsigned char)p[-1]) || p[-1] == '-')) || isalnum((unsigned char)p[n]) ||
			    p[n] == '.')
				continue;
			if (p[n] == '+' || !strncmp(p + n, "-or-later", 9))
				later = true;
			else
				only = true;
		}
	}
	if (!only && !later)
		for (size_t i = 0; i < ev->nm; i++)
			if (ev->m[i].base && !strcmp(ev->m[i].base, base)) {
				said = true;
				later = later || ev->m[i].later > 0;
				only = only || ev->m[i].later < 0;
			}
	if (!only && !later && !said)
		later = ev->any_later;
	if (only)
		later = false;
	return acm_xasprintf("%s%s", base, later ? "-or-later" : "-only");
}

/* Does path's base name equal name (as a statement spelt it, normalised:
 * lower case, "licence" made "license")? */
static bool names_file(const char *path, const char *name)
{
	const char *b = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *n = acm_licensetext_normalise(b, strlen(b), false);
	bool same = !strcasecmp(n, name);
	free(n);
	return same;
}

/* A mention's license: its own, or the one license of the file it names. */
static const char *mention_id(const struct acm_license_ev *ev, const struct acm_license_mention *m)
{
	if (m->base)
		return m->base;
	for (size_t i = 0; i < ev->nfiles; i++)
		if (names_file(ev->files[i].path, m->file))
			return ev->files[i].nids == 1 ? ev->files[i].ids[0] : NULL;
	return NULL;
}

/* Does another license file of ev (not f) have the name f refers to? */
static bool refers_to_known(const struct acm_license_ev *ev, const struct acm_license_file *f)
{
	if (!f->refers[0])
		return false;
	for (size_t i = 0; i < ev->nfiles; i++)
		if (&ev->files[i] != f && ev->files[i].nids && names_file(ev->files[i].path, f->refers))
			return true;
	return false;
}

/* f names a license without a version (ZFS's COPYRIGHT: "released under
 * the Common Development and Distribution License (CDDL)") and another
 * license file is that license's text (LICENSE: CDDL-1.0): f adds nothing. */
static bool family_known(const struct acm_license_ev *ev, const struct acm_license_file *f)
{
	size_t n = f->family ? strlen(f->family) : 0;
	for (size_t i = 0; n && i < ev->nfiles; i++)
		for (size_t k = 0; &ev->files[i] != f && k < ev->files[i].nids; k++)
			if (!strncmp(ev->files[i].ids[k], f->family, n) && ev->files[i].ids[k][n] == '-')
				return true;
	return false;
}

/* One license as the expression says it: id, or its GNU base with the
 * suffix (ls, or the statements' word), and an exception a file grants. */
static char *render(const struct acm_license_ev *ev, const char *id, const char *ls)
{
	char *s = ls ? acm_xasprintf("%s%s", id, ls) : is_gnu(id) ? suffixed(ev, id) : acm_xstrdup(id);
	for (size_t i = 0; i < ev->nfiles; i++)
		if (ev->files[i].with && !ev->files[i].build_only && !strcasecmp(ev->files[i].with_base, id)) {
			char *w = acm_xasprintf("%s WITH %s", s, ev->files[i].with);
			free(s);
			return w;
		}
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool strv_has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static void warn_refs(const char *expr)
{
	if (strstr(expr, "LicenseRef-"))
		acm_warn("the license is given as a LicenseRef (%s): no SPDX id fits it; check it", expr);
}

char *acm_license_decide(const struct acm_license_ev *ev, const char ***unknown, size_t *nunknown,
			 bool *from_tags)
{
	*unknown = NULL;
	*nunknown = 0;
	*from_tags = false;
	char **code = NULL, **docs = NULL;
	size_t ncode = 0, ndocs = 0, cap = 0;
	for (size_t i = 0; i < ev->nfiles; i++) {
		const struct acm_license_file *f = &ev->files[i];
		if (f->build_only || (!f->nids && (refers_to_known(ev, f) || family_known(ev, f))))
			continue;   /* tooling; a pointer to a license file that is here */
		/* an exception alone (COPYING.RUNTIME) to a license that is here */
		bool base_here = false;
		for (size_t k = 0; !f->nids && f->with && k < ev->nfiles; k++)
			for (size_t j = 0; j < ev->files[k].nids; j++)
				base_here = base_here || !strcasecmp(ev->files[k].ids[j], f->with_base);
		if (base_here)
			continue;
		if (!f->nids) {
			*unknown = acm_xgrow(*unknown, &cap, *nunknown, sizeof(**unknown), 4);
			(*unknown)[(*nunknown)++] = f->path;
			continue;
		}
		for (size_t k = 0; k < f->nids; k++) {
			if (f->doc_only)
				docs = acm_strv_add_unique(docs, &ndocs, f->ids[k]);
			else
				code = acm_strv_add_unique(code, &ncode, f->ids[k]);
		}
	}
	if (*nunknown) {
		acm_strv_free(code, ncode);
		acm_strv_free(docs, ndocs);
		return NULL;
	}
	if (!ev->nfiles) {
		/* no license file: the sources' SPDX tags, when they agree on few.
		 * Linux-syscall-note is only ever on the kernel's UAPI headers: a
		 * copy of one (libdrm's include/drm/) carries the kernel's license,
		 * not the package's (the note says its users are not bound by it) */
		char **sorted = acm_xcalloc(ev->ntags + 1, sizeof(char *));
		size_t n = 0;
		for (size_t i = 0; i < ev->ntags; i++)
			if (!strstr(ev->tags[i], "Linux-syscall-note"))
				sorted[n++] = ev->tags[i];
		if (!n || n > 3) {
			free(sorted);
			return NULL;
		}
		struct acm_buf b = ACM_BUF_INIT;
		qsort(sorted, n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < n; i++)
			acm_buf_addf(&b, n > 1 && strchr(sorted[i], ' ') ? "%s(%s)" : "%s%s", i ? " AND " : "", sorted[i]);
		free(sorted);
		*from_tags = true;
		return acm_buf_steal(&b);
	}
	/* LGPL-3.0 is GPL-3.0 plus permissions, and the FSF asks for both
	 * texts: a GPL-3.0 text beside it that no statement names is its part */
	bool gpl3_named = false;
	for (size_t i = 0; i < ev->nm; i++)
		gpl3_named = gpl3_named || (!ev->m[i].group && ev->m[i].base && !strcmp(ev->m[i].base, "GPL-3.0"));
	for (size_t j = 0; j < ev->ntags; j++)
		gpl3_named = gpl3_named || strstr(ev->tags[j], "GPL-3.0") != NULL;
	if (strv_has(code, ncode, "LGPL-3.0") && strv_has(code, ncode, "GPL-3.0") && !gpl3_named) {
		for (size_t i = 0; i < ncode; i++)
			if (!strcmp(code[i], "GPL-3.0")) {
				free(code[i]);
				code[i] = code[--ncode];
				break;
			}
	}
	/* the terms: OR groups whose licenses are among the files, then the rest */
	struct acm_buf out = ACM_BUF_INIT;
	bool *used = acm_xcalloc(ncode + 1, sizeof(bool));
	char **terms = NULL;
	size_t nterms = 0;
	for (int g = 1; g <= ev->groups; g++) {
		/* a choice between licenses whose texts the source ships */
		bool member = true;
		for (size_t i = 0; i < ev->nm; i++)
			if (ev->m[i].group == g && (!mention_id(ev, &ev->m[i]) || !strv_has(code, ncode, mention_id(ev, &ev->m[i]))))
				member = false;
		if (!member)
			continue;
		/* members sorted: the same choice stated twice is one term */
		char **seen = NULL;
		size_t nseen = 0;
		for (size_t i = 0; i < ev->nm; i++) {
			if (ev->m[i].group != g)
				continue;
			const char *ls = ev->m[i].later > 0 ? "-or-later" : ev->m[i].later < 0 ? "-only" : NULL;
			const char *mid = mention_id(ev, &ev->m[i]);
			char *s = render(ev, mid, ls && ev->m[i].base ? ls : NULL);
			seen = acm_strv_add_unique(seen, &nseen, s);
			free(s);
			for (size_t c = 0; c < ncode; c++)
				if (!strcmp(code[c], mid))
					used[c] = true;
		}
		if (nseen) {
			qsort(seen, nseen, sizeof(char *), cmp_str);
			struct acm_buf gb = ACM_BUF_INIT;
			for (size_t i = 0; i < nseen; i++)
				acm_buf_addf(&gb, "%s%s", i ? " OR " : "", seen[i]);
			terms = acm_strv_add_unique(terms, &nterms, acm_buf_str(&gb));
			acm_buf_free(&gb);
		}
		acm_strv_free(seen, nseen);
	}
	char **rest = NULL;
	size_t nrest = 0;
	for (size_t i = 0; i < ncode; i++) {
		if (used[i])
			continue;
		char *s = render(ev, code[i], NULL);
		rest = acm_strv_add_unique(rest, &nrest, s);
		free(s);
	}
	if (nrest > 1)
		qsort(rest, nrest, sizeof(char *), cmp_str);
	for (size_t i = 0; i < ndocs; i++) {
		char *s = suffixed(ev, docs[i]);
		terms = acm_strv_add_unique(terms, &nterms, s);   /* after the code's */
		free(s);
	}
	size_t all = nrest + nterms;
	for (size_t i = 0; i < nrest; i++)
		acm_buf_addf(&out, "%s%s", out.len ? " AND " : "", rest[i]);
	for (size_t i = 0; i < nterms; i++)
		acm_buf_addf(&out, all > 1 && strstr(terms[i], " OR ") ? "%s(%s)" : "%s%s", out.len ? " AND " : "",
			     terms[i]);
	free(used);
	acm_strv_free(terms, nterms);
	acm_strv_free(rest, nrest);
	acm_strv_free(code, ncode);
	acm_strv_free(docs, ndocs);
	if (!out.len)
		return NULL;
	char *expr = acm_buf_steal(&out);
	if (!acm_spdx_valid(expr)) {   /* cannot happen: every part is from the table */
		free(expr);
		return NULL;
	}
	warn_refs(expr);
	return expr;
}

void acm_license_ev_free(struct acm_license_ev *ev)
{
	for (size_t i = 0; i < ev->nfiles; i++) {
		free(ev->files[i].path);
		acm_strv_free(ev->files[i].ids, ev->files[i].nids);
	}
	free(ev->files);
	free(ev->m);
	acm_strv_free(ev->tags, ev->ntags);
	memset(ev, 0, sizeof(*ev));
}

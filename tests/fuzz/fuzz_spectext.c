/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_spectext.c - libFuzzer target for the spec writers (lib/rpm/spectext.c),
 * checking what rpm would make of the result, not just "no crash". A small
 * model of rpm 4.18's reading of one spec line (the line reader's brace and
 * backslash counting, one macro expansion, %files globbing) is applied to a
 * template line holding the written value, and the harness aborts when
 * - the line would make rpm read on into the next line (an unclosed %{ %(
 *   %[ or a final backslash), or the value holds a newline;
 * - expanding the line would expand a macro the template did not have
 *   (%(...), %{lua:...}, %name ...) - only "%%" may appear;
 * - the value does not read back as itself (free text: as documented, with
 *   control characters and '\' as blanks), or a %description line made of
 *   it would start a section;
 * - a %files name does not glob to exactly the file it names, or keeps a
 *   '%' that rpm would take a directive (%attr, %caps) from;
 * - a shell word does not unquote to itself or lets the shell expand.
 * tests/rpm/spectext-corpus.sh is the slow half: it runs a corpus through
 * the real specgen and rpmspec. */
#include "config.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "spdx.h"
#include "spectext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_spectext: %s failed (line %d)\n", #c, __LINE__); abort(); } } while (0)

/* rpm's line reader (build/parseSpec.c copyNextLineFromOFI): true when the
 * line is complete, i.e. no open %{ %( %[ and no final backslash. */
static bool line_complete(const char *l)
{
	int bc = 0, pc = 0, xc = 0;
	for (const char *p = l; *p; p++) {
		switch (*p) {
		case '\\':
			if (!p[1])
				return false;
			p++;
			break;
		case '%':
			if (p[1] == '{') { p++; bc++; }
			else if (p[1] == '(') { p++; pc++; }
			else if (p[1] == '[') { p++; xc++; }
			else if (p[1] == '%') p++;
			break;
		case '{': if (bc) bc++; break;
		case '}': if (bc) bc--; break;
		case '(': if (pc) pc++; break;
		case ')': if (pc) pc--; break;
		case '[': if (xc) xc++; break;
		case ']': if (xc) xc--; break;
		default: break;
		}
	}
	return !bc && !pc && !xc;
}

/* One expansion: "%%" -> "%"; a '%' that would start a macro aborts; any
 * other '%' stays (rpm leaves "% " and "%-" as they are). The template's
 * own macros are passed in as allowed prefixes. malloc'd. */
static char *expand_once(const char *l, const char *allowed)
{
	struct acm_buf b = ACM_BUF_INIT;
	for (const char *p = l; *p; p++) {
		if (*p != '%') {
			acm_buf_addc(&b, *p);
			continue;
		}
		if (p[1] == '%') {
			acm_buf_addc(&b, '%');
			p++;
			continue;
		}
		if (allowed && !strncmp(p, allowed, strlen(allowed))) {
			acm_buf_adds(&b, allowed);
			p += strlen(allowed) - 1;
			continue;
		}
		char c = p[1];
		bool macro = c == '{' || c == '(' || c == '[' || c == '_' || c == '!' || c == '?' || c == '*' ||
			     c == '#' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		CHECK(!macro);
		acm_buf_addc(&b, '%');
	}
	return b.data ? acm_buf_steal(&b) : strdup("");
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* A template line with the value: complete, one line, expands to want. */
static void round_trip(const char *tag, const char *val, const char *want, const char *allowed)
{
	CHECK(!strchr(val, '\n') && !strchr(val, '\r'));
	char *line = acm_xasprintf("%s%s", tag, val);
	CHECK(line_complete(line));
	char *e = expand_once(line, allowed);
	if (want) {
		char *w = acm_xasprintf("%s%s", tag, want);
		CHECK(!strcmp(e, w));
		free(w);
	}
	free(e);
	free(line);
}

/* A valid UTF-8 sequence at p: its length, else 0 (decoded, unlike spectext.c). */
static size_t u8(const unsigned char *p)
{
	unsigned cp;
	size_t n;
	if (p[0] > 0xf4 || p[0] < 0xc0)
		return 0;
	n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
	cp = p[0] & (n == 4 ? 7u : n == 3 ? 15u : 31u);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	if (cp < (n == 2 ? 0x80u : n == 3 ? 0x800u : 0x10000u) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static void check_text(const char *in)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_spectext_text(&b, in);
	const char *out = acm_buf_str(&b);
	CHECK(!has_ctl(out));
	/* documented reading: leading blanks dropped, control characters and
	 * '\' as blanks; rpm trims a tag value's leading blanks */
	struct acm_buf w = ACM_BUF_INIT;
	const char *p = in;
	while (*p == ' ')
		p++;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80) {
			size_t n = u8((const unsigned char *)p);
			if (n) {
				acm_buf_add(&w, p, n);
				p += n - 1;
			} else {
				acm_buf_addc(&w, '?');
			}
			continue;
		}
		acm_buf_addc(&w, (c < 0x20 || c == 0x7f || c == '\\') ? ' ' : (char)c);
	}
	char *e = expand_once(out, NULL);
	const char *lead = e, *wl = acm_buf_str(&w);
	while (*lead == ' ')
		lead++;
	while (*wl == ' ')
		wl++;
	CHECK(!strcmp(lead, wl));
	/* as a %description line: it never starts a section */
	CHECK(e[0] != '%');
	free(e);
	round_trip("Summary:        ", out, NULL, NULL);
	round_trip("", out, NULL, NULL);   /* a %description line */
	acm_buf_free(&w);
	acm_buf_free(&b);
}

static void check_word(const char *in)
{
	struct acm_buf b = ACM_BUF_INIT;
	if (acm_spectext_word(&b, in)) {
		CHECK(!strcmp(acm_buf_str(&b), in));
		CHECK(!strpbrk(in, "% \t\"'\\$`;&|<>(){}[]*?!#"));
		round_trip("Name:           ", in, in, NULL);
	} else {
		CHECK(b.len == 0);
	}
	acm_buf_free(&b);
}

static void check_url(const char *in)
{
	struct acm_buf b = ACM_BUF_INIT;
	if (acm_spectext_url(&b, in)) {
		const char *out = acm_buf_str(&b);
		CHECK(!strpbrk(out, " \t\"\\{}"));
		round_trip("URL:            ", out, in, NULL);
		/* what a second expansion (%{url} used somewhere) would meet */
		for (const char *p = strchr(in, '%'); p; p = strchr(p + 1, '%'))
			CHECK(p[1] && p[2] && strchr("0123456789abcdefABCDEF", p[1]) && strchr("0123456789abcdefABCDEF", p[2]));
	}
	acm_buf_free(&b);
}

static void check_license(const char *in)
{
	struct acm_buf b = ACM_BUF_INIT;
	if (acm_spectext_license(&b, in)) {
		CHECK(acm_spdx_valid(in));
		CHECK(!strchr(in, '%') && !has_ctl(in));
		round_trip("License:        ", acm_buf_str(&b), in, NULL);
	}
	acm_buf_free(&b);
}

static void check_file(const char *in)
{
	struct acm_buf b = ACM_BUF_INIT;
	if (acm_spectext_file(&b, NULL, in)) {
		const char *out = acm_buf_str(&b);
		size_t n = strlen(out);
		CHECK(!strchr(out, '%'));   /* rpm would look for %attr & co. in it */
		round_trip("", out, NULL, NULL);
		if (n >= 2 && out[0] == '"') {
			/* quoted: rpm takes it literally; only with a blank */
			CHECK(out[n - 1] == '"' && n - 2 == strlen(in) && !strncmp(out + 1, in, n - 2));
			CHECK(strchr(in, ' ') && !strchr(in, '"'));
		} else {
			/* unquoted: one word that globs to the name itself */
			CHECK(!strpbrk(out, " \t\""));
			CHECK(fnmatch(out, in, FNM_NOESCAPE) == 0);
		}
	} else {
		CHECK(b.len == 0);
	}
	acm_buf_reset(&b);
	if (acm_spectext_doc(&b, in)) {
		CHECK(!strpbrk(in, "%$`\\\"';&|<>(){}[]*?!#\n\t") && in[0] != '~');
		round_trip("%doc ", acm_buf_str(&b), NULL, "%doc");
	}
	acm_buf_free(&b);
}

/* POSIX sh reading of a word made of bare chars and '...' parts. */
static char *sh_unquote(const char *w)
{
	struct acm_buf b = ACM_BUF_INIT;
	for (const char *p = w; *p; p++) {
		if (*p == '\'') {
			const char *e = strchr(p + 1, '\'');
			CHECK(e);
			acm_buf_add(&b, p + 1, (size_t)(e - p - 1));
			p = e;
		} else if (*p == '\\') {
			CHECK(p[1]);
			acm_buf_addc(&b, *++p);
		} else {
			CHECK(!strchr("$`\"; &|<>(){}*?[]~#!\t\n", *p) || (*p == '~' && p != w));
			acm_buf_addc(&b, *p);
		}
	}
	return b.data ? acm_buf_steal(&b) : strdup("");
}

static void check_shell(const char *in)
{
	struct acm_buf b = ACM_BUF_INIT;
	if (acm_spectext_shell(&b, in)) {
		round_trip("rm -f %{buildroot}", acm_buf_str(&b), NULL, "%{buildroot}");
		char *e = expand_once(acm_buf_str(&b), NULL);
		char *u = sh_unquote(e);
		CHECK(!strcmp(u, in));
		free(u);
		free(e);
	}
	acm_buf_reset(&b);
	if (acm_spectext_command(&b, in))
		round_trip("(cd x && ", acm_buf_str(&b), in, NULL);
	acm_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);
	memcpy(t, data, size);
	t[size] = '\0';
	check_text(t);
	check_word(t);
	check_url(t);
	check_license(t);
	check_file(t);
	check_shell(t);
	free(acm_spectext_show(t));
	free(t);
	return 0;
}

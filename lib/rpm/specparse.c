/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specparse.c - the build files' parsers behind specdetect.c: what
 * configure.ac, CMakeLists.txt, meson.build, a Makefile, setup.py/pyproject
 * say about the version, dependencies and optional parts (specparse.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actext.h"
#include "buf.h"
#include "msg.h"
#include "pkgmeta.h"
#include "specbuildreq.h"
#include "specdetect.h"
#include "specparse.h"
#include "spectext.h"

/* ---- small text helpers ----------------------------------------------------- */

static const char *skip_ws(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* "foo >= 1.2 bar baz>1" (pkg-config syntax) -> pkgconfig(foo) >= 1.2, ... */
static void add_pc_list(struct acm_strlist *l, const char *spec)
{
	char *copy = acm_xstrdup(spec);
	char *tok[64];
	size_t nt = 0;
	/* tokenize: names, operators and versions, splitting "foo>=1" too */
	struct acm_buf b = ACM_BUF_INIT;
	for (const char *p = copy;; p++) {
		bool op = *p == '<' || *p == '>' || *p == '=' || *p == '!';
		bool prev_op = b.len && (b.data[b.len - 1] == '<' || b.data[b.len - 1] == '>' ||
					 b.data[b.len - 1] == '=' || b.data[b.len - 1] == '!');
		if (!*p || isspace((unsigned char)*p) || *p == ',' || (b.len && op != prev_op)) {
			if (b.len && nt < 64)
				tok[nt++] = acm_buf_steal(&b);
			acm_buf_reset(&b);
			if (!*p)
				break;
			if (isspace((unsigned char)*p) || *p == ',')
				continue;
		}
		acm_buf_addc(&b, *p);
	}
	acm_buf_free(&b);
	for (size_t i = 0; i < nt; i++) {
		const char *t = tok[i];
		bool ok = isalnum((unsigned char)t[0]) || t[0] == '_';
		for (const char *c = t; *c && ok; c++)
			if (!(isalnum((unsigned char)*c) || strchr("._+-", *c)))
				ok = false;
		if (!ok)
			continue;
		/* the version goes into a BuildRequires line: one word, or none */
		if (i + 2 < nt && strchr("<>=!", tok[i + 1][0]) && isdigit((unsigned char)tok[i + 2][0]) &&
		    acm_spectext_is_word(tok[i + 2])) {
			const char *o = tok[i + 1];
			if (!strcmp(o, "=="))
				o = "=";
			char *e = acm_xasprintf("pkgconfig(%s) %s %s", t, o, tok[i + 2]);
			acm_strlist_add(l, e);
			free(e);
			i += 2;
		} else if (!isdigit((unsigned char)t[0])) {
			char *e = acm_xasprintf("pkgconfig(%s)", t);
			acm_strlist_add(l, e);
			free(e);
		}
	}
	for (size_t i = 0; i < nt; i++)
		free(tok[i]);
	free(copy);
}

/* Names ("ssl crypto", "a.h b.h") through the BuildRequires table into l. */
static void add_br_words(struct acm_strlist *l, const char *words)
{
	char *c = acm_xstrdup(words), *save = NULL;
	for (char *w = strtok_r(c, " \t\n[],", &save); w; w = strtok_r(NULL, " \t\n[],", &save))
		acm_strlist_add(l, acm_specbuildreq_lookup(w));
	free(c);
}

/* An option whose name says it builds an optional part (docs, tests,
 * examples, benchmarks, fuzzers): "enable-docs", "BUILD_TESTING",
 * "ENABLE_CJSON_TEST", "gtk_doc". Turned off, the build needs none of
 * doxygen, a bundled gtest or a network. */
static bool optional_part(const char *name)
{
	static const char *const words[] = { "doc", "docs", "documentation", "doxygen", "apidocs", "test", "tests",
		"testing", "unittests", "example", "examples", "bench", "benchmark", "benchmarks", "fuzz",
		"fuzzing", "fuzzer", "fuzzers", NULL };
	char *c = acm_xstrdup(name), *save = NULL;
	bool hit = false;
	for (char *w = strtok_r(c, "_-", &save); w && !hit; w = strtok_r(NULL, "_-", &save))
		for (int i = 0; words[i] && !hit; i++)
			hit = !strcasecmp(w, words[i]);
	free(c);
	return hit;
}

/* A project that builds a kernel module and a userland: the switch that
 * keeps it to the userland (the module is mx2g-pack's), from configure.ac
 * or the .m4 files it includes. ZFS: --with-config=user; OpenAFS:
 * --disable-kernel-module. */
static void kernel_switches(struct acm_detect *d, const char *text)
{
	const char *from = text, *p;
	char *a[2];
	while ((p = acm_actext_call(text, "AC_ARG_WITH", false, &from))) {
		size_t n = acm_actext_m4_args(p, a, 2);
		const char *end = strstr(p, "AC_ARG_");
		bool kern = n && !strcmp(a[0], "config") && strstr(p, "kernel") && strstr(p, "user") &&
			    (!end || strstr(p, "user") < end + 1000);
		if (kern) {
			acm_strlist_add(&d->off_ac, "--with-config=user");
			d->kernel_module = true;
		}
		for (size_t i = 0; i < n; i++)
			free(a[i]);
	}
	from = text;
	while ((p = acm_actext_call(text, "AC_ARG_ENABLE", false, &from))) {
		size_t n = acm_actext_m4_args(p, a, 1);
		if (n && (!strcmp(a[0], "kernel-module") || !strcmp(a[0], "kernel-modules"))) {
			char *o = acm_xasprintf("--disable-%s", a[0]);
			acm_strlist_add(&d->off_ac, o);
			free(o);
			d->kernel_module = true;
		}
		for (size_t i = 0; i < n; i++)
			free(a[i]);
	}
}

/* ---- build-file parsers -------------------------------------------------------- */

/* What configure checks for: PKG_CHECK_MODULES, AC_CHECK_LIB(lib, ...),
 * AC_SEARCH_LIBS(fn, libs), AC_CHECK_HEADER(S)(hdrs), AC_PATH_PROG; with
 * optional_off, AC_ARG_ENABLE of an optional part turned off. */
/* m4 text without its "dnl" and "#" comments (which document macros with
 * placeholders: "dnl PKG_CHECK_MODULES(VARIABLE-PREFIX, MODULES, ...)") */
static char *strip_dnl(const char *text)
{
	char *t = acm_xstrdup(text);
	for (char *p = t; (p = strstr(p, "dnl"));) {
		bool word = (p == t || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
			    !(isalnum((unsigned char)p[3]) || p[3] == '_');
		if (!word) {
			p += 3;
			continue;
		}
		while (*p && *p != '\n')
			*p++ = ' ';
	}
	/* and "# ..." comment lines (pkg.m4 documents itself so) */
	for (char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char *q = l + strspn(l, " \t");
		if (*q == '#')
			while (*q && *q != '\n')
				*q++ = ' ';
	}
	return t;
}

static void ac_checks(struct acm_detect *d, const char *text_in, bool optional_off)
{
	const char *from, *p;
	char *a[5], *text = strip_dnl(text_in);
	static const char *const pkc[] = { "PKG_CHECK_MODULES", "PKG_CHECK_MODULES_STATIC", NULL };
	for (int k = 0; pkc[k]; k++) {
		from = text;
		while ((p = acm_actext_call(text, pkc[k], false, &from))) {
			size_t n = acm_actext_m4_args(p, a, 3);
			if (n >= 2 && !strchr(a[1], '$'))
				add_pc_list(&d->pc_ac, a[1]);
			for (size_t i = 0; i < n; i++)
				free(a[i]);
		}
	}
	/* libraries and headers: AC_CHECK_LIB(lib, ...), AC_SEARCH_LIBS(fn, libs),
	 * AC_CHECK_HEADER(S)(hdrs); AC_ARG_ENABLE of an optional part: off */
	static const struct { const char *call; int arg; } chk[] = { { "AC_CHECK_LIB", 0 }, { "AC_SEARCH_LIBS", 1 },
		{ "AC_CHECK_HEADER", 0 }, { "AC_CHECK_HEADERS", 0 }, { "AC_PATH_PROG", 1 }, { "AC_CHECK_PROG", 1 },
		{ "AC_PATH_PROGS", 1 }, { "AC_CHECK_PROGS", 1 },   /* libpcap: AC_CHECK_PROGS(BISON_BYACC, bison) */
		{ "AC_ARG_ENABLE", -1 } };
	for (size_t k = 0; k < sizeof(chk) / sizeof(chk[0]); k++) {
		from = text;
		while ((p = acm_actext_call(text, chk[k].call, false, &from))) {
			size_t n = acm_actext_m4_args(p, a, 3);
			/* an action-if-given that ignores the value (libtasn1's
			 * [enable_fuzzing=yes]) turns the part ON for --disable too */
			bool fixed = chk[k].arg < 0 && n >= 3 && a[2][0] && !strstr(a[2], "enableval") &&
				     !strchr(a[2], '$');
			if (chk[k].arg < 0 && n && optional_off && !fixed && optional_part(a[0]) && acm_spectext_is_word(a[0])) {
				char *o = acm_xasprintf("--disable-%s", a[0]);
				acm_strlist_add(&d->off_ac, o);
				free(o);
			} else if (chk[k].arg >= 0 && (size_t)chk[k].arg < n && !strchr(a[chk[k].arg], '$')) {
				add_br_words(&d->br_ac, a[chk[k].arg]);
			}
			for (size_t i = 0; i < n; i++)
				free(a[i]);
		}
	}
	/* ZFS's wrapper: (VAR, pkg-config module, header, prefixes, library, ...) */
	from = text;
	while ((p = acm_actext_call(text, "ZFS_AC_FIND_SYSTEM_LIBRARY", false, &from))) {
		size_t n = acm_actext_m4_args(p, a, 5);
		if (n >= 2 && a[1][0] && !strchr(a[1], '$'))
			add_pc_list(&d->pc_ac, a[1]);
		else if (n >= 5 && !strchr(a[4], '$'))
			add_br_words(&d->br_ac, a[4]);
		for (size_t i = 0; i < n; i++)
			free(a[i]);
	}
	if (strstr(text, "AC_PROG_YACC"))
		acm_strlist_add(&d->br_ac, "bison");
	if (strstr(text, "AC_PROG_LEX") || strstr(text, "AM_PROG_LEX"))
		acm_strlist_add(&d->br_ac, "flex");
	free(text);
}

void acm_specparse_autoconf(struct acm_detect *d, const char *text)
{
	const char *from = text, *p;
	char *a[6];
	if ((p = acm_actext_call(text, "AC_INIT", false, &from))) {
		size_t n = acm_actext_m4_args(p, a, 6);
		if (n >= 5 && !d->url && (strncmp(a[4], "http", 4) == 0))
			d->url = acm_xstrdup(a[4]);
		/* literal only: m4_esyscmd(...) or a macro is the build's to expand */
		if (n >= 2 && !d->declared_version && acm_pkgmeta_valid_version(a[1]))
			d->declared_version = acm_xstrdup(a[1]);
		for (size_t i = 0; i < n; i++)
			free(a[i]);
	}
	ac_checks(d, text, true);
	kernel_switches(d, text);
	if (strstr(text, "LT_INIT") || strstr(text, "AC_PROG_LIBTOOL") || strstr(text, "AM_PROG_LIBTOOL"))
		d->libtool = true;
	if (strstr(text, "AM_GNU_GETTEXT") || strstr(text, "IT_PROG_INTLTOOL"))
		d->gettext = true;
	if (strstr(text, "AC_PROG_CXX"))
		d->lang_cxx = true;
	if (strstr(text, "AC_PROG_CC"))
		d->lang_c = true;
}

void acm_specparse_meta(struct acm_detect *d, const char *text)
{
	char *v;

	acm_license_add_statement(&d->lic, text, strlen(text));   /* "License:" */
	if (!d->declared_version && (v = acm_actext_field(text, strlen(text), "Version"))) {
		v[strcspn(v, " \t\r")] = '\0';  /* the first word */
		if (acm_pkgmeta_valid_version(v))
			d->declared_version = acm_xstrdup(v);
		free(v);
	}
	if (!d->declared_release && (v = acm_actext_field(text, strlen(text), "Release"))) {
		v[strcspn(v, " \t\r")] = '\0';
		if (acm_pkgmeta_valid_release(v))
			d->declared_release = acm_xstrdup(v);
		free(v);
	}
}

/* CMake arguments: whitespace separated, "quoted" kept together. */
static size_t cmake_args(const char *p, char **args, size_t max)
{
	size_t n = 0;
	struct acm_buf cur = ACM_BUF_INIT;
	bool q = false;
	int paren = 0;
	for (;; p++) {
		char c = *p;
		bool end = !c || (!q && c == ')' && !paren);
		if (end || (!q && isspace((unsigned char)c))) {
			if (cur.len && n < max)
				args[n++] = acm_buf_steal(&cur);
			acm_buf_reset(&cur);
			if (end)
				break;
			continue;
		}
		if (c == '"') {
			q = !q;
			continue;
		}
		if (!q && c == '(') paren++;
		if (!q && c == ')') paren--;
		acm_buf_addc(&cur, c);
	}
	acm_buf_free(&cur);
	return n;
}

void acm_specparse_cmake(struct acm_detect *d, const char *text)
{
	static const char *const kw[] = { "REQUIRED", "QUIET", "NO_CMAKE_PATH", "NO_CMAKE_ENVIRONMENT_PATH",
					  "IMPORTED_TARGET", "GLOBAL", NULL };
	static const char *const calls[] = { "pkg_check_modules", "pkg_search_module", NULL };
	char *a[64];
	const char *from, *p;
	for (int k = 0; calls[k]; k++) {
		from = text;
		while ((p = acm_actext_call(text, calls[k], true, &from))) {
			size_t n = cmake_args(p, a, 64);
			for (size_t i = 1; i < n; i++) {
				bool skip = strchr(a[i], '$') != NULL;
				for (int j = 0; kw[j]; j++)
					if (!strcmp(a[i], kw[j]))
						skip = true;
				if (!skip)
					add_pc_list(&d->pc_cmake, a[i]);
			}
			for (size_t i = 0; i < n; i++)
				free(a[i]);
		}
	}
	static const struct { const char *call; int arg; } chk[] = { { "find_package", 0 },
		{ "check_include_file", 0 }, { "check_include_files", 0 }, { "find_library", 1 }, { "find_program", 1 },
		{ "option", -1 }, { "cmake_dependent_option", -1 } };
	for (size_t k = 0; k < sizeof(chk) / sizeof(chk[0]); k++) {
		from = text;
		while ((p = acm_actext_call(text, chk[k].call, true, &from))) {
			size_t n = cmake_args(p, a, 64);
			if (chk[k].arg < 0 && n && optional_part(a[0]) && acm_spectext_is_word(a[0])) {
				char *o = acm_xasprintf("-D%s=OFF", a[0]);
				acm_strlist_add(&d->off_cmake, o);
				free(o);
			} else if (chk[k].arg >= 0 && (size_t)chk[k].arg < n) {
				/* find_library(VAR NAMES a b) or find_library(VAR a) */
				size_t i = (size_t)chk[k].arg;
				if (i < n && !strcmp(a[i], "NAMES"))
					i++;
				if (i < n && !strchr(a[i], '$'))
					add_br_words(&d->br_cmake, a[i]);
			}
			for (size_t i = 0; i < n; i++)
				free(a[i]);
		}
	}
	/* a DESCRIPTION speaks for the build root, the top or one level down
	 * (acm_detect_finish keeps the build root's own) */
	const char *pp = d->parsing_path, *sl = pp ? strchr(pp, '/') : NULL;
	bool root_or_below = pp ? !sl || !strchr(sl + 1, '/') : d->parsing_top;
	from = text;
	if ((p = acm_actext_call(text, "project", true, &from))) {
		size_t n = cmake_args(p, a, 64);
		for (size_t i = 1; i < n; i++) {
			if (!strcmp(a[i], "VERSION") && i + 1 < n && d->parsing_top && !d->declared_version &&
			    acm_pkgmeta_valid_version(a[i + 1]))
				d->declared_version = acm_xstrdup(a[i + 1]);
			if (!strcmp(a[i], "DESCRIPTION") && i + 1 < n && root_or_below)
				acm_summary_add(&d->summaries, ACM_SUMMARY_CMAKE, d->parsing_path, NULL, a[i + 1]);
			if (!strcmp(a[i], "HOMEPAGE_URL") && i + 1 < n && !d->url)
				d->url = acm_xstrdup(a[i + 1]);
			if (!strcmp(a[i], "LANGUAGES")) {
				d->cmake_langs_given = true;
				for (size_t j = i + 1; j < n && isupper((unsigned char)a[j][0]); j++) {
					if (!strcmp(a[j], "C"))
						d->lang_c = true;
					if (!strcmp(a[j], "CXX"))
						d->lang_cxx = true;
				}
			}
		}
		for (size_t i = 0; i < n; i++)
			free(a[i]);
	}
	if (strcasestr(text, "enable_language(CXX") || strcasestr(text, "enable_language (CXX"))
		d->lang_cxx = true;
}

/* In a meson call's arguments p (up to its ')'): the string after "key :"
 * (the first string when key is NULL), malloc'd, or NULL. */
static char *quoted_after(const char *p, const char *key)
{
	const char *end = strchr(p, ')'), *q = p;
	if (!end)
		end = p + strlen(p);
	if (key) {
		for (q = p; (q = strstr(q, key)) && q < end; q++) {
			const char *c = skip_ws(q + strlen(key));
			if ((q == p || !(isalnum((unsigned char)q[-1]) || q[-1] == '_')) && *c == ':') {
				q = skip_ws(c + 1);
				break;
			}
		}
		if (!q || q >= end)
			return NULL;
	} else {
		q = skip_ws(q);
	}
	if (*q != '\'' && *q != '"')
		return NULL;
	const char *e = strchr(q + 1, *q);
	return e && e < end ? acm_xasprintf("%.*s", (int)(e - q - 1), q + 1) : NULL;
}

void acm_specparse_meson_options(struct acm_detect *d, const char *text)
{
	const char *from = text, *p;
	while ((p = acm_actext_call(text, "option", false, &from))) {
		char *name = quoted_after(p, NULL), *type = quoted_after(p, "type");
		const char *off = !type ? NULL : !strcmp(type, "boolean") ? "false" : !strcmp(type, "feature") ? "disabled" : NULL;
		if (name && off && optional_part(name) && acm_spectext_is_word(name)) {
			char *o = acm_xasprintf("-D%s=%s", name, off);
			acm_strlist_add(&d->off_meson, o);
			free(o);
		}
		free(name);
		free(type);
	}
}

/* meson: dependency('name', version : '>=1', required : false) */
void acm_specparse_meson(struct acm_detect *d, const char *text)
{
	/* dependencies meson finds without pkg-config (or not as that name) */
	static const char *const special[] = { "threads", "openmp", "mpi", "boost", "dl", "intl", "iconv",
		"gtest", "gmock", "llvm", "cuda", "blocks", "appleframeworks", "hdf5", "python3", "qt5", "qt6",
		"netcdf", "coarray", "wxwidgets", "curses", "shaderc", "vulkan", "libwmf", "jni", "zlib-ng", NULL };
	const char *from = text, *p;
	while ((p = acm_actext_call(text, "dependency", false, &from))) {
		/* the argument text up to the matching ')' */
		int depth = 1;
		const char *e = p;
		char qc = 0;
		for (; *e && depth; e++) {
			if (qc) { if (*e == qc) qc = 0; continue; }
			if (*e == '\'' || *e == '"') qc = *e;
			else if (*e == '(') depth++;
			else if (*e == ')') depth--;
		}
		char *args = acm_xasprintf("%.*s", (int)(e - p), p);
		const char *q = skip_ws(args);
		if (*q == '\'' || *q == '"') {
			char qq = *q++;
			const char *end = strchr(q, qq);
			if (end) {
				char *name = acm_xasprintf("%.*s", (int)(end - q), q);
				bool optional = false;
				const char *r = strstr(end, "required");
				if (r) {
					r = skip_ws(r + 8);
					if (*r == ':')
						r = skip_ws(r + 1);
					optional = strncmp(r, "true", 4) != 0;
				}
				bool sp = !*name;
				for (int i = 0; special[i]; i++)
					if (!strcmp(name, special[i]))
						sp = true;
				if (!optional && sp)   /* threads, zlib-ng, ...: not by pkg-config */
					acm_strlist_add(&d->br_meson, acm_specbuildreq_lookup(name));
				if (!optional && !sp) {
					char *ver = NULL;
					const char *v = strstr(end, "version");
					if (v) {
						v = skip_ws(v + 7);
						if (*v == ':')
							v = skip_ws(v + 1);
						if (*v == '\'' || *v == '"') {
							char vq = *v++;
							const char *ve = strchr(v, vq);
							if (ve)
								ver = acm_xasprintf("%.*s", (int)(ve - v), v);
						}
					}
					char *spec = acm_xasprintf("%s %s", name, ver ? ver : "");
					add_pc_list(&d->pc_meson, spec);
					free(spec);
					free(ver);
				}
				free(name);
			}
		}
		free(args);
	}
	/* cc.find_library('m'), find_program('nasm'); pkg.generate(name : 'foo'): our own .pc */
	from = text;
	while ((p = acm_actext_call(text, "find_program", false, &from))) {
		char *prog = quoted_after(p, NULL);
		acm_strlist_add(&d->br_meson, prog ? acm_specbuildreq_lookup(prog) : NULL);
		free(prog);
	}
	from = text;
	while ((p = acm_actext_call(text, "find_library", false, &from))) {
		char *lib = quoted_after(p, NULL);
		acm_strlist_add(&d->br_meson, lib ? acm_specbuildreq_lookup(lib) : NULL);
		free(lib);
	}
	from = text;
	while ((p = acm_actext_call(text, "generate", false, &from))) {
		char *pc = quoted_after(p, "filebase");
		if (!pc)
			pc = quoted_after(p, "name");
		acm_strlist_add(&d->pc_provided, pc);
		char *desc = pc ? quoted_after(p, "description") : NULL;
		acm_summary_add(&d->summaries, ACM_SUMMARY_MESON, d->parsing_path, pc, desc);
		free(desc);
		free(pc);
	}
	from = text;
	if ((p = acm_actext_call(text, "project", false, &from))) {
		const char *end = strchr(p, ')');
		char *args = acm_xasprintf("%.*s", end ? (int)(end - p) : (int)strlen(p), p);
		char *ver = d->parsing_top && !d->declared_version ? quoted_after(args, "version") : NULL;
		if (ver && acm_pkgmeta_valid_version(ver))
			d->declared_version = ver;
		else
			free(ver);
		if (strstr(args, "'cpp'") || strstr(args, "\"cpp\""))
			d->lang_cxx = true;
		if (strstr(args, "'c'") || strstr(args, "\"c\""))
			d->lang_c = true;
		d->meson_langs_given = true;
		free(args);
	}
}

void acm_specparse_automake(struct acm_detect *d, const char *dir, const char *text)
{
	for (const char *p = text; (p = strstr(p, "info_TEXINFOS")); p++) {
		if (p > text && p[-1] != '\n')
			continue;
		const char *q = p + strlen("info_TEXINFOS");
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '+')
			q++;
		if (*q != '=')
			continue;
		struct acm_buf v = ACM_BUF_INIT;
		acm_specdist_am_value(&v, q + 1);
		char *save = NULL;
		for (char *w = v.data ? strtok_r(v.data, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save)) {
			char *path = acm_xasprintf("%s%s%s", dir, *dir ? "/" : "", w);
			acm_strlist_add(&d->texinfos, path);
			free(path);
		}
		acm_buf_free(&v);
	}
}

/* Is w (n bytes) a whole word of s: blanks, a backslash or the end around it? */
static bool has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = s; (p = strstr(p, w)); p += n) {
		bool before = p == s || p[-1] == ' ' || p[-1] == '\t';
		bool after = !p[n] || p[n] == ' ' || p[n] == '\t' || p[n] == '\\' || p[n] == '\n';
		if (before && after)
			return true;
	}
	return false;
}

void acm_specparse_libtool_static(struct acm_detect *d, const char *text)
{
	/* each logical line: backslash-newlines joined */
	struct acm_buf line = ACM_BUF_INIT;
	for (const char *p = text; *p && !d->libtool_static; p++) {
		if (*p == '\\' && p[1] == '\n') {
			acm_buf_addc(&line, ' ');
			p++;
			continue;
		}
		if (*p != '\n' && p[1]) {
			acm_buf_addc(&line, *p == '\t' ? ' ' : *p);
			continue;
		}
		if (*p != '\n')
			acm_buf_addc(&line, *p);
		const char *l = acm_buf_str(&line);
		const char *eq = strchr(l, '=');
		size_t nl = eq ? (size_t)(eq - l) : 0;
		while (nl && (l[nl - 1] == ' ' || l[nl - 1] == '+' || l[nl - 1] == ':'))
			nl--;
		/* "prog_LDFLAGS = -static", or a hand-written libtool link rule */
		bool ldflags = eq && nl > 8 && !strncmp(l + nl - 8, "_LDFLAGS", 8) && l[0] != '\t' && l[0] != ' ';
		bool rule = strstr(l, "--mode=link") != NULL;
		if ((ldflags || rule) && (has_word(eq && ldflags ? eq + 1 : l, "-static") ||
					  has_word(eq && ldflags ? eq + 1 : l, "-all-static")))
			d->libtool_static = true;
		acm_buf_reset(&line);
	}
	acm_buf_free(&line);
}

/* A make variable's value as the file assigns it ("PROGRAM = sl"; the last
 * assignment, "=" ":=" "?=" alike), malloc'd, or NULL. */
static char *make_var(const char *text, const char *name, size_t n)
{
	char *val = NULL;
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, name, n))
			continue;
		const char *q = l + n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '?' || *q == ':')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		free(val);
		val = acm_xasprintf("%.*s", (int)strcspn(q, "#\n"), q);
	}
	return val;
}

static bool phony(const char *w)
{
	static const char *const names[] = { "all", "default", "clean", "distclean", "install", "uninstall",
					     "test", "tests", "check", "dist", "help", NULL };
	for (int i = 0; names[i]; i++)
		if (!strcmp(w, names[i]))
			return true;
	return false;
}

/* The words of a rule's targets or prerequisites, $(VAR)/${VAR} expanded
 * once from the file, each a plain file name (no '.', '/', '%' or '$')
 * into programs: what the default goal builds. */
static void goal_words(struct acm_detect *d, const char *text, const char *words, size_t len)
{
	char *copy = acm_xasprintf("%.*s", (int)len, words), *save = NULL;
	for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *val = NULL;
		size_t wl = strlen(w);
		if (wl > 3 && w[0] == '$' && (w[1] == '(' || w[1] == '{') && (w[wl - 1] == ')' || w[wl - 1] == '}'))
			val = make_var(text, w + 2, wl - 3);
		char *save2 = NULL;
		for (char *v = strtok_r(val ? val : w, " \t", &save2); v; v = strtok_r(NULL, " \t", &save2))
			if (!strpbrk(v, "./%$:=,@~") && isalnum((unsigned char)v[0]) && acm_spectext_is_word(v) && !phony(v))
				acm_strlist_add(&d->make_programs, v);
		free(val);
	}
	free(copy);
}

/* The default goal: the first rule's targets, or when that is "all" (or
 * "default") its prerequisites. Only read when the Makefile has no install
 * rule: then these programs are what %install copies (sl). */
static void default_goal(struct acm_detect *d, const char *text)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t tl = strcspn(l, ":\n=#\t");
		if (l[tl] != ':' || l[tl + 1] == '=' || l[0] == '.' || l[0] == ' ' || l[0] == '\t' || !tl)
			continue;
		const char *rest = l + tl + 1;
		size_t rl = strcspn(rest, ";#\n");
		char *targets = acm_xasprintf("%.*s", (int)tl, l);
		char *t = targets;
		while (*t == ' ')
			t++;
		t[strcspn(t, " ")] = 0;
		if (!strcmp(t, "all") || !strcmp(t, "default"))
			goal_words(d, text, rest, rl);
		else
			goal_words(d, text, l, tl);
		free(targets);
		return;
	}
}

/* The libraries a plain Makefile links with: each "-lNAME" word (sl's
 * "-lncurses") through the BuildRequires table, and each module of a
 * "pkg-config --libs NAME" or "$(PKG_CONFIG) --cflags NAME" call as
 * pkgconfig(NAME). Names the table does not know (and the C library's m,
 * pthread, dl) give nothing, so "ls -la" in a recipe adds nothing. */
static void link_flags(struct acm_detect *d, const char *text)
{
	static const char name_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+.-";
	for (const char *p = text; (p = strstr(p, "-l")); p += 2) {
		if (p > text && !strchr(" \t='\"(", p[-1]))
			continue;
		size_t n = strspn(p + 2, name_chars);
		if (n && n <= ACM_SPECBUILDREQ_NAME_MAX) {
			char *name = acm_xasprintf("%.*s", (int)n, p + 2);
			acm_strlist_add(&d->br_make, acm_specbuildreq_lookup(name));
			free(name);
		}
	}
	static const char *const tools[] = { "pkg-config ", "PKG_CONFIG) ", "PKG_CONFIG} ", NULL };
	for (int c = 0; tools[c]; c++) {
		for (const char *p = text; (p = strstr(p, tools[c])); p++) {
			const char *w = p + strlen(tools[c]), *end = w + strcspn(w, ")}`;|&\n");
			bool libs = false;
			while (w < end) {
				w += strspn(w, " \t");
				size_t n = strcspn(w, " \t)}`;|&\n");
				if (n > 2 && w[0] == '-')
					libs = libs || (n == 6 && !strncmp(w, "--libs", 6)) || (n == 8 && !strncmp(w, "--cflags", 8));
				else if (n && libs && acm_specbuildreq_name_ok(w, n) && isalpha((unsigned char)w[0])) {
					char *req = acm_xasprintf("pkgconfig(%.*s)", (int)n, w);
					acm_strlist_add(&d->br_make, req);
					free(req);
				}
				w += n;
			}
		}
	}
}

void acm_specparse_makefile(struct acm_detect *d, const char *text)
{
	link_flags(d, text);
	if (!d->parsing_sub && !d->make_programs.n)
		default_goal(d, text);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		/* a rule naming install among its targets: "install:", "install uninstall:"
		 * (lz4); a sub-make's rules are not the top's */
		size_t tl = strcspn(l, ":\n=#\t");
		if (!d->parsing_sub && l[tl] == ':' && l[tl + 1] != '=' && isalpha((unsigned char)l[0])) {
			char *targets = acm_xasprintf("%.*s", (int)tl, l), *save = NULL;
			for (char *w = strtok_r(targets, " ", &save); w; w = strtok_r(NULL, " ", &save))
				if (!strcmp(w, "install"))
					d->make_install = true;
			free(targets);
		}
		const char *s = l;
		while (*s == ' ' || *s == '\t')
			s++;
		/* lua's INSTALL_TOP; zstd sets PREFIX only in its sub-Makefiles */
		static const char *const vars[] = { "PREFIX", "prefix", "INSTALL_TOP", NULL };
		for (int i = 0; vars[i] && !d->make_prefix_var; i++) {
			size_t n = strlen(vars[i]);
			if (strncmp(s, vars[i], n))
				continue;
			const char *q = s + n;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=' || ((*q == '?' || *q == ':') && q[1] == '='))
				d->make_prefix_var = acm_xstrdup(vars[i]);
		}
	}
	if (strstr(text, "$(DESTDIR)") || strstr(text, "${DESTDIR}"))
		d->make_destdir = true;
	if (strstr(text, "$(CXX)") || strstr(text, "${CXX}") || strstr(text, ".cpp"))
		d->lang_cxx = true;
	if (strstr(text, "$(CC)") || strstr(text, "${CC}") || strstr(text, ".c "))
		d->lang_c = true;
}

/* description = "..." / url = "..." in pyproject.toml or setup.py */
static char *py_value(const char *text, const char *key)
{
	for (const char *p = text; (p = strstr(p, key)); p++) {
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		const char *q = skip_ws(p + strlen(key));
		if (*q != '=')
			continue;
		q = skip_ws(q + 1);
		if (*q != '"' && *q != '\'')
			continue;
		char qc = *q++;
		const char *e = strchr(q, qc);
		if (!e || memchr(q, '\n', (size_t)(e - q)))
			continue;
		return acm_xasprintf("%.*s", (int)(e - q), q);
	}
	return NULL;
}

void acm_specparse_python(struct acm_detect *d, const char *text)
{
	char *desc = py_value(text, "description");
	acm_summary_add(&d->summaries, ACM_SUMMARY_PYTHON, d->parsing_path, NULL, desc);
	free(desc);
	if (!d->url) {
		d->url = py_value(text, "url");
		if (!d->url)
			d->url = py_value(text, "Homepage");
	}
	char *v = d->declared_version ? NULL : py_value(text, "version");
	if (v && acm_pkgmeta_valid_version(v))
		d->declared_version = v;
	else
		free(v);
}

void acm_specparse_m4(struct acm_detect *d, const char *text)
{
	ac_checks(d, text, false);
	kernel_switches(d, text);
}

/* gnulib's bootstrap needs a gnulib checkout (a network): not ours to run */
void acm_specparse_bootstrap(struct acm_detect *d, const char *text)
{
	if (!strstr(text, "gnulib") && !d->bootstrap)
		d->bootstrap = acm_xstrdup("bootstrap");
}

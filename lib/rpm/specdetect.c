/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specdetect.c - one walk over a source to learn how to package it.
 * Build-system order follows debmake's analyze.py (configure.ac/configure,
 * CMakeLists.txt, ..., Makefile, setup.py/pyproject.toml) with meson added
 * before the plain Makefile. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "exitcodes.h"
#include "license.h"
#include "msg.h"
#include "pkgmeta.h"
#include "source.h"
#include "spdx.h"
#include "spectext.h"
#include "specdetect.h"

#define MAX_READ (1024 * 1024)   /* build files and license texts larger than this are cut */
#define MAX_HEADERS 200          /* source files whose first lines are read for license tags */

void acm_strlist_add(struct acm_strlist *l, const char *s)
{
	if (!s || !*s || acm_strlist_has(l, s))
		return;
	l->v = acm_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = acm_xstrdup(s);
}

bool acm_strlist_has(const struct acm_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return true;
	return false;
}

void acm_strlist_free(struct acm_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *acm_buildsys_name(enum acm_buildsys bs)
{
	switch (bs) {
	case ACM_BS_AUTOTOOLS: return "autotools";
	case ACM_BS_CMAKE: return "cmake";
	case ACM_BS_MESON: return "meson";
	case ACM_BS_MAKEFILE: return "makefile";
	case ACM_BS_PYTHON: return "python";
	default: return "none";
	}
}

/* ---- small text helpers ----------------------------------------------------- */

static const char *skip_ws(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* Find word followed by optional blanks and '(' (case-insensitive when
 * icase), where the word is not part of a longer identifier. Returns the
 * position after '(' or NULL. */
static const char *find_call(const char *text, const char *word, bool icase, const char **from)
{
	size_t n = strlen(word);
	for (const char *p = *from; (p = icase ? strcasestr(p, word) : strstr(p, word)); p++) {
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		const char *q = p + n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '(') {
			*from = q + 1;
			return q + 1;
		}
	}
	return NULL;
}

/* Split m4 arguments at top-level commas until the matching ')': each
 * argument trimmed and stripped of one level of [quotes]. */
static size_t m4_args(const char *p, char **args, size_t max)
{
	size_t n = 0;
	int paren = 0, quote = 0;
	struct acm_buf cur = ACM_BUF_INIT;
	for (; *p; p++) {
		char c = *p;
		if (c == '[') quote++;
		else if (c == ']' && quote) quote--;
		else if (!quote && c == '(') paren++;
		else if (!quote && c == ')' && paren) paren--;
		else if (!quote && !paren && (c == ',' || c == ')')) {
			if (n < max) {
				char *a = acm_buf_steal(&cur);
				if (!a)
					a = acm_xstrdup("");
				/* trim and unquote */
				char *s = a;
				while (isspace((unsigned char)*s)) s++;
				size_t l = strlen(s);
				while (l && isspace((unsigned char)s[l - 1])) s[--l] = '\0';
				if (l >= 2 && s[0] == '[' && s[l - 1] == ']') {
					s[l - 1] = '\0';
					s++;
				}
				args[n++] = acm_xstrdup(s);
				free(a);
			}
			acm_buf_reset(&cur);
			if (c == ')')
				break;
			continue;
		}
		acm_buf_addc(&cur, c);
	}
	acm_buf_free(&cur);
	return n;
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

/* ---- build-file parsers -------------------------------------------------------- */

void acm_detect_autoconf(struct acm_detect *d, const char *text)
{
	const char *from = text, *p;
	char *a[6];
	if ((p = find_call(text, "AC_INIT", false, &from))) {
		size_t n = m4_args(p, a, 6);
		if (n >= 5 && !d->url && (strncmp(a[4], "http", 4) == 0))
			d->url = acm_xstrdup(a[4]);
		/* literal only: m4_esyscmd(...) or a macro is the build's to expand */
		if (n >= 2 && !d->declared_version && acm_pkgmeta_valid_version(a[1]))
			d->declared_version = acm_xstrdup(a[1]);
		for (size_t i = 0; i < n; i++)
			free(a[i]);
	}
	static const char *const pkc[] = { "PKG_CHECK_MODULES", "PKG_CHECK_MODULES_STATIC", NULL };
	for (int k = 0; pkc[k]; k++) {
		from = text;
		while ((p = find_call(text, pkc[k], false, &from))) {
			size_t n = m4_args(p, a, 3);
			if (n >= 2 && !strchr(a[1], '$'))
				add_pc_list(&d->pc_ac, a[1]);
			for (size_t i = 0; i < n; i++)
				free(a[i]);
		}
	}
	if (strstr(text, "LT_INIT") || strstr(text, "AC_PROG_LIBTOOL") || strstr(text, "AM_PROG_LIBTOOL"))
		d->libtool = true;
	if (strstr(text, "AM_GNU_GETTEXT") || strstr(text, "IT_PROG_INTLTOOL"))
		d->gettext = true;
	if (strstr(text, "AC_PROG_CXX"))
		d->lang_cxx = true;
	if (strstr(text, "AC_PROG_CC"))
		d->lang_c = true;
}

void acm_detect_meta(struct acm_detect *d, const char *text)
{
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		char *l = acm_xasprintf("%.*s", (int)len, line);
		char *v = strchr(l, ':');
		if (v) {
			*v++ = '\0';
			v += strspn(v, " \t");
			v[strcspn(v, " \t\r")] = '\0';
			if (!strcasecmp(l, "Version") && !d->declared_version && acm_pkgmeta_valid_version(v))
				d->declared_version = acm_xstrdup(v);
			else if (!strcasecmp(l, "Release") && !d->declared_release && acm_pkgmeta_valid_release(v))
				d->declared_release = acm_xstrdup(v);
		}
		free(l);
		line = eol ? eol + 1 : NULL;
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

void acm_detect_cmake(struct acm_detect *d, const char *text)
{
	static const char *const kw[] = { "REQUIRED", "QUIET", "NO_CMAKE_PATH", "NO_CMAKE_ENVIRONMENT_PATH",
					  "IMPORTED_TARGET", "GLOBAL", NULL };
	static const char *const calls[] = { "pkg_check_modules", "pkg_search_module", NULL };
	char *a[64];
	const char *from, *p;
	for (int k = 0; calls[k]; k++) {
		from = text;
		while ((p = find_call(text, calls[k], true, &from))) {
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
	from = text;
	if ((p = find_call(text, "project", true, &from))) {
		size_t n = cmake_args(p, a, 64);
		for (size_t i = 1; i < n; i++) {
			if (!strcmp(a[i], "DESCRIPTION") && i + 1 < n && !d->summary)
				d->summary = acm_xstrdup(a[i + 1]);
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

/* meson: dependency('name', version : '>=1', required : false) */
void acm_detect_meson(struct acm_detect *d, const char *text)
{
	/* dependencies meson finds without pkg-config (or not as that name) */
	static const char *const special[] = { "threads", "openmp", "mpi", "boost", "dl", "intl", "iconv",
		"gtest", "gmock", "llvm", "cuda", "blocks", "appleframeworks", "hdf5", "python3", "qt5", "qt6",
		"netcdf", "coarray", "wxwidgets", "curses", "shaderc", "vulkan", "libwmf", "jni", "zlib-ng", NULL };
	const char *from = text, *p;
	while ((p = find_call(text, "dependency", false, &from))) {
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
	from = text;
	if ((p = find_call(text, "project", false, &from))) {
		const char *end = strchr(p, ')');
		char *args = acm_xasprintf("%.*s", end ? (int)(end - p) : (int)strlen(p), p);
		if (strstr(args, "'cpp'") || strstr(args, "\"cpp\""))
			d->lang_cxx = true;
		if (strstr(args, "'c'") || strstr(args, "\"c\""))
			d->lang_c = true;
		d->meson_langs_given = true;
		free(args);
	}
}

void acm_detect_makefile(struct acm_detect *d, const char *text)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, "install", 7)) {
			const char *q = l + 7;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == ':')
				d->make_install = true;
		}
		const char *s = l;
		while (*s == ' ' || *s == '\t')
			s++;
		static const char *const vars[] = { "PREFIX", "prefix", NULL };
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

void acm_detect_python(struct acm_detect *d, const char *text)
{
	if (!d->summary)
		d->summary = py_value(text, "description");
	if (!d->url) {
		d->url = py_value(text, "url");
		if (!d->url)
			d->url = py_value(text, "Homepage");
	}
}

static bool add_tag(const char *expr, void *ud)
{
	acm_strlist_add(ud, expr);
	return true;
}

void acm_detect_header(struct acm_detect *d, const char *text)
{
	acm_spdx_tags(text, strlen(text), add_tag, &d->spdx_tags);
	if (strcasestr(text, "any later version"))
		d->any_later = true;
}

/* ---- the walk ---------------------------------------------------------------- */

static bool is_doc(const char *n)
{
	static const char *const docs[] = { "README", "NEWS", "ChangeLog", "AUTHORS", "CHANGES",
					    "THANKS", "HISTORY", "CHANGELOG", NULL };
	for (int i = 0; docs[i]; i++) {
		size_t l = strlen(docs[i]);
		if (!strncmp(n, docs[i], l) && (!n[l] || n[l] == '.'))
			return true;
	}
	return false;
}

static bool ends(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static int read_small(const struct acm_source_entry *e, char **text)
{
	size_t len;
	return acm_source_read(e, text, &len, MAX_READ);
}

static int scan_cb(const struct acm_source_entry *e, void *ud)
{
	struct acm_detect *d = ud;
	if (!e) {   /* tarball without a top directory: start again */
		acm_detect_free(d);
		memset(d, 0, sizeof(*d));
		return 0;
	}
	if (e->type != ACM_SOURCE_FILE)
		return 0;
	const char *slash = strrchr(e->path, '/');
	const char *n = slash ? slash + 1 : e->path;
	bool top = !slash;
	char *text = NULL;
	int rc = 0;
	void (*parse)(struct acm_detect *, const char *) = NULL;

	if (top) {
		if (!strcmp(n, "configure"))
			d->has_configure = true;
		else if (!strcmp(n, "configure.ac") || !strcmp(n, "configure.in")) {
			d->has_configure_ac = true;
			parse = acm_detect_autoconf;
		} else if (!strcmp(n, "autogen.sh") || !strcmp(n, "bootstrap"))
			d->has_autogen = true;
		else if (!strcmp(n, "Makefile") || !strcmp(n, "makefile") || !strcmp(n, "GNUmakefile")) {
			d->has_makefile = true;
			parse = acm_detect_makefile;
		} else if (!strcmp(n, "META")) {
			parse = acm_detect_meta;
		} else if (!strcmp(n, "setup.py")) {
			d->has_setup_py = true;
			parse = acm_detect_python;
		} else if (!strcmp(n, "pyproject.toml")) {
			d->has_pyproject = true;
			parse = acm_detect_python;
		} else if (acm_license_is_file(n)) {
			size_t len;
			if (!(rc = acm_source_read(e, &text, &len, MAX_READ))) {
				bool gnu;
				const char *id = acm_license_identify(text, len, &gnu);
				acm_strlist_add(&d->license_files, e->path);
				/* GNU ids get "@GNU": finish() adds -only/-or-later */
				char *lid = id ? acm_xasprintf("%s%s", id, gnu ? "@GNU" : "") : NULL;
				if (lid)
					acm_strlist_add(&d->licenses, lid);
				else
					acm_strlist_add(&d->unknown_license_files, e->path);
				free(lid);
			}
		} else if (is_doc(n))
			acm_strlist_add(&d->doc_files, e->path);
	}
	if (!strcmp(n, "CMakeLists.txt")) {
		if (top)
			d->has_cmake = true;
		parse = acm_detect_cmake;
	} else if (!strcmp(n, "meson.build")) {
		if (top)
			d->has_meson = true;
		parse = acm_detect_meson;
	} else if (ends(n, ".spec")) {
		acm_strlist_add(&d->specs, e->path);
	} else if (ends(n, ".spec.in")) {
		acm_strlist_add(&d->specins, e->path);
	} else if (ends(n, ".po")) {
		d->gettext = true;
	} else {
		bool c = ends(n, ".c") || ends(n, ".h");
		bool cxx = ends(n, ".cc") || ends(n, ".cpp") || ends(n, ".cxx") || ends(n, ".C") || ends(n, ".hpp");
		if (c)
			d->lang_c = true;
		if (cxx)
			d->lang_cxx = true;
		/* text is set when a top-level license file also looks like code
		 * (LICENSE.h): it was read once already */
		if ((c || cxx || ends(n, ".py")) && !parse && !text && d->headers_read < MAX_HEADERS) {
			size_t len;
			d->headers_read++;
			if (!(rc = acm_source_read(e, &text, &len, 2048)))
				acm_detect_header(d, text);
		}
	}
	if (!rc && parse && !text && !(rc = read_small(e, &text)))
		parse(d, text);
	free(text);
	return rc;
}

int acm_detect_scan(struct acm_source *s, struct acm_detect *d)
{
	int rc = acm_source_walk(s, scan_cb, d);
	if (!rc)
		acm_detect_finish(d);
	return rc;
}

static bool starts_gnu(const char *id)
{
	return ends(id, "@GNU");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void acm_detect_finish(struct acm_detect *d)
{
	if (d->has_configure || d->has_configure_ac) {
		d->bs = ACM_BS_AUTOTOOLS;
		d->autoreconf = !d->has_configure;
	} else if (d->has_cmake) {
		d->bs = ACM_BS_CMAKE;
		if (!d->cmake_langs_given)   /* CMake's default languages are C and CXX */
			d->lang_c = d->lang_cxx = true;
	} else if (d->has_meson) {
		d->bs = ACM_BS_MESON;
	} else if (d->has_makefile) {
		d->bs = ACM_BS_MAKEFILE;
	} else if (d->has_pyproject || d->has_setup_py) {
		d->bs = ACM_BS_PYTHON;
		d->python_setup_py = d->has_setup_py;
	} else if (d->has_autogen) {
		d->bs = ACM_BS_AUTOTOOLS;
		d->autoreconf = true;
	}
	const struct acm_strlist *pc = d->bs == ACM_BS_AUTOTOOLS ? &d->pc_ac :
				       d->bs == ACM_BS_CMAKE ? &d->pc_cmake :
				       d->bs == ACM_BS_MESON ? &d->pc_meson : NULL;
	for (size_t i = 0; pc && i < pc->n; i++)
		acm_strlist_add(&d->pkgconfig, pc->v[i]);

	/* GNU licenses: the text does not say -only or -or-later. SPDX tags of
	 * the same license in the sources decide (one "-only" tag, or the
	 * legacy bare "GPL-2.0", makes the whole -only: the Linux kernel's
	 * case); else "any later version" in a header or a "+"/"-or-later"
	 * tag gives -or-later; else -only. */
	for (size_t i = 0; i < d->licenses.n; i++) {
		char *id = d->licenses.v[i];
		if (starts_gnu(id)) {
			id[strlen(id) - 4] = '\0';
			size_t n = strlen(id);
			bool only = false, later = d->any_later;
			for (size_t j = 0; j < d->spdx_tags.n; j++) {
				const char *t = d->spdx_tags.v[j];
				if (strncmp(t, id, n) || isalnum((unsigned char)t[n]) || t[n] == '.')
					continue;
				if (t[n] == '+' || !strncmp(t + n, "-or-later", 9))
					later = true;
				else
					only = true;
			}
			if (only)
				later = false;
			char *full = acm_xasprintf("%s%s", id, later ? "-or-later" : "-only");
			free(id);
			d->licenses.v[i] = full;
		}
	}
	/* duplicates can appear after the suffixes were added */
	struct acm_strlist uniq = { 0 };
	for (size_t i = 0; i < d->licenses.n; i++)
		acm_strlist_add(&uniq, d->licenses.v[i]);
	acm_strlist_free(&d->licenses);
	d->licenses = uniq;
	/* no license file: SPDX tags from the sources, when they agree on few */
	if (!d->license_files.n && d->spdx_tags.n && d->spdx_tags.n <= 3) {
		for (size_t i = 0; i < d->spdx_tags.n; i++)
			acm_strlist_add(&d->licenses, d->spdx_tags.v[i]);
		d->spdx_only = true;
	}
	/* A tarball lists its members in whatever order its maker's readdir
	 * gave: sort, so the same files always give the same spec. */
	struct acm_strlist *sorted[] = { &d->licenses, &d->license_files, &d->unknown_license_files,
					 &d->doc_files };
	for (size_t i = 0; i < sizeof(sorted) / sizeof(sorted[0]); i++)
		if (sorted[i]->n > 1)
			qsort(sorted[i]->v, sorted[i]->n, sizeof(char *), cmp_str);
}

void acm_detect_free(struct acm_detect *d)
{
	struct acm_strlist *lists[] = { &d->pkgconfig, &d->licenses, &d->license_files,
		&d->unknown_license_files, &d->doc_files, &d->specs, &d->specins, &d->pc_ac,
		&d->pc_cmake, &d->pc_meson, &d->spdx_tags };
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		acm_strlist_free(lists[i]);
	free(d->make_prefix_var);
	free(d->declared_version);
	free(d->declared_release);
	d->declared_version = d->declared_release = NULL;
	free(d->summary);
	free(d->url);
	d->make_prefix_var = d->summary = d->url = NULL;
}

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
#include "text.h"
#include "pkgmeta.h"
#include "source.h"
#include "spdx.h"
#include "specbuildreq.h"
#include "spectext.h"
#include "specdetect.h"
#include "specparse.h"

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
	acm_license_add_statement(&d->lic, text, strlen(text));
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

/* An entry's content, read at most once however many of scan_cb's
 * branches want it (COPYING.mk.in is a license file and a make file). */
struct entry_text {
	const struct acm_source_entry *e;
	char *text;
	size_t len;
	int rc;       /* the read's exit status: kept, and the walk stops */
	bool read;
};

/* The text (up to max bytes; the first caller's max counts), or NULL when
 * the read failed. Every branch reads MAX_READ but the source-header one,
 * which comes last and only for a file nothing else read. */
static const char *text_of(struct entry_text *t, size_t max)
{
	if (!t->read) {
		t->read = true;
		t->rc = acm_source_read(t->e, &t->text, &t->len, max);
	}
	return t->rc ? NULL : t->text;
}

static int scan_cb(const struct acm_source_entry *e, void *ud)
{
	struct acm_detect *d = ud;
	if (!e) {   /* tarball without a top directory: start again */
		acm_detect_free(d);
		memset(d, 0, sizeof(*d));
		return 0;
	}
	acm_specdist_seen(&d->dist, e->path);
	if (e->type != ACM_SOURCE_FILE)
		return 0;
	const char *slash = strrchr(e->path, '/');
	const char *n = slash ? slash + 1 : e->path;
	bool top = !slash;
	struct entry_text et = { .e = e };
	const char *text;
	void (*parse)(struct acm_detect *, const char *) = NULL;

	if (top) {
		if (!strcmp(n, "configure"))
			d->has_configure = true;
		else if (!strcmp(n, "configure.ac") || !strcmp(n, "configure.in")) {
			d->has_configure_ac = true;
			parse = acm_specparse_autoconf;
		} else if (!strcmp(n, "autogen.sh") || !strcmp(n, "regen.sh")) {
			/* the project's own way to make configure: autogen.sh first */
			d->has_autogen = true;
			if (!d->bootstrap || !strcmp(n, "autogen.sh") || !strcmp(d->bootstrap, "bootstrap")) {
				free(d->bootstrap);
				d->bootstrap = acm_xstrdup(n);
			}
		} else if (!strcmp(n, "bootstrap")) {
			d->has_autogen = true;
			parse = acm_specparse_bootstrap;
		} else if (!strcmp(n, "meson_options.txt") || !strcmp(n, "meson.options")) {
			parse = acm_specparse_meson_options;
		} else if (!strcmp(n, "Makefile") || !strcmp(n, "makefile") || !strcmp(n, "GNUmakefile")) {
			d->has_makefile = true;
			parse = acm_specparse_makefile;
		} else if (!strcmp(n, "META")) {
			parse = acm_specparse_meta;
		} else if (!strcmp(n, "setup.py")) {
			d->has_setup_py = true;
			parse = acm_specparse_python;
		} else if (!strcmp(n, "pyproject.toml")) {
			d->has_pyproject = true;
			parse = acm_specparse_python;
		} else if (acm_license_is_file(n)) {
			if ((text = text_of(&et, MAX_READ))) {
				acm_license_add_file(&d->lic, e->path, text, et.len);   /* license.c decides */
				acm_strlist_add(&d->license_files, e->path);
			}
		} else if (!strcmp(n, "PKG-INFO") || !strncmp(n, "README", 6)) {
			/* the project's own word on its license (license.c), in its first 64 KiB */
			if ((!strcmp(n, "PKG-INFO") || is_doc(n)) && (text = text_of(&et, MAX_READ)))
				acm_license_add_statement(&d->lic, text, et.len < 64 * 1024 ? et.len : 64 * 1024);
			if (is_doc(n))
				acm_strlist_add(&d->doc_files, e->path);
		} else if (is_doc(n))
			acm_strlist_add(&d->doc_files, e->path);
		size_t nl = strlen(n);
		if (nl > 2 && n[nl - 2] == '.' && n[nl - 1] >= '1' && n[nl - 1] <= '8')
			acm_strlist_add(&d->man_pages, n);
	}
	int depth = 0;
	for (const char *c = e->path; *c; c++)
		depth += *c == '/';
	/* a build root one level down (expat/CMakeLists.txt), used when the top has none */
	char *dir1 = depth == 1 ? acm_xasprintf("%.*s", (int)(slash - e->path), e->path) : NULL;
	/* pv keeps its COPYING in doc/: taken when the top has no license file */
	if (dir1 && (!strcmp(dir1, "doc") || !strcmp(dir1, "docs")) && acm_license_is_file(n) &&
	    d->doc_lic_paths.n < 8) {
		if ((text = text_of(&et, MAX_READ)) && !memchr(text, '\0', et.len)) {
			acm_strlist_add(&d->doc_lic_paths, e->path);
			acm_strlist_add(&d->doc_lic_texts, text);
		}
	}
	if (!strcmp(n, "CMakeLists.txt")) {
		if (top)
			d->has_cmake = true;
		if (dir1)
			acm_strlist_add(&d->sub_cmake, dir1);
		parse = acm_specparse_cmake;
	} else if (!strcmp(n, "meson.build")) {
		if (top)
			d->has_meson = true;
		if (dir1)
			acm_strlist_add(&d->sub_meson, dir1);
		parse = acm_specparse_meson;
	} else if (dir1 && !strcmp(n, "Makefile")) {
		parse = acm_specparse_makefile;   /* PREFIX, DESTDIR of the sub-makes */
	} else if (dir1 && (!strcmp(n, "configure") || !strcmp(n, "configure.ac"))) {
		acm_strlist_add(&d->sub_ac, dir1);
	} else if (acm_text_ends_with(n, ".cmake") && depth <= 2) {
		parse = acm_specparse_cmake;   /* DefineOptions.cmake, FindFoo.cmake */
	} else if (acm_text_ends_with(n, ".m4") && depth <= 2 && strncmp(e->path, "m4/", 3) && strncmp(e->path, "gnulib", 6)) {
		parse = acm_specparse_m4;
	} else if (acm_text_ends_with(n, ".pc.in") || acm_text_ends_with(n, ".pc.cmake") || acm_text_ends_with(n, ".pc.cmakein")) {
		char *pc = acm_xasprintf("%.*s", (int)(strstr(n, ".pc.") - n), n);
		acm_strlist_add(&d->pc_provided, pc);
		if ((text = text_of(&et, MAX_READ))) {
			char *desc = acm_summary_of_pc(text);
			acm_summary_add(&d->summaries, ACM_SUMMARY_PC, e->path, pc, desc);
			free(desc);
		}
		free(pc);
	} else if (acm_text_ends_with(n, ".spec") || acm_text_ends_with(n, ".spec.in")) {
		acm_strlist_add(acm_text_ends_with(n, ".spec") ? &d->specs : &d->specins, e->path);
		if ((text = text_of(&et, MAX_READ))) {
			char *sum = acm_summary_of_spec(text);
			acm_summary_add(&d->summaries, ACM_SUMMARY_SPEC, e->path, NULL, sum);
			free(sum);
		}
	} else if (!strcmp(n, "Makefile.am")) {
		char *dir = acm_xasprintf("%.*s", slash ? (int)(slash - e->path) : 0, e->path);
		if ((text = text_of(&et, MAX_READ))) {
			if (depth <= 2)
				acm_specparse_automake(d, dir, text);
			acm_specdist_parse(&d->dist, e->path, text);   /* at any depth: ZFS's tests */
			acm_specparse_libtool_static(d, text);
		}
		free(dir);
	} else if (!d->libtool_static && (!strncmp(n, "Makefile", 8) || acm_text_ends_with(n, ".mk") ||
					  acm_text_ends_with(n, ".mk.in")) &&
		   (acm_text_ends_with(n, ".in") || acm_text_ends_with(n, ".mk"))) {
		/* OpenAFS's src/config/Makefile.config.in, a shipped Makefile.in;
		 * "COPYING.mk.in" was read as a license file above: the same text */
		if ((text = text_of(&et, MAX_READ)))
			acm_specparse_libtool_static(d, text);
	} else if (acm_text_ends_with(n, ".texi") || acm_text_ends_with(n, ".texinfo") || acm_text_ends_with(n, ".txi") ||
		   acm_text_ends_with(n, ".info")) {
		acm_strlist_add(&d->manuals_seen, e->path);
	} else if (acm_text_ends_with(n, ".po")) {
		d->gettext = true;
	} else {
		bool c = acm_text_ends_with(n, ".c") || acm_text_ends_with(n, ".h");
		bool cxx = acm_text_ends_with(n, ".cc") || acm_text_ends_with(n, ".cpp") || acm_text_ends_with(n, ".cxx") || acm_text_ends_with(n, ".C") || acm_text_ends_with(n, ".hpp");
		if (c)
			d->lang_c = true;
		if (cxx)
			d->lang_cxx = true;
		/* a top-level license file that also looks like code (LICENSE.h)
		 * was read as a license already: not a source header then */
		if ((c || cxx || acm_text_ends_with(n, ".py")) && !parse && !et.read && d->headers_read < MAX_HEADERS) {
			d->headers_read++;
			if ((text = text_of(&et, 2048)))
				acm_detect_header(d, text);
		}
	}
	d->parsing_top = top || (d->subdir && dir1 && !strcmp(dir1, d->subdir));
	d->parsing_sub = !top;
	d->parsing_path = e->path;
	if (parse && (text = text_of(&et, MAX_READ)))
		parse(d, text);
	d->parsing_path = NULL;
	free(dir1);
	free(et.text);
	return et.rc;
}

int acm_detect_scan(struct acm_source *s, struct acm_detect *d)
{
	int rc = acm_source_walk(s, scan_cb, d);
	if (!rc)
		acm_detect_finish(d);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool bs_present(const struct acm_detect *d, enum acm_buildsys bs)
{
	switch (bs) {
	case ACM_BS_AUTOTOOLS: return d->has_configure || d->has_configure_ac || d->has_autogen;
	case ACM_BS_CMAKE: return d->has_cmake;
	case ACM_BS_MESON: return d->has_meson;
	case ACM_BS_MAKEFILE: return d->has_makefile;
	case ACM_BS_PYTHON: return d->has_pyproject || d->has_setup_py;
	default: return false;
	}
}

/* "pkgconfig(foo) >= 1" names foo: one the source makes itself? */
static bool provided(const struct acm_detect *d, const char *req)
{
	if (strncmp(req, "pkgconfig(", 10))
		return false;
	size_t n = strcspn(req + 10, ")");
	for (size_t i = 0; i < d->pc_provided.n; i++)
		if (strlen(d->pc_provided.v[i]) == n && !strncmp(req + 10, d->pc_provided.v[i], n))
			return true;
	return false;
}

static void select_bs(struct acm_detect *d, enum acm_buildsys bs)
{
	d->bs = bs;
	d->autoreconf = bs == ACM_BS_AUTOTOOLS && !d->has_configure;
	d->python_setup_py = bs == ACM_BS_PYTHON && d->has_setup_py;
	if (bs == ACM_BS_CMAKE && !d->cmake_langs_given)   /* CMake's default languages are C and CXX */
		d->lang_c = d->lang_cxx = true;
	const struct acm_strlist *pc = bs == ACM_BS_AUTOTOOLS ? &d->pc_ac : bs == ACM_BS_CMAKE ? &d->pc_cmake :
				       bs == ACM_BS_MESON ? &d->pc_meson : NULL;
	const struct acm_strlist *br = bs == ACM_BS_AUTOTOOLS ? &d->br_ac : bs == ACM_BS_CMAKE ? &d->br_cmake :
				       bs == ACM_BS_MESON ? &d->br_meson : bs == ACM_BS_MAKEFILE ? &d->br_make : NULL;
	const struct acm_strlist *off = bs == ACM_BS_AUTOTOOLS ? &d->off_ac : bs == ACM_BS_CMAKE ? &d->off_cmake :
					bs == ACM_BS_MESON ? &d->off_meson : NULL;
	acm_strlist_free(&d->pkgconfig);
	acm_strlist_free(&d->buildreq);
	acm_strlist_free(&d->configure_args);
	/* never BuildRequires itself (json-c checking for json-c) */
	for (size_t i = 0; pc && i < pc->n; i++)
		if (!provided(d, pc->v[i]))
			acm_strlist_add(&d->pkgconfig, pc->v[i]);
	for (size_t i = 0; br && i < br->n; i++)
		if (!provided(d, br->v[i]) && !acm_strlist_has(&d->pkgconfig, br->v[i]))
			acm_strlist_add(&d->buildreq, br->v[i]);
	if (bs == ACM_BS_CMAKE)
		acm_strlist_add(&d->configure_args, "-DBUILD_TESTING=OFF");
	for (size_t i = 0; off && i < off->n; i++)
		acm_strlist_add(&d->configure_args, off->v[i]);
}

bool acm_detect_fallback(struct acm_detect *d)
{
	static const enum acm_buildsys order[] = { ACM_BS_AUTOTOOLS, ACM_BS_CMAKE, ACM_BS_MESON,
						   ACM_BS_MAKEFILE, ACM_BS_PYTHON };
	d->tried |= 1u << d->bs;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (!(d->tried & (1u << order[i])) && bs_present(d, order[i])) {
			select_bs(d, order[i]);
			return true;
		}
	return false;
}

void acm_detect_finish(struct acm_detect *d)
{
	/* no build file at the top: one a level down (expat/CMakeLists.txt) */
	bool any = d->has_configure || d->has_configure_ac || d->has_autogen || d->has_cmake || d->has_meson ||
		   d->has_makefile || d->has_setup_py || d->has_pyproject;
	const struct acm_strlist *subs[] = { &d->sub_cmake, &d->sub_meson, &d->sub_ac };
	for (int i = 0; i < 3 && !any && !d->subdir; i++)
		if (subs[i]->n && acm_spectext_is_word(subs[i]->v[0])) {
			d->subdir = acm_xstrdup(subs[i]->v[0]);
			d->has_cmake = i == 0;
			d->has_meson = i == 1;
			d->has_configure = i == 2;
		}
	/* CMake's project(DESCRIPTION) speaks for the build root only */
	acm_summary_root(&d->summaries, ACM_SUMMARY_CMAKE, d->subdir);
	d->bs = ACM_BS_NONE;
	d->tried = 0;
	(void)acm_detect_fallback(d);
	d->tried = 0;

	/* the License expression: license.c's one rule */
	bool top_has_none = !d->lic.nfiles;
	for (size_t i = 0; top_has_none && i < d->doc_lic_paths.n; i++) {
		acm_license_add_file(&d->lic, d->doc_lic_paths.v[i], d->doc_lic_texts.v[i], strlen(d->doc_lic_texts.v[i]));
		acm_strlist_add(&d->license_files, d->doc_lic_paths.v[i]);
	}
	const char **unknown;
	size_t nunknown;
	char *expr = acm_license_decide(&d->lic, &unknown, &nunknown, &d->spdx_only);
	acm_strlist_free(&d->licenses);
	acm_strlist_add(&d->licenses, expr);
	for (size_t i = 0; i < nunknown; i++)
		acm_strlist_add(&d->unknown_license_files, unknown[i]);
	free(unknown);
	free(expr);
	/* a manual that Makefile.am names but the source lacks, neither .texi
	 * nor the .info made from it (Debian's +dfsg repacks drop GFDL
	 * manuals: cpio): make cannot build it */
	for (size_t i = 0; i < d->texinfos.n && !d->missing_manual; i++) {
		const char *t = d->texinfos.v[i], *dot = strrchr(t, '.');
		char *info = acm_xasprintf("%.*s.info", dot ? (int)(dot - t) : (int)strlen(t), t);
		if (!acm_strlist_has(&d->manuals_seen, t) && !acm_strlist_has(&d->manuals_seen, info))
			d->missing_manual = acm_xstrdup(t);
		free(info);
	}
	/* other distributed files it lacks: the spec takes them out of their
	 * Makefile.am lists when it bootstraps (specdist.h) */
	acm_specdist_finish(&d->dist);
	for (size_t i = 0; i < d->dist.nmissing && i < 5; i++)
		acm_warn("the source lacks '%s', which %s lists (an incomplete tarball?)%s", d->dist.missing[i].path,
			 d->dist.missing[i].am, d->autoreconf && !d->dist.too_many ?
			 ": the spec takes it out of that list, so the package lacks it" : "");
	if (d->dist.nmissing > 5)
		acm_warn("and %zu more%s files its Makefile.am files list", d->dist.nmissing - 5,
			 d->dist.too_many ? " (too many to take out: fix the source)" : "");
	/* A tarball lists its members in whatever order its maker's readdir
	 * gave: sort, so the same files always give the same spec. */
	struct acm_strlist *sorted[] = { &d->licenses, &d->license_files, &d->unknown_license_files,
					 &d->doc_files, &d->man_pages };
	for (size_t i = 0; i < sizeof(sorted) / sizeof(sorted[0]); i++)
		if (sorted[i]->n > 1)
			qsort(sorted[i]->v, sorted[i]->n, sizeof(char *), cmp_str);
}

void acm_detect_free(struct acm_detect *d)
{
	struct acm_strlist *lists[] = { &d->pkgconfig, &d->licenses, &d->license_files,
		&d->unknown_license_files, &d->doc_files, &d->specs, &d->specins, &d->pc_ac,
		&d->pc_cmake, &d->pc_meson, &d->spdx_tags, &d->buildreq, &d->pc_provided,
		&d->configure_args, &d->br_ac, &d->br_cmake, &d->br_meson, &d->br_make, &d->off_ac, &d->off_cmake,
		&d->off_meson, &d->sub_ac, &d->sub_cmake, &d->sub_meson, &d->doc_lic_paths, &d->doc_lic_texts,
		&d->make_programs, &d->man_pages, &d->texinfos, &d->manuals_seen };
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		acm_strlist_free(lists[i]);
	acm_license_ev_free(&d->lic);
	free(d->make_prefix_var);
	free(d->missing_manual);
	d->missing_manual = NULL;
	acm_specdist_free(&d->dist);
	free(d->bootstrap);
	free(d->subdir);
	d->bootstrap = d->subdir = NULL;
	free(d->declared_version);
	free(d->declared_release);
	d->declared_version = d->declared_release = NULL;
	acm_summaries_free(&d->summaries);
	free(d->url);
	d->make_prefix_var = d->url = NULL;
}

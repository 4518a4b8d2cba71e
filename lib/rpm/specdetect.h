/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specdetect.h - what a source needs to be packaged, found in one walk over
 * it (lib/source.h): its build system, the pkg-config modules it checks for,
 * its languages, license files and SPDX ids, doc files, and a spec or
 * spec.in it already ships. */
#ifndef ACM_SPECDETECT_H
#define ACM_SPECDETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "license.h"
#include "specdist.h"
#include "specsummary.h"

struct acm_source;

enum acm_buildsys { ACM_BS_NONE, ACM_BS_AUTOTOOLS, ACM_BS_CMAKE, ACM_BS_MESON, ACM_BS_MAKEFILE, ACM_BS_PYTHON };

/* A list of unique strings, in the order first seen. */
struct acm_strlist {
	char **v;
	size_t n;
};
void acm_strlist_add(struct acm_strlist *l, const char *s);   /* no-op when present */
bool acm_strlist_has(const struct acm_strlist *l, const char *s);
void acm_strlist_free(struct acm_strlist *l);

struct acm_detect {
	enum acm_buildsys bs;
	bool autoreconf;          /* autotools without a shipped configure */
	bool libtool, gettext;    /* LT_INIT; AM_GNU_GETTEXT or .po files */
	bool libtool_static;      /* programs link libtool libraries -static: keep the static ones */
	bool lang_c, lang_cxx;
	bool make_install, make_destdir;  /* plain Makefile: install target, $(DESTDIR) */
	char *make_prefix_var;    /* "PREFIX" or "prefix" when the Makefile sets one */
	struct acm_strlist make_programs;  /* plain Makefile: its default goal's programs (sl) */
	struct acm_strlist man_pages;      /* top-level NAME.1 ... NAME.8 */
	struct acm_strlist texinfos;       /* automake info_TEXINFOS, "doc/cpio.texi" */
	struct acm_strlist manuals_seen;   /* the .texi/.texinfo/.info files the source has */
	char *missing_manual;     /* a texinfo manual the source lacks (a +dfsg repack): built without */
	struct acm_specdist dist;          /* other distributed files it lacks (specdist.h) */
	bool python_setup_py;     /* python: setup.py (else pyproject.toml) */
	struct acm_strlist pkgconfig;      /* "pkgconfig(foo)" or "pkgconfig(foo) >= 1.0" */
	struct acm_strlist licenses;       /* the License expression (one entry), from lic */
	struct acm_strlist license_files;  /* top-level, for %license */
	struct acm_strlist unknown_license_files;
	struct acm_strlist doc_files;      /* top-level README, NEWS, ... for %doc */
	char *url;                /* from the build files when they say */
	struct acm_summaries summaries;    /* what the project says it is (specsummary.h) */
	struct acm_strlist specs;          /* shipped *.spec, relative paths */
	struct acm_strlist specins;        /* shipped *.spec.in */
	char *declared_version;   /* the build system's own: AC_INIT's literal version, META Version: */
	char *declared_release;   /* META Release: (ZFS, Lustre) */
	char *bootstrap;          /* autotools without configure: "autogen.sh", "regen.sh", "bootstrap" */
	char *subdir;             /* the build root when not the top: "expat" (expat/CMakeLists.txt) */
	struct acm_strlist buildreq;       /* other BuildRequires: "gmp-devel", "pkgconfig(zlib)" */
	struct acm_strlist pc_provided;    /* .pc files the source makes (foo.pc.in): never required */
	struct acm_strlist configure_args; /* optional parts off: "--disable-doc", "-DBUILD_TESTING=OFF" */
	bool kernel_module;       /* builds a kernel module too: configure_args keep it to the userland */
	/* internal scan state */
	bool has_configure, has_configure_ac, has_autogen, has_cmake, has_meson, has_makefile,
	     has_setup_py, has_pyproject, cmake_langs_given, meson_langs_given, any_later, spdx_only;
	struct acm_strlist pc_ac, pc_cmake, pc_meson, spdx_tags;
	struct acm_strlist br_ac, br_cmake, br_meson;    /* per build system, into buildreq */
	struct acm_strlist br_make;       /* plain Makefile: its -lNAME link flags (sl's -lncurses) */
	struct acm_strlist off_ac, off_cmake, off_meson; /* per build system, into configure_args */
	struct acm_strlist sub_ac, sub_cmake, sub_meson; /* depth-1 dirs holding that build file */
	unsigned tried;           /* build systems tried and failed (1 << bs) */
	bool parsing_top;         /* the file being parsed is at the build root */
	bool parsing_sub;         /* a Makefile one level down: its variables, not its rules */
	const char *parsing_path; /* the file being parsed (NULL: unknown) */
	int headers_read;
	struct acm_strlist doc_lic_paths, doc_lic_texts; /* doc/COPYING: used when the top has none */
	struct acm_license_ev lic;         /* license files and statements (license.h) */
};

/* Walk the source once and fill d (zeroed by the caller). Returns 0 or the
 * walk's exit status (messages printed). */
int acm_detect_scan(struct acm_source *s, struct acm_detect *d);
void acm_detect_free(struct acm_detect *d);
const char *acm_buildsys_name(enum acm_buildsys bs);   /* "autotools", "cmake", ..., "none" */

/* A source file's first lines: SPDX-License-Identifier tags and "any later version". */
void acm_detect_header(struct acm_detect *d, const char *text);
/* After the walk: decide bs, BuildRequires inputs and the license list. */
void acm_detect_finish(struct acm_detect *d);

/* The trial build with d->bs failed: switch to the next build system the
 * source also has (autotools, cmake, meson, makefile, python, in that
 * order) and return true, or false when none is left. */
bool acm_detect_fallback(struct acm_detect *d);


#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specwrite.c - the spec text (see specwrite.h). What makes a generated spec
 * lint-clean (NOTES.md): a %changelog with name+email, URL, a Summary with no
 * trailing dot that does not repeat the name, a %description longer than
 * the summary, no %clean/BuildRoot/Group/%defattr, %license and %doc. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "msg.h"
#include "text.h"
#include "specdirs.h"
#include "spectext.h"
#include "specsummary.h"
#include "specwrite.h"

void acm_install_list_free(struct acm_install_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	for (size_t i = 0; i < l->ndirs; i++) {
		free(l->dirs[i][0]);
		free(l->dirs[i][1]);
	}
	free(l->dirs);
	acm_strlist_free(&l->found);
	memset(l, 0, sizeof(*l));
}

/* The directory macro a buildroot path starts with, and the rest. */
static const char *path_macro(const struct acm_install_list *l, const char *path, const char **rest)
{
	*rest = path;
	for (size_t i = 0; l && i < l->ndirs; i++) {   /* longest value first */
		if (acm_specdirs_under(path, l->dirs[i][1])) {
			*rest = path + strlen(l->dirs[i][1]);
			return l->dirs[i][0];
		}
	}
	return NULL;
}

char *acm_spec_path(const struct acm_install_list *l, const char *path)
{
	const char *rest, *macro = path_macro(l, path, &rest);
	struct acm_buf b = ACM_BUF_INIT;
	if (!acm_spectext_file(&b, macro, rest)) {
		acm_buf_free(&b);
		return NULL;
	}
	return acm_buf_steal(&b);
}

/* ---- classification of installed files ---------------------------------------- */

enum pkg { P_MAIN, P_DEVEL, P_DROP, P_LANG };

static const char *base(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

static enum pkg classify(const struct acm_install_list *l, const struct acm_installed *f)
{
	const char *p = f->path, *libdir = acm_specdirs_value(l, "_libdir"), *datadir = acm_specdirs_value(l, "_datadir");
	if (acm_text_ends_with(p, ".la") || (acm_text_ends_with(p, ".a") && f->type != 'd'))
		return P_DROP;
	if (f->type != 'd' && acm_text_ends_with(p, ".mo") && strstr(p, "/locale/"))
		return P_LANG;
	if (acm_specdirs_under(p, acm_specdirs_value(l, "_includedir")))
		return P_DEVEL;
	if (acm_specdirs_in(p, libdir) && acm_text_ends_with(p, ".so"))
		return P_DEVEL;   /* the unversioned link the linker uses */
	char *pc1 = libdir ? acm_xasprintf("%s/pkgconfig", libdir) : NULL;
	char *pc2 = datadir ? acm_xasprintf("%s/pkgconfig", datadir) : NULL;
	char *cm1 = libdir ? acm_xasprintf("%s/cmake", libdir) : NULL;
	char *cm2 = datadir ? acm_xasprintf("%s/cmake", datadir) : NULL;
	char *ac = datadir ? acm_xasprintf("%s/aclocal", datadir) : NULL;
	const char *man = acm_specdirs_value(l, "_mandir");
	char *man3 = man ? acm_xasprintf("%s/man3", man) : NULL;
	bool devel = (acm_specdirs_under(p, pc1) && acm_text_ends_with(p, ".pc")) || (acm_specdirs_under(p, pc2) && acm_text_ends_with(p, ".pc")) ||
		     acm_specdirs_under(p, cm1) || acm_specdirs_under(p, cm2) || acm_specdirs_under(p, ac) || acm_specdirs_under(p, man3);
	free(pc1); free(pc2); free(cm1); free(cm2); free(ac); free(man3);
	return devel ? P_DEVEL : P_MAIN;
}

/* A Python build names the builder's interpreter in files
 * ("toml-0.10.2-py3.11.egg-info", "x.cpython-311-x86_64-linux-gnu.so"):
 * a glob instead, so the spec builds on EL 9's 3.9 and Fedora's 3.12.
 * Plain names only (a quoted one is left as it is). */
static void py_unpin(char **sp)
{
	static const char *const pins[] = { "-py3.", ".cpython-3", NULL };
	if (**sp == '"')
		return;
	for (int i = 0; pins[i]; i++) {
		char *p = strstr(*sp, pins[i]);
		if (!p)
			continue;
		char *q = p + strlen(pins[i]);
		size_t nd = strspn(q, "0123456789");
		if (!nd)
			continue;
		char *u = acm_xasprintf("%.*s%s*%s", (int)(p - *sp), *sp, i ? ".cpython-3" : "-py3", q + nd);
		free(*sp);
		*sp = u;
	}
}

static void add_line(struct acm_buf *b, const struct acm_install_list *l, const char *prefix, const char *path,
		     bool glob_compressed)
{
	char *sp = acm_spec_path(l, path);
	if (!sp)
		return;   /* refused before writing began (names_ok) */
	py_unpin(&sp);
	if (glob_compressed) {
		/* brp-compress may gzip (or not): match either */
		static const char *const z[] = { ".gz", ".bz2", ".xz", ".zst", NULL };
		for (int i = 0; z[i]; i++)
			if (acm_text_ends_with(sp, z[i]))
				sp[strlen(sp) - strlen(z[i])] = '\0';
		acm_buf_addf(b, "%s%s*\n", prefix, sp);
	} else {
		acm_buf_addf(b, "%s%s\n", prefix, sp);
	}
	free(sp);
}

struct split {
	struct acm_buf main, devel;
	struct acm_strlist langs, drops, own_dirs;
	bool shlib, docdir_installed;
};

static void split_free(struct split *s)
{
	acm_buf_free(&s->main);
	acm_buf_free(&s->devel);
	acm_strlist_free(&s->langs);
	acm_strlist_free(&s->drops);
	acm_strlist_free(&s->own_dirs);
}

static void split_files(const struct acm_spec *sp, struct split *s)
{
	const struct acm_install_list *l = sp->files;
	const char *man = acm_specdirs_value(l, "_mandir"), *info = acm_specdirs_value(l, "_infodir"), *libdir = acm_specdirs_value(l, "_libdir");
	const char *docdir = acm_specdirs_value(l, "_defaultdocdir");
	char *mydoc = docdir ? acm_xasprintf("%s/%s", docdir, sp->name) : NULL;
	/* directories of our own, listed once as a whole when all they hold
	 * goes to one package */
	for (size_t i = 0; i < l->n; i++) {
		const struct acm_installed *f = &l->v[i];
		if (f->type == 'd')
			continue;
		enum pkg k = classify(l, f);
		if (k == P_DROP) {
			acm_strlist_add(&s->drops, f->path);
			continue;
		}
		if (k == P_LANG) {
			char *dom = acm_xstrdup(base(f->path));
			dom[strlen(dom) - 3] = '\0';
			acm_strlist_add(&s->langs, dom);
			free(dom);
			continue;
		}
		if (mydoc && acm_specdirs_under(f->path, mydoc))
			s->docdir_installed = true;
		if (libdir && acm_specdirs_in(f->path, libdir) && strstr(base(f->path), ".so."))
			s->shlib = true;
		char *top = acm_specdirs_own_top(l, f->path, sp->name);
		if (top) {
			/* does everything under top go to the same package? */
			bool same = true;
			for (size_t j = 0; j < l->n; j++)
				if (l->v[j].type != 'd' && acm_specdirs_under(l->v[j].path, top) && classify(l, &l->v[j]) != k)
					same = false;
			if (same) {
				if (!acm_strlist_has(&s->own_dirs, top)) {
					acm_strlist_add(&s->own_dirs, top);
					char *sp2 = acm_spec_path(l, top);
					if (sp2)
						py_unpin(&sp2);
					if (sp2)
						acm_buf_addf(k == P_DEVEL ? &s->devel : &s->main, "%s/\n", sp2);
					free(sp2);
				}
				free(top);
				continue;
			}
			/* mixed: %dir for each own directory on the way, files one by one */
			char *d = acm_specdirs_parent(f->path);
			while (strcmp(d, "/") && !acm_specdirs_others(l, d, sp->name)) {
				if (!acm_strlist_has(&s->own_dirs, d)) {
					acm_strlist_add(&s->own_dirs, d);
					add_line(&s->main, l, "%dir ", d, false);
				}
				char *up = acm_specdirs_parent(d);
				free(d);
				d = up;
			}
			free(d);
			free(top);
		}
		add_line(k == P_DEVEL ? &s->devel : &s->main, l, "", f->path,
			 acm_specdirs_under(f->path, man) || acm_specdirs_under(f->path, info));
	}
	free(mydoc);
}

bool acm_spec_has_payload(const struct acm_install_list *l)
{
	static const char *const docs[] = { "_defaultdocdir", "_defaultlicensedir", "_mandir", "_infodir" };
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].type == 'd')
			continue;
		bool doc = false;
		for (size_t k = 0; k < sizeof(docs) / sizeof(docs[0]) && !doc; k++)
			doc = acm_specdirs_under(l->v[i].path, acm_specdirs_value(l, docs[k]));
		if (!doc)
			return true;
	}
	return false;
}

/* ---- the spec ------------------------------------------------------------------ */

/* The optional parts off (docs, tests, a kernel module: specparse.h), as
 * " -DBUILD_TESTING=OFF -Ddocs=false": words specparse.c made from names
 * acm_spectext_is_word() accepts. */
static char *config_args(const struct acm_detect *d)
{
	struct acm_buf a = ACM_BUF_INIT;
	for (size_t i = 0; i < d->configure_args.n; i++)
		acm_buf_addf(&a, " %s", d->configure_args.v[i]);
	return a.data ? acm_buf_steal(&a) : acm_xstrdup("");
}

/* The build root one level down (expat/CMakeLists.txt): each section starts at the top */
static void cd_subdir(struct acm_buf *b, const struct acm_detect *d)
{
	if (d->subdir)
		acm_buf_addf(b, "cd %s\n", d->subdir);
}

static void section_build(struct acm_buf *b, const struct acm_spec *sp, int *fixmes)
{
	const struct acm_detect *d = sp->det;
	char *args = config_args(d);
	acm_buf_adds(b, "%build\n");
	cd_subdir(b, d);
	switch (d->bs) {
	case ACM_BS_AUTOTOOLS:
		/* the project's own bootstrap (autogen.sh, regen.sh) knows its
		 * submodules and generated files; autoreconf only without one */
		if (d->autoreconf && d->bootstrap)
			acm_buf_addf(b, "chmod +x ./%s && NOCONFIGURE=1 ./%s\n", d->bootstrap, d->bootstrap);
		else if (d->autoreconf)
			acm_buf_adds(b, "autoreconf -fi\n");
		/* --enable-shared: some default to static only (lzo); static
		 * libraries only when its programs link them (OpenAFS) */
		acm_buf_addf(b, "%%configure%s%s\n", !d->libtool ? "" : d->libtool_static ? " --enable-shared" :
			     " --disable-static --enable-shared", args);
		if (d->missing_manual)   /* cpio+dfsg: INFO_DEPS empty reaches every sub-make */
			acm_buf_adds(b, "# the source lacks its texinfo manual: built without it\n%make_build INFO_DEPS=\n");
		else
			acm_buf_adds(b, "%make_build\n");
		break;
	case ACM_BS_CMAKE:
		acm_buf_addf(b,
			"%%if 0%%{?cmake:1}\n%%cmake%s\n%%cmake_build\n%%else\n%%{?set_build_flags}\n"
			"cmake -S . -B _build -DCMAKE_BUILD_TYPE=RelWithDebInfo \\\n"
			"    -DCMAKE_INSTALL_PREFIX:PATH=%%{_prefix} -DCMAKE_INSTALL_LIBDIR:PATH=%%{_libdir} \\\n"
			"    -DCMAKE_INSTALL_INCLUDEDIR:PATH=%%{_includedir} -DCMAKE_INSTALL_SYSCONFDIR:PATH=%%{_sysconfdir} \\\n"
			"    -DBUILD_SHARED_LIBS:BOOL=ON -DCMAKE_INSTALL_SO_NO_EXE:BOOL=OFF%s\n"
			"cmake --build _build %%{?_smp_mflags}\n%%endif\n", args, args);
		break;
	case ACM_BS_MESON:
		acm_buf_addf(b,
			"%%if 0%%{?meson:1}\n%%meson%s\n%%meson_build\n%%else\n%%{?set_build_flags}\n"
			"meson setup _build --prefix=%%{_prefix} --libdir=%%{_libdir} --sysconfdir=%%{_sysconfdir} \\\n"
			"    --buildtype=plain --wrap-mode=nodownload%s\n"
			"meson compile -C _build %%{?_smp_mflags}\n%%endif\n", args, args);
		break;
	case ACM_BS_MAKEFILE:
		acm_buf_adds(b, "%{?set_build_flags}\n");
		if (d->make_prefix_var)
			acm_buf_addf(b, "%%make_build %s=%%{_prefix}\n", d->make_prefix_var);
		else
			acm_buf_adds(b, "%make_build\n");
		break;
	case ACM_BS_PYTHON:
		if (d->python_setup_py)
			acm_buf_adds(b, "%if 0%{?py3_build:1}\n%py3_build\n%else\npython3 setup.py build\n%endif\n");
		else
			acm_buf_adds(b, "# pyproject.toml: pip builds the wheel in %install\n");
		break;
	default:
		acm_buf_adds(b, "# FIXME: specgen found no build system (configure, CMakeLists.txt, meson.build,\n"
				"# Makefile, setup.py); write the build commands here.\n");
		(*fixmes)++;
	}
	free(args);
	acm_buf_addc(b, '\n');
}

/* A Makefile without an install rule (sl): the programs its default goal
 * builds go to %{_bindir}, each one's NAME.N page to its man section, as
 * a packager would copy them by hand. */
static void install_goal(struct acm_buf *b, const struct acm_detect *d)
{
	acm_buf_adds(b, "# the Makefile has no install target: the programs its default goal builds\n");
	for (size_t i = 0; i < d->make_programs.n; i++) {
		const char *p = d->make_programs.v[i];
		acm_buf_addf(b, "install -Dpm 0755 %s %%{buildroot}%%{_bindir}/%s\n", p, p);
		size_t pl = strlen(p);
		for (size_t k = 0; k < d->man_pages.n; k++) {
			const char *m = d->man_pages.v[k];
			if (!strncmp(m, p, pl) && m[pl] == '.' && strlen(m) == pl + 2)
				acm_buf_addf(b, "install -Dpm 0644 %s %%{buildroot}%%{_mandir}/man%c/%s\n", m, m[pl + 1], m);
		}
	}
}

static void section_install(struct acm_buf *b, const struct acm_spec *sp, const struct split *s, int *fixmes)
{
	const struct acm_detect *d = sp->det;
	acm_buf_adds(b, "%install\n");
	cd_subdir(b, d);
	switch (d->bs) {
	case ACM_BS_AUTOTOOLS:
		acm_buf_adds(b, d->missing_manual ? "%make_install INFO_DEPS=\n" : "%make_install\n");
		break;
	case ACM_BS_CMAKE:
		acm_buf_adds(b, "%if 0%{?cmake_install:1}\n%cmake_install\n%else\n"
				"DESTDIR=%{buildroot} cmake --install _build\n%endif\n");
		break;
	case ACM_BS_MESON:
		acm_buf_adds(b, "%if 0%{?meson_install:1}\n%meson_install\n%else\n"
				"DESTDIR=%{buildroot} meson install -C _build --no-rebuild\n%endif\n");
		break;
	case ACM_BS_MAKEFILE:
		if (!d->make_install && d->make_programs.n) {
			install_goal(b, d);
		} else if (!d->make_install) {
			acm_buf_adds(b, "# FIXME: the Makefile has no install target; copy the built files\n"
					"# into %{buildroot} here.\nmkdir -p %{buildroot}\n");
			(*fixmes)++;
		} else if (d->make_destdir) {
			if (d->make_prefix_var)
				acm_buf_addf(b, "%%make_install %s=%%{_prefix}\n", d->make_prefix_var);
			else
				acm_buf_adds(b, "%make_install\n");
		} else if (d->make_prefix_var) {
			/* no $(DESTDIR): point the prefix into the buildroot */
			acm_buf_addf(b, "make install %s=%%{buildroot}%%{_prefix}\n", d->make_prefix_var);
		} else {
			acm_buf_adds(b, "# FIXME: the Makefile knows neither DESTDIR nor PREFIX; check that\n"
					"# this installs into %{buildroot} only.\n%make_install\n");
			(*fixmes)++;
		}
		break;
	case ACM_BS_PYTHON:
		if (d->python_setup_py)
			acm_buf_adds(b, "%if 0%{?py3_install:1}\n%py3_install\n%else\n"
					"python3 setup.py install --skip-build --root %{buildroot} --prefix %{_prefix} \\\n"
					"    --install-lib %{python3_sitelib}\n%endif\n");
		else
			acm_buf_adds(b, "python3 -m pip install --no-deps --no-build-isolation --no-index \\\n"
					"    --root %{buildroot} --prefix %{_prefix} .\n");
		break;
	default:
		acm_buf_adds(b, "# FIXME: install the built files into %{buildroot} here.\nmkdir -p %{buildroot}\n");
		(*fixmes)++;
	}
	/* the kernel module's sources (ZFS's dkms tree) are mx2g-pack's */
	if (d->kernel_module)
		acm_buf_adds(b, "rm -rf %{buildroot}/usr/src\n");
	/* libtool archives, files and links alike, in the trial and after it:
	 * the trial's own find removed them, so its list cannot name them, and
	 * rpm's brp-remove-la-files leaves a link (libpng's libpng.la) */
	if (d->libtool)
		acm_buf_adds(b, "find %{buildroot} -name '*.la' -delete\n");
	if (sp->files) {
		for (size_t i = 0; i < s->drops.n; i++) {
			const char *rest, *macro = path_macro(sp->files, s->drops.v[i], &rest);
			acm_buf_adds(b, "rm -f %{buildroot}");
			if (macro)
				acm_buf_addf(b, "%%{%s}", macro);
			acm_spectext_shell(b, rest);   /* checked by names_ok */
			acm_buf_addc(b, '\n');
		}
	}
	/* the domains are words (names_ok) */
	for (size_t i = 0; i < s->langs.n; i++)
		acm_buf_addf(b, "%%find_lang %s\n", s->langs.v[i]);
	for (size_t i = 1; i < s->langs.n; i++)
		acm_buf_addf(b, "cat %s.lang >> %s.lang\n", s->langs.v[i], s->langs.v[0]);
	acm_buf_addc(b, '\n');
}

/* "pkgconfig(NAME...)" that this package itself installs (NAME.pc in the
 * trial install) or is named after: never BuildRequires itself. */
static bool self_pc(const struct acm_spec *sp, const char *req)
{
	if (strncmp(req, "pkgconfig(", 10))
		return false;
	size_t n = strcspn(req + 10, ")");
	char *pc = acm_xasprintf("%.*s.pc", (int)n, req + 10);
	bool self = strlen(sp->name) == n && !strncmp(sp->name, req + 10, n);
	for (size_t i = 0; !self && sp->files && i < sp->files->n; i++)
		self = !strcmp(base(sp->files->v[i].path), pc);
	free(pc);
	return self;
}

static void buildrequires(struct acm_buf *b, const struct acm_spec *sp)
{
	const struct acm_detect *d = sp->det;
	struct acm_strlist br = { 0 };
	if (d->bs != ACM_BS_PYTHON || d->lang_c || d->lang_cxx) {
		if (d->lang_c || !d->lang_cxx)
			acm_strlist_add(&br, "gcc");
		if (d->lang_cxx)
			acm_strlist_add(&br, "gcc-c++");
	}
	switch (d->bs) {
	case ACM_BS_AUTOTOOLS:
		if (d->autoreconf) {
			acm_strlist_add(&br, "autoconf");
			acm_strlist_add(&br, "automake");
			if (d->libtool)
				acm_strlist_add(&br, "libtool");
			if (d->gettext)
				acm_strlist_add(&br, "gettext-devel");
		}
		acm_strlist_add(&br, "make");
		break;
	case ACM_BS_CMAKE:
		acm_strlist_add(&br, "cmake");
		acm_strlist_add(&br, "make");
		break;
	case ACM_BS_MESON:
		acm_strlist_add(&br, "meson");
		break;
	case ACM_BS_MAKEFILE:
		acm_strlist_add(&br, "make");
		break;
	case ACM_BS_PYTHON:
		acm_strlist_add(&br, "python3-devel");
		acm_strlist_add(&br, d->python_setup_py ? "python3-setuptools" : "python3-pip");
		break;
	default:
		break;
	}
	if (d->gettext)
		acm_strlist_add(&br, "gettext");
	if (d->autoreconf && d->bootstrap)
		acm_strlist_add(&br, "pkgconfig");   /* autogen.sh scripts check for pkg.m4 */
	for (size_t i = 0; i < d->pkgconfig.n; i++)
		if (!self_pc(sp, d->pkgconfig.v[i])) {
			acm_strlist_add(&br, "pkgconfig");
			acm_strlist_add(&br, d->pkgconfig.v[i]);
		}
	for (size_t i = 0; i < d->buildreq.n; i++)
		if (!self_pc(sp, d->buildreq.v[i]))
			acm_strlist_add(&br, d->buildreq.v[i]);
	for (size_t i = 0; i < br.n; i++)
		acm_buf_addf(b, "BuildRequires:  %s\n", br.v[i]);
	acm_strlist_free(&br);
}

/* ---- values from outside ----------------------------------------------------- */

/* Nothing acm_spectext_text() would keep: blanks, control characters, '\'. */
static bool blank_text(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\\' && (unsigned char)*s >= 0x20 && *s != 0x7f)
			return false;
	return true;
}

static bool refuse(const struct acm_spec *sp, const char *what, const char *value, const char *fix)
{
	return acm_spectext_refuse(sp->src->arg, what, value, fix);
}

/* Every value from the source that is written below, checked before
 * anything is: the spec is written whole or not at all. */
static bool values_ok(const struct acm_spec *sp, const struct split *s, const char *license, const char *url)
{
	const struct acm_detect *d = sp->det;
	struct acm_buf t = ACM_BUF_INIT;
	bool ok = true;
	if (!acm_spectext_word(&t, sp->name))
		ok = refuse(sp, "package name", sp->name, "letters, digits and ._+- only; give --name");
	else if (!acm_spectext_word(&t, sp->version))
		ok = refuse(sp, "version", sp->version, "letters, digits and ._+~^ only; give --set-version");
	else if (!acm_spectext_word(&t, sp->release))
		ok = refuse(sp, "release", sp->release, "letters, digits and ._+~^ only; give --release");
	else if (sp->setup_dir && !acm_spectext_word(&t, sp->setup_dir))
		ok = refuse(sp, "top directory", sp->setup_dir, "rename it: letters, digits and ._+- only");
	else if (!acm_spectext_word(&t, sp->source0) && !acm_spectext_url(&t, sp->source0))
		ok = refuse(sp, "Source0", sp->source0, "rename the tarball: letters, digits and ._+- only");
	else if (license && !acm_spectext_license(&t, license))
		ok = refuse(sp, "license", license, "not an SPDX expression; give --license SPDX");
	else if (url && !acm_spectext_url(&t, url))
		ok = refuse(sp, "URL", url, "one word, '%' only as %XX; give --url");
	for (size_t i = 0; ok && i < d->license_files.n; i++)
		if (!acm_spectext_doc(&t, d->license_files.v[i]))
			ok = refuse(sp, "license file name", d->license_files.v[i],
				    "rpm copies it with a shell script: letters, digits, blanks and ._+-,@ only; rename it");
	for (size_t i = 0; ok && i < d->doc_files.n; i++)
		if (!acm_spectext_doc(&t, d->doc_files.v[i]))
			ok = refuse(sp, "doc file name", d->doc_files.v[i],
				    "rpm copies it with a shell script: letters, digits, blanks and ._+-,@ only; rename it");
	for (size_t i = 0; ok && sp->files && i < sp->files->n; i++) {
		const char *rest, *macro = path_macro(sp->files, sp->files->v[i].path, &rest);
		if (!acm_spectext_file(&t, macro, rest))
			ok = refuse(sp, "installed file name", sp->files->v[i].path,
				    "a control character; rpm cannot package it");
	}
	for (size_t i = 0; ok && i < s->drops.n; i++) {
		const char *rest;
		path_macro(sp->files, s->drops.v[i], &rest);
		if (!acm_spectext_shell(&t, rest))
			ok = refuse(sp, "installed file name", s->drops.v[i], "a control character or '\\'");
	}
	for (size_t i = 0; ok && i < d->pkgconfig.n; i++) {   /* "pkgconfig(foo) >= 1.2" */
		bool dep = true;
		for (const char *p = d->pkgconfig.v[i]; *p && dep; p++)
			dep = acm_spectext_is_word((char[]){ *p, '\0' }) || strchr(" ()<>!", *p);
		if (!dep)
			ok = refuse(sp, "build dependency", d->pkgconfig.v[i], "letters, digits and ._+- only");
	}
	/* configure/cmake/meson switches: -DNAME=OFF, --disable-NAME from the source's names */
	for (size_t i = 0; ok && i < d->configure_args.n; i++)
		if (strspn(d->configure_args.v[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+=-") !=
		    strlen(d->configure_args.v[i]))
			ok = refuse(sp, "build option", d->configure_args.v[i], "letters, digits and ._+=- only");
	for (size_t i = 0; ok && i < d->buildreq.n; i++)
		if (strspn(d->buildreq.v[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-()") !=
		    strlen(d->buildreq.v[i]))
			ok = refuse(sp, "build dependency", d->buildreq.v[i], "letters, digits and ._+-() only");
	if (ok && d->subdir && !acm_spectext_is_word(d->subdir))
		ok = refuse(sp, "build directory", d->subdir, "letters, digits and ._+- only");
	for (size_t i = 0; ok && i < s->langs.n; i++)
		if (!acm_spectext_is_word(s->langs.v[i]))
			ok = refuse(sp, "message catalog name", s->langs.v[i], "letters, digits and ._+- only");
	acm_buf_free(&t);
	return ok;
}

char *acm_spec_write(const struct acm_spec *sp, int *fixmes)
{
	const struct acm_detect *d = sp->det;
	struct acm_buf b = ACM_BUF_INIT;
	struct split s = { ACM_BUF_INIT, ACM_BUF_INIT, { 0 }, { 0 }, { 0 }, false, false };
	int fx = 0;
	if (sp->files)
		split_files(sp, &s);

	/* a given summary is kept as it is, unless it would write an empty tag
	 * (rpm: "Empty tag"); else what the project says (specsummary.h) */
	const char *sum_from = NULL;
	char *summary = sp->summary && !blank_text(sp->summary) ? acm_xstrdup(sp->summary) :
			acm_summary_pick(&d->summaries, sp->name, &sum_from);
	if (summary && blank_text(summary)) {
		free(summary);
		summary = NULL;
	}
	if (sum_from && summary)
		acm_verbose("Summary from %s", sum_from);
	const char *url = sp->url ? sp->url : d->url;
	char *license = NULL;
	if (sp->license) {
		license = acm_xstrdup(sp->license);
	} else if (d->licenses.n && !d->unknown_license_files.n) {
		struct acm_buf lb = ACM_BUF_INIT;
		for (size_t i = 0; i < d->licenses.n; i++)
			acm_buf_addf(&lb, "%s%s", i ? " AND " : "", d->licenses.v[i]);
		license = acm_buf_steal(&lb);
	}
	if (!values_ok(sp, &s, license, url)) {
		free(summary);
		free(license);
		split_free(&s);
		return NULL;
	}

	/* name, version, release, setup_dir, source0, license and url are
	 * words values_ok() checked; all else goes through acm_spectext_*() */
	acm_buf_addf(&b, "# %s.spec - written by specgen from ", sp->name);
	/* the source's file name, not its spelling: ./x.tar.gz, x.tar.gz and
	 * /abs/x.tar.gz give one spec (--check); a git URL stays whole */
	char *from = acm_xstrdup(sp->src->arg);
	size_t fl = strlen(from);
	while (fl > 1 && from[fl - 1] == '/')
		from[--fl] = '\0';
	const char *slash = strrchr(from, '/');
	acm_spectext_text(&b, slash && !strstr(from, "://") ? slash + 1 : from);
	free(from);
	acm_buf_adds(&b, "\n\n");
	acm_buf_addf(&b, "Name:           %s\nVersion:        %s\nRelease:        %s%%{?dist}\n",
		     sp->name, sp->version, sp->release);
	if (!summary) {
		acm_buf_adds(&b, "# FIXME: say in a few words what this software does\n");
		fx++;
	}
	acm_buf_adds(&b, "Summary:        ");
	acm_spectext_text(&b, summary ? summary : "Software built from its upstream source");
	acm_buf_addc(&b, '\n');
	if (!license) {
		acm_buf_adds(&b, "# FIXME: the license could not be identified");
		if (d->unknown_license_files.n) {
			acm_buf_adds(&b, " from");
			for (size_t i = 0; i < d->unknown_license_files.n; i++) {
				acm_buf_addc(&b, ' ');
				acm_spectext_text(&b, d->unknown_license_files.v[i]);
			}
		} else {
			acm_buf_adds(&b, " (no COPYING or LICENSE file)");
		}
		acm_buf_adds(&b, "; write its SPDX identifier\n");
		fx++;
	} else if (d->spdx_only && !sp->license) {
		acm_buf_adds(&b, "# License from the sources' SPDX-License-Identifier tags (no license file)\n");
	}
	acm_buf_adds(&b, "License:        ");
	acm_spectext_license(&b, license ? license : "FIXME");
	acm_buf_addc(&b, '\n');
	if (url) {
		acm_buf_adds(&b, "URL:            ");
		acm_spectext_url(&b, url);
		acm_buf_addc(&b, '\n');
	}
	acm_buf_adds(&b, "Source0:        ");
	if (!acm_spectext_word(&b, sp->source0))
		acm_spectext_url(&b, sp->source0);
	acm_buf_addc(&b, '\n');
	if (d->bs == ACM_BS_PYTHON && !d->lang_c && !d->lang_cxx)
		acm_buf_adds(&b, "BuildArch:      noarch\n");
	/* rpm without Python's macros (Debian): ask python3 for the plain
	 * prefix scheme - Debian's own default is /usr/local/.../dist-packages,
	 * which rpm's python(abi) dependency generator does not know. */
	if (d->bs == ACM_BS_PYTHON)
		acm_buf_adds(&b, "%{!?python3_sitelib: %global python3_sitelib %(python3 -c \"import sysconfig; "
				 "print(sysconfig.get_path('purelib', 'posix_prefix', vars={'base': '%{_prefix}'}))\")}\n"
				 "%{!?python3_sitearch: %global python3_sitearch %(python3 -c \"import sysconfig; "
				 "print(sysconfig.get_path('platlib', 'posix_prefix', vars={'platbase': '%{_prefix}'}))\")}\n");
	acm_buf_addc(&b, '\n');
	buildrequires(&b, sp);
	acm_buf_addc(&b, '\n');
	acm_buf_adds(&b, "%description\n");
	if (summary) {
		acm_spectext_text(&b, summary);
		acm_buf_addf(&b, ".\n\nThis package was built from the %s %s upstream source.\n\n",
			     sp->name, sp->version);
	} else {
		acm_buf_addf(&b, "The %s software, version %s, built from its upstream source.\n"
			     "FIXME: describe what it does and who would install it.\n\n", sp->name, sp->version);
	}

	bool devel = s.devel.len > 0;
	if (!sp->files && !sp->probe)
		devel = false;
	/* headers only (no library in -devel): noarch, and then no %{?_isa} */
	const char *libdir = sp->files ? acm_specdirs_value(sp->files, "_libdir") : NULL;
	bool devel_arch = libdir && strstr(acm_buf_str(&s.devel), "%{_libdir}");
	if (devel)
		acm_buf_addf(&b, "%%package devel\nSummary:        Development files for %s\n"
			     "Requires:       %%{name}%s = %%{version}-%%{release}\n%s\n"
			     "%%description devel\nHeader files, libraries and other files for developing\n"
			     "software that uses %s.\n\n", sp->name, devel_arch ? "%{?_isa}" : "",
			     devel_arch ? "" : "BuildArch:      noarch\n", sp->name);

	acm_buf_adds(&b, "%prep\n");
	if (!sp->setup_dir)
		acm_buf_adds(&b, "%autosetup -p1 -c\n\n");
	else {
		char *def = acm_xasprintf("%s-%s", sp->name, sp->version);
		if (!strcmp(def, sp->setup_dir))
			acm_buf_adds(&b, "%autosetup -p1\n\n");
		else
			acm_buf_addf(&b, "%%autosetup -p1 -n %s\n\n", sp->setup_dir);
		free(def);
	}
	if (d->autoreconf)   /* before the bootstrap makes Makefile.in */
		acm_specdist_prep(&b, &d->dist);
	section_build(&b, sp, &fx);
	section_install(&b, sp, &s, &fx);

	if (!sp->probe) {
		if (s.shlib)
			acm_buf_adds(&b, "%if 0%{?ldconfig_scriptlets:1}\n%ldconfig_scriptlets\n%else\n"
					 "%post -p /sbin/ldconfig\n%postun -p /sbin/ldconfig\n%endif\n\n");
		if (s.langs.n)
			acm_buf_addf(&b, "%%files -f %s.lang\n", s.langs.v[0]);
		else
			acm_buf_adds(&b, "%files\n");
		for (size_t i = 0; i < d->license_files.n; i++) {
			acm_buf_adds(&b, "%license ");
			acm_spectext_doc(&b, d->license_files.v[i]);
			acm_buf_addc(&b, '\n');
		}
		for (size_t i = 0; !s.docdir_installed && i < d->doc_files.n; i++) {
			acm_buf_adds(&b, "%doc ");
			acm_spectext_doc(&b, d->doc_files.v[i]);
			acm_buf_addc(&b, '\n');
		}
		if (sp->files) {
			acm_buf_adds(&b, acm_buf_str(&s.main));
		} else if (d->bs != ACM_BS_NONE) {
			acm_buf_adds(&b, "# FIXME: written without a trial install (--no-probe); check this list\n"
					 "%{_bindir}/*\n");
			fx++;
		}
		if (devel)
			acm_buf_addf(&b, "\n%%files devel\n%s", acm_buf_str(&s.devel));
		time_t t = (time_t)sp->date;
		struct tm tm;
		char day[64];
		gmtime_r(&t, &tm);
		strftime(day, sizeof(day), "%a %b %d %Y", &tm);
		acm_buf_addf(&b, "\n%%changelog\n* %s ", day);
		acm_spectext_text(&b, sp->packager);
		acm_buf_addf(&b, " - %s-%s\n- Initial package, written by specgen\n", sp->version, sp->release);
	}
	free(summary);
	free(license);
	split_free(&s);
	if (fixmes)
		*fixmes = fx;
	return acm_buf_steal(&b);
}

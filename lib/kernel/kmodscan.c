/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodscan.c - find obj-m modules in a driver tree's Kbuild/Makefile files
 * and decide what a clean kmod source holds (see kmodscan.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dkmsconf.h"
#include "dkmstest.h"
#include "exitcodes.h"
#include "kmodconf.h"
#include "kmodkbuild.h"
#include "kmodmeta.h"
#include "kmodscan.h"
#include "kmodvar.h"
#include "msg.h"
#include "text.h"
#include "strmap.h"

bool acm_kmod_valid_name(const char *s)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-'))
			return false;
	return n <= 55;
}

char *acm_kmod_path_norm(const char *path)
{
	char *copy = acm_xstrdup(path), *save = NULL;
	char **parts = NULL;
	size_t n = 0;
	struct acm_buf out = ACM_BUF_INIT;
	bool bad = false;

	for (char *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0) {
			if (!n) {
				bad = true;
				break;
			}
			n--;
			continue;
		}
		parts = acm_xrealloc(parts, (n + 1) * sizeof *parts);
		parts[n++] = t;
	}
	for (size_t i = 0; !bad && i < n; i++) {
		if (i)
			acm_buf_addc(&out, '/');
		acm_buf_adds(&out, parts[i]);
	}
	free(parts);
	free(copy);
	if (bad) {
		acm_buf_free(&out);
		return NULL;
	}
	return out.data ? acm_buf_steal(&out) : acm_xstrdup("");
}

/* ---- the tree ------------------------------------------------------------ */

struct sfile {
	char *path;
	bool is_dir;
	char *license;   /* C sources: SPDX id found in it */
};

struct mkf {
	char *dir;
	int prio;        /* 2 Kbuild, 1 Makefile: the kernel reads Kbuild first */
	struct acm_kmodkbuild f;
	char *overrun;   /* its path when it cost more than the make reader's budget */
};

struct acm_kmod_scan {
	struct sfile *files;
	size_t nfiles;
	struct mkf *mk;
	size_t nmk;
	struct acm_strmap mkdirs;  /* dir -> mk[]: a tree may hold any number */
	char *version_file;
	struct acm_dkmsconf *dkms;  /* the top-level dkms.conf, parsed (error kept), or NULL */
	struct acm_kmodconf *conf;  /* the autoconf input, for a configure-driven build */
	const char *const *vars;
	struct acm_dkmstest_kernel kernels[16];
	size_t nkernels;
};

struct acm_kmod_scan *acm_kmod_scan_new(void)
{
	return acm_xcalloc(1, sizeof(struct acm_kmod_scan));
}

void acm_kmod_scan_set_vars(struct acm_kmod_scan *s, const char *const *vars)
{
	s->vars = vars;
}

void acm_kmod_scan_add_kernel(struct acm_kmod_scan *s, const char *kver, const char *kdir)
{
	if (s->nkernels < sizeof s->kernels / sizeof s->kernels[0])
		s->kernels[s->nkernels++] = (struct acm_dkmstest_kernel){ kver, kdir };
}

/* dkms.conf read for the first kernel; for the others it must name the
 * same modules (one spec builds one module list for every kernel). */
static void read_dkms(struct acm_kmod_scan *s, const char *text, size_t len)
{
	struct acm_dkmsconf other;
	struct acm_dkmsconf *c = s->dkms;

	(void)acm_dkmsconf_parse_kernel(text, len, s->nkernels ? &s->kernels[0] : NULL, c);
	for (size_t k = 1; k < s->nkernels && !c->error; k++) {
		bool same;

		(void)acm_dkmsconf_parse_kernel(text, len, &s->kernels[k], &other);
		same = !other.error && other.nmods == c->nmods;
		for (size_t i = 0; same && i < c->nmods; i++)
			same = strcmp(c->mods[i].name, other.mods[i].name) == 0 &&
			       strcmp(c->mods[i].location, other.mods[i].location) == 0;
		if (!same)
			c->error = acm_xasprintf("the modules it names for %s differ from those for %s; "
						 "give the kernels one --kernel per run",
						 s->kernels[k].kernelver, s->kernels[0].kernelver);
		acm_dkmsconf_free(&other);
	}
}

void acm_kmod_scan_reset(struct acm_kmod_scan *s)
{
	const char *const *vars = s->vars;
	struct acm_dkmstest_kernel kernels[16];
	size_t nkernels = s->nkernels;

	memcpy(kernels, s->kernels, sizeof kernels);

	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].license);
	}
	free(s->files);
	for (size_t i = 0; i < s->nmk; i++) {
		free(s->mk[i].dir);
		free(s->mk[i].overrun);
		acm_kmodkbuild_free(&s->mk[i].f);
	}
	free(s->mk);
	acm_strmap_free(&s->mkdirs);
	free(s->version_file);
	acm_dkmsconf_free(s->dkms);
	free(s->dkms);
	acm_kmodconf_free(s->conf);
	memset(s, 0, sizeof *s);
	s->vars = vars;
	memcpy(s->kernels, kernels, sizeof kernels);
	s->nkernels = nkernels;
}

void acm_kmod_scan_free(struct acm_kmod_scan *s)
{
	if (!s)
		return;
	acm_kmod_scan_reset(s);
	free(s);
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static int makefile_prio(const char *base)
{
	if (strcmp(base, "Kbuild") == 0)
		return 2;
	if (strcmp(base, "Makefile") == 0 || strcmp(base, "makefile") == 0 ||
	    strcmp(base, "GNUmakefile") == 0)
		return 1;
	return 0;
}

bool acm_kmod_scan_wants(const char *path, unsigned long long size)
{
	const char *b = base_of(path);

	if (makefile_prio(b))
		return size <= (1u << 20);
	if (acm_kmodconf_wants(path, size))
		return true;
	if (strcmp(path, "VERSION") == 0 || strcmp(path, "dkms.conf") == 0)
		return size <= 65536;
	return acm_text_ends_with(b, ".c") && size <= (8u << 20);
}

static struct mkf *mkf_for(const struct acm_kmod_scan *s, const char *dir)
{
	size_t k;

	return acm_strmap_get(&s->mkdirs, dir, &k) ? &s->mk[k] : NULL;
}

void acm_kmod_scan_add(struct acm_kmod_scan *s, const char *path, bool is_dir, const char *text,
		       size_t len)
{
	struct sfile *sf;
	const char *b = base_of(path);
	int prio = is_dir ? 0 : makefile_prio(b);

	if ((s->nfiles & (s->nfiles + 1)) == 0) /* room for 2, 4, 8, ... */
		s->files = acm_xrealloc(s->files, (2 * s->nfiles + 2) * sizeof *s->files);
	sf = &s->files[s->nfiles++];
	sf->path = acm_xstrdup(path);
	sf->is_dir = is_dir;
	sf->license = NULL;
	if (!s->conf)
		s->conf = acm_kmodconf_new();
	acm_kmodconf_add(s->conf, path, is_dir, text, len);
	if (!text || is_dir)
		return;
	if (prio) {
		char *dir = b == path ? acm_xstrdup("") : acm_xasprintf("%.*s", (int)(b - path - 1), path);
		struct mkf *m = mkf_for(s, dir);
		if (m && m->prio >= prio) {
			free(dir);
			return;
		}
		if (m) {
			acm_kmodkbuild_free(&m->f);
			free(m->overrun);
			free(dir);
		} else {
			if ((s->nmk & (s->nmk + 1)) == 0) /* room for 2, 4, 8, ... */
				s->mk = acm_xrealloc(s->mk, (2 * s->nmk + 2) * sizeof *s->mk);
			acm_strmap_put(&s->mkdirs, dir, s->nmk);
			m = &s->mk[s->nmk++];
			m->dir = dir;
		}
		m->prio = prio;
		m->overrun = NULL;
		if (acm_kmodkbuild_parse(text, len, s->vars, &m->f))
			m->overrun = acm_xstrdup(path);
	} else if (strcmp(path, "VERSION") == 0) {
		free(s->version_file);
		s->version_file = acm_kmodmeta_version(text, strcspn(text, "\n"));
	} else if (strcmp(path, "dkms.conf") == 0) {
		if (!s->dkms)
			s->dkms = acm_xcalloc(1, sizeof *s->dkms);
		acm_dkmsconf_free(s->dkms);
		read_dkms(s, text, len);
	} else if (acm_text_ends_with(b, ".c")) {
		sf->license = acm_kmodmeta_license(text, len);
	}
}

const struct acm_dkmsconf *acm_kmod_scan_dkms(const struct acm_kmod_scan *s)
{
	return s->dkms;
}

const struct acm_kmodconf *acm_kmod_scan_conf(const struct acm_kmod_scan *s)
{
	return s->conf;
}

const char *acm_kmod_scan_version(const struct acm_kmod_scan *s)
{
	return s->version_file;
}


static char *join(const char *dir, const char *rel)
{
	char *j = *dir ? acm_xasprintf("%s/%s", dir, rel) : acm_xstrdup(rel);
	char *n = acm_kmod_path_norm(j);

	free(j);
	return n;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!*dir)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append without the duplicate check: a tree has any number of files, so
 * the lists are sorted and made unique once, at the end (sort_uniq). */
static char **strv_push(char **v, size_t *n, const char *s)
{
	if ((*n & (*n + 1)) == 0) /* room for 2, 4, 8, ... */
		v = acm_xrealloc(v, (2 * *n + 2) * sizeof *v);
	v[(*n)++] = acm_xstrdup(s);
	return v;
}

static void sort_uniq(char **v, size_t *n)
{
	size_t k = 0;

	if (!*n)
		return;
	qsort(v, *n, sizeof *v, cmp_str);
	for (size_t i = 1; i < *n; i++) {
		if (strcmp(v[i], v[k]) == 0)
			free(v[i]);
		else
			v[++k] = v[i];
	}
	*n = k + 1;
}

struct collect {
	struct acm_kmod_set *set;
	char **visited;
	size_t nvisited;
	char **incdirs;
	size_t nincdirs;
};

/* Modules of dir and of the sub-directories its obj-m/obj-y names. */
static void visit(const struct acm_kmod_scan *s, const char *root, const char *dir, int depth,
		  struct collect *c)
{
	const struct mkf *m;

	if (depth > 16)
		return;
	for (size_t i = 0; i < c->nvisited; i++)
		if (strcmp(c->visited[i], dir) == 0)
			return;
	c->visited = acm_strv_add_unique(c->visited, &c->nvisited, dir);
	m = mkf_for(s, dir);
	if (!m)
		return;
	for (size_t i = 0; i < m->f.nincdirs; i++) {
		char *d = join(dir, m->f.incdirs[i]);

		if (d && *d)
			c->incdirs = acm_strv_add_unique(c->incdirs, &c->nincdirs, d);
		free(d);
	}
	for (size_t i = 0; i < m->f.nmods; i++) {
		const struct acm_kmodkbuild_module *km = &m->f.mods[i];
		char *kdir = join(dir, km->dir);
		struct acm_kmodkbuild_module *o;

		if (!kdir)
			continue;
		/* "obj-m += ../x/x.o" in one Kbuild and "obj-m += x.o" in x/Kbuild
		 * (dahdi's echo): one module, reached twice */
		for (size_t k = 0; kdir && k < c->set->nmods; k++) {
			if (strcmp(c->set->mods[k].name, km->name) == 0 &&
			    strcmp(c->set->mods[k].dir, kdir) == 0) {
				free(kdir);
				kdir = NULL;
			}
		}
		if (!kdir)
			continue;
		c->set->mods = acm_xrealloc(c->set->mods, (c->set->nmods + 1) * sizeof *c->set->mods);
		o = &c->set->mods[c->set->nmods++];
		o->name = acm_xstrdup(km->name);
		o->root = acm_xstrdup(root);
		o->dir = kdir;
		o->nobjs = km->nobjs;
		o->objs = acm_xcalloc(km->nobjs ? km->nobjs : 1, sizeof *o->objs);
		for (size_t k = 0; k < km->nobjs; k++)
			o->objs[k] = acm_xstrdup(km->objs[k]);
	}
	for (size_t i = 0; i < m->f.nsubdirs; i++) {
		char *sd = join(dir, m->f.subdirs[i]);

		if (sd)
			visit(s, root, sd, depth + 1, c);
		free(sd);
	}
}

static bool is_doc(const char *path)
{
	static const char *const pre[] = { "COPYING", "LICENSE", "LICENCE", "README", "copying",
		"license", "readme", NULL };

	if (strchr(path, '/'))
		return false;
	for (size_t i = 0; pre[i]; i++)
		if (strncmp(path, pre[i], strlen(pre[i])) == 0)
			return true;
	return false;
}

static bool looks_like_code(const char *path)
{
	const char *b = base_of(path);

	return acm_text_ends_with(b, ".c") || acm_text_ends_with(b, ".h") || acm_text_ends_with(b, ".cc") || acm_text_ends_with(b, ".cpp") ||
	       makefile_prio(b) || strcmp(b, "CMakeLists.txt") == 0 || strcmp(b, "configure") == 0;
}

static bool dir_exists(const struct acm_kmod_scan *s, const char *dir)
{
	if (!*dir)
		return true;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].is_dir && strcmp(s->files[i].path, dir) == 0)
			return true;
	/* tarballs may list files without their directories */
	for (size_t i = 0; i < s->nfiles; i++)
		if (under(s->files[i].path, dir) && strcmp(s->files[i].path, dir) != 0)
			return true;
	return false;
}

/* A tree whose modules are all obj-$(CONFIG_X) with CONFIG_X unset (the
 * kernel's own Kconfig would set it in-tree): say which variable to set. */
static char *unset_hint(const struct acm_kmod_scan *s)
{
	for (size_t i = 0; i < s->nmk; i++) {
		const struct mkf *m = &s->mk[i];

		if (m->f.nunset)
			return acm_xasprintf("%s%s%s builds a module only when %s is set (obj-$(%s)): "
					     "set it with --make-var %s=m", m->dir, *m->dir ? "/" : "",
					     m->prio == 2 ? "Kbuild" : "Makefile", m->f.unset[0],
					     m->f.unset[0], m->f.unset[0]);
	}
	return NULL;
}

int acm_kmod_find(struct acm_kmod_scan *s, const char *const *module_dirs, bool all_files,
		  const char *arg, struct acm_kmod_set *out)
{
	struct collect c = { .set = out };
	char **roots = NULL;
	size_t nroots = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	/* a file read only in part would name only part of the modules */
	for (size_t i = 0; i < s->nmk; i++) {
		if (s->mk[i].overrun) {
			acm_err("'%s': %s: its make text costs more than a Kbuild file can (a value over "
				"64 KiB, references nested over 16 deep, or over a million steps of "
				"expansion); refusing to guess its modules: simplify that file, or give "
				"the source without it", arg, s->mk[i].overrun);
			return ACM_EX_DATAERR;
		}
	}
	if (module_dirs && module_dirs[0]) {
		for (size_t i = 0; module_dirs[i]; i++) {
			char *d = acm_kmod_path_norm(module_dirs[i]);
			const struct mkf *m;

			if (!d || module_dirs[i][0] == '/') {
				acm_err("'%s': --module-dir must be a directory inside the source, relative "
					"to its top", module_dirs[i]);
				free(d);
				rc = ACM_EX_USAGE;
				goto out;
			}
			if (!dir_exists(s, d)) {
				acm_err("'%s': no directory '%s' in the source; --module-dir names a "
					"directory relative to the source's top", arg, module_dirs[i]);
				free(d);
				rc = ACM_EX_DATAERR;
				goto out;
			}
			m = mkf_for(s, d);
			if (!m || (!m->f.nmods && !m->f.nsubdirs)) {
				acm_err("'%s': '%s' has no Kbuild or Makefile that defines obj-m; "
					"name the directory whose Kbuild/Makefile says 'obj-m += NAME.o'",
					arg, module_dirs[i]);
				free(d);
				rc = ACM_EX_DATAERR;
				goto out;
			}
			roots = acm_strv_add_unique(roots, &nroots, d);
			free(d);
		}
	} else {
		/* every directory with obj-m, less those another one's obj-m reaches */
		char **reached = NULL;
		size_t nreached = 0;

		for (size_t i = 0; i < s->nmk; i++) {
			for (size_t k = 0; k < s->mk[i].f.nsubdirs; k++) {
				char *sd = join(s->mk[i].dir, s->mk[i].f.subdirs[k]);

				/* "obj-m += ../" climbs back: it does not make a root a child */
				if (sd && !under(s->mk[i].dir, sd))
					reached = acm_strv_add_unique(reached, &nreached, sd);
				free(sd);
			}
		}
		for (size_t i = 0; i < s->nmk; i++) {
			bool r = false;

			if (!s->mk[i].f.nmods && !s->mk[i].f.nsubdirs)
				continue;
			for (size_t k = 0; k < nreached; k++)
				r |= strcmp(reached[k], s->mk[i].dir) == 0;
			if (!r)
				roots = acm_strv_add_unique(roots, &nroots, s->mk[i].dir);
		}
		acm_strv_free(reached, nreached);
	}
	if (nroots)
		qsort(roots, nroots, sizeof *roots, cmp_str);

	for (size_t i = 0; i < nroots; i++) {
		size_t before = out->nmods;

		visit(s, roots[i], roots[i], 0, &c);
		if (out->nmods > before || (module_dirs && module_dirs[0]))
			out->roots = acm_strv_add_unique(out->roots, &out->nroots, roots[i]);
	}
	if (!out->nmods) {
		char *hint = unset_hint(s);

		acm_err("'%s': no kernel module found: looked for Kbuild or Makefile files that "
			"define obj-m (e.g. 'obj-m += NAME.o'), at any depth; %s", arg,
			hint ? hint : "if the driver's build hides it, give --module-dir DIR");
		free(hint);
		rc = ACM_EX_DATAERR;
		goto out;
	}
	for (size_t i = 0; i < out->nmods; i++) {
		if (!acm_kmod_valid_name(out->mods[i].name)) {
			acm_err("'%s': '%s' (in %s) is not a usable module name", arg, out->mods[i].name,
				*out->mods[i].dir ? out->mods[i].dir : "the top directory");
			rc = ACM_EX_DATAERR;
			goto out;
		}
		for (size_t k = 0; k < i; k++) {
			if (strcmp(out->mods[i].name, out->mods[k].name) == 0) {
				acm_err("'%s': two modules named '%s' (in '%s' and '%s'); give --module-dir "
					"for the one to package", arg, out->mods[i].name,
					*out->mods[k].dir ? out->mods[k].dir : ".",
					*out->mods[i].dir ? out->mods[i].dir : ".");
				rc = ACM_EX_DATAERR;
				goto out;
			}
		}
	}

	/* what the clean tarball holds */
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct sfile *f = &s->files[i];
		bool take = all_files || is_doc(f->path);

		if (f->is_dir)
			continue;
		for (size_t k = 0; !take && k < out->nroots; k++)
			take = under(f->path, out->roots[k]);
		for (size_t k = 0; !take && k < c.nincdirs; k++)
			take = under(f->path, c.incdirs[k]);
		/* a module a root's Kbuild builds from outside the root ("../x/x.o") */
		for (size_t k = 0; !take && k < out->nmods; k++)
			take = under(f->path, out->mods[k].dir);
		/* what a --make-var points at: DAHDI_INCLUDE=%{top}/include */
		take = take || acm_kmodvar_keeps(s->vars, f->path);
		if (take) {
			out->ship = strv_push(out->ship, &out->nship, f->path);
			if (is_doc(f->path))
				out->docs = strv_push(out->docs, &out->ndocs, f->path);
			if (f->license && !all_files) {
				bool known = false;

				for (size_t k = 0; out->license && k < 1; k++)
					known = strstr(out->license, f->license) != NULL;
				if (!out->license) {
					out->license = acm_xstrdup(f->license);
				} else if (!known && strlen(out->license) < 256) {
					char *l = acm_xasprintf("%s AND %s", out->license, f->license);

					free(out->license);
					out->license = l;
				}
			}
		} else if (looks_like_code(f->path)) {
			const char *slash = strchr(f->path, '/');
			char *part = slash ? acm_xasprintf("%.*s/", (int)(slash - f->path), f->path)
					   : acm_xstrdup(f->path);

			out->userland = strv_push(out->userland, &out->nuserland, part);
			free(part);
		}
	}
	if (all_files) {
		/* licenses of the module sources only */
		for (size_t i = 0; i < s->nfiles; i++) {
			bool in = false;

			for (size_t k = 0; k < out->nroots; k++)
				in |= under(s->files[i].path, out->roots[k]);
			if (in && s->files[i].license && !out->license)
				out->license = acm_xstrdup(s->files[i].license);
		}
	}
	sort_uniq(out->ship, &out->nship);
	sort_uniq(out->docs, &out->ndocs);
	sort_uniq(out->userland, &out->nuserland);
out:
	acm_strv_free(roots, nroots);
	acm_strv_free(c.visited, c.nvisited);
	acm_strv_free(c.incdirs, c.nincdirs);
	if (rc)
		acm_kmod_set_free(out);
	return rc;
}

void acm_kmod_set_free(struct acm_kmod_set *set)
{
	acm_kmodkbuild_modules_free(set->mods, set->nmods);
	acm_strv_free(set->roots, set->nroots);
	acm_strv_free(set->ship, set->nship);
	acm_strv_free(set->docs, set->ndocs);
	acm_strv_free(set->userland, set->nuserland);
	free(set->license);
	memset(set, 0, sizeof *set);
}

/* ---- the modules a dkms.conf names ------------------------------------------ */

static void add_license(struct acm_kmod_set *out, const char *lic)
{
	char *l;

	if (!out->license) {
		out->license = acm_xstrdup(lic);
	} else if (!strstr(out->license, lic) && strlen(out->license) < 256) {
		l = acm_xasprintf("%s AND %s", out->license, lic);
		free(out->license);
		out->license = l;
	}
}

int acm_kmod_find_dkms(const struct acm_kmod_scan *s, const char *arg, struct acm_kmod_set *out)
{
	const struct acm_dkmsconf *dc = s->dkms;

	memset(out, 0, sizeof *out);
	if (!dc || dc->error || !dc->nmods)
		return 0;
	for (size_t i = 0; i < dc->nmods; i++) {
		const struct acm_dkmsconf_module *dm = &dc->mods[i];
		char *dir = dm->location[0] == '/' ? NULL : acm_kmod_path_norm(dm->location);
		struct acm_kmodkbuild_module *o;

		if (!acm_kmod_valid_name(dm->name) || !dir) {
			acm_err("'%s': dkms.conf: BUILT_MODULE_NAME '%s' at BUILT_MODULE_LOCATION '%s': %s",
				arg, dm->name, dm->location, !dir
				? "the location must be a directory inside the source"
				: "not a usable module name (letters, digits, '_' and '-')");
			free(dir);
			acm_kmod_set_free(out);
			return ACM_EX_DATAERR;
		}
		for (size_t k = 0; k < out->nmods; k++) {
			if (strcmp(out->mods[k].name, dm->name) == 0) {
				acm_err("'%s': dkms.conf names the module '%s' twice", arg, dm->name);
				free(dir);
				acm_kmod_set_free(out);
				return ACM_EX_DATAERR;
			}
		}
		out->mods = acm_xrealloc(out->mods, (out->nmods + 1) * sizeof *out->mods);
		o = &out->mods[out->nmods++];
		o->name = acm_xstrdup(dm->name);
		o->root = acm_xstrdup("");
		o->dir = dir;
		o->objs = acm_xcalloc(1, sizeof *o->objs);
		o->nobjs = 0;
	}
	/* dkms builds in a copy of the whole source: so does the kmod spec */
	acm_kmod_ship_all(s, out);
	return 0;
}

void acm_kmod_ship_all(const struct acm_kmod_scan *s, struct acm_kmod_set *out)
{
	out->roots = acm_strv_add_unique(out->roots, &out->nroots, "");
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct sfile *f = &s->files[i];

		if (f->is_dir)
			continue;
		out->ship = strv_push(out->ship, &out->nship, f->path);
		if (is_doc(f->path))
			out->docs = strv_push(out->docs, &out->ndocs, f->path);
		if (f->license)
			add_license(out, f->license);
	}
	sort_uniq(out->ship, &out->nship);
	sort_uniq(out->docs, &out->ndocs);
}

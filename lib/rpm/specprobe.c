/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specprobe.c - trial build and install (see specprobe.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"
#include "rpmbuild.h"
#include "run.h"
#include "specprobe.h"

static const char *const dir_macros[] = {
	"_bindir", "_sbindir", "_libexecdir", "_libdir", "_includedir", "_datadir", "_mandir",
	"_infodir", "_defaultdocdir", "_defaultlicensedir", "_sysconfdir", "_localstatedir",
	"_sharedstatedir", "_unitdir", "_prefix", "python3_sitelib", "python3_sitearch", NULL
};

/* Where Python modules go, when the host's rpm has no python macros
 * (Debian): the same fallback, with the same plain prefix scheme, as the
 * spec defines (specwrite.c). */
#define PY_FALLBACK(kind) \
	"%%(python3 -c \"import sysconfig; print(sysconfig.get_path('" kind "', 'posix_prefix', vars={'base': '%%{_prefix}', 'platbase': '%%{_prefix}'}))\" 2>/dev/null)"


static int cmp_dirs(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	size_t lx = strlen(x[1]), ly = strlen(y[1]);
	/* equal values (python3_sitelib == python3_sitearch on one-libdir
	 * hosts): the later name wins, so sitelib, right for noarch */
	return lx != ly ? (lx > ly ? -1 : 1) : -strcmp(x[0], y[0]);
}

int acm_specprobe_dirs(struct acm_install_list *out)
{
	const char *argv[2 * 20 + 2];
	char *owned[20];
	int n = 0, k = 0;
	argv[n++] = "rpm";
	for (int i = 0; dir_macros[i]; i++) {
		argv[n++] = "--eval";
		if (!strcmp(dir_macros[i], "python3_sitelib"))
			argv[n++] = owned[k++] = acm_xasprintf("%%{?python3_sitelib}%%{!?python3_sitelib:" PY_FALLBACK("purelib") "}");
		else if (!strcmp(dir_macros[i], "python3_sitearch"))
			argv[n++] = owned[k++] = acm_xasprintf("%%{?python3_sitearch}%%{!?python3_sitearch:" PY_FALLBACK("platlib") "}");
		else
			argv[n++] = owned[k++] = acm_xasprintf("%%{%s}", dir_macros[i]);
	}
	argv[n] = NULL;
	char *text = NULL;
	int rc = acm_run_capture(argv, &text);
	for (int i = 0; i < k; i++)
		free(owned[i]);
	if (rc) {
		free(text);
		if (rc == ACM_EX_UNAVAILABLE)
			acm_err("rpm is needed to know this host's directory macros; install it "
				"(scripts/install-deps) or use --no-probe");
		return rc;
	}
	char *save = NULL, *line = strtok_r(text, "\n", &save);
	out->dirs = acm_xcalloc(20, sizeof(*out->dirs));
	for (int i = 0; dir_macros[i] && line; i++, line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != '/')   /* undefined on this host (%{_unitdir} on Debian) */
			continue;
		out->dirs[out->ndirs][0] = acm_xstrdup(dir_macros[i]);
		out->dirs[out->ndirs][1] = acm_xstrdup(line);
		out->ndirs++;
	}
	free(text);
	qsort(out->dirs, out->ndirs, sizeof(*out->dirs), cmp_dirs);
	return 0;
}

static void list_tree(const char *root, const char *rel, struct acm_install_list *out, size_t *cap)
{
	char *path = acm_xasprintf("%s%s", root, rel);
	DIR *d = opendir(path);
	free(path);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *r = acm_xasprintf("%s/%s", rel, de->d_name);
		/* debuginfo goes to the automatic -debuginfo packages */
		if (!strcmp(r, "/usr/lib/debug") || !strcmp(r, "/usr/src/debug") || !strcmp(r, "/usr/src")) {
			free(r);
			continue;
		}
		char *full = acm_xasprintf("%s%s", root, r);
		struct stat st;
		if (lstat(full, &st) == 0) {
			out->v = acm_xgrow(out->v, cap, out->n, sizeof(*out->v), 64);
			char t = S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : 'f';
			out->v[out->n].path = acm_xstrdup(r);
			out->v[out->n].type = t;
			out->n++;
			if (t == 'd')
				list_tree(root, r, out, cap);
		}
		free(full);
		free(r);
	}
	closedir(d);
}

static int cmp_inst(const void *a, const void *b)
{
	return strcmp(((const struct acm_installed *)a)->path, ((const struct acm_installed *)b)->path);
}

/* The buildroot rpmbuild used: TOPDIR/BUILDROOT/<one dir> (rpm < 4.20) or
 * TOPDIR/BUILD/<NAME-VERSION-build>/BUILDROOT (rpm >= 4.20). */
static char *find_buildroot(const char *top)
{
	const char *tries[] = { "BUILDROOT", "BUILD", NULL };
	for (int i = 0; tries[i]; i++) {
		char *dir = acm_xasprintf("%s/%s", top, tries[i]);
		DIR *d = opendir(dir);
		struct dirent *de;
		char *found = NULL;
		while (d && (de = readdir(d)) && !found) {
			if (de->d_name[0] == '.')
				continue;
			char *c = i == 0 ? acm_xasprintf("%s/%s", dir, de->d_name)
					 : acm_xasprintf("%s/%s/BUILDROOT", dir, de->d_name);
			if (acm_is_dir(c))
				found = c;
			else
				free(c);
		}
		if (d)
			closedir(d);
		free(dir);
		if (found)
			return found;
	}
	return NULL;
}

/* rpmbuild -bi (stops after %install, writes no package, so not
 * acm_rpmbuild_run(), which expects packages), same --nodeps rule, the
 * log kept and its tail shown on failure. Returns 0, 69 or 65. */
static int trial_install(const char *spec, const char *top, const char *log)
{
	char *topdef = acm_xasprintf("_topdir %s", top);
	const char *argv[] = { "rpmbuild", "-bi", "--define", topdef,
		/* -bi checks for unpackaged files too: listing them is the point */
		"--define", "_unpackaged_files_terminate_build 0",
		acm_rpmbuild_needs_nodeps() ? "--nodeps" : spec, acm_rpmbuild_needs_nodeps() ? spec : NULL, NULL };
	struct acm_run r = { .argv = argv, .log_path = log };
	int rc = acm_rpmbuild_available();
	if (!rc)
		rc = acm_run(&r, ACM_EX_DATAERR);
	if (rc == ACM_EX_DATAERR || rc == ACM_EX_SOFTWARE) {
		char *tail = acm_tail_file(log, 15);
		acm_err("rpmbuild -bi %s failed; the last lines of its log:\n%s\nfull log: %s",
			spec, tail ? tail : "(empty)", log);
		free(tail);
		rc = ACM_EX_DATAERR;
	}
	acm_run_free(&r);
	free(topdef);
	return rc;
}

int acm_specprobe_run(struct acm_source *src, const struct acm_spec *sp, struct acm_install_list *out)
{
	const struct acm_source_info *info = acm_source_info(src);
	/* the trial spec first: a value it cannot carry stops here, before
	 * anything is made */
	char *text = acm_spec_write(sp, NULL);
	if (!text)
		return ACM_EX_DATAERR;
	const char *tmp = getenv("TMPDIR");
	char *top = acm_xasprintf("%s/specgen-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(top)) {
		acm_err("'%s': cannot create the trial build directory: %s", top, strerror(errno));
		free(top);
		free(text);
		return ACM_EX_CANTCREAT;
	}
	int rc = 0;
	char *sources = acm_xasprintf("%s/SOURCES", top), *specp = acm_xasprintf("%s/%s.spec", top, sp->name);
	char *log = acm_xasprintf("%s/build.log", top);
	acm_mkdir_p(sources, 0755);
	if (info->kind == ACM_SOURCE_TARBALL) {
		char *abs = realpath(info->arg, NULL);
		char *link = acm_xasprintf("%s/%s", sources, sp->source0);
		if (!abs || symlink(abs, link) < 0) {
			acm_err("'%s': cannot link into the trial build: %s", link, strerror(errno));
			rc = ACM_EX_CANTCREAT;
		}
		free(abs);
		free(link);
	} else {
		rc = acm_source_write_tarball(src, sources, NULL);
	}
	if (!rc)
		rc = acm_write_file_atomic(specp, text, strlen(text), 0644);
	if (!rc) {
		acm_info("trial build and install of %s-%s to find its files (--no-probe skips this)",
			 sp->name, sp->version);
		rc = trial_install(specp, top, log);
		if (rc == ACM_EX_DATAERR)
			acm_err("'%s': the trial build failed (missing build dependencies on this host?); "
				"its files are kept in %s; install what it needs, or use --no-probe", info->arg, top);
	}
	if (!rc)
		rc = acm_specprobe_dirs(out);
	if (!rc) {
		char *root = find_buildroot(top);
		size_t cap = 0;
		if (root)
			list_tree(root, "", out, &cap);
		qsort(out->v, out->n, sizeof(*out->v), cmp_inst);
		acm_verbose("the trial install made %zu files and directories", out->n);
		free(root);
	}
	if (rc != ACM_EX_DATAERR)
		(void)acm_fstree_remove(top);
	free(text);
	free(top);
	free(sources);
	free(specp);
	free(log);
	return rc;
}

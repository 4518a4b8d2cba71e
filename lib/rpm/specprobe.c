/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specprobe.c - trial build and install (see specprobe.h). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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
#include "progress.h"
#include "run.h"
#include "sandbox.h"
#include "configfacts.h"
#include "specprobe.h"
#include "trialcache.h"
#include "confine.h"

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

/* ---- while the trial runs: a status line, and a signal stops it cleanly ---- */

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

struct watch {
	struct acm_progress pg;
	const char *log;
	off_t off;
	struct acm_buf pending;
	char phase[32], last[128];
};

/* Follow the log's new whole lines: rpmbuild's "Executing(%build)" is the
 * phase, the last non-blank line what it is doing. */
static void follow_log(struct watch *w)
{
	int fd = open(w->log, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	char chunk[16384];
	ssize_t got;
	if (lseek(fd, w->off, SEEK_SET) == w->off)
		while ((got = read(fd, chunk, sizeof(chunk))) > 0) {
			w->off += got;
			acm_buf_add(&w->pending, chunk, (size_t)got);
		}
	close(fd);
	size_t used = 0;
	char *nl;
	while (w->pending.data && (nl = memchr(w->pending.data + used, '\n', w->pending.len - used))) {
		*nl = '\0';
		const char *line = w->pending.data + used, *ex = strstr(line, "Executing(");
		const char *close_p = ex ? strchr(ex, ')') : NULL;
		if (close_p)
			snprintf(w->phase, sizeof(w->phase), "%.*s", (int)(close_p - ex - 10), ex + 10);
		else if (line[strspn(line, " \t")])
			snprintf(w->last, sizeof(w->last), "%s", line);
		used = (size_t)(nl - w->pending.data) + 1;
	}
	if (used) {
		memmove(w->pending.data, w->pending.data + used, w->pending.len - used);
		w->pending.len -= used;
	}
}

static void on_wait(struct acm_run *r, void *arg)
{
	struct watch *w = arg;
	if (stop_signal) {
		/* Ctrl-C reached the whole process group; SIGTERM/SIGHUP only us */
		kill(r->pid, stop_signal);
		return;
	}
	if (!w->pg.active)
		return;
	follow_log(w);
	char *status = acm_xasprintf("%s  %s", w->phase, w->last);
	acm_progress_status(&w->pg, status);
	free(status);
}

/* rpmbuild -bi (stops after %install, writes no package, so not
 * acm_rpmbuild_run(), which expects packages), same --nodeps rule, the
 * log kept. As root it runs confined (sandbox.h). Returns 0, 69, 65 (the
 * build failed: the caller explains), or 130 + signal when interrupted. */
static int trial_install(const char *spec, const char *top, const char *log, struct acm_sandbox *sb)
{
	char *topdef = acm_xasprintf("_topdir %s", top);
	/* confined, rpm's scriptlets go to %_tmppath in top, not the host's /var/tmp */
	char *tmpdef = acm_xasprintf("_tmppath %s/tmp", top);
	const char *argv[12];
	size_t n = 0;
	argv[n++] = "rpmbuild";
	argv[n++] = "-bi";
	argv[n++] = "--define";
	argv[n++] = topdef;
	if (sb->active) {
		argv[n++] = "--define";
		argv[n++] = tmpdef;
	}
	/* -bi checks for unpackaged files too: listing them is the point */
	argv[n++] = "--define";
	argv[n++] = "_unpackaged_files_terminate_build 0";
	if (acm_rpmbuild_needs_nodeps())
		argv[n++] = "--nodeps";
	argv[n++] = spec;
	argv[n] = NULL;
	struct watch w = { .log = log, .phase = "starting" };
	acm_progress_start(&w.pg, NULL, "trial build", 0, false);
	struct acm_run r = { .argv = argv, .log_path = log, .env_add = acm_sandbox_env(sb),
		.pre_exec = acm_sandbox_enter, .pre_exec_arg = sb, .on_wait = on_wait, .on_wait_arg = &w };
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal }, old[3];
	sigemptyset(&sa.sa_mask);
	stop_signal = 0;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	int rc = acm_rpmbuild_available();
	if (!rc)
		rc = acm_run(&r, ACM_EX_DATAERR);
	acm_progress_clear(&w.pg);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (stop_signal)
		rc = 128 + stop_signal;
	else if (rc == ACM_EX_SOFTWARE)
		rc = ACM_EX_DATAERR;   /* rpmbuild killed: the build's fault, explained below */
	acm_buf_free(&w.pending);
	acm_run_free(&r);
	free(topdef);
	free(tmpdef);
	return rc;
}

/* The absolute path outside top that the log says could not be written
 * (EROFS in the sandbox, EACCES as nobody): a `make install` that ignores
 * DESTDIR. The last absolute path before the error on its line:
 * "install: cannot create regular file '/usr/local/bin/x': Read-only file
 * system", "/bin/sh: 1: cannot create /usr/man/x.1: Permission denied". */
char *acm_specprobe_outside_write(const char *logtext, const char *top)
{
	static const char *const errs[] = { "Read-only file system", "Permission denied", NULL };
	size_t toplen = strlen(top);
	for (const char *line = logtext; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t len = eol ? (size_t)(eol - line) : strlen(line);
		const char *hit = NULL;
		for (int i = 0; errs[i] && !hit; i++) {
			const char *h = memmem(line, len, errs[i], strlen(errs[i]));
			if (h)
				hit = h;
		}
		const char *best = NULL;
		size_t best_len = 0;
		for (const char *p = line; hit && p < hit; p++) {
			if (*p != '/' || (p > line && !strchr(" '\"`\x98", p[-1])))
				continue;
			size_t n = strcspn(p, " '\"`:\n\xe2");
			if (p + n > hit)
				n = (size_t)(hit - p);
			bool inside = n >= toplen && !strncmp(p, top, toplen) && (p[toplen] == '/' || n == toplen);
			if (n > 1 && !inside) {
				best = p;
				best_len = n;
			}
			p += n ? n - 1 : 0;
		}
		if (best)
			return acm_xasprintf("%.*s", (int)best_len, best);
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

const char *acm_specprobe_failure_cause(const char *logtext)
{
	static const struct { const char *a, *b, *cause; } known[] = {
		{ "fatal error: ", ": No such file or directory", "a header it includes is missing: a build "
		  "dependency this host lacks (install it, and name it in BuildRequires)" },
		{ "Could NOT find ", NULL, "CMake did not find a package it needs: a build dependency this "
		  "host lacks (install it, and name it in BuildRequires)" },
		{ "Dependency ", " not found", "meson did not find a dependency it needs: a build dependency "
		  "this host lacks (install it, and name it in BuildRequires)" },
		{ ": command not found", NULL, "a program it runs is missing: install it, and name it in "
		  "BuildRequires" },
		{ "multiple definition of ", "first defined here", "the link found a variable defined twice: "
		  "code written before GCC 10 made -fno-common the default, which this compiler rejects "
		  "as it is (an upstream bug: add -fcommon to the build's CFLAGS, or patch it as the "
		  "distributions do)" },
		{ "inlining failed in call to ", "always_inline", "the compiler rejects its always_inline "
		  "functions as they are written (an upstream bug this compiler exposes: patch the source "
		  "as the distributions do)" },
		{ "configure: error: ", NULL, "configure stopped (its error above says what it needs)" },
	};
	if (!logtext)
		return NULL;
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		const char *p = strstr(logtext, known[i].a);
		if (!p)
			continue;
		if (known[i].b) {   /* both on one line */
			const char *eol = strchr(p, '\n'), *q = strstr(p, known[i].b);
			if (!q || (eol && q > eol))
				continue;
		}
		return known[i].cause;
	}
	return NULL;
}

/* Say why the trial failed: its log's tail, and when the install wrote
 * outside the buildroot, that path and what to change in the spec. */
static void explain_failure(const char *arg, const char *top, const char *log, const struct acm_sandbox *sb)
{
	char *tail = acm_tail_file(log, 15);
	acm_err("rpmbuild -bi failed; the last lines of its log:\n%s\nfull log: %s", tail ? tail : "(empty)", log);
	free(tail);
	char *text = NULL;
	size_t len;
	const char *cause;
	char *outside = acm_read_file(log, &text, &len, 0) == 0 ? acm_specprobe_outside_write(text, top) : NULL;
	if (outside)
		acm_err("'%s': the trial install tried to write '%s', outside the build root: its "
			"Makefile ignores DESTDIR (or installs under its own prefix)%s; make %%install "
			"pass the install root the way this Makefile takes it (DESTDIR=%%{buildroot}, "
			"PREFIX=%%{buildroot}%%{_prefix}, ...) or patch the Makefile, then rpmbuild the spec",
			arg, outside, sb->active ? ", and specgen's trial runs unprivileged with the host "
			"read-only, so nothing there was written" : "");
	else if ((cause = acm_specprobe_failure_cause(text)))
		acm_err("'%s': the trial build failed: %s; its files are kept in %s; fix the spec, "
			"or use --no-probe", arg, cause, top);
	else
		acm_err("'%s': the trial build failed (missing build dependencies on this host?); its "
			"files are kept in %s; install what it needs, fix the spec, or use --no-probe", arg, top);
	free(text);
	free(outside);
}

int acm_specprobe_list_check(const struct acm_install_list *l, char **why)
{
	struct acm_confine *tree = acm_confine_new(-1);
	int rc = 0;
	for (size_t i = 0; i < l->n && !rc; i++) {
		const struct acm_installed *e = &l->v[i];
		char *clean = NULL;
		int v = e->path[0] == '/' ? acm_confine_name(e->path + 1, 0, &clean) : ACM_CONFINE_EMPTY;
		if (!v && strcmp(clean, e->path + 1))
			v = ACM_CONFINE_EMPTY;   /* "//", "/./", a trailing "/": not as a trial lists it */
		if (!v && i && strcmp(l->v[i - 1].path, e->path) >= 0)
			v = ACM_CONFINE_REDEFINED;
		/* links are leaves here: the list has no targets, nothing may be below one */
		if (!v)
			v = e->type == 'd' || e->type == 'f' || e->type == 'l' ?
			    acm_confine_add(tree, clean, e->type == 'd' ? ACM_CONFINE_DIR : ACM_CONFINE_FILE, NULL) :
			    ACM_CONFINE_SPECIAL;
		if (v) {
			*why = acm_xasprintf("entry '%s': %s", e->path, acm_confine_why(v));
			rc = ACM_EX_DATAERR;
		}
		free(clean);
	}
	acm_confine_free(tree);
	return rc;
}

/* The cached result, when there is one: out filled (dirs and files). */
static bool from_cache(const char *key, const struct acm_spec *sp, struct acm_install_list *dirs,
		       struct acm_install_list *out)
{
	if (!key || acm_trialcache_load(key, out))
		return false;
	out->dirs = dirs->dirs;
	out->ndirs = dirs->ndirs;
	dirs->dirs = NULL;
	dirs->ndirs = 0;
	acm_info("trial build of %s-%s: its result from an earlier run (same source, options and specgen; "
		 "--no-cache builds again)", sp->name, sp->version);
	return true;
}

int acm_specprobe_run(struct acm_source *src, const struct acm_spec *sp, struct acm_install_list *out,
		      unsigned flags)
{
	const struct acm_source_info *info = acm_source_info(src);
	/* the trial spec first: a value it cannot carry stops here, before
	 * anything is made */
	char *text = acm_spec_write(sp, NULL);
	if (!text)
		return ACM_EX_DATAERR;
	char *key = NULL;
	if (!(flags & ACM_SPECPROBE_NO_CACHE)) {
		struct acm_install_list dirs = { 0 };
		int drc = acm_specprobe_dirs(&dirs);
		if (drc) {
			free(text);
			return drc;
		}
		key = acm_trialcache_key(src, text, &dirs);
		bool hit = from_cache(key, sp, &dirs, out);
		acm_install_list_free(&dirs);
		if (hit) {
			free(key);
			free(text);
			return 0;
		}
	}
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
	/* the tree rpmbuild writes, made here: confined, it cannot write top */
	static const char *const subdirs[] = { "BUILD", "BUILDROOT", "RPMS", "SRPMS", "SPECS", NULL };
	for (int i = 0; subdirs[i]; i++) {
		char *sub = acm_xasprintf("%s/%s", top, subdirs[i]);
		acm_mkdir_p(sub, 0755);
		free(sub);
	}
	if (info->kind == ACM_SOURCE_TARBALL) {
		char *abs = realpath(info->arg, NULL);
		char *link = acm_xasprintf("%s/%s", sources, sp->source0);
		/* as root the build runs as nobody, who may not reach the tarball */
		if (abs && geteuid() == 0)
			rc = acm_fstree_copy(abs, link, 0644);
		else if (!abs || symlink(abs, link) < 0) {
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
	struct acm_sandbox sb = { 0 };
	if (!rc)
		rc = acm_sandbox_prepare(&sb, top);
	if (!rc) {
		acm_info("trial build and install of %s-%s to find its files (--no-probe skips this)%s%s",
			 sp->name, sp->version, sb.active ? "; as user " : "", sb.active ? sb.user : "");
		rc = trial_install(specp, top, log, &sb);
		if (rc == ACM_EX_DATAERR)
			explain_failure(info->arg, top, log, &sb);
		else if (rc > 128)
			acm_err("interrupted; the trial build directory %s is removed", top);
	}
	acm_sandbox_free(&sb);
	if (!rc)
		rc = acm_specprobe_dirs(out);
	if (!rc) {
		char *root = find_buildroot(top);
		size_t cap = 0;
		if (root)
			list_tree(root, "", out, &cap);
		if (out->n)   /* an install of nothing: no list to sort (qsort of NULL) */
			qsort(out->v, out->n, sizeof(*out->v), cmp_inst);
		acm_verbose("the trial install made %zu files and directories", out->n);
		free(root);
		/* what configure found and used: config.log, CMakeCache.txt, meson-log.txt */
		char *build = acm_xasprintf("%s/BUILD", top);
		acm_configfacts_read(build, &out->found);
		free(build);
		char *why = NULL;
		if ((rc = acm_specprobe_list_check(out, &why)))
			acm_err("'%s': the trial install's files cannot be listed: %s", info->arg, why);
		else if (key)
			acm_trialcache_store(key, out);
		free(why);
	}
	if (rc != ACM_EX_DATAERR)
		(void)acm_fstree_remove(top);
	free(key);
	free(text);
	free(top);
	free(sources);
	free(specp);
	free(log);
	return rc;
}

int acm_specprobe_trial(struct acm_source *src, const struct acm_spec *sp, struct acm_detect *det,
			struct acm_install_list *out, unsigned flags)
{
	int rc = acm_specprobe_run(src, sp, out, flags);
	while (rc == ACM_EX_DATAERR && acm_detect_fallback(det)) {
		acm_warn("'%s': trying its %s build instead", acm_source_info(src)->arg, acm_buildsys_name(det->bs));
		acm_install_list_free(out);
		rc = acm_specprobe_run(src, sp, out, flags);
	}
	return rc ? rc : acm_specprobe_payload(src, out);
}

int acm_specprobe_payload(const struct acm_source *src, const struct acm_install_list *l)
{
	if (acm_spec_has_payload(l))
		return 0;
	acm_err("'%s': the trial install put no program, library or data file of the project "
		"in the build root (only docs, or nothing): %%install needs writing", acm_source_info(src)->arg);
	return ACM_EX_DATAERR;
}

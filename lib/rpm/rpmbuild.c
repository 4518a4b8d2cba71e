/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpmbuild.c - run rpmbuild with its output in a log, find what it wrote.
 *
 * Builds that fail deep in %build with only "Bad exit status" are the most
 * common complaint about kernel and kmod packaging (Frogging-Family/linux-tkg
 * #600, #735, #776): the whole output is kept in a log and, on failure, its
 * last lines and its path are shown. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "distro.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "rpmbuild.h"
#include "run.h"

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *acm_rpm_eval(const char *expr)
{
	const char *argv[] = { "rpm", "--eval", expr, NULL };
	struct acm_run r = { 0 };
	char *out;
	size_t len;

	r.argv = argv;
	r.capture_out = true;
	r.capture_err = true;
	if (acm_run(&r, ACM_EX_SOFTWARE) != 0) {
		acm_run_free(&r);
		return NULL;
	}
	out = acm_buf_steal(&r.out);
	acm_run_free(&r);
	if (!out)
		return acm_xstrdup("");
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return out;
}

const char *acm_rpmbuild_package_for(const char *tool, const char *deb, const char *el)
{
	struct acm_distro d;
	const char *p;

	acm_distro_detect(&d);
	p = acm_distro_package_for(d.family, tool);
	if (p)
		return p;
	return d.family == ACM_DISTRO_DEBIAN ? deb : el;
}

int acm_rpmbuild_available(void)
{
	if (acm_have_program("rpmbuild"))
		return 0;
	acm_err("rpmbuild not found; install the '%s' package (scripts/install-deps does)",
		acm_rpmbuild_package_for("rpmbuild", "rpm", "rpm-build"));
	return ACM_EX_UNAVAILABLE;
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			return true;
	return false;
}

int acm_rpmbuild_topdir_path(const char *override, char **topdir)
{
	char *top;

	*topdir = NULL;
	if (override && *override) {
		if (override[0] == '/') {
			top = acm_xstrdup(override);
		} else {
			char cwd[4096];

			if (!getcwd(cwd, sizeof cwd)) {
				acm_err("cannot get the current directory: %s", strerror(errno));
				return ACM_EX_SOFTWARE;
			}
			top = acm_xasprintf("%s/%s", cwd, override);
		}
	} else {
		if (!acm_have_program("rpm")) {
			acm_err("rpm not found; install the '%s' package (scripts/install-deps does)",
				acm_rpmbuild_package_for("rpm", "rpm", "rpm"));
			return ACM_EX_UNAVAILABLE;
		}
		top = acm_rpm_eval("%{_topdir}");
		if (!top || top[0] != '/') {
			acm_err("'rpm --eval %%{_topdir}' gave '%s', not an absolute path; "
				"fix %%_topdir in ~/.rpmmacros or pass --topdir",
				top ? top : "");
			free(top);
			return ACM_EX_CONFIG;
		}
	}
	while (strlen(top) > 1 && top[strlen(top) - 1] == '/')
		top[strlen(top) - 1] = '\0';
	if (has_space(top)) {
		acm_err("'%s': rpmbuild cannot work in a directory whose path has white space; "
			"choose another --topdir", top);
		free(top);
		return ACM_EX_USAGE;
	}
	*topdir = top;
	return 0;
}

int acm_rpmbuild_topdir(const char *override, char **topdir)
{
	static const char *const subdirs[] = { "BUILD", "BUILDROOT", "RPMS", "SOURCES", "SPECS", "SRPMS" };
	char *top;
	size_t i;
	int rc = acm_rpmbuild_topdir_path(override, &top);

	*topdir = NULL;
	if (rc)
		return rc;
	for (i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
		char *d = acm_xasprintf("%s/%s", top, subdirs[i]);

		rc = acm_mkdir_p(d, 0755);
		if (rc < 0) {
			acm_err("cannot create '%s': %s; choose another --topdir", d, strerror(-rc));
			free(d);
			free(top);
			return acm_exit_from_errno_out(-rc);
		}
		free(d);
	}
	*topdir = top;
	return 0;
}

bool acm_rpmbuild_needs_nodeps(void)
{
	static int cached = -1;

	if (cached < 0) {
		const char *argv[] = { "rpm", "-q", "rpm", NULL };
		struct acm_run r = { 0 };

		r.argv = argv;
		r.capture_out = true;
		r.capture_err = true;
		cached = acm_run(&r, 1) != 0;
		acm_run_free(&r);
	}
	return cached == 1;
}

char **acm_rpmbuild_parse_wrote(const char *log, size_t *n)
{
	char **list = acm_xcalloc(1, sizeof *list);
	const char *p = log, *eol;
	size_t count = 0;

	while (p && *p) {
		eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (len > 7 && strncmp(p, "Wrote: ", 7) == 0) {
			size_t plen = len - 7;

			while (plen > 0 && (p[7 + plen - 1] == '\r' || p[7 + plen - 1] == ' '))
				plen--;
			if (plen > 4 && strncmp(p + 7 + plen - 4, ".rpm", 4) == 0) {
				char *path = acm_xmalloc(plen + 1);

				memcpy(path, p + 7, plen);
				path[plen] = '\0';
				list = acm_xrealloc(list, (count + 2) * sizeof *list);
				list[count++] = path;
				list[count] = NULL;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	*n = count;
	return list;
}

/* --- the phase line -------------------------------------------------------
 * rpmbuild blocks us while it runs, so a small child process follows the log
 * and redraws one line: the rpmbuild phase (%prep, %build, ...), how many
 * compile steps the kernel's make has printed, the last of them, the time. */

static const char *phase_of(const char *line)
{
	static char phase[32];
	const char *s = strstr(line, "Executing(");

	if (s) {
		const char *e = strchr(s, ')');
		size_t len;

		s += strlen("Executing(");
		if (e && e > s) {
			len = (size_t)(e - s) < sizeof phase - 1 ? (size_t)(e - s) : sizeof phase - 1;
			memcpy(phase, s, len);
			phase[len] = '\0';
			return phase;
		}
	}
	if (strncmp(line, "Processing files:", 17) == 0)
		return "packaging";
	return NULL;
}

static void watch_log(const char *log_path, const char *what)
{
	char phase[32] = "starting", last[64] = "";
	unsigned long steps = 0;
	double start = now_mono();
	struct acm_buf pending = ACM_BUF_INIT;
	off_t off = 0;
	pid_t parent = getppid();

	for (;;) {
		char chunk[65536];
		ssize_t got;
		int fd = open(log_path, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			if (lseek(fd, off, SEEK_SET) == off) {
				while ((got = read(fd, chunk, sizeof chunk)) > 0) {
					off += got;
					acm_buf_add(&pending, chunk, (size_t)got);
				}
			}
			close(fd);
		}
		/* whole lines only */
		char *data = pending.data;
		size_t used = 0;

		while (data && used < pending.len) {
			char *nl = memchr(data + used, '\n', pending.len - used);
			const char *ph;

			if (!nl)
				break;
			*nl = '\0';
			char *line = data + used;

			ph = phase_of(line);
			if (ph)
				snprintf(phase, sizeof phase, "%s", ph);
			/* kbuild's quiet output: "  CC      kernel/fork.o" */
			if (line[0] == ' ' && line[1] == ' ' && line[2] >= 'A' && line[2] <= 'Z') {
				steps++;
				snprintf(last, sizeof last, "%s", line + 2);
			}
			used = (size_t)(nl - data) + 1;
		}
		if (used) {
			memmove(pending.data, pending.data + used, pending.len - used);
			pending.len -= used;
			pending.data[pending.len] = '\0';
		}
		int secs = (int)(now_mono() - start);

		fprintf(stderr, "\r\033[K%s: %s %s, %lu steps, %d:%02d  %.40s", acm_prog(), what, phase,
			steps, secs / 60, secs % 60, last);
		fflush(stderr);
		if (getppid() != parent)
			_exit(0);
		usleep(500000);
	}
}

static pid_t start_watcher(const char *log_path, const char *what)
{
	pid_t pid;

	if (!isatty(STDERR_FILENO) || acm_verbosity() < ACM_NORMAL)
		return -1;
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		watch_log(log_path, what);
		_exit(0);
	}
	return pid;
}

static void stop_watcher(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
}

int acm_rpmbuild_run(struct acm_rpmbuild *b)
{
	const char *argv[64];
	size_t argc = 0, i;
	char *topdef, *log = NULL;
	struct acm_run r = { 0 };
	int rc, fd;
	pid_t watcher;
	double t0;
	const char *what = b->what ? b->what : "rpmbuild";

	b->built = NULL;
	b->n_built = 0;
	rc = acm_rpmbuild_available();
	if (rc)
		return rc;

	fd = open(b->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;

		acm_err("cannot create the build log '%s': %s", b->log_path, strerror(e));
		return acm_exit_from_errno_out(e);
	}
	close(fd);

	topdef = acm_xasprintf("_topdir %s", b->topdir);
	argv[argc++] = "rpmbuild";
	argv[argc++] = b->stage ? b->stage : "-ba";
	argv[argc++] = "--define";
	argv[argc++] = topdef;
	if (acm_rpmbuild_needs_nodeps())
		argv[argc++] = "--nodeps";
	if (b->keep_tree)
		argv[argc++] = "--noclean";
	for (i = 0; b->defines && b->defines[i] && argc < 60; i++) {
		argv[argc++] = "--define";
		argv[argc++] = b->defines[i];
	}
	argv[argc++] = b->spec;
	argv[argc] = NULL;

	if (acm_verbosity() >= ACM_VERBOSE) {
		struct acm_buf cmd = ACM_BUF_INIT;

		for (i = 0; i < argc; i++)
			acm_buf_addf(&cmd, "%s%s", i ? " " : "", argv[i]);
		acm_verbose("running: %s", acm_buf_str(&cmd));
		acm_buf_free(&cmd);
	}
	acm_verbose("%s log: %s", what, b->log_path);

	/* A build started from a Makefile (make check, scripts/cluster.mk)
	 * inherits MAKEFLAGS/MAKELEVEL: the spec's own make calls would then
	 * print "Entering directory" into output the spec captures and fight
	 * over the outer jobserver. rpmbuild runs as it would from a shell. */
	const char *env[72];
	size_t ne = 0;
	env[ne++] = "MAKEFLAGS=";
	env[ne++] = "MFLAGS=";
	env[ne++] = "MAKELEVEL=";
	for (i = 0; b->env_add && b->env_add[i] && ne < 71; i++)
		env[ne++] = b->env_add[i];
	env[ne] = NULL;

	r.argv = argv;
	r.log_path = b->log_path;
	r.env_add = env;
	watcher = b->progress ? start_watcher(b->log_path, what) : -1;
	t0 = now_mono();
	rc = acm_run(&r, ACM_EX_SOFTWARE);
	b->seconds = now_mono() - t0;
	stop_watcher(watcher);
	acm_run_free(&r);
	free(topdef);

	if (rc == ACM_EX_UNAVAILABLE)
		return rc;
	if (rc != 0) {
		char *tail = acm_tail_file(b->log_path, b->tail_lines > 0 ? b->tail_lines : 25);

		if (tail && *tail)
			fprintf(stderr, "%s", tail);
		if (tail && tail[strlen(tail) - 1] != '\n')
			fputc('\n', stderr);
		free(tail);
		acm_err("%s failed (rpmbuild %s); the whole log is kept in '%s'",
			what, r.signal ? "was killed by a signal" : "exited non-zero", b->log_path);
		return ACM_EX_SOFTWARE;
	}

	if (acm_read_file(b->log_path, &log, NULL, 0) < 0) {
		acm_err("cannot read the build log '%s' back", b->log_path);
		return ACM_EX_IOERR;
	}
	b->built = acm_rpmbuild_parse_wrote(log, &b->n_built);
	free(log);
	for (i = 0; i < b->n_built; i++) {
		if (!acm_exists(b->built[i])) {
			acm_err("rpmbuild reported '%s' but it is not there; see '%s'",
				b->built[i], b->log_path);
			return ACM_EX_SOFTWARE;
		}
	}
	if (b->n_built == 0) {
		acm_err("rpmbuild succeeded but wrote no package; see '%s'", b->log_path);
		return ACM_EX_SOFTWARE;
	}
	return 0;
}

void acm_rpmbuild_free(struct acm_rpmbuild *b)
{
	size_t i;

	for (i = 0; b->built && i < b->n_built; i++)
		free(b->built[i]);
	free(b->built);
	b->built = NULL;
	b->n_built = 0;
}

int acm_rpm_query(char *const *paths, size_t n, struct acm_rpm_info *info)
{
	const char **argv = acm_xcalloc(n + 6, sizeof *argv);
	struct acm_run r = { 0 };
	size_t i, argc = 0;
	int rc;
	char *line, *save = NULL;

	memset(info, 0, n * sizeof *info);
	if (n == 0) {
		free(argv);
		return 0;
	}
	argv[argc++] = "rpm";
	argv[argc++] = "-qp";
	argv[argc++] = "--nosignature";
	argv[argc++] = "--qf";
	/* a source package has no SOURCERPM: report its arch as "src" */
	argv[argc++] = "%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%|SOURCERPM?{%{ARCH}}:{src}|\\n";
	for (i = 0; i < n; i++)
		argv[argc++] = paths[i];
	r.argv = argv;
	r.capture_out = true;
	r.capture_err = true;
	rc = acm_run(&r, ACM_EX_DATAERR);
	free(argv);
	if (rc) {
		if (rc == ACM_EX_DATAERR)
			acm_err("cannot read the package header: %s", acm_buf_str(&r.err));
		acm_run_free(&r);
		return rc;
	}
	line = r.out.data ? strtok_r(r.out.data, "\n", &save) : NULL;
	for (i = 0; i < n; i++, line = strtok_r(NULL, "\n", &save)) {
		char *f[4], *s = line, *tab;
		int k;

		if (!line) {
			acm_err("'%s': rpm -qp printed nothing for it", paths[i]);
			acm_run_free(&r);
			acm_rpm_info_free(info, n);
			return ACM_EX_DATAERR;
		}
		for (k = 0; k < 4; k++) {
			f[k] = s;
			tab = s ? strchr(s, '\t') : NULL;
			if (tab)
				*tab = '\0';
			s = tab ? tab + 1 : NULL;
		}
		info[i].path = acm_xstrdup(paths[i]);
		info[i].name = acm_xstrdup(f[0] ? f[0] : "");
		info[i].version = acm_xstrdup(f[1] ? f[1] : "");
		info[i].release = acm_xstrdup(f[2] ? f[2] : "");
		info[i].arch = acm_xstrdup(f[3] ? f[3] : "");
	}
	acm_run_free(&r);
	return 0;
}

void acm_rpm_info_free(struct acm_rpm_info *info, size_t n)
{
	size_t i;

	for (i = 0; info && i < n; i++) {
		free(info[i].path);
		free(info[i].name);
		free(info[i].version);
		free(info[i].release);
		free(info[i].arch);
		memset(&info[i], 0, sizeof info[i]);
	}
}

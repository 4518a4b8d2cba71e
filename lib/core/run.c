/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.c - run a program from an argv, never through a shell. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "run.h"


static char **build_env(const char *const *add)
{
	size_t n = 0, m = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	while (add && add[m])
		m++;
	env = acm_xcalloc(n + m + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t klen = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		bool replaced = false;
		for (size_t j = 0; j < m; j++)
			if (strncmp(add[j], environ[i], klen) == 0 && add[j][klen] == '=')
				replaced = true;
		if (!replaced)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		env[k++] = (char *)add[j];
	env[k] = NULL;
	return env;
}

static void child(struct acm_run *r, int in_fd, int out_fd, int err_fd, int report_fd, char **env)
{
	int e;
	/* a hook's failure is reported as -errno: its own message is out */
	if (r->pre_exec && (e = r->pre_exec(r->pre_exec_arg)) != 0) {
		e = -e;
		if (write(report_fd, &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		goto fail;
	if (r->cwd && chdir(r->cwd) != 0)
		goto fail;
	signal(SIGPIPE, SIG_DFL);
	execvpe(r->argv[0], (char *const *)r->argv, env);
fail:
	e = errno;
	if (write(report_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* Wait for the child; with on_wait, wake about twice a second to call it
 * (a progress line, passing on a signal). */
static void wait_child(struct acm_run *r)
{
	if (!r->on_wait) {
		while (waitpid(r->pid, &r->status, 0) < 0 && errno == EINTR)
			;
		return;
	}
	for (;;) {
		pid_t w = waitpid(r->pid, &r->status, WNOHANG);
		if (w == r->pid || (w < 0 && errno != EINTR))
			return;
		r->on_wait(r, r->on_wait_arg);
		(void)poll(NULL, 0, 500);
	}
}

int acm_run(struct acm_run *r, int fail_code)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, rep[2];
	int log_fd = -1, null_fd, out_fd, err_fd;
	char **env;
	pid_t pid;

	r->exit_code = -1;
	r->signal = 0;
	r->exec_errno = 0;
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (r->log_path) {
		log_fd = open(r->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (log_fd < 0) {
			acm_err("cannot open log '%s': %s", r->log_path, strerror(errno));
			close(null_fd);
			return acm_exit_from_errno_out(errno);
		}
	}
	if ((r->input && pipe2(inp, O_CLOEXEC) != 0) ||
	    (r->capture_out && pipe2(outp, O_CLOEXEC) != 0) ||
	    (r->capture_err && pipe2(errp, O_CLOEXEC) != 0) || pipe2(rep, O_CLOEXEC) != 0) {
		acm_err("cannot run %s: %s", r->argv[0], strerror(errno));
		return ACM_EX_SOFTWARE;
	}
	/* stdout is for our records: an uncaptured child's output goes to the
	 * log, else to our stderr. */
	out_fd = r->capture_out ? outp[1] : log_fd >= 0 ? log_fd : 2;
	err_fd = r->capture_err ? errp[1] : log_fd >= 0 ? log_fd : 2;
	env = build_env(r->env_add);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		acm_err("cannot run %s: %s", r->argv[0], strerror(errno));
		free(env);
		return ACM_EX_SOFTWARE;
	}
	if (pid == 0)
		child(r, r->input ? inp[0] : null_fd, out_fd, err_fd, rep[1], env);
	free(env);
	close(rep[1]);
	if (inp[0] >= 0)
		close(inp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (errp[1] >= 0)
		close(errp[1]);

	/* Feed stdin and drain both outputs together, so no pipe fills up. */
	size_t in_off = 0, in_len = r->input ? strlen(r->input) : 0;
	if (r->input && in_len == 0) {
		close(inp[1]);
		inp[1] = -1;
	}
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN);
	for (;;) {
		struct pollfd p[3];
		int n = 0, iw = -1, io = -1, ie = -1;
		if (inp[1] >= 0) { iw = n; p[n].fd = inp[1]; p[n++].events = POLLOUT; }
		if (outp[0] >= 0) { io = n; p[n].fd = outp[0]; p[n++].events = POLLIN; }
		if (errp[0] >= 0) { ie = n; p[n].fd = errp[0]; p[n++].events = POLLIN; }
		if (n == 0)
			break;
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (iw >= 0 && p[iw].revents) {
			ssize_t w = write(inp[1], r->input + in_off, in_len - in_off);
			if (w > 0)
				in_off += (size_t)w;
			if (w < 0 || in_off == in_len) {
				close(inp[1]);
				inp[1] = -1;
			}
		}
		for (int k = 0; k < 2; k++) {
			int idx = k ? ie : io;
			int *fdp = k ? &errp[0] : &outp[0];
			struct acm_buf *b = k ? &r->err : &r->out;
			if (idx < 0 || !p[idx].revents)
				continue;
			char chunk[16384];
			ssize_t got = read(*fdp, chunk, sizeof(chunk));
			if (got > 0)
				acm_buf_add(b, chunk, (size_t)got);
			else if (got == 0 || errno != EINTR) {
				close(*fdp);
				*fdp = -1;
			}
		}
	}
	signal(SIGPIPE, old_pipe);
	r->pid = pid;
	wait_child(r);
	r->pid = 0;
	int e = 0;
	bool hook_failed = false;
	if (read(rep[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		hook_failed = e < 0;
		r->exec_errno = e < 0 ? -e : e;
	}
	close(rep[0]);
	if (log_fd >= 0)
		close(log_fd);
	close(null_fd);
	if (r->capture_out && !r->out.data)
		acm_buf_adds(&r->out, "");
	if (r->capture_err && !r->err.data)
		acm_buf_adds(&r->err, "");

	if (hook_failed)
		return r->exec_errno == EPERM || r->exec_errno == EACCES ? ACM_EX_NOPERM : ACM_EX_SOFTWARE;
	if (r->exec_errno) {
		acm_err("cannot run '%s': %s%s", r->argv[0], strerror(r->exec_errno),
			r->exec_errno == ENOENT ? " (is it installed? scripts/install-deps installs the toolkit's needs)" : "");
		return r->exec_errno == EACCES ? ACM_EX_NOPERM : ACM_EX_UNAVAILABLE;
	}
	if (WIFSIGNALED(r->status)) {
		r->signal = WTERMSIG(r->status);
		acm_err("'%s' was killed by signal %d (%s)", r->argv[0], r->signal, strsignal(r->signal));
		return ACM_EX_SOFTWARE;
	}
	r->exit_code = WEXITSTATUS(r->status);
	return r->exit_code == 0 ? ACM_EX_OK : fail_code;
}

void acm_run_free(struct acm_run *r)
{
	acm_buf_free(&r->out);
	acm_buf_free(&r->err);
}

int acm_run_capture(const char *const *argv, char **out)
{
	struct acm_run r = { .argv = argv, .capture_out = true };
	int rc = acm_run(&r, ACM_EX_SOFTWARE);
	if (out)
		*out = acm_buf_steal(&r.out);
	acm_run_free(&r);
	return rc;
}

bool acm_have_program(const char *name)
{
	if (strchr(name, '/'))
		return access(name, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *e = strchr(path, ':');
		size_t len = e ? (size_t)(e - path) : strlen(path);
		char *full = acm_xasprintf("%.*s/%s", (int)(len ? len : 1), len ? path : ".", name);
		struct stat st;
		bool ok = stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0;
		free(full);
		if (ok)
			return true;
		path += len;
		if (*path == ':')
			path++;
	}
	return false;
}

int acm_need_program(const char *name, const char *who, const char *package)
{
	if (acm_have_program(name))
		return 0;
	acm_err("'%s' not found: %s needs it; install the '%s' package (scripts/install-deps does)",
		name, who, package);
	return ACM_EX_UNAVAILABLE;
}

char *acm_tail_file(const char *path, int nlines)
{
	char *data;
	size_t len;
	if (acm_read_file(path, &data, &len, 0) != 0)
		return NULL;
	size_t i = len;
	if (i && data[i - 1] == '\n')
		i--;
	int seen = 0;
	while (i > 0) {
		if (data[i - 1] == '\n' && ++seen == nlines)
			break;
		i--;
	}
	char *t = acm_xstrdup(data + i);
	free(data);
	return t;
}

/* fsjournal.c - file changes journalled so a failed run can undo them. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fsjournal.h"
#include "msg.h"


enum undo_kind { UNDO_FILE, UNDO_MKDIR, UNDO_RMDIR };

struct undo_step {
	enum undo_kind kind;
	char *path;
	char *old;        /* UNDO_FILE: content before, NULL when absent */
	size_t oldlen;
	mode_t mode;
};

struct acm_fsjournal {
	struct undo_step *v;
	size_t n, cap;
};

struct acm_fsjournal *acm_fsjournal_new(void)
{
	return acm_xcalloc(1, sizeof(struct acm_fsjournal));
}

static void undo_push(struct acm_fsjournal *u, enum undo_kind kind, const char *path, char *old,
		      size_t oldlen, mode_t mode)
{
	if (!u) {
		free(old);
		return;
	}
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 8;
		u->v = acm_xrealloc(u->v, u->cap * sizeof(*u->v));
	}
	u->v[u->n++] = (struct undo_step){ kind, acm_xstrdup(path), old, oldlen, mode };
}

size_t acm_fsjournal_count(const struct acm_fsjournal *u)
{
	return u ? u->n : 0;
}

int acm_fsjournal_run(struct acm_fsjournal *u)
{
	size_t bad = 0;

	for (size_t i = u ? u->n : 0; i-- > 0;) {
		struct undo_step *st = &u->v[i];
		int r = 0;
		switch (st->kind) {
		case UNDO_FILE:
			if (st->old)
				r = acm_write_file_atomic(st->path, st->old, st->oldlen, st->mode);
			else if (unlink(st->path) < 0 && errno != ENOENT)
				r = -errno;
			break;
		case UNDO_MKDIR:
			if (rmdir(st->path) < 0 && errno != ENOENT)
				r = -errno;
			break;
		case UNDO_RMDIR:
			if (mkdir(st->path, st->mode) < 0 && errno != EEXIST)
				r = -errno;
			break;
		}
		if (r) {
			bad++;
			acm_err("could not put '%s' back as it was before this run", st->path);
		}
	}
	if (u && u->n && !bad)
		acm_info("restored the %zu boot configuration change%s of this run", u->n,
			 u->n == 1 ? "" : "s");
	return bad ? ACM_EX_IOERR : 0;
}

void acm_fsjournal_free(struct acm_fsjournal *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].path);
		free(u->v[i].old);
	}
	free(u->v);
	free(u);
}

int acm_fsjournal_rmdir(const char *dir, struct acm_fsjournal *u)
{
	struct stat sb;
	mode_t mode = stat(dir, &sb) == 0 ? (sb.st_mode & 07777) : 0755;
	if (rmdir(dir) < 0)
		return -errno;
	undo_push(u, UNDO_RMDIR, dir, NULL, 0, mode);
	return 0;
}

/* mkdir -p that journals each directory it makes. */
static int mkdirs(const char *dir, struct acm_fsjournal *u)
{
	struct stat sb;
	char *p = acm_xstrdup(dir);
	char **made = NULL;
	size_t nmade = 0;
	int rc = 0;

	/* The missing components, deepest first. */
	for (;;) {
		if (stat(p, &sb) == 0 || errno != ENOENT)
			break;
		made = acm_xrealloc(made, (nmade + 1) * sizeof(*made));
		made[nmade++] = acm_xstrdup(p);
		char *slash = strrchr(p, '/');
		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	for (size_t i = nmade; i-- > 0;) {
		if (mkdir(made[i], 0755) < 0 && errno != EEXIST) {
			rc = -errno;
			break;
		}
		undo_push(u, UNDO_MKDIR, made[i], NULL, 0, 0755);
	}
	if (!rc && !nmade && !S_ISDIR(sb.st_mode))
		rc = acm_mkdir_p(dir, 0755);
	for (size_t i = 0; i < nmade; i++)
		free(made[i]);
	free(made);
	free(p);
	return rc;
}

int acm_fsjournal_sync(const char *path, const char *text, mode_t mode, bool dry, bool *changed,
		     struct acm_fsjournal *u)
{
	char *old = NULL;
	size_t len = 0;
	struct stat sb;
	int r = acm_read_file(path, &old, &len, 16 << 20);

	if (r < 0 && r != -ENOENT) {
		/* A file we are about to replace: failing to read it (ENOTDIR,
		 * EACCES) means we cannot write it either. */
		acm_err("cannot update '%s': %s", path, acm_input_strerror(-r));
		return acm_exit_from_errno_out(-r);
	}
	bool same = text ? (old && len == strlen(text) && !memcmp(old, text, len)) : !old;
	if (same || dry) {
		free(old);
		*changed = *changed || !same;
		return 0;
	}
	*changed = true;
	mode_t old_mode = old && stat(path, &sb) == 0 ? (sb.st_mode & 07777) : mode;
	if (!text) {
		if (unlink(path) < 0 && errno != ENOENT) {
			acm_err("cannot remove '%s': %s", path, strerror(errno));
			free(old);
			return acm_exit_from_errno_out(errno);
		}
		undo_push(u, UNDO_FILE, path, old, len, old_mode);
		return 0;
	}
	char *dir = acm_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		int e = mkdirs(dir, u);
		if (e < 0) {
			acm_err("cannot create directory '%s': %s", dir, strerror(-e));
			free(dir);
			free(old);
			return acm_exit_from_errno_out(-e);
		}
	}
	free(dir);
	r = acm_write_file_atomic(path, text, strlen(text), mode);
	if (r) {
		free(old);
		return r;
	}
	undo_push(u, UNDO_FILE, path, old, len, old_mode);
	return 0;
}


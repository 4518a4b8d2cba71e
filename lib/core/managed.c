/* SPDX-License-Identifier: GPL-2.0-or-later */
/* managed.c - load / compute / compare / write / restore for the files a
 * tool manages. The rule "could not read is never empty" lives in
 * acm_mfile_load and nowhere else. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block.h"
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "managed.h"
#include "msg.h"

int acm_mfile_load(struct acm_mfile *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->path = acm_xstrdup(path);
	f->mode = f->old_mode = 0644;
	int fd = acm_open_input(path, 0);
	if (fd == -ENOENT)
		return 0;       /* absent: the only read failure that means "no file" */
	char *data = NULL;
	size_t len = 0;
	struct stat sb;
	int r = fd < 0 ? fd : acm_read_fd(fd, &data, &len, 0);
	if (r == 0 && fstat(fd, &sb) == 0)
		f->old_mode = sb.st_mode & 07777;
	if (fd >= 0)
		close(fd);
	if (r < 0) {
		int e = -r;
		/* a directory in its place, or a file where a directory should be:
		 * nothing can be written there either */
		if (e == EISDIR || e == ENOTDIR) {
			acm_err("cannot use '%s': %s; give a path where a file can be", path, strerror(e));
			return ACM_EX_CANTCREAT;
		}
		acm_err("cannot read '%s': %s; it was left as it is (a file that cannot be read is "
			"never replaced)%s", path, acm_input_strerror(e),
			e == EACCES || e == EPERM ? "; run as a user who may read it" : "");
		return e == EACCES || e == EPERM ? ACM_EX_NOPERM : ACM_EX_IOERR;
	}
	f->present = f->want_present = true;
	acm_buf_add(&f->old, data, len);
	acm_buf_add(&f->want, data, len);
	free(data);
	return 0;
}

void acm_mfile_set(struct acm_mfile *f, const void *data, size_t len)
{
	acm_buf_reset(&f->want);
	acm_buf_add(&f->want, data, len);
	f->want_present = true;
}

void acm_mfile_set_absent(struct acm_mfile *f)
{
	acm_buf_reset(&f->want);
	f->want_present = false;
}

static bool blank(const struct acm_buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] != ' ' && b->data[i] != '\t' && b->data[i] != '\n')
			return false;
	return true;
}

void acm_mfile_set_block(struct acm_mfile *f, const char *begin, const char *end, const char *body)
{
	/* edit the wanted bytes, so several blocks (or a block after a whole
	 * set) compose; want starts as what was loaded */
	struct acm_buf cur = f->want;
	bool had = f->want_present;

	memset(&f->want, 0, sizeof(f->want));
	f->damaged = false;
	if (body) {
		acm_block_update_n(had ? cur.data : NULL, had ? cur.len : 0, begin, end, body, &f->damaged,
				   &f->want);
		f->want_present = true;
	} else if (had && acm_block_remove_n(cur.data, cur.len, begin, end, &f->want) && blank(&f->want)) {
		/* Nothing but our block was in it: we created the file, so it goes. */
		acm_mfile_set_absent(f);
	} else if (!had) {
		f->want_present = false;
	}
	acm_buf_free(&cur);
}

bool acm_mfile_differs(const struct acm_mfile *f)
{
	if (f->present != f->want_present)
		return true;
	return f->present && (f->old.len != f->want.len ||
			      (f->old.len && memcmp(f->old.data, f->want.data, f->old.len) != 0));
}

static char *parent_of(const char *path)
{
	char *dir = acm_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return NULL;
	}
	*slash = '\0';
	return dir;
}

/* Remove the directories apply made, innermost first. Returns how many
 * could not be removed (each named). */
static size_t unmake_dirs(struct acm_mfile *f)
{
	size_t bad = 0;
	while (f->nmade > 0) {
		char *d = f->made[--f->nmade];
		if (rmdir(d) < 0 && errno != ENOENT) {
			acm_err("cannot remove directory '%s' made by this run: %s", d, strerror(errno));
			bad++;
		}
		free(d);
	}
	return bad;
}

/* mkdir -p of the file's directory, each directory made noted in f->made
 * so restore takes it away again. */
static int make_parent(struct acm_mfile *f)
{
	char *dir = parent_of(f->path);
	if (!dir)
		return 0;
	char *p = acm_xstrdup(dir), **miss = NULL;
	size_t nmiss = 0;
	struct stat sb;
	int e = 0;

	/* The missing components, deepest first. */
	for (;;) {
		if (stat(p, &sb) == 0) {
			if (!S_ISDIR(sb.st_mode))
				e = ENOTDIR;
			break;
		}
		if (errno != ENOENT) {
			e = errno;
			break;
		}
		miss = acm_xrealloc(miss, (nmiss + 1) * sizeof(*miss));
		miss[nmiss++] = acm_xstrdup(p);
		char *slash = strrchr(p, '/');
		if (!slash || slash == p)
			break;
		*slash = '\0';
	}
	for (size_t i = nmiss; !e && i-- > 0;) {
		if (mkdir(miss[i], 0755) == 0) {
			f->made = acm_xrealloc(f->made, (f->nmade + 1) * sizeof(*f->made));
			f->made[f->nmade++] = miss[i];
			miss[i] = NULL;
		} else if (errno != EEXIST) {
			e = errno;
		}
	}
	for (size_t i = 0; i < nmiss; i++)
		free(miss[i]);
	free(miss);
	free(p);
	int rc = 0;
	if (e) {
		acm_err("cannot create directory '%s': %s", dir, strerror(e));
		rc = acm_exit_from_errno_out(e);
	}
	free(dir);
	return rc;
}

static int remove_file(const char *path)
{
	if (unlink(path) < 0 && errno != ENOENT) {
		int e = errno;
		acm_err("cannot remove '%s': %s", path, strerror(e));
		return acm_exit_from_errno_out(e);
	}
	return 0;
}

/* After removing the file: its directory too, when that left it empty. */
static void remove_parent(struct acm_mfile *f)
{
	char *dir = parent_of(f->path);
	struct stat sb;
	if (dir && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && rmdir(dir) == 0) {
		f->dir_removed = true;
		f->dir_mode = sb.st_mode & 07777;
	}
	free(dir);
}

int acm_mfile_apply(struct acm_mfile *f)
{
	if (!acm_mfile_differs(f))
		return 0;
	int rc;
	if (f->want_present) {
		rc = f->mkdir_parent ? make_parent(f) : 0;
		if (!rc)
			rc = acm_write_file_atomic(f->path, f->want.data ? f->want.data : "", f->want.len,
						   f->mode);
		if (rc) {
			(void)unmake_dirs(f);  /* nothing of a failed write stays */
			return rc;
		}
	} else {
		if ((rc = remove_file(f->path)))
			return rc;
		if (f->rmdir_parent)
			remove_parent(f);
	}
	f->changed = true;
	acm_verbose("%s '%s'", f->want_present ? "wrote" : "removed", f->path);
	return 0;
}

int acm_mfile_restore(struct acm_mfile *f)
{
	if (!f->changed)
		return 0;
	int rc = 0;
	if (f->dir_removed) {
		char *dir = parent_of(f->path);
		if (mkdir(dir, f->dir_mode) < 0 && errno != EEXIST) {
			acm_err("cannot make directory '%s' again: %s", dir, strerror(errno));
			rc = acm_exit_from_errno_out(errno);
		} else {
			f->dir_removed = false;
		}
		free(dir);
	}
	if (!rc)
		rc = f->present ? acm_write_file_atomic(f->path, f->old.data ? f->old.data : "", f->old.len,
							f->old_mode)
				: remove_file(f->path);
	if (!rc && unmake_dirs(f))
		rc = ACM_EX_IOERR;
	if (rc == 0) {
		f->changed = false;
		acm_info("restored '%s'", f->path);
	}
	return rc;
}

void acm_mfile_free(struct acm_mfile *f)
{
	free(f->path);
	f->path = NULL;
	while (f->nmade > 0)
		free(f->made[--f->nmade]);
	free(f->made);
	f->made = NULL;
	acm_buf_free(&f->old);
	acm_buf_free(&f->want);
}

struct acm_mfile *acm_mset_find(const struct acm_mset *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->f[i]->path, path) == 0)
			return s->f[i];
	return NULL;
}

int acm_mset_load(struct acm_mset *s, const char *path, struct acm_mfile **out)
{
	struct acm_mfile *f = acm_mset_find(s, path);
	if (f) {
		if (out)
			*out = f;
		return 0;
	}
	f = acm_xmalloc(sizeof(*f));
	int rc = acm_mfile_load(f, path);
	if (rc) {
		acm_mfile_free(f);
		free(f);
		return rc;
	}
	s->f = acm_xrealloc(s->f, (s->n + 1) * sizeof(*s->f));
	s->f[s->n++] = f;
	if (out)
		*out = f;
	return 0;
}

bool acm_mset_differs(const struct acm_mset *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (acm_mfile_differs(s->f[i]))
			return true;
	return false;
}

int acm_mset_apply(struct acm_mset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		int rc = acm_mfile_apply(s->f[i]);
		if (rc) {
			for (size_t k = i; k-- > 0;)
				(void)acm_mfile_restore(s->f[k]);
			return rc;
		}
	}
	return 0;
}

size_t acm_mset_restore(struct acm_mset *s)
{
	size_t n = 0;
	for (size_t k = s->n; k-- > 0;) {
		struct acm_mfile *f = s->f[k];
		size_t steps = f->changed ? 1 + f->nmade + f->dir_removed : 0;
		if (acm_mfile_restore(f) == 0)
			n += steps;
	}
	return n;
}

size_t acm_mset_changed(const struct acm_mset *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += s->f[i]->changed;
	return n;
}

void acm_mset_free(struct acm_mset *s)
{
	for (size_t i = 0; i < s->n; i++) {
		acm_mfile_free(s->f[i]);
		free(s->f[i]);
	}
	free(s->f);
	s->f = NULL;
	s->n = 0;
}

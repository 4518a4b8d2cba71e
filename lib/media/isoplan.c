/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoplan.c - the tree side of an import; see isoplan.h. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "beneath.h"
#include "buf.h"
#include "exitcodes.h"
#include "isoplan.h"
#include "rangecopy.h"
#include "msg.h"
#include "progress.h"
#include "safepath.h"

void acm_isoplan_init(struct acm_isoplan *p, int destfd, const char *dest, bool force, int disc,
		      const struct acm_manifest *mf, uint64_t *missing, unsigned *conflicts)
{
	memset(p, 0, sizeof(*p));
	p->destfd = destfd;
	p->dest = dest;
	p->force = force;
	p->disc = disc;
	p->mf = mf;
	p->missing = missing;
	p->conflicts = conflicts;
	p->pfd = -1;
}

void acm_isoplan_free(struct acm_isoplan *p)
{
	acm_isoplan_forget(p);
	free(p->blocked_dir);
	p->blocked_dir = NULL;
}

int acm_isoplan_open_dir(int basefd, const char *dir, bool create)
{
	if (!dir[0])
		return dup(basefd);
	int fd = acm_open_beneath(basefd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	struct stat sb;
	/* O_DIRECTORY|O_NOFOLLOW on a symlink says ENOTDIR: call it the link
	 * it is (a stat only, to word the message). */
	if (fd == -ENOTDIR && fstatat(basefd, dir, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode))
		fd = -ELOOP;
	if (fd != -ENOENT || !create)
		return fd;
	char *up = acm_beneath_dir(dir);
	int ufd = up[0] ? acm_open_beneath(basefd, up, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0) : dup(basefd);
	if (ufd == -ENOENT)
		ufd = acm_isoplan_open_dir(basefd, up, true);
	free(up);
	if (ufd < 0)
		return ufd;
	if (mkdirat(ufd, acm_beneath_base(dir), 0755) < 0 && errno != EEXIST) {
		int err = errno;
		close(ufd);
		return -err;
	}
	fd = openat(ufd, acm_beneath_base(dir), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	close(ufd);
	return fd;
}

int acm_isoplan_parent_fd(struct acm_isoplan *c, const char *path, bool create)
{
	char *dir = acm_beneath_dir(path);
	if (c->pdir && !strcmp(c->pdir, dir) && (c->pfd >= 0 || (!create && c->pfd == -ENOENT))) {
		free(dir);
		return c->pfd;
	}
	int fd = acm_isoplan_open_dir(c->destfd, dir, create);
	if (fd < 0) {
		/* Remember a missing directory while planning: a fresh tree
		 * would otherwise cost a failed walk per file. */
		if (c->pfd >= 0)
			close(c->pfd);
		free(c->pdir);
		c->pdir = fd == -ENOENT && !create ? dir : (free(dir), NULL);
		c->pfd = fd == -ENOENT && !create ? -ENOENT : -1;
		return fd;
	}
	if (c->pfd >= 0)
		close(c->pfd);
	free(c->pdir);
	c->pdir = dir;
	c->pfd = fd;
	return fd;
}

void acm_isoplan_forget(struct acm_isoplan *c)
{
	if (c->pfd >= 0)
		close(c->pfd);
	c->pfd = -1;
	free(c->pdir);
	c->pdir = NULL;
}

void acm_isoplan_blocked(struct acm_isoplan *c, const char *path, int err)
{
	char *dir = acm_beneath_dir(path);
	if (c->blocked_dir && !strncmp(dir, c->blocked_dir, strlen(c->blocked_dir))) {
		free(dir);
		return;
	}
	acm_err("'%s/%s': cannot write there: %s in the tree is in the way (%s); remove it and run again",
		c->dest, dir, err == ELOOP ? "a symlink" : "a file", strerror(err));
	free(c->blocked_dir);
	c->blocked_dir = dir;
	(*c->conflicts)++;
}

/* Compare against what the tree holds, without reading file data. */
void acm_isoplan_entry(struct acm_isoplan *c, struct acm_isoent *e)
{
	if (e->plan == ACM_PLAN_SKIP || e->plan == ACM_PLAN_REFUSED)
		return;
	(*c->missing)++; /* taken back below when present */
	if (c->destfd < 0) {
		e->plan = ACM_PLAN_COPY;
		return;
	}
	int pfd = acm_isoplan_parent_fd(c, e->path, false);
	if (pfd == -ENOENT) {
		e->plan = ACM_PLAN_COPY;
		return;
	}
	if (pfd < 0 && c->force && pfd == -ELOOP) {
		/* The directory entry before it replaces the link (--force). */
		e->plan = ACM_PLAN_COPY;
		return;
	}
	if (pfd < 0) {
		e->plan = ACM_PLAN_BLOCKED;
		acm_isoplan_blocked(c, e->path, -pfd);
		return;
	}
	struct stat sb;
	const char *base = acm_beneath_base(e->path);
	if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
		e->plan = ACM_PLAN_COPY;
		return;
	}
	const struct acm_manifest_entry *m = acm_manifest_find(c->mf, e->path);
	int disc = c->disc;
	if (e->type == 'd') {
		if (S_ISDIR(sb.st_mode))
			e->plan = ACM_PLAN_PRESENT;
		else if (c->force && S_ISLNK(sb.st_mode))
			e->plan = ACM_PLAN_REPLACE;
		else {
			e->plan = ACM_PLAN_CONFLICT;
			(*c->conflicts)++;
			acm_err("'%s/%s': the medium has a directory here but the tree has %s; %s", c->dest,
				e->path, S_ISLNK(sb.st_mode) ? "a symlink" : "a file",
				S_ISLNK(sb.st_mode) ? "remove it or use --force to replace it" : "remove it and run again");
		}
	} else if (e->type == 'l') {
		char cur[4096];
		ssize_t n = S_ISLNK(sb.st_mode) ? readlinkat(pfd, base, cur, sizeof(cur) - 1) : -1;
		if (n >= 0) {
			cur[n] = '\0';
			if (!strcmp(cur, e->target)) {
				e->plan = ACM_PLAN_PRESENT;
				goto done;
			}
		}
		if (m && m->disc != disc) {
			e->plan = ACM_PLAN_OTHERDISC;
		} else if (c->force && !S_ISDIR(sb.st_mode)) {
			e->plan = ACM_PLAN_REPLACE;
		} else {
			e->plan = ACM_PLAN_CONFLICT;
			(*c->conflicts)++;
			acm_err("'%s/%s': the tree has a different entry where the medium has a symlink to '%s'; use --force to replace it",
				c->dest, e->path, e->target);
		}
	} else { /* 'f' or 'h' */
		if (!S_ISREG(sb.st_mode)) {
			if (c->force && !S_ISDIR(sb.st_mode)) {
				e->plan = ACM_PLAN_REPLACE;
			} else {
				e->plan = ACM_PLAN_CONFLICT;
				(*c->conflicts)++;
				acm_err("'%s/%s': the tree has %s where the medium has a file; %s", c->dest, e->path,
					S_ISLNK(sb.st_mode) ? "a symlink" : S_ISDIR(sb.st_mode) ? "a directory" : "a special file",
					S_ISDIR(sb.st_mode) ? "remove it and run again" : "remove it or use --force to replace it");
			}
		} else if (m && m->type == 'f' && m->disc != disc) {
			e->plan = ACM_PLAN_OTHERDISC;
		} else if (m && m->type == 'f' && m->size == e->size && m->media_mtime == e->mtime &&
			   acm_manifest_tree_unchanged(&sb, m->size, m->tree_mtime)) {
			/* --force makes the tree equal the medium: compare contents. */
			e->plan = c->force ? ACM_PLAN_COMPARE : ACM_PLAN_PRESENT;
			memcpy(e->sha, m->sha, sizeof(e->sha));
		} else if ((uint64_t)sb.st_size != e->size && !m) {
			/* Not ours and not the same size: a conflict without reading. */
			if (c->force) {
				e->plan = ACM_PLAN_REPLACE;
			} else {
				e->plan = ACM_PLAN_CONFLICT;
				(*c->conflicts)++;
				acm_err("'%s/%s': differs from the medium (%" PRIu64 " bytes in the tree, %" PRIu64
					" on the medium); left alone: use --force to replace it",
					c->dest, e->path, (uint64_t)sb.st_size, e->size);
			}
		} else {
			e->plan = ACM_PLAN_COMPARE;
		}
	}
done:
	if (e->plan == ACM_PLAN_PRESENT || e->plan == ACM_PLAN_OTHERDISC)
		(*c->missing)--;
}

bool acm_isoplan_needs_work(const struct acm_isoent *e)
{
	return e->plan == ACM_PLAN_COPY || e->plan == ACM_PLAN_COMPARE || e->plan == ACM_PLAN_REPLACE;
}

int acm_isoplan_space(const struct acm_isoplan *p, const struct acm_isoscan *c)
{
	/* Where the image's blocks can be shared with the tree, a file costs
	 * its last partial block, not its size. */
	bool clones = !c->is_dir && acm_rangecopy_can_clone(c->media, p->destfd);
	uint64_t need = 0;
	for (size_t i = 0; i < c->n; i++)
		if ((c->e[i].type == 'f' || c->e[i].type == 'h') && acm_isoplan_needs_work(&c->e[i]))
			need += (clones ? 0 : c->e[i].size) + 4096;
	struct statvfs sv;
	if (fstatvfs(p->destfd, &sv) < 0)
		return 0;
	uint64_t have = (uint64_t)sv.f_bavail * sv.f_frsize;
	if (need > have) {
		char n1[32], n2[32];
		acm_format_bytes(n1, sizeof(n1), need);
		acm_format_bytes(n2, sizeof(n2), have);
		acm_err("'%s': not enough space: the import needs %s more, the file system has %s free; free some space or choose another --path",
			p->dest, n1, n2);
		return ACM_EX_IOERR;
	}
	return 0;
}

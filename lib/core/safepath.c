/* safepath.c - confine untrusted relative names under a root directory. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "safepath.h"

struct comps {
	char **v;
	size_t n, cap;
};

static void comps_push(struct comps *c, const char *s, size_t len)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = acm_xrealloc(c->v, c->cap * sizeof(char *));
	}
	c->v[c->n] = acm_xmalloc(len + 1);
	memcpy(c->v[c->n], s, len);
	c->v[c->n][len] = '\0';
	c->n++;
}

static void comps_free(struct comps *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* Split on '/', dropping empty and "." components. */
static void split(struct comps *c, const char *s)
{
	while (*s) {
		const char *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len && !(len == 1 && s[0] == '.'))
			comps_push(c, s, len);
		s += len;
		if (*s == '/')
			s++;
	}
}

int acm_path_clean_rel(const char *name, char **clean)
{
	struct comps c = { 0 };
	struct acm_buf b = ACM_BUF_INIT;

	if (!name || !*name || name[0] == '/')
		return -EINVAL;
	split(&c, name);
	if (c.n == 0) {
		comps_free(&c);
		return -EINVAL;
	}
	for (size_t i = 0; i < c.n; i++) {
		if (strcmp(c.v[i], "..") == 0) {
			comps_free(&c);
			acm_buf_free(&b);
			return -EINVAL;
		}
		if (i)
			acm_buf_addc(&b, '/');
		acm_buf_adds(&b, c.v[i]);
	}
	comps_free(&c);
	if (clean)
		*clean = acm_buf_steal(&b);
	else
		acm_buf_free(&b);
	return 0;
}

static char *joined(const char *root, const struct comps *st, size_t n)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_adds(&b, root);
	for (size_t i = 0; i < n; i++) {
		if (b.len == 0 || b.data[b.len - 1] != '/')
			acm_buf_addc(&b, '/');
		acm_buf_adds(&b, st->v[i]);
	}
	return acm_buf_steal(&b);
}

int acm_path_join_under(const char *root, const char *name, char **out)
{
	struct comps stack = { 0 }, pending = { 0 };
	char *clean = NULL;
	int rc, links = 0;

	rc = acm_path_clean_rel(name, &clean);
	if (rc)
		return rc;
	/* pending is kept reversed: the next component is at the end. */
	{
		struct comps fwd = { 0 };
		split(&fwd, clean);
		for (size_t i = fwd.n; i-- > 0;)
			comps_push(&pending, fwd.v[i], strlen(fwd.v[i]));
		comps_free(&fwd);
	}
	free(clean);

	while (pending.n) {
		char *comp = pending.v[--pending.n];
		struct stat st;
		char *p;

		if (strcmp(comp, "..") == 0) {
			/* only reachable through a symlink's target */
			free(comp);
			if (stack.n == 0) {
				rc = -ELOOP;
				goto out;
			}
			free(stack.v[--stack.n]);
			continue;
		}
		comps_push(&stack, comp, strlen(comp));
		free(comp);
		p = joined(root, &stack, stack.n);
		if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t len = readlink(p, target, sizeof(target) - 1);
			free(p);
			if (len < 0) {
				rc = -errno;
				goto out;
			}
			target[len] = '\0';
			if (target[0] == '/' || ++links > 40) {
				rc = -ELOOP;
				goto out;
			}
			/* The link is replaced by its target, resolved from its directory. */
			free(stack.v[--stack.n]);
			struct comps t = { 0 };
			split(&t, target);
			for (size_t i = t.n; i-- > 0;)
				comps_push(&pending, t.v[i], strlen(t.v[i]));
			comps_free(&t);
			continue;
		}
		free(p);
	}
	*out = joined(root, &stack, stack.n);
	rc = 0;
out:
	comps_free(&stack);
	comps_free(&pending);
	return rc;
}

int acm_open_beneath(int rootfd, const char *name, int flags, mode_t mode)
{
	struct comps c = { 0 };
	char *clean = NULL;
	int dirfd, fd, rc;

	rc = acm_path_clean_rel(name, &clean);
	if (rc)
		return rc;
	split(&c, clean);
	free(clean);
	dirfd = dup(rootfd);
	if (dirfd < 0) {
		rc = -errno;
		goto out;
	}
	for (size_t i = 0; i + 1 < c.n; i++) {
		int next = openat(dirfd, c.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && errno == ENOENT && (flags & O_CREAT)) {
			if (mkdirat(dirfd, c.v[i], 0755) != 0 && errno != EEXIST) {
				rc = -errno;
				close(dirfd);
				goto out;
			}
			next = openat(dirfd, c.v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (next < 0) {
			/* a symlink where a directory should be reads as ENOTDIR with
			 * O_DIRECTORY|O_NOFOLLOW: report it as the link it is */
			struct stat st;
			rc = -errno;
			if (fstatat(dirfd, c.v[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				rc = -ELOOP;
			close(dirfd);
			goto out;
		}
		close(dirfd);
		dirfd = next;
	}
	fd = openat(dirfd, c.v[c.n - 1], flags | O_NOFOLLOW | O_CLOEXEC, mode);
	rc = fd < 0 ? -errno : fd;
	close(dirfd);
out:
	comps_free(&c);
	return rc;
}

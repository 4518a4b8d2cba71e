/* SPDX-License-Identifier: GPL-2.0-or-later */
/* confine.c - untrusted names and links kept inside their tree (confine.h). */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "confine.h"
#include "strmap.h"

#define MAX_HOPS 40   /* the kernel's MAXSYMLINKS */

static char *xstrndup(const char *s, size_t n)
{
	return acm_xasprintf("%.*s", (int)n, s);
}

const char *acm_confine_why(int v)
{
	switch (v) {
	case ACM_CONFINE_OK: return "accepted";
	case ACM_CONFINE_EMPTY: return "empty name";
	case ACM_CONFINE_ABSOLUTE: return "absolute path";
	case ACM_CONFINE_DOTDOT: return "'..' in the path";
	case ACM_CONFINE_CONTROL: return "control character in the name";
	case ACM_CONFINE_TOO_LONG: return "name too long";
	case ACM_CONFINE_LINK_ABSOLUTE: return "symbolic link with an absolute target";
	case ACM_CONFINE_LINK_ESCAPES: return "symbolic link pointing outside the tree";
	case ACM_CONFINE_LINK_UNKNOWN: return "symbolic link climbing '..' out of a name that is not a directory of the tree";
	case ACM_CONFINE_LOOP: return "symbolic link loop (more than 40 links)";
	case ACM_CONFINE_THROUGH_LINK: return "path runs through a symbolic link of the tree";
	case ACM_CONFINE_NOT_DIR: return "path runs through a file of the tree";
	case ACM_CONFINE_REDEFINED: return "the path is already another kind of entry";
	case ACM_CONFINE_HARDLINK: return "hard link to a name that is not a file of the tree";
	case ACM_CONFINE_DISK_CONFLICT: return "symbolic link runs through a name that differs on disk";
	case ACM_CONFINE_SETID: return "set-user/group-id bit";
	case ACM_CONFINE_BLOCKDEV: return "block device node";
	case ACM_CONFINE_CHARDEV: return "character device node";
	case ACM_CONFINE_FIFO: return "named pipe";
	case ACM_CONFINE_SOCKET: return "socket";
	case ACM_CONFINE_SPECIAL: return "not a file, directory or symlink";
	}
	return "refused";
}

/* ---- the name rule ---------------------------------------------------------- */

int acm_confine_name(const char *name, unsigned flags, char **clean)
{
	if (clean)
		*clean = NULL;
	if (!name || !*name)
		return ACM_CONFINE_EMPTY;
	if (name[0] == '/')
		return ACM_CONFINE_ABSOLUTE;
	struct acm_buf b = ACM_BUF_INIT;
	int v = 0;
	for (const char *p = name; *p && !v;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			v = ACM_CONFINE_DOTDOT;
		} else if (n > NAME_MAX) {
			v = ACM_CONFINE_TOO_LONG;
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (flags & ACM_CONFINE_NO_CONTROL)
				for (size_t i = 0; i < n; i++)
					if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
						v = ACM_CONFINE_CONTROL;
			if (b.len)
				acm_buf_addc(&b, '/');
			acm_buf_add(&b, p, n);
		}
		p += n;
		while (*p == '/')
			p++;
	}
	if (!v && b.len >= PATH_MAX)
		v = ACM_CONFINE_TOO_LONG;
	if (!v && !b.len && !(flags & ACM_CONFINE_ALLOW_TOP))
		v = ACM_CONFINE_EMPTY;
	if (v || !clean) {
		acm_buf_free(&b);
		return v;
	}
	*clean = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	return 0;
}

/* ---- the kind rule -------------------------------------------------------- */

int acm_confine_mode(unsigned mode, unsigned flags, enum acm_confine_kind *kind)
{
	switch (mode & S_IFMT) {
	case S_IFREG: *kind = ACM_CONFINE_FILE; break;
	case S_IFDIR: *kind = ACM_CONFINE_DIR; break;
	case S_IFLNK: *kind = ACM_CONFINE_SYMLINK; break;
	case S_IFBLK: return ACM_CONFINE_BLOCKDEV;
	case S_IFCHR: return ACM_CONFINE_CHARDEV;
	case S_IFIFO: return ACM_CONFINE_FIFO;
	case S_IFSOCK: return ACM_CONFINE_SOCKET;
	default: return ACM_CONFINE_SPECIAL;
	}
	/* On a directory the bits grant nothing (set-gid only picks the group of
	 * new entries, and every extractor here writes modes within 0755): real
	 * upstream tarballs carry them (libvterm, pkgconf), so they are dropped. */
	if ((mode & (S_ISUID | S_ISGID)) && *kind != ACM_CONFINE_DIR && !(flags & ACM_CONFINE_DROP_SETID))
		return ACM_CONFINE_SETID;
	return 0;
}

/* ---- the tree model ---------------------------------------------------------- */

/* A name of the tree: its kind and, for a symlink, its target. The names
 * themselves are the keys of the one string map (strmap.h). */
struct node {
	enum acm_confine_kind kind;   /* DIR, FILE or SYMLINK */
	char *target;
};

struct acm_confine {
	int rootfd;
	struct acm_strmap names;   /* path -> index into v */
	struct node *v;
	size_t n, cap;
	/* the link being judged, seen by the walk before it is accepted */
	const char *cand_path, *cand_target;
};

static struct node *get(const struct acm_confine *t, const char *path)
{
	size_t i;
	return acm_strmap_get(&t->names, path, &i) ? &t->v[i] : NULL;
}

static void put(struct acm_confine *t, const char *path, enum acm_confine_kind kind, const char *target)
{
	struct node *s = get(t, path);
	if (!s) {
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->v = acm_xrealloc(t->v, t->cap * sizeof(*t->v));
		}
		acm_strmap_put(&t->names, path, t->n);
		s = &t->v[t->n++];
	} else {
		free(s->target);
	}
	s->kind = kind;
	s->target = target ? acm_xstrdup(target) : NULL;
}

struct acm_confine *acm_confine_new(int rootfd)
{
	struct acm_confine *t = acm_xcalloc(1, sizeof(*t));
	t->rootfd = rootfd;
	return t;
}

void acm_confine_free(struct acm_confine *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].target);
	free(t->v);
	acm_strmap_free(&t->names);
	free(t);
}

/* What a name is, in the model and on disk: 0 none, else a kind. *target
 * (malloc'd) for symlinks. Where both know the name and disagree, the walk
 * cannot tell which the kernel will meet: refuse. */
static int look(const struct acm_confine *t, const char *path, int *kind, char **target)
{
	*kind = 0;
	*target = NULL;
	int mk = 0;
	const char *mt = NULL;
	if (t->cand_path && !strcmp(t->cand_path, path)) {
		mk = ACM_CONFINE_SYMLINK;
		mt = t->cand_target;
	} else {
		const struct node *n = get(t, path);
		if (n) {
			mk = n->kind;
			mt = n->target;
		}
	}
	int dk = 0;
	char *dt = NULL;
	struct stat st;
	if (t->rootfd >= 0 && fstatat(t->rootfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		dk = S_ISDIR(st.st_mode) ? ACM_CONFINE_DIR : S_ISLNK(st.st_mode) ? ACM_CONFINE_SYMLINK
								      : ACM_CONFINE_FILE;
		if (dk == ACM_CONFINE_SYMLINK) {
			char buf[PATH_MAX];
			ssize_t l = readlinkat(t->rootfd, path, buf, sizeof(buf) - 1);
			if (l < 0)
				return ACM_CONFINE_DISK_CONFLICT;
			dt = xstrndup(buf, (size_t)l);
		}
	}
	if (mk && dk && (mk != dk || (mk == ACM_CONFINE_SYMLINK && strcmp(mt, dt)))) {
		free(dt);
		return ACM_CONFINE_DISK_CONFLICT;
	}
	if (mk) {
		free(dt);
		*kind = mk;
		*target = mt ? acm_xstrdup(mt) : NULL;
	} else {
		*kind = dk;
		*target = dt;
	}
	return 0;
}

static void pop(struct acm_buf *cur)
{
	char *s = cur->len ? strrchr(cur->data, '/') : NULL;
	cur->len = s ? (size_t)(s - cur->data) : 0;
	if (cur->data)
		cur->data[cur->len] = '\0';
}

/* Walk rest from the directory dir (clean, "" for the top) as the kernel
 * would; *out (malloc'd) gets where it ends. Returns 0 or a verdict. */
static int walk(const struct acm_confine *t, const char *dir, const char *rest, char **out)
{
	struct acm_buf cur = ACM_BUF_INIT;
	acm_buf_adds(&cur, dir);
	char *pend = acm_xstrdup(rest);
	size_t pos = 0;
	int hops = 0, v = 0;
	bool missing = false;   /* past a name that is no directory: only names may follow */
	for (;;) {
		while (pend[pos] == '/')
			pos++;
		if (!pend[pos])
			break;
		const char *comp = pend + pos;
		size_t len = strcspn(comp, "/");
		pos += len;
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			if (missing) {
				v = ACM_CONFINE_LINK_UNKNOWN;
				break;
			}
			if (!cur.len) {
				v = ACM_CONFINE_LINK_ESCAPES;
				break;
			}
			pop(&cur);
			continue;
		}
		if (cur.len)
			acm_buf_addc(&cur, '/');
		acm_buf_add(&cur, comp, len);
		if (cur.len >= PATH_MAX) {
			v = ACM_CONFINE_TOO_LONG;
			break;
		}
		if (missing)
			continue;
		int kind;
		char *target;
		if ((v = look(t, cur.data, &kind, &target)))
			break;
		if (kind == ACM_CONFINE_SYMLINK && target && *target) {
			if (++hops > MAX_HOPS)
				v = ACM_CONFINE_LOOP;
			else if (target[0] == '/')
				v = ACM_CONFINE_LINK_ABSOLUTE;
			if (v) {
				free(target);
				break;
			}
			pop(&cur);
			char *np = acm_xasprintf("%s/%s", target, pend + pos);
			if (strlen(np) >= PATH_MAX) {   /* what is left to walk: bounded work */
				free(np);
				free(target);
				v = ACM_CONFINE_TOO_LONG;
				break;
			}
			free(pend);
			pend = np;
			pos = 0;
		} else if (kind != ACM_CONFINE_DIR) {
			missing = true;   /* absent, a file or an empty link: ENOENT/ENOTDIR */
		}
		free(target);
	}
	free(pend);
	if (v || !out)
		acm_buf_free(&cur);
	else
		*out = cur.data ? acm_buf_steal(&cur) : acm_xstrdup("");
	return v;
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? xstrndup(path, (size_t)(s - path)) : acm_xstrdup("");
}

int acm_confine_add(struct acm_confine *t, const char *path, enum acm_confine_kind kind,
		    const char *target)
{
	char *clean;
	int v = acm_confine_name(path, 0, &clean);
	if (v)
		return v;
	/* its directories: directories of the tree, or implied */
	for (char *s = strchr(clean, '/'); s && !v; s = strchr(s + 1, '/')) {
		*s = '\0';
		const struct node *n = get(t, clean);
		if (n && n->kind == ACM_CONFINE_SYMLINK)
			v = ACM_CONFINE_THROUGH_LINK;
		else if (n && n->kind != ACM_CONFINE_DIR)
			v = ACM_CONFINE_NOT_DIR;
		*s = '/';
	}
	for (char *s = strchr(clean, '/'); s && !v; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (!get(t, clean))
			put(t, clean, ACM_CONFINE_DIR, NULL);
		*s = '/';
	}
	const struct node *old = v ? NULL : get(t, clean);
	enum acm_confine_kind k = kind == ACM_CONFINE_HARDLINK_TO ? ACM_CONFINE_FILE : kind;
	if (old && (old->kind != k || (k == ACM_CONFINE_SYMLINK && strcmp(old->target, target ? target : ""))))
		v = ACM_CONFINE_REDEFINED;
	if (!v && kind == ACM_CONFINE_HARDLINK_TO) {
		char *tc;
		const struct node *n = NULL;
		if (acm_confine_name(target, 0, &tc) == 0) {
			n = get(t, tc);
			free(tc);
		}
		if (!n || n->kind != ACM_CONFINE_FILE)
			v = ACM_CONFINE_HARDLINK;
	}
	if (!v && kind == ACM_CONFINE_SYMLINK) {
		if (!target || !*target)
			v = ACM_CONFINE_EMPTY;
		else if (target[0] == '/')
			v = ACM_CONFINE_LINK_ABSOLUTE;
		else if (strlen(target) >= PATH_MAX)
			v = ACM_CONFINE_TOO_LONG;
		if (!v && !old) {
			/* judge the link as if it were there: a loop through
			 * itself is found the way the kernel finds it */
			struct acm_confine *m = t;
			char *dir = dir_of(clean);
			const char *base = strrchr(clean, '/') ? strrchr(clean, '/') + 1 : clean;
			m->cand_path = clean;
			m->cand_target = target;
			v = walk(m, dir, base, NULL);
			m->cand_path = m->cand_target = NULL;
			free(dir);
		}
	}
	if (!v && !old)
		put(t, clean, k, k == ACM_CONFINE_SYMLINK ? target : NULL);
	free(clean);
	return v;
}

void acm_confine_add_links(struct acm_confine *t, size_t n, const char *const *paths,
			   const char *const *targets, int *verdict)
{
	for (size_t i = 0; i < n; i++)
		verdict[i] = -1;   /* not tried */
	bool progress = true;
	/* a few rounds settle any real tree; a crafted chain that needs one
	 * round per link is refused rather than costing n^2 walks */
	for (int round = 0; progress && round < 16; round++) {
		progress = false;
		for (size_t i = 0; i < n; i++) {
			/* only a name that was not there yet can change a verdict */
			if (verdict[i] >= 0 && verdict[i] != ACM_CONFINE_LINK_UNKNOWN)
				continue;
			verdict[i] = acm_confine_add(t, paths[i], ACM_CONFINE_SYMLINK, targets[i]);
			if (verdict[i] == 0)
				progress = true;
		}
	}
}

int acm_confine_within(struct acm_confine *t, const char *top, const char **bad)
{
	size_t tl = strlen(top);
	*bad = NULL;
	for (size_t i = 0; i < t->names.cap; i++) {
		const char *path = t->names.key[i];
		const struct node *n = path ? &t->v[t->names.val[i]] : NULL;
		if (!n || n->kind != ACM_CONFINE_SYMLINK || strncmp(path, top, tl) || path[tl] != '/')
			continue;
		char *dir = dir_of(path), *end = NULL;
		int v = walk(t, dir, n->target, &end);
		free(dir);
		if (!v && (strncmp(end, top, tl) || (end[tl] && end[tl] != '/')))
			v = ACM_CONFINE_LINK_ESCAPES;
		free(end);
		if (v) {
			*bad = path;
			return v;
		}
	}
	return 0;
}

char *acm_confine_resolve(struct acm_confine *t, const char *path, int *verdict)
{
	char *clean, *out = NULL;
	int v = acm_confine_name(path, ACM_CONFINE_ALLOW_TOP, &clean);
	if (!v)
		v = walk(t, "", clean, &out);
	free(clean);
	*verdict = v;
	return v ? NULL : out;
}

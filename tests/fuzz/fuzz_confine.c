/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_confine.c - the confinement rules, checked on a real disk: lines of
 * entries ("d path", "f path", "l path<TAB>target", "h path<TAB>target"; "n"
 * starts the next disc, judged against what the earlier ones left on disk)
 * go through acm_confine_add(); whatever it accepts is created in a scratch
 * directory the way the tools write (beneath a directory fd, never following
 * a link). Then every symlink on disk must resolve, if it resolves at all,
 * inside the scratch directory (realpath prefix check), and every accepted
 * name must be relative and free of "..". */
#define _GNU_SOURCE 1
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "confine.h"
#include "safepath.h"
#include "fuzztree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[PATH_MAX], real_root[PATH_MAX];   /* real_root: this input's tree */

/* The directory holding path's last component, beneath rfd, made as needed
 * with mkdirat and never through a link; -1 when something is in the way. */
static int parent_beneath(int rfd, const char *path, const char **base)
{
	int fd = dup(rfd);
	const char *p = path;
	for (const char *s; fd >= 0 && (s = strchr(p, '/'));) {
		char comp[NAME_MAX + 1];
		snprintf(comp, sizeof(comp), "%.*s", (int)(s - p), p);
		int sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0 && errno == ENOENT && mkdirat(fd, comp, 0755) == 0)
			sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = sub;
		p = s + 1;
	}
	*base = p;
	return fd;
}

static void create(int rfd, const char *path, int kind, const char *target)
{
	const char *base;
	int pfd = parent_beneath(rfd, path, &base);
	if (pfd < 0)
		return;
	if (kind == ACM_CONFINE_DIR) {
		mkdirat(pfd, base, 0755);
	} else if (kind == ACM_CONFINE_FILE) {
		int fd = openat(pfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0)
			close(fd);
	} else if (kind == ACM_CONFINE_SYMLINK) {
		symlinkat(target, pfd, base);
	} else {
		char *tc;
		if (acm_confine_name(target, 0, &tc) == 0) {
			const char *tbase;
			int tfd = parent_beneath(rfd, tc, &tbase);
			if (tfd >= 0) {
				linkat(tfd, tbase, pfd, base, 0);
				close(tfd);
			}
			free(tc);
		}
	}
	close(pfd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0]) {
		snprintf(root, sizeof(root), "%s/fuzz_confine.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(root))
			abort();
	}
	char *in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	/* the scratch tree holds only this input's entries */
	char *tree = NULL;
	if (asprintf(&tree, "%s/t", root) < 0 || mkdir(tree, 0755) < 0)
		abort();
	int rfd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfd < 0 || !realpath(tree, real_root))
		abort();
	struct acm_confine *t = acm_confine_new(rfd);
	unsigned entries = 0;
	for (char *line = in, *next; line && entries < 64; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == 'n') {
			acm_confine_free(t);
			t = acm_confine_new(rfd);
			continue;
		}
		int kind = line[0] == 'd' ? ACM_CONFINE_DIR : line[0] == 'f' ? ACM_CONFINE_FILE
			 : line[0] == 'l' ? ACM_CONFINE_SYMLINK : line[0] == 'h' ? ACM_CONFINE_HARDLINK_TO : 0;
		if (!kind || line[1] != ' ')
			continue;
		entries++;
		char *path = line + 2, *target = strchr(path, '\t');
		if (target)
			*target++ = '\0';
		char *clean = NULL;
		if (acm_confine_name(path, 0, &clean) == 0) {
			if (!clean[0] || clean[0] == '/' || !strcmp(clean, "..") || !strncmp(clean, "../", 3) ||
			    strstr(clean, "/../") || strstr(clean, "//") ||
			    (strlen(clean) >= 3 && !strcmp(clean + strlen(clean) - 3, "/..")))
				abort();
		}
		if (acm_confine_add(t, path, kind, target ? target : "") == 0)
			create(rfd, clean, kind, target ? target : "");
		free(clean);
	}
	acm_confine_free(t);
	close(rfd);
	fuzztree_check_links(tree, real_root);
	fuzztree_remove(tree);
	free(tree);
	free(in);
	return 0;
}

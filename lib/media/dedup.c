/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dedup.c - the root's files by content; see dedup.h.
 *
 * The manifests are trusted as a re-import trusts its own: a file whose
 * size and mtime are still those recorded holds the recorded content. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "beneath.h"
#include "buf.h"
#include "dedup.h"
#include "fileio.h"
#include "import.h"
#include "isoplan.h"
#include "manifest.h"

static void add_tree(struct acm_dedup *d, int dirfd, const char *rel)
{
	struct acm_manifest m;
	acm_manifest_init(&m, dirfd, rel);
	if (acm_manifest_load(&m) == 0 && m.n) {
		d->trees = acm_xgrow(d->trees, &d->tcap, d->ntrees, sizeof(char *), 16);
		size_t t = d->ntrees++;
		d->trees[t] = acm_xstrdup(rel);
		for (size_t i = 0; i < m.n; i++) {
			const struct acm_manifest_entry *e = &m.e[i];
			if (e->type != 'f' || !e->size || !acm_manifest_hashed(e->sha))
				continue;
			char key[96];
			snprintf(key, sizeof(key), "%s %" PRIu64, e->sha, e->size);
			size_t had;
			if (acm_strmap_get(&d->bysha, key, &had))
				continue;
			d->f = acm_xgrow(d->f, &d->cap, d->n, sizeof(*d->f), 1024);
			d->f[d->n] = (struct acm_dedup_file){ e->size, e->tree_mtime, t, acm_xstrdup(e->path) };
			acm_strmap_put(&d->bysha, key, d->n++);
			snprintf(key, sizeof(key), "%" PRIu64, e->size);
			acm_strmap_put(&d->sizes, key, 0);
		}
	}
	acm_manifest_free(&m);
}

/* Subdirectories of rel (beneath the root), each given to fn. */
static void each_dir(struct acm_dedup *d, const char *rel, dev_t dev, int depth)
{
	int fd = rel[0] ? acm_isoplan_open_dir(d->rootfd, rel, false) : dup(d->rootfd);
	if (fd < 0)
		return;
	struct stat sb;
	if (fstat(fd, &sb) < 0 || sb.st_dev != dev) {
		close(fd);
		return; /* another filesystem: nothing there can be shared */
	}
	if (rel[0] && faccessat(fd, ACM_IMPORT_MANIFEST, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		add_tree(d, fd, rel);
	/* ROOT/OSVER/ARCH, and ROOT/OSVER/ARCH/N for per-disc sets. */
	if (depth < 3) {
		DIR *dir = acm_opendir_fd(fd);
		struct dirent *de;
		while (dir && (de = readdir(dir))) {
			if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
				continue;
			char *sub = rel[0] ? acm_xasprintf("%s/%s", rel, de->d_name) : acm_xstrdup(de->d_name);
			each_dir(d, sub, dev, depth + 1);
			free(sub);
		}
		if (dir)
			closedir(dir);
	}
	close(fd);
}

bool acm_dedup_load(struct acm_dedup *d, const char *root, dev_t dev)
{
	memset(d, 0, sizeof(*d));
	d->rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->rootfd < 0)
		return false;
	each_dir(d, "", dev, 0);
	return true;
}

void acm_dedup_free(struct acm_dedup *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->f[i].path);
	free(d->f);
	acm_strv_free(d->trees, d->ntrees);
	acm_strmap_free(&d->bysha);
	acm_strmap_free(&d->sizes);
	if (d->rootfd >= 0)
		close(d->rootfd);
	memset(d, 0, sizeof(*d));
	d->rootfd = -1;
}

bool acm_dedup_has_size(const struct acm_dedup *d, uint64_t size)
{
	char key[32];
	size_t v;
	snprintf(key, sizeof(key), "%" PRIu64, size);
	return d->n && acm_strmap_get(&d->sizes, key, &v);
}

int acm_dedup_open(const struct acm_dedup *d, const char *sha, uint64_t size, int *pfd, const char **base,
		   struct stat *sb)
{
	char key[96];
	size_t i;
	*pfd = -1;
	snprintf(key, sizeof(key), "%s %" PRIu64, sha, size);
	if (!acm_strmap_get(&d->bysha, key, &i))
		return -1;
	const struct acm_dedup_file *f = &d->f[i];
	char *dir = acm_beneath_dir(f->path);
	char *rel = dir[0] ? acm_xasprintf("%s/%s", d->trees[f->tree], dir) : acm_xstrdup(d->trees[f->tree]);
	free(dir);
	int dfd = acm_isoplan_open_dir(d->rootfd, rel, false);
	free(rel);
	if (dfd < 0)
		return -1;
	*base = acm_beneath_base(f->path);
	int fd = acm_beneath_input(dfd, *base);
	if (fd < 0 || fstat(fd, sb) < 0 || !acm_manifest_tree_unchanged(sb, f->size, f->tree_mtime)) {
		if (fd >= 0)
			close(fd);
		close(dfd);
		return -1;
	}
	*pfd = dfd;
	return fd;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_source.c - libFuzzer target: any bytes as a SOURCE tarball; open,
 * walk (reading every file), then extract with a small budget into a
 * scratch directory. Semantic checks, not only "no crash": after an
 * extraction that succeeded, the destination holds only the extracted top,
 * and every symlink in it resolves (if at all) inside that top (realpath
 * prefix check); after one that failed, nothing is left behind. */
#define _GNU_SOURCE 1
#include "config.h"
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "source.h"
#include "specdetect.h"
#include "fuzztree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[PATH_MAX], real_top[PATH_MAX];

static size_t entries_in(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	for (struct dirent *de; d && (de = readdir(d));)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root[0]) {
		snprintf(root, sizeof(root), "%s/fuzz_source.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(root))
			abort();
	}
	int fd = memfd_create("fuzz-1.0.tar", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* small enough that a bomb costs nothing, large enough for real seeds */
	struct acm_source_budget budget = { 16u << 20, 4u << 20, 2000 };
	struct acm_source_opts opts = { .budget = &budget };
	struct acm_source *s;
	if (acm_source_open(&s, path, &opts) == 0) {
		struct acm_detect d = { 0 };
		(void)acm_detect_scan(s, &d);
		acm_detect_free(&d);
		char *dest = NULL, *top = NULL;
		if (asprintf(&dest, "%s/x", root) < 0)
			abort();
		if (acm_source_extract(s, dest, &top) == 0) {
			if (!realpath(top, real_top) || entries_in(dest) != 1)
				abort();
			fuzztree_check_links(dest, real_top);
		} else if (entries_in(dest) != 0) {
			abort();   /* a failed extraction leaves nothing */
		}
		fuzztree_remove(dest);
		free(top);
		free(dest);
		acm_source_close(s);
	}
	close(fd);
	return 0;
}

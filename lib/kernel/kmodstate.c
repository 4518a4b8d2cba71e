/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodstate.c - the inputs of a kmod build, for "nothing to do" (see
 * kmodstate.h; the state file itself is pkgbuild's). */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "kmodstate.h"

static void add_stat(struct acm_buf *b, const char *dir, const char *rel)
{
	char *p = acm_xasprintf("%s/%s", dir, rel);
	struct stat st;

	if (stat(p, &st) == 0)
		acm_buf_addf(b, "%s %lld %lld.%09ld\n", rel, (long long)st.st_size,
			     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	else
		acm_buf_addf(b, "%s missing\n", rel);
	free(p);
}

char *acm_kmod_state_signature(const char *spec_text, const char *tarball, const char *stage,
			       const struct acm_ktree *kt, size_t nk)
{
	struct acm_buf b = ACM_BUF_INIT;
	uint64_t h = 0xcbf29ce484222325ULL, size = 0;
	unsigned char buf[1 << 16];
	ssize_t r;
	int fd = open(tarball, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	while ((r = read(fd, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			h ^= buf[i];
			h *= 0x100000001b3ULL;
		}
		size += (uint64_t)r;
	}
	close(fd);
	if (r < 0)
		return NULL;
	acm_buf_addf(&b, "stage %s\ntarball %llu %016llx\n", stage, (unsigned long long)size,
		     (unsigned long long)h);
	for (size_t k = 0; k < nk; k++) {
		acm_buf_addf(&b, "kernel %s %s\n", kt[k].kver, kt[k].dir);
		add_stat(&b, kt[k].dir, "Module.symvers");
		add_stat(&b, kt[k].dir, "include/generated/utsrelease.h");
	}
	acm_buf_adds(&b, "spec\n");
	acm_buf_adds(&b, spec_text);
	/* the separator below must not be a line of the signature itself */
	for (char *p = b.data; (p = strstr(p, "\n--\n")); p++)
		p[1] = '=';
	return acm_buf_steal(&b);
}

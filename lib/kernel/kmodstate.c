/* kmodstate.c - the inputs of the last build, for "nothing to do" (see
 * kmodstate.h). The state is one file, workdir/last-build: the signature,
 * a line "--", then the packages, one path a line. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "kmodstate.h"
#include "msg.h"

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

static char *state_path(const char *workdir)
{
	return acm_xasprintf("%s/last-build", workdir);
}

int acm_kmod_state_current(const char *workdir, const char *sig, char ***rpms, size_t *n)
{
	char *path = state_path(workdir), *text = NULL, *list, *save = NULL;
	size_t len = 0;
	char **v = NULL;
	size_t nv = 0;
	int ok = 0;

	*rpms = NULL;
	*n = 0;
	if (acm_read_file(path, &text, &len, 64u << 20) < 0)
		goto out;
	list = strstr(text, "\n--\n");
	if (!list || (size_t)(list + 1 - text) != strlen(sig) ||
	    memcmp(text, sig, strlen(sig)) != 0)
		goto out;
	ok = 1;
	for (char *l = strtok_r(list + 4, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!acm_exists(l)) {
			ok = 0;
			break;
		}
		v = acm_xrealloc(v, (nv + 2) * sizeof *v);
		v[nv++] = acm_xstrdup(l);
		v[nv] = NULL;
	}
	if (!nv)
		ok = 0;
out:
	if (!ok) {
		for (size_t i = 0; i < nv; i++)
			free(v[i]);
		free(v);
	} else {
		*rpms = v;
		*n = nv;
	}
	free(text);
	free(path);
	return ok;
}

void acm_kmod_state_forget(const char *workdir)
{
	char *path = state_path(workdir);

	unlink(path);
	free(path);
}

int acm_kmod_state_save(const char *workdir, const char *sig, char *const *rpms, size_t n)
{
	struct acm_buf b = ACM_BUF_INIT;
	char *path = state_path(workdir);
	int rc;

	acm_buf_adds(&b, sig);
	if (b.len && b.data[b.len - 1] != '\n')
		acm_buf_addc(&b, '\n');
	acm_buf_adds(&b, "--\n");
	for (size_t i = 0; i < n; i++)
		acm_buf_addf(&b, "%s\n", rpms[i]);
	rc = acm_write_file_atomic(path, b.data, b.len, 0644);
	acm_buf_free(&b);
	free(path);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodkernel.c - find and check a kernel build tree (see kmodkernel.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "kmodkernel.h"
#include "kmodspec.h"
#include "msg.h"
#include "spectext.h"

static bool valid_kver(const char *s, size_t n)
{
	if (!n || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._+-~", s[i]))
			return false;
	return true;
}

char *acm_ktree_parse_utsrelease(const char *text)
{
	const char *p = strstr(text, "UTS_RELEASE");

	while (p) {
		const char *q = p + strlen("UTS_RELEASE");

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '"') {
			const char *e = strchr(q + 1, '"');

			if (e && valid_kver(q + 1, (size_t)(e - q - 1)))
				return acm_xasprintf("%.*s", (int)(e - q - 1), q + 1);
			return NULL;
		}
		p = strstr(q, "UTS_RELEASE");
	}
	return NULL;
}

char *acm_ktree_release(const char *dir)
{
	char *path = acm_xasprintf("%s/include/generated/utsrelease.h", dir);
	char *text = NULL, *rel = NULL;

	if (acm_read_file(path, &text, NULL, 65536) == 0)
		rel = acm_ktree_parse_utsrelease(text);
	free(text);
	free(path);
	if (rel)
		return rel;
	path = acm_xasprintf("%s/include/config/kernel.release", dir);
	text = NULL;
	if (acm_read_file(path, &text, NULL, 4096) == 0) {
		size_t n = strcspn(text, "\r\n");

		if (valid_kver(text, n))
			rel = acm_xasprintf("%.*s", (int)n, text);
	}
	free(text);
	free(path);
	return rel;
}

static char *absolute(const char *p)
{
	char buf[PATH_MAX];

	if (realpath(p, buf))
		return acm_xstrdup(buf);
	return acm_xstrdup(p);
}

int acm_ktree_resolve(const char *arg, const char *root, struct acm_ktree *kt)
{
	struct utsname u;
	char *dir = NULL, *kver = NULL;
	const char *r = root && *root ? root : "";

	memset(kt, 0, sizeof *kt);
	if (!arg) {
		if (uname(&u) < 0) {
			acm_err("cannot tell the running kernel (uname: %s); give --kernel", strerror(errno));
			return ACM_EX_NOINPUT;
		}
		arg = u.release;
		acm_verbose("no --kernel given: building for the running kernel %s", arg);
	}
	kt->arg = acm_xstrdup(arg);
	if (!*arg) {
		acm_err("'': an empty --kernel; give a kernel release (uname -r) or a kernel build tree");
		return ACM_EX_NOINPUT;
	}

	if (strchr(arg, '/') || acm_is_dir(arg)) {
		if (!acm_is_dir(arg)) {
			acm_err("'%s': no such kernel tree; give a kernel-devel or linux-headers "
				"directory, or a kernel release", arg);
			return ACM_EX_NOINPUT;
		}
		dir = absolute(arg);
	} else {
		const char *place[][2] = { { "/lib/modules/", "/build" }, { "/usr/src/kernels/", "" },
			{ "/usr/src/linux-headers-", "" } };

		if (!valid_kver(arg, strlen(arg))) {
			acm_err("'%s': not a kernel release nor a directory; give e.g. "
				"--kernel $(uname -r) or --kernel /usr/src/kernels/KVER", arg);
			return ACM_EX_NOINPUT;
		}
		for (size_t i = 0; i < 3 && !dir; i++) {
			char *cand = acm_xasprintf("%s%s%s%s", r, place[i][0], arg, place[i][1]);

			if (acm_is_dir(cand))
				dir = absolute(cand);
			free(cand);
		}
		if (!dir) {
			acm_err("'%s': no build tree for this kernel (looked in %s/lib/modules/%s/build, "
				"%s/usr/src/kernels/%s, %s/usr/src/linux-headers-%s); install its "
				"kernel-devel (EL) or linux-headers-%s (Debian) package", arg, r, arg, r, arg,
				r, arg, arg);
			return ACM_EX_NOINPUT;
		}
	}

	{
		char *mf = acm_xasprintf("%s/Makefile", dir);
		char *sc = acm_xasprintf("%s/scripts", dir);
		bool have_mf = acm_exists(mf), have_sc = acm_is_dir(sc);

		free(mf);
		free(sc);
		if (!have_mf || !have_sc) {
			acm_err("'%s': not a kernel build tree (%s in it); give a kernel-devel or "
				"linux-headers directory (e.g. /lib/modules/KVER/build)", dir,
				!have_mf ? "no Makefile" : "no scripts/");
			free(dir);
			return ACM_EX_NOINPUT;
		}
	}
	kver = acm_ktree_release(dir);
	if (!kver) {
		acm_err("'%s': this kernel tree is not prepared for building modules (no "
			"include/generated/utsrelease.h); run 'make modules_prepare' in it, or install "
			"the kernel's devel/headers package", dir);
		free(dir);
		return ACM_EX_NOINPUT;
	}
	{
		char *sv = acm_xasprintf("%s/Module.symvers", dir);

		if (!acm_exists(sv))
			acm_warn("'%s': no Module.symvers in this tree: modpost cannot check the "
				 "symbols the modules use, nor version them", dir);
		free(sv);
	}
	if (!strchr(arg, '/') && !acm_is_dir(arg) && strcmp(kver, arg) != 0)
		acm_warn("'%s': the tree found (%s) builds for kernel %s", arg, dir, kver);
	kt->dir = dir;
	kt->kver = kver;
	return 0;
}

void acm_ktree_free(struct acm_ktree *kt)
{
	free(kt->arg);
	free(kt->dir);
	free(kt->kver);
	memset(kt, 0, sizeof *kt);
}

int acm_ktree_resolve_all(const char *const *args, const char *root, struct acm_ktree **kt,
			  size_t *nk)
{
	struct acm_ktree *v = NULL;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i == 0 || (args && args[i]); i++) {
		const char *karg = args ? args[i] : NULL;

		v = acm_xrealloc(v, (n + 1) * sizeof *v);
		rc = acm_ktree_resolve(karg, root, &v[n]);
		if (rc) {
			acm_ktree_free(&v[n]);
			if (!karg)
				acm_err("give --kernel for the kernel(s) to build for");
			break;
		}
		n++;
		if (!acm_spectext_is_word(v[n - 1].dir)) {
			acm_err("'%s': a kernel tree path with blanks, quotes or '%%' cannot go into a "
				"spec; give it through a symbolic link without them", v[n - 1].dir);
			rc = ACM_EX_USAGE;
			break;
		}
		for (size_t k = 0; k + 1 < n; k++) {
			if (strcmp(v[k].kver, v[n - 1].kver) == 0) {
				acm_err("'%s' and '%s' are both kernel %s; give each kernel once",
					v[k].arg, v[n - 1].arg, v[k].kver);
				rc = ACM_EX_USAGE;
				break;
			}
		}
		if (rc)
			break;
		acm_verbose("kernel %s: %s", v[n - 1].kver, v[n - 1].dir);
	}
	if (rc) {
		acm_ktree_free_all(v, n);
		v = NULL;
		n = 0;
	}
	*kt = v;
	*nk = n;
	return rc;
}

void acm_ktree_free_all(struct acm_ktree *kt, size_t nk)
{
	for (size_t i = 0; i < nk; i++)
		acm_ktree_free(&kt[i]);
	free(kt);
}

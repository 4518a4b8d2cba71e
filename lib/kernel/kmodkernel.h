/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodkernel.h - the kernel trees out-of-tree modules are built against: a
 * kernel-devel directory (/usr/src/kernels/KVER), a Debian headers directory
 * (/usr/src/linux-headers-KVER), a prepared source tree, or a KVER looked up
 * as /lib/modules/KVER/build. Used by mx2g-pack. */
#ifndef ACM_KMODKERNEL_H
#define ACM_KMODKERNEL_H

#include <stddef.h>

struct acm_ktree {
	char *arg;   /* as given: "6.1.0-56-amd64" or "/usr/src/kernels/..." */
	char *dir;   /* the tree, absolute */
	char *kver;  /* the release modules built there carry (their vermagic) */
};

/* Resolve a --kernel argument (NULL: the running kernel, uname -r). A
 * directory (the argument has a '/' or names an existing directory) is used
 * as it is; a KVER is looked for as /lib/modules/KVER/build, then
 * /usr/src/kernels/KVER, then /usr/src/linux-headers-KVER. The tree must be
 * ready for `make -C DIR M=... modules`: a Makefile, the kernel release in
 * include/generated/utsrelease.h (or include/config/kernel.release) and a
 * scripts/ directory. Returns 0, or 66 after a message naming the tree and
 * what to install. root (NULL: "/") prefixes the standard places (tests). */
int acm_ktree_resolve(const char *arg, const char *root, struct acm_ktree *kt);
void acm_ktree_free(struct acm_ktree *kt);

/* Resolve every --kernel argument (args NULL: the running kernel alone)
 * into *kt (malloc'd, *nk entries; free with acm_ktree_free_all). A tree
 * path a spec cannot carry, or the same kernel twice, is 64; a missing tree
 * 66 (messages name the argument). root as above. */
int acm_ktree_resolve_all(const char *const *args, const char *root, struct acm_ktree **kt,
			  size_t *nk);
void acm_ktree_free_all(struct acm_ktree *kt, size_t nk);

/* The kernel release a tree builds for: UTS_RELEASE from
 * include/generated/utsrelease.h - what vermagic carries - else
 * include/config/kernel.release (Debian's headers put the upstream version
 * "6.1.192" there, not "6.1.0-56-amd64"). malloc'd, or NULL. */
char *acm_ktree_release(const char *dir);

/* Parse the text of utsrelease.h: the UTS_RELEASE string. malloc'd or NULL. */
char *acm_ktree_parse_utsrelease(const char *text);

#endif

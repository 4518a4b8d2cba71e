/* kmodstate.h - what the last successful mx2g-pack build in an rpmbuild tree
 * was made from, so that a second run with the same inputs (same spec, same
 * clean tarball bytes, same kernel trees) builds nothing and says so. */
#ifndef ACM_KMODSTATE_H
#define ACM_KMODSTATE_H

#include <stddef.h>

#include "kmodkernel.h"

/* A text that changes whenever an input of the build does: the spec, the
 * tarball's size and FNV-1a hash, the build stage, and per kernel its
 * release, tree, and the size and time of Module.symvers and utsrelease.h.
 * malloc'd; NULL when the tarball cannot be read. */
char *acm_kmod_state_signature(const char *spec_text, const char *tarball, const char *stage,
			       const struct acm_ktree *kt, size_t nk);

/* Is workdir's last build made from sig, with every package it wrote still
 * there? Then *rpms (malloc'd, NULL-terminated) lists them: returns 1.
 * Else 0. */
int acm_kmod_state_current(const char *workdir, const char *sig, char ***rpms, size_t *n);

/* Forget the last build (before a new one starts: a failed build must not
 * look current). */
void acm_kmod_state_forget(const char *workdir);

/* Remember a successful build. Returns 0 or an exit status (message). */
int acm_kmod_state_save(const char *workdir, const char *sig, char *const *rpms, size_t n);

#endif

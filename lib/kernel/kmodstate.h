/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodstate.h - what an mx2g-pack build is made from, so that a second run
 * with the same inputs (same spec, same clean tarball bytes, same kernel
 * trees) builds nothing and says so (acm_pkgbuild_run keeps the state). */
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

#endif

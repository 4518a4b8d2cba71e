/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodvar.h - mx2g-pack's --make-var NAME=VALUE: checked, written into a
 * spec's make lines, and what it points at kept in the clean tarball.
 * VALUE may name the build copy's top directory as %{top}: a vendor's top
 * Makefile sets such variables for its modules' Kbuild files (dahdi's
 * DAHDI_INCLUDE=<top>/include, xtables-addons' XA_ABSTOPSRCDIR=<top>),
 * and the copy's absolute path is known only when the spec builds. In the
 * spec %{top} becomes that path, "$PWD" or "$PWD/DIR" of the build line.
 * Used by mx2g-pack (checking), the tree scan (kmodscan.h) and the kmod
 * spec (kmodspec.h, kmodconf.h). */
#ifndef ACM_KMODVAR_H
#define ACM_KMODVAR_H

#include <stdbool.h>

#include "buf.h"

#define ACM_KMODVAR_TOP "%{top}"

/* Is nv a usable NAME=VALUE? NULL when it is, else why not (static text):
 * NAME letters, digits and '_'; VALUE, %{top} aside, no blanks, quotes or
 * '%' (another %{...} is an unknown placeholder); a path after %{top} that
 * climbs out of the top ("%{top}/../x") is refused. */
const char *acm_kmodvar_check(const char *nv);

/* Append nv as one shell word of a build line, %{top} as top: a shell
 * fragment (already quoted, e.g. "\"$PWD\""). false when a part cannot be
 * written. */
bool acm_kmodvar_shell(struct acm_buf *b, const char *nv, const char *top);

/* Does one of vars point at path (relative to the source's top), so the
 * clean tarball must keep it? "%{top}/include" keeps include/ and what is
 * below it; a bare %{top} keeps the whole tree. */
bool acm_kmodvar_keeps(const char *const *vars, const char *path);

#endif

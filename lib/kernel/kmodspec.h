/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodspec.h - the spec mx2g-pack writes for a driver's kernel modules, in
 * the shape of RPM Fusion's kmodtool and ELRepo's kmods: a source package
 * NAME-kmod, and per kernel a kmod-NAME-KVER package holding the .ko files
 * under /lib/modules/KVER/extra/NAME/, tied to that kernel by
 * Requires: kernel-uname-r = KVER (see below), with depmod (and weak-modules where the
 * system has it) in its scriptlets and a depmod.d override so the modules win
 * over in-kernel ones of the same name. The modules are built with the
 * kernel's own Kbuild (make -C KDIR M=DIR modules), or as the source's
 * dkms.conf says: PRE_BUILD, MAKE[0], POST_BUILD run in the rpmbuild %build
 * (as the build user, as dkms runs them in its build copy; each command as
 * plain words, never a shell line), the .ko files taken from
 * BUILT_MODULE_LOCATION[] and installed under extra/NAME/ plus
 * DEST_MODULE_LOCATION[] less a leading /kernel, /updates[/dkms] or /extra
 * (and a NAME right after it: "/extra/NAME/" is extra/NAME/):
 * the kernel's own tree and dkms's are other packages'. Or, for a tree whose
 * configure builds its modules (kmodconf.h), its bootstrap, configure with
 * the kernel's trees and its module make target, each .ko then taken from
 * where the build put it below its module directory. Optionally a NAME-utils
 * package whose files a user-given install command puts in place. */
#ifndef ACM_KMODSPEC_H
#define ACM_KMODSPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "dkmsconf.h"
#include "kmodconf.h"
#include "kmodscan.h"
#include "pkgmeta.h"

struct acm_kmodspec_kernel {
	const char *kver;   /* "6.1.0-56-amd64" */
	const char *kdir;   /* its build tree */
};

struct acm_kmodspec {
	struct acm_pkgmeta_head pkg; /* "mx2g" "1.2.3" "1", "mx2g-1.2.3.tar.gz" in "mx2g-1.2.3" */
	const char *license;         /* SPDX expression, NULL: unknown */
	const char *url;             /* NULL: none known */
	const struct acm_kmodspec_kernel *kernels;
	size_t nkernels;
	const struct acm_kmod_set *set;
	const char *const *make_vars; /* "NAME=VALUE" added to each make line, NULL-terminated,
	                                may be NULL */
	const struct acm_dkmsconf *dkms; /* build as this dkms.conf says (set->mods are its
	                                BUILT_MODULE_NAMEs), or NULL: the kernel's Kbuild */
	const struct acm_kmodconf *conf; /* build by the tree's configure (kmodconf.h) and
	                                take each module from below its dir, or NULL */
	const char *userland_cmd;    /* shell command that installs the user-space parts into
	                                $DESTDIR, or NULL */
};

/* "kmod-NAME-KVER". malloc'd. */
char *acm_kmodspec_pkgname(const char *name, const char *kver);


/* Can KVER be written as an RPM version (one '-' at most)? Then the package
 * says Requires: kernel-uname-r = KVER; else (Debian's "6.1.0-56-amd64") it
 * requires the kernel's /lib/modules/KVER/modules.builtin file. */
bool acm_kmodspec_kver_is_evr(const char *kver);

/* The spec text. malloc'd. Every outside value goes through spectext.h;
 * NULL (after a message naming it) when one cannot be written: exit 65. */
char *acm_kmodspec_text(const struct acm_kmodspec *s);

#endif

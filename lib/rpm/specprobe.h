/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specprobe.h - the honest way to a %files list: build the source once with
 * rpmbuild -bi from a spec without %files (same %prep/%build/%install as
 * the final one) in a scratch _topdir, and list what %install put in the
 * buildroot, with this host's values of the rpm directory macros. */
#ifndef ACM_SPECPROBE_H
#define ACM_SPECPROBE_H

#include "source.h"
#include "specwrite.h"

/* sp->probe must be set; source0 is put in the scratch SOURCES (a link to
 * the tarball - a copy as root -, or the reproducible tarball of a
 * directory/git source). As root the trial runs as user nobody in a mount
 * namespace where only the scratch tree is writable (sandbox.h).
 * Fills out (files and dirs). Returns 0, 69 (rpmbuild missing), 65 when
 * the trial build failed (its log's tail printed, and the path a
 * DESTDIR-ignoring install tried to write; the scratch tree is kept and
 * named), or 128 + the signal (SIGINT, SIGTERM, SIGHUP) that interrupted it
 * (the scratch tree removed). */
int acm_specprobe_run(struct acm_source *src, const struct acm_spec *sp, struct acm_install_list *out);

/* From a trial log: the first path outside top that the build could not
 * write (read-only file system / permission denied), malloc'd, or NULL. */
char *acm_specprobe_outside_write(const char *logtext, const char *top);

/* Only the directory macros (rpm --eval), for --no-probe. */
int acm_specprobe_dirs(struct acm_install_list *out);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specprobe.h - the honest way to a %files list: build the source once with
 * rpmbuild -bi from a spec without %files (same %prep/%build/%install as
 * the final one) in a scratch _topdir, and list what %install put in the
 * buildroot, with this host's values of the rpm directory macros. */
#ifndef ACM_SPECPROBE_H
#define ACM_SPECPROBE_H

#include "source.h"
#include "specwrite.h"

/* sp->probe must be set. Unless ACM_SPECPROBE_NO_CACHE, a result cached
 * for the same source, trial spec, host and specgen (trialcache.h) is used
 * without building, and a fresh result is cached.  source0 is put in the scratch SOURCES (a link to
 * the tarball - a copy as root -, or the reproducible tarball of a
 * directory/git source). As root the trial runs as user nobody in a mount
 * namespace where only the scratch tree is writable (sandbox.h).
 * Fills out (files and dirs). Returns 0, 69 (rpmbuild missing), 65 when
 * the trial build failed (its log's tail printed, and the path a
 * DESTDIR-ignoring install tried to write; the scratch tree is kept and
 * named), or 128 + the signal (SIGINT, SIGTERM, SIGHUP) that interrupted it
 * (the scratch tree removed). */
#define ACM_SPECPROBE_NO_CACHE 0x1u   /* build even when the trial cache has the result */
int acm_specprobe_run(struct acm_source *src, const struct acm_spec *sp, struct acm_install_list *out,
		      unsigned flags);

/* The trial of every build system the source has, in acm_detect_fallback()'s
 * order, until one builds (libuv: autotools without configure, then
 * CMake): acm_specprobe_run() on each, det (sp->det) moved on to the next
 * after a 65; then acm_specprobe_payload() on what built. Returns as
 * acm_specprobe_run(), 65 also when no build system built or the one that
 * did installs no payload. */
int acm_specprobe_trial(struct acm_source *src, const struct acm_spec *sp, struct acm_detect *det,
			struct acm_install_list *out, unsigned flags);

/* A spec whose packages hold no program, library or data file of the
 * project (only docs, or nothing: a Makefile without an install rule) is a
 * failure: 0, or 65 after saying so. */
int acm_specprobe_payload(const struct acm_source *src, const struct acm_install_list *l);

/* The one check of an install list, a fresh trial's or a cached one's:
 * sorted and unique absolute paths, each a clean name (confine.h: no
 * "..", no empty or "." component, within NAME_MAX/PATH_MAX), of a known
 * type, none below a file or link of the list. 0, or 65 with *why
 * (malloc'd) naming the entry. */
int acm_specprobe_list_check(const struct acm_install_list *l, char **why);

/* From a trial log: the first path outside top that the build could not
 * write (read-only file system / permission denied), malloc'd, or NULL. */
char *acm_specprobe_outside_write(const char *logtext, const char *top);

/* From a failed trial's log: what kind of failure it shows, as the rest
 * of a sentence ("a header is missing ..."), static, or NULL when the log
 * says nothing this knows. A missing header, package or program is the
 * host's; a link error of a variable defined twice (code from before
 * GCC 10's -fno-common) or a rejected always_inline is the upstream's. */
const char *acm_specprobe_failure_cause(const char *logtext);

/* Only the directory macros (rpm --eval), for --no-probe. */
int acm_specprobe_dirs(struct acm_install_list *out);

#endif

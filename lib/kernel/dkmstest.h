/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmstest.h - what the kernel-dependent parts of a dkms.conf say for one
 * kernel, decided without a shell. Some dkms.conf files (lttng-modules')
 * pick their module list with `if [ ... ]` over the kernel's .config, its
 * version and files of its build tree; the kernel a kmod is built for is
 * known, so these tests can be decided statically:
 *   [ -n W ] [ -z W ] [ W ] [ W = W ] [ W != W ] [ N -eq|-ne|-lt|-le|-gt|-ge N ]
 *   [ -f|-d|-e PATH ] (PATH inside $kernel_source_dir), ! and -a/-o inside
 *   [ ], and [ ]s joined by &&, || and ( ) - "test" as "[". The kernel's
 * .config is read as a file, never sourced. A test of anything else (a
 * command, a file outside the kernel's tree) is unknown, with the reason.
 * Used by the file reader (dkmsconf.h). */
#ifndef ACM_DKMSTEST_H
#define ACM_DKMSTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dkmsword.h"

/* The kernel a dkms.conf is read for. */
struct acm_dkmstest_kernel {
	const char *kernelver;          /* "6.1.0-57-amd64" */
	const char *kernel_source_dir;  /* its build tree, absolute */
};

enum acm_dkmstest_result { ACM_DKMSTEST_FALSE, ACM_DKMSTEST_TRUE, ACM_DKMSTEST_UNKNOWN };

/* Read the condition of an if/elif at w->p (after the keyword) through
 * its "then", which is consumed. k NULL: every test that needs the kernel
 * is unknown. The values of ${kernelver} and ${kernel_source_dir} that
 * w's expand leaves in words are filled from k. UNKNOWN sets *why
 * (malloc'd, "line N: ..."). */
enum acm_dkmstest_result acm_dkmstest_cond(struct acm_dkmsword *w,
					   const struct acm_dkmstest_kernel *k, char **why);

/* $(echo $kernelver | sed -ne 's/RE/\N/p') with RE a sequence of
 * \([0-9]\+\), \(.\+\) and literal characters (lttng-modules' VERSION,
 * PATCHLEVEL, SUBLEVEL): append group N of kernelver to out. false when cmd
 * has another shape or RE does not match. */
bool acm_dkmstest_sed_kver(const char *cmd, size_t len, const char *kernelver,
			   struct acm_buf *out);

/* The value "NAME=VALUE" gives in a kernel .config text (quotes taken
 * off), or NULL when NAME is not set there. malloc'd. */
char *acm_dkmstest_kconfig(const char *config, const char *name);

#endif

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
 * So is case WORD in ... esac over a kernel-dependent word. The echo | cut
 * / sed pipelines that take $kernelver apart are dkmspipe.h's. Used by the
 * file reader (dkmsconf.h). */
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

/* word with the ${kernelver} and ${kernel_source_dir} the file reader
 * leaves in it filled from k (malloc'd); NULL with *why (static) when
 * another dkms variable is left or k is NULL. */
char *acm_dkmstest_fill(const struct acm_dkmstest_kernel *k, const char *word, const char **why);

/* "case WORD in" at w->p (after the keyword "case"): WORD read and filled
 * for k into *word (malloc'd; NULL when it cannot be told, with *why), and
 * "in" consumed. -1 when the text is not WORD in (*why: "line N: ..."). */
int acm_dkmstest_case(struct acm_dkmsword *w, const struct acm_dkmstest_kernel *k, char **word,
		      char **why);

enum acm_dkmstest_item { ACM_DKMSTEST_ITEM, ACM_DKMSTEST_ESAC, ACM_DKMSTEST_BROKEN };

/* The next item of a case at w->p: "esac" (consumed: ESAC), or
 * "[(]PATTERN[|PATTERN]...)" (consumed: ITEM, *r says whether word matches
 * one; UNKNOWN when word is NULL or a pattern is made by an expansion,
 * with *why unless word is NULL). Patterns are matched as sh's case does,
 * by fnmatch(3); quoted and backslashed characters are literal. BROKEN:
 * any other text (a ';' in a pattern, no ')', the end of the file: a case
 * without esac, named by case_line), *why says what. */
enum acm_dkmstest_item acm_dkmstest_case_item(struct acm_dkmsword *w, const char *word,
					      unsigned case_line, enum acm_dkmstest_result *r,
					      char **why);

/* The value "NAME=VALUE" gives in a kernel .config text (quotes taken
 * off), or NULL when NAME is not set there. malloc'd. */
char *acm_dkmstest_kconfig(const char *config, const char *name);

#endif

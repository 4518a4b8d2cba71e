/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmscmd.h - a dkms.conf command (MAKE[0], PRE_BUILD, POST_BUILD) as
 * argument vectors for one kernel, never run with a shell. dkms evals
 * these values with bash as root; here they are split the way that eval
 * would split them, and whatever needs a shell to mean something is
 * refused. Used by the kmod spec (kmodspec.h). */
#ifndef ACM_DKMSCMD_H
#define ACM_DKMSCMD_H

#include <stddef.h>

#include "dkmsconf.h"

/* What a command is run with for one kernel. build_dir stands for dkms's
 * build copy: ${dkms_tree}/NAME/VERSION/build and ${source_tree}/NAME-VERSION
 * become it (any other use of those two is refused). */
struct acm_dkmscmd_env {
	const char *kernelver;          /* "6.1.0-57-amd64" */
	const char *kernel_source_dir;  /* its build tree */
	const char *build_dir;          /* the build copy of the source */
};

struct acm_dkmscmd {
	char **argv;
	size_t argc;
};

/* Split a command value of c (c->make, c->pre_build, ...) as dkms's eval
 * would - quotes, backslashes, blanks, ';' and '&&' between commands, a
 * ( ... ) group, NAME=value before a command (as env NAME=value cmd) - into
 * argument vectors, with the variables filled from env and c, and
 * /lib/modules/$kernelver/build taken as $kernel_source_dir. Never runs a
 * shell: a pipe, redirection, || or command substitution is refused. An
 * unquoted '*' or '?' stays in the word as ACM_DKMSWORD_STAR/QMARK (for the
 * spec to write unquoted, so sh globs it as dkms's eval does) when the
 * pattern names files of the build copy; one that could reach outside it,
 * or the command's name, is refused. Returns 0 (*cmds malloc'd, free with
 * acm_dkmscmd_free), or -1 with *why (malloc'd) saying what could not be
 * run as argv. */
int acm_dkmscmd_split(const struct acm_dkmsconf *c, const char *value,
		      const struct acm_dkmscmd_env *env, struct acm_dkmscmd **cmds, size_t *ncmds,
		      char **why);
void acm_dkmscmd_free(struct acm_dkmscmd *cmds, size_t n);

#endif

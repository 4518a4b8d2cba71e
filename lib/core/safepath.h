/* SPDX-License-Identifier: GPL-2.0-or-later */
/* safepath.h - open a name beneath a directory fd without ever following a
 * symlink: how writes into a tree of untrusted content are made. Which
 * names and links are allowed at all is decided in confine.h. */
#ifndef ACM_SAFEPATH_H
#define ACM_SAFEPATH_H

#include <sys/types.h>

/* Open name beneath the directory rootfd without ever following a symlink:
 * a component walk with openat(O_NOFOLLOW), so a link planted in the tree
 * (even one swapped in while we walk) is never followed: -ELOOP. The name
 * must pass acm_confine_name() (else -EINVAL). Creates missing parent
 * directories (0755) when flags has O_CREAT. Returns an fd or -errno. */
int acm_open_beneath(int rootfd, const char *name, int flags, mode_t mode);

#endif

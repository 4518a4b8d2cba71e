/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ifname.h - network interface names: what the kernel accepts, and name <->
 * index in the current network namespace. */
#ifndef ACM_IFNAME_H
#define ACM_IFNAME_H

/* A name the kernel accepts for a network interface (dev_valid_name) that is
 * also safe to quote in an nft script: 1..15 bytes, not "." or "..", no '/',
 * ':', whitespace, quote, backslash or wildcard '*'. NULL when fine, else a
 * static reason. */
const char *acm_ifname_invalid(const char *name);

/* Index of a name (0: no such interface), name of an index (NULL: none). */
int acm_ifname_index(const char *name);
const char *acm_ifname_of(int ifindex, char buf[16]);

#endif

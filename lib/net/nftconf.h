/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nftconf.h - where the distribution's stock nftables service reads its
 * rules at boot, so a tool's own rules file can be included there: one file
 * of ours plus an include line in a managed block of the main file. */
#ifndef ACM_NFTCONF_H
#define ACM_NFTCONF_H

#include <stdbool.h>

#include "distro.h"

struct acm_nftconf {
	const char *main_conf;   /* file nftables.service runs `nft -f` on */
	const char *dir;         /* directory our files go in */
};

/* EL/Fedora: /etc/sysconfig/nftables.conf and /etc/nftables/.
 * Debian, Ubuntu, SUSE and unknown: /etc/nftables.conf and /etc/nftables.d/. */
void acm_nftconf_for(enum acm_distro_family family, struct acm_nftconf *c);

/* Detect the family of the system under root: $ACMTOOLS_OS_RELEASE when
 * set, else root's etc/os-release or usr/lib/os-release, else this host's. */
enum acm_distro_family acm_nftconf_family(const char *root);

/* The managed block's markers and body for including `path` (absolute, as
 * seen on the target system). Body malloc'd. */
#define ACM_NFTCONF_BEGIN(tool) "# BEGIN " tool " (managed by acmtools; do not edit)"
#define ACM_NFTCONF_END(tool)   "# END " tool
char *acm_nftconf_include_body(const char *path);

/* Want our include of include_path (NULL: no include) in the managed block
 * of the service's main file f (loaded with acm_mfile_load, so every byte
 * of the admin's rules around the block is kept, whatever its size or
 * content). With NULL the block goes, and the file too when nothing else
 * is left in it. Warns when the block's markers were damaged. */
struct acm_mfile;
void acm_nftconf_set_include(struct acm_mfile *f, const char *begin, const char *end,
			     const char *include_path);

/* Is nftables.service enabled on the system under root (a wants/ link in
 * /etc/systemd/system)? */
bool acm_nftconf_service_enabled(const char *root);

#endif

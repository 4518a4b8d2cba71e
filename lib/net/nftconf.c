/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nftconf.c - the stock nftables service's configuration per distribution.
 * EL 9's nftables.service runs `nft -f /etc/sysconfig/nftables.conf`, whose
 * stock text only has commented include lines for the files in /etc/nftables/;
 * Debian's runs `nft -f /etc/nftables.conf`, which begins with
 * `flush ruleset`, so our include must come after it (appended at the end). */
#include "config.h"
#include "nftconf.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "managed.h"
#include "msg.h"

void acm_nftconf_for(enum acm_distro_family family, struct acm_nftconf *c)
{
	if (family == ACM_DISTRO_EL || family == ACM_DISTRO_FEDORA) {
		c->main_conf = "/etc/sysconfig/nftables.conf";
		c->dir = "/etc/nftables";
	} else {
		c->main_conf = "/etc/nftables.conf";
		c->dir = "/etc/nftables.d";
	}
}

enum acm_distro_family acm_nftconf_family(const char *root)
{
	static const char *const rel[] = { "etc/os-release", "usr/lib/os-release" };
	struct acm_distro d;

	if (!getenv("ACMTOOLS_OS_RELEASE") && root && strcmp(root, "/")) {
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			char *p = acm_xasprintf("%s/%s", root, rel[i]), *text = NULL;
			size_t len;
			int r = acm_read_file(p, &text, &len, 65536);
			free(p);
			if (r == 0) {
				memset(&d, 0, sizeof(d));
				acm_distro_parse(&d, text);
				free(text);
				return d.family;
			}
		}
	}
	memset(&d, 0, sizeof(d));
	acm_distro_detect(&d);
	return d.family;
}

char *acm_nftconf_include_body(const char *path)
{
	return acm_xasprintf("include \"%s\"\n", path);
}

bool acm_nftconf_service_enabled(const char *root)
{
	static const char *const wants[] = {
		"etc/systemd/system/sysinit.target.wants/nftables.service",   /* Debian */
		"etc/systemd/system/multi-user.target.wants/nftables.service", /* EL, Fedora */
	};
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++) {
		char *p = acm_xasprintf("%s/%s", root, wants[i]);
		bool e = acm_exists(p);
		free(p);
		if (e)
			return true;
	}
	return false;
}

void acm_nftconf_set_include(struct acm_mfile *f, const char *begin, const char *end,
			     const char *include_path)
{
	char *body = include_path ? acm_nftconf_include_body(include_path) : NULL;
	acm_mfile_set_block(f, begin, end, body);
	if (f->damaged)
		acm_warn("%s: the managed block was damaged (unbalanced markers); rewriting it", f->path);
	free(body);
}

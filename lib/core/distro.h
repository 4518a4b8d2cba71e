/* SPDX-License-Identifier: GPL-2.0-or-later */
/* distro.h - which distribution family we run on (from os-release), and the
 * package that provides a given tool there. */
#ifndef ACM_DISTRO_H
#define ACM_DISTRO_H

enum acm_distro_family { ACM_DISTRO_UNKNOWN, ACM_DISTRO_DEBIAN, ACM_DISTRO_EL, ACM_DISTRO_FEDORA, ACM_DISTRO_SUSE };

struct acm_distro {
	enum acm_distro_family family;
	char id[64];          /* ID=, e.g. "debian", "rocky" */
	char version_id[64];  /* VERSION_ID=, e.g. "12", "9.2" */
};

/* Read $ACMTOOLS_OS_RELEASE, else /etc/os-release, else /usr/lib/os-release. */
void acm_distro_detect(struct acm_distro *d);
/* Parse os-release text (exposed for tests). */
void acm_distro_parse(struct acm_distro *d, const char *text);
const char *acm_distro_family_name(enum acm_distro_family f); /* "debian", "el", ... */
/* The package to install for `tool` on this family, or NULL when unknown. */
const char *acm_distro_package_for(enum acm_distro_family f, const char *tool);
/* The install command for the family: "apt-get install", "dnf install", "zypper install". */
const char *acm_distro_install_cmd(enum acm_distro_family f);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* distro.c - distribution family from os-release, and package names. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "distro.h"
#include "fileio.h"

static void copy_value(char *dst, size_t n, const char *v, size_t len)
{
	if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0]) {
		v++;
		len -= 2;
	}
	if (len >= n)
		len = n - 1;
	memcpy(dst, v, len);
	dst[len] = '\0';
}


void acm_distro_parse(struct acm_distro *d, const char *text)
{
	char like[256] = "";
	const char *line = text;

	memset(d, 0, sizeof(*d));
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *eq = memchr(line, '=', len);
		if (eq) {
			size_t klen = (size_t)(eq - line), vlen = len - klen - 1;
			if (klen == 2 && memcmp(line, "ID", 2) == 0)
				copy_value(d->id, sizeof(d->id), eq + 1, vlen);
			else if (klen == 7 && memcmp(line, "ID_LIKE", 7) == 0)
				copy_value(like, sizeof(like), eq + 1, vlen);
			else if (klen == 10 && memcmp(line, "VERSION_ID", 10) == 0)
				copy_value(d->version_id, sizeof(d->version_id), eq + 1, vlen);
		}
		line = end ? end + 1 : NULL;
	}
	/* ID first, then ID_LIKE in its order: Rocky says "rhel centos fedora". */
	char all[400];
	snprintf(all, sizeof(all), "%s %s", d->id, like);
	static const struct { const char *word; enum acm_distro_family f; } map[] = {
		{ "debian", ACM_DISTRO_DEBIAN }, { "ubuntu", ACM_DISTRO_DEBIAN },
		{ "rhel", ACM_DISTRO_EL }, { "centos", ACM_DISTRO_EL }, { "rocky", ACM_DISTRO_EL },
		{ "almalinux", ACM_DISTRO_EL }, { "ol", ACM_DISTRO_EL },
		{ "fedora", ACM_DISTRO_FEDORA },
		{ "suse", ACM_DISTRO_SUSE }, { "opensuse", ACM_DISTRO_SUSE }, { "sles", ACM_DISTRO_SUSE },
	};
	char *save = NULL;
	for (char *w = strtok_r(all, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(w, map[i].word) == 0 || (map[i].f == ACM_DISTRO_SUSE && strncmp(w, "opensuse", 8) == 0)) {
				d->family = map[i].f;
				return;
			}
	}
}

void acm_distro_detect(struct acm_distro *d)
{
	const char *paths[] = { getenv("ACMTOOLS_OS_RELEASE"), "/etc/os-release", "/usr/lib/os-release" };
	for (size_t i = 0; i < 3; i++) {
		char *text;
		if (!paths[i] || acm_read_file(paths[i], &text, NULL, 1 << 16) != 0)
			continue;
		acm_distro_parse(d, text);
		free(text);
		return;
	}
	memset(d, 0, sizeof(*d));
}

const char *acm_distro_family_name(enum acm_distro_family f)
{
	switch (f) {
	case ACM_DISTRO_DEBIAN: return "debian";
	case ACM_DISTRO_EL: return "el";
	case ACM_DISTRO_FEDORA: return "fedora";
	case ACM_DISTRO_SUSE: return "suse";
	default: return "unknown";
	}
}

/* tool, Debian, EL, Fedora, SUSE */
static const char *const packages[][5] = {
	{ "rpmbuild", "rpm", "rpm-build", "rpm-build", "rpm-build" },
	{ "rpm", "rpm", "rpm", "rpm", "rpm" },
	{ "rpmlint", "rpmlint", "rpmlint", "rpmlint", "rpmlint" },
	{ "createrepo_c", "createrepo-c", "createrepo_c", "createrepo_c", "createrepo_c" },
	{ "gcc", "gcc", "gcc", "gcc", "gcc" },
	{ "make", "make", "make", "make", "make" },
	{ "tar", "tar", "tar", "tar", "tar" },
	{ "patch", "patch", "patch", "patch", "patch" },
	{ "gzip", "gzip", "gzip", "gzip", "gzip" },
	{ "bzip2", "bzip2", "bzip2", "bzip2", "bzip2" },
	{ "xz", "xz-utils", "xz", "xz", "xz" },
	{ "redhat-rpm-config", NULL, "redhat-rpm-config", "redhat-rpm-config", NULL },
	{ "bison", "bison", "bison", "bison", "bison" },
	{ "flex", "flex", "flex", "flex", "flex" },
	{ "bc", "bc", "bc", "bc", "bc" },
	{ "perl", "perl", "perl", "perl", "perl" },
	{ "pahole", "dwarves", "dwarves", "dwarves", "dwarves" },
	{ "cpio", "cpio", "cpio", "cpio", "cpio" },
	{ "rsync", "rsync", "rsync", "rsync", "rsync" },
	{ "xorriso", "xorriso", "xorriso", "xorriso", "xorriso" },
	{ "git", "git", "git", "git", "git" },
	{ "depmod", "kmod", "kmod", "kmod", "kmod" },
	{ "ccache", "ccache", "ccache", "ccache", "ccache" },
};

const char *acm_distro_package_for(enum acm_distro_family f, const char *tool)
{
	int col;
	switch (f) {
	case ACM_DISTRO_DEBIAN: col = 1; break;
	case ACM_DISTRO_EL: col = 2; break;
	case ACM_DISTRO_FEDORA: col = 3; break;
	case ACM_DISTRO_SUSE: col = 4; break;
	default: return NULL;
	}
	for (size_t i = 0; i < sizeof(packages) / sizeof(packages[0]); i++)
		if (strcmp(packages[i][0], tool) == 0)
			return packages[i][col];
	return NULL;
}

const char *acm_distro_install_cmd(enum acm_distro_family f)
{
	switch (f) {
	case ACM_DISTRO_DEBIAN: return "apt-get install";
	case ACM_DISTRO_EL: case ACM_DISTRO_FEDORA: return "dnf install";
	case ACM_DISTRO_SUSE: return "zypper install";
	default: return "your package manager";
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourcename.c - a source's name and version from file names and git tags
 * (the heuristics of source.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

static const char *const archive_suffixes[] = {
	".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.zstd", ".tar.lz", ".tar.lzma",
	".tar.lz4", ".tar.Z", ".tgz", ".tbz2", ".tbz", ".txz", ".tzst", ".tlz", ".tar",
	".zip", ".cpio", ".7z", ".iso", NULL
};

char *acm_source_stem(const char *filename)
{
	char *s = acm_xstrdup(base_name(filename));
	for (int i = 0; archive_suffixes[i]; i++) {
		if (ends_with(s, archive_suffixes[i]) && strlen(s) > strlen(archive_suffixes[i])) {
			s[strlen(s) - strlen(archive_suffixes[i])] = '\0';
			break;
		}
	}
	if (ends_with(s, ".orig") && strlen(s) > 5)  /* Debian foo_1.2.orig.tar.gz */
		s[strlen(s) - 5] = '\0';
	return s;
}

/* Make a string usable as an RPM Version: '-' and '_' become '.', except a
 * pre-release word after a separator ("1.2-rc1") becomes "~rc1", which rpm
 * sorts before 1.2. Other characters rpm refuses are dropped. */
static char *rpm_version(const char *v)
{
	static const char *const pre[] = { "rc", "alpha", "beta", "pre", "dev", NULL };
	struct acm_buf b = ACM_BUF_INIT;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '-' || c == '_') {
			bool is_pre = false;
			for (int i = 0; pre[i]; i++)
				if (strncasecmp(p + 1, pre[i], strlen(pre[i])) == 0)
					is_pre = true;
			acm_buf_addc(&b, is_pre ? '~' : '.');
		} else if (isalnum(c) || c == '.' || c == '+' || c == '~' || c == '^') {
			acm_buf_addc(&b, (char)c);
		}
	}
	/* no leading/trailing/double dots */
	char *s = acm_buf_steal(&b);
	if (!s)
		return NULL;
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r == '.' && (w == s || w[-1] == '.'))
			continue;
		*w++ = *r;
	}
	while (w > s && (w[-1] == '.' || w[-1] == '~'))
		w--;
	*w = '\0';
	if (!*s || !isdigit((unsigned char)*s)) {
		free(s);
		return NULL;
	}
	return s;
}

bool acm_source_split_nv(const char *stem, char **name, char **version)
{
	const char *cut = NULL;
	if (!stem[0])
		return false;
	for (const char *seps = "-_"; *seps && !cut; seps++)
		for (const char *p = stem + 1; *p; p++)
			if (*p == *seps && isdigit((unsigned char)p[1]))
				cut = p;
	if (!cut)
		return false;
	char *v = rpm_version(cut + 1);
	if (!v)
		return false;
	*name = acm_xasprintf("%.*s", (int)(cut - stem), stem);
	*version = v;
	return true;
}

char *acm_source_version_from_tag(const char *tag, const char *name)
{
	static const char *const prefixes[] = { "release-", "release_", "rel-", "version-", "ver-", NULL };
	const char *t = tag;
	if (strncmp(t, "refs/tags/", 10) == 0)
		t += 10;
	size_t nl = name ? strlen(name) : 0;
	if (nl && strncasecmp(t, name, nl) == 0 && (t[nl] == '-' || t[nl] == '_'))
		t += nl + 1;
	for (int i = 0; prefixes[i]; i++)
		if (strncasecmp(t, prefixes[i], strlen(prefixes[i])) == 0)
			t += strlen(prefixes[i]);
	if ((*t == 'v' || *t == 'V') && isdigit((unsigned char)t[1]))
		t++;
	if (!isdigit((unsigned char)*t)) {
		/* "openafs-stable-1_8_10": the first number after a separator */
		const char *p = t;
		while (*p && !((*p == '-' || *p == '_') && isdigit((unsigned char)p[1])))
			p++;
		if (!*p)
			return NULL;
		t = p + 1;
	}
	return rpm_version(t);
}

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

/* After a separator, the words a tag puts before its version ("foo-v1.2",
 * "libexpat-R_2_5_0", "foo-release-1.2"): their length when a digit
 * follows them, else -1. */
static int tag_word(const char *p)
{
	static const char *const words[] = { "release-", "release_", "rel-", "version-", "ver-", "R_", "R-",
					     "v", "V", "", NULL };
	for (int i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		if (!strncmp(p, words[i], n) && isdigit((unsigned char)p[n]))
			return (int)n;
	}
	return -1;
}

/* GitHub's archive names repeat the project in the tag: "jq-jq-1.6",
 * "json-c-json-c-0.16": the name once. */
static void unrepeat(char *name)
{
	size_t n = strlen(name), h = (n - 1) / 2;
	if (n >= 3 && n % 2 && (name[h] == '-' || name[h] == '_') && !strncasecmp(name, name + h + 1, h))
		name[h] = '\0';
}

static bool is_date(const char *p)
{
	return strlen(p) == 8 && strspn(p, "0123456789") == 8 && (!strncmp(p, "19", 2) || !strncmp(p, "20", 2));
}

bool acm_source_split_nv(const char *stem, char **name, char **version)
{
	/* the last separator before a version wins ("font-adobe-75dpi-1.0.3"),
	 * unless what follows it is a tag's date: "json-c-0.16-20220414" is 0.16 */
	const char *cut = NULL, *vstart = NULL, *prev = NULL, *prev_v = NULL;
	if (!stem[0])
		return false;
	for (const char *seps = "-_"; *seps && !cut; seps++)
		for (const char *p = stem + 1; *p; p++) {
			int w = *p == *seps ? tag_word(p + 1) : -1;
			if (w >= 0) {
				prev = cut;
				prev_v = vstart;
				cut = p;
				vstart = p + 1 + w;
			}
		}
	if (!cut)
		return false;
	char *raw;
	if (prev && is_date(vstart) && memchr(prev_v, '.', (size_t)(cut - prev_v))) {
		raw = acm_xasprintf("%.*s", (int)(cut - prev_v), prev_v);
		cut = prev;
	} else {
		raw = acm_xstrdup(vstart);
	}
	char *v = rpm_version(raw);
	free(raw);
	if (!v)
		return false;
	/* "foo-release-3.4": the tag's word is not the name's */
	static const char *const tails[] = { "-release", "_release", "-rel", "-version", "-ver", NULL };
	for (int i = 0; tails[i]; i++) {
		size_t tl = strlen(tails[i]);
		if ((size_t)(cut - stem) > tl && !strncasecmp(cut - tl, tails[i], tl)) {
			cut -= tl;
			break;
		}
	}
	*name = acm_xasprintf("%.*s", (int)(cut - stem), stem);
	unrepeat(*name);
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

void acm_source_set_version(struct acm_source *s, const char *version)
{
	set_str(&s->version, version);
	s->info.version_found = true;
	acm_source_refresh(s);
}

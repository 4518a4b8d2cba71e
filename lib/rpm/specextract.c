/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specextract.c - specgen --extract: the spec a source ships, or its
 * .spec.in with the @VAR@s filled (see specextract.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "source.h"
#include "specdetect.h"
#include "specextract.h"

/* ---- --extract ------------------------------------------------------------------ */

struct grab {
	const char *want;
	char *text;
	size_t len;
	int rc;
};

static int grab_cb(const struct acm_source_entry *e, void *ud)
{
	struct grab *g = ud;
	if (!e || e->type != ACM_SOURCE_FILE || strcmp(e->path, g->want))
		return 0;
	g->rc = acm_source_read(e, &g->text, &g->len, 16 * 1024 * 1024);
	return g->rc ? g->rc : -1;   /* found: stop the walk */
}

static const char *best(const struct acm_strlist *l, const char *name, const char *suffix)
{
	const char *pick = NULL;
	int pick_score = -1;
	for (size_t i = 0; i < l->n; i++) {
		const char *p = l->v[i];
		const char *b = strrchr(p, '/');
		b = b ? b + 1 : p;
		int depth = 0;
		for (const char *c = p; *c; c++)
			depth += *c == '/';
		char *want = acm_xasprintf("%s%s", name, suffix);
		int score = (strcmp(b, want) == 0 ? 100 : 0) + (depth == 0 ? 50 : 10 - (depth > 10 ? 10 : depth));
		free(want);
		if (score > pick_score) {
			pick = p;
			pick_score = score;
		}
	}
	return pick;
}

/* The directories autoconf and CMake substitute, as rpm's macros: the
 * spec then follows the target's layout, not the one configure assumed. */
static const char *const dir_keys[][2] = {
	{ "PREFIX", "%{_prefix}" }, { "EXEC_PREFIX", "%{_exec_prefix}" }, { "BINDIR", "%{_bindir}" },
	{ "SBINDIR", "%{_sbindir}" }, { "LIBDIR", "%{_libdir}" }, { "LIBEXECDIR", "%{_libexecdir}" },
	{ "INCLUDEDIR", "%{_includedir}" }, { "DATADIR", "%{_datadir}" }, { "DATAROOTDIR", "%{_datadir}" },
	{ "MANDIR", "%{_mandir}" }, { "INFODIR", "%{_infodir}" }, { "DOCDIR", "%{_docdir}" },
	{ "SYSCONFDIR", "%{_sysconfdir}" }, { "LOCALSTATEDIR", "%{_localstatedir}" },
	{ "SHAREDSTATEDIR", "%{_sharedstatedir}" }, { "RUNSTATEDIR", "%{_rundir}" },
	{ "UNITDIR", "%{_unitdir}" }, { "SYSTEMDSYSTEMUNITDIR", "%{_unitdir}" },
	{ "UDEVRULEDIR", "%{_udevrulesdir}" },
};

/* What @KEY@ (KEY as written between the @s) stands for, or NULL. */
static const char *fill_value(const char *key, size_t n, const char *name, const char *version,
			      const char *release)
{
	char up[64];
	if (n >= sizeof(up))
		return NULL;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)toupper((unsigned char)key[i]);
	up[n] = '\0';
	/* CMake writes @CMAKE_INSTALL_SBINDIR@, autoconf @sbindir@ */
	const char *k = !strncmp(up, "CMAKE_INSTALL_", 14) ? up + 14 : up;
	static const char *const names[] = { "NAME", "PACKAGE", "PACKAGE_NAME", "PACKAGE_TARNAME",
		"PROJECT_NAME", "CMAKE_PROJECT_NAME", NULL };
	static const char *const versions[] = { "VERSION", "PACKAGE_VERSION", "PROJECT_VERSION",
		"CMAKE_PROJECT_VERSION", "ZFS_META_VERSION", "SPL_META_VERSION", NULL };
	static const char *const releases[] = { "RELEASE", "PACKAGE_RELEASE", "ZFS_META_RELEASE",
		"SPL_META_RELEASE", NULL };
	for (int i = 0; names[i]; i++)
		if (!strcmp(k, names[i]))
			return name;
	for (int i = 0; versions[i]; i++)
		if (!strcmp(k, versions[i]))
			return version;
	for (int i = 0; releases[i]; i++)
		if (!strcmp(k, releases[i]))
			return release;
	for (size_t i = 0; i < sizeof(dir_keys) / sizeof(dir_keys[0]); i++)
		if (!strcmp(k, dir_keys[i][0]))
			return dir_keys[i][1];
	return NULL;
}

char *acm_specextract_fill(const char *in, const char *name, const char *version, const char *release,
			     char **left)
{
	struct acm_buf b = ACM_BUF_INIT, miss = ACM_BUF_INIT;
	struct acm_strlist seen = { 0 };
	for (const char *p = in; *p;) {
		if (*p == '@') {
			const char *e = p + 1;
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			if (*e == '@' && e > p + 1) {
				const char *v = fill_value(p + 1, (size_t)(e - p - 1), name, version, release);
				if (v) {
					acm_buf_adds(&b, v);
					p = e + 1;
					continue;
				}
				char *k = acm_xasprintf("%.*s", (int)(e - p + 1), p);
				if (!acm_strlist_has(&seen, k))
					acm_buf_addf(&miss, "%s%s", seen.n ? ", " : "", k);
				acm_strlist_add(&seen, k);
				free(k);
			}
		}
		acm_buf_addc(&b, *p++);
	}
	acm_strlist_free(&seen);
	if (miss.data) {
		acm_buf_free(&b);
		*left = acm_buf_steal(&miss);
		return NULL;
	}
	*left = NULL;
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

/* The spec's own literal "Version:" (the first, in the preamble), or NULL. */
static char *spec_version(const char *text)
{
	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');
		if (!strncasecmp(line, "Version:", 8)) {
			const char *v = line + 8;
			v += strspn(v, " \t");
			size_t n = strcspn(v, " \t\r\n");
			return n && !memchr(v, '%', n) ? acm_xasprintf("%.*s", (int)n, v) : NULL;
		}
		if (!strncmp(line, "%description", 12))
			return NULL;
		line = eol ? eol + 1 : NULL;
	}
	return NULL;
}

int acm_specextract_spec(struct acm_source *s, const struct acm_detect *d, const char *release,
			    char **text, size_t *len)
{
	const struct acm_source_info *info = acm_source_info(s);
	const char *path = best(&d->specs, info->name, ".spec");
	bool in = false;
	if (!path) {
		path = best(&d->specins, info->name, ".spec.in");
		in = true;
	}
	if (!path) {
		acm_err("'%s': the source ships no spec file (no *.spec or *.spec.in); run specgen "
			"without --extract to write one", info->arg);
		return ACM_EX_DATAERR;
	}
	if (d->specs.n > 1 && !in)
		acm_warn("'%s': ships %zu spec files; using '%s'", info->arg, d->specs.n, path);
	struct grab g = { .want = path };
	int rc = acm_source_walk(s, grab_cb, &g);
	if (g.rc || (rc && rc != -1) || !g.text) {
		free(g.text);
		return g.rc ? g.rc : rc && rc != -1 ? rc : ACM_EX_SOFTWARE;
	}
	acm_verbose("extracting '%s'", path);
	if (in) {
		/* the build system's declaration first: a tarball's name can lie
		 * (a snapshot, a renamed repack), configure does not */
		const char *ver = d->declared_version ? d->declared_version
				  : info->version_found ? info->version : NULL;
		const char *rel = release ? release : d->declared_release;
		char *left = NULL;
		*text = acm_specextract_fill(g.text, info->name, ver, rel, &left);
		free(g.text);
		if (!*text) {
			acm_err("'%s': %s has placeholders specgen cannot fill: %s; %s", info->arg, path, left,
				"run the project's configure to make the spec, or write it with specgen "
				"without --extract (--release fills @RELEASE@)");
			free(left);
			return ACM_EX_DATAERR;
		}
		*len = strlen(*text);
	} else {
		*text = g.text;
		*len = g.len;
	}
	char *sv = spec_version(*text);
	if (sv && info->version_found && strcmp(sv, info->version))
		acm_warn("'%s': the shipped spec says Version: %s, but the source is version %s; "
			 "the spec may be stale", info->arg, sv, info->version);
	free(sv);
	return 0;
}

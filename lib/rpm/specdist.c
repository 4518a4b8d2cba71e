/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specdist.c - distributed files a source lacks (see specdist.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "specdist.h"

/* A primary automake makes "all" build from sources that must exist:
 * "dist_man_MANS", "nobase_dist_datadir_zfs_tests_tests_DATA",
 * "dist_noinst_SCRIPTS"; not nodist_, not EXTRA_DIST (make dist's only). */
static bool dist_primary(const char *name, size_t n)
{
	static const char *const prim[] = { "_DATA", "_SCRIPTS", "_MANS", "_HEADERS", "_PYTHON", NULL };
	bool prim_ok = false;
	for (int i = 0; prim[i] && !prim_ok; i++) {
		size_t pl = strlen(prim[i]);
		prim_ok = n > pl && !memcmp(name + n - pl, prim[i], pl);
	}
	if (!prim_ok)
		return false;
	/* "dist" as one of the leading prefixes (nobase_, notrans_) */
	for (size_t i = 0; i < n;) {
		size_t w = 0;
		while (i + w < n && name[i + w] != '_')
			w++;
		if (w == 4 && !memcmp(name + i, "dist", 4))
			return true;
		if (!((w == 6 && !memcmp(name + i, "nobase", 6)) || (w == 7 && !memcmp(name + i, "notrans", 7))))
			return false;
		i += w + 1;
	}
	return false;
}

/* A word that names one file plainly: letters, digits and ._+-/, no ".."
 * or empty component, not absolute; "%D%/" or "%reldir%/" may open it.
 * *rest: after that prefix (NULL: no prefix). */
static bool plain_word(const char *w, const char **rest)
{
	*rest = NULL;
	if (!strncmp(w, "%D%/", 4))
		*rest = w + 4;
	else if (!strncmp(w, "%reldir%/", 9))
		*rest = w + 9;
	const char *p = *rest ? *rest : w;
	if (!*p || *p == '/' || strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-/") !=
				    strlen(p))
		return false;
	for (const char *c = p; *c;) {
		size_t n = strcspn(c, "/");
		if (!n || (n == 2 && !strncmp(c, "..", 2)) || (n == 1 && *c == '.'))
			return false;
		c += n;
		if (*c)
			c++;
		if (!*c && c[-1] == '/')
			return false;
	}
	return true;
}

const char *acm_specdist_am_value(struct acm_buf *v, const char *p)
{
	for (; *p && *p != '#'; p++) {
		if (*p == '\\' && p[1] == '\n') {
			p++;
			acm_buf_addc(v, ' ');
			continue;
		}
		if (*p == '\n')
			break;
		acm_buf_addc(v, *p == '\t' ? ' ' : *p);
	}
	return p;
}

static void want(struct acm_specdist *s, const char *am, const char *word, const char *path)
{
	if (s->nwant >= ACM_SPECDIST_MAX_WANT)
		return;
	s->want = acm_xgrow(s->want, &s->capwant, s->nwant, sizeof(*s->want), 64);
	s->want[s->nwant++] = (struct acm_distword){ acm_xstrdup(am), acm_xstrdup(word), acm_xstrdup(path) };
}

void acm_specdist_parse(struct acm_specdist *s, const char *am_path, const char *text)
{
	const char *rest0;
	if (!plain_word(am_path, &rest0) || rest0)
		return;   /* its name goes into the spec's sed line */
	const char *slash = strrchr(am_path, '/');
	char *dir = acm_xasprintf("%.*s", slash ? (int)(slash - am_path) : 0, am_path);
	/* a fragment (included by another Makefile.am) says where its files
	 * are with %D%; its plain words are relative to the includer's dir */
	bool fragment = strstr(text, "%D%") || strstr(text, "%reldir%");
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		size_t n = strspn(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		const char *q = l + n;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '+')
			q++;
		if (!n || *q != '=' || !dist_primary(l, n))
			continue;
		struct acm_buf v = ACM_BUF_INIT;
		q = acm_specdist_am_value(&v, q + 1);
		char *save = NULL;
		for (char *w = v.data ? strtok_r(v.data, " \r", &save) : NULL; w; w = strtok_r(NULL, " \r", &save)) {
			const char *rest;
			if (!plain_word(w, &rest) || (fragment && !rest))
				continue;
			char *path = acm_xasprintf("%s%s%s", dir, *dir ? "/" : "", rest ? rest : w);
			want(s, am_path, w, path);
			free(path);
		}
		acm_buf_free(&v);
		l = q;
	}
	free(dir);
}

/* and its directories: a list may name one (ZFS's contrib/debian/tree),
 * and a tarball need not have an entry for each */
void acm_specdist_seen(struct acm_specdist *s, const char *path)
{
	size_t v;
	char *p = acm_xstrdup(path);
	for (char *slash; !acm_strmap_get(&s->seen, p, &v); *slash = '\0') {
		acm_strmap_put(&s->seen, p, s->nseen++);
		if (!(slash = strrchr(p, '/')))
			break;
	}
	free(p);
}

static bool have(const struct acm_specdist *s, const char *path)
{
	size_t v;
	char *in = acm_xasprintf("%s.in", path);   /* made by configure or a subst rule */
	bool yes = acm_strmap_get(&s->seen, path, &v) || acm_strmap_get(&s->seen, in, &v);
	free(in);
	return yes;
}

/* A plain word may name a file of an including Makefile.am's dir (an
 * ancestor): missing only when no ancestor has it either. */
static bool lacks(const struct acm_specdist *s, const struct acm_distword *w)
{
	if (have(s, w->path))
		return false;
	if (!strncmp(w->word, "%D%/", 4) || !strncmp(w->word, "%reldir%/", 9))
		return true;
	const char *slash = strrchr(w->am, '/');
	for (size_t dl = slash ? (size_t)(slash - w->am) : 0;;) {
		char *p = acm_xasprintf("%.*s%s%s", (int)dl, w->am, dl ? "/" : "", w->word);
		bool h = have(s, p);
		free(p);
		if (h)
			return false;
		if (!dl)
			return true;
		while (dl && w->am[dl - 1] != '/')
			dl--;
		if (dl)
			dl--;
	}
}

void acm_specdist_finish(struct acm_specdist *s)
{
	for (size_t i = 0; i < s->nwant; i++) {
		const struct acm_distword *w = &s->want[i];
		bool dup = false;
		for (size_t k = 0; k < s->nmissing && !dup; k++)
			dup = !strcmp(s->missing[k].am, w->am) && !strcmp(s->missing[k].word, w->word);
		if (dup || !lacks(s, w))
			continue;
		if (s->nmissing >= ACM_SPECDIST_MAX_MISSING) {
			s->too_many = true;
			break;
		}
		s->missing = acm_xgrow(s->missing, &s->capmissing, s->nmissing, sizeof(*s->missing), 4);
		s->missing[s->nmissing++] = (struct acm_distword){ acm_xstrdup(w->am), acm_xstrdup(w->word),
								   acm_xstrdup(w->path) };
	}
	/* by Makefile.am, each one's words in its own order (a stable sort):
	 * the spec and the warnings are the same whatever order the archive
	 * holds the Makefile.am files in */
	for (size_t i = 1; i < s->nmissing; i++)
		for (size_t k = i; k > 0 && strcmp(s->missing[k - 1].am, s->missing[k].am) > 0; k--) {
			struct acm_distword t = s->missing[k];
			s->missing[k] = s->missing[k - 1];
			s->missing[k - 1] = t;
		}
}

/* w for a sed ERE inside single quotes in a spec: '.' and '+' escaped, '%'
 * doubled (rpm's macro sign); plain_word() let no other special character in */
static void add_pattern(struct acm_buf *b, const char *w)
{
	for (; *w; w++) {
		if (*w == '.' || *w == '+')
			acm_buf_addf(b, "\\%c", *w);
		else if (*w == '%')
			acm_buf_adds(b, "%%");
		else
			acm_buf_addc(b, *w);
	}
}

void acm_specdist_prep(struct acm_buf *b, const struct acm_specdist *s)
{
	if (!s->nmissing || s->too_many)
		return;
	acm_buf_adds(b, "# the source lacks files its Makefile.am lists (an incomplete tarball?):\n"
			"# taken out of the lists, so the package lacks them\n");
	for (size_t i = 0; i < s->nmissing; i++) {
		/* the file as one line (-z): the last word of a continued list
		 * takes the backslash before it along (automake refuses a blank
		 * line after one), any other word only itself */
		acm_buf_adds(b, "sed -E -z -i -e 's#\\\\\\n[[:blank:]]*");
		add_pattern(b, s->missing[i].word);
		acm_buf_adds(b, "[[:blank:]]*\\n#\\n#g' -e 's#([[:space:]])");
		add_pattern(b, s->missing[i].word);
		acm_buf_addf(b, "([[:space:]])#\\1\\2#g' %s", s->missing[i].am);   /* a plain_word() */
		acm_buf_addc(b, '\n');
	}
	acm_buf_addc(b, '\n');
}

static void words_free(struct acm_distword *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].am);
		free(v[i].word);
		free(v[i].path);
	}
	free(v);
}

void acm_specdist_free(struct acm_specdist *s)
{
	acm_strmap_free(&s->seen);
	words_free(s->want, s->nwant);
	words_free(s->missing, s->nmissing);
	memset(s, 0, sizeof(*s));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* configfacts.c - BuildRequires from what the trial's configure found (see
 * configfacts.h). What each log says, and only that:
 *   config.log     "$PKG_CONFIG --exists ... \"MODS\"" then "$? = 0";
 *                  the output variables LIBS='-lX', FOO_LIBS='-lX' and
 *                  gnulib's LIB_FOO='-lX';
 *                  confdefs "#define HAVE_LIBX 1" / "#define HAVE_X_H 1"
 *                  (lines of a failed test program start with "| ")
 *   CMakeCache.txt FIND_PACKAGE_MESSAGE_DETAILS_<Pkg> (set when found);
 *                  pkgcfg_lib_<P>_<lib> and <X>_LIBRARY paths that are not
 *                  -NOTFOUND; __pkg_config_arguments_<P> of a found P
 *   meson-log.txt  "pkg-config --modversion NAME` -> 0", then
 *                  "dependency NAME found: YES"; "Library X found: YES";
 *                  "Has header \"X\" ... : YES" */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "configfacts.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"
#include "specbuildreq.h"
#include "text.h"

#define MAX_NAME 64
#define MAX_DEPTH 5
#define MAX_ENTRIES 50000
#define MAX_FILES 16

/* A name a log may give: the one rule the trial cache is read back with. */
static bool clean_name(const char *s, size_t n)
{
	return acm_specbuildreq_name_ok(s, n);
}

static void add_req(struct acm_strlist *reqs, const char *req)
{
	if (req && reqs->n < ACM_CONFIGFACTS_MAX_REQS)
		acm_strlist_add(reqs, req);
}

static void add_lookup(struct acm_strlist *reqs, const char *s, size_t n)
{
	if (!clean_name(s, n))
		return;
	char name[MAX_NAME + 1];
	memcpy(name, s, n);
	name[n] = '\0';
	add_req(reqs, acm_specbuildreq_lookup(name));
}

static void add_pkgconfig(struct acm_strlist *reqs, const char *s, size_t n)
{
	if (!clean_name(s, n))
		return;
	char *r = acm_xasprintf("pkgconfig(%.*s)", (int)n, s);
	add_req(reqs, r);
	free(r);
}

/* Call fn on each line (without its newline) no longer than the cap. */
static void each_line(const char *text, size_t len, void (*fn)(const char *l, size_t n, void *ud), void *ud)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, n = e - i;
		while (n && (text[i + n - 1] == '\r' || text[i + n - 1] == ' ' || text[i + n - 1] == '\t'))
			n--;   /* trailing blanks: meson ends some lines with one */
		if (n <= ACM_CONFIGFACTS_MAX_LINE)
			fn(text + i, n, ud);
		i = e + 1;
	}
}

static bool starts(const char *l, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return n >= pl && !memcmp(l, p, pl);
}

/* first occurrence of s in l[0..n) */
static const char *find(const char *l, size_t n, const char *s)
{
	return memmem(l, n, s, strlen(s));
}

/* The module names of a pkg-config expression: "glib-2.0 >= 2.56, zlib". */
static void add_modules(struct acm_strlist *reqs, const char *s, size_t n)
{
	bool skip_version = false;
	for (size_t i = 0; i < n;) {
		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
			i++;
		size_t k = i;
		while (k < n && s[k] != ' ' && s[k] != ',' && s[k] != '\t')
			k++;
		if (k == i)
			break;
		bool op = strchr("<>=!", s[i]) != NULL;
		if (op)
			skip_version = true;
		else if (skip_version)
			skip_version = false;
		else
			add_pkgconfig(reqs, s + i, k - i);
		i = k;
	}
}

/* ---- autoconf: config.log ---------------------------------------------------- */

struct ac_state {
	struct acm_strlist *reqs;
	char pending[512];   /* the modules of the last $PKG_CONFIG --exists */
	bool have_pending;
};

static void ac_line(const char *l, size_t n, void *ud)
{
	struct ac_state *st = ud;
	if (starts(l, n, "configure:")) {
		const char *ex = find(l, n, "$PKG_CONFIG --exists");
		if (ex) {
			const char *q1 = memchr(ex, '"', n - (size_t)(ex - l));
			const char *q2 = q1 ? memchr(q1 + 1, '"', n - (size_t)(q1 + 1 - l)) : NULL;
			st->have_pending = q2 && (size_t)(q2 - q1 - 1) < sizeof st->pending;
			if (st->have_pending)
				snprintf(st->pending, sizeof st->pending, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
			return;
		}
		const char *rc = find(l, n, ": $? = ");
		if (rc && st->have_pending) {
			const char *v = rc + 7;
			if ((size_t)(l + n - v) == 1 && *v == '0')
				add_modules(st->reqs, st->pending, strlen(st->pending));
			st->have_pending = false;
		}
		return;
	}
	/* output variables: LIBS='-lz -lm', OPENSSL_LIBS='-lssl -lcrypto', and
	 * gnulib's LIB_ACL='-lacl', LIB_SELINUX='-lselinux' (sed, coreutils) */
	const char *eq = memchr(l, '=', n);
	bool libs = eq && eq - l >= 4 && !memcmp(eq - 4, "LIBS", 4), lib_x = eq && eq - l > 4 && starts(l, n, "LIB_");
	if ((libs || lib_x) && eq + 1 < l + n && eq[1] == '\'' && l[n - 1] == '\'') {
		bool name_ok = true;
		for (const char *c = l; c < eq; c++)
			name_ok = name_ok && *c && (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", *c) != NULL);
		if (!name_ok || (libs && eq - 4 > l && eq[-5] != '_'))
			return;   /* LIBS, FOO_LIBS or LIB_FOO, not LTLIBS */
		const char *v = eq + 2, *end = l + n - 1;
		while (v < end) {
			while (v < end && *v == ' ')
				v++;
			const char *w = v;
			while (w < end && *w != ' ')
				w++;
			if (w - v > 2 && v[0] == '-' && v[1] == 'l')
				add_lookup(st->reqs, v + 2, (size_t)(w - v - 2));
			v = w;
		}
		return;
	}
	/* confdefs.h at the end of the log */
	if (starts(l, n, "#define HAVE_")) {
		const char *m = l + 8, *sp = memchr(m, ' ', n - 8);
		size_t ml = sp ? (size_t)(sp - m) : n - 8;
		if (ml <= MAX_NAME && clean_name(m, ml)) {
			char macro[MAX_NAME + 1];
			memcpy(macro, m, ml);
			macro[ml] = '\0';
			if (sp && (size_t)(l + n - sp) == 2 && sp[1] == '1')
				add_req(st->reqs, acm_specbuildreq_lookup_define(macro));
		}
	}
}

void acm_configfacts_autoconf(const char *text, size_t len, struct acm_strlist *reqs)
{
	struct ac_state st = { .reqs = reqs };
	each_line(text, len, ac_line, &st);
}

/* ---- CMake: CMakeCache.txt ---------------------------------------------------- */

struct cm_state {
	struct acm_strlist *reqs;
	struct acm_strlist found_prefixes;   /* pkg_check_modules prefixes with a library found */
	struct acm_strlist args;             /* "PREFIX\tREQUIRED;mod>=1;mod2" */
};

/* "/usr/lib/x86_64-linux-gnu/libssl.so.3" -> "ssl" */
static void add_library_path(struct acm_strlist *reqs, const char *v, size_t n)
{
	if (n >= 9 && !memcmp(v + n - 9, "-NOTFOUND", 9))
		return;
	const char *b = v + n;
	while (b > v && b[-1] != '/')
		b--;
	size_t bl = (size_t)(v + n - b);
	if (bl < 4 || memcmp(b, "lib", 3))
		return;
	const char *dot = memchr(b + 3, '.', bl - 3);
	if (!dot)
		return;
	size_t rest = (size_t)(v + n - dot);   /* the line is not NUL-terminated */
	if (!(rest >= 3 && !memcmp(dot, ".so", 3)) && !(rest >= 2 && !memcmp(dot, ".a", 2)))
		return;
	add_lookup(reqs, b + 3, (size_t)(dot - b - 3));
}

static void cm_line(const char *l, size_t n, void *ud)
{
	struct cm_state *st = ud;
	const char *colon = memchr(l, ':', n), *eq = memchr(l, '=', n);
	if (!colon || !eq || eq < colon || l[0] == '#' || l[0] == '/')
		return;
	size_t kl = (size_t)(colon - l);
	const char *type = colon + 1, *v = eq + 1;
	size_t tl = (size_t)(eq - type), vl = (size_t)(l + n - v);
	if (starts(l, kl, "FIND_PACKAGE_MESSAGE_DETAILS_")) {
		add_lookup(st->reqs, l + 29, kl - 29);
	} else if (starts(l, kl, "pkgcfg_lib_") && tl == 8 && !memcmp(type, "FILEPATH", 8)) {
		if (vl >= 9 && !memcmp(v + vl - 9, "-NOTFOUND", 9))
			return;
		const char *us = l + kl;
		while (us > l + 11 && us[-1] != '_')
			us--;
		if (us <= l + 11)
			return;
		add_lookup(st->reqs, us, (size_t)(l + kl - us));
		if (clean_name(us, (size_t)(l + kl - us)) && us - 1 - (l + 11) > 0 &&
		    clean_name(l + 11, (size_t)(us - 1 - (l + 11)))) {
			char *p = acm_xasprintf("%.*s", (int)(us - 1 - (l + 11)), l + 11);
			if (st->found_prefixes.n < ACM_CONFIGFACTS_MAX_REQS)
				acm_strlist_add(&st->found_prefixes, p);
			free(p);
		}
	} else if (starts(l, kl, "__pkg_config_arguments_") && st->args.n < ACM_CONFIGFACTS_MAX_REQS) {
		char *a = acm_xasprintf("%.*s\t%.*s", (int)(kl - 23), l + 23, (int)vl, v);
		acm_strlist_add(&st->args, a);
		free(a);
	} else if (tl == 8 && !memcmp(type, "FILEPATH", 8) &&
		   (kl > 8 && (!memcmp(l + kl - 8, "_LIBRARY", 8) || (kl > 16 && !memcmp(l + kl - 16, "_LIBRARY_RELEASE", 16))))) {
		add_library_path(st->reqs, v, vl);
	}
}

void acm_configfacts_cmake(const char *text, size_t len, struct acm_strlist *reqs)
{
	struct cm_state st = { .reqs = reqs };
	each_line(text, len, cm_line, &st);
	/* a pkg_check_modules prefix that found a library: its modules */
	for (size_t i = 0; i < st.args.n; i++) {
		const char *a = st.args.v[i], *tab = strchr(a, '\t');
		char *prefix = acm_xasprintf("%.*s", (int)(tab - a), a);
		if (acm_strlist_has(&st.found_prefixes, prefix)) {
			char *mods = acm_xstrdup(tab + 1), *save = NULL;
			for (char *m = strtok_r(mods, ";", &save); m; m = strtok_r(NULL, ";", &save)) {
				size_t k = strcspn(m, "<>=! ");
				if (strcmp(m, "REQUIRED") && strcmp(m, "QUIET") && strcmp(m, "NO_CMAKE_PATH") &&
				    strcmp(m, "NO_CMAKE_ENVIRONMENT_PATH") && strcmp(m, "IMPORTED_TARGET") && strcmp(m, "GLOBAL"))
					add_pkgconfig(reqs, m, k);
			}
			free(mods);
		}
		free(prefix);
	}
	acm_strlist_free(&st.found_prefixes);
	acm_strlist_free(&st.args);
}

/* ---- meson: meson-logs/meson-log.txt ------------------------------------------ */

struct ms_state {
	struct acm_strlist *reqs;
	struct acm_strlist pc_ok;   /* modules pkg-config answered for */
};

/* the word in l that ends at the first of stop after from */
static size_t word_until(const char *from, const char *end, const char *stop)
{
	const char *s = find(from, (size_t)(end - from), stop);
	return s ? (size_t)(s - from) : 0;
}

static void ms_line(const char *l, size_t n, void *ud)
{
	struct ms_state *st = ud;
	const char *end = l + n;
	const char *mv = find(l, n, "pkg-config --modversion ");
	if (mv && n >= 4 && !memcmp(end - 4, "-> 0", 4)) {
		const char *w = mv + 24;
		size_t k = 0;
		while (w + k < end && w[k] != '`' && w[k] != ' ' && w[k] != '\'')
			k++;
		if (clean_name(w, k) && st->pc_ok.n < ACM_CONFIGFACTS_MAX_REQS) {
			char *m = acm_xasprintf("%.*s", (int)k, w);
			acm_strlist_add(&st->pc_ok, m);
			free(m);
		}
		return;
	}
	const char *dep = find(l, n, "ependency ");   /* Run-time, Build-time, Dependency */
	if (dep && (dep == l + 1 || (dep > l + 1 && dep[-2] == ' ')) && find(l, n, " found: YES") &&
	    !find(l, n, "(building self)") && !find(l, n, "(overridden)")) {
		const char *name = dep + 10;
		size_t k = word_until(name, end, " found: YES");
		if (!clean_name(name, k))
			return;
		char *m = acm_xasprintf("%.*s", (int)k, name);
		if (acm_strlist_has(&st->pc_ok, m))
			add_pkgconfig(st->reqs, name, k);
		else
			add_lookup(st->reqs, name, k);
		free(m);
		return;
	}
	if (starts(l, n, "Library ") && find(l, n, " found: YES")) {
		add_lookup(st->reqs, l + 8, word_until(l + 8, end, " found: YES"));
		return;
	}
	if (starts(l, n, "Has header \"")) {
		const char *h = l + 12, *q = memchr(h, '"', (size_t)(end - h));
		/* "Has header "X" : YES", perhaps "(cached)" after it */
		if (q && (size_t)(end - q) >= 7 && !memcmp(q, "\" : YES", 7) && (q + 7 == end || q[7] == ' ')) {
			size_t k = (size_t)(q - h);
			char hdr[MAX_NAME + 1];
			/* a header path: letters, digits, ._+- and '/' */
			if (k && k <= MAX_NAME && strspn(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-/") >= k) {
				memcpy(hdr, h, k);
				hdr[k] = '\0';
				add_req(st->reqs, acm_specbuildreq_lookup(hdr));
			}
		}
	}
}

void acm_configfacts_meson(const char *text, size_t len, struct acm_strlist *reqs)
{
	struct ms_state st = { .reqs = reqs };
	each_line(text, len, ms_line, &st);
	acm_strlist_free(&st.pc_ok);
}

/* ---- the trial's tree --------------------------------------------------------- */

struct walk {
	const char *top;
	struct acm_strlist *reqs;
	size_t files;
};

static void read_log(struct walk *w, const char *rel, void (*parse)(const char *, size_t, struct acm_strlist *))
{
	if (w->files >= MAX_FILES)
		return;
	w->files++;
	char *path = acm_xasprintf("%s/%s", w->top, rel);
	int fd = acm_open_input(path, ACM_INPUT_NOFOLLOW);
	if (fd < 0) {
		acm_verbose("'%s': not read: %s", path, acm_input_strerror(-fd));
		free(path);
		return;
	}
	char *text = NULL;
	size_t len = 0;
	int rc = acm_read_fd(fd, &text, &len, ACM_CONFIGFACTS_MAX_FILE);
	close(fd);
	if (rc)
		acm_verbose("'%s': not read: %s", path, rc == -EFBIG ? "larger than the cap" : strerror(-rc));
	else
		parse(text, len, w->reqs);
	free(text);
	free(path);
}

/* acm_fstree_walk_max: links reported, never followed or entered */
static int walk_entry(const struct acm_fstree_entry *e, void *ud)
{
	struct walk *w = ud;
	if (S_ISDIR(e->st.st_mode))   /* at most MAX_DEPTH levels of entries, no .git */
		return e->depth >= MAX_DEPTH || !strcmp(e->name, ".git") ? ACM_FSTREE_SKIP : 0;
	if (!S_ISREG(e->st.st_mode))
		return 0;
	if (!strcmp(e->name, "config.log"))
		read_log(w, e->path, acm_configfacts_autoconf);
	else if (!strcmp(e->name, "CMakeCache.txt"))
		read_log(w, e->path, acm_configfacts_cmake);
	else if (!strcmp(e->path, "meson-logs/meson-log.txt") || acm_text_ends_with(e->path, "/meson-logs/meson-log.txt"))
		read_log(w, e->path, acm_configfacts_meson);
	return 0;
}

void acm_configfacts_read(const char *dir, struct acm_strlist *reqs)
{
	struct walk w = { .top = dir, .reqs = reqs };
	int rc = acm_fstree_walk_max(dir, walk_entry, NULL, &w, MAX_ENTRIES);
	if (rc)   /* what was read so far counts: the logs are a hint, not a must */
		acm_verbose("'%s': not all read: %s", dir, rc == -E2BIG ? "too many entries" : strerror(-rc));
}

/* ---- into the spec's lists ------------------------------------------------------ */

/* Does l hold "pkgconfig(NAME)" alone or with a version ("pkgconfig(NAME) >= 1")? */
static bool has_req(const struct acm_strlist *l, const char *req)
{
	size_t n = strlen(req);
	for (size_t i = 0; i < l->n; i++)
		if (!strncmp(l->v[i], req, n) && (!l->v[i][n] || l->v[i][n] == ' '))
			return true;
	return false;
}

void acm_configfacts_merge(struct acm_detect *d, const struct acm_strlist *reqs)
{
	for (size_t i = 0; i < reqs->n; i++) {
		const char *r = reqs->v[i];
		if (has_req(&d->pkgconfig, r) || has_req(&d->buildreq, r))
			continue;
		bool pc = !strncmp(r, "pkgconfig(", 10);
		if (pc) {   /* the source's own .pc (an uninstalled one configure looked at) */
			char *name = acm_xasprintf("%.*s", (int)(strlen(r) - 11), r + 10);
			bool own = acm_strlist_has(&d->pc_provided, name);
			free(name);
			if (own)
				continue;
		}
		acm_verbose("BuildRequires %s: the trial's configure found and used it", r);
		acm_strlist_add(pc ? &d->pkgconfig : &d->buildreq, r);
	}
}

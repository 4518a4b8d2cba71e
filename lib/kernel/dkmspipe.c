/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmspipe.c - the echo | cut / sed pipelines of a dkms.conf's $(...) and
 * `...`, told without running them (see dkmspipe.h): echo, cut(1) and a
 * small subset of sed(1)'s s command, each with a bound on its work. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dkmspipe.h"

#define PIPE_STAGES 4
#define PIPE_WORDS 16
#define PIPE_OUT_MAX 16384
#define RE_GROUPS 9
#define RE_MAX 256          /* an RE's length (re_match recurses once per part) */
#define RE_BUDGET 200000    /* re_match steps per sed */

struct stage {
	char *v[PIPE_WORDS];
	bool quoted[PIPE_WORDS];
	size_t n;
};

static void stages_free(struct stage *st, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < st[i].n; k++)
			free(st[i].v[k]);
}

/* The words of each command of the pipeline at w; false on any other
 * shell syntax (;, &&, ||, redirections, a newline, a comment). A word
 * that cannot be told is read as "" and *bad says why (the first one). */
static bool read_pipeline(struct acm_dkmsword *w, const struct acm_dkmstest_kernel *k,
			  struct stage *st, size_t *nst, char **bad)
{
	*nst = 1;
	st[0].n = 0;
	for (;;) {
		struct acm_buf b = ACM_BUF_INIT;
		char *wbad = NULL, *v;
		const char *why = NULL;
		struct stage *cur = &st[*nst - 1];
		bool q;

		acm_dkmsword_skip_blanks(w, false);
		if (w->p >= w->end)
			break;
		if (*w->p == '|' && !(w->p + 1 < w->end && w->p[1] == '|')) {
			if (!cur->n || *nst >= PIPE_STAGES)
				return false;
			w->p++;
			st[(*nst)++].n = 0;
			continue;
		}
		if (acm_dkmsword_is_end((unsigned char)*w->p) || *w->p == '#' || cur->n >= PIPE_WORDS)
			return false;
		acm_dkmsword_lex(w, &b, &wbad, &q);
		v = wbad ? NULL : acm_dkmstest_fill(k, acm_buf_str(&b), &why);
		acm_buf_free(&b);
		if (!v && !wbad)
			wbad = acm_xasprintf("line %u: its output depends on %s", w->line,
					     k ? "a value dkms sets only when it runs"
					       : "the kernel, and no kernel is known");
		if (!v && !*bad)
			*bad = wbad, wbad = NULL;
		free(wbad);
		if (!v)
			v = acm_xstrdup("");
		cur->quoted[cur->n] = q;
		cur->v[cur->n++] = v;
	}
	return st[*nst - 1].n > 0;
}

/* echo's line: its words joined by blanks. Options, backslashes, newlines
 * and an unquoted word the shell would split or glob: not told. */
static bool run_echo(const struct stage *s, struct acm_buf *text)
{
	for (size_t i = 1; i < s->n; i++) {
		const char *a = s->v[i];

		if (a[0] == '-' || strpbrk(a, "\\\n") || (!s->quoted[i] && strpbrk(a, " \t*?[")))
			return false;
		if (i > 1)
			acm_buf_addc(text, ' ');
		acm_buf_adds(text, a);
	}
	acm_buf_addc(text, '\n');
	return true;
}

/* cut -d C -f LIST over one line (cut(1): a line without C is printed whole) */
static bool run_cut(const struct stage *s, const char *line, size_t len, struct acm_buf *o)
{
	const char *delim = NULL, *list = NULL;
	long lo[16], hi[16];
	size_t nr = 0, field = 1;
	bool first = true;

	for (size_t i = 1; i < s->n; i++) {
		const char **slot = strncmp(s->v[i], "-d", 2) == 0 ? &delim
				    : strncmp(s->v[i], "-f", 2) == 0 ? &list : NULL;

		if (!slot || *slot)
			return false;
		*slot = s->v[i][2] ? s->v[i] + 2 : i + 1 < s->n ? s->v[++i] : NULL;
		if (!*slot)
			return false;
	}
	if (!delim || !list || strlen(delim) != 1 || *delim == '\n')
		return false;
	for (const char *p = list; *p; nr++) {
		char *e;

		if (nr >= 16)
			return false;
		bool open_lo = *p == '-';

		lo[nr] = open_lo ? 1 : isdigit((unsigned char)*p) ? strtol(p, &e, 10) : 0;
		if (!open_lo && lo[nr])
			p = e;
		hi[nr] = lo[nr];
		if (*p == '-') {
			p++;
			hi[nr] = isdigit((unsigned char)*p) ? strtol(p, &e, 10) : 0;  /* 0: to the end */
			if (isdigit((unsigned char)*p))
				p = e;
			else if (open_lo)
				return false;  /* "-": no end at all */
		}
		if (lo[nr] < 1 || lo[nr] > 4096 || (hi[nr] && hi[nr] < lo[nr]) || (*p && *p != ','))
			return false;
		if (*p == ',' && !*++p)
			return false;
	}
	if (!nr || !memchr(line, *delim, len)) {
		acm_buf_add(o, line, len);
		return nr > 0;
	}
	for (const char *f = line, *e; f <= line + len; f = e + 1, field++) {
		bool want = false;

		e = memchr(f, *delim, (size_t)(line + len - f));
		if (!e)
			e = line + len;
		for (size_t r = 0; r < nr; r++)
			want |= (long)field >= lo[r] && (!hi[r] || (long)field <= hi[r]);
		if (want) {
			if (!first)
				acm_buf_addc(o, *delim);
			acm_buf_add(o, f, (size_t)(e - f));
			first = false;
		}
	}
	return true;
}

/* The regular expressions read (a subset of POSIX BRE): literal
 * characters, '.', a trailing '$', \. \- \/ and the groups \([0-9]\+\) and
 * \(.\+\). The number of groups, or -1 for anything else. */
static int re_valid(const char *re)
{
	int ng = 0;

	while (*re) {
		if (strncmp(re, "\\([0-9]\\+\\)", 11) == 0 || strncmp(re, "\\(.\\+\\)", 7) == 0) {
			if (++ng > RE_GROUPS)
				return -1;
			re += re[3] == '0' ? 11 : 7;
		} else if (re[0] == '\\') {
			if (!re[1] || !strchr(".-/", re[1]))
				return -1;
			re += 2;
		} else if (*re == '$' ? re[1] != '\0' : strchr("*[]^\n", *re) != NULL) {
			return -1;
		} else {
			re++;
		}
	}
	return ng;
}

/* Match a valid RE at s (anchored there); groups' [start, end) into g.
 * Each step spends one of *budget: groups backing off over a long line
 * would otherwise take time to the power of their number. */
static const char *re_match(const char *re, const char *s, const char **g, int ng, long *budget)
{
	if (--*budget < 0)
		return NULL;
	if (!*re)
		return s;
	if (strncmp(re, "\\([0-9]\\+\\)", 11) == 0 || strncmp(re, "\\(.\\+\\)", 7) == 0) {
		bool digits = re[3] == '0';
		const char *rest = re + (digits ? 11 : 7), *e = s, *r;

		while (*e && (!digits || isdigit((unsigned char)*e)))
			e++;
		for (; e > s; e--) {  /* greedy, then back off */
			g[2 * ng] = s;
			g[2 * ng + 1] = e;
			if ((r = re_match(rest, e, g, ng + 1, budget)))
				return r;
		}
		return NULL;
	}
	if (*re == '$')
		return *s ? NULL : s;
	if (*re == '.')
		return *s ? re_match(re + 1, s + 1, g, ng, budget) : NULL;
	if (re[0] == '\\')
		return *s == re[1] ? re_match(re + 2, s + 1, g, ng, budget) : NULL;
	return *s == *re ? re_match(re + 1, s + 1, g, ng, budget) : NULL;
}

/* The replacement's \N exist, its other escapes are \& \\ \/. */
static bool repl_valid(const char *rp, int ng)
{
	for (; *rp; rp++) {
		if (*rp == '\n')
			return false;
		if (*rp != '\\')
			continue;
		rp++;
		if (!(isdigit((unsigned char)*rp) && *rp != '0' && *rp - '0' <= ng) && !(*rp && strchr("&\\/", *rp)))
			return false;
	}
	return true;
}

static void repl_add(struct acm_buf *o, const char *rp, const char *m0, const char *m1,
		     const char **g)
{
	for (; *rp; rp++) {
		if (*rp == '&') {
			acm_buf_add(o, m0, (size_t)(m1 - m0));
		} else if (*rp == '\\' && isdigit((unsigned char)rp[1])) {
			int n = *++rp - '1';

			acm_buf_add(o, g[2 * n], (size_t)(g[2 * n + 1] - g[2 * n]));
		} else {
			acm_buf_addc(o, *rp == '\\' ? *++rp : *rp);
		}
	}
}

/* sed [-n] [-e] 's/RE/REPL/[g][p]' over one line (sed(1): the pattern space
 * printed unless -n, again by p when a substitution was made). */
static bool run_sed(const struct stage *s, const char *line, struct acm_buf *o)
{
	const char *script = NULL, *g[2 * RE_GROUPS];
	char *re = NULL, *rp = NULL;
	bool quiet = false, gflag = false, pflag = false, done = false, ok = false;
	struct acm_buf sp = ACM_BUF_INIT;
	int ng;

	for (size_t i = 1; i < s->n; i++) {
		const char *a = s->v[i];

		if (strcmp(a, "-n") == 0 || strcmp(a, "-ne") == 0 || strcmp(a, "-e") == 0) {
			quiet |= a[1] == 'n';
			if (a[strlen(a) - 1] == 'e' && (script || i + 1 >= s->n || !(script = s->v[++i])))
				return false;
		} else if (!script && a[0] != '-') {
			script = a;
		} else {
			return false;
		}
	}
	if (!script || script[0] != 's' || script[1] != '/')
		return false;
	/* s/RE/REPL/FLAGS: each part up to an unescaped '/' */
	const char *p = script + 2, *q;

	for (q = p; *q && *q != '/'; q++)
		if (*q == '\\' && q[1])
			q++;
	if (*q != '/')
		return false;
	re = acm_xasprintf("%.*s", (int)(q - p), p);
	for (p = q + 1, q = p; *q && *q != '/'; q++)
		if (*q == '\\' && q[1])
			q++;
	if (*q != '/')
		goto out;
	rp = acm_xasprintf("%.*s", (int)(q - p), p);
	for (q++; *q; q++) {
		bool *f = *q == 'g' ? &gflag : *q == 'p' ? &pflag : NULL;

		if (!f || *f)
			goto out;
		*f = true;
	}
	{
		bool anchored = re[0] == '^';
		const char *body = re + anchored, *pos = line, *start = line, *end;
		long budget = RE_BUDGET;

		ng = re_valid(body);
		if (ng < 0 || strlen(body) > RE_MAX || !repl_valid(rp, ng))
			goto out;
		while (start <= line + strlen(line) && !(anchored && start > line)) {
			end = re_match(body, start, g, 0, &budget);
			if (budget < 0)
				goto out;  /* not told: too much work for a dkms.conf value */
			if (!end) {
				if (!*start)
					break;
				start++;
				continue;
			}
			acm_buf_add(&sp, pos, (size_t)(start - pos));
			repl_add(&sp, rp, start, end, g);
			done = true;
			pos = end;
			if (sp.len > PIPE_OUT_MAX)
				goto out;
			if (!gflag)
				break;
			if (end == start) {  /* an empty match: the next character stays */
				if (!*end)
					break;
				acm_buf_addc(&sp, *end);
				pos = end + 1;
			}
			start = pos;
		}
		acm_buf_adds(&sp, pos);
	}
	for (int n = (quiet ? 0 : 1) + (pflag && done); n > 0; n--) {
		acm_buf_adds(o, acm_buf_str(&sp));
		acm_buf_addc(o, '\n');
	}
	ok = true;
out:
	acm_buf_free(&sp);
	free(re);
	free(rp);
	return ok;
}

/* echo, then cut or sed: the commands told (their options not yet read) */
static bool told_commands(const struct stage *st, size_t nst)
{
	if (nst < 2 || strcmp(st[0].v[0], "echo") != 0)
		return false;
	for (size_t i = 1; i < nst; i++)
		if (strcmp(st[i].v[0], "cut") != 0 && strcmp(st[i].v[0], "sed") != 0)
			return false;
	return true;
}

bool acm_dkmspipe_output(struct acm_dkmsword *w, const struct acm_dkmstest_kernel *k,
		       struct acm_buf *out, char **bad)
{
	struct stage st[PIPE_STAGES];
	struct acm_buf text = ACM_BUF_INIT, next = ACM_BUF_INIT;
	size_t nst = 0;
	char *wbad = NULL;
	bool ok = read_pipeline(w, k, st, &nst, &wbad) && told_commands(st, nst);

	if (ok && wbad) {  /* a told shape over a value that is not known */
		if (!*bad)
			*bad = wbad, wbad = NULL;
		ok = false;
	}
	free(wbad);
	ok = ok && run_echo(&st[0], &text);

	for (size_t i = 1; ok && i < nst; i++) {
		bool cut = strcmp(st[i].v[0], "cut") == 0;

		/* line by line, each ending in '\n' */
		for (char *l = text.data, *e; ok && l && *l; l = e + 1) {
			e = strchr(l, '\n');
			*e = '\0';
			if (cut) {
				ok = run_cut(&st[i], l, (size_t)(e - l), &next);
				acm_buf_addc(&next, '\n');
			} else {
				ok = run_sed(&st[i], l, &next);
			}
			ok = ok && next.len <= PIPE_OUT_MAX;
		}
		acm_buf_free(&text);
		text = next;
		next = (struct acm_buf)ACM_BUF_INIT;
	}
	if (ok) {  /* $(...) drops the trailing newlines */
		size_t n = text.len;

		while (n && text.data[n - 1] == '\n')
			n--;
		acm_buf_add(out, text.data, n);
	}
	acm_buf_free(&text);
	stages_free(st, nst);
	return ok;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmsconf.c - a dkms.conf read statically, never run (see dkmsconf.h):
 * its words (dkmsword.h) grouped into commands, the assignments among them
 * kept, and the fields the kmod build needs taken out. An assignment value
 * is neither split nor globbed; a command value (MAKE[0]) is split again
 * when dkms evals it (dkmscmd.h). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dkmsconf.h"
#include "dkmspipe.h"
#include "dkmstest.h"
#include "dkmsword.h"
#include "fileio.h"

#define VARS_MAX 1024
#define WARN_MAX 16
#define IF_MAX 16
#define KCONFIG_MAX (8u << 20)

struct acm_dkmsconf_var {
	char *name;
	long index;      /* -1: the whole array is unknown */
	char *value;     /* NULL when unknown */
	char *unknown;   /* why: "line N: ..." */
	unsigned line;
};

/* set by dkms at build time: kept as ${NAME} until a kernel is known */
static const char *const runtime_vars[] = { "kernelver", "kernel_source_dir", "dkms_tree",
	"source_tree", "module", "module_version", NULL };

static bool is_runtime(const char *name)
{
	for (size_t i = 0; runtime_vars[i]; i++)
		if (strcmp(runtime_vars[i], name) == 0)
			return true;
	return false;
}

/* ---- variables ------------------------------------------------------------ */

static const struct acm_dkmsconf_var *var_get(const struct acm_dkmsconf *c, const char *name,
					      long index)
{
	const struct acm_dkmsconf_var *whole = NULL;

	for (size_t i = 0; i < c->nvars; i++) {
		if (strcmp(c->vars[i].name, name) != 0)
			continue;
		if (c->vars[i].index == index)
			return &c->vars[i];
		if (c->vars[i].index == -1)
			whole = &c->vars[i];
	}
	return whole;
}

const char *acm_dkmsconf_value(const struct acm_dkmsconf *c, const char *name)
{
	const struct acm_dkmsconf_var *v = var_get(c, name, 0);

	return v ? v->value : NULL;
}

static void var_drop(struct acm_dkmsconf *c, const char *name, long index)
{
	size_t k = 0;

	for (size_t i = 0; i < c->nvars; i++) {
		struct acm_dkmsconf_var *v = &c->vars[i];

		if (strcmp(v->name, name) == 0 && (index < 0 || v->index == index || v->index == -1)) {
			free(v->name);
			free(v->value);
			free(v->unknown);
		} else {
			c->vars[k++] = *v;
		}
	}
	c->nvars = k;
}

/* value NULL: unknown for the reason why */
static void var_set(struct acm_dkmsconf *c, const char *name, long index, const char *value,
		    const char *why, unsigned line)
{
	struct acm_dkmsconf_var *v;
	const struct acm_dkmsconf_var *whole = index >= 0 ? var_get(c, name, -1) : NULL;

	if (whole && whole->index == -1)
		return;  /* an unknown array stays unknown */
	var_drop(c, name, index);
	if (c->nvars >= VARS_MAX)
		return;  /* checked by the caller */
	c->vars = acm_xrealloc(c->vars, (c->nvars + 1) * sizeof *c->vars);
	v = &c->vars[c->nvars++];
	v->name = acm_xstrdup(name);
	v->index = index;
	v->value = value ? acm_xstrdup(value) : NULL;
	v->unknown = value ? NULL : acm_xstrdup(why);
	v->line = line;
}

/* ---- the file -------------------------------------------------------------- */

struct cword {
	bool assign, array, quoted;
	char *name;
	long index;      /* -2: not a number */
	char *value;     /* a plain word, or an assignment's value */
	char **elems;    /* NAME=( ... ) */
	size_t nelems;
	char *bad;
};

struct parse {
	struct acm_dkmsconf *c;
	struct acm_dkmsword w;
	int depth;       /* inside if/case/loops/braces: assignments there are conditional */
	struct cword *words;
	size_t nwords;
	char *oper;      /* the command has a shell operator: why */
	unsigned cmd_line;
	struct acm_buf cmdlines;  /* lines of shell commands (not run) */
	unsigned ncmdlines;
	const struct acm_dkmstest_kernel *k;  /* the kernel it is read for, or NULL */
	char *kconfig;   /* the kernel's .config, once the file sources it */
	/* the if ... fi and case ... esac blocks decided for k: the branch
	 * being read is taken (TRUE), not (FALSE) or cannot be told (UNKNOWN:
	 * why) */
	struct ifblock {
		enum acm_dkmstest_result branch;
		bool taken, maybe;   /* an earlier branch was taken / may have been */
		char *why;
		bool is_case;
		unsigned line;       /* of its if or case */
		char *word;          /* a case's word, NULL when it cannot be told (word_why) */
		char *word_why;
	} ifs[IF_MAX];
	size_t nifs;
};

/* Are the commands being read run, for the kernel? UNKNOWN sets *why. */
static enum acm_dkmstest_result running(const struct parse *ps, const char **why)
{
	enum acm_dkmstest_result r = ACM_DKMSTEST_TRUE;

	for (size_t i = 0; i < ps->nifs; i++) {
		if (ps->ifs[i].branch == ACM_DKMSTEST_FALSE)
			return ACM_DKMSTEST_FALSE;
		if (ps->ifs[i].branch == ACM_DKMSTEST_UNKNOWN && r == ACM_DKMSTEST_TRUE) {
			r = ACM_DKMSTEST_UNKNOWN;
			*why = ps->ifs[i].why;
		}
	}
	return r;
}

static void expand_file(void *ud, const char *name, struct acm_buf *out, char **bad)
{
	struct parse *ps = ud;
	const struct acm_dkmsconf_var *v = var_get(ps->c, name, 0);

	char *kv;

	if (v && v->value) {
		acm_buf_adds(out, v->value);
	} else if (v) {
		char *why = acm_xasprintf("uses $%s, which is not static (%s)", name, v->unknown);

		acm_dkmsword_bad(bad, ps->w.line, why);
		free(why);
	} else if (ps->kconfig && strncmp(name, "CONFIG_", 7) == 0) {
		/* sourced from the kernel's .config: an option it does not set is empty */
		kv = acm_dkmstest_kconfig(ps->kconfig, name);
		if (kv)
			acm_buf_adds(out, kv);
		free(kv);
	} else if (is_runtime(name) || strcmp(name, "PACKAGE_NAME") == 0 ||
		   strcmp(name, "PACKAGE_VERSION") == 0) {
		acm_buf_addf(out, "${%s}", name);
	} else {
		char *why = acm_xasprintf("uses $%s, which dkms.conf does not set", name);

		acm_dkmsword_bad(bad, ps->w.line, why);
		free(why);
	}
}

/* $(...) and `...`: the echo | cut / sed pipelines dkmstest.h tells, read
 * with the file's variables; any other command is never run. */
static bool subst_file(struct acm_dkmsword *w, const char *cmd, size_t len, struct acm_buf *out,
		       char **bad)
{
	struct parse *ps = w->ud;
	struct acm_dkmsword in = { .p = cmd, .end = cmd + len, .line = w->line,
				   .expand = expand_file, .ud = ps, .subst = subst_file,
				   .depth = w->depth + 1 };

	return acm_dkmspipe_output(&in, ps->k, out, bad);
}

static void block_pop(struct parse *ps)
{
	struct ifblock *b = &ps->ifs[--ps->nifs];

	free(b->why);
	free(b->word);
	free(b->word_why);
}

static bool in_case(const struct parse *ps)
{
	return ps->nifs && ps->ifs[ps->nifs - 1].is_case;
}

static void set_error(struct parse *ps, char *msg)
{
	if (!ps->c->error)
		ps->c->error = msg;
	else
		free(msg);
}

static void warn(struct acm_dkmsconf *c, unsigned line, const char *what)
{
	if (c->nwarnings >= WARN_MAX)
		return;
	c->warnings = acm_xrealloc(c->warnings, (c->nwarnings + 1) * sizeof *c->warnings);
	c->warnings[c->nwarnings++] = acm_xasprintf("line %u: %s", line, what);
}

static void cword_free(struct cword *cw)
{
	free(cw->name);
	free(cw->value);
	free(cw->bad);
	for (size_t i = 0; i < cw->nelems; i++)
		free(cw->elems[i]);
	free(cw->elems);
}

static void read_word(struct parse *ps)
{
	struct cword cw = { 0 };
	struct acm_buf b = ACM_BUF_INIT;
	const char *v = acm_dkmsword_assign(&ps->w, ps->w.p, ps->w.end, &cw.name, &cw.index);

	if (v) {
		cw.assign = true;
		ps->w.p = v;
		if (v < ps->w.end && *v == '(') {  /* NAME=(a b c) */
			cw.array = true;
			ps->w.p++;
			for (;;) {
				acm_dkmsword_skip_blanks(&ps->w, true);
				if (ps->w.p >= ps->w.end) {
					acm_dkmsword_bad(&cw.bad, ps->w.line, "an array '(' that never closes");
					break;
				}
				if (*ps->w.p == ')') {
					ps->w.p++;
					break;
				}
				if (acm_dkmsword_is_end((unsigned char)*ps->w.p)) {
					acm_dkmsword_bad(&cw.bad, ps->w.line, "a shell operator inside an array");
					ps->w.p++;
					continue;
				}
				acm_dkmsword_lex(&ps->w, &b, &cw.bad, &cw.quoted);
				cw.elems = acm_xrealloc(cw.elems, (cw.nelems + 1) * sizeof *cw.elems);
				cw.elems[cw.nelems++] = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
				if (cw.nelems > ACM_DKMSWORD_INDEX_MAX) {
					acm_dkmsword_bad(&cw.bad, ps->w.line, "an array of over 255 entries");
					break;
				}
			}
		} else {
			acm_dkmsword_lex(&ps->w, &b, &cw.bad, &cw.quoted);
		}
	} else {
		acm_dkmsword_lex(&ps->w, &b, &cw.bad, &cw.quoted);
	}
	cw.value = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	ps->words = acm_xrealloc(ps->words, (ps->nwords + 1) * sizeof *ps->words);
	ps->words[ps->nwords++] = cw;
}

static bool is_kw(const struct cword *cw, const char *const *kws)
{
	if (cw->assign || cw->quoted)
		return false;
	for (size_t i = 0; kws[i]; i++)
		if (strcmp(cw->value, kws[i]) == 0)
			return true;
	return false;
}

static const char *const kw_open[] = { "if", "case", "for", "while", "until", "select", "{", NULL };
static const char *const kw_close[] = { "fi", "esac", "done", "}", NULL };
static const char *const kw_mid[] = { "then", "else", "elif", "do", "!", NULL };

static void assign(struct parse *ps, const struct cword *cw)
{
	struct acm_dkmsconf *c = ps->c;
	unsigned line = ps->cmd_line;
	const char *ifwhy = NULL;
	enum acm_dkmstest_result run = running(ps, &ifwhy);

	if (run == ACM_DKMSTEST_FALSE)
		return;  /* a branch not taken for this kernel */
	if (c->nvars >= VARS_MAX) {
		if (!c->error)
			c->error = acm_xasprintf("line %u: over %d variables", line, VARS_MAX);
		return;
	}
	if (ps->depth > 0) {
		char *why = acm_xasprintf("line %u: set inside an if, case, loop or function, "
					  "which only running the file decides", line);

		var_set(c, cw->name, cw->array || cw->index == -2 ? -1 : cw->index, NULL, why, line);
		free(why);
	} else if (run == ACM_DKMSTEST_UNKNOWN) {
		char *why = acm_xasprintf("line %u: set inside an if that cannot be decided for the "
					  "kernel (%s)", line, ifwhy);

		var_set(c, cw->name, cw->array || cw->index == -2 ? -1 : cw->index, NULL, why, line);
		free(why);
	} else if (cw->index == -2) {
		char *why = acm_xasprintf("line %u: an array index that is not a number or a variable holding "
					  "one", line);

		var_set(c, cw->name, -1, NULL, why, line);
		free(why);
	} else if (cw->bad) {
		var_set(c, cw->name, cw->array ? -1 : cw->index, NULL, cw->bad, line);
	} else if (cw->array) {
		var_drop(c, cw->name, -1);
		for (size_t i = 0; i < cw->nelems; i++)
			var_set(c, cw->name, (long)i, cw->elems[i], NULL, line);
	} else {
		var_set(c, cw->name, cw->index, cw->value, NULL, line);
	}
}

/* ". $kernel_source_dir/.config": the kernel's options as variables. The
 * file is read, never sourced. false: another file, left as a command. */
static bool source_kconfig(struct parse *ps, const struct cword *arg)
{
	char *path, *text = NULL;
	size_t len;
	int e;

	if (!ps->k || arg->bad || strcmp(arg->value, "${kernel_source_dir}/.config") != 0)
		return false;
	path = acm_xasprintf("%s/.config", ps->k->kernel_source_dir);
	e = acm_read_file(path, &text, &len, KCONFIG_MAX);
	if (e && !ps->c->error)
		ps->c->error = acm_xasprintf("line %u: it reads the kernel's %s: %s", ps->cmd_line, path,
					     acm_input_strerror(-e));
	free(path);
	if (e)
		return true;
	free(ps->kconfig);
	ps->kconfig = text;
	return true;
}

static void end_command(struct parse *ps)
{
	size_t k = 0, i;
	bool all_assign;

	const char *ifwhy = NULL;

	/* reserved words that begin or end compound commands */
	while (k < ps->nwords && (is_kw(&ps->words[k], kw_close) || is_kw(&ps->words[k], kw_mid))) {
		const struct cword *w = &ps->words[k];

		if (is_kw(w, kw_close) && ps->depth > 0) {
			ps->depth--;
		} else if (in_case(ps) && !ps->depth &&
			   (strcmp(w->value, "fi") == 0 || strcmp(w->value, "else") == 0)) {
			set_error(ps, acm_xasprintf("line %u: '%s' inside a case item, with no if open "
						    "there", ps->cmd_line, w->value));
		} else if (ps->nifs && strcmp(w->value, "fi") == 0) {
			block_pop(ps);
		} else if (ps->nifs && !ps->depth && strcmp(w->value, "else") == 0) {
			struct ifblock *b = &ps->ifs[ps->nifs - 1];

			b->branch = b->taken ? ACM_DKMSTEST_FALSE : b->maybe ? ACM_DKMSTEST_UNKNOWN
									     : ACM_DKMSTEST_TRUE;
		}
		k++;
	}
	if (running(ps, &ifwhy) == ACM_DKMSTEST_FALSE && !ps->depth) {
		/* not run for this kernel: only its compound words count */
		for (i = k; i < ps->nwords; i++)
			if (is_kw(&ps->words[i], kw_open))
				ps->depth++;
		k = ps->nwords;
		free(ps->oper);
		ps->oper = NULL;
	}
	if (k + 2 == ps->nwords && !ps->oper && !ps->depth && !ps->words[k].quoted &&
	    strcmp(ps->words[k].value, ".") == 0 && source_kconfig(ps, &ps->words[k + 1]))
		k = ps->nwords;
	all_assign = k < ps->nwords && !ps->oper;
	for (i = k; i < ps->nwords; i++)
		all_assign &= ps->words[i].assign;
	if (all_assign) {
		for (i = k; i < ps->nwords; i++)
			assign(ps, &ps->words[i]);
	} else if (k < ps->nwords || ps->oper) {
		int depth0 = ps->depth;

		for (i = k; i < ps->nwords; i++) {
			if (is_kw(&ps->words[i], kw_open))
				ps->depth++;
			else if (is_kw(&ps->words[i], kw_close) && ps->depth > 0)
				ps->depth--;
		}
		/* one note for all of them; a block's inner lines go with its first */
		if (depth0 == 0 && ps->ncmdlines < 8)
			acm_buf_addf(&ps->cmdlines, "%s%u", ps->ncmdlines ? ", " : "", ps->cmd_line);
		ps->ncmdlines += depth0 == 0;
	}
	for (i = 0; i < ps->nwords; i++)
		cword_free(&ps->words[i]);
	ps->nwords = 0;
	free(ps->oper);
	ps->oper = NULL;
}

/* ---- what dkms.conf says ---------------------------------------------------- */

static const struct acm_dkmsconf_var *field(struct acm_dkmsconf *c, const char *name, long index,
					    bool needed)
{
	const struct acm_dkmsconf_var *v = var_get(c, name, index);

	if (v && !v->value && needed && !c->error) {
		if (index > 0 || v->index > 0 || (v->index == -1 && index > 0))
			c->error = acm_xasprintf("%s[%ld] is not static (%s); mx2g-pack reads dkms.conf "
						 "without running it: write the value out", name,
						 index, v->unknown);
		else
			c->error = acm_xasprintf("%s is not static (%s); mx2g-pack reads dkms.conf "
						 "without running it: write the value out", name,
						 v->unknown);
	}
	return v && v->value ? v : NULL;
}

static char *path_field(struct acm_dkmsconf *c, const char *name, long index)
{
	const struct acm_dkmsconf_var *v = field(c, name, index, true);

	if (!v)
		return NULL;
	if (strchr(v->value, '$') && !c->error)
		c->error = acm_xasprintf("line %u: %s[%ld] '%.64s' depends on the kernel; a module "
					 "path must be the same for every kernel", v->line, name,
					 index, v->value);
	return acm_xstrdup(v->value);
}

static char *meta_field(struct acm_dkmsconf *c, const char *name)
{
	const struct acm_dkmsconf_var *v = var_get(c, name, 0);
	char *what;

	if (!v)
		return NULL;
	if (!v->value) {
		what = acm_xasprintf("%s is not static (%s); ignored", name, v->unknown);
	} else if (!*v->value || strlen(v->value) > 64 || strpbrk(v->value, "$ \t\n/\\'\"")) {
		what = acm_xasprintf("%s '%.64s' is not one plain word; ignored", name, v->value);
	} else {
		return acm_xstrdup(v->value);
	}
	warn(c, v->line, what);
	free(what);
	return NULL;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static void extract(struct acm_dkmsconf *c)
{
	long idx[VARS_MAX];
	size_t n = 0;
	const struct acm_dkmsconf_var *v;

	c->package_name = meta_field(c, "PACKAGE_NAME");
	c->package_version = meta_field(c, "PACKAGE_VERSION");
	for (size_t i = 0; i < c->nvars; i++) {
		if (strcmp(c->vars[i].name, "BUILT_MODULE_NAME") != 0)
			continue;
		if (c->vars[i].index < 0) {
			field(c, "BUILT_MODULE_NAME", -1, true);
			return;
		}
		idx[n++] = c->vars[i].index;
	}
	if (n)
		qsort(idx, n, sizeof *idx, cmp_long);
	for (size_t i = 0; i < n && !c->error; i++) {
		struct acm_dkmsconf_module *m;

		v = field(c, "BUILT_MODULE_NAME", idx[i], true);
		if (!v)
			break;
		c->mods = acm_xrealloc(c->mods, (c->nmods + 1) * sizeof *c->mods);
		m = &c->mods[c->nmods++];
		memset(m, 0, sizeof *m);
		m->name = path_field(c, "BUILT_MODULE_NAME", idx[i]);
		m->location = path_field(c, "BUILT_MODULE_LOCATION", idx[i]);
		if (!m->location)
			m->location = acm_xstrdup("");
		m->dest = path_field(c, "DEST_MODULE_LOCATION", idx[i]);
	}
	if (c->error)
		return;
	if ((v = field(c, "MAKE", 0, true))) {
		c->make = acm_xstrdup(v->value);
		c->make_line = v->line;
	}
	if ((v = field(c, "PRE_BUILD", 0, true))) {
		c->pre_build = acm_xstrdup(v->value);
		c->pre_build_line = v->line;
	}
	if ((v = field(c, "POST_BUILD", 0, true))) {
		c->post_build = acm_xstrdup(v->value);
		c->post_build_line = v->line;
	}
	if ((v = field(c, "CLEAN", 0, false)))
		c->clean = acm_xstrdup(v->value);
	if ((v = var_get(c, "MAKE_MATCH", 0)) || (v = var_get(c, "MAKE", 1)))
		warn(c, v->line, "MAKE[1..] and MAKE_MATCH[] (a make line per kernel pattern) are "
		     "not read; MAKE[0] builds for every kernel");
}

static bool kw_at(const struct acm_dkmsword *w, const char *kw)
{
	size_t n = strlen(kw);

	return (size_t)(w->end - w->p) >= n && memcmp(w->p, kw, n) == 0 &&
	       (w->p + n == w->end || strchr(" \t\n;", w->p[n]));
}

/* The branch that begins (an elif's or a case item's) is r, unless an
 * earlier one of its block was (or may have been) taken. Takes why. */
static void next_branch(struct parse *ps, enum acm_dkmstest_result r, char *why)
{
	struct ifblock *b = &ps->ifs[ps->nifs - 1];

	if (b->taken) {
		r = ACM_DKMSTEST_FALSE;
	} else if (b->maybe && r != ACM_DKMSTEST_FALSE && !why) {
		r = ACM_DKMSTEST_UNKNOWN;
		why = acm_xasprintf("line %u: an earlier branch of this %s cannot be decided",
				    ps->cmd_line, b->is_case ? "case" : "if");
	}
	free(b->why);
	b->why = why;
	b->branch = r;
	b->taken |= r == ACM_DKMSTEST_TRUE;
	b->maybe |= r == ACM_DKMSTEST_UNKNOWN;
}

/* "if COND; then" or "elif COND; then" at w.p: the branch that follows is
 * decided for the kernel (dkmstest.h). */
static void if_line(struct parse *ps)
{
	bool elif = ps->w.p[0] == 'e';
	char *why = NULL;
	enum acm_dkmstest_result r;

	ps->w.p += elif ? 4 : 2;
	r = acm_dkmstest_cond(&ps->w, ps->k, &why);
	if (!elif) {
		if (ps->nifs >= IF_MAX) {
			if (!ps->c->error)
				ps->c->error = acm_xasprintf("line %u: ifs nested over %d deep", ps->cmd_line,
							     IF_MAX);
			free(why);
			return;
		}
		ps->ifs[ps->nifs++] = (struct ifblock){ r, r == ACM_DKMSTEST_TRUE,
							r == ACM_DKMSTEST_UNKNOWN, why,
							.line = ps->cmd_line };
		return;
	}
	if (!ps->nifs || in_case(ps)) {
		if (!ps->c->error)
			ps->c->error = acm_xasprintf("line %u: an elif with no if", ps->cmd_line);
		free(why);
		return;
	}
	next_branch(ps, r, why);
}

/* The next item of the case being read (or its esac). */
static void case_item(struct parse *ps)
{
	struct ifblock *b = &ps->ifs[ps->nifs - 1];
	enum acm_dkmstest_result r;
	char *why = NULL;

	switch (acm_dkmstest_case_item(&ps->w, b->word, b->line, &r, &why)) {
	case ACM_DKMSTEST_ESAC:
		block_pop(ps);
		return;
	case ACM_DKMSTEST_BROKEN:
		set_error(ps, why);
		return;
	case ACM_DKMSTEST_ITEM:
		break;
	}
	if (r == ACM_DKMSTEST_UNKNOWN && !why)
		why = acm_xstrdup(b->word_why);
	next_branch(ps, r, why);
}

/* "case WORD in" at w.p: its items are decided for the kernel like an
 * if's branches (dkmstest.h), one pattern list at a time. */
static void case_line(struct parse *ps)
{
	char *word = NULL, *why = NULL;

	ps->w.p += 4;
	if (acm_dkmstest_case(&ps->w, ps->k, &word, &why)) {
		set_error(ps, why);
		return;
	}
	if (ps->nifs >= IF_MAX) {
		set_error(ps, acm_xasprintf("line %u: ifs and cases nested over %d deep",
					    ps->cmd_line, IF_MAX));
		free(word);
		free(why);
		return;
	}
	ps->ifs[ps->nifs++] = (struct ifblock){ ACM_DKMSTEST_FALSE, .is_case = true,
						.line = ps->cmd_line, .word = word,
						.word_why = why };
	case_item(ps);
}

int acm_dkmsconf_parse(const char *text, size_t len, struct acm_dkmsconf *c)
{
	return acm_dkmsconf_parse_kernel(text, len, NULL, c);
}

int acm_dkmsconf_parse_kernel(const char *text, size_t len, const struct acm_dkmstest_kernel *k,
			      struct acm_dkmsconf *c)
{
	struct parse ps = { .c = c, .k = k };

	memset(c, 0, sizeof *c);
	ps.w = (struct acm_dkmsword){ .p = text, .end = text + len, .line = 1, .expand = expand_file,
				      .ud = &ps, .subst = subst_file };
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7f) {
			unsigned line = 1;

			for (size_t j = 0; j < i; j++)
				line += text[j] == '\n';
			c->error = acm_xasprintf("line %u: a control character (0x%02x); not a text file",
						 line, ch);
			return -1;
		}
	}
	ps.cmd_line = 1;
	while (ps.w.p < ps.w.end && !c->error) {
		char ch;

		acm_dkmsword_skip_blanks(&ps.w, false);
		if (ps.w.p >= ps.w.end)
			break;
		ch = *ps.w.p;
		if (!ps.nwords && !ps.oper)
			ps.cmd_line = ps.w.line;
		if (!ps.nwords && !ps.oper && !ps.depth && (kw_at(&ps.w, "if") || kw_at(&ps.w, "elif"))) {
			if_line(&ps);
			continue;
		}
		if (!ps.nwords && !ps.oper && !ps.depth && kw_at(&ps.w, "case")) {
			case_line(&ps);
			continue;
		}
		if (!ps.nwords && !ps.oper && !ps.depth && in_case(&ps) && kw_at(&ps.w, "esac")) {
			ps.w.p += 4;
			block_pop(&ps);
			continue;
		}
		if (ch == ';' && !ps.depth && in_case(&ps) && ps.w.p + 1 < ps.w.end &&
		    (ps.w.p[1] == ';' || ps.w.p[1] == '&')) {
			/* ";;" ends a case item; bash's ";&" and ";;&" fall through */
			bool amp = ps.w.p[1] == '&' || (ps.w.p + 2 < ps.w.end && ps.w.p[2] == '&');

			ps.w.p += 2;
			end_command(&ps);
			if (amp)
				set_error(&ps, acm_xasprintf("line %u: ';&' or ';;&' (a case item that "
							     "falls through) is not read", ps.w.line));
			else
				case_item(&ps);
			continue;
		}
		if (ch == '\n' || ch == ';') {
			if (ch == '\n')
				ps.w.line++;
			ps.w.p++;
			end_command(&ps);
		} else if (ch == '#') {
			while (ps.w.p < ps.w.end && *ps.w.p != '\n')
				ps.w.p++;
		} else if (acm_dkmsword_is_end((unsigned char)ch)) {
			if (!ps.oper)
				ps.oper = acm_xasprintf("the shell operator '%c' needs the shell", ch);
			ps.w.p++;
		} else {
			read_word(&ps);
		}
	}
	end_command(&ps);
	if (ps.nifs)
		set_error(&ps, acm_xasprintf("line %u: %s without its %s", ps.ifs[ps.nifs - 1].line,
					     in_case(&ps) ? "a case" : "an if",
					     in_case(&ps) ? "esac" : "fi"));
	free(ps.words);
	free(ps.kconfig);
	while (ps.nifs)
		block_pop(&ps);
	if (ps.ncmdlines) {
		char *what = acm_xasprintf(
			"%s %s%s: shell code, not variable assignments, and never run (dkms.conf "
			"is read, not run); what it would set is unknown", ps.ncmdlines > 1 ? "lines" : "line",
			acm_buf_str(&ps.cmdlines), ps.ncmdlines > 8 ? " and more" : "");

		c->warnings = acm_xrealloc(c->warnings, (c->nwarnings + 1) * sizeof *c->warnings);
		c->warnings[c->nwarnings++] = what;
	}
	acm_buf_free(&ps.cmdlines);
	if (!c->error)
		extract(c);
	return c->error ? -1 : 0;
}

void acm_dkmsconf_free(struct acm_dkmsconf *c)
{
	if (!c)
		return;
	free(c->package_name);
	free(c->package_version);
	for (size_t i = 0; i < c->nmods; i++) {
		free(c->mods[i].name);
		free(c->mods[i].location);
		free(c->mods[i].dest);
	}
	free(c->mods);
	free(c->make);
	free(c->pre_build);
	free(c->post_build);
	free(c->clean);
	free(c->error);
	acm_strv_free(c->warnings, c->nwarnings);
	for (size_t i = 0; i < c->nvars; i++) {
		free(c->vars[i].name);
		free(c->vars[i].value);
		free(c->vars[i].unknown);
	}
	free(c->vars);
	memset(c, 0, sizeof *c);
}

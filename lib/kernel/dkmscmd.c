/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmscmd.c - a dkms.conf command value split into argument vectors for
 * one kernel, never run with a shell (see dkmscmd.h). A command value is
 * split again when dkms evals it: words, not one string. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dkmscmd.h"
#include "dkmsword.h"

#define MARK_TREE "\002T"    /* ${dkms_tree} before it is mapped to the build copy */
#define MARK_SRC "\002S"     /* ${source_tree} */
/* an unknown PACKAGE_NAME/VERSION: good only inside the dkms tree path */
#define MARK_NAME "\003N"
#define MARK_VERSION "\003V"

struct cmdctx {
	const struct acm_dkmsconf *c;
	const struct acm_dkmscmd_env *env;
};

static void expand_cmd(void *ud, const char *name, struct acm_buf *out, char **bad)
{
	const struct cmdctx *x = ud;
	const char *val = NULL;

	if (strcmp(name, "kernelver") == 0)
		val = x->env->kernelver;
	else if (strcmp(name, "kernel_source_dir") == 0)
		val = x->env->kernel_source_dir;
	else if (strcmp(name, "dkms_tree") == 0)
		val = MARK_TREE;
	else if (strcmp(name, "source_tree") == 0)
		val = MARK_SRC;
	else if (strcmp(name, "module") == 0 || strcmp(name, "PACKAGE_NAME") == 0)
		val = x->c->package_name ? x->c->package_name : MARK_NAME;
	else if (strcmp(name, "module_version") == 0 || strcmp(name, "PACKAGE_VERSION") == 0)
		val = x->c->package_version ? x->c->package_version : MARK_VERSION;
	else
		val = acm_dkmsconf_value(x->c, name);
	if (val && *val != '\002' && *val != '\003' && strpbrk(val, "\001\002\003\004\005")) {
		acm_dkmsword_bad(bad, 1, "a control character in a value");  /* the marks' bytes */
	} else if (val) {
		acm_buf_adds(out, val);
	} else {
		char *why = acm_xasprintf("$%s has no value mx2g-pack knows", name);

		acm_dkmsword_bad(bad, 1, why);
		free(why);
	}
}

/* /lib/modules/$kernelver/build is where dkms finds the kernel's build
 * tree by default ($kernel_source_dir): the kernel mx2g-pack was given,
 * which need not be installed on the build host. Takes word. */
static char *lib_modules_build(const struct cmdctx *x, char *word)
{
	char *lmb = acm_xasprintf("/lib/modules/%s/build", x->env->kernelver), *hit;
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = word;

	while ((hit = strstr(p, lmb))) {
		acm_buf_add(&b, p, (size_t)(hit - p));
		acm_buf_adds(&b, x->env->kernel_source_dir);
		p = hit + strlen(lmb);
	}
	free(lmb);
	if (p == word)
		return word;
	acm_buf_adds(&b, p);
	free(word);
	return acm_buf_steal(&b);
}

/* ${dkms_tree}/NAME/VERSION/build and ${source_tree}/NAME-VERSION are the
 * build copy; nothing else of dkms's trees exists in an rpmbuild. */
static char *map_trees(const struct cmdctx *x, const char *word, char **bad)
{
	struct acm_buf b = ACM_BUF_INIT;
	const char *pn = x->c->package_name ? x->c->package_name : MARK_NAME;
	const char *pv = x->c->package_version ? x->c->package_version : MARK_VERSION;

	for (const char *p = word; *p;) {
		if (*p != '\002') {
			acm_buf_addc(&b, *p++);
			continue;
		}
		char *want = p[1] == 'T' ? acm_xasprintf("/%s/%s/build", pn, pv)
					 : acm_xasprintf("/%s-%s", pn, pv);
		size_t n = strlen(want);

		if (strncmp(p + 2, want, n) != 0 || (p[2 + n] && p[2 + n] != '/')) {
			acm_dkmsword_bad(bad, 1, p[1] == 'T'
				? "$dkms_tree other than ${dkms_tree}/$PACKAGE_NAME/$PACKAGE_VERSION/build "
				  "has no counterpart in an rpmbuild"
				: "$source_tree other than ${source_tree}/$PACKAGE_NAME-$PACKAGE_VERSION "
				  "has no counterpart in an rpmbuild");
			free(want);
			break;
		}
		acm_buf_adds(&b, x->env->build_dir);
		p += 2 + n;
		free(want);
	}
	if (b.data && strchr(b.data, '\003'))
		acm_dkmsword_bad(bad, 1, "$PACKAGE_NAME or $PACKAGE_VERSION is not known (see the warning)");
	return lib_modules_build(x, b.data ? acm_buf_steal(&b) : acm_xstrdup(""));
}

static bool is_glob(char ch)
{
	return ch == ACM_DKMSWORD_STAR || ch == ACM_DKMSWORD_QMARK;
}

/* The one rule for a word sh would glob (an unquoted '*' or '?'): dkms.conf
 * files move what their build made with "mv src/MODLOAD-*\/x.ko .", so a
 * pattern may name files of the build copy, relative to it or below
 * ${dkms_tree}/NAME/VERSION/build, and nothing else: no leading '/', no
 * ".." component, no pattern component starting with '.' (".*" matches
 * ".."). A symlink out of the tree is refused with the source (confine.h);
 * one the build makes is caught when the spec's %build runs (kmodspec.c).
 * NULL: fine, else why not. */
static const char *glob_refusal(const char *word, const char *build_dir)
{
	const char *p = word, *mark = *build_dir ? strstr(word, build_dir) : NULL;

	if (mark && mark != word)
		return "a file-name pattern with the build copy's path inside it";
	if (mark) {
		p += strlen(build_dir);
		if (*p && *p != '/')
			return "a file-name pattern that runs on from the build copy's path";
		while (*p == '/')
			p++;
	}
	if (*p == '/')
		return "an absolute file-name pattern reaches outside the build copy";
	while (*p) {
		size_t n = strcspn(p, "/");
		bool glob = false;

		for (size_t i = 0; i < n; i++)
			glob |= is_glob(p[i]);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "a file-name pattern with a '..' component reaches outside the build copy";
		if (glob && p[0] == '.')
			return "a file-name pattern component starting with '.' can match '..'";
		p += n;
		while (*p == '/')
			p++;
	}
	return NULL;
}

/* sh globs neither a command name nor NAME=value before one: there a
 * '*' or '?' is itself, or (the command name) refused. */
static void unglob(char *word)
{
	for (char *p = word; *p; p++)
		if (is_glob(*p))
			*p = *p == ACM_DKMSWORD_STAR ? '*' : '?';
}

void acm_dkmscmd_free(struct acm_dkmscmd *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < cmds[i].argc; k++)
			free(cmds[i].argv[k]);
		free(cmds[i].argv);
	}
	free(cmds);
}

static void push_cmd(struct acm_dkmscmd **cmds, size_t *n)
{
	if (*n && !(*cmds)[*n - 1].argc)
		return;
	*cmds = acm_xrealloc(*cmds, (*n + 1) * sizeof **cmds);
	(*cmds)[(*n)++] = (struct acm_dkmscmd){ 0 };
}

int acm_dkmscmd_split(const struct acm_dkmsconf *c, const char *value,
			 const struct acm_dkmscmd_env *env, struct acm_dkmscmd **cmds,
			 size_t *ncmds, char **why)
{
	struct cmdctx x = { c, env };
	struct acm_dkmsword w = { .p = value, .end = value + strlen(value), .line = 1,
			  .expand = expand_cmd, .ud = &x, .command = true };
	char *bad = NULL;
	int group = 0;          /* ( ... ): dkms runs it in a subshell anyway */
	bool env_prefix = true; /* the command's words so far are NAME=value */

	*cmds = NULL;
	*ncmds = 0;
	*why = NULL;
	push_cmd(cmds, ncmds);
	while (w.p < w.end && !bad) {
		struct acm_dkmscmd *cur = &(*cmds)[*ncmds - 1];
		char ch;

		acm_dkmsword_skip_blanks(&w, false);
		if (w.p >= w.end)
			break;
		ch = *w.p;
		if (ch == '\n' || ch == ';') {
			w.line += ch == '\n';
			w.p++;
			push_cmd(cmds, ncmds);
			env_prefix = true;
		} else if (ch == '&' && w.p + 1 < w.end && w.p[1] == '&') {
			w.p += 2;  /* rpm's build script runs with sh -e: each line must succeed */
			if (!cur->argc)
				acm_dkmsword_bad(&bad, 1, "'&&' with no command before it");
			push_cmd(cmds, ncmds);
			env_prefix = true;
		} else if (ch == '(' && !cur->argc) {
			w.p++;
			group++;
		} else if (ch == ')' && group > 0) {
			w.p++;
			group--;
			push_cmd(cmds, ncmds);
			env_prefix = true;
		} else if (ch == '#') {
			break;
		} else if (acm_dkmsword_is_end((unsigned char)ch)) {
			char *m = acm_xasprintf("the shell operator '%c' (a pipe, redirection, "
						"background job, subshell or ||) cannot run as a "
						"plain command", ch);

			acm_dkmsword_bad(&bad, 1, m);
			free(m);
		} else {
			struct acm_buf b = ACM_BUF_INIT;
			bool quoted;
			char *word, *n = NULL;
			long idx;
			const char *start = w.p;
			bool is_assign = acm_dkmsword_assign(NULL, start, w.end, &n, &idx) != NULL;

			free(n);
			acm_dkmsword_lex(&w, &b, &bad, &quoted);
			if (!b.data && !quoted)
				continue;  /* an empty expansion is no word */
			word = map_trees(&x, b.data ? b.data : "", &bad);
			acm_buf_free(&b);
			if (env_prefix && is_assign) {
				unglob(word);
			} else if (strchr(word, ACM_DKMSWORD_STAR) || strchr(word, ACM_DKMSWORD_QMARK)) {
				const char *no = env_prefix ? "a file-name pattern as the command's name"
							    : glob_refusal(word, env->build_dir);

				if (no)
					acm_dkmsword_bad(&bad, w.line, no);
			}
			/* NAME=value cmd: the variable for that command alone, as env(1) sets it */
			if (env_prefix && is_assign && !cur->argc) {
				cur->argv = acm_xcalloc(2, sizeof *cur->argv);
				cur->argv[cur->argc++] = acm_xstrdup("env");
			}
			env_prefix &= is_assign;
			cur->argv = acm_xrealloc(cur->argv, (cur->argc + 2) * sizeof *cur->argv);
			cur->argv[cur->argc++] = word;
			cur->argv[cur->argc] = NULL;
		}
	}
	if (!bad && group)
		acm_dkmsword_bad(&bad, 1, "a '(' that never closes");
	if (!bad && *ncmds == 1 && !(*cmds)[0].argc)
		bad = acm_xstrdup("line 1: no command");
	if (bad) {
		/* "line 1: " is the value's own first line: say the rest */
		*why = acm_xstrdup(strncmp(bad, "line 1: ", 8) == 0 ? bad + 8 : bad);
		free(bad);
		acm_dkmscmd_free(*cmds, *ncmds);
		*cmds = NULL;
		*ncmds = 0;
		return -1;
	}
	if (!(*cmds)[*ncmds - 1].argc) {  /* the empty one push_cmd left */
		free((*cmds)[*ncmds - 1].argv);
		(*ncmds)--;
	}
	return 0;
}

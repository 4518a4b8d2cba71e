/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmsword.h - one shell word of a dkms.conf, read without a shell: quotes,
 * backslashes, line continuations, $NAME/${NAME} (filled by the caller's
 * expand), $((N+M)) counters, and $(cmd) / `cmd` whose output the caller's
 * subst can tell without running cmd. What only running the shell could
 * decide - another $(cmd) or `cmd`, ${X:-y}, $1, other arithmetic, and in a
 * command an unquoted '[' or '~' - sets *bad ("line N: why") instead. In a
 * command an unquoted '*' or '?' comes out as ACM_DKMSWORD_STAR or
 * ACM_DKMSWORD_QMARK: the caller decides where sh may glob it (dkmscmd.h).
 * Shared by the file reader (dkmsconf.h), the condition reader (dkmstest.h)
 * and the command splitter (dkmscmd.h). */
#ifndef ACM_DKMSWORD_H
#define ACM_DKMSWORD_H

#include <stdbool.h>

#include "buf.h"

#define ACM_DKMSWORD_INDEX_MAX 255  /* the highest array index read */

struct acm_dkmsword {
	const char *p, *end;
	unsigned line;
	/* append $NAME's value to out, or set *bad */
	void (*expand)(void *ud, const char *name, struct acm_buf *out, char **bad);
	void *ud;
	/* $(cmd) or `cmd` (backslashes inside `` already taken as sh takes
	 * them) whose output the caller can tell without running it (NULL:
	 * none): append it to out and return true, else false: refused as
	 * running cmd, or for the reason subst sets in *bad ("line N: why",
	 * when cmd is a shape it tells but a word of it has no value). w is
	 * the word being read (its ud, line, depth). */
	bool (*subst)(struct acm_dkmsword *w, const char *cmd, size_t len, struct acm_buf *out,
		      char **bad);
	unsigned depth;  /* substitutions this word is nested in */
	bool command;    /* a command's words: an unquoted pattern would be globbed */
	/* a case pattern: quoted and backslashed characters come out with a '\'
	 * before them (literal to fnmatch(3)), and an expansion sets *bad */
	bool pattern;
};

/* An unquoted '*' or '?' in a command word: control characters, which a
 * dkms.conf never holds (the reader refuses them), so never a quoted one. */
#define ACM_DKMSWORD_STAR '\004'
#define ACM_DKMSWORD_QMARK '\005'

#define ACM_DKMSWORD_DEPTH_MAX 4  /* $( $( ... ) ) nested deeper: refused */

bool acm_dkmsword_ident_start(int ch);
bool acm_dkmsword_ident_char(int ch);
/* an unquoted blank, newline or shell operator ends a word */
bool acm_dkmsword_is_end(int ch);
/* *bad = "line N: why", unless already set */
void acm_dkmsword_bad(char **bad, unsigned line, const char *why);
/* Read one word at w->p (not a blank) into out. *quoted: a quote was seen
 * (so "" is an empty argument). */
void acm_dkmsword_lex(struct acm_dkmsword *w, struct acm_buf *out, char **bad, bool *quoted);
/* Step over blanks and line continuations; with newlines, over newlines
 * and comments too. */
void acm_dkmsword_skip_blanks(struct acm_dkmsword *w, bool newlines);
/* NAME= or NAME[N]= at p? Sets *name (malloc'd) and *index (-2: not a
 * number; with w NULL only digits, else N, $i, i+1 over w's variables)
 * and returns where the value starts, or NULL. */
const char *acm_dkmsword_assign(struct acm_dkmsword *w, const char *p, const char *end, char **name,
				long *index);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmake.h - a reader of GNU make text for untrusted Kbuild files and
 * Makefiles: assignments (=, :=, ::=, ?=, +=), $(VAR) and ${VAR}
 * references, $(VAR:.c=.o), line continuations, comments, and the text
 * functions Kbuild files build object lists with (addprefix, addsuffix,
 * patsubst, subst, strip, notdir, sort). Conditionals are read as if every
 * branch were taken; rules, recipes and define blocks are skipped. It never
 * runs anything.
 *
 * Every step of work - each variable reference, each byte expanded, copied
 * or appended by += - is charged to one budget per reader, and values grow
 * in place, so any input costs bounded, linear time and memory. Once the
 * budget is spent the reader stops and says so (acm_kmake_overrun): the
 * caller refuses the file rather than use a half-read one. */
#ifndef ACM_KMAKE_H
#define ACM_KMAKE_H

#include <stdbool.h>
#include <stddef.h>

/* What $(shell pwd) expands to, and what the caller sets $(src) and the
 * like to: the directory make runs in. A marker no make text contains. */
#define ACM_KMAKE_HERE "\x01S\x01"

struct acm_kmake;

struct acm_kmake *acm_kmake_new(void);
void acm_kmake_free(struct acm_kmake *mk);

/* Set a simple (:=) variable, as make's command line would. */
void acm_kmake_set(struct acm_kmake *mk, const char *name, const char *value);

/* Read make text (NUL bytes are dropped, a missing last newline is fine). */
void acm_kmake_read(struct acm_kmake *mk, const char *text, size_t len);

/* The expanded value of a variable ("" when unset); malloc'd. */
char *acm_kmake_value(struct acm_kmake *mk, const char *name);

/* Did a read or an expansion run out of budget (work, value size, nesting
 * depth or number of variables)? Then values are incomplete. */
bool acm_kmake_overrun(const struct acm_kmake *mk);

/* Split s in place into make words (at most 4096); returns pointers into
 * s in an array the caller frees (not the words). */
char **acm_kmake_words(char *s, size_t *nw);

#endif

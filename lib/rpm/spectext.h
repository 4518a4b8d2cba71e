/* SPDX-License-Identifier: GPL-2.0-or-later */
/* spectext.h - the one way a value that came from outside (a source's top
 * directory, its build files, a file name, a license tag, the command line)
 * is written into an RPM spec. rpm expands macros in every spec line -
 * tags, comments, %description, %changelog, %files - and runs %(...) and
 * %{lua:...} while it parses; a newline starts a new line that may be
 * "%post"; a %files line is globbed and searched for %attr/%caps. So each
 * kind of place has one writer here, and nothing else in lib/ escapes for
 * a spec. Every writer appends to b and returns true, or returns false and
 * appends nothing when the value cannot be written (the caller refuses the
 * input with 65 and says which value).
 *
 * The rules, measured with rpm 4.18:
 * - free text (Summary, %description, comments, %changelog): control
 *   characters and '\' become blanks ("\%%(" leaves rpm's line reader
 *   expecting a closing ')'), a byte that is not part of valid UTF-8 becomes
 *   '?' (rpm refuses such a Summary), '%' is doubled, and a value that begins with
 *   '%' gets a leading blank (a line "%%post -p /bin/sh" in %description
 *   is read as a %post section after expansion). The value reads back
 *   literally after rpm's one expansion of the line. rpm also defines tag
 *   macros (%{summary}, %{url}) that expand their value again where used:
 *   the specs acmtools writes never use them.
 * - a word (Name, Version, Release, kernel versions, paths in commands):
 *   letters, digits and "._+-~^/@:,=" only, not empty; no '%' at all.
 * - a URL: one token of printable ASCII, no quote, backslash, braces or
 *   '<>|^`'; '%' only as %XX percent-encoding, doubled (a second expansion
 *   of %{url} then meets "%2F" or "%AB": never %(, %{ or %[).
 * - a License: an SPDX expression (spdx.h).
 * - a %files name (an installed file): no control characters. rpm globs
 *   these lines ('*?[]{}') and takes "%attr(...)", "%caps(...)" and the like
 *   out of them after expansion, doubled '%' or not. A name with blanks is
 *   put in double quotes, where rpm neither globs nor splits, when it has
 *   no '%', '"' or '\'; any other name is written unquoted with each of
 *   ' %*?[]{}\"' as '?', which matches the character itself (and, in the
 *   same directory, a name that differs just there).
 * - a %doc/%license name (a file in the source): rpm copies these with a
 *   shell script that it macro-expands first and that quotes nothing but
 *   blanks, so "README$(cmd)" or "README.%(cmd)" run at build time: only
 *   letters, digits, blanks and "._+-~^/@:,=" are written (blanks quoted).
 * - a shell word in a build section: a word as it is, else single-quoted
 *   with "'" as '\'' and '%' doubled; control characters and '\' refused. */
#ifndef ACM_SPECTEXT_H
#define ACM_SPECTEXT_H

#include <stdbool.h>

#include "buf.h"

void acm_spectext_text(struct acm_buf *b, const char *s);
bool acm_spectext_word(struct acm_buf *b, const char *s);
bool acm_spectext_is_word(const char *s);
bool acm_spectext_url(struct acm_buf *b, const char *s);
bool acm_spectext_license(struct acm_buf *b, const char *expr);
/* macro: NULL, or an rpm directory macro written first ("_libdir" ->
 * "%{_libdir}"); name: the rest of the path. */
bool acm_spectext_file(struct acm_buf *b, const char *macro, const char *name);
bool acm_spectext_doc(struct acm_buf *b, const char *name);
bool acm_spectext_shell(struct acm_buf *b, const char *s);
/* A shell command line given by the user: '%' doubled, control characters
 * refused (it runs as it is, so it is not quoted). */
bool acm_spectext_command(struct acm_buf *b, const char *s);

/* s for a message: control characters as \n, \t, \xHH. malloc'd. */
char *acm_spectext_show(const char *s);

/* "prog: error: 'ARG': the WHAT 'VALUE' cannot be written into a spec
 * (FIX)", VALUE shown by acm_spectext_show(). Returns false. */
bool acm_spectext_refuse(const char *arg, const char *what, const char *value, const char *fix);

#endif

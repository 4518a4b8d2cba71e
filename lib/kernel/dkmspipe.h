/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmspipe.h - the command substitutions dkms.conf files use to take the
 * kernel version apart, told without a shell. Used by the file reader
 * (dkmsconf.h). */
#ifndef ACM_DKMSPIPE_H
#define ACM_DKMSPIPE_H

#include <stdbool.h>

#include "buf.h"
#include "dkmstest.h"
#include "dkmsword.h"

/* The output of a $(...) or `...` whose command is one of the shapes
 * dkms.conf files use to take a value apart (OpenAFS's, lttng-modules'):
 *   echo WORD... | FILTER [| FILTER]...
 * with FILTER cut -d C -f LIST (LIST: N, N-M, N-, -M joined by ',') or
 * sed [-n] [-e] 's/RE/REPL/[g][p]' (RE: literal characters, '.', ^ and $
 * anchors, \. \- \/ and the groups \([0-9]\+\) and \(.\+\); REPL: literal
 * characters, \N and &). w reads the command's text with the file's
 * expand; ${kernelver} and ${kernel_source_dir} left in its words are
 * filled from k. Appends the output, less its trailing newlines, to out:
 * true. false for any other command (never run) or a word whose value
 * cannot be told; for the latter, when the commands are echo and cut or
 * sed, *bad says why ("line N: uses $X, which is not static (...)"), so
 * a refusal names the line where the value was lost, not this one. */
bool acm_dkmspipe_output(struct acm_dkmsword *w, const struct acm_dkmstest_kernel *k,
			struct acm_buf *out, char **bad);

#endif

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# common.sh - every built tool keeps the common contract: --help/-h/--usage/
# --version exit 0 on stdout, an unknown option exits 64 with "prog: error:",
# a failed write to stdout exits 74, -V and --version print the same line,
# --help has the one shape opts.c gives it (summary, Usage, Options, Common
# options, one Exit status section, the man page), and its man page renders
# without warnings and documents every option --help shows.
. "$top_srcdir/tests/lib.sh"
need_prog man

tools=$(cd "$top_builddir/cmd" && for f in *; do [ -f "$f" ] && [ -x "$f" ] && echo "$f"; done)
[ -n "$tools" ] || { echo "1..1"; echo "not ok 1 - no built tools found in $top_builddir/cmd"; exit 0; }

for t in $tools; do
	expect_exit 0 "$t --help exits 0" "$t" --help
	like "$OUT" "*Usage: $t *" "$t --help shows a Usage line"
	is "$ERR" "" "$t --help writes nothing on stderr"
	like "$OUT" "*For more details see $t(1)*" "$t --help points to its man page"
	help=$OUT
	is "$(printf '%s\n' "$help" | grep -c '^Exit status:')" 1 "$t --help has one Exit status section"
	is "$(printf '%s\n' "$help" | grep -c 'Exit status')" 1 "$t --help says Exit status once"
	is "$(printf '%s\n' "$help" | grep -c '^Common options:$')" 1 "$t --help lists the common options once"
	is "$(printf '%s\n' "$help" | awk 'length($0) > 79' | head -n 3)" "" "$t --help fits in 79 columns"
	is "$(printf '%s\n' "$help" | tail -n 1)" "For more details see $t(1) and acmtools(7)." \
		"$t --help ends by naming its man page"
	expect_exit 0 "$t -h exits 0" "$t" -h
	is "$OUT" "$help" "$t -h prints the same help"
	expect_exit 0 "$t --usage exits 0" "$t" --usage
	expect_exit 0 "$t --version exits 0" "$t" --version
	like "$OUT" "$t (acmtools) [0-9]*" "$t --version names tool and version"
	version=$OUT
	expect_exit 0 "$t -V exits 0" "$t" -V
	is "$OUT" "$version" "$t -V prints what --version prints"
	expect_exit 64 "$t --no-such-option exits 64" "$t" --no-such-option
	like "$ERR" "$t: error: *--no-such-option*" "$t names the bad option"
	like "$ERR" "*Try '$t --help'*" "$t says where to look"
	is "$OUT" "" "$t prints no data on a usage error"
	if [ -w /dev/full ]; then
		expect_exit 74 "$t --help into a full disk exits 74" sh -c "\"$t\" --help >/dev/full"
	fi
	page="$top_srcdir/man/$t.1"
	ok "$t has a man page" test -f "$page"
	if [ -f "$page" ]; then
		warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
		is "$warn" "" "man -l $t.1 renders without warnings"
		missing=""
		for o in $(printf '%s\n' "$help" | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
			esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
			grep -q -- "$esc" "$page" || grep -q -- "$o" "$page" || missing="$missing $o"
		done
		is "$missing" "" "$t.1 documents every option of --help"
	fi
done

page7="$top_srcdir/man/acmtools.7"
warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page7" 2>&1 >/dev/null)
is "$warn" "" "man -l acmtools.7 renders without warnings"
done_testing

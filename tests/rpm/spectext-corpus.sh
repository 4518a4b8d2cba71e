#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# spectext-corpus.sh - the slow half of fuzz_spectext: every input in a
# corpus (tests/fuzz/corpus/fuzz_spectext, or what a fuzz campaign grew) goes
# to the real specgen as --summary, --packager and --url, and the spec it
# writes is read by the real rpmspec. Fails when rpmspec runs anything (a
# canary), finds a scriptlet, or reads the Summary back as anything but the
# documented form of the input; specgen may refuse a value only with 65.
#   tests/rpm/spectext-corpus.sh [CORPUS_DIR] (specgen on PATH)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-$top/tests/fuzz/corpus/fuzz_spectext}
command -v specgen >/dev/null && command -v rpmspec >/dev/null || { echo "needs specgen and rpmspec on PATH" >&2; exit 69; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
CANARY=$w/canary
export CANARY SOURCE_DATE_EPOCH=1700000000
mkdir -p "$w/src/probe-1.0"
printf 'all:\ninstall:\n' > "$w/src/probe-1.0/Makefile"
printf 'Permission is hereby granted, free of charge, to any person obtaining a copy\n' > "$w/src/probe-1.0/LICENSE"
n=0 bad=0
for f in "$corpus"/*; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	v=$(tr -d '\000' < "$f" | head -c 4096)
	for opt in --summary --packager --url; do
		specgen -q --no-probe "$opt" "$v" -o "$w/p.spec" "$w/src/probe-1.0" >/dev/null 2>&1
		rc=$?
		if [ "$rc" = 65 ]; then continue; fi
		if [ "$rc" != 0 ]; then echo "FAIL $f $opt: specgen exit $rc"; bad=$((bad + 1)); continue; fi
		timeout 30 rpmspec -P "$w/p.spec" > "$w/parsed" 2>/dev/null
		timeout 30 rpmspec -q --srpm "$w/p.spec" >/dev/null 2>&1 || { echo "FAIL $f $opt: rpmspec -q cannot read the spec"; bad=$((bad + 1)); }
		if [ -e "$CANARY" ]; then echo "FAIL $f $opt: rpmspec ran a command"; bad=$((bad + 1)); rm -f "$CANARY"; fi
		if grep -qE '^%(pre|post|preun|postun|pretrans|posttrans|trigger[a-z]*)([[:space:]]|$)' "$w/parsed"; then
			echo "FAIL $f $opt: a scriptlet in the parsed spec"; bad=$((bad + 1))
		fi
		# not UTF-8 (RFC 3629, as python3 checks it; glibc's iconv is laxer): spectext
		# writes '?' for the bad bytes, which tr cannot say
		if [ "$opt" = --summary ] && printf '%s' "$v" | python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' 2>/dev/null; then
			got=$(timeout 30 rpmspec -q --srpm --qf '%{summary}' "$w/p.spec" 2>/dev/null)
			want=$(printf '%s' "$v" | tr '\001-\037\177\\' ' ' | sed 's/^ *//; s/ *$//')
			got=$(printf '%s' "$got" | sed 's/^ *//; s/ *$//')
			# nothing left (blanks only): specgen writes its default Summary
			[ -z "$want" ] || [ "$got" = "$want" ] || { echo "FAIL $f: Summary reads back as '$got', not '$want'"; bad=$((bad + 1)); }
		fi
		rm -f "$w/p.spec"
	done
done
echo "spectext-corpus: $n inputs, $bad failures"
[ "$bad" = 0 ]

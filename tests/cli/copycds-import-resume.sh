#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-resume.sh - an import killed with SIGKILL at a chosen
# system call (strace fault injection: at the Nth rename, and in the middle
# of writing a file) leaves no truncated file under a final name, and the
# next run resumes: it copies only what is missing, then nothing at all.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso strace

M=$TMPD/media
mk_f39_tree "$M" 24 100000 6000000
ok "made the ISO" mk_iso "$M" "$TMPD/f39.iso"
total=$(find "$M" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')

# tree_is_clean DEST: every final name holds the medium's full file
tree_is_clean() {
	for f in $(cd "$1" && find . -type f ! -path './.acmtools-*'); do
		cmp -s "$1/$f" "$M/$f" || { echo "bad: $f"; return 1; }
	done
}

kill_at() { # NAME DEST SYSCALL N
	ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -e trace="$3" -e inject="$3":signal=KILL:when="$4" \
		copycds-import -q -p "$2" "$TMPD/f39.iso" >/dev/null 2>&1
	is "$?" 137 "$1: the import was killed"
	ok "$1: no truncated or wrong file under a final name" tree_is_clean "$2/fedora39/x86_64"
	n=$(find "$2/fedora39/x86_64/Packages" -type f 2>/dev/null | wc -l)
	ok "$1: some files were in place before the kill ($n)" test "$n" -gt 0 -a "$n" -lt 25
	expect_exit 1 "$1: --check says the tree is incomplete" copycds-import -p "$2" --check "$TMPD/f39.iso"
	expect_exit 0 "$1: the next run exits 0" copycds-import -p "$2" "$TMPD/f39.iso"
	c=$(field "$OUT" copied)
	ok "$1: it copied only what was missing ($c of $total bytes)" test "$c" -gt 0 -a "$c" -lt "$total"
	ok "$1: the tree is complete" tree_matches "$M" "$2/fedora39/x86_64"
	ok "$1: no temporary files are left" test ! -e "$2/fedora39/x86_64/.acmtools-tmp"
	expect_exit 0 "$1: a third run exits 0" copycds-import -p "$2" "$TMPD/f39.iso"
	is "$(field "$OUT" copied)" 0 "$1: and copies nothing"
}

kill_at "killed at the 10th rename" "$TMPD/r1" renameat2 10
# Count the copy_file_range()s of a whole import (file data moves in the
# kernel, 1 MiB a call); the last six are the big file's chunks, so C-3
# falls inside the big file.
ASAN_OPTIONS=detect_leaks=0 strace -f -c -o "$TMPD/count" -e trace=copy_file_range \
	copycds-import -q -p "$TMPD/scratch" "$TMPD/f39.iso" >/dev/null 2>&1
W=$(awk '$NF == "copy_file_range" {print $4}' "$TMPD/count")
ok "counted the kernel copies of an import ($W)" test "${W:-0}" -gt 10
kill_at "killed in the middle of a file" "$TMPD/r2" copy_file_range $((W - 3))
done_testing

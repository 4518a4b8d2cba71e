#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-interrupt.sh - Ctrl-C (SIGINT) in the middle of copying a
# file: the import says "interrupted: N of M files copied; run again to
# resume", exits 130 (what a shell reports for Ctrl-C), leaves no temporary
# file behind, and the next run resumes to a tree identical to the medium.
# Both copy paths: the kernel copy (plain ISO) and the libarchive stream
# (zisofs). SIGTERM is handled alike; a signal ignored on entry (nohup)
# stays ignored.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso strace python3

M=$TMPD/media
mk_f39_tree "$M" 10 50000 8000000
ok "made the ISO" mk_iso "$M" "$TMPD/f39.iso"
files=$(find "$M" -type f | wc -l)
# zisofs compresses only what shrinks: a text package, last, goes through
# libarchive (which inflates it)
Z=$TMPD/zmedia
cp -r "$M" "$Z"
yes 'a compressible line of a text package' | head -c 8000000 >"$Z/Packages/zbig-1.0-1.fc39.x86_64.rpm"
ok "made a zisofs ISO" sh -c "xorriso -outdev '$TMPD/z.iso' -map '$Z' / -set_filter_r --zisofs / -- -commit >/dev/null 2>&1"

# with_default_signals CMD...: a shell runs background jobs with SIGINT
# ignored; the test wants the disposition a terminal gives. A program, not
# a function, so that $! of a background run is the import itself.
cat >"$TMPD/with_default_signals" <<'PY'
#!/usr/bin/env python3
import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
PY
chmod +x "$TMPD/with_default_signals"
with_default_signals() { "$TMPD/with_default_signals" "$@"; }

# interrupt NAME ISO SYSCALL N SIGNAL [MEDIA]: send SIGNAL at the Nth SYSCALL
# (strace delivers it then, so it lands in the middle of the big file's copy)
interrupt() {
	_m=${6:-$M}
	D=$TMPD/r-$1
	ASAN_OPTIONS=detect_leaks=0 with_default_signals strace -f -o /dev/null -e trace="$3" \
		-e inject="$3":signal="$5":when="$4" copycds-import -q -p "$D" "$2" >"$TMPD/out" 2>"$TMPD/err"
	is "$?" 130 "$1: the import exits 130"
	like "$(cat "$TMPD/err")" "*: interrupted: [0-9]* of $files files copied; run again to resume*" "$1: says what happened"
	n=$(sed -n 's/.*interrupted: \([0-9]*\) of.*/\1/p' "$TMPD/err")
	ok "$1: some but not all files were in place ($n)" test "$n" -gt 0 -a "$n" -lt "$files"
	like "$(cat "$TMPD/out")" "*result=failed code=130*" "$1: the record says it failed"
	ok "$1: no temporary file is left" test ! -e "$D/fedora39/x86_64/.acmtools-tmp"
	ok "$1: no partial file under a final name" test ! -e "$D/fedora39/x86_64/Packages/zbig-1.0-1.fc39.x86_64.rpm"
	expect_exit 0 "$1: the next run resumes" copycds-import -p "$D" "$2"
	c=$(field "$OUT" copied)
	ok "$1: copying only what was missing ($c bytes)" test "$c" -gt 0 -a "$c" -lt "$(find "$_m" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')"
	ok "$1: the tree is identical to the medium" tree_matches "$D/fedora39/x86_64" "$_m"
}

# the big file is last and copied in 1 MiB calls: the 13th is inside it
interrupt "Ctrl-C during a kernel copy" "$TMPD/f39.iso" copy_file_range 13 INT
interrupt "SIGTERM during a kernel copy" "$TMPD/f39.iso" copy_file_range 14 TERM
# zisofs data comes through libarchive and write(); the 4th write of the
# big file's data is well inside it
ASAN_OPTIONS=detect_leaks=0 strace -f -c -o "$TMPD/count" -e trace=write \
	copycds-import -q -p "$TMPD/scratch" "$TMPD/z.iso" >/dev/null 2>&1
W=$(awk '$NF == "write" {print $4}' "$TMPD/count")
ok "counted the writes of a zisofs import ($W)" test "${W:-0}" -gt 12
interrupt "Ctrl-C during a libarchive stream" "$TMPD/z.iso" write $((W - 6)) INT "$Z"

# a real Ctrl-C from another process, at an unknown moment, on a big image
head -c 200000000 /dev/urandom >"$M/Packages/zbig-1.0-1.fc39.x86_64.rpm"
mk_iso "$M" "$TMPD/big.iso"
D=$TMPD/r-kill
ASAN_OPTIONS=detect_leaks=0 "$TMPD/with_default_signals" copycds-import -q -p "$D" "$TMPD/big.iso" >/dev/null 2>"$TMPD/err" &
pid=$!
k=0
while [ $k -lt 500 ] && [ -z "$(ls -A "$D/fedora39/x86_64/.acmtools-tmp" 2>/dev/null)" ]; do sleep 0.01; k=$((k + 1)); done
kill -INT $pid
wait $pid
rc=$?
is "$rc" 130 "a Ctrl-C from outside, while a file is being written, ends the import"
like "$(cat "$TMPD/err")" "*: interrupted: * files copied; run again to resume*" "and it says so"
ok "no temporary file is left" test ! -e "$D/fedora39/x86_64/.acmtools-tmp"
expect_exit 0 "the next run completes it" copycds-import -p "$D" "$TMPD/big.iso"
ok "the tree is identical to the medium" tree_matches "$D/fedora39/x86_64" "$M"

# Ctrl-C stops the whole command: the next medium on the line is not started
mkdir -p "$TMPD/f40/Packages"
printf '1710000000.1\nFedora-Server 40\nx86_64\n' >"$TMPD/f40/.discinfo"
head -c 10000 /dev/urandom >"$TMPD/f40/Packages/a-1-1.fc40.x86_64.rpm"
mk_iso "$TMPD/f40" "$TMPD/f40.iso"
D=$TMPD/r-two
ASAN_OPTIONS=detect_leaks=0 with_default_signals strace -f -o /dev/null -e trace=copy_file_range \
	-e inject=copy_file_range:signal=INT:when=13 copycds-import -q -p "$D" "$TMPD/f39.iso" "$TMPD/f40.iso" \
	>/dev/null 2>&1
is "$?" 130 "two media, Ctrl-C in the first: exit 130"
ok "the second medium was not started" test ! -e "$D/fedora40"

# ignored on entry (nohup): the import runs to its end
D=$TMPD/r-nohup
ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -e trace=copy_file_range -e inject=copy_file_range:signal=HUP:when=13 \
	nohup copycds-import -q -p "$D" "$TMPD/f39.iso" >/dev/null 2>&1
is "$?" 0 "under nohup a SIGHUP is ignored: the import completes"
done_testing

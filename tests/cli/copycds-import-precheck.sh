#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-precheck.sh - several media in one command: every one is
# read and named, and its place in the tree checked, before the first is
# copied. A bad second medium (not an image, missing, unidentifiable, its
# tree blocked by a planted link) or an unusable --path stops the command
# with nothing copied, instead of after the good one was; a thin disc 2
# named before its disc 1 is still named from it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso

mkdir -p "$TMPD/m1/Packages" "$TMPD/m2/Packages" "$TMPD/m3/Packages" "$TMPD/none/Packages"
printf '1700000123.456789\nRocky Linux 9.9\nx86_64\n1\n' >"$TMPD/m1/.discinfo"
head -c 300000 /dev/urandom >"$TMPD/m1/Packages/one-1-1.el9.x86_64.rpm"
# disc 2: the same id, no product line
printf '1700000123.456789\n\nx86_64\n2\n' >"$TMPD/m2/.discinfo"
echo two >"$TMPD/m2/Packages/two-1-1.el9.x86_64.rpm"
printf '1700000999.1\nFedora-Server 39\nx86_64\n' >"$TMPD/m3/.discinfo"
echo three >"$TMPD/m3/Packages/three-1-1.fc39.x86_64.rpm"
echo plain >"$TMPD/none/Packages/plain.rpm"
ok "made DVD1" mk_iso "$TMPD/m1" "$TMPD/DVD1.iso"
ok "made DVD2" mk_iso "$TMPD/m2" "$TMPD/DVD2.iso"
ok "made a Fedora medium" mk_iso "$TMPD/m3" "$TMPD/f39.iso"
ok "made a medium without metadata" mk_iso "$TMPD/none" "$TMPD/none.iso"
echo 'not an image' >"$TMPD/junk.iso"

# nothing_copied NAME ROOT: the root was not even created
nothing_copied() { ok "$1: nothing copied (no tree at all)" test ! -e "$2"; }

expect_exit 65 "DVD1 then a file that is no image: 65" copycds-import -p "$TMPD/a" "$TMPD/DVD1.iso" "$TMPD/junk.iso"
like "$ERR" "*'$TMPD/junk.iso': not an ISO 9660 image*" "the bad medium is named"
nothing_copied "not an image" "$TMPD/a"
is "$OUT" "" "no record: nothing was done"

expect_exit 66 "DVD1 then a medium that does not exist: 66" copycds-import -p "$TMPD/b" "$TMPD/DVD1.iso" "$TMPD/gone.iso"
like "$ERR" "*gone.iso*" "the missing medium is named"
nothing_copied "missing" "$TMPD/b"

expect_exit 65 "DVD1 then a medium nothing names: 65" copycds-import -p "$TMPD/c" "$TMPD/DVD1.iso" "$TMPD/none.iso"
like "$ERR" "*none.iso*could not identify*" "it says what it could not do"
nothing_copied "unidentified" "$TMPD/c"
expect_exit 0 "named with -n/-a, the same pair imports" copycds-import -p "$TMPD/c" -n rocky9.9 -a x86_64 \
	"$TMPD/DVD1.iso" "$TMPD/none.iso"
ok "both are in the tree" test -f "$TMPD/c/rocky9.9/x86_64/Packages/plain.rpm"

# the second medium's tree is a link someone planted: found before DVD1 is copied
mkdir -p "$TMPD/d" "$TMPD/elsewhere"
ln -s "$TMPD/elsewhere" "$TMPD/d/fedora39"
expect_exit 73 "DVD1 then a medium whose tree is a planted link: 73" \
	copycds-import -p "$TMPD/d" "$TMPD/DVD1.iso" "$TMPD/f39.iso"
like "$ERR" "*fedora39*symlink*" "the link is named"
ok "DVD1 was not copied" test ! -e "$TMPD/d/rocky9.9"
ok "nothing went through the link" test -z "$(ls -A "$TMPD/elsewhere")"

echo 'a file' >"$TMPD/rootfile"
expect_exit 73 "--path a regular file, two media: 73" copycds-import -p "$TMPD/rootfile" "$TMPD/DVD1.iso" "$TMPD/f39.iso"
like "$ERR" "*'$TMPD/rootfile': cannot open the tree's root*choose another --path*" "and says so"
is "$(cat "$TMPD/rootfile")" "a file" "the file is untouched"

# a thin disc 2 before its disc 1: both named (disc 1 is read first)
expect_exit 0 "DVD2 DVD1 in that order: both imported" copycds-import -p "$TMPD/e" "$TMPD/DVD2.iso" "$TMPD/DVD1.iso"
l1=$(printf '%s\n' "$OUT" | sed -n 1p)
is "$(field "$l1" osver)/$(field "$l1" arch)/$(field "$l1" disc)" rocky9.9/x86_64/2 "disc 2 takes disc 1's name"
is "$(field "$l1" identified_by)" "disc 1 (same .discinfo id)" "identified_by says how"
ok "disc 2's files are in the set's tree" test -f "$TMPD/e/rocky9.9/x86_64/Packages/two-1-1.el9.x86_64.rpm"
ok "disc 1's too" test -f "$TMPD/e/rocky9.9/x86_64/Packages/one-1-1.el9.x86_64.rpm"
expect_exit 0 "--check on both is 0" copycds-import -p "$TMPD/e" --check "$TMPD/DVD1.iso" "$TMPD/DVD2.iso"

# one medium alone is checked as before; --check of several is not stopped early
expect_exit 1 "--check: a missing tree is reported medium by medium (1)" \
	copycds-import -p "$TMPD/f" --check "$TMPD/DVD1.iso" "$TMPD/f39.iso"
is "$(printf '%s\n' "$OUT" | grep -c '^media=')" 2 "a record for each"

done_testing

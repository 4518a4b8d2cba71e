#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-dedup.sh - two media sharing packages (DVD1 and DVD2 of a
# set filed apart, two point releases): a file byte-identical to one already
# in the provisioning root is shared instead of copied (here, on a
# filesystem without reflinks, hard-linked), and the record says shared=.
# --no-dedup copies. A later --force import of one tree never writes
# through the link into the other: it replaces by rename.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso

R=$TMPD/root
A=$TMPD/a B=$TMPD/b
mkdir -p "$A/Packages" "$B/Packages"
printf '1700000000.1\nRocky Linux 9.4\nx86_64\n' >"$A/.discinfo"
printf '1710000000.1\nRocky Linux 9.5\nx86_64\n' >"$B/.discinfo"
for p in common1 common2 common3; do
	head -c $((100000 + ${#p} * 999)) /dev/urandom >"$A/Packages/$p-1.0-1.el9.x86_64.rpm"
	cp -p "$A/Packages/$p-1.0-1.el9.x86_64.rpm" "$B/Packages/"
done
head -c 20000 /dev/urandom >"$A/Packages/only94-1.0-1.el9.x86_64.rpm"
head -c 30000 /dev/urandom >"$B/Packages/only95-1.0-1.el9.x86_64.rpm"
# the same bytes under another name are found too (by content, not by name)
cp "$A/Packages/common1-1.0-1.el9.x86_64.rpm" "$B/Packages/renamed-1.0-1.el9.x86_64.rpm"
# the same size, other bytes: never shared
head -c "$(stat -c %s "$A/Packages/common2-1.0-1.el9.x86_64.rpm")" /dev/urandom >"$B/Packages/samesize-1-1.el9.x86_64.rpm"
mk_iso "$A" "$TMPD/a.iso"
mk_iso "$B" "$TMPD/b.iso"
size() { stat -c %s "$1"; }
P=Packages/common1-1.0-1.el9.x86_64.rpm

expect_exit 0 "first medium imports" copycds-import -p "$R" -n rocky9.4 -a x86_64 "$TMPD/a.iso"
is "$(field "$OUT" shared)" 0 "shared=0: nothing to share yet"
expect_exit 0 "second medium imports" copycds-import -p "$R" -n rocky9.5 -a x86_64 "$TMPD/b.iso"
want=0
for f in common1 common2 common3 common1; do want=$((want + $(size "$A/Packages/$f-1.0-1.el9.x86_64.rpm"))); done
is "$(field "$OUT" shared)" "$want" "shared= counts the identical files (three packages and the renamed copy)"
total=$(find "$B" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
is "$(field "$OUT" copied)" "$((total - want))" "copied= is the rest"
is "$(stat -c %i "$R/rocky9.5/x86_64/$P")" "$(stat -c %i "$R/rocky9.4/x86_64/$P")" "the identical file is the same inode (hard link)"
is "$(stat -c %i "$R/rocky9.5/x86_64/Packages/renamed-1.0-1.el9.x86_64.rpm")" "$(stat -c %i "$R/rocky9.4/x86_64/$P")" \
	"the renamed copy too"
not_ok "a same-size file with other bytes is not linked" \
	test "$(stat -c %i "$R/rocky9.5/x86_64/Packages/samesize-1-1.el9.x86_64.rpm")" = \
	"$(stat -c %i "$R/rocky9.4/x86_64/Packages/common2-1.0-1.el9.x86_64.rpm")"
ok "its bytes are its own" cmp "$R/rocky9.5/x86_64/Packages/samesize-1-1.el9.x86_64.rpm" "$B/Packages/samesize-1-1.el9.x86_64.rpm"
expect_exit 0 "--check on the second tree: 0" copycds-import -p "$R" -n rocky9.5 -a x86_64 --check "$TMPD/b.iso"
expect_exit 0 "--verify on the second tree" copycds-import -p "$R" -n rocky9.5 -a x86_64 --verify "$TMPD/b.iso"
expect_exit 0 "a re-import of the second tree" copycds-import -p "$R" -n rocky9.5 -a x86_64 "$TMPD/b.iso"
is "$(field "$OUT" copied)/$(field "$OUT" shared)" "0/0" "changes nothing"

# directory media (a mounted DVD) share the same way
expect_exit 0 "a directory medium beside them" copycds-import -p "$R" -n rocky9.5dir -a x86_64 "$B"
is "$(field "$OUT" shared)/$(field "$OUT" copied)" "$total/0" "shares every file: rocky9.5 holds them all"
is "$(stat -c %i "$R/rocky9.5dir/x86_64/$P")" "$(stat -c %i "$R/rocky9.4/x86_64/$P")" "(hard links again)"

# a file in the root that changed since it was recorded is not used, even
# when the change came within the second its recorded mtime names
F94=$R/rocky9.4/x86_64/Packages/only94-1.0-1.el9.x86_64.rpm
m94=$(stat -c %Y "$F94")
printf 'Z' | dd of="$F94" bs=1 seek=5 conv=notrunc status=none
touch -d "@$m94.5" "$F94"
cp "$A/Packages/only94-1.0-1.el9.x86_64.rpm" "$B/Packages/"
mk_iso "$B" "$TMPD/b2.iso"
expect_exit 0 "a third tree" copycds-import -p "$R" -n rocky9.6 -a x86_64 "$TMPD/b2.iso"
ok "a changed file in another tree is not shared (it no longer holds the recorded bytes)" \
	cmp "$R/rocky9.6/x86_64/Packages/only94-1.0-1.el9.x86_64.rpm" "$A/Packages/only94-1.0-1.el9.x86_64.rpm"
cp "$A/Packages/only94-1.0-1.el9.x86_64.rpm" "$R/rocky9.4/x86_64/Packages/" # undo the damage

# --no-dedup copies
expect_exit 0 "--no-dedup import" copycds-import -p "$R" -n rocky9.7 -a x86_64 --no-dedup "$TMPD/b.iso"
is "$(field "$OUT" shared)" 0 "shares nothing"
is "$(field "$OUT" copied)" "$total" "copies every byte"
is "$(stat -c %h "$R/rocky9.7/x86_64/$P")" 1 "its files are its own (one link)"

# --force on one tree replaces a linked file by rename: the other keeps its
# bytes. Here rocky9.5's medium changes the shared package (a respin).
C=$TMPD/c
cp -r "$B" "$C"
head -c 5000 /dev/urandom >>"$C/$P"
mk_iso "$C" "$TMPD/c.iso"
inode=$(stat -c %i "$R/rocky9.4/x86_64/$P")
expect_exit 65 "the respun medium conflicts with the linked file" copycds-import -p "$R" -n rocky9.5 -a x86_64 --no-dedup "$TMPD/c.iso"
expect_exit 0 "--force replaces it" copycds-import -p "$R" -n rocky9.5 -a x86_64 --force "$TMPD/c.iso"
ok "rocky9.5 has the respun file" cmp "$R/rocky9.5/x86_64/$P" "$C/$P"
ok "rocky9.4 still has its own bytes" cmp "$R/rocky9.4/x86_64/$P" "$A/$P"
is "$(stat -c %i "$R/rocky9.4/x86_64/$P")" "$inode" "rocky9.4's file is the same inode, untouched"
expect_exit 0 "--check on rocky9.4: 0" copycds-import -p "$R" -n rocky9.4 -a x86_64 --check "$TMPD/a.iso"
expect_exit 0 "--verify on rocky9.4" copycds-import -p "$R" -n rocky9.4 -a x86_64 --verify "$TMPD/a.iso"

# a tree on another filesystem (a tmpfs mounted in the root): nothing there
# is shared, since a link or clone cannot cross filesystems
R2=$TMPD/root2
mkdir -p "$R2/rocky9.4"
ok "mounted a tmpfs as one tree's OSVER directory" mount -t tmpfs none "$R2/rocky9.4"
at_exit "umount '$R2/rocky9.4'"
expect_exit 0 "first medium into the tmpfs" copycds-import -p "$R2" -n rocky9.4 -a x86_64 "$TMPD/a.iso"
expect_exit 0 "second medium beside it" copycds-import -p "$R2" -n rocky9.5 -a x86_64 "$TMPD/b.iso"
is "$(field "$OUT" shared)" 0 "shares nothing across filesystems"
is "$(field "$OUT" copied)" "$total" "copies every byte"
done_testing

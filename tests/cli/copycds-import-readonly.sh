#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-readonly.sh - --verify of a tree that holds the medium only
# reads: it takes no write lock (it runs while an import holds it) and works
# for a user who may read the tree but not write it (nobody, via setpriv),
# changing nothing; a damaged file is still caught.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_root
need_prog xorriso setpriv flock createrepo_c rpmbuild

# The tree and the image readable by all, as a provisioning tree is.
chmod 755 "$TMPD"
ok "made the medium" mk_el_tree "$TMPD/m" "AlmaLinux" 9.4 x86_64 1 1 productmd
mk_iso "$TMPD/m" "$TMPD/alma.iso"
chmod 644 "$TMPD/alma.iso"
mkdir "$TMPD/bin"
cp "$(command -v copycds-import)" "$TMPD/bin/copycds-import"
R=$TMPD/install
D=$R/alma9.4/x86_64
expect_exit 0 "root imports the medium" copycds-import -p "$R" "$TMPD/alma.iso"
ok "the lock file exists (a run took it)" test -f "$D/.acmtools-lock"

# as_nobody CMD...: run as uid/gid 65534 with no supplementary groups
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
# state: every name, size, mode and mtime in the tree, the lock file's too
state() { find "$R" -printf '%p %s %m %T@ %i\n' | sort; }
ok "nobody may not write the tree" as_nobody sh -c "! touch '$D/x' 2>/dev/null"
state >"$TMPD/before"

expect_exit 0 "--verify as nobody exits 0" as_nobody "$TMPD/bin/copycds-import" -p "$R" --verify "$TMPD/alma.iso"
is "$(field "$OUT" result)" ok "record: result=ok"
is "$(field "$OUT" mismatches)" 0 "record: mismatches=0"
is "$(field "$OUT" copied)" 0 "record: copied=0"
not_ok "no error (no lock file it could not create)" grep -q 'error' "$TMPD/.err"
state >"$TMPD/after"
ok "the tree, manifest and lock file are untouched" cmp "$TMPD/before" "$TMPD/after"

# ---- while an import holds the write lock, --verify does not wait for it
expect_exit 0 "--verify runs while another run holds the lock" \
	flock "$D/.acmtools-lock" "$TMPD/bin/copycds-import" -p "$R" --verify "$TMPD/alma.iso"
expect_exit 0 "as nobody too" flock "$D/.acmtools-lock" setpriv --reuid=65534 --regid=65534 --clear-groups -- \
	"$TMPD/bin/copycds-import" -p "$R" --verify "$TMPD/alma.iso"
expect_exit 75 "(an import proper does wait: 75)" flock "$D/.acmtools-lock" copycds-import -p "$R" --force "$TMPD/alma.iso"

# ---- a damaged file is caught, read-only
m=$(stat -c %Y "$D/images/install.img")
printf 'Z' | dd of="$D/images/install.img" bs=1 seek=100 conv=notrunc 2>/dev/null
touch -d "@$m" "$D/images/install.img"
state >"$TMPD/before"
expect_exit 65 "--verify as nobody catches a flipped byte (65)" as_nobody "$TMPD/bin/copycds-import" -p "$R" --verify "$TMPD/alma.iso"
like "$ERR" "*install.img': checksum mismatch*" "and names the file"
state >"$TMPD/after"
ok "and changes nothing" cmp "$TMPD/before" "$TMPD/after"

# ---- a tree that lacks a file needs an import: nobody cannot, and is told
rm "$D/GPL"
state >"$TMPD/before"
run as_nobody "$TMPD/bin/copycds-import" -p "$R" --verify "$TMPD/alma.iso"
ok "--verify of an incomplete tree as nobody fails (exit $RC)" test "$RC" != 0
like "$ERR" "*cannot create lock file*" "because it would have to import, under the lock"
state >"$TMPD/after"
ok "and changed nothing" cmp "$TMPD/before" "$TMPD/after"
expect_exit 0 "root's --verify imports what is missing, then verifies" copycds-import -p "$R" --force --verify "$TMPD/alma.iso"
ok "the file is back" test -f "$D/GPL"

# ---- a medium with refused entries still imports under --verify
H=$TMPD/h
mkdir -p "$H/Packages"
printf '1700000000.77\nFedora 39\nx86_64\n' >"$H/.discinfo"
echo pkg >"$H/Packages/a-1-1.fc39.x86_64.rpm"
ln -s ../../../../etc/passwd "$H/escape"
mk_iso "$H" "$TMPD/h.iso"
expect_exit 65 "--verify of a fresh tree from a medium with a hostile link: 65 (refused)" \
	copycds-import -p "$TMPD/h-tree" --verify "$TMPD/h.iso"
ok "the rest was imported all the same" test -f "$TMPD/h-tree/fedora39/x86_64/Packages/a-1-1.fc39.x86_64.rpm"
is "$(field "$OUT" mismatches)" 0 "and verified"

done_testing

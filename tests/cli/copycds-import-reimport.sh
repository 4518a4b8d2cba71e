#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-reimport.sh - a re-import of an image listed before takes
# its listing from ROOT/.acmtools-media (never loading libarchive or
# libcrypto), and only while it is the very same image: one rewritten in
# place with the same size and mtime, or swapped for another of the same
# size and mtime, is read again; a damaged or hostile cache file is not
# trusted.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso

R=$TMPD/install
D=$R/fedora39/x86_64
mk_f39_tree "$TMPD/a" 6 3000 50000
# b and c: one package renamed (same name length), so the directory and
# the image keep their sizes; only what the image lists differs
cp -a "$TMPD/a" "$TMPD/b" && mv "$TMPD/b/Packages/pkg1-1.0-1.fc39.x86_64.rpm" "$TMPD/b/Packages/pkh1-1.0-1.fc39.x86_64.rpm"
cp -a "$TMPD/a" "$TMPD/c" && mv "$TMPD/c/Packages/pkg2-1.0-1.fc39.x86_64.rpm" "$TMPD/c/Packages/pki2-1.0-1.fc39.x86_64.rpm"
for v in a b c; do mk_iso "$TMPD/$v" "$TMPD/$v.iso" F39; done
is "$(stat -c %s "$TMPD/b.iso")" "$(stat -c %s "$TMPD/a.iso")" "the rewritten image has the original's size"
is "$(stat -c %s "$TMPD/c.iso")" "$(stat -c %s "$TMPD/a.iso")" "so has the swapped one"
cp "$TMPD/a.iso" "$TMPD/dvd.iso"
iso=$TMPD/dvd.iso

# loads NAME CMD...: did CMD load the shared library NAME (ld.so's own account)?
loads() { _l=$1; shift; LD_DEBUG=files "$@" 2>&1 >/dev/null | grep -q "file=$_l"; }

expect_exit 0 "first import exits 0" copycds-import -p "$R" "$iso"
ok "the image's listing is kept in the root" test -s "$R/.acmtools-media/f$(stat -c '%d-%i' "$iso")"
not_ok "copycds-import does not link libarchive" loads libarchive copycds-import --version
not_ok "nor libcrypto" loads libcrypto copycds-import --version
expect_exit 0 "re-import exits 0" copycds-import -v -p "$R" "$iso"
like "$ERR" "*the same image as listed before*" "the re-import replays the listing"
is "$(field "$OUT" files)" 8 "record: files as on the first import"
is "$(field "$OUT" copied)" 0 "record: nothing copied"
is "$(field "$OUT" missing)" 0 "record: nothing missing"
not_ok "the re-import never loads libarchive" loads libarchive copycds-import -p "$R" "$iso"
not_ok "nor libcrypto (nothing is hashed)" loads libcrypto copycds-import -p "$R" "$iso"
ok "a first import loads libarchive (the checks above can see it)" loads libarchive copycds-import -p "$TMPD/other" "$iso"
ok "and libcrypto" loads libcrypto copycds-import -p "$TMPD/other2" "$iso"

# a tree file changed since: found by the manifest rule, as after a scan
printf 'X' | dd of="$D/Packages/pkg3-1.0-1.fc39.x86_64.rpm" bs=1 seek=10 conv=notrunc 2>/dev/null
expect_exit 65 "a tree file changed since the import is a conflict on the replayed listing" copycds-import -v -p "$R" "$iso"
like "$ERR" "*the same image as listed before*" "(the listing was replayed)"
like "$ERR" "*pkg3-1.0-1.fc39.x86_64.rpm': differs from the medium*" "the changed file is named"
expect_exit 0 "--force restores it" copycds-import -p "$R" --force "$iso"
is "$(sha "$D/Packages/pkg3-1.0-1.fc39.x86_64.rpm")" "$(sha "$TMPD/a/Packages/pkg3-1.0-1.fc39.x86_64.rpm")" "restored byte for byte"
rm -f "$D/Packages/pkg4-1.0-1.fc39.x86_64.rpm"
expect_exit 0 "a file removed from the tree is put back" copycds-import -v -p "$R" "$iso"
like "$ERR" "*the same image as listed before*" "(the listing was replayed)"
ok "it is back" cmp "$D/Packages/pkg4-1.0-1.fc39.x86_64.rpm" "$TMPD/a/Packages/pkg4-1.0-1.fc39.x86_64.rpm"

# the image rewritten in place: same inode, size and mtime; a new ctime
touch -r "$iso" "$TMPD/ref"
dd if="$TMPD/b.iso" of="$iso" conv=notrunc 2>/dev/null
touch -r "$TMPD/ref" "$iso"
is "$(stat -c %s.%Y "$iso")" "$(stat -c %s "$TMPD/a.iso").$(stat -c %Y "$TMPD/ref")" "rewritten in place with the same size and mtime"
expect_exit 0 "re-import of the rewritten image exits 0" copycds-import -v -p "$R" "$iso"
not_ok "its listing is read again" sh -c 'case "$1" in *"the same image as listed before"*) exit 0;; esac; exit 1' - "$ERR"
ok "what the rewritten image holds is imported" cmp "$D/Packages/pkh1-1.0-1.fc39.x86_64.rpm" "$TMPD/b/Packages/pkh1-1.0-1.fc39.x86_64.rpm"
expect_exit 0 "then it is the listed image again" copycds-import -v -p "$R" "$iso"
like "$ERR" "*the same image as listed before*" "(the new listing was kept)"

# swapped for another image of the same size and mtime (mv over it)
cp "$TMPD/c.iso" "$TMPD/new.iso"
touch -r "$iso" "$TMPD/new.iso"
mv "$TMPD/new.iso" "$iso"
expect_exit 0 "re-import of the swapped image exits 0" copycds-import -v -p "$R" "$iso"
not_ok "its listing is read" sh -c 'case "$1" in *"the same image as listed before"*) exit 0;; esac; exit 1' - "$ERR"
ok "what the swapped image holds is imported" cmp "$D/Packages/pki2-1.0-1.fc39.x86_64.rpm" "$TMPD/c/Packages/pki2-1.0-1.fc39.x86_64.rpm"

# a cache file cut short (a crash while it was written) is not taken
cache=$R/.acmtools-media/f$(stat -c '%d-%i' "$iso")
ok "the swapped image's listing is kept" test -s "$cache"
head -n 5 "$cache" >"$TMPD/cut" && cat "$TMPD/cut" >"$cache"
expect_exit 0 "re-import with a cut cache exits 0" copycds-import -v -p "$R" "$iso"
not_ok "the cut listing is not replayed" sh -c 'case "$1" in *"the same image as listed before"*) exit 0;; esac; exit 1' - "$ERR"
ok "it was written whole again" grep -q '^end ' "$cache"

# a hostile cache: an entry leaving the tree is judged as on a medium
# (refused), the cache is then not trusted, and the image is read
n=$(grep -c '^e ' "$cache")
sed -i -e '/^end /d' "$cache"
printf 'e f 644 1 0 =../../../canary =\nend %s\n' $((n + 1)) >>"$cache"
expect_exit 0 "re-import with a planted entry in the cache exits 0" copycds-import -p "$R" "$iso"
ok "nothing was written outside the tree" test ! -e "$TMPD/canary"
ok "nor beside it" test ! -e "$R/canary"
not_ok "the planted entry is gone from the cache" grep -q canary "$cache"

# the cache keeps the 32 listings used last: older ones go when a new
# listing is written, a listing replayed by an import counts as used, and
# a file the cache did not name is never removed
C=$R/.acmtools-media
i=0
while [ $i -lt 40 ]; do
	printf 'stale\n' >"$C/f9$i-$i"
	touch -d "2020-01-01 00:00:$((i % 60))" "$C/f9$i-$i"
	i=$((i + 1))
done
printf 'mine\n' >"$C/notes" && touch -d 2019-01-01 "$C/notes"
ln -s /etc/passwd "$C/f77-77"
touch -d 2019-06-01 "$cache"
expect_exit 0 "a re-import exits 0" copycds-import -v -p "$R" "$iso"
ok "its listing is replayed" sh -c 'case "$1" in *"the same image as listed before"*) exit 0;; esac; exit 1' - "$ERR"
ok "the replayed listing is marked as used" test "$cache" -nt "$C/f939-39"
is "$(find "$C" -name 'f9*' | wc -l)" 40 "a replay removes nothing"
mk_iso "$TMPD/c" "$TMPD/other.iso" OTHER
expect_exit 0 "an import of another image exits 0" copycds-import -p "$R" "$TMPD/other.iso"
ok "its listing is kept" test -s "$C/f$(stat -c '%d-%i' "$TMPD/other.iso")"
is "$(find "$C" -type f -name 'f*' | wc -l)" 32 "32 listings are left"
ok "the replayed one (used last but one) is among them" test -s "$cache"
ok "the newest of the stale ones is kept" test -e "$C/f939-39"
ok "the oldest stale one is gone" test ! -e "$C/f90-0"
ok "a file of another name is left" test -e "$C/notes"
ok "a link is left, not followed" test -L "$C/f77-77"
ok "what it pointed at is untouched" test -s /etc/passwd

# --check and --dry-run keep no listing (they write nothing)
expect_exit 1 "--check of a new root exits 1" copycds-import -p "$TMPD/r2" --check "$iso"
ok "--check created nothing" test ! -e "$TMPD/r2"

done_testing

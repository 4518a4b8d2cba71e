#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-fast.sh - file data moves in the kernel: each file's
# sections of the image (libisofs) go to the tree with copy_file_range, and
# the tree is byte for byte what bsdtar extracts. What libisofs cannot place
# (zisofs-compressed files) keeps the libarchive stream and is still right;
# directory media take the same copy path from their own files; a block
# device, which copy_file_range refuses, is read and written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso bsdtar strace

M=$TMPD/media
mkdir -p "$M/Packages" "$M/images" "$M/repodata"
printf '1700000000.1\nFedora-Server 39\nx86_64\n' >"$M/.discinfo"
head -c 3500000 /dev/urandom >"$M/images/install.img"   # several 1 MiB chunks
: >"$M/Packages/empty-0-1.fc39.x86_64.rpm"               # no data at all
printf 'x' >"$M/repodata/one-byte"
i=0
while [ $i -lt 12 ]; do
	head -c $((2048 * i + i * 3 + 1)) /dev/urandom >"$M/Packages/pkg$i-1.0-1.fc39.x86_64.rpm"
	i=$((i + 1))
done
ok "made the ISO" mk_iso "$M" "$TMPD/f39.iso"
total=$(find "$M" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
mkdir -p "$TMPD/bsdtar"
ok "bsdtar extracts it" bsdtar -xf "$TMPD/f39.iso" -C "$TMPD/bsdtar"

D=$TMPD/root/fedora39/x86_64
ASAN_OPTIONS=detect_leaks=0 strace -f -c -o "$TMPD/strace" -e trace=copy_file_range,read \
	copycds-import -q -p "$TMPD/root" "$TMPD/f39.iso" >"$TMPD/rec" 2>"$TMPD/err"
is "$?" 0 "the import exits 0"
rec=$(cat "$TMPD/rec")
ok "the tree is byte-identical to bsdtar's extraction" tree_matches "$D" "$TMPD/bsdtar"
cfr=$(awk '$NF == "copy_file_range" {print $4}' "$TMPD/strace")
ok "file data went through copy_file_range (${cfr:-0} calls)" test "${cfr:-0}" -ge 14
is "$(field "$rec" copied)" "$total" "copied= is every byte (no reflink on this filesystem)"
is "$(field "$rec" reflinked)" 0 "reflinked=0 here"
is "$(field "$rec" shared)" 0 "shared=0: nothing else in the root"
expect_exit 0 "--verify: the manifest's checksums are the tree's" copycds-import -p "$TMPD/root" --verify "$TMPD/f39.iso"
is "$(field "$OUT" mismatches)" 0 "(no mismatches)"
sha_tree=$(sha "$D/images/install.img")
like "$(cat "$D/.acmtools-manifest")" "*$sha_tree images/install.img*" "the manifest holds the hash of the multi-chunk file"

# zisofs: libisofs's sections hold compressed bytes, so the size differs and
# the libarchive stream (which inflates) is used instead.
Z=$TMPD/zmedia
cp -r "$M" "$Z"
yes 'compressible text for zisofs' | head -c 400000 >"$Z/Packages/text-1-1.fc39.x86_64.rpm"
ok "made a zisofs ISO" sh -c "xorriso -outdev '$TMPD/z.iso' -map '$Z' / -set_filter_r --zisofs / -- -commit >/dev/null 2>&1"
mkdir -p "$TMPD/zbsdtar"
bsdtar -xf "$TMPD/z.iso" -C "$TMPD/zbsdtar"
ok "the zisofs image holds compressed files" sh -c "xorriso -indev '$TMPD/z.iso' -find / -has_filter 2>/dev/null | grep -q text-1"
expect_exit 0 "a zisofs image imports" copycds-import -p "$TMPD/zroot" "$TMPD/z.iso"
ok "its tree is byte-identical to bsdtar's extraction" tree_matches "$TMPD/zroot/fedora39/x86_64" "$TMPD/zbsdtar"
ok "the compressed file was inflated" cmp "$TMPD/zroot/fedora39/x86_64/Packages/text-1-1.fc39.x86_64.rpm" \
	"$Z/Packages/text-1-1.fc39.x86_64.rpm"

# directory media (a mounted DVD): the same kernel copy from each file
ASAN_OPTIONS=detect_leaks=0 strace -f -c -o "$TMPD/strace2" -e trace=copy_file_range \
	copycds-import -q -p "$TMPD/droot" "$M" >/dev/null 2>&1
is "$?" 0 "directory media import"
cfr=$(awk '$NF == "copy_file_range" {print $4}' "$TMPD/strace2")
ok "through copy_file_range too (${cfr:-0} calls)" test "${cfr:-0}" -ge 14
ok "the tree is the directory's" tree_matches "$TMPD/droot/fedora39/x86_64" "$M"

# a block device (the image on a read-only loop device, as a DVD drive
# would be): copy_file_range refuses devices, so data is read and written
if [ "$(id -u)" = 0 ] || [ "${CI:-}" = true ]; then
	dev=$(losetup -f --show -r "$TMPD/f39.iso")
	ok "the image is on a loop device ($dev)" test -b "$dev"
	at_exit "losetup -d '$dev'"
	expect_exit 0 "a device imports" copycds-import -p "$TMPD/devroot" "$dev"
	ok "its tree is bsdtar's extraction" tree_matches "$TMPD/devroot/fedora39/x86_64" "$TMPD/bsdtar"
	is "$(field "$OUT" copied)" "$total" "every byte copied"
fi

# a --check after all that settles to 0
expect_exit 0 "--check on the imported image: 0" copycds-import -p "$TMPD/root" --check "$TMPD/f39.iso"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-xfs.sh - on XFS made with 2 KiB blocks (the provisioning
# filesystem the man page describes), holding both the image and the tree,
# every file's extent is block-aligned and is shared with the image
# (FICLONERANGE), not copied: the record says reflinked=, filefrag shows
# the blocks shared, df barely moves, and the tree is bsdtar's extraction.
# A multi-extent file (over 4 GiB: ISO 9660 splits it) is shared section by
# section. With the image elsewhere, identical files of a second medium
# are shared with the first tree by reflink (FICLONE), never hard-linked.
# The filesystem is made here on a loop device (root).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_root
need_prog xorriso bsdtar mkfs.xfs filefrag losetup

X=$TMPD/xfs
mkdir -p "$X"
truncate -s 7G "$TMPD/xfs.img"
ok "made XFS with 2 KiB blocks" mkfs.xfs -q -b size=2048 -m reflink=1 "$TMPD/xfs.img"
at_exit "umount '$X'"
ok "mounted it on a loop device" mount -o loop "$TMPD/xfs.img" "$X"

M=$TMPD/media
mkdir -p "$M/Packages" "$M/images"
printf '1700000000.1\nFedora-Server 39\nx86_64\n' >"$M/.discinfo"
head -c 9000000 /dev/urandom >"$M/images/install.img"
i=0
while [ $i -lt 20 ]; do
	head -c $((40000 * i + 2048 * (i % 3) + i)) /dev/urandom >"$M/Packages/pkg$i-1.0-1.fc39.x86_64.rpm"
	i=$((i + 1))
done
printf 'tiny\n' >"$M/Packages/tiny.txt"
ok "made the ISO on the XFS" mk_iso "$M" "$X/f39.iso"
bytes=$(find "$M" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
img=$(stat -c %s "$X/f39.iso")
mkdir -p "$TMPD/bsdtar"
bsdtar -xf "$X/f39.iso" -C "$TMPD/bsdtar"

sync
before=$(df -k --output=used "$X" | tail -n 1)
expect_exit 0 "import on 2K-block XFS" copycds-import -p "$X/install" "$X/f39.iso"
rec=$OUT
sync
after=$(df -k --output=used "$X" | tail -n 1)
D=$X/install/fedora39/x86_64
ok "the tree is byte-identical to bsdtar's extraction" tree_matches "$D" "$TMPD/bsdtar"
r=$(field "$rec" reflinked) c=$(field "$rec" copied)
# every file's whole 2 KiB blocks are shared; only partial last blocks are copied
ok "reflinked=$r + copied=$c is every byte ($bytes)" test "$((r + c))" -eq "$bytes"
ok "copied is at most a block per file ($c bytes, 22 files)" test "$c" -lt $((22 * 2048))
ok "nearly everything was shared ($r of $bytes)" test "$r" -gt $((bytes * 95 / 100))
ok "filefrag shows install.img's blocks shared" sh -c "filefrag -v '$D/images/install.img' | grep -q shared"
extra=$(( (after - before) * 1024 ))
ok "the tree's extra disk use is under 10% of the image ($extra of $img bytes)" test "$extra" -lt $((img / 10))
expect_exit 0 "--verify passes (the medium's sums; the shared files' identity)" copycds-import -p "$X/install" --verify "$X/f39.iso"
expect_exit 0 "a re-import exits 0" copycds-import -p "$X/install" "$X/f39.iso"
is "$(field "$OUT" reflinked)/$(field "$OUT" copied)" "0/0" "and shares and copies nothing"
# a shared file has no digest in the manifest: --verify compares it with
# the medium, so damage that kept the file's mtime is still found
P=$D/Packages/pkg7-1.0-1.fc39.x86_64.rpm
m7=$(stat -c %Y "$P")
printf 'XXXX' | dd of="$P" bs=1 seek=10 conv=notrunc status=none
touch -d "@$m7" "$P"   # the mtime exactly as the import stamped it
expect_exit 0 "(a plain re-import trusts size and mtime)" copycds-import -p "$X/install" "$X/f39.iso"
expect_exit 65 "--verify finds the damaged shared file" copycds-import -p "$X/install" --verify "$X/f39.iso"
like "$ERR" "*pkg7-1.0-1.fc39.x86_64.rpm*differs from the medium*" "and names it"
expect_exit 0 "--force repairs it" copycds-import -p "$X/install" --force "$X/f39.iso"
ok "repaired" cmp "$P" "$M/Packages/pkg7-1.0-1.fc39.x86_64.rpm"
expect_exit 0 "--verify passes again" copycds-import -p "$X/install" --verify "$X/f39.iso"
# a damaged tree file is still found by a re-import (mtime) and --force repairs it
printf 'XXXX' | dd of="$D/images/install.img" bs=1 seek=100 conv=notrunc status=none
# (within the second the manifest recorded, as on a fast machine)
touch -d "@$(stat -c %Y "$M/images/install.img").5" "$D/images/install.img"
expect_exit 65 "a damaged shared file is a conflict" copycds-import -p "$X/install" "$X/f39.iso"
expect_exit 0 "--force repairs it" copycds-import -p "$X/install" --force "$X/f39.iso"
ok "repaired" cmp "$D/images/install.img" "$M/images/install.img"
ok "the image is unchanged" sh -c "bsdtar -xOf '$X/f39.iso' images/install.img | cmp - '$M/images/install.img'"

# A file over 4 GiB is stored in several extents (ISO 9660 level 3); each is
# shared. Sparse on input; the image holds it in full, on the XFS.
B=$TMPD/bigmedia
mkdir -p "$B"
printf '1700000000.1\nFedora-Server 39\nx86_64\n' >"$B/.discinfo"
G4=4294967296
truncate -s $((G4 + 3000000)) "$B/huge.img"
head -c 1048576 /dev/urandom | dd of="$B/huge.img" conv=notrunc status=none
head -c 4194304 /dev/urandom | dd of="$B/huge.img" bs=1M seek=4094 conv=notrunc status=none
head -c 1000 /dev/urandom | dd of="$B/huge.img" bs=1 seek=$((G4 + 2999000)) conv=notrunc status=none
ok "made an ISO with a multi-extent file" sh -c "xorriso -as mkisofs -quiet -R -J -iso-level 3 -o '$X/big.iso' '$B' >/dev/null 2>&1"
ok "xorriso split it into extents" sh -c "xorriso -indev '$X/big.iso' -find /huge.img -exec report_sections 2>/dev/null | grep -c '^File data' | awk '\$1 >= 2 {ok=1} END {exit !ok}'"
rm -rf "$TMPD/bsdtar"
expect_exit 0 "the multi-extent image imports" copycds-import -p "$X/install" -n big1 -a x86_64 "$X/big.iso"
H=$X/install/big1/x86_64/huge.img
is "$(stat -c %s "$H")" "$((G4 + 3000000))" "the file has its full size"
ok "its start is the source's" cmp -n 1048576 "$H" "$B/huge.img"
ok "across the 4 GiB extent boundary too" cmp -i $((4094 * 1048576)) -n 4194304 "$H" "$B/huge.img"
ok "and its end" cmp -i $((G4 + 2990000)) "$H" "$B/huge.img"
r=$(field "$OUT" reflinked)
ok "its extents were shared, not copied ($r bytes)" test "$r" -gt "$G4"
rm -f "$X/big.iso"
rm -rf "$X/install/big1"

# Image elsewhere (not on the XFS): the data is copied, and a second medium's
# identical files are shared with the first tree by reflink.
mkdir -p "$TMPD/m2/Packages"
cp "$M/.discinfo" "$TMPD/m2/"
cp "$M/Packages/pkg5-1.0-1.fc39.x86_64.rpm" "$M/Packages/pkg6-1.0-1.fc39.x86_64.rpm" "$TMPD/m2/Packages/"
head -c 50000 /dev/urandom >"$TMPD/m2/Packages/new-1-1.fc39.x86_64.rpm"
mk_iso "$M" "$TMPD/a.iso"
mk_iso "$TMPD/m2" "$TMPD/b.iso"
expect_exit 0 "first medium from outside the XFS" copycds-import -p "$X/r2" -n rel1 -a x86_64 "$TMPD/a.iso"
expect_exit 0 "second medium sharing two packages" copycds-import -p "$X/r2" -n rel2 -a x86_64 "$TMPD/b.iso"
want=$(( $(stat -c %s "$M/Packages/pkg5-1.0-1.fc39.x86_64.rpm") + $(stat -c %s "$M/Packages/pkg6-1.0-1.fc39.x86_64.rpm") + $(stat -c %s "$M/.discinfo") ))
is "$(field "$OUT" shared)" "$want" "shared= is the identical files' bytes"
P=Packages/pkg5-1.0-1.fc39.x86_64.rpm
is "$(stat -c %h "$X/r2/rel2/x86_64/$P")" 1 "reflinked, not hard-linked (one link)"
ok "filefrag shows the shared blocks" sh -c "filefrag -v '$X/r2/rel2/x86_64/$P' | grep -q shared"
ok "same bytes" cmp "$X/r2/rel2/x86_64/$P" "$M/$P"
done_testing

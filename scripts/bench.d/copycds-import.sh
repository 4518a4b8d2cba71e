# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import against what an admin would otherwise run on the same ISO:
# bsdtar -xf (libarchive, like us), xorriso -osirrox extraction, and cp of
# the image file itself (the limit of this disk). A re-import of the
# unchanged image is compared with a first import. The image (about 300 MB,
# package-sized files from 8 KB to 4 MB) is made here with xorriso.
# Then on XFS made with 2 KiB blocks (a loop device made here, as root),
# holding both image and tree: every file's extent is block-aligned, so the
# import shares the image's blocks; compared with cp --reflink=never (cp of
# coreutils 9 would clone the whole image), with the extra disk use (df).
# Each first import starts from an empty tree (hyperfine --prepare) and ends
# with its data on disk: our tool syncs before recording files, so every
# command here is followed by sync(1) to compare like with like.
need() { command -v "$1" >/dev/null || { echo "bench: copycds-import: needs $1" >&2; return 1; }; }
need xorriso && need bsdtar && need jq || return 0
w=$SANDBOX/copycds
src=$w/src
mkdir -p "$src/Packages" "$src/images"
printf '1341569670.539525\nCentOS 6.3\nx86_64\n1\n' >"$src/.discinfo"
head -c 40000000 /dev/urandom >"$src/images/install.img"
i=0 total=40000000
while [ $total -lt 300000000 ]; do
	sz=$(( (i * 7919 % 64 + 1) * (i % 5 == 0 ? 65536 : 8192) ))
	head -c $sz /dev/urandom >"$src/Packages/pkg$i-1.0-1.el6.x86_64.rpm"
	total=$((total + sz)); i=$((i + 1))
done
xorriso -as mkisofs -quiet -R -J -o "$w/dvd.iso" "$src" 2>/dev/null
rm -rf "$src"
iso=$w/dvd.iso
echo "bench: copycds-import: image $(du -m "$iso" | cut -f1) MB, $((i + 2)) files" >&2

json=$w/h.json
hyperfine --runs 5 --warmup 1 --export-json "$json" \
	--prepare "rm -rf $w/out" "sh -c 'copycds-import -q -p $w/out $iso >/dev/null && sync'" \
	--prepare "rm -rf $w/out; mkdir -p $w/out" "sh -c 'bsdtar -xf $iso -C $w/out && sync'" \
	--prepare "rm -rf $w/out" "sh -c 'xorriso -osirrox on -indev $iso -extract / $w/out >/dev/null 2>&1 && sync'" \
	--prepare "rm -rf $w/out; rm -f $w/copy.iso" "sh -c 'cp $iso $w/copy.iso && sync'" >/dev/null 2>&1 ||
	{ echo "bench: copycds-import: hyperfine failed" >&2; return 1; }
line() { # NAME OURS-INDEX THEIRS-INDEX
	jq -r --arg n "$1" --argjson a "$2" --argjson b "$3" \
		'.results as $r | "bench: \($n) ours=\($r[$a].median*1000|round/1000)s theirs=\($r[$b].median*1000|round/1000)s ratio=\($r[$a].median/$r[$b].median*100|round/100)"' "$json"
}
line "copycds-import vs bsdtar -xf (300 MB ISO, median)" 0 1
line "copycds-import vs xorriso -osirrox -extract" 0 2
line "copycds-import vs cp of the ISO file (the disk's limit)" 0 3

# re-import of the unchanged image against a first import
rm -rf "$w/out" "$w/copy.iso"
copycds-import -q -p "$w/kept" "$iso" >/dev/null
hyperfine --runs 5 --warmup 1 --export-json "$json" \
	"copycds-import -q -p $w/kept $iso" \
	--prepare "rm -rf $w/out" "sh -c 'copycds-import -q -p $w/out $iso >/dev/null && sync'" >/dev/null 2>&1 ||
	{ echo "bench: copycds-import: hyperfine failed" >&2; return 1; }
line "copycds-import re-import of an unchanged ISO vs first import" 0 1
rm -rf "$w/kept" "$w/out"

# XFS with 2 KiB blocks on a loop device, image and tree on it.
if [ "$(id -u)" != 0 ] || ! command -v mkfs.xfs >/dev/null; then
	echo "bench: copycds-import: the XFS figures need root and mkfs.xfs (xfsprogs)" >&2
	rm -rf "$w"
	return 0
fi
x=$w/xfs
mkdir -p "$x"
truncate -s $(( $(stat -c %s "$iso") * 4 + 1073741824 )) "$w/xfs.img"
trap 'umount "$x" 2>/dev/null; rm -rf "$w"' EXIT
mkfs.xfs -q -b size=2048 -m reflink=1 "$w/xfs.img" && mount -o loop "$w/xfs.img" "$x" ||
	{ echo "bench: copycds-import: cannot make or mount the XFS loop filesystem" >&2; return 1; }
cp "$iso" "$x/dvd.iso"
rm -f "$iso"
iso=$x/dvd.iso
hyperfine --runs 5 --warmup 1 --export-json "$json" \
	--prepare "rm -rf $x/out; sync" "sh -c 'copycds-import -q -p $x/out $iso >/dev/null && sync'" \
	--prepare "rm -f $x/copy.iso; sync" "sh -c 'cp --reflink=never $iso $x/copy.iso && sync'" >/dev/null 2>&1 ||
	{ echo "bench: copycds-import: hyperfine failed" >&2; return 1; }
line "copycds-import on 2K-block XFS vs cp --reflink=never of the ISO" 0 1
rm -rf "$x/out" "$x/copy.iso"
sync
before=$(df -k --output=used "$x" | tail -n 1)
rec=$(copycds-import -q -p "$x/out" "$iso")
sync
after=$(df -k --output=used "$x" | tail -n 1)
img=$(stat -c %s "$iso")
eval "$(printf '%s\n' "$rec" | tr ' ' '\n' | grep -E '^(bytes|copied|reflinked)=')"
# shellcheck disable=SC2154 # set by the eval of the record
echo "bench: copycds-import on 2K-block XFS: reflinked=$reflinked of bytes=$bytes ($((reflinked * 100 / bytes))%), copied=$copied; extra disk $(( (after - before) / 1024 )) MB = $(( (after - before) * 1024 * 1000 / img ))/1000 of the image (goal < 100/1000)"
hyperfine --runs 5 --warmup 1 --export-json "$json" \
	"copycds-import -q -p $x/out $iso" \
	--prepare "rm -f $x/copy.iso; sync" "sh -c 'cp --reflink=never $iso $x/copy.iso && sync'" >/dev/null 2>&1 ||
	{ echo "bench: copycds-import: hyperfine failed" >&2; return 1; }
line "copycds-import re-import on 2K-block XFS vs cp --reflink=never" 0 1
umount "$x"
rm -rf "$w"
trap - EXIT

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
#
# The commands run interleaved: each round runs every one of them once, in
# turn, and the figures are medians over the rounds, so a change in the
# machine's load (it may be shared) falls on all of them alike. Each first
# import writes a tree of its own, in a directory marked for the Orlov
# allocator as a top of trees (chattr +T, where ext4): ext4 without a
# journal (as on the VMs this runs on) does not reuse an inode freed less
# than 30 s ago, and every create after an `rm -rf` of the last tree scanned
# past the ~420 inodes it freed (0.26 s of CPU per 422 creates against
# 0.01 s), a cost of the bench, not of the import, that cp (one file) never
# paid; a new tree there lands in another block group than the one just
# removed. Each command ends with its data on disk: our tool syncs before it
# records, so every command is followed by sync(1) to compare like with
# like. The user+system CPU time of each is printed too: it depends less on
# the load than the wall time.
need() { command -v "$1" >/dev/null || { echo "bench: copycds-import: needs $1" >&2; return 1; }; }
need xorriso && need bsdtar || return 0
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
rounds=${BENCH_ROUNDS:-7}
echo "bench: copycds-import: image $(du -m "$iso" | cut -f1) MB, $((i + 2)) files; $rounds interleaved rounds; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# run NAME PREPARE CMD [NAME PREPARE CMD...]: $rounds rounds, each running
# every CMD once in turn after its PREPARE (both eval'd, with $r the round
# number; PREPARE is not timed). Wall and user+sys CPU seconds (children
# included) go to $w/t.NAME, one line per round.
run() {
	local r k TIMEFORMAT='%R %U %S'
	local -a a=("$@")
	rm -f "$w"/t.*
	for ((r = 0; r < rounds; r++)); do
		for ((k = 0; k + 2 < ${#a[@]}; k += 3)); do
			eval "${a[k + 1]}" >/dev/null 2>&1
			{ time eval "${a[k + 2]}" >/dev/null 2>&1; } 2>>"$w/t.${a[k]}"
		done
	done
}
# med NAME wall|cpu: the median over the rounds
med() {
	awk -v f="$2" '{ print f == "wall" ? $1 : $2 + $3 }' "$w/t.$1" | sort -n |
		awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# line TITLE OURS THEIRS: medians and their ratio; then the median of the
# ratios within each round (the two ran seconds apart, under one load)
line() {
	local a b ac bc pr
	a=$(med "$2" wall) b=$(med "$3" wall) ac=$(med "$2" cpu) bc=$(med "$3" cpu)
	paste -d' ' "$w/t.$2" "$w/t.$3" | awk '{ print $1 / $4 }' >"$w/t.ratio"
	pr=$(med ratio wall)
	echo "bench: $1 ours=${a}s theirs=${b}s ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }') (per round $(printf '%.2f' "$pr"); cpu ours=${ac}s theirs=${bc}s)"
}

copycds-import -q -p "$w/kept" "$iso" >/dev/null
mkdir -p "$w/runs"
chattr +T "$w/runs" 2>/dev/null || :
t=$w/runs
run ours "rm -rf $t/*.ours" "copycds-import -q -p $t/\$r.ours $iso && sync" \
	bsdtar "rm -rf $t/*.bsdtar; mkdir $t/\$r.bsdtar" "bsdtar -xf $iso -C $t/\$r.bsdtar && sync" \
	xorriso "rm -rf $t/*.xorriso" "xorriso -osirrox on -indev $iso -extract / $t/\$r.xorriso && sync" \
	cp "rm -f $t/*.iso" "cp $iso $t/\$r.iso && sync" \
	reimport : "copycds-import -q -p $w/kept $iso"
line "copycds-import vs bsdtar -xf (300 MB ISO, median)" ours bsdtar
line "copycds-import vs xorriso -osirrox -extract" ours xorriso
line "copycds-import vs cp of the ISO file (the disk's limit)" ours cp
line "copycds-import re-import of an unchanged ISO vs first import" reimport ours
echo "bench: copycds-import: load after $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rm -rf "$w/kept" "$w/runs"

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
# Here each run removes the last one's output: the filesystem holds a few copies only.
run ours "rm -rf $x/out; sync" "copycds-import -q -p $x/out $iso && sync" \
	cp "rm -f $x/copy.iso; sync" "cp --reflink=never $iso $x/copy.iso && sync"
line "copycds-import on 2K-block XFS vs cp --reflink=never of the ISO" ours cp
rm -rf "$x/out" "$x/copy.iso"
# XFS frees a removed file's blocks later, in the background (inode
# garbage collection): df right after the rm still counts them, and the
# tree's use came out negative. A remount finishes that work first.
remount() { sync && umount "$x" && mount -o loop "$w/xfs.img" "$x"; }
remount || { echo "bench: copycds-import: cannot remount the XFS loop filesystem" >&2; return 1; }
before=$(df -k --output=used "$x" | tail -n 1)
rec=$(copycds-import -q -p "$x/out" "$iso")
remount || { echo "bench: copycds-import: cannot remount the XFS loop filesystem" >&2; return 1; }
after=$(df -k --output=used "$x" | tail -n 1)
img=$(stat -c %s "$iso")
eval "$(printf '%s\n' "$rec" | tr ' ' '\n' | grep -E '^(bytes|copied|reflinked)=')"
# shellcheck disable=SC2154 # set by the eval of the record
echo "bench: copycds-import on 2K-block XFS: reflinked=$reflinked of bytes=$bytes ($((reflinked * 100 / bytes))%), copied=$copied; extra disk $(( (after - before) / 1024 )) MB = $(( (after - before) * 1024 * 1000 / img ))/1000 of the image (goal < 100/1000)"
run reimport : "copycds-import -q -p $x/out $iso" \
	cp "rm -f $x/copy.iso; sync" "cp --reflink=never $iso $x/copy.iso && sync"
line "copycds-import re-import on 2K-block XFS vs cp --reflink=never" reimport cp
umount "$x"
rm -rf "$w"
trap - EXIT

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import.sh - identify and import install media made with xorriso,
# checked as an admin would: the tree's files against the source tree, the
# records with eval, re-runs, --check, --dry-run, --verify and --force, a
# two-disc set, each metadata format, unknown and broken images.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso rpmbuild createrepo_c sha256sum

R=$TMPD/install
# ---- a Rocky 9.2 DVD (productmd .treeinfo), as an ISO
ok "made a Rocky-style tree" mk_el_tree "$TMPD/rocky" "Rocky Linux" 9.2 x86_64 1 1 productmd
ln -s Packages "$TMPD/rocky/pkgs"
ok "made its ISO with xorriso" mk_iso "$TMPD/rocky" "$TMPD/rocky.iso" Rocky-9-2-x86_64-dvd
D=$R/rocky9.2/x86_64

expect_exit 1 "--check before any import exits 1" copycds-import -p "$R" --check "$TMPD/rocky.iso"
is "$(field "$OUT" result)" differs "record: result=differs when --check finds the medium missing"
ok "--check created nothing" test ! -e "$R"
expect_exit 0 "--dry-run exits 0" copycds-import -p "$R" --dry-run "$TMPD/rocky.iso"
like "$OUT" "*action=copy file=Packages/acmdemo-1.0-1.noarch.rpm *" "--dry-run lists the files it would copy"
like "$OUT" "*action=link file=pkgs *" "--dry-run lists the symlinks it would make"
is "$(field "$(printf '%s\n' "$OUT" | tail -n 1)" osver)" rocky9.2 "--dry-run ends with the medium's record"
ok "--dry-run created nothing" test ! -e "$R"

expect_exit 0 "import of the Rocky ISO exits 0" copycds-import -p "$R" "$TMPD/rocky.iso"
rec=$OUT
is "$(field "$rec" result)" ok "record: result=ok"
is "$(field "$rec" code)" "" "record: no code when the import succeeded"
is "$(field "$rec" osver)" rocky9.2 "record: osver=rocky9.2 from .treeinfo"
is "$(field "$rec" arch)" x86_64 "record: arch=x86_64"
is "$(field "$rec" disc)" 1 "record: disc=1"
is "$(field "$rec" dest)" "$D" "record: dest=ROOT/OSVER/ARCH"
is "$(field "$rec" identified_by)" .treeinfo "record: identified by .treeinfo"
total=$(find "$TMPD/rocky" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
nfiles=$(find "$TMPD/rocky" -type f | wc -l)
is "$(field "$rec" bytes)" "$total" "record: bytes is the size of the medium's files"
is "$(field "$rec" files)" "$nfiles" "record: files counts them"
is "$(field "$rec" copied)" "$total" "record: copied is every byte on the first import"
is "$(field "$rec" changed)" yes "record: changed=yes on the first import"
ok "the tree holds exactly the medium" tree_matches "$TMPD/rocky" "$D"
is "$(readlink "$D/pkgs")" Packages "the symlink inside the medium is kept"
ok "the manifest is there" test -s "$D/.acmtools-manifest"
ok "no temporary files are left" test ! -e "$D/.acmtools-tmp"
is "$(stat -c %a "$D/images")" 755 "directories are 0755"
is "$(stat -c %Y "$D/images/install.img")" "$(stat -c %Y "$TMPD/rocky/images/install.img")" "files keep the medium's mtime"

expect_exit 0 "re-import exits 0" copycds-import -p "$R" "$TMPD/rocky.iso"
is "$(field "$OUT" copied)" 0 "re-import of unchanged media copies nothing"
is "$(field "$OUT" changed)" no "record: changed=no on the re-import"
like "$ERR" "*already holds this media in full*" "re-import says there was nothing to do"
expect_exit 0 "--check after the import exits 0" copycds-import -p "$R" --check "$TMPD/rocky.iso"
is "$(field "$OUT" changed)" no "record: --check changes nothing (changed=no)"
if command -v flock >/dev/null; then
	expect_exit 75 "a second import into the same tree while one runs exits 75" \
		flock "$D/.acmtools-lock" copycds-import -p "$R" "$TMPD/rocky.iso"
	is "$(field "$OUT" result)" failed "a run that found the lock held says result=failed"
	is "$(field "$OUT" code)" 75 "and code=75"
	n=0
	printf '%s\n' "$OUT" | { while read -r line; do eval "$line"; [ "$result" = ok ] && n=$((n + 1)); done; echo "$n" >"$TMPD/okcount"; }
	is "$(cat "$TMPD/okcount")" 0 "a read/eval loop does not take the locked-out run for a success"
	expect_exit 0 "--check does not wait for the lock" flock "$D/.acmtools-lock" copycds-import -p "$R" --check "$TMPD/rocky.iso"
fi
expect_exit 0 "--json works" copycds-import -p "$R" --check --json "$TMPD/rocky.iso"
like "$OUT" '{"media":*"osver":"rocky9.2"*"copied":0[,}]*' "--json prints one JSON object"

# ---- --verify against .treeinfo, repodata and the manifest
expect_exit 0 "--verify of a good tree exits 0" copycds-import -p "$R" --verify "$TMPD/rocky.iso"
is "$(field "$OUT" mismatches)" 0 "record: mismatches=0"
flip() { # flip one byte in the middle of FILE, keeping its size and mtime
	_m=$(stat -c %Y "$1")
	printf 'Z' | dd of="$1" bs=1 seek=100 conv=notrunc 2>/dev/null
	touch -d "@$_m" "$1"
}
flip "$D/Packages/acmdemo-1.0-1.noarch.rpm"
flip "$D/images/install.img"
expect_exit 65 "--verify catches flipped bytes (exit 65)" copycds-import -p "$R" --verify "$TMPD/rocky.iso"
like "$ERR" "*acmdemo-1.0-1.noarch.rpm': checksum mismatch: repodata/repomd.xml says sha256*" \
	"the package is caught by the repodata checksum"
like "$ERR" "*install.img': checksum mismatch: .treeinfo says sha256*" "the image is caught by the .treeinfo checksum"
like "$ERR" "*install.img': checksum mismatch: the import wrote*" "and by the manifest"
is "$(field "$OUT" mismatches)" 4 "record: mismatches=4"
like "$ERR" "*re-import with --force to restore it*" "the message says how to restore it"
want=$(( $(stat -c %s "$TMPD/rocky/Packages/acmdemo-1.0-1.noarch.rpm") + 200000 ))
expect_exit 0 "--force --verify restores the damaged files" copycds-import -p "$R" --force --verify "$TMPD/rocky.iso"
is "$(field "$OUT" copied)" "$want" "--force rewrote only the two damaged files"
ok "the tree is the medium again" tree_matches "$TMPD/rocky" "$D"
rm "$D/Packages/acmdemo-1.0-1.noarch.rpm" "$D/images/install.img"
expect_exit 0 "a re-import puts back removed files" copycds-import -p "$R" --verify "$TMPD/rocky.iso"
is "$(field "$OUT" copied)" "$want" "only the removed files were copied"
is "$(field "$OUT" changed)" yes "record: changed=yes when files were put back"

# ---- a file changed in the tree is a conflict unless --force
echo "local edit" >"$D/GPL"
expect_exit 65 "a tree file that differs is a conflict (exit 65)" copycds-import -p "$R" "$TMPD/rocky.iso"
like "$ERR" "*GPL': differs from the medium*--force*" "the conflict names the file and --force"
is "$(cat "$D/GPL")" "local edit" "the differing file is left alone"
is "$(field "$OUT" conflicts)" 1 "record: conflicts=1"
expect_exit 1 "--check sees the conflict" copycds-import -p "$R" --check "$TMPD/rocky.iso"
expect_exit 0 "--force replaces it" copycds-import -p "$R" --force "$TMPD/rocky.iso"
is "$(cat "$D/GPL")" "GPL text" "the file is the medium's again"

# ---- the same medium as a mounted directory gives the same tree
expect_exit 0 "import of the directory form exits 0" copycds-import -p "$TMPD/fromdir" "$TMPD/rocky"
ok "directory import holds the same tree" tree_matches "$TMPD/rocky" "$TMPD/fromdir/rocky9.2/x86_64"

# ---- each metadata format names its media
fmt() { # NAME SETUP-DIR WANT-DEST-SUFFIX
	expect_exit 0 "$1: import exits 0" copycds-import -p "$TMPD/fmt" "$2"
	is "$(field "$OUT" dest)" "$TMPD/fmt/$3" "$1: filed under $3"
}
mkdir -p "$TMPD/c7/Packages"
printf '[general]\nname = CentOS-7\nfamily = CentOS\nversion = 7\narch = x86_64\n' >"$TMPD/c7/.treeinfo"
printf '1603313839.094719\n7.9\nx86_64\n' >"$TMPD/c7/.discinfo"
echo x >"$TMPD/c7/Packages/a-1-1.el7.x86_64.rpm"
fmt "CentOS 7 (.treeinfo says 7, .discinfo 7.9)" "$TMPD/c7" centos7.9/x86_64
mkdir -p "$TMPD/ub/.disk" "$TMPD/ub/pool/main/b"
printf 'Ubuntu-Server 22.04.3 LTS "Jammy Jellyfish" - Release amd64 (20230810)' >"$TMPD/ub/.disk/info"
ln -s . "$TMPD/ub/ubuntu"
echo x >"$TMPD/ub/pool/main/b/bash_5.1-6ubuntu1_amd64.deb"
mk_iso "$TMPD/ub" "$TMPD/ub.iso"
fmt "Ubuntu .disk/info ISO" "$TMPD/ub.iso" ubuntu22.04.3/x86_64
is "$(readlink "$TMPD/fmt/ubuntu22.04.3/x86_64/ubuntu")" . "Ubuntu's 'ubuntu -> .' link is kept"
mkdir -p "$TMPD/deb/.disk"
printf 'Debian GNU/Linux 12.2.0 "Bookworm" - Official arm64 DVD Binary-1 20231007-10:29\n' >"$TMPD/deb/.disk/info"
fmt "Debian .disk/info (every part of 12.2.0; arm64 as debian.pm keeps it)" "$TMPD/deb" debian12.2.0/arm64
mkdir -p "$TMPD/sles/media.1"
printf '/ SLES15-SP4 15.4-0\n' >"$TMPD/sles/media.1/products"
printf 'SUSE - SLES-15-SP4-Full-x86_64-GM-Media1\nSLES-15-SP4-Full-x86_64-GM\n1\n' >"$TMPD/sles/media.1/media"
mk_iso "$TMPD/sles" "$TMPD/sles.iso"
fmt "SLES 15 media.1/products ISO (sle15.4, as sles.pm names it)" "$TMPD/sles.iso" sle15.4/x86_64/1
mkdir -p "$TMPD/sle12"
printf 'DISTRO cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3\nBASEARCHS x86_64\n' >"$TMPD/sle12/content"
fmt "SLES 12 content file" "$TMPD/sle12" sles12.3/x86_64/1
mkdir -p "$TMPD/ol"
printf '[InstallMedia]\nname=Oracle Linux 8.6\nmediaid=1\n' >"$TMPD/ol/media.repo"
echo x >"$TMPD/ol/kernel-4.18.0-1.el8.aarch64.rpm"
fmt "media.repo + arch from package names" "$TMPD/ol" ol8.6/aarch64

# ---- a two-disc set merges into one tree
ok "made DVD1" mk_el_tree "$TMPD/dvd1" CentOS 6.3 x86_64 1 2
ok "made DVD2" mk_el_tree "$TMPD/dvd2" CentOS 6.3 x86_64 2 2
mk_iso "$TMPD/dvd1" "$TMPD/CentOS-6.3-x86_64-bin-DVD1.iso"
mk_iso "$TMPD/dvd2" "$TMPD/CentOS-6.3-x86_64-bin-DVD2.iso"
expect_exit 0 "both DVDs in one command exit 0" \
	copycds-import -p "$TMPD/set" "$TMPD/CentOS-6.3-x86_64-bin-DVD1.iso" "$TMPD/CentOS-6.3-x86_64-bin-DVD2.iso"
is "$(printf '%s\n' "$OUT" | wc -l)" 2 "one record per disc"
is "$(printf '%s\n' "$OUT" | sed -n 2p | (read -r l; field "$l" disc))" 2 "the second record is disc 2"
S=$TMPD/set/centos6.3/x86_64
ok "disc 1's packages are there" test -f "$S/Packages/acmdemo-1.0-1.noarch.rpm"
ok "disc 2's packages are in the same tree" cmp "$TMPD/dvd2/Packages/disc2pkg-1.0-1.x86_64.rpm" "$S/Packages/disc2pkg-1.0-1.x86_64.rpm"
ok "the tree keeps disc 1's .discinfo" cmp "$TMPD/dvd1/.discinfo" "$S/.discinfo"
is "$(grep -c '^disc ' "$S/.acmtools-manifest")" 2 "the manifest names both discs"
expect_exit 0 "--check of both discs exits 0" copycds-import -p "$TMPD/set" --check \
	"$TMPD/CentOS-6.3-x86_64-bin-DVD1.iso" "$TMPD/CentOS-6.3-x86_64-bin-DVD2.iso"

# ---- media nobody can name: the GRUB rescue image from grub-rescue-pc
GRUB=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
if [ -f $GRUB ]; then
	expect_exit 65 "an ISO without metadata exits 65" copycds-import -p "$TMPD/u" $GRUB
	like "$ERR" "*could not identify*looked for .treeinfo, .discinfo*-n OSVER -a ARCH*" \
		"the message says what was looked for and suggests -n/-a"
	is "$OUT" "" "no record for unidentified media"
	ok "nothing was created" test ! -e "$TMPD/u"
	expect_exit 0 "with -n and -a it imports" copycds-import -p "$TMPD/u" -n grub2.06 -a x86_64 $GRUB
	is "$(field "$OUT" identified_by)" options "record: identified by the options"
	ok "the rescue image's files are in the tree" test -s "$TMPD/u/grub2.06/x86_64/boot/grub/grub.cfg"
	expect_exit 65 "-n alone is not enough without an arch" copycds-import -p "$TMPD/u2" -n grub2.06 $GRUB
else
	skip_all "needs /usr/lib/grub-rescue/grub-rescue-cdrom.iso (grub-rescue-pc)"
fi

# ---- bad input
head -c 100000 /dev/urandom >"$TMPD/noise.iso"
expect_exit 65 "a file that is not an ISO exits 65" copycds-import -p "$TMPD/x" "$TMPD/noise.iso"
like "$ERR" "*noise.iso': not an ISO 9660 image*" "and says so"
expect_exit 66 "missing media exits 66" copycds-import -p "$TMPD/x" "$TMPD/nothere.iso"
expect_exit 64 "no media is a usage error" copycds-import -p "$TMPD/x"
expect_exit 64 "a hostile -n is a usage error" copycds-import -p "$TMPD/x" -n ../etc -a x86_64 "$TMPD/rocky.iso"
expect_exit 64 "-n is not the dry run here" copycds-import -n "$TMPD/rocky.iso"

# ---- a truncated image: what could be read is kept, the rest resumes
# (without xorriso's 300 KiB of padding, so the cut falls in file data)
xorriso -as mkisofs -quiet -R -J -no-pad -o "$TMPD/nopad.iso" "$TMPD/rocky" >/dev/null 2>&1
size=$(stat -c %s "$TMPD/nopad.iso")
head -c $((size * 2 / 3)) "$TMPD/nopad.iso" >"$TMPD/trunc.iso"
# (xorriso puts the small metadata files last, so the cut image is named with -n/-a)
expect_exit 74 "a truncated image exits 74" copycds-import -p "$TMPD/tr" -n rocky9.2 -a x86_64 "$TMPD/trunc.iso"
like "$ERR" "*damaged or truncated*" "the message says the image is damaged or truncated"
T=$TMPD/tr/rocky9.2/x86_64
bad=0
for f in $(cd "$T" && find . -type f ! -path './.acmtools-*'); do
	cmp -s "$T/$f" "$TMPD/rocky/$f" || bad=$((bad + 1))
done
is "$bad" 0 "no truncated file under a final name"
ok "the readable part was imported" test -s "$T/images/install.img"
expect_exit 0 "the full image resumes the import" copycds-import -p "$TMPD/tr" "$TMPD/rocky.iso"
ok "the resumed tree is complete" tree_matches "$TMPD/rocky" "$T"

# ---- too little space: refused up front, nothing half-written
if command -v unshare >/dev/null && [ "$(id -u)" = 0 ]; then
	mkdir -p "$TMPD/small"
	expect_exit 74 "a destination without room exits 74" unshare -m sh -c \
		'mount -t tmpfs -o size=256k tmpfs "$1" && copycds-import -p "$1" "$2"' sh "$TMPD/small" "$TMPD/rocky.iso"
	like "$ERR" "*not enough space*free some space*" "and says how much space is missing"
	# the disk fills up midway (no inodes left): 74, then more room and the next run resumes
	mkdir -p "$TMPD/full"
	run unshare -m sh -c '
		mount -t tmpfs -o size=50m,nr_inodes=12 tmpfs "$1" || exit 9
		copycds-import -q -p "$1" "$2" >/dev/null 2>"$3/full.err"; echo "first=$?"
		bad=0
		for f in $(cd "$1/rocky9.2/x86_64" && find . -type f ! -path "./.acmtools-*"); do
			cmp -s "$1/rocky9.2/x86_64/$f" "$4/$f" || bad=$((bad + 1))
		done
		echo "bad=$bad"
		mount -o remount,nr_inodes=10000 "$1"
		copycds-import -q -p "$1" "$2" >/dev/null 2>&1; echo "second=$?"
		diff -r --no-dereference -x ".acmtools-*" "$4" "$1/rocky9.2/x86_64" >/dev/null && echo same=yes
	' sh "$TMPD/full" "$TMPD/rocky.iso" "$TMPD" "$TMPD/rocky"
	is "$(printf '%s\n' "$OUT" | grep '^first=')" first=74 "a disk that fills up during the import exits 74"
	like "$(cat "$TMPD/full.err")" "*No space left on device*free some space*" "and says what to do"
	is "$(printf '%s\n' "$OUT" | grep '^bad=')" bad=0 "no partial file under a final name after the disk filled up"
	is "$(printf '%s\n' "$OUT" | grep -e '^second=' -e '^same=' | tr '\n' ' ')" "second=0 same=yes " "with room again the next run completes the tree"
	# a read-only destination: 73, and the record says it failed
	mkdir -p "$TMPD/ro"
	expect_exit 73 "a read-only destination exits 73" unshare -m sh -c \
		'mount -t tmpfs -o ro tmpfs "$1" && copycds-import -p "$1" "$2"' sh "$TMPD/ro" "$TMPD/rocky.iso"
	is "$(field "$OUT" result)" failed "its record says result=failed"
	is "$(field "$OUT" code)" 73 "and code=73"
	is "$(field "$OUT" copied)" 0 "(and copied=0)"
fi

done_testing

#!/bin/sh
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
ok "--check created nothing" test ! -e "$R"
expect_exit 0 "--dry-run exits 0" copycds-import -p "$R" --dry-run "$TMPD/rocky.iso"
like "$OUT" "*action=copy path=Packages/acmdemo-1.0-1.noarch.rpm*" "--dry-run lists the files it would copy"
like "$OUT" "*action=link path=pkgs*" "--dry-run lists the symlinks it would make"
like "$OUT" "*osver=rocky9.2*" "--dry-run ends with the medium's record"
ok "--dry-run created nothing" test ! -e "$R"

expect_exit 0 "import of the Rocky ISO exits 0" copycds-import -p "$R" "$TMPD/rocky.iso"
rec=$OUT
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
ok "the tree holds exactly the medium" tree_matches "$TMPD/rocky" "$D"
is "$(readlink "$D/pkgs")" Packages "the symlink inside the medium is kept"
ok "the manifest is there" test -s "$D/.acmtools-manifest"
ok "no temporary files are left" test ! -e "$D/.acmtools-tmp"
is "$(stat -c %a "$D/images")" 755 "directories are 0755"
is "$(stat -c %Y "$D/images/install.img")" "$(stat -c %Y "$TMPD/rocky/images/install.img")" "files keep the medium's mtime"

expect_exit 0 "re-import exits 0" copycds-import -p "$R" "$TMPD/rocky.iso"
is "$(field "$OUT" copied)" 0 "re-import of unchanged media copies nothing"
like "$ERR" "*already holds this media in full*" "re-import says there was nothing to do"
expect_exit 0 "--check after the import exits 0" copycds-import -p "$R" --check "$TMPD/rocky.iso"
expect_exit 0 "--json works" copycds-import -p "$R" --check --json "$TMPD/rocky.iso"
like "$OUT" '{"media":*"osver":"rocky9.2"*"copied":0*}' "--json prints one JSON object"

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
rm "$D/Packages/acmdemo-1.0-1.noarch.rpm" "$D/images/install.img"
expect_exit 0 "a re-import puts back removed files" copycds-import -p "$R" --verify "$TMPD/rocky.iso"
want=$(( $(stat -c %s "$TMPD/rocky/Packages/acmdemo-1.0-1.noarch.rpm") + 200000 ))
is "$(field "$OUT" copied)" "$want" "only the removed files were copied"

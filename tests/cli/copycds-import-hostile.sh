#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-hostile.sh - untrusted media and a tampered target tree:
# escaping and absolute symlinks, device nodes, pipes, set-id bits and our
# own reserved names on an ISO; symlinks planted in the tree. Nothing may be
# written outside the tree, and every refusal is named.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_root
need_prog xorriso

# refused NAME WHY DESC: the import said it refuses entry NAME, WHY (a glob) after it
refused() { like "$ERR" "*refusing entry '$1'$2*" "$3"; }
# refused_each: each line of stdin, NAME|WHY|DESC, is one refused check
refused_each() {
	while IFS='|' read -r _name _why _desc; do
		refused "$_name" "$_why" "$_desc"
	done
}

M=$TMPD/media
mkdir -p "$M/Packages" "$M/images"
printf '[header]\ntype = productmd.treeinfo\nversion = 1.2\n[release]\nname = AlmaLinux\nversion = 8.8\n[tree]\narch = x86_64\n' >"$M/.treeinfo"
echo data >"$M/Packages/good-1-1.x86_64.rpm"
echo image >"$M/images/boot.img"
ln -s ../../../../../../etc/passwd "$M/Packages/escape"
ln -s /etc/shadow "$M/abs"
ln -s ../images/boot.img "$M/Packages/inside"
mknod "$M/null" c 1 3
mkfifo "$M/pipe"
printf '#!/bin/sh\n' >"$M/suid"
chmod 4755 "$M/suid"
printf '#!/bin/sh\n' >"$M/sgid"
chmod 2755 "$M/sgid"
echo evil >"$M/.acmtools-manifest"
ok "made a hostile ISO" mk_iso "$M" "$TMPD/hostile.iso"

R=$TMPD/install
D=$R/alma8.8/x86_64
expect_exit 65 "hostile entries make the import exit 65" copycds-import -p "$R" "$TMPD/hostile.iso"
refused_each <<'X'
Packages/escape|: symlink to '../../../../../../etc/passwd' leads out of the tree|an escaping symlink is refused by name
abs|: symlink to '/etc/shadow' leads out|an absolute symlink is refused
null|: character device node|a device node is refused
pipe|: named pipe|a named pipe is refused
.acmtools-manifest|: the name is reserved|our reserved names are refused
X
is "$(field "$OUT" refused)" 5 "record: refused=5"
ok "the escaping link is not in the tree" test ! -e "$D/Packages/escape" -a ! -L "$D/Packages/escape"
ok "the absolute link is not in the tree" test ! -L "$D/abs"
ok "no device node in the tree" test ! -e "$D/null"
ok "no pipe in the tree" test ! -e "$D/pipe"
is "$(stat -c %a "$D/suid")" 755 "the set-uid bit is dropped"
is "$(stat -c %a "$D/sgid")" 755 "the set-gid bit is dropped"
is "$(readlink "$D/Packages/inside")" ../images/boot.img "a link that stays inside is kept"
is "$(cat "$D/Packages/good-1-1.x86_64.rpm")" data "the good files are imported"
is "$(head -n1 "$D/.acmtools-manifest")" "acmtools-copycds-manifest 1" "the manifest is ours, not the medium's"
expect_exit 0 "--check ignores refused entries" copycds-import -p "$R" --check "$TMPD/hostile.iso"

# ---- a symlink planted in the tree where the medium has a directory
R2=$TMPD/t2
mkdir -p "$R2/alma8.8/x86_64" "$TMPD/outside"
ln -s "$TMPD/outside" "$R2/alma8.8/x86_64/Packages"
expect_exit 65 "a planted directory symlink is a conflict" copycds-import -p "$R2" "$TMPD/hostile.iso"
like "$ERR" "*alma8.8/x86_64/Packages': the medium has a directory here but the tree has a symlink*" \
	"the planted link is named"
is "$(ls -A "$TMPD/outside")" "" "nothing was written through it"
expect_exit 65 "--force replaces the link (refused entries still count)" copycds-import -p "$R2" --force "$TMPD/hostile.iso"
ok "Packages is a real directory now" test -d "$R2/alma8.8/x86_64/Packages" -a ! -L "$R2/alma8.8/x86_64/Packages"
is "$(ls -A "$TMPD/outside")" "" "still nothing outside"
is "$(cat "$R2/alma8.8/x86_64/Packages/good-1-1.x86_64.rpm")" data "the files went into the real directory"

# ---- a symlink planted at a file's name
R3=$TMPD/t3
mkdir -p "$R3/alma8.8/x86_64"
echo precious >"$TMPD/victim"
ln -s "$TMPD/victim" "$R3/alma8.8/x86_64/.treeinfo"
expect_exit 65 "a planted file symlink is a conflict" copycds-import -p "$R3" "$TMPD/hostile.iso"
like "$ERR" "*.treeinfo': the tree has a symlink where the medium has a file*" "the planted link is named"
is "$(cat "$TMPD/victim")" precious "the link's target is untouched"
copycds-import -p "$R3" --force "$TMPD/hostile.iso" >/dev/null 2>&1
ok "--force puts a regular file in place of the link" test -f "$R3/alma8.8/x86_64/.treeinfo" -a ! -L "$R3/alma8.8/x86_64/.treeinfo"
is "$(cat "$TMPD/victim")" precious "the link's target is still untouched"

# ---- a symlink planted as the OSVER directory itself
R4=$TMPD/t4
mkdir -p "$R4" "$TMPD/outside4"
ln -s "$TMPD/outside4" "$R4/alma8.8"
expect_exit 73 "a planted OSVER symlink stops the import (73)" copycds-import -p "$R4" "$TMPD/hostile.iso"
like "$ERR" "*a symlink in the tree is in the way*" "and says why"
is "$(ls -A "$TMPD/outside4")" "" "nothing was written through it"

# ---- the root itself may be a symlink the admin made
mkdir -p "$TMPD/real"
ln -s "$TMPD/real" "$TMPD/rootlink"
copycds-import -p "$TMPD/rootlink" "$TMPD/hostile.iso" >/dev/null 2>&1
ok "a symlinked --path root is followed" test -f "$TMPD/real/alma8.8/x86_64/Packages/good-1-1.x86_64.rpm"

# ---- link chains are resolved, not counted (issue 13 #3): real Ubuntu media
# carry "ubuntu -> ."; through it "s/s/s/../../../etc" climbs out of the tree
M5=$TMPD/media5
mkdir -p "$M5/Packages"
printf '[header]\ntype = productmd.treeinfo\nversion = 1.2\n[release]\nname = AlmaLinux\nversion = 8.8\n[tree]\narch = x86_64\n' >"$M5/.treeinfo"
echo data >"$M5/Packages/good-1-1.x86_64.rpm"
ln -s . "$M5/ubuntu"
ln -s ubuntu/ubuntu/ubuntu/../../../etc/passwd "$M5/deep"
ln -s ubuntu/ubuntu/../../etc "$M5/etcdir"
ln -s ../ubuntu/ubuntu/../../etc "$M5/Packages/self"
ln -s loop "$M5/loop"
ln -s ubuntu/Packages/good-1-1.x86_64.rpm "$M5/fine"
ok "made an ISO with a link to '.'" mk_iso "$M5" "$TMPD/chain.iso"
R5=$TMPD/t5
D5=$R5/alma8.8/x86_64
expect_exit 65 "escaping link chains make the import exit 65" copycds-import -p "$R5" "$TMPD/chain.iso"
refused_each <<'X'
deep|: symlink to 'ubuntu/ubuntu/ubuntu/../../../etc/passwd' leads out of the tree|a chain through 'ubuntu -> .' is refused by name
etcdir||a shorter chain to a directory is refused
Packages/self||a chain from a subdirectory is refused
loop|*loop|a link loop is refused
X
is "$(field "$OUT" refused)" 4 "record: refused=4"
ok "the chain is not in the tree" test ! -L "$D5/deep" -a ! -L "$D5/etcdir" -a ! -L "$D5/Packages/self"
is "$(readlink "$D5/ubuntu")" . "the link to '.' is kept"
is "$(cat "$D5/fine")" data "a link through it that stays inside is kept"
bad=
for l in "$D5"/* "$D5"/*/*; do
	[ -L "$l" ] || continue
	r=$(readlink -f "$l" || true)
	case $r in "$D5"|"$D5"/*) ;; *) bad="$bad $l" ;; esac
done
is "$bad" "" "every kept link resolves inside the tree"

# ---- a second disc resolves against the links the first one left on disk
M6=$TMPD/media6
mkdir -p "$M6/Packages"
cp "$M5/.treeinfo" "$M6/.treeinfo"
echo data2 >"$M6/Packages/two-1-1.x86_64.rpm"
ln -s ubuntu/ubuntu/../../etc/shadow "$M6/shadow"
ln -s ubuntu/Packages/two-1-1.x86_64.rpm "$M6/two"
ok "made a second ISO without the link to '.'" mk_iso "$M6" "$TMPD/disc2.iso"
expect_exit 65 "a chain through the first disc's link exits 65" copycds-import -p "$R5" "$TMPD/disc2.iso"
refused 'shadow' ": symlink to 'ubuntu/ubuntu/../../etc/shadow' leads out of the tree" \
	"the link on disk counts"
ok "the escaping link is not in the tree" test ! -L "$D5/shadow"
is "$(cat "$D5/two")" data2 "a link through the first disc's link that stays inside is kept"

done_testing

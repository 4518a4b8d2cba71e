#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack-dkms-glob.sh - a dkms.conf whose MAKE[0] moves the module with
# an unquoted pattern, as OpenAFS's does ("mv src/libafs/MODLOAD-*/openafs.ko
# ."): the spec's %build line globs it as dkms's eval would, and it works
# when run. Then the hostile classes: a pattern that reaches out of the
# build copy, a command inside it, a pattern as the command, a link out in
# the source (all refused with 65, naming dkms.conf's line, nothing run),
# and a link out that the build itself makes (%build stops; the file it
# points at stays where it was). Fast: the build is a stand-in Makefile.
. "$top_srcdir/tests/lib.sh"
need_prog rpmspec readlink make
need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME"

A=$TMPD/afsglob-1.8.9
mkdir -p "$A/src/afs"
printf '// SPDX-License-Identifier: GPL-2.0-only\nint x;\n' >"$A/src/afs/afs_call.c"
# the stand-ins for OpenAFS's configure and make: the module ends up in
# src/libafs/MODLOAD-<kver>-SP/, as OpenAFS's build puts it
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >configure.args\n' >"$A/configure"
chmod 0755 "$A/configure"
cat >"$A/Makefile" <<'EOF'
all:
	mkdir -p src/libafs/MODLOAD-$(KV)-SP
	echo ko >src/libafs/MODLOAD-$(KV)-SP/openafs.ko
	$(EVIL)
EOF
conf() {
	cat >"$A/dkms.conf" <<EOF
PACKAGE_VERSION="1.8.9"
PACKAGE_NAME="afsglob"
MAKE[0]='$1'
BUILT_MODULE_NAME[0]="openafs"
DEST_MODULE_LOCATION[0]="/extra/\$PACKAGE_NAME/"
EOF
}
good='./configure --with-linux-kernel-headers=${kernel_source_dir} && make KV=${kernelver} && mv src/libafs/MODLOAD-*/openafs.ko .'
conf "$good"
expect_exit 0 "an unquoted '*' in MAKE[0]: --spec-only exits 0" mx2g-pack --spec-only --kernel "$KDIR" "$A"
printf '%s\n' "$OUT" >"$TMPD/afs.spec"
line=$(sed -n '/^(cd _kmod_build_/p' "$TMPD/afs.spec")
like "$line" "*&& mv src/libafs/MODLOAD-\\*/openafs.ko .)" "the %build line: the '*' alone unquoted"
like "$line" "*for f in src/libafs/MODLOAD-\\*/openafs.ko; do*dkms.conf line 3: MAKE\\[0\\]*" \
	"the %build line checks each match before the mv, naming dkms.conf's line"
ok "rpmspec parses the spec" rpmspec -P "$TMPD/afs.spec"
like "$OUT" "*/lib/modules/$KVER/extra/afsglob/openafs.ko*" "DEST_MODULE_LOCATION /extra/NAME/ is extra/NAME/"

# run the %build line as rpmbuild would (sh -e, in the builddir)
build() {
	rm -rf "$TMPD/b"
	mkdir -p "$TMPD/b"
	cp -a "$A" "$TMPD/b/_kmod_build_$KVER"
	(cd "$TMPD/b" && sh -e -c "$(printf '%s\n' "$line" | sed 's/%{__make}/make/')" ) \
		>"$TMPD/b.out" 2>&1
}
expect_exit 0 "the %build line runs" build
ok "the glob found the module and mv brought it up" test -f "$TMPD/b/_kmod_build_$KVER/openafs.ko"
ok "nothing is left in MODLOAD-*" test ! -e "$TMPD/b/_kmod_build_$KVER/src/libafs/MODLOAD-$KVER-SP/openafs.ko"

# ---- a link out that the build makes: %build stops before the mv
mkdir -p "$TMPD/outside"
echo victim >"$TMPD/outside/openafs.ko"
conf "./configure && make KV=\${kernelver} EVIL=\"ln -s $TMPD/outside src/libafs/MODLOAD-zz-SP\" && mv src/libafs/MODLOAD-*/openafs.ko ."
expect_exit 0 "a build that makes a link out: --spec-only exits 0" mx2g-pack --spec-only --kernel "$KDIR" "$A"
line=$(printf '%s\n' "$OUT" | sed -n '/^(cd _kmod_build_/p')
expect_exit 1 "a build that makes a link out: %build fails" build
like "$(cat "$TMPD/b.out")" "*dkms.conf line 3: MAKE\\[0\\]: '*MODLOAD-zz-SP/openafs.ko' is outside the build copy*" \
	"the message names the line and the match"
is "$(cat "$TMPD/outside/openafs.ko" 2>/dev/null)" victim "the file the link points at is still there"
ok "and nothing was moved in" test ! -e "$TMPD/b/_kmod_build_$KVER/openafs.ko"

# ---- hostile patterns: refused with 65 before anything is written or run
canary=$TMPD/glob-canary
for mk in 'make && mv /etc/*.conf .' 'mv ../*/openafs.ko .' 'mv src/../../*.ko .' \
	'mv src/.*/openafs.ko .' "mv src/\$(touch $canary)*/openafs.ko ." 'mv ${kernel_source_dir}/*.ko .' \
	'mv ${dkms_tree}/afsglob/1.8.9/build/../*.ko .' 'src/*/configure' 'mv src/[ab]/x.ko .' \
	'mv ~/*.ko .' "mv \`touch $canary\`*.ko ."; do
	conf "$mk"
	expect_exit 65 "hostile: $mk: exits 65" mx2g-pack -n --topdir "$TMPD/h" --kernel "$KDIR" "$A"
	like "$ERR" "*dkms.conf line 3: MAKE\\[0\\]*" "hostile: $mk: the message names dkms.conf's line"
	is "$OUT" "" "hostile: $mk: no records"
done
# on the value's second line: the file's line 4
conf 'make
mv ../*.ko .'
expect_exit 65 "a hostile pattern on MAKE[0]'s second line exits 65" mx2g-pack -n --kernel "$KDIR" "$A"
like "$ERR" "*dkms.conf line 4: MAKE\\[0\\]*'..' component*" "the message names the file's line 4"
ok "no hostile command ran" test ! -e "$canary"
ok "no rpmbuild tree was made" test ! -e "$TMPD/h"

# ---- a link out in the source that the pattern would match: the source is refused
conf "$good"
mkdir -p "$A/src/libafs"
ln -s "$TMPD/outside" "$A/src/libafs/MODLOAD-yy-SP"
expect_exit 65 "a link out in the source under the pattern exits 65" mx2g-pack -n --kernel "$KDIR" "$A"
like "$ERR" "*src/libafs/MODLOAD-yy-SP*" "the message names the link"
rm "$A/src/libafs/MODLOAD-yy-SP"
is "$(cat "$TMPD/outside/openafs.ko")" victim "the file outside was never touched"

done_testing

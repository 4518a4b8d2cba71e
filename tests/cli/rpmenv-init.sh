#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmenv-init.sh - the rpmbuild tree and ~/.rpmmacros block, checked the way a
# user would: with rpm itself, eval of the record, and a real rpmbuild run.
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmbuild jq setpriv timeout

H=$TMPD/home
mkdir -p "$H"
export HOME="$H"

# --check on a fresh home: differs, and changes nothing
expect_exit 1 "--check on a fresh home exits 1" rpmenv-init --check -q
ok "--check created nothing" test ! -e "$H/rpmbuild" -a ! -e "$H/.rpmmacros"
expect_exit 0 "--dry-run exits 0" rpmenv-init -n
like "$ERR" "*would create '$H/rpmbuild/SPECS'*" "--dry-run says what it would create"
like "$OUT" "*changed=yes*" "--dry-run reports a change"
ok "--dry-run created nothing" test ! -e "$H/rpmbuild" -a ! -e "$H/.rpmmacros"

# first run
expect_exit 0 "first run exits 0" rpmenv-init -D '_smp_mflags -j3' -D '%acm_site jhu acm'
for d in BUILD BUILDROOT RPMS SOURCES SPECS SRPMS; do
	ok "created $d" test -d "$H/rpmbuild/$d"
done
like "$ERR" "*warning: running as root*" "warns when run as root"
topdir=; macros=; missing=; changed=; rpm=
eval "$OUT"
is "$topdir" "$H/rpmbuild" "record: topdir, usable with eval"
is "$macros" "$H/.rpmmacros" "record: macros"
is "$missing" "" "record: nothing missing"
is "$changed" "yes" "record: changed=yes"
like "$rpm" "4.*" "record: rpm version"
is "$(rpm --eval '%{_topdir}')" "$H/rpmbuild" "rpm itself sees %_topdir"
is "$(rpm --eval '%{_smp_mflags}')" "-j3" "rpm sees a --define"
is "$(rpm --eval '%{acm_site}')" "jhu acm" "rpm sees a --define with a space in the value"

# second run: nothing changes, the file is not rewritten
ino1=$(stat -c %i "$H/.rpmmacros")
cp "$H/.rpmmacros" "$TMPD/macros.1"
expect_exit 0 "second run exits 0" rpmenv-init -D '_smp_mflags -j3' -D '%acm_site jhu acm'
like "$OUT" "*changed=no*" "second run reports changed=no"
is "$(stat -c %i "$H/.rpmmacros")" "$ino1" "second run did not rewrite the macros file"
ok "macros file byte-identical" cmp "$TMPD/macros.1" "$H/.rpmmacros"
expect_exit 0 "--check after a run exits 0" rpmenv-init --check -D '_smp_mflags -j3' -D '%acm_site jhu acm'
expect_exit 1 "--check with other defines exits 1" rpmenv-init --check -q

# user's own lines stay byte for byte; mode kept
{ printf '%%packager  Jane Admin <jane@example.org>\n'; cat "$H/.rpmmacros"; printf '#   trailing comment  \n%%_binary_payload w9.gzdio\n'; } >"$TMPD/m"
cp "$TMPD/m" "$H/.rpmmacros"
chmod 600 "$H/.rpmmacros"
expect_exit 0 "run with a new define" rpmenv-init -q -D '_smp_mflags -j5'
is "$(sed -n 1p "$H/.rpmmacros")" '%packager  Jane Admin <jane@example.org>' "line before the block kept"
is "$(tail -n 2 "$H/.rpmmacros")" "#   trailing comment  
%_binary_payload w9.gzdio" "lines after the block kept"
is "$(rpm --eval '%{_smp_mflags}')" "-j5" "block updated in place"
is "$(rpm --eval '%{?acm_site}')" "" "a define no longer asked for is gone"
is "$(stat -c %a "$H/.rpmmacros")" "600" "mode of the macros file kept"
is "$(grep -c '^# BEGIN acmtools' "$H/.rpmmacros")" "1" "exactly one block"

# damaged block: END marker deleted by hand
grep -v '^# END acmtools' "$H/.rpmmacros" >"$TMPD/dmg"
cp "$TMPD/dmg" "$H/.rpmmacros"
expect_exit 0 "damaged block: run exits 0" rpmenv-init -D '_smp_mflags -j5'
like "$ERR" "*managed block*damaged*repaired*" "damaged block: warns that it repaired it"
is "$(grep -c '^# END acmtools' "$H/.rpmmacros")" "1" "damaged block: END marker back"
is "$(grep -c '^%_topdir' "$H/.rpmmacros")" "1" "damaged block: one %_topdir"
ok "damaged block: user's lines kept" grep -q '^%_binary_payload w9.gzdio$' "$H/.rpmmacros"
expect_exit 0 "damaged block: next --check is clean" rpmenv-init --check -q -D '_smp_mflags -j5'

# --topdir and --macros elsewhere, relative topdir made absolute
mkdir -p "$TMPD/w"
expect_exit 0 "--topdir relative + --macros" sh -c "cd '$TMPD/w' && rpmenv-init -q --topdir tree --macros '$TMPD/w/macros'"
like "$OUT" "topdir=$TMPD/w/tree *" "relative --topdir reported absolute"
is "$(rpm --load "$TMPD/w/macros" --eval '%{_topdir}')" "$TMPD/w/tree" "rpm --load sees the other macros file"

# --json
expect_exit 0 "--json exits 0" rpmenv-init --json -q -D '_smp_mflags -j5'
is "$(printf '%s' "$OUT" | jq -r .topdir)" "$H/rpmbuild" "--json: topdir"
is "$(printf '%s' "$OUT" | jq -r .changed)" "false" "--json: changed is a JSON boolean"

# the tree works with rpmbuild for real
cat >"$H/rpmbuild/SPECS/acm-hello.spec" <<'SPEC'
Name: acm-hello
Version: 1.0
Release: 1
Summary: Test package for rpmenv-init
License: MIT
BuildArch: noarch
%description
A package built to prove the tree works.
%install
mkdir -p %{buildroot}/usr/share/acm-hello
echo hi > %{buildroot}/usr/share/acm-hello/hi
%files
/usr/share/acm-hello/hi
SPEC
ok "rpmbuild -bb builds into the tree" rpmbuild --nodeps -bb "$H/rpmbuild/SPECS/acm-hello.spec"
ok "the RPM is under topdir/RPMS" test -f "$H/rpmbuild/RPMS/noarch/acm-hello-1.0-1.noarch.rpm"
is "$(rpm -qp --qf '%{NAME}-%{VERSION}' "$H/rpmbuild/RPMS/noarch/acm-hello-1.0-1.noarch.rpm" 2>/dev/null)" "acm-hello-1.0" "rpm -qp reads it back"

# missing tools: a PATH with only some of them; EL os-release names EL packages
mkdir -p "$TMPD/bin"
for p in tar gzip rpm; do ln -s "$(command -v $p)" "$TMPD/bin/$p"; done
printf 'ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.2"\n' >"$TMPD/os-el"
printf 'ID=debian\nVERSION_ID=12\n' >"$TMPD/os-deb"
rpmenv=$(command -v rpmenv-init)
expect_exit 69 "missing tools: exits 69" env PATH="$TMPD/bin" ACMTOOLS_OS_RELEASE="$TMPD/os-el" "$rpmenv" -q -D '_smp_mflags -j5'
eval "$OUT"
is "$missing" "rpmbuild gcc make patch bzip2 xz redhat-rpm-config" "missing tools listed"
is "$packages" "rpm-build gcc make patch bzip2 xz redhat-rpm-config" "EL packages named"
like "$ERR" "*dnf install rpm-build gcc*" "says the dnf command"
expect_exit 69 "missing tools on Debian" env PATH="$TMPD/bin" ACMTOOLS_OS_RELEASE="$TMPD/os-deb" "$rpmenv" -q -D '_smp_mflags -j5'
like "$ERR" "*apt-get install rpm gcc make patch bzip2 xz-utils*" "says the apt-get command"
expect_exit 1 "--check with missing tools exits 1" env PATH="$TMPD/bin" ACMTOOLS_OS_RELEASE="$TMPD/os-deb" "$rpmenv" --check -q -D '_smp_mflags -j5'

# bad input
cp "$H/.rpmmacros" "$TMPD/before"
expect_exit 64 "malformed --define exits 64" rpmenv-init -D 'justaname'
like "$ERR" "*--define 'justaname'*" "names the bad --define"
expect_exit 64 "--define of _topdir exits 64" rpmenv-init -D '_topdir /x'
expect_exit 64 "a macro defined twice exits 64" rpmenv-init -D 'abc 1' -D '%abc 2'
expect_exit 64 "a positional argument exits 64" rpmenv-init extra
ok "bad input left the macros file alone" cmp "$TMPD/before" "$H/.rpmmacros"
mkdir "$TMPD/adir"
expect_exit 73 "--macros is a directory exits 73" rpmenv-init --macros "$TMPD/adir"
like "$ERR" "*'$TMPD/adir'*directory*" "names the directory"
: >"$TMPD/afile"
expect_exit 73 "--topdir is a file exits 73" rpmenv-init --topdir "$TMPD/afile"
expect_exit 73 "--topdir under a file exits 73" rpmenv-init --topdir "$TMPD/afile/sub"
like "$ERR" "*cannot create*--topdir*" "says to pass another --topdir"

# --- links out of the home (issue 13 #11); r runs under timeout ---
r() { timeout 10 rpmenv-init -q "$@"; }
chmod 711 "$TMPD"   # nobody must reach its home below
rm -f "$H/.rpmmacros"
# As root, ~/.rpmmacros -> a 0600 file outside the home: refused (77); the
# secret reaches neither stdout nor a new file, and the link stays.
mkdir -p "$TMPD/outside"
printf '%%secret_token s3cr3t-canary\n' >"$TMPD/outside/secret"
chmod 600 "$TMPD/outside/secret"
cp "$TMPD/outside/secret" "$TMPD/secret.before"
ln -s "$TMPD/outside/secret" "$H/.rpmmacros"
expect_exit 77 "as root, a ~/.rpmmacros link out of the home exits 77" r
like "$ERR" "*'$H/.rpmmacros' is a symbolic link to '$TMPD/outside/secret', outside the home*--macros*" \
	"the message names the link, its target and the way out"
ok "the secret is not on stdout" sh -c '! printf "%s" "$1" | grep -q s3cr3t' _ "$OUT"
ok "~/.rpmmacros is still the link" test -L "$H/.rpmmacros"
ok "the secret file is untouched" cmp "$TMPD/secret.before" "$TMPD/outside/secret"
ok "no file in the home holds the secret" sh -c '! grep -rq s3cr3t "$1"' _ "$H"
# a relative link that climbs out is the same
rm -f "$H/.rpmmacros"
ln -s ../outside/secret "$H/.rpmmacros"
expect_exit 77 "a relative link out of the home exits 77 too" r
ok "the secret file is still untouched" cmp "$TMPD/secret.before" "$TMPD/outside/secret"
# named on purpose with --macros: followed, the target is edited in place
expect_exit 0 "--macros naming the link on purpose is followed" r --macros "$H/.rpmmacros"
ok "the link is still a link" test -L "$H/.rpmmacros"
ok "the target kept its line" grep -q '^%secret_token s3cr3t-canary$' "$TMPD/outside/secret"
ok "the target got the block" grep -q '^%_topdir ' "$TMPD/outside/secret"
is "$(stat -c %a "$TMPD/outside/secret")" 600 "and kept its mode"
rm -f "$H/.rpmmacros"

# An unprivileged user whose ~/.rpmmacros points at a file they may not
# read: 77 naming the file and the real reason, nothing copied.
NH=$TMPD/nobody-home
mkdir -p "$NH"
chown 65534:65534 "$NH"
ln -s "$TMPD/outside/secret" "$NH/.rpmmacros"
cp "$TMPD/outside/secret" "$TMPD/secret.before"
# nobody may not be able to reach the build tree (a checkout under /root):
# it runs a copy of the program from a directory it can reach
mkdir -p "$TMPD/bin" && cp "$(command -v rpmenv-init)" "$TMPD/bin/" && chmod 755 "$TMPD/bin" "$TMPD/bin/rpmenv-init"
expect_exit 77 "a link to a file the user cannot read exits 77" \
	env HOME="$NH" setpriv --reuid=65534 --regid=65534 --clear-groups timeout 10 "$TMPD/bin/rpmenv-init" -q
like "$ERR" "*cannot read '$NH/.rpmmacros': Permission denied*" "the message says permission, not 'not a file'"
ok "nothing of the secret on stdout" sh -c '! printf "%s" "$1" | grep -q s3cr3t' _ "$OUT"
ok "the link stays" test -L "$NH/.rpmmacros"
ok "the unreadable file is untouched" cmp "$TMPD/secret.before" "$TMPD/outside/secret"

# root on another user's home works with that user's file rights: a new
# ~/.rpmmacros belongs to the user, and a link inside the home to a file
# only root may read is refused as the user would be.
rm -f "$NH/.rpmmacros"
expect_exit 0 "root on nobody's home: run exits 0" env HOME="$NH" timeout 10 rpmenv-init -q
is "$(stat -c %u "$NH/.rpmmacros")" 65534 "the new ~/.rpmmacros belongs to the home's owner"
rm -f "$NH/.rpmmacros"
mkdir -p "$NH/dot"
cp "$TMPD/outside/secret" "$NH/dot/rootonly"
chmod 600 "$NH/dot/rootonly"
ln -s dot/rootonly "$NH/.rpmmacros"
expect_exit 77 "root on nobody's home: a link to a root-only file exits 77" env HOME="$NH" timeout 10 rpmenv-init -q
like "$ERR" "*cannot read '$NH/.rpmmacros': Permission denied*" "the message says permission denied"
ok "the root-only file is untouched" cmp "$TMPD/secret.before" "$NH/dot/rootonly"
ok "the link stays" test -L "$NH/.rpmmacros"
# and rpm is not run as root over the user's macros: a %(...) the user put
# after the block does not run as root.
rm -f "$NH/.rpmmacros"
expect_exit 0 "root on nobody's home: first run" env HOME="$NH" timeout 10 rpmenv-init -q
printf '%%_topdir %%(touch %s)\n' "$TMPD/root-ran-it" >>"$NH/.rpmmacros"
expect_exit 0 "root on nobody's home with a hostile %_topdir: run exits 0" env HOME="$NH" timeout 10 rpmenv-init -q
ok "the user's %(...) did not run as root" test ! -e "$TMPD/root-ran-it"

done_testing

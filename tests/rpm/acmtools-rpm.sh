#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# acmtools packages itself: the release tarball (what make dist writes)
# carries acmtools.spec at its top, `rpmbuild -ta` builds the RPM from it
# (compiling the tree and running the unit tests in %check), the RPM holds
# what a user needs, rpmlint finds nothing, and `specgen --extract` on the
# tarball prints that spec byte for byte. One build, many assertions.
. "$top_srcdir/tests/lib.sh"
need_prog rpmbuild rpm rpmlint specgen tar
# The outer make's flags (its TESTS= above all) must not reach the make
# that rpmbuild runs inside the build root.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
ver=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")
nv=acmtools-$ver

# make dist's tree, written into the test's own directory so the build
# tree is left as it was; tarred as make dist tars it (ustar, top dir NAME-VERSION)
if [ -n "${ACM_DIST_TARBALL-}" ]; then
	cp "$ACM_DIST_TARBALL" "$TMPD/$nv.tar.gz"
else
	make -s -C "$top_builddir" distdir distdir="$TMPD/$nv" >"$TMPD/dist.log" 2>&1 &&
		tar -C "$TMPD" --format=ustar -chzf "$TMPD/$nv.tar.gz" "$nv" || { cat "$TMPD/dist.log"; exit 1; }
	rm -rf "${TMPD:?}/$nv"
fi
tarball=$TMPD/$nv.tar.gz

is "$(tar -tzf "$tarball" | grep -E '\.spec$')" "$nv/acmtools.spec" \
	"tarball: exactly one spec, acmtools.spec at its top (rpmbuild -ta takes that one)"
tar -xzOf "$tarball" "$nv/acmtools.spec" >"$TMPD/shipped.spec"
like "$(grep -E '^(Version|Source0):' "$TMPD/shipped.spec" | tr -s ' ' | tr '\n' '|')" \
	"Version: $ver|Source0: %{name}-%{version}.tar.gz|" "spec: version from configure.ac, Source0 is the tarball's name"

# specgen eats its own cooking: the spec the tarball ships, unchanged
run specgen --extract "$tarball"
printf '%s\n' "$OUT" >"$TMPD/extracted.spec"
is "$RC" 0 "specgen --extract on the release tarball succeeds"
ok "specgen --extract prints the shipped spec byte for byte" cmp "$TMPD/shipped.spec" "$TMPD/extracted.spec"
specgen --extract "$tarball" >"$TMPD/extracted-raw.spec" 2>/dev/null
ok "... including its last newline (raw stdout)" cmp "$TMPD/shipped.spec" "$TMPD/extracted-raw.spec"

# rpmlint judges the spec and the packages with the licences Debian's
# rpmlint config leaves out (ValidLicenses = []) filled in
lintcfg="$top_srcdir/tests/rpm/acmtools-rpmlint.toml"
run rpmlint -c "$lintcfg" "$TMPD/shipped.spec"
like "$OUT" "*0 errors, 0 warnings*" "rpmlint: the spec is clean
$OUT"

topdir=$TMPD/rpm
# Debian's brp-compress needs bash (read -d) but runs under dash, which
# leaves man pages uncompressed; EL's compresses them: do as EL does.
if ! rpmbuild -ta --nodeps --define "_topdir $topdir" \
	--define '__brp_compress bash %{_rpmconfigdir}/brp-compress %{?_prefix}' "$tarball" >"$TMPD/rpmbuild.log" 2>&1; then
	tail -n 40 "$TMPD/rpmbuild.log" | sed 's/^/# /'
fi
bin=$(ls "$topdir"/RPMS/*/"$nv"-1*.rpm 2>/dev/null | head -n 1)
ok "rpmbuild -ta builds the binary and source RPMs" test -f "$bin" -a -f "$(ls "$topdir"/SRPMS/"$nv"-1*.src.rpm 2>/dev/null)"
is "$(cd "$topdir/RPMS" && ls -- */*.rpm | sed 's|.*/||; s/-[^-]*-[^-]*$//' | sort -u | tr '\n' ' ')" "acmtools " \
	"one package, no -devel (acmtools installs no public headers or library)"
like "$(cat "$TMPD/rpmbuild.log")" "*%check*PASS: tests/unit/test_core*" "%check ran the unit tests"
like "$(grep -E '^# (PASS|FAIL|ERROR):' "$TMPD/rpmbuild.log" | tr -s ' ' | tr '\n' ' ')" "# PASS: [1-9]* # FAIL: 0 # ERROR: 0 " \
	"%check: every unit test passed"

files=$(rpm -qpl "$bin" 2>/dev/null)
miss=
for t in rpmenv-init specgen kbuild mx2g-pack copycds-import masq-setup multihome-route; do
	for f in "/usr/bin/$t" "/usr/share/man/man1/$t.1.gz" "/usr/share/bash-completion/completions/$t"; do
		# shellcheck disable=SC2254
		case "
$files
" in *"
"$f"
"*) ;; *) miss="$miss $f" ;; esac
	done
done
is "$miss" "" "rpm -qpl: the seven tools, their man pages and completion links"
like "$files" "*/usr/share/man/man7/acmtools.7.gz*" "rpm -qpl: acmtools(7), the contracts"
like "$files" "*/usr/share/bash-completion/completions/acmtools*" "rpm -qpl: the completion script"
like "$files" "*/usr/share/licenses/acmtools*/COPYING*" "rpm -qpl: the licence as %license"
if [ -d "$top_srcdir/scripts/ansible/ansible_collections/acmtools/cluster" ]; then
	like "$files" "*/usr/share/ansible/collections/ansible_collections/acmtools/cluster/*" \
		"rpm -qpl: the Ansible collection the tree ships"
else
	is "$(printf '%s\n' "$files" | grep -c ansible)" 0 "rpm -qpl: no Ansible files when the tree has no collection"
fi
is "$(rpm -qp --qf '%{VERSION}' "$bin" 2>/dev/null)" "$ver" "the RPM's version is configure.ac's"

req=$(rpm -qp --requires "$bin" 2>/dev/null)
missreq=
for l in libarchive.so libgit2.so libpopt.so libnftnl.so libmnl.so libcrypto.so libisofs.so libc.so; do
	case $req in *"$l"*) ;; *) missreq="$missreq $l" ;; esac
done
is "$missreq" "" "rpm -qp --requires: the libraries the tools link"
is "$(printf '%s\n' "$req" | grep -E -e '-devel|cmocka|pkgconfig|/usr/bin/(perl|python)' | tr '\n' ' ')" "" \
	"rpm -qp --requires: nothing of the build (no -devel, cmocka, pkgconfig, interpreters)"
modes=$(rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$bin" 2>/dev/null | awk '$2 ~ /^\/usr\/bin\// { print $1 }' | sort -u)
is "$modes" "-rwxr-xr-x" "the tools install mode 0755"

run rpmlint -c "$lintcfg" "$topdir"/RPMS/*/*.rpm "$topdir"/SRPMS/*.rpm
like "$OUT" "*0 errors, 0 warnings*" "rpmlint: the binary and source RPMs are clean
$OUT"
done_testing

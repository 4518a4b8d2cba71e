#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild.sh - kbuild without a kernel build: bad input gets the documented
# exit status and a message naming the culprit, --spec-only prints a spec rpm
# parses, -n changes nothing. The real build is tests/rpm/kbuild.sh.
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmspec rpmlint

# A directory that looks like a kernel tree to kbuild's checks (a top
# Makefile with VERSION/PATCHLEVEL); --spec-only and -n never run its make.
fake="$TMPD/linux-6.1.5"
mkdir -p "$fake"
cat >"$fake/Makefile" <<'EOF'
# SPDX-License-Identifier: GPL-2.0
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 5
EXTRAVERSION =
NAME = Test Tree
EOF
echo 'GPL-2.0' >"$fake/COPYING"
printf 'CONFIG_MODULES=y\n# CONFIG_FOO is not set\n' >"$TMPD/good.config"
arch=$(rpm --eval '%{_target_cpu}')

# --- the common options
expect_exit 0 "--help exits 0" kbuild --help
like "$OUT" "*--check*has no meaning for this tool: exits 64*" "--help says --check has no meaning here"
is "$(printf '%s\n' "$OUT" | grep -c 'Exit status')" 1 "--help has one Exit status block"
is "$(printf '%s\n' "$OUT" | grep -c -i -e "not meaningful" -e "no meaning")" 1 "--help says it once"
expect_exit 64 "--check is refused with 64" kbuild --check "$fake"
expect_exit 64 "no SOURCE is a usage error" kbuild
expect_exit 64 "two SOURCEs are a usage error" kbuild "$fake" "$fake"

# --- bad input, each with its code and a message naming it
expect_exit 66 "missing SOURCE exits 66" kbuild --spec-only "$TMPD/nope.tar.xz"
like "$ERR" "*nope.tar.xz*" "the message names the missing source"
expect_exit 66 "missing --config exits 66" kbuild --config "$TMPD/no.config" "$fake"
like "$ERR" "kbuild: error: '$TMPD/no.config'*" "the message names the missing config"
expect_exit 66 "missing --fragment exits 66" kbuild --fragment "$TMPD/no.frag" "$fake"
like "$ERR" "*'$TMPD/no.frag'*" "the message names the missing fragment"
printf 'CONFIG_A=y\nthis is not kconfig\n' >"$TMPD/bad.frag"
expect_exit 65 "a malformed fragment exits 65" kbuild --fragment "$TMPD/bad.frag" --spec-only "$fake"
like "$ERR" "*bad.frag': line 2 is not*" "the message gives the fragment and the line"
expect_exit 64 "--config with --config-target exits 64" \
	kbuild --config "$TMPD/good.config" --config-target tinyconfig "$fake"
expect_exit 64 "a release with '-' exits 64" kbuild --release 1-2 --spec-only "$fake"
like "$ERR" "*'1-2'*" "the message names the release"
expect_exit 64 "a name with a space exits 64" kbuild --name 'kernel ml' --spec-only "$fake"
expect_exit 64 "a --localversion with '-' exits 64" kbuild --localversion -x --spec-only "$fake"
expect_exit 64 "--ref on a directory exits 64" kbuild --ref v1 --spec-only "$fake"
# one --release rule in every tool (pkgmeta): the same strings are refused
for r in 1-2 '1 2' '1%{x}' '1^2' '' 12345678901234567890123456789012345678901234567890123456789012345; do
	expect_exit 64 "--release '$r' exits 64" kbuild --release "$r" --spec-only "$fake"
	like "$ERR" "*--release*letters, digits and ._+~*" "--release '$r': the message gives the rule"
	expect_exit 64 "specgen --release '$r' exits 64 too" specgen --release "$r" "$fake"
done
expect_exit 0 "a release of every allowed kind is accepted" \
	kbuild --release '2.acm_x+y~rc1' --spec-only "$fake"
is "$(spec_tag "$OUT" Release)" '2.acm_x+y~rc1%{?dist}' "the release is used as given"
expect_exit 0 "specgen accepts the same release" specgen -q --no-probe --release '2.acm_x+y~rc1' "$fake"

# SOURCE_DATE_EPOCH: one parser; junk is a configuration error, never ignored
for e in yesterday 12abc -5 ' 5'; do
	expect_exit 78 "SOURCE_DATE_EPOCH='$e' exits 78" env SOURCE_DATE_EPOCH="$e" \
		"$top_builddir/cmd/kbuild" --spec-only "$fake"
	like "$ERR" "kbuild: error: SOURCE_DATE_EPOCH=*not a number*" "the message names the variable"
	expect_exit 78 "specgen: SOURCE_DATE_EPOCH='$e' exits 78" env SOURCE_DATE_EPOCH="$e" \
		"$top_builddir/cmd/specgen" -q --no-probe "$fake"
done
expect_exit 0 "SOURCE_DATE_EPOCH dates the changelog" env SOURCE_DATE_EPOCH=1700000000 \
	"$top_builddir/cmd/kbuild" --spec-only "$fake"
like "$OUT" "*%changelog*Tue Nov 14 2023 *" "the %changelog day is SOURCE_DATE_EPOCH's"

notk="$TMPD/hello-1.0"
mkdir -p "$notk"
printf 'all:\n\techo hello\n' >"$notk/Makefile"
expect_exit 65 "a tree that is not a kernel exits 65" kbuild --spec-only "$notk"
like "$ERR" "*not a kernel source tree*" "the message says it is not a kernel tree"
mkdir -p "$TMPD/nomk/arch"
echo x >"$TMPD/nomk/README"
expect_exit 65 "a directory without Makefile exits 65" kbuild --spec-only "$TMPD/nomk"
printf 'not an archive' >"$TMPD/junk.tar.xz"
expect_exit 65 "a corrupt tarball exits 65" kbuild --spec-only "$TMPD/junk.tar.xz"

# a missing compiler is found before anything is unpacked, and named
mkdir -p "$TMPD/bin"
for p in rpm rpmbuild make flex bison bc perl sh; do
	w=$(command -v $p) && ln -s "$w" "$TMPD/bin/$p"
done
expect_exit 69 "no compiler exits 69" env PATH="$TMPD/bin" "$top_builddir/cmd/kbuild" \
	--topdir "$TMPD/top-nogcc" "$fake"
like "$ERR" "*'gcc'*install*" "the message names the compiler and the package"
ok "nothing was created without a compiler" test ! -e "$TMPD/top-nogcc"

# --repo: a missing createrepo_c or an unwritable repository is found before
# anything is unpacked or built (not after a build of many minutes)
w=$(command -v gcc) && ln -s "$w" "$TMPD/bin/gcc"
expect_exit 69 "--repo without createrepo_c exits 69 before the build" env PATH="$TMPD/bin" \
	"$top_builddir/cmd/kbuild" --topdir "$TMPD/top-nocr" --repo "$TMPD/repo-nocr" "$fake"
like "$ERR" "*createrepo_c not found*install*createrepo*" "the message names createrepo_c and its package"
ok "nothing was created without createrepo_c" test ! -e "$TMPD/top-nocr" -a ! -e "$TMPD/repo-nocr"
expect_exit 69 "-n --repo without createrepo_c exits 69 too" env PATH="$TMPD/bin" \
	"$top_builddir/cmd/kbuild" -n --topdir "$TMPD/top-nocr" --repo "$TMPD/repo-nocr" "$fake"
need_prog createrepo_c
: >"$TMPD/a-file"
for r in "$TMPD/a-file" "$TMPD/a-file/repo"; do
	expect_exit 73 "an unwritable --repo ($r) exits 73 before the build" \
		kbuild --topdir "$TMPD/top-rorepo" --config-target tinyconfig --repo "$r" "$fake"
	like "$ERR" "kbuild: error: --repo '$r': cannot write there*" "the message names the repository"
	ok "nothing was unpacked or built for $r" test ! -e "$TMPD/top-rorepo"
done
expect_exit 73 "-n finds an unwritable --repo too" kbuild -n --repo "$TMPD/a-file" "$fake"

# --- --spec-only: a spec rpm parses, for kernel-ml and kernel
expect_exit 0 "--spec-only on a directory exits 0" kbuild --spec-only --release 3 --localversion .t "$fake"
printf '%s\n' "$OUT" >"$TMPD/kernel-ml.spec"
is "$(spec_tag "$OUT" Name)" kernel-ml "the default name is kernel-ml"
is "$(spec_tag "$OUT" Version)" 6.1.5 "the version comes from the Makefile"
is "$(spec_tag "$OUT" Release)" '3.t%{?dist}' "release and local version make the Release"
is "$(spec_tag "$OUT" Provides | grep -cx 'kernel = %{version}-%{release}')" 1 "kernel-ml provides kernel = V-R"
is "$(spec_tag "$OUT" Source0)" linux-6.1.5.tar.gz "a directory becomes a NAME-VERSION.tar.gz Source0"
ok "rpmspec parses the spec" rpmspec -q --define "_topdir $TMPD/t" "$TMPD/kernel-ml.spec"
run sh -c "cd '$TMPD' && rpmlint kernel-ml.spec"
like "$OUT" "* 0 errors*" "rpmlint finds no errors in the spec"
is "$(spec_names "$TMPD/t" "$TMPD/kernel-ml.spec")" "kernel-ml kernel-ml-devel " \
	"kernel-ml and kernel-ml-devel are built"
run rpmspec -q --provides --define "_topdir $TMPD/t" "$TMPD/kernel-ml.spec"
is "$(printf '%s\n' "$OUT" | grep '^kernel-uname-r = ')" "kernel-uname-r = 6.1.5-3.t.$arch" "it provides kernel-uname-r = uname -r"

expect_exit 0 "--spec-only --name kernel --headers" kbuild --spec-only --name kernel --headers "$fake"
printf '%s\n' "$OUT" >"$TMPD/kernel.spec"
is "$(spec_names "$TMPD/t" "$TMPD/kernel.spec")" "kernel kernel-devel kernel-headers " \
	"--name kernel renames every package (and --headers adds -headers)"
expect_exit 0 "--spec-only on the linux-source tarball" kbuild --spec-only /usr/src/linux-source-6.1.tar.xz
is "$(printf '%s\n' "$OUT" | grep '^%setup ')" "%setup -q -T -D -n linux-source-6.1
%setup -q -n linux-source-6.1" "a tarball's own top directory is used by %setup (kbuild's unpacked tree, or the tarball)"

# --- -n: records of what would be done, nothing written
expect_exit 0 "-n exits 0" kbuild -n --topdir "$TMPD/top-n" --config-target tinyconfig \
	--repo "$TMPD/repo-n" "$fake"
T="$TMPD/top-n"
is "$OUT" "action=configure file=$T/SOURCES/kernel-ml-6.1.5-1.$arch.config from=tinyconfig changed=yes
action=write file=$T/SOURCES/linux-6.1.5.tar.gz from=$fake changed=yes
action=write file=$T/SPECS/kernel-ml.spec changed=yes
action=build file=$T/SPECS/kernel-ml.spec stage=-ba changed=yes
action=publish file=$TMPD/repo-n changed=yes
kver=6.1.5-1.$arch changed=yes" "-n: what a run would do (action= file=), then the kernel release"
ok "-n created nothing" test ! -e "$TMPD/top-n" -a ! -e "$TMPD/repo-n"
expect_exit 0 "-n on a tarball" kbuild -n --topdir "$TMPD/top-n" /usr/src/linux-source-6.1.tar.xz
like "$OUT" "*action=copy file=$T/SOURCES/linux-source-6.1.tar.xz from=/usr/src/linux-source-6.1.tar.xz changed=yes*" \
	"-n: a tarball is copied as it is"
# a --config that is a directory, or not a .config, fails before anything else
expect_exit 66 "-n --config DIRECTORY exits 66" kbuild -n --config /etc "$fake"
like "$ERR" "kbuild: error: '/etc': cannot read the configuration: Is a directory*" \
	"the message names the directory"
is "$OUT" "" "-n --config DIRECTORY prints no records"
printf '\177ELF\002\001junk\n' >"$TMPD/binary.config"
expect_exit 65 "-n --config NOT-A-CONFIG exits 65" kbuild -n --config "$TMPD/binary.config" "$fake"
like "$ERR" "*binary.config': line 1 is not*" "the message gives the file and the line"
expect_exit 0 "-n --config FILE" kbuild -n --topdir "$TMPD/top-n" --config "$TMPD/good.config" "$fake"
like "$OUT" "action=configure file=* from=$TMPD/good.config changed=yes*" "-n: configure from the file"
expect_exit 0 "-n --json" kbuild -n --json "$fake"
like "$OUT" "*{\"kver\":\"6.1.5-1.$arch\",*" "--json gives JSON records"

done_testing

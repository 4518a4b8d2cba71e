#!/bin/sh
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
like "$OUT" "*--check is not meaningful*" "--help says --check is not meaningful"
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
like "$ERR" "*bad.frag*line 2*" "the message gives the fragment and the line"
expect_exit 64 "--config with --config-target exits 64" \
	kbuild --config "$TMPD/good.config" --config-target tinyconfig "$fake"
expect_exit 64 "a release with '-' exits 64" kbuild --release 1-2 --spec-only "$fake"
like "$ERR" "*'1-2'*" "the message names the release"
expect_exit 64 "a name with a space exits 64" kbuild --name 'kernel ml' --spec-only "$fake"
expect_exit 64 "a --localversion with '-' exits 64" kbuild --localversion -x --spec-only "$fake"
expect_exit 64 "--ref on a directory exits 64" kbuild --ref v1 --spec-only "$fake"

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

# --- --spec-only: a spec rpm parses, for kernel-ml and kernel
expect_exit 0 "--spec-only on a directory exits 0" kbuild --spec-only --release 3 --localversion .t "$fake"
printf '%s\n' "$OUT" >"$TMPD/kernel-ml.spec"
like "$OUT" "*Name:*kernel-ml*" "the default name is kernel-ml"
like "$OUT" "*Version:*6.1.5*" "the version comes from the Makefile"
like "$OUT" "*Release:*3.t%{?dist}*" "release and local version make the Release"
like "$OUT" "*Provides:*kernel = %{version}-%{release}*" "kernel-ml provides kernel = V-R"
like "$OUT" "*Source0:*linux-6.1.5.tar.gz*" "a directory becomes a NAME-VERSION.tar.gz Source0"
ok "rpmspec parses the spec" rpmspec -q --define "_topdir $TMPD/t" "$TMPD/kernel-ml.spec"
run sh -c "cd '$TMPD' && rpmlint kernel-ml.spec"
like "$OUT" "* 0 errors*" "rpmlint finds no errors in the spec"
run rpmspec -q --qf '%{NAME}\n' --define "_topdir $TMPD/t" "$TMPD/kernel-ml.spec"
is "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" "kernel-ml kernel-ml-devel " \
	"kernel-ml and kernel-ml-devel are built"
run rpmspec -q --provides --define "_topdir $TMPD/t" "$TMPD/kernel-ml.spec"
like "$OUT" "*kernel-uname-r = 6.1.5-3.t*.$arch*" "it provides kernel-uname-r = uname -r"

expect_exit 0 "--spec-only --name kernel --headers" kbuild --spec-only --name kernel --headers "$fake"
printf '%s\n' "$OUT" >"$TMPD/kernel.spec"
run rpmspec -q --qf '%{NAME}\n' --define "_topdir $TMPD/t" "$TMPD/kernel.spec"
is "$(printf '%s\n' "$OUT" | sort | tr '\n' ' ')" "kernel kernel-devel kernel-headers " \
	"--name kernel renames every package (and --headers adds -headers)"
expect_exit 0 "--spec-only on the linux-source tarball" kbuild --spec-only /usr/src/linux-source-6.1.tar.xz
like "$OUT" "*%setup -q -n linux-source-6.1*" "a tarball's own top directory is used by %setup"

# --- -n: records of what would be done, nothing written
expect_exit 0 "-n exits 0" kbuild -n --topdir "$TMPD/top-n" --config-target tinyconfig "$fake"
like "$OUT" "*would=config what=tinyconfig*" "-n says it would configure with tinyconfig"
like "$OUT" "*kver=6.1.5-1*.$arch*" "-n gives the kernel release"
ok "-n created nothing" test ! -e "$TMPD/top-n"
expect_exit 0 "-n --json" kbuild -n --json "$fake"
like "$OUT" '*{"kver":"6.1.5-1*' "--json gives JSON records"

done_testing

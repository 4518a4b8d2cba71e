#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# expected.sh - exact output checked against tests/expected/: every tool's
# --help, kbuild and mx2g-pack --spec-only, and specgen's spec for the sample
# sources of tests/cli/specgen.sh and tests/rpm/specgen.sh. A change to any of
# these texts must come with its expected file (ACM_REGEN_EXPECTED=1 rewrites
# them; read the diff). The -n scripts of the network tools are in
# tests/net/expected-dryrun.sh.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rpm/mx2g-vendor.sh"
need_prog rpm specgen kbuild mx2g-pack tar make
export SOURCE_DATE_EPOCH=1700000000 LC_ALL=C.UTF-8
export HOME="$TMPD/home"
mkdir -p "$HOME"
# the packager every spec names: fixed, not the login and host of the run
echo '%packager Test Packager <test@example.org>' >"$HOME/.rpmmacros"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

for t in copycds-import kbuild masq-setup multihome-route mx2g-pack rpmenv-init specgen; do
	expect_output "help/$t" "$t" --help
done

# kbuild --spec-only on the fake tree of tests/cli/kbuild.sh
fake="$TMPD/linux-6.1.5"
mkdir -p "$fake"
cat >"$fake/Makefile" <<'X'
# SPDX-License-Identifier: GPL-2.0
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 5
EXTRAVERSION =
NAME = Test Tree
X
echo 'GPL-2.0' >"$fake/COPYING"
expect_output kbuild/spec-only kbuild --spec-only "$fake"
printf 'CONFIG_MODULES=y\n# CONFIG_FOO is not set\n' >"$TMPD/good.config"
expect_output kbuild/spec-only-release kbuild --release '2.acm_x+y~rc1' --config "$TMPD/good.config" \
	--spec-only "$fake"

# mx2g-pack --spec-only on the vendor tree of tests/cli/mx2g-pack.sh
need_kernel_headers
mx2g_vendor_tree "$TMPD" "$TMPD/vendor-make-rpm-ran"
mx2g_dkms_tree "$TMPD"
expect_output mx2g-pack/spec-only mx2g-pack --spec-only -q --kernel "$KVER" "$TMPD/mx2g-1.4.2"
expect_output mx2g-pack/spec-only-dkms mx2g-pack --spec-only -q --kernel "$KVER" "$TMPD/hello-dkms"

# specgen: the autotools sample of tests/cli/specgen.sh, as tarball and
# directory, without the trial install
cd "$TMPD" || exit 1
make_widget_source src
(cd src && tar czf widget-2.4.1.tar.gz widget-2.4.1)
expect_output specgen/widget-tarball specgen -q --no-probe src/widget-2.4.1.tar.gz
expect_output specgen/widget-dir specgen -q --no-probe src/widget-2.4.1
mkdir -p src/bare-1.0 && echo 'just files' > src/bare-1.0/notes.txt
expect_output specgen/bare specgen -q --no-probe src/bare-1.0

# specgen with the trial install: the plain Makefile sample of
# tests/rpm/specgen.sh (Debian-style name, awkward file names)
make_tick_source src
expect_output specgen/tick-probed specgen -q src/tick_0.9.orig.tar.gz
done_testing

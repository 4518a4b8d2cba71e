#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen on a real upstream tarball as a user would pick it: the Linux
# kernel source Debian ships (linux-source-6.1, ~140 MB of .tar.xz, 80,000
# entries). One scan, without the trial build (a kernel build is kbuild's).
. "$top_srcdir/tests/lib.sh"
need_prog specgen
tarball=/usr/src/linux-source-6.1.tar.xz
[ -r "$tarball" ] || skip_all "needs $tarball (linux-source-6.1, scripts/install-deps)"
export SOURCE_DATE_EPOCH=1700000000
expect_exit 0 "kernel tarball: spec written without a trial build" \
	specgen --no-probe -o "$TMPD/linux-source.spec" "$tarball"
like "$OUT" "spec=* name=linux-source version=6.1 buildsys=makefile license=GPL-2.0-only *" \
	"kernel tarball: name and version from the top directory, plain Makefile, GPL-2.0-only"
run cat "$TMPD/linux-source.spec"
is "$(spec_tag "$OUT" Source0)|$(printf '%s\n' "$OUT" | grep -e '^%autosetup' -e '^%license' | tr '\n' '|')" \
	"linux-source-6.1.tar.xz|%autosetup -p1|%license COPYING|" \
	"kernel tarball: Source0, %autosetup and %license COPYING"
run rpmspec -P "$TMPD/linux-source.spec"
is "$RC" 0 "kernel tarball: rpmspec parses the spec"
done_testing

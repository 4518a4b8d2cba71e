#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild-fail.sh - a build that fails in %build (a stand-in tree whose `make
# all` stops with a compiler-style error; configuring it works) exits 70,
# shows the last lines of the log with the compiler's message, names the
# log, keeps it, and prints no records. On a terminal, a progress line names
# the rpmbuild phase while it runs.
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmbuild gcc make flex bison bc perl

tree="$TMPD/linux-6.1.5"
mkdir -p "$tree"
cat >"$tree/Makefile" <<'EOF2'
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 5
EXTRAVERSION =
tinyconfig:
	printf 'CONFIG_MODULES=y\n' >.config
olddefconfig:
	test -f .config
mrproper:
	rm -f .config
all:
	@echo '  CC      init/main.o'
	@sleep 2
	@echo 'init/main.c:1:1: error: this stand-in kernel does not compile' >&2
	@exit 2
EOF2
echo 'GPL-2.0' >"$tree/COPYING"

expect_exit 70 "a failing build exits 70" kbuild -j2 --topdir "$TMPD/top" --config-target tinyconfig "$tree"
like "$ERR" "*this stand-in kernel does not compile*" "the log's last lines show the compiler's error"
like "$ERR" "*kernel build failed*build.log*" "the message names the kept log"
is "$OUT" "" "no records on failure"
log="$TMPD/top/BUILD/kbuild-kernel-ml/build.log"
ok "the log is kept" grep -q 'does not compile' "$log"
ok "the configuration log is kept" test -f "$TMPD/top/BUILD/kbuild-kernel-ml/config.log"
ok "the spec was written" test -f "$TMPD/top/SPECS/kernel-ml.spec"
ok "the source tarball of the directory is in SOURCES" test -f "$TMPD/top/SOURCES/linux-6.1.5.tar.gz"

if command -v script >/dev/null 2>&1; then
	run script -qec "kbuild -j2 --topdir '$TMPD/top2' --config-target tinyconfig '$tree'" /dev/null
	like "$OUT" "*kernel build %build*" "on a terminal a progress line shows the phase"
fi
done_testing

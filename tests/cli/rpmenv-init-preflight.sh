#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmenv-init-preflight.sh - a macros file that cannot be used (a directory,
# in a directory that does not exist) is refused before the rpmbuild tree is
# made: nothing half-done.
. "$top_srcdir/tests/lib.sh"
need_prog rpmenv-init
export HOME="$TMPD/home"
mkdir -p "$HOME/macros.d"
expect_exit 73 "--macros naming a directory exits 73" rpmenv-init --topdir "$TMPD/t1" --macros "$HOME/macros.d"
like "$ERR" "*'$HOME/macros.d'*directory*" "the message names the directory"
ok "no rpmbuild tree was made" test ! -e "$TMPD/t1"
expect_exit 73 "--macros in a missing directory exits 73" rpmenv-init --topdir "$TMPD/t2" --macros "$TMPD/no/such/rpmmacros"
like "$ERR" "*'$TMPD/no/such/rpmmacros'*" "the message names the file"
ok "no rpmbuild tree was made for it" test ! -e "$TMPD/t2"
expect_exit 0 "a usable --macros still works" rpmenv-init --topdir "$TMPD/t3" --macros "$HOME/m"
ok "the tree and the macros are there" test -d "$TMPD/t3/SPECS" -a -f "$HOME/m"
done_testing

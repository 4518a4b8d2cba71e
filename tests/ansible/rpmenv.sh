#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmenv.sh - acmtools.cluster.rpmenv through ansible-playbook -c local:
# check mode is rpmenv-init --check and creates nothing, a first run reports
# changed and the record, a second run is ok, --diff is rpmenv-init -n's
# output, a bad --define fails with the tool's message and 64. The program
# is found on PATH here (the build tree's cmd/, as make check sets it).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_prog rpm rpmenv-init
export HOME="$TMPD/home"
mkdir -p "$HOME"
T=$TMPD/top M=$TMPD/macros
an_task rpmenv "topdir: $T
macros: $M
define: ['_smp_mflags -j3']"

an_expect true "--check before a run: changed" --check
is "$(an_get 'cmd[1]')" --check "check mode runs rpmenv-init --check"
is "$(an_get 'cmd[0]')" "$(command -v rpmenv-init)" "without executable the program comes from PATH"
ok "--check created nothing" test ! -e "$T" -a ! -e "$M"
an_expect true "--check --diff: changed" --check --diff
is "$(an_diff)" "$(rpmenv-init -q -n --define='_smp_mflags -j3' --macros="$M" --topdir="$T")" \
	"--diff shows what rpmenv-init -n prints"
like "$(an_diff)" "action=mkdir file=$T/BUILD changed=yes*" "the diff says the tree would be made"
ok "--check --diff created nothing" test ! -e "$T" -a ! -e "$M"

an_expect true "first run: changed"
ok "the tree is there" test -d "$T/SPECS" -a -d "$T/SRPMS"
ok "the macros block is there" grep -q '^%_smp_mflags -j3$' "$M"
is "$(an_get 'records | length')" 1 "one record"
is "$(an_get records[0].topdir)" "$T" "records[0].topdir"
is "$(an_get records[0].changed)" yes "records[0].changed is the tool's changed=yes"
is "$(an_get records[0].missing)" "" "records[0].missing: no build tool missing"
is "$(an_get rc)" 0 "rc 0"

MACROS=$(cat "$M")
an_expect false "second run: ok, not changed"
is "$(an_get records[0].changed)" no "records[0].changed is no"
is "$(cat "$M")" "$MACROS" "the macros file is as it was"
an_expect false "--check after a run: not changed" --check
an_expect false "--check --diff after a run: not changed" --check --diff

# A bad argument: the task fails with the tool's own words and status.
an_task rpmenv "topdir: $T
macros: $M
define: ['a b']"
an_fails "a two-letter macro name fails" 64 "rpmenv-init: error: --define 'a b': rpm macro names have at least 3 characters*"
an_fails "in check mode too" 64 "rpmenv-init: error: --define 'a b'*" --check
is "$(cat "$M")" "$MACROS" "the failed runs left the macros file alone"
done_testing

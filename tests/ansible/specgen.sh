#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen.sh - acmtools.cluster.specgen through ansible-playbook -c local on
# the built-in tick sample (tests/samples.sh): check mode is specgen --check
# and writes nothing, a first run writes the spec and reports changed, a
# second run is ok, a spec edited by hand is a change again, --diff shows
# specgen -n's output, a bad --release fails with the tool's message and 64.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_prog rpm rpmspec make gcc
export HOME="$TMPD/home"
mkdir -p "$HOME"
make_tick_source "$TMPD/src"
SRC=$TMPD/src/tick_0.9.orig.tar.gz S=$TMPD/tick.spec
an_task specgen "executable: $top_builddir/cmd/specgen
source: $SRC
output: $S
packager: 'Test <test@example.org>'"

an_expect true "--check --diff before a run: changed" --check --diff
is "$(an_get 'cmd[0:2] | join(" ")')" "$top_builddir/cmd/specgen --check" \
	"check mode runs the executable given with --check"
is "$(an_diff)" "$(specgen -q -n -o "$S" --packager='Test <test@example.org>' "$SRC")" \
	"--diff shows what specgen -n prints"
like "$(an_diff)" "action=write file=$S changed=yes*" "the diff says the spec would be written"
ok "--check wrote no spec" test ! -e "$S"

an_expect true "first run: changed"
ok "the spec is written" test -s "$S"
is "$(an_get records[0].spec)" "$S" "records[0].spec"
is "$(an_get records[0].name) $(an_get records[0].version)" "tick 0.9" "records[0]: name and version"
is "$(an_get records[0].changed)" yes "records[0].changed"
is "$(rpmspec -q --qf '%{name}\n' --srpm "$S" 2>/dev/null)" tick "rpmspec reads the spec"
SPEC=$(cat "$S")

an_expect false "second run: ok, not changed"
is "$(cat "$S")" "$SPEC" "the spec is as it was"
an_expect false "--check after a run: not changed" --check

echo '# edited by hand' >>"$S"
an_expect true "--check with the spec edited: changed" --check
an_expect true "a run with the spec edited: changed"
is "$(cat "$S")" "$SPEC" "the run put the spec back"

an_task specgen "executable: $top_builddir/cmd/specgen
source: $SRC
output: $S
release: 1-2"
an_fails "a release with '-' fails" 64 "specgen: error: --release '1-2': not a usable release*"
an_fails "in check mode too" 64 "specgen: error: --release '1-2'*" --check
is "$(cat "$S")" "$SPEC" "the failed runs left the spec alone"
an_task specgen "executable: $top_builddir/cmd/specgen
source: $TMPD/nope.tar.gz
output: $S"
an_fails "a missing source fails" 66 "specgen: *nope.tar.gz*"
done_testing

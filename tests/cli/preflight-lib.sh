# SPDX-License-Identifier: GPL-2.0-or-later
# tests/cli/preflight-lib.sh - helpers for the *-preflight.sh tests (sourced
# after tests/lib.sh): a refusal must come before any slow step, so it is
# timed, and a PATH without one program shows what a missing program does.
#
#   fast CODE NAME CMD...   expect_exit CODE, and the run took < PREFLIGHT_MS
#   path_without PROG P...  a directory of links to programs P..., PROG left out
#                           (printed: use as PATH)

# "under a few seconds" on a loaded 2-core machine, sanitizers on; the slow
# paths these tests stand in front of (an unpack, a trial build) take longer
# even on an idle one (kbuild-preflight.sh: 8 s to unpack, 0.1 s to refuse)
PREFLIGHT_MS=${PREFLIGHT_MS:-5000}

fast() {
	_code=$1; _fname=$2; shift 2
	_t0=$(date +%s%N)
	expect_exit "$_code" "$_fname" "$@"
	_ms=$((($(date +%s%N) - _t0) / 1000000))
	if [ "$_ms" -lt "$PREFLIGHT_MS" ]; then _result 0 "$_fname: in $_ms ms"
	else _result 1 "$_fname: in under $PREFLIGHT_MS ms" "took $_ms ms"
	fi
}

path_without() {
	_skip=$1; shift
	_dir="$TMPD/bin-no-$_skip"
	mkdir -p "$_dir"
	for _p; do
		[ "$_p" = "$_skip" ] && continue
		_w=$(command -v "$_p") && ln -sf "$_w" "$_dir/$_p"
	done
	echo "$_dir"
}

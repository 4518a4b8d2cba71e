# SPDX-License-Identifier: GPL-2.0-or-later
# tests/lib.sh - TAP helpers for the shell tests (sourced). Each assertion is
# one TAP line, so scripts/check counts assertions, not files.
#
#   . "$top_srcdir/tests/lib.sh"
#   run CMD ARGS...           run, keep $OUT, $ERR (text) and $RC; never aborts
#   expect_exit N NAME CMD... run; pass when the exit status is N
#   is GOT WANT NAME          string equality
#   like GOT GLOB NAME        shell pattern match (case ... in GLOB)
#   ok NAME CMD...            pass when CMD exits 0
#   not_ok NAME CMD...        pass when CMD exits non-zero
#   need_root / need_prog P   skip the whole file (fails instead under CI=true)
#   $TMPD                     a fresh directory, removed at exit
#   done_testing              print the plan; call last
#   make_widget_source SRC ... the sample sources of tests/samples.sh
#
# Exit status is 0 unless the TAP stream itself broke: results are in the
# TAP lines (never pass a tool's 77 to Automake, which reads it as SKIP).
set -u
. "$top_srcdir/tests/samples.sh"
_n=0
_failed=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/acmtest.XXXXXX")
# per-user caches (specgen's trial results) stay in the test's own tree,
# never the host's ~/.cache or /var/cache
export XDG_CACHE_HOME="$TMPD/.cache"
_cleanup_hooks=""
at_exit() { _cleanup_hooks="$1; $_cleanup_hooks"; }
_lib_exit() { eval "$_cleanup_hooks" 2>/dev/null; rm -rf "$TMPD"; }
trap _lib_exit EXIT
trap 'exit 1' INT TERM

_result() { # status name [diag]
	_n=$((_n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
		[ -z "${3-}" ] || printf '%s\n' "$3" | sed 's/^/# /'
	fi
}

# A program (not a shell function) runs under timeout: a tool that hangs on
# hostile input makes RC 124 and the test fails instead of stalling.
run() {
	case $(command -v "$1" 2>/dev/null) in
	/*) timeout -k 10 "${ACM_RUN_SECONDS:-1800}" "$@" >"$TMPD/.out" 2>"$TMPD/.err" ;;
	*) "$@" >"$TMPD/.out" 2>"$TMPD/.err" ;;
	esac
	RC=$?
	OUT=$(cat "$TMPD/.out")
	ERR=$(cat "$TMPD/.err")
	return 0
}

expect_exit() {
	_want=$1; _name=$2; shift 2
	run "$@"
	if [ "$RC" = "$_want" ]; then _result 0 "$_name"
	else _result 1 "$_name" "exit $RC, wanted $_want: $*
stdout: $OUT
stderr: $ERR"
	fi
}

is() {
	if [ "$1" = "$2" ]; then _result 0 "$3"
	else _result 1 "$3" "got:  '$1'
want: '$2'"
	fi
}

like() {
	# shellcheck disable=SC2254
	case $1 in
	$2) _result 0 "$3" ;;
	*) _result 1 "$3" "got:  '$1'
want pattern: '$2'" ;;
	esac
}

ok() {
	_name=$1; shift
	if "$@" >"$TMPD/.okout" 2>&1; then _result 0 "$_name"
	else _result 1 "$_name" "failed: $*
$(tail -n 20 "$TMPD/.okout")"
	fi
}

not_ok() {
	_name=$1; shift
	if "$@" >"$TMPD/.okout" 2>&1; then _result 1 "$_name" "unexpectedly succeeded: $*"
	else _result 0 "$_name"
	fi
}

skip_all() {
	if [ "${CI:-}" = true ]; then
		echo "1..1"; echo "not ok 1 - cannot skip under CI=true: $1"; exit 0
	fi
	echo "1..0 # SKIP $1"; exit 0
}

need_root() { [ "$(id -u)" = 0 ] || skip_all "needs root"; }
need_prog() { for _p; do command -v "$_p" >/dev/null 2>&1 || skip_all "needs $_p (scripts/install-deps installs it)"; done; }

# spec_names TOPDIR SPEC: the packages SPEC builds, sorted, each followed by
# a space (one line, easy to compare with is).
spec_names() {
	rpmspec -q --qf '%{NAME}\n' --define "_topdir $1" "$2" 2>/dev/null | sort | tr '\n' ' '
}
# need_netns NAME: a network namespace of the test's own, deleted at exit.
need_netns() {
	at_exit "ip netns del $1"
	ip netns add "$1" || skip_all "cannot create network namespaces"
}
# need_netns_veth NAME: need_netns plus the veth pair up0 (up) <-> in0 in it.
need_netns_veth() {
	need_netns "$1"
	ip -n "$1" link add up0 type veth peer name in0
	ip -n "$1" link set up0 up
}
# KDIR, KVER: the first installed kernel build tree with a generated
# utsrelease.h (linux-headers-amd64), or skip.
need_kernel_headers() {
	KDIR=; KVER=
	for _d in /lib/modules/*/build; do
		[ -f "$_d/include/generated/utsrelease.h" ] || continue
		KDIR=$(readlink -f "$_d"); KVER=$(basename "$(dirname "$_d")"); break
	done
	[ -n "$KDIR" ] || skip_all "needs kernel headers (linux-headers-amd64)"
}
done_testing() { echo "1..$_n"; }

# --- exact output, the util-linux way (tests/expected/NAME)
#   expect_output NAME CMD...  run CMD; its stdout, with run-specific strings
#       replaced by fixed placeholders, must equal tests/expected/NAME
#       byte for byte (diff -u shown on failure). Placeholders: @TMPD@ for
#       $TMPD, @KVER@/@KDIR@ for $KVER/$KDIR when set, @ARCH@ for $ARCH
#       when set. ACM_REGEN_EXPECTED=1 rewrites the file instead (then
#       read every changed expectation before committing it).
_expect_sed() {
	_es="s|$TMPD|@TMPD@|g"
	[ -z "${KDIR-}" ] || _es="$_es; s|$KDIR|@KDIR@|g"
	[ -z "${KVER-}" ] || _es="$_es; s|$KVER|@KVER@|g"
	[ -z "${ARCH-}" ] || _es="$_es; s|\\b$ARCH\\b|@ARCH@|g"
	sed "$_es"
}
expect_output() {
	_eo_name=$1; shift
	_eo_want="$top_srcdir/tests/expected/$_eo_name"
	"$@" >"$TMPD/.eo_raw" 2>"$TMPD/.eo_err"
	_eo_rc=$?
	_expect_sed <"$TMPD/.eo_raw" >"$TMPD/.eo_got"
	if [ "${ACM_REGEN_EXPECTED:-}" = 1 ]; then
		mkdir -p "$(dirname "$_eo_want")" && cp "$TMPD/.eo_got" "$_eo_want"
	fi
	if [ "$_eo_rc" != 0 ]; then
		_result 1 "$_eo_name: exact output" "exit $_eo_rc: $*
$(head -n 20 "$TMPD/.eo_err")"
	elif [ ! -f "$_eo_want" ]; then
		_result 1 "$_eo_name: exact output" "no expected file $_eo_want"
	elif _eo_diff=$(diff -u "$_eo_want" "$TMPD/.eo_got"); then
		_result 0 "$_eo_name: exact output"
	else
		_result 1 "$_eo_name: exact output" "$_eo_diff"
	fi
}
#   spec_tag SPEC TAG  the values of SPEC's "TAG:" lines (one a line, blanks
#       after the colon dropped): is "$(spec_tag "$OUT" Version)" 6.1.5 ...
#       is exact where like "*Version:*6.1.5*" also passes on 6.1.50.
spec_tag() { printf '%s\n' "$1" | sed -n "s/^$2:[[:blank:]]*//p"; }

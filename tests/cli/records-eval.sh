#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# records-eval.sh - a record is data in every POSIX shell. Records holding
# hostile values (quotes, command substitutions, newlines, every control
# character, invalid UTF-8, very long values, bad keys) are read with
# `while read -r` and eval'd in dash, busybox ash, bash, zsh, ksh93 and mksh:
# no canary file appears, each record is one line, and printf '%b' of the
# variable gives back the exact bytes (a value without a backslash, control
# character or invalid UTF-8 is the variable itself). The same holds for
# copycds-import's records of an ISO whose file names are hostile, and
# --json carries the exact bytes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog python3
need_prog xorriso
emit=$top_builddir/tests/cli/record-emit
ok "record-emit test helper is built" test -x "$emit"

V=$TMPD/v
RUN=$TMPD/run
mkdir -p "$V" "$RUN"
n=0
# val [exact] FMT: the next value is printf FMT (octal escapes allowed);
# "exact" when eval must give it back unchanged, with no decoding.
val() {
	n=$((n + 1))
	f=$V/$(printf '%03d' "$n")
	if [ "$1" = exact ]; then f=$f.exact; shift; fi
	# shellcheck disable=SC2059
	printf "$@" >"$f"
}
val exact "it's"
val "'\\\\''"
val exact 'x$(touch CANARY)y'
val exact '`touch CANARY`'
val exact '; touch CANARY; #'
val exact '&& touch CANARY || touch CANARY | touch CANARY &'
val exact '"$(touch CANARY)"'
val "\$'x\\\\'; touch CANARY; #'"
val exact '${x?$(touch CANARY)} $HOME ${IFS} !! !$ {a,b} [a]* ~root -n %%1'
val exact '=ls'
val exact 'a:=ls'
val exact 'x:~/y'
val exact '~'
val exact 'é ü 漢 😀'
val exact '%%s%%b%%n'
val exact ''
val exact '*'
val exact '%s' -e
val 'e\n'"'"'; touch CANARY; #'
val 'two\nlines'
val 'trailing newline\n'
val '\n'
val 'cr\rover'
val 'tab\there'
val 'esc\033[31mred\033]0;title\007'
val 'back\\slash'
val 'literal \\n is not a newline'
val 'stop\\cnot here'
val '\\0101 \\x41 \\\\'
val '\001\002\003\004\005\006\007\010\011\012\013\014\015\016\017\020\021\022\023\024\025\026\027\030\031\032\033\034\035\036\037\177'
val 'bad \377\376 end'
val 'overlong \300\257'
val 'cut \346\274'
val 'surrogate \355\240\200'
val 'c1 csi \302\233 nel \302\205'
val 'lone lead \303'
val "\$'\\\\n\\\\''\\n"
# long: 20000 characters of a hostile mix
long=$(i=0; while [ $i -lt 1500 ]; do printf "ab'c\\\\\"\$(x)\t\n%s" "$i"; i=$((i + 1)); done)
val "%s" "$long"
val exact "$(i=0; while [ $i -lt 2000 ]; do printf "q'\$(touch CANARY)"; i=$((i + 1)); done)"
total=$n

# value FILE: the file's exact bytes, trailing newlines included
value() { _v=$(cat "$1"; printf x); printf '%s' "${_v%x}"; }

set --
for f in "$V"/*; do
	v=$(value "$f"; printf x)
	set -- "$@" value "${v%x}"
done
"$emit" "$@" >"$TMPD/records"
is "$(grep -c '' "$TMPD/records")" "$total" "one line per record for $total hostile values"
bad=$(grep -v -n '^value=' "$TMPD/records" | head -n 3)
is "$bad" "" "every line starts a record"
bad=$(LC_ALL=C grep -n '[[:cntrl:]]' "$TMPD/records" | head -n 3)
is "$bad" "" "no control character on a record line"
ok "record lines are valid UTF-8" python3 -c '
import sys
open(sys.argv[1], "rb").read().decode("utf-8")' "$TMPD/records"

# The reader every shell runs: read each record, eval it, keep the variable
# as it is and decoded with printf %b.
cat >"$TMPD/reader.sh" <<'EOF'
i=0
while IFS= read -r line; do
	i=$((i + 1))
	value=unset
	eval "$line" || echo "eval of record $i failed" >&2
	printf '%s' "$value" >"$2/raw.$i"
	printf '%b' "$value" >"$2/dec.$i"
done <"$1"
echo "$i"
EOF

# check_shell NAME CMD...: run the reader in CMD; compare with the values
check_shell() {
	name=$1; shift
	for loc in C.UTF-8 C; do
		out=$TMPD/out.$name.$loc
		rm -rf "$out"; mkdir -p "$out"
		rm -f "$RUN/CANARY"
		count=$(cd "$RUN" && LC_ALL=$loc timeout 60 "$@" "$TMPD/reader.sh" "$TMPD/records" "$out" 2>"$out.err")
		is "$count" "$total" "$name ($loc): read -r sees $total records"
		is "$(cat "$out.err")" "" "$name ($loc): every record evals without error"
		not_ok "$name ($loc): no command ran (canary absent)" test -e "$RUN/CANARY"
		wrong=""
		inexact=""
		i=0
		for f in "$V"/*; do
			i=$((i + 1))
			cmp -s "$f" "$out/dec.$i" || wrong="$wrong $i"
			case $f in
			*.exact) cmp -s "$f" "$out/raw.$i" || inexact="$inexact $i" ;;
			esac
		done
		is "$wrong" "" "$name ($loc): printf %b of every value gives its exact bytes"
		is "$inexact" "" "$name ($loc): a value with nothing to escape is the variable itself"
	done
}

# name:command. On EL, busybox (EPEL) and mksh may not be packaged: only
# those two are skipped there, never on Debian.
for spec in dash:dash busybox:"busybox sh" bash:bash bash-posix:"bash --posix" \
	zsh:zsh zsh-sh:"zsh --emulate sh" ksh93:ksh93 mksh:mksh; do
	name=${spec%%:*}
	cmd=${spec#*:}
	if command -v "${cmd%% *}" >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		check_shell "$name" $cmd
	elif [ "$name" = busybox ] || [ "$name" = mksh ] && [ -f /etc/redhat-release ]; then
		_result 0 "$name is not installed on this EL host # SKIP"
	else
		_result 1 "$name is installed (scripts/install-deps installs it)"
	fi
done

# Bad keys never become commands: a key is a shell name or gets underscores.
rm -f "$RUN/CANARY"
rec=$("$emit" --one 'x;touch CANARY' a '$(touch CANARY)' b '1st' c '' d 'ok_key9' e)
is "$rec" "x_touch_CANARY=a __touch_CANARY_=b _st=c _=d ok_key9=e" "keys are shell names"
for sh in dash bash; do
	got=$(cd "$RUN" && $sh -c 'eval "$1" && printf %s "$x_touch_CANARY$_st$ok_key9"' _ "$rec" 2>&1)
	is "$got" "ace" "$sh: a record with bad keys evals to its values"
done
not_ok "bad keys ran no command" test -e "$RUN/CANARY"

# --json: valid UTF-8, one object per line, and the exact bytes come back
# (invalid UTF-8 as U+DC80-U+DCFF, Python's surrogateescape).
"$emit" --json "$@" >"$TMPD/records.json"
is "$(grep -c '' "$TMPD/records.json")" "$total" "--json: one line per record"
ok "--json: every value decodes to its exact bytes" python3 -c '
import json, os, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
files = sorted(os.listdir(sys.argv[2]))
assert len(lines) == len(files), (len(lines), len(files))
for line, f in zip(lines, files):
    got = json.loads(line)["value"].encode("utf-8", "surrogateescape")
    want = open(os.path.join(sys.argv[2], f), "rb").read()
    assert got == want, (f, got[:60], want[:60])' "$TMPD/records.json" "$V"
ok "--json: jq reads every record" sh -c "jq -c . '$TMPD/records.json' >/dev/null"

# A real tool: copycds-import's dry run names every file of an ISO whose
# file names are hostile (all but those holding '/' or nothing).
tree=$TMPD/media
mkdir -p "$tree"
: >"$TMPD/names"
for f in "$V"/*; do
	nm=$(value "$f"; printf x)
	nm=${nm%x}
	case $nm in '' | */* | . | ..) continue ;; esac
	[ "${#nm}" -le 200 ] || continue
	printf '%s' "$nm" >"$tree/$nm" 2>/dev/null || continue
	printf '%s\0' "$nm" >>"$TMPD/names"
done
mk_iso "$tree" "$TMPD/hostile.iso"
run copycds-import --dry-run -n centos7.9 -a x86_64 -p "$TMPD/inst" "$TMPD/hostile.iso"
is "$RC" 0 "copycds-import --dry-run lists the hostile ISO"
printf '%s\n' "$OUT" >"$TMPD/iso.records"
files=$(grep -c '^media=.* action=copy file=' "$TMPD/iso.records")
is "$files" "$(tr -cd '\0' <"$TMPD/names" | wc -c)" "one copy record per hostile file name"
for sh in dash "busybox sh" bash zsh ksh93 mksh; do
	command -v "${sh%% *}" >/dev/null 2>&1 || continue
	rm -f "$RUN/CANARY"
	# shellcheck disable=SC2086
	(cd "$RUN" && LC_ALL=C.UTF-8 timeout 60 $sh -c '
		while IFS= read -r line; do
			action= file=
			eval "$line"
			[ "$action" = copy ] && printf "%b\0" "$file"
		done <"$1"' _ "$TMPD/iso.records" >"$TMPD/iso.names" 2>"$TMPD/iso.err")
	not_ok "$sh: copycds-import's records run no command" test -e "$RUN/CANARY"
	is "$(cat "$TMPD/iso.err")" "" "$sh: copycds-import's records eval without error"
	ok "$sh: the decoded paths are the ISO's exact file names" sh -c \
		"sort -z '$TMPD/iso.names' >'$TMPD/iso.sorted' && sort -z '$TMPD/names' | cmp - '$TMPD/iso.sorted'"
done
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route's command line: every malformed argument is refused with
# 64 and a message that quotes it, before anything is read from or sent to
# the kernel (so no privileges or namespaces are needed here).
. "$top_srcdir/tests/lib.sh"
need_prog multihome-route

UP="up1:192.0.2.1 up2:198.51.100.1"
bad_usage() { # NAME PATTERN ARGS...
	_name=$1; _pat=$2; shift 2
	expect_exit 64 "$_name: 64" multihome-route --persist none "$@"
	like "$ERR" "multihome-route: error: $_pat" "$_name: says what is wrong"
	is "$OUT" "" "$_name: no records"
}

for bad in "up1" "up1:" "up1:192.0.2" "up1:192.0.2.1,zz" ":192.0.2.1" "a/b:192.0.2.1" \
	"waytoolonginterfacename:192.0.2.1" "up1:2001:db8::1"; do
	bad_usage "malformed uplink '$bad'" "'$bad': *" "$bad"
done
bad_usage "no uplink" "give at least one uplink*"
bad_usage "same uplink twice" "'up1:192.0.2.1': interface 'up1' is given twice*" up1:192.0.2.1 up1:192.0.2.1
bad_usage "--from with host bits" "*did you mean 203.0.113.0/24?*" --from 203.0.113.1/24=up1 up1:192.0.2.1
bad_usage "--from an unknown uplink" "'203.0.113.0/24=up9': 'up9' is not one of the uplinks*" \
	--from 203.0.113.0/24=up9 up1:192.0.2.1
bad_usage "--from one prefix for two uplinks" "*prefix already sent by 'up1'*" \
	--from 203.0.113.0/24=up1 --from 203.0.113.0/24=up2 $UP
bad_usage "--from /0" "*length 0*" --from 0.0.0.0/0=up1 up1:192.0.2.1
bad_usage "--from IPv6 on an uplink without GW6" "*has no IPv6 gateway*" --from 2001:db8::/32=up1 up1:192.0.2.1
bad_usage "--table main" "'up1=main': *" --table up1=main up1:192.0.2.1
bad_usage "--table 254" "'up1=254': table id must be*" --table up1=254 up1:192.0.2.1
bad_usage "--table for an unknown uplink" "'up9=7': *" --table up9=7 up1:192.0.2.1
bad_usage "two uplinks in one table" "'up1' and 'up2' would share table 101*" --table up1=101 $UP
bad_usage "--priority 0" "'0': --priority must be*" --priority 0 up1:192.0.2.1
bad_usage "--priority past main's rule" "'32700': --priority must be*" --priority 32700 up1:192.0.2.1
bad_usage "--priority not a number" "'1e3': --priority must be*" --priority 1e3 up1:192.0.2.1
bad_usage "--rp-filter strict" "'strict': --rp-filter is loose or keep*" --rp-filter strict up1:192.0.2.1
bad_usage "--persist ifupdown" "'ifupdown': --persist is *" --persist ifupdown up1:192.0.2.1
bad_usage "-n with --check" "*--check*--dry-run*" -n --check up1:192.0.2.1

expect_exit 0 "--help" multihome-route --help
for o in --table --from --priority --rp-filter --remove --persist --persist-root; do
	like "$OUT" "*$o*" "--help lists $o"
done

# a --persist-root that does not exist is found before the kernel is asked
expect_exit 66 "a missing --persist-root exits 66" multihome-route --persist-root "$TMPD/nope" $UP
like "$ERR" "multihome-route: error: '$TMPD/nope': --persist-root does not exist*" "the message names it"
: >"$TMPD/plainfile"
expect_exit 66 "a --persist-root that is a file exits 66" multihome-route --persist-root "$TMPD/plainfile" $UP

done_testing

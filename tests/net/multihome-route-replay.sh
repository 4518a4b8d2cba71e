#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route -n: the printed script is what `ip -batch` accepts, and
# replaying it in a second, identical topology gives the same rules and
# routes as the tool itself does in the first.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
need_root
need_prog ip multihome-route

A=mha$$
B=mhb$$
mh_topo "$A" || { echo "Bail out! cannot build topology A"; exit 0; }
mh_topo "$B" || { echo "Bail out! cannot build topology B"; exit 0; }
ARGS="--persist none --from 203.0.113.128/25=up2 up1:192.0.2.1 up2:198.51.100.1"

BEFORE=$(mh_state "${A}h")
expect_exit 0 "-n prints a script" ip netns exec "${A}h" multihome-route -n $ARGS
printf '%s\n' "$OUT" >"$TMPD/script"
is "$(mh_state "${A}h")" "$BEFORE" "-n changed nothing"
is "$OUT" "# multihome-route: 7 changes; replay with: ip -batch FILE
route add 192.0.2.0/24 dev up1 src 192.0.2.10 scope link table 100 proto 97
route add default via 192.0.2.1 dev up1 table 100 proto 97
rule add from 192.0.2.10 lookup 100 priority 1000 protocol 97
route add 198.51.100.0/24 dev up2 src 198.51.100.10 scope link table 101 proto 97
route add default via 198.51.100.1 dev up2 table 101 proto 97
rule add from 198.51.100.10 lookup 101 priority 1000 protocol 97
rule add from 203.0.113.128/25 lookup 101 priority 1008 protocol 97
# not for ip -batch: sysctl -w net.ipv4.conf.up1.rp_filter=2
# not for ip -batch: sysctl -w net.ipv4.conf.up2.rp_filter=2" "the script, exactly"
is "$(grep -c '^route add' "$TMPD/script")" "4" "script adds the two tables' four routes"
is "$(grep -c '^rule add' "$TMPD/script")" "3" "script adds three rules"
like "$(cat "$TMPD/script")" "*# not for ip -batch: sysctl -w net.ipv4.conf.up2.rp_filter=2*" \
	"what ip -batch cannot do is a comment"
ok "ip -batch accepts the script in the second topology" ip -n "${B}h" -batch "$TMPD/script"

expect_exit 0 "the tool applies the same set-up in the first" ip netns exec "${A}h" multihome-route $ARGS
is "$(mh_state "${B}h")" "$(mh_state "${A}h")" "replayed script and tool give identical rules and routes"
expect_exit 1 "--check on the replayed host sees only rp_filter missing" \
	ip netns exec "${B}h" multihome-route --check --rp-filter loose $ARGS
expect_exit 0 "--check with --rp-filter keep: the kernel holds exactly this" \
	ip netns exec "${B}h" multihome-route --check --rp-filter keep $ARGS

# The removal script replays too.
expect_exit 0 "-n --remove prints the deletions" ip netns exec "${A}h" multihome-route -n --remove --persist none
printf '%s\n' "$OUT" >"$TMPD/remove"
is "$(grep -c '^r[a-z]* del' "$TMPD/remove")" "7" "seven deletions"
ok "ip -batch accepts the removal script" ip -n "${B}h" -batch "$TMPD/remove"
is "$(ip -n "${B}h" route show table all proto 97 | wc -l)" "0" "replayed removal leaves none of our routes"
is "$(ip -n "${B}h" rule show | grep -c 'proto 97')" "0" "and none of our rules"

done_testing

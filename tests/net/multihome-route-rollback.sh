#!/bin/sh
# multihome-route never leaves a half-made set-up: when the kernel refuses a
# change midway (a route that is not ours is in the way), or a later step
# fails (the persisted files cannot be written), what the run applied is
# undone before it exits non-zero.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
need_root
need_prog ip multihome-route

P=mhr$$
mh_topo "$P" || { echo "Bail out! cannot build the netns topology"; exit 0; }
H="ip netns exec ${P}h"
UP="up1:192.0.2.1 up2:198.51.100.1"

# Someone else's default route already sits in table 101: uplink 1's routes
# and rule go in first, then uplink 2's default route fails with EEXIST.
ip -n "${P}h" route add default via 198.51.100.1 dev up2 table 101 proto static
BEFORE=$(mh_state "${P}h")
ROUTES_BEFORE=$(ip -n "${P}h" -4 route show table all)
expect_exit 78 "a foreign route in the way: configuration error 78" $H multihome-route --persist none $UP
like "$ERR" "*route add default via 198.51.100.1 dev up2 table 101 proto 97*File exists*" \
	"the message names the change the kernel refused"
like "$ERR" "*rolled back*" "says it rolled back"
is "$OUT" "" "no records for a failed run"
is "$(mh_state "${P}h")" "$BEFORE" "rules and our routes exactly as before"
is "$(ip -n "${P}h" -4 route show table all)" "$ROUTES_BEFORE" "every table exactly as before"
is "$(ip netns exec "${P}h" cat /proc/sys/net/ipv4/conf/up1/rp_filter)" "0" "rp_filter untouched"
ip -n "${P}h" route del default table 101

# The kernel part succeeds but the persisted files cannot be written.
: >"$TMPD/not-a-dir"
expect_exit 73 "persistence failing after the kernel changes: 73" $H multihome-route \
	--persist network-scripts --persist-root "$TMPD/not-a-dir" $UP
like "$ERR" "*not-a-dir*" "the message names the path"
like "$ERR" "*undid*" "says the kernel changes were undone"
is "$(mh_state "${P}h")" "$BEFORE" "rules and routes as before the run"
is "$(ip netns exec "${P}h" cat /proc/sys/net/ipv4/conf/up2/rp_filter)" "0" "rp_filter restored"

# And a run that works after the obstacle is gone.
expect_exit 0 "with the way clear the same run succeeds" $H multihome-route --persist none $UP

done_testing

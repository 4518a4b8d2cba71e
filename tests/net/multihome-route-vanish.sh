#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route while an uplink keeps vanishing and coming back (a USB
# modem, a VPN link): whatever moment the interface goes, a run ends 0 or
# says which interface went and exits 65/66/69 - never 70 (internal error) -
# and when the link is steady again the next run sets everything up. The
# timing differs from run to run; the assertions hold for every timing.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog ip multihome-route

NS=mhv$$
need_netns $NS
H="ip netns exec $NS"
ip -n $NS link add up1 type veth peer name p1
ip -n $NS addr add 192.0.2.10/24 dev up1
ip -n $NS link set up1 up
ip -n $NS link set p1 up
mk_up2() {
	ip -n $NS link add up2 type veth peer name p2 2>/dev/null &&
	ip -n $NS addr add 198.51.100.10/24 dev up2 &&
	ip -n $NS link set up2 up && ip -n $NS link set p2 up
}
mk_up2
UP="up1:192.0.2.1 up2:198.51.100.1"

# up2 goes and comes back, over and over, while the runs go on.
: >"$TMPD/flap"
( while [ -e "$TMPD/flap" ]; do ip -n $NS link del up2 2>/dev/null; mk_up2; done ) &
FLAP=$!
at_exit "rm -f $TMPD/flap; kill $FLAP"
bad=""
unnamed=""
codes=""
i=0
while [ $i -lt 40 ]; do
	run $H multihome-route --persist none $UP
	codes="$codes $RC"
	case $RC in
	0) ;;
	65|66|69) case $ERR in *"'up2'"*|*"up2 "*|*"dev up2"*) ;; *) unnamed="$unnamed [$RC: $ERR]" ;; esac ;;
	*) bad="$bad [$RC: $ERR]" ;;
	esac
	i=$((i + 1))
done
rm -f "$TMPD/flap"
wait "$FLAP"
echo "# exit codes while up2 flapped:$codes"
is "$bad" "" "every run ended 0, 65, 66 or 69 - none with 70"
is "$unnamed" "" "every failed run named the interface that went"
ip -n $NS link show up2 >/dev/null 2>&1 || mk_up2
expect_exit 0 "with up2 steady the run sets everything up" $H multihome-route --persist none $UP
like "$(ip -n $NS rule show)" "*from 198.51.100.10 lookup 101 proto 97*" "uplink 2's rule is there"
like "$(ip -n $NS route show table 101)" "*default via 198.51.100.1 dev up2*" "and its default route"
expect_exit 0 "--remove" $H multihome-route --remove --persist none
is "$(ip -n $NS route show table all proto 97; ip -n $NS rule show | grep 'proto 97')" "" "nothing of ours is left"

done_testing

# SPDX-License-Identifier: GPL-2.0-or-later
# Step (seed part 8): a head node on two networks answers by the uplink a
# packet came in on. All of it happens in network namespaces made here
# (host, two gateways, a remote host), never in the demo machine's own.
step "multihome-route: source-based routing for a host with two uplinks (in throwaway netns)"
mh_hooks=""
at_exit() { mh_hooks="$1; $mh_hooks"; }
trap 'eval "$mh_hooks"' EXIT
TMPD=$SANDBOX/multihome
mkdir -p "$TMPD"
# shellcheck source=/dev/null
. "$top/tests/net/multihome-route-lib.sh"
P=mhdemo$$
mh_topo "$P"
H="ip netns exec ${P}h"
echo "-- host ${P}h: up1 192.0.2.10/24 (gateway 192.0.2.1, main default route), up2 198.51.100.10/24 (gateway 198.51.100.1)"
echo "-- the remote pings 198.51.100.10 through gateway 2; tcpdump sees the reply leave by: $(mh_reply_iface "$P")"
echo "-- what would be done, as an ip -batch script:"
show $H multihome-route -n --persist none --from 203.0.113.128/25=up2 up1:192.0.2.1 up2:198.51.100.1
echo "-- apply it, and write network-scripts files under a sandbox root:"
mkdir -p "$SANDBOX/root/etc/sysconfig/network-scripts"
show $H multihome-route --persist network-scripts --persist-root "$SANDBOX/root" \
	--from 203.0.113.128/25=up2 up1:192.0.2.1 up2:198.51.100.1
show ip -n "${P}h" rule show
show ip -n "${P}h" route show table 101
echo "-- $SANDBOX/root/etc/sysconfig/network-scripts/rule-up2:"
cat "$SANDBOX/root/etc/sysconfig/network-scripts/rule-up2"
echo "-- the same ping now; the reply leaves by: $(mh_reply_iface "$P")"
echo "-- a second run changes nothing; --check agrees (exit 0):"
show $H multihome-route -q --persist network-scripts --persist-root "$SANDBOX/root" \
	--from 203.0.113.128/25=up2 up1:192.0.2.1 up2:198.51.100.1
show $H multihome-route --check -q --persist none --from 203.0.113.128/25=up2 up1:192.0.2.1 up2:198.51.100.1
echo "-- --remove takes away exactly its routes, rules and files:"
show $H multihome-route --remove --persist-root "$SANDBOX/root"
echo "-- and the reply leaves by: $(mh_reply_iface "$P") again"

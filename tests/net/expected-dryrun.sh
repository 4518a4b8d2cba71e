#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# expected-dryrun.sh - the -n scripts of masq-setup and multihome-route,
# exactly (tests/expected/), in namespaces made here: the gateway of
# tests/net/masq-setup.sh and the two-uplink host of multihome-route-lib.sh.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
need_root
need_prog ip nft sysctl masq-setup multihome-route

G=exg$$
at_exit "ip netns del $G"
ip netns add $G || skip_all "cannot create network namespaces"
# one veth pair inside the namespace: two interfaces, no other namespace
ip -n $G link add g0 type veth peer name g1
ip -n $G addr add 192.0.2.1/24 dev g0
ip -n $G addr add 198.51.100.1/24 dev g1
for l in lo g0 g1; do ip -n $G link set $l up; done
ip netns exec $G sysctl -qw net.ipv4.ip_forward=0
R=$TMPD/root
mkdir -p "$R"
gw() { ip netns exec $G "$@"; }
expect_output masq-setup/dry-run gw masq-setup -n -i 192.0.2.0/24 -o g1 --persist-root "$R"
expect_output masq-setup/dry-run-two gw masq-setup -n -i 192.0.2.0/24 -i 203.0.113.0/24 -o g1 \
	--persist-root "$R"
ok "a run sets the gateway up" gw masq-setup -q -i 192.0.2.0/24 -o g1 --persist-root "$R"
expect_output masq-setup/remove-dry-run gw masq-setup --remove -n --persist-root "$R"

A=exm$$
mh_topo "$A" || { echo "Bail out! cannot build the multihome topology"; exit 0; }
ARGS="--persist none --from 203.0.113.128/25=up2 up1:192.0.2.1 up2:198.51.100.1"
expect_output multihome-route/dry-run ip netns exec "${A}h" multihome-route -n $ARGS
ok "a run sets the host up" ip netns exec "${A}h" multihome-route -q $ARGS
expect_output multihome-route/remove-dry-run ip netns exec "${A}h" multihome-route -n --remove --persist none
done_testing

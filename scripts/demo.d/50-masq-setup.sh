# SPDX-License-Identifier: GPL-2.0-or-later
# Step (seed part 9): the head node as the cluster's NAT gateway. Three network
# namespaces stand in for a worker node (client), the head node (gateway) and
# the outside world; nothing outside them changes, and the boot-time files go
# under the sandbox.
step "masq-setup: let the worker network 192.0.2.0/24 reach the outside through the gateway"
_mq=acmdemo$$
_mq_cleanup() { for _n in ${_mq}c ${_mq}g ${_mq}o; do ip netns del "$_n" 2>/dev/null; done; }
trap _mq_cleanup EXIT
for _n in ${_mq}c ${_mq}g ${_mq}o; do ip netns add "$_n"; done
ip -n ${_mq}g link add g0 type veth peer name c0 netns ${_mq}c
ip -n ${_mq}g link add g1 type veth peer name o0 netns ${_mq}o
ip -n ${_mq}c addr add 192.0.2.2/24 dev c0
ip -n ${_mq}g addr add 192.0.2.1/24 dev g0
ip -n ${_mq}g addr add 198.51.100.1/24 dev g1
ip -n ${_mq}o addr add 198.51.100.2/24 dev o0
for _l in "${_mq}c c0" "${_mq}g g0" "${_mq}g g1" "${_mq}o o0"; do
	set -- $_l; ip -n "$1" link set "$2" up
done
ip -n ${_mq}c route add default via 192.0.2.1
ip netns exec ${_mq}g sysctl -qw net.ipv4.ip_forward=0
echo "client 192.0.2.2 -- gateway 192.0.2.1 | 198.51.100.1 (g1) -- outside 198.51.100.2"
gw() { ip netns exec ${_mq}g "$@"; }
_root=$SANDBOX/masq-root
mkdir -p "$_root"
_ping() { ip netns exec ${_mq}c ping -c 1 -W 1 198.51.100.2 >/dev/null 2>&1 && echo "client reaches 198.51.100.2" || echo "client cannot reach 198.51.100.2"; }

echo "-- before:"; _ping
echo "-- what a run would load (-n):"
show ip netns exec ${_mq}g masq-setup -n -i 192.0.2.0/24 -o g1 --persist-root "$_root"
echo "-- the run:"
show ip netns exec ${_mq}g masq-setup -i 192.0.2.0/24 -o g1 --persist-root "$_root"
echo "-- after:"; _ping
ip netns exec ${_mq}o timeout 5 tcpdump -l -n -i o0 -c 1 icmp 2>/dev/null &
_td=$!
sleep 1
ip netns exec ${_mq}c ping -c 1 -W 1 198.51.100.2 >/dev/null 2>&1 || true
wait $_td || true
echo "-- (the line above is tcpdump on the outside: the source is the gateway's 198.51.100.1)"
echo "-- the table in the gateway:"
gw nft list table ip acmtools_masq
echo "-- a second run changes nothing, and --check agrees:"
show ip netns exec ${_mq}g masq-setup -i 192.0.2.0/24 -o g1 --persist-root "$_root"
show ip netns exec ${_mq}g masq-setup --check -i 192.0.2.0/24 -o g1 --persist-root "$_root"
echo "-- files for boot, under the sandbox root:"
(cd "$_root" && find etc -type f | sort)
echo "-- --remove takes it all away again:"
show ip netns exec ${_mq}g masq-setup --remove --persist-root "$_root"
_ping
_mq_cleanup
trap - EXIT

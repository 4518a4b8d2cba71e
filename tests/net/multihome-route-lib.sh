# SPDX-License-Identifier: GPL-2.0-or-later
# tests/net/multihome-route-lib.sh - sourced by the multihome-route net tests:
# builds a throwaway two-uplink site in network namespaces the test owns.
#
#   mh_topo P     namespaces Ph (the host), Pg1, Pg2 (the uplinks' gateways)
#                 and Pr (a remote host reachable through both gateways).
#
#   Ph: up1 192.0.2.10/24      <-> Pg1: g1in 192.0.2.1/24
#       up2 198.51.100.10/24   <-> Pg2: g2in 198.51.100.1/24
#   Pg1: g1out 203.0.113.1/30  <-> Pr: r1 203.0.113.2/30
#   Pg2: g2out 203.0.113.5/30  <-> Pr: r2 203.0.113.6/30
#
# The host's main default route goes out of up1, as on a site whose second
# uplink was added later. Only RFC 5737 addresses; nothing in the caller's
# own namespace: every command runs with `ip -n NS` or `ip netns exec NS`.

# mh_start P [PROG...]: the start of a one-site test: root, ip,
# multihome-route and PROGs (else skip), the topology under prefix P (else
# bail out); then H runs a command on the host and IP is ip on it.
mh_start() {
	P=$1
	shift
	need_root
	need_prog ip multihome-route "$@"
	mh_topo "$P" || { echo "Bail out! cannot build the netns topology"; exit 0; }
	H="ip netns exec ${P}h"
	IP="ip -n ${P}h"
}

mh_topo() {
	_p=$1
	for _mhns in h g1 g2 r; do
		ip netns add "$_p$_mhns" || return 1
		at_exit "ip netns del $_p$_mhns"
		ip -n "$_p$_mhns" link set lo up
	done
	ip -n "${_p}h" link add up1 type veth peer name g1in netns "${_p}g1" &&
	ip -n "${_p}h" link add up2 type veth peer name g2in netns "${_p}g2" &&
	ip -n "${_p}g1" link add g1out type veth peer name r1 netns "${_p}r" &&
	ip -n "${_p}g2" link add g2out type veth peer name r2 netns "${_p}r" || return 1
	ip -n "${_p}h" addr add 192.0.2.10/24 dev up1
	ip -n "${_p}h" addr add 198.51.100.10/24 dev up2
	ip -n "${_p}g1" addr add 192.0.2.1/24 dev g1in
	ip -n "${_p}g1" addr add 203.0.113.1/30 dev g1out
	ip -n "${_p}g2" addr add 198.51.100.1/24 dev g2in
	ip -n "${_p}g2" addr add 203.0.113.5/30 dev g2out
	ip -n "${_p}r" addr add 203.0.113.2/30 dev r1
	ip -n "${_p}r" addr add 203.0.113.6/30 dev r2
	for _l in "h up1" "h up2" "g1 g1in" "g1 g1out" "g2 g2in" "g2 g2out" "r r1" "r r2"; do
		set -- $_l
		ip -n "$_p$1" link set "$2" up || return 1
	done
	ip -n "${_p}h" route add default via 192.0.2.1 dev up1
	ip -n "${_p}g1" route add default via 203.0.113.2
	ip -n "${_p}g2" route add default via 203.0.113.6
	ip -n "${_p}r" route add 192.0.2.0/24 via 203.0.113.1
	ip -n "${_p}r" route add 198.51.100.0/24 via 203.0.113.5
	for _mhns in g1 g2; do
		ip netns exec "$_p$_mhns" sysctl -qw net.ipv4.ip_forward=1 || return 1
	done
	# No reverse-path filtering anywhere to start with: the misrouted
	# replies must be visible "before", and the remote accepts answers on
	# either link.
	for _mhns in h g1 g2 r; do
		for _i in all default; do
			ip netns exec "$_p$_mhns" sysctl -qw "net.ipv4.conf.$_i.rp_filter=0"
		done
	done
	for _l in "h up1" "h up2" "r r1" "r r2"; do
		set -- $_l
		ip netns exec "$_p$1" sysctl -qw "net.ipv4.conf.$2.rp_filter=0"
	done
	return 0
}

# mh_reply_iface P: ping the host's uplink-2 address from the remote (out
# by r2, through gateway 2) and print on which host uplinks tcpdump saw the
# echo replies leave: "up1", "up2", "up1 up2" or "" (none).
mh_reply_iface() {
	_p=$1
	_seen=""
	for _i in up1 up2; do
		rm -f "$TMPD/$_i.pcap" "$TMPD/$_i.log"
		ip netns exec "${_p}h" tcpdump -i "$_i" -n -U --immediate-mode -w "$TMPD/$_i.pcap" \
			'icmp[icmptype] = icmp-echoreply and src host 198.51.100.10' \
			>"$TMPD/$_i.log" 2>&1 &
		eval "_pid_$_i=\$!"
	done
	# Wait for both captures to be listening (tcpdump says so on stderr).
	for _t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		grep -q listening "$TMPD/up1.log" 2>/dev/null && grep -q listening "$TMPD/up2.log" 2>/dev/null && break
		sleep 0.1
	done
	ip netns exec "${_p}r" ping -c 2 -i 0.2 -W 1 -I r2 198.51.100.10 >/dev/null 2>&1
	sleep 0.3
	kill "$_pid_up1" "$_pid_up2" 2>/dev/null
	wait "$_pid_up1" "$_pid_up2" 2>/dev/null
	for _i in up1 up2; do
		_c=$(tcpdump -r "$TMPD/$_i.pcap" -n 2>/dev/null | wc -l)
		[ "$_c" -gt 0 ] && _seen="$_seen${_seen:+ }$_i"
	done
	echo "$_seen"
}

# mh_state NS: the routes and rules our protocol number marks, plus the whole
# rule list, as text to compare between runs.
mh_state() {
	ip -n "$1" rule show
	ip -n "$1" -6 rule show
	ip -n "$1" route show table all proto 97
	ip -n "$1" -6 route show table all proto 97
}

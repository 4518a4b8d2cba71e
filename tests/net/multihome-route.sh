#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route on a real kernel: a host with two uplinks in network
# namespaces this test makes; replies to the second uplink's address leave by
# the first before, by the second after; --check, idempotence, --remove
# keeping a foreign rule, non-root, and bad input exit codes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
mh_start mhn$$ tcpdump ping setpriv jq
UP="up1:192.0.2.1 up2:198.51.100.1"

# Before: the main table's default route sends the reply out of up1.
is "$(mh_reply_iface "$P")" "up1" "before: the reply to uplink 2's address leaves by uplink 1"

expect_exit 1 "--check before: a run would change something" \
	$H multihome-route --check --persist none $UP
like "$OUT" "*iface=up2 table=101*changed=yes*" "--check still reports what would change"
BEFORE=$(mh_state "${P}h")
is "$(mh_state "${P}h")" "$BEFORE" "--check changed nothing in the kernel"

# Apply.
expect_exit 0 "set up two uplinks" $H multihome-route --persist none $UP
like "$OUT" "iface=up1 table=100 gateway=192.0.2.1 sources=192.0.2.10 rp_filter=2 persist=none changed=yes*" \
	"record for uplink 1"
like "$OUT" "*iface=up2 table=101 gateway=198.51.100.1 sources=198.51.100.10 rp_filter=2 persist=none changed=yes" \
	"record for uplink 2"
like "$ERR" "*up2*rp_filter set to 2 (loose)*" "says it set rp_filter loose"
like "$(ip -n "${P}h" rule show)" "*1000:	from 198.51.100.10 lookup 101 proto 97*" \
	"rule: from the uplink 2 address to table 101, our protocol"
is "$(ip -n "${P}h" route show table 101)" "default via 198.51.100.1 dev up2 proto 97 
198.51.100.0/24 dev up2 proto 97 scope link src 198.51.100.10 " "table 101: connected subnet with src, default via gateway 2"
is "$(ip netns exec "${P}h" cat /proc/sys/net/ipv4/conf/up2/rp_filter)" "2" "rp_filter of up2 is loose"
like "$(ip -n "${P}h" route get 203.0.113.6 from 198.51.100.10)" "*dev up2*table 101*" \
	"route lookup from the uplink 2 address uses table 101"
like "$(ip -n "${P}h" route get 203.0.113.6)" "*via 192.0.2.1 dev up1*" \
	"other traffic still follows the main table out of up1"
is "$(mh_reply_iface "$P")" "up2" "after: the reply leaves by uplink 2, where the request came in"
ok "the remote's ping through uplink 2 is answered" \
	ip netns exec "${P}r" ping -c 1 -W 2 -I r2 198.51.100.10

# Idempotent.
AFTER=$(mh_state "${P}h")
expect_exit 0 "--check after: exactly this set-up is there" $H multihome-route --check --persist none $UP
expect_exit 0 "second run" $H multihome-route --persist none $UP
like "$OUT" "*up1*changed=no*up2*changed=no" "second run changes nothing and says so"
is "$(mh_state "${P}h")" "$AFTER" "rule and route listings identical after the second run"
expect_exit 0 "--json --check" $H multihome-route --json --check --persist none $UP
is "$(printf '%s\n' "$OUT" | jq -r '[.iface, .table, .gateway, .sources, .changed] | @tsv' | tr '\t' ' ')" \
	"up1 100 192.0.2.1 192.0.2.10 false
up2 101 198.51.100.1 198.51.100.10 false" "--json: one object per uplink"
expect_exit 0 "-n on a set-up host" $H multihome-route -n --persist none $UP
is "$(printf '%s\n' "$OUT" | grep -vc '^#')" "0" "-n has nothing to do on a set-up host"

# --from: a VM network behind uplink 2, a more specific one behind uplink 1.
expect_exit 0 "--from prefixes" $H multihome-route --persist none \
	--from 203.0.113.128/25=up2 --from 203.0.113.192/26=up1 $UP
like "$(ip -n "${P}h" rule show)" "*1007:	from 203.0.113.192/26 lookup 100 proto 97*1008:	from 203.0.113.128/25 lookup 101 proto 97*" \
	"narrower prefix gets the earlier priority"
like "$OUT" "*sources=198.51.100.10,203.0.113.128/25*" "sources lists the --from prefix"
expect_exit 0 "dropping the --from prefixes again" $H multihome-route --persist none $UP
is "$(mh_state "${P}h")" "$AFTER" "rules made for --from are gone when no longer asked for"

# --remove keeps what is not ours.
ip -n "${P}h" rule add from 192.0.2.99 lookup main priority 500
ip -n "${P}h" route add 203.0.113.64/26 via 198.51.100.1 table 101
expect_exit 0 "--remove" $H multihome-route --remove --persist none
like "$OUT" "removed_routes=4 removed_rules=2 removed_files=0 changed=yes" "--remove record counts"
like "$(ip -n "${P}h" rule show)" "*500:	from 192.0.2.99 lookup main*" "foreign rule kept"
is "$(ip -n "${P}h" route show table 101)" "203.0.113.64/26 via 198.51.100.1 dev up2 " "foreign route in table 101 kept"
is "$(ip -n "${P}h" rule show | grep -c 'proto 97')" "0" "none of our rules left"
is "$(ip -n "${P}h" route show table all proto 97 | wc -l)" "0" "none of our routes left"
is "$(mh_reply_iface "$P")" "up1" "old path restored: the reply leaves by uplink 1 again"
expect_exit 0 "--remove again" $H multihome-route --remove --persist none
like "$OUT" "*changed=no" "second --remove changes nothing"
ip -n "${P}h" route del 203.0.113.64/26 table 101

# An uplink whose name has a dot, as VLAN interfaces do (eth0.100): its
# rp_filter lives at net/ipv4/conf/vl.7/rp_filter, not net/ipv4/conf/vl/7.
ip -n "${P}h" link add vl.7 type veth peer name vl7-peer
ip -n "${P}h" addr add 203.0.113.70/29 dev vl.7
ip -n "${P}h" link set vl7-peer up
ip -n "${P}h" link set vl.7 up
expect_exit 0 "an uplink named vl.7" $H multihome-route --persist none up1:192.0.2.1 vl.7:203.0.113.65
like "$OUT" "*iface=vl.7 table=101 gateway=203.0.113.65 sources=203.0.113.70 rp_filter=2 *" "record for vl.7"
is "$(ip netns exec "${P}h" cat /proc/sys/net/ipv4/conf/vl.7/rp_filter)" "2" "rp_filter of vl.7 set"
expect_exit 0 "--remove after vl.7" $H multihome-route --remove --persist none
ip -n "${P}h" link del vl.7

# Not root: CAP_NET_ADMIN is needed to change routes (77).
expect_exit 77 "without CAP_NET_ADMIN exits 77" ip netns exec "${P}h" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
	multihome-route --persist none $UP
like "$ERR" "*CAP_NET_ADMIN*" "the message says what is missing"
is "$(ip -n "${P}h" rule show | grep -c 'proto 97')" "0" "nothing was left behind by the refused run"
expect_exit 1 "--check works without privileges" ip netns exec "${P}h" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all \
	multihome-route --check --persist none $UP

# Bad input data (65); usage errors (64) change nothing either.
ip -n "${P}h" link add bare type veth peer name bare-peer
ip -n "${P}h" link set bare up
expect_exit 65 "missing interface: 65" $H multihome-route --persist none nosuch0:192.0.2.1
like "$ERR" "multihome-route: error: 'nosuch0': no such interface*" "names the missing interface"
expect_exit 65 "interface without IPv4 address: 65" $H multihome-route --persist none bare:192.0.2.1
like "$ERR" "*'bare': interface has no global IPv4 address*" "says the address is missing"
expect_exit 65 "gateway off the interface's subnet: 65" $H multihome-route --persist none up1:203.0.113.1
like "$ERR" "*'up1:203.0.113.1': gateway is not on any of the interface's IPv4 subnets*" "names the gateway"
expect_exit 65 "IPv6 gateway without an IPv6 address: 65" $H multihome-route --persist none up1:192.0.2.1,2001:db8::1
is "$(ip -n "${P}h" rule show | grep -c 'proto 97')" "0" "bad input changed nothing"
# (Every malformed argument's 64 is in tests/cli/multihome-route.sh.)
expect_exit 64 "malformed uplink: 64" $H multihome-route --persist none up1:192.0.2
expect_exit 64 "two uplinks in one table: 64" $H multihome-route --persist none --table up1=101 $UP
is "$(ip -n "${P}h" rule show | grep -c 'proto 97')" "0" "usage errors changed nothing"

# --table by name and number, --priority, --rp-filter keep.
ip netns exec "${P}h" sysctl -qw net.ipv4.conf.up1.rp_filter=0
mkdir -p "$TMPD/root"
expect_exit 0 "--table NAME, --priority, --rp-filter keep" $H multihome-route --persist none \
	--persist-root "$TMPD/root" --table up1=isp_a --table up2=205 --priority 2000 --rp-filter keep $UP
like "$OUT" "iface=up1 table=isp_a *rp_filter=0*" "named table in the record; rp_filter kept"
like "$(ip -n "${P}h" rule show)" "*2000:	from 192.0.2.10 lookup 100 proto 97*2000:	from 198.51.100.10 lookup 205 proto 97*" \
	"rules at the given priority and tables"
expect_exit 0 "--remove by uplink" $H multihome-route --remove --persist none --table up2=205 up2:198.51.100.1
like "$(ip -n "${P}h" rule show)" "*from 192.0.2.10 lookup 100 proto 97*" "the other uplink's rule stays"
not_ok "the removed uplink's rule is gone" sh -c "ip -n ${P}h rule show | grep -q 'lookup 205'"
expect_exit 0 "--remove the rest" $H multihome-route --remove --persist none

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route with many uplinks: automatic tables never reach the
# kernel's own (253 default, 254 main, 255 local) at the 154th uplink, and
# step over a table someone else's route uses and one named in rt_tables.
# 160 veth uplinks in one namespace made here, /30s of RFC 5737 space.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog ip multihome-route

NS=mht$$
need_netns $NS
H="ip netns exec $NS"
# 64 /30s in each of the three documentation /24s: uplink i gets .4k+1,
# its gateway .4k+2 (never answering: no packets are sent here).
UP=""
: >"$TMPD/batch"
i=0
for net in 192.0.2 198.51.100 203.0.113; do
	k=0
	while [ $k -lt 64 ] && [ $i -lt 160 ]; do
		echo "link add u$i type veth peer name p$i" >>"$TMPD/batch"
		echo "addr add $net.$((k * 4 + 1))/30 dev u$i" >>"$TMPD/batch"
		echo "link set u$i up" >>"$TMPD/batch"
		echo "link set p$i up" >>"$TMPD/batch"
		UP="$UP u$i:$net.$((k * 4 + 2))"
		i=$((i + 1)); k=$((k + 1))
	done
done
ok "160 uplinks made" ip -n $NS -batch "$TMPD/batch"
# Someone else's route in table 101, and table 102 named by the admin.
ip -n $NS route add blackhole 192.0.2.0/24 table 101 proto static
R=$TMPD/root
mkdir -p "$R/etc/iproute2"
printf '255\tlocal\n254\tmain\n253\tdefault\n0\tunspec\n102\tvpn\n' >"$R/etc/iproute2/rt_tables"

expect_exit 0 "160 uplinks set up" $H multihome-route --persist none --persist-root "$R" $UP
TABLES=$(printf '%s\n' "$OUT" | sed -n 's/.* table=\([0-9]*\) .*/\1/p')
is "$(printf '%s\n' "$TABLES" | wc -l)" "160" "one record per uplink"
is "$(printf '%s\n' "$TABLES" | sort -n | uniq -d)" "" "no two uplinks share a table"
is "$(printf '%s\n' "$TABLES" | grep -xE '0|101|102|253|254|255')" "" \
	"no uplink in table 0, 101 (someone's route), 102 (named vpn) or 253-255"
like "$OUT" "*iface=u1 table=260 *iface=u2 table=261 *" \
	"uplinks 2 and 3 step over 101 (someone's) and 102 (named) past every default (100+160)"
like "$OUT" "*iface=u153 table=262 *iface=u154 table=263 *iface=u155 table=264 *" \
	"the 154th to 156th uplinks go past 253-255 too"
like "$OUT" "*iface=u3 table=103 *iface=u152 table=252 *iface=u156 table=256 *" "the others keep their defaults"
is "$(ip -n $NS route show table main proto 97; ip -n $NS route show table default proto 97; ip -n $NS route show table local proto 97)" \
	"" "nothing of ours in the kernel's main, default or local table"
is "$(ip -n $NS route show table 101)" "blackhole 192.0.2.0/24 proto static " "the foreign table is as it was"
expect_exit 0 "a second run changes nothing" $H multihome-route --persist none --persist-root "$R" $UP
is "$(printf '%s\n' "$OUT" | grep -c 'changed=no')" "160" "every uplink: changed=no"
expect_exit 0 "--remove" $H multihome-route --remove --persist none
is "$(ip -n $NS route show table all proto 97; ip -n $NS rule show | grep "proto 97")" "" "all of it gone"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route --persist: the same set-up written, under --persist-root,
# in the format each network manager reads at boot; idempotent files, foreign
# lines kept, and --remove taking exactly our part away. Also IPv6 uplinks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
mh_start mhp$$
UP="up1:192.0.2.1 up2:198.51.100.1"

# network-scripts, with a route line of the admin's own in route-up1.
R=$TMPD/el
NS=$R/etc/sysconfig/network-scripts
mkdir -p "$NS"
printf 'DEVICE=up1\n' >"$NS/ifcfg-up1"
printf '10.0.0.0/8 via 192.0.2.254\n' >"$NS/route-up1"
expect_exit 0 "--persist auto picks network-scripts for an ifcfg interface" \
	$H multihome-route --persist auto --persist-root "$R" --table up2=isp_b $UP
like "$OUT" "iface=up1 table=100 *persist=network-scripts changed=yes*" "record names the format"
like "$OUT" "*iface=up2 table=isp_b *persist=none*" "an interface no manager knows is not persisted"
is "$(cat "$NS/route-up1")" "10.0.0.0/8 via 192.0.2.254
# BEGIN acmtools multihome-route (managed block, do not edit)
192.0.2.0/24 dev up1 src 192.0.2.10 scope link table 100 proto 97
default via 192.0.2.1 dev up1 table 100 proto 97
# END acmtools multihome-route" "route-up1: our block after the admin's line"
like "$(cat "$NS/rule-up1")" "*from 192.0.2.10 lookup 100 priority 1000 protocol 97*" "rule-up1"
ok "no IPv6 files without an IPv6 gateway" test ! -e "$NS/route6-up1" -a ! -e "$NS/rule6-up1"
like "$(cat "$R/etc/iproute2/rt_protos.d/acmtools.conf")" "*97	acmtools*" "protocol 97 is named acmtools"
like "$(cat "$R/etc/iproute2/rt_tables.d/acmtools.conf")" "*101	isp_b*" "table name registered"
like "$(ip -n "${P}h" rule show)" "*from 198.51.100.10 lookup 101*" "the named table got its default number"
# The lines replay: ifup-routes runs `ip route add LINE` for each.
grep -v '^#' "$NS/route-up1" | tail -n 2 >"$TMPD/lines"
ip -n "${P}h" route flush table 100
while read -r line; do ip -n "${P}h" route add $line; done <"$TMPD/lines"
expect_exit 0 "routes re-added from route-up1 are exactly ours" $H multihome-route --check \
	--persist none --table up2=isp_b --persist-root "$R" $UP
M1=$(stat -c %Y.%i "$NS/route-up1")
sleep 1
expect_exit 0 "second run" $H multihome-route --persist auto --persist-root "$R" --table up2=isp_b $UP
like "$OUT" "*changed=no*changed=no" "second run: nothing changed"
is "$(stat -c %Y.%i "$NS/route-up1")" "$M1" "unchanged file not rewritten"
expect_exit 0 "--remove" $H multihome-route --remove --persist-root "$R"
like "$OUT" "removed_routes=4 removed_rules=2 removed_files=4 changed=yes" "--remove counts the files"
is "$(cat "$NS/route-up1")" "10.0.0.0/8 via 192.0.2.254" "route-up1 back to the admin's line"
ok "rule-up1 (only ours) removed" test ! -e "$NS/rule-up1"
ok "name files removed" test ! -e "$R/etc/iproute2/rt_protos.d/acmtools.conf" -a ! -e "$R/etc/iproute2/rt_tables.d/acmtools.conf"
ok "ifcfg-up1 untouched" test "$(cat "$NS/ifcfg-up1")" = "DEVICE=up1"

# systemd-networkd: a drop-in for the .network file matching the interface.
R=$TMPD/nd
mkdir -p "$R/etc/systemd/network" "$R/usr/lib/systemd/network"
printf '[Match]\nName=up*\n\n[Network]\nDHCP=no\n' >"$R/etc/systemd/network/20-uplinks.network"
expect_exit 78 "two uplinks sharing one .network file: 78" \
	$H multihome-route --persist networkd --persist-root "$R" $UP
like "$ERR" "*'up1' and 'up2' are both configured by*20-uplinks.network*" "says why"
printf '[Match]\nName=up1\n\n[Network]\nDHCP=no\n' >"$R/etc/systemd/network/10-up1.network"
printf '[Match]\nName=eth0 up2\n' >"$R/usr/lib/systemd/network/10-up2.network"
expect_exit 0 "--persist networkd" $H multihome-route --persist networkd --persist-root "$R" $UP
like "$ERR" "*ManageForeignRoutingPolicyRules=no*" "warns about networkd deleting foreign rules"
D1=$R/etc/systemd/network/10-up1.network.d/acmtools-multihome.conf
D2=$R/etc/systemd/network/10-up2.network.d/acmtools-multihome.conf
like "$(cat "$D2")" "*\[Route\]
Gateway=198.51.100.1
Table=101
Protocol=97*" "drop-in (in /etc) for the vendor's .network of up2: its default route"
like "$(cat "$D1")" "*\[RoutingPolicyRule\]
From=192.0.2.10/32
Table=100
Priority=1000*" "drop-in for up1: its rule"
expect_exit 0 "--remove --persist networkd" $H multihome-route --remove --persist-root "$R"
ok "drop-ins and their directories removed" test ! -e "$R/etc/systemd/network/10-up1.network.d" -a ! -e "$R/etc/systemd/network/10-up2.network.d"
ok ".network file untouched" grep -q 'DHCP=no' "$R/etc/systemd/network/10-up1.network"
mkdir -p "$TMPD/empty"
expect_exit 78 "--persist networkd without a matching .network: 78" \
	$H multihome-route --persist networkd --persist-root "$TMPD/empty" $UP
is "$(ip -n "${P}h" rule show | grep -c 'proto 97')" "0" "a refused persist changed nothing in the kernel"

# NetworkManager keyfile (auto detects it), with an IPv6 uplink.
ip -n "${P}h" addr add 2001:db8:2::10/64 dev up2 nodad
R=$TMPD/nm
K=$R/etc/NetworkManager/system-connections/uplink2.nmconnection
mkdir -p "$(dirname "$K")"
printf '[connection]\nid=uplink2\ninterface-name=up2\n\n[ipv4]\nmethod=manual\nroute1=10.0.0.0/8,198.51.100.254\n\n[ipv6]\nmethod=manual\n' >"$K"
chmod 600 "$K"
expect_exit 0 "--persist auto picks NetworkManager; IPv6 gateway" \
	$H multihome-route --persist-root "$R" up1:192.0.2.1 up2:198.51.100.1,2001:db8:2::1
like "$OUT" "*iface=up2 table=101 gateway=198.51.100.1 gateway6=2001:db8:2::1 sources=198.51.100.10,2001:db8:2::10 *persist=nm changed=yes" \
	"record has the IPv6 gateway and source"
like "$(cat "$K")" "*route9701=0.0.0.0/0,198.51.100.1
route9701_options=table=101*" "keyfile: IPv4 default route in table 101"
like "$(cat "$K")" "*\[ipv6\]
route9700=2001:db8:2::/64*routing-rule9700=priority 1000 from 2001:db8:2::10/128 table 101*" "keyfile: IPv6 part"
like "$(cat "$K")" "*route1=10.0.0.0/8,198.51.100.254*" "the admin's route1 kept"
is "$(stat -c %a "$K")" "600" "keyfile stays private"
like "$(ip -n "${P}h" -6 rule show)" "*1000:	from 2001:db8:2::10 lookup 101 proto 97*" "IPv6 rule in the kernel"
is "$(ip -n "${P}h" -6 route show table 101)" "2001:db8:2::/64 dev up2 proto 97 metric 1024 pref medium
default via 2001:db8:2::1 dev up2 proto 97 metric 1024 pref medium" "IPv6 table 101"
expect_exit 0 "--check with IPv6" $H multihome-route --check --persist-root "$R" up1:192.0.2.1 up2:198.51.100.1,2001:db8:2::1
expect_exit 0 "dropping the IPv6 gateway" $H multihome-route --persist-root "$R" $UP
is "$(ip -n "${P}h" -6 route show table 101)" "" "IPv6 routes of ours gone"
ok "IPv6 keys gone from the keyfile" sh -c "! grep -q 2001:db8 '$K'"
expect_exit 0 "--remove up2 only" $H multihome-route --remove --persist-root "$R" up2:198.51.100.1
is "$(cat "$K")" "$(printf '[connection]\nid=uplink2\ninterface-name=up2\n\n[ipv4]\nmethod=manual\nroute1=10.0.0.0/8,198.51.100.254\n\n[ipv6]\nmethod=manual')" \
	"keyfile exactly as the admin wrote it"
expect_exit 0 "--remove the rest" $H multihome-route --remove --persist-root "$R"

# A file we keep a managed block in is the admin's bytes, all of them: a
# NUL byte, CRs, invalid UTF-8, and a size over the 16 MiB the old reader
# refused (it stopped the run) - before our block and after it. Every byte
# around the block survives the run, the rerun and --remove exactly.
R=$TMPD/big
NS=$R/etc/sysconfig/network-scripts
mkdir -p "$NS"
printf 'DEVICE=up1\n' >"$NS/ifcfg-up1"
{
	printf '10.0.0.0/8 via 192.0.2.254\n# note\000after a NUL\r\n\377\376 not UTF-8\n#'
	head -c $((17 << 20)) /dev/zero | tr '\0' 'x'
	printf '\n# end\000\n'
} >"$TMPD/route-orig"
printf 'from 198.51.100.77 lookup main\n#\000 kept\n' >"$TMPD/rule-orig"
cp "$TMPD/route-orig" "$NS/route-up1"
cp "$TMPD/rule-orig" "$NS/rule-up1"
SIZE=$(stat -c %s "$TMPD/route-orig")
ok "the admin's route-up1 is over 16 MiB and holds NUL bytes" \
	sh -c "test $SIZE -gt $((16 << 20)) && tr -cd '\\000' <'$TMPD/route-orig' | wc -c | grep -qx 2"
expect_exit 0 "a 17 MiB route-up1 with NULs is updated" \
	$H multihome-route --persist network-scripts --persist-root "$R" up1:192.0.2.1
ok "route-up1: every admin byte before our block" cmp -n "$SIZE" "$TMPD/route-orig" "$NS/route-up1"
is "$(tail -c +$((SIZE + 1)) "$NS/route-up1")" "# BEGIN acmtools multihome-route (managed block, do not edit)
192.0.2.0/24 dev up1 src 192.0.2.10 scope link table 100 proto 97
default via 192.0.2.1 dev up1 table 100 proto 97
# END acmtools multihome-route" "route-up1: our block appended after them"
RS=$(stat -c %s "$TMPD/rule-orig")
ok "rule-up1: the NUL line kept" cmp -n "$RS" "$TMPD/rule-orig" "$NS/rule-up1"
like "$(tail -c +$((RS + 1)) "$NS/rule-up1")" "# BEGIN acmtools*from 192.0.2.10 lookup 100*# END acmtools multihome-route" \
	"rule-up1: our block after them"
expect_exit 0 "rerun: nothing to change" \
	$H multihome-route --persist network-scripts --persist-root "$R" up1:192.0.2.1
like "$OUT" "*changed=no*" "rerun: changed=no"
expect_exit 0 "--remove" $H multihome-route --remove --persist-root "$R"
ok "route-up1 back to the admin's 17 MiB byte for byte" cmp "$TMPD/route-orig" "$NS/route-up1"
ok "rule-up1 back to the admin's bytes" cmp "$TMPD/rule-orig" "$NS/rule-up1"

done_testing

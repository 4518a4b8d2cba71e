#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route after a reboot: persisted with --persist nm or networkd,
# the routes and rules come back from the network manager with its own
# protocol (static, boot) and, for NetworkManager, its own metric. What our
# files make a manager install is ours: --check is 0, a run changes nothing,
# --remove takes it and the files away. What no persisted entry of ours
# describes (another gateway, no files at all) stays someone else's: 78,
# and left alone, also by --remove.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
mh_start mhb$$
$IP addr add 2001:db8:2::10/64 dev up2 nodad
UP="up1:192.0.2.1 up2:198.51.100.1,2001:db8:2::1"
TABLES="--table up1=100 --table up2=101"

# Everything the kernel holds that a run could touch: all rules, all
# routes but the kernel's own (link-local ones come and go with DAD).
snap() {
	{
		$IP route show table all
		$IP -6 route show table all
	} | grep -v ' proto kernel '
	$IP rule show
	$IP -6 rule show
}

# reboot RPROTO QPROTO METRIC4 METRIC6 [GW1]: our routes and rules gone,
# then what the manager installs from our files put back by hand: routes
# with protocol RPROTO and metrics METRIC4/METRIC6, rules with QPROTO
# (neither manager can give a rule our protocol). GW1: up1's default
# route via another gateway than the one persisted.
reboot() {
	for _t in 100 101; do
		$IP route flush table $_t
		$IP -6 route flush table $_t
	done
	while $IP rule del priority 1000 2>/dev/null; do :; done
	while $IP -6 rule del priority 1000 2>/dev/null; do :; done
	$IP route add 192.0.2.0/24 dev up1 src 192.0.2.10 scope link table 100 proto "$1" metric "$3" &&
	$IP route add default via "${5:-192.0.2.1}" dev up1 table 100 proto "$1" metric "$3" &&
	$IP route add 198.51.100.0/24 dev up2 src 198.51.100.10 scope link table 101 proto "$1" metric "$3" &&
	$IP route add default via 198.51.100.1 dev up2 table 101 proto "$1" metric "$3" &&
	$IP -6 route add 2001:db8:2::/64 dev up2 table 101 proto "$1" metric "$4" &&
	$IP -6 route add default via 2001:db8:2::1 dev up2 table 101 proto "$1" metric "$4" &&
	$IP rule add priority 1000 from 192.0.2.10 lookup 100 proto "$2" &&
	$IP rule add priority 1000 from 198.51.100.10 lookup 101 proto "$2" &&
	$IP -6 rule add priority 1000 from 2001:db8:2::10 lookup 101 proto "$2"
}

ours97() { snap | grep -c 'proto 97'; }

# after_reboot NAME ROOT FILES... : the three checks on a rebooted host,
# the files our run wrote (FILES) compared byte for byte.
after_reboot() {
	_rn=$1 _root=$2
	shift 2
	is "$(ours97)" "0" "$_rn: after the reboot nothing carries our protocol"
	_before=$(snap)
	_i=0
	for _f; do _i=$((_i + 1)); cp "$_f" "$TMPD/saved.$_i"; done
	expect_exit 0 "$_rn: --check after the reboot: nothing to do" \
		$H multihome-route --check --persist-root "$_root" $TABLES $UP
	expect_exit 0 "$_rn: -n after the reboot" $H multihome-route -n --persist-root "$_root" $TABLES $UP
	like "$OUT" "# multihome-route: 0 changes*" "$_rn: -n has no change to script"
	expect_exit 0 "$_rn: a run after the reboot" $H multihome-route --persist-root "$_root" $TABLES $UP
	like "$OUT" "iface=up1 table=100 *changed=no
iface=up2 table=101 *changed=no" "$_rn: the run changed nothing and says so"
	is "$(snap)" "$_before" "$_rn: routes and rules exactly as the manager put them back"
	_i=0
	for _f; do
		_i=$((_i + 1))
		ok "$_rn: ${_f#"$_root"/} not rewritten" cmp "$_f" "$TMPD/saved.$_i"
	done
}

# NetworkManager: keyfiles for both uplinks, each with a route of the
# admin's. NM puts its routes and rules back as proto static with the
# connection's metric (100 for ethernet).
R=$TMPD/nm
KD=$R/etc/NetworkManager/system-connections
mkdir -p "$KD"
printf '[connection]\nid=uplink1\ninterface-name=up1\n\n[ipv4]\nmethod=manual\nroute1=10.0.0.0/8,192.0.2.254\n\n[ipv6]\nmethod=ignore\n' >"$KD/up1.nmconnection"
printf '[connection]\nid=uplink2\ninterface-name=up2\n\n[ipv4]\nmethod=manual\n\n[ipv6]\nmethod=manual\n' >"$KD/up2.nmconnection"
chmod 600 "$KD"/*.nmconnection
cp "$KD/up1.nmconnection" "$TMPD/up1.admin"
cp "$KD/up2.nmconnection" "$TMPD/up2.admin"
expect_exit 0 "nm: set up and persist" $H multihome-route --persist nm --persist-root "$R" $UP
like "$OUT" "iface=up1 table=100 *persist=nm changed=yes*" "nm: persisted"
ok "nm: reboot" reboot static static 100 100
after_reboot nm "$R" "$KD/up1.nmconnection" "$KD/up2.nmconnection"
expect_exit 0 "nm: --remove after the reboot (every interface)" $H multihome-route --remove --persist-root "$R"
like "$OUT" "removed_routes=6 removed_rules=3 removed_files=3 changed=yes" "nm: --remove took the manager's copies and the files"
is "$($IP route show table 100; $IP route show table 101; $IP -6 route show table 101)" "" \
	"nm: uplink tables empty"
is "$(snap | grep -c 'lookup 10[01]')" "0" "nm: no rule into them left"
ok "nm: up1's keyfile back to the admin's" cmp "$KD/up1.nmconnection" "$TMPD/up1.admin"
ok "nm: up2's keyfile back to the admin's" cmp "$KD/up2.nmconnection" "$TMPD/up2.admin"
ok "nm: protocol name file gone" test ! -e "$R/etc/iproute2/rt_protos.d/acmtools.conf"

# systemd-networkd: a .network file per uplink. Routes back with proto
# boot (as from a manager that does not keep our Protocol=), at the
# kernel's metric (0, 1024 for IPv6); rules as proto static
# ([RoutingPolicyRule] has no Protocol=).
R=$TMPD/nd
ND=$R/etc/systemd/network
mkdir -p "$ND"
printf '[Match]\nName=up1\n\n[Network]\nDHCP=no\n' >"$ND/10-up1.network"
printf '[Match]\nName=up2\n\n[Network]\nDHCP=no\n' >"$ND/10-up2.network"
expect_exit 0 "networkd: set up and persist" $H multihome-route --persist networkd --persist-root "$R" $TABLES $UP
D1=$ND/10-up1.network.d/acmtools-multihome.conf
D2=$ND/10-up2.network.d/acmtools-multihome.conf
ok "networkd: drop-ins written" test -f "$D1" -a -f "$D2"
ok "networkd: reboot" reboot boot static 0 1024
after_reboot networkd "$R" "$D1" "$D2"
expect_exit 0 "networkd: --remove after the reboot (the uplinks named)" \
	$H multihome-route --remove --persist-root "$R" $TABLES $UP
like "$OUT" "removed_routes=6 removed_rules=3 removed_files=2 changed=yes" "networkd: --remove counts"
is "$($IP route show table 100; $IP route show table 101; $IP -6 route show table 101)" "" \
	"networkd: uplink tables empty"
is "$(snap | grep -c 'lookup 10[01]')" "0" "networkd: no rule into them left"
ok "networkd: drop-ins and their directories gone" test ! -e "$ND/10-up1.network.d" -a ! -e "$ND/10-up2.network.d"

# Not ours: the same set-up persisted, but up1's default route comes back
# via another gateway than our files say.
R=$TMPD/nm
expect_exit 0 "foreign: persist again" $H multihome-route --persist nm --persist-root "$R" $TABLES $UP
ok "foreign: reboot with up1's default via 192.0.2.254" reboot static static 100 100 192.0.2.254
cp "$KD/up1.nmconnection" "$TMPD/up1.kf"
B=$(snap)
expect_exit 78 "foreign gateway: --check 78" $H multihome-route --check --persist-root "$R" $TABLES $UP
like "$ERR" "*'up1=100': table 100 already holds routes or rules that acmtools did not make*" \
	"foreign gateway: says which table and why"
expect_exit 78 "foreign gateway: a run 78" $H multihome-route --persist-root "$R" $TABLES $UP
is "$(snap)" "$B" "foreign gateway: the kernel left alone"
ok "foreign gateway: keyfile left alone" cmp "$KD/up1.nmconnection" "$TMPD/up1.kf"
expect_exit 0 "foreign gateway: --remove" $H multihome-route --remove --persist-root "$R"
is "$($IP route show table 100)" "default via 192.0.2.254 dev up1 proto static metric 100 " \
	"foreign gateway: --remove left the foreign route, took what our files describe"

# Not ours: the manager's routes and rules with no persisted configuration
# of ours at all.
E=$TMPD/empty
mkdir -p "$E"
ok "no files: reboot" reboot static static 100 100
B=$(snap)
expect_exit 78 "no files: --check 78" $H multihome-route --check --persist-root "$E" $TABLES $UP
expect_exit 78 "no files: a run 78" $H multihome-route --persist none --persist-root "$E" $TABLES $UP
is "$(snap)" "$B" "no files: the kernel left alone"
expect_exit 0 "no files: --remove" $H multihome-route --remove --persist-root "$E"
like "$OUT" "removed_routes=0 removed_rules=0 *" "no files: --remove takes nothing"
is "$(snap)" "$B" "no files: every route and rule still there"

done_testing

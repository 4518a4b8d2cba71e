#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome_route.sh - acmtools.cluster.multihome_route through
# ansible-playbook -c local, started inside the host namespace of the
# two-uplink site tests/net/multihome-route-lib.sh builds (never the real
# host's): check mode is multihome-route --check and changes no route or
# rule, --diff shows the ip -batch script multihome-route -n prints, a first
# run reports changed and the replies really leave by the second uplink, a
# second run is ok, remove takes it away, bad arguments fail with the
# tool's message and status. RFC 5737 addresses only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_root
need_prog ip tcpdump ping
P=anmh$$
mh_topo "$P" || { echo "Bail out! cannot build the netns topology"; exit 0; }
H="ip netns exec ${P}h"
AN_PREFIX=$H
# persisted the systemd-networkd way: a drop-in beside each uplink's .network
R=$TMPD/root
mkdir -p "$R/etc/systemd/network"
printf '[Match]\nName=up1\n\n[Network]\nDHCP=no\n' >"$R/etc/systemd/network/10-up1.network"
printf '[Match]\nName=up2\n\n[Network]\nDHCP=no\n' >"$R/etc/systemd/network/10-up2.network"
an_task multihome_route "executable: $top_builddir/cmd/multihome-route
uplinks: ['up1:192.0.2.1', 'up2:198.51.100.1']
persist: networkd
persist_root: $R"
state() { mh_state "${P}h"; find "$R" -type f ! -path '*/run/lock/*' | sort; }
BEFORE=$(state)

an_expect true "--check --diff before a run: changed" --check --diff
is "$(an_get 'cmd[1]')" --check "check mode runs multihome-route --check"
is "$(an_diff)" "$($H multihome-route -n --persist=networkd --persist-root="$R" up1:192.0.2.1 up2:198.51.100.1)" \
	"--diff shows the ip -batch script multihome-route -n prints"
like "$(an_diff)" "*rule add from 198.51.100.10 lookup 101 priority 1000 protocol 97*" "the diff is the ip script"
is "$(state)" "$BEFORE" "--check --diff changed no route, rule or file"
is "$(mh_reply_iface "$P")" up1 "before: the reply to uplink 2's address leaves by uplink 1"

an_expect true "first run: changed"
is "$(mh_reply_iface "$P")" up2 "after: the reply leaves by uplink 2"
is "$(an_get 'records | length')" 2 "one record per uplink"
is "$(an_get 'records[1] | "\(.iface) \(.table) \(.gateway) \(.sources) \(.changed)"')" \
	"up2 101 198.51.100.1 198.51.100.10 yes" "records[1]: iface, table, gateway, sources, changed"
like "$(cat "$R/etc/systemd/network/10-up2.network.d/acmtools-multihome.conf")" "*Table=101*" \
	"the networkd drop-in is under persist_root"
AFTER=$(state)

an_expect false "second run: ok, not changed"
is "$(state)" "$AFTER" "the second run changed nothing"
an_expect false "--check after a run: not changed" --check
ip -n "${P}h" route flush table 101
an_expect true "--check with table 101 flushed by hand: changed" --check
an_expect true "a run after that: changed"
is "$(state)" "$AFTER" "the run put the routes back"

an_task multihome_route "executable: $top_builddir/cmd/multihome-route
remove: true
persist: networkd
persist_root: $R"
an_expect true "remove --check: changed" --check
is "$(state)" "$AFTER" "remove --check changed nothing"
an_expect true "remove --diff: changed" --diff
like "$(an_diff)" "*rule del*" "remove --diff shows the rules it deletes"
is "$(state)" "$BEFORE" "remove took away the routes, rules and files"
an_expect false "remove again: ok, not changed"

an_task multihome_route "executable: $top_builddir/cmd/multihome-route
uplinks: ['up1:192.0.2']
persist: none"
an_fails "a malformed uplink fails" 64 "multihome-route: error: *up1:192.0.2*"
an_task multihome_route "executable: $top_builddir/cmd/multihome-route
uplinks: ['up1:203.0.113.1']
persist: none"
an_fails "a gateway off the subnet fails" 65 "multihome-route: error: *203.0.113.1*"
an_fails "in check mode too" 65 "multihome-route: error: *203.0.113.1*" --check
is "$(state)" "$BEFORE" "the failed runs changed nothing"
done_testing

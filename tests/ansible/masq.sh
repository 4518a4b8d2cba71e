#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# masq.sh - acmtools.cluster.masq through ansible-playbook -c local, the
# playbook itself started in a network namespace made here (never the
# host's): check mode is masq-setup --check and loads nothing, --diff shows
# the nftables script masq-setup -n prints, a first run reports changed, a
# second run is ok, remove takes it away (changed, then ok), bad arguments
# fail with the tool's message and status. RFC 5737 addresses only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_root
need_prog ip nft sysctl
G=anmq$$
need_netns "$G"
ip -n "$G" link add g0 type veth peer name c0
ip -n "$G" link add g1 type veth peer name o0
ip -n "$G" addr add 192.0.2.1/24 dev g0
ip -n "$G" addr add 198.51.100.1/24 dev g1
for l in lo g0 c0 g1 o0; do ip -n "$G" link set "$l" up; done
gw() { ip netns exec "$G" "$@"; }
gw sysctl -qw net.ipv4.ip_forward=0
AN_PREFIX="ip netns exec $G"
R=$TMPD/root
mkdir -p "$R"
an_task masq "executable: $top_builddir/cmd/masq-setup
internal: [192.0.2.0/24]
external: [g1]
persist_root: $R"
# What a run sets up: the ruleset, forwarding, the boot-time files (not the
# lock file under run/lock, nor the empty directories a removal leaves).
state() { gw nft list ruleset; gw sysctl -n net.ipv4.ip_forward; find "$R" -type f ! -path '*/run/lock/*' | sort; }
BEFORE=$(state)

an_expect true "--check --diff before a run: changed" --check --diff
is "$(an_get 'cmd[1]')" --check "check mode runs masq-setup --check"
is "$(an_get records[0].ruleset)" missing "records: the --check record says the table is missing"
is "$(an_diff)" "$(gw masq-setup -n -i 192.0.2.0/24 -o g1 --persist-root "$R")" \
	"--diff shows the nftables script masq-setup -n prints"
like "$(an_diff)" "*table ip acmtools_masq {*ip saddr 192.0.2.0/24 oifname \"g1\" masquerade*" \
	"the diff is the nftables script"
is "$(state)" "$BEFORE" "--check --diff changed nothing: ruleset, forwarding, files"

an_expect true "first run --diff: changed" --diff
like "$(an_diff)" "#!/usr/sbin/nft -f*" "a run with --diff shows the script too"
like "$(gw nft list table ip acmtools_masq)" "*oifname \"g1\" masquerade*" "the table is loaded in the namespace"
is "$(gw sysctl -n net.ipv4.ip_forward)" 1 "forwarding is on in the namespace"
is "$(an_get records[0].table) $(an_get records[0].changed) $(an_get records[0].ruleset)" \
	"acmtools_masq yes created" "records[0]: table, changed, ruleset"
ok "the boot-time file is under persist_root" test -f "$R/etc/nftables.d/acmtools-masq.nft"
AFTER=$(state)

an_expect false "second run: ok, not changed"
is "$(state)" "$AFTER" "the second run changed nothing"
an_expect false "--check after a run: not changed" --check

gw nft delete table ip acmtools_masq
gw sysctl -qw net.ipv4.ip_forward=0
an_expect true "--check with the table deleted and forwarding off by hand: changed" --check
an_expect true "a run after that: changed"
is "$(state)" "$AFTER" "the run put it back"

an_task masq "executable: $top_builddir/cmd/masq-setup
remove: true
persist_root: $R"
an_expect true "remove --check: changed" --check
is "$(state)" "$AFTER" "remove --check changed nothing"
an_expect true "remove: changed"
is "$(state)" "$BEFORE" "remove took away the table, forwarding and the files"
an_expect false "remove again: ok, not changed"

an_task masq "executable: $top_builddir/cmd/masq-setup
internal: [192.0.2.0/33]
external: [g1]
persist_root: $R"
an_fails "a /33 prefix fails" 64 "masq-setup: error: '192.0.2.0/33': prefix length must be a number 0..32*"
an_task masq "executable: $top_builddir/cmd/masq-setup
internal: [192.0.2.0/24]
external: [nosuch]
persist_root: $R"
an_fails "a missing interface fails" 65 "masq-setup: error: 'nosuch': no such network interface*"
an_fails "in check mode too" 65 "masq-setup: error: 'nosuch'*" --check
is "$(state)" "$BEFORE" "the failed runs changed nothing"
done_testing

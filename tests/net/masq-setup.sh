#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# masq-setup end to end, in network namespaces made here:
#   client (192.0.2.2) -- gateway (192.0.2.1 | 198.51.100.1) -- outside (198.51.100.2)
# The outside has no route back to 192.0.2.0/24, so the client reaches it
# only when the gateway forwards and masquerades. Real packets, real kernel.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog ip nft tcpdump ping sysctl

S=mq$$
C=${S}c G=${S}g O=${S}o
at_exit "ip netns del $C; ip netns del $G; ip netns del $O"
for ns in $C $G $O; do ip netns add $ns || skip_all "cannot create network namespaces"; done
ip -n $G link add g0 type veth peer name c0 netns $C
ip -n $G link add g1 type veth peer name o0 netns $O
ip -n $C addr add 192.0.2.2/24 dev c0
ip -n $G addr add 192.0.2.1/24 dev g0
ip -n $G addr add 198.51.100.1/24 dev g1
ip -n $O addr add 198.51.100.2/24 dev o0
for l in "$C c0" "$G g0" "$G g1" "$O o0"; do set -- $l; ip -n $1 link set $2 up; ip -n $1 link set lo up; done
ip -n $C route add default via 192.0.2.1
ip netns exec $G sysctl -qw net.ipv4.ip_forward=0

gw() { ip netns exec $G "$@"; }
ruleset() { gw nft -a list ruleset; }
client_reaches_outside() { ip netns exec $C ping -c 1 -W 2 198.51.100.2 >/dev/null 2>&1; }
R=$TMPD/root
mkdir -p "$R"
ARGS="-i 192.0.2.0/24 -o g1 --persist-root $R"

# Another table that must be left alone, with a forward chain of its own.
gw nft -f - <<'NFT'
table inet foreign {
	chain fwd_in {
		type filter hook forward priority 10; policy accept;
		counter
	}
}
NFT
foreign() { gw nft list table inet foreign | sed 's/counter packets [0-9]* bytes [0-9]*/counter/'; }
FOREIGN=$(foreign)

not_ok "before: the client cannot reach the outside" client_reaches_outside
expect_exit 1 "--check before a run says a run would change something" gw masq-setup --check $ARGS
like "$OUT" "*matches=no*ruleset=missing*" "--check record names the missing table"

# -n: a script nft accepts; nothing changes.
BEFORE=$(ruleset)
expect_exit 0 "-n exits 0" gw masq-setup -n $ARGS
printf '%s\n' "$OUT" >"$TMPD/dry.nft"
ok "-n output is accepted by nft -c -f" gw nft -c -f "$TMPD/dry.nft"
is "$(ruleset)" "$BEFORE" "-n leaves the ruleset as it was"
is "$(gw sysctl -n net.ipv4.ip_forward)" 0 "-n leaves forwarding off"
ok "-n writes no persistent file" test ! -e "$R/etc/sysctl.d/90-acmtools-masq.conf"

# The run.
expect_exit 0 "a run exits 0" gw masq-setup $ARGS
like "$OUT" "table=acmtools_masq family=ip forward=on changed=yes ruleset=created forward_changed=yes persisted=yes*" \
	"the record says what changed"
is "$(gw sysctl -n net.ipv4.ip_forward)" 1 "forwarding is on in the gateway"
is "$(ip netns exec $C sysctl -n net.ipv4.ip_forward)" 0 "forwarding elsewhere is untouched"
ok "the client reaches the outside through the gateway" client_reaches_outside

# What the outside sees: the gateway's address, never the client's.
ip netns exec $O tcpdump -l -n -i o0 -c 1 'icmp[icmptype] == icmp-echo' >"$TMPD/seen" 2>"$TMPD/tcpdump.err" &
TD=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q listening "$TMPD/tcpdump.err" && break; sleep 0.2; done
ip netns exec $C ping -c 1 -W 2 198.51.100.2 >/dev/null 2>&1
for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 $TD 2>/dev/null || break; sleep 0.2; done
kill $TD 2>/dev/null; wait $TD 2>/dev/null
like "$(cat "$TMPD/seen")" "*IP 198.51.100.1 > 198.51.100.2: ICMP echo request*" \
	"tcpdump outside sees the gateway's address as the source"

expect_exit 0 "--check after the run exits 0" gw masq-setup --check $ARGS
like "$OUT" "*matches=yes*ruleset=ok*persisted=ok*" "--check record says everything matches"

# Idempotence: same arguments, nothing changes (handles included).
AFTER=$(ruleset)
expect_exit 0 "a second run exits 0" gw masq-setup $ARGS
like "$OUT" "*changed=no ruleset=unchanged*" "a second run says it changed nothing"
is "$(ruleset)" "$AFTER" "the ruleset listing is byte-identical after a second run"
is "$(foreign)" "$FOREIGN" "the foreign table is untouched"

# Persistence.
like "$(cat "$R/etc/sysctl.d/90-acmtools-masq.conf")" "*net.ipv4.ip_forward = 1*" "sysctl.d file sets forwarding"
ok "the persisted rules load with nft -c -f" gw nft -c -f "$R/etc/nftables.d/acmtools-masq.nft"
is "$(grep -c 'include "/etc/nftables.d/acmtools-masq.nft"' "$R/etc/nftables.conf")" 1 \
	"nftables.conf includes our file exactly once after two runs"
ip netns exec $O sysctl -qw net.ipv4.ip_forward=0
ok "sysctl -p applies the persisted file" ip netns exec $O sysctl -q -p "$R/etc/sysctl.d/90-acmtools-masq.conf"
is "$(ip netns exec $O sysctl -n net.ipv4.ip_forward)" 1 "the persisted file turns forwarding on"
# The boot sequence: a flushed ruleset, then the persisted file, is what --check wants.
gw nft delete table ip acmtools_masq
expect_exit 1 "--check notices the table is gone (flush ruleset)" gw masq-setup --check $ARGS
gw nft -f "$R/etc/nftables.d/acmtools-masq.nft"
expect_exit 0 "the table nft loads from the persisted file matches --check" gw masq-setup --check $ARGS
gw masq-setup $ARGS >/dev/null 2>&1

# Different arguments replace our table in one go.
expect_exit 0 "a run with other arguments exits 0" gw masq-setup -i 192.0.2.0/25 -o g1 --snat 198.51.100.1 --persist-root "$R"
like "$OUT" "*changed=yes ruleset=replaced*" "the record says the table was replaced"
like "$(gw nft list table ip acmtools_masq)" "*ip saddr 192.0.2.0/25 oifname \"g1\" snat to 198.51.100.1*" \
	"the new table has the SNAT rule"
is "$(gw nft list tables | grep -c acmtools_masq)" 1 "there is still exactly one table of ours"
ok "the client still reaches the outside with SNAT" client_reaches_outside
is "$(foreign)" "$FOREIGN" "the foreign table is untouched by a replace"

# A forward-dropping base chain elsewhere is reported.
gw nft add chain inet foreign fwd_drop '{ type filter hook forward priority 20; policy drop; }'
expect_exit 0 "a run next to a dropping forward chain still exits 0" gw masq-setup $ARGS
like "$ERR" "*warning: nftables chain 'inet foreign fwd_drop (policy drop)' drops forwarded traffic*" \
	"it warns about the other table's drop policy"
gw nft delete chain inet foreign fwd_drop
# ... and one that rejects with a catch-all last rule, as firewalld's does.
gw nft add table ip foreign2
gw nft add chain ip foreign2 fwd_rej '{ type filter hook forward priority 30; policy accept; }'
gw nft add rule ip foreign2 fwd_rej ct state established,related accept
gw nft add rule ip foreign2 fwd_rej counter reject with icmp type admin-prohibited
expect_exit 0 "a run next to a rejecting forward chain still exits 0" gw masq-setup $ARGS
like "$ERR" "*warning: nftables chain 'ip foreign2 fwd_rej (its last rule drops or rejects everything)'*" \
	"it warns about a catch-all reject rule"
gw nft delete table ip foreign2
gw nft add table ip foreign2
gw nft add chain ip foreign2 fwd_ok '{ type filter hook forward priority 30; policy accept; }'
gw nft add rule ip foreign2 fwd_ok ip saddr 203.0.113.0/24 drop
expect_exit 0 "a run next to a forward chain with a conditional drop exits 0" gw masq-setup $ARGS
is "$(printf '%s\n' "$ERR" | grep -c warning)" 0 "a conditional drop is not warned about"
gw nft delete table ip foreign2

# --remove -n shows the delete and changes nothing.
expect_exit 0 "--remove -n exits 0" gw masq-setup --remove -n --persist-root "$R"
printf '%s\n' "$OUT" >"$TMPD/remove.nft"
like "$OUT" "*delete table ip acmtools_masq*" "--remove -n prints the delete"
ok "--remove -n output is accepted by nft -c -f" gw nft -c -f "$TMPD/remove.nft"
ok "--remove -n leaves our table in place" gw nft list table ip acmtools_masq
expect_exit 1 "--remove --check says a removal would change something" gw masq-setup --remove --check --persist-root "$R"

# --remove takes away exactly ours.
expect_exit 0 "--remove exits 0" gw masq-setup --remove --persist-root "$R"
like "$OUT" "*forward=off changed=yes ruleset=removed forward_changed=yes persisted=removed*" "--remove record"
not_ok "our table is gone" gw nft list table ip acmtools_masq
is "$(foreign)" "$FOREIGN" "--remove leaves the foreign table alone"
is "$(gw sysctl -n net.ipv4.ip_forward)" 0 "--remove turns off the forwarding it turned on"
ok "--remove deletes the sysctl.d file" test ! -e "$R/etc/sysctl.d/90-acmtools-masq.conf"
ok "--remove deletes the nft file" test ! -e "$R/etc/nftables.d/acmtools-masq.nft"
ok "--remove deletes the nftables.conf it created" test ! -e "$R/etc/nftables.conf"
not_ok "after --remove the client cannot reach the outside" client_reaches_outside
expect_exit 0 "--remove --check after --remove exits 0" gw masq-setup --remove --check --persist-root "$R"
expect_exit 0 "a second --remove exits 0" gw masq-setup --remove --persist-root "$R"
like "$OUT" "*changed=no ruleset=absent*" "a second --remove changes nothing"

# Forwarding that was on before masq-setup stays on after --remove, and a
# user's own nftables.conf keeps its lines.
printf 'flush ruleset\n# my own line\n' >"$R/etc/nftables.conf"
gw sysctl -qw net.ipv4.ip_forward=1
expect_exit 0 "a run with forwarding already on exits 0" gw masq-setup $ARGS
like "$OUT" "*forward=on changed=yes ruleset=created forward_changed=no*" "it did not need to turn forwarding on"
like "$(cat "$R/etc/nftables.conf")" "flush ruleset
# my own line
*include*" "the include goes after the user's flush ruleset"
expect_exit 0 "--remove exits 0" gw masq-setup --remove --persist-root "$R"
is "$(gw sysctl -n net.ipv4.ip_forward)" 1 "--remove leaves forwarding it did not turn on"
is "$(cat "$R/etc/nftables.conf")" "flush ruleset
# my own line" "--remove gives back the user's nftables.conf as it was"

done_testing

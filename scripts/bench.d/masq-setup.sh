# SPDX-License-Identifier: GPL-2.0-or-later
# masq-setup against nft -f of the same script, inside a network namespace
# made here (never the host's; hyperfine itself runs in it, so namespace
# entry is not timed): applying a table (from start to the batch
# acknowledged; the table is deleted before every run of either side, so
# both really load it), a bulk table, and --check latency against
# `nft list table`.
_ns=acmbench$$
ip netns add $_ns || { echo "bench: masq-setup: cannot create a network namespace" >&2; return 1; }
trap 'ip netns del $_ns 2>/dev/null' EXIT
ip -n $_ns link add up0 type veth peer name up1
ip -n $_ns link add in0 type veth peer name in1
ip netns exec $_ns sysctl -qw net.ipv4.ip_forward=1
_x="ip netns exec $_ns"
_ms=$(command -v masq-setup)
_nft=$(command -v nft)

# nsbench NAME PREPARE OURS THEIRS: hyperfine in the namespace, PREPARE run
# before each timed run; prints the ratio of means like compare.
nsbench() {
	local json
	json=$(mktemp)
	$_x hyperfine -N --warmup 3 --min-runs 30 --prepare "$2" --export-json "$json" "$3" "$4" >/dev/null 2>&1 ||
		{ echo "bench: $1: hyperfine failed" >&2; rm -f "$json"; return 1; }
	jq -r --arg n "$1" '.results as $r | "bench: \($n) ours=\($r[0].mean*1e6|round/1000)ms theirs=\($r[1].mean*1e6|round/1000)ms ratio=\($r[0].mean/$r[1].mean*100|round/100)"' "$json"
	rm -f "$json"
}

_small="-i 192.0.2.0/24 -o up0"
_bulk="-i in0"
for _i in $(seq 0 127); do _bulk="$_bulk -i 10.$((_i / 256)).$((_i % 256)).0/24"; done
_bulk="$_bulk -o up0 -o up1"    # 129 sources x 2 uplinks: 258 NAT + 516 forward rules

# the create-then-delete that `masq-setup --remove -n` prints: works whether or not the table exists
$_x "$_ms" -q -n --remove --no-persist >"$SANDBOX/masq-delete.nft"
for _case in small bulk; do
	eval "_args=\$_$_case"
	# shellcheck disable=SC2086
	$_x "$_ms" -q -n $_args >"$SANDBOX/masq-$_case.nft"
	nsbench "masq-setup apply ($_case table) vs nft -f" \
		"$_nft -f $SANDBOX/masq-delete.nft" \
		"$_ms -q --no-persist $_args" \
		"$_nft -f $SANDBOX/masq-$_case.nft"
done
# shellcheck disable=SC2086
$_x "$_ms" -q --no-persist $_small >/dev/null
nsbench "masq-setup --check vs nft list table" true \
	"$_ms -q --check --no-persist $_small" \
	"$_nft list table ip acmtools_masq"
ip netns del $_ns
trap - EXIT

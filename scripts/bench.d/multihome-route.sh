# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route: bulk rtnetlink against ip -batch of the same changes, in a
# throwaway network namespace (never the bench machine's own). 1000 --from
# prefixes on one uplink: applying them, and --check of the applied set-up.
# Both sides run through `ip netns exec` (about 35 ms of the time each).
ns=mhbench$$
ip netns add "$ns" || { echo "bench: multihome-route: cannot make a netns (needs root)" >&2; return 1; }
ip netns add "${ns}p"
# bench runs this file in a subshell: clean up when it ends, however it ends.
trap 'ip netns del "$ns"; ip netns del "${ns}p"' EXIT
ip -n "$ns" link set lo up
ip -n "$ns" link add up1 type veth peer name p1 netns "${ns}p"
ip -n "$ns" link add up2 type veth peer name p2 netns "${ns}p"
ip -n "$ns" addr add 192.0.2.10/24 dev up1
ip -n "$ns" addr add 198.51.100.10/24 dev up2
ip -n "$ns" link set up1 up
ip -n "$ns" link set up2 up

# 1000 distinct source prefixes, all inside RFC 5737 documentation space:
# every prefix of length 24..32 in 203.0.113.0/24 and 192.0.2.0/24.
prefixes=$(for net in 203.0.113 192.0.2; do
	for len in 24 25 26 27 28 29 30 31 32; do
		step=$((1 << (32 - len)))
		for ((o = 0; o < 256; o += step)); do echo "$net.$o/$len"; done
	done
done | head -n 1000)
args="--persist none --rp-filter keep"
for p in $prefixes; do args="$args --from $p=up2"; done
args="$args up1:192.0.2.1 up2:198.51.100.1"
echo "$args" >"$SANDBOX/mh-args"
mh="ip netns exec $ns multihome-route"
$mh -n $args >"$SANDBOX/mh.ip"
echo "bench: multihome-route: $(grep -c '^r' "$SANDBOX/mh.ip") changes in the -n script" >&2
clean="ip netns exec $ns multihome-route -q --remove --persist none"

json=$(mktemp)
hyperfine -N --warmup 2 --min-runs 10 --export-json "$json" \
	--prepare "$clean" "$mh -q $args" \
	--prepare "$clean" "ip netns exec $ns ip -batch $SANDBOX/mh.ip" >/dev/null 2>&1 ||
	echo "bench: multihome-route apply: hyperfine failed" >&2
jq -r '.results as $r | "bench: multihome-route apply 1000 --from vs ip -batch of its -n script ours=\($r[0].mean*1e6|round/1000)ms theirs=\($r[1].mean*1e6|round/1000)ms ratio=\($r[0].mean/$r[1].mean*100|round/100)"' "$json"
rm -f "$json"

# --check on the applied set-up, against what a script would minimally do
# to look (dump the rules and every table; comparing them would be extra).
$mh -q $args >/dev/null
printf "rule show\nroute show table all\n" >"$SANDBOX/mh-dump.ip"
compare "multihome-route --check (1000 rules) vs ip rule show + ip route show table all" \
	"$mh --check -q $args" \
	"ip netns exec $ns ip -batch $SANDBOX/mh-dump.ip"

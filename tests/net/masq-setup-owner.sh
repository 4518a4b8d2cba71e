#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# masq-setup when another process owns a table of the same name (created
# with the owner flag, NFT_TABLE_F_OWNER): the kernel refuses our batch with
# EPERM although we have CAP_NET_ADMIN. The message must say what really
# happened - the table is another process's, with its netlink port - not
# "needs CAP_NET_ADMIN"; the exit is 75 (held by someone else: try later),
# and the other table is left as it was. All in a namespace made here.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog ip nft mkfifo
HOLD=$top_builddir/tests/net/nft-owner-hold
[ -x "$HOLD" ] || { echo "Bail out! $HOLD is not built"; exit 0; }

N=mqo$$
need_netns_veth $N
ns() { ip netns exec $N "$@"; }

mkfifo "$TMPD/hold"
ns "$HOLD" acmtools_masq <"$TMPD/hold" >"$TMPD/ready" 2>"$TMPD/hold.err" &
HPID=$!
exec 9>"$TMPD/hold"
at_exit "exec 9>&-; kill $HPID"
for _t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	grep -q ready "$TMPD/ready" 2>/dev/null && break
	sleep 0.1
done
ok "the helper holds an owned table 'ip acmtools_masq'" grep -q ready "$TMPD/ready"
PORT=$(sed -n 's/^ready //p' "$TMPD/ready")
like "$(ns nft list table ip acmtools_masq)" "*flags owner*" "the kernel shows it owned"
BEFORE=$(ns nft list ruleset)

expect_exit 75 "a same-named table owned by another process: 75" \
	ns masq-setup --no-persist -i 192.0.2.0/24 -o up0
like "$ERR" "*table 'ip acmtools_masq' is owned by another process (netlink port $PORT*" \
	"the message says who holds the table"
case $ERR in *"needs CAP_NET_ADMIN"*) not_ok "does not blame a missing capability" true ;;
	*) ok "does not blame a missing capability" true ;; esac
is "$OUT" "" "no success-shaped record"
is "$(ns nft list ruleset)" "$BEFORE" "the owned table is left as it was"
is "$(ns sysctl -n net.ipv4.ip_forward)" "0" "forwarding put back"

# With boot files: they are written first, so the refused batch puts every
# one back - the admin's nftables.conf byte for byte, our new files and
# directories gone.
R=$TMPD/root
mkdir -p "$R/etc"
printf '#!/usr/sbin/nft -f\nflush ruleset\ntable inet filter {\n}\n' >"$R/etc/nftables.conf"
tree() { (cd "$R" && find . -path ./run -prune -o -printf '%y %m %p\n' | sort && find . -path ./run -prune -o -type f -exec md5sum {} + | sort -k2); }
FILES_BEFORE=$(tree)
expect_exit 75 "the same refusal with boot files: 75" \
	ns masq-setup --persist-root "$R" -i 192.0.2.0/24 -o up0
like "$ERR" "*restored the 5 boot configuration changes*" "says it put the 3 files and 2 directories back"
is "$(tree)" "$FILES_BEFORE" "every boot file and directory as before"
is "$(ns nft list ruleset)" "$BEFORE" "the owned table still as it was"

# When the owner goes, its table goes with it, and the run works.
exec 9>&-
wait "$HPID"
expect_exit 0 "with the owner gone the same run succeeds" ns masq-setup --no-persist -i 192.0.2.0/24 -o up0
like "$(ns nft list table ip acmtools_masq)" "*masquerade*" "our table is in place"

done_testing

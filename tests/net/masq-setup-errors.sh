#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# masq-setup: bad input and missing privilege give the documented exit codes
# and change nothing; the boot-file layout follows the distribution. All in
# a network namespace made here.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog ip nft setpriv unshare

N=mqe$$
need_netns_veth $N
ip netns exec $N sysctl -qw net.ipv4.ip_forward=0
ns() { ip netns exec $N "$@"; }
R=$TMPD/root
mkdir -p "$R"
# Every run names a persist root under $TMPD first, so that even a run that
# wrongly succeeds cannot write the host's /etc.
m() { ip netns exec $N masq-setup --persist-root "$R" "$@"; }
# (the lock file under run/ stays, as lock files do)
state() { ns nft list ruleset; ns sysctl -n net.ipv4.ip_forward; find "$R" -path "$R/run" -prune -o -type f -print | sort; }
BEFORE=$(state)

for bad in 192.0.2.0/33 192.0.2.0/ 192.0.2.1/24 300.0.2.0/24 192.0.2 1.2.3.4/x 2001:db8::/32 "eth 0" 'a"b'; do
	expect_exit 64 "bad -i '$bad' exits 64" m -i "$bad" -o up0
	like "$ERR" "masq-setup: error: '$bad': *" "the message names '$bad'"
	is "$OUT" "" "nothing on stdout for '$bad'"
done
expect_exit 64 "-o with an address exits 64" m -i 192.0.2.0/24 -o 198.51.100.1
expect_exit 64 "a bad --snat exits 64" m -i 192.0.2.0/24 -o up0 --snat 198.51.100
expect_exit 64 "no -o exits 64" m -i 192.0.2.0/24
expect_exit 64 "no -i exits 64" m -o up0
expect_exit 64 "an unknown option exits 64" m --frobnicate -i 192.0.2.0/24 -o up0
expect_exit 64 "a stray argument exits 64" m -i 192.0.2.0/24 -o up0 extra
expect_exit 64 "--check with -n exits 64" m --check -n -i 192.0.2.0/24 -o up0

expect_exit 65 "a missing -o interface exits 65" m -i 192.0.2.0/24 -o nosuch0
like "$ERR" "*'nosuch0': no such network interface*--allow-absent*" "the message says what to do"
expect_exit 65 "a missing -i interface exits 65" m -i nosuch1 -o up0
expect_exit 66 "a missing --persist-root exits 66" ns masq-setup --persist-root "$TMPD/nope" -i 192.0.2.0/24 -o up0

# Without CAP_NET_ADMIN: 77, and -n still works. (nobody cannot enter $TMPD
# and cannot write /etc, so its runs use --no-persist.)
expect_exit 77 "without CAP_NET_ADMIN a run exits 77" \
	ns setpriv --inh-caps=-all --bounding-set=-all masq-setup --persist-root "$R" -i 192.0.2.0/24 -o up0
like "$ERR" "*CAP_NET_ADMIN*" "the message names the capability"
expect_exit 77 "an unprivileged user gets 77" \
	ns setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all masq-setup --no-persist --check -i 192.0.2.0/24 -o up0
expect_exit 0 "an unprivileged -n still prints the script" \
	ns setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all masq-setup --no-persist -n -i 192.0.2.0/24 -o up0
like "$OUT" "*table ip acmtools_masq {*masquerade*" "the script has our table"
# A --persist-root the user cannot reach or read is a permission problem (77),
# not a missing directory (66): nobody cannot enter $TMPD; then a sealed
# directory it can reach but not read.
expect_exit 77 "a --persist-root behind a closed directory: 77" \
	ns setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all masq-setup -n --persist-root "$R" -i 192.0.2.0/24 -o up0
like "$ERR" "*'$R': --persist-root cannot be reached: Permission denied*" "the message says it is a permission problem"
chmod 0711 "$TMPD"
mkdir -m 0 "$TMPD/sealed"
expect_exit 77 "an unreadable --persist-root: 77" \
	ns setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all masq-setup -n --persist-root "$TMPD/sealed" -i 192.0.2.0/24 -o up0
like "$ERR" "*'$TMPD/sealed': --persist-root cannot be read: Permission denied*" "the message says so"
is "$OUT" "" "no script from a run that stopped"
rmdir "$TMPD/sealed"
chmod 0700 "$TMPD"
: >"$TMPD/plainfile"
expect_exit 66 "a --persist-root that is a file: 66" ns masq-setup --persist-root "$TMPD/plainfile" -i 192.0.2.0/24 -o up0
like "$ERR" "*--persist-root is not a directory*" "the message says it is not a directory"
is "$(state)" "$BEFORE" "none of the failed runs changed anything"

# Nothing half-done: a file that cannot be written stops the run before any
# change; forwarding that cannot be set puts the files back and sends no batch.
mkdir -p "$TMPD/r2/etc"
: >"$TMPD/r2/etc/sysctl.d"
expect_exit 73 "an unwritable persist root exits 73" ns masq-setup --persist-root "$TMPD/r2" -i 192.0.2.0/24 -o up0
like "$ERR" "*etc/sysctl.d*" "the message names the path"
is "$(state)" "$BEFORE" "and nothing changed"
expect_exit 77 "a read-only /proc/sys stops the run" ns unshare -m sh -c \
	'mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && exec masq-setup --persist-root "$1" -i 192.0.2.0/24 -o up0' _ "$R"
like "$ERR" "*cannot set net.ipv4.ip_forward=1*" "the message says what failed"
is "$(state)" "$BEFORE" "the files it had written are gone again and no table was made"

# --allow-absent: an interface that appears later.
expect_exit 0 "--allow-absent accepts a missing interface" m -i 192.0.2.0/24 -o later0 --allow-absent --no-persist
like "$(ns nft list table ip acmtools_masq)" '*oifname "later0" masquerade*' "the rule names it"
expect_exit 0 "--json gives a JSON record" m --json --remove --no-persist
like "$OUT" '{*"table":*"acmtools_masq"*}' "the record is a JSON object"

# A big table is still one batch (one ack, so no ENOBUFS), and compares equal.
ip -n $N link add up2 type veth peer name in2
BIG="-i in0"
i=0; while [ $i -lt 200 ]; do BIG="$BIG -i 10.$((i / 256)).$((i % 256)).0/24"; i=$((i + 1)); done
# shellcheck disable=SC2086
expect_exit 0 "a table of 201 sources x 2 uplinks loads" m --no-persist $BIG -o up0 -o up2
is "$(ns nft list table ip acmtools_masq | grep -c masquerade)" 402 "it has every NAT rule"
# shellcheck disable=SC2086
expect_exit 0 "--check finds the big table as asked" m --no-persist --check $BIG -o up0 -o up2
m -q --no-persist --remove >/dev/null

# Boot files per distribution (ACMTOOLS_OS_RELEASE stands in for os-release).
printf 'ID=rocky\nID_LIKE="rhel centos fedora"\nVERSION_ID=9.4\n' >"$TMPD/el9"
expect_exit 0 "an EL 9 layout run exits 0" env ACMTOOLS_OS_RELEASE="$TMPD/el9" \
	ip netns exec $N masq-setup --persist-root "$R" -q -i 192.0.2.0/24 -o up0
ok "EL: rules in /etc/nftables/" test -f "$R/etc/nftables/acmtools-masq.nft"
like "$(cat "$R/etc/sysconfig/nftables.conf")" '*include "/etc/nftables/acmtools-masq.nft"*' \
	"EL: /etc/sysconfig/nftables.conf includes them"
ok "EL: the rules file loads with nft -c -f" ns nft -c -f "$R/etc/nftables/acmtools-masq.nft"
expect_exit 0 "EL: --remove exits 0" env ACMTOOLS_OS_RELEASE="$TMPD/el9" \
	ip netns exec $N masq-setup --persist-root "$R" -q --remove
is "$(find "$R" -name '*.nft' -o -name '*.conf' | wc -l)" 0 "EL: --remove leaves no file of ours"

# A sysctl.d file applied after ours that turns forwarding off is reported.
mkdir -p "$TMPD/r3/usr/lib/sysctl.d"
printf 'net.ipv4.ip_forward = 0\n' >"$TMPD/r3/usr/lib/sysctl.d/99-no-forward.conf"
expect_exit 0 "a run with an overriding sysctl.d file exits 0" \
	ns masq-setup --persist-root "$TMPD/r3" -i 192.0.2.0/24 -o up0
like "$ERR" "*warning: '$TMPD/r3/usr/lib/sysctl.d/99-no-forward.conf' sets net.ipv4.ip_forward = 0*" \
	"it names the file that would turn forwarding off at boot"
ns masq-setup --persist-root "$TMPD/r3" -q --remove >/dev/null

# A boot file is never taken as empty: a 2 MiB nftables.conf (a large
# blocklist set) keeps every byte, a FIFO in its place is refused with 74
# and left alone, and nothing else of the run happens.
R4=$TMPD/r4
mkdir -p "$R4/etc"
{ echo '#!/usr/sbin/nft -f'; echo 'table inet filter {'; echo ' set block { type ipv4_addr; elements = {';
  i=0; while [ $i -lt 65536 ]; do echo " 10.$((i / 256)).$((i % 256)).1, # from the abuse feed"; i=$((i + 1)); done
  echo ' 10.255.255.255 } }'; echo '}'; } >"$R4/etc/nftables.conf"
cp "$R4/etc/nftables.conf" "$TMPD/nftables.conf.orig"
ok "the admin's nftables.conf is over 1 MiB" test "$(wc -c <"$R4/etc/nftables.conf")" -gt 1048576
expect_exit 0 "a run with a 2 MiB nftables.conf exits 0" ns masq-setup --persist-root "$R4" -q -i 192.0.2.0/24 -o up0
is "$(head -c "$(wc -c <"$TMPD/nftables.conf.orig")" "$R4/etc/nftables.conf" | md5sum)" \
	"$(md5sum <"$TMPD/nftables.conf.orig")" "every byte of it kept, our block after it"
expect_exit 0 "--remove" ns masq-setup --persist-root "$R4" -q --remove
is "$(md5sum <"$R4/etc/nftables.conf")" "$(md5sum <"$TMPD/nftables.conf.orig")" "--remove gives it back byte for byte"
R5=$TMPD/r5
mkdir -p "$R5/etc"
mkfifo "$R5/etc/nftables.conf"
expect_exit 74 "a FIFO as nftables.conf: 74" timeout 20 ip netns exec $N masq-setup --persist-root "$R5" -i 192.0.2.0/24 -o up0
like "$ERR" "*nftables.conf*" "the message names it"
ok "the FIFO is left in place" test -p "$R5/etc/nftables.conf"
ok "no file of ours was written" test ! -e "$R5/etc/sysctl.d"
is "$(ns nft list tables | grep -c acmtools_masq)" "0" "no table loaded"

done_testing

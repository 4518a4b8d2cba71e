#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome-route never leaves a half-made set-up: when the kernel refuses a
# change midway, or a later step fails (a persisted file cannot be written),
# everything the run changed - boot files, rp_filter, routes and rules - is
# undone, newest first, before it exits non-zero. A table that already holds
# someone else's routes is never taken: the automatic path steps over it and
# an explicit --table naming it is refused.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/net/multihome-route-lib.sh"
mh_start mhr$$ find md5sum
UP="up1:192.0.2.1 up2:198.51.100.1"
rp() { ip netns exec "${P}h" cat "/proc/sys/net/ipv4/conf/$1/rp_filter"; }

# Someone else's default route already sits in table 101.
ip -n "${P}h" route add default via 198.51.100.1 dev up2 table 101 proto static
BEFORE=$(mh_state "${P}h")
ROUTES_BEFORE=$(ip -n "${P}h" -4 route show table all)
expect_exit 78 "an explicit --table holding a foreign route: configuration error 78" \
	$H multihome-route --persist none --table up2=101 $UP
like "$ERR" "*'up2=101': table 101 already holds routes or rules that acmtools did not make*" \
	"the message names the table and why"
is "$OUT" "" "no records for a refused run"
is "$(mh_state "${P}h")" "$BEFORE" "rules and our routes exactly as before"
is "$(ip -n "${P}h" -4 route show table all)" "$ROUTES_BEFORE" "every table exactly as before"
is "$(rp up1)" "0" "rp_filter untouched"
# The automatic path steps over it: uplink 2 gets the next free table.
expect_exit 0 "automatic tables skip a table in use by someone else" $H multihome-route --persist none $UP
like "$OUT" "*iface=up2 table=102 *" "uplink 2 is given table 102"
like "$(ip -n "${P}h" route show table 101)" "default via 198.51.100.1 dev up2 proto static*" \
	"the foreign route in table 101 is untouched"
is "$(ip -n "${P}h" route show table 101 | wc -l)" "1" "and nothing of ours joined it"
expect_exit 0 "--remove" $H multihome-route --remove --persist none
ip -n "${P}h" route del default table 101
for i in up1 up2; do ip netns exec "${P}h" sysctl -qw "net.ipv4.conf.$i.rp_filter=0"; done

# The kernel refuses a change midway: up2 is down, so uplink 1's routes and
# rule go in, then uplink 2's first route fails; all of it is rolled back.
BEFORE=$(mh_state "${P}h")
ip -n "${P}h" link set up2 down
ROUTES_BEFORE=$(ip -n "${P}h" -4 route show table all)
expect_exit 69 "an uplink that is down: unavailable 69" $H multihome-route --persist none $UP
like "$ERR" "*route add 198.51.100.0/24 dev up2 * table 101 proto 97*interface 'up2' is down*" \
	"the message names the change the kernel refused and the interface"
like "$ERR" "*rolled back*" "says it rolled back"
is "$OUT" "" "no records for a failed run"
is "$(mh_state "${P}h")" "$BEFORE" "rules and our routes exactly as before"
is "$(ip -n "${P}h" -4 route show table all)" "$ROUTES_BEFORE" "every table exactly as before"
is "$(rp up1)" "0" "rp_filter untouched"
ip -n "${P}h" link set up2 up
ROUTES_BEFORE=$(ip -n "${P}h" -4 route show table all)

# A --persist-root that is not a directory is refused before the kernel
# is asked anything.
: >"$TMPD/not-a-dir"
expect_exit 66 "a --persist-root that is a file: 66, before any change" $H multihome-route \
	--persist network-scripts --persist-root "$TMPD/not-a-dir" $UP
like "$ERR" "*not-a-dir*is not a directory*" "the message names the path"
is "$(mh_state "${P}h")" "$BEFORE" "nothing was changed"

# The kernel part succeeds but the persisted files cannot be written: the
# root is a directory, but a file stands where its etc/ goes.
mkdir "$TMPD/pr"
: >"$TMPD/pr/etc"
expect_exit 73 "persistence failing after the kernel changes: 73" $H multihome-route \
	--persist network-scripts --persist-root "$TMPD/pr" $UP
like "$ERR" "*pr/etc*" "the message names the path"
like "$ERR" "*undid*" "says the kernel changes were undone"
is "$(mh_state "${P}h")" "$BEFORE" "rules and routes as before the run"
is "$(rp up2)" "0" "rp_filter restored"

# The Nth boot file of the run cannot be written (a directory stands where
# it goes), for every N: the files written before it are put back - the
# admin's own content restored, files and directories we created removed -
# and the kernel is as before. The files, in the order a run writes them:
NS=etc/sysconfig/network-scripts
TARGETS="$NS/route-up1 $NS/rule-up1 $NS/route-up2 $NS/rule-up2
etc/iproute2/rt_protos.d/acmtools.conf etc/iproute2/rt_tables.d/acmtools.conf"
T=$TMPD/template
mkdir -p "$T/$NS"
printf 'DEVICE=up1\n' >"$T/$NS/ifcfg-up1"
printf 'DEVICE=up2\n' >"$T/$NS/ifcfg-up2"
printf '10.0.0.0/8 via 192.0.2.254\n' >"$T/$NS/route-up1"      # the admin's own line
printf 'from 198.51.100.77 lookup main\n' >"$T/$NS/rule-up2"
chmod 0640 "$T/$NS/rule-up2"
tree_state() { # DIR: every path with its type, mode and content digest
	(cd "$1" && find . -printf '%y %m %p\n' | sort &&
		find . -type f -exec md5sum {} + | sort -k2)
}
R=$TMPD/root
# First the run that works, to know it writes every target.
rm -rf "$R"; cp -a "$T" "$R"
expect_exit 0 "the persisted run works with nothing in the way" $H multihome-route \
	--persist network-scripts --persist-root "$R" --table up2=isp_b $UP
for t in $TARGETS; do
	ok "the run writes $t" test -f "$R/$t"
done
expect_exit 0 "--remove it again" $H multihome-route --remove --persist-root "$R"
for i in up1 up2; do ip netns exec "${P}h" sysctl -qw "net.ipv4.conf.$i.rp_filter=0"; done
is "$(mh_state "${P}h")" "$BEFORE" "kernel back to the start"
N=0
for t in $TARGETS; do
	N=$((N + 1))
	rm -rf "$R"; cp -a "$T" "$R"
	rm -f "$R/$t"; mkdir -p "$R/$t"
	FILES_BEFORE=$(tree_state "$R")
	expect_exit 73 "file $N ($t) in the way: 73" $H multihome-route \
		--persist network-scripts --persist-root "$R" --table up2=isp_b $UP
	like "$ERR" "*$t*" "file $N: the message names it"
	is "$OUT" "" "file $N: no records"
	is "$(tree_state "$R")" "$FILES_BEFORE" "file $N: every boot file and directory as before"
	is "$(mh_state "${P}h")" "$BEFORE" "file $N: rules and our routes as before"
	is "$(ip -n "${P}h" -4 route show table all)" "$ROUTES_BEFORE" "file $N: every table as before"
	is "$(rp up1) $(rp up2)" "0 0" "file $N: rp_filter restored"
done

# --remove fails at its Nth file, for every N: the routes and rules it had
# deleted come back, and the files it had already changed are put back.
REMOVE_TARGETS="$NS/route-up1 $NS/route-up2 $NS/rule-up1 $NS/rule-up2
etc/iproute2/rt_protos.d/acmtools.conf etc/iproute2/rt_tables.d/acmtools.conf"
N=0
for t in $REMOVE_TARGETS; do
	N=$((N + 1))
	rm -rf "$R"; cp -a "$T" "$R"
	run $H multihome-route --persist network-scripts --persist-root "$R" --table up2=isp_b $UP
	SET_UP=$(mh_state "${P}h")
	SET_ROUTES=$(ip -n "${P}h" -4 route show table all)
	rm -f "$R/$t"; mkdir -p "$R/$t"
	FILES_BEFORE=$(tree_state "$R")
	expect_exit 73 "--remove, file $N ($t) in the way: 73" $H multihome-route --remove --persist-root "$R"
	like "$ERR" "*$t*" "--remove, file $N: the message names it"
	is "$OUT" "" "--remove, file $N: no records"
	is "$(tree_state "$R")" "$FILES_BEFORE" "--remove, file $N: every boot file and directory as before"
	is "$(mh_state "${P}h")" "$SET_UP" "--remove, file $N: our rules and routes are back"
	is "$(ip -n "${P}h" -4 route show table all)" "$SET_ROUTES" "--remove, file $N: every table as before"
	run $H multihome-route --remove --persist none
	for i in up1 up2; do ip netns exec "${P}h" sysctl -qw "net.ipv4.conf.$i.rp_filter=0"; done
done
is "$(mh_state "${P}h")" "$BEFORE" "kernel back to the start"

# And a run that works after the obstacles are gone.
expect_exit 0 "with the way clear the same run succeeds" $H multihome-route --persist none $UP

done_testing

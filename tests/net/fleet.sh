#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fleet.sh - scripts/fleet over real clush and real pdsh, with network
# namespaces made here as the nodes and ssh replaced on PATH by a shim that
# runs the command the way sshd would: `ip netns exec NODE sh -c CMD`.
# Nodes 1 and 2 have the uplink, node 3 has not (a different result), node 9
# does not exist (unreachable). masq-setup really loads its table in each
# node's namespace; ARGS with quotes, ';', $(...) and `...` reach the tool as
# typed and run nothing.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog clush pdsh nodeset ip nft masq-setup rpmenv-init
fleet=$top_srcdir/scripts/fleet

S=fl$$n
N1=${S}1 N2=${S}2 N3=${S}3 N4=${S}4 N9=${S}9
need_netns_veth "$N1"
need_netns_veth "$N2"
need_netns "$N3"
mkdir -p "$TMPD/bin" "$TMPD/home"
export HOME="$TMPD/home"
# The shim: skip ssh's options, the first word left is the node, the rest
# is the command line its login shell would parse.
cat >"$TMPD/bin/ssh" <<EOF
#!/bin/sh
while [ \$# -gt 0 ]; do
	case \$1 in
	-[bcDEeFIiJLlmOopQRSWw]) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
node=\$1; shift
printf '%s\n' "\$node" >>"$TMPD/ssh.log"
[ "\$node" != "$N4" ] || exec sleep 30   # a node that hangs
exec ip netns exec "\$node" sh -c "\$*"
EOF
chmod +x "$TMPD/bin/ssh"
PATH=$TMPD/bin:$PATH
export PATH
ARGS="-i 192.0.2.0/24 -o up0 --no-persist"
# rec OUT NODE: NODE's summary record
rec() { printf '%s\n' "$1" | grep "^node=$2 "; }
has_table() { ip netns exec "$1" nft list tables 2>/dev/null | grep -q 'acmtools_masq'; }

# What rpmenv-init says run here, for the hostile-ARGS comparison below.
hostile="$TMPD/a b;\$(touch $TMPD/canary) \`touch $TMPD/canary\` 'q\"\\ %h%%n;touch $TMPD/canary"
direct=$(rpmenv-init --check --topdir "$hostile" 2>/dev/null | grep '^topdir=')
like "$direct" "topdir=*" "rpmenv-init --check prints its record"
got=$(eval "$direct"; printf '%s' "$topdir")
is "$got" "$(printf '%s' "$hostile" | sed 's/\\/\\\\/g')" "the record holds the argument (backslash escaped)"

for m in clush pdsh; do
	: >"$TMPD/ssh.log"
	run "$fleet" -m "$m" -w "${S}[1-3]" masq-setup $ARGS
	rc3=$(rec "$OUT" "$N3" | sed 's/.* rc=\([0-9]*\) .*/\1/')
	is "$(rec "$OUT" "$N1")" "node=$N1 rc=0 changed=yes" "$m: node 1 set up, changed=yes"
	is "$(rec "$OUT" "$N2")" "node=$N2 rc=0 changed=yes" "$m: node 2 set up, changed=yes"
	like "$rc3" "[1-9]*" "$m: node 3 (no uplink) fails with its own code ($rc3)"
	is "$RC" "$rc3" "$m: fleet exits with the worst node's code"
	is "$(printf '%s\n' "$OUT" | wc -l)" 3 "$m: one summary record a node"
	ok "$m: the nodes were reached through ssh (the shim)" grep -qx "$N1" "$TMPD/ssh.log"
	ok "$m: node 1's table is loaded in its own namespace" has_table "$N1"
	ok "$m: node 2's table too" has_table "$N2"
	not_ok "$m: node 3 has none" has_table "$N3"
	is "$(printf '%s\n' "$ERR" | grep -c -x -e "${S}\[1-2\] (2)" -e "$N3")" 2 \
		"$m: stderr groups nodes 1-2 under one header, node 3 under its own"
	like "$ERR" "*---------------
${S}[[]1-2] (2)
---------------
table=acmtools_masq *changed=yes*" "$m: the group header is followed by the output, once"

	expect_exit 0 "$m: a second run on nodes 1-2 exits 0" "$fleet" -m "$m" -w "${S}[1-2]" masq-setup $ARGS
	is "$OUT" "node=$N1 rc=0 changed=no
node=$N2 rc=0 changed=no" "$m: second run: changed=no on both"
	expect_exit 0 "$m: --check on nodes 1-2 exits 0" "$fleet" -q -m "$m" -w "$N1,$N2" masq-setup --check $ARGS
	is "$ERR" "" "$m: -q shows no node output"

	expect_exit 69 "$m: an unreachable node counts as 69" "$fleet" -m "$m" -w "$N1,$N9" masq-setup --check $ARGS
	is "$(rec "$OUT" "$N9")" "node=$N9 rc=255 changed=unknown" "$m: unreachable node: rc=255 changed=unknown"
	is "$(rec "$OUT" "$N1")" "node=$N1 rc=0 changed=no" "$m: the reachable node still reports"

	t0=$(date +%s)
	run "$fleet" -m "$m" -u 2 -w "$N1,$N4" masq-setup --check $ARGS
	t1=$(date +%s)
	is "$RC" 69 "$m: -u 2: a node that hangs counts as unreachable"
	is "$(rec "$OUT" "$N4")" "node=$N4 rc=255 changed=unknown" "$m: -u 2: the hung node: rc=255"
	is "$(rec "$OUT" "$N1")" "node=$N1 rc=0 changed=no" "$m: -u 2: the other node still reports"
	ok "$m: -u 2: fleet gave up in time ($((t1 - t0)) s)" test $((t1 - t0)) -lt 15

	# ARGS reach the tool as typed: the topdir is one word with blanks,
	# quotes, ';', $(...) and `...` in it, and nothing of it runs.
	run "$fleet" -m "$m" -w "$N1" rpmenv-init --check --topdir "$hostile"
	is "$OUT" "node=$N1 rc=1 changed=yes" "$m: hostile ARGS: the tool ran and answered --check"
	is "$(printf '%s\n' "$ERR" | grep '^topdir=')" "$direct" \
		"$m: hostile ARGS: the node's record is the one a local run prints"
	ok "$m: hostile ARGS: no command in them ran" test ! -e "$TMPD/canary"

	# changed= is read from the records' own fields, never from inside a
	# quoted value: a second run says changed=no in a record whose
	# topdir value holds " changed=yes".
	sneaky="$TMPD/t-$m changed=yes x"
	run "$fleet" -m "$m" -w "$N1" rpmenv-init --topdir "$sneaky"
	is "$OUT" "node=$N1 rc=0 changed=yes" "$m: first rpmenv-init run: changed=yes"
	run "$fleet" -m "$m" -w "$N1" rpmenv-init --topdir "$sneaky"
	is "$OUT" "node=$N1 rc=0 changed=no" "$m: second run: changed=no, whatever a quoted value holds"
	run "$fleet" -m "$m" -w "$N1" rpmenv-init --json --topdir "$sneaky"
	is "$OUT" "node=$N1 rc=0 changed=no" "$m: --json records: changed=no too"

	expect_exit 0 "$m: --remove on nodes 1-2" "$fleet" -q -m "$m" -w "${S}[1-2]" masq-setup --remove --no-persist
	is "$OUT" "node=$N1 rc=0 changed=yes
node=$N2 rc=0 changed=yes" "$m: --remove: changed=yes on both"
	not_ok "$m: --remove took node 1's table away" has_table "$N1"
done

# pdsh alone (no working ClusterShell nodeset): pdsh expands the node set,
# the group header is a plain list.
mkdir -p "$TMPD/nonodeset"
printf '#!/bin/sh\nexit 1\n' >"$TMPD/nonodeset/nodeset"
chmod +x "$TMPD/nonodeset/nodeset"
PATH=$TMPD/nonodeset:$PATH run "$fleet" -m pdsh -w "${S}[1-2]" masq-setup --check $ARGS
is "$RC" 1 "pdsh without nodeset: --check exits 1 (the tables were removed)"
is "$OUT" "node=$N1 rc=1 changed=yes
node=$N2 rc=1 changed=yes" "pdsh without nodeset: both nodes expanded and reported"
like "$ERR" "*---------------
$N1,$N2 (2)
---------------
*" "pdsh without nodeset: the group header lists the nodes"

# Usage errors: nothing reaches any node.
: >"$TMPD/ssh.log"
expect_exit 64 "a program that is not an acmtools tool is refused" "$fleet" -w "$N1" sh -c 'touch x'
like "$ERR" "*'sh' is not an acmtools tool*" "it says which tools it runs"
expect_exit 64 "no -w is refused" "$fleet" masq-setup --check $ARGS
expect_exit 64 "-m other than clush|pdsh is refused" "$fleet" -m ssh -w "$N1" masq-setup --check $ARGS
expect_exit 64 "-f 0 is refused" "$fleet" -f 0 -w "$N1" masq-setup --check $ARGS
expect_exit 64 "-u x is refused" "$fleet" -u x -w "$N1" masq-setup --check $ARGS
is "$(cat "$TMPD/ssh.log")" "" "no usage error reached a node"
expect_exit 0 "--help exits 0" "$fleet" --help
like "$OUT" "*Exit status: 0 when every node exited 0; otherwise the highest*" "--help states the exit status rule"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bash completion (completion/acmtools.bash), driven the way bash drives it:
# bash-completion's own loader finds it under each tool's name (bash -i),
# then the registered function runs with COMP_WORDS/COMP_LINE/COMP_POINT
# split as readline splits them (at blanks and at ':' and '=').
# Interfaces are those of a network namespace of the test's own.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog bash ip
bc_main=/usr/share/bash-completion/bash_completion
[ -r "$bc_main" ] || skip_all "needs bash-completion (scripts/install-deps)"
script="$top_srcdir/completion/acmtools.bash"

# The layout make install writes: the script as 'acmtools', a link per tool.
mkdir -p "$TMPD/bc/completions" "$TMPD/work/src.git" "$TMPD/work/sub"
cp "$script" "$TMPD/bc/completions/acmtools"
for t in rpmenv-init specgen kbuild mx2g-pack copycds-import masq-setup multihome-route; do
	ln -s acmtools "$TMPD/bc/completions/$t"
done
cd "$TMPD/work" || exit 1
: >dvd1.iso; : >DVD2.ISO; : >notes.txt; : >pkg-1.0.tar.gz; : >drv.tgz; : >k.tar.xz; : >readme.md

# comp LINE: the completions bash offers at the end of LINE, sorted, one
# per line; the function is the one bash-completion's loader registered.
cat >"$TMPD/drive.bash" <<'EOF'
. "$BC_MAIN"
comp() {
	local line=$1 w
	local -a words=()
	# readline's word split: blanks separate, ':' and '=' are words of their own
	w=$(printf '%s' "$line" | sed 's/\([:=]\)/ \1 /g')
	read -r -a words <<<"$w"
	[[ $line == *[[:space:]] || $line == *[:=] ]] && words+=("")
	COMP_WORDS=("${words[@]}")
	COMP_CWORD=$((${#words[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	local cmd=${words[0]}
	complete -p "$cmd" >/dev/null 2>&1 || __load_completion "$cmd" || _completion_loader "$cmd"
	local fn
	fn=$(complete -p "$cmd" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
	COMPREPLY=()
	"$fn" "$cmd" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	[[ ${#COMPREPLY[@]} -eq 0 ]] || printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
}
EOF
# c LINE: run comp in an interactive bash (no rc files) inside the namespace
c() {
	BC_MAIN=$bc_main BASH_COMPLETION_USER_DIR="$TMPD/bc" \
		ip netns exec acmcomp bash --norc --noprofile -i -c ". '$TMPD/drive.bash'; comp \"\$1\"" comp "$1" 2>>"$TMPD/comp.err"
}
need_netns_veth acmcomp

out=$(BASH_COMPLETION_USER_DIR="$TMPD/bc" bash --norc --noprofile -i -c \
	". '$bc_main'; __load_completion specgen || _completion_loader specgen; complete -p specgen; complete -p masq-setup" 2>/dev/null)
is "$out" "complete -F _acmtools specgen
complete -F _acmtools masq-setup" "bash-completion's loader finds the script under the tool's name and registers all seven"

# options, from each tool's own --help
for t in rpmenv-init specgen kbuild mx2g-pack copycds-import masq-setup multihome-route; do
	want=$("$t" --help | sed -n 's/^  *\(-[A-Za-z], \)\{0,1\}\(--[A-Za-z0-9-]*\).*/\2/p' | LC_ALL=C sort | tr '\n' ' ')
	is "$(c "$t --")" "$want" "$t --TAB: every long option its --help lists"
done
is "$(c "specgen --ex")" "--extract " "specgen --exTAB: --extract"
is "$(c "copycds-import --dr")" "--dry-run " "copycds-import --drTAB: --dry-run"
like "$(c "masq-setup -")" "*--external *-i *-o *" "masq-setup -TAB: short and long options"

# file arguments: .iso for copycds-import, tarballs for specgen/kbuild/mx2g-pack
is "$(c "copycds-import ")" "DVD2.ISO dvd1.iso src.git sub " "copycds-import: .iso images (any case) and directories, not other files"
is "$(c "copycds-import -p /install dvd")" "dvd1.iso " "copycds-import after -p ROOT: back to media"
is "$(c "specgen ")" "drv.tgz k.tar.xz pkg-1.0.tar.gz src.git sub " "specgen: tarballs and directories"
is "$(c "specgen -o ")" "DVD2.ISO drv.tgz dvd1.iso k.tar.xz notes.txt pkg-1.0.tar.gz readme.md src.git sub " "specgen -o: any file"
is "$(c "kbuild --config-target tin")" "tinyconfig " "kbuild --config-target: kconfig targets"
is "$(c "kbuild --fragment x.config p")" "pkg-1.0.tar.gz " "kbuild after --fragment FILE: the source is a tarball"
is "$(c "mx2g-pack --topdir s")" "src.git sub " "mx2g-pack --topdir: directories"
is "$(c "mx2g-pack d")" "drv.tgz " "mx2g-pack: the driver tarball"
is "$(c "rpmenv-init --topdir=s")" "src.git sub " "--topdir=VALUE: directories, given as the part after the = (readline replaces only that)"

# interface names of this namespace (lo, up0, in0)
is "$(c "masq-setup -o ")" "in0 lo up0 " "masq-setup -o: interface names"
is "$(c "masq-setup -i 10.0.0.0/8 --external u")" "up0 " "masq-setup --external u: up0"
is "$(c "multihome-route u")" "up0: " "multihome-route: IFACE: first"
is "$(c "multihome-route up0:192.0.2.1 i")" "in0: " "multihome-route: the next uplink after IFACE:GW"
is "$(c "multihome-route up0:")" "" "multihome-route IFACE:: the gateway is the user's"
is "$(c "multihome-route --from 10.0.0.0/8=")" "in0 lo up0 " "multihome-route --from CIDR=: interface names after '='"
is "$(c "multihome-route --table u")" "up0= " "multihome-route --table: IFACE= first"
is "$(c "multihome-route --persist n")" "network-scripts networkd nm none " "multihome-route --persist: the modes"
# bash -i without a terminal says so; anything else is the function's
is "$(grep -v -e 'cannot set terminal process group' -e 'no job control' "$TMPD/comp.err")" "" "no errors from the completion function"
done_testing

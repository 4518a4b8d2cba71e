#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-emit.sh - the hand-off to xCAT and Cobbler. There is no xCAT
# or Cobbler here, so the output is parsed the way they read it: the stanza
# file as xCAT::DBobjUtils::readFileInput (mkdef -z) does, the cobbler lines
# as sh does; every field copycds sets must be there and every path must
# exist in the imported tree.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso createrepo_c rpmbuild

ok "made DVD1" mk_el_tree "$TMPD/d1" "Rocky Linux" 9.4 x86_64 1 2 productmd
ok "made DVD2" mk_el_tree "$TMPD/d2" "Rocky Linux" 9.4 x86_64 2 2 productmd
# the boot files the .treeinfo names, as productmd writes them
mkdir -p "$TMPD/d1/images/pxeboot"
head -c 5000 /dev/urandom >"$TMPD/d1/images/pxeboot/vmlinuz"
head -c 7000 /dev/urandom >"$TMPD/d1/images/pxeboot/initrd.img"
printf '\n[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n' >>"$TMPD/d1/.treeinfo"
mk_iso "$TMPD/d1" "$TMPD/DVD1.iso"
mk_iso "$TMPD/d2" "$TMPD/DVD2.iso"
R=$TMPD/install

# stanza FILE: "object|attr|value" lines, as readFileInput splits a stanza file
stanza() {
	awk '/^[ \t]*(#|$)/ { next }
	     /:[ \t]*$/ { sub(/[ \t]*:[ \t]*$/, ""); sub(/^[ \t]*/, ""); obj = $0; next }
	     /=/ && obj != "" { a = $0; sub(/=.*/, "", a); v = $0; sub(/^[^=]*=/, "", v);
			       gsub(/^[ \t]+|[ \t]+$/, "", a); gsub(/^[ \t]+|[ \t]+$/, "", v); print obj "|" a "|" v }' "$1"
}
# attr OBJ ATTR: its value in $TMPD/parsed
attr() { awk -F'|' -v o="$1" -v a="$2" '$1 == o && $2 == a { print $3 }' "$TMPD/parsed"; }

# ---- --emit xcat: the definitions replace the records on stdout
expect_exit 0 "--emit xcat imports both DVDs" copycds-import -p "$R" --emit xcat "$TMPD/DVD1.iso" "$TMPD/DVD2.iso"
printf '%s\n' "$OUT" >"$TMPD/xcat.stanza"
is "$(head -n 1 "$TMPD/xcat.stanza")" "# <xCAT data object stanza file>" "the stanza file header mkdef -z expects"
is "$(grep -c '^media=' "$TMPD/xcat.stanza")" 0 "no records mixed in"
ok "the tree is there" test -f "$R/rocky9.4/x86_64/Packages/disc2pkg-1.0-1.x86_64.rpm"
stanza "$TMPD/xcat.stanza" >"$TMPD/parsed"
is "$(cut -d'|' -f1 "$TMPD/parsed" | sort -u | tr '\n' ' ')" \
	"rocky9.4-x86_64 rocky9.4-x86_64-install-compute rocky9.4-x86_64-netboot-compute rocky9.4-x86_64-statelite-compute " \
	"one osdistro and the three osimages copycds makes, once for the two discs"
for p in install netboot statelite; do
	o=rocky9.4-x86_64-$p-compute
	is "$(attr "$o" objtype)" osimage "$p: objtype=osimage"
	is "$(awk -F'|' -v o="$o" '$1 == o { print $2; exit }' "$TMPD/parsed")" objtype "$p: objtype comes first"
	is "$(attr "$o" provmethod)" "$p" "$p: provmethod=$p"
	is "$(attr "$o" profile)" compute "$p: profile=compute"
	is "$(attr "$o" osvers)" rocky9.4 "$p: osvers=rocky9.4"
	is "$(attr "$o" osarch)" x86_64 "$p: osarch=x86_64"
	is "$(attr "$o" osname)" Linux "$p: osname=Linux"
	is "$(attr "$o" imagetype)" linux "$p: imagetype=linux"
	is "$(attr "$o" osdistroname)" rocky9.4-x86_64 "$p: osdistroname names the osdistro"
	is "$(attr "$o" pkgdir)" "$R/rocky9.4/x86_64" "$p: pkgdir is the imported tree"
	ok "$p: pkgdir exists and holds the media" test -f "$(attr "$o" pkgdir)/.treeinfo"
done
is "$(attr rocky9.4-x86_64-netboot-compute rootimgdir)" "$R/netboot/rocky9.4/x86_64/compute" "netboot: rootimgdir as copycds sets it"
is "$(attr rocky9.4-x86_64 objtype)" osdistro "the osdistro stanza"
is "$(attr rocky9.4-x86_64 basename)/$(attr rocky9.4-x86_64 majorversion)/$(attr rocky9.4-x86_64 minorversion)" \
	rocky/9/4 "osdistro: basename, major and minor version"
ok "osdistro: dirpaths exists" test -d "$(attr rocky9.4-x86_64 dirpaths)"

# ---- --emit xcat=FILE: records stay on stdout, the stanzas go to FILE
expect_exit 0 "--emit xcat=FILE" copycds-import -p "$R" --emit "xcat=$TMPD/out.stanza" "$TMPD/DVD1.iso"
is "$(field "$OUT" result)" ok "the record is on stdout"
is "$(cat "$TMPD/out.stanza")" "$(cat "$TMPD/xcat.stanza")" "FILE holds the same stanzas (disc 1 alone gives the same set)"

# ---- --emit cobbler: command lines sh can run
expect_exit 0 "--emit cobbler" copycds-import -p "$R" --emit cobbler "$TMPD/DVD1.iso" "$TMPD/DVD2.iso"
is "$(printf '%s\n' "$OUT" | wc -l)" 2 "two command lines: distro add, profile add"
line1=$(printf '%s\n' "$OUT" | sed -n 1p)
line2=$(printf '%s\n' "$OUT" | sed -n 2p)
# opt NAME LINE: the value of --NAME= in a command line, as sh splits it
opt() { _o=$1; eval "set -- $2"; for _a; do case $_a in --$_o=*) printf '%s' "${_a#--"$_o"=}" ;; esac; done; }
like "$line1" "cobbler distro add *" "line 1 adds the distro"
is "$(opt name "$line1")" rocky9.4-x86_64 "distro --name"
is "$(opt arch "$line1")" x86_64 "distro --arch"
is "$(opt breed "$line1")" redhat "distro --breed"
is "$(opt kernel "$line1")" "$R/rocky9.4/x86_64/images/pxeboot/vmlinuz" "--kernel from .treeinfo [images-x86_64]"
ok "the kernel is in the tree, the medium's" cmp "$(opt kernel "$line1")" "$TMPD/d1/images/pxeboot/vmlinuz"
ok "the initrd is in the tree, the medium's" cmp "$(opt initrd "$line1")" "$TMPD/d1/images/pxeboot/initrd.img"
like "$line2" "cobbler profile add *" "line 2 adds the profile"
is "$(opt distro "$line2")" rocky9.4-x86_64 "on that distro"

# ---- media whose .treeinfo names no boot files
mkdir -p "$TMPD/ub/.disk"
printf 'Ubuntu-Server 22.04.3 LTS "Jammy Jellyfish" - Release amd64 (20230810)' >"$TMPD/ub/.disk/info"
mk_iso "$TMPD/ub" "$TMPD/ub.iso"
expect_exit 65 "--emit cobbler without [images-ARCH] exits 65" copycds-import -p "$R" --emit cobbler "$TMPD/ub.iso"
like "$ERR" "*names no kernel and initrd*" "and says why"
ok "the import itself was done" test -f "$R/ubuntu22.04.3/x86_64/.disk/info"
expect_exit 0 "--emit xcat for it works" copycds-import -p "$R" --emit xcat "$TMPD/ub.iso"
like "$OUT" "*ubuntu22.04.3-x86_64-install-compute:*" "with its osimage"

# ---- bad format, and a medium that fails emits nothing
expect_exit 64 "--emit foreman is a usage error" copycds-import -p "$R" --emit foreman "$TMPD/DVD1.iso"
like "$ERR" "*--emit 'foreman'*xcat or cobbler*" "naming the formats"
expect_exit 66 "a missing medium: nothing emitted" copycds-import -p "$R" --emit xcat "$TMPD/none.iso"
is "$OUT" "" "stdout empty"

done_testing

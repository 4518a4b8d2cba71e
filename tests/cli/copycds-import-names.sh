#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-names.sh - names as xCAT's copycds gives them, end to end:
# the -n guard (an OSVER that is really a medium: "did you mean --dry-run?"),
# thin disc 2s that belong to the set of the disc 1 with the same .discinfo
# id (same command, or recorded in the tree's manifest by an earlier run),
# and media whose metadata is thin (media.repo only, SUSE content without an
# arch, SLE 15 Installer/Packages, openSUSE Leap), each as an ISO.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso

# ---- the -n guard: "-n DVD1.iso DVD2.iso" from a user who meant the dry run
mkdir -p "$TMPD/m1/Packages" "$TMPD/m2/Packages"
printf '1700000123.456789\nRocky Linux 9.9\nx86_64\n1\n' >"$TMPD/m1/.discinfo"
echo one >"$TMPD/m1/Packages/one-1-1.el9.x86_64.rpm"
# disc 2: the same id, no product line
printf '1700000123.456789\n\nx86_64\n2\n' >"$TMPD/m2/.discinfo"
echo two >"$TMPD/m2/Packages/two-1-1.el9.x86_64.rpm"
ok "made DVD1" mk_iso "$TMPD/m1" "$TMPD/DVD1.iso"
ok "made DVD2" mk_iso "$TMPD/m2" "$TMPD/DVD2.iso"
cd "$TMPD" || exit 1
expect_exit 64 "-n DVD1.iso DVD2.iso is refused (64)" copycds-import -p "$TMPD/g" -n DVD1.iso DVD2.iso
like "$ERR" "*-n 'DVD1.iso'*did you mean --dry-run?*" "the message asks: did you mean --dry-run?"
ok "nothing was imported (no tree at all)" test ! -e "$TMPD/g"
is "$OUT" "" "and no record"
expect_exit 64 "an OSVER ending in .iso is refused even if no such file" copycds-import -p "$TMPD/g" -n Rocky-9.ISO DVD2.iso
expect_exit 64 "an OSVER with a / is refused" copycds-import -p "$TMPD/g" -n ./DVD1 DVD2.iso
like "$ERR" "*did you mean --dry-run?*" "with the same question"
cp DVD1.iso image
expect_exit 64 "an OSVER that names an existing file is refused" copycds-import -p "$TMPD/g" -n image DVD2.iso
ok "still nothing imported" test ! -e "$TMPD/g"
mkdir centos7.9
expect_exit 0 "an OSVER that is only a directory here is fine (one may stand in /install)" \
	copycds-import -p "$TMPD/g" -n centos7.9 -a x86_64 DVD1.iso
is "$(field "$OUT" dest)" "$TMPD/g/centos7.9/x86_64" "and names the tree"
cd / || exit 1

# ---- disc 2 in the same command as its disc 1
expect_exit 0 "DVD1 DVD2 in one command: both identified" copycds-import -p "$TMPD/s" "$TMPD/DVD1.iso" "$TMPD/DVD2.iso"
l2=$(printf '%s\n' "$OUT" | sed -n 2p)
is "$(field "$l2" osver)/$(field "$l2" arch)/$(field "$l2" disc)" rocky9.9/x86_64/2 "disc 2 takes disc 1's name"
is "$(field "$l2" dest)" "$TMPD/s/rocky9.9/x86_64" "and its tree"
is "$(field "$l2" identified_by)" "disc 1 (same .discinfo id)" "identified_by says how"
ok "disc 2's files are in the set's tree" test -f "$TMPD/s/rocky9.9/x86_64/Packages/two-1-1.el9.x86_64.rpm"
expect_exit 0 "--check on both is 0 after the import" copycds-import -p "$TMPD/s" --check "$TMPD/DVD1.iso" "$TMPD/DVD2.iso"
expect_exit 0 "--check on disc 2 alone is 0 too (the manifest knows its set)" copycds-import -p "$TMPD/s" --check "$TMPD/DVD2.iso"

# ---- disc 2 later, alone: its disc 1 is in the tree's manifest
expect_exit 0 "DVD1 alone" copycds-import -p "$TMPD/l" "$TMPD/DVD1.iso"
expect_exit 0 "then DVD2 alone, in another command: identified from the manifest" copycds-import -p "$TMPD/l" "$TMPD/DVD2.iso"
is "$(field "$OUT" dest)" "$TMPD/l/rocky9.9/x86_64" "it joins disc 1's tree"
is "$(field "$OUT" disc)" 2 "as disc 2"
expect_exit 0 "--check on DVD2 alone is 0" copycds-import -p "$TMPD/l" --check "$TMPD/DVD2.iso"
is "$(grep -c '^disc ' "$TMPD/l/rocky9.9/x86_64/.acmtools-manifest")" 2 "the manifest names both discs"

# ---- a disc 2 whose line 2 has only the version
printf '1700000123.456789\n9.9\nx86_64\n3\n' >"$TMPD/m2/.discinfo"
mk_iso "$TMPD/m2" "$TMPD/DVD3.iso"
expect_exit 0 "a disc whose .discinfo has only a version joins the set" copycds-import -p "$TMPD/l" "$TMPD/DVD3.iso"
is "$(field "$OUT" osver)" rocky9.9 "named rocky9.9"

# ---- without its disc 1 a thin disc stays unnamed
expect_exit 65 "DVD2 alone into an empty tree cannot be named (65)" copycds-import -p "$TMPD/e" "$TMPD/DVD2.iso"
like "$ERR" "*could not identify*-n OSVER -a ARCH*" "and says how to name it"
ok "nothing was created" test ! -e "$TMPD/e/rocky9.9"
# another arch's set with the same id is not this disc's
printf '1700000123.456789\n\naarch64\n2\n' >"$TMPD/m2/.discinfo"
mk_iso "$TMPD/m2" "$TMPD/DVD2a.iso"
expect_exit 65 "a disc 2 for another arch does not join the x86_64 set" copycds-import -p "$TMPD/l" "$TMPD/DVD2a.iso"

# ---- thin metadata of other kinds, as ISOs
fmt() { # NAME DIR WANT-DEST-SUFFIX
	mk_iso "$2" "$2.iso"
	expect_exit 0 "$1: import exits 0" copycds-import -p "$TMPD/fmt" "$2.iso"
	is "$(field "$OUT" dest)" "$TMPD/fmt/$3" "$1: filed under $3"
}
d=$TMPD/altarch
mkdir -p "$d/Packages"
printf '[general]\nfamily = CentOS\nversion = 7\narch = ppc64le\n' >"$d/.treeinfo"
printf '1450147276.351714\n151215\nppc64le\n' >"$d/.discinfo"
fmt "CentOS 7.2 AltArch (line 2 a build date) by its id" "$d" centos7.2/ppc64le
d=$TMPD/rhel8
mkdir -p "$d/BaseOS/Packages"
printf '[header]\ntype = productmd.treeinfo\nversion = 1.2\n[release]\nname = Red Hat Enterprise Linux\nshort = RHEL\nversion = 8.0.0\n[tree]\narch = aarch64\n' >"$d/.treeinfo"
printf '1554367054.000001\nRed Hat Enterprise Linux 8.0\naarch64\n' >"$d/.discinfo"
fmt "RHEL 8.0.0 (productmd says 8.0.0): every part kept" "$d" rhels8.0.0/aarch64
d=$TMPD/minimal
mkdir -p "$d/EFI/BOOT" "$d/images/pxeboot" "$d/Minimal/Packages"
printf '[InstallMedia]\nname=AlmaLinux 9.3\nmediaid=None\nmetadata_expire=-1\ngpgcheck=0\ncost=500\n' >"$d/media.repo"
echo x >"$d/EFI/BOOT/BOOTX64.EFI"
echo x >"$d/images/pxeboot/vmlinuz"
echo x >"$d/Minimal/Packages/bash-5.1.8-6.el9.x86_64.rpm"
fmt "AlmaLinux minimal: media.repo only, arch from its files" "$d" alma9.3/x86_64
d=$TMPD/sles11
mkdir -p "$d/suse/x86_64" "$d/suse/noarch" "$d/media.1"
printf 'CONTENTSTYLE 11\nDATADIR suse\nLABEL SUSE Linux Enterprise Server 11 SP4\nNAME SUSE_SLES\nVERSION 11.4\n' >"$d/content"
printf 'SUSE\n20150508-094911\n1\n' >"$d/media.1/media"
printf '/ SUSE_SLES 11.4-1.109\n' >"$d/media.1/products"
echo x >"$d/suse/x86_64/aaa_base-11-6.1.x86_64.rpm"
fmt "SLES 11 SP4 content without an arch line: suse/x86_64/" "$d" sles11.4/x86_64/1
d=$TMPD/sle15pkg
mkdir -p "$d/media.1" "$d/Module-Basesystem/x86_64"
printf 'SUSE - SLE-15-SP5-Packages-x86_64-Build57.2-Media1\nSLE-15-SP5-Packages-x86_64-Build57.2\n1\n' >"$d/media.1/media"
printf '/Module-Basesystem sle-module-basesystem 15.5-0\n' >"$d/media.1/products"
fmt "SLE 15 SP5 Packages medium is disc 2 of sle15.5" "$d" sle15.5/x86_64/2
d=$TMPD/leap
mkdir -p "$d/boot/x86_64/loader"
printf '[release]\nname = openSUSE Leap\nversion = 15.6\n\n[general]\narch = x86_64\nfamily = openSUSE Leap\nversion = 15.6\n' >"$d/.treeinfo"
fmt "openSUSE Leap 15.6 .treeinfo" "$d" leap15.6/x86_64/1
d=$TMPD/deb10
mkdir -p "$d/.disk"
printf 'Debian GNU/Linux 10.4.0 "Buster" - Official amd64 DVD Binary-1 20200509-10:26\n' >"$d/.disk/info"
fmt "Debian 10.4.0" "$d" debian10.4.0/x86_64

done_testing

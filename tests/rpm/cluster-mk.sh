#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cluster-mk.sh - scripts/cluster.mk end to end in a sandbox, every root
# (TOPDIR, REPO, INSTALL_ROOT, PERSIST_ROOT, HOME) under $TMPD and the tools
# from the build tree: the sample upstream tarballs (tick's Debian-style
# name gives tick.spec) become specs and real RPMs, the vendor driver real
# kmod RPMs, an xorriso ISO an install tree; all binary packages land in
# one createrepo_c repository. make -j2 runs the two rpmbuilds at once, a
# second make does nothing and changes no mtime, make -n shows the tool
# runs and makes nothing, and the network steps are only in `make gateway`
# (run for real in a network namespace made here).
# kbuild is replaced by a stand-in: a real kernel build takes 6+ minutes.
# It writes a real kernel-ml-devel RPM whose /usr/src/kernels/KVER is the
# installed Debian kernel headers (as the mx2g-pack tests use), so the
# unpack -> mx2g-pack -> publish chain runs as it would after kbuild.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rpm/mx2g-vendor.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_root
need_prog make rpm rpmbuild rpm2cpio cpio createrepo_c xorriso gcc modinfo ip nft gzip
need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME" "$TMPD/bin"
S=$TMPD/sources
mkdir -p "$S/upstream" "$S/drivers" "$S/media" "$S/kernel"

# ---- the sources: two upstream tarballs, a driver, a kernel, a medium
make_tick_source "$TMPD/src"
cp "$TMPD/src/tick_0.9.orig.tar.gz" "$S/upstream/"
make_makefile_source "$TMPD/src/tock-1.0" tock
echo 'int main(void) { return 0; }' >"$TMPD/src/tock-1.0/tock.c"
mit_license "$TMPD/src/tock-1.0"
tar -C "$TMPD/src" -czf "$S/upstream/tock-1.0.tar.gz" tock-1.0
mx2g_vendor_tree "$TMPD/src" "$TMPD/vendor-make-rpm-ran"
tar -C "$TMPD/src" -czf "$S/drivers/mx2g-1.4.2.tar.gz" mx2g-1.4.2
ok "made a Rocky-style install medium" mk_el_tree "$TMPD/rocky" "Rocky Linux" 9.2 x86_64 1 1 productmd
ok "made its ISO with xorriso" mk_iso "$TMPD/rocky" "$S/media/rocky.iso" Rocky-9-2-x86_64-dvd
echo "a kernel source tarball (only the stand-in reads it)" >"$S/kernel/linux-6.1.tar.xz"

# The kbuild stand-in: kbuild's records for a kernel-ml-devel package.
cat >"$TMPD/bin/kbuild" <<EOF
#!/bin/sh
while [ \$# -gt 1 ]; do case \$1 in --topdir) top=\$2; shift 2 ;; *) shift ;; esac; done
mkdir -p "\$top/SPECS"
cat >"\$top/SPECS/kernel-ml-standin.spec" <<'SPEC'
Name: kernel-ml-devel
Version: 6.1
Release: 1
Summary: Stand-in kernel build tree for the cluster.mk test
License: GPL-2.0-only
BuildArch: noarch
%description
The installed kernel headers, as a kernel-ml-devel package would hold them.
%install
mkdir -p %{buildroot}/usr/src/kernels
ln -s $KDIR %{buildroot}/usr/src/kernels/$KVER
%files
/usr/src/kernels/$KVER
SPEC
rpmbuild -bb --nodeps --quiet --define "_topdir \$top" "\$top/SPECS/kernel-ml-standin.spec" >/dev/null 2>&1 || exit 70
echo "kbuild ran" >>"$TMPD/kbuild.ran"
echo "rpm=\$top/RPMS/noarch/kernel-ml-devel-6.1-1.noarch.rpm name=kernel-ml-devel version=6.1 release=1 arch=noarch changed=yes"
echo "kver=$KVER spec=\$top/SPECS/kernel-ml-standin.spec config=none log=none changed=yes"
EOF
# rpmbuild, timed: each run notes its start and end, and takes a second
# more, so a parallel make shows two starts before the first end.
cat >"$TMPD/bin/rpmbuild" <<EOF
#!/bin/sh
echo start >>"$TMPD/rpmbuild.times"
sleep 1
rpmbuild "\$@"; rc=\$?
echo end >>"$TMPD/rpmbuild.times"
exit \$rc
EOF
chmod +x "$TMPD/bin/kbuild" "$TMPD/bin/rpmbuild"

T=$TMPD/top R=$TMPD/repo I=$TMPD/install P=$TMPD/persist
# make as a user starts it, not as a submake of make check's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES GNUMAKEFLAGS
mk() {
	make -f "$top_srcdir/scripts/cluster.mk" SOURCES="$S" TOPDIR="$T" REPO="$R" \
		INSTALL_ROOT="$I" PERSIST_ROOT="$P" ACMBIN="$top_builddir/cmd" \
		KBUILD="$TMPD/bin/kbuild" RPMBUILD="$TMPD/bin/rpmbuild" "$@"
}
# mtimes: every file and directory the build made, with its mtime
# (not HOME's .rpmdb: rpm -q, which tells whether rpmbuild needs --nodeps,
# touches it on every make)
mtimes() { find "$T" "$R" "$I" "$HOME/.rpmmacros" -printf '%p %T@\n' | sort; }

# ---- make -n: the tool runs, and nothing made
expect_exit 0 "make -n exits 0" mk -n
like "$OUT" "*rpmenv-init -q --topdir '$T' --macros '$HOME/.rpmmacros'*" "-n: the build tree first"
like "$OUT" "*specgen -q --name 'tick' -o '$T/SPECS/tick.spec' '$S/upstream/tick_0.9.orig.tar.gz'*" \
	"-n: tick_0.9.orig.tar.gz gives tick.spec"
like "$OUT" "*specgen -q --name 'tock' -o '$T/SPECS/tock.spec'*" "-n: tock-1.0.tar.gz gives tock.spec"
like "$OUT" "*rpmbuild -ba * --define '_topdir $T' '$T/SPECS/tick.spec'*" "-n: rpmbuild -ba in TOPDIR"
like "$OUT" "*kbuild -q --topdir '$T'*'$S/kernel/linux-6.1.tar.xz'*" "-n: kbuild on the kernel source"
like "$OUT" "*rpm2cpio*cpio -idm*" "-n: the -devel package unpacked"
like "$OUT" "*mx2g-pack -q --topdir '$T'*'$S/drivers/mx2g-1.4.2.tar.gz'*" "-n: mx2g-pack on the driver"
like "$OUT" "*createrepo_c -q --update '$R'*" "-n: one createrepo_c on REPO"
like "$OUT" "*copycds-import -q -p '$I'*'$S/media/rocky.iso'*" "-n: copycds-import into INSTALL_ROOT"
case $OUT in *masq-setup* | *multihome-route*) bad=1 ;; *) bad=0 ;; esac
is "$bad" 0 "-n: no network step in all"
not_ok "-n made nothing" test -e "$T" -o -e "$R" -o -e "$I" -o -e "$HOME/.rpmmacros"

# Spec names from file names, a class: Debian's NAME_VERSION.orig.tar.*,
# upstream's NAME-VERSION[-suffix].tar.*, names with '-' and '_' in them.
mkdir -p "$TMPD/names/upstream"
for f in fping_5.1.orig.tar.gz foo-bar-1.2-rc1.tar.xz my_tool-1.0.tgz python3-x-0.1.tar.bz2; do
	: >"$TMPD/names/upstream/$f"
done
expect_exit 0 "make -n specs over several file names" mk -n specs SOURCES="$TMPD/names"
is "$(printf '%s\n' "$OUT" | sed -n "s|^.*specgen -q --name '\([^']*\)' -o '$T/SPECS/\([^']*\)'.*|\1:\2|p" | sort | tr '\n' ' ')" \
	"foo-bar:foo-bar.spec fping:fping.spec my_tool:my_tool.spec python3-x:python3-x.spec " \
	"-n: each source's spec is NAME.spec with --name NAME"

# Without a kernel source, the drivers are built for KERNEL_TREES.
expect_exit 0 "make -n kmods with KERNEL_TREES and no KERNEL" mk -n kmods KERNEL= KERNEL_TREES="$KDIR"
like "$OUT" "*mx2g-pack -q --topdir '$T' --kernel '$KDIR' *" "-n: mx2g-pack gets the tree from KERNEL_TREES"
case $OUT in *kbuild* | *rpm2cpio*) bad=1 ;; *) bad=0 ;; esac
is "$bad" 0 "-n: no kernel build when KERNEL is empty"

expect_exit 2 "drivers and no kernel at all: make stops" mk -n kmods KERNEL=
like "$ERR" "*no kernel for $S/drivers/mx2g-1.4.2.tar.gz: set KERNEL or KERNEL_TREES*" "it says what to set"

# ---- make -j2: everything, the two rpmbuilds at once
expect_exit 0 "make -j2 builds everything" mk -j2
[ "$RC" = 0 ] || printf '%s\n' "$ERR" | tail -n 30 | sed 's/^/# /'
ok "tick_0.9.orig.tar.gz was written as tick.spec" test -f "$T/SPECS/tick.spec"
ok "no spec named after the Debian file name" test ! -e "$T/SPECS/tick_0.9.orig.spec"
ok "tock.spec too" test -f "$T/SPECS/tock.spec"
is "$(head -n 2 "$TMPD/rpmbuild.times" | tr '\n' ' ')" "start start " "-j2: the two rpmbuilds overlapped"
ok "repo: tick's RPM" test -f "$R/tick-0.9-1.x86_64.rpm"
ok "repo: tock's RPM" test -f "$R/tock-1.0-1.x86_64.rpm"
kmod=$(ls "$R"/kmod-mx2g-"$KVER"-1.4.2-1.*.rpm 2>/dev/null | head -n 1)
ok "repo: the kmod for the kernel" test -f "$kmod"
ok "repo: the kernel's packages" test -f "$R/kernel-ml-devel-6.1-1.noarch.rpm"
is "$(ls "$R" | grep -c 'src\.rpm$')" 0 "repo: no source RPMs"
ok "repo: createrepo_c metadata" test -f "$R/repodata/repomd.xml"
prim=$R/$(grep -o 'href="repodata/[^"]*primary.xml.gz"' "$R/repodata/repomd.xml" | sed 's/^href="//; s/"$//')
is "$(gzip -dc "$prim" | sed -n 's/.*<name>\([^<]*\)<.*/\1/p' | sort | tr '\n' ' ')" \
	"kernel-ml-devel kmod-mx2g-$KVER tick tock " "repo: the metadata lists every binary package"
ok "the -devel package is unpacked under TOPDIR/kernels" test -d "$T/kernels/$KVER/usr/src/kernels/$KVER/include"
like "$(cat "$T/cluster-mk/kmod-mx2g.rec")" "*kver=$KVER*" "mx2g-pack built for the unpacked kernel"
mkdir -p "$TMPD/x"
(cd "$TMPD/x" && rpm2cpio "$kmod" | cpio -idm --quiet)
like "$(modinfo -F vermagic "$TMPD/x/lib/modules/$KVER/extra/mx2g/mx2g.ko")" "$KVER *" "the kmod's vermagic is that kernel's"
ok "the vendor's make rpm never ran" test ! -e "$TMPD/vendor-make-rpm-ran"
ok "media: the ISO is imported under INSTALL_ROOT" test -f "$I/rocky9.2/x86_64/.treeinfo"
ok "rpmenv: the %_topdir block points at TOPDIR" grep -q "$T" "$HOME/.rpmmacros"
ok "the network steps did not run" test ! -e "$P"

# ---- a second make: nothing to build, no file touched
mtimes >"$TMPD/before"
expect_exit 0 "a second make exits 0" mk -j2
is "$OUT" "make: Nothing to be done for 'all'." "second make: nothing to be done"
is "$ERR" "" "second make: no tool said anything"
mtimes >"$TMPD/after"
ok "second make: no file's mtime changed" cmp "$TMPD/before" "$TMPD/after"
is "$(grep -c start "$TMPD/rpmbuild.times")" 2 "second make: rpmbuild did not run again"
is "$(grep -c ran "$TMPD/kbuild.ran")" 1 "second make: kbuild did not run again"
expect_exit 0 "make -n after a build" mk -n
is "$OUT" "make: Nothing to be done for 'all'." "make -n after a build: nothing to be done"

# ---- a new upstream tarball redoes its package and the publish only
sleep 1
touch "$S/upstream/tock-1.0.tar.gz"
expect_exit 0 "make after tock's tarball changed" mk -j2
like "$OUT" "*--name 'tock'*" "tock's spec and RPM are redone"
case $OUT in *"--name 'tick'"* | *mx2g-pack* | *kbuild* | *copycds-import*) bad=1 ;; *) bad=0 ;; esac
is "$bad" 0 "nothing else is redone"
like "$OUT" "*createrepo_c*" "the repository is refreshed"
like "$(cat "$T/cluster-mk/tock.spec.rec")" "*changed=no*" "specgen: the same tarball, the same spec (changed=no)"

# ---- the gateway: its own target, for real in a namespace
expect_exit 2 "make gateway without INTERNAL/EXTERNAL fails" mk gateway
like "$ERR" "*set INTERNAL=CIDR|IFACE and EXTERNAL=IFACE*" "it says what to set"
expect_exit 0 "make -n gateway" mk -n gateway INTERNAL=192.0.2.0/24 EXTERNAL=up0 UPLINKS=up0:192.0.2.1
like "$OUT" "*masq-setup --check -q -i 192.0.2.0/24 -o up0 --persist-root '$P'*" "-n gateway: masq-setup with PERSIST_ROOT"
like "$OUT" "*multihome-route --check -q --persist-root '$P' up0:192.0.2.1*" "-n gateway: multihome-route with PERSIST_ROOT"
G=cmk$$g
need_netns_veth "$G"
mkdir -p "$P"
gw() { ip netns exec "$G" sh -c 'make -f "$0" "$@"' "$top_srcdir/scripts/cluster.mk" \
	ACMBIN="$top_builddir/cmd" PERSIST_ROOT="$P" INTERNAL=192.0.2.0/24 EXTERNAL=up0 gateway; }
run gw
is "$RC" 0 "make gateway in a namespace exits 0"
ok "the masquerade table is loaded there" sh -c "ip netns exec $G nft list tables | grep -q acmtools_masq"
ok "its boot-time files are under PERSIST_ROOT" test -n "$(find "$P" -type f | head -n 1)"
run gw
is "$RC" 0 "a second make gateway exits 0"
is "$(printf '%s\n' "$OUT" | grep -c -e 'changed=yes' -e 'created')" 0 "second make gateway: nothing changed"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack.sh - real builds against the installed Debian kernel headers
# (linux-headers-amd64): a vendor-style driver tarball becomes kmod RPMs for
# two kernels at once (the second tree is a copy of the headers relabelled
# as an EL-style release, so its modules carry another vermagic), read back
# with rpm -qp and modinfo; a DKMS-style source; --srpm-only and the clean,
# reproducible tarball; --repo. Each build runs once (about a minute in all).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rpm/mx2g-vendor.sh"
need_prog rpm rpmbuild rpm2cpio cpio modinfo nm make gcc createrepo_c tar

need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME"

# A second kernel tree, cheaply: the same headers under another release.
# Relative links (Debian's scripts/ and tools/) are made absolute first.
K2=$TMPD/kernel2
K2VER=6.1.192-1.acmtest.x86_64
cp -a "$KDIR" "$K2"
for l in "$K2"/*; do
	[ -L "$l" ] && ln -sfn "$(readlink -f "$KDIR/$(basename "$l")")" "$l"
done
sed -i "s/\"$KVER\"/\"$K2VER\"/" "$K2/include/generated/utsrelease.h"

mx2g_vendor_tree "$TMPD/src" "$TMPD/vendor-make-rpm-ran"
mx2g_dkms_tree "$TMPD/src"
mx2g_userland_tree "$TMPD/src"
tar -C "$TMPD/src" -czf "$TMPD/mx2g-1.4.2.tar.gz" mx2g-1.4.2

# ---- the vendor tarball, two kernels, user space as mx2g-utils, a repo
T=$TMPD/top
expect_exit 0 "vendor tarball builds for two kernels" mx2g-pack --topdir "$T" \
	--kernel "$KVER" --kernel "$K2" --repo "$TMPD/repo" \
	--userland-install 'make -C tools install && make -C libmyri install' "$TMPD/mx2g-1.4.2.tar.gz"
printf '%s\n' "$OUT" >"$TMPD/records"
[ "$RC" = 0 ] || { printf '%s\n' "$ERR" | tail -n 30 | sed 's/^/# /'; }
rpm1=$(sed -n "s/^rpm=\([^ ]*\) name=kmod-mx2g-$KVER .*kver=$KVER.*/\1/p" "$TMPD/records")
rpm2=$(sed -n "s/^rpm=\([^ ]*\) name=kmod-mx2g-$K2VER .*kver=$K2VER.*/\1/p" "$TMPD/records")
srpm=$(sed -n 's/^rpm=\([^ ]*\) name=mx2g-kmod .*arch=src.*/\1/p' "$TMPD/records")
utils=$(sed -n 's/^rpm=\([^ ]*\) name=mx2g-utils .*/\1/p' "$TMPD/records")
ok "record: kmod RPM for $KVER exists" test -f "$rpm1"
ok "record: kmod RPM for $K2VER exists" test -f "$rpm2"
ok "record: source RPM exists" test -f "$srpm"
ok "record: mx2g-utils RPM exists" test -f "$utils"
like "$(cat "$TMPD/records")" "*spec=$T/SPECS/mx2g-kmod.spec source=$T/SOURCES/mx2g-1.4.2.tar.gz log=*" \
	"record: spec, clean source and log"
ok "the vendor's make rpm never ran" test ! -e "$TMPD/vendor-make-rpm-ran"

is "$(rpm -qp --qf '%{name} %{version} %{release}' "$rpm1")" "kmod-mx2g-$KVER 1.4.2 1" "name-version-release"
files1=$(rpm -qpl "$rpm1")
like "$files1" "*/lib/modules/$KVER/extra/mx2g/mx2g.ko*" "mx2g.ko under /lib/modules/KVER/extra/NAME"
like "$files1" "*/lib/modules/$KVER/extra/mx2g/mx2g_diag.ko*" "the nested second module too"
like "$files1" "*/etc/depmod.d/kmod-mx2g-$KVER.conf*" "a depmod.d override file"
like "$files1" "*/COPYING*" "the license file is shipped"
like "$(rpm -qpl "$rpm2")" "*/lib/modules/$K2VER/extra/mx2g/mx2g.ko*" "second kernel: its own module dir"
req1=$(rpm -qp --requires "$rpm1")
like "$req1" "*/lib/modules/$KVER/modules.builtin*" \
	"Debian release (two '-'): requires that kernel's modules.builtin"
like "$(rpm -qp --requires "$rpm2")" "*kernel-uname-r = $K2VER*" "EL-style release: Requires kernel-uname-r = KVER"
prov1=$(rpm -qp --provides "$rpm1")
is "$(printf '%s\n' "$prov1" | grep '^kmod-mx2g = ')" "kmod-mx2g = 1.4.2-1" "Provides kmod-NAME = V-R"
like "$prov1" "*kmod(mx2g.ko)*" "Provides kmod(mx2g.ko)"
scr1=$(rpm -qp --scripts "$rpm1")
like "$scr1" "*postinstall*depmod -aeF /boot/System.map-$KVER $KVER*" "%post runs depmod for that kernel"
like "$scr1" "*postuninstall*depmod -a $KVER*" "%postun runs depmod for that kernel"
like "$scr1" "*weak-modules --add-modules*" "%post uses weak-modules where present"
like "$(rpm -qp --scripts "$rpm2")" "*depmod -aeF /boot/System.map-$K2VER $K2VER*" "second kernel: its own depmod"
is "$(rpm -qpl "$utils" | grep -v /.build-id | sort | tr '\n' ' ')" "/usr/bin/mx2g_info /usr/lib/libmyri.a " \
	"mx2g-utils holds what the install command installed"

mkdir -p "$TMPD/x1" "$TMPD/x2"
(cd "$TMPD/x1" && rpm2cpio "$rpm1" | cpio -idm --quiet)
(cd "$TMPD/x2" && rpm2cpio "$rpm2" | cpio -idm --quiet)
ko1=$TMPD/x1/lib/modules/$KVER/extra/mx2g/mx2g.ko
ko2=$TMPD/x2/lib/modules/$K2VER/extra/mx2g/mx2g.ko
like "$(modinfo -F vermagic "$ko1")" "$KVER *" "modinfo: vermagic is the installed kernel's"
like "$(modinfo -F vermagic "$ko2")" "$K2VER *" "modinfo: second package's vermagic is the second kernel's"
is "$(modinfo -F name "$ko1")" "mx2g" "modinfo: module name"
is "$(modinfo -F version "$ko1")" "1.4.2" "modinfo: the driver's own version"
is "$(nm "$ko1" | grep -c -E ' T (mx2g_hw_probe|mx2g_dma_setup)$')" 2 \
	"multi-object module: all its objects are linked in"
is "$(modinfo -F name "$TMPD/x1/lib/modules/$KVER/extra/mx2g/mx2g_diag.ko")" "mx2g_diag" "modinfo: second module"

ok "repo: metadata written" test -f "$TMPD/repo/repodata/repomd.xml"
ok "repo: kmod package copied" test -f "$TMPD/repo/$(basename "$rpm1")"
is "$(grep -c ' repo=' "$TMPD/records")" 3 "records: repo= for the three binary packages"
ok "repo: the source RPM stays out" test ! -e "$TMPD/repo/$(basename "$srpm")"

# ---- --srpm-only from the directory: the clean tarball and its bytes
S=$TMPD/srpm
expect_exit 0 "--srpm-only exits 0" mx2g-pack -q --srpm-only --topdir "$S" --kernel "$KDIR" "$TMPD/src/mx2g-1.4.2"
is "$(printf '%s\n' "$OUT" | grep -c '^rpm=')" 1 "--srpm-only: one package record"
like "$OUT" "rpm=$S/SRPMS/mx2g-kmod-1.4.2-1.src.rpm name=mx2g-kmod *arch=src kver=$KVER*" "--srpm-only: the source RPM"
ok "--srpm-only: no binary package" test -z "$(find "$S/RPMS" -name '*.rpm')"
tar -tzf "$S/SOURCES/mx2g-1.4.2.tar.gz" | sort >"$TMPD/contents"
like "$(cat "$TMPD/contents")" "*mx2g-1.4.2/driver/linux/hw/mx2g_dma.c*" "clean tarball: the module sources"
like "$(cat "$TMPD/contents")" "*mx2g-1.4.2/include/mx2g_regs.h*" "clean tarball: the include dir the Makefile reaches"
is "$(grep -c -E 'libmyri|tools/|packaging|^mx2g-1.4.2/Makefile$' "$TMPD/contents")" 0 \
	"clean tarball: no user space, no vendor packaging, no top Makefile"
is "$(rpm -qpl "$S/SRPMS/mx2g-kmod-1.4.2-1.src.rpm" | sort | tr '\n' ' ')" "mx2g-1.4.2.tar.gz mx2g-kmod.spec " \
	"source RPM: the clean tarball and the spec"
cp "$S/SOURCES/mx2g-1.4.2.tar.gz" "$TMPD/first.tar.gz"
sleep 1
expect_exit 0 "--srpm-only again exits 0" mx2g-pack -q --srpm-only --topdir "$S" --kernel "$KDIR" "$TMPD/src/mx2g-1.4.2"
ok "the clean tarball is byte-reproducible" cmp "$TMPD/first.tar.gz" "$S/SOURCES/mx2g-1.4.2.tar.gz"

# ---- a DKMS-style source as a user would bring it
D=$TMPD/dkms
expect_exit 0 "DKMS-style source builds" mx2g-pack -q --topdir "$D" --kernel "$KVER" "$TMPD/src/hello-dkms"
hrpm=$(printf '%s\n' "$OUT" | sed -n "s/^rpm=\([^ ]*\) name=kmod-hello-$KVER .*/\1/p")
ok "DKMS: kmod-hello-KVER built" test -f "$hrpm"
is "$(rpm -qp --qf '%{version}' "$hrpm")" "0.3.1" "DKMS: version from dkms.conf"
is "$(rpm -qp --qf '%{license}' "$hrpm")" "GPL-2.0-or-later" "DKMS: license from the SPDX line"
mkdir -p "$TMPD/x3"
(cd "$TMPD/x3" && rpm2cpio "$hrpm" | cpio -idm --quiet)
like "$(modinfo -F vermagic "$TMPD/x3/lib/modules/$KVER/extra/hello/hello.ko")" "$KVER *" "DKMS: vermagic"
like "$OUT" "*changed=yes*" "first build: changed=yes"
m1=$(stat -c %Y.%i "$hrpm")
expect_exit 0 "the same build again exits 0" mx2g-pack --topdir "$D" --kernel "$KVER" "$TMPD/src/hello-dkms"
like "$OUT" "*rpm=$hrpm name=kmod-hello-$KVER *changed=no*" "second run: same records, changed=no"
like "$ERR" "*up to date*nothing built*" "second run: says nothing was built"
is "$(stat -c %Y.%i "$hrpm")" "$m1" "second run: the package is left alone"

# ---- errors, before anything is built
expect_exit 65 "a tree with no module exits 65" mx2g-pack --topdir "$TMPD/e" --kernel "$KVER" "$TMPD/src/myri-tools-2.0"
expect_exit 66 "a missing kernel exits 66" mx2g-pack --topdir "$TMPD/e" --kernel 9.9.9-nosuch "$TMPD/src/hello-dkms"
ok "errors built nothing" test ! -e "$TMPD/e"

# ---- a build failure keeps the log and says where it is
printf 'this is not C\n' >>"$TMPD/src/hello-dkms/hello.c"
expect_exit 70 "a module that does not compile exits 70" mx2g-pack --topdir "$D" --kernel "$KVER" "$TMPD/src/hello-dkms"
like "$ERR" "*kmod build failed*$D/BUILD/mx2g-pack-hello/build.log*" "build failure: names the kept log"
ok "build failure: the log is kept" test -s "$D/BUILD/mx2g-pack-hello/build.log"

done_testing

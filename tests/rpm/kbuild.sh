#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild.sh - a real kernel (Debian's linux-source-6.1, tinyconfig + a
# fragment with modules) built ONCE into RPMs and checked the way a user
# would: rpm -qpl / --provides on every package, the image's own version
# string, the shipped .config, an out-of-tree module built against the
# unpacked -devel package with the right vermagic, the repository metadata
# --repo wrote, and the spec --spec-only prints. The tree rpmbuild built in
# stays for the next run (rpmbuild --noclean, as a binrpm-pkg user's tree
# stays); the bad-input cases reuse it.
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmbuild rpm2cpio cpio createrepo_c gcc make flex bison bc perl modinfo
src=/usr/src/linux-source-6.1.tar.xz
[ -f "$src" ] || skip_all "needs $src (the linux-source-6.1 package; scripts/install-deps installs it)"

top="$TMPD/top"
repo="$TMPD/repo"
frag="$top_srcdir/tests/rpm/kbuild-fragment.config"
arch=$(rpm --eval '%{_target_cpu}')
dist=$(rpm --eval '%{?dist}')
jobs=${KBUILD_TEST_JOBS:-2}
SOURCE_DATE_EPOCH=1764000000
export SOURCE_DATE_EPOCH

# ---- the build, once
t0=$(date +%s)
expect_exit 0 "kbuild builds linux-source-6.1 (tinyconfig + modules) into RPMs" \
	kbuild -j "$jobs" --topdir "$top" --config-target tinyconfig --fragment "$frag" \
	--headers --repo "$repo" "$src"
t1=$(date +%s)
echo "# kernel build with kbuild took $((t1 - t0)) s (-j$jobs)"
records=$OUT
if [ "$RC" != 0 ]; then
	printf '%s\n' "$ERR" | tail -n 30 | sed 's/^/# /'
	done_testing
	exit 0
fi

field() { # record-line key -> value (records are shell-quoted key=value)
	(eval "$1" 2>/dev/null; eval "printf '%s' \"\${$2-}\"")
}
pkg() { # package name -> rpm path
	printf '%s\n' "$records" | while read -r line; do
		[ "$(field "$line" name)" = "$1" ] && [ "$(field "$line" arch)" != src ] && field "$line" rpm
	done
}
last=$(printf '%s\n' "$records" | tail -n 1)
kver=$(field "$last" kver)
config=$(field "$last" config)
main=$(pkg kernel-ml)
devel=$(pkg kernel-ml-devel)
headers=$(pkg kernel-ml-headers)
srpm=$(printf '%s\n' "$records" | while read -r line; do
	[ "$(field "$line" arch)" = src ] && field "$line" rpm; done)

# ---- the records
is "$(printf '%s\n' "$records" | grep -c '^rpm=')" 4 "four packages reported (kernel-ml, -devel, -headers, source)"
ok "kernel-ml was built" test -f "$main"
ok "kernel-ml-devel was built" test -f "$devel"
ok "kernel-ml-headers was built" test -f "$headers"
ok "a source RPM was built" test -f "$srpm"
like "$kver" "6.1.*-1$dist.$arch" "kver is VERSION-RELEASE.ARCH"
is "$(rpm -qp --qf '%{VERSION}-%{RELEASE}.%{ARCH}' "$main")" "$kver" \
	"uname -r equals the package's VERSION-RELEASE.ARCH"
ok "the reported config exists" test -f "$config"
is "$(printf '%s\n' "$records" | grep -c '^rpm=.* changed=yes$')" 4 "every package record ends in changed=yes"
like "$last" "kver=$kver spec=$top/SPECS/kernel-ml.spec config=$config log=$top/BUILD/kbuild-kernel-ml/build.log changed=yes" \
	"the last record: kver, spec, config, log, changed=yes"

# ---- kernel-ml: image, System.map, config, modules, boot files
run rpm -qpl "$main"
files=$OUT
for f in "/boot/vmlinuz-$kver" "/boot/System.map-$kver" "/boot/config-$kver" \
	"/lib/modules/$kver/vmlinuz" "/lib/modules/$kver/System.map" "/lib/modules/$kver/config" \
	"/lib/modules/$kver/modules.builtin" "/lib/modules/$kver/modules.dep" \
	"/lib/modules/$kver/kernel/lib/crc7.ko"; do
	like "$files" "*$f*" "kernel-ml holds $f"
done
not_ok "kernel-ml does not hold the devel link" sh -c "rpm -qpl '$main' | grep -q '/build\$'"
run rpm -qp --provides "$main"
like "$OUT" "*kernel = *" "kernel-ml provides kernel = V-R"
like "$OUT" "*kernel-uname-r = $kver*" "kernel-ml provides kernel-uname-r = $kver"
like "$OUT" "*installonlypkg(kernel)*" "kernel-ml is install-only (several kernels side by side)"
run rpm -qp --scripts "$main"
like "$OUT" "*kernel-install add $kver*" "%post sets up booting with kernel-install"
like "$OUT" "*kernel-install remove $kver*" "%preun removes it again"

root="$TMPD/root"
mkdir -p "$root"
ok "kernel-ml unpacks" sh -c "cd '$root' && rpm2cpio '$main' | cpio -idm --quiet"
ok "the image carries its own release string" grep -q -a "$kver (" "$root/lib/modules/$kver/vmlinuz"
ok "the packaged config is the reported one" cmp "$root/lib/modules/$kver/config" "$config"
ok "the config has modules on" grep -qx 'CONFIG_MODULES=y' "$config"
ok "the config is 64-bit" grep -qx 'CONFIG_64BIT=y' "$config"
ok "the fragment's module is a module" grep -qx 'CONFIG_CRC7=m' "$config"
run modinfo -F vermagic "$root/lib/modules/$kver/kernel/lib/crc7.ko"
like "$OUT" "$kver *" "the packaged module's vermagic names $kver"
in_vermagic=$OUT

# ---- kernel-ml-devel: builds an out-of-tree module
ok "kernel-ml-devel unpacks" sh -c "cd '$root' && rpm2cpio '$devel' | cpio -idm --quiet"
is "$(readlink "$root/lib/modules/$kver/build")" "/usr/src/kernels/$kver" \
	"/lib/modules/KVER/build points at /usr/src/kernels/KVER"
kdir="$root/usr/src/kernels/$kver"
for f in Makefile .config Module.symvers include/generated/utsrelease.h \
	arch/x86/include/generated/asm/syscalls_64.h scripts/basic/fixdep scripts/mod/modpost; do
	ok "devel has $f" test -e "$kdir/$f"
done
mod="$TMPD/hello"
mkdir -p "$mod"
cat >"$mod/hello.c" <<'EOF'
#include <linux/module.h>
#include <linux/init.h>
#include <linux/crc7.h>

static int __init hello_init(void)
{
	static const u8 data[] = { 'a', 'c', 'm' };

	pr_info("hello: crc7 %u\n", crc7_be(0, data, sizeof data));
	return 0;
}

static void __exit hello_exit(void)
{
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := hello.o' >"$mod/Kbuild"
ok "an out-of-tree module builds against the -devel tree" make -C "$kdir" M="$mod" modules
ok "hello.ko exists" test -f "$mod/hello.ko"
run modinfo -F vermagic "$mod/hello.ko"
is "$OUT" "$in_vermagic" "the module's vermagic matches the packaged kernel's modules"
run modinfo -F depends "$mod/hello.ko"
is "$OUT" "crc7" "the module resolved the kernel's exported crc7 symbol (Module.symvers)"

# ---- kernel-ml-headers and the source RPM
run rpm -qpl "$headers"
like "$OUT" "*/usr/include/linux/version.h*" "kernel-ml-headers holds the UAPI headers"
run rpm -qp --obsoletes "$headers"
is "$OUT" "" "kernel-ml-headers obsoletes nothing"
run rpm -qpl "$srpm"
like "$OUT" "*linux-source-6.1.tar.xz*" "the source RPM carries the tarball"
like "$OUT" "*kernel-ml-*.config*" "the source RPM carries the config"
like "$OUT" "*kernel-ml.spec*" "the source RPM carries the spec"

# ---- one unpack: rpmbuild built in the tree kbuild unpacked and configured
blog="$top/BUILD/kbuild-kernel-ml/build.log"
unpack_re='rpmuncompress -x|tar -xo|xz -dc'
not_ok "rpmbuild's %prep did not unpack the tarball again" grep -qE "$unpack_re" "$blog"
ok "rpmbuild built in kbuild's tree" grep -qx "+ cd $top/BUILD/kbuild-kernel-ml/src" "$blog"
ok "the built tree stays for the next run (no rmbuild)" \
	test -f "$top/BUILD/kbuild-kernel-ml/src/linux-source-6.1/vmlinux"
not_ok "rpmbuild's build root is removed after the build" \
	sh -c 'ls -A "$1" | grep -q .' sh "$top/BUILDROOT"
[ -z "${KBUILD_TEST_LISTS:-}" ] || for p in "$main" "$devel" "$headers" "$srpm"; do
	rpm -qpl "$p" >"$KBUILD_TEST_LISTS/$(basename "$p").list"; done

# ---- the source RPM alone: its %prep unpacks the tarball (kbuild_prepared
# is kbuild's, not the spec's) and leaves the tree rpmbuild then builds
stop="$TMPD/srpm-top"
expect_exit 0 "the source RPM installs into a fresh topdir" rpm -i --define "_topdir $stop" "$srpm"
expect_exit 0 "rpmbuild -bp of the source RPM's spec runs its %prep" \
	rpmbuild -bp --nodeps --define "_topdir $stop" "$stop/SPECS/kernel-ml.spec"
ok "the source RPM's %prep unpacks the tarball" sh -c "printf '%s' \"\$1\" | grep -qE '$unpack_re'" sh "$OUT$ERR"
ptree="$stop/BUILD/linux-source-6.1"
ok "%prep's tree holds the shipped configuration" cmp "$ptree/.config" "$stop/SOURCES/$(basename "$config")"
run grep '^EXTRAVERSION' "$ptree/Makefile"
is "$OUT" "EXTRAVERSION = -${kver#6.1.*-}" "%prep sets EXTRAVERSION so uname -r is the kver"
rm -rf "$stop"

# ---- --repo: metadata createrepo_c wrote, binary packages only
ok "the repository has repomd.xml" test -f "$repo/repodata/repomd.xml"
primary="$repo/$(grep -o 'href="repodata/[^"]*primary.xml.gz"' "$repo/repodata/repomd.xml" | sed 's/^href="//; s/"$//')"
run sh -c "gzip -dc '$primary' | grep -o '<name>[^<]*</name>' | sort | tr '\n' ' '"
is "$OUT" "<name>kernel-ml-devel</name> <name>kernel-ml-headers</name> <name>kernel-ml</name> " \
	"the repository lists the three binary packages"
ok "the packages are in the repository" test -f "$repo/$(basename "$main")"
not_ok "no staging directory is left" test -e "$repo/.acmtools-staging"
like "$records" "*repo=$repo/*" "records say where --repo put each package"

# ---- --spec-only prints the spec that was built
expect_exit 0 "--spec-only with the same arguments" kbuild --spec-only --topdir "$top" \
	--config-target tinyconfig --fragment "$frag" --headers "$src"
printf '%s\n' "$OUT" >"$TMPD/spec-only.spec"
ok "--spec-only prints the very spec that was built" cmp "$TMPD/spec-only.spec" "$top/SPECS/kernel-ml.spec"

# ---- -n with the same arguments: what a run would do, nothing built
expect_exit 0 "-n with the same arguments" kbuild -n --topdir "$top" \
	--config-target tinyconfig --fragment "$frag" --headers --repo "$repo" "$src"
like "$OUT" "action=configure file=$config from=tinyconfig changed=yes
action=copy file=$top/SOURCES/linux-source-6.1.tar.xz from=$src changed=yes
action=write file=$top/SPECS/kernel-ml.spec changed=yes
action=build file=$top/SPECS/kernel-ml.spec stage=-ba changed=yes
action=publish file=$repo changed=yes
kver=$kver changed=yes" "-n: the same paths the build used, then the same kver"

# ---- bad input on the real tree (the kept tree, reused)
expect_exit 65 "an unknown config target exits 65" \
	kbuild -j "$jobs" --topdir "$top" --config-target nosuchconfig "$src"
like "$ERR" "*nosuchconfig*" "the kernel's message names the target"
like "$ERR" "*config.log*" "the message gives the log"
printf 'CONFIG_MODULES=y\nCONFIG_EXT4_FS=y\n' >"$TMPD/lost.config"
expect_exit 65 "a fragment setting kconfig drops exits 65" \
	kbuild -j "$jobs" --topdir "$top" --config-target tinyconfig --fragment "$TMPD/lost.config" "$src"
like "$ERR" "*CONFIG_EXT4_FS=y*" "the message names the dropped setting"

# ---- --name kernel renames every package of the spec
expect_exit 0 "--spec-only --name kernel" kbuild --spec-only --name kernel --headers "$src"
printf '%s\n' "$OUT" >"$TMPD/kernel.spec"
is "$(spec_names "$top" "$TMPD/kernel.spec")" "kernel kernel-devel kernel-headers " \
	"--name kernel names every package kernel*"

echo "# whole test took $(($(date +%s) - t0)) s"
done_testing

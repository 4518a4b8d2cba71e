# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild wall time against the kernel's own `make binrpm-pkg` (scripts/package)
# with the same source, config (tinyconfig + a modules fragment) and jobs, one
# run each: the compiler is the cost, so kbuild's overhead (unpack, kconfig
# checks, the -devel tree, the source RPM) should be noise. Both start from
# the tarball, since a user of binrpm-pkg unpacks it too. Takes two kernel
# builds (~10 minutes on 2 cores); KBUILD_BENCH=0 skips it.
[ "${KBUILD_BENCH:-1}" = 1 ] || { echo "bench: kbuild skipped (KBUILD_BENCH=0)" >&2; return 0; }
src=/usr/src/linux-source-6.1.tar.xz
[ -f "$src" ] || { echo "bench: kbuild needs $src (linux-source-6.1)" >&2; return 0; }
jobs=$(nproc)
frag="$SANDBOX/kb-modules.config"
printf 'CONFIG_64BIT=y\nCONFIG_MODULES=y\nCONFIG_MODULE_UNLOAD=y\nCONFIG_PRINTK=y\nCONFIG_CRC_CCITT=m\nCONFIG_CRC7=m\n' >"$frag"
now() { date +%s.%N; }

t0=$(now)
kbuild -q -j "$jobs" --topdir "$SANDBOX/kb-ours" --config-target tinyconfig --fragment "$frag" \
	"$src" >/dev/null || { echo "bench: kbuild: the kbuild run failed" >&2; return 1; }
t1=$(now)
(
	set -e
	mkdir -p "$SANDBOX/kb-theirs"
	cd "$SANDBOX/kb-theirs"
	tar -xf "$src"
	cd linux-source-6.1
	make -s ARCH=x86_64 tinyconfig
	scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
	make -s ARCH=x86_64 olddefconfig
	make -j"$jobs" ARCH=x86_64 RPMOPTS="--define '_topdir $SANDBOX/kb-theirs/rpmbuild'" binrpm-pkg
) >"$SANDBOX/kb-theirs.log" 2>&1 || { echo "bench: kbuild: make binrpm-pkg failed (log: $SANDBOX/kb-theirs.log)" >&2; return 1; }
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { o = b - a; t = c - b;
	printf "bench: kbuild vs make binrpm-pkg (tinyconfig+modules, -j%d) ours=%.3fs theirs=%.3fs ratio=%.2f\n", '"$jobs"', o, t, o / t }'

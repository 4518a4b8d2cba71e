# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-real - the build log's own configure-driven modules, built for real:
# OpenZFS 2.2.7 (spl.ko, zfs.ko) and OpenAFS 1.8.9 (libafs.ko, afspag.ko) from their
# upstream release trees (no generated configure: the spec runs autogen.sh /
# regen.sh), each into kmod RPMs for the installed Debian kernel headers.
# For each tree one line "bench: mx2g-real packaged NAME KVER ko=A,B
# seconds=N" when the kmod RPM holds exactly the expected modules and each
# one's vermagic is that kernel's, else "bench: mx2g-real FAILED NAME: why"
# and the log's last lines. Slow: about 30 minutes on 2 shared cores.
# MX2G_REAL=0 skips it; MX2G_REAL_SOURCES names the directory of the two
# tarballs (default /work/shared/sources), MX2G_REAL_KERNEL the kernel tree.
# Sourced by scripts/bench (SANDBOX set), or run alone:
#   SANDBOX=$(mktemp -d) PATH=_build/NAME/cmd:$PATH sh scripts/bench.d/mx2g-real.sh
# shellcheck disable=SC2317 # exit when run alone, return when sourced
[ "${MX2G_REAL:-1}" = 1 ] || { echo "bench: mx2g-real skipped (MX2G_REAL=0)" >&2; return 0 2>/dev/null || exit 0; }
mx2g_real() {
	srcs=${MX2G_REAL_SOURCES:-/work/shared/sources}
	kdir=${MX2G_REAL_KERNEL:-}
	if [ -z "$kdir" ]; then
		for d in /lib/modules/*/build; do
			[ -f "$d/include/generated/utsrelease.h" ] && { kdir=$(readlink -f "$d"); break; }
		done
	fi
	[ -n "$kdir" ] || { echo "bench: mx2g-real needs kernel headers (linux-headers-amd64)" >&2; return 1; }
	kver=$(sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' "$kdir/include/generated/utsrelease.h")
	fails=0
	for spec in "zfs-2.2.7 zfs spl,zfs" "openafs-1.8.9 openafs afspag,libafs"; do
		# shellcheck disable=SC2086 # three words
		set -- $spec
		tarball=$srcs/$1.tar.gz name=$2 want=$3
		[ -f "$tarball" ] || { echo "bench: mx2g-real FAILED $name: no $tarball" >&2; fails=$((fails + 1)); continue; }
		top="$SANDBOX/mx2g-real-$name"
		start=$(date +%s)
		mx2g-pack -q --topdir "$top" --kernel "$kdir" "$tarball" >"$top.records" 2>"$top.err"
		rc=$?
		if [ "$rc" != 0 ]; then
			echo "bench: mx2g-real FAILED $name: mx2g-pack exit $rc after $(($(date +%s) - start)) s" >&2
			tail -n 25 "$top.err" | sed 's/^/  /' >&2
			fails=$((fails + 1))
			continue
		fi
		secs=$(($(date +%s) - start))
		rpm=$(sed -n "s/^rpm=\([^ ]*\) name=kmod-$name-$kver .*/\1/p" "$top.records")
		kos=$(rpm -qpl "$rpm" 2>/dev/null | sed -n 's|.*/\([^/]*\)\.ko$|\1|p' | LC_ALL=C sort | paste -sd, -)
		x="$top.x"
		mkdir -p "$x" && (cd "$x" && rpm2cpio "$rpm" | cpio -idm --quiet)
		bad=
		find "$x" -name '*.ko' >"$top.kos"
		while read -r ko; do
			vm=$(modinfo -F vermagic "$ko")
			[ "${vm%% *}" = "$kver" ] || bad="$bad $(basename "$ko"):vermagic=${vm%% *}"
		done <"$top.kos"
		if [ "$kos" = "$want" ] && [ -z "$bad" ]; then
			echo "bench: mx2g-real packaged $name $kver ko=$kos rpm=$(basename "$rpm") seconds=$secs"
		else
			echo "bench: mx2g-real FAILED $name: ko=$kos (want $want)$bad" >&2
			fails=$((fails + 1))
		fi
		rm -rf "$x"
	done
	[ "$fails" = 0 ]
}
mx2g_real

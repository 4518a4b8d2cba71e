# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack against dkms on the real *-dkms drivers of the host's release
# (issue 15's rate): every *-dkms package apt knows is fetched (apt-get
# download; its /usr/src/NAME-VERSION tree is the driver source), built by
# `dkms build` against one kernel, then packed by mx2g-pack for the same
# kernel; the .ko set of dkms's build is compared with the .ko set of the
# kmod RPM. Ends with "packaged N of M drivers that dkms builds" and one
# line per driver that missed, with the first error line.
#
# Slow (an hour or more on 2 cores: dahdi alone takes ~15 minutes per
# side), so it runs only with MX2G_DKMS_CORPUS=1. Sourced by scripts/bench,
# or run alone: `MX2G_DKMS_CORPUS=1 bash scripts/bench.d/mx2g-dkms-corpus.sh`
# (mx2g-pack from PATH, or MX2G_PACK=/path/to/mx2g-pack).
# MX2G_DKMS_WORK=DIR keeps the downloads and dkms's results there, so a
# second run repeats only the mx2g-pack side (remove DIR/dkms-* to redo
# dkms); MX2G_DKMS_ONLY="pkg-dkms ..." limits the set; MX2G_DKMS_TIMEOUT is
# the limit per build (seconds, default 2400); MX2G_DKMS_PHASE=dkms runs
# only the dkms side (to fill MX2G_DKMS_WORK ahead of a run), and a second
# run with MX2G_DKMS_PHASE=mx2g follows it, driver by driver.
[ "${MX2G_DKMS_CORPUS:-0}" = 1 ] ||
	{ echo "bench: mx2g-dkms-corpus skipped (slow: MX2G_DKMS_CORPUS=1 runs it)" >&2; return 0 2>/dev/null || exit 0; }
command -v dkms >/dev/null || { echo "bench: mx2g-dkms-corpus needs dkms (scripts/install-deps)" >&2; return 0 2>/dev/null || exit 0; }
command -v apt-get >/dev/null || { echo "bench: mx2g-dkms-corpus needs apt-get (a Debian host)" >&2; return 0 2>/dev/null || exit 0; }
mx2g=${MX2G_PACK:-mx2g-pack}
tmo=${MX2G_DKMS_TIMEOUT:-2400}
kdir=${MX2G_DKMS_KDIR:-}
if [ -z "$kdir" ]; then
	for d in /lib/modules/*/build; do
		[ -f "$d/include/generated/utsrelease.h" ] && { kdir=$(readlink -f "$d"); break; }
	done
fi
[ -n "$kdir" ] || { echo "bench: mx2g-dkms-corpus needs kernel headers (linux-headers-amd64)" >&2; return 0 2>/dev/null || exit 0; }
kver=$(sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' "$kdir/include/generated/utsrelease.h")
work=${MX2G_DKMS_WORK:-${SANDBOX:-$(mktemp -d /tmp/mx2g-dkms.XXXXXX)}/dkms-corpus}
mkdir -p "$work/debs" "$work/src"
cd "$work" || exit 1

pkgs=${MX2G_DKMS_ONLY:-$(apt-cache pkgnames | grep -- '-dkms$' | grep -v '^dh-dkms$' | sort)}
# shellcheck disable=SC2086
(cd debs && for p in $pkgs; do ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -q "$p"; done) >download.log 2>&1

# ko_set DIR: the module names found under DIR, one a line, sorted
ko_set() {
	find "$1" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz' 2>/dev/null |
		sed 's,.*/,,; s/\.ko\(\.xz\|\.zst\|\.gz\)\{0,1\}$//' | sort -u
}

m=0 n=0 tried=0
misses=
for p in $pkgs; do
	deb=$(ls debs/"${p}"_*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || { misses="$misses$p: not downloadable
"; continue; }
	tried=$((tried + 1))
	x=src/$p
	[ -d "$x" ] || { mkdir -p "$x" && dpkg-deb -x "$deb" "$x"; }
	tree=$(ls -d "$x"/usr/src/*/ 2>/dev/null | head -n1)
	tree=${tree%/}
	[ -n "$tree" ] && [ -f "$tree/dkms.conf" ] || { misses="$misses$p: no /usr/src tree with dkms.conf
"; continue; }
	nv=$(basename "$tree")
	name=$(sed -n 's/^PACKAGE_NAME=["'\'']\{0,1\}\([^"'\'']*\).*/\1/p' "$tree/dkms.conf" | head -n1)
	ver=$(sed -n 's/^PACKAGE_VERSION=["'\'']\{0,1\}\([^"'\'']*\).*/\1/p' "$tree/dkms.conf" | head -n1)
	[ -n "$name" ] || name=${nv%-*}
	[ -n "$ver" ] || ver=${nv##*-}
	# dkms: its own trees under work, never /var/lib/dkms
	d=dkms-$p
	# MX2G_DKMS_PHASE=mx2g: another run fills dkms-*; wait for its result
	w=0
	while [ "${MX2G_DKMS_PHASE:-all}" = mx2g ] && [ ! -f "$d/rc" ] && [ "$w" -lt "$tmo" ]; do
		sleep 20
		w=$((w + 20))
	done
	if [ ! -f "$d/rc" ]; then
		rm -rf "$d" && mkdir -p "$d/tree" "$d/srctree"
		cp -a "$tree" "$d/srctree/$name-$ver"
		dk="--dkmstree $PWD/$d/tree --sourcetree $PWD/$d/srctree"
		# shellcheck disable=SC2086
		{ dkms add -m "$name" -v "$ver" $dk &&
			timeout "$tmo" nice dkms build -m "$name" -v "$ver" -k "$kver" --kernelsourcedir "$kdir" $dk; } \
			>"$d/log" 2>&1
		echo $? >"$d/rc"
	fi
	[ "$(cat "$d/rc")" = 0 ] || { echo "bench: $p: dkms build fails ($(grep -m1 -i 'error' "$d/log" | cut -c1-120))"; continue; }
	m=$((m + 1))
	ko_set "$d/tree/$name/$ver/$kver" >"$d/ko"
	[ "${MX2G_DKMS_PHASE:-all}" != dkms ] || continue
	# mx2g-pack: a fresh rpmbuild tree every run
	r=mx2g-$p
	rm -rf "$r" && mkdir -p "$r"
	timeout "$tmo" nice "$mx2g" -q --topdir "$PWD/$r/top" --kernel "$kdir" "$tree" >"$r/out" 2>"$r/err"
	rc=$?
	mkdir -p "$r/ko"
	for rpm in "$r"/top/RPMS/*/kmod-*.rpm; do
		[ -f "$rpm" ] && (cd "$r/ko" && rpm2cpio "../../$rpm" | cpio -idm --quiet 2>/dev/null)
	done
	ko_set "$r/ko" >"$r/kos"
	if [ "$rc" = 0 ] && cmp -s "$d/ko" "$r/kos"; then
		n=$((n + 1))
		echo "bench: $p: same $(wc -l <"$d/ko") modules"
	elif [ "$rc" = 0 ]; then
		why="exit 0 but not the same .ko set: dkms only: $(comm -23 "$d/ko" "$r/kos" | tr '\n' ' ')mx2g only: $(comm -13 "$d/ko" "$r/kos" | tr '\n' ' ')"
		echo "bench: $p: $why"
		misses="$misses$p: $why
"
	else
		why="exit $rc: $(grep -m1 'error' "$r/err" | cut -c1-200)"
		echo "bench: $p: $why"
		misses="$misses$p: $why
"
	fi
done
echo "bench: mx2g-dkms-corpus: dkms builds $m of $tried *-dkms drivers against $kver"
echo "bench: mx2g-dkms-corpus: packaged $n of $m drivers that dkms builds"
[ -z "$misses" ] || printf 'bench: miss: %s' "$misses" | sed '/^$/d; 2,$s/^/bench: miss: /'
cd - >/dev/null || :

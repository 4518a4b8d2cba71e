# SPDX-License-Identifier: GPL-2.0-or-later
# specgen scanning a large tarball (the kernel source, ~140 MB of .tar.xz)
# against `tar -tf` of the same file: both must decompress all of it; the
# target is within 1.2x. Few runs: each takes tens of seconds.
tarball=/usr/src/linux-source-6.1.tar.xz
if [ ! -r "$tarball" ]; then
	echo "bench: specgen: $tarball missing (linux-source-6.1, scripts/install-deps)" >&2
	exit 0
fi
json=$(mktemp)
if hyperfine -N --warmup 1 --runs 3 --export-json "$json" \
	"specgen -q --no-probe $tarball" "tar -tf $tarball" >/dev/null 2>&1; then
	jq -r '.results as $r | "bench: specgen --no-probe vs tar -tf (kernel tarball) ours=\($r[0].mean*1000|round/1000)s theirs=\($r[1].mean*1000|round/1000)s ratio=\($r[0].mean/$r[1].mean*100|round/100)"' "$json"
else
	echo "bench: specgen: hyperfine failed" >&2
fi
rm -f "$json"

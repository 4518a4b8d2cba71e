# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild wall time against the kernel's own `make binrpm-pkg` (scripts/package)
# with the same source, config (tinyconfig + a modules fragment) and jobs. Both
# start from the tarball in a fresh directory, since a user of binrpm-pkg
# unpacks it too. binrpm-pkg makes kernel and kernel-headers; kbuild makes
# -headers too (--headers), and -devel and a source RPM on top. One run each
# is noise on a shared machine (0.90x idle, 1.43x while other builds ran), so
# the runs interleave, ours then theirs, for
# KBUILD_BENCH_RUNS pairs (default 3): the median and min-max of each side and
# the median of the pairs' ratios are printed, with kbuild's phases per run
# (from its stderr and rpmbuild's log, time-stamped as they come). Each run is
# a kernel build (~5 minutes on 2 cores); KBUILD_BENCH=0 skips it.
# Each run's tree goes into a directory of its own marked for the Orlov
# allocator as a top of trees (chattr +T, as the copycds-import bench does):
# on this journal-less ext4 a 1.3 GB unpack right after the last run's
# 1.5 GB `rm -rf` crawled past the just-freed inodes (untar 17-76 s on either
# side). The last tree is removed and synced before the next run's clock
# starts, so neither side pays the other's deletion.
[ "${KBUILD_BENCH:-1}" = 1 ] || { echo "bench: kbuild skipped (KBUILD_BENCH=0)" >&2; return 0; }
src=/usr/src/linux-source-6.1.tar.xz
[ -f "$src" ] || { echo "bench: kbuild needs $src (linux-source-6.1)" >&2; return 0; }
runs=${KBUILD_BENCH_RUNS:-3}
case $runs in '' | *[!0-9]* | 0) echo "bench: KBUILD_BENCH_RUNS='$runs': give a count of pairs" >&2; return 1 ;; esac
jobs=$(nproc)
frag="$SANDBOX/kb-modules.config"
printf 'CONFIG_64BIT=y\nCONFIG_MODULES=y\nCONFIG_MODULE_UNLOAD=y\nCONFIG_PRINTK=y\nCONFIG_CRC_CCITT=m\nCONFIG_CRC7=m\n' >"$frag"
now() { date +%s.%N; }
# fresh NAME: an empty directory for one run's tree, on a new Orlov top
fresh() { mkdir -p "$SANDBOX/$1" && chattr +T "$SANDBOX/$1" 2>/dev/null; printf '%s\n' "$SANDBOX/$1"; }
# drop DIR: remove one run's tree and put the deletion on disk, off the clock
drop() { rm -rf "$1"; sync; }
# stamp: each line read, prefixed with the time it came
stamp() { while IFS= read -r l; do printf '%s %s\n' "$(now)" "$l"; done; }

# ours N: one kbuild run in a fresh topdir; prints its seconds, phases to kb-phases-N
ours() {
	local top t0 t1 rc
	top=$(fresh "kb-ours-$1")/top
	local log="$top/BUILD/kbuild-kernel-ml/build.log" ev="$SANDBOX/kb-events-$1"
	mkdir -p "$top/BUILD/kbuild-kernel-ml"
	: >"$log"
	# rpmbuild's phase lines and the -devel copy (rpm runs scripts with set -x)
	tail -n +1 -F "$log" 2>/dev/null > >(grep --line-buffered -E \
		'^(Executing\(%|Processing files:|Wrote: |\+ cp -a --parents Makefile|\+ ln -sfn /usr/src)' |
		stamp >"$ev.rpm") &
	local tailer=$!
	t0=$(now)
	kbuild -j "$jobs" --topdir "$top" --config-target tinyconfig --fragment "$frag" --headers \
		"$src" 2> >(stamp >"$ev.kb") >/dev/null
	rc=$?
	t1=$(now)
	sleep 1
	kill "$tailer" 2>/dev/null
	wait "$tailer" 2>/dev/null
	[ "$rc" = 0 ] || { echo "bench: kbuild: kbuild run $1 failed (rc=$rc; $top)" >&2; return 1; }
	phases "$t0" "$t1" "$ev" >"$SANDBOX/kb-phases-$1"
	du -sk "$top/RPMS" "$top/SRPMS" | awk '{ printf "%s=%dMB ", $2 ~ /SRPMS/ ? "srpms" : "rpms", $1 / 1024 }' >>"$SANDBOX/kb-phases-$1"
	drop "${top%/top}"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# phases T0 T1 EV: kbuild's phases from the time-stamped events
phases() {
	cat "$3.kb" "$3.rpm" | sort -n | awk -v t0="$1" -v t1="$2" '
		function at(name, t) { if (!(name in T)) T[name] = t }
		/ unpacking /                     { at("unpack", $1) }
		/ configuring /                   { at("config", $1) }
		/ Executing\(%prep\)/             { at("prep", $1) }
		/ Executing\(%build\)/            { at("build", $1) }
		/ Executing\(%install\)/          { at("install", $1) }
		/ \+ cp -a --parents Makefile/    { at("devel", $1) }
		/ \+ ln -sfn \/usr\/src/          { at("develend", $1) }
		/ Processing files:/              { at("files", $1) }
		/ Wrote: .*\.src\.rpm/            { at("srpm", $1) }
		/ Wrote: /                        { last = $1; n++ }
		/ Executing\(%clean\)/            { at("clean", $1) }
		END {
			if (!("unpack" in T)) T["unpack"] = t0
			if (!("srpm" in T)) T["srpm"] = last
			# start: the fragment symbols read from the archive (a walk
			# that stops at the last one); unpack: the whole tree, once;
			# prep: rpmbuild enters that tree (no second untar)
			printf "start(symbols)=%.1f unpack=%.1f config+copy=%.1f ", \
				T["unpack"] - t0, T["config"] - T["unpack"], T["prep"] - T["config"]
			printf "prep=%.1f build=%.1f install=%.1f (devel-copy=%.1f) ", \
				T["build"] - T["prep"], T["install"] - T["build"], T["files"] - T["install"], \
				T["develend"] - T["devel"]
			printf "packages(%d written)=%.1f after-rpmbuild=%.1f total=%.1f ", \
				n, last - T["files"], t1 - last, t1 - t0
		}'
}

# theirs N: make binrpm-pkg as its user would run it; prints its seconds
theirs() {
	local top t0 t1
	top=$(fresh "kb-theirs-$1")/top
	t0=$(now)
	(
		set -e
		mkdir -p "$top"
		cd "$top"
		tar -xf "$src"
		echo "untarred $(now)"
		cd linux-source-6.1
		make -s ARCH=x86_64 tinyconfig
		scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
		make -s ARCH=x86_64 olddefconfig
		echo "configured $(now)"
		make -j"$jobs" ARCH=x86_64 RPMOPTS="--define '_topdir $top/rpmbuild'" binrpm-pkg
	) >"$SANDBOX/kb-theirs-$1.log" 2>&1 ||
		{ echo "bench: kbuild: make binrpm-pkg run $1 failed (log: $SANDBOX/kb-theirs-$1.log)" >&2; return 1; }
	t1=$(now)
	awk -v t0="$t0" '/^untarred / { u = $2 } /^configured / { c = $2 }
		END { printf "untar=%.1f config=%.1f ", u - t0, c - u }' "$SANDBOX/kb-theirs-$1.log" >"$SANDBOX/kb-tphases-$1"
	drop "${top%/top}"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

o_all= t_all= r_all=
for i in $(seq 1 "$runs"); do
	o=$(ours "$i") || return 1
	echo "bench: kbuild run $i ours=${o}s: $(cat "$SANDBOX/kb-phases-$i")"
	t=$(theirs "$i") || return 1
	echo "bench: kbuild run $i theirs=${t}s: $(cat "$SANDBOX/kb-tphases-$i")"
	o_all="$o_all $o" t_all="$t_all $t"
	r_all="$r_all $(awk -v o="$o" -v t="$t" 'BEGIN { printf "%.4f", o / t }')"
done

# med LIST: median, min and max of the numbers
med() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s", m, v[1], v[NR] }'; }
read -r om omin omax <<<"$(med "$o_all")"
read -r tm tmin tmax <<<"$(med "$t_all")"
read -r qm qmin qmax <<<"$(med "$r_all")"
printf 'bench: kbuild (tinyconfig+modules, -j%d, %d pairs) ours median=%.1fs spread=%.1f-%.1fs\n' "$jobs" "$runs" "$om" "$omin" "$omax"
printf 'bench: kbuild make binrpm-pkg (same work, %d runs) theirs median=%.1fs spread=%.1f-%.1fs\n' "$runs" "$tm" "$tmin" "$tmax"
printf 'bench: kbuild vs make binrpm-pkg (tinyconfig+modules, -j%d) ratio median=%.2f spread=%.2f-%.2f (of the pairs)\n' "$jobs" "$qm" "$qmin" "$qmax"

# SPDX-License-Identifier: GPL-2.0-or-later
# specgen on the build log's kernel-module projects (ZFS 2.2.7, OpenAFS
# 1.8.9; release git trees, no generated configure): the spec must be the
# userland's only (ZFS --with-config=user, OpenAFS --disable-kernel-module;
# the module is mx2g-pack's), bootstrapped with the project's autogen.sh /
# regen.sh, claim no /lib or /sbin wholesale, and build with rpmbuild -bb
# with no unpackaged files. Slow (two full builds each): not in scripts/check.
# Sources: $SPECGEN_USERLAND_SOURCES (default /work/shared/sources).
# Build deps (scripts/install-deps): uuid, blkid, udev, zlib, openssl,
# tirpc (ZFS); krb5, ncurses, flex, bison (OpenAFS).
# hours, not seconds: only when named (`scripts/bench specgen-userland`) or run alone
if [ -n "${want+x}" ] && [ "${want#* specgen-userland }" = "$want" ]; then
	echo "bench: specgen-userland: slow, skipped (scripts/bench specgen-userland runs it)" >&2
	exit 0
fi
top=${top:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
specgen=${SPECGEN:-${BUILD:+$BUILD/cmd/}specgen}
srcdir=${SPECGEN_USERLAND_SOURCES:-/work/shared/sources}
work=$(mktemp -d "${TMPDIR:-/tmp}/specgen-userland.XXXXXX") || exit 73
[ -n "${SPECGEN_USERLAND_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
for t in zfs-2.2.7.tar.gz openafs-1.8.9.tar.gz; do
	[ -r "$srcdir/$t" ] || { echo "bench: specgen-userland: $srcdir/$t missing" >&2; continue; }
	n=${t%.tar.gz}
	w=$work/$n
	mkdir -p "$w/SOURCES" "$w/SPECS" "$w/home"
	cp "$srcdir/$t" "$w/SOURCES/"
	printf '%%debug_package %%{nil}\n' >"$w/home/.rpmmacros"
	t0=$(date +%s)
	(cd "$w/SOURCES" && HOME=$w/home "$specgen" -q -o "$w/SPECS/$n.spec" "$t") >/dev/null 2>"$w/specgen.err"
	src_rc=$?
	t1=$(date +%s)
	b_rc=skipped
	# a spec specgen marked as not building is not built again
	if [ -s "$w/SPECS/$n.spec" ] && ! grep -q "^# FIXME: specgen's trial build" "$w/SPECS/$n.spec"; then
		HOME=$w/home rpmbuild -bb --nodeps --define "_topdir $w" "$w/SPECS/$n.spec" >"$w/rpmbuild.log" 2>&1
		b_rc=$?
	else
		grep -A12 'last lines of its log' "$w/specgen.err" | tail -8 | sed "s/^/bench: specgen-userland: $n trial: /" >&2
	fi
	t2=$(date +%s)
	# a claim of a whole system directory (/lib/, /usr/sbin, %{_libdir}/),
	# not of a file or a directory of the project's own below it
	wide=$(grep -E '^(%dir )?(/[^/]+|/usr/[^/]+|%\{_(s?bindir|libdir|libexecdir|datadir|sysconfdir|includedir|prefix)\})/?$' "$w/SPECS/$n.spec" | head -3 | tr '\n' ' ')
	kmod=$(grep -c -e '\.ko' -e '/usr/src/' "$w/SPECS/$n.spec")
	unpack=$(grep -c 'Installed (but unpackaged)' "$w/rpmbuild.log")
	lic=$(sed -n 's/^License: *//p' "$w/SPECS/$n.spec" | head -1)
	# what the packages hold: programs and shared libraries in the main
	# one, headers and the linker's .so in -devel
	main=$(ls "$w"/RPMS/*/*.rpm 2>/dev/null | grep -v -e '-devel-' | head -1)
	devel=$(ls "$w"/RPMS/*/*-devel-*.rpm 2>/dev/null | head -1)
	mlist=$( [ -n "$main" ] && rpm -qpl "$main" 2>/dev/null)
	dlist=$( [ -n "$devel" ] && rpm -qpl "$devel" 2>/dev/null)
	progs=$(printf '%s\n' "$mlist" | grep -c -E '/s?bin/[^/]+$')
	shlibs=$(printf '%s\n' "$mlist" | grep -c -E '/lib(64)?/[^/]+\.so\.[0-9]')
	hdrs=$(printf '%s\n' "$dlist" | grep -c -E '^/usr/include/.+\.h$')
	dso=$(printf '%s\n' "$dlist" | grep -c -E '/lib(64)?/[^/]+\.so$')
	echo "bench: specgen-userland: $n specgen exit $src_rc ($((t1 - t0))s), rpmbuild exit $b_rc ($((t2 - t1))s), rpms $(ls "$w"/RPMS/*/*.rpm 2>/dev/null | wc -l), License $lic, main: $progs programs $shlibs shared libraries, devel: $hdrs headers $dso .so, kernel-module lines $kmod, unpackaged-files $unpack${wide:+, wide claims: $wide}"
	[ "$b_rc" = 0 ] || [ "$b_rc" = skipped ] || tail -5 "$w/rpmbuild.log" | sed "s/^/bench: specgen-userland: $n: /" >&2
done

# SPDX-License-Identifier: GPL-2.0-or-later
# specgen on real upstream tarballs (tests/corpus/specgen.list: Debian's
# .orig tarballs and the truth checked by hand): for each, specgen writes the
# spec (with its trial build), rpmbuild -ba builds it (--nodeps, as on
# Debian: NOTES.md), and rpm -qp reads back name, version, license and the
# package set. Prints one line per package and
#   specgen corpus: N of M right (built and name/version/license/split right), K built
# Slow (two builds a package): not part of scripts/check.
#   scripts/bench specgen-corpus            all of the list
#   SPECGEN_CORPUS_ONLY="zopfli sl" ...      only those (Debian source names)
# Tarballs are taken from $SPECGEN_CORPUS_DIRS (blank separated, default
# /work/corpus) or fetched with `apt-get source --download-only` into
# $SPECGEN_CORPUS_CACHE (default _build/corpus-cache; needs deb-src lines).
# Build dependencies: the trial and the real build need what the spec's
# BuildRequires name. A library missing on the host is the host's fault, not
# specgen's (which must still NAME it in BuildRequires): with
# SPECGEN_CORPUS_BUILDDEP=1 the Debian package's Build-Depends are installed
# first (`apt-get build-dep -y ./PKG.dsc`, the same set Debian builds with).
# Runnable alone too: BUILD=_build/NAME bash scripts/bench.d/specgen-corpus.sh
# hours, not seconds: only when named (`scripts/bench specgen-corpus`) or run alone
if [ -n "${want+x}" ] && [ "${want#* specgen-corpus }" = "$want" ]; then
	echo "bench: specgen-corpus: slow, skipped (scripts/bench specgen-corpus runs it)" >&2
	exit 0
fi
top=${top:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
specgen=${SPECGEN:-${BUILD:+$BUILD/cmd/}specgen}
list=${SPECGEN_CORPUS_LIST:-$top/tests/corpus/specgen.list}
dirs=${SPECGEN_CORPUS_DIRS:-/work/corpus}
cache=${SPECGEN_CORPUS_CACHE:-$top/_build/corpus-cache}
only=" ${SPECGEN_CORPUS_ONLY:-} "
work=$(mktemp -d "${TMPDIR:-/tmp}/specgen-corpus.XXXXXX") || exit 73
keep=${SPECGEN_CORPUS_KEEP:-}
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
[ -n "$keep" ] && echo "bench: specgen-corpus: work tree $work kept" >&2

# find ORIG SRC: the tarball's path (from a corpus dir, else fetched), or "".
find_orig() {
	local orig=$1 src=$2 d
	for d in $dirs "$cache"; do
		[ -r "$d/$orig" ] && { echo "$d/$orig"; return; }
	done
	mkdir -p "$cache" && (cd "$cache" && apt-get source --download-only "$src" >/dev/null 2>&1)
	[ -r "$cache/$orig" ] && echo "$cache/$orig"
}

# AND/OR terms in any order count as the same license
norm_license() { tr -s ' ' '\n' <<<"$1" | sort | tr '\n' ' '; }

# one SRC ORIG NAME VERSION SPLIT LICENSE: try one package; writes
# $work/SRC/result: "ok|MISS|MISSBUILD<TAB>the line to print".
one() {
	local src=$1 orig=$2 name=$3 version=$4 split=$5 license=$6 path w t0 t1 t2 src_rc b_rc why rpms
	local specname main got gname gversion glicense gsplit payload r dsc lic=
	w=$work/$src
	mkdir -p "$w/SOURCES" "$w/SPECS" "$w/home"
	path=$(find_orig "$orig" "$src")
	if [ -z "$path" ]; then
		printf 'MISSBUILD\tspecgen-corpus: %s: MISS fetch (%s not found, apt-get source failed)\n' "$src" "$orig" >"$w/result"
		return
	fi
	if [ "${SPECGEN_CORPUS_BUILDDEP:-}" = 1 ]; then
		dsc=$(ls "$(dirname "$path")/${src}_"*.dsc 2>/dev/null | head -1)
		[ -n "$dsc" ] && apt-get build-dep -y -q "$dsc" >/dev/null 2>&1
	fi
	cp "$path" "$w/SOURCES/"
	# no debuginfo in either build: half the time of a small package, and
	# not what is measured (its own HOME: the trial reads ~/.rpmmacros)
	printf '%%debug_package %%{nil}\n' >"$w/home/.rpmmacros"
	t0=$(date +%s)
	(cd "$w/SOURCES" && HOME=$w/home timeout 1800 "$specgen" -q -o "$w/SPECS/spec.spec" "$orig") >"$w/specgen.out" 2>"$w/specgen.err"
	src_rc=$?
	t1=$(date +%s)
	why=
	if [ ! -s "$w/SPECS/spec.spec" ]; then
		why=" no spec (specgen exit $src_rc: $(grep -m1 'error:' "$w/specgen.err" | cut -c1-160))"
	elif grep -q "^# FIXME: specgen's trial build of this spec failed" "$w/SPECS/spec.spec"; then
		why=" build failed (specgen's trial, exit $src_rc: $(grep -m1 -e 'error:' "$w/specgen.err" | cut -c1-160))"
	else
		HOME=$w/home timeout 1800 rpmbuild -bb --nodeps --define "_topdir $w" "$w/SPECS/spec.spec" >"$w/rpmbuild.log" 2>&1
		b_rc=$?
		rpms=$(ls "$w"/RPMS/*/*.rpm 2>/dev/null | grep -v -e '-debuginfo-' -e '-debugsource-')
		if [ "$b_rc" != 0 ] || [ -z "$rpms" ]; then
			why=" build failed (specgen exit $src_rc; rpmbuild: $(grep -m1 -e 'error:' -e 'Error' "$w/rpmbuild.log" | cut -c1-140))"
		fi
	fi
	t2=$(date +%s)
	local state=MISSBUILD
	if [ -z "$why" ]; then
		state=MISS
		specname=$(sed -n 's/^Name:[[:space:]]*//p' "$w/SPECS/spec.spec" | head -1)
		main=$(for r in $rpms; do [ "$(rpm -qp --qf '%{NAME}' "$r" 2>/dev/null)" = "$specname" ] && echo "$r"; done | head -1)
		got=$(rpm -qp --qf '%{NAME}\t%{VERSION}\t%{LICENSE}' "$main" 2>/dev/null)
		IFS=$'\t' read -r gname gversion glicense <<<"$got"
		gsplit=main
		for r in $rpms; do
			[ "$(rpm -qp --qf '%{NAME}' "$r")" = "$specname-devel" ] && gsplit=main+devel
		done
		payload=$(rpm -qlp "$main" 2>/dev/null | grep -v -e '^/usr/share/doc' -e '^/usr/share/licenses' -e '^(contains no files)' | head -1)
		[ "${gname,,}" = "${name,,}" ] || why="$why name $gname (want $name);"
		[ "$gversion" = "$version" ] || why="$why version $gversion (want $version);"
		[ "$(norm_license "$glicense")" = "$(norm_license "$license")" ] || lic=" license '$glicense' (want '$license');"
		[ "$gsplit" = "$split" ] || why="$why split $gsplit (want $split);"
		[ -n "$payload" ] || why="$why main package holds only docs;"
		[ "$src_rc" = 0 ] || why="$why specgen exit $src_rc;"
	fi
	# right but for the license (lib/rpm/license.c's part): counted apart
	[ -z "$why" ] && [ -n "$lic" ] && state=LIC
	why=$why$lic
	if [ -z "$why" ]; then
		printf 'ok\tspecgen-corpus: %s: ok (%s %s, %s, %s; specgen %ss, rpmbuild %ss)\n' "$src" "$name" "$version" \
			"$split" "$license" "$((t1 - t0))" "$((t2 - t1))" >"$w/result"
	else
		printf '%s\tspecgen-corpus: %s: MISS%s\n' "$state" "$src" "$why" >"$w/result"
	fi
}

# SPECGEN_CORPUS_JOBS packages at once (default 2)
jobs=${SPECGEN_CORPUS_JOBS:-2}
order=()
while IFS=$'\t' read -r src orig name version split license; do
	case $src in ''|'#'*) continue ;; esac
	[ "$only" = "  " ] || [ "${only#* "$src" }" != "$only" ] || continue
	order+=("$src")
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	one "$src" "$orig" "$name" "$version" "$split" "$license" &
done <"$list"
wait
total=0 right=0 built=0 butlic=0
for src in "${order[@]}"; do
	total=$((total + 1))
	IFS=$'\t' read -r state line <"$work/$src/result" || { state=MISSBUILD line="specgen-corpus: $src: MISS (no result)"; }
	echo "$line"
	[ "$state" = ok ] && right=$((right + 1))
	[ "$state" = LIC ] && butlic=$((butlic + 1))
	[ "$state" != MISSBUILD ] && built=$((built + 1))
done
echo "specgen corpus: $right of $total right (built and name/version/license/split right), $built built, $((right + butlic)) right but for the license"

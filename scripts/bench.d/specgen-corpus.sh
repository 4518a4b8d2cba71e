# SPDX-License-Identifier: GPL-2.0-or-later
# specgen on real upstream tarballs (tests/corpus/specgen.list: Debian's
# .orig tarballs and the truth checked by hand): for each, specgen writes the
# spec (with its trial build), rpmbuild -ba builds it (--nodeps, as on
# Debian: NOTES.md), and rpm -qp reads back name, version, license and the
# package set from the binary RPMs, name, version and BuildRequires from
# the source RPM. Prints one line per package and
#   specgen corpus: N of M build and are fully right (name, version, split, license, BuildRequires); ...
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
# Resumable: with SPECGEN_CORPUS_OUT=DIR each package's logs (specgen.err,
# rpmbuild.log, the spec, the RPMs) and its result stay in DIR/SRC, a package
# with a result is not tried again (SPECGEN_CORPUS_REDO=1 does), the trial
# cache is DIR/trialcache, every finished package's line is appended to
# DIR/progress.log as it ends and the table goes to DIR/rate.txt.
# SPECGEN_CORPUS_WRAP="/work/wt/heavy" runs each build step under that
# command (so a timing run elsewhere can go between two steps).
# SPECGEN_CORPUS_SMALLFIRST=1 tries the smallest tarballs first.
# SPECGEN_CORPUS_REPORT=1 (with SPECGEN_CORPUS_OUT) runs nothing: the table
# of what has a result, the rest counted as not run.
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
out=${SPECGEN_CORPUS_OUT:-}
# shellcheck disable=SC2206
wrap=(${SPECGEN_CORPUS_WRAP:-})
if [ -n "$out" ]; then
	mkdir -p "$out" || exit 73
	work=$(cd "$out" && pwd)
	export XDG_CACHE_HOME=$work/trialcache
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/specgen-corpus.XXXXXX") || exit 73
	keep=${SPECGEN_CORPUS_KEEP:-}
	[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT
	[ -n "$keep" ] && echo "bench: specgen-corpus: work tree $work kept" >&2
fi

# find ORIG SRC: the tarball's path (from a corpus dir, else fetched), or "".
find_orig() {
	local orig=$1 src=$2 d
	for d in $dirs "$cache"; do
		[ -r "$d/$orig" ] && { echo "$d/$orig"; return; }
	done
	mkdir -p "$cache" && (cd "$cache" && apt-get source --download-only "$src" >/dev/null 2>&1)
	# apt takes the newest version, a security update's, and a mirror
	# without the security archive's sources answers 404; the release's
	# own suite has the same .orig tarball
	if [ ! -r "$cache/$orig" ] && [ -r /etc/os-release ]; then
		local suite
		suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
		[ -n "$suite" ] && (cd "$cache" && apt-get source --download-only "$src/$suite" >/dev/null 2>&1)
	fi
	[ -r "$cache/$orig" ] && echo "$cache/$orig"
}

# AND/OR terms in any order count as the same license
norm_license() { tr -s ' ' '\n' <<<"$1" | sort | tr '\n' ' '; }

# br_check WANT NAME HAVE: the groups of WANT ("-" none; "a|b c": a or b,
# and c) missing from the source RPM's requires HAVE (one a line), and
# NAME's own pkgconfig(NAME) when HAVE has it; printed, or nothing.
br_check() {
	local want=$1 name=$2 have=$3 g alt found miss=
	for g in $want; do
		[ "$g" = - ] && continue
		found=
		for alt in ${g//|/ }; do
			grep -qxF -- "$alt" <<<"$have" && found=1
		done
		[ -n "$found" ] || miss="$miss ${g%%|*}"
	done
	[ -n "$miss" ] && printf ' lacks%s' "$miss"
	grep -qxiF -- "pkgconfig($name)" <<<"$have" && printf ' requires itself'
}

# one SRC ORIG NAME VERSION SPLIT LICENSE BR: try one package; writes
# $work/SRC/result: "BUILT NVS LIC BR<TAB>the line to print" (each 0 or 1:
# built, name/version/split right, license right, BuildRequires right).
one() {
	local src=$1 orig=$2 name=$3 version=$4 split=$5 license=$6 brwant=${7:--} path w t0 t1 t2 src_rc b_rc why rpms
	local specname main got gname gversion glicense gsplit payload r dsc lic= br= srpm sgot have built=0 nvs=0
	w=$work/$src
	rm -rf "$w"
	mkdir -p "$w/SOURCES" "$w/SPECS" "$w/home"
	path=$(find_orig "$orig" "$src")
	if [ -z "$path" ]; then
		printf '0 0 0 0\tspecgen-corpus: %s: MISS fetch (%s not found, apt-get source failed)\n' "$src" "$orig" >"$w/result.new"
		mv "$w/result.new" "$w/result"
		return
	fi
	if [ "${SPECGEN_CORPUS_BUILDDEP:-}" = 1 ]; then
		dsc=$(ls "$(dirname "$path")/${src}_"*.dsc 2>/dev/null | head -1)
		[ -n "$dsc" ] && "${wrap[@]}" apt-get -o DPkg::Lock::Timeout=900 build-dep -y -q "$dsc" >"$w/builddep.log" 2>&1
	fi
	cp "$path" "$w/SOURCES/"
	# no debuginfo in either build: half the time of a small package, and
	# not what is measured (its own HOME: the trial reads ~/.rpmmacros)
	printf '%%debug_package %%{nil}\n' >"$w/home/.rpmmacros"
	t0=$(date +%s)
	(cd "$w/SOURCES" && HOME=$w/home "${wrap[@]}" timeout 1800 "$specgen" -q -o "$w/SPECS/spec.spec" "$orig") >"$w/specgen.out" 2>"$w/specgen.err"
	src_rc=$?
	t1=$(date +%s)
	why=
	if [ ! -s "$w/SPECS/spec.spec" ]; then
		why=" no spec (specgen exit $src_rc: $(grep -m1 'error:' "$w/specgen.err" | cut -c1-160))"
	elif grep -q "^# FIXME: specgen's trial build of this spec failed" "$w/SPECS/spec.spec"; then
		why=" build failed (specgen's trial, exit $src_rc: $(grep -m1 -e 'error:' "$w/specgen.err" | cut -c1-160))"
	else
		HOME=$w/home "${wrap[@]}" timeout 1800 rpmbuild -ba --nodeps --define "_topdir $w" "$w/SPECS/spec.spec" >"$w/rpmbuild.log" 2>&1
		b_rc=$?
		rpms=$(ls "$w"/RPMS/*/*.rpm 2>/dev/null | grep -v -e '-debuginfo-' -e '-debugsource-')
		srpm=$(ls "$w"/SRPMS/*.src.rpm 2>/dev/null | head -1)
		if [ "$b_rc" != 0 ] || [ -z "$rpms" ] || [ -z "$srpm" ]; then
			why=" build failed (specgen exit $src_rc; rpmbuild -ba exit $b_rc: $(grep -m1 -e 'error:' -e 'Error' "$w/rpmbuild.log" | cut -c1-140))"
		fi
	fi
	t2=$(date +%s)
	if [ -z "$why" ]; then
		built=1
		specname=$(sed -n 's/^Name:[[:space:]]*//p' "$w/SPECS/spec.spec" | head -1)
		main=$(for r in $rpms; do [ "$(rpm -qp --qf '%{NAME}' "$r" 2>/dev/null)" = "$specname" ] && echo "$r"; done | head -1)
		got=$(rpm -qp --qf '%{NAME}\t%{VERSION}\t%{LICENSE}' "$main" 2>/dev/null)
		IFS=$'\t' read -r gname gversion glicense <<<"$got"
		gsplit=main
		for r in $rpms; do
			[ "$(rpm -qp --qf '%{NAME}' "$r")" = "$specname-devel" ] && gsplit=main+devel
		done
		payload=$(rpm -qlp "$main" 2>/dev/null | grep -v -e '^/usr/share/doc' -e '^/usr/share/licenses' -e '^(contains no files)' | head -1)
		sgot=$(rpm -qp --qf '%{NAME}-%{VERSION}' "$srpm" 2>/dev/null)
		have=$(rpm -qp --requires "$srpm" 2>/dev/null | sed 's/[[:space:]].*//' | sort -u)
		rpm -qp --requires "$srpm" >"$w/buildrequires.txt" 2>/dev/null
		[ "${gname,,}" = "${name,,}" ] || why="$why name $gname (want $name);"
		[ "$gversion" = "$version" ] || why="$why version $gversion (want $version);"
		[ "$sgot" = "$gname-$gversion" ] || why="$why source RPM is $sgot (want $gname-$gversion);"
		[ "$gsplit" = "$split" ] || why="$why split $gsplit (want $split);"
		[ -n "$payload" ] || why="$why main package holds only docs;"
		[ "$src_rc" = 0 ] || why="$why specgen exit $src_rc;"
		[ -z "$why" ] && nvs=1
		[ "$(norm_license "$glicense")" = "$(norm_license "$license")" ] || lic=" license '$glicense' (want '$license');"
		br=$(br_check "$brwant" "$name" "$have")
		[ -n "$br" ] && br=" BuildRequires$br;"
	fi
	why=$why$lic$br
	if [ -z "$why" ]; then
		printf '1 1 1 1\tspecgen-corpus: %s: ok (%s %s, %s, %s; specgen %ss, rpmbuild %ss)\n' "$src" "$name" "$version" \
			"$split" "$license" "$((t1 - t0))" "$((t2 - t1))" >"$w/result.new"
	else
		printf '%s %s %s %s\tspecgen-corpus: %s: MISS%s (specgen %ss, rpmbuild %ss)\n' "$built" "$nvs" "$([ -n "$lic" ] && echo 0 || echo "$built")" \
			"$([ -n "$br" ] && echo 0 || echo "$built")" "$src" "$why" "$((t1 - t0))" "$((t2 - t1))" >"$w/result.new"
	fi
	mv "$w/result.new" "$w/result"
	[ -z "$out" ] || cut -f2- "$w/result" >>"$work/progress.log"
}

# SPECGEN_CORPUS_JOBS packages at once (default 2)
jobs=${SPECGEN_CORPUS_JOBS:-2}
order=()
rows=$(grep -v -e '^#' -e '^[[:space:]]*$' "$list")
if [ "${SPECGEN_CORPUS_SMALLFIRST:-}" = 1 ]; then
	rows=$(while IFS=$'\t' read -r src orig rest; do
		p=$(find_orig "$orig" "$src")
		printf '%s\t%s\t%s\t%s\n' "$(stat -c %s "$p" 2>/dev/null || echo 0)" "$src" "$orig" "$rest"
	done <<<"$rows" | sort -n | cut -f2-)
fi
while IFS=$'\t' read -r src orig name version split license br; do
	[ "$only" = "  " ] || [ "${only#* "$src" }" != "$only" ] || continue
	order+=("$src")
	[ -n "$out" ] && [ -s "$work/$src/result" ] && [ -z "${SPECGEN_CORPUS_REDO:-}" ] && continue
	[ "${SPECGEN_CORPUS_REPORT:-}" = 1 ] && continue
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
	one "$src" "$orig" "$name" "$version" "$split" "$license" "$br" &
done <<<"$rows"
wait
total=0 right=0 built=0 nvs=0 butlicbr=0 notrun=0 table=
for src in "${order[@]}"; do
	if [ "${SPECGEN_CORPUS_REPORT:-}" = 1 ] && [ ! -s "$work/$src/result" ]; then
		notrun=$((notrun + 1))
		table+="specgen-corpus: $src: not run"$'\n'
		continue
	fi
	total=$((total + 1))
	IFS=$'\t' read -r flags line <"$work/$src/result" || { flags="0 0 0 0" line="specgen-corpus: $src: MISS (no result)"; }
	read -r b n l r <<<"$flags"
	table+="$line"$'\n'
	[ "$b$n$l$r" = 1111 ] && right=$((right + 1))
	[ "$b" = 1 ] && built=$((built + 1))
	[ "$n" = 1 ] && nvs=$((nvs + 1))
	[ "$n" = 1 ] && [ "$l$r" != 11 ] && butlicbr=$((butlicbr + 1))
done
table+="specgen corpus: $right of $total build and are fully right (name, version, split, license, BuildRequires); $built build, $nvs right on name-version-split ($butlicbr of them wrong only on license or BuildRequires)"
[ "$notrun" = 0 ] || table+="; $notrun of the list not run yet"
echo "$table"
[ -z "$out" ] || echo "$table" >"$work/rate.txt"

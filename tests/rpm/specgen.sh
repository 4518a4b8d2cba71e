#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen end to end: small real projects (autotools, CMake, Meson, plain
# Makefile) made here; specgen writes the spec from a trial install;
# rpmbuild -ba builds it as it is; rpm -qpl shows the files in the right
# packages; rpmlint finds no errors.
. "$top_srcdir/tests/lib.sh"
need_prog specgen rpmbuild rpm rpmlint autoreconf cmake meson ninja gcc make python3
export SOURCE_DATE_EPOCH=1700000000
lintcfg="$top_srcdir/tests/rpm/specgen-rpmlint.toml"
nodeps=""
rpm -q --quiet rpm 2>/dev/null || nodeps=--nodeps
mk() { mkdir -p "$(dirname "$1")"; cat > "$1"; }
# qrpm TOP NAME-VERSION RPM-Q-OPTION...: query the package build TOP made
qrpm() { _top=$1 _pkg=$2; shift 2; run rpm -qp "$@" "$TMPD"/top-$_top/RPMS/*/$_pkg-1.*.rpm; }
# expect_rpms TOP: each line of stdin, NAME-VERSION QUERY is|like WANT DESC
# (tab-separated), is one check of what qrpm TOP NAME-VERSION QUERY prints
expect_rpms() {
	while IFS='	' read -r _pkg _query _how _want _desc; do
		# shellcheck disable=SC2086 # QUERY is option words: -l, --qf FORMAT
		qrpm "$1" "$_pkg" $_query </dev/null
		"$_how" "$OUT" "$_want" "$_desc"
	done
}

# build SPEC TARBALL: rpmbuild -ba in a private topdir
build() {
	top="$TMPD/top-$1"; mkdir -p "$top/SOURCES"; cp "$2" "$top/SOURCES/"
	rpmbuild -ba $nodeps --define "_topdir $top" "$3" > "$TMPD/$1.build.log" 2>&1
}

# check NAME: specgen, rpmbuild, lint
check() {
	name=$1 tarball=$2
	expect_exit 0 "$name: specgen writes a spec" specgen -q -o "$TMPD/$name.spec" "$tarball"
	like "$OUT" "spec=*name=$name*" "$name: record names the spec"
	ok "$name: rpmbuild -ba builds the spec as written" build "$name" "$tarball" "$TMPD/$name.spec"
	[ "$RC" = 0 ] || tail -n 30 "$TMPD/$name.build.log" | sed 's/^/# /'
	run rpmlint -c "$lintcfg" "$TMPD/$name.spec" "$TMPD"/top-"$name"/RPMS/*/*.rpm
	like "$OUT" "* 0 errors,*" "$name: rpmlint reports no errors"
	[ "${OUT#* 0 errors,}" != "$OUT" ] || printf '%s\n' "$OUT" | grep ': E: ' | sed 's/^/# /'
}

# --- autotools, from a `make dist` tarball (configure shipped) ---
d=$TMPD/src/greet-1.2
mk "$d/configure.ac" <<'X'
AC_INIT([greet], [1.2], [], [greet], [https://example.org/greet])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
X
mk "$d/Makefile.am" <<'X'
bin_PROGRAMS = greet
greet_SOURCES = greet.c
dist_man_MANS = greet.1
include_HEADERS = greet.h
EXTRA_DIST = LICENSE
X
mk "$d/greet.c" <<'X'
#include <stdio.h>
#include "greet.h"
int main(void) { puts(GREETING); return 0; }
X
echo '#define GREETING "hello"' > "$d/greet.h"
printf '.TH GREET 1\n.SH NAME\ngreet \\- say hello\n' > "$d/greet.1"
mit_license "$d"; echo "greet says hello" > "$d/README"
(cd "$d" && autoreconf -fi && ./configure && make dist) > "$TMPD/greet.dist.log" 2>&1
check greet "$d/greet-1.2.tar.gz"
expect_rpms greet <<'X'
greet-1.2	-l	like	*/usr/bin/greet*	autotools: the program is in the main package
greet-1.2	-l	like	*/usr/share/licenses/greet*/LICENSE*	autotools: %license installed
greet-devel-1.2	-l	is	/usr/include/greet.h	autotools: the header is in -devel
greet-1.2	--qf %{LICENSE}|%{URL}	is	MIT|https://example.org/greet	autotools: License and URL from LICENSE and AC_INIT
X

# --- autotools: a library only the project's own macro in m4/ checks for:
# the static reading does not see it, the trial's config.log does ---
d=$TMPD/src/squash-0.1
mk "$d/m4/squash-zlib.m4" <<'X'
AC_DEFUN([SQUASH_CHECK_COMPRESSION], [AC_CHECK_LIB([z], [deflate])])
X
mk "$d/configure.ac" <<'X'
AC_INIT([squash], [0.1])
AC_CONFIG_MACRO_DIRS([m4])
AM_INIT_AUTOMAKE([foreign])
AC_PROG_CC
SQUASH_CHECK_COMPRESSION
AC_CONFIG_FILES([Makefile])
AC_OUTPUT
X
printf 'bin_PROGRAMS = squash\nsquash_SOURCES = squash.c\nEXTRA_DIST = LICENSE m4\n' > "$d/Makefile.am"
printf '#include <zlib.h>\nint main(void) { return zlibVersion()[0] == 0; }\n' > "$d/squash.c"
mit_license "$d"
(cd "$d" && autoreconf -fi && ./configure && make dist) > "$TMPD/squash.dist.log" 2>&1
expect_exit 0 "configure facts: specgen writes the spec" specgen -q -o "$TMPD/squash.spec" "$d/squash-0.1.tar.gz"
run grep -c '^BuildRequires: *pkgconfig(zlib)$' "$TMPD/squash.spec"
is "$OUT" 1 "configure facts: the zlib config.log found is a BuildRequires"
expect_exit 0 "configure facts: --check agrees (the cached trial keeps them)" \
	specgen -q --check -o "$TMPD/squash.spec" "$d/squash-0.1.tar.gz"

# --- CMake: a shared library, header, pkg-config file and a tool ---
d=$TMPD/src/vec-0.3
mk "$d/CMakeLists.txt" <<'X'
cmake_minimum_required(VERSION 3.10)
project(vec VERSION 0.3 DESCRIPTION "Tiny vector arithmetic library" LANGUAGES C)
include(GNUInstallDirs)
add_library(vec SHARED vec.c)
set_target_properties(vec PROPERTIES VERSION 0.3.0 SOVERSION 0 PUBLIC_HEADER vec.h)
add_executable(vecsum main.c)
target_link_libraries(vecsum vec)
configure_file(vec.pc.in vec.pc @ONLY)
install(TARGETS vec vecsum LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_BINARY_DIR}/vec.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
X
echo 'int vec_sum(int a, int b);' > "$d/vec.h"
mk "$d/vec.c" <<'X'
#include <stdio.h>
#include "vec.h"
int vec_sum(int a, int b) { fprintf(stderr, "vec_sum(%d, %d)\n", a, b); return a + b; }
X
mk "$d/main.c" <<'X'
#include <stdio.h>
#include "vec.h"
int main(void) { printf("%d\n", vec_sum(1, 2)); return 0; }
X
printf 'prefix=@CMAKE_INSTALL_PREFIX@\nName: vec\nDescription: vec\nVersion: 0.3\nLibs: -lvec\n' > "$d/vec.pc.in"
mit_license "$d"
(cd "$TMPD/src" && tar czf vec-0.3.tar.gz vec-0.3)
check vec "$TMPD/src/vec-0.3.tar.gz"
expect_rpms vec <<'X'
vec-0.3	-l	like	*/usr/bin/vecsum*/usr/lib*/libvec.so.0*	cmake: tool and versioned library in the main package
vec-devel-0.3	-l	like	*/usr/include/vec.h*/usr/lib*/libvec.so*/usr/lib*/pkgconfig/vec.pc*	cmake: header, .so link and .pc in -devel
vec-0.3	--qf %{SUMMARY}	is	Tiny vector arithmetic library	cmake: Summary from project(DESCRIPTION)
X

# --- Meson: a program and a data file ---
d=$TMPD/src/beep-2.0.1
mk "$d/meson.build" <<'X'
project('beep', 'c', version : '2.0.1', license : 'BSD-3-Clause')
executable('beep', 'beep.c', install : true)
install_data('beep.conf', install_dir : get_option('datadir') / 'beep')
X
echo 'int main(void) { return 0; }' > "$d/beep.c"
echo 'volume=3' > "$d/beep.conf"
printf 'Redistribution and use in source and binary forms, with or without\nmodification, are permitted. Neither the name of the copyright holder nor the names\nof its contributors may be used to endorse or promote products.\n' > "$d/COPYING"
(cd "$TMPD/src" && tar cJf beep-2.0.1.tar.xz beep-2.0.1)
check beep "$TMPD/src/beep-2.0.1.tar.xz"
expect_rpms beep <<'X'
beep-2.0.1	-l	like	*/usr/bin/beep*/usr/share/beep/beep.conf*	meson: program and data dir in the package
beep-2.0.1	--qf %{LICENSE}	is	BSD-3-Clause	meson: BSD-3-Clause from COPYING
X

# --- plain Makefile with PREFIX and DESTDIR, Debian-style file name ---
make_tick_source "$TMPD/src"
check tick "$TMPD/src/tick_0.9.orig.tar.gz"
expect_rpms tick <<'X'
tick-0.9	-l	like	*/usr/bin/tick*	makefile: PREFIX=%{_prefix} and DESTDIR put the program in /usr/bin
tick-0.9	-l	like	*/usr/bin/tick now*/usr/bin/tick%d*/usr/bin/tick*/usr/bin/tick[[]1]*/usr/share/tick-examples/with space.c*	makefile: names with blanks, %, * and [ ] packaged exactly (rpm globs %files lines)
tick-0.9	--qf %{SOURCERPM}	is	tick-0.9-1.src.rpm	makefile: the source RPM is named from the Debian orig tarball
X

# --- Python, setup.py: a pure module, noarch ---
d=$TMPD/src/pyhello-0.4
mkdir -p "$d/pyhello"
printf 'from setuptools import setup\nsetup(name="pyhello", version="0.4", description="Say hello from Python",\n      url="https://example.org/pyhello", packages=["pyhello"])\n' > "$d/setup.py"
echo 'def hi(): return "hi"' > "$d/pyhello/__init__.py"
mit_license "$d"
(cd "$TMPD/src" && tar czf pyhello-0.4.tar.gz pyhello-0.4)
check pyhello "$TMPD/src/pyhello-0.4.tar.gz"
run rpm -qpl "$TMPD"/top-pyhello/RPMS/noarch/pyhello-0.4-1.*.rpm
like "$OUT" "*/site-packages/pyhello/__init__.py*" "python: the module in site-packages, in a noarch package"
run grep -c '^%{python3_sitelib}/' "$TMPD/pyhello.spec"
is "$OUT" 2 "python: %files through %{python3_sitelib}, no hard-coded library path"

done_testing

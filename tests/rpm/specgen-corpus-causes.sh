#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen-corpus-causes.sh - the causes real upstream tarballs showed
# (issue 15), each as a small source built for real: the next build system
# when one fails (a broken configure.ac beside a CMakeLists.txt, libuv's
# shape); a CMake build root one level down (expat/CMakeLists.txt) whose
# tests are on by default and need a directory the tarball lacks; a
# GitHub-style top directory (NAME-NAME-VER); a Makefile with no install
# rule that builds a program (sl: copied with its man page), and one that
# builds none, whose spec would package only docs: exit 65, a marked spec;
# a +dfsg repack whose Makefile.am names a texinfo manual it lacks (cpio);
# a git tree that lacks other distributed files its Makefile.am lists (ZFS);
# programs that link the project's libtool libraries -static (OpenAFS).
. "$top_srcdir/tests/lib.sh"
need_prog specgen rpmbuild rpm make gcc cmake autoreconf
export SOURCE_DATE_EPOCH=1700000000
nodeps=""
rpm -q --quiet rpm 2>/dev/null || nodeps=--nodeps
chmod 755 "$TMPD"
export TMPDIR="$TMPD/probe"
mkdir -p "$TMPDIR"
cd "$TMPD" || exit 1
lic='MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy'

# cmakeproj DIR NAME: a CMake project in DIR installing program NAME, with
# a tests option on by default that needs tests/ (absent)
cmakeproj() { mkdir -p "$1"; printf 'int main(void){return 0;}\n' > "$1/$2.c"
	cat > "$1/CMakeLists.txt" <<X
cmake_minimum_required(VERSION 3.10)
project($2 VERSION 2.5.0 LANGUAGES C)
option(${2}_BUILD_TESTS "build the tests" ON)
if(${2}_BUILD_TESTS)
  add_subdirectory(tests)
endif()
add_executable($2 $2.c)
install(TARGETS $2 DESTINATION bin)
X
}
# build NAME SPEC TARBALL: rpmbuild -bb it; the binary rpm's file list in $LIST
build() { t="$TMPD/top-$1"; mkdir -p "$t/SOURCES"; cp "$3" "$t/SOURCES/"
	ok "$1: rpmbuild -bb builds the spec" rpmbuild -bb $nodeps --define "_topdir $t" --define 'debug_package %{nil}' "$2"
	LIST=$(rpm -qpl "$t"/RPMS/*/*.rpm 2>&1); }

# ---- libuv's shape: autotools without configure that does not bootstrap, CMake beside it
d=src/fb-1.0; mkdir -p "$d"; printf '%s\n' "$lic" > "$d/LICENSE"
cmakeproj "$d" fb
printf 'AC_INIT([fb], [1.0])\nAM_INIT_AUTOMAKE([foreign])\nACM_NO_SUCH_MACRO_XYZ\nAC_OUTPUT\n' > "$d/configure.ac"
tar -C src -czf fb-1.0.tar.gz fb-1.0
expect_exit 0 "fallback: specgen exits 0" specgen -o fb.spec fb-1.0.tar.gz
like "$ERR" "*trying its cmake build instead*" "fallback: says it tries CMake after autotools failed"
spec=$(cat fb.spec)
like "$spec" "*%cmake -DBUILD_TESTING=OFF -Dfb_BUILD_TESTS=OFF*" "fallback: the spec builds with CMake, its tests off"
case $spec in *autoreconf*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "fallback: no autotools left in the spec"
build fb fb.spec fb-1.0.tar.gz
like "$LIST" "*/usr/bin/fb*" "fallback: the package has the program"

# ---- expat's shape, in a GitHub-style top directory: NAME-NAME-VER/expat/CMakeLists.txt
d=src/ex-ex-2.5.0; mkdir -p "$d"; printf '%s\n' "$lic" > "$d/LICENSE"; echo readme > "$d/README.md"
cmakeproj "$d/ex" ex
tar -C src -czf ex-ex-2.5.0.tar.gz ex-ex-2.5.0
expect_exit 0 "subdir: specgen exits 0" specgen -o ex.spec ex-ex-2.5.0.tar.gz
spec=$(cat ex.spec)
is "$(spec_tag "$spec" Name)" ex "GitHub top dir: the name once (ex-ex-2.5.0 is ex)"
is "$(spec_tag "$spec" Version)" 2.5.0 "GitHub top dir: the version"
like "$spec" "*%build*cd ex*%install*cd ex*" "subdir: %build and %install run in ex/"
build ex ex.spec ex-ex-2.5.0.tar.gz
like "$LIST" "*/usr/bin/ex*" "subdir: the package has the program"

# ---- sl's shape: a Makefile with no install rule whose first rule builds
# the program: %install copies it and its man page, as a packager would
d=src/sl-5.02; mkdir -p "$d"; printf '%s\n' "$lic" > "$d/LICENSE"; echo readme > "$d/README.md"
printf 'int main(void){return 0;}\n' > "$d/sl.c"
printf '.TH SL 1\n.SH NAME\nsl \\- a test\n' > "$d/sl.1"; cp "$d/sl.1" "$d/sl.1.ja"
printf 'CC=gcc\nCFLAGS=-O\n\nsl: sl.c\n\t$(CC) $(CFLAGS) -o sl sl.c\n' > "$d/Makefile"
tar -C src -czf sl_5.02.orig.tar.gz sl-5.02
expect_exit 0 "no install rule: specgen exits 0" specgen -o sl.spec sl_5.02.orig.tar.gz
spec=$(cat sl.spec)
like "$spec" "*install -Dpm 0755 sl %{buildroot}%{_bindir}/sl*" "no install rule: %install copies the default goal's program"
case $spec in *"FIXME: the Makefile has no install target"*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "no install rule: no FIXME left in %install"
build sl sl.spec sl_5.02.orig.tar.gz
like "$LIST" "*/usr/bin/sl*" "no install rule: the package has the program"
like "$LIST" "*/usr/share/man/man1/sl.1*" "no install rule: and its man page"
case $LIST in *sl.1.ja*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "no install rule: not a file that only looks like a man page"

# ---- cpio+dfsg's shape: Debian's repack dropped the texinfo manual that
# doc/Makefile.am names (GFDL): built without it, the program packaged
d=src/man-1.0; mkdir -p "$d/doc"; printf '%s\n' "$lic" > "$d/LICENSE"
printf 'int main(void){return 0;}\n' > "$d/man.c"
printf 'AC_INIT([man], [1.0])\nAM_INIT_AUTOMAKE([foreign])\nAC_PROG_CC\nAC_CONFIG_FILES([Makefile doc/Makefile])\nAC_OUTPUT\n' > "$d/configure.ac"
printf 'SUBDIRS = doc\nbin_PROGRAMS = man\n' > "$d/Makefile.am"
printf 'info_TEXINFOS = man.texi\n' > "$d/doc/Makefile.am"
printf '\\input texinfo\n@setfilename man.info\n@settitle man\n@node Top\n@top man\n@bye\n' > "$d/doc/man.texi"
if (cd "$d" && autoreconf -fi >/dev/null 2>&1); then
	rm -rf "$d/autom4te.cache" "$d/doc/man.texi" "$d/doc/man.info" "$d/doc/stamp-vti" "$d/doc/version.texi"
	tar -C src -czf man-1.0+dfsg.tar.gz man-1.0
	expect_exit 0 "repack without its manual: specgen exits 0" specgen -o man.spec man-1.0+dfsg.tar.gz
	like "$(cat man.spec)" "*%make_build INFO_DEPS=*%make_install INFO_DEPS=*" "repack without its manual: built and installed without it"
	build man man.spec man-1.0+dfsg.tar.gz
	like "$LIST" "*/usr/bin/man*" "repack without its manual: the package has the program"
else
	ok "repack without its manual: autoreconf made the fixture" false
fi

# ---- ZFS 2.2.7's shape: a git tree to bootstrap (autogen.sh) that lacks
# distributed files its Makefile.am files list - one a fragment names with
# %D% (contrib/initramfs/scripts/zfs, which the tree's .gitignore names), one
# a subdirectory's nobase_dist_ list names (tests' 21 MB draidcfg.gz): the
# spec takes them out of the lists, builds, and packages the rest
d=src/lacks-1.0; mkdir -p "$d/contrib/hooks" "$d/tests/data"; printf '%s\n' "$lic" > "$d/LICENSE"
printf 'int main(void){return 0;}\n' > "$d/lacks.c"
printf '#!/bin/sh\nexec autoreconf -fi\n' > "$d/autogen.sh"
printf 'AC_INIT([lacks], [1.0])\nAM_INIT_AUTOMAKE([foreign subdir-objects])\nAC_PROG_CC\nAC_CONFIG_FILES([Makefile tests/Makefile])\nAC_OUTPUT\n' > "$d/configure.ac"
printf 'SUBDIRS = tests\nbin_PROGRAMS = lacks\ninclude $(srcdir)/%%D%%/contrib/Makefile.am\n' > "$d/Makefile.am"
printf 'hooksdir = $(datadir)/lacks/hooks\ndist_hooks_SCRIPTS = \\\n\t%%D%%/hooks/here \\\n\t%%D%%/hooks/gone\n' > "$d/contrib/Makefile.am"
printf '#!/bin/sh\n' > "$d/contrib/hooks/here"
printf 'testdir = $(datadir)/lacks/tests\nnobase_dist_test_DATA = \\\n\tdata/big.gz \\\n\tdata/kept.txt\n' > "$d/tests/Makefile.am"
echo kept > "$d/tests/data/kept.txt"
tar -C src -czf lacks-1.0.tar.gz lacks-1.0
expect_exit 0 "lacks listed files: specgen exits 0" specgen -o lacks.spec lacks-1.0.tar.gz
like "$ERR" "*lacks 'contrib/hooks/gone', which contrib/Makefile.am lists*" "lacks listed files: names the fragment's file"
like "$ERR" "*lacks 'tests/data/big.gz', which tests/Makefile.am lists*" "lacks listed files: names the subdirectory's file"
like "$(cat lacks.spec)" "*%prep*contrib/Makefile.am*tests/Makefile.am*%build*autogen.sh*" \
	"lacks listed files: %prep edits the lists before the bootstrap"
build lacks lacks.spec lacks-1.0.tar.gz
like "$LIST" "*/usr/bin/lacks*" "lacks listed files: the package has the program"
like "$LIST" "*/usr/share/lacks/hooks/here*" "lacks listed files: and the fragment's file that is there"
like "$LIST" "*/usr/share/lacks/tests/data/kept.txt*" "lacks listed files: and the subdirectory's file that is there"

# ---- OpenAFS 1.8.9's shape: a program linked with libtool's -static
# against the project's own libtool library, whose export list hides a
# symbol the program uses (servers and GetLogLevel): with --disable-static
# libtool links the shared library and the link fails; the spec keeps the
# static ones and drops the archive from the package
d=src/ltst-1.0; mkdir -p "$d"; printf '%s\n' "$lic" > "$d/LICENSE"
printf 'int ltst_pub(void){return 0;}\nint ltst_internal(void){return 1;}\n' > "$d/lib.c"
printf 'int ltst_internal(void);\nint main(void){return ltst_internal() - 1;}\n' > "$d/prog.c"
printf 'AC_INIT([ltst], [1.0])\nAM_INIT_AUTOMAKE([foreign])\nAC_PROG_CC\nLT_INIT\nAC_CONFIG_FILES([Makefile])\nAC_OUTPUT\n' > "$d/configure.ac"
printf 'lib_LTLIBRARIES = libltst.la\nlibltst_la_SOURCES = lib.c\nlibltst_la_LDFLAGS = -export-symbols-regex "^ltst_pub"\n' > "$d/Makefile.am"
printf 'bin_PROGRAMS = ltstd\nltstd_SOURCES = prog.c\nltstd_LDADD = libltst.la\nltstd_LDFLAGS = -static\n' >> "$d/Makefile.am"
tar -C src -czf ltst-1.0.tar.gz ltst-1.0
expect_exit 0 "libtool -static: specgen exits 0" specgen -o ltst.spec ltst-1.0.tar.gz
spec=$(cat ltst.spec)
like "$spec" "*%configure --enable-shared*" "libtool -static: configure keeps the static libraries"
case $spec in *--disable-static*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "libtool -static: no --disable-static"
build ltst ltst.spec ltst-1.0.tar.gz
like "$LIST" "*/usr/bin/ltstd*" "libtool -static: the package has the program"
case $LIST in *libltst.a*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "libtool -static: and not the static archive"

# ---- a Makefile with no install rule whose default goal is no program
# (an object): the spec would package only docs: exit 65, a marked spec
d=src/noinst-1.0; mkdir -p "$d"; printf '%s\n' "$lic" > "$d/LICENSE"; echo readme > "$d/README"
printf 'int main(void){return 0;}\n' > "$d/noinst.c"
printf 'all: noinst.o\nnoinst.o: noinst.c\n\t$(CC) -c noinst.c\n' > "$d/Makefile"
tar -C src -czf noinst-1.0.tar.gz noinst-1.0
expect_exit 65 "no payload: specgen exits 65" specgen -o noinst.spec noinst-1.0.tar.gz
like "$ERR" "*no program, library or data file*" "no payload: the message says the install holds nothing of the project"
is "$(head -n 1 noinst.spec 2>/dev/null | cut -c1-40)" "# FIXME: specgen's trial build of this s" \
	"no payload: the spec is still written, marked"
done_testing

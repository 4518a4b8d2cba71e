#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# spec-hostile.sh - sources written to attack the spec writers (specgen,
# mx2g-pack, kbuild): a top directory, a pyproject/setup.py/CMake summary or
# URL, an SPDX tag, a doc or installed file name carrying %(...), %{lua:...},
# %attr(...) or a newline followed by %post/%pre. What a victim checks: the
# canary file is never created - not by the tool's own trial build, not by
# rpmspec -P or -q, not by rpmbuild; no scriptlet the writer did not mean is
# in the spec or the built package; no file is set-id; the value is kept
# literally, or the source is refused with 65 and no spec is written (a
# detected Summary that is not plain is left out: a FIXME).
. "$top_srcdir/tests/lib.sh"
need_prog specgen mx2g-pack kbuild rpm rpmspec rpmbuild make gcc timeout
export SOURCE_DATE_EPOCH=1700000000
export HOME="$TMPD/home"
mkdir -p "$HOME"
CANARY=$TMPD/canary
export CANARY
nodeps=""
rpm -q --quiet rpm 2>/dev/null || nodeps=--nodeps
LUA="%{lua: os.execute('touch ' .. os.getenv('CANARY'))}"
cd "$TMPD" || exit 1

# srpm_tag SPEC TAG: the value rpm gives TAG in SPEC
srpm_tag() { rpmspec -q --srpm --qf "%{$2}" "$1" 2>/dev/null; }

# bare_src NAME: d=$TMPD/src/NAME-1.0 with a Makefile that installs nothing
bare_src() { d="$TMPD/src/$1-1.0"; mkdir -p "$d"; printf 'all:\ninstall:\n' > "$d/Makefile"; }

# no_canary NAME: the canary was not made (and is removed for the next case)
no_canary() {
	if [ -e "$CANARY" ]; then _r=1; rm -f "$CANARY"; else _r=0; fi
	is "$_r" 0 "$1: nothing ran (canary absent)"
}

# parses NAME SPEC: rpmspec -P and -q read it without running anything, and
# it has no %pre/%post/%preun/%postun/%pretrans/%posttrans (specgen writes none
# for these sources)
parses() {
	ok "$1: rpmspec -P parses the spec" timeout 60 rpmspec -P "$2"
	timeout 60 rpmspec -P "$2" > "$TMPD/parsed" 2>/dev/null
	is "$(grep -cE '^%(pre|post|preun|postun|pretrans|posttrans)([[:space:]]|$)' "$TMPD/parsed")" 0 \
		"$1: no scriptlet in the parsed spec"
	is "$(timeout 60 rpmspec -q --qf '[%{PREIN}][%{POSTIN}][%{PREUN}][%{POSTUN}]' "$2" 2>/dev/null)" "" \
		"$1: rpmspec -q sees no scriptlet"
	no_canary "$1"
}

# refused NAME SOURCE...: specgen exits 65, writes no spec, runs nothing
refused() {
	_rn=$1; shift
	rm -f "$TMPD/out.spec"
	expect_exit 65 "$_rn: refused with 65" timeout 120 specgen -q -o "$TMPD/out.spec" "$@"
	like "$ERR" "*specgen: error: *" "$_rn: the message says why"
	ok "$_rn: no spec written" test ! -e "$TMPD/out.spec"
	no_canary "$_rn"
}

# ---- top directory names: the package Name (and %{name} everywhere)
for v in 'h1%(touch $CANARY)' "h2$LUA" 'h3
%post
touch $CANARY' 'h4 %global x %(touch $CANARY)'; do
	d="$TMPD/src/$v-1.0"
	mkdir -p "$d"
	printf 'all:\ninstall:\n\tinstall -D -m 0644 x $(DESTDIR)/usr/share/x\n' > "$d/Makefile"
	mit_license "$d"
	refused "top dir '$(printf '%s' "$v" | head -n 1)'" --no-probe "$d"
	refused "top dir '$(printf '%s' "$v" | head -n 1)', trial build" "$d"
	tar -C "$TMPD/src" -czf "$TMPD/src/t.tar.gz" "$v-1.0"
	refused "top dir '$(printf '%s' "$v" | head -n 1)', tarball" --no-probe "$TMPD/src/t.tar.gz"
	rm -rf "$d" "$TMPD/src/t.tar.gz"
done

# ---- summaries: a detected one with a macro is refused (specgen(1),
# Summary: the FIXME placeholder instead); one given with --summary is
# kept literally
i=0
for v in '%(touch $CANARY)' "$LUA" '%{expand:%%(touch $CANARY)}' '%post -p /bin/touch' \
	 'X \%(touch $CANARY' '%global x 1'; do
	i=$((i + 1))
	d="$TMPD/src/py$i-1.0"
	mkdir -p "$d"
	mit_license "$d"
	printf '[project]\nname = "py%s"\nversion = "1.0"\ndescription = "%s"\n' "$i" "$v" > "$d/pyproject.toml"
	expect_exit 0 "pyproject summary $i: spec written" specgen -q --no-probe -o "$TMPD/py$i.spec" "$d"
	parses "pyproject summary $i" "$TMPD/py$i.spec"
	got=$(srpm_tag "$TMPD/py$i.spec" summary)
	no_canary "pyproject summary $i, queried"
	is "$got" "Software built from its upstream source" "pyproject summary $i: refused, the placeholder instead"
	like "$(cat "$TMPD/py$i.spec")" "*# FIXME: say in a few words what this software does
Summary:*" "pyproject summary $i: marked FIXME"
	expect_exit 0 "--summary $i: spec written" specgen -q --no-probe --summary "$v" -o "$TMPD/py$i.spec" "$d"
	parses "--summary $i" "$TMPD/py$i.spec"
	got=$(srpm_tag "$TMPD/py$i.spec" summary)
	no_canary "--summary $i, queried"
	case $v in
	*'\'*) want=$(printf '%s' "$v" | tr '\\' ' ') ;;   # a backslash becomes a blank
	*) want=$v ;;
	esac
	is "$got" "$want" "--summary $i: Summary is the text itself"
done

d="$TMPD/src/cm-1.0"
mkdir -p "$d"
mit_license "$d"
cat > "$d/CMakeLists.txt" <<'X'
cmake_minimum_required(VERSION 3.10)
project(cm VERSION 1.0 DESCRIPTION "Tool for %(touch $CANARY) things
%post
touch $CANARY" LANGUAGES C)
X
expect_exit 0 "CMake DESCRIPTION with a macro and a newline: spec written" specgen -q --no-probe -o "$TMPD/cm.spec" "$d"
parses "CMake DESCRIPTION" "$TMPD/cm.spec"
is "$(srpm_tag "$TMPD/cm.spec" summary)" 'Software built from its upstream source' \
	"CMake DESCRIPTION with a macro: refused, the placeholder instead"
no_canary "CMake DESCRIPTION, queried"
cat > "$d/CMakeLists.txt" <<'X'
cmake_minimum_required(VERSION 3.10)
project(cm VERSION 1.0 DESCRIPTION "Tool for things
BuildRequires: evil-package
Requires: evil-package" LANGUAGES C)
X
expect_exit 0 "CMake DESCRIPTION with newlines: spec written" specgen -q --no-probe -o "$TMPD/cm.spec" "$d"
parses "CMake DESCRIPTION with newlines" "$TMPD/cm.spec"
is "$(srpm_tag "$TMPD/cm.spec" summary)" 'Tool for things BuildRequires: evil-package Requires: evil-package' \
	"CMake DESCRIPTION with newlines: one line"
is "$(rpmspec -q --srpm --requires "$TMPD/cm.spec" 2>/dev/null | grep -c evil)" 0 \
	"CMake DESCRIPTION with newlines: no tag of its own"

# ---- build dependencies: a version that is not a word is dropped
d="$TMPD/src/dep-1.0"
mkdir -p "$d"
mit_license "$d"
printf "project('dep', 'c', version : '1.0')\nx = dependency('zlib', version : '>=1%%(touch \$CANARY)')\n" > "$d/meson.build"
expect_exit 0 "meson dependency version with %(...): spec written" specgen -q --no-probe -o "$TMPD/dep.spec" "$d"
parses "meson dependency version" "$TMPD/dep.spec"
like "$(cat "$TMPD/dep.spec")" "*BuildRequires:  pkgconfig(zlib)
*" "meson dependency version: the dependency without the version"

# ---- URLs from setup.py and CMake: one word or refused
i=0
for v in 'https://x.org/%(touch $CANARY)' "https://x.org/$LUA" 'https://x.org/a b' 'https://x.org/%{name}'; do
	i=$((i + 1))
	d="$TMPD/src/url$i-1.0"
	mkdir -p "$d"
	mit_license "$d"
	printf 'from setuptools import setup\nsetup(name="url%s", version="1.0", url="%s")\n' "$i" "$v" > "$d/setup.py"
	refused "setup.py url $i" --no-probe "$d"
done
d="$TMPD/src/url9-1.0"
mkdir -p "$d"
mit_license "$d"
printf 'cmake_minimum_required(VERSION 3.10)\nproject(url9 VERSION 1.0 HOMEPAGE_URL "https://x.org/%%(touch $CANARY)" LANGUAGES C)\n' \
	> "$d/CMakeLists.txt"
refused "CMake HOMEPAGE_URL" --no-probe "$d"
d="$TMPD/src/url8-1.0"
mkdir -p "$d"
mit_license "$d"
printf 'from setuptools import setup\nsetup(name="url8", version="1.0", url="https://x.org/a%%20b")\n' > "$d/setup.py"
expect_exit 0 "setup.py url with %20: spec written" specgen -q --no-probe -o "$TMPD/url8.spec" "$d"
is "$(srpm_tag "$TMPD/url8.spec" url)" "https://x.org/a%20b" \
	"setup.py url with %20: kept literally"

# ---- SPDX tags in the sources (no license file): not a license, not copied
i=0
for v in 'MIT %(touch $CANARY)' "$LUA" 'GPL-2.0-only %global x 1' 'MIT OR %{expand:x}'; do
	i=$((i + 1))
	bare_src "spdx$i"
	printf '// SPDX-License-Identifier: %s\nint main(void) { return 0; }\n' "$v" > "$d/main.c"
	expect_exit 0 "SPDX tag $i: spec written" specgen -q --no-probe -o "$TMPD/spdx$i.spec" "$d"
	parses "SPDX tag $i" "$TMPD/spdx$i.spec"
	is "$(srpm_tag "$TMPD/spdx$i.spec" license)" "FIXME" \
		"SPDX tag $i: no license taken from it"
	expect_exit 65 "SPDX tag $i: --strict fails" specgen -q --no-probe --strict "$d"
done

# ---- a restrictive license quoting MIT's permission sentence is not MIT
i=0
for t in 'Permission is hereby granted, free of charge, to any person obtaining a copy
of this software, to use it for evaluation purposes only. You may not redistribute it.' \
	 'Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software for non-commercial purposes.' \
	 'Permission is hereby granted, free of charge, to any person obtaining a copy
of this software, to deal in the Software without restriction.

Redistribution and use in source and binary forms, with or without
modification, are permitted.'; do
	i=$((i + 1))
	bare_src "lic$i"
	printf '%s\n' "$t" > "$d/LICENSE"
	expect_exit 0 "license text $i: spec written" specgen -q --no-probe -o "$TMPD/lic$i.spec" "$d"
	is "$(srpm_tag "$TMPD/lic$i.spec" license)" "FIXME" \
		"license text $i: not recognisably one license, License: FIXME"
	expect_exit 65 "license text $i: --strict fails" specgen -q --no-probe --strict "$d"
	like "$ERR" "*license could not be identified*" "license text $i: --strict says why"
done

# ---- doc and license file names. rpm copies %doc/%license files with a
# shell script it macro-expands first: a name that is not plain is refused.
i=0
for n in 'README.%(touch $CANARY)' "README.$LUA" 'README.%attr(4755,root,root)' 'NEWS.%caps(cap_sys_admin=ep)' \
	 'LICENSE.%{expand:%%(touch $CANARY)}' 'README.$(touch $CANARY)' 'README.x;touch $CANARY' 'README.x
%post
touch $CANARY' 'NEWS.x
%pre -p touch'; do
	i=$((i + 1))
	d="$TMPD/src/doc$i-1.0"
	mkdir -p "$d"
	mit_license "$d"
	printf 'all:\ninstall:\n\tinstall -D -m 0755 docs.sh $(DESTDIR)/usr/bin/docs\n' > "$d/Makefile"
	printf '#!/bin/sh\necho docs\n' > "$d/docs.sh"
	echo doc > "$d/$n"
	ok "doc name $i: made" test -f "$d/$n"
	refused "doc name $i ($(printf '%s' "$n" | head -n 1))" --no-probe "$d"
	refused "doc name $i ($(printf '%s' "$n" | head -n 1)), trial build" "$d"
done

# rpmbuild_src NAME LABEL: rpmbuild -ba $TMPD/NAME.spec on a tarball of
# $TMPD/src/NAME-1.0 in a private topdir ($top); $rpm is the binary package
rpmbuild_src() {
	(cd "$TMPD/src" && tar czf "$TMPD/$1-1.0.tar.gz" "$1-1.0")
	top="$TMPD/top-$1"
	mkdir -p "$top/SOURCES"
	cp "$TMPD/$1-1.0.tar.gz" "$top/SOURCES/"
	ok "$2: rpmbuild -ba builds the spec" timeout 300 rpmbuild -ba $nodeps --define "_topdir $top" "$TMPD/$1.spec"
	rpm=$(ls "$top"/RPMS/*/"$1"-1.0-*.rpm 2>/dev/null | head -n 1)
}

# plain names with blanks and punctuation are packaged as they are
d="$TMPD/src/docs-1.0"
mkdir -p "$d"
mit_license "$d"
printf 'all:\ninstall:\n\tinstall -D -m 0755 docs.sh $(DESTDIR)/usr/bin/docs\n' > "$d/Makefile"
printf '#!/bin/sh\necho docs\n' > "$d/docs.sh"
echo doc > "$d/README.v1 2,3@x.txt"
echo doc > "$d/NEWS"
expect_exit 0 "plain doc names: spec written (with its trial build)" timeout 300 specgen -q -o "$TMPD/docs.spec" "$d"
no_canary "plain doc names, specgen's trial build"
parses "plain doc names" "$TMPD/docs.spec"
rpmbuild_src docs "plain doc names"
is "$(rpm -qp --scripts "$rpm" 2>/dev/null)" "" "plain doc names: the package has no scriptlet"
like "$(rpm -qpl "$rpm" 2>/dev/null)" "*/NEWS*/README.v1 2,3@x.txt*" "plain doc names: packaged as they are"

# ---- installed file names (from specgen's trial install)
d="$TMPD/src/inst-1.0"
mkdir -p "$d"
mit_license "$d"
cat > "$d/Makefile" <<'X'
all:
install:
	install -D -m 0755 t.sh $(DESTDIR)/usr/bin/inst
	install -D -m 0755 t.sh '$(DESTDIR)/usr/bin/inst*%attr(4755,root,root)'
	install -D -m 0755 t.sh '$(DESTDIR)/usr/bin/inst-%(touch $$CANARY)'
	install -D -m 0644 t.sh '$(DESTDIR)/usr/lib/libinst$$(touch $$CANARY).la'
X
printf '#!/bin/sh\n' > "$d/t.sh"
expect_exit 0 "installed names: spec written" timeout 300 specgen -q -o "$TMPD/inst.spec" "$d"
no_canary "installed names, specgen's trial build"
parses "installed names" "$TMPD/inst.spec"
rpmbuild_src inst "installed names"
no_canary "installed names, rpmbuild"
is "$(rpm -qp --scripts "$rpm" 2>/dev/null)" "" "installed names: the package has no scriptlet"
is "$(rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm" 2>/dev/null | grep -c '^...[sS]')" 0 \
	"installed names: '*%attr(4755,...)' makes nothing set-id"
like "$(rpm -qpl "$rpm" 2>/dev/null)" "*/usr/bin/inst-%(touch \$CANARY)*" "installed names: %(...) packaged as the name it is"

d="$TMPD/src/instnl-1.0"
mkdir -p "$d"
mit_license "$d"
# make cannot write a newline in a recipe: a script does
printf 'all:\ninstall:\n\tDESTDIR="$(DESTDIR)" sh mk.sh\n' > "$d/Makefile"
printf '#!/bin/sh\nmkdir -p "$DESTDIR/usr/bin"\nprintf x > "$DESTDIR/usr/bin/x\n%%post\ntouch \\$CANARY"\n' > "$d/mk.sh"
refused "installed name with a newline" "$d"

# ---- changelog packager: free text
bare_src pk
mit_license "$d"
expect_exit 0 "--packager with %(...) and a newline: spec written" specgen -q --no-probe -o "$TMPD/pk.spec" \
	--packager 'Eve %(touch $CANARY) <e@x>
%post
touch $CANARY' "$d"
parses "--packager" "$TMPD/pk.spec"

# ---- mx2g-pack: a driver source whose top-level doc names attack the kmod spec
KDIR=; KVER=
for k in /lib/modules/*/build; do
	[ -f "$k/include/generated/utsrelease.h" ] || continue
	KDIR=$(readlink -f "$k"); KVER=$(basename "$(dirname "$k")"); break
done
if [ -n "$KDIR" ]; then
	mkd() {
		rm -rf "$1"; mkdir -p "$1"
		printf 'obj-m += hk.o\n' > "$1/Kbuild"
		printf '// SPDX-License-Identifier: GPL-2.0-only %%(touch $CANARY)\n#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' > "$1/hk.c"
	}
	M=$TMPD/src/hk-1.0
	i=0
	for n in 'README.%(touch $CANARY)' "README.$LUA" 'COPYING.%{expand:%%(touch $CANARY)}' \
		 'README.%attr(4755,root,root)' 'README.$(touch $CANARY)' 'README
%pre
touch $CANARY' 'COPYING.x
%post -p touch'; do
		i=$((i + 1))
		mkd "$M"
		echo doc > "$M/$n"
		expect_exit 65 "mx2g-pack: doc name $i ($(printf '%s' "$n" | head -n 1)): 65" \
			mx2g-pack -q --spec-only --kernel "$KDIR" "$M"
		is "$OUT" "" "mx2g-pack: doc name $i: no spec printed"
		# a name with a newline is refused already when the source is read
		# (lib/core/confine.c); the others when the spec is written
		case $n in
		*'
'*) like "$ERR" "*control character in the name*" "mx2g-pack: doc name $i: the message says why" ;;
		*) like "$ERR" "*cannot be written into a spec*" "mx2g-pack: doc name $i: the message says why" ;;
		esac
		no_canary "mx2g-pack: doc name $i"
	done

	# plain doc names and a hostile SPDX tag: a spec, a build, nothing run
	mkd "$M"
	echo doc > "$M/README v1,2.txt"
	echo doc > "$M/COPYING"
	expect_exit 0 "mx2g-pack: plain doc names: spec written" mx2g-pack -q --spec-only --kernel "$KDIR" "$M"
	printf '%s\n' "$OUT" > "$TMPD/hk.spec"
	ok "mx2g-pack: rpmspec -P parses the spec" timeout 60 rpmspec -P "$TMPD/hk.spec"
	timeout 60 rpmspec -P "$TMPD/hk.spec" > "$TMPD/parsed" 2>/dev/null
	is "$(grep -cE '^%(pre|pretrans|posttrans)([[:space:]]|$)' "$TMPD/parsed")" 0 "mx2g-pack: no %pre"
	is "$(grep -E '^%(post|postun)([[:space:]]|$)' "$TMPD/parsed" | tr '\n' '|')" \
		"%post -n kmod-hk-$KVER|%postun -n kmod-hk-$KVER|" "mx2g-pack: only the depmod scriptlets"
	no_canary "mx2g-pack: rpmspec"
	is "$(srpm_tag "$TMPD/hk.spec" license)" "GPL-2.0-only" \
		"mx2g-pack: the hostile SPDX tag is skipped, MODULE_LICENSE names it"
	expect_exit 0 "mx2g-pack: the kmod builds" timeout 600 mx2g-pack -q --topdir "$TMPD/mtop" --kernel "$KDIR" "$M"
	no_canary "mx2g-pack: the build"
	rpm=$(ls "$TMPD"/mtop/RPMS/*/kmod-hk-*.rpm 2>/dev/null | head -n 1)
	scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
	like "$scripts" "*depmod*" "mx2g-pack: the package has its depmod scriptlets"
	case $scripts in *touch*|*preinstall*) r=1 ;; *) r=0 ;; esac
	is "$r" 0 "mx2g-pack: and nothing else"
	like "$(rpm -qpl "$rpm" 2>/dev/null)" "*/README v1,2.txt*" "mx2g-pack: the doc packaged under its name"
else
	[ "${CI:-}" != true ] || _result 1 "mx2g-pack cases: no kernel headers (linux-headers-amd64), and CI=true"
fi

# ---- kbuild: the source path and the --config name are free text in its spec
for v in '%(touch $CANARY)' "$LUA" 'x
%post
touch $CANARY'; do
	k="$TMPD/kb/$v/linux-6.1.5"
	mkdir -p "$k"
	printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 5\nEXTRAVERSION =\n' > "$k/Makefile"
	echo GPL-2.0 > "$k/COPYING"
	printf 'CONFIG_MODULES=y\n' > "$TMPD/kb/c$v.config"
	expect_exit 0 "kbuild: hostile source path: spec written" kbuild --spec-only --config "$TMPD/kb/c$v.config" "$k"
	printf '%s\n' "$OUT" > "$TMPD/kb.spec"
	ok "kbuild: rpmspec -P parses the spec" timeout 60 rpmspec -P "$TMPD/kb.spec"
	timeout 60 rpmspec -P "$TMPD/kb.spec" > "$TMPD/parsed" 2>/dev/null
	is "$(grep -cE '^%(post|pre)([[:space:]]|$)' "$TMPD/parsed")" 1 "kbuild: only its own %post"
	no_canary "kbuild: hostile source path"
	rm -rf "$TMPD/kb"
done

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen on the command line: sources of every kind made here (tarballs,
# zip, directories, git repositories with tags), hostile and broken
# archives, --extract, reproducible tarballs, --check / -n. Specs here are
# written with --no-probe (fast); tests/rpm/specgen.sh builds real ones.
. "$top_srcdir/tests/lib.sh"
need_prog specgen git python3 tar
export SOURCE_DATE_EPOCH=1700000000
export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org
cd "$TMPD" || exit 1

# --- the common contract ---
expect_exit 0 "--help exits 0" specgen --help
like "$OUT" "*--set-version*--tarball-dir*" "--help lists the tool's options"
expect_exit 0 "--version exits 0" specgen --version
expect_exit 64 "no SOURCE is a usage error" specgen
expect_exit 64 "an unknown option is a usage error" specgen --frobnicate x
expect_exit 64 "--set-version with a dash is refused" specgen --set-version 1-2 .
expect_exit 64 "--check without -o is a usage error" specgen --no-probe --check .

# --- a small autotools source as tarball, zip and directory ---
make_widget_source src
(cd src && tar czf widget-2.4.1.tar.gz widget-2.4.1 && python3 -c '
import zipfile, os
z = zipfile.ZipFile("widget-2.4.1.zip", "w")
for root, dirs, files in os.walk("widget-2.4.1"):
    for f in files: z.write(os.path.join(root, f))
z.close()')

expect_exit 0 "tarball: spec written" specgen --no-probe src/widget-2.4.1.tar.gz
spec=$OUT
is "$(spec_tag "$spec" Name) $(spec_tag "$spec" Version)" "widget 2.4.1" "tarball: name and version from the top directory"
is "$(spec_tag "$spec" License)" "BSD-2-Clause AND MIT" "tarball: two license files joined with AND, sorted"
is "$(spec_tag "$spec" URL)" https://example.org/widget "tarball: URL from AC_INIT"
like "$spec" "*Source0:*widget-2.4.1.tar.gz*" "tarball: Source0 is the file name"
is "$(spec_tag "$spec" BuildRequires | grep '^pkgconfig(' | tr '\n' ,)" "pkgconfig(glib-2.0) >= 2.50,pkgconfig(zlib)," "tarball: pkgconfig() BuildRequires from PKG_CHECK_MODULES"
like "$spec" "*%configure --disable-static*%make_build*%make_install*" "tarball: autotools build and install"
like "$spec" "*%license COPYING.BSD*%license LICENSE*%doc README.md*" "tarball: %license and %doc for the files found"
like "$spec" "*%changelog
\\* Tue Nov 14 2023 * - 2.4.1-1
*" "tarball: %changelog dated from SOURCE_DATE_EPOCH"
case $spec in *Group:*|*BuildRoot:*|*%clean*|*%defattr*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "tarball: no Group, BuildRoot, %clean or %defattr"

expect_exit 0 "zip: spec written" specgen --no-probe src/widget-2.4.1.zip
is "$(spec_tag "$OUT" Version) $(spec_tag "$OUT" Source0)" "2.4.1 widget-2.4.1.zip" "zip: same version, Source0 is the zip"
cp src/widget-2.4.1.tar.gz src/widget_2.4.1.orig.tar.gz
mv src/widget-2.4.1 src/widget
(cd src && tar czf widget_2.4.1.orig.tar.gz widget)
expect_exit 0 "Debian orig tarball with a version-less top directory" specgen --no-probe src/widget_2.4.1.orig.tar.gz
is "$(spec_tag "$OUT" Name) $(spec_tag "$OUT" Version) $(printf '%s\n' "$OUT" | grep '^%autosetup')" "widget 2.4.1 %autosetup -p1 -n widget" "Debian orig: name/version from the file name, %autosetup -n the top dir"
mv src/widget src/widget-2.4.1
expect_exit 0 "directory: spec written" specgen --no-probe src/widget-2.4.1
is "$(spec_tag "$OUT" Version) $(spec_tag "$OUT" Source0)" "2.4.1 widget-2.4.1.tar.gz" "directory: version from its name, Source0 NAME-VERSION.tar.gz"
expect_exit 0 "overrides: --name --set-version --release --license --summary" \
	specgen --no-probe --name gadget --set-version 9.9 --release 3 --license ISC --summary "Gadget for testing" src/widget-2.4.1
is "$(for t in Name Version Release Summary License; do spec_tag "$OUT" $t; done | tr '\n' '|')" \
	'gadget|9.9|3%{?dist}|Gadget for testing|ISC|' "overrides: every field as given"

# --- -o, --check, -n ---
expect_exit 73 "-o into a missing directory: 73" specgen --no-probe -o nodir/widget.spec src/widget-2.4.1.tar.gz
mkdir -p out
expect_exit 0 "-o writes the spec and prints a record" specgen --no-probe -o out/widget.spec src/widget-2.4.1.tar.gz
like "$OUT" "spec=out/widget.spec name=widget version=2.4.1 buildsys=autotools *changed=yes" "-o: the record"
ok "-o: the file is there" test -s out/widget.spec
expect_exit 0 "--check: the file already holds this spec" specgen --no-probe --check -o out/widget.spec src/widget-2.4.1.tar.gz
expect_exit 0 "second run: nothing changes" specgen --no-probe -o out/widget.spec src/widget-2.4.1.tar.gz
like "$OUT" "*changed=no" "second run: changed=no"
echo "# edited" >> out/widget.spec
expect_exit 1 "--check: an edited file differs" specgen --no-probe --check -o out/widget.spec src/widget-2.4.1.tar.gz
expect_exit 0 "-n: reports, writes nothing" specgen --no-probe -n -o out/other.spec src/widget-2.4.1.tar.gz
not_ok "-n: no file was written" test -e out/other.spec

# --- bad input ---
expect_exit 66 "missing source: 66" specgen --no-probe nowhere-1.0.tar.gz
like "$ERR" "*'nowhere-1.0.tar.gz'*" "missing source: the message names it"
head -c 200 src/widget-2.4.1.tar.gz > src/trunc-1.0.tar.gz
expect_exit 65 "truncated archive: 65" specgen --no-probe src/trunc-1.0.tar.gz
like "$ERR" "*trunc-1.0.tar.gz*runcated*" "truncated archive: libarchive's error is shown"
echo "just text" > src/text-1.0.tar.gz
expect_exit 65 "not an archive: 65" specgen --no-probe src/text-1.0.tar.gz
python3 - <<'X'
import io, tarfile
def mk(name, entries):
    with tarfile.open("src/" + name, "w:gz") as t:
        for path, kind, arg in entries:
            ti = tarfile.TarInfo(path)
            if kind == "f":
                ti.size = 2; ti.mode = arg or 0o644; t.addfile(ti, io.BytesIO(b"hi"))
            elif kind == "l":
                ti.type = tarfile.SYMTYPE; ti.linkname = arg; t.addfile(ti)
            elif kind == "h":
                ti.type = tarfile.LNKTYPE; ti.linkname = arg; t.addfile(ti)
            elif kind == "c":
                ti.type = tarfile.CHRTYPE; ti.devmajor = 1; ti.devminor = 3; t.addfile(ti)
            elif kind == "d":
                ti.type = tarfile.DIRTYPE; ti.mode = arg; t.addfile(ti)
# a set-gid top directory, as libvterm's and pkgconf's real tarballs have
mk("sgiddir-1.0.tar.gz", [("sgiddir-1.0", "d", 0o2775), ("sgiddir-1.0/src", "d", 0o2775),
                          ("sgiddir-1.0/src/notes.txt", "f", 0)])
mk("sgidfile-1.0.tar.gz", [("sgidfile-1.0", "d", 0o2775), ("sgidfile-1.0/tool", "f", 0o2755)])
mk("abs-1.0.tar.gz", [("abs-1.0/a", "f", 0), ("/tmp/evil", "f", 0)])
mk("dotdot-1.0.tar.gz", [("dotdot-1.0/a", "f", 0), ("dotdot-1.0/../../evil", "f", 0)])
mk("link-1.0.tar.gz", [("link-1.0/etc", "l", "../../../etc")])
mk("linkabs-1.0.tar.gz", [("linkabs-1.0/passwd", "l", "/etc/passwd")])
mk("linkhop-1.0.tar.gz", [("linkhop-1.0/here", "l", "."), ("linkhop-1.0/out", "l", "here/../..")])
mk("hard-1.0.tar.gz", [("hard-1.0/shadow", "h", "../etc/shadow")])
mk("dev-1.0.tar.gz", [("dev-1.0/null", "c", 0)])
mk("suid-1.0.tar.gz", [("suid-1.0/sh", "f", 0o4755)])
X
for h in abs dotdot link linkabs linkhop hard dev suid; do
	expect_exit 65 "hostile archive ($h): refused with 65" specgen --no-probe -o "out/$h.spec" "src/$h-1.0.tar.gz"
	like "$ERR" "*refusing archive entry*" "hostile archive ($h): the message says which entry and why"
	not_ok "hostile archive ($h): no spec written" test -e "out/$h.spec"
done
ok "hostile archives: nothing escaped to the file system" test ! -e /tmp/evil
expect_exit 0 "set-gid directories (real upstream tarballs have them): read, bits dropped" \
	specgen --no-probe -o out/sgiddir.spec src/sgiddir-1.0.tar.gz
like "$(cat out/sgiddir.spec)" "*Name:*sgiddir*" "set-gid directories: the spec is written"
expect_exit 65 "a set-gid file under a set-gid directory: still refused with 65" \
	specgen --no-probe -o out/sgidfile.spec src/sgidfile-1.0.tar.gz
like "$ERR" "*refusing archive entry*tool*" "set-gid file: the message names the entry"
not_ok "set-gid file: no spec written" test -e out/sgidfile.spec

mkdir -p src/bare-1.0 && echo 'just files' > src/bare-1.0/notes.txt
expect_exit 0 "no build system: still a spec, exit 0" specgen --no-probe src/bare-1.0
like "$OUT" "*FIXME*no build system*" "no build system: a FIXME in the spec"
like "$ERR" "*warning:*no build system*" "no build system: a warning"
is "$(spec_tag "$OUT" License)" FIXME "unknown license: License FIXME, never a made-up id"
expect_exit 65 "no build system with --strict: 65" specgen --no-probe --strict src/bare-1.0
mkdir -p src/empty-1.0
expect_exit 0 "an empty directory: a FIXME spec, no crash" specgen --no-probe src/empty-1.0
is "$(spec_tag "$OUT" Name)" empty "an empty directory: named from the directory"

# --- the Summary: what the source says of itself (specgen(1), Summary) ---
p=src/pools-1.0
mkdir -p $p/rpm/generic $p/rpm/redhat $p/lib/libpools $p/lib/libpools_core
printf 'all:\n\ttrue\ninstall:\n\ttrue\n' > $p/Makefile
printf 'Name: %%{module}-kmod\nSummary: Kernel module(s)\n' > $p/rpm/generic/pools-kmod.spec.in
printf 'Name: @PACKAGE@\nSummary: Commands to control the pools.\n%%package -n libpools1\nSummary: Pool library\n' \
	> $p/rpm/generic/pools.spec.in
cp $p/rpm/generic/pools.spec.in $p/rpm/redhat/
printf 'Name: libpools\nDescription: Pool library of the pools\n' > $p/lib/libpools/libpools.pc.in
printf 'Name: libpools_core\nDescription: Core library\n' > $p/lib/libpools_core/libpools_core.pc.in
expect_exit 0 "Summary: a source that ships specs and .pc.in files" specgen --no-probe -v $p
is "$(spec_tag "$OUT" Summary)" "Commands to control the pools" \
	"Summary: the main package's of the shipped spec.in, not the kmod spec's or a subpackage's, no trailing dot"
like "$ERR" "*Summary from rpm/generic/pools.spec.in*" "Summary: -v names the file it came from"
rm -r $p/rpm
expect_exit 0 "Summary: no spec shipped" specgen --no-probe $p
is "$(spec_tag "$OUT" Summary)" "Pool library of the pools" "Summary: the package's own .pc.in Description next"
printf 'Name: libpools\nDescription: @PACKAGE@ library\n' > $p/lib/libpools/libpools.pc.in
expect_exit 0 "Summary: only placeholders left" specgen --no-probe $p
like "$OUT" "*# FIXME: say in a few words what this software does
Summary:*" "Summary: a placeholder is refused, the FIXME stays"
printf 'project(pools DESCRIPTION "Pools\n%%post -p /bin/sh\n")\n' > $p/CMakeLists.txt
printf '[project]\ndescription = "Pools %%(touch /tmp/canary)"\n' > $p/pyproject.toml
expect_exit 0 "Summary: hostile descriptions" specgen --no-probe $p
like "$OUT" "*# FIXME: say in a few words*" "Summary: a macro or a directive refuses the candidate"
case $OUT in *"
%post"*|*"%(touch"*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "Summary: no scriptlet line and no macro from the source's text"
rm -r $p
mkdir -p src/ex-2.0/ex/vendor/zz
printf 'project(ex DESCRIPTION "Parses ex files")\n' > src/ex-2.0/ex/CMakeLists.txt
printf 'project(zz DESCRIPTION "Vendored compression")\n' > src/ex-2.0/ex/vendor/zz/CMakeLists.txt
expect_exit 0 "Summary: a CMake build root one level down" specgen --no-probe src/ex-2.0
is "$(spec_tag "$OUT" Summary)" "Parses ex files" "Summary: the build root's project(DESCRIPTION), not a vendored one's"
rm -r src/ex-2.0

# --- --extract ---
mkdir -p src/shipped-3.0/packaging
printf 'Name: shipped\nVersion: 3.0\n# keep these bytes  exactly\n' > src/shipped-3.0/shipped.spec
(cd src && tar cjf shipped-3.0.tar.bz2 shipped-3.0)
expect_exit 0 "--extract: the shipped spec" specgen --extract src/shipped-3.0.tar.bz2
ok "--extract: byte for byte" cmp "$TMPD/.out" src/shipped-3.0/shipped.spec
mkdir -p src/tmpl-0.5/rpm
printf 'Name: @PACKAGE@\nVersion: @VERSION@\nRelease: 1\n' > src/tmpl-0.5/rpm/tmpl.spec.in
(cd src && tar cJf tmpl-0.5.tar.xz tmpl-0.5)
expect_exit 0 "--extract: a spec.in" specgen --extract src/tmpl-0.5.tar.xz
is "$OUT" "Name: tmpl
Version: 0.5
Release: 1" "--extract: @PACKAGE@ and @VERSION@ filled"
expect_exit 65 "--extract: none shipped, 65" specgen --extract src/widget-2.4.1.tar.gz
like "$ERR" "*ships no spec*" "--extract: the message says so"

# --- git ---
git init -q repo/tool && cd repo/tool || exit 1
printf 'all:\n\ttrue\ninstall:\n\tinstall -D -m 0644 README $(DESTDIR)$(PREFIX)/share/doc/tool/README\nPREFIX ?= /usr/local\n' > Makefile
echo "tool" > README
ln -s README READ.ME
git add . && GIT_COMMITTER_DATE=2024-03-01T10:00:00Z GIT_AUTHOR_DATE=2024-03-01T10:00:00Z git commit -qm one
git tag v1.2.3
echo more >> README
git add . && GIT_COMMITTER_DATE=2024-03-05T12:00:00Z GIT_AUTHOR_DATE=2024-03-05T12:00:00Z git commit -qm two
head=$(git rev-parse --short=7 HEAD)
git checkout -q -b topic && echo t > t && git add t && git commit -qm three && git checkout -q master 2>/dev/null || git checkout -q main
cd "$TMPD" || exit 1
expect_exit 0 "git --ref v1.2.3: spec written" specgen --no-probe --ref v1.2.3 repo/tool
is "$(spec_tag "$OUT" Name) $(spec_tag "$OUT" Version)" "tool 1.2.3" "git: tag v1.2.3 gives 1.2.3"
expect_exit 0 "git --ref HEAD, one commit after the tag" specgen --no-probe --ref HEAD repo/tool
is "$(spec_tag "$OUT" Version)" "1.2.3^20240305g$head" "git: after a tag, VERSION^YYYYMMDDgSHORT"
expect_exit 0 "git branch as --ref" specgen --no-probe --ref topic repo/tool
like "$(spec_tag "$OUT" Version)" "1.2.3^20[0-9][0-9][01][0-9][0-3][0-9]g[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "git: a branch ref works"
expect_exit 65 "git unknown --ref: 65" specgen --no-probe --ref nope repo/tool
like "$ERR" "*unknown ref 'nope'*" "git unknown --ref: the message names the ref"
expect_exit 0 "git file:// URL is cloned" specgen --no-probe --ref v1.2.3 "file://$TMPD/repo/tool"
is "$(spec_tag "$OUT" Version)" 1.2.3 "git URL: the tag's version"
git init -q repo/untagged && (cd repo/untagged && echo x > x && git add x && GIT_COMMITTER_DATE=2024-01-02T00:00:00Z git commit -qm x)
expect_exit 0 "git without tags" specgen --no-probe --ref HEAD repo/untagged
like "$(spec_tag "$OUT" Version)" "0^20240102g[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]" "git without tags: 0^YYYYMMDDgSHORT"

# --- reproducible tarballs ---
expect_exit 0 "--tarball-dir writes NAME-VERSION.tar.gz" specgen --no-probe --ref v1.2.3 --tarball-dir t1 -o out/tool.spec repo/tool
like "$OUT" "*tarball=t1/tool-1.2.3.tar.gz *" "--tarball-dir: the record names the tarball"
sleep 1
specgen -q --no-probe --ref v1.2.3 --tarball-dir t2 -o out/tool2.spec "file://$TMPD/repo/tool" >/dev/null
ok "git: two runs (path and URL) give identical tarball bytes" cmp t1/tool-1.2.3.tar.gz t2/tool-1.2.3.tar.gz
run tar -tvzf t1/tool-1.2.3.tar.gz
like "$OUT" "drwxr-xr-x root/root*2024-03-01 10:00 tool-1.2.3/
*tool-1.2.3/Makefile
lrwxrwxrwx root/root*tool-1.2.3/READ.ME -> README
-rw-r--r-- root/root*tool-1.2.3/README*" "git tarball: sorted, root:root, commit time, links kept"
specgen -q --no-probe --tarball-dir d1 src/widget-2.4.1 >/dev/null
touch src/widget-2.4.1/widget.c
SOURCE_DATE_EPOCH=1700000000 specgen -q --no-probe --tarball-dir d2 src/widget-2.4.1 >/dev/null
ok "directory: SOURCE_DATE_EPOCH makes the tarball reproducible" cmp d1/widget-2.4.1.tar.gz d2/widget-2.4.1.tar.gz
done_testing

# SPDX-License-Identifier: GPL-2.0-or-later
# Step 2 (seed parts 11c, 11e, 11g): a spec for upstream software, built.
step "specgen: a sample upstream tarball -> a spec -> an RPM"
src="$SANDBOX/upstream/hello-1.0"
. "$top/tests/samples.sh"
make_makefile_source "$src" hello
printf '#include <stdio.h>\nint main(void) { puts("hello, cluster"); return 0; }\n' > "$src/hello.c"
printf 'Permission is hereby granted, free of charge, to any person obtaining a copy\nof this software.\n' > "$src/LICENSE"
echo "hello prints a greeting" > "$src/README"
tar -C "$SANDBOX/upstream" -czf "$SANDBOX/upstream/hello-1.0.tar.gz" hello-1.0
topdir=$(rpm --eval '%{_topdir}')
mkdir -p "$topdir/SOURCES" "$topdir/SPECS"
cp "$SANDBOX/upstream/hello-1.0.tar.gz" "$topdir/SOURCES/"
echo "-- specgen runs a trial build to find the files, then writes the spec:"
show specgen --summary "Print a greeting" --packager "Demo <demo@example.org>" \
	-o "$topdir/SPECS/hello.spec" "$topdir/SOURCES/hello-1.0.tar.gz"
cat "$topdir/SPECS/hello.spec"
echo "-- rpmbuild builds it as written:"
nodeps=; rpm -q --quiet rpm 2>/dev/null || nodeps=--nodeps
echo "\$ rpmbuild -bb $nodeps $topdir/SPECS/hello.spec"
rpmbuild -bb $nodeps "$topdir/SPECS/hello.spec" > "$SANDBOX/hello-build.log" 2>&1 ||
	{ tail -n 20 "$SANDBOX/hello-build.log"; false; }
show rpm -qpl "$topdir"/RPMS/*/hello-1.0-1*.rpm
echo "-- a git repository at a tag, with a reproducible Source0:"
git -C "$src" init -q && git -C "$src" add . &&
	git -C "$src" -c user.name=Demo -c user.email=demo@example.org commit -qm "hello 1.1" &&
	git -C "$src" tag v1.1
show specgen -q --no-probe --ref v1.1 --tarball-dir "$SANDBOX/tarballs" -o "$SANDBOX/hello-git.spec" "$src"

# SPDX-License-Identifier: GPL-2.0-or-later
# Step 3 (seed part 11b): a newer kernel as RPMs. A real build takes minutes
# (tests/rpm/kbuild.sh does one), so the demo shows the spec kbuild would
# build, the -n plan, and a bad input; the last line says how to build for real.
step "kbuild: the kernel-ml spec for Debian's linux-source-6.1, tinyconfig + modules"
frag="$SANDBOX/modules.config"
printf 'CONFIG_64BIT=y\nCONFIG_MODULES=y\nCONFIG_CRC7=m\n' >"$frag"
src=/usr/src/linux-source-6.1.tar.xz
if [ ! -f "$src" ]; then
	# no kernel source installed: a sample tree with a kernel's top Makefile
	src="$SANDBOX/linux-6.1.5"
	mkdir -p "$src"
	printf 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 5\nEXTRAVERSION =\n' >"$src/Makefile"
fi
echo "\$ kbuild --spec-only --config-target tinyconfig --fragment $frag $src > kernel-ml.spec"
kbuild --spec-only --config-target tinyconfig --fragment "$frag" "$src" >"$SANDBOX/kernel-ml.spec"
echo "-- the spec's packages and what makes kernel-ml coexist with the distribution's kernel:"
grep -E '^(Name|Version|Release|Provides|%package|%files)' "$SANDBOX/kernel-ml.spec"
echo "-- --name kernel replaces the distribution's kernel instead:"
kbuild --spec-only --name kernel --config-target tinyconfig "$src" | grep -E '^(Name|Provides):'
echo "-- what a build would do (-n), as records:"
show kbuild -n --topdir "$SANDBOX/rpmbuild" --config-target tinyconfig --fragment "$frag" "$src"
echo "-- a fragment line kconfig cannot read is refused before anything is built:"
printf 'CONFIG_MODULES=y\nMODULES on please\n' >"$SANDBOX/bad.config"
show kbuild --fragment "$SANDBOX/bad.config" "$src" || echo "(exit status $?)"
echo "-- to build for real (about 5-10 minutes on 2 cores):"
echo "   kbuild -j2 --config-target tinyconfig --fragment $frag --repo /srv/repo $src"

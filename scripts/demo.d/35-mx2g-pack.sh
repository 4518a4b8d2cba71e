# SPDX-License-Identifier: GPL-2.0-or-later
# Step 4 (seed parts 11d, 11f): a vendor's driver source, with its own
# "make rpm" that only works in the vendor's build farm, becomes kmod RPMs
# built with the installed kernel headers' own Kbuild (about half a minute).
# shellcheck disable=SC1091
. "$top/tests/rpm/mx2g-vendor.sh"
step "mx2g-pack: the sample MX-2G vendor driver tree -> kmod RPMs for the installed kernel headers"
kdir=
for d in /lib/modules/*/build; do
	[ -f "$d/include/generated/utsrelease.h" ] && { kdir=$(readlink -f "$d"); break; }
done
mx2g_vendor_tree "$SANDBOX" "$SANDBOX/vendor-make-rpm-ran"
src="$SANDBOX/mx2g-1.4.2"
echo "-- the vendor's layout: the module is nested, user space sits beside it:"
(cd "$src" && find . -type f | sort | sed 's|^\./|   |')
if [ -z "$kdir" ]; then
	echo "-- no kernel headers installed (linux-headers-amd64): showing the plan for a sample tree only"
	kdir="$SANDBOX/no-headers"
fi
echo "-- what it finds and would do (-n), as records:"
show mx2g-pack -n --kernel "$kdir" "$src" || echo "(exit status $?)"
echo "-- the spec's packages, and how each is tied to its kernel:"
if mx2g-pack -q --spec-only --kernel "$kdir" "$src" >"$SANDBOX/mx2g-kmod.spec"; then
	grep -E '^(Name|Version|License|%package|Requires|Provides|%{__make})' "$SANDBOX/mx2g-kmod.spec"
	echo "-- a real build (the kernel's make -C KDIR M=... modules inside rpmbuild):"
	show mx2g-pack --topdir "$SANDBOX/rpmbuild" --kernel "$kdir" --repo "$SANDBOX/repo" "$src" \
		>"$SANDBOX/mx2g.records" && cat "$SANDBOX/mx2g.records"
	rpm=$(sed -n 's/^rpm=\([^ ]*\) name=kmod-mx2g-.*/\1/p' "$SANDBOX/mx2g.records")
	if [ -n "$rpm" ]; then
		echo "-- rpm -qpl of the kmod package, and the module's vermagic:"
		rpm -qpl "$rpm"
		mkdir -p "$SANDBOX/x" && (cd "$SANDBOX/x" && rpm2cpio "$rpm" | cpio -idm --quiet)
		modinfo -F vermagic "$(find "$SANDBOX/x" -name mx2g.ko)"
	fi
	echo "-- the same command again builds nothing (changed=no):"
	show mx2g-pack -q --topdir "$SANDBOX/rpmbuild" --kernel "$kdir" --repo "$SANDBOX/repo" "$src"
	if [ ! -e "$SANDBOX/vendor-make-rpm-ran" ]; then
		echo "-- the vendor's make rpm was never run"
	fi
fi
echo "-- a tree without a kernel module is refused with 65:"
mx2g_userland_tree "$SANDBOX"
show mx2g-pack -n --kernel "$kdir" "$SANDBOX/myri-tools-2.0" || echo "(exit status $?)"

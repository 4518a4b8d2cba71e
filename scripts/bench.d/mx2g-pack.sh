# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack against what a user does without it (dkms mkrpm is gone since
# dkms 2.8.8): tar the module's source, write a spec by hand whose %build is
# `make -C KDIR M=... modules`, and run rpmbuild -ba. Same sample driver, same
# kernel headers, both produce the source RPM and the kmod RPM. Alternating
# runs (3 each, after one warm-up of each), mean wall times compared. About
# three minutes on 2 cores; MX2G_BENCH=0 skips it.
[ "${MX2G_BENCH:-1}" = 1 ] || { echo "bench: mx2g-pack skipped (MX2G_BENCH=0)" >&2; return 0; }
kdir=
for d in /lib/modules/*/build; do
	[ -f "$d/include/generated/utsrelease.h" ] && { kdir=$(readlink -f "$d"); break; }
done
[ -n "$kdir" ] || { echo "bench: mx2g-pack needs kernel headers (linux-headers-amd64)" >&2; return 0; }
kver=$(sed -n 's/.*UTS_RELEASE "\(.*\)".*/\1/p' "$kdir/include/generated/utsrelease.h")
# shellcheck disable=SC1091
. "$top/tests/rpm/mx2g-vendor.sh"
mx2g_vendor_tree "$SANDBOX/mx" "$SANDBOX/mx/make-rpm-ran"
src="$SANDBOX/mx/mx2g-1.4.2"

# the hand-written spec: what a user writes once per driver
hand="$SANDBOX/mx-hand"
mkdir -p "$hand/SPECS" "$hand/SOURCES"
cat >"$hand/SPECS/mx2g-hand.spec" <<SPEC
%global debug_package %{nil}
Name: mx2g-hand
Version: 1.4.2
Release: 1
Summary: mx2g modules for $kver
License: GPL-2.0-only
Source0: mx2g-1.4.2.tar.gz
%description
hand-written kmod spec
%package -n kmod-mx2g-hand-$kver
Summary: mx2g modules for $kver
%description -n kmod-mx2g-hand-$kver
modules
%prep
%setup -q -n mx2g-1.4.2
%build
make -C $kdir M=\$PWD/driver/linux modules
%install
install -d %{buildroot}/lib/modules/$kver/extra/mx2g
install -m 0644 driver/linux/mx2g.ko driver/linux/extras/mx2g_diag.ko %{buildroot}/lib/modules/$kver/extra/mx2g/
%post -n kmod-mx2g-hand-$kver
depmod -a $kver || :
%files -n kmod-mx2g-hand-$kver
/lib/modules/$kver/extra/mx2g
SPEC
nodeps=
rpm -q rpm >/dev/null 2>&1 || nodeps=--nodeps
ours() { mx2g-pack -q --topdir "$SANDBOX/mx-ours" --kernel "$kdir" "$src" >/dev/null; }
theirs() {
	tar -C "$SANDBOX/mx" -czf "$hand/SOURCES/mx2g-1.4.2.tar.gz" mx2g-1.4.2 &&
	rpmbuild -ba $nodeps --define "_topdir $hand" "$hand/SPECS/mx2g-hand.spec" >"$hand/log" 2>&1
}
now() { date +%s.%N; }
ours || { echo "bench: mx2g-pack: the mx2g-pack run failed" >&2; return 1; }
theirs || { echo "bench: mx2g-pack: the hand rpmbuild failed (log: $hand/log)" >&2; return 1; }
to=0; tt=0
for _ in 1 2 3; do
	a=$(now); ours; b=$(now); theirs; c=$(now)
	to=$(awk -v s="$to" -v a="$a" -v b="$b" 'BEGIN { print s + b - a }')
	tt=$(awk -v s="$tt" -v b="$b" -v c="$c" 'BEGIN { print s + c - b }')
done
awk -v o="$to" -v t="$tt" 'BEGIN { printf "bench: mx2g-pack vs make -C KDIR M= + rpmbuild of a hand spec (one kernel) ours=%.3fs theirs=%.3fs ratio=%.2f\n", o / 3, t / 3, o / t }'

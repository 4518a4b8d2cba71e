# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack against what a user does without it (dkms mkrpm is gone since
# dkms 2.8.8): tar the module's source, write a spec by hand whose %build is
# `make -C KDIR M=... modules`, and run rpmbuild -ba. Same sample driver, same
# kernel headers, both produce the source RPM and the kmod RPM. Two lines:
# - first build against first build: every run starts from an empty rpmbuild
#   tree on both sides (hyperfine --prepare removes it), so mx2g-pack's
#   "nothing changed" shortcut never applies; five rounds of ours-then-theirs,
#   medians compared, the range shown;
# - re-run against re-run, nothing changed: mx2g-pack compares its inputs
#   with the last build's and builds nothing; by hand, the same content-based
#   check is a reproducible tar of the source compared (cmp) with the last
#   one and the RPMs still there, no rpmbuild.
# About three minutes on 2 cores; MX2G_BENCH=0 skips it.
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
ours="mx2g-pack -q --topdir $SANDBOX/mx-ours --kernel $kdir $src"
# the hand build, and the hand re-run that rebuilds only when the source changed
tarcmd="tar -C $SANDBOX/mx --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - mx2g-1.4.2 | gzip -n"
rpmcmd="rpmbuild -ba $nodeps --define '_topdir $hand' $hand/SPECS/mx2g-hand.spec >$hand/log 2>&1"
printf '#!/bin/sh\n%s >%s && exec %s\n' "$tarcmd" "$hand/SOURCES/mx2g-1.4.2.tar.gz" "$rpmcmd" >"$hand/build.sh"
printf '#!/bin/sh\n%s >%s/new.tar.gz || exit\n' "$tarcmd" "$hand" >"$hand/rerun.sh"
printf 'cmp -s %s/new.tar.gz %s/SOURCES/mx2g-1.4.2.tar.gz && ls %s/RPMS/*/kmod-mx2g-hand-*.rpm %s/SRPMS/mx2g-hand-*.src.rpm >/dev/null && exit 0\n' \
	"$hand" "$hand" "$hand" "$hand" >>"$hand/rerun.sh"
printf 'mv %s/new.tar.gz %s/SOURCES/mx2g-1.4.2.tar.gz && exec %s\n' "$hand" "$hand" "$rpmcmd" >>"$hand/rerun.sh"
chmod +x "$hand/build.sh" "$hand/rerun.sh"
fresh_ours="rm -rf $SANDBOX/mx-ours"
fresh_theirs="rm -rf $hand/BUILD $hand/BUILDROOT $hand/RPMS $hand/SRPMS $hand/SOURCES/mx2g-1.4.2.tar.gz"
{ $fresh_ours && $ours >/dev/null; } || { echo "bench: mx2g-pack: the mx2g-pack run failed" >&2; return 1; }
{ $fresh_theirs && "$hand/build.sh"; } || { echo "bench: mx2g-pack: the hand rpmbuild failed (log: $hand/log)" >&2; return 1; }

# rounds of one run each, ours then theirs, so that load from elsewhere on
# the machine falls on both sides alike; medians and the range are printed
jdir=$(mktemp -d)
for r in 1 2 3 4 5; do
	hyperfine --runs 1 --prepare "$fresh_ours" --prepare "$fresh_theirs" --export-json "$jdir/$r.json" \
		"$ours" "$hand/build.sh" >/dev/null 2>&1 ||
		{ echo "bench: mx2g-pack: hyperfine failed" >&2; rm -rf "$jdir"; return 1; }
done
jq -rs 'def med: sort | .[length / 2 | floor];
	([.[].results[0].times[0]]) as $o | ([.[].results[1].times[0]]) as $t |
	"bench: mx2g-pack first build vs make -C KDIR M= + rpmbuild of a hand spec, fresh rpmbuild trees (one kernel, \($o | length) interleaved rounds) ours=\($o | med * 1e3 | round / 1000)s [\($o | min * 100 | round / 100)-\($o | max * 100 | round / 100)] theirs=\($t | med * 1e3 | round / 1000)s [\($t | min * 100 | round / 100)-\($t | max * 100 | round / 100)] ratio=\(($o | med) / ($t | med) * 100 | round / 100)"' "$jdir"/*.json
rm -rf "$jdir"

# both trees hold the last build now: the re-runs find nothing changed
{ $ours >/dev/null && "$hand/rerun.sh"; } || { echo "bench: mx2g-pack: a re-run failed" >&2; return 1; }
compare "mx2g-pack no-op re-run (changed=no) vs a hand re-run (reproducible tar, cmp, RPMs there)" \
	"$ours" "$hand/rerun.sh"

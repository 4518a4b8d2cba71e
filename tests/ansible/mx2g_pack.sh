#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g_pack.sh - acmtools.cluster.mx2g_pack through ansible-playbook -c
# local: a real kmod build of the DKMS-style sample (tests/rpm/mx2g-vendor.sh)
# against the installed kernel headers (about 10 s), then a second run that
# builds nothing and is ok. mx2g-pack has no --check: check mode runs its
# dry run, which builds nothing and (listing every step) always reports
# changed. --diff shows mx2g-pack -n's output; bad arguments fail with the
# tool's message and status.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rpm/mx2g-vendor.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_prog rpm rpmbuild make gcc
need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME"
mx2g_dkms_tree "$TMPD/src"
T=$TMPD/top
an_task mx2g_pack "executable: $top_builddir/cmd/mx2g-pack
source: $TMPD/src/hello-dkms
kernel: ['$KVER']
topdir: $T"

an_expect true "check mode before a run: changed" --check --diff
is "$(an_get 'cmd[1]')" -n "check mode runs mx2g-pack -n (it has no --check)"
is "$(an_diff)" "$(mx2g-pack -q -n --kernel="$KVER" --topdir="$T" "$TMPD/src/hello-dkms")" \
	"--diff shows what mx2g-pack -n prints"
like "$(an_diff)" "*action=compile file=$KDIR kver=$KVER changed=yes*" "the diff names the kernel it would build for"
is "$(an_get 'records | map(select(.action == "build")) | length')" 1 "records: the dry run's plan"
ok "check mode built nothing" test ! -d "$T/RPMS"

an_expect true "first run: changed"
kmod=$(an_get 'records[] | select(.arch == "x86_64") | .rpm')
is "$(rpm -qp --qf '%{name}' "$kmod" 2>/dev/null)" "kmod-hello-$KVER" "records: the kmod RPM, as rpm reads it"
like "$(rpm -qpl "$kmod" 2>/dev/null)" "*/lib/modules/$KVER/extra/hello/hello.ko*" "it holds the module"
is "$(an_get 'records | map(.changed) | unique | join(" ")')" yes "every record says changed=yes"
STAMP=$(stat -c %Y "$kmod")

an_expect false "second run: ok, nothing built"
is "$(an_get 'records | map(.changed) | unique | join(" ")')" no "every record says changed=no"
is "$(stat -c %Y "$kmod")" "$STAMP" "the RPM was not rebuilt"
an_expect true "check mode after a run: the dry run still lists the build" --check

an_task mx2g_pack "executable: $top_builddir/cmd/mx2g-pack
source: $TMPD/src/hello-dkms
kernel: ['$KVER']
release: 1-2
topdir: $T"
an_fails "a release with '-' fails" 64 "mx2g-pack: error: --release '1-2': not a usable release*"
an_fails "in check mode too" 64 "mx2g-pack: error: --release '1-2'*" --check
an_task mx2g_pack "executable: $top_builddir/cmd/mx2g-pack
source: $TMPD/src/hello-dkms
kernel: [$TMPD/no-such-kernel]
topdir: $T"
an_fails "a missing kernel tree fails" 66 "mx2g-pack: error: *no-such-kernel*"
is "$(stat -c %Y "$kmod")" "$STAMP" "the failed runs left the RPM alone"
done_testing

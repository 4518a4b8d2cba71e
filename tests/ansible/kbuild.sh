#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild.sh - acmtools.cluster.kbuild through ansible-playbook -c local. A
# real kernel build takes many minutes, so the source is a stand-in tree
# whose top Makefile makes, in a moment, the files kbuild's spec installs:
# kbuild, rpmbuild and the RPMs are all real (about a second a build).
# kbuild has no --check: check mode runs its dry run, which builds nothing
# and (listing every step) reports changed. --diff shows kbuild -n's
# output; bad arguments fail with the tool's message and status.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_prog rpm rpmbuild make gcc flex bison bc perl
export HOME="$TMPD/home"
mkdir -p "$HOME"
K=$TMPD/linux-6.1.5
mkdir -p "$K/include/linux" "$K/scripts" "$K/arch/x86/include/asm"
echo 'GPL-2.0' >"$K/COPYING"
echo '/* stand-in */' >"$K/include/linux/version.h"
echo '/* stand-in */' >"$K/arch/x86/include/asm/page.h"
printf '#!/bin/sh\n' >"$K/scripts/stand-in.sh"
cat >"$K/Makefile" <<'MK'
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 5
EXTRAVERSION =
NAME = Stand-in
KREL = $(VERSION).$(PATCHLEVEL).$(SUBLEVEL)$(EXTRAVERSION)$(LOCALVERSION)
defconfig tinyconfig:
	printf 'CONFIG_STAND_IN=y\n' >.config
olddefconfig:
	test -f .config
mrproper:
	rm -rf .config include/config
all:
	mkdir -p include/config arch/x86/boot
	echo '$(KREL)' >include/config/kernel.release
	echo 'not a kernel' >arch/x86/boot/bzImage
	echo '0000000000000000 T _text' >System.map
image_name:
	@echo arch/x86/boot/bzImage
.PHONY: defconfig tinyconfig olddefconfig mrproper all image_name
MK
T=$TMPD/top
an_task kbuild "executable: $top_builddir/cmd/kbuild
source: $K
topdir: $T"

an_expect true "check mode: changed" --check --diff
is "$(an_get 'cmd[1]')" -n "check mode runs kbuild -n (it has no --check)"
is "$(an_diff)" "$(kbuild -q -n --topdir="$T" "$K")" "--diff shows what kbuild -n prints"
like "$(an_diff)" "*action=build file=$T/SPECS/kernel-ml.spec stage=-ba changed=yes*" "the diff names the build"
is "$(an_get 'records[-1].kver')" 6.1.5-1.x86_64 "records: the dry run's kver"
ok "check mode built nothing" test ! -d "$T/RPMS"

an_expect true "a run: changed"
is "$(an_get 'records | map(select(.rpm)) | map(.name) | sort | join(" ")')" \
	"kernel-ml kernel-ml kernel-ml-devel" "records: the image, the source RPM and -devel"
rpm=$(an_get 'records[] | select(.name == "kernel-ml" and .arch == "x86_64") | .rpm')
like "$(rpm -qpl "$rpm" 2>/dev/null)" "*/lib/modules/6.1.5-1.x86_64/vmlinuz*" "records: the RPM, as rpm reads it"
is "$(an_get 'records[-1] | "\(.kver) \(.changed)"')" "6.1.5-1.x86_64 yes" "records: kver and changed"
# kbuild builds again on every run (it keeps no state of its last build):
# the module reports what the records say, whatever they say.
an_play
is "$(an_get changed)" "$(an_get 'records | any(.changed == "yes")')" "a second run: changed is the records' changed="

an_task kbuild "executable: $top_builddir/cmd/kbuild
source: $K
topdir: $T
release: 1-2"
an_fails "a release with '-' fails" 64 "kbuild: error: --release '1-2': not a usable release*"
an_fails "in check mode too" 64 "kbuild: error: --release '1-2'*" --check
an_task kbuild "executable: $top_builddir/cmd/kbuild
source: $K
topdir: $T
config: $TMPD/no.config"
an_fails "a missing config fails" 66 "kbuild: error: '$TMPD/no.config'*"
an_task kbuild "executable: $top_builddir/cmd/kbuild
source: $K
topdir: $T
config: /etc"
an_fails "a directory as config fails" 66 "kbuild: error: '/etc'*" --check
done_testing

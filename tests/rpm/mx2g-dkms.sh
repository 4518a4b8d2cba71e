#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-dkms.sh - a driver source whose shipped dkms.conf says how it is
# built, packaged for real against the installed kernel headers: the name
# and version from PACKAGE_NAME/PACKAGE_VERSION (not the NAME-VER-REL
# directory), the module set from BUILT_MODULE_NAME[] (one built only with
# the ACMB=1 that MAKE[0] passes, in the BUILT_MODULE_LOCATION subdir), each
# .ko installed by DEST_MODULE_LOCATION[], PRE_BUILD run in %build with
# $kernelver and never during the analysis. Then hostile dkms.conf files:
# nothing they would run is run, by mx2g-pack or by the spec it writes.
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmbuild rpm2cpio cpio modinfo make gcc tar
need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME"

S=$TMPD/acmdrv-dkms-2.0-3
mkdir -p "$S/sub"
cat >"$S/dkms.conf" <<'EOF'
# acmdrv: two modules, one in a subdirectory, built only with ACMB=1
PACKAGE_NAME="acmdrv"
PACKAGE_VERSION='1.5'
MAKE[0]="make -C ${kernel_source_dir} \
    M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build ACMB=1 modules"
CLEAN="make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build clean"
PRE_BUILD="gen.sh $kernelver"
BUILT_MODULE_NAME[0]=acm_a
DEST_MODULE_LOCATION[0]=/extra
BUILT_MODULE_NAME[1]="acm_b"; BUILT_MODULE_LOCATION[1]="sub/"
DEST_MODULE_LOCATION[1]="/kernel/drivers/misc"
AUTOINSTALL=yes
EOF
cat >"$S/Kbuild" <<'EOF'
obj-m := acm_a.o
ifeq ($(ACMB),1)
obj-m += sub/
endif
EOF
printf 'obj-m := acm_b.o\n' >"$S/sub/Kbuild"
# the script dkms runs before make: it writes a header the module needs
cat >"$S/gen.sh" <<'EOF'
#!/bin/sh
printf '#define ACM_GEN_KVER "%s"\n' "$1" >gen.h
EOF
chmod 0755 "$S/gen.sh"
for m in a b; do
	d=$S; [ $m = b ] && d=$S/sub
	cat >"$d/acm_$m.c" <<EOF
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
$([ $m = a ] && echo '#include "gen.h"')
static int __init acm_${m}_init(void) { return 0; }
static void __exit acm_${m}_exit(void) { }
module_init(acm_${m}_init);
module_exit(acm_${m}_exit);
$([ $m = a ] && echo 'MODULE_INFO(acmgen, ACM_GEN_KVER);')
MODULE_LICENSE("GPL");
EOF
done

# ---- the analysis runs nothing of the source's
expect_exit 0 "-n on a dkms.conf source exits 0" mx2g-pack -n --topdir "$TMPD/n" --kernel "$KDIR" "$S"
like "$OUT" "*module=acm_a dir=. root=.*" "-n: BUILT_MODULE_NAME[0], at the top"
like "$OUT" "*module=acm_b dir=sub root=.*" "-n: BUILT_MODULE_NAME[1], in BUILT_MODULE_LOCATION[1]"
like "$OUT" "*file=$TMPD/n/SOURCES/acmdrv-1.5.tar.gz*" "-n: PACKAGE_NAME/VERSION win over the directory name"
expect_exit 0 "--spec-only exits 0" mx2g-pack --spec-only --kernel "$KDIR" "$S"
like "$OUT" "*%{__make} %{?_smp_mflags} KERNELRELEASE=$KVER -C $KDIR M=\"\$PWD\" ACMB=1 modules*" \
	"spec: MAKE[0] as words, dkms's build dir as the build copy"
like "$OUT" "*if test -x gen.sh; then \"\$PWD\"/gen.sh $KVER; fi*" "spec: PRE_BUILD runs in %build"
ok "PRE_BUILD did not run during the analysis" test ! -e "$S/gen.h"

# ---- the real build
T=$TMPD/top
expect_exit 0 "dkms.conf source builds" mx2g-pack -q --topdir "$T" --kernel "$KDIR" "$S"
[ "$RC" = 0 ] || printf '%s\n' "$ERR" | tail -n 30 | sed 's/^/# /'
rpm1=$(printf '%s\n' "$OUT" | sed -n "s/^rpm=\([^ ]*\) name=kmod-acmdrv-$KVER .*/\1/p")
ok "kmod-acmdrv-KVER built" test -f "$rpm1"
is "$(rpm -qp --qf '%{version}' "$rpm1" 2>/dev/null)" "1.5" "version: PACKAGE_VERSION"
is "$(rpm -qpl "$rpm1" 2>/dev/null | grep '\.ko$' | tr '\n' ' ')" \
	"/lib/modules/$KVER/extra/acmdrv/acm_a.ko /lib/modules/$KVER/extra/acmdrv/drivers/misc/acm_b.ko " \
	"exactly the .ko files dkms.conf names, by DEST_MODULE_LOCATION under extra/NAME"
mkdir -p "$TMPD/x"
(cd "$TMPD/x" && rpm2cpio "$rpm1" | cpio -idm --quiet)
is "$(modinfo -F acmgen "$TMPD/x/lib/modules/$KVER/extra/acmdrv/acm_a.ko")" "$KVER" \
	"PRE_BUILD ran in %build with \$kernelver"
like "$(modinfo -F vermagic "$TMPD/x/lib/modules/$KVER/extra/acmdrv/drivers/misc/acm_b.ko")" "$KVER *" \
	"the module only ACMB=1 builds: the installed kernel's vermagic"
like "$(cat "$TMPD/x/etc/depmod.d/kmod-acmdrv-$KVER.conf")" "*override acm_b $KVER extra/acmdrv/drivers/misc*" \
	"depmod.d: the override names the module's own directory"
ok "the source tree is left as it was" test ! -e "$S/gen.h"

# ---- OpenAFS's shape: a case over a backtick cut of $kernelver, then a
# backtick sed, make a make flag; decided for the kernel as bash decides it
A=$TMPD/acmcase-1.0
mkdir -p "$A"
cp "$S/Kbuild" "$S/acm_a.c" "$A/"
printf '#define ACM_GEN_KVER "x"\n' >"$A/gen.h"
cat >"$A/sys.sh" <<'EOF'
ARCH=`echo "$kernelver" | cut -d- -f 3`
case "$ARCH" in
  amd64)     SYS="amd64_linuxXX" ;;
  486 | 686) SYS="i386_linuxXX"  ;;
  *)         SYS="UNKNOWN"       ;;
esac
case "$kernelver" in
  2.6.* | 3.*) KV=26 ;;
  *)           KV=26 ;;
esac
SYS=`echo "$SYS" | sed "s/XX\$/$KV/"`
EOF
{ cat "$A/sys.sh"; cat <<'EOF'
PACKAGE_NAME=acmcase
PACKAGE_VERSION=1.0
BUILT_MODULE_NAME[0]=acm_a
MAKE[0]="make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build SYSNAME=${SYS} modules"
EOF
} >"$A/dkms.conf"
want=$(kernelver=$KVER bash -c ". '$A/sys.sh'; echo \"\$SYS\"")
expect_exit 0 "case and backticks: --spec-only exits 0" mx2g-pack --spec-only --kernel "$KDIR" "$A"
like "$OUT" "*M=\"\$PWD\" SYSNAME=$want modules*" "case and backticks: the make flag bash gives for $KVER ($want)"

# ---- hostile dkms.conf: refused, or the code ignored; nothing runs
C=$TMPD/canary
H=$TMPD/hostile-1.0
mkdir -p "$H"
cp "$S/Kbuild" "$S/acm_a.c" "$H/"
printf '#define ACM_GEN_KVER "x"\n' >"$H/gen.h"
for case in "MAKE[0]=\"make \$(touch $C)\"" "MAKE[0]=\"make; touch $C &\"" \
	"MAKE[0]=\"make | touch $C\"" "BUILT_MODULE_NAME[1]=\`touch $C\`" \
	"PRE_BUILD=\"x \$(touch $C)\"" "BUILT_MODULE_NAME[1]=\`echo x | sed 's/x/touch $C/e'\`" \
	"BUILT_MODULE_NAME[1]=\`echo \\\`touch $C\\\` | cut -d- -f1\`" \
	"case \`touch $C\` in x) BUILT_MODULE_NAME[1]=b;; esac"; do
	printf 'PACKAGE_NAME=h\nPACKAGE_VERSION=1\nBUILT_MODULE_NAME[0]=acm_a\n%s\n' "$case" >"$H/dkms.conf"
	expect_exit 65 "hostile: $case: refused (65)" mx2g-pack -n --topdir "$TMPD/h" --kernel "$KDIR" "$H"
	like "$ERR" "*dkms.conf*" "hostile: $case: the message names dkms.conf"
done
printf 'touch %s\nPACKAGE_NAME=h\nPACKAGE_VERSION=`touch %s`\nBUILT_MODULE_NAME[0]=acm_a\n' "$C" "$C" >"$H/dkms.conf"
expect_exit 0 "shell code and a command-made PACKAGE_VERSION: warned, ignored" \
	mx2g-pack --spec-only --kernel "$KDIR" "$H"
like "$ERR" "*line 1: shell code*never run*" "warning: the shell code's line"
like "$ERR" "*PACKAGE_VERSION is not static*ignored*" "warning: the field ignored"
is "$(printf '%s\n' "$OUT" | grep -c touch)" 0 "the spec carries none of it"
ok "no hostile command ran" test ! -e "$C"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-conf.sh - a configure-driven driver (the OpenZFS/OpenAFS shape, in
# small): no generated configure, an autogen.sh, a configure.ac whose
# AC_ARG_WITH([linux]) / ([linux-obj]) name the kernel (its default is the
# running kernel's, which has no headers here), a Makefile.in that builds
# the module with make -C $(LINUX_OBJ) M=..., and a header configure fills.
# Built for real against the installed Debian headers and read back: the
# name and version from AC_INIT (the top directory has none), the bootstrap
# and configure run in %build with the split headers' source and build
# trees, the .ko where the kmod layout puts it, the kernel Requires and
# vermagic. The analysis runs nothing of the tree.
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmbuild rpm2cpio cpio modinfo make gcc tar autoreconf
need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME"
KSRC=$(readlink -f "/lib/modules/$KVER/source" 2>/dev/null || echo "$KDIR")
C=$TMPD/canary

S=$TMPD/acmconf
mkdir -p "$S/tools"
cat >"$S/configure.ac" <<'EOF'
AC_INIT([ACM Conf Driver],[0.4.2],[nobody@example.org],[acmconf])
AC_ARG_WITH([linux],
	[AS_HELP_STRING([--with-linux=DIR], [kernel source tree])],
	[LINUX=$withval], [LINUX=/lib/modules/`uname -r`/source])
AC_ARG_WITH([linux-obj],
	[AS_HELP_STRING([--with-linux-obj=DIR], [kernel build tree])],
	[LINUX_OBJ=$withval], [LINUX_OBJ=/lib/modules/`uname -r`/build])
AS_IF([test -f "$LINUX_OBJ/include/generated/utsrelease.h"], [],
	[AC_MSG_ERROR([no kernel build tree at $LINUX_OBJ])])
AC_SUBST([LINUX])
AC_SUBST([LINUX_OBJ])
AC_CONFIG_FILES([Makefile acmconf_cfg.h])
AC_OUTPUT
EOF
printf '#!/bin/sh\ntouch %s\nexec autoreconf -fi\n' "$C.autogen" >"$S/autogen.sh"
chmod 0755 "$S/autogen.sh"
cat >"$S/acmconf_cfg.h.in" <<'EOF'
#define ACMCONF_LINUX "@LINUX@"
#define ACMCONF_OBJ "@LINUX_OBJ@"
EOF
printf 'LINUX_OBJ = @LINUX_OBJ@\nall:\n\t$(MAKE) -C $(LINUX_OBJ) M=$(CURDIR) modules\n' >"$S/Makefile.in"
printf 'obj-m := acmconf.o\n' >"$S/Kbuild"
cat >"$S/acmconf.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
#include "acmconf_cfg.h"
static int __init acmconf_init(void) { return 0; }
static void __exit acmconf_exit(void) { }
module_init(acmconf_init);
module_exit(acmconf_exit);
MODULE_INFO(acmlinux, ACMCONF_LINUX);
MODULE_INFO(acmobj, ACMCONF_OBJ);
MODULE_LICENSE("GPL");
EOF
printf 'int main(void) { return 0; }\n' >"$S/tools/acmctl.c"
printf 'GPL-2.0\n' >"$S/COPYING"

# ---- the analysis: the configure build is seen, nothing of it runs
expect_exit 0 "-n on a configure-driven driver exits 0" mx2g-pack -n --topdir "$TMPD/n" --kernel "$KDIR" "$S"
like "$OUT" "*module=acmconf dir=. root=.*" "-n: the module, from its Kbuild"
like "$OUT" "*action=configure file=$KDIR rule=autoconf*" "-n: configure runs first, the generic rule"
like "$OUT" "*file=$TMPD/n/SOURCES/acmconf-0.4.2.tar.gz*" "-n: name and version from AC_INIT's tarname and version"
expect_exit 0 "--spec-only exits 0" mx2g-pack --spec-only --kernel "$KDIR" "$S"
like "$OUT" "*(cd _kmod_build_$KVER && ./autogen.sh && ./configure --with-linux=$KSRC --with-linux-obj=$KDIR && %{__make} %{?_smp_mflags})*" \
	"spec: bootstrap, configure with the kernel's source and build trees, make"
like "$OUT" "*BuildRequires:  autoconf*" "spec: the bootstrap's tools are build requirements"
ok "the analysis ran neither autogen.sh nor configure" test ! -e "$C.autogen" -a ! -e "$S/configure"

# ---- the real build
T=$TMPD/top
expect_exit 0 "configure-driven driver builds" mx2g-pack -q --topdir "$T" --kernel "$KDIR" "$S"
[ "$RC" = 0 ] || printf '%s\n' "$ERR" | tail -n 30 | sed 's/^/# /'
rpm1=$(printf '%s\n' "$OUT" | sed -n "s/^rpm=\([^ ]*\) name=kmod-acmconf-$KVER .*/\1/p")
srpm=$(printf '%s\n' "$OUT" | sed -n 's/^rpm=\([^ ]*\.src\.rpm\) .*/\1/p')
ok "kmod-acmconf-KVER built" test -f "$rpm1"
is "$(rpm -qp --qf '%{version}' "$rpm1" 2>/dev/null)" "0.4.2" "version: AC_INIT's"
is "$(rpm -qpl "$rpm1" 2>/dev/null | grep '\.ko$')" "/lib/modules/$KVER/extra/acmconf/acmconf.ko" \
	"rpm -qpl: the module in the kmod layout"
like "$(rpm -qp --requires "$rpm1" 2>/dev/null)" "*/lib/modules/$KVER/modules.builtin*" \
	"--requires: tied to that kernel"
like "$(rpm -qp --requires "$srpm" 2>/dev/null)" "*autoconf*" "the source RPM requires autoconf"
like "$(rpm -qp --scripts "$rpm1" 2>/dev/null)" "*depmod -a $KVER*" "depmod for that kernel"
mkdir -p "$TMPD/x"
(cd "$TMPD/x" && rpm2cpio "$rpm1" | cpio -idm --quiet)
ko=$TMPD/x/lib/modules/$KVER/extra/acmconf/acmconf.ko
like "$(modinfo -F vermagic "$ko")" "$KVER *" "vermagic: the kernel given, not the running one"
is "$(modinfo -F acmlinux "$ko")" "$KSRC" "configure got the kernel's source tree"
is "$(modinfo -F acmobj "$ko")" "$KDIR" "configure got the kernel's build tree"
ok "the source tree is left as it was" test ! -e "$S/configure" -a ! -e "$S/Makefile"

# ---- a shipped configure (a release tarball): no bootstrap
(cd "$S" && autoreconf -fi >/dev/null 2>&1) && rm -rf "$S/autom4te.cache"
expect_exit 0 "--spec-only with a shipped configure" mx2g-pack --spec-only --kernel "$KDIR" "$S"
like "$OUT" "*(cd _kmod_build_$KVER && ./configure --with-linux=*" "shipped configure: run as it is"
is "$(printf '%s\n' "$OUT" | grep -c autogen)" 0 "shipped configure: no bootstrap"

# ---- hostile autoconf input: nothing of it reaches the spec or runs
H=$TMPD/hostile
mkdir -p "$H/m4"
cp "$S/Kbuild" "$S/acmconf.c" "$H/"
cat >"$H/configure.ac" <<EOF
AC_INIT([h\$(touch $C)],[m4_esyscmd(touch $C)])
AC_ARG_WITH([linux\`touch $C\`])
EOF
printf 'AC_ARG_WITH([linux-obj;touch %s])\n' "$C" >"$H/m4/k.m4"
expect_exit 0 "hostile AC_INIT/AC_ARG_WITH: a spec, from the table's words" \
	mx2g-pack --spec-only --set-version 1 --kernel "$KDIR" "$H"
is "$(printf '%s\n' "$OUT" | grep -c touch)" 0 "the spec carries none of the tree's text"
like "$OUT" "*./configure --with-linux=$KSRC --with-linux-obj=$KDIR &&*" "only the table's flags"
ok "nothing of the tree ran" test ! -e "$C"

done_testing

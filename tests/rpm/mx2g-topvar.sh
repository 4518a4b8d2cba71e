#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-topvar.sh - dahdi's shape: a module's Kbuild says -I$(DAHDI_INCLUDE),
# a variable only the vendor's top Makefile sets (to its own absolute
# path). --module-dir builds the module with the kernel's Kbuild and
# --make-var DAHDI_INCLUDE=%{top}/include names the build copy's top at
# build time: the clean tarball keeps the top-level include/ it points
# at, and the module builds for real against the installed headers.
# Unknown placeholders and paths that climb out are usage errors (64).
. "$top_srcdir/tests/lib.sh"
need_prog rpm rpmbuild rpm2cpio cpio modinfo make gcc tar
need_kernel_headers
export HOME="$TMPD/home"
mkdir -p "$HOME"

S=$TMPD/acmtop-1.2
mkdir -p "$S/include/acm" "$S/drivers/acmt" "$S/tools" "$S/doc"
# the vendor's top Makefile: the only place DAHDI_INCLUDE is set
cat >"$S/Makefile" <<'EOF2'
DAHDI_INCLUDE := $(PWD)/include
all:
	$(MAKE) -C /lib/modules/$(shell uname -r)/build M=$(PWD)/drivers/acmt DAHDI_INCLUDE=$(DAHDI_INCLUDE) modules
EOF2
cat >"$S/drivers/acmt/Kbuild" <<'EOF2'
ccflags-y += -I$(DAHDI_INCLUDE)
obj-m := acm_top.o
EOF2
printf '#define ACM_TOP_MAGIC "from-top-include"\n' >"$S/include/acm/top.h"
cat >"$S/drivers/acmt/acm_top.c" <<'EOF2'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
#include <acm/top.h>
static int __init acm_top_init(void) { return 0; }
static void __exit acm_top_exit(void) { }
module_init(acm_top_init);
module_exit(acm_top_exit);
MODULE_INFO(acmtop, ACM_TOP_MAGIC);
MODULE_LICENSE("GPL");
EOF2
printf 'int main(void) { return 0; }\n' >"$S/tools/acmctl.c"
printf 'notes\n' >"$S/doc/notes.txt"

# ---- usage: only %{top}, and never above the top
for v in 'X=%{topdir}/include' 'X=%{_builddir}' 'X=50%' 'X=%{top}/../etc' 'X=%{top}/a/../../b'; do
	expect_exit 64 "--make-var $v: a usage error" mx2g-pack -n --topdir "$TMPD/u" --kernel "$KDIR" \
		--module-dir drivers/acmt --make-var "$v" "$S"
	like "$ERR" "*--make-var '$v'*" "--make-var $v: the message names it"
done
like "$ERR" "*climbs out*" "a path above the top: said so"

# ---- without the variable the tarball would not hold include/
T0=$TMPD/top0
expect_exit 0 "--srpm-only without --make-var exits 0" mx2g-pack -q --srpm-only --topdir "$T0" \
	--kernel "$KDIR" --module-dir drivers/acmt "$S"
ok "without --make-var: no include/ in the clean tarball" \
	sh -c "! tar -tzf '$T0/SOURCES/acmtop-1.2.tar.gz' | grep -q 'include/acm/top.h'"

# ---- the spec names the build copy's top; the tarball keeps include/
expect_exit 0 "--spec-only exits 0" mx2g-pack --spec-only --kernel "$KDIR" --module-dir drivers/acmt \
	--make-var DAHDI_INCLUDE=%{top}/include "$S"
like "$OUT" "*M=\"\$PWD/_kmod_build_$KVER/drivers/acmt\" DAHDI_INCLUDE=\"\$PWD/_kmod_build_$KVER\"/include *" \
	"spec: %{top} is the build copy's absolute path at build time"
T=$TMPD/top
expect_exit 0 "the module that needs the top's include/ builds" mx2g-pack -q --topdir "$T" \
	--kernel "$KDIR" --module-dir drivers/acmt --make-var DAHDI_INCLUDE=%{top}/include "$S"
[ "$RC" = 0 ] || printf '%s\n' "$ERR" | tail -n 30 | sed 's/^/# /'
list=$(tar -tzf "$T/SOURCES/acmtop-1.2.tar.gz")
like "$list" "*acmtop-1.2/include/acm/top.h*" "the clean tarball keeps what DAHDI_INCLUDE points at"
is "$(printf '%s\n' "$list" | grep -c 'tools/acmctl.c')" 0 "and still leaves the user-space parts out"
rpm1=$(printf '%s\n' "$OUT" | sed -n "s/^rpm=\([^ ]*\) name=kmod-acmtop-$KVER .*/\1/p")
ok "kmod-acmtop-KVER built" test -f "$rpm1"
mkdir -p "$TMPD/x"
(cd "$TMPD/x" && rpm2cpio "$rpm1" | cpio -idm --quiet)
is "$(modinfo -F acmtop "$TMPD/x/lib/modules/$KVER/extra/acmtop/acm_top.ko" 2>/dev/null)" "from-top-include" \
	"the module was built with the top's include/ header"

# ---- a bare %{top} (xtables-addons' XA_ABSTOPSRCDIR): the whole tree ships
T2=$TMPD/top2
expect_exit 0 "--srpm-only with XA_ABSTOPSRCDIR=%{top} exits 0" mx2g-pack -q --srpm-only \
	--topdir "$T2" --kernel "$KDIR" --module-dir drivers/acmt --make-var XA_ABSTOPSRCDIR=%{top} \
	--make-var DAHDI_INCLUDE=%{top}/include "$S"
like "$(tar -tzf "$T2/SOURCES/acmtop-1.2.tar.gz")" "*acmtop-1.2/tools/acmctl.c*" \
	"a bare %{top}: the whole tree is kept"

done_testing

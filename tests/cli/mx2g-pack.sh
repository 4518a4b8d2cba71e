#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack.sh - what mx2g-pack finds in driver sources and says before any
# build: modules in a messy vendor layout, a DKMS-style source, the spec it
# would build (checked with rpmspec), and every bad-input case with its exit
# status. Fast: nothing is compiled here (tests/rpm/mx2g-pack.sh builds).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/rpm/mx2g-vendor.sh"
need_prog rpm rpmspec rpmlint jq

# the installed Debian kernel headers (linux-headers-amd64)
need_kernel_headers

mx2g_vendor_tree "$TMPD" "$TMPD/vendor-make-rpm-ran"
mx2g_dkms_tree "$TMPD"
mx2g_userland_tree "$TMPD"
V=$TMPD/mx2g-1.4.2
export HOME="$TMPD/home"
mkdir -p "$HOME"

# ---- finding modules in the vendor layout (dry run: records, no change)
expect_exit 0 "-n on the vendor tree exits 0" mx2g-pack -n --kernel "$KVER" "$V"
like "$OUT" "*module=mx2g dir=driver/linux root=driver/linux *" "finds the nested multi-object module"
like "$OUT" "*module=mx2g_diag dir=driver/linux/extras root=driver/linux *" \
	"follows obj-m += extras/ to the second module"
like "$OUT" "*action=compile file=$KDIR kver=$KVER changed=yes*" \
	"would build with the kernel's Kbuild for the resolved kernel"
R="$HOME/rpmbuild"
like "$OUT" "*module=mx2g_diag dir=driver/linux/extras root=driver/linux changed=no
action=write file=$R/SOURCES/mx2g-1.4.2.tar.gz changed=yes
action=write file=$R/SPECS/mx2g-kmod.spec changed=yes
action=compile file=$KDIR kver=$KVER changed=yes
action=build file=$R/SPECS/mx2g-kmod.spec stage=-ba changed=yes" \
	"-n: the steps a run would take, in the vocabulary kbuild and copycds-import use"
like "$ERR" "*left out of the clean source*libmyri/ tools/*--userland-install*" \
	"names the user-space parts it leaves out, and the hook"
ok "-n wrote no rpmbuild tree" test ! -e "$HOME/rpmbuild"
expect_exit 0 "--json -n exits 0" mx2g-pack --json -n -q --kernel "$KVER" "$V"
is "$(printf '%s\n' "$OUT" | jq -r 'select(.module) | .module' | tr '\n' ' ')" "mx2g mx2g_diag " \
	"--json: one object per module"
is "$ERR" "" "-q silences the user-space note"

# ---- the spec it would build
expect_exit 0 "--spec-only exits 0" mx2g-pack --spec-only -q --kernel "$KDIR" "$V"
printf '%s\n' "$OUT" >"$TMPD/mx2g-kmod.spec"
ok "rpmspec parses the spec" rpmspec -P "$TMPD/mx2g-kmod.spec"
is "$(rpmspec -q --qf '%{name}\n' "$TMPD/mx2g-kmod.spec" 2>/dev/null | sort | tr '\n' ' ')" \
	"kmod-mx2g-$KVER mx2g-kmod " "one kmod-NAME-KVER package for the kernel (and the source package)"
is "$(rpmspec -q --srpm --qf '%{name} %{version} %{license}' "$TMPD/mx2g-kmod.spec" 2>/dev/null)" \
	"mx2g-kmod 1.4.2 GPL-2.0-only" "source package name, version from the top dir, SPDX license"
like "$OUT" "*M=\"\$PWD/_kmod_build_$KVER/driver/linux\"*" "builds the nested directory with M="
like "$OUT" "*depmod -aeF /boot/System.map-$KVER $KVER*" "depmod for exactly that kernel"
case $OUT in *"make rpm"*|*packaging/mx2g.spec*|*MX_BUILD_FARM*) bad=1 ;; *) bad=0 ;; esac
is "$bad" 0 "the vendor's make rpm and spec are not used"
run sh -c "cd '$TMPD' && rpmlint mx2g-kmod.spec"
like "$OUT" "* 0 errors*" "rpmlint finds no errors in the spec"
expect_exit 0 "--spec-only twice gives the same spec" mx2g-pack --spec-only -q --kernel "$KDIR" "$V"
is "$(printf '%s\n' "$OUT" | cmp - "$TMPD/mx2g-kmod.spec" && echo same)" "same" "spec is stable"

# ---- --module-dir overrides the guess
expect_exit 0 "--module-dir picks one module" mx2g-pack -n -q --kernel "$KVER" \
	--module-dir driver/linux/extras "$V"
is "$(printf '%s\n' "$OUT" | grep -c '^module=')" 1 "--module-dir: only the module there"
like "$OUT" "*module=mx2g_diag dir=driver/linux/extras root=driver/linux/extras *" "--module-dir: its module"
expect_exit 65 "--module-dir without obj-m exits 65" mx2g-pack -n --kernel "$KVER" --module-dir libmyri "$V"
like "$ERR" "mx2g-pack: error: *'libmyri' has no Kbuild or Makefile that defines obj-m*" \
	"--module-dir without obj-m: says so"
expect_exit 65 "--module-dir missing exits 65" mx2g-pack -n --kernel "$KVER" --module-dir nope "$V"
expect_exit 64 "--module-dir outside the tree exits 64" mx2g-pack -n --kernel "$KVER" --module-dir ../x "$V"

# ---- obj-$(CONFIG_X): the module exists only with the vendor's make variable
C=$TMPD/mxc-2.0
mkdir -p "$C/linux"
printf 'obj-$(CONFIG_MXC) += mxc.o\nmxc-y := core.o\n' >"$C/linux/Kbuild"
printf 'all:\n\t$(MAKE) -C $(KDIR) M=$(CURDIR)/linux CONFIG_MXC=m modules\n' >"$C/Makefile"
expect_exit 65 "obj-\$(CONFIG_MXC) alone is no module" mx2g-pack -n -q --kernel "$KVER" "$C"
expect_exit 0 "--make-var CONFIG_MXC=m finds it" mx2g-pack -n -q --make-var CONFIG_MXC=m --kernel "$KVER" "$C"
like "$OUT" "*module=mxc dir=linux root=linux *" "--make-var: the module"
expect_exit 0 "--make-var: spec" mx2g-pack --spec-only -q --make-var CONFIG_MXC=m --kernel "$KVER" "$C"
like "$OUT" "*M=\"\$PWD/_kmod_build_$KVER/linux\" CONFIG_MXC=m %{?_smp_mflags} modules*" \
	"--make-var: passed to the kernel's make in the spec"
expect_exit 64 "--make-var without '=' exits 64" mx2g-pack -n --make-var CONFIG_MXC --kernel "$KVER" "$C"
expect_exit 64 "--make-var with a blank exits 64" mx2g-pack -n --make-var 'X=a b' --kernel "$KVER" "$C"

# ---- a DKMS-style source: name and version from dkms.conf
expect_exit 0 "-n on a DKMS source exits 0" mx2g-pack -n --kernel "$KVER" "$TMPD/hello-dkms"
like "$OUT" "*module=hello dir=. root=. *" "DKMS source: the top-level module"
like "$OUT" "*action=write file=$R/SOURCES/hello-0.3.1.tar.gz changed=yes*" "DKMS source: name and version from dkms.conf"
expect_exit 0 "--name and --set-version override" mx2g-pack -n --kernel "$KVER" --name hi \
	--set-version 2.0 "$TMPD/hello-dkms"
like "$OUT" "*action=write file=$R/SOURCES/hi-2.0.tar.gz changed=yes*" "--name/--set-version used"
like "$OUT" "*action=write file=$R/SPECS/hi-kmod.spec changed=yes*" "--name: the spec's name"

# ---- a dkms.conf that picks its modules by the kernel (lttng-modules' shape):
# decided for the --kernel, from its .config, its version and its tree's files
K=$TMPD/kdep-1.0
cp -a "$TMPD/hello-dkms" "$K"
cat >"$K/dkms.conf" <<'EOF'
PACKAGE_NAME="kdep"
PACKAGE_VERSION="1.0"
i=0
KCONFIG=false
if [ -f $kernel_source_dir/.config ]; then
    . $kernel_source_dir/.config
    KCONFIG=true
fi
VERSION=$(echo $kernelver | sed -ne 's/\([0-9]\+\)\.\([0-9]\+\)\.\([0-9]\+\)\-\(.\+\)/\1/p')
BUILT_MODULE_NAME[$i]="hello"
i=$((i+1))
if [ "$KCONFIG" = "true" ] && [ -n "$CONFIG_64BIT" ]; then
    BUILT_MODULE_NAME[$i]="hello64"
    i=$((i+1))
fi
if [ "$KCONFIG" = "true" ] && [ -n "$CONFIG_MX2G_NOSUCH_OPTION" ]; then
    BUILT_MODULE_NAME[$i]="hellonosuch"
    i=$((i+1))
fi
if [ "$VERSION" -lt 3 ] || [ ! -f "$kernel_source_dir/Makefile" ]; then
    BUILT_MODULE_NAME[$i]="helloold"
fi
EOF
expect_exit 0 "-n on a dkms.conf with ifs over the kernel exits 0" mx2g-pack -n --kernel "$KVER" "$K"
is "$(printf '%s\n' "$OUT" | sed -n 's/^module=\([^ ]*\) .*/\1/p' | tr '\n' ' ')" "hello hello64 " \
	"ifs over the kernel: the modules its .config, version and tree pick, no others"
# what cannot be decided statically is refused naming the line; nothing runs
canary=$TMPD/kdep-canary
cp "$K/dkms.conf" "$TMPD/kdep.conf"
for cond in "touch $canary" "[ -f /etc/passwd ]" "[ \"\$(touch $canary)\" = x ]"; do
	{ head -n 19 "$TMPD/kdep.conf"; printf 'if %s; then\n' "$cond"; tail -n +21 "$TMPD/kdep.conf"; } >"$K/dkms.conf"
	expect_exit 65 "an if the kernel cannot decide exits 65 ($cond)" mx2g-pack -n --kernel "$KVER" "$K"
	like "$ERR" "*dkms.conf: BUILT_MODULE_NAME* is not static (line 21: set inside an if that cannot be decided for the kernel (line 20: *" \
		"an undecidable if: names the lines ($cond)"
	ok "an undecidable if: nothing was run ($cond)" test ! -e "$canary"
	is "$OUT" "" "an undecidable if: no records ($cond)"
done

# ---- a git repository at a tag: the version from the tag (shared source module)
need_prog git
G=$TMPD/mx2g.git-work
cp -a "$V" "$G"
git -C "$G" init -q && git -C "$G" add -A &&
	git -C "$G" -c user.name=t -c user.email=t@example.org commit -qm vendor &&
	git -C "$G" tag v1.4.2
expect_exit 0 "a git source at a tag exits 0" mx2g-pack -n --name mx2g --ref v1.4.2 --kernel "$KVER" "$G"
like "$OUT" "*module=mx2g dir=driver/linux root=*" "git source: the module found in the commit's tree"
like "$OUT" "*action=write file=$R/SOURCES/mx2g-1.4.2.tar.gz changed=yes*" "git source: version from the tag v1.4.2"

# ---- bad input
expect_exit 65 "a tree with no kernel module exits 65" mx2g-pack -n --kernel "$KVER" "$TMPD/myri-tools-2.0"
like "$ERR" "mx2g-pack: error: '$TMPD/myri-tools-2.0': no kernel module found: looked for Kbuild or Makefile files that define obj-m*" \
	"no module: says what was looked for"
is "$OUT" "" "no module: no records"
# a module that exists only as obj-$(CONFIG_X): the message names the variable to set
mkdir -p "$TMPD/mxcfg-1.0/drv"
printf 'obj-$(CONFIG_MXCFG) += mxcfg.o\nmxcfg-y := main.o\n' >"$TMPD/mxcfg-1.0/drv/Kbuild"
printf 'int x;\n' >"$TMPD/mxcfg-1.0/drv/main.c"
expect_exit 65 "a module only behind obj-\$(CONFIG_X) exits 65" mx2g-pack -n --kernel "$KVER" "$TMPD/mxcfg-1.0"
is "$ERR" "mx2g-pack: error: '$TMPD/mxcfg-1.0': no kernel module found: looked for Kbuild or Makefile files that define obj-m (e.g. 'obj-m += NAME.o'), at any depth; drv/Kbuild builds a module only when CONFIG_MXCFG is set (obj-\$(CONFIG_MXCFG)): set it with --make-var CONFIG_MXCFG=m" \
	"obj-\$(CONFIG_X) only: says which --make-var to give"
expect_exit 0 "with that --make-var the module is found" mx2g-pack -n --make-var CONFIG_MXCFG=m --kernel "$KVER" "$TMPD/mxcfg-1.0"
like "$OUT" "*module=mxcfg dir=drv root=drv *" "the --make-var the message named turns the module on"
expect_exit 66 "a missing kernel release exits 66" mx2g-pack -n --kernel 9.9.9-nosuch "$V"
like "$ERR" "mx2g-pack: error: '9.9.9-nosuch': no build tree for this kernel*install*" \
	"missing kernel: names it and what to install"
expect_exit 66 "a missing kernel directory exits 66" mx2g-pack -n --kernel "$TMPD/nokernel" "$V"
mkdir -p "$TMPD/notatree"
expect_exit 66 "a directory that is not a kernel tree exits 66" mx2g-pack -n --kernel "$TMPD/notatree" "$V"
like "$ERR" "*'$TMPD/notatree': not a kernel build tree*" "not a tree: says so"
if [ ! -e "/lib/modules/$(uname -r)/build" ]; then
	expect_exit 66 "no --kernel and no tree for the running kernel exits 66" mx2g-pack -n "$V"
	like "$ERR" "*'$(uname -r)': no build tree*give --kernel*" "running kernel missing: says to give --kernel"
fi
expect_exit 66 "a missing SOURCE exits 66" mx2g-pack -n --kernel "$KVER" "$TMPD/nosuch"
expect_exit 64 "the same kernel twice exits 64" mx2g-pack -n --kernel "$KVER" --kernel "$KDIR" "$V"
expect_exit 64 "--spec-only with --srpm-only exits 64" mx2g-pack --spec-only --srpm-only --kernel "$KVER" "$V"
expect_exit 64 "--repo with --spec-only exits 64" mx2g-pack --spec-only --repo "$TMPD/r" --kernel "$KVER" "$V"
expect_exit 64 "--check is refused" mx2g-pack --check --kernel "$KVER" "$V"
expect_exit 64 "a bad --name exits 64" mx2g-pack -n --name 'a b' --kernel "$KVER" "$V"
expect_exit 64 "a release with '-' exits 64" mx2g-pack -n --release 1-2 --kernel "$KVER" "$V"
# the one --release rule (pkgmeta), as in kbuild and specgen
for r in '1 2' '1%{x}' '1^2' ''; do
	expect_exit 64 "--release '$r' exits 64" mx2g-pack -n --release "$r" --kernel "$KVER" "$V"
	like "$ERR" "*--release*letters, digits and ._+~*" "--release '$r': the message gives the rule"
done
expect_exit 0 "--release of every allowed kind" mx2g-pack --spec-only -q --release '2.acm_x+y~rc1' --kernel "$KVER" "$V"
is "$(spec_tag "$OUT" Release)" '2.acm_x+y~rc1%{?dist}' "the release is used as given"
expect_exit 78 "a bad SOURCE_DATE_EPOCH exits 78" env SOURCE_DATE_EPOCH=soon \
	"$top_builddir/cmd/mx2g-pack" --spec-only --kernel "$KVER" "$V"
like "$ERR" "mx2g-pack: error: SOURCE_DATE_EPOCH='soon' is not a number*" "the message names the variable"
expect_exit 64 "--ref on a directory exits 64" mx2g-pack -n --ref v1 --kernel "$KVER" "$V"
expect_exit 64 "no SOURCE exits 64" mx2g-pack -n --kernel "$KVER"
ok "the vendor's make rpm never ran" test ! -e "$TMPD/vendor-make-rpm-ran"

# ---- --repo: createrepo_c and a writable repository, checked before any build
mkdir -p "$TMPD/bin"
for p in rpm rpmbuild make sh; do
	w=$(command -v $p) && ln -s "$w" "$TMPD/bin/$p"
done
expect_exit 69 "--repo without createrepo_c exits 69 before the build" env PATH="$TMPD/bin" \
	"$top_builddir/cmd/mx2g-pack" -q --topdir "$TMPD/t-nocr" --repo "$TMPD/r-nocr" --kernel "$KVER" "$V"
like "$ERR" "*createrepo_c not found*install*createrepo*" "the message names createrepo_c and its package"
ok "nothing was created without createrepo_c" test ! -e "$TMPD/t-nocr" -a ! -e "$TMPD/r-nocr"
need_prog createrepo_c
: >"$TMPD/a-file"
for r in "$TMPD/a-file" "$TMPD/a-file/repo"; do
	expect_exit 73 "an unwritable --repo ($r) exits 73 before the build" \
		mx2g-pack -q --topdir "$TMPD/t-rorepo" --repo "$r" --kernel "$KVER" "$V"
	like "$ERR" "mx2g-pack: error: --repo '$r': cannot write there*" "the message names the repository"
	ok "nothing was unpacked or built for $r" test ! -e "$TMPD/t-rorepo"
done
expect_exit 73 "-n finds an unwritable --repo too" mx2g-pack -n -q --repo "$TMPD/a-file" --kernel "$KVER" "$V"

# ---- --help: one Exit status block
expect_exit 0 "--help exits 0" mx2g-pack --help
is "$(printf '%s\n' "$OUT" | grep -c 'Exit status')" 1 "--help has one Exit status block"
is "$(printf '%s\n' "$OUT" | grep -c -i -e 'not meaningful' -e 'no meaning')" 1 "--help says --check is refused once"

# ---- a hostile tarball is refused by the shared source module
mkdir -p "$TMPD/evil/evil-1.0"
printf 'obj-m := e.o\n' >"$TMPD/evil/evil-1.0/Kbuild"
ln -s /etc/passwd "$TMPD/evil/evil-1.0/e.c"
tar -C "$TMPD/evil" -czf "$TMPD/evil-1.0.tar.gz" evil-1.0
expect_exit 65 "a tarball with a link out of the tree exits 65" mx2g-pack -n --kernel "$KVER" "$TMPD/evil-1.0.tar.gz"

done_testing

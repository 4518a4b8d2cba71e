#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild-preflight.sh - everything kbuild can check from its arguments and
# the host is checked before it unpacks or builds anything: a fragment
# symbol that no Kconfig file of the source defines (read from the tarball
# by a second reader while it is unpacked: a missing one stops the unpack
# and leaves nothing), a --config that is not a regular file, an
# unwritable --repo, a missing createrepo_c, compiler or rpmbuild. Each is
# refused with its exit status, a message naming the argument, within a few
# seconds although the source holds 20000 files, and leaves no rpmbuild tree.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/preflight-lib.sh"
need_prog rpm rpmbuild bsdtar gcc make flex bison bc perl createrepo_c pahole

# a kernel tarball of 20000 files (unpacking it takes many seconds here),
# made from an mtree list so that the files are never written to disk
mkdir -p "$TMPD/real"
cat >"$TMPD/real/Makefile" <<'EOF'
VERSION = 6
PATCHLEVEL = 1
SUBLEVEL = 5
EXTRAVERSION =
tinyconfig:
	@echo '*** this stand-in kernel cannot configure' >&2; exit 2
mrproper:
	rm -f .config
EOF
printf 'config MODULES\n\tbool "modules"\nmenuconfig NET\n\tbool "net"\n' >"$TMPD/real/Kconfig"
printf 'config 64BIT\n\tbool "64-bit"\n' >"$TMPD/real/Kconfig.x86"
{
	echo '#mtree'
	echo './linux-6.1.5 type=dir mode=0755'
	echo "./linux-6.1.5/Makefile type=file mode=0644 contents=$TMPD/real/Makefile"
	echo "./linux-6.1.5/Kconfig type=file mode=0644 contents=$TMPD/real/Kconfig"
	echo './linux-6.1.5/arch type=dir mode=0755'
	echo './linux-6.1.5/arch/x86 type=dir mode=0755'
	echo "./linux-6.1.5/arch/x86/Kconfig.cpu type=file mode=0644 contents=$TMPD/real/Kconfig.x86"
	echo './linux-6.1.5/drivers type=dir mode=0755'
	awk 'BEGIN { for (d = 0; d < 20; d++) {
		printf "./linux-6.1.5/drivers/d%d type=dir mode=0755\n", d
		for (i = 0; i < 1000; i++) printf "./linux-6.1.5/drivers/d%d/f%d.c type=file mode=0644\n", d, i } }'
} >"$TMPD/big.mtree"
big="$TMPD/linux-6.1.5.tar.gz"
(cd "$TMPD" && bsdtar -czf "$big" @big.mtree)
printf 'CONFIG_64BIT=y\nCONFIG_MODULES=y\n# CONFIG_NET is not set\n' >"$TMPD/good.frag"
printf 'CONFIG_64BIT=y\nCONFIG_MODULES=y\nCONFIG_MODULES_TYPO=y\n' >"$TMPD/bad.frag"
top="$TMPD/top"
export HOME="$TMPD/home"
mkdir -p "$HOME"

# ---- a fragment symbol the source does not have: found in the tarball itself
fast 65 "a fragment symbol no Kconfig defines exits 65, the unpack cut short" \
	kbuild --topdir "$top" --config-target tinyconfig --fragment "$TMPD/bad.frag" "$big"
like "$ERR" "kbuild: unpacking $big
kbuild: error: '$TMPD/bad.frag': line 3: CONFIG_MODULES_TYPO is not a symbol of '$big'*" \
	"the message names the fragment, its line, the symbol and the source"
is "$OUT" "" "no records"
ok "nothing was unpacked, no rpmbuild tree made" test ! -e "$top"
fast 65 "-n finds it too" kbuild -n --topdir "$top" --fragment "$TMPD/bad.frag" "$big"
like "$ERR" "*CONFIG_MODULES_TYPO is not a symbol*" "-n names the symbol"
fast 0 "-n with symbols from Kconfig, menuconfig and arch/*/Kconfig.* exits 0" \
	kbuild -n --topdir "$top" --fragment "$TMPD/good.frag" "$big"
ok "-n made nothing" test ! -e "$top"

mkdir -p "$TMPD/dir/linux-6.1.5"
cp "$TMPD/real/Makefile" "$TMPD/real/Kconfig" "$TMPD/dir/linux-6.1.5/"
expect_exit 65 "a directory source is checked the same way" \
	kbuild --topdir "$top" --config-target tinyconfig --fragment "$TMPD/good.frag" "$TMPD/dir/linux-6.1.5"
like "$ERR" "*CONFIG_64BIT is not a symbol of '$TMPD/dir/linux-6.1.5'*" "the directory's missing symbol is named"
ok "nothing was copied for the directory" test ! -e "$top"

# ---- the unpacked copy a later run reuses is what is checked then
small="$TMPD/small/linux-6.1.5.tar.gz"
mkdir -p "$TMPD/small"
(cd "$TMPD/dir" && bsdtar -czf "$small" linux-6.1.5)
printf 'CONFIG_MODULES=y\n' >"$TMPD/mod.frag"
expect_exit 65 "a run whose configuration fails keeps its unpacked copy" \
	kbuild --topdir "$top" --config-target tinyconfig --fragment "$TMPD/mod.frag" "$small"
copy="$top/BUILD/kbuild-kernel-ml/src/linux-6.1.5"
ok "the copy is there, stamped" test -f "$copy/Kconfig" -a -f "$top/BUILD/kbuild-kernel-ml/src.stamp"
like "$ERR" "*the unpacked source stays in '$copy' for the next run; remove it*" "the message says where the copy is"
printf 'config ONLY_IN_COPY\n' >>"$copy/Kconfig"
printf 'CONFIG_ONLY_IN_COPY=y\n' >"$TMPD/copy.frag"
expect_exit 65 "a symbol of the kept copy passes the check (the configure step fails after)" \
	kbuild --topdir "$top" --config-target tinyconfig --fragment "$TMPD/copy.frag" "$small"
like "$ERR" "*reusing the unpacked*cannot configure*" "the run went on to the kept copy's configure step"
fast 65 "a symbol neither has is refused before the configure step" \
	kbuild --topdir "$top" --config-target tinyconfig --fragment "$TMPD/bad.frag" "$small"
like "$ERR" "*CONFIG_MODULES_TYPO is not a symbol*" "the kept copy's missing symbol is named"
rm -rf "$top"

# ---- an archive refused while unpacking leaves nothing of itself
{
	echo '#mtree'
	echo './linux-6.1.5 type=dir mode=0755'
	echo "./linux-6.1.5/Makefile type=file mode=0644 contents=$TMPD/real/Makefile"
	echo "./linux-6.1.5/Kconfig type=file mode=0644 contents=$TMPD/real/Kconfig"
	awk 'BEGIN { for (i = 0; i < 200; i++) printf "./linux-6.1.5/f%d.c type=file mode=0644\n", i }'
	echo './linux-6.1.5/zz-null type=char mode=0644 device=native,1,3'
} >"$TMPD/dev.mtree"
mkdir -p "$TMPD/dev"
(cd "$TMPD" && bsdtar -czf "$TMPD/dev/linux-6.1.5.tar.gz" @dev.mtree)
expect_exit 65 "a device node in the archive exits 65" \
	kbuild --topdir "$top" --config-target tinyconfig "$TMPD/dev/linux-6.1.5.tar.gz"
like "$ERR" "*character device*" "the message names the refused entry"
ok "nothing of the archive is left in the work directory" test ! -e "$top/BUILD/kbuild-kernel-ml/src"
rm -rf "$top"

# ---- --config: a regular file that reads as a .config
fast 66 "--config /etc (a directory) exits 66" kbuild -n --config /etc "$big"
like "$ERR" "kbuild: error: '/etc': *" "the message names the directory"
mkfifo "$TMPD/fifo"
fast 66 "--config FIFO exits 66 without waiting for a writer" kbuild --topdir "$top" --config "$TMPD/fifo" "$big"
like "$ERR" "kbuild: error: '$TMPD/fifo': *not a regular file*" "the message says it is not a regular file"
ok "nothing was unpacked for a bad --config" test ! -e "$top"

# ---- --repo and createrepo_c, rpmbuild, the compiler
: >"$TMPD/a-file"
fast 73 "--repo under a file exits 73 before the unpack" \
	kbuild --topdir "$top" --config-target tinyconfig --repo "$TMPD/a-file/repo" "$big"
like "$ERR" "kbuild: error: --repo '$TMPD/a-file/repo': cannot write there*" "the message names the repository"
ok "nothing was unpacked for an unwritable --repo" test ! -e "$top"
progs="rpm rpmbuild createrepo_c gcc make flex bison bc perl sh xz gzip"
for p in createrepo_c rpmbuild gcc; do
	bin=$(path_without $p $progs)
	fast 69 "no $p exits 69 before the unpack" env PATH="$bin" "$top_builddir/cmd/kbuild" \
		--topdir "$top" --config-target tinyconfig --repo "$TMPD/repo" "$big"
	like "$ERR" "*$p*not found*install*" "the message names $p and what to install"
	ok "nothing was made without $p" test ! -e "$top" -a ! -e "$TMPD/repo"
done
# what --config already asks for: a distribution config with BTF needs pahole
printf 'CONFIG_MODULES=y\nCONFIG_DEBUG_INFO_BTF=y\n' >"$TMPD/btf.config"
bin=$(path_without pahole $progs pahole)
fast 69 "a --config with BTF and no pahole exits 69 before the unpack" env PATH="$bin" \
	"$top_builddir/cmd/kbuild" --topdir "$top" --config "$TMPD/btf.config" "$big"
like "$ERR" "*CONFIG_DEBUG_INFO_BTF*pahole*" "the message names the setting and pahole"
ok "nothing was made without pahole" test ! -e "$top"
printf '# CONFIG_DEBUG_INFO_BTF is not set\n' >"$TMPD/nobtf.frag"
expect_exit 65 "a fragment turning BTF off gets past that check (to the stand-in's configure)" \
	env PATH="$bin" "$top_builddir/cmd/kbuild" --topdir "$top" --config "$TMPD/btf.config" \
	--fragment "$TMPD/nobtf.frag" "$TMPD/small/linux-6.1.5.tar.gz"
like "$ERR" "*CONFIG_DEBUG_INFO_BTF is not a symbol*" "(stopped by the symbol check, not by pahole)"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-pack-preflight.sh - the host's programs (rpmbuild, make, createrepo_c
# with --repo) and a writable --repo are checked before the kernels and the
# source are read and before anything is copied or built: each is refused
# with its exit status, a message naming it, within a few seconds, and no
# rpmbuild tree or repository is made.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/preflight-lib.sh"
. "$top_srcdir/tests/rpm/mx2g-vendor.sh"
need_prog rpm rpmbuild make createrepo_c
need_kernel_headers
mx2g_vendor_tree "$TMPD" "$TMPD/vendor-make-rpm-ran"
V=$TMPD/mx2g-1.4.2
export HOME="$TMPD/home"
mkdir -p "$HOME"
top="$TMPD/top"

: >"$TMPD/a-file"
for r in "$TMPD/a-file" "$TMPD/a-file/repo"; do
	fast 73 "--repo $r exits 73 before the build" mx2g-pack -q --topdir "$top" --repo "$r" --kernel "$KVER" "$V"
	like "$ERR" "mx2g-pack: error: --repo '$r': cannot write there*" "the message names the repository"
	ok "no rpmbuild tree for --repo $r" test ! -e "$top"
done
progs="rpm rpmbuild make createrepo_c sh"
for p in rpmbuild make createrepo_c; do
	bin=$(path_without $p $progs)
	fast 69 "no $p exits 69 before the source is read" env PATH="$bin" "$top_builddir/cmd/mx2g-pack" \
		-q --topdir "$top" --repo "$TMPD/repo" --kernel "$KVER" "$V"
	like "$ERR" "*$p*not found*install*" "the message names $p and what to install"
	ok "no rpmbuild tree or repository without $p" test ! -e "$top" -a ! -e "$TMPD/repo"
done
bin=$(path_without make $progs)
expect_exit 0 "--srpm-only needs no make" env PATH="$bin" "$top_builddir/cmd/mx2g-pack" \
	-q --topdir "$top" --srpm-only --kernel "$KVER" "$V"
bin=$(path_without rpmbuild $progs)
expect_exit 0 "--spec-only needs no rpmbuild" env PATH="$bin" "$top_builddir/cmd/mx2g-pack" \
	--spec-only --kernel "$KVER" "$V"
ok "the vendor's make rpm never ran" test ! -e "$TMPD/vendor-make-rpm-ran"
done_testing

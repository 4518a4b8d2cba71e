#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen-preflight.sh - what specgen can check from its arguments and the
# host is checked before it reads the source and runs the trial build (here
# a build that takes 30 s): --check without -o, an -o that is a directory
# or lies in a missing one, a --tarball-dir that cannot be made, a missing
# rpmbuild. Each is refused with its exit status, a message naming the
# argument, within a few seconds, and nothing is written.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/preflight-lib.sh"
need_prog specgen rpm rpmbuild make
export SOURCE_DATE_EPOCH=1700000000 HOME="$TMPD/home"
mkdir -p "$HOME" "$TMPD/slow-1.0"
# a source whose trial build is slow: the old order found these after it
cat >"$TMPD/slow-1.0/Makefile" <<'EOF'
all:
	sleep 30
install:
	mkdir -p $(DESTDIR)/usr/bin && touch $(DESTDIR)/usr/bin/slow
EOF
echo 'MIT License' >"$TMPD/slow-1.0/LICENSE"
S="$TMPD/slow-1.0"

fast 64 "--check without -o exits 64 before the trial build" specgen --check "$S"
like "$ERR" "specgen: error: --check needs -o FILE*" "the message says what --check needs"
mkdir -p "$TMPD/out.d"
fast 73 "-o naming a directory exits 73 before the trial build" specgen -o "$TMPD/out.d" "$S"
like "$ERR" "specgen: error: cannot write '$TMPD/out.d': it is a directory*" "the message names the directory"
fast 73 "--check -o naming a directory exits 73 too (not 'differs')" specgen --check -o "$TMPD/out.d" "$S"
fast 73 "-o in a missing directory exits 73 before the trial build" specgen -o "$TMPD/no/such/x.spec" "$S"
like "$ERR" "specgen: error: cannot create a file beside '$TMPD/no/such/x.spec'*" "the message names the file"
ok "no temporary was left beside an -o" test -z "$(ls -A "$TMPD/out.d")"
: >"$TMPD/a-file"
fast 73 "--tarball-dir under a file exits 73 before the trial build" \
	specgen --tarball-dir "$TMPD/a-file/tb" -o "$TMPD/s.spec" "$S"
like "$ERR" "specgen: error: --tarball-dir '$TMPD/a-file/tb': cannot write there*" "the message names the directory"
(cd "$TMPD" && tar -czf slow-1.0.tar.gz slow-1.0)
expect_exit 0 "a tarball SOURCE is its own Source0: --tarball-dir is only warned about" \
	specgen --no-probe --tarball-dir "$TMPD/a-file/tb" -o "$TMPD/t.spec" "$TMPD/slow-1.0.tar.gz"
like "$ERR" "*--tarball-dir: *already a tarball*" "the warning says why it is unused"
bin=$(path_without rpmbuild rpm make sh)
fast 69 "no rpmbuild exits 69 before the source is read" env PATH="$bin" "$top_builddir/cmd/specgen" \
	-o "$TMPD/s.spec" "$S"
like "$ERR" "*rpmbuild not found*install*" "the message names rpmbuild and what to install"
ok "no spec was written" test ! -e "$TMPD/s.spec"
expect_exit 0 "--no-probe needs no rpmbuild" env PATH="$bin" "$top_builddir/cmd/specgen" --no-probe \
	-o "$TMPD/s.spec" "$S"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# files-hostile.sh - the files the tools manage, made hostile: a managed file
# that cannot be read is never taken for an empty one (a 5 MB nftables.conf
# with NULs and CRs is kept byte for byte), a FIFO never hangs a tool, a
# device or FIFO or symlink at an output path is never replaced by a regular
# file (rpmenv-init.sh tests the links out of the user's home).
# Every device used is a private mknod under $TMPD, so even a regression
# cannot replace the host's /dev/null or /dev/stdout.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog rpmenv-init specgen masq-setup ip nft timeout python3 mknod

# --- rpmenv-init and ~/.rpmmacros ---
H=$TMPD/home
mkdir -p "$H"
export HOME="$H"
r() { timeout 10 rpmenv-init -q "$@"; }

# A FIFO as ~/.rpmmacros: an I/O error at once, not a hang (124), and the
# FIFO stays.
mkfifo "$H/.rpmmacros"
expect_exit 74 "a FIFO ~/.rpmmacros exits 74, no hang" r
like "$ERR" "*cannot read '$H/.rpmmacros': not a regular file*" "the message names the file and why"
ok "the FIFO is still a FIFO" test -p "$H/.rpmmacros"
rm -f "$H/.rpmmacros"

# A character device (a private /dev/null) as --macros: refused, never replaced.
mknod "$TMPD/null" c 1 3
expect_exit 74 "--macros on a character device exits 74" r --macros "$TMPD/null"
ok "the device is still a character device" test -c "$TMPD/null"

# NUL bytes, CRs, invalid UTF-8 and no final newline before the block: kept.
printf '%%packager J\r\n%%x a\000b\377\n%%y 1' >"$TMPD/user-part"
cp "$TMPD/user-part" "$H/.rpmmacros"
size=$(stat -c %s "$TMPD/user-part")
expect_exit 0 "a ~/.rpmmacros holding a NUL byte: run exits 0" r
ok "every byte of the user's part is kept" cmp -n "$size" "$TMPD/user-part" "$H/.rpmmacros"
is "$(head -c $((size + 1)) "$H/.rpmmacros" | tail -c 1 | od -An -c | tr -d ' ')" '\n' \
	"a newline ends the user's last line before our block"
ok "the block follows" grep -q '^%_topdir '"$H"'/rpmbuild$' "$H/.rpmmacros"
expect_exit 0 "--check after it is clean" r --check
rm -f "$H/.rpmmacros"

# A dotfiles-managed ~/.rpmmacros (a link inside the home) stays a link; its
# target gets the block, its user lines kept.
mkdir -p "$H/dotfiles"
printf '%%packager Jane <jane@example.org>\n' >"$H/dotfiles/rpmmacros"
chmod 640 "$H/dotfiles/rpmmacros"
ln -s dotfiles/rpmmacros "$H/.rpmmacros"
expect_exit 0 "a linked ~/.rpmmacros inside the home: run exits 0" r
ok "~/.rpmmacros is still a link" test -L "$H/.rpmmacros"
is "$(readlink "$H/.rpmmacros")" "dotfiles/rpmmacros" "to the same target"
is "$(head -n 1 "$H/dotfiles/rpmmacros")" '%packager Jane <jane@example.org>' "the target keeps the user's line"
ok "the target has the block" grep -q '^%_topdir ' "$H/dotfiles/rpmmacros"
is "$(stat -c %a "$H/dotfiles/rpmmacros")" 640 "the target keeps its mode"
ok "no temporary left in the home" test -z "$(find "$H" -maxdepth 2 -name '.*.??????')"
rm -rf "$H/.rpmmacros" "$H/dotfiles"

# --- specgen -o: streams to FIFOs and character devices, follows links ---
S=$TMPD/src/hello-1.0
mkdir -p "$S"
printf 'all:\n\ttrue\ninstall:\n\tmkdir -p $(DESTDIR)/usr/bin\n' >"$S/Makefile"
ln -s /proc/self/fd/1 "$TMPD/stdout"     # what /dev/stdout is
run sh -c 'specgen --no-probe -o "$1" "$2" | cat' _ "$TMPD/stdout" "$S"
is "$(spec_tag "$OUT" Name)" hello "specgen -o a link to /proc/self/fd/1 writes the spec down the pipe"
ok "and the link stays a link" test -L "$TMPD/stdout"
expect_exit 0 "specgen -o a character device exits 0" timeout 10 specgen --no-probe -q -o "$TMPD/null" "$S"
ok "the device is still a character device" test -c "$TMPD/null"
mkfifo "$TMPD/spec.fifo"
expect_exit 73 "specgen -o a FIFO nobody reads exits 73, no hang" timeout 10 specgen --no-probe -q -o "$TMPD/spec.fifo" "$S"
like "$ERR" "*'$TMPD/spec.fifo'*FIFO*no process reads*" "the message says so"
ok "the FIFO is still a FIFO" test -p "$TMPD/spec.fifo"
timeout 10 cat "$TMPD/spec.fifo" >"$TMPD/from-fifo" &
reader=$!
sleep 0.3
expect_exit 0 "specgen -o a FIFO with a reader exits 0" timeout 10 specgen --no-probe -q -o "$TMPD/spec.fifo" "$S"
wait "$reader"
is "$(spec_tag "$(cat "$TMPD/from-fifo")" Name)" hello "the reader got the spec"
ok "the FIFO is still a FIFO" test -p "$TMPD/spec.fifo"

# --- masq-setup and nftables.conf, in a network namespace made here ---
N=fh$$
need_netns_veth $N
ip netns exec $N sysctl -qw net.ipv4.ip_forward=0
R=$TMPD/root
mkdir -p "$R/etc"
printf 'ID=debian\nVERSION_ID=12\n' >"$TMPD/os-deb"
m() { ACMTOOLS_OS_RELEASE="$TMPD/os-deb" timeout 60 ip netns exec $N masq-setup --persist-root "$R" -q "$@"; }

# A 5 MB nftables.conf (a big blocklist set), with a NUL byte and CRLF
# lines: masq-setup adds its include and keeps every byte; --remove gives
# the very same file back.
python3 - "$R/etc/nftables.conf" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"#!/usr/sbin/nft -f\nflush ruleset\r\n# odd \x00 byte \xff\n")
    f.write(b"table inet filter {\n  set blocklist {\n    type ipv4_addr\n    elements = {\n")
    i = 0
    while f.tell() < 5 * 1024 * 1024:
        f.write(b"      10.%d.%d.%d,\n" % (i >> 16 & 255, i >> 8 & 255, i & 255))
        i += 1
    f.write(b"      192.0.2.1 }\n  }\n}\n")
PY
cp "$R/etc/nftables.conf" "$TMPD/nftables.before"
size=$(stat -c %s "$TMPD/nftables.before")
expect_exit 0 "masq-setup with a 5 MB nftables.conf exits 0" m -i 192.0.2.0/24 -o up0
ok "every byte of the 5 MB file is kept" cmp -n "$size" "$TMPD/nftables.before" "$R/etc/nftables.conf"
like "$(tail -n 3 "$R/etc/nftables.conf")" '*include "/etc/nftables.d/acmtools-masq.nft"*' \
	"the include block is appended after it"
expect_exit 0 "--check after it is clean" m --check -i 192.0.2.0/24 -o up0
expect_exit 0 "--remove exits 0" m --remove
ok "--remove gives the very same file back" cmp "$TMPD/nftables.before" "$R/etc/nftables.conf"

# nftables.conf that cannot be read: a FIFO (and a directory). The run stops
# before any change: no table, no forwarding, no file written.
rm -f "$R/etc/nftables.conf"
mkfifo "$R/etc/nftables.conf"
state() { ip netns exec $N nft list ruleset; ip netns exec $N sysctl -n net.ipv4.ip_forward;
	  find "$R" -path "$R/run" -prune -o -print | sort; }
BEFORE=$(state)
expect_exit 74 "a FIFO nftables.conf exits 74, no hang" m -i 192.0.2.0/24 -o up0
like "$ERR" "*cannot read '$R/etc/nftables.conf': not a regular file*left as it is*" \
	"the message names the file and the reason"
ok "the FIFO is still a FIFO" test -p "$R/etc/nftables.conf"
expect_exit 74 "-n with it exits 74 too" m -n -i 192.0.2.0/24 -o up0
expect_exit 74 "--check with it exits 74 too" m --check -i 192.0.2.0/24 -o up0
is "$(state)" "$BEFORE" "nothing changed: no table, no forwarding, no file"
rm -f "$R/etc/nftables.conf"
mkdir "$R/etc/nftables.conf"
expect_exit 73 "a directory as nftables.conf exits 73" m -i 192.0.2.0/24 -o up0
ok "the directory stays" test -d "$R/etc/nftables.conf"
rmdir "$R/etc/nftables.conf"

# A symlinked nftables.conf (config management keeps it elsewhere): the
# link stays, its target gets the include.
mkdir -p "$R/srv"
printf 'flush ruleset\n' >"$R/srv/nftables.conf"
ln -s ../srv/nftables.conf "$R/etc/nftables.conf"
expect_exit 0 "a linked nftables.conf: run exits 0" m -i 192.0.2.0/24 -o up0
ok "nftables.conf is still a link" test -L "$R/etc/nftables.conf"
like "$(cat "$R/srv/nftables.conf")" 'flush ruleset*include "/etc/nftables.d/acmtools-masq.nft"*' \
	"its target has the user's line and the include"
expect_exit 0 "--remove exits 0" m --remove
is "$(cat "$R/srv/nftables.conf")" "flush ruleset" "--remove puts the target back"
ok "and the link stays" test -L "$R/etc/nftables.conf"

done_testing

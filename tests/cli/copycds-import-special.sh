#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-special.sh - FIFOs and other special files where the tools
# expect a regular file: the tree's manifest and journal, and the medium
# itself. Each run must end (under timeout) with its documented code and a
# message, leave the planted file alone and release the import lock.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog xorriso flock

M=$TMPD/media
mkdir -p "$M/Packages"
printf '1700000000.1\nFedora-Server 39\nx86_64\n' >"$M/.discinfo"
echo data >"$M/Packages/a-1-1.fc39.x86_64.rpm"
ok "made the ISO" mk_iso "$M" "$TMPD/f39.iso"

# lock_free DEST: nobody holds the import lock of DEST
lock_free() { flock -n "$1/.acmtools-lock" true; }

# special NAME KIND CODE [--check]: plant KIND (fifo|socket) as NAME in a
# fresh tree, then import
special() {
	_opt=${4-}
	_r=$TMPD/t-$1-$2$_opt
	_d=$_r/fedora39/x86_64
	copycds-import -q -p "$_r" "$TMPD/f39.iso" >/dev/null 2>&1
	rm -f "$_d/$1"
	if [ "$2" = fifo ]; then mkfifo "$_d/$1"; else python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$_d/$1"; fi
	echo more >"$M/Packages/b-1-1.fc39.x86_64.rpm"
	mk_iso "$M" "$TMPD/f39b.iso"
	rm -f "$M/Packages/b-1-1.fc39.x86_64.rpm"
	expect_exit "$3" "$2 as $1${_opt:+ ($_opt)}: exits $3, no hang" timeout 20 copycds-import -p "$_r" $_opt "$TMPD/f39b.iso"
	like "$ERR" "*$1': *not a regular file*remove it and run again*" "$2 as $1${_opt:+ ($_opt)}: the message names it and says what to do"
	is "$(field "$OUT" result)" failed "$2 as $1${_opt:+ ($_opt)}: the record says the run failed"
	ok "$2 as $1${_opt:+ ($_opt)}: the planted file is left alone" test -p "$_d/$1" -o -S "$_d/$1"
	ok "$2 as $1${_opt:+ ($_opt)}: nothing was copied" test ! -e "$_d/Packages/b-1-1.fc39.x86_64.rpm"
	ok "$2 as $1${_opt:+ ($_opt)}: the lock is released" lock_free "$_d"
}
special .acmtools-manifest fifo 73
special .acmtools-journal fifo 73
special .acmtools-manifest fifo 73 --check
special .acmtools-journal fifo 73 --verify
special .acmtools-manifest socket 73

# the medium itself a FIFO (a writer waiting on the other end would make
# any blocking open succeed, so none is attached) or a socket
mkfifo "$TMPD/pipe.iso"
expect_exit 66 "a FIFO as the medium exits 66, no hang" timeout 20 copycds-import -p "$TMPD/p" "$TMPD/pipe.iso"
like "$ERR" "*pipe.iso': not an image, device or directory (a FIFO or socket is not read)*" "and says what it is"
expect_exit 66 "a FIFO as the medium: --check too" timeout 20 copycds-import -p "$TMPD/p" --check "$TMPD/pipe.iso"
ok "nothing was created for it" test ! -e "$TMPD/p"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$TMPD/sock.iso"
expect_exit 66 "a socket as the medium exits 66" timeout 20 copycds-import -p "$TMPD/p" "$TMPD/sock.iso"
# a character device that is no image: read, and refused as data, not hung on
expect_exit 65 "a device that holds no image (/dev/zero) exits 65" timeout 20 copycds-import -p "$TMPD/p" /dev/zero
like "$ERR" "*/dev/zero': not an ISO 9660 image*" "and says so"

# a FIFO in a directory medium is refused by name, never opened
D2=$TMPD/dirmedia
cp -r "$M" "$D2"
mkfifo "$D2/Packages/pipe.rpm"
expect_exit 65 "a FIFO inside a directory medium exits 65, no hang" timeout 20 copycds-import -p "$TMPD/d2" "$D2"
like "$ERR" "*refusing entry 'Packages/pipe.rpm': named pipe*" "the FIFO is named"

done_testing

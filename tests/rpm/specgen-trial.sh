#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen-trial.sh - specgen's trial build (rpmbuild -bi of the upstream's
# build and install) run as root: it runs as user nobody with the host
# read-only but for the probe directory. A Makefile whose install ignores
# DESTDIR and writes absolute host paths (install/mkdir, cp, a shell
# redirect) fails the trial instead: the host paths stay absent (canaries),
# specgen names the path, writes a marked spec and exits 65. A well-behaved
# source still gets its spec from the trial, and that spec builds. Ctrl-C
# during the trial removes the probe directory; on a TTY a status line shows.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog specgen rpmbuild rpm make gcc timeout python3 script
export SOURCE_DATE_EPOCH=1700000000
nodeps=""
rpm -q --quiet rpm 2>/dev/null || nodeps=--nodeps
nobody_uid=$(id -u nobody)
# the probe directories go here, so the test sees what is left; nobody
# must be able to enter it
chmod 755 "$TMPD"
export TMPDIR="$TMPD/probe"
mkdir -p "$TMPDIR"
builddir=$(pwd)
cd "$TMPD" || exit 1
tag=acmtest-$$
canaries="/usr/local/lib/$tag /usr/local/share/$tag.txt /usr/man/man1/$tag.1 /etc/$tag.conf"
# tree's Makefile made /usr/man on a host that had none
[ -e /usr/man ] || canaries="$canaries /usr/man"
for c in $canaries; do rm -rf "$c"; done
at_exit "rm -rf $canaries"

# mk NAME-VER: $d is a fresh source tree with a C program; stdin is the
# Makefile (recipe lines start with a tab)
mk() { d="$TMPD/src/$1"; rm -rf "$d"; mkdir -p "$d"; printf 'int main(void){return 0;}\n' > "$d/prog.c"
	printf 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n' > "$d/LICENSE"
	cat > "$d/Makefile"; }
# tarball NAME-VER: $TMPD/NAME-VER.tar.gz of src/NAME-VER
tarball() { tar -C "$TMPD/src" -czf "$TMPD/$1.tar.gz" "$1"; }
no_probe_left() { is "$(ls "$TMPDIR" | wc -l)" "$2" "$1"; }

# ---- installs that ignore DESTDIR: one class per way of writing a file
n=0
for how in install cp redirect mkdir; do
	n=$((n + 1))
	case $how in
	install) inst="	mkdir -p /usr/local/lib/$tag
	install -m 755 prog /usr/local/lib/$tag/prog"; want=/usr/local/lib/$tag ;;
	cp) inst="	cp prog.c /usr/local/share/$tag.txt"; want=/usr/local/share/$tag.txt ;;
	redirect) inst="	echo x > /etc/$tag.conf"; want=/etc/$tag.conf ;;
	mkdir) inst="	mkdir -p /usr/man/man1 && cp prog.c /usr/man/man1/$tag.1"
		want=/usr/man; [ -e /usr/man ] && want=/usr/man/man1/$tag.1 ;;
	esac
	mk "bad$n-1.0" <<X
all: prog
prog: prog.c
	\$(CC) -o prog prog.c
	id -u > built-by-uid
install:
$inst
X
	tarball "bad$n-1.0"
	rm -rf "${TMPDIR:?}"/*
	expect_exit 65 "DESTDIR ignored ($how): the trial fails with 65" \
		specgen -o "$TMPD/bad$n.spec" "$TMPD/bad$n-1.0.tar.gz"
	for c in $canaries; do
		ok "DESTDIR ignored ($how): $c was not written on the host" test ! -e "$c"
	done
	like "$ERR" "*tried to write '$want', outside the build root*DESTDIR*" \
		"DESTDIR ignored ($how): the message names the path and DESTDIR"
	like "$ERR" "*spec $TMPD/bad$n.spec does not build as it is*" "DESTDIR ignored ($how): says the spec does not build"
	like "$OUT" "spec=$TMPD/bad$n.spec name=bad$n *" "DESTDIR ignored ($how): the record names the spec"
	is "$(head -n 1 "$TMPD/bad$n.spec" 2>/dev/null | cut -c1-40)" "# FIXME: specgen's trial build of this s" \
		"DESTDIR ignored ($how): the spec is written, marked as not building"
	ok "DESTDIR ignored ($how): the spec parses" rpmspec -P "$TMPD/bad$n.spec"
	is "$(cat "$TMPDIR"/specgen-probe-*/BUILD/bad$n-1.0/built-by-uid 2>/dev/null)" "$nobody_uid" \
		"DESTDIR ignored ($how): the trial built as user nobody (kept probe dir)"
done

# ---- the build replaces the log specgen prints with a link to a root-only
# file: it cannot (the probe directory itself stays root's)
printf 'SECRET-%s\n' "$tag" > "$TMPD/secret"; chmod 600 "$TMPD/secret"
mk swap-1.0 <<X
all:
	ln -sf $TMPD/secret ../../build.log; rm -f ../../build.log; exit 1
install:
X
tarball swap-1.0
expect_exit 65 "log swapped for a link: the trial fails" specgen -o "$TMPD/swap.spec" "$TMPD/swap-1.0.tar.gz"
case $ERR in *SECRET-*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "log swapped for a link: the root-only file is not printed"
like "$ERR" "*ln: *build.log*Permission denied*" "log swapped for a link: the build was refused"

# ---- a well-behaved source: trial as root still finds its files
mk good-1.0 <<'X'
PREFIX ?= /usr
all: prog
prog: prog.c
	$(CC) -o prog prog.c
	sleep 2
install:
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/good
	install -m 755 prog $(DESTDIR)$(PREFIX)/bin/good
	echo data > $(DESTDIR)$(PREFIX)/share/good/data.txt
X
tarball good-1.0
rm -rf "${TMPDIR:?}"/*
expect_exit 0 "well-behaved source as root: specgen exits 0" specgen -o "$TMPD/good.spec" "$TMPD/good-1.0.tar.gz"
like "$ERR" "*trial build and install of good-1.0*as user nobody*" "well-behaved: the trial says it runs as nobody"
spec=$(cat "$TMPD/good.spec")
like "$spec" "*%{_bindir}/good*" "well-behaved: %files has the program from the trial"
like "$spec" "*%{_datadir}/good/*" "well-behaved: %files has the data directory from the trial"
no_probe_left "well-behaved: the probe directory is removed" 0
top="$TMPD/top"; mkdir -p "$top/SOURCES"; cp "$TMPD/good-1.0.tar.gz" "$top/SOURCES/"
ok "well-behaved: rpmbuild -ba builds the spec" rpmbuild -ba $nodeps --define "_topdir $top" "$TMPD/good.spec"
like "$(rpm -qpl "$top"/RPMS/*/good-1.0-*.rpm 2>&1)" "*/usr/bin/good*" "well-behaved: the package has the program"

# ---- on a TTY, a status line while the trial runs (the build sleeps 2 s)
rm -f "$TMPD/good.spec"
run timeout 300 script -qec "specgen --no-cache -o '$TMPD/good.spec' '$TMPD/good-1.0.tar.gz'" "$TMPD/typescript"
like "$(tr '\r' '\n' < "$TMPD/typescript")" "*trial build: 0:0[0-9]  *" "TTY: a status line with the elapsed time"
ok "TTY: the spec is still written" test -s "$TMPD/good.spec"

# ---- not root: the trial runs as the user, as before
mkdir -p "$TMPD/user"; cp "$TMPD/good-1.0.tar.gz" "$TMPD/user/"; chown -R nobody "$TMPD/user" "$TMPDIR"
# nobody may not reach the build tree (a checkout under /root): it runs a
# copy of the program from a directory it can reach
mkdir -p "$TMPD/bin" && cp "$(command -v specgen)" "$TMPD/bin/" && chmod 755 "$TMPD/bin" "$TMPD/bin/specgen"
expect_exit 0 "not root: specgen exits 0" setpriv --reuid="$nobody_uid" --regid="$(id -g nobody)" --clear-groups \
	env HOME="$TMPD/user" "$TMPD/bin/specgen" -o "$TMPD/user/good.spec" "$TMPD/user/good-1.0.tar.gz"
case $ERR in *"as user nobody"*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "not root: no identity change is announced"
like "$(cat "$TMPD/user/good.spec")" "*%{_bindir}/good*" "not root: %files from the trial"
chown -R root "$TMPDIR"

# ---- a probe directory nobody cannot enter (outside /tmp, whose private
# tmpfs makes any path below it reachable): refused, nothing built
closed="$builddir/specgen-trial-closed.$$"
mkdir -m 700 "$closed"
at_exit "rm -rf '$closed'"
expect_exit 77 "TMPDIR closed to nobody: 77" env TMPDIR="$closed" specgen --no-cache -o "$TMPD/c.spec" "$TMPD/good-1.0.tar.gz"
like "$ERR" "*user nobody cannot write there*TMPDIR*" "TMPDIR closed to nobody: the message says to change TMPDIR"
ok "TMPDIR closed to nobody: no spec written" test ! -e "$TMPD/c.spec"
mkdir -m 700 "$TMPD/closed"
expect_exit 0 "TMPDIR closed to nobody, but below /tmp: the trial runs" \
	env TMPDIR="$TMPD/closed" specgen --no-cache -q -o "$TMPD/c.spec" "$TMPD/good-1.0.tar.gz"
is "$(ls "$TMPD/closed" | wc -l)" 0 "TMPDIR closed below /tmp: the probe directory is removed"

# ---- Ctrl-C (SIGINT to the process group) during the trial
# (a marker file, not the log: rpmbuild runs make -O, which holds a
# recipe's output back until it is done)
mk slow-1.0 <<'X'
all:
	touch started-slow; sleep 60
install:
X
tarball slow-1.0
rm -rf "${TMPDIR:?}"/*
run timeout 400 python3 -c '
import os, signal, subprocess, sys, time, glob
signal.signal(signal.SIGINT, signal.SIG_DFL)
p = subprocess.Popen(["specgen", "-o", sys.argv[1], sys.argv[2]], start_new_session=True,
                     stderr=subprocess.DEVNULL)
for _ in range(2400):
    if glob.glob(os.environ["TMPDIR"] + "/specgen-probe-*/BUILD/**/started-slow", recursive=True):
        break
    time.sleep(0.1)
t = time.time()
os.killpg(p.pid, signal.SIGINT)
print(p.wait(), int(time.time() - t))
' "$TMPD/slow.spec" "$TMPD/slow-1.0.tar.gz"
like "$OUT" "130 [0-9]" "Ctrl-C: specgen exits 130, within seconds"
no_probe_left "Ctrl-C: the probe directory is removed" 0
ok "Ctrl-C: no spec written" test ! -e "$TMPD/slow.spec"

done_testing

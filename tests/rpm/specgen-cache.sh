#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen-cache.sh - the trial build's result is cached by the source's
# content, the options and specgen itself: a second run and --check (however
# SOURCE is spelled) do not build again, --no-cache and a changed source do,
# and a corrupt or hostile cache entry is ignored with a warning (the trial
# runs again; no path from it reaches the spec). The proof is a counter the
# source's own build step appends to; specgen runs as nobody here so that
# the build (unconfined then) can write it.
. "$top_srcdir/tests/lib.sh"
need_root
need_prog specgen rpmbuild rpm make setpriv python3
export SOURCE_DATE_EPOCH=1700000000
chmod 755 "$TMPD"
home="$TMPD/home"
mkdir -p "$home" "$TMPD/w/tick-1.0"
count="$TMPD/w/count"
: >"$count"
cd "$TMPD/w" || exit 1
printf '#!/bin/sh\necho tick\n' >tick-1.0/tick
printf 'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n' >tick-1.0/LICENSE
printf 'all:\n\techo built >> %s\ninstall:\n\tinstall -D -m 755 tick $(DESTDIR)/usr/bin/tick\n' "$count" >tick-1.0/Makefile
tar czf tick-1.0.tar.gz tick-1.0
chown -R nobody "$home" "$TMPD/w"
# a copy nobody may run: the build tree can sit under a 0700 /root
mkdir -p "$TMPD/bin" && cp "$(command -v specgen)" "$TMPD/bin/" && chmod 755 "$TMPD/bin" "$TMPD/bin/specgen"
sg="$TMPD/bin/specgen"
# as nobody, with its own HOME and cache
asnobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	env HOME="$home" XDG_CACHE_HOME="$home/.cache" TMPDIR="$home" "$sg" "$@"; }
builds() { wc -l <"$count" | tr -d ' '; }

expect_exit 0 "first run: the trial builds" asnobody -o tick.spec tick-1.0.tar.gz
is "$(builds)" 1 "first run: the build step ran once"
like "$(cat tick.spec)" "*%{_bindir}/tick*" "first run: %files from the trial"
cp tick.spec first.spec
expect_exit 0 "second run: same spec" asnobody -o tick.spec tick-1.0.tar.gz
is "$(builds)" 1 "second run: the trial's result from the cache, no build"
like "$OUT" "*changed=no*" "second run: nothing changed"
like "$ERR" "*result from an earlier run*" "second run: says the result is cached"
expect_exit 0 "--check, SOURCE as ./x: in sync" asnobody --check -o tick.spec ./tick-1.0.tar.gz
expect_exit 0 "--check, SOURCE absolute: in sync" asnobody --check -o tick.spec "$TMPD/w/tick-1.0.tar.gz"
is "$(builds)" 1 "--check: no build"
expect_exit 0 "--no-cache: builds again" asnobody --no-cache -o tick.spec tick-1.0.tar.gz
is "$(builds)" 2 "--no-cache: the build step ran"

# a changed source misses the cache (its spec is the same: only the trial knows)
printf '# changed\n' >>tick-1.0/tick
tar czf tick-1.0.tar.gz tick-1.0
chown nobody tick-1.0.tar.gz
expect_exit 0 "changed source: --check still in sync" asnobody --check -o tick.spec tick-1.0.tar.gz
is "$(builds)" 3 "changed source: a miss, the trial built it"
expect_exit 0 "changed source: a run" asnobody -o tick.spec tick-1.0.tar.gz
is "$(builds)" 3 "changed source: then cached"

entries="$home/.cache/acmtools/specgen-trial"
key=$(ls -t "$entries" | head -n 1)
# corrupt: cut in the middle
head -c 60 "$entries/$key" >"$TMPD/cut" && cat "$TMPD/cut" >"$entries/$key"
expect_exit 0 "corrupt entry: the run still writes the spec" asnobody -o tick.spec tick-1.0.tar.gz
like "$ERR" "*ignoring the trial cache entry*" "corrupt entry: ignored with a warning"
is "$(builds)" 4 "corrupt entry: the trial ran again"
is "$(cat tick.spec)" "$(cat first.spec)" "corrupt entry: the spec is the fresh trial's"
# hostile: well formed, but its paths leave the build root
python3 -c '
import sys
p = sys.argv[1]
first = open(p, "rb").read().split(b"\n")[0]
bad = [b"/usr/bin/../../etc/shadow"]
body = [b"f %d %s" % (len(x), x) for x in bad]
open(p, "wb").write(b"\n".join([first, b"%d" % len(body)] + body + [b"end", b""]))
' "$entries/$key"
expect_exit 0 "hostile entry: the run still writes the spec" asnobody -o tick.spec tick-1.0.tar.gz
like "$ERR" "*ignoring the trial cache entry*/usr/bin/../../etc/shadow*" "hostile entry: ignored, the bad path named"
is "$(builds)" 5 "hostile entry: the trial ran again"
case $(cat tick.spec) in *shadow*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "hostile entry: none of its paths in the spec"
# a link planted as the entry is not followed
ln -sf /etc/passwd "$entries/link.tmp" && mv -f "$entries/link.tmp" "$entries/$key"
expect_exit 0 "symlinked entry: the run still writes the spec" asnobody -o tick.spec tick-1.0.tar.gz
is "$(builds)" 6 "symlinked entry: ignored, the trial ran"

# a directory source: its files are the digest
expect_exit 0 "directory: first run" asnobody -o dir.spec tick-1.0
is "$(builds)" 7 "directory: built"
expect_exit 0 "directory: --check" asnobody --check -o dir.spec ./tick-1.0/
is "$(builds)" 7 "directory: --check from the cache"
done_testing

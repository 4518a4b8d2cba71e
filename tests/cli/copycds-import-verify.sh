#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-verify.sh - --verify against hostile repository metadata:
# decompression bombs of each kind (bzip2, gzip, xz: a few KB that ask for
# gigabytes) and a <package> element without end must stop with 65 and a
# message naming the file, in bounded memory and time; and the cost of
# checking stays linear in files + checksums.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
need_prog python3

# measure ERRFILE CMD...: run CMD (killed after 60 s), print "RC MAXRSS_KB CPU_S"
measure() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys
try:
    rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"), timeout=60).returncode
except subprocess.TimeoutExpired:
    rc = 124
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, u.ru_maxrss, int(u.ru_utime + u.ru_stime))
PY
}

# mk_repo DIR PRIMARY: a medium whose repodata points at PRIMARY
mk_repo() {
	mkdir -p "$1/Packages" "$1/repodata"
	printf '1700000000.1\nFedora-Server 39\nx86_64\n' >"$1/.discinfo"
	echo data >"$1/Packages/a-1-1.fc39.x86_64.rpm"
	printf '<?xml version="1.0"?>\n<repomd><data type="primary"><location href="repodata/%s"/></data></repomd>\n' \
		"$2" >"$1/repodata/repomd.xml"
}

# bomb KIND FILE: a member that expands to gigabytes (concatenated streams)
bomb() {
	python3 - "$1" "$2" <<'PY'
import bz2, gzip, lzma, sys
kind, out = sys.argv[1], sys.argv[2]
z = bytes(64 << 20)
if kind == "bz2":      # 512 x 64 MiB = 32 GiB from about 40 KB
    data = bz2.compress(z) * 512
elif kind == "gz":     # 64 x 64 MiB = 4 GiB from 4 MB
    data = gzip.compress(z) * 64
elif kind == "xz":     # 512 x 64 MiB from 5 MB
    data = lzma.compress(z) * 512
else:                  # one <package> element that never ends: 4 GiB
    data = gzip.compress(b'<metadata><package type="rpm"><name>' + z) * 64
open(out, "wb").write(data)
PY
}

for kind in bz2 gz xz element; do
	M=$TMPD/m-$kind
	f=primary.xml.${kind%element}
	[ "$kind" = element ] && f=primary.xml.gz
	mk_repo "$M" "$f"
	bomb "$kind" "$M/repodata/$f"
	ok "$kind: made a bomb of $(wc -c <"$M/repodata/$f") bytes" test -s "$M/repodata/$f"
	expect_exit 0 "$kind: the import itself copies the file (it is only data)" copycds-import -q -p "$TMPD/t-$kind" "$M"
	set -- $(measure "$TMPD/err" copycds-import -p "$TMPD/t-$kind" --verify "$M")
	is "$1" 65 "$kind: --verify stops with 65 (not killed, no hang)"
	if [ "$kind" = element ]; then
		like "$(cat "$TMPD/err")" "*repodata/$f': a <package> element is longer than 16 MiB*verification stops*" \
			"$kind: the message names the member and the reason"
	else
		like "$(cat "$TMPD/err")" "*repodata/$f': expands past *(a decompression bomb?)*verification stops*" \
			"$kind: the message names the member and the budget"
	fi
	ok "$kind: memory stays bounded (max RSS $2 KB)" test "$2" -lt 200000
	ok "$kind: and time too ($3 CPU-s)" test "$3" -lt 30
done

# ---- many files, many checksums: each file reads only its own sums
M=$TMPD/many
python3 - "$M" 3000 30000 <<'PY'
import gzip, hashlib, os, sys
d, nfiles, nsums = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(d + "/Packages"); os.makedirs(d + "/repodata")
open(d + "/.discinfo", "w").write("1700000000.1\nFedora-Server 39\nx86_64\n")
pk = []
for i in range(nfiles):
    data = b"pkg %d\n" % i
    name = "Packages/p%05d-1-1.fc39.x86_64.rpm" % i
    open(d + "/" + name, "wb").write(data)
    # one package's metadata is wrong: exactly one mismatch
    pk.append((name, "0" * 64 if i == 1234 else hashlib.sha256(data).hexdigest()))
for i in range(nsums - nfiles):   # sums for names not on the medium
    pk.append(("Packages/ghost%06d-1-1.x86_64.rpm" % i, "0" * 64))
with gzip.open(d + "/repodata/primary.xml.gz", "wt") as f:
    f.write('<?xml version="1.0"?>\n<metadata packages="%d">\n' % len(pk))
    for n, s in pk:
        f.write('<package type="rpm"><name>x</name><checksum type="sha256" pkgid="YES">%s</checksum>'
                '<location href="%s"/></package>\n' % (s, n))
    f.write('</metadata>\n')
open(d + "/repodata/repomd.xml", "w").write(
    '<?xml version="1.0"?>\n<repomd><data type="primary"><location href="repodata/primary.xml.gz"/></data></repomd>\n')
PY
expect_exit 0 "imported 3000 files" copycds-import -q -p "$TMPD/tm" "$M"
set -- $(measure "$TMPD/err" copycds-import -p "$TMPD/tm" --verify "$M")
is "$1" 65 "--verify against 30000 checksums finds the wrong one (65)"
is "$(grep -c 'checksum mismatch' "$TMPD/err")" 1 "exactly one mismatch"
like "$(cat "$TMPD/err")" "*p01234-1-1.fc39.x86_64.rpm': checksum mismatch: repodata/repomd.xml says sha256 0000*" \
	"the message names the file and the metadata"
ok "3000 files x 30000 checksums cost $3 CPU-s (about 40 before sums were indexed per file)" test "$3" -lt 8

done_testing

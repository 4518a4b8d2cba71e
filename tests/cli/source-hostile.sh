#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# source-hostile.sh - every backend of the shared source module (tarball,
# zip, directory, git) passes through the same name, kind and link rules
# (lib/core/confine.c) and budgets: hostile git trees crafted object by
# object, link chains through "x -> .", entries through links, a sparse
# bomb. A canary outside the target must stay untouched; each refusal is 65.
. "$top_srcdir/tests/lib.sh"
need_prog specgen git python3 tar

cd "$TMPD" || exit 1
echo precious >canary
mkdir -p out

# crafted_repo NAME ENTRIES...: a bare repository whose HEAD commit has a
# root tree made by hand (git's own commands refuse such names), each entry
# "mode name content" ("40000 name" takes a subtree holding canary).
crafted_repo() {
	_r=$1; shift
	git init -q --bare "$_r.git" || return 1
	python3 - "$_r.git" "$@" <<'PY' || return 1
import hashlib, os, sys, zlib
repo = sys.argv[1]
def put(kind, body):
    data = b"%s %d\0" % (kind, len(body)) + body
    oid = hashlib.sha1(data).hexdigest()
    d = os.path.join(repo, "objects", oid[:2])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, oid[2:]), "wb") as f:
        f.write(zlib.compress(data))
    return oid
def tree(entries):
    body = b""
    for mode, name, oid in entries:
        body += b"%s %s\0" % (mode.encode(), name.encode()) + bytes.fromhex(oid)
    return put(b"tree", body)
blob = put(b"blob", b"int main(void) { return 0; }\n")
sub = tree([("100644", "canary", put(b"blob", b"owned\n"))])
ents = [("100644", "main.c", blob)]
for spec in sys.argv[2:]:
    mode, name, content = (spec.split(" ", 2) + [""])[:3]
    if mode == "40000":
        ents.append((mode, name, sub))
    else:
        ents.append((mode, name, put(b"blob", content.encode())))
root = tree(ents)
commit = put(b"commit", b"tree %s\nauthor a <a@b> 1700000000 +0000\ncommitter a <a@b> 1700000000 +0000\n\nx\n" % root.encode())
with open(os.path.join(repo, "refs", "heads", "master"), "w") as f:
    f.write(commit + "\n")
with open(os.path.join(repo, "HEAD"), "w") as f:
    f.write("ref: refs/heads/master\n")
PY
}

# ---- git tree entries (issue 13 #1): never used unchecked
for case in "dotdot|40000 .." "slashes|100644 ../../canary owned" "dotgit|40000 .git" \
	    "dotgit-case|40000 .GIT" "abslink|120000 l /etc/passwd" "uplink|120000 l ../../etc" \
	    "newline|100644 a%0A%post x" "dot-chain|120000 s .|120000 t s/s/s/../../../etc"; do
	name=${case%%|*}; rest=${case#*|}
	set --
	IFS='|'; for e in $rest; do set -- "$@" "$(printf '%s' "$e" | sed 's/%0A/\
/')"; done; unset IFS
	ok "crafted a git tree ($name)" crafted_repo "git-$name" "$@"
	expect_exit 65 "git ($name): specgen refuses with 65" specgen --no-probe -o "out/$name.spec" "git-$name.git"
	like "$ERR" "*refusing archive entry*" "git ($name): the message names the entry"
	expect_exit 65 "git ($name): --tarball-dir refuses with 65" \
		specgen --no-probe --tarball-dir out/tb-$name -o "out/$name.spec" "git-$name.git"
	ok "git ($name): no tarball with '../' members written" test ! -e "out/tb-$name"
	not_ok "git ($name): no spec written" test -e "out/$name.spec"
done
is "$(cat canary)" precious "the canary outside the target is untouched"
ok "nothing landed beside the repositories" test ! -e "$TMPD/../canary" -a ! -e owned

# a crafted tree that is fine is still packed
ok "crafted a fine git tree" crafted_repo git-fine "120000 s ." "120000 t s/s/main.c"
expect_exit 0 "git (fine): a link to '.' and a link through it are kept" \
	specgen --no-probe --tarball-dir out/tb-fine -o out/fine.spec git-fine.git
ok "git (fine): the tarball keeps the link through the link" sh -c 'tar -tvzf out/tb-fine/*.tar.gz | grep -q "/t -> s/s/main.c"'
ok "git (fine): the tarball holds no '../' member" sh -c '! tar -tzf out/tb-fine/*.tar.gz | grep -q "\.\./"'

# ---- tarballs: entries through links (issue 13, low: 73 -> 65), chains
python3 - <<'PY'
import io, tarfile
def mk(name, ents):
    with tarfile.open("%s.tar.gz" % name, "w:gz") as t:
        for path, kind, arg in ents:
            ti = tarfile.TarInfo(path)
            if kind == "d":
                ti.type = tarfile.DIRTYPE; ti.mode = 0o755; t.addfile(ti)
            elif kind == "f":
                ti.size = 2; ti.mode = 0o644; t.addfile(ti, io.BytesIO(b"hi"))
            elif kind == "l":
                ti.type = tarfile.SYMTYPE; ti.linkname = arg; t.addfile(ti)
            elif kind == "h":
                ti.type = tarfile.LNKTYPE; ti.linkname = arg; t.addfile(ti)
mk("through-1.0", [("through-1.0/", "d", 0), ("through-1.0/l", "l", ".."), ("through-1.0/l/l2", "f", 0)])
mk("dirlink-1.0", [("dirlink-1.0/d/", "d", 0), ("dirlink-1.0/s", "l", "d"), ("dirlink-1.0/s/x", "f", 0)])
mk("chain-1.0", [("chain-1.0/s", "l", "."), ("chain-1.0/e", "l", "s/s/s/../../../canary")])
mk("uptop-1.0", [("uptop-1.0/a", "f", 0), ("uptop-1.0/p", "l", "../uptop-1.0x/y")])
mk("hardsym-1.0", [("hardsym-1.0/a/b/l", "l", "../../x"), ("hardsym-1.0/h", "h", "hardsym-1.0/a/b/l")])
mk("retype-1.0", [("retype-1.0/d/f", "f", 0), ("retype-1.0/d", "l", "..")])
mk("ctrl-1.0", [("ctrl-1.0/a\n%post\nrm -rf /", "f", 0)])
PY
for h in through dirlink chain uptop hardsym retype ctrl; do
	expect_exit 65 "tarball ($h): refused with 65" specgen --no-probe -o "out/$h.spec" "$h-1.0.tar.gz"
	like "$ERR" "*refusing archive entry '$h-1.0/*" "tarball ($h): the message names the entry"
done
like "$(specgen --no-probe -o out/x.spec through-1.0.tar.gz 2>&1)" "*'through-1.0/l/l2': path runs through a symbolic link*" \
	"an entry through an accepted link is named"

# ---- zip and directory sources: the same rules
mkdir -p zipsrc/zl-1.0 && ln -s . zipsrc/zl-1.0/s && ln -s s/s/../../canary zipsrc/zl-1.0/e
(cd zipsrc && python3 -c '
import os, stat, zipfile
z = zipfile.ZipFile("../zl-1.0.zip", "w")
for n in ("zl-1.0/s", "zl-1.0/e"):
    zi = zipfile.ZipInfo(n); zi.external_attr = (stat.S_IFLNK | 0o777) << 16
    z.writestr(zi, os.readlink(n))
z.close()')
expect_exit 65 "zip: a chain through 'x -> .' is refused" specgen --no-probe -o out/zl.spec zl-1.0.zip
like "$ERR" "*refusing archive entry 'zl-1.0/e'*" "zip: the entry is named"
expect_exit 65 "directory: a chain through 'x -> .' is refused" specgen --no-probe -o out/dl.spec zipsrc/zl-1.0
like "$ERR" "*refusing archive entry 'e'*" "directory: the entry is named"

# ---- a sparse bomb (issue 13 #8): 3 GB in a few hundred bytes
mkdir -p sp/bomb-1.0 && truncate -s 3G sp/bomb-1.0/big.c && tar --sparse -C sp -czf bomb-1.0.tar.gz bomb-1.0 && rm -rf sp
ok "the bomb is small" test "$(stat -c %s bomb-1.0.tar.gz)" -lt 4096
expect_exit 65 "a sparse 3 GB member is refused with 65" timeout 60 specgen --no-probe -o out/bomb.spec bomb-1.0.tar.gz
like "$ERR" "*entry 'bomb-1.0/big.c' expands to 3221225472 bytes*" "the message names the member and its size"

done_testing

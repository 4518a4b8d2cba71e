#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild-repo.sh - lib/repo, the --repo publisher kbuild and mx2g-pack share,
# with real packages and real createrepo_c: first publish, an identical
# second publish changes nothing, a new version keeps the previous metadata
# files for readers in flight, a held lock gives 75, bad input its code.
. "$top_srcdir/tests/lib.sh"
need_prog rpmbuild createrepo_c flock gzip
pub="$top_builddir/tests/rpm/repo_publish"

mkpkg() { # version -> path of a tiny noarch package
	cat >"$TMPD/acmt.spec" <<SPEC
Name: acmt
Version: $1
Release: 1
Summary: Repository test package
License: MIT
BuildArch: noarch
%description
A package for the repository test.
%install
mkdir -p %{buildroot}/usr/share/acmt
echo $1 > %{buildroot}/usr/share/acmt/version
%files
/usr/share/acmt
SPEC
	rpmbuild -bb --nodeps --define "_topdir $TMPD/top" "$TMPD/acmt.spec" >/dev/null 2>&1 &&
		echo "$TMPD/top/RPMS/noarch/acmt-$1-1.noarch.rpm"
}
primary() { # the primary.xml.gz the current repomd.xml names
	echo "$1/$(grep -o 'href="repodata/[^"]*primary.xml.gz"' "$1/repodata/repomd.xml" | sed 's/^href="//; s/"$//')"
}
names() { gzip -dc "$(primary "$1")" | grep -o '<version [^>]*' | grep -o 'ver="[^"]*"' | sort | tr '\n' ' '; }

p1=$(mkpkg 1.0)
p2=$(mkpkg 2.0)
ok "test packages built" test -f "$p1" -a -f "$p2"
repo="$TMPD/repo/el9/x86_64"

expect_exit 0 "first publish" "$pub" "$repo" "$p1"
like "$OUT" "*changed=yes*metadata_changed=yes*" "the package was copied and metadata written"
ok "repomd.xml exists" test -f "$repo/repodata/repomd.xml"
is "$(names "$repo")" 'ver="1.0" ' "the metadata lists version 1.0"
cp "$repo/repodata/repomd.xml" "$TMPD/repomd.1"
old_primary=$(primary "$repo")

expect_exit 0 "identical second publish" "$pub" "$repo" "$p1"
like "$OUT" "*changed=no*metadata_changed=no*" "nothing is copied or rewritten"
ok "repomd.xml is untouched" cmp "$repo/repodata/repomd.xml" "$TMPD/repomd.1"

expect_exit 0 "publish version 2.0" "$pub" "$repo" "$p2"
is "$(names "$repo")" 'ver="1.0" ver="2.0" ' "the metadata lists both versions"
ok "the previous generation's primary is still there for readers in flight" test -f "$old_primary"
not_ok "no staging directory is left" test -e "$repo/.acmtools-staging"
not_ok "no temporary package file is left" sh -c "ls -a '$repo' | grep -v -e '^\\.*\$' -e '\\.rpm\$' -e '^repodata\$' -e '^\\.acmtools-repo\\.lock\$' | grep ."

flock "$repo/.acmtools-repo.lock" sleep 5 &
holder=$!
sleep 1
expect_exit 75 "a publish while another holds the lock exits 75" "$pub" "$repo" "$p2"
like "$ERR" "*locked*" "the message says it is locked"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

expect_exit 66 "a missing package exits 66" "$pub" "$repo" "$TMPD/nope.rpm"
like "$ERR" "*nope.rpm*" "the message names it"
mkdir -p "$TMPD/bin"
expect_exit 69 "no createrepo_c exits 69" env PATH="$TMPD/bin" "$pub" "$repo" "$p1"
like "$ERR" "*createrepo*install*" "the message names the package to install"
: >"$TMPD/file"
expect_exit 73 "a repository path that is a file exits 73" "$pub" "$TMPD/file" "$p1"

done_testing

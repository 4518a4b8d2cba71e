#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds_import.sh - acmtools.cluster.copycds_import through ansible-playbook
# -c local on a small xorriso image of a Debian-style medium: check mode is
# copycds-import --check and copies nothing, a first run copies and reports
# changed, a second run is ok, a file removed from the tree is a change
# again, --diff shows copycds-import --dry-run's output, an OSVER with a
# blank fails with the tool's message and 64.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/copycds-import-lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_prog xorriso
M=$TMPD/medium I=$TMPD/debian.iso R=$TMPD/install
mkdir -p "$M/.disk" "$M/pool/main/h/hello"
echo 'Debian GNU/Linux 12.5.0 "Bookworm" - Official amd64 DVD Binary-1 20240210-11:28' >"$M/.disk/info"
head -c 60000 /dev/urandom >"$M/pool/main/h/hello/hello_2.10-3_amd64.deb"
mk_iso "$M" "$I" || { echo "Bail out! xorriso could not make the image"; exit 0; }
D=$R/debian12.5.0/x86_64
an_task copycds_import "executable: $top_builddir/cmd/copycds-import
media: [$I]
path: $R"

an_expect true "--check --diff before a run: changed" --check --diff
is "$(an_get 'cmd[1]')" --check "check mode runs copycds-import --check"
is "$(an_diff)" "$(copycds-import -q --dry-run --path="$R" "$I")" "--diff shows what copycds-import --dry-run prints"
like "$(an_diff)" "*action=copy file=pool/main/h/hello/hello_2.10-3_amd64.deb bytes=60000*" \
	"the diff names the file a run would copy"
ok "--check copied nothing" test ! -e "$D/pool"

an_expect true "first run: changed"
ok "the medium is in the tree" cmp "$M/pool/main/h/hello/hello_2.10-3_amd64.deb" "$D/pool/main/h/hello/hello_2.10-3_amd64.deb"
is "$(an_get records[0].dest)" "$D" "records[0].dest"
is "$(an_get records[0].osver)/$(an_get records[0].arch)" debian12.5.0/x86_64 "records[0]: osver and arch"
is "$(an_get records[0].copied)" 60080 "records[0].copied"
is "$(an_get records[0].changed)" yes "records[0].changed is the tool's changed=yes"

an_expect false "second run: ok, not changed"
is "$(an_get records[0].copied)" 0 "records[0].copied is 0"
is "$(an_get records[0].changed)" no "records[0].changed is the tool's changed=no"
an_expect false "--check after a run: not changed" --check

rm "$D/.disk/info"
an_expect true "--check with a file gone from the tree: changed" --check
ok "--check put nothing back" test ! -e "$D/.disk/info"
an_expect true "a run with a file gone: changed"
ok "the run put it back" cmp "$M/.disk/info" "$D/.disk/info"

an_task copycds_import "executable: $top_builddir/cmd/copycds-import
media: [$I]
path: $R
name: centos 7.9
arch: x86_64"
an_fails "an OSVER with a blank fails" 64 "copycds-import: error: 'centos 7.9': not a usable OS version name*"
ok "nothing was filed under it" test ! -e "$R/centos 7.9"
an_task copycds_import "executable: $top_builddir/cmd/copycds-import
media: [$TMPD/nope.iso]
path: $R"
an_fails "missing media fails" 66 "copycds-import: *nope.iso*"
done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# man-pages.sh - the man pages look like one set: the same .TH shape (date,
# "acmtools VERSION" of this build, "acmtools" manual), the sections in one
# order, and a COMMON OPTIONS section that is man/common-options.man byte
# for byte (scripts/man-common copies it in; this fails when a page and the
# source drift apart).
. "$top_srcdir/tests/lib.sh"
version=$(specgen --version | sed -n 's/^specgen (acmtools) //p')
# the sections a page may have, in the order they must come
order="NAME SYNOPSIS DESCRIPTION OPTIONS COMMON_OPTIONS OUTPUT EXIT_STATUS ENVIRONMENT FILES NOTES SECURITY EXAMPLES SEE_ALSO"
sed '/^\.\\"/d' "$top_srcdir/man/common-options.man" >"$TMPD/common"
ok "man/common-options.man starts the section" test "$(head -n 1 "$TMPD/common")" = ".SH COMMON OPTIONS"

for page in "$top_srcdir"/man/*.1; do
	p=$(basename "$page" .1)
	up=$(printf '%s' "$p" | tr '[:lower:]' '[:upper:]')
	like "$(grep -v "^\.\\\\\"" "$page" | head -n 1)" ".TH $up 1 \"20[0-9][0-9]-[01][0-9]-[0-3][0-9]\" \"acmtools $version\" \"acmtools\"" \
		"$p.1: .TH NAME 1 \"YYYY-MM-DD\" \"acmtools $version\" \"acmtools\""
	got=$(sed -n 's/^\.SH //p' "$page" | tr ' ' _ | tr '\n' ' ')
	bad=$(for s in $got; do case " $order " in *" $s "*) ;; *) echo "$s" ;; esac; done)
	is "$bad" "" "$p.1: no section outside the agreed list"
	want=$(for s in $order; do case " $got " in *" $s "*) printf '%s ' "$s" ;; esac; done)
	is "$got" "$want" "$p.1: sections in the agreed order"
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMON_OPTIONS EXIT_STATUS SEE_ALSO; do
		case " $got " in *" $s "*) r=0 ;; *) r=1 ;; esac
		is "$r" 0 "$p.1: has $s"
	done
	awk '/^\.SH /{p = ($0 == ".SH COMMON OPTIONS")} p' "$page" >"$TMPD/$p.common"
	ok "$p.1: COMMON OPTIONS is man/common-options.man (run scripts/man-common)" \
		diff -u "$TMPD/common" "$TMPD/$p.common"
done
like "$(grep -m 1 '^\.TH' "$top_srcdir/man/acmtools.7")" \
	".TH ACMTOOLS 7 \"20[0-9][0-9]-[01][0-9]-[0-3][0-9]\" \"acmtools $version\" \"acmtools\"" \
	"acmtools.7: the same .TH shape"
done_testing

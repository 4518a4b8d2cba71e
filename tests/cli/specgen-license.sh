#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen-license.sh - the License rule (specgen(1) "License") on tarballs
# made here in the shapes real projects ship: nettle's three GNU texts with
# a choice in the headers (OR), htop's "GPLv2+" in the sources, nano's
# COPYING + COPYING.DOC (GFDL for the docs), SQLite's dedication, libevent's
# LICENSE of three licenses cut by === lines, libidn2's COPYING that is a
# statement, and a restrictive text that quotes MIT (FIXME, --strict 65).
. "$top_srcdir/tests/lib.sh"
need_prog specgen tar
export SOURCE_DATE_EPOCH=1700000000
cd "$TMPD" || exit 1

GPL2='                    GNU GENERAL PUBLIC LICENSE
                       Version 2, June 1991

 Copyright (C) 1989, 1991 Free Software Foundation, Inc.'
GPL3='                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007'
LGPL3='                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007'
GFDL='		GNU Free Documentation License
		  Version 1.2, November 2002'
MIT='Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.'

# mk NAME-VER: a plain-Makefile project in NAME-VER/, tarred as NAME-VER.tar.gz
mk() {
	printf 'all:\n\ttrue\ninstall:\n\tinstall -D -m 755 x $(DESTDIR)/usr/bin/x\n' >"$1/Makefile"
	printf 'int main(void) { return 0; }\n' >"$1/x.c"
	tar czf "$1.tar.gz" "$1"
}
lic() { specgen --no-probe -q "$1.tar.gz" | sed -n 's/^License:[[:blank:]]*//p'; }

mkdir nettle-3.8
printf '%s\n' "$GPL2" >nettle-3.8/COPYINGv2
printf '%s\n' "$GPL3" >nettle-3.8/COPYINGv3
printf '%s\n' "$LGPL3" >nettle-3.8/COPYING.LESSERv3
cat >nettle-3.8/aes.h <<'EOF'
/* aes.h

   GNU Nettle is free software: you can redistribute it and/or
   modify it under the terms of either:

     * the GNU Lesser General Public License as published by the Free
       Software Foundation; either version 3 of the License, or (at your
       option) any later version.

   or

     * the GNU General Public License as published by the Free
       Software Foundation; either version 2 of the License, or (at your
       option) any later version.

   or both in parallel, as here.
*/
EOF
mk nettle-3.8
is "$(lic nettle-3.8)" "GPL-2.0-or-later OR LGPL-3.0-or-later" "nettle: a choice in the headers is OR, the LGPL-3.0's GPL-3.0 text is its part"

mkdir htop-3.2
printf '%s\n' "$GPL2" >htop-3.2/COPYING
printf '/*\nhtop - htop.c\nReleased under the GNU GPLv2+, see the COPYING file\n*/\n' >htop-3.2/htop.c
mk htop-3.2
is "$(lic htop-3.2)" "GPL-2.0-or-later" "htop: 'GPLv2+' in the sources makes GPL-2.0 -or-later"

mkdir nano-7.2
printf '%s\n' "$GPL3" >nano-7.2/COPYING
printf '%s\n' "$GFDL" >nano-7.2/COPYING.DOC
cat >nano-7.2/README <<'EOF'
License

    Nano's code and documentation are covered by the GPL version 3 or
    (at your option) any later version.  Nano's documentation is
    additionally covered by the GNU Free Documentation License version
    1.2 or (at your option) any later version.
EOF
mk nano-7.2
run specgen --no-probe nano-7.2.tar.gz
is "$RC $(spec_tag "$OUT" License)" "0 GPL-3.0-or-later AND GFDL-1.2-or-later" "nano: the docs' GFDL is added to License, not FIXME"
case $ERR in *"license could not be identified"*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "nano: no warning about the license"

mkdir sqlite-3.40
cat >sqlite-3.40/LICENSE.md <<'EOF'
The author disclaims copyright to this source code.  In place of
a legal notice, here is a blessing:

  *   May you do good and not evil.
  *   May you find forgiveness for yourself and forgive others.
  *   May you share freely, never taking more than you give.
EOF
mk sqlite-3.40
is "$(lic sqlite-3.40)" "blessing" "sqlite: the public domain blessing is SPDX 'blessing'"

mkdir libevent-2.1
{ printf 'Libevent is available for use under the following license, commonly known\nas the 3-clause (or "modified") BSD license:\n\n====\nCopyright (c) 2000 N. P.\n\n'
  cat <<'EOF'
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:
1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.
3. The name of the author may not be used to endorse or promote products
   derived from this software without specific prior written permission.
====

The timer code is distributed under this license, sometimes called the "MIT" license.

EOF
  printf '%s\n' "$MIT"; } >libevent-2.1/LICENSE
mk libevent-2.1
is "$(lic libevent-2.1)" "BSD-3-Clause AND MIT" "libevent: a LICENSE of two licenses in sections names both"

mkdir libidn2-2.3
printf '%s\n' "$GPL2" >libidn2-2.3/COPYINGv2
printf '%s\n' "$LGPL3" >libidn2-2.3/COPYING.LESSERv3
cat >libidn2-2.3/COPYING <<'EOF'
The source code for the C library (libidn2.a or libidn.so) are
licensed under the terms of either the GNU General Public License
version 2.0 or later (see the file COPYINGv2) or the GNU Lesser
General Public License version 3.0 or later (see the file
COPYING.LESSERv3), or both in parallel as here.
EOF
mk libidn2-2.3
is "$(lic libidn2-2.3)" "GPL-2.0-or-later OR LGPL-3.0-or-later" "libidn2: a COPYING that is a statement gives the choice"

# hostile: a license that quotes MIT and takes it back
mkdir trap-1.0
{ printf '%s\n' "$MIT"; printf '\nThe Software may only be used on hardware sold by Acme.\n'; } >trap-1.0/LICENSE
mk trap-1.0
run specgen --no-probe trap-1.0.tar.gz
is "$RC $(spec_tag "$OUT" License)" "0 FIXME" "restrictive text quoting MIT: License FIXME, not MIT"
like "$ERR" "*license could not be identified*" "restrictive text: warned"
expect_exit 65 "restrictive text: --strict refuses" specgen --no-probe --strict trap-1.0.tar.gz
# a dual statement naming a license whose text is not shipped invents no OR
mkdir half-1.0
printf '%s\n' "$GPL2" >half-1.0/COPYING
printf '/* use under either the GNU General Public License version 2 or later, or the GNU Affero General Public License version 3 */\n' >half-1.0/x.h
mk half-1.0
is "$(lic half-1.0)" "GPL-2.0-or-later" "a choice naming an unshipped license: no OR invented"
done_testing

# SPDX-License-Identifier: GPL-2.0-or-later
# samples.sh - the sample upstream sources the specgen tests and the demo
# build, made in one place so that the exact-output test (tests/expected)
# speaks for the same trees the rpmbuild tests build. Sourced by
# tests/lib.sh and scripts/demo.d; defines functions only.

# mit_license DIR: an MIT LICENSE file
mit_license() {
	printf 'Copyright (c) 2024 Example\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software, to deal in the Software without restriction.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.\n' > "$1/LICENSE"
}

# make_makefile_source DIR PROG: a plain Makefile that builds PROG from
# PROG.c and installs it under $(DESTDIR)$(PREFIX)/bin (append more rules)
make_makefile_source() {
	mkdir -p "$1"
	cat > "$1/Makefile" <<X
PREFIX ?= /usr/local
CFLAGS ?= -O2
$2: $2.c
	\$(CC) \$(CFLAGS) \$(LDFLAGS) -o \$@ $2.c
install: $2
	install -D -m 0755 $2 \$(DESTDIR)\$(PREFIX)/bin/$2
X
}

# make_widget_source SRC: SRC/widget-2.4.1, a small autotools source
# (pkg-config deps, libtool, two licenses, a po/ directory)
make_widget_source() {
	_w=$1/widget-2.4.1
	mkdir -p "$_w/po"
	cat > "$_w/configure.ac" <<'X'
AC_INIT([widget], [2.4.1], [], [widget], [https://example.org/widget])
PKG_CHECK_MODULES([DEPS], [glib-2.0 >= 2.50 zlib])
LT_INIT
X
	printf '#!/bin/sh\n' > "$_w/configure"
	printf 'int main(void){return 0;}\n' > "$_w/widget.c"
	printf 'Permission is hereby granted, free of charge, to any person obtaining a copy\n' > "$_w/LICENSE"
	printf 'Redistribution and use in source and binary forms, with or without modification.\n' > "$_w/COPYING.BSD"
	echo "widget" > "$_w/README.md"
}

# make_tick_source SRC: SRC/tick-0.9 and SRC/tick_0.9.orig.tar.gz, a plain
# Makefile source under a Debian-style name that installs awkward names
make_tick_source() {
	_t=$1/tick-0.9
	make_makefile_source "$_t" tick
	cat >> "$_t/Makefile" <<'X'
	install -D -m 0644 tick.c "$(DESTDIR)$(PREFIX)/share/tick-examples/with space.c"
	install -D -m 0755 tick "$(DESTDIR)$(PREFIX)/bin/tick now"
	install -D -m 0755 tick "$(DESTDIR)$(PREFIX)/bin/tick[1]"
	install -D -m 0755 tick "$(DESTDIR)$(PREFIX)/bin/tick*"
	install -D -m 0755 tick "$(DESTDIR)$(PREFIX)/bin/tick%d"
X
	echo 'int main(void) { return 0; }' > "$_t/tick.c"
	mit_license "$_t"
	(cd "$1" && tar czf tick_0.9.orig.tar.gz tick-0.9)
}

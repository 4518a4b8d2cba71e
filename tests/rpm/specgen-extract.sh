#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen-extract.sh - --extract on a shipped NAME.spec.in, the way
# nvme-cli, ZFS and OpenAFS ship one: @VERSION@ from what the build system
# declares (AC_INIT, META), @RELEASE@ from --release or META, directory
# placeholders as rpm macros; the result parses with rpmspec. A placeholder
# specgen cannot fill is refused with 65 and named; a shipped spec whose
# Version is not the tarball's gets a warning; a complete spec is still
# printed byte for byte.
. "$top_srcdir/tests/lib.sh"
need_prog specgen rpmspec tar
cd "$TMPD" || exit 1
mk() { mkdir -p "$(dirname "$1")"; cat > "$1"; }
tgz() { tar -C src -czf "$1.tar.gz" "$1"; }
# the template of the three real projects' specs, cut down
template() {
	cat <<'X'
Name:           @PACKAGE@
Version:        @VERSION@
Release:        @RELEASE@%{?dist}
Summary:        A tool with a shipped spec template
License:        MIT
Source0:        %{name}-%{version}.tar.gz

%description
Shipped spec template, filled at configure time upstream.

%files
@SBINDIR@/%{name}
@bindir@/%{name}-helper
@CMAKE_INSTALL_LIBDIR@/lib%{name}.so.1
@sysconfdir@/%{name}.conf
X
}

# ---- autotools: AC_INIT's version, --release
mk src/ac-1.4/configure.ac <<'X'
AC_INIT([ac], [1.4], [bugs@example.org])
X
template | mk src/ac-1.4/ac.spec.in
tgz ac-1.4
expect_exit 0 "AC_INIT: --extract fills the spec.in" specgen --extract --release 3 ac-1.4.tar.gz
printf '%s\n' "$OUT" > ac.spec
is "$(spec_tag "$OUT" Version)" "1.4" "AC_INIT: @VERSION@ is AC_INIT's version"
is "$(spec_tag "$OUT" Release)" "3%{?dist}" "AC_INIT: @RELEASE@ is --release"
like "$OUT" "*%{_sbindir}/%{name}
%{_bindir}/%{name}-helper
%{_libdir}/lib%{name}.so.1
%{_sysconfdir}/%{name}.conf*" "AC_INIT: directory placeholders are rpm's macros"
case $OUT in *@*@*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "AC_INIT: no placeholder left"
ok "AC_INIT: rpmspec parses the result" rpmspec -P ac.spec
is "$(rpmspec -q --srpm --qf '%{name}-%{version}-%{release}' ac.spec 2>/dev/null)" "ac-1.4-3" \
	"AC_INIT: rpmspec reads name, version and release"

# ---- the tarball's name lies: AC_INIT wins, and the mismatch is said
mkdir -p src/ren-2.0; cp src/ac-1.4/configure.ac src/ac-1.4/ac.spec.in src/ren-2.0/
mv src/ren-2.0/ac.spec.in src/ren-2.0/ren.spec.in
tgz ren-2.0
expect_exit 0 "AC_INIT differs from the tarball: filled" specgen --extract --release 1 ren-2.0.tar.gz
is "$(spec_tag "$OUT" Version)" "1.4" "AC_INIT differs: the declared version is used"
like "$ERR" "*warning:*Version: 1.4*source is version 2.0*" "AC_INIT differs: a warning names both versions"

# ---- ZFS-style META: Version and Release; AC_INIT is not literal
mk src/zfs-2.2.7/META <<'X'
Meta:          1
Name:          zfs
Branch:        1.0
Version:       2.2.7
Release:       1
Release-Tags:  relext
License:       CDDL
X
mk src/zfs-2.2.7/configure.ac <<'X'
AC_INIT(m4_esyscmd(grep ^Name META | cut -d ':' -f 2 | tr -d ' \n'),
	m4_esyscmd(grep ^Version META | cut -d ':' -f 2 | tr -d ' \n'))
X
template | sed 's/@PACKAGE@/@PACKAGE_NAME@/; s/@VERSION@/@ZFS_META_VERSION@/; s/@RELEASE@/@ZFS_META_RELEASE@/' \
	| mk src/zfs-2.2.7/rpm/generic/zfs.spec.in
tgz zfs-2.2.7
expect_exit 0 "META: --extract fills the spec.in" specgen --extract zfs-2.2.7.tar.gz
printf '%s\n' "$OUT" > zfs.spec
is "$(rpmspec -q --srpm --qf '%{name}-%{version}-%{release}' zfs.spec 2>/dev/null)" "zfs-2.2.7-1" \
	"META: name, version and release from META"
case $ERR in *warning*) r=1 ;; *) r=0 ;; esac
is "$r" 0 "META: no warning when the versions agree"

# ---- @RELEASE@ with nothing that declares it: refused, named
template | mk src/norel-0.9/norel.spec.in
tgz norel-0.9
expect_exit 65 "no release known: refused with 65" specgen --extract norel-0.9.tar.gz
like "$ERR" "*placeholders specgen cannot fill: @RELEASE@;*--release*" "no release known: @RELEASE@ named, --release suggested"
is "$OUT" "" "no release known: nothing printed"

# ---- unknown placeholders: each named once, nothing printed
{ template; printf '@OPENAFS_KMOD_FLAGS@ @srcdir@ @OPENAFS_KMOD_FLAGS@\n'; } | mk src/oafs-1.8.9/oafs.spec.in
tgz oafs-1.8.9
expect_exit 65 "unknown placeholders: refused with 65" specgen --extract --release 1 oafs-1.8.9.tar.gz
like "$ERR" "*cannot fill: @OPENAFS_KMOD_FLAGS@, @srcdir@;*" "unknown placeholders: each named once"
is "$OUT" "" "unknown placeholders: nothing printed"

# ---- an e-mail address is not a placeholder
{ template; printf '\n%%changelog\n* Mon Jan 01 2024 A <a@example.org> - 1\n- first\n'; } | mk src/mail-1.0/mail.spec.in
tgz mail-1.0
expect_exit 0 "an e-mail in %changelog: filled" specgen --extract --release 1 mail-1.0.tar.gz
like "$OUT" "*<a@example.org>*" "an e-mail in %changelog: kept as it is"

# ---- a complete spec: byte for byte, with a stale Version warned about
mk src/stale-5.1/stale.spec <<'X'
Name: stale
Version: 4.2
Release: 1
Summary: x
License: MIT
%description
x
X
tgz stale-5.1
expect_exit 0 "stale shipped spec: printed" specgen --extract stale-5.1.tar.gz
ok "stale shipped spec: byte for byte" cmp "$TMPD/.out" src/stale-5.1/stale.spec
like "$ERR" "*warning:*Version: 4.2, but the source is version 5.1*stale*" "stale shipped spec: the warning says so"

done_testing

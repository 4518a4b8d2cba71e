# SPDX-License-Identifier: GPL-2.0-or-later
# copycds-import-lib.sh - fixtures for the copycds-import tests (sourced
# after tests/lib.sh): install-media trees with the metadata layouts real
# media carry, turned into ISO images with xorriso (Rock Ridge + Joliet).

# field LINE KEY: the value of KEY in a key=value record (via eval, as users do)
field() { ( eval "$1" 2>/dev/null; eval "printf '%s' \"\${$2-}\"" ); }

# mk_iso DIR ISO [LABEL]
mk_iso() {
	xorriso -as mkisofs -quiet -R -J -V "${3:-ACMTEST}" -o "$2" "$1" >/dev/null 2>&1
}

# mk_rpms OUTDIR: two small real noarch RPMs, built once per test file
mk_rpms() {
	_top=$TMPD/rpmbuild
	mkdir -p "$_top/SPECS" "$1"
	cat >"$_top/SPECS/acmdemo.spec" <<'SPEC'
Name: acmdemo
Version: 1.0
Release: 1
Summary: Sample package for install media tests
License: MIT
BuildArch: noarch
%description
A package that only exists to sit on a test install medium.
%package extra
Summary: Second sample package
%description extra
The second package on the test medium.
%install
mkdir -p %{buildroot}/usr/share/acmdemo
echo demo > %{buildroot}/usr/share/acmdemo/file
echo extra > %{buildroot}/usr/share/acmdemo/extra
%files
/usr/share/acmdemo/file
%files extra
/usr/share/acmdemo/extra
SPEC
	rpmbuild -bb --nodeps --quiet --define "_topdir $_top" "$_top/SPECS/acmdemo.spec" >/dev/null 2>&1 || return 1
	cp "$_top"/RPMS/noarch/*.rpm "$1/"
}

# mk_f39_tree DIR COUNT BASE BIG: a Fedora 39 medium of COUNT random
# packages of BASE + i*7919 bytes and, last in the image, zbig of BIG bytes
# (copied in several chunks: where the kill and Ctrl-C tests strike)
mk_f39_tree() {
	mkdir -p "$1/Packages"
	printf '1700000000.1\nFedora-Server 39\nx86_64\n' >"$1/.discinfo"
	_i=0
	while [ $_i -lt "$2" ]; do
		head -c $(($3 + _i * 7919)) /dev/urandom >"$1/Packages/pkg$_i-1.0-1.fc39.x86_64.rpm"
		_i=$((_i + 1))
	done
	head -c "$4" /dev/urandom >"$1/Packages/zbig-1.0-1.fc39.x86_64.rpm"
}

# sha FILE
sha() { sha256sum "$1" | cut -d' ' -f1; }

# el_id FAMILY VERSION ARCH: the .discinfo id (compose timestamp) of that
# release: CentOS 6.3's real one, else one made from the names (a real id
# of another release would name the tree after that release, as copycds does)
el_id() {
	case "$1 $2" in
	"CentOS 6.3") echo 1341569670.539525 ;;
	*) echo "1690000000.$(printf '%s' "$1$2$3" | cksum | cut -d' ' -f1)" ;;
	esac
}

# mk_el_tree DIR FAMILY VERSION ARCH DISC TOTAL [productmd]: a Red Hat style
# tree: images/install.img with its checksum in .treeinfo, .discinfo,
# media.repo, Packages/ with the sample RPMs and repodata (createrepo_c).
mk_el_tree() {
	_d=$1 _fam=$2 _ver=$3 _arch=$4 _disc=$5 _tot=$6 _style=${7:-legacy}
	_id=$(el_id "$_fam" "$_ver" "$_arch")
	mkdir -p "$_d/images" "$_d/Packages"
	head -c 200000 /dev/urandom >"$_d/images/install.img"
	if [ "$_disc" = 1 ]; then
		[ -d "$TMPD/rpms" ] || mk_rpms "$TMPD/rpms" || return 1
		cp "$TMPD"/rpms/*.rpm "$_d/Packages/"
		head -c 150000 /dev/urandom >"$_d/Packages/bigpkg-2.0-1.$_arch.rpm"
	else
		head -c 120000 /dev/urandom >"$_d/Packages/disc2pkg-1.0-1.$_arch.rpm"
	fi
	if [ "$_style" = productmd ]; then
		cat >"$_d/.treeinfo" <<TI
[header]
type = productmd.treeinfo
version = 1.2

[release]
name = $_fam
short = X
version = $_ver

[tree]
arch = $_arch
build_timestamp = 1700000000
platforms = $_arch

[media]
discnum = $_disc
totaldiscs = $_tot

[checksums]
images/install.img = sha256:$(sha "$_d/images/install.img")
TI
	else
		cat >"$_d/.treeinfo" <<TI
[general]
family = $_fam
timestamp = $_id
variant =
totaldiscs = $_tot
version = $_ver
discnum = $_disc
packagedir =
arch = $_arch

[checksums]
images/install.img = sha256:$(sha "$_d/images/install.img")
TI
	fi
	printf '%s\n%s %s\n%s\n%s\n' "$_id" "$_fam" "$_ver" "$_arch" "$_disc" >"$_d/.discinfo"
	printf '[InstallMedia]\nname=%s %s\nmediaid=%s\nmetadata_expire=-1\ngpgcheck=0\ncost=500\n' \
		"$_fam" "$_ver" "$_id" >"$_d/media.repo"
	echo "GPL text" >"$_d/GPL"
	if [ "$_disc" = 1 ]; then
		createrepo_c -q "$_d" >/dev/null 2>&1 || return 1
	fi
}

# tree_matches SRC DEST: every file, link and directory of SRC is in DEST
# with the same content (our own .acmtools-* files aside)
tree_matches() {
	diff -r --no-dereference -x '.acmtools-*' "$1" "$2"
}

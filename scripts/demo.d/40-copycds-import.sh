# SPDX-License-Identifier: GPL-2.0-or-later
# Step (seed part 10): identify install media and copy it into the
# provisioning tree, as xCAT's copycds does for CentOS-6.3 DVD1 + DVD2.
step "copycds-import: build a sample CentOS 6.3 two-DVD set with xorriso and import it"
m=$SANDBOX/media
mkdir -p "$m/dvd1/Packages" "$m/dvd1/images" "$m/dvd2/Packages"
head -c 2000000 /dev/urandom >"$m/dvd1/images/install.img"
for p in bash-4.1.2-9.el6_2 coreutils-8.4-19.el6 kernel-2.6.32-279.el6; do
	head -c 300000 /dev/urandom >"$m/dvd1/Packages/$p.x86_64.rpm"
done
head -c 300000 /dev/urandom >"$m/dvd2/Packages/emacs-23.1-21.el6_2.3.x86_64.rpm"
cat >"$m/dvd1/.treeinfo" <<TI
[general]
family = CentOS
timestamp = 1341569670.539525
totaldiscs = 2
version = 6.3
discnum = 1
arch = x86_64

[checksums]
images/install.img = sha256:$(sha256sum "$m/dvd1/images/install.img" | cut -d' ' -f1)
TI
printf '1341569670.539525\nCentOS 6.3\nx86_64\n1\n' >"$m/dvd1/.discinfo"
printf '1341569670.539525\nCentOS 6.3\nx86_64\n2\n' >"$m/dvd2/.discinfo"
for d in 1 2; do
	xorriso -as mkisofs -quiet -R -J -V "CentOS_6.3_Final" -o "$m/CentOS-6.3-x86_64-bin-DVD$d.iso" "$m/dvd$d" 2>/dev/null
done
ls -l "$m"/*.iso
echo "-- what would be copied (--dry-run; -n means --name here, as in copycds):"
show copycds-import -p "$SANDBOX/install" --dry-run "$m/CentOS-6.3-x86_64-bin-DVD1.iso" | head -n 4
echo "-- import both discs into one tree, checking checksums:"
show copycds-import -p "$SANDBOX/install" --verify "$m/CentOS-6.3-x86_64-bin-DVD1.iso" "$m/CentOS-6.3-x86_64-bin-DVD2.iso"
(cd "$SANDBOX/install" && find . -path '*/.acmtools-*' -prune -o -print | sort)
echo "-- a re-import copies nothing; --check says the tree is complete:"
show copycds-import -p "$SANDBOX/install" "$m/CentOS-6.3-x86_64-bin-DVD1.iso"
show copycds-import -p "$SANDBOX/install" --check -q "$m/CentOS-6.3-x86_64-bin-DVD1.iso" "$m/CentOS-6.3-x86_64-bin-DVD2.iso" &&
	echo "(exit 0: nothing to do)"
echo "-- media without metadata is refused with a hint, then named by hand:"
mkdir -p "$m/custom/Packages" && echo x >"$m/custom/Packages/site-tools-1.0-1.x86_64.rpm"
xorriso -as mkisofs -quiet -R -J -o "$m/custom.iso" "$m/custom" 2>/dev/null
show copycds-import -p "$SANDBOX/install" "$m/custom.iso" || echo "(exit $?)"
show copycds-import -p "$SANDBOX/install" -n centos6.3-site -a x86_64 "$m/custom.iso"
rm -rf "$m"

# SPDX-License-Identifier: GPL-2.0-or-later
# Step 1 (seed part 11a): an rpmbuild tree and ~/.rpmmacros for the build user.
step "rpmenv-init: prepare the RPM build environment in \$HOME=$HOME"
show rpmenv-init -D '_smp_mflags -j2' -D 'vendor ACM demo cluster' || [ $? = 69 ]
echo "-- the managed block it wrote into ~/.rpmmacros:"
cat "$HOME/.rpmmacros"
echo "-- a second run changes nothing:"
show rpmenv-init -q -D '_smp_mflags -j2' -D 'vendor ACM demo cluster' || [ $? = 69 ]
echo "-- rpm itself now builds into: $(rpm --eval '%{_topdir}')"

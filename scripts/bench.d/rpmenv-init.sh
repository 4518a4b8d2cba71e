# SPDX-License-Identifier: GPL-2.0-or-later
# rpmenv-init --check latency (it runs on every node, in loops) against the
# check a script would otherwise do: ask rpm where %_topdir is and test -d.
rpmenv-init -q >/dev/null 2>&1 || true
compare "rpmenv-init --check vs rpm --eval + test -d" \
	"rpmenv-init --check -q" \
	"sh -c 'test -d \"\$(rpm --eval %{_topdir})/SPECS\"'"
compare "rpmenv-init --version (start-up) vs rpm --version" "rpmenv-init --version" "rpm --version"

# SPDX-License-Identifier: GPL-2.0-or-later
# cluster.mk - an example Makefile that chains acmtools into a head-node build.
#   make -f scripts/cluster.mk -j4 all
# Each target is one tool run. The tools are idempotent and answer --check,
# so re-running make redoes only what changed; package builds in different
# targets run in parallel under make -j.
TOPDIR   ?= $(HOME)/rpmbuild
REPO     ?= /install/local
SOURCES  ?= sources
KERNEL   ?= $(SOURCES)/linux-6.1.tar.xz
KCONFIG  ?= /boot/config-$(shell uname -r)
DRIVER   ?= $(SOURCES)/mx2g-1.4.2.tar.gz
ISOS     ?= $(wildcard $(SOURCES)/*.iso)
INTERNAL ?= 10.0.0.0/8
EXTERNAL ?= eth0
UPLINKS  ?= eth0:192.0.2.1 eth1:198.51.100.1

.PHONY: all rpmenv specs kernel kmods media nat routing
all: rpmenv specs kernel kmods media nat routing

# Part 11a: the build tree; --check keeps make quiet when nothing is to do.
rpmenv:
	rpmenv-init --check -q >/dev/null || rpmenv-init -q --topdir $(TOPDIR)

# Parts 11c/e/g: one spec per upstream tarball, built into the repo.
SPECS := $(patsubst $(SOURCES)/%.tar.gz,$(TOPDIR)/SPECS/%.spec,$(wildcard $(SOURCES)/*.tar.gz))
specs: $(SPECS)
$(TOPDIR)/SPECS/%.spec: $(SOURCES)/%.tar.gz | rpmenv
	specgen -q -o $@ $<

# Part 11b: the kernel, published to the provisioning repo; its kver
# record is kept for the kmod step.
kernel: $(TOPDIR)/kbuild.records
$(TOPDIR)/kbuild.records: $(KERNEL) | rpmenv
	kbuild -q --config $(KCONFIG) --topdir $(TOPDIR) --repo $(REPO) $< >$@.tmp && mv $@.tmp $@

# Parts 11d/f: the vendor driver, built against the kernel just made
# (its -devel package installed, so /lib/modules/KVER/build exists).
kmods: kernel
	kver=$$(sed -n 's/^kver=\([^ ]*\).*/\1/p' $(TOPDIR)/kbuild.records); \
	mx2g-pack -q --kernel "$$kver" --topdir $(TOPDIR) --repo $(REPO) $(DRIVER)

# Part 10: install media into /install/OSVER/ARCH.
media:
	for iso in $(ISOS); do copycds-import -q "$$iso" || exit; done

# Parts 9 and 8: the NAT gateway and source routing (as root).
nat:
	masq-setup --check -q -i $(INTERNAL) -o $(EXTERNAL) >/dev/null || masq-setup -q -i $(INTERNAL) -o $(EXTERNAL)
routing:
	multihome-route --check -q $(UPLINKS) >/dev/null || multihome-route -q $(UPLINKS)

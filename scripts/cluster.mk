# SPDX-License-Identifier: GPL-2.0-or-later
# cluster.mk - a head node's packages, built end to end by acmtools:
#   upstream tarballs -> specs (specgen) -> RPMs (rpmbuild -ba) -> REPO
#   a kernel source -> kernel RPMs (kbuild) -> its -devel unpacked
#   vendor drivers -> kmod RPMs for that kernel (mx2g-pack) -> REPO
#   install media -> INSTALL_ROOT/OSVER/ARCH (copycds-import)
# Build as a normal user (rpmbuild should not run as root):
#   make -f scripts/cluster.mk -j4 SOURCES=~/sources REPO=/srv/repo/local
# The network steps need root and change the running system, so they are a
# target of their own, never part of all:
#   make -f scripts/cluster.mk gateway INTERNAL=192.0.2.0/24 EXTERNAL=eth0
# Each step writes the tool's records under STATE; make reruns a step only
# when its inputs are newer, so a second make has nothing to do, and make -n
# shows the tool runs a make would do. Independent package builds run in
# parallel under -j; one publish step at the end updates REPO.

SHELL := /bin/sh

# ---- where things are (every root is a variable)
SOURCES      ?= sources
TOPDIR       ?= $(HOME)/rpmbuild
MACROS       ?= $(HOME)/.rpmmacros
INSTALL_ROOT ?= /install
REPO         ?= $(INSTALL_ROOT)/local
STATE        ?= $(TOPDIR)/cluster-mk
KERNEL_ROOT  ?= $(TOPDIR)/kernels
PERSIST_ROOT ?= /

# ---- what to build: upstream tarballs, one kernel source, vendor drivers
# and install media, each in its own folder of SOURCES
UPSTREAM     ?= $(wildcard $(addprefix $(SOURCES)/upstream/*,.tar.gz .tar.xz .tar.bz2 .tgz))
KERNEL       ?= $(firstword $(wildcard $(SOURCES)/kernel/linux-*.tar.*))
KCONFIG      ?=
KBUILD_FLAGS ?=
# more kernel build trees to build the drivers for (e.g. /usr/src/kernels/KVER)
KERNEL_TREES ?=
DRIVERS      ?= $(wildcard $(addprefix $(SOURCES)/drivers/*,.tar.gz .tar.xz .tar.bz2 .tgz))
# more mx2g-pack options for every driver (e.g. --userland-install='make install')
MX2G_FLAGS   ?=
MEDIA        ?= $(wildcard $(SOURCES)/media/*.iso)
COPYCDS_FLAGS ?=

# ---- the gateway (make gateway, as root)
INTERNAL     ?=
EXTERNAL     ?=
UPLINKS      ?=

# ---- the programs: ACMBIN=DIR runs the tools from DIR (a build tree)
ACMBIN       ?=
acmtool       = $(if $(ACMBIN),$(ACMBIN)/$(1),$(1))
RPMENV_INIT  ?= $(call acmtool,rpmenv-init)
SPECGEN      ?= $(call acmtool,specgen)
KBUILD       ?= $(call acmtool,kbuild)
MX2G_PACK    ?= $(call acmtool,mx2g-pack)
COPYCDS_IMPORT ?= $(call acmtool,copycds-import)
MASQ_SETUP   ?= $(call acmtool,masq-setup)
MULTIHOME_ROUTE ?= $(call acmtool,multihome-route)
RPMBUILD     ?= rpmbuild
CREATEREPO   ?= createrepo_c
RPM2CPIO     ?= rpm2cpio
CPIO         ?= cpio
# rpmbuild --nodeps only where rpm's own database is empty (Debian).
ifndef RPMBUILD_FLAGS
RPMBUILD_FLAGS := $(shell rpm -q rpm >/dev/null 2>&1 || echo --nodeps)
endif

# pkgname FILE: the package name in a source's file name: foo_1.2.orig.tar.gz
# (Debian) and foo-1.2.tar.gz (upstream) both give foo, so the spec is foo.spec.
pkgname = $(shell printf '%s\n' '$(notdir $(1))' | sed -e 's/\.\(tar\.[a-z0-9]*\|tgz\)$$//' \
	-e '/\.orig$$/{s/\.orig$$//;s/_.*$$//;b' -e '}' -e 's/-[0-9].*$$//')

RPMENV  := $(STATE)/rpmenv.rec
NAMES   := $(foreach t,$(UPSTREAM),$(call pkgname,$(t)))
SPECS   := $(patsubst %,$(TOPDIR)/SPECS/%.spec,$(NAMES))
RPMRECS := $(patsubst %,$(STATE)/%.rpms,$(NAMES))
KMODRECS := $(foreach d,$(DRIVERS),$(STATE)/kmod-$(call pkgname,$(d)).rec)
MEDIARECS := $(foreach m,$(MEDIA),$(STATE)/media-$(basename $(notdir $(m))).rec)
KERNELREC := $(if $(KERNEL),$(STATE)/kernel.rec)
DEVELREC := $(if $(KERNEL),$(STATE)/kernel-devel.rec)
PUBLISHED := $(if $(RPMRECS)$(KMODRECS)$(KERNELREC),$(STATE)/published.rec)

.PHONY: all rpmenv specs rpms kernel kmods media publish gateway nat routing
.DELETE_ON_ERROR:

all: rpms kmods kernel publish media
rpmenv: $(RPMENV)
specs: $(SPECS)
rpms: $(RPMRECS)
kernel: $(DEVELREC)
kmods: $(KMODRECS)
media: $(MEDIARECS)
publish: $(PUBLISHED)

# The build tree and the %_topdir block in MACROS.
$(RPMENV):
	rec=$$($(RPMENV_INIT) -q --topdir '$(TOPDIR)' --macros '$(MACROS)') && \
	mkdir -p '$(STATE)' && printf '%s\n' "$$rec" >'$@'

# Upstream tarball -> NAME.spec -> RPMs. The tarball goes into SOURCES
# under its own name, which is the spec's Source0; the .rpms file keeps the
# packages rpmbuild wrote, as rpm= records.
define upstream_rules
$(TOPDIR)/SPECS/$(2).spec: $(1) | $(RPMENV)
	$(SPECGEN) -q --name '$(2)' -o '$$@' '$(1)' >'$(STATE)/$(2).spec.rec' && touch '$$@'
$(STATE)/$(2).rpms: $(TOPDIR)/SPECS/$(2).spec $(1)
	cp -p '$(1)' '$(TOPDIR)/SOURCES/'
	$(RPMBUILD) -ba $(RPMBUILD_FLAGS) --define '_topdir $(TOPDIR)' '$(TOPDIR)/SPECS/$(2).spec' \
		>'$(STATE)/$(2).log' 2>&1 || { tail -n 20 '$(STATE)/$(2).log' >&2; \
		echo "cluster.mk: rpmbuild of $(2) failed; full log: $(STATE)/$(2).log" >&2; exit 1; }
	sed -n 's/^Wrote: \(.*\)/rpm=\1/p' '$(STATE)/$(2).log' >'$$@.tmp' && mv -f '$$@.tmp' '$$@'
endef
$(foreach t,$(UPSTREAM),$(eval $(call upstream_rules,$(t),$(call pkgname,$(t)))))

# Kernel source -> kernel RPMs (kbuild) -> the -devel package unpacked under
# KERNEL_ROOT/KVER, where the driver builds find it.
$(KERNELREC): $(KERNEL) $(KCONFIG) | $(RPMENV)
	$(KBUILD) -q --topdir '$(TOPDIR)' $(if $(KCONFIG),--config '$(KCONFIG)') $(KBUILD_FLAGS) \
		'$(KERNEL)' >'$@.tmp' && mv -f '$@.tmp' '$@'
$(DEVELREC): $(KERNELREC)
	devel= kver=; while IFS= read -r line; do unset rpm name; eval "$$line"; \
		case $${name-} in *-devel) devel=$$rpm ;; esac; done <'$<'; \
	[ -n "$$devel" ] && [ -n "$$kver" ] || { echo "cluster.mk: no -devel package or kver in $<" >&2; exit 1; }; \
	d='$(KERNEL_ROOT)'/$$kver; rm -rf "$$d.tmp" && mkdir -p "$$d.tmp" && \
	(cd "$$d.tmp" && $(RPM2CPIO) "$$devel" | $(CPIO) -idm --quiet) && \
	rm -rf "$$d" && mv "$$d.tmp" "$$d" && \
	printf 'kernel=%s kver=%s rpm=%s\n' "$$d/usr/src/kernels/$$kver" "$$kver" "$$devel" >'$@'

# Vendor driver -> kmod RPMs, for the kernel built above and KERNEL_TREES.
define kmod_rules
$(STATE)/kmod-$(2).rec: $(1) $(DEVELREC) | $(RPMENV)
	$$(if $$(KERNEL_TREES)$$(DEVELREC),,$$(error no kernel for $(1): set KERNEL or KERNEL_TREES))
	$(MX2G_PACK) -q --topdir '$(TOPDIR)' $$(foreach t,$$(KERNEL_TREES),--kernel '$$(t)') \
		$$(if $$(DEVELREC),--kernel "$$$$(sed -n 's/^kernel=\([^ ]*\) .*/\1/p' '$$(DEVELREC)')") \
		$$(MX2G_FLAGS) '$(1)' >'$$@.tmp' && mv -f '$$@.tmp' '$$@'
endef
$(foreach d,$(DRIVERS),$(eval $(call kmod_rules,$(d),$(call pkgname,$(d)))))

# All binary packages -> REPO, then its metadata, in one step: only one
# writer touches REPO however many builds ran at once.
$(PUBLISHED): $(RPMRECS) $(KMODRECS) $(KERNELREC) | $(RPMENV)
	mkdir -p '$(REPO)' && n=0 && \
	for f in $^; do while IFS= read -r line; do unset rpm; eval "$$line"; \
		case $${rpm-} in ''|*.src.rpm) continue ;; esac; b=$${rpm##*/}; n=$$((n + 1)); \
		cmp -s "$$rpm" '$(REPO)'/"$$b" && continue; \
		cp -p "$$rpm" '$(REPO)'/".$$b.tmp" && mv -f '$(REPO)'/".$$b.tmp" '$(REPO)'/"$$b" || exit 1; \
	done <"$$f"; done && \
	$(CREATEREPO) -q --update '$(REPO)' && \
	printf 'repo=%s packages=%s changed=yes\n' '$(REPO)' "$$n" >'$@'

# Install media -> INSTALL_ROOT/OSVER/ARCH.
define media_rules
$(STATE)/media-$(2).rec: $(1) | $(RPMENV)
	$(COPYCDS_IMPORT) -q -p '$(INSTALL_ROOT)' $(COPYCDS_FLAGS) '$(1)' >'$$@.tmp' && mv -f '$$@.tmp' '$$@'
endef
$(foreach m,$(MEDIA),$(eval $(call media_rules,$(m),$(basename $(notdir $(m))))))

# The NAT gateway and source routing: root, the running system, PERSIST_ROOT
# for the boot-time files. --check first keeps a make with nothing to do quiet.
gateway: nat $(if $(UPLINKS),routing)
MASQ_ARGS = $(addprefix -i ,$(INTERNAL)) $(addprefix -o ,$(EXTERNAL)) --persist-root '$(PERSIST_ROOT)'
nat:
	$(if $(and $(INTERNAL),$(EXTERNAL)),,$(error set INTERNAL=CIDR|IFACE and EXTERNAL=IFACE for the gateway))
	$(MASQ_SETUP) --check -q $(MASQ_ARGS) >/dev/null || $(MASQ_SETUP) -q $(MASQ_ARGS)
ROUTE_ARGS = --persist-root '$(PERSIST_ROOT)' $(UPLINKS)
routing:
	$(MULTIHOME_ROUTE) --check -q $(ROUTE_ARGS) >/dev/null || $(MULTIHOME_ROUTE) -q $(ROUTE_ARGS)

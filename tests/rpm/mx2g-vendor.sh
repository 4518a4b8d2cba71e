# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g-vendor.sh - sample driver sources for mx2g-pack's tests and demo
# (sourced). Each function writes a tree the way users receive one.
#
# mx2g_vendor_tree DIR MARK: DIR/mx2g-1.4.2, a Myricom-style vendor tree: the
#   kernel module is nested in driver/linux (a multi-object module whose
#   Makefile hides obj-m behind the usual KERNELRELEASE test, with a shared
#   header in include/ reached by -I$(src)/../../include), a second module in
#   driver/linux/extras reached through obj-m += extras/, user-space parts
#   beside it (libmyri/, tools/), a vendor spec, and a top Makefile whose
#   "rpm" target only works in the vendor's build farm and, if ever run,
#   touches MARK.
# mx2g_dkms_tree DIR: DIR/hello-dkms, a DKMS-style source (dkms.conf with
#   PACKAGE_VERSION, a Kbuild and a Makefile at the top, no version in the
#   directory name).
# mx2g_userland_tree DIR: DIR/myri-tools-2.0, user space only (no module).

mx2g_vendor_tree() {
	_t=$1/mx2g-1.4.2
	mkdir -p "$_t/driver/linux/hw" "$_t/driver/linux/extras" "$_t/include" \
		"$_t/libmyri" "$_t/tools" "$_t/packaging"
	cat >"$_t/Makefile" <<EOF
# Myricom MX-2G driver - top level. Do not run make in subdirectories.
MX_BUILD_FARM = /opt/myri/buildfarm
KVER ?= \$(shell uname -r)

all:
	\$(MAKE) -C driver/linux KVER=\$(KVER)
	\$(MAKE) -C libmyri
	\$(MAKE) -C tools

# "make rpm": copy the magic folder into the build farm, then rpmbuild there.
rpm:
	touch $2
	cp -r packaging/magic \$(MX_BUILD_FARM)/SOURCES/
	rpmbuild -bb --define '_topdir \$(MX_BUILD_FARM)' packaging/mx2g.spec
EOF
	cat >"$_t/packaging/mx2g.spec" <<'EOF'
# vendor spec: needs the build farm's magic folder
Name: mx2g
Version: 1.4.2
Release: vendor
Summary: MX-2G
License: Proprietary
%description
built only at the vendor
%files
/opt/myri/*
EOF
	cat >"$_t/README" <<'EOF'
MX-2G fiber interconnect driver, release 1.4.2.
Build: run "make rpm" on the Myricom build farm.
EOF
	cat >"$_t/COPYING" <<'EOF'
This driver is free software; you can redistribute it and/or modify it under
the terms of the GNU General Public License version 2.
EOF
	cat >"$_t/include/mx2g_regs.h" <<'EOF'
/* shared between the driver and the user-space library */
#ifndef MX2G_REGS_H
#define MX2G_REGS_H
#define MX2G_RING_SIZE 256
int mx2g_hw_probe(void);
int mx2g_dma_setup(int ring);
#endif
EOF
	cat >"$_t/driver/linux/Makefile" <<'EOF'
# MX-2G Linux driver
MODNAME := mx2g
ifneq ($(KERNELRELEASE),)
obj-m := $(MODNAME).o
obj-m += extras/
$(MODNAME)-objs := mx2g_main.o mx2g_hw.o \
	hw/mx2g_dma.o
ccflags-y += -I$(src)/../../include -DMX2G_VERSION=\"1.4.2\"
else
KVER ?= $(shell uname -r)
KDIR := /lib/modules/$(KVER)/build
default:
	$(MAKE) -C $(KDIR) M=$(shell pwd) modules
clean:
	rm -rf *.o *.ko *.mod* .*.cmd modules.order Module.symvers .tmp_versions
endif
EOF
	cat >"$_t/driver/linux/mx2g_main.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
/* MX-2G driver: module entry points */
#include <linux/module.h>
#include <linux/init.h>
#include "mx2g_regs.h"

static int __init mx2g_init(void)
{
	int rc = mx2g_hw_probe();

	if (rc)
		return rc;
	return mx2g_dma_setup(MX2G_RING_SIZE);
}

static void __exit mx2g_exit(void)
{
}

module_init(mx2g_init);
module_exit(mx2g_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MX-2G fiber interconnect (sample)");
MODULE_VERSION(MX2G_VERSION);
EOF
	cat >"$_t/driver/linux/mx2g_hw.c" <<'EOF'
#include <linux/kernel.h>
#include "mx2g_regs.h"

int mx2g_hw_probe(void)
{
	pr_info("mx2g: no hardware in this sample\n");
	return 0;
}
EOF
	cat >"$_t/driver/linux/hw/mx2g_dma.c" <<'EOF'
#include <linux/kernel.h>
#include "mx2g_regs.h"

int mx2g_dma_setup(int ring)
{
	return ring > 0 ? 0 : -22;
}
EOF
	cat >"$_t/driver/linux/extras/Kbuild" <<'EOF'
obj-m += mx2g_diag.o
EOF
	cat >"$_t/driver/linux/extras/Makefile" <<'EOF'
# vendor wrapper; the kernel reads Kbuild first
all:
	@echo "use the top-level Makefile" && false
EOF
	cat >"$_t/driver/linux/extras/mx2g_diag.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/module.h>
static int __init mx2g_diag_init(void) { return 0; }
static void __exit mx2g_diag_exit(void) { }
module_init(mx2g_diag_init);
module_exit(mx2g_diag_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MX-2G diagnostics (sample)");
EOF
	cat >"$_t/libmyri/Makefile" <<'EOF'
libmyri.a: myri.o
	ar rcs $@ $^
install: libmyri.a
	install -D -m 0644 libmyri.a $(DESTDIR)/usr/lib/libmyri.a
EOF
	cat >"$_t/libmyri/myri.c" <<'EOF'
#include "../include/mx2g_regs.h"
int myri_ring_size(void) { return MX2G_RING_SIZE; }
EOF
	cat >"$_t/tools/Makefile" <<'EOF'
mx2g_info: mx2g_info.c
	$(CC) -o $@ $<
install: mx2g_info
	install -D -m 0755 mx2g_info $(DESTDIR)/usr/bin/mx2g_info
EOF
	cat >"$_t/tools/mx2g_info.c" <<'EOF'
#include <stdio.h>
int main(void) { puts("mx2g: 0 boards"); return 0; }
EOF
}

mx2g_dkms_tree() {
	_t=$1/hello-dkms
	mkdir -p "$_t"
	cat >"$_t/dkms.conf" <<'EOF'
PACKAGE_NAME="hello"
PACKAGE_VERSION="0.3.1"
BUILT_MODULE_NAME[0]="hello"
DEST_MODULE_LOCATION[0]="/updates/dkms"
MAKE[0]="make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build modules"
AUTOINSTALL="yes"
EOF
	printf 'obj-m := hello.o\n' >"$_t/Kbuild"
	cat >"$_t/Makefile" <<'EOF'
KDIR ?= /lib/modules/$(shell uname -r)/build
all:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
EOF
	cat >"$_t/hello.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-or-later
#include <linux/module.h>
static int __init hello_init(void) { return 0; }
static void __exit hello_exit(void) { }
module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
EOF
}

mx2g_userland_tree() {
	_t=$1/myri-tools-2.0
	mkdir -p "$_t/src"
	printf 'all:\n\t$(CC) -o myri src/main.c\n' >"$_t/Makefile"
	printf 'int main(void) { return 0; }\n' >"$_t/src/main.c"
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodkbuild.h - what one Kbuild or Makefile of a driver source builds:
 * the obj-m modules with their objects, the sub-directories it descends
 * into and the include directories of its own tree it adds. The text is
 * read with the make reader (kmake.h); nothing is run. Used by the tree
 * scan (kmodscan.h). */
#ifndef ACM_KMODKBUILD_H
#define ACM_KMODKBUILD_H

#include <stddef.h>

/* A module: the parse of one Makefile names it, and the tree scan
 * (kmodscan.h) places it in the tree, where make -C KDIR M=TOP/root leaves
 * the .ko at TOP/dir/name.ko. */
struct acm_kmodkbuild_module {
	char *name;      /* "mx2g" (module name: foo.ko without .ko) */
	char *dir;       /* where the .ko appears: from acm_kmodkbuild_parse relative to
	                    the Makefile ("" or "sub/dir" when obj-m names "sub/dir/foo.o"),
	                    in a scan's set relative to the top */
	char *root;      /* in a scan's set: the build root (M=) relative to the top,
	                    "" or "driver/linux"; NULL from acm_kmodkbuild_parse */
	char **objs;     /* "foo.o", "hw/bar.o": foo-objs / foo-y, else the module's own .o */
	size_t nobjs;
};

/* Frees the n modules of m and m itself. */
void acm_kmodkbuild_modules_free(struct acm_kmodkbuild_module *m, size_t n);

struct acm_kmodkbuild {
	struct acm_kmodkbuild_module *mods;
	size_t nmods;
	char **subdirs;   /* "sub" for obj-m += sub/ (or obj-y += sub/) */
	size_t nsubdirs;
	char **incdirs;   /* "../include" for -I$(src)/../include in ccflags-y / EXTRA_CFLAGS */
	size_t nincdirs;
	char **unset;     /* "CONFIG_X" of obj-$(CONFIG_X) += x.o when CONFIG_X is not set:
	                     the module a make variable would turn on (at most 8) */
	size_t nunset;
};

/* Parse the text of one Kbuild/Makefile, with variables set as on make's
 * command line first ("NAME=VALUE", NULL-terminated, may be NULL):
 * "CONFIG_MX2G=m" turns obj-$(CONFIG_MX2G) into obj-m, as the vendor's own
 * make line would. What it cannot read is skipped. Returns 0, or -1 when
 * the text costs more than the make reader's budget (kmake.h); f is then
 * empty. Bounded in time and memory for any input. */
int acm_kmodkbuild_parse(const char *text, size_t len, const char *const *vars,
			 struct acm_kmodkbuild *f);
void acm_kmodkbuild_free(struct acm_kmodkbuild *f);

#endif

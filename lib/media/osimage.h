/* SPDX-License-Identifier: GPL-2.0-or-later */
/* osimage.h - hand an imported tree to a provisioning system: the osdistro
 * and osimage definitions xCAT's copycds creates (as a stanza file that
 * `mkdef -z` reads), or the `cobbler distro add` / `profile add` command
 * lines with the kernel and initrd the media's .treeinfo names. */
#ifndef ACM_OSIMAGE_H
#define ACM_OSIMAGE_H

#include <stdio.h>

#include "media.h"

enum acm_osimage_format { ACM_OSIMAGE_NONE, ACM_OSIMAGE_XCAT, ACM_OSIMAGE_COBBLER };

/* "xcat" or "cobbler", optionally "=FILE": the format, and FILE (or NULL:
 * standard output) in *file, pointing into spec. ACM_OSIMAGE_NONE if spec
 * names no format. */
enum acm_osimage_format acm_osimage_parse(const char *spec, const char **file);

/* The definitions for n imported trees (ROOT/OSVER/ARCH; discs of one set
 * once). Returns 0, or 65 after a message when a Cobbler distro has no
 * kernel/initrd in its .treeinfo. */
int acm_osimage_write(FILE *out, enum acm_osimage_format f, const char *root, const struct acm_media_id *ids,
		      size_t n);

#endif

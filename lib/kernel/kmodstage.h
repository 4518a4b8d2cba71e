/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodstage.h - put the files a clean kmod source holds into a staging
 * directory, from an extracted driver tree, so that the shared source module
 * packs exactly them (lib/source.h). Used by mx2g-pack. */
#ifndef ACM_KMODSTAGE_H
#define ACM_KMODSTAGE_H

#include <stddef.h>

/* Copy each of files (paths relative to from) into to (created; must not
 * exist yet), keeping permission bits and modification times; symbolic links
 * are copied as links, never followed; the directories made get the newest
 * file's time, so the packed tarball is the same from run to run. Returns 0, or an exit status after a
 * message: 66 a file is missing, 73 cannot create, 74 I/O error. */
int acm_kmod_stage(const char *from, const char *to, char *const *files, size_t n);

#endif

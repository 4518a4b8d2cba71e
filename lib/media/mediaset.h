/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mediaset.h - the disc sets known to one run: a disc 2 whose own metadata
 * is too thin to name it (a .discinfo with only a version, no product line)
 * belongs to the set whose disc 1 carries the same .discinfo id, whether that
 * disc 1 was imported earlier in the same command or is recorded in a
 * manifest already in the tree (ROOT/OSVER/ARCH/.acmtools-manifest). */
#ifndef ACM_MEDIASET_H
#define ACM_MEDIASET_H

#include <stdbool.h>
#include <stddef.h>

#include "media.h"

struct acm_mediaset_entry {
	char media_id[64];
	char osver[64];
	char arch[32];
	char family[32];
};

struct acm_mediaset {
	struct acm_mediaset_entry *e;
	size_t n, cap;
	bool root_read;   /* the tree's manifests were read once */
};

/* identified_by of a disc named from its set */
#define ACM_MEDIASET_SOURCE "disc 1 (same .discinfo id)"

/* Remember an identified disc (one without a usable id is ignored). */
void acm_mediaset_note(struct acm_mediaset *s, const struct acm_media_id *id);
/* Fill what id lacks (osver, arch) from the set with the same id: first the
 * discs noted, then the manifests under root (read once, read-only).
 * Sets its source to ACM_MEDIASET_SOURCE. Returns true when a set was found. */
bool acm_mediaset_find(struct acm_mediaset *s, const char *root, struct acm_media_id *id);
void acm_mediaset_free(struct acm_mediaset *s);

#endif

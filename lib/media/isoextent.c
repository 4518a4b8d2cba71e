/* SPDX-License-Identifier: GPL-2.0-or-later */
/* isoextent.c - file sections of an ISO 9660 image; see isoextent.h.
 *
 * libarchive lists the tree and stays the judge of names (confine.h);
 * libisofs is asked only where each file's bytes are. A file libisofs
 * names differently, or with another size, keeps the libarchive path. */
#include "config.h"
#include <stdint.h>
#include <libisofs/libisofs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "isoextent.h"

/* Deeper trees than this are not walked (their files take the slow path). */
#define WALK_DEPTH 64

static void add_file(struct acm_isoextents *x, const char *path, IsoFile *f, uint64_t size)
{
	int count = 0;
	struct iso_file_section *s = NULL;
	if (iso_file_get_old_image_sections(f, &count, &s, 0) != 1 || count <= 0) {
		free(s);
		return;
	}
	size_t first = x->nsec;
	bool ok = true;
	for (int i = 0; i < count && ok; i++) {
		/* ISO 9660 blocks are 2048 bytes whatever the medium's sector. */
		uint64_t off = (uint64_t)s[i].block * 2048, len = s[i].size;
		if (off > size || len > size - off) {
			ok = false;
			break;
		}
		x->sec = acm_xgrow(x->sec, &x->scap, x->nsec, sizeof(*x->sec), 1024);
		x->sec[x->nsec].off = off;
		x->sec[x->nsec++].len = len;
	}
	free(s);
	if (!ok) {
		x->nsec = first;
		return;
	}
	x->run = acm_xgrow(x->run, &x->rcap, x->nrun, sizeof(*x->run), 1024);
	x->run[x->nrun].first = first;
	x->run[x->nrun].count = x->nsec - first;
	acm_strmap_put(&x->idx, path, x->nrun++);
}

static void walk(struct acm_isoextents *x, IsoDir *d, const char *prefix, uint64_t size, int depth)
{
	IsoDirIter *it = NULL;
	IsoNode *n;
	if (depth > WALK_DEPTH || iso_dir_get_children(d, &it) != 1)
		return;
	while (iso_dir_iter_next(it, &n) == 1) {
		const char *name = iso_node_get_name(n);
		if (!name || !name[0] || strchr(name, '/'))
			continue;
		char *p = prefix[0] ? acm_xasprintf("%s/%s", prefix, name) : acm_xstrdup(name);
		enum IsoNodeType t = iso_node_get_type(n);
		if (t == LIBISO_DIR)
			walk(x, (IsoDir *)n, p, size, depth + 1);
		else if (t == LIBISO_FILE)
			add_file(x, p, (IsoFile *)n, size);
		free(p);
	}
	iso_dir_iter_free(it);
}

bool acm_isoextent_load(struct acm_isoextents *x, const char *image, uint64_t size)
{
	memset(x, 0, sizeof(*x));
	if (iso_init() < 0)
		return false;
	/* libarchive already said what is wrong with a bad image. */
	char never[] = "NEVER", never2[] = "NEVER", id[] = "acmtools"; /* the API takes char * */
	iso_set_msgs_severities(never, never2, id);
	IsoImage *img = NULL;
	IsoDataSource *src = NULL;
	IsoReadOpts *ro = NULL;
	bool ok = iso_image_new("acmtools", &img) == 1 && iso_data_source_new_from_file(image, &src) == 1 &&
		  iso_read_opts_new(&ro, 0) == 1 && iso_image_import(img, src, ro, NULL) == 1;
	if (ok)
		walk(x, iso_image_get_root(img), "", size, 0);
	if (ro)
		iso_read_opts_free(ro);
	if (src)
		iso_data_source_unref(src);
	if (img)
		iso_image_unref(img);
	iso_finish();
	return ok;
}

const struct acm_isoextent *acm_isoextent_find(const struct acm_isoextents *x, const char *path, uint64_t size,
					       size_t *n)
{
	size_t i;
	if (!acm_strmap_get(&x->idx, path, &i))
		return NULL;
	const struct acm_isoextent_run *r = &x->run[i];
	uint64_t total = 0;
	for (size_t k = 0; k < r->count; k++)
		total += x->sec[r->first + k].len;
	if (total != size)
		return NULL;
	*n = r->count;
	return &x->sec[r->first];
}

void acm_isoextent_free(struct acm_isoextents *x)
{
	acm_strmap_free(&x->idx);
	free(x->run);
	free(x->sec);
	memset(x, 0, sizeof(*x));
}

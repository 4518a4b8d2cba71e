/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mediaset.c - disc sets by .discinfo id; see mediaset.h. */
#include "config.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"
#include "import.h"
#include "mediaset.h"

/* An id that tells discs apart: not empty, not the "-" the manifest
 * writes for none, not Rocky's "None". */
static bool usable_id(const char *id)
{
	return id[0] && strcmp(id, "-") && strcasecmp(id, "none");
}

static void add(struct acm_mediaset *s, const char *mid, const char *osver, const char *arch, const char *family)
{
	if (!usable_id(mid) || !acm_media_valid_name(osver) || !acm_media_valid_name(arch))
		return;
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].media_id, mid))
			return; /* the first (same command) wins */
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->e = acm_xrealloc(s->e, s->cap * sizeof(*s->e));
	}
	struct acm_mediaset_entry *e = &s->e[s->n++];
	memset(e, 0, sizeof(*e));
	snprintf(e->media_id, sizeof(e->media_id), "%s", mid);
	snprintf(e->osver, sizeof(e->osver), "%s", osver);
	snprintf(e->arch, sizeof(e->arch), "%s", arch);
	snprintf(e->family, sizeof(e->family), "%s", family ? family : "");
}

void acm_mediaset_note(struct acm_mediaset *s, const struct acm_media_id *id)
{
	if (!id->per_disc_dirs)
		add(s, id->media_id, id->osver, id->arch, id->family);
}

/* The media_id= values of the "disc N osver=.. arch=.. media_id=.." lines of
 * one manifest, filed under the directory names it sits in. */
static void read_manifest(struct acm_mediaset *s, const char *path, const char *osver, const char *arch)
{
	int fd = acm_open_input(path, ACM_INPUT_NOFOLLOW);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		if (strncmp(line, "disc ", 5))
			continue;
		char *m = strstr(line, " media_id=");
		if (!m)
			continue;
		m += 10;
		m[strcspn(m, " \n")] = '\0';
		add(s, m, osver, arch, NULL);
	}
	free(line);
	fclose(f);
}

static void read_root(struct acm_mediaset *s, const char *root)
{
	s->root_read = true;
	DIR *d = opendir(root);
	struct dirent *o;
	while (d && (o = readdir(d))) {
		if (!acm_media_valid_name(o->d_name))
			continue;
		char *od = acm_xasprintf("%s/%s", root, o->d_name);
		DIR *d2 = opendir(od);
		struct dirent *a;
		while (d2 && (a = readdir(d2))) {
			if (!acm_media_valid_name(a->d_name))
				continue;
			char *p = acm_xasprintf("%s/%s/%s", od, a->d_name, ACM_IMPORT_MANIFEST);
			read_manifest(s, p, o->d_name, a->d_name);
			free(p);
		}
		if (d2)
			closedir(d2);
		free(od);
	}
	if (d)
		closedir(d);
}

static const struct acm_mediaset_entry *lookup(const struct acm_mediaset *s, const struct acm_media_id *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->e[i].media_id, id->media_id) && (!id->arch[0] || !strcmp(s->e[i].arch, id->arch)))
			return &s->e[i];
	return NULL;
}

bool acm_mediaset_find(struct acm_mediaset *s, const char *root, struct acm_media_id *id)
{
	if (!usable_id(id->media_id) || id->per_disc_dirs)
		return false;
	const struct acm_mediaset_entry *e = lookup(s, id);
	if (!e && !s->root_read && root) {
		read_root(s, root);
		e = lookup(s, id);
	}
	if (!e)
		return false;
	if (!id->osver[0])
		snprintf(id->osver, sizeof(id->osver), "%s", e->osver);
	if (!id->arch[0])
		snprintf(id->arch, sizeof(id->arch), "%s", e->arch);
	if (!id->family[0])
		snprintf(id->family, sizeof(id->family), "%s", e->family);
	snprintf(id->source, sizeof(id->source), "%s", ACM_MEDIASET_SOURCE);
	return true;
}

void acm_mediaset_free(struct acm_mediaset *s)
{
	free(s->e);
	memset(s, 0, sizeof(*s));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* media.h - identify OS install media from the metadata it carries
 * (.treeinfo, .discinfo, media.repo, .disk/info, SUSE media.N/products and
 * content) and name it the way xCAT does: OSVER (short family + version,
 * "rocky9.2") and ARCH ("x86_64"). Pure functions over the files' text, so
 * the same code serves ISO images, devices and mounted directories. */
#ifndef ACM_MEDIA_H
#define ACM_MEDIA_H

#include <stdbool.h>
#include <stddef.h>

/* The metadata files looked at, in the order identification trusts them. */
enum acm_media_file {
	ACM_MF_TREEINFO,       /* .treeinfo (or treeinfo) */
	ACM_MF_DISCINFO,       /* .discinfo */
	ACM_MF_MEDIAREPO,      /* media.repo */
	ACM_MF_DISKINFO,       /* .disk/info */
	ACM_MF_SUSE_PRODUCTS,  /* media.N/products, install/media.N/products */
	ACM_MF_SUSE_MEDIA,     /* media.N/media, install/media.N/media */
	ACM_MF_SUSE_CONTENT,   /* content (SLE <= 12) */
	ACM_MF_COUNT
};

/* Longest boot file path kept from .treeinfo [images-ARCH]. */
#define ACM_MEDIA_PATH_MAX 160

/* Largest metadata file read; bigger ones are not metadata. */
#define ACM_MEDIA_META_MAX (1024 * 1024)

/* "looked for" text for the unidentified-media message. */
#define ACM_MEDIA_LOOKED_FOR ".treeinfo, .discinfo, media.repo, .disk/info, media.1/products, content"

struct acm_media_meta {
	char *data[ACM_MF_COUNT];   /* NUL-terminated contents, or NULL when absent */
	size_t len[ACM_MF_COUNT];
	int suse_disc;              /* N of media.N/ seen, 0 if none */
};

/* Which metadata file an entry path names (leading "./" and "/" ignored),
 * or -1. *disc gets N for media.N/ paths (else left alone). */
int acm_media_file_index(const char *path, int *disc);
/* Store a copy of a metadata file's data (a later copy of the same kind is
 * ignored). */
void acm_media_meta_set(struct acm_media_meta *m, int idx, const void *data, size_t len);
void acm_media_meta_free(struct acm_media_meta *m);

struct acm_media_id {
	char product[128];   /* product as the media states it: "Rocky Linux" */
	char family[32];     /* xCAT short name: "rocky" */
	char version[32];    /* "9.2" */
	char osver[64];      /* the name copycds gives it: "rocky9.2" */
	char arch[32];       /* copycds' name: "x86_64", "x86", Debian's "arm64" */
	char media_id[64];   /* .discinfo timestamp / media.repo mediaid, may be "" */
	char source[32];     /* the file that named the product: ".treeinfo" */
	int disc;            /* this disc's number, 1 when the media does not say */
	int totaldiscs;      /* 0 when unknown */
	bool per_disc_dirs;  /* SUSE sets keep each disc in OSVER/ARCH/N (xCAT) */
	char kernel[ACM_MEDIA_PATH_MAX]; /* .treeinfo [images-ARCH] kernel, relative; may be "" */
	char initrd[ACM_MEDIA_PATH_MAX]; /* and its initrd */
};

/* Identify from the metadata as xCAT's copycds does: a .discinfo id in the
 * id table (discinfo.h) names the disc; otherwise the files' text does.
 * Fills what it finds (osver only when both family and version were found).
 * Returns true when osver and arch are both known. */
bool acm_media_identify(const struct acm_media_meta *m, struct acm_media_id *id);

/* Count an entry path towards guessing the architecture when no metadata
 * says: package file names (foo-1.0-1.el9.x86_64.rpm, foo_1.0_amd64.deb),
 * EFI boot loaders (EFI/BOOT/BOOTX64.EFI) and SUSE's suse/ARCH/, boot/ARCH/. */
struct acm_arch_votes {
	unsigned count[8];
};
void acm_media_arch_vote(struct acm_arch_votes *v, const char *path);
/* The architecture most of those names carry, or NULL. */
const char *acm_media_arch_guess(const struct acm_arch_votes *v);

/* After acm_media_identify: the architecture from the votes when the
 * metadata named none, then -n OSVER / -a ARCH (NULL: not given) over
 * what was found. Returns true when the votes gave the architecture. */
bool acm_media_complete(struct acm_media_id *id, const struct acm_arch_votes *v, const char *osver,
			const char *arch);

/* An OSVER given to -n that looks like a medium instead ("-n DVD1.iso
 * DVD2.iso" meant --dry-run): an existing file or block device (not a
 * directory), a '/' in it, or ".iso" at its end. */
bool acm_media_osver_is_file(const char *osver);

/* The product-name table (exposed for its unit test). */
struct acm_product_name {
	const char *match;   /* normalised prefix: lower case, '-'/'_' as spaces */
	const char *short_name;
	bool per_disc_dirs;
};
extern const struct acm_product_name acm_product_names[];

/* xCAT short name for a product string ("Red Hat Enterprise Linux Server",
 * "RHEL-7.0 Server.ppc64", "SLES15-SP4"), or NULL. *rest (may be NULL) is
 * set to the text after the matched name. */
const struct acm_product_name *acm_media_product_lookup(const char *product, const char **rest);
/* Canonical architecture name ("amd64" -> "x86_64", "arm64" -> "aarch64",
 * "i686" -> "x86", "ppc" -> "ppc64"), or NULL when s is not an architecture
 * we know. */
const char *acm_media_arch_canon(const char *s);
/* The name copycds gives arch for a family: the canonical one, except that
 * Debian and Ubuntu keep "arm64" and "ppc64el" (debian.pm). NULL if unknown. */
const char *acm_media_arch_name(const char *arch, const char *family);
/* Version from free text: the first number, every part as stated ("8.9",
 * "8.0.0", "12.2.0", "22.04.3"; "15 SP1" -> "15.1"). false if none. */
bool acm_media_version_from(const char *text, char *out, size_t n);
/* A name fit to be a directory under the tree: [A-Za-z0-9][A-Za-z0-9._+-]*,
 * at most 63 characters. */
bool acm_media_valid_name(const char *s);

#endif

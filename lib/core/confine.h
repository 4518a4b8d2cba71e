/* SPDX-License-Identifier: GPL-2.0-or-later */
/* confine.h - the one home of the rules for untrusted names and links, from
 * archives, git trees, directories and install media: what a member may be
 * called, what kind of file it may be, and whether a symlink (and every entry
 * whose path runs through one) stays inside the tree.
 *
 * Links are not judged by counting "..": a tree model (the entries accepted
 * so far, plus what is already on disk under a root fd, e.g. an earlier
 * disc's import) is walked component by component as the kernel would walk
 * it, substituting every symlink met, at most 40 of them (ELOOP). A link to
 * "." is fine; "s/s/s/../../../etc" through it is not.
 *
 * Once accepted, an entry never changes kind (a directory is not replaced by a
 * link, a link not retargeted) and ".." is never accepted after a name that
 * is not (yet) a directory of the tree: so nothing accepted later can make an
 * earlier link lead out. */
#ifndef ACM_CONFINE_H
#define ACM_CONFINE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Why an entry was refused. 0 is "accepted"; acm_confine_why() says the
 * rest in words for messages ("refusing entry 'x': <why>"). */
enum acm_confine_verdict {
	ACM_CONFINE_OK = 0,
	ACM_CONFINE_EMPTY,          /* "" (or the top itself where an entry is needed) */
	ACM_CONFINE_ABSOLUTE,       /* "/etc/x" */
	ACM_CONFINE_DOTDOT,         /* a ".." component */
	ACM_CONFINE_CONTROL,        /* a control character in the name */
	ACM_CONFINE_TOO_LONG,       /* a component over NAME_MAX or the path over PATH_MAX */
	ACM_CONFINE_LINK_ABSOLUTE,  /* a symlink (in the tree or on disk) with an absolute target */
	ACM_CONFINE_LINK_ESCAPES,   /* a symlink resolving above the top */
	ACM_CONFINE_LINK_UNKNOWN,   /* ".." after a name that is no directory of the tree */
	ACM_CONFINE_LOOP,           /* more than 40 symlinks on the way */
	ACM_CONFINE_THROUGH_LINK,   /* the entry's directory is a symlink */
	ACM_CONFINE_NOT_DIR,        /* the entry's directory is a file */
	ACM_CONFINE_REDEFINED,      /* the path was already another kind of entry */
	ACM_CONFINE_HARDLINK,       /* a hard link to something not a regular file of the tree */
	ACM_CONFINE_DISK_CONFLICT,  /* the tree and the disk disagree on a name a link runs through */
	ACM_CONFINE_SETID,          /* set-user/group-id bit */
	ACM_CONFINE_BLOCKDEV,
	ACM_CONFINE_CHARDEV,
	ACM_CONFINE_FIFO,
	ACM_CONFINE_SOCKET,
	ACM_CONFINE_SPECIAL,        /* any other file type */
};

const char *acm_confine_why(int verdict);

/* Flags for the name and kind rules. */
#define ACM_CONFINE_ALLOW_TOP   0x1u  /* "." / "./" is the top itself: OK, *clean = "" */
#define ACM_CONFINE_NO_CONTROL  0x2u  /* refuse control characters (0x01-0x1f, 0x7f) */
#define ACM_CONFINE_DROP_SETID  0x4u  /* set-id bits are dropped by the caller, not refused */

/* The name rule for an untrusted relative name: not empty, not absolute, no
 * ".." component, no component over NAME_MAX; "./", "//" and a trailing "/"
 * are normalised away. *clean (malloc'd, when clean is not NULL) gets the
 * normalised name. Returns 0 or a verdict. */
int acm_confine_name(const char *name, unsigned flags, char **clean);

/* The kinds of entries a tree holds. */
enum acm_confine_kind {
	ACM_CONFINE_DIR = 1,
	ACM_CONFINE_FILE,
	ACM_CONFINE_SYMLINK,
	ACM_CONFINE_HARDLINK_TO,    /* target is the path of a regular file of the tree */
};

/* The kind rule: from st_mode bits, the kind of entry (regular file,
 * directory, symlink) or a verdict for devices, fifos, sockets and set-id
 * bits on anything but a directory (unless ACM_CONFINE_DROP_SETID; a
 * directory's are always dropped). Returns 0 or a verdict. */
int acm_confine_mode(unsigned mode, unsigned flags, enum acm_confine_kind *kind);

/* The tree model. rootfd is the directory the tree is written to, consulted
 * (never followed) for names the model does not hold: -1 when the target
 * is known to be empty. The fd stays the caller's. */
struct acm_confine;

struct acm_confine *acm_confine_new(int rootfd);
void acm_confine_free(struct acm_confine *t);

/* Add one entry at a clean path (see acm_confine_name). Its directories must
 * be directories of the tree (missing ones are implied, as an extractor
 * makes them); a symlink is resolved as the kernel would and must end inside
 * the tree. A refused entry is not added (its implied directories may stay:
 * they only constrain later entries more). Returns 0 or a verdict. */
int acm_confine_add(struct acm_confine *t, const char *path, enum acm_confine_kind kind,
		    const char *target);

/* Add a set of symlinks whose order says nothing (a directory listing, a
 * whole medium): each is tried again while another one's acceptance may
 * change its verdict. verdict[i] gets each one's result. */
void acm_confine_add_links(struct acm_confine *t, size_t n, const char *const *paths,
			   const char *const *targets, int *verdict);

/* Do all symlinks below top (a clean path) resolve below top too? For a
 * tarball whose single top directory becomes the tree. Returns 0, or a
 * verdict with *bad (owned by the model) naming the first link that leaves. */
int acm_confine_within(struct acm_confine *t, const char *top, const char **bad);

/* Where path resolves to (all links followed, malloc'd, "" for the top), or
 * NULL with *verdict set. For tests and fuzzers. */
char *acm_confine_resolve(struct acm_confine *t, const char *path, int *verdict);

#endif

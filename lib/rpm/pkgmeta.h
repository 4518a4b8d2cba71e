/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pkgmeta.h - what every package we write says about itself beyond its
 * files: who packed it (%changelog's name and mail), when (from
 * SOURCE_DATE_EPOCH, for reproducible specs), and the one rule for an RPM
 * Name, Version and Release. Shared by specgen, kbuild and mx2g-pack. */
#ifndef ACM_PKGMETA_H
#define ACM_PKGMETA_H

#include <stdbool.h>

/* The header every spec we write starts from: which package, from which
 * source, packed by whom and when. Embedded in kbuild's and mx2g-pack's
 * spec descriptions. */
struct acm_pkgmeta_head {
	const char *name;      /* RPM Name */
	const char *version;   /* RPM Version */
	const char *release;   /* RPM Release without %{?dist} */
	const char *source0;   /* file name of the source tarball in SOURCES */
	const char *setup_dir; /* its top directory; kbuild allows NULL: none (tarbomb) */
	const char *origin;    /* what the user passed, for the header comment */
	const char *packager;  /* "Name <mail>" for %changelog */
	const char *date;      /* "Tue Nov 24 2026" for %changelog */
};

/* The rules, for messages, --help and the man pages. */
#define ACM_PKGMETA_NAME_RULE \
	"letters, digits and -._+, starting with a letter or digit"
#define ACM_PKGMETA_VERSION_RULE "letters, digits and ._+~^ (no '-' or blanks)"
#define ACM_PKGMETA_RELEASE_RULE "letters, digits and ._+~ (no '-' or blanks), at most 64 characters"

/* RPM Name: ACM_PKGMETA_NAME_RULE, at most 128 characters. */
bool acm_pkgmeta_valid_name(const char *s);
/* RPM Version: ACM_PKGMETA_VERSION_RULE, at most 128 characters. */
bool acm_pkgmeta_valid_version(const char *s);
/* RPM Release (without %{?dist}), also a kernel's local version:
 * ACM_PKGMETA_RELEASE_RULE. '-' would break VERSION-RELEASE.ARCH. */
bool acm_pkgmeta_valid_release(const char *s);
/* The --release option of a tool that builds packages: OPT, or "1" (malloc'd)
 * when not given; one that is not a release is a usage error (exits 64). */
char *acm_pkgmeta_release_arg(char *opt);

/* SOURCE_DATE_EPOCH (reproducible-builds.org): 0 and *when = its seconds,
 * or *when = -1 when unset or empty. Anything but a decimal number of
 * seconds (no sign, no blanks, in range) prints a message naming the
 * variable and returns 78. */
int acm_pkgmeta_epoch(long long *when);

/* A %changelog day ("Tue Dec 01 2026", UTC) for when; when < 0: now.
 * malloc'd. */
char *acm_pkgmeta_date(long long when);

/* Who packs: rpm's %packager when it is "Name <mail>", else git's
 * user.name and user.email, else LOGIN <LOGIN@HOST>. Never holds '%' or a
 * line break (it goes into a spec). malloc'd. */
char *acm_pkgmeta_packager(void);

/* Is this usable as a packager line ("Name <mail>", printable, no '%')? */
bool acm_pkgmeta_valid_packager(const char *s);

#endif

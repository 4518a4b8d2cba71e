/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libload.h - the libraries copycds-import loads when first needed, not
 * links: a re-import of an image it listed before (scancache.h) needs
 * neither, and linked they made every run pay for their relocation at
 * start-up (most of a re-import's time).
 * - libarchive reads an image's directory (isoscan.c, isocopy.c) and the
 *   compressed repository metadata --verify checks (isoverify.c); its
 *   chain (libxml2, ICU, libstdc++) cost ~5 ms. Called as
 *   acm_libload_archive.NAME for archive_NAME (archive_errno as .errnum).
 * - libcrypto hashes what is copied and verified (hasher.c, isocopy.c,
 *   isoverify.c): ~2.5 ms. Called as acm_libload_crypto.NAME for EVP_NAME.
 * Other programs link both; loading them again there is a no-op. */
#ifndef ACM_LIBLOAD_H
#define ACM_LIBLOAD_H

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdbool.h>

#define ACM_LIBLOAD_ARCHIVE(X) \
	X(entry_filetype, archive_entry_filetype) X(entry_hardlink, archive_entry_hardlink) \
	X(entry_mtime, archive_entry_mtime) X(entry_pathname, archive_entry_pathname) \
	X(entry_perm, archive_entry_perm) X(entry_size, archive_entry_size) \
	X(entry_size_is_set, archive_entry_size_is_set) X(entry_symlink, archive_entry_symlink) \
	X(errnum, archive_errno) X(error_string, archive_error_string) X(read_data, archive_read_data) \
	X(read_data_block, archive_read_data_block) X(read_free, archive_read_free) \
	X(read_new, archive_read_new) X(read_next_header, archive_read_next_header) \
	X(read_open_fd, archive_read_open_fd) X(read_open_filename, archive_read_open_filename) \
	X(read_support_filter_all, archive_read_support_filter_all) \
	X(read_support_format_iso9660, archive_read_support_format_iso9660) \
	X(read_support_format_raw, archive_read_support_format_raw)

#define ACM_LIBLOAD_CRYPTO(X) \
	X(DigestFinal_ex, EVP_DigestFinal_ex) X(DigestInit_ex, EVP_DigestInit_ex) \
	X(DigestUpdate, EVP_DigestUpdate) X(MD_CTX_copy_ex, EVP_MD_CTX_copy_ex) X(MD_CTX_free, EVP_MD_CTX_free) \
	X(MD_CTX_new, EVP_MD_CTX_new) X(get_digestbyname, EVP_get_digestbyname) X(sha256, EVP_sha256)

#define ACM_LIBLOAD_FIELD(field, sym) __typeof__(sym) *field;
struct acm_libload_archive {
	ACM_LIBLOAD_ARCHIVE(ACM_LIBLOAD_FIELD)
};
struct acm_libload_crypto {
	ACM_LIBLOAD_CRYPTO(ACM_LIBLOAD_FIELD)
};
#undef ACM_LIBLOAD_FIELD
extern struct acm_libload_archive acm_libload_archive;
extern struct acm_libload_crypto acm_libload_crypto;

/* Load libarchive once. Returns 0, or 69 after a message naming what (of
 * media) could not be read and the package to install. */
int acm_libload_need_archive(const char *media);
/* Load libcrypto once; without it nothing can be recorded: the program
 * exits 69 with a message naming the package to install. Cheap after the
 * first call: every entry point that hashes calls it. */
void acm_libload_need_crypto(void);

#endif

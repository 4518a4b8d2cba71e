/* SPDX-License-Identifier: GPL-2.0-or-later */
/* archdl.h - libarchive, loaded when first needed: copycds-import reads an
 * image's directory with it (isoscan.c, isocopy.c) and --verify the
 * compressed repository metadata (isoverify.c), but a re-import of an
 * image it listed before (scancache.h) needs neither, and linking it made
 * every run pay for its chain of libraries (libxml2, ICU, libstdc++) at
 * start-up. The functions are called as acm_archdl.NAME for archive_NAME
 * (archive_errno as acm_archdl.errnum). */
#ifndef ACM_ARCHDL_H
#define ACM_ARCHDL_H

#include <archive.h>
#include <archive_entry.h>
#include <stdbool.h>

#define ACM_ARCHDL_FUNCS(X) \
	X(entry_filetype, entry_filetype) X(entry_hardlink, entry_hardlink) X(entry_mtime, entry_mtime) \
	X(entry_pathname, entry_pathname) X(entry_perm, entry_perm) X(entry_size, entry_size) \
	X(entry_size_is_set, entry_size_is_set) X(entry_symlink, entry_symlink) X(errnum, errno) \
	X(error_string, error_string) X(read_data, read_data) X(read_data_block, read_data_block) \
	X(read_free, read_free) X(read_new, read_new) X(read_next_header, read_next_header) \
	X(read_open_fd, read_open_fd) X(read_open_filename, read_open_filename) \
	X(read_support_filter_all, read_support_filter_all) \
	X(read_support_format_iso9660, read_support_format_iso9660) \
	X(read_support_format_raw, read_support_format_raw)

#define ACM_ARCHDL_FIELD(field, name) __typeof__(archive_##name) *field;
struct acm_archdl {
	ACM_ARCHDL_FUNCS(ACM_ARCHDL_FIELD)
};
#undef ACM_ARCHDL_FIELD
extern struct acm_archdl acm_archdl;

/* Load libarchive once. Returns 0, or 69 after a message naming what (of
 * media) could not be read and the package to install. */
int acm_archdl_load(const char *media);

#endif

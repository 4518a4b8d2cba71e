/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unitfs.h - building small file trees in unit tests (include after
 * cmocka.h): put(DIR, "a/b/file", TEXT) writes DIR/a/b/file, making the
 * directories on the way; assert_file_is(PATH, TEXT) reads one back. */
#ifndef ACM_UNITFS_H
#define ACM_UNITFS_H

#include <string.h>

#include "buf.h"
#include "fileio.h"

static inline void put(const char *dir, const char *rel, const char *text)
{
	char *p = acm_xasprintf("%s/%s", dir, rel);
	char *d = acm_xstrdup(p);

	*strrchr(d, '/') = '\0';
	assert_int_equal(acm_mkdir_p(d, 0755), 0);
	assert_int_equal(acm_write_file_atomic(p, text, strlen(text), 0644), 0);
	free(d);
	free(p);
}

static inline void assert_file_is(const char *path, const char *text)
{
	char *got = NULL;

	assert_int_equal(acm_read_file(path, &got, NULL, 0), 0);
	assert_string_equal(got, text);
	free(got);
}

#endif

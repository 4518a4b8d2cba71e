/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unitout.h - what a call prints (include after cmocka.h): output_of(FD,
 * fn, ud) runs fn(ud) with FD (1 or 2) sent to a temporary file and
 * returns what reached it, malloc'd; assert_has_all(text, list) checks
 * that every string of a NULL-ended list is in text and names the first
 * one that is not. */
#ifndef ACM_UNITOUT_H
#define ACM_UNITOUT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

static inline char *output_of(int fd, void (*fn)(void *), void *ud)
{
	char path[] = "/tmp/acm-out.XXXXXX", *text = NULL;
	int tmp = mkstemp(path), saved;

	assert_true(tmp >= 0);
	/* what stdio holds back belongs to the output before the call */
	fflush(NULL);
	saved = dup(fd);
	assert_true(saved >= 0);
	assert_true(dup2(tmp, fd) >= 0);
	fn(ud);
	fflush(NULL);
	assert_true(dup2(saved, fd) >= 0);
	close(saved);
	close(tmp);
	assert_int_equal(acm_read_file(path, &text, NULL, 0), 0);
	unlink(path);
	return text;
}

static inline void assert_has_all(const char *text, const char *const *want)
{
	assert_non_null(text);
	for (; *want; want++)
		if (!strstr(text, *want))
			fail_msg("not in the output: \"%s\"", *want);
}

#endif

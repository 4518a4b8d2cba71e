/* SPDX-License-Identifier: GPL-2.0-or-later */
/* buf.h - a growable byte buffer, always NUL-terminated. */
#ifndef ACM_BUF_H
#define ACM_BUF_H

#include <stddef.h>
#include <stdarg.h>
#include <sys/types.h>

struct acm_buf {
	char *data;   /* NUL-terminated; NULL until first append */
	size_t len;
	size_t cap;
};

#define ACM_BUF_INIT { NULL, 0, 0 }

void acm_buf_add(struct acm_buf *b, const void *data, size_t len);
void acm_buf_adds(struct acm_buf *b, const char *s);
void acm_buf_addc(struct acm_buf *b, char c);
void acm_buf_addf(struct acm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void acm_buf_vaddf(struct acm_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void acm_buf_reset(struct acm_buf *b);         /* len = 0, keep memory */
void acm_buf_free(struct acm_buf *b);
char *acm_buf_steal(struct acm_buf *b);        /* caller frees; buffer becomes empty */
const char *acm_buf_str(const struct acm_buf *b); /* "" when empty */

/* Read a whole stream into *data (NUL-terminated, "" when empty), at most
 * max bytes (0: no cap). rd returns the bytes read, 0 at the end, <0 on an
 * error it has not reported: then nothing is returned and the result is -1. */
typedef ssize_t (*acm_buf_reader)(void *ctx, void *chunk, size_t want);
int acm_buf_slurp(char **data, size_t *len, size_t max, acm_buf_reader rd, void *ctx);

/* Allocation that cannot fail: aborts with a message on out-of-memory. */
void *acm_xmalloc(size_t n);
void *acm_xcalloc(size_t n, size_t m);
void *acm_xrealloc(void *p, size_t n);
/* Room for element n of array v (*cap elements of size bytes): when n has
 * reached *cap, the capacity doubles (first: the first one). Returns v. */
void *acm_xgrow(void *v, size_t *cap, size_t n, size_t size, size_t first);
char *acm_xstrdup(const char *s);
/* A vector of n malloc'd strings: add s unless it is there already (a copy;
 * the vector grows as needed), and free it with its strings. */
char **acm_strv_add_unique(char **v, size_t *n, const char *s);
void acm_strv_free(char **v, size_t n);
char *acm_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

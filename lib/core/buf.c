/* SPDX-License-Identifier: GPL-2.0-or-later */
/* buf.c - growable NUL-terminated buffers and allocation that cannot fail. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "exitcodes.h"
#include "msg.h"

static void oom(void)
{
	acm_die(ACM_EX_SOFTWARE, "out of memory");
}

void *acm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *acm_xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		oom();
	return p;
}

void *acm_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *acm_xgrow(void *v, size_t *cap, size_t n, size_t size, size_t first)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : first;
	return acm_xrealloc(v, *cap * size);
}

char *acm_xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p)
		oom();
	return p;
}

char *acm_xasprintf(const char *fmt, ...)
{
	struct acm_buf b = ACM_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	acm_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!b.data)
		return acm_xstrdup("");
	return b.data;
}

static void grow(struct acm_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		oom();
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->data = acm_xrealloc(b->data, cap);
	b->cap = cap;
}

void acm_buf_add(struct acm_buf *b, const void *data, size_t len)
{
	grow(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void acm_buf_adds(struct acm_buf *b, const char *s) { acm_buf_add(b, s, strlen(s)); }
void acm_buf_addc(struct acm_buf *b, char c) { acm_buf_add(b, &c, 1); }

void acm_buf_vaddf(struct acm_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void acm_buf_addf(struct acm_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	acm_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void acm_buf_reset(struct acm_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void acm_buf_free(struct acm_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *acm_buf_steal(struct acm_buf *b)
{
	char *p = b->data ? b->data : acm_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *acm_buf_str(const struct acm_buf *b) { return b->data ? b->data : ""; }

int acm_buf_slurp(char **data, size_t *len, size_t max, acm_buf_reader rd, void *ctx)
{
	struct acm_buf b = ACM_BUF_INIT;
	char chunk[65536];
	for (;;) {
		size_t want = sizeof(chunk);
		if (max && b.len + want > max)
			want = max - b.len;
		if (!want)
			break;
		ssize_t n = rd(ctx, chunk, want);
		if (n < 0) {
			acm_buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		acm_buf_add(&b, chunk, (size_t)n);
	}
	*len = b.len;
	*data = b.data ? acm_buf_steal(&b) : acm_xstrdup("");
	return 0;
}

char **acm_strv_add_unique(char **v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(v[i], s) == 0)
			return v;
	v = acm_xrealloc(v, (*n + 1) * sizeof *v);
	v[(*n)++] = acm_xstrdup(s);
	return v;
}

void acm_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

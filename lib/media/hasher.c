/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hasher.c - SHA-256 on a second thread; see hasher.h. */
#include "config.h"
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "hasher.h"

static void *hasher_main(void *arg)
{
	struct acm_hasher *h = arg;
	pthread_mutex_lock(&h->mu);
	for (;;) {
		while (h->head == h->tail && !h->quit)
			pthread_cond_wait(&h->cv, &h->mu);
		if (h->head == h->tail && h->quit)
			break;
		unsigned i = h->tail % ACM_HASHER_SLOTS;
		pthread_mutex_unlock(&h->mu);
		EVP_DigestUpdate(h->md[i], h->slot[i], h->len[i]);
		pthread_mutex_lock(&h->mu);
		h->tail++;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

void acm_hasher_start(struct acm_hasher *h)
{
	memset(h, 0, sizeof(*h));
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	for (int i = 0; i < ACM_HASHER_SLOTS; i++)
		h->slot[i] = acm_xmalloc(ACM_HASHER_CHUNK);
	h->running = pthread_create(&h->th, NULL, hasher_main, h) == 0;
}

void acm_hasher_feed(struct acm_hasher *h, EVP_MD_CTX *md, const void *p, size_t len)
{
	const unsigned char *q = p;
	if (!h->running) {
		EVP_DigestUpdate(md, p, len);
		return;
	}
	while (len > 0) {
		size_t k = len > ACM_HASHER_CHUNK ? ACM_HASHER_CHUNK : len;
		pthread_mutex_lock(&h->mu);
		while (h->head - h->tail == ACM_HASHER_SLOTS)
			pthread_cond_wait(&h->cv, &h->mu);
		unsigned i = h->head % ACM_HASHER_SLOTS;
		pthread_mutex_unlock(&h->mu);
		memcpy(h->slot[i], q, k);
		h->len[i] = k;
		h->md[i] = md;
		pthread_mutex_lock(&h->mu);
		h->head++;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		q += k;
		len -= k;
	}
}

void acm_hasher_drain(struct acm_hasher *h)
{
	if (!h->running)
		return;
	pthread_mutex_lock(&h->mu);
	while (h->head != h->tail)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
}

void acm_hasher_stop(struct acm_hasher *h)
{
	if (h->running) {
		pthread_mutex_lock(&h->mu);
		h->quit = true;
		pthread_cond_broadcast(&h->cv);
		pthread_mutex_unlock(&h->mu);
		pthread_join(h->th, NULL);
	}
	for (int i = 0; i < ACM_HASHER_SLOTS; i++)
		free(h->slot[i]);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	h->running = false;
}

void acm_hasher_hex(char *out, const unsigned char *md, unsigned n)
{
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * n] = '\0';
}

int acm_hasher_fd(int fd, const EVP_MD *type, char *out, unsigned char *buf)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_DigestInit_ex(md, type, NULL);
	int r = 0;
	for (;;) {
		ssize_t n = read(fd, buf, ACM_HASHER_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(md, buf, (size_t)n);
	}
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	EVP_DigestFinal_ex(md, d, &dn);
	EVP_MD_CTX_free(md);
	if (!r)
		acm_hasher_hex(out, d, dn);
	return r;
}

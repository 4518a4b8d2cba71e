/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hasher.h - SHA-256 on a second thread, so hashing a large file overlaps
 * reading and writing it (on one core it would add a third to a first
 * import); and the small digest helpers the import shares. */
#ifndef ACM_HASHER_H
#define ACM_HASHER_H

#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/* The import's unit of I/O: a hasher slot, a read buffer. */
#define ACM_HASHER_CHUNK (1024 * 1024)
/* Smaller files are hashed inline: handing them over costs more. */
#define ACM_HASHER_MIN (256 * 1024)
#define ACM_HASHER_SLOTS 4

/* Data is copied into a ring of slots the thread hashes in order. */
struct acm_hasher {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *slot[ACM_HASHER_SLOTS];
	size_t len[ACM_HASHER_SLOTS];
	EVP_MD_CTX *md[ACM_HASHER_SLOTS];
	unsigned head, tail;   /* filled / hashed counts */
	bool quit, running;
};

void acm_hasher_start(struct acm_hasher *h);
/* Hash p into md on the thread (or here when it could not start). */
void acm_hasher_feed(struct acm_hasher *h, EVP_MD_CTX *md, const void *p, size_t len);
/* Wait until everything fed has been hashed. */
void acm_hasher_drain(struct acm_hasher *h);
void acm_hasher_stop(struct acm_hasher *h);

/* Lower-case hex of n digest bytes into out (2n+1 bytes). */
void acm_hasher_hex(char *out, const unsigned char *md, unsigned n);
/* Digest (hex) of an fd read to its end with buf (ACM_HASHER_CHUNK bytes),
 * here on this thread. Returns 0 or -errno. */
int acm_hasher_fd(int fd, const EVP_MD *type, char *out, unsigned char *buf);

#endif

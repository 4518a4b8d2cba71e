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
#include <stdint.h>

#include "isoextent.h"

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

/* The fast path of an import, where the kernel copies (copy_file_range)
 * and nothing passes through the process: threads of their own (lanes)
 * read the same byte ranges of the image (from the page cache the copy
 * uses) and hash them, a file each, in the order the copy takes them, a
 * little ahead of it. The copy and the hash then overlap, and no data is
 * handed from one thread to the other (each file costs at most one
 * wake-up, when the copy is quicker than the hash). One lane hashed at
 * ~1.2 GB/s and became the import's limit on a disk that writes faster
 * (the copy itself is about half a lane's CPU): there is a lane per core,
 * up to ACM_HASHER_LANES. */
#define ACM_HASHER_LANES 4

struct acm_hashjob {
	const struct acm_isoextent *sec;
	size_t nsec;
	uint64_t start;                 /* bytes of the jobs before this one */
	unsigned char md[32];           /* SHA-256, once done */
	int err;                        /* a read failed (-errno, -ENODATA) */
	bool done;
};

struct acm_hasher_ahead;
struct acm_hasher_lane {
	pthread_t th;
	struct acm_hasher_ahead *a;
	unsigned char *map;             /* the window of fd mapped, or NULL */
	uint64_t map_off;
	unsigned char *buf;
};

struct acm_hasher_ahead {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int fd;
	struct acm_hashjob *job;
	size_t n, cap;
	size_t next;                    /* the first job no lane has taken */
	size_t at;                      /* jobs before this the copy is done with */
	bool quit, running;
	bool bus;                       /* our SIGBUS handler is installed */
	bool mapped;                    /* large sections hashed by mmap (SIGBUS caught) */
	struct acm_hasher_lane lane[ACM_HASHER_LANES];
	unsigned nlanes;                /* lanes started (lane[0] hashes here when none) */
};

/* An empty list of jobs over fd. */
void acm_hasher_ahead_init(struct acm_hasher_ahead *a, int fd);
/* Add a file (its sections of fd, which must outlive the jobs): the job's
 * index. Only before acm_hasher_ahead_start. */
size_t acm_hasher_ahead_add(struct acm_hasher_ahead *a, const struct acm_isoextent *sec, size_t nsec);
void acm_hasher_ahead_start(struct acm_hasher_ahead *a);
/* The digest of job k, waiting for it (hashed here when no thread runs);
 * the copy is then done with every job before k. NULL when a read failed:
 * the caller reads the file itself, to say what is wrong. */
const unsigned char *acm_hasher_ahead_take(struct acm_hasher_ahead *a, size_t k);
/* Stop the lanes (between two chunks) and free the jobs. */
void acm_hasher_ahead_stop(struct acm_hasher_ahead *a);

/* Lower-case hex of n digest bytes into out (2n+1 bytes). */
void acm_hasher_hex(char *out, const unsigned char *md, unsigned n);
/* Digest (hex) of an fd read to its end with buf (ACM_HASHER_CHUNK bytes),
 * here on this thread. Returns 0 or -errno. */
int acm_hasher_fd(int fd, const EVP_MD *type, char *out, unsigned char *buf);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hasher.c - SHA-256 on a second thread; see hasher.h. */
#include "config.h"
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "hasher.h"
#include "libload.h"

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
		acm_libload_crypto.DigestUpdate(h->md[i], h->slot[i], h->len[i]);
		pthread_mutex_lock(&h->mu);
		h->tail++;
		pthread_cond_broadcast(&h->cv);
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

void acm_hasher_start(struct acm_hasher *h)
{
	acm_libload_need_crypto();
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
		acm_libload_crypto.DigestUpdate(md, p, len);
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

/* How far the hash may run ahead of the copy: it reads the image the copy
 * reads, and a cold image read far ahead could leave the page cache
 * before the copy comes to it. */
#define AHEAD_BYTES (64ULL * 1024 * 1024)
#define AHEAD_JOBS 4096

void acm_hasher_ahead_init(struct acm_hasher_ahead *a, int fd)
{
	memset(a, 0, sizeof(*a));
	a->fd = fd;
}

size_t acm_hasher_ahead_add(struct acm_hasher_ahead *a, const struct acm_isoextent *sec, size_t nsec)
{
	uint64_t start = a->n ? a->job[a->n - 1].start : 0;
	for (size_t i = 0; a->n && i < a->job[a->n - 1].nsec; i++)
		start += a->job[a->n - 1].sec[i].len;
	a->job = acm_xgrow(a->job, &a->cap, a->n, sizeof(*a->job), 256);
	memset(&a->job[a->n], 0, sizeof(*a->job));
	a->job[a->n].sec = sec;
	a->job[a->n].nsec = nsec;
	a->job[a->n].start = start;
	return a->n++;
}

/* Large sections are hashed where they lie in the page cache (mmap), which
 * spares copying them out; a section cut short under us (the image
 * truncated while it is read) faults with SIGBUS there, caught on this
 * thread only. Small ones are read: a mapping per file costs more. */
#define MAP_MIN ((uint64_t)ACM_HASHER_MIN)
/* The image is mapped a window at a time, kept while the files go through
 * it: every munmap interrupts the copying thread's CPU (a TLB shootdown,
 * dear in a VM), so one per window, not one per file. A multiple of any
 * page size. */
#define MAP_WINDOW ((uint64_t)64 * 1024 * 1024)

static __thread sigjmp_buf *bus_jump;
static struct sigaction bus_old;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (bus_jump)
		siglongjmp(*bus_jump, 1);
	/* Not a read of ours: as it was before (a fault comes back at once). */
	sigaction(SIGBUS, &bus_old, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

/* Hash mapped bytes; false when they fault (SIGBUS: the file is shorter). */
static bool digest_mapped(EVP_MD_CTX *md, const unsigned char *p, size_t k)
{
	sigjmp_buf jb;
	if (sigsetjmp(jb, 0)) {
		bus_jump = NULL;
		return false;
	}
	bus_jump = &jb;
	acm_libload_crypto.DigestUpdate(md, p, k);
	bus_jump = NULL;
	return true;
}

static void unmap_window(struct acm_hasher_lane *l)
{
	if (l->map)
		munmap(l->map, MAP_WINDOW);
	l->map = NULL;
}

static int hash_mapped(struct acm_hasher_lane *l, EVP_MD_CTX *md, uint64_t off, uint64_t len)
{
	struct acm_hasher_ahead *a = l->a;
	while (len > 0) {
		if (__atomic_load_n(&a->quit, __ATOMIC_RELAXED))
			return -ECANCELED;
		uint64_t base = off - off % MAP_WINDOW;
		if (!l->map || l->map_off != base) {
			unmap_window(l);
			/* past the image's end is mapped too: never touched */
			void *p = mmap(NULL, MAP_WINDOW, PROT_READ, MAP_SHARED, a->fd, (off_t)base);
			if (p == MAP_FAILED)
				return -ENOTSUP;
			l->map = p;
			l->map_off = base;
		}
		uint64_t k = base + MAP_WINDOW - off;
		if (k > len)
			k = len;
		/* a chunk at a time, so a stop is prompt */
		if (k > ACM_HASHER_CHUNK * 8)
			k = ACM_HASHER_CHUNK * 8;
		if (!digest_mapped(md, l->map + (off - base), (size_t)k))
			return -ENODATA;
		off += k;
		len -= k;
	}
	return 0;
}

static int hash_job(struct acm_hasher_lane *l, EVP_MD_CTX *md, struct acm_hashjob *j)
{
	struct acm_hasher_ahead *a = l->a;
	acm_libload_crypto.DigestInit_ex(md, acm_libload_crypto.sha256(), NULL);
	for (size_t i = 0; i < j->nsec; i++) {
		uint64_t off = j->sec[i].off, len = j->sec[i].len;
		if (__atomic_load_n(&a->mapped, __ATOMIC_RELAXED) && len >= MAP_MIN) {
			int r = hash_mapped(l, md, off, len);
			if (r == -ENOTSUP) {
				/* cannot be mapped (some device): read it all, in every lane */
				__atomic_store_n(&a->mapped, false, __ATOMIC_RELAXED);
				return hash_job(l, md, j);
			}
			if (r)
				return r;
			continue;
		}
		while (len > 0) {
			if (__atomic_load_n(&a->quit, __ATOMIC_RELAXED))
				return -ECANCELED;
			size_t k = len > ACM_HASHER_CHUNK ? ACM_HASHER_CHUNK : (size_t)len;
			ssize_t got = pread(a->fd, l->buf, k, (off_t)off);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				return got < 0 ? -errno : -ENODATA;
			acm_libload_crypto.DigestUpdate(md, l->buf, (size_t)got);
			off += (uint64_t)got;
			len -= (uint64_t)got;
		}
	}
	unsigned n = 0;
	acm_libload_crypto.DigestFinal_ex(md, j->md, &n);
	return n == sizeof(j->md) ? 0 : -EINVAL;
}

/* A lane takes the next job no other lane has taken, unless it would run
 * too far ahead of the copy. */
static void *lane_main(void *arg)
{
	struct acm_hasher_lane *l = arg;
	struct acm_hasher_ahead *a = l->a;
	EVP_MD_CTX *md = acm_libload_crypto.MD_CTX_new();
	pthread_mutex_lock(&a->mu);
	while (!a->quit && a->next < a->n) {
		size_t k = a->next;
		if (k > a->at && (k - a->at >= AHEAD_JOBS || a->job[k].start - a->job[a->at].start >= AHEAD_BYTES)) {
			pthread_cond_wait(&a->cv, &a->mu);
			continue;
		}
		a->next++;
		pthread_mutex_unlock(&a->mu);
		int err = md ? hash_job(l, md, &a->job[k]) : -ENOMEM;
		pthread_mutex_lock(&a->mu);
		a->job[k].err = err;
		a->job[k].done = true;
		pthread_cond_broadcast(&a->cv);
	}
	pthread_mutex_unlock(&a->mu);
	acm_libload_crypto.MD_CTX_free(md);
	return NULL;
}

static unsigned lanes_wanted(size_t jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = cpus < 1 ? 1 : cpus > ACM_HASHER_LANES ? ACM_HASHER_LANES : (unsigned)cpus;
	return jobs < n ? (unsigned)jobs : n;
}

void acm_hasher_ahead_start(struct acm_hasher_ahead *a)
{
	acm_libload_need_crypto();
	for (unsigned i = 0; i < ACM_HASHER_LANES; i++)
		a->lane[i].a = a;
	a->lane[0].buf = acm_xmalloc(ACM_HASHER_CHUNK);
	if (!a->n)
		return;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	/* SA_NODEFER: the jump out of the handler leaves SIGBUS unblocked. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	a->mapped = a->bus = sigaction(SIGBUS, &sa, &bus_old) == 0;
	/* Signals (Ctrl-C) go to the copying thread, whose reads and writes
	 * they are meant to cut short; faults stay the lanes'. */
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGSEGV);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	unsigned want = lanes_wanted(a->n);
	for (a->nlanes = 0; a->nlanes < want; a->nlanes++) {
		struct acm_hasher_lane *l = &a->lane[a->nlanes];
		if (!l->buf)
			l->buf = acm_xmalloc(ACM_HASHER_CHUNK);
		if (pthread_create(&l->th, NULL, lane_main, l) != 0)
			break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	a->running = a->nlanes > 0;
	if (!a->running) {
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
	}
}

const unsigned char *acm_hasher_ahead_take(struct acm_hasher_ahead *a, size_t k)
{
	struct acm_hashjob *j = &a->job[k];
	if (!a->running) {
		if (!j->done) {
			EVP_MD_CTX *md = acm_libload_crypto.MD_CTX_new();
			j->err = md ? hash_job(&a->lane[0], md, j) : -ENOMEM;
			j->done = true;
			acm_libload_crypto.MD_CTX_free(md);
		}
		return j->err ? NULL : j->md;
	}
	pthread_mutex_lock(&a->mu);
	if (a->at < k + 1) {
		a->at = k + 1;
		pthread_cond_broadcast(&a->cv);
	}
	while (!j->done)
		pthread_cond_wait(&a->cv, &a->mu);
	pthread_mutex_unlock(&a->mu);
	return j->err ? NULL : j->md;
}

void acm_hasher_ahead_stop(struct acm_hasher_ahead *a)
{
	if (a->running) {
		pthread_mutex_lock(&a->mu);
		__atomic_store_n(&a->quit, true, __ATOMIC_RELAXED);
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		for (unsigned i = 0; i < a->nlanes; i++)
			pthread_join(a->lane[i].th, NULL);
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
	}
	for (unsigned i = 0; i < ACM_HASHER_LANES; i++) {
		unmap_window(&a->lane[i]);
		free(a->lane[i].buf);
	}
	if (a->bus)
		sigaction(SIGBUS, &bus_old, NULL);
	free(a->job);
	memset(a, 0, sizeof(*a));
	a->fd = -1;
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
	acm_libload_need_crypto();
	EVP_MD_CTX *md = acm_libload_crypto.MD_CTX_new();
	acm_libload_crypto.DigestInit_ex(md, type, NULL);
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
		acm_libload_crypto.DigestUpdate(md, buf, (size_t)n);
	}
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	acm_libload_crypto.DigestFinal_ex(md, d, &dn);
	acm_libload_crypto.MD_CTX_free(md);
	if (!r)
		acm_hasher_hex(out, d, dn);
	return r;
}

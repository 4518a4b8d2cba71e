/* SPDX-License-Identifier: GPL-2.0-or-later */
/* writeback.c - writeback started on a thread; see writeback.h. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "writeback.h"

/* The thread is woken once per batch, not per file: a wake-up costs the
 * copying thread more than a small file's writeback does. */
#define BATCH_FILES 16
#define BATCH_BYTES (8ULL * 1024 * 1024)

/* Start fd's writeback and close it: 0 or the errno of close(). */
static int kick(int fd)
{
	sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	return close(fd) < 0 ? errno : 0;
}

static void *writeback_main(void *arg)
{
	struct acm_writeback *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->go && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->tail == w->head && w->quit)
			break;
		w->go = false;
		unsigned end = w->head;
		pthread_mutex_unlock(&w->mu);
		int err = 0;
		for (unsigned i = w->tail; i != end; i++) {
			int e = kick(w->fd[i % ACM_WRITEBACK_SLOTS]);
			if (e && !err)
				err = e;
		}
		pthread_mutex_lock(&w->mu);
		if (err && !w->err)
			w->err = err;
		w->tail = end;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

void acm_writeback_start(struct acm_writeback *w)
{
	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* Signals (Ctrl-C) stay the copying thread's. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	w->running = pthread_create(&w->th, NULL, writeback_main, w) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int acm_writeback_add(struct acm_writeback *w, int fd, uint64_t len)
{
	if (!w->running)
		return kick(fd);
	pthread_mutex_lock(&w->mu);
	while (w->head - w->tail == ACM_WRITEBACK_SLOTS) {
		w->go = true;
		pthread_cond_broadcast(&w->cv);
		pthread_cond_wait(&w->cv, &w->mu);
	}
	w->fd[w->head++ % ACM_WRITEBACK_SLOTS] = fd;
	w->unsignalled += len;
	if (++w->unsignalled_files >= BATCH_FILES || w->unsignalled >= BATCH_BYTES) {
		w->go = true;
		w->unsignalled = 0;
		w->unsignalled_files = 0;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return 0;
}

int acm_writeback_stop(struct acm_writeback *w)
{
	if (w->running) {
		pthread_mutex_lock(&w->mu);
		w->quit = true;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->th, NULL);
		w->running = false;
	}
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	return w->err;
}

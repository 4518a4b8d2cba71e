/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.c - a one-line progress bar on a TTY: bytes, rate, ETA. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "msg.h"
#include "progress.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void acm_format_bytes(char *out, size_t n, uint64_t bytes)
{
	static const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)bytes;
	int u = 0;
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(out, n, "%llu B", (unsigned long long)bytes);
	else
		snprintf(out, n, "%.1f %s", v, unit[u]);
}

void acm_format_duration(char *out, size_t n, double secs)
{
	if (secs < 0 || secs > 359999)
		secs = 359999;
	unsigned long s = (unsigned long)(secs + 0.5);
	if (s >= 3600)
		snprintf(out, n, "%lu:%02lu:%02lu", s / 3600, (s / 60) % 60, s % 60);
	else
		snprintf(out, n, "%lu:%02lu", s / 60, s % 60);
}

void acm_progress_start(struct acm_progress *p, FILE *out, const char *label, uint64_t total, bool force)
{
	memset(p, 0, sizeof(*p));
	p->out = out ? out : stderr;
	char *clean = acm_msg_clean(label ? label : ""); /* a media or source name */
	snprintf(p->label, sizeof(p->label), "%s", clean);
	free(clean);
	p->total = total;
	p->start = p->last = now();
	p->width = 20;
	p->active = force || (acm_verbosity() >= ACM_NORMAL && isatty(fileno(p->out)));
}

static void draw(struct acm_progress *p, bool final)
{
	char done[32], tot[32], rate[32], eta[32];
	double el = now() - p->start;
	double r = el > 0 ? (double)p->done / el : 0;

	acm_format_bytes(done, sizeof(done), p->done);
	acm_format_bytes(rate, sizeof(rate), (uint64_t)r);
	if (p->total) {
		int filled = (int)((double)p->width * (double)(p->done > p->total ? p->total : p->done) / (double)p->total);
		char bar[64];
		memset(bar, '#', (size_t)filled);
		memset(bar + filled, '.', (size_t)(p->width - filled));
		bar[p->width] = '\0';
		acm_format_bytes(tot, sizeof(tot), p->total);
		if (final)
			acm_format_duration(eta, sizeof(eta), el);
		else
			acm_format_duration(eta, sizeof(eta), r > 0 ? (double)(p->total - (p->done > p->total ? p->total : p->done)) / r : -1);
		fprintf(p->out, "\r%s: [%s] %3d%% %s / %s  %s/s  %s %s\033[K", p->label, bar,
			(int)(100.0 * (double)(p->done > p->total ? p->total : p->done) / (double)p->total),
			done, tot, rate, final ? "in" : "ETA", eta);
	} else {
		acm_format_duration(eta, sizeof(eta), el);
		fprintf(p->out, "\r%s: %s  %s/s  %s\033[K", p->label, done, rate, eta);
	}
	if (final)
		fputc('\n', p->out);
	fflush(p->out);
}

/* Time to redraw? At most ~10 times a second. */
static bool due(struct acm_progress *p)
{
	if (!p->active)
		return false;
	double t = now();
	if (t - p->last < 0.1)
		return false;
	p->last = t;
	return true;
}

void acm_progress_set(struct acm_progress *p, uint64_t done)
{
	p->done = done;
	if (due(p))
		draw(p, false);
}

void acm_progress_add(struct acm_progress *p, uint64_t n) { acm_progress_set(p, p->done + n); }

void acm_progress_done(struct acm_progress *p)
{
	if (p->active)
		draw(p, true);
	p->active = false;
}

void acm_progress_status(struct acm_progress *p, const char *status)
{
	if (!due(p))
		return;
	char el[32];
	acm_format_duration(el, sizeof(el), p->last - p->start);
	char *clean = acm_msg_clean(status ? status : "");
	/* one terminal line: a build's lines can be long */
	fprintf(p->out, "\r%s: %s  %.60s\033[K", p->label, el, clean);
	fflush(p->out);
	free(clean);
}

void acm_progress_clear(struct acm_progress *p)
{
	if (p->active) {
		fprintf(p->out, "\r\033[K");
		fflush(p->out);
	}
	p->active = false;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.h - a progress bar (bytes, rate, ETA) on a TTY stderr; silent
 * when stderr is not a TTY or with -q. */
#ifndef ACM_PROGRESS_H
#define ACM_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct acm_progress {
	char label[64];
	uint64_t total;     /* 0: unknown */
	uint64_t done;
	double start, last; /* monotonic seconds */
	bool active;
	FILE *out;
	int width;
};

/* Start; active only if out is a TTY and verbosity is not quiet.
 * Passing out = NULL means stderr. force=true draws even when not a TTY (tests). */
void acm_progress_start(struct acm_progress *p, FILE *out, const char *label, uint64_t total, bool force);
void acm_progress_add(struct acm_progress *p, uint64_t n);   /* redraws at most ~10 times a second */
void acm_progress_set(struct acm_progress *p, uint64_t done);
void acm_progress_done(struct acm_progress *p);              /* final line, newline */
/* For work measured in steps, not bytes (a build): "label: 1:05  status",
 * status (a phase, a log line; cleaned, cut to the line) redrawn at most
 * ~10 times a second. */
void acm_progress_status(struct acm_progress *p, const char *status);
/* Take the line away (the work ended without a final line to keep). */
void acm_progress_clear(struct acm_progress *p);

/* Format helpers (for tests and records): "1.5 MiB", "0:42". */
void acm_format_bytes(char *out, size_t n, uint64_t bytes);
void acm_format_duration(char *out, size_t n, double secs);

#endif

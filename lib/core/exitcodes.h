/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exitcodes.h - the exit statuses every acmtools program uses (sysexits). */
#ifndef ACM_EXITCODES_H
#define ACM_EXITCODES_H

enum acm_exit {
	ACM_EX_OK          = 0,  /* success */
	ACM_EX_DIFFERS     = 1,  /* --check: a run would change something */
	ACM_EX_USAGE       = 64, /* bad command line */
	ACM_EX_DATAERR     = 65, /* bad input data (unidentifiable ISO, malformed spec) */
	ACM_EX_NOINPUT     = 66, /* an input file or tree is missing */
	ACM_EX_UNAVAILABLE = 69, /* a needed program or kernel feature is missing */
	ACM_EX_SOFTWARE    = 70, /* internal error */
	ACM_EX_CANTCREAT   = 73, /* cannot create output */
	ACM_EX_IOERR       = 74, /* I/O error (disk full, read error) */
	ACM_EX_TEMPFAIL    = 75, /* temporary: lock held by another run */
	ACM_EX_NOPERM      = 77, /* needs root / CAP_NET_ADMIN */
	ACM_EX_CONFIG      = 78, /* configuration error */
};

/* Short name of an exit status ("usage", "dataerr", ...), for messages and tests. */
const char *acm_exit_name(int code);

/* Map an errno from a failed open/create of an output to our exit status. */
int acm_exit_from_errno_out(int err);
/* Map an errno from a failed open/read of an input to our exit status. */
int acm_exit_from_errno_in(int err);

#endif

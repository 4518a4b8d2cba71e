/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exitcodes.c - names and errno mappings for the exit statuses. */
#include "config.h"
#include <errno.h>
#include "exitcodes.h"

const char *acm_exit_name(int code)
{
	switch (code) {
	case ACM_EX_OK: return "ok";
	case ACM_EX_DIFFERS: return "differs";
	case ACM_EX_USAGE: return "usage";
	case ACM_EX_DATAERR: return "dataerr";
	case ACM_EX_NOINPUT: return "noinput";
	case ACM_EX_UNAVAILABLE: return "unavailable";
	case ACM_EX_SOFTWARE: return "software";
	case ACM_EX_CANTCREAT: return "cantcreat";
	case ACM_EX_IOERR: return "ioerr";
	case ACM_EX_TEMPFAIL: return "tempfail";
	case ACM_EX_NOPERM: return "noperm";
	case ACM_EX_CONFIG: return "config";
	default: return "unknown";
	}
}

int acm_exit_from_errno_out(int err)
{
	switch (err) {
	case EACCES: case EPERM: case EROFS:
		return ACM_EX_NOPERM;
	case ENOSPC: case EDQUOT: case EIO: case EFBIG:
		return ACM_EX_IOERR;
	default:
		return ACM_EX_CANTCREAT;
	}
}

int acm_exit_from_errno_in(int err)
{
	switch (err) {
	case ENOENT: case ENOTDIR:
		return ACM_EX_NOINPUT;
	case EACCES: case EPERM:
		return ACM_EX_NOPERM;
	case EIO:
		return ACM_EX_IOERR;
	default:
		return ACM_EX_NOINPUT;
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sourcewrite.c - the reproducible NAME-VERSION.tar.gz of a directory or git
 * source, streamed. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "confine.h"
#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "progress.h"
#include "source.h"
#include "sourcepriv.h"

struct ar_sink {
	struct archive *a;
	const char *out, *member;
};

static int ar_write(void *ud, const void *buf, size_t n)
{
	struct ar_sink *as = ud;
	if (archive_write_data(as->a, buf, n) != (la_ssize_t)n) {
		acm_err("'%s': cannot write '%s': %s", as->out, as->member, archive_error_string(as->a));
		return ACM_EX_IOERR;
	}
	return 0;
}

static int w_entry(struct acm_source *s, struct archive *a, const char *prefix,
		   const struct sent *x, const char *out)
{
	struct archive_entry *ae = archive_entry_new();
	char *p = x ? acm_xasprintf("%s/%s", prefix, x->path) : acm_xstrdup(prefix);
	archive_entry_set_pathname(ae, p);
	archive_entry_set_uid(ae, 0);
	archive_entry_set_gid(ae, 0);
	archive_entry_set_uname(ae, "root");
	archive_entry_set_gname(ae, "root");
	archive_entry_set_mtime(ae, (time_t)s->info.mtime, 0);
	int rc = 0;
	bool data = false;
	if (!x || x->type == ACM_SOURCE_DIRECTORY) {
		archive_entry_set_filetype(ae, AE_IFDIR);
		archive_entry_set_perm(ae, 0755);
	} else if (x->type == ACM_SOURCE_SYMLINK) {
		archive_entry_set_filetype(ae, AE_IFLNK);
		archive_entry_set_perm(ae, 0777);
		archive_entry_set_symlink(ae, x->link);
	} else {
		archive_entry_set_filetype(ae, AE_IFREG);
		archive_entry_set_perm(ae, (x->mode & 0111) ? 0755 : 0644);
		archive_entry_set_size(ae, (la_int64_t)x->size);
		data = x->size > 0;
	}
	if (archive_write_header(a, ae) != ARCHIVE_OK) {
		acm_err("'%s': cannot write '%s': %s", out, p, archive_error_string(a));
		rc = ACM_EX_IOERR;
	}
	if (!rc && data) {
		/* streamed: nothing is held whole in memory (but a git blob) */
		struct ar_sink as = { a, out, p };
		rc = acm_sourcetree_stream(s, x, ar_write, &as);
	}
	free(p);
	archive_entry_free(ae);
	return rc;
}

int acm_source_write_tarball(struct acm_source *s, const char *outdir, char **path_out)
{
	if (path_out)
		*path_out = NULL;
	if (s->info.kind == ACM_SOURCE_TARBALL) {
		acm_err("'%s': already a tarball; use it as Source0 as it is", s->arg);
		return ACM_EX_USAGE;
	}
	int rc = acm_sourcetree_collect(s);
	if (rc)
		return rc;
	int r = acm_mkdir_p(outdir, 0755);
	if (r < 0) {
		acm_err("'%s': cannot create directory: %s", outdir, strerror(-r));
		return acm_exit_from_errno_out(-r);
	}
	char *prefix = acm_xasprintf("%s-%s", s->name, s->version);
	char *out = acm_xasprintf("%s/%s.tar.gz", outdir, prefix);
	struct acm_atomic at;
	if ((rc = acm_atomic_open(&at, out, 0644))) {
		free(prefix);
		free(out);
		return rc;
	}
	struct archive *a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	/* gzip -n: no name, no time stamp in the gzip header */
	archive_write_set_filter_option(a, "gzip", "timestamp", NULL);
	if (archive_write_open_fd(a, at.fd) != ARCHIVE_OK) {
		acm_err("'%s': cannot write: %s", out, archive_error_string(a));
		rc = ACM_EX_IOERR;
	}
	if (!rc)
		rc = w_entry(s, a, prefix, NULL, out);
	for (size_t i = 0; !rc && i < s->nents; i++)
		rc = w_entry(s, a, prefix, &s->ents[i], out);
	if (archive_write_close(a) != ARCHIVE_OK && !rc) {
		acm_err("'%s': cannot write: %s", out, archive_error_string(a));
		rc = ACM_EX_IOERR;
	}
	archive_write_free(a);
	if (!rc)
		rc = acm_atomic_commit(&at);
	if (rc)
		acm_atomic_abort(&at);
	if (!rc && path_out) {
		*path_out = out;
		out = NULL;
	}
	free(prefix);
	free(out);
	return rc;
}

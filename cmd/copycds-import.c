/* SPDX-License-Identifier: GPL-2.0-or-later */
/* copycds-import - identify OS install media (ISO image, device or mounted
 * directory) and copy it into the provisioning tree ROOT/OSVER/ARCH, the way
 * xCAT's copycds lays it out: atomically per file, resumable, verified. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "import.h"
#include "media.h"
#include "mediaset.h"
#include "msg.h"
#include "opts.h"
#include "osimage.h"
#include "record.h"

static char *opt_root = NULL;
static char *opt_name = NULL;
static char *opt_arch = NULL;
static int opt_verify = 0;
static int opt_force = 0;
static char *opt_emit = NULL;
static int opt_dedup = 1;

static const struct poptOption options[] = {
	{ "path", 'p', POPT_ARG_STRING, &opt_root, 0,
	  "copy into ROOT/OSVER/ARCH (default /install)", "ROOT" },
	{ "name", 'n', POPT_ARG_STRING, &opt_name, 0,
	  "the OS version to file the media under, e.g. centos7.9 (overrides identification)", "OSVER" },
	{ "arch", 'a', POPT_ARG_STRING, &opt_arch, 0,
	  "the architecture, e.g. x86_64 (overrides identification)", "ARCH" },
	{ "verify", 0, POPT_ARG_NONE, &opt_verify, 0,
	  "check every file against the media's checksums and the manifest", NULL },
	{ "force", 0, POPT_ARG_NONE, &opt_force, 0,
	  "replace files in the tree that differ from the media", NULL },
	{ "emit", 0, POPT_ARG_STRING, &opt_emit, 0,
	  "after the import, print xCAT osimage stanzas for mkdef -z (xcat) or cobbler commands (cobbler) in place of the records; FMT=FILE writes them to FILE",
	  "FMT" },
	{ "dedup", 0, POPT_ARG_VAL, &opt_dedup, 1,
	  "share files identical to ones already under ROOT (reflink, else hard link; the default)", NULL },
	{ "no-dedup", 0, POPT_ARG_VAL, &opt_dedup, 0, "copy every file, even one ROOT already holds", NULL },
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "copycds-import",
	.args = "[OPTIONS] MEDIA...",
	.summary = "Identify OS install media (ISO image, device or directory) and copy it into ROOT/OSVER/ARCH.",
	.options = options,
	.notes = "-n means --name here (as in xCAT's copycds); the dry run is --dry-run only.\n"
		 "Identification reads " ACM_MEDIA_LOOKED_FOR "; "
		 "media it cannot name needs -n OSVER -a ARCH.\n"
		 "--verify of a tree that holds the media only reads it (no lock, any user who may read it).\n"
		 "Exit status: 65 media that cannot be identified, hostile entries, files that differ\n"
		 "from the media or checksum mismatches; 74 a read error or too little space and 130\n"
		 "interrupted (what was copied is kept: run again to resume).\n",
	.flags = ACM_TOOL_DRYRUN_LONG_ONLY,
	.min_args = 1,
	.max_args = -1,
};

static void plan_record(void *ctx, const char *action, const char *path, uint64_t size)
{
	struct acm_record *rec = acm_record_new();
	acm_record_str(rec, "media", ctx);
	acm_record_str(rec, "action", action);
	acm_record_str(rec, "file", path);
	acm_record_int(rec, "bytes", (long long)size);
	acm_record_emit(rec, stdout);
}

/* The hand-off definitions, to stdout or atomically to FILE. Paths in them
 * are absolute, as xCAT's tables and Cobbler want them. */
static int emit_defs(enum acm_osimage_format f, const char *file, const char *root, const struct acm_media_id *ids,
		     size_t n)
{
	char *abs = realpath(root, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = file ? open_memstream(&buf, &len) : stdout;
	if (!out)
		acm_die(ACM_EX_SOFTWARE, "out of memory");
	int st = acm_osimage_write(out, f, abs ? abs : root, ids, n);
	free(abs);
	if (!file)
		return st;
	fclose(out);
	int w = acm_write_file_atomic(file, buf, len, 0644);
	free(buf);
	return w > st ? w : st;
}

int main(int argc, char **argv)
{
	poptContext pc;
	int nargs;
	const char **media = acm_parse_args(&tool, argc, argv, &pc, &nargs);

	/* "-n DVD1.iso DVD2.iso" from a user who meant the dry run */
	if (opt_name && acm_media_osver_is_file(opt_name))
		acm_usage_error("-n '%s': that is a file name, not an OS version: -n is --name here (as in xCAT's copycds); did you mean --dry-run?",
				opt_name);
	if (opt_name && !acm_media_valid_name(opt_name))
		acm_usage_error("'%s': not a usable OS version name; use letters, digits, '.', '_', '+', '-' (e.g. centos7.9)",
				opt_name);
	if (opt_arch && !acm_media_valid_name(opt_arch))
		acm_usage_error("'%s': not a usable architecture name (e.g. x86_64, aarch64)", opt_arch);

	const char *emit_file = NULL;
	enum acm_osimage_format emit = opt_emit ? acm_osimage_parse(opt_emit, &emit_file) : ACM_OSIMAGE_NONE;
	if (opt_emit && emit == ACM_OSIMAGE_NONE)
		acm_usage_error("--emit '%s': say xcat or cobbler, optionally =FILE (e.g. --emit xcat=osimages.stanza)", opt_emit);
	/* --emit to stdout: the definitions are the data, in place of records */
	bool records = !opt_emit || emit_file;
	struct acm_mediaset sets = { 0 };
	struct acm_media_id *ids = acm_xmalloc(sizeof(*ids) * (size_t)nargs);
	size_t nids = 0;
	struct acm_import_opts o = {
		.root = opt_root ? opt_root : "/install",
		.osver = opt_name,
		.arch = opt_arch,
		.dry_run = acm_opt.dry_run != 0,
		.check = acm_opt.check != 0,
		.verify = opt_verify != 0,
		.force = opt_force != 0,
		.sets = &sets,
		.no_dedup = !opt_dedup,
	};
	int status = 0;
	/* Several media: every one read, named and given its place before
	 * the first is copied. */
	int todo = nargs;
	if (nargs > 1 && !o.dry_run && !o.check && (status = acm_import_precheck(media, nargs, &o)))
		todo = 0;
	for (int i = 0; i < todo; i++) {
		struct acm_import_result r;
		if (o.dry_run && records) {
			o.plan_cb = plan_record;
			o.plan_ctx = (void *)media[i];
		}
		int st = acm_import_medium(media[i], &o, &r);
		if (!st)
			ids[nids++] = r.id;
		if (r.dest && records) {
			struct acm_record *rec = acm_record_new();
			acm_record_str(rec, "media", media[i]);
			/* A failed step says so first: a loop that evals the
			 * records must not take copied=0 for "already there". */
			acm_record_str(rec, "result", st == 0 ? "ok" : st == ACM_EX_DIFFERS ? "differs" : "failed");
			if (st != 0 && st != ACM_EX_DIFFERS)
				acm_record_int(rec, "code", st);
			acm_record_str(rec, "osver", r.id.osver);
			acm_record_str(rec, "arch", r.id.arch);
			acm_record_int(rec, "disc", r.id.disc);
			acm_record_str(rec, "dest", r.dest);
			acm_record_int(rec, "files", (long long)r.files);
			acm_record_int(rec, "bytes", (long long)r.bytes);
			acm_record_int(rec, "copied", (long long)r.copied);
			acm_record_int(rec, "reflinked", (long long)r.reflinked);
			acm_record_int(rec, "shared", (long long)r.shared);
			acm_record_int(rec, "missing", (long long)r.missing);
			acm_record_int(rec, "conflicts", r.conflicts);
			acm_record_int(rec, "refused", r.refused);
			if (o.verify)
				acm_record_int(rec, "mismatches", r.mismatches);
			acm_record_bool(rec, "changed", r.changed);
			acm_record_str(rec, "identified_by", o.osver && o.arch ? "options" : r.id.source[0] ? r.id.source : "options");
			acm_record_emit(rec, stdout);
			if (!o.dry_run && !o.check && !st && r.copied == 0 && r.reflinked == 0 && r.shared == 0)
				acm_info("'%s': %s already holds this media in full; nothing copied", media[i], r.dest);
		}
		bool interrupted = r.interrupted;
		acm_import_result_free(&r);
		if (st > status)
			status = st;
		if (interrupted)
			break; /* Ctrl-C stops the whole command, not one medium */
	}
	if (emit && nids) {
		int st = emit_defs(emit, emit_file, o.root, ids, nids);
		if (st > status)
			status = st;
	}
	free(ids);
	acm_mediaset_free(&sets);
	poptFreeContext(pc);
	return status;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* import.c - import one medium into the provisioning tree; see import.h.
 *
 * Two passes over the medium (isoscan.c, isocopy.c) around a plan of what
 * the tree lacks (isoplan.c), recorded in the tree's manifest and journal
 * (manifest.c), checked with --verify (isoverify.c). This file drives them:
 * identification, the destination, the lock, the temporary directory, the
 * exit status. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "buf.h"
#include "dedup.h"
#include "exitcodes.h"
#include "fileio.h"
#include "hasher.h"
#include "import.h"
#include "isocopy.h"
#include "isoplan.h"
#include "isoscan.h"
#include "isoverify.h"
#include "lock.h"
#include "manifest.h"
#include "media.h"
#include "msg.h"
#include "progress.h"
#include "scancache.h"

static void clear_tmpdir(int tmpfd)
{
	if (tmpfd < 0)
		return;
	DIR *d = acm_opendir_fd(tmpfd);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(tmpfd, de->d_name, 0);
	if (d)
		closedir(d);
}

static void on_signal(int sig)
{
	(void)sig;
	acm_isocopy_stop = 1;
}

/* Ctrl-C (or TERM, HUP) during the copy stops it between two chunks, so
 * the file being written is removed and what is complete stays recorded;
 * without SA_RESTART a long read or write returns early. */
static void catch_signals(struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	acm_isocopy_stop = 0;
	for (int i = 0; i < 3; i++) {
		sigaction(sigs[i], NULL, &old[i]);
		/* ignored on entry (nohup, a background job): stays so */
		if (old[i].sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
}

static void restore_signals(const struct sigaction *old)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
}

/* --verify: a file recorded as sharing the image's blocks has no digest to
 * check; it is compared with the medium byte for byte instead (a
 * difference is a conflict, exit 65). */
static int verify_unhashed(struct acm_isocopy *copy, struct acm_isoscan *scan, const struct acm_manifest *mf,
			   struct acm_import_result *r)
{
	bool any = false;
	for (size_t i = 0; i < scan->n; i++) {
		struct acm_isoent *e = &scan->e[i];
		const struct acm_manifest_entry *me =
			e->type == 'f' && e->plan == ACM_PLAN_PRESENT ? acm_manifest_find(mf, e->path) : NULL;
		if (me && !acm_manifest_hashed(me->sha)) {
			e->plan = ACM_PLAN_COMPARE;
			r->missing++;
			any = true;
		}
	}
	return any ? acm_isocopy_pass(copy, false) : 0;
}

/* Name the medium (its metadata, -n/-a, then its disc set when sets is
 * true); a named one joins o->sets. */
static bool name_medium(const struct acm_isoscan *c, const struct acm_import_opts *o, struct acm_media_id *id,
			bool sets)
{
	acm_media_identify(&c->meta, id);
	if (acm_media_complete(id, &c->votes, o->osver, o->arch))
		acm_verbose("'%s': architecture %s taken from the names of the files on it", c->media, id->arch);
	if (sets && (!id->osver[0] || !id->arch[0]) && o->sets && acm_mediaset_find(o->sets, o->root, id))
		acm_verbose("'%s': disc %d of the set with .discinfo id %s: %s/%s", c->media, id->disc, id->media_id,
			    id->osver, id->arch);
	if (!id->osver[0] || !id->arch[0])
		return false;
	if (o->sets)
		acm_mediaset_note(o->sets, id);
	return true;
}

static int identify(const struct acm_isoscan *c, const struct acm_import_opts *o, struct acm_media_id *id)
{
	if (name_medium(c, o, id, true))
		return 0;
	struct acm_buf found = ACM_BUF_INIT;
	if (id->product[0])
		acm_buf_addf(&found, "found product '%s' in %s but %s", id->product, id->source,
			     id->osver[0] ? "no architecture" : id->arch[0] ? "no version" : "no version or architecture");
	else {
		bool any = false;
		for (int i = 0; i < ACM_MF_COUNT; i++)
			any |= c->meta.data[i] != NULL;
		acm_buf_adds(&found, any ? "found metadata naming no product this tool knows" : "found none of them");
	}
	acm_err("'%s': could not identify the media: looked for %s and %s; name it with -n OSVER -a ARCH (e.g. -n %s -a %s)",
		c->media, ACM_MEDIA_LOOKED_FOR, acm_buf_str(&found), id->osver[0] ? id->osver : "centos7.9",
		id->arch[0] ? id->arch : "x86_64");
	acm_buf_free(&found);
	return ACM_EX_DATAERR;
}

/* The tree's root, created when asked. The root may be a symlink the admin
 * made (/install -> /srv/install); below it nothing is followed. -1 with
 * *st 0 when it does not exist and may not be created, or with the exit
 * status (message printed). */
static int open_root(const char *root, bool create, int *st)
{
	*st = 0;
	int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 && errno == ENOENT && create) {
		int rc = acm_mkdir_p(root, 0755);
		if (rc < 0) {
			acm_err("'%s': cannot create: %s; choose another --path", root, strerror(-rc));
			*st = ACM_EX_CANTCREAT;
			return -1;
		}
		rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (rootfd < 0) {
		if (errno == ENOENT && !create)
			return -1; /* nothing there yet: all missing */
		acm_err("'%s': cannot open the tree's root: %s; choose another --path", root, strerror(errno));
		*st = errno == ENOENT ? ACM_EX_NOINPUT : ACM_EX_CANTCREAT;
	}
	return rootfd;
}

/* ROOT/OSVER/ARCH[/N] into r->dest, opened beneath the root into *destfd
 * (created when asked; left -1 when it does not exist and may not be). */
static int open_dest(const char *media, const struct acm_import_opts *o, struct acm_import_result *r, bool create,
		     int *destfd)
{
	struct acm_media_id *id = &r->id;
	if (!acm_media_valid_name(id->osver) || !acm_media_valid_name(id->arch)) {
		acm_err("'%s': '%s/%s' is not usable as a directory name; name it with -n OSVER -a ARCH (letters, digits, '.', '_', '+', '-')",
			media, id->osver, id->arch);
		return ACM_EX_DATAERR;
	}
	char sub[160];
	if (id->per_disc_dirs)
		snprintf(sub, sizeof(sub), "%s/%s/%d", id->osver, id->arch, id->disc);
	else
		snprintf(sub, sizeof(sub), "%s/%s", id->osver, id->arch);
	r->dest = acm_xasprintf("%s/%s", o->root, sub);
	int st;
	int rootfd = open_root(o->root, create, &st);
	if (rootfd < 0)
		return st;
	int fd = acm_isoplan_open_dir(rootfd, sub, create);
	close(rootfd);
	if (fd == -ENOENT && !create)
		return 0;
	if (fd < 0) {
		acm_err("'%s': cannot open the destination: %s%s", r->dest, strerror(-fd),
			-fd == ELOOP ? " (a symlink in the tree is in the way; remove it)" : "; choose another --path");
		return ACM_EX_CANTCREAT;
	}
	*destfd = fd;
	return 0;
}

static void emit_plan(const struct acm_isoscan *c, const struct acm_import_opts *o)
{
	if (!o->plan_cb)
		return;
	static const char *const act[] = {
		[ACM_PLAN_COPY] = "copy", [ACM_PLAN_REPLACE] = "replace", [ACM_PLAN_CONFLICT] = "conflict",
		[ACM_PLAN_REFUSED] = "refuse", [ACM_PLAN_BLOCKED] = "blocked",
	};
	for (size_t i = 0; i < c->n; i++) {
		struct acm_isoent *e = &c->e[i];
		if (e->plan >= sizeof(act) / sizeof(act[0]) || !act[e->plan])
			continue;
		const char *a = act[e->plan];
		if (e->plan == ACM_PLAN_COPY && e->type == 'd')
			a = "mkdir";
		else if (e->plan == ACM_PLAN_COPY && e->type == 'l')
			a = "link";
		o->plan_cb(o->plan_ctx, a, e->path, e->type == 'f' || e->type == 'h' ? e->size : 0);
	}
}

/* A --verify probe found work to do: import under the lock, then verify. */
#define IMPORT_NEEDS_WRITE (-1)

static int import_run(const char *media, const struct acm_import_opts *o, struct acm_import_result *r, bool probe)
{
	memset(r, 0, sizeof(*r));
	struct acm_isoscan scan;
	struct acm_manifest mf;
	struct acm_isoplan plan;
	struct acm_isocopy copy;
	struct acm_progress prog;
	int destfd = -1;
	memset(&scan, 0, sizeof(scan));
	scan.srcfd = -1;
	acm_manifest_init(&mf, -1, NULL);
	acm_isoplan_init(&plan, -1, NULL, o->force, 0, &mf, &r->missing, &r->conflicts);
	memset(&copy, 0, sizeof(copy));
	copy.s = &scan;
	copy.p = &plan;
	copy.mf = &mf;
	copy.tmpfd = -1;
	copy.copied = &r->copied;
	copy.reflinked = &r->reflinked;
	copy.shared = &r->shared;
	copy.done_files = &r->done_files;
	copy.imgfd = -1;
	struct acm_dedup dd;
	memset(&dd, 0, sizeof(dd));
	dd.rootfd = -1;
	copy.buf = acm_xmalloc(ACM_HASHER_CHUNK);
	copy.cbuf = acm_xmalloc(ACM_HASHER_CHUNK);
	copy.umask = umask(022);
	umask(copy.umask);
	bool readonly = o->dry_run || o->check || probe;
	int st;
	struct acm_lock lock = { -1, NULL };
	bool needs_write = false;

	struct acm_scancache cache;
	st = acm_scancache_scan(&cache, &scan, media, o->root);
	r->refused = scan.refused;
	if (st)
		goto out;
	for (size_t i = 0; i < scan.n; i++)
		if (scan.e[i].type == 'f' || scan.e[i].type == 'h') {
			r->files++;
			r->bytes += scan.e[i].size;
		}
	st = identify(&scan, o, &r->id);
	if (st)
		goto out;
	st = open_dest(media, o, r, !readonly, &destfd);
	if (st)
		goto out;
	acm_isoscan_check_links(&scan, destfd);
	r->refused = scan.refused;
	plan.destfd = mf.destfd = destfd;
	plan.dest = mf.dest = r->dest;
	plan.disc = r->id.disc;
	if (!readonly) {
		char *lp = acm_xasprintf("%s/%s", r->dest, ACM_IMPORT_LOCK);
		st = acm_lock_take(&lock, lp);
		free(lp);
		if (st)
			goto out;
	}
	st = acm_manifest_load(&mf);
	if (st)
		goto out;
	for (size_t i = 0; i < scan.n; i++)
		acm_isoplan_entry(&plan, &scan.e[i]);
	acm_isoplan_forget(&plan);

	struct acm_isoverify v = { destfd, r->dest, &scan, &mf, copy.buf, &r->mismatches };
	if (readonly) {
		st = acm_isocopy_pass(&copy, false); /* resolves ACM_PLAN_COMPARE by reading */
		emit_plan(&scan, o);
		bool work = false;
		for (size_t i = 0; i < scan.n; i++)
			work |= acm_isoplan_needs_work(&scan.e[i]);
		/* Conflicts were reported already: a second pass would say it all
		 * again, so the probe's answer stands. */
		if (probe && !st && work && !r->conflicts) {
			needs_write = true;
			goto out;
		}
		if (!st && o->verify && destfd >= 0)
			st = verify_unhashed(&copy, &scan, &mf, r);
		if (!st && o->verify && destfd >= 0)
			st = acm_isoverify_run(&v);
		if (!st && o->check && (r->missing || r->conflicts))
			st = ACM_EX_DIFFERS;
		goto out;
	}

	bool work = false;
	for (size_t i = 0; i < scan.n; i++)
		work |= acm_isoplan_needs_work(&scan.e[i]);
	if (work) {
		st = acm_isoplan_space(&plan, &scan);
		if (st)
			goto out;
		if (mkdirat(destfd, ACM_IMPORT_TMPDIR, 0700) < 0 && errno != EEXIST) {
			acm_err("'%s/%s': cannot create: %s", r->dest, ACM_IMPORT_TMPDIR, strerror(errno));
			st = ACM_EX_CANTCREAT;
			goto out;
		}
		copy.tmpfd = openat(destfd, ACM_IMPORT_TMPDIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (copy.tmpfd < 0) {
			acm_err("'%s/%s': cannot open: %s", r->dest, ACM_IMPORT_TMPDIR, strerror(errno));
			st = ACM_EX_CANTCREAT;
			goto out;
		}
		clear_tmpdir(copy.tmpfd); /* what a killed run left */
		uint64_t total = 0;
		for (size_t i = 0; i < scan.n; i++)
			if (acm_isoplan_needs_work(&scan.e[i]) && (scan.e[i].type == 'f' || scan.e[i].type == 'h'))
				total += scan.e[i].size;
		char label[64];
		snprintf(label, sizeof(label), "%.40s", r->id.osver);
		struct stat dsb;
		if (!o->no_dedup && fstat(destfd, &dsb) == 0 && acm_dedup_load(&dd, o->root, dsb.st_dev))
			copy.dedup = &dd;
		struct sigaction old[3];
		catch_signals(old);
		acm_progress_start(&prog, NULL, label, total, false);
		copy.prog = &prog;
		st = acm_isocopy_pass(&copy, true);
		acm_progress_done(&prog);
		copy.prog = NULL;
		clear_tmpdir(copy.tmpfd);
		unlinkat(destfd, ACM_IMPORT_TMPDIR, AT_REMOVEDIR);
		restore_signals(old);
		r->interrupted = st == ACM_ISOCOPY_INTERRUPTED;
		/* the tree differed from the medium: a run that finished made it
		 * the same, one that stopped changed what it put in place */
		r->changed = st == 0 || r->done_files > 0;
	}
	/* Keep the manifest right even after a failure: what was copied stays
	 * recorded for the next run (in the journal if the manifest cannot be
	 * written). */
	{
		/* One "disc" line per disc, newest for this disc replacing the old. */
		char *abs = realpath(media, NULL);
		char *img = acm_manifest_escape(abs ? abs : media);
		free(abs);
		char *mine = acm_xasprintf("disc %d osver=%s arch=%s media_id=%s image=%s", r->id.disc, r->id.osver,
					   r->id.arch, r->id.media_id[0] ? r->id.media_id : "-", img);
		free(img);
		int m = acm_manifest_write(&mf, r->id.disc, mine);
		free(mine);
		if (m > st)
			st = m;
		if (m && mf.pending.len) {
			int f = acm_manifest_flush(&mf, true);
			if (f > st)
				st = f;
		}
	}
	if (!st && o->verify)
		st = verify_unhashed(&copy, &scan, &mf, r);
	if (!st && o->verify)
		st = acm_isoverify_run(&v);
	if (r->interrupted) {
		uint64_t in_tree = 0;
		for (size_t i = 0; i < scan.n; i++)
			if ((scan.e[i].type == 'f' || scan.e[i].type == 'h') &&
			    (scan.e[i].plan == ACM_PLAN_PRESENT || scan.e[i].plan == ACM_PLAN_OTHERDISC))
				in_tree++;
		acm_err("'%s': interrupted: %llu of %llu files copied; run again to resume", media,
			(unsigned long long)in_tree, (unsigned long long)r->files);
	}
	r->missing = 0;
	for (size_t i = 0; i < scan.n; i++)
		if (acm_isoplan_needs_work(&scan.e[i]) || scan.e[i].plan == ACM_PLAN_BLOCKED ||
		    scan.e[i].plan == ACM_PLAN_CONFLICT)
			r->missing++;
out:
	/* the medium's listing, for its next import (once the root exists) */
	if (!readonly)
		acm_scancache_save(&cache, o->root);
	acm_scancache_free(&cache);
	if (scan.status > st)
		st = scan.status;
	/* refused entries are counted again by the import proper */
	if (needs_write && !st)
		st = IMPORT_NEEDS_WRITE;
	if (!st && (r->refused || r->conflicts))
		st = o->check ? ACM_EX_DIFFERS : ACM_EX_DATAERR;
	if (st == ACM_EX_DIFFERS && r->refused && !r->missing && !r->conflicts)
		st = 0; /* refused entries are never in the tree; --check ignores them */
	if (!st && o->check && r->refused)
		st = 0;
	acm_lock_release(&lock);
	acm_dedup_free(&dd);
	acm_isoplan_free(&plan);
	acm_manifest_free(&mf);
	acm_isoscan_free(&scan);
	if (copy.tmpfd >= 0)
		close(copy.tmpfd);
	if (destfd >= 0)
		close(destfd);
	free(copy.buf);
	free(copy.cbuf);
	return st;
}

int acm_import_medium(const char *media, const struct acm_import_opts *o, struct acm_import_result *r)
{
	/* --verify of a tree that already holds the medium only reads: no lock
	 * and no write, so anyone who may read the tree can verify it. (--force
	 * asks for writes: it goes straight to the import.) */
	if (o->verify && !o->dry_run && !o->check && !o->force) {
		int st = import_run(media, o, r, true);
		if (st != IMPORT_NEEDS_WRITE)
			return st;
		acm_import_result_free(r);
	}
	return import_run(media, o, r, false);
}

int acm_import_precheck(const char *const *media, int n, const struct acm_import_opts *o)
{
	struct acm_isoscan *scan = acm_xcalloc((size_t)n + 1, sizeof(*scan));
	struct acm_media_id *id = acm_xcalloc((size_t)n + 1, sizeof(*id));
	bool *named = acm_xcalloc((size_t)n + 1, sizeof(bool));
	int *rst = acm_xcalloc((size_t)n + 1, sizeof(int));
	int st = 0;
	for (int i = 0; i < n; i++) {
		struct acm_scancache cache;
		rst[i] = acm_scancache_scan(&cache, &scan[i], media[i], o->root);
		acm_scancache_free(&cache);
		if (rst[i] > st)
			st = rst[i];
		/* the discs that name themselves first: a thin disc 2 then
		 * finds its disc 1 whichever comes first on the command line */
		if (!rst[i])
			named[i] = name_medium(&scan[i], o, &id[i], false);
	}
	for (int i = 0; i < n; i++) {
		if (rst[i])
			continue;
		int r = named[i] ? 0 : identify(&scan[i], o, &id[i]);
		/* where it goes: a name unusable there, or a link planted in
		 * the way (nothing is created) */
		struct acm_import_result res;
		memset(&res, 0, sizeof(res));
		res.id = id[i];
		int destfd = -1;
		if (!r)
			r = open_dest(media[i], o, &res, false, &destfd);
		if (destfd >= 0)
			close(destfd);
		acm_import_result_free(&res);
		if (r > st)
			st = r;
	}
	for (int i = 0; i < n; i++)
		acm_isoscan_free(&scan[i]);
	free(scan);
	free(id);
	free(named);
	free(rst);
	/* the root the first import would create */
	int rootfd = st ? -1 : open_root(o->root, !o->dry_run && !o->check, &st);
	if (rootfd >= 0)
		close(rootfd);
	return st;
}

void acm_import_result_free(struct acm_import_result *r)
{
	free(r->dest);
	r->dest = NULL;
}

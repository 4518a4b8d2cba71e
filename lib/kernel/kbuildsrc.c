/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kbuildsrc.c - the kernel source kbuild builds from (see kbuildsrc.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "kbuildsrc.h"
#include "msg.h"
#include "spectext.h"

static int not_a_kernel(const char *arg, const char *text, struct acm_kmakefile *mk)
{
	if (!text || acm_kmakefile_parse(text, mk) < 0) {
		acm_err("'%s': not a kernel source tree (no top Makefile with VERSION and PATCHLEVEL); "
			"give a kernel tarball, directory or git repository", arg);
		return ACM_EX_DATAERR;
	}
	return 0;
}

/* One walk serves both: the top Makefile (version) and the Kconfig files
 * (the fragments' symbols). */
struct scan {
	bool want_makefile;
	char *makefile;
	struct acm_kbuildcfg_syms *syms;  /* NULL: not asked */
	const char *tree;                 /* tree_kconfig: the walk's top */
};

#define SCAN_DONE 1000  /* stops the walk: everything asked for was found */
#define KCONFIG_MAX (4u << 20)

static bool syms_pending(const struct scan *sc)
{
	return sc->syms && sc->syms->nfound < sc->syms->nwant;
}

static int scan_entry(const struct acm_source_entry *e, void *ud)
{
	struct scan *sc = ud;
	size_t len;

	if (!e) { /* the walk restarts (no single top directory); symbols stay found */
		free(sc->makefile);
		sc->makefile = NULL;
		return 0;
	}
	if (e->type != ACM_SOURCE_FILE)
		return 0;
	/* keep walking after it: a tarball's top directory is known only at the end */
	if (sc->want_makefile && !sc->makefile && strcmp(e->path, "Makefile") == 0)
		return acm_source_read(e, &sc->makefile, &len, 16384);
	if (syms_pending(sc) && acm_kbuildcfg_is_kconfig_file(e->path)) {
		char *text = NULL;
		int rc = acm_source_read(e, &text, &len, KCONFIG_MAX);
		bool all = !rc && acm_kbuildcfg_syms_scan(sc->syms, text);

		free(text);
		if (rc)
			return rc;
		if (all && !sc->want_makefile)
			return SCAN_DONE;
	}
	return 0;
}

static int scan_source(struct acm_source *src, struct scan *sc)
{
	int rc = acm_source_walk(src, scan_entry, sc);

	return rc == SCAN_DONE ? 0 : rc;
}

int acm_kbuildsrc_version(struct acm_source *src, const char *arg, const struct acm_kbuildcfg *cfg,
			  struct acm_kmakefile *mk)
{
	struct acm_kbuildcfg_syms syms;
	struct scan sc = { .want_makefile = true, .syms = cfg && cfg->nfrag ? &syms : NULL };
	int rc;

	if (sc.syms)
		acm_kbuildcfg_syms_init(&syms, cfg);
	rc = scan_source(src, &sc);
	if (!rc)
		rc = not_a_kernel(arg, sc.makefile, mk);
	if (!rc && sc.syms)
		rc = acm_kbuildcfg_syms_report(cfg, &syms, arg);
	if (sc.syms)
		acm_kbuildcfg_syms_free(&syms);
	free(sc.makefile);
	return rc;
}

int acm_kbuildsrc_tree_version(const char *tree, const char *arg, struct acm_kmakefile *mk)
{
	char *mf = acm_xasprintf("%s/Makefile", tree), *text = NULL;
	int rc;

	if (acm_read_file(mf, &text, NULL, 4u << 20) < 0)
		text = NULL;
	rc = not_a_kernel(arg, text, mk);
	free(text);
	free(mf);
	return rc;
}

char *acm_kbuildsrc_identity(const struct acm_source_info *si, const char *arg)
{
	struct stat st;

	if (si->kind == ACM_SOURCE_GIT && si->commit)
		return acm_xasprintf("git %s %s\n", arg, si->commit);
	if (si->kind == ACM_SOURCE_TARBALL && stat(arg, &st) == 0)
		/* "whole": the copy holds the whole tree (a subset before) */
		return acm_xasprintf("tarball whole %s %lld %lld %llu %llu\n", arg, (long long)st.st_size,
				     (long long)st.st_mtime, (unsigned long long)st.st_dev,
				     (unsigned long long)st.st_ino);
	return NULL;
}

static char *stamp_path(const char *work)
{
	return acm_xasprintf("%s/src.stamp", work);
}

/* the tarball's own top Makefile: the spec's %prep rewrites EXTRAVERSION in
 * the tree, a reuse puts this back before reading the version */
static char *pristine_makefile(const char *work)
{
	return acm_xasprintf("%s/src.Makefile", work);
}

bool acm_kbuildsrc_unpacks_whole(const struct acm_source_info *si)
{
	return si->kind == ACM_SOURCE_TARBALL;
}

/* The unpacked copy in WORK/src when WORK/src.stamp says it is SOURCE's:
 * the stamp holds the identity line, then the tree's directory. */
static char *reusable_tree(const char *id, const char *work)
{
	char *stamp = stamp_path(work), *old = NULL, *tree = NULL;

	if (id && acm_read_file(stamp, &old, NULL, 8192) == 0) {
		char *nl = strchr(old, '\n');

		if (nl && strncmp(old, id, strlen(id)) == 0 && nl[1] && acm_is_dir(nl + 1))
			tree = acm_xstrdup(nl + 1);
	}
	free(old);
	free(stamp);
	return tree;
}

static int tree_kconfig(const struct acm_fstree_entry *e, void *ud)
{
	struct scan *sc = ud;
	char *path, *text = NULL;
	bool all = false;

	if (S_ISDIR(e->st.st_mode))
		return strcmp(e->name, ".git") == 0 ? ACM_FSTREE_SKIP : 0;
	if (!S_ISREG(e->st.st_mode) || !acm_kbuildcfg_is_kconfig_file(e->name))
		return 0;
	path = acm_xasprintf("%s/%s", sc->tree, e->path);
	/* one we cannot read is left to the configuration step to judge */
	if (acm_read_file(path, &text, NULL, KCONFIG_MAX) == 0)
		all = acm_kbuildcfg_syms_scan(sc->syms, text);
	free(text);
	free(path);
	return all ? SCAN_DONE : 0;
}

/* The fragments' symbols from the Kconfig files of an unpacked tree. */
static int tree_symbols(const char *tree, struct scan *sc)
{
	int rc;

	sc->tree = tree;
	rc = acm_fstree_walk(tree, tree_kconfig, NULL, sc);
	return rc == SCAN_DONE || rc < 0 ? 0 : rc;
}

/* The fragments' symbols read from the tarball by a child process while
 * this one unpacks it: the archive is decompressed twice, but on two CPUs
 * at once (the walk alone, before the unpack, took 9-11 s of linux-6.1's
 * run). The child writes one byte per symbol, found or not, and exits; a
 * missing one stops the unpack from writing more, and the copy goes. */
struct symcheck {
	struct acm_kbuildcfg_syms syms;
	pid_t pid;
	int fd;            /* the child's verdict; -1: read (or none coming) */
	bool known;        /* the verdict came: syms says it */
	unsigned polls;
};

static void symcheck_child(const char *arg, struct acm_kbuildcfg_syms *syms, int wfd)
{
	struct acm_source *s = NULL;
	struct scan sc = { .syms = syms };
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	/* the unpack reports a damaged archive itself */
	if (null >= 0)
		dup2(null, STDERR_FILENO);
	if (acm_source_open(&s, arg, NULL) == 0 && scan_source(s, &sc) == 0) {
		unsigned char *v = acm_xcalloc(syms->nwant ? syms->nwant : 1, 1);

		for (size_t i = 0; i < syms->nwant; i++)
			v[i] = syms->found[i];
		if (acm_write_all(wfd, v, syms->nwant) == 0)
			_exit(0);
	}
	_exit(1);
}

static bool symcheck_start(struct symcheck *c, const char *arg, const struct acm_kbuildcfg *cfg)
{
	int p[2];

	acm_kbuildcfg_syms_init(&c->syms, cfg);
	c->fd = -1;
	c->pid = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return false;
	fflush(NULL);
	c->pid = fork();
	if (c->pid == 0) {
		close(p[0]);
		symcheck_child(arg, &c->syms, p[1]);
	}
	close(p[1]);
	if (c->pid < 0) {
		close(p[0]);
		return false;
	}
	c->fd = p[0];
	return true;
}

/* Take the verdict when it is there (wait: until it is). */
static void symcheck_poll(struct symcheck *c, bool wait)
{
	struct pollfd pf = { .fd = c->fd, .events = POLLIN };
	unsigned char *v;
	size_t got = 0;
	ssize_t r;

	if (c->fd < 0 || poll(&pf, 1, wait ? -1 : 0) == 0)
		return;
	v = acm_xcalloc(c->syms.nwant + 1, 1);
	while ((r = read(c->fd, v + got, c->syms.nwant + 1 - got)) > 0 || (r < 0 && errno == EINTR))
		got += r > 0 ? (size_t)r : 0;
	close(c->fd);
	c->fd = -1;
	if (got == c->syms.nwant) {   /* else the walk failed: the tree is read instead */
		c->known = true;
		for (size_t i = 0; i < got; i++)
			if (v[i] && !c->syms.found[i]) {
				c->syms.found[i] = true;
				c->syms.nfound++;
			}
	}
	free(v);
}

/* The unpack's filter: everything, until a symbol is known to be missing. */
static bool symcheck_want(const char *path, void *ud)
{
	struct symcheck *c = ud;

	(void)path;
	if (c->fd >= 0 && ++c->polls % 256 == 0)
		symcheck_poll(c, false);
	return !c->known || c->syms.nfound == c->syms.nwant;
}

static void symcheck_end(struct symcheck *c)
{
	if (c->fd >= 0)
		close(c->fd);
	if (c->pid > 0) {
		kill(c->pid, SIGKILL);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	acm_kbuildcfg_syms_free(&c->syms);
}

int acm_kbuildsrc_check_symbols(struct acm_source *src, const char *arg, const char *work,
				const struct acm_kbuildcfg *cfg)
{
	struct acm_kbuildcfg_syms syms;
	struct scan sc = { .syms = &syms };
	char *id, *tree;
	int rc = 0;

	if (!cfg->nfrag)
		return 0;
	id = acm_kbuildsrc_identity(acm_source_info(src), arg);
	tree = work ? reusable_tree(id, work) : NULL;
	/* a tarball to unpack: acm_kbuildsrc_unpack reads them alongside */
	if (!tree && work && acm_kbuildsrc_unpacks_whole(acm_source_info(src))) {
		free(id);
		return 0;
	}
	acm_kbuildcfg_syms_init(&syms, cfg);
	if (tree)
		rc = tree_symbols(tree, &sc);   /* the copy a run will reuse: from disk */
	else
		rc = scan_source(src, &sc);
	if (!rc)
		rc = acm_kbuildcfg_syms_report(cfg, &syms, arg);
	acm_kbuildcfg_syms_free(&syms);
	free(tree);
	free(id);
	return rc;
}

/* What kconfig reads, relative to the tree's top: every Kconfig*, Makefile*
 * and Kbuild* (the top Makefile includes arch/ARCH/Makefile*), scripts/ (conf
 * is built from it; Kconfig runs its scripts), the *.config fragments of
 * kernel/configs/ and arch/ARCH/configs/ (tinyconfig, defconfig), top-level
 * files. linux-6.1: 5 600 of 79 000 files, 43 MB of 1.3 GB. */
static bool kconfig_reads(const char *rel)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	if (!strncmp(base, "Kconfig", 7) || !strncmp(base, "Makefile", 8) || !strncmp(base, "Kbuild", 6))
		return true;
	if (!strchr(rel, '/') || !strncmp(rel, "scripts/", 8) || !strncmp(rel, "kernel/configs/", 15))
		return true;
	if (strncmp(rel, "arch/", 5) != 0)
		return false;
	const char *sub = strchr(rel + 5, '/');

	return sub && !strncmp(sub, "/configs/", 9);
}

/* A tarball's paths start with its top directory, a tree's do not: either way. */
static bool config_input(const char *path, void *ud)
{
	const char *slash = strchr(path, '/');

	(void)ud;
	return kconfig_reads(path) || (slash && kconfig_reads(slash + 1));
}

/* A tarball is unpacked whole, once: the configuration is made in the tree
 * and rpmbuild builds there (its %prep does not unpack again; decompressing
 * linux-6.1's .tar.xz took 42-73 s on a loaded machine). A git or directory
 * source is packed into Source0 and rpmbuild unpacks that, so only kconfig's
 * inputs are written here (55 s instead of 141 s for all of linux-6.1). The
 * copy of a tarball or git commit stays in WORK/src with a stamp saying what
 * it is; a reuse puts the tarball's top Makefile back and the configuration
 * step cleans the tree with mrproper. */
int acm_kbuildsrc_unpack(struct acm_source *src, const char *arg, const char *work,
			 const struct acm_kbuildcfg *cfg, char **tree, bool *keep)
{
	struct symcheck check = { .fd = -1, .pid = -1 };
	bool checking = false;
	char *scratch = acm_xasprintf("%s/src", work);
	char *stamp = stamp_path(work);
	char *id = acm_kbuildsrc_identity(acm_source_info(src), arg);
	char *mk = pristine_makefile(work);
	bool whole = acm_kbuildsrc_unpacks_whole(acm_source_info(src));
	int rc = 0, r;

	*keep = id != NULL;
	if ((*tree = reusable_tree(id, work))) {
		char *dst = acm_xasprintf("%s/Makefile", *tree);

		r = whole ? acm_fstree_copy(mk, dst, 0644) : 0;
		free(dst);
		if (r == 0) {
			acm_info("reusing the unpacked %s in %s", arg, *tree);
			goto out;
		}
		free(*tree); /* its Makefile cannot be restored: unpack afresh */
		*tree = NULL;
	}
	unlink(stamp);
	unlink(mk);
	r = acm_fstree_remove(scratch);
	if (r < 0) {
		acm_err("cannot remove the old unpacked copy '%s': %s", scratch, strerror(-r));
		rc = acm_exit_from_errno_out(-r);
		goto out;
	}
	acm_info("unpacking %s", arg);
	checking = whole && cfg && cfg->nfrag && symcheck_start(&check, arg, cfg);
	if (checking)
		rc = acm_source_extract_some(src, scratch, tree, symcheck_want, &check);
	else
		rc = acm_source_extract_some(src, scratch, tree, whole ? NULL : config_input, NULL);
	if (checking && !rc) {
		symcheck_poll(&check, true);
		if (!check.known)  /* the child could not say: read the tree */
			rc = tree_symbols(*tree, &(struct scan){ .syms = &check.syms });
		if (!rc)
			rc = acm_kbuildcfg_syms_report(cfg, &check.syms, arg);
		if (rc) {
			free(*tree);
			*tree = NULL;
		}
	}
	if (checking)
		symcheck_end(&check);
	if (rc)
		(void)acm_fstree_remove(scratch); /* the extraction left nothing in it: no empty dir either */
	if (rc == 0 && whole) {
		char *from = acm_xasprintf("%s/Makefile", *tree);

		if (acm_fstree_copy(from, mk, 0644) != 0)
			*keep = false;
		free(from);
	}
	if (rc == 0 && id && *keep) {
		char *text = acm_xasprintf("%s%s", id, *tree);

		if (acm_write_file_atomic(stamp, text, strlen(text), 0644) != 0)
			*keep = false;
		free(text);
	}
out:
	free(id);
	free(mk);
	free(stamp);
	free(scratch);
	return rc;
}

int acm_kbuildsrc_names(const struct acm_source_info *si, const char *arg, char **source0,
			char **setup_dir)
{
	if (si->kind == ACM_SOURCE_TARBALL) {
		const char *b = strrchr(arg, '/');

		*source0 = acm_xstrdup(b && b[1] ? b + 1 : arg);
		*setup_dir = si->topdir ? acm_xstrdup(si->topdir) : NULL;
	} else {
		*source0 = acm_xasprintf("%s-%s.tar.gz", si->name, si->version);
		*setup_dir = acm_xasprintf("%s-%s", si->name, si->version);
	}
	if (!acm_spectext_is_word(*source0) || (*setup_dir && !acm_spectext_is_word(*setup_dir))) {
		acm_err("'%s': its name or top directory ('%s') has characters a spec cannot carry; "
			"rename it (letters, digits, -._+~)", arg, *setup_dir ? *setup_dir : *source0);
		return ACM_EX_DATAERR;
	}
	return 0;
}

bool acm_kbuildsrc_is_build_tree(const struct acm_source_info *si, const char *tree, const char *work,
				 const char *setup_dir)
{
	if (!tree || !setup_dir || !acm_kbuildsrc_unpacks_whole(si))
		return false;
	char *want = acm_xasprintf("%s/src/%s", work, setup_dir);
	bool same = strcmp(tree, want) == 0;

	free(want);
	return same;
}

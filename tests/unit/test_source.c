/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_source.c - unit tests for lib/source: names and versions, the
 * link-escape rule, and walk/extract/tarball on small real sources made
 * here (a tarball written with libarchive, a directory). */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "fileio.h"
#include "kmodstage.h"
#include "source.h"
#include "unittmp.h"

static void version_from_tag(void **state)
{
	(void)state;
	const char *cases[][3] = {
		{ "v1.2.3", "foo", "1.2.3" }, { "1.2.3", "foo", "1.2.3" }, { "foo-1.2.3", "foo", "1.2.3" },
		{ "refs/tags/v2.0", "x", "2.0" }, { "release-1_8_10", "x", "1.8.10" },
		{ "openafs-stable-1_8_10", "openafs", "1.8.10" }, { "v1.0-rc2", "x", "1.0~rc2" },
		{ "V3", "x", "3" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = acm_source_version_from_tag(cases[i][0], cases[i][1]);
		assert_non_null(v);
		assert_string_equal(v, cases[i][2]);
		free(v);
	}
	assert_null(acm_source_version_from_tag("latest", "x"));
	assert_null(acm_source_version_from_tag("", "x"));
}

static void split_and_stem(void **state)
{
	(void)state;
	char *n, *v, *s;
	assert_true(acm_source_split_nv("foo-bar-1.2.3", &n, &v));
	assert_string_equal(n, "foo-bar");
	assert_string_equal(v, "1.2.3");
	free(n); free(v);
	assert_true(acm_source_split_nv("font-adobe-75dpi-1.0.3", &n, &v));
	assert_string_equal(n, "font-adobe-75dpi");
	assert_string_equal(v, "1.0.3");
	free(n); free(v);
	assert_true(acm_source_split_nv("foo_1.2", &n, &v));
	assert_string_equal(n, "foo");
	assert_string_equal(v, "1.2");
	free(n); free(v);
	/* GitHub archive and tag shapes (issue 15) */
	static const char *const gh[][3] = {
		{ "jq-jq-1.6", "jq", "1.6" },
		{ "json-c-json-c-0.16-20220414", "json-c", "0.16" },
		{ "libexpat-R_2_5_0", "libexpat", "2.5.0" },
		{ "zopfli-zopfli-1.0.3", "zopfli", "1.0.3" },
		{ "foo-v1.2", "foo", "1.2" },
		{ "foo-release-3.4", "foo", "3.4" },
		{ "snap-20220414", "snap", "20220414" },
		{ "bar-1.0.20220414", "bar", "1.0.20220414" },
	};
	for (size_t i = 0; i < sizeof(gh) / sizeof(gh[0]); i++) {
		assert_true(acm_source_split_nv(gh[i][0], &n, &v));
		assert_string_equal(n, gh[i][1]);
		assert_string_equal(v, gh[i][2]);
		free(n); free(v);
	}
	assert_false(acm_source_split_nv("foo", &n, &v));
	assert_false(acm_source_split_nv("-1.0", &n, &v));
	static const char *const stems[][2] = {
		{ "/x/foo_1.2.orig.tar.gz", "foo_1.2" },
		{ "bar-3.0.tar.zst", "bar-3.0" },
		{ "baz-1.tgz", "baz-1" },
		{ "plain", "plain" },
	};
	for (size_t i = 0; i < sizeof(stems) / sizeof(stems[0]); i++) {
		s = acm_source_stem(stems[i][0]);
		assert_string_equal(s, stems[i][1]);
		free(s);
	}
}

/* a tarball with entries in the given order */
static char *make_tar(const char *name, const char *const *paths)
{
	char *path = acm_xasprintf("%s/%s", tmpdir, name);
	struct archive *a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; paths[i]; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, paths[i]);
		bool dir = paths[i][strlen(paths[i]) - 1] == '/';
		archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
		archive_entry_set_perm(e, dir ? 0755 : 0644);
		archive_entry_set_size(e, dir ? 0 : 6);
		archive_write_header(a, e);
		if (!dir)
			archive_write_data(a, "hello\n", 6);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return path;
}

struct seen {
	struct acm_buf paths;
	int restarts;
	char *readme;
};

static int collect(const struct acm_source_entry *e, void *ud)
{
	struct seen *s = ud;
	if (!e) {
		s->restarts++;
		acm_buf_reset(&s->paths);
		return 0;
	}
	acm_buf_addf(&s->paths, "%s;", e->path);
	if (!strcmp(e->path, "README")) {
		size_t len;
		free(s->readme);
		assert_int_equal(acm_source_read(e, &s->readme, &len, 0), 0);
		assert_int_equal(len, 6);
	}
	return 0;
}

static void tarball_walk(void **state)
{
	(void)state;
	const char *const entries[] = { "foo-1.4/", "foo-1.4/README", "foo-1.4/src/", "foo-1.4/src/a.c", NULL };
	char *path = make_tar("foo-1.4.tar.gz", entries);
	struct acm_source *s;
	assert_int_equal(acm_source_open(&s, path, NULL), 0);
	const struct acm_source_info *i = acm_source_info(s);
	assert_int_equal(i->kind, ACM_SOURCE_TARBALL);
	struct seen seen = { ACM_BUF_INIT, 0, NULL };
	assert_int_equal(acm_source_walk(s, collect, &seen), 0);
	assert_string_equal(acm_buf_str(&seen.paths), "README;src;src/a.c;");
	assert_int_equal(seen.restarts, 0);
	assert_string_equal(seen.readme, "hello\n");
	assert_string_equal(i->name, "foo");
	assert_string_equal(i->version, "1.4");
	assert_string_equal(i->topdir, "foo-1.4");
	char *dest = acm_xasprintf("%s/x", tmpdir), *top = NULL;
	assert_int_equal(acm_source_extract(s, dest, &top), 0);
	char *readme = acm_xasprintf("%s/README", top);
	assert_true(acm_exists(readme));
	/* a second extraction refuses to overwrite */
	assert_int_not_equal(acm_source_extract(s, dest, NULL), 0);
	free(readme);
	free(top);
	free(dest);
	acm_buf_free(&seen.paths);
	free(seen.readme);
	acm_source_close(s);
	free(path);
}

static void tarbomb_restarts(void **state)
{
	(void)state;
	const char *const entries[] = { "a-1/x", "b-2/y", NULL };
	char *path = make_tar("bomb-0.9.tar.gz", entries);
	struct acm_source *s;
	assert_int_equal(acm_source_open(&s, path, NULL), 0);
	struct seen seen = { ACM_BUF_INIT, 0, NULL };
	assert_int_equal(acm_source_walk(s, collect, &seen), 0);
	assert_int_equal(seen.restarts, 1);
	assert_string_equal(acm_buf_str(&seen.paths), "a-1/x;b-2/y;");
	const struct acm_source_info *i = acm_source_info(s);
	assert_null(i->topdir);
	assert_string_equal(i->name, "bomb");      /* from the file name */
	assert_string_equal(i->version, "0.9");
	acm_buf_free(&seen.paths);
	acm_source_close(s);
	free(path);
}

static void directory_tarball_reproducible(void **state)
{
	(void)state;
	char *dir = acm_xasprintf("%s/proj-2.0", tmpdir), *sub = acm_xasprintf("%s/lib", dir);
	assert_int_equal(acm_mkdir_p(sub, 0755), 0);
	char *f1 = acm_xasprintf("%s/b.txt", dir), *f2 = acm_xasprintf("%s/lib/a.txt", dir);
	assert_int_equal(acm_write_file_atomic(f1, "b\n", 2, 0644), 0);
	assert_int_equal(acm_write_file_atomic(f2, "a\n", 2, 0755), 0);
	setenv("SOURCE_DATE_EPOCH", "1600000000", 1);
	struct acm_source *s;
	char *o1 = acm_xasprintf("%s/o1", tmpdir), *o2 = acm_xasprintf("%s/o2", tmpdir), *p1, *p2;
	assert_int_equal(acm_source_open(&s, dir, NULL), 0);
	assert_int_equal(acm_source_info(s)->kind, ACM_SOURCE_DIR);
	assert_int_equal(acm_source_write_tarball(s, o1, &p1), 0);
	acm_source_close(s);
	assert_int_equal(acm_source_open(&s, dir, NULL), 0);
	assert_int_equal(acm_source_write_tarball(s, o2, &p2), 0);
	acm_source_close(s);
	char *d1, *d2;
	size_t l1, l2;
	assert_int_equal(acm_read_file(p1, &d1, &l1, 0), 0);
	assert_int_equal(acm_read_file(p2, &d2, &l2, 0), 0);
	assert_int_equal(l1, l2);
	assert_memory_equal(d1, d2, l1);
	/* gzip header: no time stamp (bytes 4-7 zero) */
	assert_int_equal(d1[4] | d1[5] | d1[6] | d1[7], 0);
	unsetenv("SOURCE_DATE_EPOCH");
	free(d1); free(d2); free(p1); free(p2); free(o1); free(o2);
	free(f1); free(f2); free(sub); free(dir);
}

static void missing_and_bad(void **state)
{
	(void)state;
	struct acm_source *s = NULL;
	assert_int_equal(acm_source_open(&s, "/nonexistent/foo-1.0.tar.gz", NULL), 66);
	assert_null(s);
	char *p = acm_xasprintf("%s/junk-1.0.tar.gz", tmpdir);
	assert_int_equal(acm_write_file_atomic(p, "not an archive\n", 15, 0644), 0);
	assert_int_equal(acm_source_open(&s, p, NULL), 65);
	struct acm_source_opts o = { .ref = "v1" };
	assert_int_equal(acm_source_open(&s, p, &o), 64);   /* --ref on a file */
	free(p);
}

/* A tarball of typed entries: "path" (file), "path/" (dir), "path>target"
 * (symlink), "path=target" (hard link). */
static char *make_tar_typed(const char *name, const char *const *specs)
{
	char *path = acm_xasprintf("%s/%s", tmpdir, name);
	struct archive *a = archive_write_new();
	archive_write_set_format_pax_restricted(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; specs[i]; i++) {
		struct archive_entry *e = archive_entry_new();
		char *p = acm_xstrdup(specs[i]), *t;
		bool dir = p[strlen(p) - 1] == '/';
		if ((t = strchr(p, '>'))) {
			*t++ = '\0';
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, t);
		} else if ((t = strchr(p, '='))) {
			*t++ = '\0';
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, t);
		} else {
			archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
			archive_entry_set_size(e, dir ? 0 : 6);
		}
		archive_entry_set_pathname(e, p);
		archive_entry_set_perm(e, dir ? 0755 : 0644);
		archive_write_header(a, e);
		if (!dir && !t)
			archive_write_data(a, "hello\n", 6);
		archive_entry_free(e);
		free(p);
	}
	archive_write_close(a);
	archive_write_free(a);
	return path;
}

/* extract_status() through acm_source_extract_some() with this filter, when set */
static acm_source_want_fn extract_want;

static bool want_nothing(const char *path, void *ud)
{
	(void)path;
	(void)ud;
	return false;
}

static int extract_status(const char *name, const char *const *specs, const struct acm_source_budget *b)
{
	char *path = make_tar_typed(name, specs);
	char *dest = acm_xasprintf("%s/dest-%s", tmpdir, name);
	struct acm_source_opts o = { .budget = b };
	struct acm_source *s;
	int rc = acm_source_open(&s, path, &o);
	if (!rc) {
		rc = extract_want ? acm_source_extract_some(s, dest, NULL, extract_want, NULL)
				  : acm_source_extract(s, dest, NULL);
		acm_source_close(s);
	}
	/* nothing half-done: no scratch dir, no tree left behind on failure */
	if (rc) {
		char *cmd = acm_xasprintf("test -z \"$(ls -A '%s' 2>/dev/null)\"", dest);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(dest);
	free(path);
	return rc;
}

/* Entries a filter leaves unwritten are checked all the same (kbuild writes
 * only kconfig's inputs): every hostile class still stops it with 65. */
static void hostile_links_extract_some_65(void **state)
{
	(void)state;
	const char *through[] = { "t-1/", "t-1/l>..", "t-1/l/l2", NULL };
	const char *up[] = { "u-1/", "u-1/l>..", NULL };
	const char *dot[] = { "d-1/", "d-1/s>.", "d-1/e>s/s/s/../../../etc", NULL };
	const char *hl[] = { "h-1/", "h-1/a/", "h-1/a/b/", "h-1/a/b/l>../../x", "h-1/h=h-1/a/b/l", NULL };
	const char *redef[] = { "r-1/d/f", "r-1/d>..", NULL };
	const char *nl[] = { "n-1/", "n-1/a\n%post", NULL };
	const char *fine[] = { "f-1/", "f-1/sub/", "f-1/sub/x", NULL };

	extract_want = want_nothing;
	assert_int_equal(extract_status("some-through.tar", through, NULL), 65);
	assert_int_equal(extract_status("some-up.tar", up, NULL), 65);
	assert_int_equal(extract_status("some-dot.tar", dot, NULL), 65);
	assert_int_equal(extract_status("some-hl.tar", hl, NULL), 65);
	assert_int_equal(extract_status("some-redef.tar", redef, NULL), 65);
	assert_int_equal(extract_status("some-nl.tar", nl, NULL), 65);
	/* a clean tarball: its directories, none of the refused files */
	assert_int_equal(extract_status("some-fine.tar", fine, NULL), 0);
	extract_want = NULL;
	char *d = acm_xasprintf("%s/dest-some-fine.tar/f-1/sub", tmpdir);
	char *f = acm_xasprintf("%s/x", d);
	assert_true(acm_is_dir(d));
	assert_false(acm_exists(f));
	free(d);
	free(f);
}

/* Every link class, through extraction (kbuild, mx2g-pack). */
static void hostile_links_extract_65(void **state)
{
	(void)state;
	/* issue 13, low: "l -> .." then "l/l2" gave 73 */
	const char *through[] = { "t-1/", "t-1/l>..", "t-1/l/l2", NULL };
	assert_int_equal(extract_status("through.tar", through, NULL), 65);
	/* the top directory is the tree: a link to its parent leaves it */
	const char *up[] = { "u-1/", "u-1/l>..", NULL };
	assert_int_equal(extract_status("up.tar", up, NULL), 65);
	/* a link to "." and a chain through it */
	const char *dot[] = { "d-1/", "d-1/s>.", "d-1/e>s/s/s/../../../etc", NULL };
	assert_int_equal(extract_status("dot.tar", dot, NULL), 65);
	/* a hard link to a symlink moves the link (and its meaning) elsewhere */
	const char *hl[] = { "h-1/", "h-1/a/", "h-1/a/b/", "h-1/a/b/l>../../x", "h-1/h=h-1/a/b/l", NULL };
	assert_int_equal(extract_status("hl.tar", hl, NULL), 65);
	/* a directory turned into a link after its files */
	const char *redef[] = { "r-1/d/f", "r-1/d>..", NULL };
	assert_int_equal(extract_status("redef.tar", redef, NULL), 65);
	/* a name with a newline (it would end up in a spec) */
	const char *nl[] = { "n-1/", "n-1/a\n%post", NULL };
	assert_int_equal(extract_status("nl.tar", nl, NULL), 65);
	/* what stays inside is extracted */
	const char *fine[] = { "f-1/", "f-1/s>.", "f-1/sub/", "f-1/sub/x", "f-1/l>s/s/sub/x", "f-1/sub/up>../s/sub", NULL };
	assert_int_equal(extract_status("fine.tar", fine, NULL), 0);
	char *l = acm_xasprintf("%s/dest-fine.tar/f-1/l", tmpdir), *real = realpath(l, NULL);
	char *want = acm_xasprintf("%s/dest-fine.tar/f-1/sub/x", tmpdir);
	assert_non_null(real);
	assert_string_equal(real, want);
	free(l); free(real); free(want);
}

/* Issue 13 #8: every expansion has a budget, and stops naming the member. */
static void budgets_stop_expansion(void **state)
{
	(void)state;
	const char *three[] = { "b-1/", "b-1/x", "b-1/y", "b-1/z", NULL };
	struct acm_source_budget members = { 1 << 20, 1 << 20, 3 };
	assert_int_equal(extract_status("count.tar", three, &members), 65);
	struct acm_source_budget member = { 1 << 20, 5, 100 };
	assert_int_equal(extract_status("member.tar", three, &member), 65);
	struct acm_source_budget total = { 12, 100, 100 };
	assert_int_equal(extract_status("total.tar", three, &total), 65);
	struct acm_source_budget roomy = { 18, 6, 4 };
	assert_int_equal(extract_status("roomy.tar", three, &roomy), 0);
}

/* A sparse member within the budget stays sparse, through extraction and
 * the kmod staging copy (GNU tar makes the sparse tarball). */
static void sparse_member_stays_sparse(void **state)
{
	(void)state;
	char *cmd = acm_xasprintf("cd '%s' && mkdir -p sp-1 && truncate -s 200M sp-1/big && "
				  "printf end >> sp-1/big && tar --sparse -czf sp-1.tar.gz sp-1 && rm -rf sp-1", tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	char *path = acm_xasprintf("%s/sp-1.tar.gz", tmpdir), *dest = acm_xasprintf("%s/spx", tmpdir), *top = NULL;
	struct acm_source *s;
	assert_int_equal(acm_source_open(&s, path, NULL), 0);
	assert_int_equal(acm_source_extract(s, dest, &top), 0);
	acm_source_close(s);
	char *big = acm_xasprintf("%s/big", top);
	struct stat st;
	assert_int_equal(stat(big, &st), 0);
	assert_int_equal(st.st_size, 200 * 1024 * 1024 + 3);
	assert_true(st.st_blocks * 512 < 4 * 1024 * 1024);
	char *stage = acm_xasprintf("%s/stage", tmpdir), *files[] = { acm_xstrdup("big") };
	assert_int_equal(acm_kmod_stage(top, stage, files, 1), 0);
	char *big2 = acm_xasprintf("%s/big", stage);
	assert_int_equal(stat(big2, &st), 0);
	assert_int_equal(st.st_size, 200 * 1024 * 1024 + 3);
	assert_true(st.st_blocks * 512 < 4 * 1024 * 1024);
	char *data;
	size_t len;
	assert_int_equal(acm_read_file(big2, &data, &len, 0), 0);
	assert_memory_equal(data + len - 3, "end", 3);
	free(data);
	/* 3 GB sparse in a few hundred bytes: over the default budget */
	cmd = acm_xasprintf("cd '%s' && mkdir -p bomb-1 && truncate -s 3G bomb-1/big && "
			    "tar --sparse -czf bomb-1.tar.gz bomb-1 && rm -rf bomb-1", tmpdir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	char *bomb = acm_xasprintf("%s/bomb-1.tar.gz", tmpdir), *bdest = acm_xasprintf("%s/bombx", tmpdir);
	assert_int_equal(acm_source_open(&s, bomb, NULL), 0);
	assert_int_equal(acm_source_extract(s, bdest, NULL), 65);
	acm_source_close(s);
	free(bomb); free(bdest);
	free(files[0]);
	free(big); free(big2); free(stage); free(top); free(dest); free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_from_tag),
		cmocka_unit_test(split_and_stem),
		TMP_TEST(tarball_walk),
		TMP_TEST(tarbomb_restarts),
		TMP_TEST(directory_tarball_reproducible),
		TMP_TEST(missing_and_bad),
		TMP_TEST(hostile_links_extract_65),
		TMP_TEST(hostile_links_extract_some_65),
		TMP_TEST(budgets_stop_expansion),
		TMP_TEST(sparse_member_stays_sparse),
	};
	return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}

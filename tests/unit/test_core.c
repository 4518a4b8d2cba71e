/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_core.c - unit tests for the core modules of libacmtools. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include "block.h"
#include "buf.h"
#include "distro.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "lock.h"
#include "managed.h"
#include "msg.h"
#include "progress.h"
#include "record.h"
#include "run.h"
#include "confine.h"
#include "safepath.h"
#include "text.h"
#include "unitfs.h"
#include "unitout.h"
#include "unittmp.h"

/* --- exit codes --- */
static void exit_codes_match_sysexits(void **state)
{
	(void)state;
	assert_int_equal(ACM_EX_USAGE, 64);
	assert_int_equal(ACM_EX_DATAERR, 65);
	assert_int_equal(ACM_EX_NOINPUT, 66);
	assert_int_equal(ACM_EX_UNAVAILABLE, 69);
	assert_int_equal(ACM_EX_SOFTWARE, 70);
	assert_int_equal(ACM_EX_CANTCREAT, 73);
	assert_int_equal(ACM_EX_IOERR, 74);
	assert_int_equal(ACM_EX_TEMPFAIL, 75);
	assert_int_equal(ACM_EX_NOPERM, 77);
	assert_int_equal(ACM_EX_CONFIG, 78);
	assert_string_equal(acm_exit_name(75), "tempfail");
	assert_int_equal(acm_exit_from_errno_in(ENOENT), ACM_EX_NOINPUT);
	assert_int_equal(acm_exit_from_errno_out(ENOSPC), ACM_EX_IOERR);
}

/* --- records --- */
static char *emit(bool json, void (*fill)(struct acm_record *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct acm_record *r = acm_record_new();
	acm_record_set_json(json);
	fill(r);
	acm_record_emit(r, f);
	fclose(f);
	acm_record_set_json(false);
	return buf;
}

static void fill_plain(struct acm_record *r)
{
	acm_record_str(r, "dest", "/install/centos6.3/x86_64");
	acm_record_int(r, "files", 42);
	acm_record_bool(r, "changed", true);
	acm_record_str(r, "empty", "");
}

/* Keys that are no shell name are made one. */
static void fill_odd_keys(struct acm_record *r)
{
	acm_record_str(r, "a;b", "1");
	acm_record_str(r, "9x", "2");
	acm_record_str(r, "", "3");
	acm_record_str(r, "ok_9", "4");
}

/* A record as key=value and as JSON, each exact. */
static void record_emit_cases(void **state)
{
	static const struct {
		bool json;
		void (*fill)(struct acm_record *);
		const char *want;
	} cases[] = {
		{ false, fill_plain, "dest=/install/centos6.3/x86_64 files=42 changed=yes empty=''\n" },
		{ true, fill_plain,
		  "{\"dest\":\"/install/centos6.3/x86_64\",\"files\":42,\"changed\":true,\"empty\":\"\"}\n" },
		{ false, fill_odd_keys, "a_b=1 _x=2 _=3 ok_9=4\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = emit(cases[i].json, cases[i].fill);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
}

/* The quoting and cleaning functions, each case exact: fn(in) is out. */
static void quoting_and_cleaning_hostile(void **state)
{
	(void)state;
	static const struct {
		char *(*fn)(const char *);
		const char *in, *out;
	} cases[] = {
		/* acm_shell_quote: plain POSIX single quotes, exact bytes */
		{ acm_shell_quote, "plain-1.2_3", "plain-1.2_3" },
		{ acm_shell_quote, "/a/b:c@d%e+f,g", "/a/b:c@d%e+f,g" },
		{ acm_shell_quote, "a b", "'a b'" },
		{ acm_shell_quote, "it's", "'it'\\''s'" },
		{ acm_shell_quote, "$(rm -rf /)", "'$(rm -rf /)'" },
		{ acm_shell_quote, "`id`;|&<>*?[]{}", "'`id`;|&<>*?[]{}'" },
		{ acm_shell_quote, "~/x", "'~/x'" },
		{ acm_shell_quote, "=ls", "'=ls'" },       /* zsh: k==ls is a command's path */
		{ acm_shell_quote, "a:=ls", "'a:=ls'" },
		{ acm_shell_quote, "x=y", "'x=y'" },
		{ acm_shell_quote, "two\nlines", "'two\nlines'" }, /* exact: records escape first */
		{ acm_shell_quote, "", "''" },
		/* acm_record_value: escape, then quote; one printable line, no $'...' */
		{ acm_record_value, "plain", "plain" },
		{ acm_record_value, "two\nlines", "'two\\nlines'" },
		{ acm_record_value, "tab\there 'q' \\", "'tab\\there '\\''q'\\'' \\\\'" },
		{ acm_record_value, "e\n'; touch x; #", "'e\\n'\\''; touch x; #'" },
		{ acm_record_value, "$'a\\'", "'$'\\''a\\\\'\\'''" },
		{ acm_record_value, "bell\a esc\033 del\177 cr\r", "'bell\\0007 esc\\0033 del\\0177 cr\\r'" },
		{ acm_record_value, "bad \xff\xfe", "'bad \\0377\\0376'" },
		{ acm_record_value, "c1 \xc2\x9b", "'c1 \\0302\\0233'" },
		{ acm_record_value, "utf8 \xc3\xa9 \xc2\xa0", "'utf8 \xc3\xa9 \xc2\xa0'" },
		{ acm_record_value, "back\\slash", "'back\\\\slash'" },
		{ acm_record_value, "", "''" },
		/* acm_json_quote */
		{ acm_json_quote, "quote\" back\\", "\"quote\\\" back\\\\\"" },
		{ acm_json_quote, "nl\ntab\tcr\r", "\"nl\\ntab\\tcr\\r\"" },
		{ acm_json_quote, "\x01\x7f", "\"\\u0001\\u007f\"" },
		{ acm_json_quote, "c1 \xc2\x9b", "\"c1 \\u009b\"" },
		{ acm_json_quote, "utf8 é 漢 😀", "\"utf8 é 漢 😀\"" },
		/* invalid UTF-8: one U+DCxx per byte, so the bytes come back */
		{ acm_json_quote, "bad \xff\xfe end", "\"bad \\udcff\\udcfe end\"" },
		{ acm_json_quote, "overlong \xc0\xaf", "\"overlong \\udcc0\\udcaf\"" },
		{ acm_json_quote, "surrogate \xed\xa0\x80", "\"surrogate \\udced\\udca0\\udc80\"" },
		{ acm_json_quote, "cut \xe6\xbc", "\"cut \\udce6\\udcbc\"" },
		/* acm_msg_clean: the one rule for text on stderr */
		{ acm_msg_clean, "plain text", "plain text" },
		{ acm_msg_clean, "ends with its own newline\n", "ends with its own newline" },
		{ acm_msg_clean, "esc\033[2J cr\rbell\a del\177", "esc\\0033[2J cr\\rbell\\0007 del\\0177" },
		{ acm_msg_clean, "bad \xff utf8 \xc3\xa9 c1 \xc2\x9b", "bad \\0377 utf8 \xc3\xa9 c1 \\0302\\0233" },
		{ acm_msg_clean, "tab\tstays, back\\slash stays", "tab\tstays, back\\slash stays" },
		{ acm_msg_clean, "first\nprog: error: forged\n\n", "first\n  prog: error: forged" },
		{ acm_msg_clean, "a\n\nb", "a\n  \n  b" },
		{ acm_msg_clean, "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = cases[i].fn(cases[i].in);
		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

/* Every byte 1..255, alone and in company: the escaped form is printable
 * UTF-8 with no control character, and decodes to the input. */
static void record_escape_roundtrip_every_byte(void **state)
{
	(void)state;
	for (int c = 1; c < 256; c++) {
		char in[8] = { 'x', (char)c, '\\', (char)c, 'y', 0 };
		char *e = acm_record_escape(in);
		size_t len = 0;
		char *d = acm_text_unescape(e, &len);
		for (const unsigned char *p = (const unsigned char *)e; *p;) {
			size_t n = acm_text_printable(p);
			assert_true(n > 0);
			p += n;
		}
		assert_non_null(d);
		assert_int_equal(len, strlen(in));
		assert_memory_equal(d, in, len);
		free(d);
		free(e);
	}
	/* what printf %b would not read back is refused */
	assert_null(acm_text_unescape("lone \\", NULL));
	assert_null(acm_text_unescape("\\c", NULL));
	assert_null(acm_text_unescape("\\0777", NULL));
}

/* The numbers of our record formats: the whole field, digits only. */
static void text_numbers_whole_field_only(void **state)
{
	(void)state;
	uint64_t u = 0;
	int64_t i = 0;
	assert_true(acm_text_u64("0", 10, &u) && u == 0);
	assert_true(acm_text_u64("18446744073709551615", 10, &u) && u == UINT64_MAX);
	assert_true(acm_text_u64("0755", 8, &u) && u == 0755);
	assert_true(acm_text_i64("-1700000000", &i) && i == -1700000000);
	assert_true(acm_text_i64("9223372036854775807", &i) && i == INT64_MAX);
	static const char *bad_u[] = { "", "-1", "+1", " 1", "1 ", "0x10", "18446744073709551616", "1e3", "12a" };
	for (size_t k = 0; k < sizeof(bad_u) / sizeof(bad_u[0]); k++) {
		u = 7;
		assert_false(acm_text_u64(bad_u[k], 10, &u));
		assert_int_equal(u, 7);
	}
	assert_false(acm_text_u64("0758", 8, &u));
	assert_false(acm_text_u64("8", 8, &u));
	static const char *bad_i[] = { "", "-", "--1", "+1", " -1", "-9223372036854775809", "9223372036854775808", "1-" };
	for (size_t k = 0; k < sizeof(bad_i) / sizeof(bad_i[0]); k++)
		assert_false(acm_text_i64(bad_i[k], &i));
}

/* The records survive real shells: eval, then printf %b, gives the bytes;
 * dash is the shell that ran the rest of a $'...' value. */
static void record_value_roundtrip_through_shells(void **state)
{
	(void)state;
	const char *hostile[] = { "a'b\"c$d`e\\f", "line1\nline2", "*", "-n", "x=y z", "\x01\x1f\x7f",
				  "é ü 漢", "e\n'; exit 3; #", "\\c stop", "\xff\xc0", NULL };
	/* dash is Debian's sh; on EL, where it may be missing, sh is bash */
	const char *shells[] = { "sh", "bash", access("/usr/bin/dash", X_OK) == 0 ? "dash" : NULL, NULL };
	for (size_t s = 0; shells[s]; s++)
		for (size_t i = 0; hostile[i]; i++) {
			char *q = acm_record_value(hostile[i]);
			char *script = acm_xasprintf("v=%s; printf %%b \"$v\"", q);
			const char *argv[] = { shells[s], "-c", script, NULL };
			char *out = NULL;
			assert_int_equal(acm_run_capture(argv, &out), 0);
			assert_string_equal(out, hostile[i]);
			free(out);
			free(script);
			free(q);
		}
}

/* --- messages --- */
static void msg_hostile_name(void *ud)
{
	(void)ud;
	acm_set_prog("t");
	acm_err("cannot copy '%s'", "a\nt: error: forged\033]0;title\a");
	acm_warn("own newline\n");
	acm_set_prog("acmtools");
}

static char long_arg[10000];
static void msg_long(void *ud)
{
	(void)ud;
	acm_set_prog("t");
	acm_err("%s", long_arg);
	acm_set_prog("acmtools");
}

static void msg_every_message_is_cleaned(void **state)
{
	(void)state;
	char *s = output_of(2, msg_hostile_name, NULL);
	assert_string_equal(s, "t: error: cannot copy 'a\n  t: error: forged\\0033]0;title\\0007'\n"
			       "t: warning: own newline\n");
	free(s);
	/* no 4 KiB cut: the whole message arrives */
	memset(long_arg, 'x', sizeof(long_arg) - 1);
	s = output_of(2, msg_long, NULL);
	assert_int_equal(strlen(s), strlen("t: error: \n") + sizeof(long_arg) - 1);
	free(s);
}

/* --- buffers --- */
static void buf_grows_and_formats(void **state)
{
	(void)state;
	struct acm_buf b = ACM_BUF_INIT;
	assert_string_equal(acm_buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		acm_buf_addf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_memory_equal(b.data, "0,1,2,", 6);
	acm_buf_reset(&b);
	acm_buf_addc(&b, 'x');
	assert_string_equal(b.data, "x");
	char *s = acm_buf_steal(&b);
	assert_string_equal(s, "x");
	assert_null(b.data);
	free(s);
}

/* --- atomic write --- */
static void atomic_write_creates_and_keeps_mode(void **state)
{
	(void)state;
	const char *p = in_tmp("file.conf");
	struct stat st;

	assert_int_equal(acm_write_file_atomic(p, "one\n", 4, 0640), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(chmod(p, 0600), 0);
	assert_int_equal(acm_write_file_atomic(p, "two\n", 4, 0644), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_file_is(p, "two\n");
	/* no temporary left beside it */
	const char *argv[] = { "sh", "-c", "ls -A \"$0\" | wc -l", tmpdir, NULL };
	char *out;
	assert_int_equal(acm_run_capture(argv, &out), 0);
	assert_string_equal(out, "1\n");
	free(out);
}

static void atomic_write_refuses_directory_and_missing_dir(void **state)
{
	(void)state;
	const char *p = in_tmp("no/such/dir/file");
	assert_int_equal(acm_write_file_atomic(tmpdir, "x", 1, 0644), ACM_EX_CANTCREAT);
	assert_int_equal(acm_write_file_atomic(p, "x", 1, 0644), ACM_EX_CANTCREAT);
}

static void atomic_abort_leaves_old_content(void **state)
{
	(void)state;
	const char *p = in_tmp("keep");
	struct acm_atomic a;
	assert_int_equal(acm_write_file_atomic(p, "old", 3, 0644), 0);
	assert_int_equal(acm_atomic_open(&a, p, 0644), 0);
	assert_int_equal(acm_write_all(a.fd, "half", 4), 0);
	acm_atomic_abort(&a);
	assert_file_is(p, "old");
}

/* A regular file of the wanted mode becomes a second name (the same inode,
 * again on a rerun, no temporary left); another mode or a symlink is copied. */
static void link_or_copy_links_only_a_plain_match(void **state)
{
	(void)state;
	const char *src = in_tmp("big.tar"), *dst = in_tmp("SOURCES.tar"), *odd = in_tmp("odd.tar");
	const char *ocp = in_tmp("odd-copy.tar"), *sl = in_tmp("sl.tar"), *slcp = in_tmp("sl-copy.tar");
	struct stat a, b;
	assert_int_equal(acm_write_file_atomic(src, "data", 4, 0644), 0);
	for (int run = 0; run < 2; run++) {
		assert_int_equal(acm_fstree_link_or_copy(src, dst, 0644), 0);
		assert_int_equal(stat(src, &a), 0);
		assert_int_equal(stat(dst, &b), 0);
		assert_true(a.st_ino == b.st_ino && a.st_nlink == 2);
	}
	char *tmp = acm_xasprintf("%s.acm-link.%ld", dst, (long)getpid());
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	assert_int_equal(acm_write_file_atomic(odd, "odd", 3, 0600), 0);
	assert_int_equal(acm_fstree_link_or_copy(odd, ocp, 0644), 0);
	assert_int_equal(stat(odd, &a), 0);
	assert_int_equal(stat(ocp, &b), 0);
	assert_true(a.st_ino != b.st_ino && (b.st_mode & 07777) == 0644);
	assert_file_is(ocp, "odd");
	assert_int_equal(symlink(src, sl), 0);
	assert_int_equal(acm_fstree_link_or_copy(sl, slcp, 0644), 0);
	assert_int_equal(lstat(slcp, &b), 0);
	assert_true(S_ISREG(b.st_mode) && b.st_nlink == 1);
	assert_file_is(slcp, "data");
}

static void mkdir_p_and_read_limits(void **state)
{
	(void)state;
	const char *d = in_tmp("a/b/c");
	const char *f = in_tmp("a/b/c/f");
	char *data;
	assert_int_equal(acm_mkdir_p(d, 0755), 0);
	assert_true(acm_is_dir(d));
	assert_int_equal(acm_mkdir_p(d, 0755), 0);
	assert_int_equal(acm_write_file_atomic(f, "0123456789", 10, 0644), 0);
	assert_int_equal(acm_mkdir_p(f, 0755), -ENOTDIR);
	assert_int_equal(acm_read_file(f, &data, NULL, 5), -EFBIG);
	assert_int_equal(acm_read_file(d, &data, NULL, 0), -EISDIR);
	assert_int_equal(acm_mkdir_p("", 0755), -EINVAL);
}

/* --- confined paths --- */
static void confine_name_refuses_escapes(void **state)
{
	(void)state;
	char *c;
	assert_int_equal(acm_confine_name("./a//b/./c/", 0, &c), 0);
	assert_string_equal(c, "a/b/c");
	free(c);
	assert_int_equal(acm_confine_name("/etc/passwd", 0, NULL), ACM_CONFINE_ABSOLUTE);
	assert_int_equal(acm_confine_name("a/../../etc", 0, NULL), ACM_CONFINE_DOTDOT);
	assert_int_equal(acm_confine_name("..", 0, NULL), ACM_CONFINE_DOTDOT);
	assert_int_equal(acm_confine_name("", 0, NULL), ACM_CONFINE_EMPTY);
	assert_int_equal(acm_confine_name(NULL, 0, NULL), ACM_CONFINE_EMPTY);
	assert_int_equal(acm_confine_name("./.", 0, NULL), ACM_CONFINE_EMPTY);
	assert_int_equal(acm_confine_name("./", ACM_CONFINE_ALLOW_TOP, &c), 0);
	assert_string_equal(c, "");
	free(c);
	assert_int_equal(acm_confine_name("a/..b/c..", 0, NULL), 0);
	assert_int_equal(acm_confine_name("a/b\nc", 0, NULL), 0);
	assert_int_equal(acm_confine_name("a/b\nc", ACM_CONFINE_NO_CONTROL, NULL), ACM_CONFINE_CONTROL);
	assert_int_equal(acm_confine_name("a/b\x7f", ACM_CONFINE_NO_CONTROL, NULL), ACM_CONFINE_CONTROL);
	char longname[300];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(acm_confine_name(longname, 0, NULL), ACM_CONFINE_TOO_LONG);
}

static void confine_mode_refuses_specials(void **state)
{
	(void)state;
	enum acm_confine_kind k;
	assert_int_equal(acm_confine_mode(S_IFREG | 0644, 0, &k), 0);
	assert_int_equal(k, ACM_CONFINE_FILE);
	assert_int_equal(acm_confine_mode(S_IFLNK | 0777, 0, &k), 0);
	assert_int_equal(k, ACM_CONFINE_SYMLINK);
	assert_int_equal(acm_confine_mode(S_IFREG | 04755, 0, &k), ACM_CONFINE_SETID);
	assert_int_equal(acm_confine_mode(S_IFREG | 02755, 0, &k), ACM_CONFINE_SETID);
	/* a set-gid (or set-uid) directory grants nothing: its bits are dropped */
	assert_int_equal(acm_confine_mode(S_IFDIR | 02755, 0, &k), 0);
	assert_int_equal(k, ACM_CONFINE_DIR);
	assert_int_equal(acm_confine_mode(S_IFDIR | 06775, 0, &k), 0);
	assert_int_equal(acm_confine_mode(S_IFREG | 04755, ACM_CONFINE_DROP_SETID, &k), 0);
	assert_int_equal(acm_confine_mode(S_IFBLK | 0600, 0, &k), ACM_CONFINE_BLOCKDEV);
	assert_int_equal(acm_confine_mode(S_IFCHR | 0600, 0, &k), ACM_CONFINE_CHARDEV);
	assert_int_equal(acm_confine_mode(S_IFIFO | 0600, 0, &k), ACM_CONFINE_FIFO);
	assert_int_equal(acm_confine_mode(S_IFSOCK | 0600, 0, &k), ACM_CONFINE_SOCKET);
}

/* What the old counting rules accepted or refused, now by resolution. */
static void confine_links_lexical_cases(void **state)
{
	(void)state;
	static const struct { const char *path, *target; int v; } cases[] = {
		{ "top/a/l", "../b", 0 },
		{ "top/a/l2", "../../x", 0 },
		{ "top/l", "sub/./file", 0 },
		{ "dists/stable", "bookworm", 0 },
		{ "debian", ".", 0 },
		{ "a/b/c", "../../x", 0 },
		{ "top/a/l3", "../../../x", ACM_CONFINE_LINK_ESCAPES },
		{ "a/b/c2", "../../../x", ACM_CONFINE_LINK_ESCAPES },
		{ "top/l4", "/etc/passwd", ACM_CONFINE_LINK_ABSOLUTE },
		{ "x", "../etc", ACM_CONFINE_LINK_ESCAPES },
		{ "l", "..", ACM_CONFINE_LINK_ESCAPES },
		{ "a/x", "b/../../../y", ACM_CONFINE_LINK_ESCAPES },   /* a/b is a directory */
		{ "q/x", "b/../../../y", ACM_CONFINE_LINK_UNKNOWN },
		{ "top/l5", "here/../..", ACM_CONFINE_LINK_UNKNOWN },
		{ "top/l6", "", ACM_CONFINE_EMPTY },
	};
	struct acm_confine *t = acm_confine_new(-1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int v = acm_confine_add(t, cases[i].path, ACM_CONFINE_SYMLINK, cases[i].target);
		if (v != cases[i].v)
			fail_msg("%s -> %s: %s (want %s)", cases[i].path, cases[i].target,
				 acm_confine_why(v), acm_confine_why(cases[i].v));
	}
	acm_confine_free(t);
}

/* Issue 13 #3: a link to "." (real Ubuntu media) does not make
 * "s/s/s/../../../etc" one level deeper per "s". */
static void confine_links_resolve_through_dot(void **state)
{
	(void)state;
	struct acm_confine *t = acm_confine_new(-1);
	int v;
	assert_int_equal(acm_confine_add(t, "ubuntu", ACM_CONFINE_SYMLINK, "."), 0);
	assert_int_equal(acm_confine_add(t, "evil", ACM_CONFINE_SYMLINK, "ubuntu/ubuntu/ubuntu/../../../etc"),
			 ACM_CONFINE_LINK_ESCAPES);
	assert_int_equal(acm_confine_add(t, "d/evil", ACM_CONFINE_SYMLINK, "../ubuntu/ubuntu/../etc"),
			 ACM_CONFINE_LINK_ESCAPES);
	assert_int_equal(acm_confine_add(t, "fine", ACM_CONFINE_SYMLINK, "ubuntu/ubuntu/pool"), 0);
	char *r = acm_confine_resolve(t, "fine/x", &v);
	assert_string_equal(r, "pool/x");
	free(r);
	/* loops are bounded */
	assert_int_equal(acm_confine_add(t, "loop", ACM_CONFINE_SYMLINK, "loop"), ACM_CONFINE_LOOP);
	assert_int_equal(acm_confine_add(t, "p", ACM_CONFINE_SYMLINK, "q"), 0);
	assert_int_equal(acm_confine_add(t, "q", ACM_CONFINE_SYMLINK, "p"), ACM_CONFINE_LOOP);
	/* entries through a link, over a file, or changing kind */
	assert_int_equal(acm_confine_add(t, "ubuntu/x", ACM_CONFINE_FILE, NULL), ACM_CONFINE_THROUGH_LINK);
	assert_int_equal(acm_confine_add(t, "f", ACM_CONFINE_FILE, NULL), 0);
	assert_int_equal(acm_confine_add(t, "f", ACM_CONFINE_FILE, NULL), 0);
	assert_int_equal(acm_confine_add(t, "f/x", ACM_CONFINE_FILE, NULL), ACM_CONFINE_NOT_DIR);
	assert_int_equal(acm_confine_add(t, "f", ACM_CONFINE_SYMLINK, "."), ACM_CONFINE_REDEFINED);
	assert_int_equal(acm_confine_add(t, "dir/sub/file", ACM_CONFINE_FILE, NULL), 0);
	assert_int_equal(acm_confine_add(t, "dir/sub", ACM_CONFINE_SYMLINK, "../.."), ACM_CONFINE_REDEFINED);
	assert_int_equal(acm_confine_add(t, "fine", ACM_CONFINE_SYMLINK, "."), ACM_CONFINE_REDEFINED);
	/* hard links: only to regular files of the tree */
	assert_int_equal(acm_confine_add(t, "h", ACM_CONFINE_HARDLINK_TO, "dir/sub/file"), 0);
	assert_int_equal(acm_confine_add(t, "h2", ACM_CONFINE_HARDLINK_TO, "fine"), ACM_CONFINE_HARDLINK);
	assert_int_equal(acm_confine_add(t, "h3", ACM_CONFINE_HARDLINK_TO, "nothere"), ACM_CONFINE_HARDLINK);
	assert_int_equal(acm_confine_add(t, "h4", ACM_CONFINE_HARDLINK_TO, "../x"), ACM_CONFINE_HARDLINK);
	/* a later link cannot turn an accepted one around: ".." after a
	 * name that is not there yet is refused */
	assert_int_equal(acm_confine_add(t, "x/a", ACM_CONFINE_SYMLINK, "n/../.."), ACM_CONFINE_LINK_UNKNOWN);
	acm_confine_free(t);
}

static void confine_links_any_order(void **state)
{
	(void)state;
	/* a directory listing: the link that b relies on comes after it */
	const char *paths[] = { "b", "a", "c" };
	const char *targets[] = { "a/../x", "sub", "a/../../y" };
	int v[3];
	struct acm_confine *t = acm_confine_new(-1);
	assert_int_equal(acm_confine_add(t, "sub/f", ACM_CONFINE_FILE, NULL), 0);
	acm_confine_add_links(t, 3, paths, targets, v);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 0);
	assert_int_equal(v[2], ACM_CONFINE_LINK_ESCAPES);
	acm_confine_free(t);
}

/* A tarball's single top directory becomes the tree: top/l -> .. leaves it. */
static void confine_within_top(void **state)
{
	(void)state;
	struct acm_confine *t = acm_confine_new(-1);
	const char *bad;
	assert_int_equal(acm_confine_add(t, "top/a/l", ACM_CONFINE_SYMLINK, "../b"), 0);
	assert_int_equal(acm_confine_within(t, "top", &bad), 0);
	assert_int_equal(acm_confine_add(t, "top/up", ACM_CONFINE_SYMLINK, "../topx/y"), 0);
	assert_int_equal(acm_confine_within(t, "top", &bad), ACM_CONFINE_LINK_ESCAPES);
	assert_string_equal(bad, "top/up");
	acm_confine_free(t);
}

/* A tree under tmpdir: the directory dir (top or below it) made, then
 * the links { name, target } in top, opened: its fd. */
struct planted {
	const char *name, *target;
};

static int open_planted(const char *top, const char *dir, const struct planted *l, size_t n)
{
	assert_int_equal(acm_mkdir_p(in_tmp(dir), 0755), 0);
	for (size_t i = 0; i < n; i++) {
		char *name = acm_xasprintf("%s/%s", top, l[i].name);
		assert_int_equal(symlink(l[i].target, in_tmp(name)), 0);
		free(name);
	}
	int fd = open(in_tmp(top), O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	return fd;
}

/* Links already on disk (an earlier disc's import) count, read, never followed. */
static void confine_links_on_disk(void **state)
{
	(void)state;
	static const struct planted links[] = { { "ubuntu", "." }, { "sub/outer", "../../" }, { "abs", "/etc" } };
	int rfd = open_planted("croot", "croot/sub", links, 3);
	struct acm_confine *t = acm_confine_new(rfd);
	int v;
	char *r = acm_confine_resolve(t, "ubuntu/ubuntu/sub/file", &v);
	assert_string_equal(r, "sub/file");
	free(r);
	assert_null(acm_confine_resolve(t, "sub/outer/x", &v));
	assert_int_equal(v, ACM_CONFINE_LINK_ESCAPES);
	assert_null(acm_confine_resolve(t, "abs/passwd", &v));
	assert_int_equal(v, ACM_CONFINE_LINK_ABSOLUTE);
	assert_int_equal(acm_confine_add(t, "x", ACM_CONFINE_SYMLINK, "ubuntu/ubuntu/../etc"), ACM_CONFINE_LINK_ESCAPES);
	assert_int_equal(acm_confine_add(t, "y", ACM_CONFINE_SYMLINK, "sub/outer"), ACM_CONFINE_LINK_ESCAPES);
	assert_int_equal(acm_confine_add(t, "z", ACM_CONFINE_SYMLINK, "ubuntu/sub"), 0);
	/* the medium says "ubuntu" is a directory, the disk has a link: which
	 * the kernel meets depends on what is written: refuse links through it */
	assert_int_equal(acm_confine_add(t, "ubuntu/f", ACM_CONFINE_FILE, NULL), 0);
	assert_int_equal(acm_confine_add(t, "w", ACM_CONFINE_SYMLINK, "ubuntu/f"), ACM_CONFINE_DISK_CONFLICT);
	acm_confine_free(t);
	close(rfd);
}

static void open_beneath_never_follows_links(void **state)
{
	(void)state;
	static const struct planted links[] = { { "planted", "/etc/passwd" }, { "dirlink", "/etc" } };
	int rfd = open_planted("rb", "rb", links, 2);

	int fd = acm_open_beneath(rfd, "a/b/new", O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(acm_open_beneath(rfd, "planted", O_WRONLY | O_TRUNC, 0), -ELOOP);
	assert_int_equal(acm_open_beneath(rfd, "dirlink/passwd", O_RDONLY, 0), -ELOOP);
	assert_int_equal(acm_open_beneath(rfd, "../x", O_RDONLY, 0), -EINVAL);
	assert_int_equal(acm_open_beneath(rfd, "missing/x", O_RDONLY, 0), -ENOENT);
	close(rfd);
}

/* --- child programs --- */
static void run_captures_and_maps_status(void **state)
{
	(void)state;
	const char *ok[] = { "sh", "-c", "echo out; echo err >&2; exit 0", NULL };
	const char *fail[] = { "sh", "-c", "cat; exit 3", NULL };
	const char *missing[] = { "acm-no-such-program", NULL };
	const char *sig[] = { "sh", "-c", "kill -TERM $$", NULL };
	struct acm_run r = { .argv = ok, .capture_out = true, .capture_err = true };

	assert_int_equal(acm_run(&r, 70), 0);
	assert_string_equal(r.out.data, "out\n");
	assert_string_equal(r.err.data, "err\n");
	acm_run_free(&r);

	struct acm_run f = { .argv = fail, .capture_out = true, .input = "fed to stdin" };
	assert_int_equal(acm_run(&f, ACM_EX_DATAERR), ACM_EX_DATAERR);
	assert_int_equal(f.exit_code, 3);
	assert_string_equal(f.out.data, "fed to stdin");
	acm_run_free(&f);

	struct acm_run m = { .argv = missing };
	assert_int_equal(acm_run(&m, 70), ACM_EX_UNAVAILABLE);
	assert_int_equal(m.exec_errno, ENOENT);
	acm_run_free(&m);

	struct acm_run s = { .argv = sig };
	assert_int_equal(acm_run(&s, 65), ACM_EX_SOFTWARE);
	assert_int_equal(s.signal, 15);
	acm_run_free(&s);
}

static void run_no_shell_and_env_and_cwd(void **state)
{
	(void)state;
	/* the argument reaches the program as one word, never interpreted */
	const char *argv[] = { "printf", "%s|", "a b; echo pwned", "$(id)", NULL };
	char *out;
	assert_int_equal(acm_run_capture(argv, &out), 0);
	assert_string_equal(out, "a b; echo pwned|$(id)|");
	free(out);

	const char *envp[] = { "ACM_TEST_VAR=hello", NULL };
	const char *pr[] = { "sh", "-c", "printf '%s %s' \"$ACM_TEST_VAR\" \"$(pwd)\"", NULL };
	struct acm_run r = { .argv = pr, .capture_out = true, .env_add = envp, .cwd = "/" };
	assert_int_equal(acm_run(&r, 70), 0);
	assert_string_equal(r.out.data, "hello /");
	acm_run_free(&r);
}

static void run_large_output_does_not_deadlock(void **state)
{
	(void)state;
	const char *argv[] = { "sh", "-c", "head -c 1000000 /dev/zero; head -c 500000 /dev/zero >&2", NULL };
	struct acm_run r = { .argv = argv, .capture_out = true, .capture_err = true };
	assert_int_equal(acm_run(&r, 70), 0);
	assert_int_equal(r.out.len, 1000000);
	assert_int_equal(r.err.len, 500000);
	acm_run_free(&r);
}

static void run_log_and_tail(void **state)
{
	(void)state;
	const char *log = in_tmp("build.log");
	const char *argv[] = { "sh", "-c", "for i in 1 2 3 4 5 6; do echo line$i; done; echo oops >&2; exit 1", NULL };
	struct acm_run r = { .argv = argv, .log_path = log };
	assert_int_equal(acm_run(&r, 65), 65);
	acm_run_free(&r);
	char *t = acm_tail_file(log, 3);
	assert_string_equal(t, "line5\nline6\noops\n");
	free(t);
	assert_true(acm_have_program("sh"));
	assert_false(acm_have_program("acm-no-such-program"));
}

/* --- progress --- */
static void progress_silent_unless_tty_or_forced(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct acm_progress p;

	acm_progress_start(&p, f, "copy", 1000, false);
	acm_progress_add(&p, 500);
	acm_progress_done(&p);
	fflush(f);
	assert_int_equal(len, 0);

	acm_progress_start(&p, f, "copy", 2048, true);
	acm_progress_set(&p, 2048);
	acm_progress_done(&p);
	fclose(f);
	assert_non_null(strstr(buf, "copy: ["));
	assert_non_null(strstr(buf, "100%"));
	assert_non_null(strstr(buf, "2.0 KiB / 2.0 KiB"));
	free(buf);

	char s[32];
	acm_format_bytes(s, sizeof(s), 1536 * 1024);
	assert_string_equal(s, "1.5 MiB");
	acm_format_duration(s, sizeof(s), 3725);
	assert_string_equal(s, "1:02:05");
	acm_format_duration(s, sizeof(s), 42);
	assert_string_equal(s, "0:42");
}

/* --- lock --- */
static void lock_second_holder_gets_tempfail(void **state)
{
	(void)state;
	const char *p = in_tmp("run.lock");
	struct acm_lock a, b;
	assert_int_equal(acm_lock_take(&a, p), 0);
	/* a child process is another run: flock locks are per open file */
	pid_t pid = fork();
	if (pid == 0) {
		int rc = acm_lock_take(&b, p);
		_exit(rc);
	}
	int st;
	waitpid(pid, &st, 0);
	assert_int_equal(WEXITSTATUS(st), ACM_EX_TEMPFAIL);
	acm_lock_release(&a);
	assert_int_equal(acm_lock_take(&b, p), 0);
	acm_lock_release(&b);
}

/* --- distro --- */
static void distro_families(void **state)
{
	(void)state;
	struct acm_distro d;
	acm_distro_parse(&d, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n");
	assert_int_equal(d.family, ACM_DISTRO_DEBIAN);
	assert_string_equal(d.version_id, "12");
	acm_distro_parse(&d, "ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.2\"\n");
	assert_int_equal(d.family, ACM_DISTRO_EL);
	assert_string_equal(d.id, "rocky");
	acm_distro_parse(&d, "ID=fedora\nVERSION_ID=39\n");
	assert_int_equal(d.family, ACM_DISTRO_FEDORA);
	acm_distro_parse(&d, "ID=ubuntu\nID_LIKE=debian\n");
	assert_int_equal(d.family, ACM_DISTRO_DEBIAN);
	acm_distro_parse(&d, "ID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n");
	assert_int_equal(d.family, ACM_DISTRO_SUSE);
	acm_distro_parse(&d, "ID=plan9\n");
	assert_int_equal(d.family, ACM_DISTRO_UNKNOWN);
	assert_string_equal(acm_distro_package_for(ACM_DISTRO_DEBIAN, "rpmbuild"), "rpm");
	assert_string_equal(acm_distro_package_for(ACM_DISTRO_EL, "rpmbuild"), "rpm-build");
	assert_string_equal(acm_distro_package_for(ACM_DISTRO_DEBIAN, "xz"), "xz-utils");
	assert_null(acm_distro_package_for(ACM_DISTRO_DEBIAN, "redhat-rpm-config"));
	assert_null(acm_distro_package_for(ACM_DISTRO_UNKNOWN, "gcc"));
}

/* --- managed block --- */
#define B "# BEGIN x"
#define E "# END x"
/* The byte-buffer API on C strings, so the cases read as text. */
static char *blk_update(const char *text, const char *begin, const char *end, const char *body,
			bool *damaged)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_block_update_n(text, text ? strlen(text) : 0, begin, end, body, damaged, &b);
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}

static char *blk_get(const char *text, const char *begin, const char *end)
{
	struct acm_buf b = ACM_BUF_INIT;
	if (!acm_block_get_n(text, text ? strlen(text) : 0, begin, end, &b)) {
		acm_buf_free(&b);
		return NULL;
	}
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}

static char *blk_remove(const char *text, const char *begin, const char *end)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_block_remove_n(text, text ? strlen(text) : 0, begin, end, &b);
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}
static void block_append_replace_keep_outside(void **state)
{
	(void)state;
	bool dmg;
	char *t = blk_update(NULL, B, E, "a\n", &dmg);
	assert_false(dmg);
	assert_string_equal(t, B "\na\n" E "\n");
	free(t);

	/* outside lines byte for byte, no newline at end is fixed only for our block */
	t = blk_update("%user 1\n%other  2  ", B, E, "a\n", &dmg);
	assert_string_equal(t, "%user 1\n%other  2  \n" B "\na\n" E "\n");
	free(t);

	t = blk_update("top\n" B "\nold\nolder\n" E "\nbottom\n", B, E, "new\n", &dmg);
	assert_false(dmg);
	assert_string_equal(t, "top\n" B "\nnew\n" E "\nbottom\n");
	char *body = blk_get(t, B, E);
	assert_string_equal(body, "new\n");
	free(body);
	char *rm = blk_remove(t, B, E);
	assert_string_equal(rm, "top\nbottom\n");
	free(rm);
	free(t);
}

static void block_damaged_is_repaired(void **state)
{
	(void)state;
	bool dmg;
	/* END removed by hand: our lines go, the user's line after stays */
	char *t = blk_update("u1\n" B "\nnew\nuser line\n", B, E, "new\n", &dmg);
	assert_true(dmg);
	assert_string_equal(t, "u1\n" B "\nnew\n" E "\nuser line\n");
	free(t);
	/* BEGIN removed: the stray END goes */
	t = blk_update("u1\nnew\n" E "\nu2\n", B, E, "new\n", &dmg);
	assert_true(dmg);
	assert_string_equal(t, "u1\nnew\n" B "\nnew\n" E "\nu2\n");
	free(t);
	/* duplicated block */
	t = blk_update(B "\na\n" E "\nmid\n" B "\nb\n" E "\n", B, E, "c\n", &dmg);
	assert_true(dmg);
	assert_string_equal(t, B "\nc\n" E "\nmid\n");
	assert_null(blk_get(B "\na\n" E "\n" E "\n", B, E));
	free(t);
}

/* A user's file is bytes: NUL, CR, invalid UTF-8 and a missing final newline
 * outside the block all survive an update and a removal. */
static void block_keeps_every_byte_outside(void **state)
{
	(void)state;
	static const char pre[] = "%a 1\r\n\0nul\xff\xfe\n";
	static const char post[] = "after\0x\r\nno final newline";
	struct acm_buf in = ACM_BUF_INIT, out = ACM_BUF_INIT, want = ACM_BUF_INIT;
	bool dmg;

	acm_buf_add(&in, pre, sizeof(pre) - 1);
	acm_buf_adds(&in, B "\nold\n" E "\n");
	acm_buf_add(&in, post, sizeof(post) - 1);
	acm_block_update_n(in.data, in.len, B, E, "new\n", &dmg, &out);
	assert_false(dmg);
	acm_buf_add(&want, pre, sizeof(pre) - 1);
	acm_buf_adds(&want, B "\nnew\n" E "\n");
	acm_buf_add(&want, post, sizeof(post) - 1);
	assert_int_equal(out.len, want.len);
	assert_memory_equal(out.data, want.data, want.len);
	assert_true(acm_block_get_n(out.data, out.len, B, E, &want));
	assert_string_equal(want.data, "new\n");

	assert_true(acm_block_remove_n(in.data, in.len, B, E, &out));
	acm_buf_reset(&want);
	acm_buf_add(&want, pre, sizeof(pre) - 1);
	acm_buf_add(&want, post, sizeof(post) - 1);
	assert_int_equal(out.len, want.len);
	assert_memory_equal(out.data, want.data, want.len);

	/* no block yet: the whole file, a newline, then ours */
	acm_block_update_n(post, sizeof(post) - 1, B, E, "new\n", &dmg, &out);
	assert_int_equal(out.len, sizeof(post) - 1 + 1 + strlen(B "\nnew\n" E "\n"));
	assert_memory_equal(out.data, post, sizeof(post) - 1);
	/* a marker line with a CR is not our marker: kept as the user's line */
	acm_block_update_n(B "\r\nx\n", strlen(B "\r\nx\n"), B, E, "new\n", &dmg, &out);
	assert_false(dmg);
	assert_string_equal(out.data, B "\r\nx\n" B "\nnew\n" E "\n");
	acm_buf_free(&in);
	acm_buf_free(&out);
	acm_buf_free(&want);
}

/* --- where a write lands (#6): links followed, devices and FIFOs never replaced --- */
static void atomic_write_follows_a_link_to_its_target(void **state)
{
	(void)state;
	const char *t = in_tmp("target"), *l = in_tmp("link"), *l2 = in_tmp("link2"), *d = in_tmp("dangling");
	const char *nt = in_tmp("newtarget"), *loop = in_tmp("loop");
	struct stat st;

	assert_int_equal(acm_write_file_atomic(t, "old\n", 4, 0644), 0);
	assert_int_equal(chmod(t, 0600), 0);
	assert_int_equal(symlink("target", l), 0);      /* relative: from the link's directory */
	assert_int_equal(symlink(l, l2), 0);            /* a chain */
	assert_int_equal(acm_write_file_atomic(l2, "new\n", 4, 0644), 0);
	assert_int_equal(lstat(l, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(l2, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(t, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);      /* the target's mode kept */
	assert_file_is(t, "new\n");
	/* a dangling link creates its target */
	assert_int_equal(symlink(nt, d), 0);
	assert_int_equal(acm_write_file_atomic(d, "x", 1, 0644), 0);
	assert_int_equal(lstat(d, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_is(nt, "x");
	/* a loop is refused, and stays */
	assert_int_equal(symlink("loop", loop), 0);
	assert_int_equal(acm_write_file_atomic(loop, "x", 1, 0644), ACM_EX_CANTCREAT);
	assert_int_equal(lstat(loop, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
}

static void atomic_write_streams_to_fifo_and_char_device(void **state)
{
	(void)state;
	const char *f = in_tmp("fifo"), *null = in_tmp("null"), *lnull = in_tmp("lnull"), *sock = in_tmp("sock");
	const char *blk = in_tmp("blk");
	struct stat st;
	int p[2];

	/* a FIFO nobody reads: refused at once, not waited on */
	assert_int_equal(mkfifo(f, 0600), 0);
	alarm(10);
	assert_int_equal(acm_write_file_atomic(f, "x", 1, 0644), ACM_EX_CANTCREAT);
	/* with a reader: the bytes go down the FIFO, the FIFO stays */
	assert_int_equal(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		char buf[16] = { 0 };
		int fd = open(f, O_RDONLY);
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		(void)!write(p[1], buf, n > 0 ? (size_t)n : 0);
		_exit(0);
	}
	struct acm_atomic a;
	int rc;
	while ((rc = acm_atomic_open(&a, f, 0644)) == ACM_EX_CANTCREAT)
		usleep(10000);          /* until the child has opened its end */
	assert_int_equal(rc, 0);
	assert_int_equal(acm_write_all(a.fd, "hello", 5), 0);
	assert_int_equal(acm_atomic_commit(&a), 0);
	char got[16] = { 0 };
	assert_int_equal(read(p[0], got, sizeof(got) - 1), 5);
	assert_string_equal(got, "hello");
	waitpid(pid, NULL, 0);
	assert_int_equal(lstat(f, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	alarm(0);
	/* a character device (here a private /dev/null), also through a link */
	assert_int_equal(mknod(null, S_IFCHR | 0666, makedev(1, 3)), 0);
	assert_int_equal(symlink(null, lnull), 0);
	assert_int_equal(acm_write_file_atomic(null, "x", 1, 0644), 0);
	assert_int_equal(acm_write_file_atomic(lnull, "x", 1, 0644), 0);
	assert_int_equal(lstat(null, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(lstat(lnull, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* a block device and a socket are refused and stay */
	assert_int_equal(mknod(blk, S_IFBLK | 0600, makedev(7, 200)), 0);
	assert_int_equal(acm_write_file_atomic(blk, "x", 1, 0644), ACM_EX_CANTCREAT);
	assert_int_equal(lstat(blk, &st), 0);
	assert_true(S_ISBLK(st.st_mode));
	const char *argv[] = { "python3", "-c", "import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])",
			       sock, NULL };
	assert_int_equal(acm_run_capture(argv, NULL), 0);
	assert_int_equal(acm_write_file_atomic(sock, "x", 1, 0644), ACM_EX_CANTCREAT);
	assert_int_equal(lstat(sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	/* read: open() says ENXIO for a socket; every reader is told "not a
	 * regular file", devices allowed or not, and a load stops with 74 */
	assert_int_equal(acm_open_input(sock, 0), -ACM_ENOTREG);
	assert_int_equal(acm_open_input(sock, ACM_INPUT_DEVICE), -ACM_ENOTREG);
	char *sd = NULL;
	assert_int_equal(acm_read_file(sock, &sd, NULL, 0), -ACM_ENOTREG);
	assert_null(sd);
	struct acm_mfile sm;
	assert_int_equal(acm_mfile_load(&sm, sock), ACM_EX_IOERR);
	acm_mfile_free(&sm);
}

/* --- managed files --- */
static void managed_load_never_takes_unreadable_for_empty(void **state)
{
	(void)state;
	const char *none = in_tmp("none"), *fifo = in_tmp("fifo"), *dir = in_tmp("dir");
	const char *under = in_tmp("f/x"), *f = in_tmp("f"), *big = in_tmp("big");
	struct acm_mfile m;

	assert_int_equal(acm_mfile_load(&m, none), 0);
	assert_false(m.present);
	assert_false(acm_mfile_differs(&m));
	acm_mfile_free(&m);
	/* a FIFO: an I/O error at once, no hang */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);
	assert_int_equal(acm_mfile_load(&m, fifo), ACM_EX_IOERR);
	alarm(0);
	acm_mfile_free(&m);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(acm_mfile_load(&m, dir), ACM_EX_CANTCREAT);
	acm_mfile_free(&m);
	assert_int_equal(acm_write_file_atomic(f, "x", 1, 0644), 0);
	assert_int_equal(acm_mfile_load(&m, under), ACM_EX_CANTCREAT);
	acm_mfile_free(&m);
	/* no size cap: 5 MB with NULs is loaded whole, and a block edit keeps it */
	size_t n = 5u << 20;
	char *data = acm_xmalloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = (i % 61 == 60) ? '\n' : (char)(i % 7 == 0 ? '\0' : 'a' + i % 26);
	data[n - 1] = 'z';              /* no final newline */
	assert_int_equal(acm_write_file_atomic(big, data, n, 0640), 0);
	assert_int_equal(acm_mfile_load(&m, big), 0);
	assert_true(m.present);
	assert_int_equal(m.old.len, n);
	acm_mfile_set_block(&m, B, E, "include \"x\"\n");
	assert_true(acm_mfile_differs(&m));
	assert_int_equal(acm_mfile_apply(&m), 0);
	acm_mfile_free(&m);
	char *got;
	size_t glen;
	assert_int_equal(acm_read_file(big, &got, &glen, 0), 0);
	assert_int_equal(glen, n + 1 + strlen(B "\ninclude \"x\"\n" E "\n"));
	assert_memory_equal(got, data, n);
	/* taking the block out gives the very same bytes back */
	assert_int_equal(acm_mfile_load(&m, big), 0);
	acm_mfile_set_block(&m, B, E, NULL);
	assert_int_equal(acm_mfile_apply(&m), 0);
	acm_mfile_free(&m);
	free(got);
	assert_int_equal(acm_read_file(big, &got, &glen, 0), 0);
	assert_int_equal(glen, n + 1);
	assert_memory_equal(got, data, n);
	free(got);
	free(data);
}

static void managed_block_removal_removes_only_our_file(void **state)
{
	(void)state;
	const char *ours = in_tmp("ours"), *theirs = in_tmp("theirs"), *blank = in_tmp("blank");
	struct acm_mfile m;

	assert_int_equal(acm_write_file_atomic(ours, "\n" B "\nx\n" E "\n", strlen("\n" B "\nx\n" E "\n"), 0644), 0);
	assert_int_equal(acm_write_file_atomic(theirs, "keep\n" B "\nx\n" E "\n", strlen("keep\n" B "\nx\n" E "\n"), 0644), 0);
	assert_int_equal(acm_write_file_atomic(blank, "\n", 1, 0644), 0);
	assert_int_equal(acm_mfile_load(&m, ours), 0);
	acm_mfile_set_block(&m, B, E, NULL);
	assert_false(m.want_present);
	assert_int_equal(acm_mfile_apply(&m), 0);
	assert_false(acm_exists(ours));
	acm_mfile_free(&m);
	assert_int_equal(acm_mfile_load(&m, theirs), 0);
	acm_mfile_set_block(&m, B, E, NULL);
	assert_int_equal(acm_mfile_apply(&m), 0);
	acm_mfile_free(&m);
	assert_file_is(theirs, "keep\n");
	/* a blank file with no block of ours is not ours to delete */
	assert_int_equal(acm_mfile_load(&m, blank), 0);
	acm_mfile_set_block(&m, B, E, NULL);
	assert_false(acm_mfile_differs(&m));
	acm_mfile_free(&m);
}

/* The directories apply makes for a file go again on restore, a directory
 * rmdir_parent empties comes back with its mode, a removed file comes back
 * with its own mode, and a refused write leaves no directory made. */
static void managed_restore_puts_directories_and_modes_back(void **state)
{
	(void)state;
	const char *deep = in_tmp("a/b/c/f"), *a = in_tmp("a"), *dd = in_tmp("dd"), *ddf = in_tmp("dd/f");
	const char *blocker = in_tmp("x"), *under = in_tmp("x/y/f"), *made = in_tmp("m/n/x/f");
	struct acm_mset s = ACM_MSET_INIT;
	struct acm_mfile *f;
	struct stat st;

	assert_int_equal(mkdir(dd, 0750), 0);
	assert_int_equal(acm_write_file_atomic(ddf, "mine\n", 5, 0600), 0);
	assert_int_equal(acm_mset_load(&s, deep, &f), 0);
	f->mkdir_parent = true;
	acm_mfile_set(f, "new\n", 4);
	assert_int_equal(acm_mset_load(&s, ddf, &f), 0);
	assert_int_equal(f->old_mode, 0600);
	f->rmdir_parent = true;
	acm_mfile_set_absent(f);
	assert_int_equal(acm_mset_apply(&s), 0);
	assert_true(acm_exists(deep));
	assert_false(acm_exists(dd));           /* emptied, so removed */
	/* 2 files, 3 directories made, 1 removed */
	assert_int_equal(acm_mset_restore(&s), 6);
	assert_false(acm_exists(a));
	assert_int_equal(stat(dd, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0750);
	assert_int_equal(stat(ddf, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_file_is(ddf, "mine\n");
	acm_mset_free(&s);

	/* a file where a directory should be: refused, nothing made stays */
	assert_int_equal(acm_write_file_atomic(blocker, "", 0, 0644), 0);
	struct acm_mfile m;
	assert_int_equal(acm_mfile_load(&m, under), ACM_EX_CANTCREAT);
	acm_mfile_free(&m);
	/* ... also when only the apply finds it (it appeared after the load),
	 * and no directory is left made */
	assert_int_equal(acm_mfile_load(&m, made), 0);
	m.mkdir_parent = true;
	acm_mfile_set(&m, "x", 1);
	const char *mx = in_tmp("m/n/x");
	assert_int_equal(acm_mkdir_p(mx, 0755), 0);
	assert_int_equal(rmdir(mx), 0);
	assert_int_equal(acm_write_file_atomic(mx, "", 0, 0644), 0);
	assert_int_equal(acm_mfile_apply(&m), ACM_EX_CANTCREAT);
	assert_int_equal(m.nmade, 0);
	assert_false(m.changed);
	acm_mfile_free(&m);
}

/* Edits of one file in a set compose: the second load returns the same
 * entry, and a second block is added to the first's wanted bytes. */
static void managed_set_composes_edits_of_one_file(void **state)
{
	(void)state;
	const char *p = in_tmp("shared");
	struct acm_mset s = ACM_MSET_INIT;
	struct acm_mfile *a, *b;

	assert_int_equal(acm_write_file_atomic(p, "user\n", 5, 0644), 0);
	assert_int_equal(acm_mset_load(&s, p, &a), 0);
	acm_mfile_set_block(a, "# BEGIN one", "# END one", "1\n");
	assert_int_equal(acm_mset_load(&s, p, &b), 0);
	assert_ptr_equal(a, b);
	assert_int_equal(s.n, 1);
	acm_mfile_set_block(b, "# BEGIN two", "# END two", "2\n");
	assert_int_equal(acm_mset_apply(&s), 0);
	assert_file_is(p, "user\n# BEGIN one\n1\n# END one\n# BEGIN two\n2\n# END two\n");
	acm_mset_restore(&s);
	assert_file_is(p, "user\n");
	acm_mset_free(&s);
}

/* A set of files is one change: the write of file N failing puts files
 * 1..N-1 back as they were (removing the ones that were new), for every N;
 * a later failure (acm_mset_restore) undoes all of them. */
static void managed_set_undoes_everything_on_failure(void **state)
{
	(void)state;
	enum { NF = 4 };
	for (int fail = 0; fail <= NF; fail++) {
		struct acm_mset s = ACM_MSET_INIT;
		char *paths[NF];
		for (int i = 0; i < NF; i++) {
			char *d = acm_xasprintf("%s/d%d.%d", tmpdir, fail, i);
			assert_int_equal(acm_mkdir_p(d, 0755), 0);
			paths[i] = acm_xasprintf("%s/f", d);
			if (i % 2 == 0) /* even files exist before the run, odd ones are new */
				assert_int_equal(acm_write_file_atomic(paths[i], "before\n", 7, 0644), 0);
			struct acm_mfile *f;
			assert_int_equal(acm_mset_load(&s, paths[i], &f), 0);
			acm_mfile_set(f, "after\n", 6);
			if (i == fail) {
				/* the directory turns into a file: the write cannot happen */
				const char *argv[] = { "sh", "-c", "rm -rf \"$0\" && : >\"$0\"", d, NULL };
				assert_int_equal(acm_run_capture(argv, NULL), 0);
			}
			free(d);
		}
		assert_true(acm_mset_differs(&s));
		int rc = acm_mset_apply(&s);
		if (fail == NF) {
			assert_int_equal(rc, 0);
			assert_int_equal(acm_mset_changed(&s), NF);
			acm_mset_restore(&s);   /* a later step failed */
		} else {
			assert_int_not_equal(rc, 0);
		}
		for (int i = 0; i < NF; i++) {
			if (i == fail)
				continue;
			if (i % 2 == 0) {
				assert_file_is(paths[i], "before\n");
			} else {
				assert_false(acm_exists(paths[i]));
			}
		}
		assert_int_equal(acm_mset_changed(&s), 0);
		acm_mset_free(&s);
		for (int i = 0; i < NF; i++)
			free(paths[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_codes_match_sysexits),
		cmocka_unit_test(record_emit_cases),
		cmocka_unit_test(quoting_and_cleaning_hostile),
		cmocka_unit_test(record_escape_roundtrip_every_byte),
		cmocka_unit_test(text_numbers_whole_field_only),
		cmocka_unit_test(record_value_roundtrip_through_shells),
		cmocka_unit_test(msg_every_message_is_cleaned),
		cmocka_unit_test(buf_grows_and_formats),
		TMP_TEST(atomic_write_creates_and_keeps_mode),
		TMP_TEST(atomic_write_refuses_directory_and_missing_dir),
		TMP_TEST(atomic_abort_leaves_old_content),
		TMP_TEST(link_or_copy_links_only_a_plain_match),
		TMP_TEST(mkdir_p_and_read_limits),
		cmocka_unit_test(confine_name_refuses_escapes),
		cmocka_unit_test(confine_mode_refuses_specials),
		cmocka_unit_test(confine_links_lexical_cases),
		cmocka_unit_test(confine_links_resolve_through_dot),
		cmocka_unit_test(confine_links_any_order),
		cmocka_unit_test(confine_within_top),
		TMP_TEST(confine_links_on_disk),
		TMP_TEST(open_beneath_never_follows_links),
		cmocka_unit_test(run_captures_and_maps_status),
		cmocka_unit_test(run_no_shell_and_env_and_cwd),
		cmocka_unit_test(run_large_output_does_not_deadlock),
		TMP_TEST(run_log_and_tail),
		cmocka_unit_test(progress_silent_unless_tty_or_forced),
		TMP_TEST(lock_second_holder_gets_tempfail),
		cmocka_unit_test(distro_families),
		cmocka_unit_test(block_append_replace_keep_outside),
		cmocka_unit_test(block_damaged_is_repaired),
		cmocka_unit_test(block_keeps_every_byte_outside),
		TMP_TEST(atomic_write_follows_a_link_to_its_target),
		TMP_TEST(atomic_write_streams_to_fifo_and_char_device),
		TMP_TEST(managed_load_never_takes_unreadable_for_empty),
		TMP_TEST(managed_block_removal_removes_only_our_file),
		TMP_TEST(managed_set_undoes_everything_on_failure),
		TMP_TEST(managed_set_composes_edits_of_one_file),
		TMP_TEST(managed_restore_puts_directories_and_modes_back),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}

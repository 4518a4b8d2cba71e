/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodconf.c - configure-driven module builds: the rule table, reading a
 * tree's autoconf input, and the %build line (see kmodconf.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "actext.h"
#include "fileio.h"
#include "kmodconf.h"
#include "kmodvar.h"
#include "msg.h"
#include "text.h"
#include "spectext.h"

/* ---- the table: one row per project, the generic row last ------------------
 * Each row is what that project's own build notes say a module-only build
 * is; checked by hand against the release named in the comment. */
static const struct acm_kmodconf_rule rules[] = {
	/* OpenZFS 2.x (2.2.7): SPL and ZFS from one tree; configure's
	 * --with-config=kernel checks only the kernel; the top make (as its
	 * own zfs-kmod.spec runs it) writes include/zfs_gitrev.h, which
	 * make -C module alone lacks, and builds module/spl.ko, module/zfs.ko */
	{ .id = "openzfs", .marker = "module/zfs/zfs_ioctl.c",
	  .bootstrap = { "./autogen.sh" },
	  .configure = { "--with-config=kernel", "--with-linux=@KSRC@", "--with-linux-obj=@KOBJ@" },
	  .make = { NULL }, .modules = { "spl", "zfs" }, .moddir = "module",
	  .license = "CDDL-1.0",
	  .build_requires = { "autoconf", "automake", "libtool" } },
	/* OpenAFS 1.8 (1.8.9): the client's cache manager, src/libafs, built by
	 * the top Makefile's only_libafs as libafs.ko and afspag.ko in
	 * src/libafs/MODLOAD-KVER-MP/ (MP: configure's SMP probe; SP with
	 * --with-linux-kernel-packaging, which also renames libafs to openafs,
	 * as OpenAFS's own RPM and dkms.conf do). Built for real against
	 * 6.1.0-57-amd64: both modules, that kernel's vermagic. */
	{ .id = "openafs", .marker = "src/libafs/MakefileProto.LINUX.in",
	  .bootstrap = { "./regen.sh", "-q" },
	  .configure = { "--with-linux-kernel-headers=@KSRC@", "--with-linux-kernel-build=@KOBJ@" },
	  .make = { "only_libafs" }, .modules = { "libafs", "afspag" }, .moddir = "src/libafs",
	  .license = "IPL-1.0",
	  .build_requires = { "autoconf", "automake", "libtool", "flex", "bison", "perl" } },
	/* any other tree whose configure takes the kernel by an option below */
	{ .id = "autoconf", .marker = NULL,
	  .build_requires = { "autoconf", "automake", "libtool" } },
};

/* AC_ARG_WITH names that point configure at a kernel, and the flag each gets */
static const struct {
	const char *name;
	const char *flag;
} kernel_opts[] = {
	{ "linux", "--with-linux=@KSRC@" },                     /* OpenZFS, Lustre */
	{ "linux-obj", "--with-linux-obj=@KOBJ@" },
	{ "linux-kernel-headers", "--with-linux-kernel-headers=@KSRC@" }, /* OpenAFS */
	{ "linux-kernel-build", "--with-linux-kernel-build=@KOBJ@" },
	{ "kernel-source", "--with-kernel-source=@KSRC@" },
	{ "kernel-build", "--with-kernel-build=@KOBJ@" },
	{ "linux-src", "--with-linux-src=@KSRC@" },
	{ "kerneldir", "--with-kerneldir=@KOBJ@" },
	{ "kernel-dir", "--with-kernel-dir=@KOBJ@" },
};

/* the bootstrap scripts a tree from git carries, in the order tried */
static const char *const bootstraps[] = { "autogen.sh", "bootstrap", "bootstrap.sh", "regen.sh",
	"autogen", NULL };

struct acm_kmodconf {
	char **paths;            /* every file of the tree */
	size_t npaths;
	char *ac;                /* configure.ac (or configure.in) text */
	char **withs;            /* AC_ARG_WITH names in configure.ac and the .m4 files */
	size_t nwiths;
	bool config_kernel;      /* AC_ARG_WITH([config]) offers "kernel" (OpenZFS) */
	char *meta_name, *meta_version, *ac_name, *ac_version;
	const char *flags[sizeof kernel_opts / sizeof kernel_opts[0] + 2];
};

struct acm_kmodconf *acm_kmodconf_new(void)
{
	return acm_xcalloc(1, sizeof(struct acm_kmodconf));
}

void acm_kmodconf_free(struct acm_kmodconf *c)
{
	if (!c)
		return;
	acm_strv_free(c->paths, c->npaths);
	acm_strv_free(c->withs, c->nwiths);
	free(c->ac);
	free(c->meta_name);
	free(c->meta_version);
	free(c->ac_name);
	free(c->ac_version);
	free(c);
}

static bool is_ac(const char *path)
{
	return strcmp(path, "configure.ac") == 0 || strcmp(path, "configure.in") == 0;
}

/* .m4 files hold the AC_ARG_WITH of most such trees (config/kernel.m4,
 * src/cf/options.m4); aclocal.m4 is generated from the tools' own */
static bool is_m4(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	return acm_text_ends_with(b, ".m4") && strcmp(path, "aclocal.m4") != 0;
}

bool acm_kmodconf_wants(const char *path, unsigned long long size)
{
	if (is_ac(path) || is_m4(path))
		return size <= (1u << 20);
	return strcmp(path, "META") == 0 && size <= 65536;
}

/* The AC_ARG_WITH names of text, and whether [config] offers "kernel". */
static void read_withs(struct acm_kmodconf *c, const char *text, size_t len)
{
	static const char key[] = "AC_ARG_WITH(";
	const char *end = text + len;

	for (const char *p = text; (p = memmem(p, (size_t)(end - p), key, sizeof key - 1));) {
		const char *n = p + sizeof key - 1, *e;

		p = n;
		while (n < end && (*n == ' ' || *n == '\t' || *n == '\n' || *n == '['))
			n++;
		for (e = n; e < end && (isalnum((unsigned char)*e) || *e == '-' || *e == '_'); e++)
			;
		if (e == n || e - n > 64)
			continue;
		{
			char *name = acm_xasprintf("%.*s", (int)(e - n), n);

			if (strcmp(name, "config") == 0) {
				size_t span = (size_t)(end - e) < 400 ? (size_t)(end - e) : 400;

				c->config_kernel |= memmem(e, span, "kernel", 6) != NULL;
			}
			c->withs = acm_strv_add_unique(c->withs, &c->nwiths, name);
			free(name);
		}
	}
}

/* AC_INIT's arguments: [name], [version], [bug], [tarname]. A version or
 * name made by m4 (m4_esyscmd, m4_defn) is not static: left NULL. */
static void read_ac_init(struct acm_kmodconf *c, const char *text)
{
	const char *from = text, *p = acm_actext_call(text, "AC_INIT", false, &from);
	char *args[4] = { NULL };
	size_t na = p ? acm_actext_m4_args(p, args, 4) : 0;

	for (size_t i = 0; i < na; i++) {
		if (strpbrk(args[i], "($`")) {  /* m4_esyscmd(...), a shell or m4 expansion */
			free(args[i]);
			args[i] = acm_xstrdup("");
		}
	}
	if (args[0] && *args[0]) {
		const char *tar = args[3] && *args[3] ? args[3] : args[0];
		char *t = acm_xstrdup(strncmp(tar, "GNU ", 4) == 0 ? tar + 4 : tar);

		/* autoconf's own tarname: lower case, other characters as '-' */
		for (char *q = t; *q; q++)
			*q = isalnum((unsigned char)*q) || *q == '.' || *q == '_' || *q == '+'
			     ? (char)tolower((unsigned char)*q) : '-';
		c->ac_name = t;
	}
	if (args[1] && *args[1])
		c->ac_version = acm_xstrdup(args[1]);
	for (size_t i = 0; i < na; i++)
		free(args[i]);
}

void acm_kmodconf_add(struct acm_kmodconf *c, const char *path, bool is_dir, const char *text,
		      size_t len)
{
	if (is_dir)
		return;
	if ((c->npaths & (c->npaths + 1)) == 0) /* room for 2, 4, 8, ... */
		c->paths = acm_xrealloc(c->paths, (2 * c->npaths + 2) * sizeof *c->paths);
	c->paths[c->npaths++] = acm_xstrdup(path);
	if (!text || memchr(text, 0, len))
		return;
	if (is_ac(path) && (!c->ac || strcmp(path, "configure.ac") == 0)) {
		free(c->ac);
		c->ac = acm_xstrdup(text);
		free(c->ac_name);
		free(c->ac_version);
		c->ac_name = c->ac_version = NULL;
		read_ac_init(c, text);
	}
	if (is_ac(path) || is_m4(path))
		read_withs(c, text, len);
	if (strcmp(path, "META") == 0) {
		free(c->meta_name);
		free(c->meta_version);
		c->meta_name = acm_actext_field(text, len, "Name");
		c->meta_version = acm_actext_field(text, len, "Version");
	}
}

static bool has_path(const struct acm_kmodconf *c, const char *path)
{
	for (size_t i = 0; i < c->npaths; i++)
		if (strcmp(c->paths[i], path) == 0)
			return true;
	return false;
}

static bool has_with(const struct acm_kmodconf *c, const char *name)
{
	for (size_t i = 0; i < c->nwiths; i++)
		if (strcmp(c->withs[i], name) == 0)
			return true;
	return false;
}

const struct acm_kmodconf_rule *acm_kmodconf_rule(const struct acm_kmodconf *c)
{
	const size_t n = sizeof rules / sizeof rules[0];

	if (!c || !c->ac)
		return NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (has_path(c, rules[i].marker))
			return &rules[i];
	/* the generic row: only when configure can be told which kernel,
	 * never left to find the running one */
	return acm_kmodconf_flags(c)[0] ? &rules[n - 1] : NULL;
}

const char *const *acm_kmodconf_flags(const struct acm_kmodconf *c)
{
	struct acm_kmodconf *w = (struct acm_kmodconf *)c;  /* the cache of flags */
	size_t k = 0;

	if (c->config_kernel && has_with(c, "config"))
		w->flags[k++] = "--with-config=kernel";
	for (size_t i = 0; i < sizeof kernel_opts / sizeof kernel_opts[0]; i++)
		if (has_with(c, kernel_opts[i].name))
			w->flags[k++] = kernel_opts[i].flag;
	w->flags[k] = NULL;
	/* "--with-config=kernel" alone names no kernel */
	if (k == 1 && c->config_kernel)
		w->flags[0] = NULL;
	return w->flags;
}

bool acm_kmodconf_has_configure(const struct acm_kmodconf *c)
{
	return has_path(c, "configure");
}

const char *acm_kmodconf_name(const struct acm_kmodconf *c)
{
	return c->meta_name ? c->meta_name : c->ac_name;
}

const char *acm_kmodconf_version(const struct acm_kmodconf *c)
{
	return c->meta_version ? c->meta_version : c->ac_version;
}

char *acm_kmodconf_ksrc(const char *kobj)
{
	char *mf = acm_xasprintf("%s/Makefile", kobj), *text = NULL, *res = NULL;
	size_t len = 0;

	if (acm_read_file(mf, &text, &len, 65536) == 0) {
		const char *p = text;

		while (*p == '#' || *p == '\n') {  /* comment lines before it */
			const char *nl = strchr(p, '\n');

			p = nl ? nl + 1 : p + strlen(p);
		}
		if (strncmp(p, "include /", 9) == 0) {
			const char *s = p + 8, *e = s + strcspn(s, " \t\n");
			const char *rest = e + strspn(e, " \t\n");

			if (!*rest && e - s > 9 && strncmp(e - 9, "/Makefile", 9) == 0) {
				char *dir = acm_xasprintf("%.*s", (int)(e - s - 9), s);
				char *probe = acm_xasprintf("%s/include/linux", dir);
				struct stat st;

				if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode))
					res = dir;
				else
					free(dir);
				free(probe);
			}
		}
	}
	free(text);
	free(mf);
	return res ? res : acm_xstrdup(kobj);
}

/* A flag of the table with the kernel's trees filled in, as a shell word. */
static bool flag_word(struct acm_buf *b, const char *flag, const char *ksrc, const char *kobj)
{
	struct acm_buf w = ACM_BUF_INIT;
	bool ok;

	for (const char *p = flag; *p;) {
		if (strncmp(p, "@KSRC@", 6) == 0) {
			acm_buf_adds(&w, ksrc);
			p += 6;
		} else if (strncmp(p, "@KOBJ@", 6) == 0) {
			acm_buf_adds(&w, kobj);
			p += 6;
		} else {
			acm_buf_addc(&w, *p++);
		}
	}
	ok = acm_spectext_shell(b, acm_buf_str(&w));
	acm_buf_free(&w);
	return ok;
}

bool acm_kmodconf_build_line(struct acm_buf *b, const struct acm_kmodconf *c, const char *bdir,
			     const char *ksrc, const char *kobj, const char *const *make_vars)
{
	const struct acm_kmodconf_rule *r = acm_kmodconf_rule(c);
	const char *const *flags;
	struct acm_buf t = ACM_BUF_INIT;
	bool ok;

	if (!r) {
		acm_buf_free(&t);
		return false;
	}
	flags = r->marker ? r->configure : acm_kmodconf_flags(c);
	acm_buf_adds(&t, "(cd ");
	ok = acm_spectext_shell(&t, bdir);
	if (!acm_kmodconf_has_configure(c)) {
		acm_buf_adds(&t, " && ");
		if (r->bootstrap[0]) {
			for (size_t i = 0; ok && r->bootstrap[i]; i++) {
				if (i)
					acm_buf_addc(&t, ' ');
				ok = acm_spectext_shell(&t, r->bootstrap[i]);
			}
		} else {
			const char *script = NULL;

			for (size_t i = 0; !script && bootstraps[i]; i++)
				if (has_path(c, bootstraps[i]))
					script = bootstraps[i];
			if (script) {
				acm_buf_adds(&t, "./");
				ok = ok && acm_spectext_shell(&t, script);
			} else {
				acm_buf_adds(&t, "autoreconf -fi");
			}
		}
	}
	acm_buf_adds(&t, " && ./configure");
	for (size_t i = 0; ok && flags[i]; i++) {
		acm_buf_addc(&t, ' ');
		ok = flag_word(&t, flags[i], ksrc, kobj);
	}
	acm_buf_adds(&t, " && %{__make} %{?_smp_mflags}");
	for (size_t i = 0; ok && r->make[i]; i++) {
		acm_buf_addc(&t, ' ');
		ok = acm_spectext_shell(&t, r->make[i]);
	}
	for (size_t v = 0; ok && make_vars && make_vars[v]; v++) {
		acm_buf_addc(&t, ' ');
		ok = acm_kmodvar_shell(&t, make_vars[v], "\"$PWD\"");
	}
	acm_buf_adds(&t, ")\n");
	if (ok)
		acm_buf_add(b, t.data, t.len);
	acm_buf_free(&t);
	return ok;
}

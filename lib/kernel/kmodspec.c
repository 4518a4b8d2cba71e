/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodspec.c - write the kmod spec (see kmodspec.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dkmscmd.h"
#include "dkmsword.h"
#include "kmodscan.h"
#include "kmodvar.h"
#include "kmodspec.h"
#include "msg.h"
#include "spectext.h"

char *acm_kmodspec_pkgname(const char *name, const char *kver)
{
	return acm_xasprintf("kmod-%s-%s", name, kver);
}

/* An RPM version-release holds one '-' at most: "6.1.192-1.el9.x86_64" can
 * be compared as kernel-uname-r = KVER, Debian's "6.1.0-56-amd64" cannot
 * (rpmbuild: "Invalid version (double separator '-')"). */
bool acm_kmodspec_kver_is_evr(const char *kver)
{
	const char *d = strchr(kver, '-');

	return !d || !strchr(d + 1, '-');
}

/* The build copy of the tree for one kernel. */
static void build_dir(struct acm_buf *b, const char *kver, const char *rel)
{
	acm_buf_addf(b, "_kmod_build_%s%s%s", kver, *rel ? "/" : "", rel);
}

/* Where module m is installed under /lib/modules/KVER: "extra/NAME", or
 * with dkms.conf "extra/NAME/" + DEST_MODULE_LOCATION less its first
 * /kernel, /updates[/dkms] or /extra part (see kmodspec.h). NULL when the
 * location climbs out; a first part that is NAME again is dropped. malloc'd. */
static char *mod_dest(const struct acm_kmodspec *s, size_t m)
{
	const char *dest = NULL;
	char *norm, *sub, *res;

	for (size_t i = 0; s->dkms && i < s->dkms->nmods; i++)
		if (strcmp(s->dkms->mods[i].name, s->set->mods[m].name) == 0)
			dest = s->dkms->mods[i].dest;
	if (!dest)
		return acm_xasprintf("extra/%s", s->pkg.name);
	while (*dest == '/')
		dest++;
	norm = acm_kmod_path_norm(dest);
	if (!norm)
		return NULL;
	sub = norm;
	if (strncmp(sub, "kernel", 6) == 0 && (!sub[6] || sub[6] == '/'))
		sub += 6;
	else if (strncmp(sub, "extra", 5) == 0 && (!sub[5] || sub[5] == '/'))
		sub += 5;
	else if (strncmp(sub, "updates", 7) == 0 && (!sub[7] || sub[7] == '/')) {
		sub += 7;
		if (strncmp(sub, "/dkms", 5) == 0 && (!sub[5] || sub[5] == '/'))
			sub += 5;
	}
	while (*sub == '/')
		sub++;
	/* "/extra/NAME/" (OpenAFS's) is dkms's extra/NAME/: not extra/NAME/NAME */
	if (sub != norm && strncmp(sub, s->pkg.name, strlen(s->pkg.name)) == 0 &&
	    (!sub[strlen(s->pkg.name)] || sub[strlen(s->pkg.name)] == '/')) {
		sub += strlen(s->pkg.name);
		while (*sub == '/')
			sub++;
	}
	res = *sub ? acm_xasprintf("extra/%s/%s", s->pkg.name, sub) : acm_xasprintf("extra/%s", s->pkg.name);
	free(norm);
	return res;
}

static void mod_paths(struct acm_buf *b, const struct acm_kmodspec *s, const char *kver,
		      const char *sep)
{
	for (size_t m = 0; m < s->set->nmods; m++) {
		char *d = mod_dest(s, m);

		acm_buf_addf(b, "%s/lib/modules/%s/%s/%s.ko", m ? sep : "", kver, d,
			     s->set->mods[m].name);
		free(d);
	}
}

/* A word of a dkms.conf command: shell-quoted, the build copy ('\001')
 * as "$PWD" (the command runs there), and a '*' or '?' the file left
 * unquoted (dkmsword.h; dkmscmd.c judged where it may match) unquoted
 * again, so sh globs it as dkms's eval would. */
static bool dkms_word(struct acm_buf *b, const char *w)
{
	static const char marks[] = { '\001', ACM_DKMSWORD_STAR, ACM_DKMSWORD_QMARK, 0 };
	bool ok = true;

	if (!*w)
		acm_buf_adds(b, "''");
	while (ok && *w) {
		size_t n = strcspn(w, marks);

		if (!n) {
			acm_buf_adds(b, *w == '\001' ? "\"$PWD\"" : *w == ACM_DKMSWORD_STAR ? "*" : "?");
			w++;
			continue;
		}
		{
			char *part = acm_xasprintf("%.*s", (int)n, w);

			ok = acm_spectext_shell(b, part);
			w += n;
			free(part);
		}
	}
	return ok;
}

static bool has_glob(const char *w)
{
	return strchr(w, ACM_DKMSWORD_STAR) || strchr(w, ACM_DKMSWORD_QMARK);
}

/* Before a command whose words sh globs: every match must resolve inside
 * the build copy, links and all, when %build runs (the build may have made
 * a link out that no check of the source could see). line: dkms.conf's. */
static bool glob_guard(struct acm_buf *t, const struct acm_dkmscmd *cmd, const char *field,
		       unsigned line)
{
	bool any = false, ok = true;

	for (size_t a = 1; ok && a < cmd->argc; a++) {
		if (!has_glob(cmd->argv[a]))
			continue;
		acm_buf_adds(t, any ? " " : "for f in ");
		ok = dkms_word(t, cmd->argv[a]);
		any = true;
	}
	if (any)
		acm_buf_addf(t, "; do test -e \"$f\" || continue; case \"$(readlink -f -- \"$f\")\" in "
			     "\"$(pwd -P)\"/*) ;; *) echo \"mx2g-pack: dkms.conf line %u: %s: '$f' "
			     "is outside the build copy\" >&2; exit 1;; esac; done && ", line, field);
	return ok;
}

/* One dkms.conf command (MAKE[0], PRE_BUILD, POST_BUILD) for kernel k, as
 * a %build line that cds into the build copy; script: the first word is a
 * file of the source, run when executable (dkms skips it otherwise). dry:
 * only check. false after a message. */
static bool dkms_line(struct acm_buf *b, const struct acm_kmodspec *s, size_t k,
		      const char *field, const char *value, unsigned line, bool script)
{
	const char *arg = s->pkg.origin ? s->pkg.origin : s->pkg.source0;
	struct acm_dkmscmd_env env = { s->kernels[k].kver, s->kernels[k].kdir, "\001" };
	struct acm_dkmscmd *cmds = NULL;
	size_t n = 0;
	char *why = NULL;
	struct acm_buf t = ACM_BUF_INIT;
	bool ok = true;

	if (acm_dkmscmd_split(s->dkms, value, &env, &cmds, &n, &why)) {
		char *shown = acm_spectext_show(value);
		unsigned vline = 1;
		const char *rest = why;
		int used = 0;
		char *where;

		/* "line K: why" counts from the value's first line, which is the file's line */
		if (sscanf(why, "line %u: %n", &vline, &used) == 1 && used > 0)
			rest = why + used;
		where = line ? acm_xasprintf(" line %u", line + vline - 1) : acm_xstrdup("");

		acm_err("'%s': dkms.conf%s: %s '%s': %s; mx2g-pack runs it as plain words, "
			"never with a shell: simplify it, or give --module-dir DIR to build with the "
			"kernel's Kbuild", arg, where, field, shown, rest);
		free(where);
		free(shown);
		free(why);
		return false;
	}
	acm_buf_adds(&t, "(cd ");
	build_dir(&t, s->kernels[k].kver, "");
	for (size_t c = 0; ok && c < n; c++) {
		const struct acm_dkmscmd *cmd = &cmds[c];

		acm_buf_adds(&t, " && ");
		ok = glob_guard(&t, cmd, field, line);
		if (!ok)
			break;
		if (script) {  /* "script args": a file of the build copy, as dkms runs it */
			if (strchr(cmd->argv[0], '\001') || cmd->argv[0][0] == '/') {
				ok = false;
				break;
			}
			acm_buf_adds(&t, "if test -x ");
			ok = dkms_word(&t, cmd->argv[0]);
			acm_buf_adds(&t, "; then \"$PWD\"/");
			ok = ok && dkms_word(&t, cmd->argv[0]);
		} else if (strcmp(cmd->argv[0], "make") == 0) {
			acm_buf_adds(&t, "%{__make}");
		} else {
			ok = dkms_word(&t, cmd->argv[0]);
		}
		/* dkms runs "make" as "make -jN KERNELRELEASE=$kernelver" */
		if (!script && c == 0 && strcmp(cmd->argv[0], "make") == 0) {
			acm_buf_addf(&t, " %%{?_smp_mflags} KERNELRELEASE=%s", s->kernels[k].kver);
			for (size_t v = 0; ok && s->make_vars && s->make_vars[v]; v++) {
				acm_buf_addc(&t, ' ');
				ok = acm_kmodvar_shell(&t, s->make_vars[v], "\"$PWD\"");
			}
		}
		for (size_t a = 1; ok && a < cmd->argc; a++) {
			acm_buf_addc(&t, ' ');
			ok = dkms_word(&t, cmd->argv[a]);
		}
		if (script)
			acm_buf_adds(&t, "; fi");
	}
	acm_buf_adds(&t, ")\n");
	acm_dkmscmd_free(cmds, n);
	if (!ok) {
		char *shown = acm_spectext_show(value);

		acm_err("'%s': dkms.conf line %u: %s '%s' cannot be written into a spec (a control "
			"character or '\\', or a script outside the source)", arg, line, field, shown);
		free(shown);
	} else {
		acm_buf_add(b, t.data, t.len);
	}
	acm_buf_free(&t);
	return ok;
}

/* The %build lines of kernel k as dkms.conf says. false after a message. */
static bool dkms_build(struct acm_buf *b, const struct acm_kmodspec *s, size_t k)
{
	const struct acm_dkmsconf *d = s->dkms;

	return (!d->pre_build || dkms_line(b, s, k, "PRE_BUILD", d->pre_build, d->pre_build_line,
					   true)) &&
	       dkms_line(b, s, k, d->make ? "MAKE[0]" : "the default make line",
			 d->make ? d->make : ACM_DKMSCONF_DEFAULT_MAKE, d->make_line, false) &&
	       (!d->post_build || dkms_line(b, s, k, "POST_BUILD", d->post_build,
					   d->post_build_line, true));
}

/* The %build line of kernel k by the tree's configure. false after a message. */
static bool conf_build(struct acm_buf *b, const struct acm_kmodspec *s, size_t k)
{
	struct acm_buf bdir = ACM_BUF_INIT;
	char *ksrc = acm_kmodconf_ksrc(s->kernels[k].kdir);
	bool ok;

	build_dir(&bdir, s->kernels[k].kver, "");
	ok = acm_kmodconf_build_line(b, s->conf, acm_buf_str(&bdir), ksrc, s->kernels[k].kdir,
				     s->make_vars);
	if (!ok)
		acm_spectext_refuse(s->pkg.origin ? s->pkg.origin : s->pkg.source0, "kernel source tree",
				    ksrc, "no control characters or '\\'");
	acm_buf_free(&bdir);
	free(ksrc);
	return ok;
}

/* Every value from outside, checked before anything is written: words,
 * the license, the URL, the user-space command and the doc file names. */
static bool values_ok(const struct acm_kmodspec *s)
{
	const char *arg = s->pkg.origin ? s->pkg.origin : s->pkg.source0;
	const struct acm_kmod_set *set = s->set;
	struct acm_buf t = ACM_BUF_INIT;
	const char *words[][2] = {
		{ "driver name", s->pkg.name }, { "version", s->pkg.version }, { "release", s->pkg.release },
		{ "Source0", s->pkg.source0 }, { "top directory", s->pkg.setup_dir },
	};
	bool ok = true;

	for (size_t i = 0; ok && i < sizeof words / sizeof words[0]; i++)
		if (!acm_spectext_is_word(words[i][1]))
			ok = acm_spectext_refuse(arg, words[i][0], words[i][1], "letters, digits and ._+- only");
	for (size_t k = 0; ok && k < s->nkernels; k++)
		if (!acm_spectext_is_word(s->kernels[k].kver) || !acm_spectext_is_word(s->kernels[k].kdir))
			ok = acm_spectext_refuse(arg, "kernel", s->kernels[k].kdir,
						 "its path and release: letters, digits and ._+-/ only");
	for (size_t m = 0; ok && m < set->nmods; m++)
		if (!acm_spectext_is_word(set->mods[m].name) ||
		    (*set->mods[m].dir && !acm_spectext_is_word(set->mods[m].dir)))
			ok = acm_spectext_refuse(arg, "module", set->mods[m].name,
						 "its name and directory: letters, digits and ._+-/ only");
	for (size_t r = 0; ok && r < set->nroots; r++)
		if (*set->roots[r] && !acm_spectext_is_word(set->roots[r]))
			ok = acm_spectext_refuse(arg, "module directory", set->roots[r],
						 "letters, digits and ._+-/ only; rename it");
	for (size_t v = 0; ok && s->make_vars && s->make_vars[v]; v++)
		if (acm_kmodvar_check(s->make_vars[v]))
			ok = acm_spectext_refuse(arg, "make variable", s->make_vars[v],
						 "no blanks, quotes or '%' but for %{top}");
	if (ok && s->license && !acm_spectext_license(&t, s->license))
		ok = acm_spectext_refuse(arg, "license", s->license, "not an SPDX expression");
	if (ok && s->url && !acm_spectext_url(&t, s->url))
		ok = acm_spectext_refuse(arg, "URL", s->url, "one word, '%' only as %XX");
	if (ok && s->userland_cmd && !acm_spectext_command(&t, s->userland_cmd))
		ok = acm_spectext_refuse(arg, "user-space install command", s->userland_cmd,
					 "one line, no control characters, no '\\' before '%' or at the end");
	for (size_t d = 0; ok && d < set->ndocs; d++) {
		char *p = acm_xasprintf("%s/%s", s->pkg.setup_dir, set->docs[d]);

		if (!acm_spectext_doc(&t, p))
			ok = acm_spectext_refuse(arg, "doc file name", set->docs[d],
						 "rpm copies it with a shell script: letters, digits, blanks "
						 "and ._+-,@ only; rename it");
		free(p);
	}
	for (size_t m = 0; ok && m < set->nmods; m++) {
		char *d = mod_dest(s, m);

		if (!d || !acm_spectext_is_word(d))
			ok = acm_spectext_refuse(arg, "DEST_MODULE_LOCATION of", set->mods[m].name,
						 "a directory inside /lib/modules/KVER: letters, "
						 "digits and ._+-/ only");
		free(d);
	}
	for (size_t k = 0; ok && s->dkms && k < s->nkernels; k++)
		ok = dkms_build(&t, s, k);
	for (size_t k = 0; ok && s->conf && k < s->nkernels; k++)
		ok = conf_build(&t, s, k);
	acm_buf_free(&t);
	return ok;
}

char *acm_kmodspec_text(const struct acm_kmodspec *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	const struct acm_kmod_set *set = s->set;
	size_t k, m;

	if (!values_ok(s))
		return NULL;
	/* From here on the words are checked; text goes through acm_spectext_*(). */

	acm_buf_addf(&b,
		"# %s-kmod.spec - kernel modules of %s, one kmod package per kernel.\n"
		"# Written by mx2g-pack from ", s->pkg.name, s->pkg.name);
	acm_spectext_text(&b, s->pkg.origin ? s->pkg.origin : s->pkg.source0);
	acm_buf_adds(&b, s->conf ? ".\n"
		"# The modules are built by the source's own configure and make, pointed at\n"
		"# each kernel's trees (never the build host's kernel); the vendor's own\n"
		"# packaging is not used. To build for other kernels, run mx2g-pack again\n"
		"# with --kernel for each of them.\n" : ".\n"
		"# The modules are built with each kernel's own Kbuild (make -C KDIR M=DIR\n"
		"# modules); the vendor's own packaging is not used. To build for other\n"
		"# kernels, run mx2g-pack again with --kernel for each of them.\n");
	acm_buf_adds(&b,
		"\n# kernel modules carry no debuginfo package here, and must keep their symbols\n"
		"%global debug_package %{nil}\n\n");
	acm_buf_addf(&b, "Name:           %s-kmod\n", s->pkg.name);
	acm_buf_addf(&b, "Version:        %s\n", s->pkg.version);
	acm_buf_addf(&b, "Release:        %s%%{?dist}\n", s->pkg.release);
	acm_buf_addf(&b, "Summary:        Kernel modules of the %s driver for specific kernels\n",
		     s->pkg.name);
	acm_buf_adds(&b, "License:        ");
	acm_spectext_license(&b, s->license ? s->license : "LicenseRef-Unknown");
	acm_buf_addc(&b, '\n');
	if (s->url) {
		acm_buf_adds(&b, "URL:            ");
		acm_spectext_url(&b, s->url);
		acm_buf_addc(&b, '\n');
	}
	acm_buf_addf(&b, "Source0:        %s\n", s->pkg.source0);
	acm_buf_adds(&b, "BuildRequires:  gcc\nBuildRequires:  make\nBuildRequires:  binutils\n");
	if (s->conf && !acm_kmodconf_has_configure(s->conf)) {  /* the bootstrap's tools */
		const struct acm_kmodconf_rule *r = acm_kmodconf_rule(s->conf);

		for (size_t i = 0; r->build_requires[i]; i++)
			acm_buf_addf(&b, "BuildRequires:  %s\n", r->build_requires[i]);
	}
	for (k = 0; k < s->nkernels; k++) {
		if (acm_kmodspec_kver_is_evr(s->kernels[k].kver))
			acm_buf_addf(&b, "BuildRequires:  kernel-devel-uname-r = %s\n", s->kernels[k].kver);
		else
			acm_buf_addf(&b, "BuildRequires:  %s/Makefile\n", s->kernels[k].kdir);
	}
	acm_buf_adds(&b, "\n%description\n");
	acm_buf_addf(&b,
		"The %s driver's kernel module%s (", s->pkg.name, set->nmods > 1 ? "s" : "");
	for (m = 0; m < set->nmods; m++)
		acm_buf_addf(&b, "%s%s.ko", m ? ", " : "", set->mods[m].name);
	acm_buf_adds(&b,
		"), built out of tree\n"
		"against the kernels this package names, one kmod package per kernel.\n");

	for (k = 0; k < s->nkernels; k++) {
		const char *kv = s->kernels[k].kver;

		acm_buf_addf(&b, "\n%%package -n kmod-%s-%s\n", s->pkg.name, kv);
		acm_buf_addf(&b, "Summary:        Kernel modules of %s for kernel %s\n", s->pkg.name, kv);
		if (acm_kmodspec_kver_is_evr(kv))
			acm_buf_addf(&b, "Requires:       kernel-uname-r = %s\n", kv);
		else /* no RPM kernel can provide it: tie to the kernel's own files */
			acm_buf_addf(&b, "Requires:       /lib/modules/%s/modules.builtin\n", kv);
		acm_buf_adds(&b, "Requires(post): kmod\nRequires(postun): kmod\n");
		acm_buf_addf(&b, "Provides:       kmod-%s = %%{version}-%%{release}\n", s->pkg.name);
		acm_buf_addf(&b, "Provides:       %s-kmod = %%{version}-%%{release}\n", s->pkg.name);
		for (m = 0; m < set->nmods; m++)
			acm_buf_addf(&b, "Provides:       kmod(%s.ko) = %%{version}-%%{release}\n",
				     set->mods[m].name);
		acm_buf_addf(&b, "\n%%description -n kmod-%s-%s\n", s->pkg.name, kv);
		acm_buf_addf(&b,
			"The %s driver's kernel modules built for kernel %s,\n"
			"installed under /lib/modules/%s/extra/%s/.\n", s->pkg.name, kv, kv, s->pkg.name);
	}
	if (s->userland_cmd) {
		acm_buf_addf(&b, "\n%%package -n %s-utils\n", s->pkg.name);
		acm_buf_addf(&b, "Summary:        User-space parts of the %s driver\n", s->pkg.name);
		acm_buf_addf(&b, "\n%%description -n %s-utils\n", s->pkg.name);
		acm_buf_addf(&b,
			"The libraries and tools that come with the %s driver, as its install\n"
			"command puts them in place.\n", s->pkg.name);
	}

	/* ---- prep: one copy of the tree per kernel, so builds never mix */
	acm_buf_adds(&b, "\n%prep\n%setup -q -c -T -a 0\n");
	for (k = 0; k < s->nkernels; k++) {
		acm_buf_addf(&b, "cp -a %s ", s->pkg.setup_dir);
		build_dir(&b, s->kernels[k].kver, "");
		acm_buf_adds(&b, "\n");
	}

	/* ---- build: the kernel's Kbuild, per kernel and build root */
	acm_buf_adds(&b, "\n%build\n");
	if (s->dkms)
		acm_buf_adds(&b, "# as the source's dkms.conf says, in each kernel's copy of the tree\n");
	for (k = 0; s->dkms && k < s->nkernels; k++)
		(void)dkms_build(&b, s, k);  /* checked by values_ok */
	if (s->conf)
		acm_buf_addf(&b, "# by the source's own configure (%s rule), pointed at each kernel's "
			     "trees, in its copy of the tree\n", acm_kmodconf_rule(s->conf)->id);
	for (k = 0; s->conf && k < s->nkernels; k++)
		(void)conf_build(&b, s, k);  /* checked by values_ok */
	for (k = 0; !s->dkms && !s->conf && k < s->nkernels; k++) {
		for (size_t r = 0; r < set->nroots; r++) {
			acm_buf_addf(&b, "%%{__make} -C '%s' M=\"$PWD/", s->kernels[k].kdir);
			build_dir(&b, s->kernels[k].kver, set->roots[r]);
			acm_buf_adds(&b, "\"");
			for (size_t v = 0; s->make_vars && s->make_vars[v]; v++) {
				struct acm_buf top = ACM_BUF_INIT;

				acm_buf_adds(&top, "\"$PWD/");
				build_dir(&top, s->kernels[k].kver, "");
				acm_buf_addc(&top, '"');
				acm_buf_addc(&b, ' ');
				(void)acm_kmodvar_shell(&b, s->make_vars[v], acm_buf_str(&top));  /* values_ok */
				acm_buf_free(&top);
			}
			acm_buf_adds(&b, " %{?_smp_mflags} modules\n");
		}
	}
	if (s->userland_cmd)
		acm_buf_adds(&b, "# the user-space parts build in %install, by the given command\n");

	/* ---- install */
	acm_buf_adds(&b, "\n%install\n");
	for (k = 0; k < s->nkernels; k++) {
		const char *kv = s->kernels[k].kver;

		{
			char **dirs = NULL;
			size_t nd = 0;

			for (m = 0; m < set->nmods; m++) {
				char *d = mod_dest(s, m);

				dirs = acm_strv_add_unique(dirs, &nd, d);
				free(d);
			}
			for (size_t i = 0; i < nd; i++)
				acm_buf_addf(&b, "install -d -m 0755 %%{buildroot}/lib/modules/%s/%s\n", kv,
					     dirs[i]);
			acm_strv_free(dirs, nd);
		}
		for (m = 0; m < set->nmods; m++) {
			char *rel = *set->mods[m].dir
				? acm_xasprintf("%s/%s.ko", set->mods[m].dir, set->mods[m].name)
				: acm_xasprintf("%s.ko", set->mods[m].name);
			char *d = mod_dest(s, m);

			if (s->conf) {
				/* where its build put it: OpenAFS's MODLOAD-KVER-SP/ */
				acm_buf_adds(&b, "ko=$(find ");
				build_dir(&b, kv, set->mods[m].dir);
				acm_buf_addf(&b, " -name %s.ko -type f | LC_ALL=C sort | head -n 1)\n",
					     set->mods[m].name);
				acm_buf_addf(&b, "test -n \"$ko\" || { echo 'mx2g-pack: %s.ko was not "
					     "built' >&2; exit 1; }\n", set->mods[m].name);
				acm_buf_addf(&b, "install -m 0644 \"$ko\" %%{buildroot}/lib/modules/%s/%s/\n",
					     kv, d);
			} else {
				acm_buf_adds(&b, "install -m 0644 ");
				build_dir(&b, kv, rel);
				acm_buf_addf(&b, " %%{buildroot}/lib/modules/%s/%s/\n", kv, d);
			}
			free(rel);
			free(d);
		}
		/* debug info only: a module stripped of its symbols cannot load */
		for (m = 0; m < set->nmods; m++) {
			char *d = mod_dest(s, m);

			acm_buf_addf(&b, "strip --strip-debug %%{buildroot}/lib/modules/%s/%s/%s.ko\n",
				     kv, d, set->mods[m].name);
			free(d);
		}
		acm_buf_adds(&b, "install -d -m 0755 %{buildroot}%{_sysconfdir}/depmod.d\n");
		acm_buf_adds(&b, "cat >%{buildroot}%{_sysconfdir}/depmod.d/");
		acm_buf_addf(&b, "kmod-%s-%s.conf <<'EOF'\n", s->pkg.name, kv);
		acm_buf_addf(&b, "# kmod-%s-%s: its modules win over in-kernel ones of the same name\n",
			     s->pkg.name, kv);
		for (m = 0; m < set->nmods; m++) {
			char *d = mod_dest(s, m);

			acm_buf_addf(&b, "override %s %s %s\n", set->mods[m].name, kv, d);
			free(d);
		}
		acm_buf_adds(&b, "EOF\n");
	}
	if (s->userland_cmd) {
		struct acm_buf cmd = ACM_BUF_INIT;

		acm_spectext_command(&cmd, s->userland_cmd);
		acm_buf_addf(&b,
			"# user-space parts, installed by the command given to mx2g-pack\n"
			"(cd %s && DESTDIR=%%{buildroot} && export DESTDIR && %s)\n"
			"(cd %%{buildroot} && find . \\( -type f -o -type l \\) ! -path './lib/modules/*' \\\n"
			"    ! -path './etc/depmod.d/*' | sed 's|^\\.\\(.*\\)$|\"\\1\"|' | LC_ALL=C sort) "
			">%s-utils.files\n"
			"if ! test -s %s-utils.files; then\n"
			"    echo 'mx2g-pack: the user-space install command installed nothing' >&2\n"
			"    exit 1\n"
			"fi\n", s->pkg.setup_dir, acm_buf_str(&cmd), s->pkg.name, s->pkg.name);
		acm_buf_free(&cmd);
	}

	/* ---- scriptlets: depmod for exactly that kernel; weak-modules on EL */
	for (k = 0; k < s->nkernels; k++) {
		const char *kv = s->kernels[k].kver;

		acm_buf_addf(&b, "\n%%post -n kmod-%s-%s\n", s->pkg.name, kv);
		acm_buf_adds(&b, "if [ -x /usr/sbin/weak-modules ]; then\n    printf '%s\\n' ");
		mod_paths(&b, s, kv, " ");
		acm_buf_adds(&b, " | /usr/sbin/weak-modules --add-modules\nfi\n");
		acm_buf_addf(&b,
			"if [ -f /boot/System.map-%s ]; then\n"
			"    depmod -aeF /boot/System.map-%s %s || :\n"
			"else\n"
			"    depmod -a %s || :\n"
			"fi\n", kv, kv, kv, kv);
		acm_buf_addf(&b, "\n%%postun -n kmod-%s-%s\n", s->pkg.name, kv);
		acm_buf_adds(&b, "if [ -x /usr/sbin/weak-modules ]; then\n    printf '%s\\n' ");
		mod_paths(&b, s, kv, " ");
		acm_buf_adds(&b, " | /usr/sbin/weak-modules --remove-modules\nfi\n");
		acm_buf_addf(&b, "if [ -d /lib/modules/%s ]; then\n    depmod -a %s || :\nfi\n", kv, kv);
	}

	/* ---- files */
	for (k = 0; k < s->nkernels; k++) {
		const char *kv = s->kernels[k].kver;

		acm_buf_addf(&b, "\n%%files -n kmod-%s-%s\n", s->pkg.name, kv);
		for (size_t d = 0; d < set->ndocs; d++) {
			const char *doc = set->docs[d];
			bool lic = strncasecmp(doc, "COPYING", 7) == 0 || strncasecmp(doc, "LICEN", 5) == 0;

			char *p = acm_xasprintf("%s/%s", s->pkg.setup_dir, doc);

			acm_buf_adds(&b, lic ? "%license " : "%doc ");
			acm_spectext_doc(&b, p);
			acm_buf_addc(&b, '\n');
			free(p);
		}
		{
			char **dirs = NULL;
			size_t nd = 0;

			for (m = 0; m < set->nmods; m++) {
				char *d = mod_dest(s, m);

				/* extra/NAME and every directory under it that holds a module */
				for (size_t i = strlen("extra/") + strlen(s->pkg.name);; i++) {
					if (d[i] == '/' || !d[i]) {
						char *pre = acm_xasprintf("%.*s", (int)i, d);

						dirs = acm_strv_add_unique(dirs, &nd, pre);
						free(pre);
					}
					if (!d[i])
						break;
				}
				free(d);
			}
			for (size_t i = 0; i < nd; i++)
				acm_buf_addf(&b, "%%dir /lib/modules/%s/%s\n", kv, dirs[i]);
			acm_strv_free(dirs, nd);
		}
		for (m = 0; m < set->nmods; m++) {
			char *d = mod_dest(s, m);

			acm_buf_addf(&b, "/lib/modules/%s/%s/%s.ko\n", kv, d, set->mods[m].name);
			free(d);
		}
		acm_buf_addf(&b, "%%config(noreplace) %%{_sysconfdir}/depmod.d/kmod-%s-%s.conf\n",
			     s->pkg.name, kv);
	}
	if (s->userland_cmd)
		acm_buf_addf(&b, "\n%%files -n %s-utils -f %s-utils.files\n", s->pkg.name, s->pkg.name);

	acm_buf_adds(&b, "\n%changelog\n");
	acm_buf_adds(&b, "* ");
	acm_spectext_text(&b, s->pkg.date);
	acm_buf_addc(&b, ' ');
	acm_spectext_text(&b, s->pkg.packager);
	acm_buf_addf(&b, " - %s-%s\n", s->pkg.version, s->pkg.release);
	acm_buf_adds(&b, "- Modules built with the kernel's Kbuild for");
	for (k = 0; k < s->nkernels; k++)
		acm_buf_addf(&b, " %s", s->kernels[k].kver);
	acm_buf_adds(&b, " (mx2g-pack)\n");
	return acm_buf_steal(&b);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kbuildcfg.c - configure a kernel tree for kbuild (see kbuildcfg.h). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "kbuildcfg.h"
#include "msg.h"
#include "rpmbuild.h"
#include "run.h"
#include "strmap.h"

int acm_kbuildcfg_check_tools(void)
{
	static const char *const need[] = { "gcc", "make", "flex", "bison", "bc", "perl" };
	int rc;

	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if ((rc = acm_need_program(need[i], "the kernel build",
					   acm_rpmbuild_package_for(need[i], need[i], need[i]))))
			return rc;
	return acm_rpmbuild_available();
}

static bool is_y(const struct acm_kconfig *kc, const char *name)
{
	const char *v = acm_kconfig_get(kc, name);

	return v && strcmp(v, "y") == 0;
}

int acm_kbuildcfg_check_needs(const struct acm_kconfig *kc)
{
	if ((is_y(kc, "CONFIG_OBJTOOL") || is_y(kc, "CONFIG_STACK_VALIDATION")) &&
	    !acm_exists("/usr/include/gelf.h") && !acm_exists("/usr/include/libelf/gelf.h")) {
		acm_err("this configuration builds objtool, which needs libelf's headers; install '%s'",
			acm_rpmbuild_package_for("libelf", "libelf-dev", "elfutils-libelf-devel"));
		return ACM_EX_UNAVAILABLE;
	}
	if ((is_y(kc, "CONFIG_MODULE_SIG") || is_y(kc, "CONFIG_SYSTEM_TRUSTED_KEYRING")) &&
	    !acm_exists("/usr/include/openssl/opensslv.h")) {
		acm_err("this configuration signs modules or embeds certificates, which needs "
			"OpenSSL's headers; install '%s'",
			acm_rpmbuild_package_for("openssl", "libssl-dev", "openssl-devel"));
		return ACM_EX_UNAVAILABLE;
	}
	if (is_y(kc, "CONFIG_DEBUG_INFO_BTF") && !acm_have_program("pahole")) {
		acm_err("this configuration has CONFIG_DEBUG_INFO_BTF, which needs pahole; install '%s'",
			acm_rpmbuild_package_for("pahole", "dwarves", "dwarves"));
		return ACM_EX_UNAVAILABLE;
	}
	return 0;
}

/* ---- the fragments' symbols against the source's Kconfig files ---------- */

bool acm_kbuildcfg_is_kconfig_file(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	return strcmp(b, "Kconfig") == 0 || strncmp(b, "Kconfig.", 8) == 0;
}

void acm_kbuildcfg_syms_init(struct acm_kbuildcfg_syms *s, const struct acm_kbuildcfg *cfg)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < cfg->nfrag; i++) {
		for (size_t k = 0; k < cfg->frags[i].n; k++) {
			const char *name = cfg->frags[i].e[k].name;
			size_t seen;

			/* the parser only gives CONFIG_ names */
			if (strncmp(name, "CONFIG_", 7) == 0 && !acm_strmap_get(&s->want, name + 7, &seen))
				acm_strmap_put(&s->want, name + 7, s->nwant++);
		}
	}
	s->found = acm_xcalloc(s->nwant ? s->nwant : 1, sizeof *s->found);
}

/* "config NAME" / "menuconfig NAME" lines define a symbol (kconfig-language.rst) */
bool acm_kbuildcfg_syms_scan(struct acm_kbuildcfg_syms *s, const char *text)
{
	for (const char *l = text, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		const char *p = l, *e;
		size_t idx;
		char name[128];

		nl = strchr(l, '\n');
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "config", 6) == 0)
			p += 6;
		else if (strncmp(p, "menuconfig", 10) == 0)
			p += 10;
		else
			continue;
		if (*p != ' ' && *p != '\t')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		for (e = p; (*e >= 'A' && *e <= 'Z') || (*e >= 'a' && *e <= 'z') ||
			    (*e >= '0' && *e <= '9') || *e == '_'; e++)
			;
		if (e == p || (size_t)(e - p) >= sizeof name)
			continue;
		memcpy(name, p, (size_t)(e - p));
		name[e - p] = '\0';
		if (acm_strmap_get(&s->want, name, &idx) && !s->found[idx]) {
			s->found[idx] = true;
			s->nfound++;
		}
	}
	return s->nfound == s->nwant;
}

int acm_kbuildcfg_syms_report(const struct acm_kbuildcfg *cfg, const struct acm_kbuildcfg_syms *s,
			      const char *source)
{
	int rc = 0;

	for (size_t i = 0; i < cfg->nfrag; i++) {
		for (size_t k = 0; k < cfg->frags[i].n; k++) {
			const struct acm_kconfig_entry *e = &cfg->frags[i].e[k];
			size_t idx;

			if (strncmp(e->name, "CONFIG_", 7) != 0 ||
			    !acm_strmap_get(&s->want, e->name + 7, &idx) || s->found[idx])
				continue;
			acm_err("'%s': line %d: %s is not a symbol of '%s' (no Kconfig file defines %s); "
				"fix the name or drop the line", cfg->frag_names[i], e->line, e->name,
				source, e->name + 7);
			rc = ACM_EX_DATAERR;
		}
	}
	return rc;
}

void acm_kbuildcfg_syms_free(struct acm_kbuildcfg_syms *s)
{
	acm_strmap_free(&s->want);
	free(s->found);
	memset(s, 0, sizeof *s);
}

int acm_kbuildcfg_check_input_needs(const struct acm_kbuildcfg *cfg)
{
	struct acm_kconfig kc = { 0 };
	char *text = acm_xstrdup(cfg->config_text ? cfg->config_text : ""), *next;
	int rc = 0;

	for (size_t i = 0; i < cfg->nfrag; i++) {
		next = acm_kconfig_merge(text, &cfg->frags[i]);
		free(text);
		text = next;
	}
	if (acm_kconfig_parse(text, &kc, NULL) == 0)
		rc = acm_kbuildcfg_check_needs(&kc);
	acm_kconfig_free(&kc);
	free(text);
	return rc;
}

static int read_input(const char *path, const char *what, char **data)
{
	int r = acm_read_file(path, data, NULL, 64u << 20);

	if (r < 0) {
		acm_err("'%s': cannot read the %s: %s", path, what, acm_input_strerror(-r));
		return acm_exit_from_errno_in(-r);
	}
	return 0;
}

int acm_kbuildcfg_load(struct acm_kbuildcfg *cfg, const char *config_file, const char *target,
		       const char *const *fragments)
{
	struct acm_kconfig kc = { 0 };
	int bad = 0, rc;

	memset(cfg, 0, sizeof *cfg);
	cfg->config_file = config_file;
	cfg->target = target;
	cfg->frag_names = fragments;
	if (config_file) {
		if (!acm_exists(config_file)) {
			acm_err("'%s': no such configuration file; give an existing .config "
				"(e.g. /boot/config-$(uname -r))", config_file);
			return ACM_EX_NOINPUT;
		}
		rc = read_input(config_file, "configuration", &cfg->config_text);
		if (rc) {
			acm_err("'%s': give a .config file (e.g. /boot/config-$(uname -r))", config_file);
			return rc;
		}
		if (acm_kconfig_parse(cfg->config_text, &kc, &bad) < 0) {
			acm_err("'%s': line %d is not a CONFIG_NAME=value or '# CONFIG_NAME is not set' "
				"line; give a kernel .config", config_file, bad);
			return ACM_EX_DATAERR;
		}
		acm_kconfig_free(&kc);
	}
	for (size_t i = 0; fragments && fragments[i]; i++) {
		char *text = NULL;

		rc = read_input(fragments[i], "fragment", &text);
		if (rc) {
			if (rc == ACM_EX_NOINPUT)
				acm_err("'%s': give an existing file of CONFIG_ lines", fragments[i]);
			return rc;
		}
		cfg->frags = acm_xrealloc(cfg->frags, (cfg->nfrag + 1) * sizeof *cfg->frags);
		rc = acm_kconfig_parse(text, &cfg->frags[cfg->nfrag], &bad);
		free(text);
		if (rc < 0) {
			acm_err("'%s': line %d is not a CONFIG_NAME=value or '# CONFIG_NAME is not set' "
				"line; fix the fragment", fragments[i], bad);
			return ACM_EX_DATAERR;
		}
		cfg->nfrag++;
	}
	return 0;
}

void acm_kbuildcfg_free(struct acm_kbuildcfg *cfg)
{
	for (size_t i = 0; i < cfg->nfrag; i++)
		acm_kconfig_free(&cfg->frags[i]);
	free(cfg->frags);
	free(cfg->config_text);
	memset(cfg, 0, sizeof *cfg);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s && s[1] ? s + 1 : p;
}

char *acm_kbuildcfg_origin(const struct acm_kbuildcfg *cfg)
{
	char *o, *t;

	if (cfg->config_file)
		o = acm_xasprintf("the configuration %s", base_name(cfg->config_file));
	else
		o = acm_xasprintf("make %s", cfg->target ? cfg->target : "defconfig");
	if (!cfg->nfrag)
		return o;
	t = acm_xasprintf("%s and %zu fragment%s", o, cfg->nfrag, cfg->nfrag > 1 ? "s" : "");
	free(o);
	return t;
}

static int kmake(const struct acm_kbuildcfg_make *c, const char *target)
{
	char *jobs = acm_xasprintf("-j%d", c->jobs);
	char *arch = acm_xasprintf("ARCH=%s", c->karch);
	char *extra = acm_xasprintf("EXTRAVERSION=%s", c->extraversion ? c->extraversion : "");
	const char *argv[] = { "make", jobs, arch, extra, "LOCALVERSION=", target, NULL };
	struct acm_run r = { 0 };
	int rc;

	r.argv = argv;
	r.cwd = c->tree;
	r.log_path = c->log;
	acm_verbose("running in %s: make %s %s %s LOCALVERSION= %s", c->tree, jobs, arch, extra, target);
	rc = acm_run(&r, ACM_EX_DATAERR);
	acm_run_free(&r);
	free(jobs);
	free(arch);
	free(extra);
	return rc;
}

/* make's "***" lines (the kernel's own error message), else the log's tail */
static void show_make_error(const char *log)
{
	char *text = NULL, *save = NULL;
	int shown = 0;

	if (acm_read_file(log, &text, NULL, 64u << 20) == 0) {
		for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (strstr(line, "***")) {
				fprintf(stderr, "%s\n", line);
				shown++;
			}
		}
	}
	free(text);
	if (!shown) {
		char *tail = acm_tail_file(log, 15);

		if (tail)
			fputs(tail, stderr);
		free(tail);
	}
}

static int write_text(const char *path, const char *text)
{
	return acm_write_file_atomic(path, text, strlen(text), 0644);
}

/* The kernel's .config with the fragments merged and LOCALVERSION cleared. */
static char *merge_all(const struct acm_kbuildcfg *cfg, const char *text)
{
	struct acm_kconfig base = { 0 };
	char *cur = acm_xstrdup(text), *next;

	for (size_t i = 0; i < cfg->nfrag; i++) {
		next = acm_kconfig_merge(cur, &cfg->frags[i]);
		free(cur);
		cur = next;
		acm_verbose("merged fragment %s", cfg->frag_names[i]);
	}
	if (acm_kconfig_parse(cur, &base, NULL) == 0) {
		const char *v = acm_kconfig_get(&base, "CONFIG_LOCALVERSION");

		if (v && strcmp(v, "\"\"") != 0)
			acm_warn("CONFIG_LOCALVERSION=%s cleared: the release and --localversion "
				 "make uname -r", v);
		acm_kconfig_free(&base);
	}
	next = acm_kconfig_set(cur, "CONFIG_LOCALVERSION", "\"\"");
	free(cur);
	cur = acm_kconfig_set(next, "CONFIG_LOCALVERSION_AUTO", "n");
	free(next);
	return cur;
}

/* What the fragments asked for and the final config lacks: 65 after messages. */
static int check_kept(const struct acm_kbuildcfg *cfg, const struct acm_kconfig *final)
{
	int rc = 0;

	for (size_t i = 0; i < cfg->nfrag; i++) {
		char **lost = acm_kconfig_lost(final, &cfg->frags[i]);

		if (!lost)
			continue;
		for (size_t k = 0; lost[k]; k++) {
			acm_err("'%s': %s", cfg->frag_names[i], lost[k]);
			free(lost[k]);
		}
		free(lost);
		acm_err("'%s': the kernel's kconfig did not keep these settings; turn on what "
			"they depend on in the fragment (see 'make menuconfig' help)", cfg->frag_names[i]);
		rc = ACM_EX_DATAERR;
	}
	return rc;
}

int acm_kbuildcfg_make(const struct acm_kbuildcfg *cfg, const struct acm_kbuildcfg_make *mk)
{
	char *path = acm_xasprintf("%s/.config", mk->tree);
	char *incfg = acm_xasprintf("%s/include/config", mk->tree);
	char *text = NULL, *merged;
	struct acm_kconfig final = { 0 };
	int rc = 0;

	if (acm_exists(path) || acm_exists(incfg))
		rc = kmake(mk, "mrproper"); /* configured in place before: start clean */
	free(incfg);
	if (rc)
		goto fail_make;
	if (cfg->config_file) {
		rc = write_text(path, cfg->config_text);
		if (rc)
			goto out;
		rc = kmake(mk, "olddefconfig");
	} else {
		rc = kmake(mk, cfg->target ? cfg->target : "defconfig");
	}
	if (rc)
		goto fail_make;

	rc = read_input(path, "configuration the kernel wrote", &text);
	if (rc)
		goto out;
	merged = merge_all(cfg, text);
	if (strcmp(merged, text) == 0) {
		/* nothing merged changed it: a second kconfig pass would not either */
		free(merged);
		acm_verbose("the fragments and LOCALVERSION change nothing; one kconfig pass");
	} else {
		free(text);
		text = NULL;
		rc = write_text(path, merged);
		free(merged);
		if (rc)
			goto out;
		rc = kmake(mk, "olddefconfig");
		if (rc)
			goto fail_make;
		rc = read_input(path, "configuration the kernel wrote", &text);
		if (rc)
			goto out;
	}
	if (acm_kconfig_parse(text, &final, NULL) < 0) {
		acm_err("'%s': the kernel wrote a configuration kbuild cannot read", path);
		rc = ACM_EX_SOFTWARE;
		goto out;
	}
	rc = check_kept(cfg, &final);
	if (!rc)
		rc = acm_kbuildcfg_check_needs(&final);
	goto out;

fail_make:
	if (rc == ACM_EX_DATAERR) {
		show_make_error(mk->log);
		acm_err("the kernel's configuration step failed (%s); whole log in '%s'",
			cfg->config_file ? "olddefconfig" : cfg->target ? cfg->target : "defconfig",
			mk->log);
	}
out:
	acm_kconfig_free(&final);
	free(text);
	free(path);
	return rc;
}

int acm_kbuildcfg_drop_stamps(const char *tree)
{
	static const char *const gen[] = { "include/config", "include/generated" };

	for (size_t i = 0; i < sizeof gen / sizeof gen[0]; i++) {
		char *d = acm_xasprintf("%s/%s", tree, gen[i]);
		int r = acm_fstree_remove(d);

		free(d);
		if (r < 0) {
			acm_err("'%s/%s': cannot remove kconfig's intermediate output: %s", tree, gen[i],
				strerror(-r));
			return acm_exit_from_errno_out(-r);
		}
	}
	return 0;
}

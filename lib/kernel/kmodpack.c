/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodpack.c - from a vendor driver source to the clean kmod source (see
 * kmodpack.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dkmsconf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "kmodconf.h"
#include "kmodmeta.h"
#include "kmodpack.h"
#include "kmodstage.h"
#include "msg.h"
#include "pkgmeta.h"

static int scan_cb(const struct acm_source_entry *e, void *ud)
{
	struct acm_kmod_scan *scan = ud;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!e) { /* the walk starts over (no single top directory) */
		acm_kmod_scan_reset(scan);
		return 0;
	}
	if (e->type == ACM_SOURCE_FILE && acm_kmod_scan_wants(e->path, e->size)) {
		rc = acm_source_read(e, &text, &len, 8u << 20);
		if (rc)
			return rc;
	}
	acm_kmod_scan_add(scan, e->path, e->type == ACM_SOURCE_DIRECTORY, text, len);
	free(text);
	return 0;
}

int acm_kmodpack_scan(struct acm_source *src, struct acm_kmod_scan *scan)
{
	return acm_source_walk(src, scan_cb, scan);
}

/* The modules of a configure-driven build: the rule's, found after the
 * build below its module directory, else the obj-m scan's; the whole tree
 * shipped, as configure needs it. */
static int find_conf(struct acm_kmod_scan *scan, const struct acm_kmodconf_rule *r,
		     const char *arg, struct acm_kmod_set *set)
{
	int rc;

	acm_verbose("'%s': its modules are built by its configure (%s rule)", arg, r->id);
	if (!r->modules[0]) {
		rc = acm_kmod_find(scan, NULL, true, arg, set);
		if (rc)
			acm_info("note: '%s' has a configure that takes the kernel, but its module "
				 "names come from obj-m", arg);
		if (!rc && r->license && !set->license)
			set->license = acm_xstrdup(r->license);
		return rc;
	}
	memset(set, 0, sizeof *set);
	for (size_t i = 0; r->modules[i]; i++) {
		struct acm_kmodkbuild_module *o;

		set->mods = acm_xrealloc(set->mods, (set->nmods + 1) * sizeof *set->mods);
		o = &set->mods[set->nmods++];
		o->name = acm_xstrdup(r->modules[i]);
		o->root = acm_xstrdup("");
		o->dir = acm_xstrdup(r->moddir ? r->moddir : "");
		o->objs = acm_xcalloc(1, sizeof *o->objs);
		o->nobjs = 0;
	}
	acm_kmod_ship_all(scan, set);
	if (r->license) {  /* the project's own statement over the files' tags */
		free(set->license);
		set->license = acm_xstrdup(r->license);
	}
	return 0;
}

int acm_kmodpack_find(struct acm_kmod_scan *scan, const char *const *module_dirs,
		      bool all_files, const char *arg, struct acm_kmod_set *set,
		      const struct acm_dkmsconf **dkms, const struct acm_kmodconf **conf)
{
	const struct acm_dkmsconf *dc = acm_kmod_scan_dkms(scan);
	const struct acm_kmodconf *cc = acm_kmod_scan_conf(scan);
	const struct acm_kmodconf_rule *rule = cc ? acm_kmodconf_rule(cc) : NULL;
	int rc;

	*dkms = NULL;
	*conf = NULL;
	if (dc && !(module_dirs && module_dirs[0])) {
		for (size_t i = 0; i < dc->nwarnings; i++)
			acm_warn("'%s': dkms.conf: %s", arg, dc->warnings[i]);
		if (dc->error) {
			acm_err("'%s': dkms.conf: %s; or give --module-dir DIR to build with the "
				"kernel's Kbuild instead of as dkms.conf says", arg, dc->error);
			return ACM_EX_DATAERR;
		}
		if (dc->nmods) {
			if ((rc = acm_kmod_find_dkms(scan, arg, set)))
				return rc;
			*dkms = dc;
			acm_verbose("'%s': %zu module%s as its dkms.conf says", arg, set->nmods,
				    set->nmods == 1 ? "" : "s");
			return 0;
		}
		acm_verbose("'%s': dkms.conf names no BUILT_MODULE_NAME; looking for obj-m", arg);
	}
	if (rule && !(module_dirs && module_dirs[0])) {
		if ((rc = find_conf(scan, rule, arg, set)))
			return rc;
		*conf = cc;
		return 0;
	}
	return acm_kmod_find(scan, module_dirs, all_files, arg, set);
}

int acm_kmodpack_name_version(const struct acm_source_info *si, const struct acm_kmod_scan *scan,
			      const char *arg, const char *opt_name, const char *opt_version,
			      char **name, char **version)
{
	const struct acm_dkmsconf *dc = acm_kmod_scan_dkms(scan);
	const struct acm_kmodconf *cc = acm_kmod_scan_conf(scan);
	const char *cname = cc && acm_kmodconf_name(cc) && acm_pkgmeta_valid_name(acm_kmodconf_name(cc))
			    ? acm_kmodconf_name(cc) : NULL;
	const char *cver = cc && acm_kmodconf_version(cc) &&
			   acm_pkgmeta_valid_version(acm_kmodconf_version(cc))
			   ? acm_kmodconf_version(cc) : NULL;
	const char *dname = dc && dc->package_name && acm_pkgmeta_valid_name(dc->package_name)
			    ? dc->package_name : NULL;
	char *dver = dc && dc->package_version
		     ? acm_kmodmeta_version(dc->package_version, strlen(dc->package_version)) : NULL;

	*name = *version = NULL;
	if (dc && dc->package_version && !dver && strchr(dc->package_version, '-')) {
		/* "1.9.1-5" (a Debian revision): RPM's Version has no '-'; '_' as
		 * the kernel's own rpm packaging writes it */
		char *u = acm_xstrdup(dc->package_version);

		for (char *p = u; *p; p++)
			if (*p == '-')
				*p = '_';
		dver = acm_kmodmeta_version(u, strlen(u));
		free(u);
	}
	if (dc && dc->package_version && !dver && !opt_version)
		acm_warn("'%s': dkms.conf's PACKAGE_VERSION '%s' is not an RPM version; ignored",
			 arg, dc->package_version);
	/* dkms.conf states them; a NAME-VER-REL directory only suggests them */
	if (opt_name)
		*name = acm_xstrdup(opt_name);
	else if (dname)
		*name = acm_xstrdup(dname);
	else if (!si->version_found && cname)  /* "zfs/" or "src/": META's or AC_INIT's */
		*name = acm_xstrdup(cname);
	else
		*name = acm_xstrdup(si->name);
	if (!acm_pkgmeta_valid_name(*name)) {
		acm_err("'%s': the name it suggests ('%s') is not a usable package name; give --name",
			arg, *name);
		free(dver);
		return ACM_EX_DATAERR;
	}
	if (opt_version)
		*version = acm_xstrdup(opt_version);
	else if (dver)
		*version = acm_xstrdup(dver);
	else if (si->version_found)
		*version = acm_xstrdup(si->version);
	else if (cver)
		*version = acm_xstrdup(cver);
	else if (acm_kmod_scan_version(scan))
		*version = acm_xstrdup(acm_kmod_scan_version(scan));
	else {
		acm_warn("'%s': no version found (dkms.conf, top directory, git tag, META, AC_INIT, "
			 "VERSION file); "
			 "using 0, give --set-version", arg);
		*version = acm_xstrdup("0");
	}
	free(dver);
	if (!acm_pkgmeta_valid_version(*version)) {
		acm_err("'%s': its version '%s' cannot be an RPM version; give --set-version", arg,
			*version);
		return ACM_EX_DATAERR;
	}
	return 0;
}

int acm_kmodpack_clean_source(struct acm_source *src, const char *arg, const char *work,
			      const char *sources_dir, const struct acm_kmod_set *set,
			      const char *name, const char *version, const char *setup_dir,
			      char **tarball)
{
	char *scratch = acm_xasprintf("%s/src", work), *sdir = acm_xasprintf("%s/stage", work);
	char *tree = NULL, *stage = NULL;
	struct acm_source_opts so = { .name = name, .version = version };
	struct acm_source *stage_src = NULL;
	int rc = 0, r;

	if ((r = acm_fstree_remove(scratch)) < 0 || (r = acm_fstree_remove(sdir)) < 0) {
		acm_err("cannot remove the last run's copies in '%s': %s", work, strerror(-r));
		rc = acm_exit_from_errno_out(-r);
	}
	if (!rc) {
		acm_info("unpacking %s", arg);
		rc = acm_source_extract(src, scratch, &tree);
	}
	if (!rc && (r = acm_mkdir_p(sdir, 0755)) < 0) {
		acm_err("cannot create '%s': %s", sdir, strerror(-r));
		rc = acm_exit_from_errno_out(-r);
	}
	if (!rc) {
		stage = acm_xasprintf("%s/%s", sdir, setup_dir);
		rc = acm_kmod_stage(tree, stage, set->ship, set->nship);
	}
	if (!rc)
		rc = acm_source_open(&stage_src, stage, &so);
	if (!rc)
		rc = acm_source_write_tarball(stage_src, sources_dir, tarball);
	if (stage_src)
		acm_source_close(stage_src);
	if (!rc)
		acm_verbose("clean source: %s (%zu files of the tree)", *tarball, set->nship);
	/* the extracted and staged copies served their purpose; rpmbuild unpacks its own */
	(void)acm_fstree_remove(scratch);
	(void)acm_fstree_remove(sdir);
	free(scratch);
	free(sdir);
	free(tree);
	free(stage);
	return rc;
}

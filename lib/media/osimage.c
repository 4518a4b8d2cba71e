/* SPDX-License-Identifier: GPL-2.0-or-later */
/* osimage.c - xCAT and Cobbler definitions for imported trees; see
 * osimage.h. The xCAT side follows what copycds writes after a copy
 * (xCAT::SvrUtils update_osdistro_table, update_tables_with_templates and
 * update_tables_with_diskless_image): one osdistro OSVER-ARCH, and osimages
 * OSVER-ARCH-{install,netboot,statelite}-compute. The stanza syntax is the
 * one xCAT::DBobjUtils::readFileInput parses: "name:" then indented
 * attr=value lines, objtype first. */
#include "config.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "osimage.h"
#include "record.h"

enum acm_osimage_format acm_osimage_parse(const char *spec, const char **file)
{
	static const struct {
		const char *name;
		enum acm_osimage_format f;
	} fmts[] = { { "xcat", ACM_OSIMAGE_XCAT }, { "cobbler", ACM_OSIMAGE_COBBLER } };
	*file = NULL;
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t l = strlen(fmts[i].name);
		if (strncmp(spec, fmts[i].name, l))
			continue;
		if (spec[l] == '\0')
			return fmts[i].f;
		if (spec[l] == '=' && spec[l + 1]) {
			*file = spec + l + 1;
			return fmts[i].f;
		}
	}
	return ACM_OSIMAGE_NONE;
}

/* An earlier id with the same OSVER/ARCH (another disc of the set)? */
static bool seen(const struct acm_media_id *ids, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(ids[j].osver, ids[i].osver) && !strcmp(ids[j].arch, ids[i].arch))
			return true;
	return false;
}

static void xcat_osdistro(FILE *out, const char *root, const struct acm_media_id *id)
{
	/* parseosver(): letters, then the major, then the minor digits */
	const char *v = id->osver + strcspn(id->osver, "0123456789");
	size_t ml = strspn(v, "0123456789");
	const char *mi = v + ml + (v[ml] == '.');
	fprintf(out, "%s-%s:\n    objtype=osdistro\n    arch=%s\n    basename=%.*s\n", id->osver, id->arch,
		id->arch, (int)(v - id->osver), id->osver);
	fprintf(out, "    dirpaths=%s/%s/%s\n    majorversion=%.*s\n    minorversion=%.*s\n    type=Linux\n\n", root,
		id->osver, id->arch, (int)ml, v, (int)strspn(mi, "0123456789"), mi);
}

static void xcat_osimage(FILE *out, const char *root, const struct acm_media_id *id, const char *provmethod)
{
	fprintf(out, "%s-%s-%s-compute:\n    objtype=osimage\n    imagetype=linux\n", id->osver, id->arch, provmethod);
	fprintf(out, "    osarch=%s\n    osdistroname=%s-%s\n    osname=Linux\n    osvers=%s\n", id->arch, id->osver,
		id->arch, id->osver);
	fprintf(out, "    otherpkgdir=%s/post/otherpkgs/%s/%s\n    pkgdir=%s/%s/%s\n    profile=compute\n", root,
		id->osver, id->arch, root, id->osver, id->arch);
	fprintf(out, "    provmethod=%s\n", provmethod);
	if (strcmp(provmethod, "install"))
		fprintf(out, "    rootimgdir=%s/netboot/%s/%s/compute\n", root, id->osver, id->arch);
	fputc('\n', out);
}

/* Cobbler's breed and architecture names for a copycds family / arch. */
static const char *cobbler_breed(const char *family)
{
	if (!strcmp(family, "sles") || !strcmp(family, "leap"))
		return "suse";
	if (!strcmp(family, "ubuntu") || !strcmp(family, "debian"))
		return family;
	return "redhat";
}

static const char *cobbler_arch(const char *arch)
{
	if (!strcmp(arch, "x86"))
		return "i386";
	if (!strcmp(arch, "arm64"))
		return "aarch64";
	if (!strcmp(arch, "ppc64el"))
		return "ppc64le";
	return arch;
}

/* " --opt=VALUE", the value quoted for sh when it needs it */
static void shell_arg(FILE *out, const char *opt, const char *val)
{
	char *q = acm_shell_quote(val);
	fprintf(out, " %s%s", opt, q);
	free(q);
}

static int cobbler(FILE *out, const char *root, const struct acm_media_id *id)
{
	if (!id->kernel[0] || !id->initrd[0]) {
		acm_err("%s/%s: the media's .treeinfo names no kernel and initrd for %s ([images-%s]); "
			"add the distro with cobbler import instead",
			id->osver, id->arch, id->arch, id->arch);
		return ACM_EX_DATAERR;
	}
	char *name = acm_xasprintf("%s-%s", id->osver, id->arch);
	char *k = acm_xasprintf("%s/%s/%s/%s", root, id->osver, id->arch, id->kernel);
	char *i = acm_xasprintf("%s/%s/%s/%s", root, id->osver, id->arch, id->initrd);
	fputs("cobbler distro add", out);
	shell_arg(out, "--name=", name);
	shell_arg(out, "--arch=", cobbler_arch(id->arch));
	shell_arg(out, "--breed=", cobbler_breed(id->family));
	shell_arg(out, "--kernel=", k);
	shell_arg(out, "--initrd=", i);
	fputs("\ncobbler profile add", out);
	shell_arg(out, "--name=", name);
	shell_arg(out, "--distro=", name);
	fputc('\n', out);
	free(name);
	free(k);
	free(i);
	return 0;
}

int acm_osimage_write(FILE *out, enum acm_osimage_format f, const char *root, const struct acm_media_id *ids,
		      size_t n)
{
	int st = 0;
	if (f == ACM_OSIMAGE_XCAT)
		fputs("# <xCAT data object stanza file>\n\n", out);
	for (size_t i = 0; i < n; i++) {
		if (seen(ids, i))
			continue;
		if (f == ACM_OSIMAGE_XCAT) {
			xcat_osdistro(out, root, &ids[i]);
			xcat_osimage(out, root, &ids[i], "install");
			xcat_osimage(out, root, &ids[i], "netboot");
			xcat_osimage(out, root, &ids[i], "statelite");
		} else if (f == ACM_OSIMAGE_COBBLER) {
			int r = cobbler(out, root, &ids[i]);
			if (r > st)
				st = r;
		}
	}
	return st;
}

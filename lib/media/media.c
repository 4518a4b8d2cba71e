/* SPDX-License-Identifier: GPL-2.0-or-later */
/* media.c - identify install media from its metadata; see media.h.
 * Formats: productmd doc/treeinfo-1.x.rst and doc/discinfo-1.0.rst, the
 * legacy anaconda [general] .treeinfo, Debian/Ubuntu .disk/info, SUSE
 * media.N/products and the SLE <= 12 "content" file. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "discinfo.h"
#include "ini.h"
#include "media.h"

/* Longest match wins, so order does not matter; keep it readable. The short
 * names are copycds' (anaconda.pm, sles.pm, debian.pm): SUSE 15 and later
 * become "sle" in name_osver(), openSUSE Leap is "leap". */
const struct acm_product_name acm_product_names[] = {
	{ "red hat enterprise linux", "rhels", false },
	{ "rhel", "rhels", false },
	{ "centos stream", "centos-stream", false },
	{ "centos linux", "centos", false },
	{ "centos", "centos", false },
	{ "rocky linux", "rocky", false },
	{ "rocky", "rocky", false },
	{ "almalinux", "alma", false },
	{ "alma linux", "alma", false },
	{ "oracle linux", "ol", false },
	{ "scientific linux", "SL", false },
	{ "fedora", "fedora", false },
	{ "openeuler", "openeuler", false },
	{ "suse linux enterprise server", "sles", true },
	{ "suse linux enterprise high performance computing", "sles", true },
	{ "sles", "sles", true },
	{ "sle hpc", "sles", true },
	{ "sle", "sles", true },
	{ "opensuse leap", "leap", true },
	{ "ubuntu", "ubuntu", false },
	{ "debian gnu/linux", "debian", false },
	{ "debian", "debian", false },
	{ NULL, NULL, false },
};

static const char *const arch_names[][2] = {
	{ "x86_64", "x86_64" }, { "amd64", "x86_64" },
	{ "aarch64", "aarch64" }, { "arm64", "aarch64" },
	{ "ppc64le", "ppc64le" }, { "ppc64el", "ppc64le" },
	{ "ppc64", "ppc64" }, { "ppc", "ppc64" }, { "s390x", "s390x" },
	/* copycds calls every 32-bit x86 "x86" (i.86 -> x86) */
	{ "i686", "x86" }, { "i586", "x86" }, { "i486", "x86" }, { "i386", "x86" }, { "x86", "x86" },
};
#define N_ARCH (sizeof(arch_names) / sizeof(arch_names[0]))
/* Distinct canonical names, indexes for acm_arch_votes. */
static const char *const vote_arch[] = { "x86_64", "aarch64", "ppc64le", "ppc64", "s390x", "x86" };

const char *acm_media_arch_canon(const char *s)
{
	for (size_t i = 0; i < N_ARCH; i++)
		if (strcasecmp(s, arch_names[i][0]) == 0)
			return arch_names[i][1];
	return NULL;
}

static bool debian_family(const char *family)
{
	return family && (!strcmp(family, "debian") || !strcmp(family, "ubuntu"));
}

const char *acm_media_arch_name(const char *arch, const char *family)
{
	const char *c = acm_media_arch_canon(arch);
	if (!c)
		return NULL;
	/* debian.pm maps only amd64 and i.86; arm64 and ppc64el stay. */
	if (debian_family(family) && !strcmp(c, "aarch64"))
		return "arm64";
	if (debian_family(family) && !strcmp(c, "ppc64le"))
		return "ppc64el";
	return c;
}

/* Lower case, '-' and '_' as spaces, runs of blanks as one space. */
static char *normalise(const char *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	int space = 1;
	for (; *s; s++) {
		char c = (char)tolower((unsigned char)*s);
		if (c == '-' || c == '_' || isspace((unsigned char)c))
			c = ' ';
		if (c == ' ') {
			if (!space)
				acm_buf_addc(&b, ' ');
			space = 1;
			continue;
		}
		space = 0;
		acm_buf_addc(&b, c);
	}
	acm_buf_addc(&b, '\0');
	return acm_buf_steal(&b);
}

const struct acm_product_name *acm_media_product_lookup(const char *product, const char **rest)
{
	char *n = normalise(product);
	const struct acm_product_name *best = NULL;
	size_t bestlen = 0;
	for (const struct acm_product_name *p = acm_product_names; p->match; p++) {
		size_t l = strlen(p->match);
		/* A name, then something that is not a letter: "sles15" is SLES,
		 * "centosfoo" is not CentOS. */
		if (strncmp(n, p->match, l) == 0 && !isalpha((unsigned char)n[l]) && l > bestlen) {
			best = p;
			bestlen = l;
		}
	}
	free(n);
	if (best && rest) {
		/* Map the match length back onto the original text: walk the same
		 * number of normalised characters. */
		const char *s = product;
		size_t k = 0;
		int space = 1;
		while (*s && k < bestlen) {
			int blank = *s == '-' || *s == '_' || isspace((unsigned char)*s);
			if (blank) {
				if (!space)
					k++;
				space = 1;
			} else {
				k++;
				space = 0;
			}
			s++;
		}
		*rest = s;
	}
	return best;
}

bool acm_media_version_from(const char *text, char *out, size_t n)
{
	const char *s = text;
	while (*s && !isdigit((unsigned char)*s))
		s++;
	if (!*s)
		return false;
	/* digits, then ".digits" parts: "66..33" stops at "66" */
	char v[32];
	size_t k = 0;
	while (isdigit((unsigned char)*s) && k + 1 < sizeof(v))
		v[k++] = *s++;
	while (s[0] == '.' && isdigit((unsigned char)s[1]) && k + 2 < sizeof(v)) {
		v[k++] = *s++;
		while (isdigit((unsigned char)*s) && k + 1 < sizeof(v))
			v[k++] = *s++;
	}
	v[k] = '\0';
	/* SUSE writes service packs as "15 SP1" or "15-SP1". */
	const char *t = s;
	while (*t == ' ' || *t == '-' || *t == '_')
		t++;
	if (strchr(v, '.') == NULL && (t[0] == 'S' || t[0] == 's') && (t[1] == 'P' || t[1] == 'p') &&
	    isdigit((unsigned char)t[2])) {
		t += 2;
		while (isdigit((unsigned char)*t) && k + 2 < sizeof(v)) {
			if (!strchr(v, '.'))
				v[k++] = '.';
			v[k++] = *t++;
		}
		v[k] = '\0';
	}
	if (!v[0] || strlen(v) >= n)
		return false;
	memcpy(out, v, strlen(v) + 1);
	return true;
}

bool acm_media_valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || !isalnum((unsigned char)s[0]) || strstr(s, ".."))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._+-", s[i]))
			return false;
	return true;
}

int acm_media_file_index(const char *path, int *disc)
{
	while (*path == '/' || (path[0] == '.' && path[1] == '/'))
		path += path[0] == '/' ? 1 : 2;
	if (!strcmp(path, ".treeinfo") || !strcmp(path, "treeinfo"))
		return ACM_MF_TREEINFO;
	if (!strcmp(path, ".discinfo"))
		return ACM_MF_DISCINFO;
	if (!strcmp(path, "media.repo"))
		return ACM_MF_MEDIAREPO;
	if (!strcmp(path, ".disk/info"))
		return ACM_MF_DISKINFO;
	if (!strcmp(path, "content"))
		return ACM_MF_SUSE_CONTENT;
	if (!strncmp(path, "install/", 8))
		path += 8;
	if (!strncmp(path, "media.", 6) && isdigit((unsigned char)path[6])) {
		char *end;
		long d = strtol(path + 6, &end, 10);
		int kind = !strcmp(end, "/products") ? ACM_MF_SUSE_PRODUCTS
			 : !strcmp(end, "/media") ? ACM_MF_SUSE_MEDIA : -1;
		if (kind >= 0 && d > 0 && d < 1000 && disc)
			*disc = (int)d;
		return kind;
	}
	return -1;
}

void acm_media_meta_set(struct acm_media_meta *m, int idx, const void *data, size_t len)
{
	if (idx < 0 || idx >= ACM_MF_COUNT || m->data[idx])
		return;
	m->data[idx] = acm_xmalloc(len + 1);
	memcpy(m->data[idx], data, len);
	m->data[idx][len] = '\0';
	m->len[idx] = len;
}

void acm_media_meta_free(struct acm_media_meta *m)
{
	for (int i = 0; i < ACM_MF_COUNT; i++)
		free(m->data[i]);
	memset(m, 0, sizeof(*m));
}

/* What one metadata file says; fields empty when it does not. */
struct clue {
	char product[128];
	char version[32];
	char arch[32];
	char media_id[64];
	char kernel[ACM_MEDIA_PATH_MAX];
	char initrd[ACM_MEDIA_PATH_MAX];
	int disc, totaldiscs;
	int suse_slot;  /* SLE 15: 1 for the Installer/Full medium, 2 for Packages */
	bool compute_node; /* .treeinfo variant = ComputeNode (RHEL for HPC) */
};

static void copy_str(char *dst, size_t n, const char *s)
{
	if (!s)
		return;
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l > 0 && isspace((unsigned char)s[l - 1]))
		l--;
	if (l >= n)
		l = n - 1;
	memcpy(dst, s, l);
	dst[l] = '\0';
}

/* The first known architecture named anywhere in free text. */
static void arch_from_text(char *out, size_t n, const char *text)
{
	const char *s = text;
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		const char *w = s;
		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		char word[16];
		size_t l = (size_t)(s - w);
		if (l > 0 && l < sizeof(word)) {
			memcpy(word, w, l);
			word[l] = '\0';
			const char *a = acm_media_arch_canon(word);
			if (a) {
				copy_str(out, n, a);
				return;
			}
		}
	}
}

static void set_arch(struct clue *c, const char *raw)
{
	char w[32] = "";
	copy_str(w, sizeof(w), raw);
	if (!c->arch[0] && acm_media_arch_canon(w))
		copy_str(c->arch, sizeof(c->arch), acm_media_arch_canon(w));
}

/* Product and version out of one free-text line: "Rocky Linux 8.9". */
static void product_line(struct clue *c, const char *line)
{
	const char *rest = NULL;
	const struct acm_product_name *p = acm_media_product_lookup(line, &rest);
	if (p) {
		size_t l = (size_t)(rest - line);
		if (l >= sizeof(c->product))
			l = sizeof(c->product) - 1;
		memcpy(c->product, line, l);
		c->product[l] = '\0';
		acm_media_version_from(rest, c->version, sizeof(c->version));
	} else if (isdigit((unsigned char)line[strspn(line, " \t")])) {
		/* A bare "7.9" names no product but still tells the version. */
		acm_media_version_from(line, c->version, sizeof(c->version));
	}
}

static char *line_n(const char *text, int n)
{
	const char *s = text;
	for (int i = 0; i < n && s; i++) {
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	if (!s || !*s)
		return NULL;
	size_t l = strcspn(s, "\r\n");
	char *r = acm_xmalloc(l + 1);
	memcpy(r, s, l);
	r[l] = '\0';
	return r;
}

/* A path inside the medium, fit to hand to a boot loader: relative, no "..". */
static void copy_path(char *dst, size_t n, const char *s)
{
	if (!s)
		return;
	while (*s == '/' || (s[0] == '.' && s[1] == '/'))
		s += s[0] == '/' ? 1 : 2;
	if (!*s || strstr(s, "..") || strlen(s) >= n || strpbrk(s, "\n\r\t"))
		return;
	copy_str(dst, n, s);
}

static void parse_treeinfo(struct clue *c, const char *text, size_t len)
{
	struct acm_ini ini;
	acm_ini_parse(&ini, text, len);
	/* productmd 1.x first, then the legacy [general] compat section. */
	const char *name = acm_ini_get(&ini, "release", "name");
	const char *ver = acm_ini_get(&ini, "release", "version");
	if (!name) {
		name = acm_ini_get(&ini, "general", "family");
		ver = acm_ini_get(&ini, "general", "version");
	}
	if (!name)
		name = acm_ini_get(&ini, "product", "name");
	if (name) {
		char line[256];
		snprintf(line, sizeof(line), "%s %s", name, ver ? ver : "");
		product_line(c, line);
		if (!c->product[0])
			copy_str(c->product, sizeof(c->product), name);
	}
	if (ver && !c->version[0])
		acm_media_version_from(ver, c->version, sizeof(c->version));
	const char *arch = acm_ini_get(&ini, "tree", "arch");
	if (!arch)
		arch = acm_ini_get(&ini, "general", "arch");
	set_arch(c, arch);
	const char *d = acm_ini_get(&ini, "media", "discnum");
	if (!d)
		d = acm_ini_get(&ini, "general", "discnum");
	if (d)
		c->disc = atoi(d);
	const char *t = acm_ini_get(&ini, "media", "totaldiscs");
	if (!t)
		t = acm_ini_get(&ini, "general", "totaldiscs");
	if (t)
		c->totaldiscs = atoi(t);
	const char *variant = acm_ini_get(&ini, "general", "variant");
	c->compute_node = variant && !strcmp(variant, "ComputeNode");
	/* Boot files for the hand-off: [images-ARCH], ARCH as the file spells it. */
	if (arch) {
		char sect[64];
		snprintf(sect, sizeof(sect), "images-%s", arch);
		copy_path(c->kernel, sizeof(c->kernel), acm_ini_get(&ini, sect, "kernel"));
		copy_path(c->initrd, sizeof(c->initrd), acm_ini_get(&ini, sect, "initrd"));
	}
	acm_ini_free(&ini);
}

/* anaconda.pm's rule for a description it has no id for: the version is the
 * last word, and a sixth word or more adds "-" + the fifth, lower case
 * ("... Linux Alternate Architectures 7.5" is rhels7.5-alternate), whose
 * "-alternate" it then drops again. */
static void rhel_description(struct clue *c, const char *rel)
{
	char *words[16];
	int n = 0;
	char *copy = acm_xstrdup(rel), *save = NULL;
	for (char *w = strtok_r(copy, " ", &save); w && n < 16; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	if (n >= 5) {
		copy_str(c->product, sizeof(c->product), "Red Hat Enterprise Linux");
		char v[32];
		if (n > 5 && strcasecmp(words[4], "alternate")) {
			snprintf(v, sizeof(v), "%s-%s", words[n - 1], words[4]);
			for (char *p = v; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		}
		/* a fifth word that is no name (bytes from a hostile disc) adds nothing */
		if (!(n > 5 && strcasecmp(words[4], "alternate")) || !acm_media_valid_name(v))
			snprintf(v, sizeof(v), "%s", words[n - 1]);
		if (isdigit((unsigned char)v[0]))
			copy_str(c->version, sizeof(c->version), v);
	}
	free(copy);
}

static void parse_discinfo(struct clue *c, const char *text)
{
	char *id = line_n(text, 0), *rel = line_n(text, 1), *arch = line_n(text, 2),
	     *discs = line_n(text, 3);
	if (id)
		copy_str(c->media_id, sizeof(c->media_id), id);
	if (rel && !strncmp(rel, "Red Hat Enterprise Linux ", 25))
		rhel_description(c, rel);
	else if (rel)
		product_line(c, rel);
	set_arch(c, arch);
	if (!c->arch[0] && rel)
		arch_from_text(c->arch, sizeof(c->arch), rel); /* "RHEL-7.0 Server.ppc64" */
	/* Line 4: "ALL" or "1,2"; absent means ALL, which is disc 1 of 1. */
	if (discs && isdigit((unsigned char)discs[strspn(discs, " ")]))
		c->disc = atoi(discs);
	free(id);
	free(rel);
	free(arch);
	free(discs);
}

static void parse_mediarepo(struct clue *c, const char *text, size_t len)
{
	struct acm_ini ini;
	acm_ini_parse(&ini, text, len);
	const char *sect = acm_ini_has_section(&ini, "installmedia") ? "installmedia" : "";
	const char *name = acm_ini_get(&ini, sect, "name");
	const char *id = acm_ini_get(&ini, sect, "mediaid");
	const char *url = acm_ini_get(&ini, sect, "baseurl");
	if (name) {
		product_line(c, name);
		arch_from_text(c->arch, sizeof(c->arch), name);
	}
	/* Minimal media say no arch in the name; a baseurl may
	 * (".../9/BaseOS/x86_64/os/"). */
	if (url && !c->arch[0])
		arch_from_text(c->arch, sizeof(c->arch), url);
	/* "None" is what Rocky writes when there is no id. */
	if (id && strcasecmp(id, "none"))
		copy_str(c->media_id, sizeof(c->media_id), id);
	acm_ini_free(&ini);
}

static void parse_diskinfo(struct clue *c, const char *text)
{
	char *l = line_n(text, 0);
	if (!l)
		return;
	product_line(c, l);
	arch_from_text(c->arch, sizeof(c->arch), l);
	/* Debian: "... Official amd64 DVD Binary-2 20231007-10:29" */
	const char *b = strcasestr(l, "binary-");
	if (b && isdigit((unsigned char)b[7]))
		c->disc = atoi(b + 7);
	free(l);
}

static void parse_suse_products(struct clue *c, const char *text)
{
	/* "/ SLES15-SP4 15.4-0": path, product name, version-release. */
	char *l = line_n(text, 0);
	if (!l)
		return;
	char path[256], name[128], ver[64];
	if (sscanf(l, "%255s %127s %63s", path, name, ver) == 3) {
		product_line(c, name);
		if (c->product[0]) {
			char *dash = strchr(ver, '-');
			if (dash)
				*dash = '\0';
			acm_media_version_from(ver, c->version, sizeof(c->version));
		}
		arch_from_text(c->arch, sizeof(c->arch), name);
	}
	free(l);
}

/* media.N/media line 1: "SUSE - SLE-15-SP4-Packages-x86_64-GM-Media1",
 * "openSUSE - openSUSE-Leap-15.6-NET-x86_64-Build710.3-Media". SLE 15 ships
 * an Installer (or Full) and a Packages medium, each with its own media.1;
 * copycds files them as discs 1 and 2. */
static void parse_suse_media(struct clue *c, const char *text)
{
	char *l = line_n(text, 0);
	if (!l)
		return;
	const char *s = strstr(l, " - ");
	s = s ? s + 3 : l;
	product_line(c, s);
	arch_from_text(c->arch, sizeof(c->arch), s);
	/* a product line of raw bytes may name no product the table knows */
	const struct acm_product_name *p = c->product[0] ? acm_media_product_lookup(c->product, NULL) : NULL;
	if (p && atoi(c->version) >= 15 && p->per_disc_dirs && strncasecmp(c->product, "opensuse", 8)) {
		if (strstr(s, "-Packages-") || strstr(s, "-SOURCE-"))
			c->suse_slot = 2;
		else if (strstr(s, "-Installer-") || strstr(s, "-Full-") || strstr(s, "-Online-"))
			c->suse_slot = 1;
	}
	free(l);
}

/* The last path component of "obsproduct://build.suse.de/.../POOL/x86_64". */
static void arch_last_component(struct clue *c, const char *v)
{
	const char *slash = strrchr(v, '/');
	char w[32];
	copy_str(w, sizeof(w), slash ? slash + 1 : v);
	set_arch(c, w);
}

static void parse_suse_content(struct clue *c, const char *text)
{
	/* SLE <= 12: "LABEL SUSE Linux Enterprise Server 12 SP3",
	 * "DISTRO cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3",
	 * "VERSION 11.4". The arch, as sles.pm takes it: DEFAULTBASE, else
	 * BASEARCHS, else the last part of REPOID; "ARCH.x86_64 ..." last. */
	char base[32] = "", basearchs[32] = "", repoid[32] = "", archdot[32] = "";
	const char *s = text;
	while (s && *s) {
		size_t l = strcspn(s, "\r\n");
		char *line = acm_xmalloc(l + 1);
		memcpy(line, s, l);
		line[l] = '\0';
		struct clue t;
		memset(&t, 0, sizeof(t));
		/* "KEY value", the value often aligned with blanks or a tab */
		size_t kl = strcspn(line, " \t");
		char *v = line + kl + strspn(line + kl, " \t");
		line[kl] = '\0';
		if (!strcmp(line, "LABEL") && !c->product[0])
			product_line(c, v);
		else if (!strcmp(line, "DISTRO") && !c->product[0] && strchr(v, ','))
			product_line(c, strchr(v, ',') + 1);
		else if (!strcmp(line, "VERSION") && !c->version[0] && c->product[0])
			acm_media_version_from(v, c->version, sizeof(c->version));
		else if (!strcmp(line, "DEFAULTBASE"))
			arch_from_text(base, sizeof(base), v);
		else if (!strcmp(line, "BASEARCHS"))
			arch_from_text(basearchs, sizeof(basearchs), v);
		else if (!strcmp(line, "REPOID")) {
			arch_last_component(&t, v);
			copy_str(repoid, sizeof(repoid), t.arch);
		} else if (!strncmp(line, "ARCH.", 5) && !archdot[0]) {
			set_arch(&t, line + 5);
			copy_str(archdot, sizeof(archdot), t.arch);
		}
		free(line);
		s += l;
		while (*s == '\r' || *s == '\n')
			s++;
	}
	const char *a = base[0] ? base : basearchs[0] ? basearchs : repoid[0] ? repoid : archdot;
	if (!c->arch[0] && a[0])
		copy_str(c->arch, sizeof(c->arch), a);
}

static const char *const mf_names[ACM_MF_COUNT] = {
	".treeinfo", ".discinfo", "media.repo", ".disk/info", "media.N/products", "media.N/media",
	"content",
};

/* Same major version ("7" and "7.9")? */
static bool same_major(const char *a, const char *b)
{
	size_t la = strcspn(a, "."), lb = strcspn(b, ".");
	return la == lb && strncmp(a, b, la) == 0;
}

/* The OSVER copycds gives a family and version. */
static void name_osver(struct acm_media_id *id)
{
	const char *fam = id->family, *v = id->version;
	char ver[32];
	snprintf(ver, sizeof(ver), "%s", v);
	if (!strcmp(fam, "sles") && atoi(ver) >= 15)
		fam = "sle"; /* sles.pm: "SLE-15-SP4" is sle15.4 */
	if (!strcmp(fam, "ol")) {
		/* _oracle_linux_distname(): "8.6.0" is ol8.6 */
		char *a = strchr(ver, '.'), *b = a ? strchr(a + 1, '.') : NULL;
		if (b && !strcmp(b, ".0"))
			*b = '\0';
	}
	snprintf(id->osver, sizeof(id->osver), "%s%s", fam, ver);
}

bool acm_media_identify(const struct acm_media_meta *m, struct acm_media_id *id)
{
	memset(id, 0, sizeof(*id));
	const struct acm_product_name *prod = NULL;
	int slot = 0;
	bool compute_node = false;
	for (int i = 0; i < ACM_MF_COUNT; i++) {
		if (!m->data[i])
			continue;
		struct clue c;
		memset(&c, 0, sizeof(c));
		switch (i) {
		case ACM_MF_TREEINFO: parse_treeinfo(&c, m->data[i], m->len[i]); break;
		case ACM_MF_DISCINFO: parse_discinfo(&c, m->data[i]); break;
		case ACM_MF_MEDIAREPO: parse_mediarepo(&c, m->data[i], m->len[i]); break;
		case ACM_MF_DISKINFO: parse_diskinfo(&c, m->data[i]); break;
		case ACM_MF_SUSE_PRODUCTS: parse_suse_products(&c, m->data[i]); break;
		case ACM_MF_SUSE_MEDIA: parse_suse_media(&c, m->data[i]); break;
		case ACM_MF_SUSE_CONTENT: parse_suse_content(&c, m->data[i]); break;
		}
		const struct acm_product_name *p = c.product[0] ? acm_media_product_lookup(c.product, NULL) : NULL;
		if (p && !prod) {
			prod = p;
			copy_str(id->product, sizeof(id->product), c.product);
			copy_str(id->source, sizeof(id->source), mf_names[i]);
		}
		/* A version from a file naming another product is not ours. */
		if (c.version[0] && (!p || p == prod || !strcmp(p->short_name, prod ? prod->short_name : ""))) {
			if (!id->version[0])
				copy_str(id->version, sizeof(id->version), c.version);
			/* Rocky 8.7 and CentOS 7 .treeinfo say only "8"/"7";
			 * .discinfo or media.repo add the minor. Never drop a
			 * part the media states ("8.0" and "8.0.0" is 8.0.0). */
			else if (same_major(id->version, c.version) && strlen(c.version) > strlen(id->version))
				copy_str(id->version, sizeof(id->version), c.version);
		}
		if (!id->arch[0] && c.arch[0])
			copy_str(id->arch, sizeof(id->arch), c.arch);
		if (!id->media_id[0] && c.media_id[0])
			copy_str(id->media_id, sizeof(id->media_id), c.media_id);
		if (!id->disc && c.disc > 0)
			id->disc = c.disc;
		if (!id->totaldiscs && c.totaldiscs > 0)
			id->totaldiscs = c.totaldiscs;
		if (!id->kernel[0] && c.kernel[0] && c.initrd[0]) {
			copy_str(id->kernel, sizeof(id->kernel), c.kernel);
			copy_str(id->initrd, sizeof(id->initrd), c.initrd);
		}
		if (!slot)
			slot = c.suse_slot;
		compute_node |= c.compute_node;
	}
	if (m->suse_disc > 0 && (!prod || prod->per_disc_dirs))
		id->disc = slot ? slot : m->suse_disc;
	if (id->disc <= 0)
		id->disc = 1;
	if (prod) {
		copy_str(id->family, sizeof(id->family), prod->short_name);
		id->per_disc_dirs = prod->per_disc_dirs;
		/* anaconda.pm: RHEL ComputeNode media are rhelhpcVERSION */
		if (compute_node && !strcmp(id->family, "rhels")) {
			copy_str(id->family, sizeof(id->family), "rhelhpc");
			id->version[strcspn(id->version, "-")] = '\0';
		}
		if (id->version[0])
			name_osver(id);
	}
	/* The id table first, as copycds does: it names discs whose text
	 * does not (a bare "6.6", a build date, "RHEL-7.0 Server.ppc64"). */
	char *did = m->data[ACM_MF_DISCINFO] ? line_n(m->data[ACM_MF_DISCINFO], 0) : NULL;
	const struct acm_discinfo_row *row = acm_discinfo_lookup(did);
	free(did);
	if (row) {
		copy_str(id->osver, sizeof(id->osver), row->osver);
		size_t fl = strcspn(row->osver, "0123456789");
		if (fl >= sizeof(id->family))
			fl = sizeof(id->family) - 1;
		memcpy(id->family, row->osver, fl);
		id->family[fl] = '\0';
		copy_str(id->version, sizeof(id->version), row->osver + fl);
		if (!id->product[0])
			copy_str(id->product, sizeof(id->product), row->osver);
		copy_str(id->source, sizeof(id->source), ".discinfo");
		id->per_disc_dirs = false;
		if (!id->arch[0] && row->arch)
			copy_str(id->arch, sizeof(id->arch), row->arch);
		if (!id->totaldiscs)
			id->totaldiscs = row->totaldiscs;
	}
	if (id->arch[0])
		copy_str(id->arch, sizeof(id->arch), acm_media_arch_name(id->arch, id->family));
	/* the names become directories: never one the name rule refuses */
	return acm_media_valid_name(id->osver) && acm_media_valid_name(id->arch);
}

/* The field of base that ends at e, after the last sep before it, into a
 * (size bytes); false when there is no sep or the field does not fit. */
static bool field_before(const char *base, const char *e, char sep, char *a, size_t size)
{
	const char *s = e;
	while (s > base && s[-1] != sep)
		s--;
	if (s == base || (size_t)(e - s) >= size)
		return false;
	memcpy(a, s, (size_t)(e - s));
	a[e - s] = '\0';
	return true;
}

static void vote(struct acm_arch_votes *v, const char *a)
{
	const char *c = a ? acm_media_arch_canon(a) : NULL;
	if (!c)
		return;
	for (size_t i = 0; i < sizeof(vote_arch) / sizeof(vote_arch[0]); i++)
		if (!strcmp(c, vote_arch[i]) && v->count[i] < ~0u)
			v->count[i]++;
}

void acm_media_arch_vote(struct acm_arch_votes *v, const char *path)
{
	while (*path == '/' || (path[0] == '.' && path[1] == '/'))
		path += path[0] == '/' ? 1 : 2;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t l = strlen(base);
	char a[16];
	/* SUSE: suse/x86_64/, boot/x86_64/ (the directory entry itself) */
	if ((!strncmp(path, "suse/", 5) || !strncmp(path, "boot/", 5)) && !strchr(path + 5, '/')) {
		vote(v, path + 5);
		return;
	}
	/* The removable-media boot loader the UEFI spec names per arch. */
	if (!strcasecmp(base, "BOOTX64.EFI"))
		vote(v, "x86_64");
	else if (!strcasecmp(base, "BOOTAA64.EFI"))
		vote(v, "aarch64");
	/* name-ver-rel.ARCH.rpm or name_ver_ARCH.deb/.udeb */
	if (l > 4 && !strcmp(base + l - 4, ".rpm")) {
		if (field_before(base, base + l - 4, '.', a, sizeof(a)))
			vote(v, a);
	} else if ((l > 4 && !strcmp(base + l - 4, ".deb")) || (l > 5 && !strcmp(base + l - 5, ".udeb"))) {
		if (field_before(base, strrchr(base, '.'), '_', a, sizeof(a)))
			vote(v, a);
	}
}

const char *acm_media_arch_guess(const struct acm_arch_votes *v)
{
	const char *best = NULL;
	unsigned n = 0;
	for (size_t i = 0; i < sizeof(vote_arch) / sizeof(vote_arch[0]); i++)
		if (v->count[i] > n) {
			n = v->count[i];
			best = vote_arch[i];
		}
	return best;
}

bool acm_media_complete(struct acm_media_id *id, const struct acm_arch_votes *v, const char *osver,
			const char *arch)
{
	bool voted = false;
	if (!id->arch[0] && v && acm_media_arch_guess(v)) {
		copy_str(id->arch, sizeof(id->arch), acm_media_arch_name(acm_media_arch_guess(v), id->family));
		voted = true;
	}
	if (osver)
		copy_str(id->osver, sizeof(id->osver), osver);
	if (arch)
		copy_str(id->arch, sizeof(id->arch),
			 acm_media_arch_name(arch, id->family) ? acm_media_arch_name(arch, id->family) : arch);
	return voted && !arch;
}

bool acm_media_osver_is_file(const char *osver)
{
	size_t n = strlen(osver);
	struct stat st;
	/* A directory of that name is fine: the user may be in /install. */
	return strchr(osver, '/') || (n >= 4 && !strcasecmp(osver + n - 4, ".iso")) ||
	       (stat(osver, &st) == 0 && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)));
}

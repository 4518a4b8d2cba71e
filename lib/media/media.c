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

#include "buf.h"
#include "ini.h"
#include "media.h"

/* Longest match wins, so order does not matter; keep it readable. */
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
	{ "scientific linux", "sl", false },
	{ "fedora", "fedora", false },
	{ "openeuler", "openeuler", false },
	{ "suse linux enterprise server", "sles", true },
	{ "suse linux enterprise high performance computing", "sles", true },
	{ "sles", "sles", true },
	{ "sle hpc", "sles", true },
	{ "opensuse leap", "opensuse-leap", true },
	{ "opensuse", "opensuse-leap", true },
	{ "ubuntu", "ubuntu", false },
	{ "debian gnu/linux", "debian", false },
	{ "debian", "debian", false },
	{ NULL, NULL, false },
};

static const char *const arch_names[][2] = {
	{ "x86_64", "x86_64" }, { "amd64", "x86_64" },
	{ "aarch64", "aarch64" }, { "arm64", "aarch64" },
	{ "ppc64le", "ppc64le" }, { "ppc64el", "ppc64le" },
	{ "ppc64", "ppc64" }, { "s390x", "s390x" },
	{ "i686", "i386" }, { "i386", "i386" },
};
#define N_ARCH (sizeof(arch_names) / sizeof(arch_names[0]))
/* Distinct canonical names, indexes for acm_arch_votes. */
static const char *const vote_arch[] = { "x86_64", "aarch64", "ppc64le", "ppc64", "s390x", "i386" };

const char *acm_media_arch_canon(const char *s)
{
	for (size_t i = 0; i < N_ARCH; i++)
		if (strcasecmp(s, arch_names[i][0]) == 0)
			return arch_names[i][1];
	return NULL;
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
	/* "8.0.0" -> "8.0", "12.2.0" -> "12.2": xCAT names stop at the last
	 * non-zero part beyond major.minor. */
	for (;;) {
		char *last = strrchr(v, '.');
		char *first = strchr(v, '.');
		if (!last || last == first || strcmp(last, ".0") != 0)
			break;
		*last = '\0';
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
	int disc, totaldiscs;
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
	if (arch && acm_media_arch_canon(arch))
		copy_str(c->arch, sizeof(c->arch), acm_media_arch_canon(arch));
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
	acm_ini_free(&ini);
}

static void parse_discinfo(struct clue *c, const char *text)
{
	char *id = line_n(text, 0), *rel = line_n(text, 1), *arch = line_n(text, 2),
	     *discs = line_n(text, 3);
	if (id)
		copy_str(c->media_id, sizeof(c->media_id), id);
	if (rel)
		product_line(c, rel);
	if (arch && acm_media_arch_canon(arch))
		copy_str(c->arch, sizeof(c->arch), acm_media_arch_canon(arch));
	else if (rel)
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
	if (name) {
		product_line(c, name);
		arch_from_text(c->arch, sizeof(c->arch), name);
	}
	if (id)
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

static void parse_suse_content(struct clue *c, const char *text)
{
	/* SLE <= 12: "LABEL SUSE Linux Enterprise Server 12 SP3",
	 * "DISTRO cpe:/o:suse:sles:12:sp3,SUSE Linux Enterprise Server 12 SP3",
	 * "BASEARCHS x86_64". */
	const char *s = text;
	while (s && *s) {
		size_t l = strcspn(s, "\r\n");
		char *line = acm_xmalloc(l + 1);
		memcpy(line, s, l);
		line[l] = '\0';
		if (!strncmp(line, "LABEL ", 6) && !c->product[0])
			product_line(c, line + 6);
		else if (!strncmp(line, "DISTRO ", 7) && !c->product[0] && strchr(line, ','))
			product_line(c, strchr(line, ',') + 1);
		else if (!strncmp(line, "BASEARCHS ", 10) && !c->arch[0])
			arch_from_text(c->arch, sizeof(c->arch), line + 10);
		free(line);
		s += l;
		while (*s == '\r' || *s == '\n')
			s++;
	}
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

bool acm_media_identify(const struct acm_media_meta *m, struct acm_media_id *id)
{
	memset(id, 0, sizeof(*id));
	const struct acm_product_name *prod = NULL;
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
		case ACM_MF_SUSE_MEDIA: arch_from_text(c.arch, sizeof(c.arch), m->data[i]); break;
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
			 * .discinfo or media.repo add the minor. */
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
	}
	if (m->suse_disc > 0 && (!prod || prod->per_disc_dirs))
		id->disc = m->suse_disc;
	if (id->disc <= 0)
		id->disc = 1;
	if (prod) {
		copy_str(id->family, sizeof(id->family), prod->short_name);
		id->per_disc_dirs = prod->per_disc_dirs;
		if (id->version[0])
			snprintf(id->osver, sizeof(id->osver), "%s%s", prod->short_name, id->version);
	}
	return id->osver[0] && id->arch[0];
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

void acm_media_arch_vote(struct acm_arch_votes *v, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t l = strlen(base);
	char a[16];
	/* name-ver-rel.ARCH.rpm or name_ver_ARCH.deb/.udeb */
	if (l > 4 && !strcmp(base + l - 4, ".rpm")) {
		if (!field_before(base, base + l - 4, '.', a, sizeof(a)))
			return;
	} else if ((l > 4 && !strcmp(base + l - 4, ".deb")) || (l > 5 && !strcmp(base + l - 5, ".udeb"))) {
		if (!field_before(base, strrchr(base, '.'), '_', a, sizeof(a)))
			return;
	} else {
		return;
	}
	const char *c = acm_media_arch_canon(a);
	if (!c)
		return;
	for (size_t i = 0; i < sizeof(vote_arch) / sizeof(vote_arch[0]); i++)
		if (!strcmp(c, vote_arch[i]) && v->count[i] < ~0u)
			v->count[i]++;
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

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persistread.c - the routes and rules our persisted NetworkManager keys
 * and networkd drop-ins make the manager install at boot, read back from
 * those files the way each manager reads them. */
#include "config.h"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "fileio.h"
#include "persist.h"
#include "persistread.h"

/* Lines of INI-like text, trimmed, without blanks and comments: fn gets
 * each, modifiable; stops when fn returns false. */
static void each_line(const char *text, bool (*fn)(char *line, void *ctx), void *ctx)
{
	for (const char *p = text ? text : ""; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *line = acm_xmalloc(len + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		char *s = line, *e = line + len;
		while (*s == ' ' || *s == '\t')
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		bool go = !*s || *s == '#' || *s == ';' || fn(s, ctx);
		free(line);
		if (!go)
			break;
		p = eol ? eol + 1 : p + len;
	}
}

/* A decimal number (digits only) that fits 32 bits. */
static bool parse_u32(const char *s, uint32_t *v)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return false;
	unsigned long long x = strtoull(s, NULL, 10);
	if (x > 0xffffffffULL)
		return false;
	*v = (uint32_t)x;
	return true;
}

/* An address of family fam; "ADDR/LEN" when pfx (bare ADDR = full length). */
static bool parse_addr(const char *s, int fam, bool pfx, union acm_inaddr *a, unsigned *len)
{
	int f = fam;
	if (pfx)
		return acm_inaddr_prefix_parse(s, &f, a, len, NULL) == 0 && f == fam;
	return !strchr(s, '/') && acm_inaddr_parse(s, &f, a) == 0 && f == fam;
}

static bool addr_zero(const union acm_inaddr *a)
{
	static const union acm_inaddr zero;
	return !memcmp(a, &zero, sizeof(zero));
}

static void claim_push(struct acm_rt_claim **v, size_t *n, const struct acm_rt_claim *c)
{
	*v = acm_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = *c;
}

/* A route as NetworkManager and networkd make one (before the fields read
 * from the file): unicast, on the file's interface. */
static void claim_route(struct acm_rt_claim *c, int fam, int ifindex)
{
	memset(c, 0, sizeof(*c));
	c->obj.kind = ACM_RT_ROUTE;
	c->obj.u.route.family = fam;
	c->obj.u.route.type = RTN_UNICAST;
	c->obj.u.route.oif = ifindex;
	c->obj.u.route.scope = RT_SCOPE_UNIVERSE;
}

static void claim_rule(struct acm_rt_claim *c, int fam)
{
	memset(c, 0, sizeof(*c));
	c->obj.kind = ACM_RT_RULE;
	c->obj.u.rule.family = fam;
	c->obj.u.rule.action = FR_ACT_TO_TBL;
}

#define NM_SLOTS (ACM_PERSIST_NM_END - ACM_PERSIST_NM_BASE + 1)

struct nm_read {
	int fam;                          /* section: AF_INET [ipv4], AF_INET6 [ipv6], else 0 */
	char *val[2][NM_SLOTS][ACM_PERSIST_NM_NKEYS]; /* our keys' values, the last one of each */
};

static bool nm_read_line(char *line, void *ctx)
{
	struct nm_read *r = ctx;
	enum acm_persist_nm_key k;
	long num;
	const char *val;

	if (*line == '[') {
		r->fam = !strcmp(line, "[ipv4]") ? AF_INET : !strcmp(line, "[ipv6]") ? AF_INET6 : 0;
		return true;
	}
	if (!r->fam || !acm_persist_nm_key(line, &k, &num, &val))
		return true;
	char **slot = &r->val[r->fam == AF_INET6][num - ACM_PERSIST_NM_BASE][k];
	free(*slot);
	*slot = acm_xstrdup(val);
	return true;
}

/* routeN=DST/LEN[,GW[,METRIC]] with routeN_options=src=ADDR,table=ID (the
 * table is required: we always write one). */
static bool nm_route(char *val, char *opts, int fam, int ifindex, struct acm_rt_claim *c)
{
	struct acm_rt_route *r = &c->obj.u.route;
	char *save = NULL, *f[4] = { NULL, NULL, NULL, NULL };
	unsigned len;
	size_t nf = 0;
	bool table = false;

	claim_route(c, fam, ifindex);
	for (char *p = val; nf < 4; nf++) {
		f[nf] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (nf >= 3 || !opts || !parse_addr(f[0], fam, true, &r->dst, &len))
		return false;
	r->dst_len = (unsigned char)len;
	if (f[1] && *f[1]) {
		if (!parse_addr(f[1], fam, false, &r->gw, NULL))
			return false;
		r->has_gw = !addr_zero(&r->gw);
	}
	if (f[2] && !parse_u32(f[2], &r->metric))
		return false;
	c->any_metric = !f[2];
	/* NetworkManager gives an IPv4 route without a gateway link scope. */
	if (fam == AF_INET && !r->has_gw)
		r->scope = RT_SCOPE_LINK;
	for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
		if (!strncmp(o, "src=", 4) && parse_addr(o + 4, fam, false, &r->prefsrc, NULL))
			r->has_prefsrc = true;
		else if (!strncmp(o, "table=", 6) && parse_u32(o + 6, &r->table))
			table = true;
		else
			return false;
	}
	return table && r->table;
}

/* routing-ruleN=priority P from ADDR[/LEN] table ID */
static bool nm_rule(char *val, int fam, struct acm_rt_claim *c)
{
	struct acm_rt_rule *r = &c->obj.u.rule;
	char *save = NULL;
	bool prio = false, from = false, table = false;
	unsigned len = 0;

	claim_rule(c, fam);
	for (char *w = strtok_r(val, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		char *arg = strtok_r(NULL, " \t", &save);
		if (!arg)
			return false;
		if (!strcmp(w, "priority") && !prio)
			prio = parse_u32(arg, &r->priority);
		else if (!strcmp(w, "from") && !from)
			from = parse_addr(arg, fam, true, &r->src, &len);
		else if (!strcmp(w, "table") && !table)
			table = parse_u32(arg, &r->table);
		else
			return false;
	}
	r->src_len = (unsigned char)len;
	return prio && from && table && r->table;
}

void acm_persistread_nm(const char *keyfile, int ifindex, struct acm_rt_claim **v, size_t *n)
{
	struct nm_read *r = acm_xcalloc(1, sizeof(*r));
	struct acm_rt_claim c;

	each_line(keyfile, nm_read_line, r);
	for (int f = 0; f < 2; f++)
		for (size_t i = 0; i < NM_SLOTS; i++) {
			char **s = r->val[f][i];
			int fam = f ? AF_INET6 : AF_INET;
			char *route = s[ACM_PERSIST_NM_ROUTE], *rule = s[ACM_PERSIST_NM_RULE];
			if (route && nm_route(route, s[ACM_PERSIST_NM_OPTIONS], fam, ifindex, &c))
				claim_push(v, n, &c);
			if (rule && nm_rule(rule, fam, &c))
				claim_push(v, n, &c);
			for (int k = 0; k < ACM_PERSIST_NM_NKEYS; k++)
				free(s[k]);
		}
	free(r);
}

/* networkd: the [Route] and [RoutingPolicyRule] sections of our drop-in,
 * with the keys acm_persist_render_networkd writes. */
struct nd_read {
	int ifindex;
	int sect;                /* 0 other, 1 Route, 2 RoutingPolicyRule */
	bool bad;
	char *key[8];            /* values: see nd_keys */
	struct acm_rt_claim **v;
	size_t *n;
};

static const char *const nd_keys[2][8] = {
	{ "Destination", "Gateway", "PreferredSource", "Scope", "Metric", "Table", "Protocol", NULL },
	{ "From", "Table", "Priority", NULL },
};

static int nd_family(const char *s)
{
	int fam = 0;
	union acm_inaddr a;
	unsigned len;
	return s && acm_inaddr_prefix_parse(s, &fam, &a, &len, NULL) == 0 ? fam : 0;
}

static bool nd_route(struct nd_read *r, struct acm_rt_claim *c)
{
	char **k = r->key;
	int fam = nd_family(k[0] ? k[0] : k[1]);
	unsigned len = 0;
	if (!fam || !k[5])
		return false;
	claim_route(c, fam, r->ifindex);
	struct acm_rt_route *x = &c->obj.u.route;
	if (k[0] && !parse_addr(k[0], fam, true, &x->dst, &len))
		return false;
	x->dst_len = (unsigned char)len;
	x->has_gw = k[1] != NULL;
	x->has_prefsrc = k[2] != NULL;
	if ((k[1] && !parse_addr(k[1], fam, false, &x->gw, NULL)) ||
	    (k[2] && !parse_addr(k[2], fam, false, &x->prefsrc, NULL)))
		return false;
	if (k[3] && strcmp(k[3], "link") && strcmp(k[3], "global"))
		return false;
	/* networkd's own default for a route without a gateway is link scope too */
	if ((k[3] && !strcmp(k[3], "link")) || (!k[3] && fam == AF_INET && !x->has_gw))
		x->scope = RT_SCOPE_LINK;
	/* no Metric=: the kernel's default, 0 for IPv4 and 1024 for IPv6 */
	x->metric = fam == AF_INET6 ? ACM_SRCROUTE_METRIC6 : 0;
	if (k[4] && !parse_u32(k[4], &x->metric))
		return false;
	if (fam == AF_INET6 && !x->metric)
		x->metric = ACM_SRCROUTE_METRIC6;
	return parse_u32(k[5], &x->table) && x->table;
}

static bool nd_rule(struct nd_read *r, struct acm_rt_claim *c)
{
	char **k = r->key;
	int fam = nd_family(k[0]);
	unsigned len;
	if (!fam || !k[1] || !k[2])
		return false;
	claim_rule(c, fam);
	struct acm_rt_rule *x = &c->obj.u.rule;
	if (!parse_addr(k[0], fam, true, &x->src, &len))
		return false;
	x->src_len = (unsigned char)len;
	return parse_u32(k[1], &x->table) && x->table && parse_u32(k[2], &x->priority);
}

static void nd_flush(struct nd_read *r)
{
	struct acm_rt_claim c;
	if (r->sect && !r->bad && (r->sect == 1 ? nd_route(r, &c) : nd_rule(r, &c)))
		claim_push(r->v, r->n, &c);
	for (size_t i = 0; i < 8; i++) {
		free(r->key[i]);
		r->key[i] = NULL;
	}
	r->bad = false;
}

static bool nd_read_line(char *line, void *ctx)
{
	struct nd_read *r = ctx;

	if (*line == '[') {
		nd_flush(r);
		r->sect = !strcmp(line, "[Route]") ? 1 : !strcmp(line, "[RoutingPolicyRule]") ? 2 : 0;
		return true;
	}
	if (!r->sect)
		return true;
	char *eq = strchr(line, '=');
	if (!eq) {
		r->bad = true;
		return true;
	}
	char *e = eq, *val = eq + 1;
	while (e > line && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	while (*val == ' ' || *val == '\t')
		val++;
	const char *const *keys = nd_keys[r->sect - 1];
	size_t i = 0;
	while (keys[i] && strcmp(keys[i], line))
		i++;
	/* a key we do not write, or one given twice: not ours to read */
	if (!keys[i] || r->key[i]) {
		r->bad = true;
		return true;
	}
	r->key[i] = acm_xstrdup(val);
	return true;
}

void acm_persistread_networkd(const char *dropin, int ifindex, struct acm_rt_claim **v, size_t *n)
{
	struct nd_read r;
	memset(&r, 0, sizeof(r));
	r.ifindex = ifindex;
	r.v = v;
	r.n = n;
	each_line(dropin, nd_read_line, &r);
	nd_flush(&r);
}

/* One file's claims, by parser; a file that cannot be read gives none. */
static void claims_of(char *path, void (*parse)(const char *, int, struct acm_rt_claim **, size_t *),
		      int ifindex, struct acm_rt_claim **v, size_t *n)
{
	char *text;
	size_t len;

	if (path && acm_read_file(path, &text, &len, 1 << 20) == 0) {
		parse(text, ifindex, v, n);
		free(text);
	}
	free(path);
}

void acm_persistread_claims(const char *root, const char *ifname, int ifindex, struct acm_rt_claim **v,
			    size_t *n)
{
	claims_of(acm_persist_nm_keyfile(root, ifname), acm_persistread_nm, ifindex, v, n);
	claims_of(acm_persist_networkd_dropin(root, ifname), acm_persistread_networkd, ifindex, v, n);
}

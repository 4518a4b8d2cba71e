/* SPDX-License-Identifier: GPL-2.0-or-later */
/* srcroute.c - the source-routing plan: uplinks in, wanted routes/rules out,
 * and the difference with the kernel's state. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "ifname.h"
#include "inaddr.h"
#include "srcroute.h"

void acm_srcroute_init(struct acm_srcroute *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->priority = ACM_SRCROUTE_PRIORITY;
}

void acm_srcroute_free(struct acm_srcroute *cfg)
{
	for (size_t i = 0; i < cfg->nup; i++)
		free(cfg->up[i].table_name);
	for (size_t i = 0; i < cfg->nfrom; i++)
		free(cfg->from[i].arg);
	free(cfg->up);
	free(cfg->from);
	memset(cfg, 0, sizeof(*cfg));
}

/* An interface name the kernel accepts (lib/net/ifname), without the '=' and
 * ',' our own syntax uses. */
static bool valid_ifname(const char *s, size_t n)
{
	char name[IF_NAMESIZE];
	if (n == 0 || n >= IF_NAMESIZE)
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	return !acm_ifname_invalid(name) && !strpbrk(name, "=,");
}

static struct acm_uplink *find_uplink(struct acm_srcroute *cfg, const char *name, size_t n, size_t *idx)
{
	for (size_t i = 0; i < cfg->nup; i++)
		if (strlen(cfg->up[i].ifname) == n && memcmp(cfg->up[i].ifname, name, n) == 0) {
			if (idx)
				*idx = i;
			return &cfg->up[i];
		}
	return NULL;
}

int acm_srcroute_add_uplink(struct acm_srcroute *cfg, const char *arg)
{
	const char *colon = strchr(arg, ':');
	struct acm_uplink u;
	char gw[128];

	memset(&u, 0, sizeof(u));
	if (!colon) {
		acm_err("'%s': an uplink is IFACE:GATEWAY (e.g. eth1:192.0.2.1); add the gateway", arg);
		return ACM_EX_USAGE;
	}
	size_t n = (size_t)(colon - arg);
	if (!valid_ifname(arg, n)) {
		acm_err("'%s': '%.*s' is not a valid interface name; use the name `ip link` shows",
			arg, (int)(n > 64 ? 64 : n), arg);
		return ACM_EX_USAGE;
	}
	if (find_uplink(cfg, arg, n, NULL)) {
		acm_err("'%s': interface '%.*s' is given twice; name each uplink once", arg, (int)n, arg);
		return ACM_EX_USAGE;
	}
	memcpy(u.ifname, arg, n);
	const char *g = colon + 1;
	if (strlen(g) >= sizeof(gw)) {
		acm_err("'%s': the gateway is too long; give GW4 or GW4,GW6", arg);
		return ACM_EX_USAGE;
	}
	snprintf(gw, sizeof(gw), "%s", g);
	char *comma = strchr(gw, ',');
	if (comma)
		*comma = '\0';
	int fam = AF_INET;
	if (acm_inaddr_parse(gw, &fam, &u.gw4) < 0) {
		acm_err("'%s': '%s' is not an IPv4 gateway address; write IFACE:GW4[,GW6]", arg, gw);
		return ACM_EX_USAGE;
	}
	if (comma) {
		fam = AF_INET6;
		if (acm_inaddr_parse(comma + 1, &fam, &u.gw6) < 0) {
			acm_err("'%s': '%s' is not an IPv6 gateway address; write IFACE:GW4,GW6",
				arg, comma + 1);
			return ACM_EX_USAGE;
		}
		u.has_gw6 = true;
	}
	cfg->up = acm_xrealloc(cfg->up, (cfg->nup + 1) * sizeof(*cfg->up));
	cfg->up[cfg->nup++] = u;
	return 0;
}

int acm_srcroute_add_from(struct acm_srcroute *cfg, const char *arg)
{
	const char *eq = strrchr(arg, '=');
	char pfx[128];
	struct acm_from f;
	size_t idx;

	memset(&f, 0, sizeof(f));
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(pfx)) {
		acm_err("'%s': --from takes CIDR=IFACE (e.g. 203.0.113.0/24=eth1)", arg);
		return ACM_EX_USAGE;
	}
	memcpy(pfx, arg, (size_t)(eq - arg));
	pfx[eq - arg] = '\0';
	if (acm_inaddr_prefix_parse(pfx, &f.family, &f.prefix, &f.len, NULL) < 0) {
		acm_err("'%s': '%s' is not an address prefix; write CIDR=IFACE (e.g. 203.0.113.0/24=eth1)",
			arg, pfx);
		return ACM_EX_USAGE;
	}
	union acm_inaddr masked = f.prefix;
	acm_inaddr_mask(f.family, &masked, f.len);
	if (memcmp(&masked, &f.prefix, sizeof(masked)) != 0) {
		char b[64];
		acm_err("'%s': '%s' has host bits set; did you mean %s?", arg, pfx,
			acm_inaddr_prefix_str(f.family, &masked, f.len, b));
		return ACM_EX_USAGE;
	}
	if (f.len == 0) {
		acm_err("'%s': a --from prefix of length 0 would send all traffic by one uplink; "
			"use the main table's default route for that", arg);
		return ACM_EX_USAGE;
	}
	if (!find_uplink(cfg, eq + 1, strlen(eq + 1), &idx)) {
		acm_err("'%s': '%s' is not one of the uplinks given; name an IFACE from IFACE:GATEWAY",
			arg, eq + 1);
		return ACM_EX_USAGE;
	}
	if (f.family == AF_INET6 && !cfg->up[idx].has_gw6) {
		acm_err("'%s': uplink '%s' has no IPv6 gateway; give it as %s:GW4,GW6", arg,
			cfg->up[idx].ifname, cfg->up[idx].ifname);
		return ACM_EX_USAGE;
	}
	for (size_t i = 0; i < cfg->nfrom; i++) {
		const struct acm_from *o = &cfg->from[i];
		if (o->family == f.family && o->len == f.len &&
		    memcmp(&o->prefix, &f.prefix, sizeof(f.prefix)) == 0) {
			if (o->uplink == idx)
				return 0; /* the same thing twice: harmless */
			acm_err("'%s': prefix already sent by '%s' (%s); a source prefix leaves by one uplink",
				arg, cfg->up[o->uplink].ifname, o->arg);
			return ACM_EX_USAGE;
		}
	}
	f.uplink = idx;
	f.arg = acm_xstrdup(arg);
	cfg->from = acm_xrealloc(cfg->from, (cfg->nfrom + 1) * sizeof(*cfg->from));
	cfg->from[cfg->nfrom++] = f;
	return 0;
}

/* Tables that belong to the kernel (rtnetlink.h: RT_TABLE_UNSPEC,
 * RT_TABLE_DEFAULT, RT_TABLE_MAIN, RT_TABLE_LOCAL). */
static bool table_reserved(uint32_t id)
{
	return id == 0 || (id >= 253 && id <= 255);
}

int acm_srcroute_set_table(struct acm_srcroute *cfg, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t idx;

	if (!eq) {
		acm_err("'%s': --table takes IFACE=ID or IFACE=NAME (e.g. eth1=100)", arg);
		return ACM_EX_USAGE;
	}
	struct acm_uplink *u = find_uplink(cfg, arg, (size_t)(eq - arg), &idx);
	if (!u) {
		acm_err("'%s': '%.*s' is not one of the uplinks given; name an IFACE from IFACE:GATEWAY",
			arg, (int)(eq - arg > 64 ? 64 : eq - arg), arg);
		return ACM_EX_USAGE;
	}
	if (u->table_given) {
		acm_err("'%s': a table for '%s' is already given; give one --table per uplink", arg,
			u->ifname);
		return ACM_EX_USAGE;
	}
	const char *v = eq + 1;
	if (*v && strspn(v, "0123456789") == strlen(v)) {
		errno = 0;
		unsigned long id = strtoul(v, NULL, 10);
		/* 0 unspec, 253 default, 254 main, 255 local belong to the kernel. */
		if (errno || id > 0xffffffffUL || table_reserved((uint32_t)id) || strlen(v) > 10) {
			acm_err("'%s': table id must be 1..4294967295 and not 253-255 (default, main, "
				"local); pick a free one such as 100", arg);
			return ACM_EX_USAGE;
		}
		u->table = (uint32_t)id;
	} else {
		size_t n = strlen(v);
		bool ok = n > 0 && n <= 63 && (isalpha((unsigned char)v[0]) || v[0] == '_');
		for (size_t i = 0; ok && i < n; i++)
			ok = isalnum((unsigned char)v[i]) || v[i] == '_' || v[i] == '-' || v[i] == '.';
		if (!ok || !strcmp(v, "main") || !strcmp(v, "local") || !strcmp(v, "default") ||
		    !strcmp(v, "all") || !strcmp(v, "unspec")) {
			acm_err("'%s': '%s' is not a usable table name (letters, digits, '_', '-', '.'; "
				"not main/local/default); or give a number", arg, v);
			return ACM_EX_USAGE;
		}
		u->table_name = acm_xstrdup(v);
	}
	u->table_given = true;
	return 0;
}

/* The one reader of rt_tables text ("ID NAME" lines, '#' comments, ids
 * decimal or 0x hex): the id of the line naming name, or with name NULL
 * the id itself when some line names it; 0 when there is none. */
static uint32_t rt_tables_find(const char *text, const char *name, uint32_t want_id)
{
	for (const char *p = text; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[256], idtxt[32], nm[128];
		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			char *hash = strchr(line, '#');
			if (hash)
				*hash = '\0';
			if (sscanf(line, "%31s %127s", idtxt, nm) == 2 && (!name || !strcmp(nm, name))) {
				char *end;
				errno = 0;
				unsigned long id = strtoul(idtxt, &end, 0);
				if (!*end && !errno && id > 0 && id <= 0xffffffffUL &&
				    (name || id == want_id))
					return (uint32_t)id;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return 0;
}

uint32_t acm_rt_tables_lookup(const char *text, const char *name)
{
	return rt_tables_find(text, name, 0);
}

static bool table_named(const char *text, uint32_t id)
{
	return rt_tables_find(text, NULL, id) != 0;
}

const char *acm_srcroute_table_refused(const struct acm_srcroute *cfg, uint32_t id,
				       const char *rt_tables_text, bool automatic, int *code)
{
	*code = ACM_EX_USAGE;
	if (table_reserved(id))
		return "is one of the kernel's own tables (0 unspec, 253 default, 254 main, 255 local)";
	*code = ACM_EX_CONFIG;
	for (size_t i = 0; i < cfg->nbusy; i++)
		if (cfg->busy[i] == id)
			return "already holds routes or rules that acmtools did not make";
	if (automatic && table_named(cfg->named ? cfg->named : rt_tables_text, id))
		return "has a name in /etc/iproute2/rt_tables*, so it is someone else's";
	*code = 0;
	return NULL;
}

static bool table_taken(const struct acm_srcroute *cfg, size_t self, uint32_t id)
{
	for (size_t k = 0; k < cfg->nup; k++)
		if (k != self && cfg->up[k].table == id)
			return true;
	return false;
}

/* An automatic table: the position's default (100 + i) when usable, else
 * the first usable id past every position's default that no other uplink
 * has, so one table in the way moves only the uplink it blocks. The
 * default is kept even when an explicit --table names it: that clash is
 * reported, not dodged; an earlier automatic uplink on it is dodged. */
static int allocate(struct acm_srcroute *cfg, size_t i, const char *rt_tables_text, const bool *automatic)
{
	int code;
	uint32_t id = ACM_SRCROUTE_TABLE0 + (uint32_t)i;
	bool clash = false;

	for (size_t k = 0; k < i; k++)
		if (automatic[k] && cfg->up[k].table == id)
			clash = true;
	if (!clash && !acm_srcroute_table_refused(cfg, id, rt_tables_text, true, &code)) {
		cfg->up[i].table = id;
		return 0;
	}
	for (id = ACM_SRCROUTE_TABLE0 + (uint32_t)cfg->nup; id < 0xffffffffu; id++)
		if (!acm_srcroute_table_refused(cfg, id, rt_tables_text, true, &code) &&
		    !table_taken(cfg, i, id)) {
			cfg->up[i].table = id;
			return 0;
		}
	acm_err("'%s': no free routing table is left; give one with --table", cfg->up[i].ifname);
	return ACM_EX_CONFIG;
}

int acm_srcroute_assign_tables(struct acm_srcroute *cfg, const char *rt_tables_text)
{
	int code;

	/* Explicit and registered ids first, so automatic ones step around them. */
	for (size_t i = 0; i < cfg->nup; i++) {
		struct acm_uplink *u = &cfg->up[i];
		if (u->table_name)
			u->table = rt_tables_text ? acm_rt_tables_lookup(rt_tables_text, u->table_name) : 0;
		else if (!u->table_given)
			u->table = 0;
		if (!u->table)
			continue;
		const char *why = acm_srcroute_table_refused(cfg, u->table, rt_tables_text, false, &code);
		if (why) {
			if (u->table_name)
				acm_err("'%s=%s': table %u (from rt_tables) %s; choose another table",
					u->ifname, u->table_name, u->table, why);
			else
				acm_err("'%s=%u': table %u %s; choose another table", u->ifname, u->table,
					u->table, why);
			return code;
		}
	}
	bool *automatic = acm_xcalloc(cfg->nup + 1, sizeof(bool));
	for (size_t i = 0; i < cfg->nup; i++)
		automatic[i] = !cfg->up[i].table;
	for (size_t i = 0; i < cfg->nup; i++)
		if (automatic[i] && (code = allocate(cfg, i, rt_tables_text, automatic))) {
			free(automatic);
			return code;
		}
	free(automatic);
	for (size_t i = 0; i < cfg->nup; i++)
		for (size_t j = i + 1; j < cfg->nup; j++)
			if (cfg->up[i].table == cfg->up[j].table) {
				acm_err("'%s' and '%s' would share table %u; give each uplink its own "
					"with --table IFACE=ID", cfg->up[i].ifname, cfg->up[j].ifname,
					cfg->up[i].table);
				return ACM_EX_USAGE;
			}
	return 0;
}

uint32_t acm_srcroute_rule_priority(const struct acm_srcroute *cfg, int family, unsigned len)
{
	unsigned full = family == AF_INET6 ? 128 : 32;
	return cfg->priority + 1 + (full - len);
}

uint32_t acm_srcroute_priority_end(const struct acm_srcroute *cfg)
{
	return cfg->priority + 1 + 128;
}

/* ---- wanted set ---- */

struct objv {
	struct acm_rt_obj *v;
	size_t n, cap;
};

static struct acm_rt_obj *objv_push(struct objv *o, enum acm_rt_kind kind)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->v = acm_xrealloc(o->v, o->cap * sizeof(*o->v));
	}
	struct acm_rt_obj *p = &o->v[o->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	return p;
}

static void add_source(struct acm_uplink_state *st, int family, const union acm_inaddr *a, unsigned len)
{
	char b[64];
	if (!st)
		return;
	if (st->sources.len)
		acm_buf_addc(&st->sources, ',');
	acm_buf_adds(&st->sources, acm_inaddr_prefix_str(family, a, len, b));
	st->nsources++;
}

static void want_family(const struct acm_srcroute *cfg, size_t ui, int family,
			const struct acm_rt_addr *addrs, size_t naddrs, struct objv *o,
			struct acm_uplink_state *st)
{
	const struct acm_uplink *u = &cfg->up[ui];
	size_t first_route = o->n;

	/* The connected subnets, each once, with src = the first address in it. */
	for (size_t i = 0; i < naddrs; i++) {
		const struct acm_rt_addr *a = &addrs[i];
		unsigned full = family == AF_INET6 ? 128 : 32;
		if (a->family != family || a->ifindex != u->ifindex || a->scope != RT_SCOPE_UNIVERSE)
			continue;
		if (a->prefixlen >= full)
			continue;
		union acm_inaddr net = a->addr;
		acm_inaddr_mask(family, &net, a->prefixlen);
		bool dup = false;
		for (size_t k = first_route; k < o->n; k++) {
			const struct acm_rt_route *r = &o->v[k].u.route;
			if (r->dst_len == a->prefixlen && !memcmp(&r->dst, &net, sizeof(net)))
				dup = true;
		}
		if (dup)
			continue;
		struct acm_rt_route *r = &objv_push(o, ACM_RT_ROUTE)->u.route;
		r->family = family;
		r->table = u->table;
		r->dst = net;
		r->dst_len = a->prefixlen;
		r->oif = u->ifindex;
		r->protocol = ACM_RTPROT;
		r->type = RTN_UNICAST;
		if (family == AF_INET) {
			r->scope = RT_SCOPE_LINK;
			r->prefsrc = a->addr;
			r->has_prefsrc = true;
		} else {
			r->scope = RT_SCOPE_UNIVERSE;
			r->metric = ACM_SRCROUTE_METRIC6;
		}
	}
	/* The default route via the uplink's gateway. */
	struct acm_rt_route *d = &objv_push(o, ACM_RT_ROUTE)->u.route;
	d->family = family;
	d->table = u->table;
	d->gw = family == AF_INET ? u->gw4 : u->gw6;
	d->has_gw = true;
	d->oif = u->ifindex;
	d->protocol = ACM_RTPROT;
	d->type = RTN_UNICAST;
	d->scope = RT_SCOPE_UNIVERSE;
	if (family == AF_INET6)
		d->metric = ACM_SRCROUTE_METRIC6;

	/* from ADDR lookup TABLE, one per address on the interface. */
	for (size_t i = 0; i < naddrs; i++) {
		const struct acm_rt_addr *a = &addrs[i];
		if (a->family != family || a->ifindex != u->ifindex || a->scope != RT_SCOPE_UNIVERSE)
			continue;
		struct acm_rt_rule *r = &objv_push(o, ACM_RT_RULE)->u.rule;
		r->family = family;
		r->priority = cfg->priority;
		r->src = a->addr;
		r->src_len = family == AF_INET6 ? 128 : 32;
		r->table = u->table;
		r->protocol = ACM_RTPROT;
		r->action = FR_ACT_TO_TBL;
		add_source(st, family, &a->addr, r->src_len);
	}
	for (size_t i = 0; i < cfg->nfrom; i++) {
		const struct acm_from *f = &cfg->from[i];
		if (f->uplink != ui || f->family != family)
			continue;
		struct acm_rt_rule *r = &objv_push(o, ACM_RT_RULE)->u.rule;
		r->family = family;
		r->priority = acm_srcroute_rule_priority(cfg, family, f->len);
		r->src = f->prefix;
		r->src_len = (unsigned char)f->len;
		r->table = u->table;
		r->protocol = ACM_RTPROT;
		r->action = FR_ACT_TO_TBL;
		add_source(st, family, &f->prefix, f->len);
	}
}

int acm_srcroute_want(const struct acm_srcroute *cfg, const struct acm_rt_addr *addrs, size_t naddrs,
		      struct acm_rt_obj **want, size_t *nwant, struct acm_uplink_state *st)
{
	struct objv o = { NULL, 0, 0 };
	char b1[64];

	for (size_t ui = 0; ui < cfg->nup; ui++) {
		const struct acm_uplink *u = &cfg->up[ui];
		bool has4 = false, gw_on_link = false, has6 = false;
		if (st) {
			acm_buf_free(&st[ui].sources);
			memset(&st[ui], 0, sizeof(st[ui]));
		}
		for (size_t i = 0; i < naddrs; i++) {
			const struct acm_rt_addr *a = &addrs[i];
			if (a->ifindex != u->ifindex || a->scope != RT_SCOPE_UNIVERSE)
				continue;
			if (a->family == AF_INET) {
				has4 = true;
				if (acm_inaddr_in(AF_INET, &u->gw4, &a->addr, a->prefixlen))
					gw_on_link = true;
			} else if (a->family == AF_INET6) {
				has6 = true;
			}
		}
		if (!has4) {
			acm_err("'%s': interface has no global IPv4 address; give it one (ip addr add) "
				"before routing by source", u->ifname);
			goto bad;
		}
		if (!gw_on_link) {
			acm_err("'%s:%s': gateway is not on any of the interface's IPv4 subnets; "
				"use the router on that link", u->ifname,
				acm_inaddr_str(AF_INET, &u->gw4, b1));
			goto bad;
		}
		if (u->has_gw6 && !has6) {
			acm_err("'%s': an IPv6 gateway is given but the interface has no global IPv6 "
				"address; add one or drop ',GW6'", u->ifname);
			goto bad;
		}
		want_family(cfg, ui, AF_INET, addrs, naddrs, &o, st ? &st[ui] : NULL);
		if (u->has_gw6) {
			want_family(cfg, ui, AF_INET6, addrs, naddrs, &o, st ? &st[ui] : NULL);
			if (st)
				st[ui].v6 = true;
		}
	}
	*want = o.v;
	*nwant = o.n;
	return 0;
bad:
	free(o.v);
	*want = NULL;
	*nwant = 0;
	return ACM_EX_DATAERR;
}

bool acm_srcroute_claim_matches(const struct acm_rt_claim *c, const struct acm_rt_obj *o)
{
	const struct acm_rt_obj *w = &c->obj;

	if (o->kind != w->kind)
		return false;
	if (o->kind == ACM_RT_ROUTE) {
		const struct acm_rt_route *x = &o->u.route, *y = &w->u.route;
		return !x->extra && y->oif && x->family == y->family && x->table == y->table &&
		       x->dst_len == y->dst_len && acm_inaddr_equal(x->family, &x->dst, &y->dst) &&
		       x->has_gw == y->has_gw && (!x->has_gw || acm_inaddr_equal(x->family, &x->gw, &y->gw)) &&
		       x->has_prefsrc == y->has_prefsrc &&
		       (!x->has_prefsrc || acm_inaddr_equal(x->family, &x->prefsrc, &y->prefsrc)) &&
		       x->oif == y->oif && x->scope == y->scope && x->type == y->type &&
		       (c->any_metric || x->metric == y->metric);
	}
	const struct acm_rt_rule *x = &o->u.rule, *y = &w->u.rule;
	return !x->extra && x->family == y->family && x->priority == y->priority &&
	       x->src_len == y->src_len && acm_inaddr_equal(x->family, &x->src, &y->src) &&
	       x->table == y->table && x->action == y->action;
}

bool acm_srcroute_owned(const struct acm_rt_obj *o, const struct acm_rt_claim *c, size_t nc)
{
	if ((o->kind == ACM_RT_ROUTE ? o->u.route.protocol : o->u.rule.protocol) == ACM_RTPROT)
		return true;
	for (size_t i = 0; i < nc; i++)
		if (acm_srcroute_claim_matches(&c[i], o))
			return true;
	return false;
}

size_t acm_srcroute_ours(const struct acm_rt_route *routes, size_t nroutes,
			 const struct acm_rt_rule *rules, size_t nrules,
			 const struct acm_rt_claim *c, size_t nc, struct acm_rt_obj **out)
{
	size_t n = nroutes + nrules, nours = 0, nrest = 0;
	struct acm_rt_obj *v = acm_xcalloc(n + 1, sizeof(*v));
	struct acm_rt_obj *rest = acm_xcalloc(n + 1, sizeof(*rest));

	for (size_t i = 0; i < n; i++) {
		struct acm_rt_obj o = { .kind = i < nroutes ? ACM_RT_ROUTE : ACM_RT_RULE };
		if (i < nroutes)
			o.u.route = routes[i];
		else
			o.u.rule = rules[i - nroutes];
		if (acm_srcroute_owned(&o, c, nc))
			v[nours++] = o;
		else
			rest[nrest++] = o;
	}
	memcpy(v + nours, rest, nrest * sizeof(*rest));
	free(rest);
	*out = v;
	return nours;
}

uint32_t acm_rt_obj_table(const struct acm_rt_obj *o)
{
	return o->kind == ACM_RT_ROUTE ? o->u.route.table : o->u.rule.table;
}

#define CMP(a, b) do { if ((a) != (b)) return (a) < (b) ? -1 : 1; } while (0)
/* Two addresses of family, by their bytes (acm_inaddr_len of them). */
#define CMP_ADDR(family, a, b) \
	do { int c_ = memcmp(a, b, acm_inaddr_len(family)); if (c_) return c_; } while (0)
/* An optional address: present after absent, then by its bytes. */
#define CMP_OPT_ADDR(family, has_a, has_b, a, b) \
	do { CMP(has_a, has_b); if (has_a) CMP_ADDR(family, a, b); } while (0)

/* A total order over the fields acm_rt_obj_equal compares, so the diff can
 * sort and search instead of comparing every pair (1000 --from prefixes
 * are a million pairs). */
static int obj_cmp(const struct acm_rt_obj *a, const struct acm_rt_obj *b)
{
	CMP(a->kind, b->kind);
	if (a->kind == ACM_RT_ROUTE) {
		const struct acm_rt_route *x = &a->u.route, *y = &b->u.route;
		CMP(x->family, y->family);
		CMP(x->table, y->table);
		CMP(x->dst_len, y->dst_len);
		CMP_ADDR(x->family, &x->dst, &y->dst);
		CMP_OPT_ADDR(x->family, x->has_gw, y->has_gw, &x->gw, &y->gw);
		CMP_OPT_ADDR(x->family, x->has_prefsrc, y->has_prefsrc, &x->prefsrc, &y->prefsrc);
		CMP(x->scope, y->scope);
		CMP(x->protocol, y->protocol);
		CMP(x->type, y->type);
		CMP(x->oif, y->oif);
		CMP(x->metric, y->metric);
		return 0;
	}
	const struct acm_rt_rule *x = &a->u.rule, *y = &b->u.rule;
	CMP(x->family, y->family);
	CMP(x->priority, y->priority);
	CMP(x->src_len, y->src_len);
	CMP_ADDR(x->family, &x->src, &y->src);
	CMP(x->table, y->table);
	CMP(x->protocol, y->protocol);
	CMP(x->action, y->action);
	return 0;
}

/* Sorting pointers; ties keep the original order (earlier first). */
static int ptr_cmp(const void *pa, const void *pb)
{
	const struct acm_rt_obj *a = *(const struct acm_rt_obj *const *)pa;
	const struct acm_rt_obj *b = *(const struct acm_rt_obj *const *)pb;
	int c = obj_cmp(a, b);
	return c ? c : (a < b ? -1 : a > b);
}

static const struct acm_rt_obj **sorted(const struct acm_rt_obj *v, size_t n)
{
	const struct acm_rt_obj **p = acm_xcalloc(n + 1, sizeof(*p));
	for (size_t i = 0; i < n; i++)
		p[i] = &v[i];
	if (n)
		qsort(p, n, sizeof(*p), ptr_cmp);
	return p;
}

static bool in_sorted(const struct acm_rt_obj **p, size_t n, const struct acm_rt_obj *x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = obj_cmp(p[mid], x);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* dup[i]: v[i] equals an earlier element of v. */
static bool *dups(const struct acm_rt_obj *v, const struct acm_rt_obj **p, size_t n)
{
	bool *d = acm_xcalloc(n + 1, sizeof(bool));
	for (size_t i = 1; i < n; i++)
		if (obj_cmp(p[i - 1], p[i]) == 0)
			d[p[i] - v] = true;
	return d;
}

void acm_srcroute_diff(const struct acm_rt_obj *want, size_t nwant, const struct acm_rt_obj *have,
		       size_t nhave, struct acm_rt_change **ch, size_t *nch)
{
	struct acm_rt_change *c = acm_xcalloc(nwant + nhave + 1, sizeof(*c));
	size_t n = 0;
	const struct acm_rt_obj **sw = sorted(want, nwant), **sh = sorted(have, nhave);
	bool *dw = dups(want, sw, nwant), *dh = dups(have, sh, nhave);

	/* Deletions: rules first (so no rule points into a table being
	 * emptied), then gateway routes, then the subnets they sit on. */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < nhave; i++) {
			const struct acm_rt_obj *h = &have[i];
			int p = h->kind == ACM_RT_RULE ? 0 : h->u.route.has_gw ? 1 : 2;
			if (p != pass || dh[i] || in_sorted(sw, nwant, h))
				continue;
			c[n].op = ACM_RT_DEL;
			c[n].obj = *h;
			n++;
		}
	for (size_t i = 0; i < nwant; i++) {
		if (dw[i] || in_sorted(sh, nhave, &want[i]))
			continue;
		c[n].op = ACM_RT_ADD;
		c[n].obj = want[i];
		n++;
	}
	free(sw);
	free(sh);
	free(dw);
	free(dh);
	*ch = c;
	*nch = n;
}

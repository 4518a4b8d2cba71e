/* multihome-route - a routing table per uplink and `from ADDR` rules, so a
 * host on two (or more) networks answers by the uplink a packet came in on
 * (seed part 8; the LARTC "multiple uplinks" recipe), through rtnetlink. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "opts.h"
#include "record.h"
#include "routepersist.h"
#include "rpfilter.h"
#include "rtnl.h"
#include "srcroute.h"

static const char **opt_table;
static const char **opt_from;
/* Single-valued options are collected as ARGV too, the last one winning:
 * popt does not free a STRING option's earlier value when it is repeated. */
static const char **opt_priority_v;
static const char **opt_rp_v;
static int opt_remove;
static const char **opt_persist_v;
static const char **opt_root_v;
static const char *opt_root;

static const struct poptOption options[] = {
	{ "table", 0, POPT_ARG_ARGV, &opt_table, 0,
	  "routing table of an uplink, a number or a name (default 100, 101, ... in order)",
	  "IFACE=ID|NAME" },
	{ "from", 0, POPT_ARG_ARGV, &opt_from, 0,
	  "also send replies from this source prefix by that uplink (repeatable)", "CIDR=IFACE" },
	{ "priority", 0, POPT_ARG_ARGV, &opt_priority_v, 0,
	  "first rule priority (default 1000; rules use N to N+129)", "N" },
	{ "rp-filter", 0, POPT_ARG_ARGV, &opt_rp_v, 0,
	  "loose: set rp_filter=2 on the uplinks; keep: leave it (default loose)", "loose|keep" },
	{ "remove", 0, POPT_ARG_NONE, &opt_remove, 0,
	  "take away the routes, rules and files this tool made (all, or the uplinks given)", NULL },
	{ "persist", 0, POPT_ARG_ARGV, &opt_persist_v, 0,
	  "also write it for boot: auto, network-scripts, networkd, nm or none (default auto)",
	  "MODE" },
	{ "persist-root", 0, POPT_ARG_ARGV, &opt_root_v, 0,
	  "the directory persisted files go under (default /)", "DIR" },
	POPT_TABLEEND
};

static const struct acm_tool tool = {
	.name = "multihome-route",
	.args = "[OPTIONS] IFACE:GW4[,GW6] [IFACE:GW4[,GW6]...]",
	.summary = "Route replies out of the uplink they came in on (per-uplink tables and source rules).",
	.options = options,
	.notes = "Each run states the whole set-up: routes and rules this tool made earlier that are\n"
		 "not asked for again are taken away. -n prints an `ip -batch` script.\n"
		 "Records: iface= table= gateway= sources= rp_filter= persist= changed=yes|no",
	.flags = 0,
	.min_args = 0,
	.max_args = -1,
};

struct run {
	struct acm_srcroute cfg;
	struct acm_rtnl *nl;
	struct acm_rt_obj *want, *have;
	size_t nwant, nhave;
	struct acm_rt_change *ch;
	size_t nch;
	struct acm_uplink_state *st;
	struct acm_persist_target *pt;
	int *rp_old;                /* rp_filter before we wrote it, -1 untouched */
	bool *rp_change;
	enum acm_persist persist;
	bool loose;
};

static const char *ifname_of(int ifindex, void *ctx)
{
	const struct run *r = ctx;
	for (size_t i = 0; i < r->cfg.nup; i++)
		if (r->cfg.up[i].ifindex == ifindex)
			return r->cfg.up[i].ifname;
	return NULL;
}

static int parse_priority(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	/* 0 is the local table's rule; 32766/32767 are main and default: our
	 * rules must all come before main. */
	if (!*s || *end || errno || *s == '-' || v < 1 || v + 129 >= 32766) {
		acm_err("'%s': --priority must be a number from 1 to %d so all rules (N to N+129) "
			"come before the main table's rule (32766)", s, 32766 - 130);
		return ACM_EX_USAGE;
	}
	*out = (uint32_t)v;
	return 0;
}

/* All our objects whose table is one of the given uplinks' (or any, when
 * the uplink list is empty). */
static bool in_scope(const struct run *r, const struct acm_rt_obj *o)
{
	if (r->cfg.nup == 0)
		return true;
	uint32_t t = acm_rt_obj_table(o);
	for (size_t i = 0; i < r->cfg.nup; i++)
		if (r->cfg.up[i].table == t)
			return true;
	return false;
}

static int read_kernel(struct run *r)
{
	struct acm_rt_route *routes;
	struct acm_rt_rule *rules;
	struct acm_rt_obj *ro, *qo;
	size_t nroutes, nrules;
	int rc;

	rc = acm_rtnl_dump_routes(r->nl, AF_UNSPEC, &routes, &nroutes);
	if (!rc)
		rc = acm_rtnl_dump_rules(r->nl, AF_UNSPEC, &rules, &nrules);
	if (rc) {
		return rc;
	}
	size_t nro = acm_srcroute_ours_routes(routes, nroutes, &ro);
	size_t nqo = acm_srcroute_ours_rules(rules, nrules, &qo);
	r->have = acm_xcalloc(nro + nqo + 1, sizeof(*r->have));
	for (size_t i = 0; i < nro; i++)
		if (in_scope(r, &ro[i]))
			r->have[r->nhave++] = ro[i];
	for (size_t i = 0; i < nqo; i++)
		if (in_scope(r, &qo[i]))
			r->have[r->nhave++] = qo[i];
	free(ro);
	free(qo);
	free(routes);
	free(rules);
	return 0;
}

static void print_script(const struct run *r)
{
	printf("# multihome-route: %zu change%s; replay with: ip -batch FILE\n", r->nch,
	       r->nch == 1 ? "" : "s");
	for (size_t i = 0; i < r->nch; i++) {
		char *line = acm_rt_change_batch_line(&r->ch[i], ifname_of, (void *)r);
		printf("%s\n", line);
		free(line);
	}
	for (size_t i = 0; i < r->cfg.nup; i++)
		if (r->rp_change && r->rp_change[i])
			printf("# not for ip -batch: sysctl -w net.ipv4.conf.%s.rp_filter=%d\n",
			       r->cfg.up[i].ifname, ACM_RPFILTER_LOOSE);
}

static bool uplink_changed(const struct run *r, size_t ui)
{
	for (size_t i = 0; i < r->nch; i++)
		if (acm_rt_obj_table(&r->ch[i].obj) == r->cfg.up[ui].table)
			return true;
	return r->rp_change[ui];
}

static void undo_kernel(struct run *r)
{
	struct acm_rt_change *inv = acm_xcalloc(r->nch + 1, sizeof(*inv));
	for (size_t i = 0; i < r->nch; i++) {
		inv[i] = r->ch[r->nch - 1 - i];
		inv[i].op = inv[i].op == ACM_RT_ADD ? ACM_RT_DEL : ACM_RT_ADD;
	}
	if (acm_rtnl_apply(r->nl, inv, r->nch, NULL) == 0)
		acm_info("undid the %zu route/rule change%s of this run", r->nch, r->nch == 1 ? "" : "s");
	free(inv);
	for (size_t i = 0; i < r->cfg.nup; i++)
		if (r->rp_old[i] >= 0)
			acm_rpfilter_set(r->cfg.up[i].ifname, r->rp_old[i]);
}

/* The objects of one uplink (its table), for the persisted files. */
static size_t uplink_objs(const struct run *r, size_t ui, struct acm_rt_obj **out)
{
	struct acm_rt_obj *v = acm_xcalloc(r->nwant + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < r->nwant; i++)
		if (acm_rt_obj_table(&r->want[i]) == r->cfg.up[ui].table)
			v[n++] = r->want[i];
	*out = v;
	return n;
}

static int do_persist(struct run *r, bool dry, bool *changed_up, size_t *names_changed)
{
	int rc = 0;
	bool any = false;

	for (size_t i = 0; i < r->cfg.nup && !rc; i++) {
		if (r->pt[i].mode == ACM_PERSIST_NONE)
			continue;
		struct acm_rt_obj *o;
		size_t n = uplink_objs(r, i, &o);
		rc = acm_persist_write(opt_root, &r->pt[i], r->cfg.up[i].ifname, o, n, dry, &changed_up[i]);
		free(o);
		any = true;
		if (!rc && r->pt[i].mode == ACM_PERSIST_NETWORKD)
			acm_warn("'%s': systemd-networkd >= 248 deletes routing rules it did not make; "
				 "set ManageForeignRoutingPolicyRules=no in networkd.conf", r->cfg.up[i].ifname);
	}
	if (!rc && any) {
		uint32_t *ids = acm_xcalloc(r->cfg.nup + 1, sizeof(*ids));
		const char **names = acm_xcalloc(r->cfg.nup + 1, sizeof(*names));
		size_t n = 0;
		for (size_t i = 0; i < r->cfg.nup; i++)
			if (r->cfg.up[i].table_name) {
				ids[n] = r->cfg.up[i].table;
				names[n++] = r->cfg.up[i].table_name;
			}
		rc = acm_persist_names(opt_root, ids, names, n, false, dry, names_changed);
		free(ids);
		free(names);
	}
	return rc;
}

static int run_setup(struct run *r)
{
	struct acm_rt_addr *addrs;
	size_t naddrs;
	int rc;
	char b[64];

	for (size_t i = 0; i < r->cfg.nup; i++) {
		r->cfg.up[i].ifindex = acm_rtnl_ifindex(r->cfg.up[i].ifname);
		if (!r->cfg.up[i].ifindex) {
			acm_err("'%s': no such interface in this network namespace; check `ip link`",
				r->cfg.up[i].ifname);
			return ACM_EX_DATAERR;
		}
	}
	rc = acm_rtnl_dump_addrs(r->nl, AF_UNSPEC, &addrs, &naddrs);
	if (rc)
		return rc;
	r->st = acm_xcalloc(r->cfg.nup, sizeof(*r->st));
	rc = acm_srcroute_want(&r->cfg, addrs, naddrs, &r->want, &r->nwant, r->st);
	free(addrs);
	if (rc)
		return rc;
	rc = read_kernel(r);
	if (rc)
		return rc;
	acm_srcroute_diff(r->want, r->nwant, r->have, r->nhave, &r->ch, &r->nch);

	r->rp_old = acm_xcalloc(r->cfg.nup, sizeof(int));
	r->rp_change = acm_xcalloc(r->cfg.nup, sizeof(bool));
	for (size_t i = 0; i < r->cfg.nup; i++) {
		int v = -1;
		r->rp_old[i] = -1;
		if (r->loose && (acm_rpfilter_get(r->cfg.up[i].ifname, &v) < 0 || v != ACM_RPFILTER_LOOSE))
			r->rp_change[i] = true;
	}

	/* Where each uplink's set-up is persisted. */
	r->pt = acm_xcalloc(r->cfg.nup, sizeof(*r->pt));
	for (size_t i = 0; i < r->cfg.nup; i++) {
		rc = acm_persist_detect(opt_root, r->cfg.up[i].ifname, r->persist, &r->pt[i]);
		if (rc)
			return rc;
		/* networkd applies a .network file's [Route]s to every interface
		 * it matches: two uplinks cannot share one. */
		for (size_t k = 0; k < i; k++)
			if (r->pt[i].mode == ACM_PERSIST_NETWORKD && r->pt[k].mode == ACM_PERSIST_NETWORKD &&
			    !strcmp(r->pt[i].conf, r->pt[k].conf)) {
				acm_err("'%s' and '%s' are both configured by '%s'; its routes would apply "
					"to both: give each uplink its own .network file", r->cfg.up[k].ifname,
					r->cfg.up[i].ifname, r->pt[i].conf);
				return ACM_EX_CONFIG;
			}
		if (r->persist == ACM_PERSIST_AUTO && r->pt[i].mode == ACM_PERSIST_NONE)
			acm_verbose("'%s': no network manager configuration found under '%s'; not persisted",
				    r->cfg.up[i].ifname, opt_root);
	}

	if (acm_opt.dry_run) {
		print_script(r);
		return 0;
	}
	bool *pchanged = acm_xcalloc(r->cfg.nup, sizeof(bool));
	size_t names_changed = 0;
	if (acm_opt.check) {
		bool differs = r->nch > 0;
		for (size_t i = 0; i < r->cfg.nup; i++)
			differs = differs || r->rp_change[i];
		if (differs)
			acm_verbose("%zu route/rule change%s needed", r->nch, r->nch == 1 ? "" : "s");
		rc = differs ? ACM_EX_DIFFERS : 0;
	} else {
		rc = acm_rtnl_apply(r->nl, r->ch, r->nch, NULL);
		for (size_t i = 0; i < r->cfg.nup && !rc; i++) {
			if (!r->rp_change[i])
				continue;
			int old;
			if (acm_rpfilter_get(r->cfg.up[i].ifname, &old) == 0)
				r->rp_old[i] = old;
			rc = acm_rpfilter_set(r->cfg.up[i].ifname, ACM_RPFILTER_LOOSE);
			if (rc) {
				r->rp_old[i] = -1;
				undo_kernel(r);
			} else {
				acm_info("'%s': rp_filter set to 2 (loose) so replies may leave by another "
					 "uplink than the main route", r->cfg.up[i].ifname);
			}
		}
		if (!rc) {
			rc = do_persist(r, false, pchanged, &names_changed);
			if (rc)
				undo_kernel(r);
		}
	}
	if (!rc || rc == ACM_EX_DIFFERS) {
		for (size_t i = 0; i < r->cfg.nup; i++) {
			const struct acm_uplink *u = &r->cfg.up[i];
			struct acm_record *rec = acm_record_new();
			acm_record_str(rec, "iface", u->ifname);
			if (u->table_name)
				acm_record_str(rec, "table", u->table_name);
			else
				acm_record_int(rec, "table", u->table);
			acm_record_str(rec, "gateway", acm_inaddr_str(AF_INET, &u->gw4, b));
			if (u->has_gw6)
				acm_record_str(rec, "gateway6", acm_inaddr_str(AF_INET6, &u->gw6, b));
			acm_record_str(rec, "sources", acm_buf_str(&r->st[i].sources));
			int eff = acm_rpfilter_effective(u->ifname);
			if (eff >= 0)
				acm_record_int(rec, "rp_filter", eff);
			acm_record_str(rec, "persist", acm_persist_name(r->pt[i].mode));
			acm_record_bool(rec, "changed", uplink_changed(r, i) || pchanged[i] ||
				       (names_changed > 0 && i == 0));
			acm_record_emit(rec, stdout);
		}
	}
	free(pchanged);
	return rc;
}

static int run_remove(struct run *r)
{
	int rc = read_kernel(r);
	if (rc)
		return rc;
	acm_srcroute_diff(NULL, 0, r->have, r->nhave, &r->ch, &r->nch);
	if (acm_opt.dry_run) {
		print_script(r);
		return 0;
	}
	size_t nfiles = 0, nroutes = 0, nrules = 0;
	for (size_t i = 0; i < r->nch; i++) {
		if (r->ch[i].obj.kind == ACM_RT_ROUTE)
			nroutes++;
		else
			nrules++;
	}
	bool check = acm_opt.check;
	if (!check)
		rc = acm_rtnl_apply(r->nl, r->ch, r->nch, NULL);
	if (!rc && r->persist != ACM_PERSIST_NONE) {
		if (r->cfg.nup == 0) {
			rc = acm_persist_remove(opt_root, NULL, check, &nfiles);
			if (!rc)
				rc = acm_persist_names(opt_root, NULL, NULL, 0, true, check, &nfiles);
		} else {
			for (size_t i = 0; i < r->cfg.nup && !rc; i++) {
				size_t k = 0;
				rc = acm_persist_remove(opt_root, r->cfg.up[i].ifname, check, &k);
				nfiles += k;
			}
		}
	}
	if (rc)
		return rc;
	struct acm_record *rec = acm_record_new();
	acm_record_int(rec, "removed_routes", (long long)nroutes);
	acm_record_int(rec, "removed_rules", (long long)nrules);
	acm_record_int(rec, "removed_files", (long long)nfiles);
	acm_record_bool(rec, "changed", r->nch + nfiles > 0);
	acm_record_emit(rec, stdout);
	if (check && r->nch + nfiles > 0)
		return ACM_EX_DIFFERS;
	return 0;
}

static const char *last(const char **v)
{
	const char *l = NULL;
	for (; v && *v; v++)
		l = *v;
	return l;
}

int main(int argc, const char **argv)
{
	poptContext ctx;
	int nargs, rc;
	struct run r;

	memset(&r, 0, sizeof(r));
	acm_srcroute_init(&r.cfg);
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);

	const char *opt_priority = last(opt_priority_v), *opt_rp = last(opt_rp_v);
	const char *opt_persist = last(opt_persist_v);
	opt_root = last(opt_root_v);
	if (!opt_root)
		opt_root = "/";
	if (!opt_remove && nargs == 0)
		acm_usage_error("give at least one uplink as IFACE:GATEWAY");
	if (opt_priority && (rc = parse_priority(opt_priority, &r.cfg.priority)))
		goto usage;
	r.loose = true;
	if (opt_rp && !strcmp(opt_rp, "keep"))
		r.loose = false;
	else if (opt_rp && strcmp(opt_rp, "loose"))
		acm_usage_error("'%s': --rp-filter is loose or keep", opt_rp);
	if (opt_persist && acm_persist_parse(opt_persist, &r.persist) < 0)
		acm_usage_error("'%s': --persist is auto, network-scripts, networkd, nm or none", opt_persist);
	if (!*opt_root)
		acm_usage_error("--persist-root needs a directory");
	for (int i = 0; i < nargs; i++)
		if ((rc = acm_srcroute_add_uplink(&r.cfg, args[i])))
			goto usage;
	for (const char **t = opt_table; t && *t; t++)
		if ((rc = acm_srcroute_set_table(&r.cfg, *t)))
			goto usage;
	for (const char **f = opt_from; f && *f; f++)
		if ((rc = acm_srcroute_add_from(&r.cfg, *f)))
			goto usage;
	char *rt_tables = acm_persist_read_rt_tables(opt_root);
	rc = acm_srcroute_assign_tables(&r.cfg, rt_tables);
	free(rt_tables);
	if (rc)
		goto usage;

	rc = acm_rtnl_open(&r.nl);
	if (!rc)
		rc = opt_remove ? run_remove(&r) : run_setup(&r);

	acm_rtnl_close(r.nl);
	if (r.pt)
		for (size_t i = 0; i < r.cfg.nup; i++)
			acm_persist_target_free(&r.pt[i]);
	if (r.st)
		for (size_t i = 0; i < r.cfg.nup; i++)
			acm_buf_free(&r.st[i].sources);
	free(r.pt);
	free(r.st);
	free(r.want);
	free(r.have);
	free(r.ch);
	free(r.rp_old);
	free(r.rp_change);
	acm_srcroute_free(&r.cfg);
	poptFreeContext(ctx);
	return rc;
usage:
	fprintf(stderr, "Try '%s --help' for more information.\n", acm_prog());
	acm_srcroute_free(&r.cfg);
	poptFreeContext(ctx);
	return rc;
}

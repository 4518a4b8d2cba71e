/* SPDX-License-Identifier: GPL-2.0-or-later */
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
#include "mhroute.h"
#include "rpfilter.h"

static const char **opt_table;
static const char **opt_from;
/* Single-valued options are collected as ARGV too, the last one winning:
 * popt does not free a STRING option's earlier value when it is repeated. */
static const char **opt_priority_v;
static const char **opt_rp_v;
static int opt_remove;
static const char **opt_persist_v;
static const char **opt_root_v;

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
	ACM_OPT_REMOVE(&opt_remove,
		       "the routes, rules and files this tool made (all, or the uplinks given)"),
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
	.notes = "Each run states the whole set-up: routes and rules this tool made earlier\n"
		 "that are not asked for again are taken away. -n prints an `ip -batch` script.\n"
		 "Ours: protocol 97, or exactly what our --persist files make NetworkManager or\n"
		 "networkd put back at boot (any protocol); anything else is left alone.\n"
		 "Records: iface= table= gateway= sources= rp_filter= persist= changed=yes|no\n"
		 "Exit status: 65 an interface missing or without an IPv4 address, or a gateway off\n"
		 "its subnets; 66 an interface vanished during the run; 69 a kernel feature missing\n"
		 "or an uplink down; 78 a route, rule or table not ours in the way (what a failed\n"
		 "run changed is undone).\n",
	.min_args = 0,
	.max_args = -1,
};

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

static void print_records(const struct acm_mhroute *m)
{
	char b[64];

	for (size_t i = 0; i < m->cfg.nup; i++) {
		const struct acm_uplink *u = &m->cfg.up[i];
		struct acm_record *rec = acm_record_new();
		acm_record_str(rec, "iface", u->ifname);
		if (u->table_name)
			acm_record_str(rec, "table", u->table_name);
		else
			acm_record_int(rec, "table", u->table);
		acm_record_str(rec, "gateway", acm_inaddr_str(AF_INET, &u->gw4, b));
		if (u->has_gw6)
			acm_record_str(rec, "gateway6", acm_inaddr_str(AF_INET6, &u->gw6, b));
		acm_record_str(rec, "sources", acm_buf_str(&m->st[i].sources));
		int eff = acm_rpfilter_effective(u->ifname);
		if (eff >= 0)
			acm_record_int(rec, "rp_filter", eff);
		acm_record_str(rec, "persist", acm_persist_name(m->pt[i].mode));
		acm_record_bool(rec, "changed", acm_mhroute_uplink_changed(m, i));
		acm_record_emit(rec, stdout);
	}
}

static void print_removed(const struct acm_mhroute *m)
{
	struct acm_record *rec = acm_record_new();
	acm_record_int(rec, "removed_routes", (long long)m->removed_routes);
	acm_record_int(rec, "removed_rules", (long long)m->removed_rules);
	acm_record_int(rec, "removed_files", (long long)m->removed_files);
	acm_record_bool(rec, "changed", m->nch + m->removed_files > 0);
	acm_record_emit(rec, stdout);
}

static const char *last(const char **v)
{
	const char *l = NULL;
	for (; v && *v; v++)
		l = *v;
	return l;
}

/* Options into m->cfg and the engine's settings. 0 or 64 (message). */
static int read_options(struct acm_mhroute *m, const char **args, int nargs)
{
	const char *opt_priority = last(opt_priority_v), *opt_rp = last(opt_rp_v);
	const char *opt_persist = last(opt_persist_v), *opt_root = last(opt_root_v);
	int rc;

	if (opt_root)
		m->root = opt_root;
	if (!opt_remove && nargs == 0)
		acm_usage_error("give at least one uplink as IFACE:GATEWAY");
	if (opt_priority && (rc = parse_priority(opt_priority, &m->cfg.priority)))
		return rc;
	if (opt_rp && !strcmp(opt_rp, "keep"))
		m->loose = false;
	else if (opt_rp && strcmp(opt_rp, "loose"))
		acm_usage_error("'%s': --rp-filter is loose or keep", opt_rp);
	if (opt_persist && acm_persist_parse(opt_persist, &m->persist) < 0)
		acm_usage_error("'%s': --persist is auto, network-scripts, networkd, nm or none", opt_persist);
	if (!*m->root)
		acm_usage_error("--persist-root needs a directory");
	for (int i = 0; i < nargs; i++)
		if ((rc = acm_srcroute_add_uplink(&m->cfg, args[i])))
			return rc;
	for (const char **t = opt_table; t && *t; t++)
		if ((rc = acm_srcroute_set_table(&m->cfg, *t)))
			return rc;
	for (const char **f = opt_from; f && *f; f++)
		if ((rc = acm_srcroute_add_from(&m->cfg, *f)))
			return rc;
	/* the persist root exists, as masq-setup checks it */
	if ((rc = acm_persist_check_root(m->root)))
		return rc;
	/* Tables by name and position, before the kernel is asked anything;
	 * acm_mhroute_open settles them once it knows the tables in use. */
	char *rt_tables = acm_persist_read_rt_tables(m->root, true);
	rc = acm_srcroute_assign_tables(&m->cfg, rt_tables);
	free(rt_tables);
	return rc;
}

int main(int argc, char **argv)
{
	poptContext ctx;
	int nargs, rc;
	struct acm_mhroute m;

	acm_mhroute_init(&m);
	const char **args = acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	rc = read_options(&m, args, nargs);
	if (rc == ACM_EX_USAGE) {
		fprintf(stderr, "Try '%s --help' for more information.\n", acm_prog());
		goto out;
	}
	if (rc)
		goto out;
	m.mode = acm_opt.dry_run ? ACM_MHROUTE_DRY : acm_opt.check ? ACM_MHROUTE_CHECK : ACM_MHROUTE_APPLY;
	rc = acm_mhroute_open(&m);
	if (!rc || rc == ACM_EX_DIFFERS)
		rc = opt_remove ? acm_mhroute_remove(&m) : acm_mhroute_setup(&m);
	if (m.script)
		fputs(m.script, stdout);
	else if (!rc || rc == ACM_EX_DIFFERS)
		opt_remove ? print_removed(&m) : print_records(&m);
out:
	acm_mhroute_free(&m);
	poptFreeContext(ctx);
	return rc;
}

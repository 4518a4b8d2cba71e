/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mhroute.c - the multihome-route engine: plan -> diff -> apply ->
 * rp_filter -> persist, and the undo of all of it, newest first. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <linux/fib_rules.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "ifname.h"
#include "mhroute.h"
#include "msg.h"
#include "persistread.h"
#include "rpfilter.h"

void acm_mhroute_init(struct acm_mhroute *m)
{
	memset(m, 0, sizeof(*m));
	acm_srcroute_init(&m->cfg);
	m->root = "/";
	m->persist = ACM_PERSIST_AUTO;
	m->loose = true;
	m->mode = ACM_MHROUTE_APPLY;
}

void acm_mhroute_free(struct acm_mhroute *m)
{
	acm_rtnl_close(m->nl);
	for (size_t i = 0; m->pt && i < m->cfg.nup; i++)
		acm_persist_target_free(&m->pt[i]);
	for (size_t i = 0; m->st && i < m->cfg.nup; i++)
		acm_buf_free(&m->st[i].sources);
	free(m->pt);
	free(m->st);
	free(m->persist_changed);
	free(m->want);
	free(m->have);
	free(m->ch);
	free(m->busy);
	free(m->claims);
	free(m->rt_all);
	free(m->rt_foreign);
	free(m->rp_old);
	free(m->rp_change);
	free(m->script);
	acm_mset_free(&m->files);
	acm_srcroute_free(&m->cfg);
	memset(m, 0, sizeof(*m));
}

static const char *ifname_of(int ifindex, void *ctx)
{
	const struct acm_mhroute *m = ctx;
	for (size_t i = 0; i < m->cfg.nup; i++)
		if (m->cfg.up[i].ifindex == ifindex)
			return m->cfg.up[i].ifname;
	return NULL;
}

/* All our objects whose table is one of the given uplinks' (or any, when
 * the uplink list is empty). */
static bool in_scope(const struct acm_mhroute *m, const struct acm_rt_obj *o)
{
	if (m->cfg.nup == 0)
		return true;
	uint32_t t = acm_rt_obj_table(o);
	for (size_t i = 0; i < m->cfg.nup; i++)
		if (m->cfg.up[i].table == t)
			return true;
	return false;
}

static void add_busy(uint32_t **v, size_t *n, uint32_t t)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == t)
			return;
	*v = acm_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = t;
}

/* The claims of our persisted files (lib/net/persist) for the uplinks, or
 * for every interface of the namespace when none is given (--remove). */
static void read_claims(struct acm_mhroute *m)
{
	if (m->cfg.nup) {
		for (size_t i = 0; i < m->cfg.nup; i++) {
			int ix = acm_ifname_index(m->cfg.up[i].ifname);
			if (ix)
				acm_persistread_claims(m->root, m->cfg.up[i].ifname, ix, &m->claims, &m->nclaims);
		}
		return;
	}
	struct if_nameindex *all = if_nameindex();
	for (struct if_nameindex *p = all; p && p->if_index; p++)
		acm_persistread_claims(m->root, p->if_name, (int)p->if_index, &m->claims, &m->nclaims);
	if (all)
		if_freenameindex(all);
}

int acm_mhroute_open(struct acm_mhroute *m)
{
	struct acm_rt_route *routes;
	struct acm_rt_rule *rules;
	size_t nroutes, nrules, nbusy = 0, nmine;
	int rc;

	rc = acm_rtnl_open(&m->nl);
	if (rc)
		return rc;
	acm_rtnl_set_ifnames(m->nl, ifname_of, m);
	rc = acm_rtnl_dump_routes(m->nl, AF_UNSPEC, &routes, &nroutes);
	if (rc)
		return rc;
	rc = acm_rtnl_dump_rules(m->nl, AF_UNSPEC, &rules, &nrules);
	if (rc) {
		free(routes);
		return rc;
	}
	read_claims(m);
	/* Ours first, routes before rules; the tables of the others are not
	 * ours to take. */
	struct acm_rt_obj *mine;
	nmine = acm_srcroute_ours(routes, nroutes, rules, nrules, m->claims, m->nclaims, &mine);
	for (size_t i = nmine; i < nroutes + nrules; i++)
		if (mine[i].kind == ACM_RT_ROUTE || mine[i].u.rule.action == FR_ACT_TO_TBL)
			add_busy(&m->busy, &nbusy, acm_rt_obj_table(&mine[i]));
	m->cfg.busy = m->busy;
	m->cfg.nbusy = nbusy;
	m->rt_all = acm_persist_read_rt_tables(m->root, true);
	m->rt_foreign = acm_persist_read_rt_tables(m->root, false);
	m->cfg.named = m->rt_foreign;
	rc = acm_srcroute_assign_tables(&m->cfg, m->rt_all);

	if (!rc) {
		m->have = acm_xcalloc(nmine + 1, sizeof(*m->have));
		for (size_t i = 0; i < nmine; i++)
			if (in_scope(m, &mine[i]))
				m->have[m->nhave++] = mine[i];
	}
	free(mine);
	free(routes);
	free(rules);
	return rc;
}

/* have as the diff sees it: a route or rule a network manager installed
 * from our files (its protocol, maybe its metric, not ours) stands for the
 * wanted object the same claim describes, so it is kept, not replaced.
 * malloc'd, m->nhave entries. */
static struct acm_rt_obj *have_for_diff(const struct acm_mhroute *m)
{
	struct acm_rt_obj *v = acm_xcalloc(m->nhave + 1, sizeof(*v));
	for (size_t i = 0; i < m->nhave; i++) {
		const struct acm_rt_obj *h = &m->have[i];
		const struct acm_rt_obj *w = NULL;
		/* one of our protocol is compared as it is */
		bool ours = (h->kind == ACM_RT_ROUTE ? h->u.route.protocol : h->u.rule.protocol) == ACM_RTPROT;
		for (size_t c = 0; !ours && !w && c < m->nclaims; c++) {
			if (!acm_srcroute_claim_matches(&m->claims[c], h))
				continue;
			for (size_t k = 0; !w && k < m->nwant; k++)
				if (acm_srcroute_claim_matches(&m->claims[c], &m->want[k]))
					w = &m->want[k];
		}
		v[i] = w ? *w : *h;
	}
	return v;
}

static char *build_script(const struct acm_mhroute *m)
{
	struct acm_buf b = ACM_BUF_INIT;

	acm_buf_addf(&b, "# multihome-route: %zu change%s; replay with: ip -batch FILE\n", m->nch,
		     m->nch == 1 ? "" : "s");
	for (size_t i = 0; i < m->nch; i++) {
		char *line = acm_rt_change_batch_line(&m->ch[i], ifname_of, (void *)m);
		acm_buf_addf(&b, "%s\n", line);
		free(line);
	}
	for (size_t i = 0; i < m->cfg.nup; i++)
		if (m->rp_change && m->rp_change[i])
			acm_buf_addf(&b, "# not for ip -batch: sysctl -w net.ipv4.conf.%s.rp_filter=%d\n",
				     m->cfg.up[i].ifname, ACM_RPFILTER_LOOSE);
	return acm_buf_steal(&b);
}

bool acm_mhroute_uplink_changed(const struct acm_mhroute *m, size_t ui)
{
	for (size_t i = 0; i < m->nch; i++)
		if (acm_rt_obj_table(&m->ch[i].obj) == m->cfg.up[ui].table)
			return true;
	if (m->persist_changed && m->persist_changed[ui])
		return true;
	if (m->names_changed > 0 && ui == 0)
		return true;
	return m->rp_change && m->rp_change[ui];
}

/* Put back everything this run changed, newest first: files, rp_filter,
 * then routes and rules. */
static void undo_all(struct acm_mhroute *m)
{
	size_t nf = acm_mset_restore(&m->files);
	if (nf)
		acm_info("restored the %zu boot configuration change%s of this run", nf, nf == 1 ? "" : "s");
	for (size_t i = m->cfg.nup; m->rp_old && i-- > 0;)
		if (m->rp_old[i] >= 0)
			acm_rpfilter_set(m->cfg.up[i].ifname, m->rp_old[i]);
	if (!m->kernel_applied || !m->nch)
		return;
	struct acm_rt_change *inv = acm_rt_changes_undo(m->ch, m->nch);
	if (acm_rtnl_apply(m->nl, inv, m->nch, NULL) == 0)
		acm_info("undid the %zu route/rule change%s of this run", m->nch, m->nch == 1 ? "" : "s");
	free(inv);
}

/* The objects of one uplink (its table), for the persisted files. */
static size_t uplink_objs(const struct acm_mhroute *m, size_t ui, struct acm_rt_obj **out)
{
	struct acm_rt_obj *v = acm_xcalloc(m->nwant + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < m->nwant; i++)
		if (acm_rt_obj_table(&m->want[i]) == m->cfg.up[ui].table)
			v[n++] = m->want[i];
	*out = v;
	return n;
}

static int do_persist(struct acm_mhroute *m)
{
	int rc = 0;
	bool any = false;

	for (size_t i = 0; i < m->cfg.nup && !rc; i++) {
		if (m->pt[i].mode == ACM_PERSIST_NONE)
			continue;
		struct acm_rt_obj *o;
		size_t n = uplink_objs(m, i, &o);
		rc = acm_persist_write(m->root, &m->pt[i], m->cfg.up[i].ifname, o, n,
				       &m->persist_changed[i], &m->files);
		free(o);
		any = true;
		if (!rc && m->pt[i].mode == ACM_PERSIST_NETWORKD)
			acm_warn("'%s': systemd-networkd >= 248 deletes routing rules it did not make; "
				 "set ManageForeignRoutingPolicyRules=no in networkd.conf", m->cfg.up[i].ifname);
	}
	if (!rc && any) {
		uint32_t *ids = acm_xcalloc(m->cfg.nup + 1, sizeof(*ids));
		const char **names = acm_xcalloc(m->cfg.nup + 1, sizeof(*names));
		size_t n = 0;
		for (size_t i = 0; i < m->cfg.nup; i++)
			if (m->cfg.up[i].table_name) {
				ids[n] = m->cfg.up[i].table;
				names[n++] = m->cfg.up[i].table_name;
			}
		rc = acm_persist_names(m->root, ids, names, n, false, &m->names_changed, &m->files);
		free(ids);
		free(names);
	}
	/* every file planned (and read) before the first is written */
	return rc ? rc : acm_mset_apply(&m->files);
}

/* Where each uplink's set-up is persisted. */
static int detect_targets(struct acm_mhroute *m)
{
	m->pt = acm_xcalloc(m->cfg.nup + 1, sizeof(*m->pt));
	for (size_t i = 0; i < m->cfg.nup; i++) {
		int rc = acm_persist_detect(m->root, m->cfg.up[i].ifname, m->persist, &m->pt[i]);
		if (rc)
			return rc;
		/* networkd applies a .network file's [Route]s to every interface
		 * it matches: two uplinks cannot share one. */
		for (size_t k = 0; k < i; k++)
			if (m->pt[i].mode == ACM_PERSIST_NETWORKD && m->pt[k].mode == ACM_PERSIST_NETWORKD &&
			    !strcmp(m->pt[i].conf, m->pt[k].conf)) {
				acm_err("'%s' and '%s' are both configured by '%s'; its routes would apply "
					"to both: give each uplink its own .network file", m->cfg.up[k].ifname,
					m->cfg.up[i].ifname, m->pt[i].conf);
				return ACM_EX_CONFIG;
			}
		if (m->persist == ACM_PERSIST_AUTO && m->pt[i].mode == ACM_PERSIST_NONE)
			acm_verbose("'%s': no network manager configuration found under '%s'; not persisted",
				    m->cfg.up[i].ifname, m->root);
	}
	return 0;
}

static int plan(struct acm_mhroute *m)
{
	struct acm_rt_addr *addrs;
	size_t naddrs;
	int rc;

	for (size_t i = 0; i < m->cfg.nup; i++) {
		m->cfg.up[i].ifindex = acm_ifname_index(m->cfg.up[i].ifname);
		if (!m->cfg.up[i].ifindex) {
			acm_err("'%s': no such interface in this network namespace; check `ip link`",
				m->cfg.up[i].ifname);
			return ACM_EX_DATAERR;
		}
	}
	rc = acm_rtnl_dump_addrs(m->nl, AF_UNSPEC, &addrs, &naddrs);
	if (rc)
		return rc;
	m->st = acm_xcalloc(m->cfg.nup + 1, sizeof(*m->st));
	rc = acm_srcroute_want(&m->cfg, addrs, naddrs, &m->want, &m->nwant, m->st);
	free(addrs);
	if (rc)
		return rc;
	struct acm_rt_obj *have = have_for_diff(m);
	acm_srcroute_diff(m->want, m->nwant, have, m->nhave, &m->ch, &m->nch);
	free(have);

	m->rp_old = acm_xcalloc(m->cfg.nup + 1, sizeof(int));
	m->rp_change = acm_xcalloc(m->cfg.nup + 1, sizeof(bool));
	m->persist_changed = acm_xcalloc(m->cfg.nup + 1, sizeof(bool));
	for (size_t i = 0; i < m->cfg.nup; i++) {
		int v = -1;
		m->rp_old[i] = -1;
		if (m->loose && (acm_rpfilter_get(m->cfg.up[i].ifname, &v) < 0 || v != ACM_RPFILTER_LOOSE))
			m->rp_change[i] = true;
	}
	return detect_targets(m);
}

int acm_mhroute_setup(struct acm_mhroute *m)
{
	int rc = plan(m);
	if (rc)
		return rc;
	if (m->mode == ACM_MHROUTE_DRY) {
		m->script = build_script(m);
		return 0;
	}
	if (m->mode == ACM_MHROUTE_CHECK) {
		bool differs = m->nch > 0;
		for (size_t i = 0; i < m->cfg.nup; i++)
			differs = differs || m->rp_change[i];
		if (differs)
			acm_verbose("%zu route/rule change%s needed", m->nch, m->nch == 1 ? "" : "s");
		return differs ? ACM_EX_DIFFERS : 0;
	}

	rc = acm_rtnl_apply(m->nl, m->ch, m->nch, NULL);
	if (rc)
		return rc;  /* acm_rtnl_apply undid its own part */
	m->kernel_applied = true;
	for (size_t i = 0; i < m->cfg.nup && !rc; i++) {
		if (!m->rp_change[i])
			continue;
		int old = -1;
		if (acm_rpfilter_get(m->cfg.up[i].ifname, &old) < 0)
			old = -1;
		rc = acm_rpfilter_set(m->cfg.up[i].ifname, ACM_RPFILTER_LOOSE);
		if (!rc) {
			m->rp_old[i] = old;
			acm_info("'%s': rp_filter set to 2 (loose) so replies may leave by another "
				 "uplink than the main route", m->cfg.up[i].ifname);
		}
	}
	if (!rc)
		rc = do_persist(m);
	if (rc)
		undo_all(m);
	return rc;
}

int acm_mhroute_remove(struct acm_mhroute *m)
{
	int rc = 0;
	bool check = m->mode == ACM_MHROUTE_CHECK;

	acm_srcroute_diff(NULL, 0, m->have, m->nhave, &m->ch, &m->nch);
	if (m->mode == ACM_MHROUTE_DRY) {
		m->script = build_script(m);
		return 0;
	}
	for (size_t i = 0; i < m->nch; i++) {
		if (m->ch[i].obj.kind == ACM_RT_ROUTE)
			m->removed_routes++;
		else
			m->removed_rules++;
	}
	if (!check) {
		rc = acm_rtnl_apply(m->nl, m->ch, m->nch, NULL);
		if (rc)
			return rc;
		m->kernel_applied = true;
	}
	if (m->persist != ACM_PERSIST_NONE) {
		if (m->cfg.nup == 0) {
			rc = acm_persist_remove(m->root, NULL, &m->removed_files, &m->files);
			if (!rc)
				rc = acm_persist_names(m->root, NULL, NULL, 0, true, &m->removed_files,
						       &m->files);
		} else {
			for (size_t i = 0; i < m->cfg.nup && !rc; i++) {
				size_t k = 0;
				rc = acm_persist_remove(m->root, m->cfg.up[i].ifname, &k, &m->files);
				m->removed_files += k;
			}
		}
		if (!rc && !check)
			rc = acm_mset_apply(&m->files);
	}
	if (rc) {
		undo_all(m);
		return rc;
	}
	if (check && m->nch + m->removed_files > 0)
		return ACM_EX_DIFFERS;
	return 0;
}

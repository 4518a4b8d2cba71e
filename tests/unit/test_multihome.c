/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_multihome.c - multihome-route's logic without a kernel: argument
 * parsing, the wanted routes and rules, the diff, the ip -batch lines and
 * the persisted file formats. */
#include "config.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "exitcodes.h"
#include "fileio.h"
#include "nl.h"
#include "rpfilter.h"
#include "persist.h"
#include "persistread.h"
#include "rtnl.h"
#include "srcroute.h"
#include "sysctl.h"
#include "unittmp.h"

static struct acm_rt_addr rt_addr(int fam, int ifindex, const char *a, unsigned len,
				  unsigned char scope)
{
	struct acm_rt_addr r;
	memset(&r, 0, sizeof(r));
	assert_int_equal(acm_inaddr_parse(a, &fam, &r.addr), 0);
	r.family = fam;
	r.ifindex = ifindex;
	r.prefixlen = (unsigned char)len;
	r.scope = scope;
	return r;
}

static struct acm_rt_addr addr4(int ifindex, const char *a, unsigned len)
{
	return rt_addr(AF_INET, ifindex, a, len, RT_SCOPE_UNIVERSE);
}

static struct acm_rt_addr addr6(int ifindex, const char *a, unsigned len, unsigned char scope)
{
	return rt_addr(AF_INET6, ifindex, a, len, scope);
}

static const char *names(int ifindex, void *ctx)
{
	(void)ctx;
	return ifindex == 2 ? "up1" : ifindex == 3 ? "up2" : NULL;
}

/* The plan as ip -batch text, one change per line. */
static char *script(const struct acm_rt_change *c, size_t n)
{
	size_t cap = 1, len = 0;
	char *out = calloc(1, 1);
	for (size_t i = 0; i < n; i++) {
		char *l = acm_rt_change_batch_line(&c[i], names, NULL);
		cap = len + strlen(l) + 2;
		out = realloc(out, cap);
		len += (size_t)sprintf(out + len, "%s\n", l);
		free(l);
	}
	return out;
}

/* The plan from have to want as ip -batch text. */
static char *diff_script(const struct acm_rt_obj *want, size_t n, const struct acm_rt_obj *have,
			 size_t nhave)
{
	struct acm_rt_change *ch;
	size_t nch;
	acm_srcroute_diff(want, n, have, nhave, &ch, &nch);
	char *s = script(ch, nch);
	free(ch);
	return s;
}

/* What up1 (192.0.2.10/24 via 192.0.2.1) gets in table 100. */
#define UP1_V4_PLAN \
	"route add 192.0.2.0/24 dev up1 src 192.0.2.10 scope link table 100 proto 97\n" \
	"route add default via 192.0.2.1 dev up1 table 100 proto 97\n" \
	"rule add from 192.0.2.10 lookup 100 priority 1000 protocol 97\n"

/* cfg's wanted set for na addresses of a in *want, *n (st: as
 * acm_srcroute_want), and the plan from nothing to it as ip -batch text. */
static char *fresh_plan(struct acm_srcroute *cfg, const struct acm_rt_addr *a, size_t na,
			struct acm_rt_obj **want, size_t *n, struct acm_uplink_state *st)
{
	assert_int_equal(acm_srcroute_want(cfg, a, na, want, n, st), 0);
	return diff_script(*want, *n, NULL, 0);
}

/* A default route of ours in table 100 via gw (IPv4). */
static struct acm_rt_obj default_via(const char *gw)
{
	struct acm_rt_obj o;
	memset(&o, 0, sizeof(o));
	o.kind = ACM_RT_ROUTE;
	o.u.route.family = AF_INET;
	o.u.route.table = 100;
	o.u.route.protocol = ACM_RTPROT;
	o.u.route.type = RTN_UNICAST;
	o.u.route.has_gw = true;
	assert_int_equal(inet_pton(AF_INET, gw, &o.u.route.gw), 1);
	return o;
}

static void setup_two(struct acm_srcroute *cfg)
{
	acm_srcroute_init(cfg);
	assert_int_equal(acm_srcroute_add_uplink(cfg, "up1:192.0.2.1"), 0);
	assert_int_equal(acm_srcroute_add_uplink(cfg, "up2:198.51.100.1"), 0);
	cfg->up[0].ifindex = 2;
	cfg->up[1].ifindex = 3;
}

static void prefixes_parse_and_print(void **state)
{
	(void)state;
	union acm_inaddr a;
	unsigned len;
	int fam = 0;
	char b[64];

	assert_int_equal(acm_inaddr_prefix_parse("203.0.113.0/24", &fam, &a, &len, NULL), 0);
	assert_int_equal(fam, AF_INET);
	assert_int_equal(len, 24);
	assert_string_equal(acm_inaddr_prefix_str(fam, &a, len, b), "203.0.113.0/24");
	fam = 0;
	assert_int_equal(acm_inaddr_prefix_parse("2001:db8::1", &fam, &a, &len, NULL), 0);
	assert_int_equal(fam, AF_INET6);
	assert_int_equal(len, 128);
	assert_string_equal(acm_inaddr_prefix_str(fam, &a, len, b), "2001:db8::1");
	fam = 0;
	assert_int_equal(acm_inaddr_prefix_parse("192.0.2.0/33", &fam, &a, &len, NULL), -1);
	fam = 0;
	assert_int_equal(acm_inaddr_prefix_parse("192.0.2.0/", &fam, &a, &len, NULL), -1);
	fam = 0;
	assert_int_equal(acm_inaddr_prefix_parse("192.0.2.0/-1", &fam, &a, &len, NULL), -1);
	fam = 0;
	assert_int_equal(acm_inaddr_prefix_parse("/24", &fam, &a, &len, NULL), -1);
	fam = AF_INET;
	assert_int_equal(acm_inaddr_prefix_parse("2001:db8::/32", &fam, &a, &len, NULL), -1);

	union acm_inaddr x, p;
	fam = AF_INET;
	acm_inaddr_parse("198.51.100.77", &fam, &x);
	acm_inaddr_parse("198.51.100.0", &fam, &p);
	assert_true(acm_inaddr_in(AF_INET, &x, &p, 24));
	assert_false(acm_inaddr_in(AF_INET, &x, &p, 26));
	acm_inaddr_mask(AF_INET, &x, 25);
	assert_string_equal(acm_inaddr_str(AF_INET, &x, b), "198.51.100.0");
}

/* The arguments of one option, in order, each with the status it must get. */
struct arg_case {
	const char *arg;
	int rc;
};

static void each_arg(struct acm_srcroute *cfg, int (*opt)(struct acm_srcroute *, const char *),
		     const struct arg_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = opt(cfg, c[i].arg);
		if (rc != c[i].rc)
			fail_msg("'%s': %d, not %d", c[i].arg, rc, c[i].rc);
	}
}

#define EACH_ARG(cfg, opt, cases) each_arg(cfg, opt, cases, sizeof(cases) / sizeof(cases[0]))

/* A fixture: an empty set-up in *state. */
static int cfg_setup(void **state)
{
	struct acm_srcroute *cfg = calloc(1, sizeof(*cfg));
	assert_non_null(cfg);
	acm_srcroute_init(cfg);
	*state = cfg;
	return 0;
}

static int cfg_teardown(void **state)
{
	acm_srcroute_free(*state);
	free(*state);
	return 0;
}

#define CFG_TEST(fn) cmocka_unit_test_setup_teardown(fn, cfg_setup, cfg_teardown)

static void uplink_arguments(void **state)
{
	struct acm_srcroute *cfg = *state;
	static const struct arg_case uplinks[] = {
		{ "eth1:192.0.2.1", 0 }, { "eth2:198.51.100.1,2001:db8::1", 0 },
		{ "eth1:192.0.2.2", ACM_EX_USAGE }, { "eth3", ACM_EX_USAGE }, { "eth3:", ACM_EX_USAGE },
		{ "eth3:2001:db8::1", ACM_EX_USAGE }, { "eth3:192.0.2.1,192.0.2.2", ACM_EX_USAGE },
		{ ":192.0.2.1", ACM_EX_USAGE }, { "a b:192.0.2.1", ACM_EX_USAGE },
		{ "sixteencharsname:192.0.2.1", ACM_EX_USAGE },
	};
	static const struct arg_case from_once[] = {
		{ "203.0.113.0/24=eth2", 0 }, { "203.0.113.0/24=eth2", 0 }, /* repeat: fine */
	};
	static const struct arg_case from[] = {
		{ "203.0.113.0/24=eth1", ACM_EX_USAGE }, { "203.0.113.1/24=eth1", ACM_EX_USAGE },
		{ "0.0.0.0/0=eth1", ACM_EX_USAGE }, { "203.0.113.0/24=eth9", ACM_EX_USAGE },
		{ "203.0.113.0/24", ACM_EX_USAGE },
		{ "2001:db8:5::/48=eth1", ACM_EX_USAGE }, /* no GW6 */
		{ "2001:db8:5::/48=eth2", 0 },
	};
	static const struct arg_case tables[] = {
		{ "eth1=main", ACM_EX_USAGE }, { "eth1=255", ACM_EX_USAGE }, { "eth1=0", ACM_EX_USAGE },
		{ "eth1=99999999999", ACM_EX_USAGE }, { "eth1=bad name", ACM_EX_USAGE },
		{ "eth9=7", ACM_EX_USAGE }, { "eth1=isp_a", 0 }, { "eth1=7", ACM_EX_USAGE }, /* twice */
		{ "eth2=300", 0 },
	};

	EACH_ARG(cfg, acm_srcroute_add_uplink, uplinks);
	assert_true(cfg->up[1].has_gw6);
	assert_int_equal(cfg->nup, 2);
	EACH_ARG(cfg, acm_srcroute_add_from, from_once);
	assert_int_equal(cfg->nfrom, 1);
	EACH_ARG(cfg, acm_srcroute_add_from, from);
	EACH_ARG(cfg, acm_srcroute_set_table, tables);
	assert_int_equal(acm_srcroute_assign_tables(cfg, "# comment\n200\tisp_a\n"), 0);
	assert_int_equal(cfg->up[0].table, 200);
	assert_int_equal(cfg->up[1].table, 300);
}

static void tables_and_priorities(void **state)
{
	(void)state;
	struct acm_srcroute cfg;
	setup_two(&cfg);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	assert_int_equal(cfg.up[0].table, 100);
	assert_int_equal(cfg.up[1].table, 101);
	assert_int_equal(acm_srcroute_rule_priority(&cfg, AF_INET, 32), 1001);
	assert_int_equal(acm_srcroute_rule_priority(&cfg, AF_INET, 24), 1009);
	assert_int_equal(acm_srcroute_rule_priority(&cfg, AF_INET6, 48), 1081);
	assert_int_equal(acm_srcroute_priority_end(&cfg), 1129);
	cfg.up[1].table_given = true;
	cfg.up[1].table = 100;
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), ACM_EX_USAGE);
	acm_srcroute_free(&cfg);

	assert_int_equal(acm_rt_tables_lookup("255 local\n254 main\n0x65 isp\n", "isp"), 101);
	assert_int_equal(acm_rt_tables_lookup("100 other # isp\n", "isp"), 0);
	assert_int_equal(acm_rt_tables_lookup("", "isp"), 0);
}

static void wanted_set_two_uplinks(void **state)
{
	(void)state;
	struct acm_srcroute cfg;
	struct acm_rt_addr a[] = {
		addr4(2, "192.0.2.10", 24), addr4(3, "198.51.100.10", 24), addr4(3, "198.51.100.11", 24),
		addr4(1, "127.0.0.1", 8),
	};
	a[3].scope = RT_SCOPE_HOST;
	struct acm_rt_obj *want;
	size_t n;
	struct acm_uplink_state st[2];
	memset(st, 0, sizeof(st));

	setup_two(&cfg);
	assert_int_equal(acm_srcroute_add_from(&cfg, "203.0.113.0/24=up2"), 0);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	char *s = fresh_plan(&cfg, a, 4, &want, &n, st);
	assert_string_equal(s,
		UP1_V4_PLAN
		"route add 198.51.100.0/24 dev up2 src 198.51.100.10 scope link table 101 proto 97\n"
		"route add default via 198.51.100.1 dev up2 table 101 proto 97\n"
		"rule add from 198.51.100.10 lookup 101 priority 1000 protocol 97\n"
		"rule add from 198.51.100.11 lookup 101 priority 1000 protocol 97\n"
		"rule add from 203.0.113.0/24 lookup 101 priority 1009 protocol 97\n");
	assert_string_equal(acm_buf_str(&st[1].sources), "198.51.100.10,198.51.100.11,203.0.113.0/24");
	assert_int_equal(st[1].nsources, 3);
	free(s);

	/* Same state in the kernel: nothing to do. */
	struct acm_rt_change *ch;
	size_t nch;
	acm_srcroute_diff(want, n, want, n, &ch, &nch);
	assert_int_equal(nch, 0);
	free(ch);

	/* The address 198.51.100.11 went away and the gateway of up1 changed:
	 * its rule and the old default go (rules first), the new default comes. */
	struct acm_rt_obj *have = want;
	size_t nhave = n;
	assert_int_equal(acm_srcroute_want(&cfg, a, 2, &want, &n, st), 0);
	cfg.up[0].gw4.v4.s_addr = htonl(0xc0000202); /* 192.0.2.2 */
	free(want);
	assert_int_equal(acm_srcroute_want(&cfg, a, 2, &want, &n, st), 0);
	s = diff_script(want, n, have, nhave);
	assert_string_equal(s,
		"rule del from 198.51.100.11 lookup 101 priority 1000 protocol 97\n"
		"route del default via 192.0.2.1 dev up1 table 100 proto 97\n"
		"route add default via 192.0.2.2 dev up1 table 100 proto 97\n");
	free(s);

	/* --remove: everything of ours goes, rules, then gateways, then subnets. */
	acm_srcroute_diff(NULL, 0, have, nhave, &ch, &nch);
	assert_int_equal(nch, nhave);
	assert_int_equal(ch[0].obj.kind, ACM_RT_RULE);
	assert_true(ch[nch - 1].obj.kind == ACM_RT_ROUTE && !ch[nch - 1].obj.u.route.has_gw);
	free(ch);
	free(have);
	free(want);
	acm_buf_free(&st[0].sources);
	acm_buf_free(&st[1].sources);
	acm_srcroute_free(&cfg);
}

static void wanted_set_checks_input(void **state)
{
	(void)state;
	struct acm_srcroute cfg;
	struct acm_rt_obj *want;
	size_t n;
	struct acm_rt_addr a[] = { addr4(2, "192.0.2.10", 24), addr4(3, "198.51.100.10", 24) };

	setup_two(&cfg);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	/* up2 without an IPv4 address */
	assert_int_equal(acm_srcroute_want(&cfg, a, 1, &want, &n, NULL), ACM_EX_DATAERR);
	assert_null(want);
	/* gateway off the subnet */
	cfg.up[1].gw4.v4.s_addr = htonl(0xcb007101); /* 203.0.113.1 */
	assert_int_equal(acm_srcroute_want(&cfg, a, 2, &want, &n, NULL), ACM_EX_DATAERR);
	acm_srcroute_free(&cfg);

	/* IPv6 gateway needs a global IPv6 address; link-local does not count. */
	acm_srcroute_init(&cfg);
	assert_int_equal(acm_srcroute_add_uplink(&cfg, "up1:192.0.2.1,2001:db8:1::1"), 0);
	cfg.up[0].ifindex = 2;
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	struct acm_rt_addr b[] = { addr4(2, "192.0.2.10", 24), addr6(2, "fe80::1", 64, RT_SCOPE_LINK),
				   addr6(2, "2001:db8:1::10", 64, RT_SCOPE_UNIVERSE) };
	assert_int_equal(acm_srcroute_want(&cfg, b, 2, &want, &n, NULL), ACM_EX_DATAERR);
	char *s = fresh_plan(&cfg, b, 3, &want, &n, NULL);
	assert_string_equal(s,
		UP1_V4_PLAN
		"route add 2001:db8:1::/64 dev up1 metric 1024 table 100 proto 97\n"
		"route add default via 2001:db8:1::1 dev up1 metric 1024 table 100 proto 97\n"
		"rule add from 2001:db8:1::10 lookup 100 priority 1000 protocol 97\n");
	free(s);
	free(want);
	acm_srcroute_free(&cfg);
}

static void only_ours_from_dumps(void **state)
{
	(void)state;
	struct acm_rt_rule rules[3];
	struct acm_rt_obj *o;
	memset(rules, 0, sizeof(rules));
	rules[0].protocol = RTPROT_KERNEL;
	rules[1].protocol = ACM_RTPROT;
	rules[2].protocol = RTPROT_STATIC;
	assert_int_equal(acm_srcroute_ours(NULL, 0, rules, 3, NULL, 0, &o), 1);
	assert_int_equal(o[0].kind, ACM_RT_RULE);
	free(o);
	struct acm_rt_route routes[2];
	memset(routes, 0, sizeof(routes));
	routes[1].protocol = ACM_RTPROT;
	routes[1].table = 100;
	assert_int_equal(acm_srcroute_ours(routes, 2, NULL, 0, NULL, 0, &o), 1);
	assert_int_equal(acm_rt_obj_table(&o[0]), 100);
	free(o);
	/* both dumps: ours first, routes before rules, then the others in order */
	rules[2].table = 7;
	assert_int_equal(acm_srcroute_ours(routes, 2, rules, 3, NULL, 0, &o), 2);
	assert_int_equal(o[0].kind, ACM_RT_ROUTE);
	assert_int_equal(acm_rt_obj_table(&o[0]), 100);
	assert_int_equal(o[1].kind, ACM_RT_RULE);
	assert_int_equal(o[1].u.rule.protocol, ACM_RTPROT);
	assert_int_equal(o[2].kind, ACM_RT_ROUTE);
	assert_int_equal(o[3].u.rule.protocol, RTPROT_KERNEL);
	assert_int_equal(acm_rt_obj_table(&o[4]), 7);
	free(o);
}

static struct acm_rt_obj *sample(size_t *n)
{
	struct acm_srcroute cfg;
	struct acm_rt_addr a[] = { addr4(2, "192.0.2.10", 24) };
	struct acm_rt_obj *want;
	acm_srcroute_init(&cfg);
	assert_int_equal(acm_srcroute_add_uplink(&cfg, "up1:192.0.2.1"), 0);
	cfg.up[0].ifindex = 2;
	assert_int_equal(acm_srcroute_add_from(&cfg, "203.0.113.0/24=up1"), 0);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	assert_int_equal(acm_srcroute_want(&cfg, a, 1, &want, n, NULL), 0);
	acm_srcroute_free(&cfg);
	return want;
}

static void persisted_formats(void **state)
{
	(void)state;
	size_t n;
	struct acm_rt_obj *o = sample(&n);
	char *s;
	enum acm_persist m;

	assert_int_equal(acm_persist_parse("network-scripts", &m), 0);
	assert_int_equal(m, ACM_PERSIST_IFCFG);
	assert_int_equal(acm_persist_parse("ifupdown", &m), -1);
	assert_string_equal(acm_persist_name(ACM_PERSIST_NM), "nm");

	s = acm_persist_render_ifcfg(o, n, "up1", AF_INET, false);
	assert_string_equal(s, "192.0.2.0/24 dev up1 src 192.0.2.10 scope link table 100 proto 97\n"
			       "default via 192.0.2.1 dev up1 table 100 proto 97\n");
	free(s);
	s = acm_persist_render_ifcfg(o, n, "up1", AF_INET, true);
	assert_string_equal(s, "from 192.0.2.10 lookup 100 priority 1000 protocol 97\n"
			       "from 203.0.113.0/24 lookup 100 priority 1009 protocol 97\n");
	free(s);
	s = acm_persist_render_ifcfg(o, n, "up1", AF_INET6, true);
	assert_string_equal(s, "");
	free(s);

	s = acm_persist_render_networkd(o, n);
	assert_non_null(strstr(s, "\n[Route]\nDestination=192.0.2.0/24\nPreferredSource=192.0.2.10\n"
				  "Scope=link\nTable=100\nProtocol=97\n"));
	assert_non_null(strstr(s, "\n[Route]\nGateway=192.0.2.1\nTable=100\nProtocol=97\n"));
	assert_non_null(strstr(s, "\n[RoutingPolicyRule]\nFrom=203.0.113.0/24\nTable=100\nPriority=1009\n"));
	free(s);

	const char *keyfile = "[connection]\nid=uplink\ninterface-name=up1\n\n[ipv4]\nmethod=manual\n"
			      "route1=10.0.0.0/8,192.0.2.254\n\n[ipv6]\nmethod=ignore\n";
	s = acm_persist_render_nm(keyfile, o, n);
	assert_string_equal(s,
		"[connection]\nid=uplink\ninterface-name=up1\n\n[ipv4]\n"
		"route9700=192.0.2.0/24\nroute9700_options=src=192.0.2.10,table=100\n"
		"route9701=0.0.0.0/0,192.0.2.1\nroute9701_options=table=100\n"
		"routing-rule9700=priority 1000 from 192.0.2.10/32 table 100\n"
		"routing-rule9701=priority 1009 from 203.0.113.0/24 table 100\n"
		"method=manual\nroute1=10.0.0.0/8,192.0.2.254\n\n[ipv6]\nmethod=ignore\n");
	/* Rendering again replaces our keys instead of adding more; taking
	 * them out restores the original text. */
	char *again = acm_persist_render_nm(s, o, n);
	assert_string_equal(again, s);
	char *gone = acm_persist_render_nm(s, NULL, 0);
	assert_string_equal(gone, keyfile);
	free(again);
	free(gone);
	free(s);
	free(o);
}

/* 160 uplinks: automatic tables never reach the kernel's 253/254/255. */
static void automatic_tables_skip_kernel_tables(void **state)
{
	struct acm_srcroute *cfg = *state;
	char arg[64];

	for (int i = 0; i < 160; i++) {
		snprintf(arg, sizeof(arg), "u%d:192.0.2.1", i);
		assert_int_equal(acm_srcroute_add_uplink(cfg, arg), 0);
	}
	assert_int_equal(acm_srcroute_assign_tables(cfg, NULL), 0);
	for (size_t i = 0; i < cfg->nup; i++) {
		uint32_t t = cfg->up[i].table;
		assert_true(t != 0 && (t < 253 || t > 255));
		for (size_t k = 0; k < i; k++)
			assert_int_not_equal(cfg->up[k].table, t);
	}
	assert_int_equal(cfg->up[152].table, 252);
	/* The 154th to 156th would be 253-255: they go past every position's
	 * default (100 + 160); the others keep theirs. */
	assert_int_equal(cfg->up[153].table, 260);
	assert_int_equal(cfg->up[154].table, 261);
	assert_int_equal(cfg->up[155].table, 262);
	assert_int_equal(cfg->up[156].table, 256);
	assert_int_equal(cfg->up[159].table, 259);
}

/* Tables someone else holds routes or rules in, or named in rt_tables,
 * are stepped over; an explicit --table gets the same rule: refused. */
static void tables_in_use_are_not_taken(void **state)
{
	(void)state;
	struct acm_srcroute cfg;
	const uint32_t busy[] = { 101, 102 };
	int code;

	setup_two(&cfg);
	assert_int_equal(acm_srcroute_add_uplink(&cfg, "up3:203.0.113.1"), 0);
	cfg.busy = busy;
	cfg.nbusy = 2;
	/* 103 is named by someone, 104 is free */
	assert_int_equal(acm_srcroute_assign_tables(&cfg, "103\tvpn\n"), 0);
	assert_int_equal(cfg.up[0].table, 100);
	assert_int_equal(cfg.up[1].table, 104);
	assert_int_equal(cfg.up[2].table, 105);  /* its default 102 is busy, 104 is up2's */
	acm_srcroute_free(&cfg);

	/* Only the blocked uplink moves: the others keep their defaults. */
	setup_two(&cfg);
	assert_int_equal(acm_srcroute_add_uplink(&cfg, "up3:203.0.113.1"), 0);
	cfg.busy = busy;
	cfg.nbusy = 1;
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	assert_int_equal(cfg.up[0].table, 100);
	assert_int_equal(cfg.up[1].table, 103);
	assert_int_equal(cfg.up[2].table, 102);


	/* The one rule, for each kind of refusal. */
	assert_null(acm_srcroute_table_refused(&cfg, 100, NULL, true, &code));
	assert_int_equal(code, 0);
	assert_non_null(acm_srcroute_table_refused(&cfg, 254, NULL, false, &code));
	assert_int_equal(code, ACM_EX_USAGE);
	assert_non_null(acm_srcroute_table_refused(&cfg, 0, NULL, true, &code));
	assert_int_equal(code, ACM_EX_USAGE);
	assert_non_null(acm_srcroute_table_refused(&cfg, 101, NULL, false, &code));
	assert_int_equal(code, ACM_EX_CONFIG);
	assert_non_null(acm_srcroute_table_refused(&cfg, 103, "103 vpn\n", true, &code));
	assert_null(acm_srcroute_table_refused(&cfg, 103, "103 vpn\n", false, &code));
	acm_srcroute_free(&cfg);

	/* Explicit ids and names from rt_tables go through it too. */
	setup_two(&cfg);
	cfg.busy = busy;
	cfg.nbusy = 2;
	assert_int_equal(acm_srcroute_set_table(&cfg, "up1=101"), 0);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), ACM_EX_CONFIG);
	acm_srcroute_free(&cfg);
	setup_two(&cfg);
	assert_int_equal(acm_srcroute_set_table(&cfg, "up1=isp"), 0);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, "254 isp\n"), ACM_EX_USAGE);
	acm_srcroute_free(&cfg);
	/* A name not registered yet is allocated like an automatic table. */
	setup_two(&cfg);
	cfg.busy = busy;
	cfg.nbusy = 1;
	assert_int_equal(acm_srcroute_set_table(&cfg, "up2=isp"), 0);
	assert_int_equal(acm_srcroute_assign_tables(&cfg, NULL), 0);
	assert_int_equal(cfg.up[1].table, 102);
	acm_srcroute_free(&cfg);
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;
	return acm_read_file(path, &text, &len, 0) == 0 ? text : NULL;
}

/* The undo journal puts back every file and directory the writers changed:
 * the admin's file with its content and mode, files and directories we
 * made removed. */
/* A keyfile is bytes: a NUL inside an admin line does not cut the file
 * there (the old C-string rendering dropped everything after it). */
static void persisted_keyfile_keeps_nul_bytes(void **state)
{
	static const char kf[] = "[connection]\nid=a\0b\ninterface-name=up1\n\n[ipv4]\nnote=\0\xff\n"
				 "method=manual\n";
	const size_t klen = sizeof(kf) - 1;
	const struct acm_rt_obj o = default_via("192.0.2.1");
	struct acm_buf with = ACM_BUF_INIT, gone = ACM_BUF_INIT;

	acm_persist_render_nm_n(kf, klen, &o, 1, &with);
	assert_true(with.len > klen);
	assert_non_null(memmem(with.data, with.len, "route9700=0.0.0.0/0,192.0.2.1\n", 30));
	assert_non_null(memmem(with.data, with.len, "note=\0\xff\nmethod=manual\n", 22));
	acm_persist_render_nm_n(with.data, with.len, NULL, 0, &gone);
	assert_int_equal(gone.len, klen);
	assert_memory_equal(gone.data, kf, klen);
	acm_buf_free(&with);
	acm_buf_free(&gone);
	(void)state;
}

static void persist_undo_restores_everything(void **state)
{
	(void)state;
	char root[] = "/tmp/test_multihome.XXXXXX";
	char path[256];
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/etc/sysconfig/network-scripts", root);
	assert_int_equal(acm_mkdir_p(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/etc/sysconfig/network-scripts/route-eth1", root);
	assert_int_equal(acm_write_file_atomic(path, "10.0.0.0/8 via 192.0.2.254\n", 27, 0640), 0);

	const struct acm_rt_obj o = default_via("192.0.2.1");
	struct acm_persist_target t = { ACM_PERSIST_IFCFG, NULL };
	struct acm_mset u = ACM_MSET_INIT;
	bool changed = false;
	size_t nfiles = 0;
	const uint32_t ids[] = { 100 };
	const char *const names[] = { "isp_a" };

	assert_int_equal(acm_persist_write(root, &t, "eth1", &o, 1, &changed, &u), 0);
	assert_true(changed);
	assert_int_equal(acm_persist_names(root, ids, names, 1, false, &nfiles, &u), 0);
	assert_int_equal(nfiles, 2);
	assert_int_equal(acm_mset_apply(&u), 0);
	assert_int_equal(acm_mset_changed(&u), 3);
	char *text = slurp(path);
	assert_non_null(strstr(text, "default via 192.0.2.1"));
	free(text);
	/* 1 file, 2 files, and the directories made for them */
	assert_true(acm_mset_restore(&u) >= 4);
	assert_int_equal(acm_mset_changed(&u), 0);
	acm_mset_free(&u);
	text = slurp(path);
	assert_string_equal(text, "10.0.0.0/8 via 192.0.2.254\n");
	free(text);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0640);
	snprintf(path, sizeof(path), "%s/etc/sysconfig/network-scripts/rule-eth1", root);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/etc/iproute2", root);
	assert_int_not_equal(access(path, F_OK), 0);   /* the directories we made are gone */

	/* Tidy up: only what this test made. */
	snprintf(path, sizeof(path), "%s/etc/sysconfig/network-scripts/route-eth1", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/sysconfig/network-scripts", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/etc/sysconfig", root);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/etc", root);
	rmdir(path);
	assert_int_equal(rmdir(root), 0);
}

/* One errno -> exit map for netlink; an interface that vanished is 66 (input
 * missing) with a message naming it, not 70. */
static void netlink_errors_map_once(void **state)
{
	(void)state;
	assert_int_equal(acm_nl_exit_code(EPERM), ACM_EX_NOPERM);
	assert_int_equal(acm_nl_exit_code(EACCES), ACM_EX_NOPERM);
	assert_int_equal(acm_nl_exit_code(EEXIST), ACM_EX_CONFIG);
	assert_int_equal(acm_nl_exit_code(EBUSY), ACM_EX_TEMPFAIL);
	assert_int_equal(acm_nl_exit_code(ENODEV), ACM_EX_NOINPUT);
	assert_int_equal(acm_nl_exit_code(ENETDOWN), ACM_EX_UNAVAILABLE);
	assert_int_equal(acm_nl_exit_code(EOPNOTSUPP), ACM_EX_UNAVAILABLE);
	assert_int_equal(acm_nl_exit_code(EPROTONOSUPPORT), ACM_EX_UNAVAILABLE);
	assert_int_equal(acm_nl_exit_code(EINVAL), ACM_EX_SOFTWARE);
	/* rp_filter of an interface that is not there (any more): no file in
	 * /proc/sys to open, so nothing is written anywhere. */
	assert_int_equal(acm_rpfilter_set("acmgone0", 2), ACM_EX_NOINPUT);
}

/* rp_filter goes through lib/net/sysctl (a fake /proc/sys here): a dotted
 * interface name (a VLAN) is one part of the key, an interface whose
 * directory is gone is 66 (vanished), and a name that would climb out of
 * net/ipv4/conf writes nothing. */
static void rpfilter_through_sysctl(void **state)
{
	(void)state;
	const char *vdir = in_tmp("net/ipv4/conf/eth0.100"), *vlan = in_tmp("net/ipv4/conf/eth0.100/rp_filter");
	const char *adir = in_tmp("net/ipv4/conf/all"), *all = in_tmp("net/ipv4/conf/all/rp_filter");
	int v = -1;

	assert_int_equal(acm_mkdir_p(vdir, 0755), 0);
	assert_int_equal(acm_mkdir_p(adir, 0755), 0);
	assert_int_equal(acm_write_file_atomic(vlan, "1\n", 2, 0644), 0);
	assert_int_equal(acm_write_file_atomic(all, "0\n", 2, 0644), 0);
	acm_sysctl_set_procdir(tmpdir);
	assert_int_equal(acm_rpfilter_get("eth0.100", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(acm_rpfilter_set("eth0.100", ACM_RPFILTER_LOOSE), 0);
	assert_int_equal(acm_rpfilter_get("eth0.100", &v), 0);
	assert_int_equal(v, ACM_RPFILTER_LOOSE);
	assert_int_equal(acm_rpfilter_effective("eth0.100"), ACM_RPFILTER_LOOSE);
	assert_int_equal(acm_rpfilter_get("eth0", &v), -ENOENT);
	assert_int_equal(acm_rpfilter_set("gone0", ACM_RPFILTER_LOOSE), ACM_EX_NOINPUT);
	assert_int_equal(acm_rpfilter_set("..", ACM_RPFILTER_LOOSE), ACM_EX_IOERR);
	assert_int_not_equal(access(in_tmp("net/ipv4/rp_filter"), F_OK), 0);
	acm_sysctl_set_procdir(NULL);
}

/* Undo: inverse operations newest first (a subnet's route back before the
 * default that needs it), rules put back in their first order. */
static void undo_order(void **state)
{
	(void)state;
	struct acm_rt_change c[4];
	memset(c, 0, sizeof(c));
	c[0].op = ACM_RT_DEL; c[0].obj.kind = ACM_RT_RULE; c[0].obj.u.rule.priority = 1;
	c[1].op = ACM_RT_DEL; c[1].obj.kind = ACM_RT_RULE; c[1].obj.u.rule.priority = 2;
	c[2].op = ACM_RT_DEL; c[2].obj.kind = ACM_RT_ROUTE; c[2].obj.u.route.dst_len = 0;
	c[3].op = ACM_RT_DEL; c[3].obj.kind = ACM_RT_ROUTE; c[3].obj.u.route.dst_len = 24;
	struct acm_rt_change *u = acm_rt_changes_undo(c, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(u[i].op, ACM_RT_ADD);
	assert_int_equal(u[0].obj.u.route.dst_len, 24);
	assert_int_equal(u[1].obj.u.route.dst_len, 0);
	assert_int_equal(u[2].obj.u.rule.priority, 1);
	assert_int_equal(u[3].obj.u.rule.priority, 2);
	free(u);
}

/* ---- reboot: what a network manager puts back from our files ---- */

static struct acm_rt_claim *nm_claims(const struct acm_rt_obj *o, size_t n, size_t *nc)
{
	const char *keyfile = "[connection]\nid=uplink\ninterface-name=up1\n\n[ipv4]\nmethod=manual\n"
			      "route1=10.0.0.0/8,192.0.2.254\nroute1_options=table=100\n"
			      "routing-rule1=priority 1000 from 192.0.2.99 table 100\n";
	char *kf = acm_persist_render_nm(keyfile, o, n);
	struct acm_rt_claim *c = NULL;
	*nc = 0;
	acm_persistread_nm(kf, 2, &c, nc);
	free(kf);
	return c;
}

/* Every object we persist comes back as a claim, from NetworkManager's
 * keyfile and networkd's drop-in alike; the admin's own keys never do. */
static void claims_read_back_what_we_wrote(void **state)
{
	(void)state;
	size_t n, nc;
	struct acm_rt_obj *o = sample(&n);
	struct acm_rt_claim *c = nm_claims(o, n, &nc);

	assert_int_equal(nc, n);
	for (size_t i = 0; i < n; i++) {
		struct acm_rt_obj k = o[i];
		/* NM: its protocol, and its own metric on a route */
		if (k.kind == ACM_RT_ROUTE) {
			k.u.route.protocol = RTPROT_STATIC;
			k.u.route.metric = 100;
		} else {
			k.u.rule.protocol = RTPROT_STATIC;
		}
		assert_true(acm_srcroute_owned(&k, c, nc));
		assert_false(acm_srcroute_owned(&k, NULL, 0));
	}
	free(c);

	char *nd = acm_persist_render_networkd(o, n);
	c = NULL;
	nc = 0;
	acm_persistread_networkd(nd, 2, &c, &nc);
	free(nd);
	assert_int_equal(nc, n);
	for (size_t i = 0; i < n; i++) {
		struct acm_rt_obj k = o[i];
		if (k.kind == ACM_RT_ROUTE) {
			k.u.route.protocol = RTPROT_BOOT;
			assert_true(acm_srcroute_owned(&k, c, nc));
			/* networkd states the metric (by leaving it out: the kernel's) */
			k.u.route.metric = 100;
			assert_false(acm_srcroute_owned(&k, c, nc));
		} else {
			k.u.rule.protocol = RTPROT_STATIC;
			assert_true(acm_srcroute_owned(&k, c, nc));
		}
	}
	free(c);
	free(o);
}

enum own_case {
	OWN_AS_IS, OWN_OUR_PROTO_OTHER_GW, OWN_METRIC, OWN_GW, OWN_TABLE, OWN_DEV, OWN_DST, OWN_NOSRC,
	OWN_SCOPE, OWN_EXTRA, OWN_NO_CLAIMS,
	OWN_RULE_AS_IS, OWN_RULE_PRIO, OWN_RULE_SRC, OWN_RULE_LEN, OWN_RULE_TABLE, OWN_RULE_ACTION,
	OWN_RULE_EXTRA, OWN_RULE_FAMILY,
};

/* The one ownership rule, case by case: a change in anything a claim
 * states makes the kernel's object someone else's. */
static void ownership_rule_cases(void **state)
{
	(void)state;
	static const struct { enum own_case c; bool owned; const char *what; } cases[] = {
		{ OWN_AS_IS, true, "route as NM installs it (static, metric 100)" },
		{ OWN_OUR_PROTO_OTHER_GW, true, "our protocol: ours, as before" },
		{ OWN_METRIC, true, "another metric: NM picks it for a keyfile route" },
		{ OWN_GW, false, "another gateway" },
		{ OWN_TABLE, false, "another table" },
		{ OWN_DEV, false, "another device" },
		{ OWN_DST, false, "another destination" },
		{ OWN_NOSRC, false, "no preferred source" },
		{ OWN_SCOPE, false, "another scope" },
		{ OWN_EXTRA, false, "with a tos or multipath we never set" },
		{ OWN_NO_CLAIMS, false, "no persisted configuration" },
		{ OWN_RULE_AS_IS, true, "rule as NM installs it" },
		{ OWN_RULE_PRIO, false, "rule at another priority" },
		{ OWN_RULE_SRC, false, "rule from another source" },
		{ OWN_RULE_LEN, false, "rule from a wider prefix" },
		{ OWN_RULE_TABLE, false, "rule to another table" },
		{ OWN_RULE_ACTION, false, "rule that is not a lookup" },
		{ OWN_RULE_EXTRA, false, "rule with an fwmark or iif too" },
		{ OWN_RULE_FAMILY, false, "rule of the other family" },
	};
	size_t n, nc;
	struct acm_rt_obj *o = sample(&n);  /* connected, default, rule /32, rule /24 */
	struct acm_rt_claim *c = nm_claims(o, n, &nc);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct acm_rt_obj k = o[cases[i].c >= OWN_RULE_AS_IS ? 2 : 0];
		struct acm_rt_route *r = &k.u.route;
		struct acm_rt_rule *q = &k.u.rule;
		size_t use = nc;
		if (k.kind == ACM_RT_ROUTE) {
			r->protocol = RTPROT_STATIC;
			r->metric = 100;
		} else {
			q->protocol = RTPROT_STATIC;
		}
		switch (cases[i].c) {
		case OWN_OUR_PROTO_OTHER_GW: r->protocol = ACM_RTPROT; r->has_gw = true; break;
		case OWN_METRIC: r->metric = 20100; break;
		case OWN_GW: k = o[1]; r->protocol = RTPROT_STATIC; r->gw.b[3] = 254; break;
		case OWN_TABLE: r->table = 101; break;
		case OWN_DEV: r->oif = 3; break;
		case OWN_DST: r->dst.b[2] = 3; break;
		case OWN_NOSRC: r->has_prefsrc = false; break;
		case OWN_SCOPE: r->scope = RT_SCOPE_UNIVERSE; break;
		case OWN_EXTRA: r->extra = true; break;
		case OWN_NO_CLAIMS: use = 0; break;
		case OWN_RULE_PRIO: q->priority++; break;
		case OWN_RULE_SRC: q->src.b[3] = 11; break;
		case OWN_RULE_LEN: q->src_len = 24; break;
		case OWN_RULE_TABLE: q->table = 101; break;
		case OWN_RULE_ACTION: q->action = FR_ACT_BLACKHOLE; break;
		case OWN_RULE_EXTRA: q->extra = true; break;
		case OWN_RULE_FAMILY: q->family = AF_INET6; break;
		case OWN_AS_IS:
		case OWN_RULE_AS_IS:
			break;
		}
		if (acm_srcroute_owned(&k, c, use) != cases[i].owned)
			fail_msg("%s: owned should be %d", cases[i].what, cases[i].owned);
	}
	free(c);
	free(o);
}

/* Entries we cannot read exactly, and everything outside our keys, section
 * by section, give no claim: what is not claimed stays someone else's. */
static void claims_refuse_what_we_do_not_write(void **state)
{
	(void)state;
	static const char *const keyfiles[] = {
		"[ipv4]\nroute9700=192.0.2.0/24\nroute9700_options=src=192.0.2.10,table=100,onlink=true\n",
		"[ipv4]\nroute9700=192.0.2.0/24\n",                       /* no table */
		"[ipv4]\nroute9700=192.0.2.0/24\nroute9700_options=table=99999999999\n",
		"[ipv4]\nroute9700=2001:db8::/64\nroute9700_options=table=100\n", /* wrong section */
		"[connection]\nroute9700=192.0.2.0/24\nroute9700_options=table=100\n",
		"[ipv4]\nroute9700x=192.0.2.0/24\nroute9700x_options=table=100\n",
		"[ipv4]\nroute10000=192.0.2.0/24\nroute10000_options=table=100\n",
		"[ipv4]\nrouting-rule9700=priority 1000 from 192.0.2.10 table 100 fwmark 1\n",
		"[ipv4]\nrouting-rule9700=priority 1000 from 192.0.2.10\n",
		"[ipv4]\nrouting-rule9700=priority 1000 priority 7 from 192.0.2.10 table 100\n",
		"[ipv4]\nrouting-rule9700=from 192.0.2.10 table 100 priority\n",
	};
	static const char *const dropins[] = {
		"[Route]\nGateway=192.0.2.1\nTable=100\nGatewayOnLink=yes\n",
		"[Route]\nGateway=192.0.2.1\n",                           /* no table */
		"[Route]\nGateway=192.0.2.1\nTable=100\nTable=101\n",
		"[Route]\nGateway=192.0.2.1\nTable=100\nScope=host\n",
		"[RoutingPolicyRule]\nFrom=192.0.2.10/32\nTable=100\n",  /* no priority */
		"[RoutingPolicyRule]\nFrom=192.0.2.10/32\nTable=100\nPriority=1000\nFirewallMark=1\n",
		"[Network]\nGateway=192.0.2.1\nTable=100\n",
	};
	struct acm_rt_claim *c = NULL;
	size_t nc = 0;

	for (size_t i = 0; i < sizeof(keyfiles) / sizeof(keyfiles[0]); i++) {
		acm_persistread_nm(keyfiles[i], 2, &c, &nc);
		if (nc)
			fail_msg("keyfile %zu gave a claim", i);
	}
	for (size_t i = 0; i < sizeof(dropins) / sizeof(dropins[0]); i++) {
		acm_persistread_networkd(dropins[i], 2, &c, &nc);
		if (nc)
			fail_msg("drop-in %zu gave a claim", i);
	}
	/* one bad section does not spoil the next */
	acm_persistread_networkd("[Route]\nGateway=192.0.2.1\nTable=100\nOnLink=yes\n\n"
				    "[Route]\nGateway=192.0.2.1\nTable=100\n", 2, &c, &nc);
	assert_int_equal(nc, 1);
	assert_true(c[0].obj.u.route.has_gw);
	assert_int_equal(c[0].obj.u.route.table, 100);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prefixes_parse_and_print),
		CFG_TEST(uplink_arguments),
		cmocka_unit_test(tables_and_priorities),
		CFG_TEST(automatic_tables_skip_kernel_tables),
		cmocka_unit_test(tables_in_use_are_not_taken),
		cmocka_unit_test(wanted_set_two_uplinks),
		cmocka_unit_test(wanted_set_checks_input),
		cmocka_unit_test(only_ours_from_dumps),
		cmocka_unit_test(persisted_formats),
		cmocka_unit_test(persist_undo_restores_everything),
		cmocka_unit_test(persisted_keyfile_keeps_nul_bytes),
		cmocka_unit_test(netlink_errors_map_once),
		TMP_TEST(rpfilter_through_sysctl),
		cmocka_unit_test(undo_order),
		cmocka_unit_test(claims_read_back_what_we_wrote),
		cmocka_unit_test(ownership_rule_cases),
		cmocka_unit_test(claims_refuse_what_we_do_not_write),
	};
	return cmocka_run_group_tests_name("multihome", tests, NULL, NULL);
}

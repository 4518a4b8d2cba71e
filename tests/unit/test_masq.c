/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_masq - masq-setup's rule building, text and parsing, without a
 * kernel. The expected expression lists are what nft 1.0.6 emits for the same
 * rules (`nft --debug=netlink`, and the .t.payload files in nftables' tests/py/ip), in
 * libnftnl's notation. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "unitfs.h"

#include "buf.h"
#include "fileio.h"
#include "fstree.h"

#include "masq.h"
#include "ifname.h"
#include "inaddr.h"
#include "nftconf.h"
#include "sysctl.h"

static void test_cidr_parse(void **state)
{
	(void)state;
	struct acm_cidr4 c;
	char *why = NULL, buf[40];

	assert_int_equal(acm_inaddr_cidr4_parse("192.0.2.0/24", &c, &why), 0);
	assert_int_equal(c.prefix, 24);
	assert_int_equal(c.addr, inet_addr("192.0.2.0"));
	acm_inaddr_cidr4_format(&c, buf, sizeof(buf));
	assert_string_equal(buf, "192.0.2.0/24");
	assert_int_equal(acm_inaddr_cidr4_parse("198.51.100.7", &c, NULL), 0);
	assert_int_equal(c.prefix, 32);
	assert_int_equal(acm_inaddr_cidr4_parse("0.0.0.0/0", &c, NULL), 0);
	assert_int_equal(c.prefix, 0);

	static const char *const bad[] = { "192.0.2.0/33", "192.0.2.0/", "192.0.2.0/024", "192.0.2.0/2x",
					   "300.0.2.0/24", "192.0.2", "192.0.2.0.1", "", "/24",
					   "2001:db8::/32", "192.0.2.0/-1", "0x7f.0.0.1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(acm_inaddr_cidr4_parse(bad[i], &c, &why), -EINVAL);
		assert_non_null(why);
		free(why);
	}
	assert_int_equal(acm_inaddr_cidr4_parse("192.0.2.1/24", &c, &why), -EINVAL);
	assert_non_null(strstr(why, "192.0.2.0/24"));  /* says which network was meant */
	free(why);
}

static void test_ifname(void **state)
{
	(void)state;
	/* name, whether acm_ifname_invalid() accepts it */
	static const struct { const char *name; bool ok; } names[] = {
		{ "eth0", true },
		{ "enp1s0f1.100", true },
		{ "abcdefghijklmno", true },    /* 15 */
		{ "abcdefghijklmnop", false },  /* 16 */
		{ "", false },
		{ "..", false },
		{ "a/b", false },
		{ "a b", false },
		{ "a\"b", false },
		{ "eth*", false },
	};
	/* argument, whether it looks like an address */
	static const struct { const char *arg; bool addr; } looks[] = {
		{ "192.0.2.0/24", true },
		{ "10.1", true },
		{ "eth0", false },
		{ "br-lan", false },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].ok)
			assert_null(acm_ifname_invalid(names[i].name));
		else
			assert_non_null(acm_ifname_invalid(names[i].name));
	for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		assert_int_equal(acm_inaddr_looks_like(looks[i].arg), looks[i].addr);
}

static void spec_of(struct acm_masq_spec *s, const char *const *in, const char *const *out)
{
	memset(s, 0, sizeof(*s));
	for (; *in; in++) {
		struct acm_masq_src src;
		char *why = NULL;
		assert_int_equal(acm_masq_parse_internal(*in, &src, &why), 0);
		acm_masq_spec_add_in(s, &src);
	}
	for (; *out; out++)
		acm_masq_spec_add_out(s, *out);
}

static char *rule_text(const struct acm_masq_ruleset *rs, size_t i)
{
	assert_true(i < rs->nrules);
	return acm_nft_rule_text(rs->rules[i]);
}

static void expect_rule(const struct acm_masq_ruleset *rs, size_t i, const char *chain, const char *want)
{
	char *got = rule_text(rs, i);
	assert_string_equal(nftnl_rule_get_str(rs->rules[i], NFTNL_RULE_CHAIN), chain);
	assert_string_equal(got, want);
	free(got);
}

static void test_masquerade_rules(void **state)
{
	(void)state;
	static const char *const in[] = { "192.0.2.0/24", "vi0", NULL };
	static const char *const out[] = { "vx1", NULL };
	struct acm_masq_spec s;
	struct acm_masq_ruleset rs;

	spec_of(&s, in, out);
	acm_masq_build(&s, &rs);
	assert_int_equal(rs.nrules, 2 + 4);

	/* ip saddr 192.0.2.0/24 oifname "vx1" masquerade */
	expect_rule(&rs, 0, "postrouting",
		    "[ payload load 3b @ network header + 12 => reg 1 ]\n"
		    "[ cmp eq reg 1 0x000200c0 ]\n"
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00317876 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ masq ]\n");
	/* iifname "vi0" oifname "vx1" masquerade */
	expect_rule(&rs, 1, "postrouting",
		    "[ meta load iifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00306976 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00317876 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ masq ]\n");
	/* ip saddr 192.0.2.0/24 oifname "vx1" accept */
	expect_rule(&rs, 2, "forward",
		    "[ payload load 3b @ network header + 12 => reg 1 ]\n"
		    "[ cmp eq reg 1 0x000200c0 ]\n"
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00317876 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ immediate reg 0 accept ]\n");
	/* ip daddr 192.0.2.0/24 iifname "vx1" ct state established,related accept */
	expect_rule(&rs, 3, "forward",
		    "[ payload load 3b @ network header + 16 => reg 1 ]\n"
		    "[ cmp eq reg 1 0x000200c0 ]\n"
		    "[ meta load iifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00317876 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ ct load state => reg 1 ]\n"
		    "[ bitwise reg 1 = ( reg 1 & 0x00000006 ) ^ 0x00000000 ]\n"
		    "[ cmp neq reg 1 0x00000000 ]\n"
		    "[ immediate reg 0 accept ]\n");
	/* iifname "vx1" oifname "vi0" ct state established,related accept */
	expect_rule(&rs, 5, "forward",
		    "[ meta load iifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00317876 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00306976 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ ct load state => reg 1 ]\n"
		    "[ bitwise reg 1 = ( reg 1 & 0x00000006 ) ^ 0x00000000 ]\n"
		    "[ cmp neq reg 1 0x00000000 ]\n"
		    "[ immediate reg 0 accept ]\n");

	char *c0 = acm_nft_chain_text(rs.chains[0]), *c1 = acm_nft_chain_text(rs.chains[1]);
	assert_string_equal(c0, "chain postrouting type nat hook postrouting prio 100 policy accept");
	assert_string_equal(c1, "chain forward type filter hook forward prio 0 policy accept");
	free(c0);
	free(c1);
	acm_masq_ruleset_free(&rs);
	acm_masq_spec_free(&s);
}

static void test_prefixes_and_snat(void **state)
{
	(void)state;
	static const char *const in[] = { "198.51.100.0/23", "10.0.0.0/8", "0.0.0.0/0", "203.0.113.9", NULL };
	static const char *const out[] = { "up0", NULL };
	struct acm_masq_spec s;
	struct acm_masq_ruleset rs;

	spec_of(&s, in, out);
	s.snat = true;
	assert_int_equal(acm_inaddr_ip4_parse("203.0.113.1", &s.snat_addr), 0);
	acm_masq_build(&s, &rs);
	/* a prefix that is not byte-aligned loads 4 bytes and masks them; for snat
	 * the kernel fills in addr_max and the map-IPs flag that nft leaves out, and
	 * we send them so the dump matches either way */
	expect_rule(&rs, 0, "postrouting",
		    "[ payload load 4b @ network header + 12 => reg 1 ]\n"
		    "[ bitwise reg 1 = ( reg 1 & 0x00feffff ) ^ 0x00000000 ]\n"
		    "[ cmp eq reg 1 0x006433c6 ]\n"
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00307075 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ immediate reg 1 0x017100cb ]\n"
		    "[ nat snat ip addr_min reg 1 addr_max reg 1 flags 0x1 ]\n");
	/* /8 loads one byte */
	expect_rule(&rs, 1, "postrouting",
		    "[ payload load 1b @ network header + 12 => reg 1 ]\n"
		    "[ cmp eq reg 1 0x0000000a ]\n"
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00307075 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ immediate reg 1 0x017100cb ]\n"
		    "[ nat snat ip addr_min reg 1 addr_max reg 1 flags 0x1 ]\n");
	/* /0 matches every source: no address match at all */
	expect_rule(&rs, 2, "postrouting",
		    "[ meta load oifname => reg 1 ]\n"
		    "[ cmp eq reg 1 0x00307075 0x00000000 0x00000000 0x00000000 ]\n"
		    "[ immediate reg 1 0x017100cb ]\n"
		    "[ nat snat ip addr_min reg 1 addr_max reg 1 flags 0x1 ]\n");
	/* a host: all four bytes, no mask */
	char *t = rule_text(&rs, 3);
	assert_non_null(strstr(t, "[ payload load 4b @ network header + 12 => reg 1 ]\n[ cmp eq reg 1 0x097100cb ]\n"));
	free(t);

	char *script = acm_masq_script(&s);
	assert_non_null(strstr(script, "\t\tip saddr 198.51.100.0/23 oifname \"up0\" snat to 203.0.113.1\n"));
	assert_non_null(strstr(script, "\t\toifname \"up0\" snat to 203.0.113.1\n"));
	assert_non_null(strstr(script, "\t\tip saddr 203.0.113.9 oifname \"up0\" snat to 203.0.113.1\n"));
	assert_non_null(strstr(script, "\t\tip daddr 10.0.0.0/8 iifname \"up0\" ct state established,related accept\n"));
	free(script);
	acm_masq_ruleset_free(&rs);
	acm_masq_spec_free(&s);
}

static void test_script_shape(void **state)
{
	(void)state;
	static const char *const in[] = { "192.0.2.0/24", "192.0.2.0/24", NULL };  /* duplicate dropped */
	static const char *const out[] = { "up0", "up1", "up0", NULL };
	struct acm_masq_spec s;

	spec_of(&s, in, out);
	assert_int_equal(s.nin, 1);
	assert_int_equal(s.nout, 2);
	char *script = acm_masq_script(&s);
	assert_string_equal(script,
		"table ip acmtools_masq\n"
		"delete table ip acmtools_masq\n"
		"table ip acmtools_masq {\n"
		"\tcomment \"managed by masq-setup(1)\"\n"
		"\tchain postrouting {\n"
		"\t\ttype nat hook postrouting priority 100; policy accept;\n"
		"\t\tip saddr 192.0.2.0/24 oifname \"up0\" masquerade\n"
		"\t\tip saddr 192.0.2.0/24 oifname \"up1\" masquerade\n"
		"\t}\n"
		"\tchain forward {\n"
		"\t\ttype filter hook forward priority 0; policy accept;\n"
		"\t\tip saddr 192.0.2.0/24 oifname \"up0\" accept\n"
		"\t\tip daddr 192.0.2.0/24 iifname \"up0\" ct state established,related accept\n"
		"\t\tip saddr 192.0.2.0/24 oifname \"up1\" accept\n"
		"\t\tip daddr 192.0.2.0/24 iifname \"up1\" ct state established,related accept\n"
		"\t}\n"
		"}\n");
	free(script);
	acm_masq_spec_free(&s);
}

static void test_fingerprint(void **state)
{
	(void)state;
	static const char *const in[] = { "192.0.2.0/24", NULL };
	static const char *const out[] = { "up0", NULL };
	static const char *const out2[] = { "up1", NULL };
	struct acm_masq_spec a, b;
	struct acm_masq_ruleset ra, rb;

	spec_of(&a, in, out);
	spec_of(&b, in, out);
	acm_masq_build(&a, &ra);
	acm_masq_build(&b, &rb);
	char *fa = acm_masq_fingerprint(ra.table, ra.chains, 2, ra.rules, ra.nrules);
	char *fb = acm_masq_fingerprint(rb.table, rb.chains, 2, rb.rules, rb.nrules);
	assert_string_equal(fa, fb);
	assert_non_null(strstr(fa, "comment \"managed by masq-setup(1)\""));
	free(fb);
	acm_masq_ruleset_free(&rb);

	/* the ownership note, another interface, or chains in another order */
	b.forward_ours = true;
	acm_masq_build(&b, &rb);
	fb = acm_masq_fingerprint(rb.table, rb.chains, 2, rb.rules, rb.nrules);
	assert_string_not_equal(fa, fb);
	free(fb);
	acm_masq_ruleset_free(&rb);
	acm_masq_spec_free(&b);

	spec_of(&b, in, out2);
	acm_masq_build(&b, &rb);
	fb = acm_masq_fingerprint(rb.table, rb.chains, 2, rb.rules, rb.nrules);
	assert_string_not_equal(fa, fb);
	free(fb);

	struct nftnl_chain *swapped[2] = { ra.chains[1], ra.chains[0] };
	fb = acm_masq_fingerprint(ra.table, swapped, 2, ra.rules, ra.nrules);
	assert_string_equal(fa, fb);
	free(fb);

	free(fa);
	acm_masq_ruleset_free(&ra);
	acm_masq_ruleset_free(&rb);
	acm_masq_spec_free(&a);
	acm_masq_spec_free(&b);
}

static void test_internal_args(void **state)
{
	(void)state;
	struct acm_masq_src src;
	char *why = NULL;

	assert_int_equal(acm_masq_parse_internal("eth1", &src, &why), 0);
	assert_true(src.is_iface);
	assert_string_equal(src.ifname, "eth1");
	assert_int_equal(acm_masq_parse_internal("192.0.2.0/24", &src, &why), 0);
	assert_false(src.is_iface);
	assert_int_equal(acm_masq_parse_internal("192.0.2.0/64", &src, &why), -EINVAL);
	free(why);
	assert_int_equal(acm_masq_parse_internal("bad name", &src, &why), -EINVAL);
	assert_non_null(why);
	free(why);
}

static void test_sysctl(void **state)
{
	(void)state;
	char *p = acm_sysctl_path("net.ipv4.ip_forward");
	assert_string_equal(p, "/proc/sys/net/ipv4/ip_forward");
	free(p);
	assert_null(acm_sysctl_path("net..ip_forward"));
	assert_null(acm_sysctl_path("net/../x"));
	assert_null(acm_sysctl_path("net.ipv4."));
	/* sysctl(8)'s slash form: a part may hold dots (a VLAN interface) */
	p = acm_sysctl_path("net/ipv4/conf/eth0.100/rp_filter");
	assert_string_equal(p, "/proc/sys/net/ipv4/conf/eth0.100/rp_filter");
	free(p);
	assert_null(acm_sysctl_path("net/./x"));
	assert_null(acm_sysctl_path("net//x"));
	assert_null(acm_sysctl_path("net/x/"));
	assert_null(acm_sysctl_path("/net/x"));
	assert_null(acm_sysctl_path("net/ipv4/conf/../../../../etc/passwd"));

	char *t = acm_sysctl_conf_text("line one\nline two", "net.ipv4.ip_forward", "1");
	assert_string_equal(t, "# line one\n# line two\nnet.ipv4.ip_forward = 1\n");
	char *v = acm_sysctl_conf_get(t, "net.ipv4.ip_forward");
	assert_string_equal(v, "1");
	free(v);
	free(t);
	v = acm_sysctl_conf_get("net/ipv4/ip_forward=0\n# net.ipv4.ip_forward = 5\n -net.ipv4.ip_forward =  1 \n",
				"net.ipv4.ip_forward");
	assert_string_equal(v, "1");
	free(v);
	assert_null(acm_sysctl_conf_get("net.ipv4.ip_forward_x = 1\n", "net.ipv4.ip_forward"));

	/* a fake /proc/sys */
	char dir[] = "/tmp/test_masq.XXXXXX";
	assert_non_null(mkdtemp(dir));
	acm_sysctl_set_procdir(dir);
	char *sub = acm_xasprintf("%s/net", dir), *f;
	assert_int_equal(mkdir(sub, 0755), 0);
	f = acm_xasprintf("%s/net/x", dir);
	FILE *fp = fopen(f, "w");
	assert_non_null(fp);
	fputs("0\n", fp);
	fclose(fp);
	char buf[16];
	assert_int_equal(acm_sysctl_read("net.x", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0");
	assert_int_equal(acm_sysctl_write("net.x", "1"), 0);
	assert_int_equal(acm_sysctl_read("net.x", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1");
	assert_int_equal(acm_sysctl_read("net.missing", buf, sizeof(buf)), -ENOENT);
	acm_sysctl_set_procdir(NULL);
	unlink(f);
	rmdir(sub);
	rmdir(dir);
	free(f);
	free(sub);
}

/* The sysctl.d file acm_sysctl_d_last() names for ip_forward ends in file
 * and, when value is given, sets it to value. */
static void expect_last(const char *dir, const char *file, const char *value)
{
	char *v = NULL, *p = acm_sysctl_d_last(dir, "net.ipv4.ip_forward", &v);

	assert_non_null(strstr(p, file));
	if (value)
		assert_string_equal(v, value);
	free(p);
	free(v);
}

static void test_sysctl_d_order(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_masq_sysctl.XXXXXX", *v = NULL;
	assert_non_null(mkdtemp(dir));

	assert_null(acm_sysctl_d_last(dir, "net.ipv4.ip_forward", &v));
	put(dir, "etc/sysctl.d/90-acmtools-masq.conf", "net.ipv4.ip_forward = 1\n");
	put(dir, "usr/lib/sysctl.d/50-default.conf", "net.ipv4.ip_forward = 0\n");
	expect_last(dir, "/etc/sysctl.d/90-acmtools-masq.conf", "1");
	/* a later name wins, whatever its directory */
	put(dir, "usr/lib/sysctl.d/99-off.conf", "net/ipv4/ip_forward=0\n");
	expect_last(dir, "/usr/lib/sysctl.d/99-off.conf", "0");
	/* ... unless /etc masks that name */
	put(dir, "etc/sysctl.d/99-off.conf", "# masked\n");
	expect_last(dir, "/etc/sysctl.d/90-acmtools-masq.conf", NULL);
	free(v);
	assert_int_equal(acm_fstree_remove(dir), 0);
}

static void test_nftconf(void **state)
{
	(void)state;
	struct acm_nftconf c;
	acm_nftconf_for(ACM_DISTRO_EL, &c);
	assert_string_equal(c.main_conf, "/etc/sysconfig/nftables.conf");
	assert_string_equal(c.dir, "/etc/nftables");
	acm_nftconf_for(ACM_DISTRO_DEBIAN, &c);
	assert_string_equal(c.main_conf, "/etc/nftables.conf");
	assert_string_equal(c.dir, "/etc/nftables.d");
	char *b = acm_nftconf_include_body("/etc/nftables.d/x.nft");
	assert_string_equal(b, "include \"/etc/nftables.d/x.nft\"\n");
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cidr_parse),
		cmocka_unit_test(test_ifname),
		cmocka_unit_test(test_masquerade_rules),
		cmocka_unit_test(test_prefixes_and_snat),
		cmocka_unit_test(test_script_shape),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_internal_args),
		cmocka_unit_test(test_sysctl),
		cmocka_unit_test(test_sysctl_d_order),
		cmocka_unit_test(test_nftconf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

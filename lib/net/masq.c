/* SPDX-License-Identifier: GPL-2.0-or-later */
/* masq.c - masq-setup's table: build, print, compare, read back.
 * The expressions are the ones nft 1.0 emits for the same rules (see its
 * tests/py/ip/masquerade.t.payload and `nft --debug=netlink`), so a table
 * loaded from our boot file by nft compares equal to one we sent. */
#include "config.h"

#include "masq.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>

#include "buf.h"
#include "ifname.h"

/* ---- the spec ---- */

int acm_masq_parse_internal(const char *arg, struct acm_masq_src *src, char **why)
{
	const char *bad;

	memset(src, 0, sizeof(*src));
	if (why)
		*why = NULL;
	if (acm_inaddr_looks_like(arg))
		return acm_inaddr_cidr4_parse(arg, &src->cidr, why);
	if ((bad = acm_ifname_invalid(arg))) {
		if (why)
			*why = acm_xasprintf("neither an IPv4 network nor an interface name: %s", bad);
		return -EINVAL;
	}
	src->is_iface = true;
	snprintf(src->ifname, sizeof(src->ifname), "%s", arg);
	return 0;
}

static bool src_eq(const struct acm_masq_src *a, const struct acm_masq_src *b)
{
	if (a->is_iface != b->is_iface)
		return false;
	if (a->is_iface)
		return strcmp(a->ifname, b->ifname) == 0;
	return a->cidr.addr == b->cidr.addr && a->cidr.prefix == b->cidr.prefix;
}

void acm_masq_spec_add_in(struct acm_masq_spec *s, const struct acm_masq_src *src)
{
	for (size_t i = 0; i < s->nin; i++)
		if (src_eq(&s->in[i], src))
			return;
	s->in = acm_xrealloc(s->in, (s->nin + 1) * sizeof(*s->in));
	s->in[s->nin++] = *src;
}

void acm_masq_spec_add_out(struct acm_masq_spec *s, const char *ifname)
{
	for (size_t i = 0; i < s->nout; i++)
		if (!strcmp(s->out[i], ifname))
			return;
	s->out = acm_xrealloc(s->out, (s->nout + 1) * sizeof(*s->out));
	memset(s->out[s->nout], 0, sizeof(s->out[0]));
	snprintf(s->out[s->nout], sizeof(s->out[0]), "%s", ifname);
	s->nout++;
}

void acm_masq_spec_free(struct acm_masq_spec *s)
{
	free(s->in);
	free(s->out);
	s->in = NULL;
	s->out = NULL;
	s->nin = s->nout = 0;
}

/* ---- expressions ---- */

static void add(struct nftnl_rule *r, struct nftnl_expr *e)
{
	nftnl_rule_add_expr(r, e);
}

static struct nftnl_expr *expr(const char *name)
{
	struct nftnl_expr *e = nftnl_expr_alloc(name);
	if (!e)
		abort();
	return e;
}

static void cmp(struct nftnl_rule *r, uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = expr("cmp");
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	add(r, e);
}

/* ip saddr/daddr PREFIX. nft loads only the bytes a byte-aligned prefix
 * covers and masks the others; /0 matches everything and adds nothing. */
/* reg1 &= mask (a 32-bit bitwise with xor 0): the prefix mask and the ct
 * state bits both go through it. */
static void and_mask(struct nftnl_rule *r, uint32_t mask)
{
	uint32_t zero = 0;
	struct nftnl_expr *e = expr("bitwise");

	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 4);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, 4);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, 4);
	add(r, e);
}

static void match_ip(struct nftnl_rule *r, uint32_t offset, const struct acm_cidr4 *c)
{
	struct nftnl_expr *e;
	uint32_t len = c->prefix % 8 == 0 ? (uint32_t)c->prefix / 8 : 4;

	if (c->prefix == 0)
		return;
	e = expr("payload");
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	add(r, e);
	if (c->prefix % 8)
		and_mask(r, htonl(0xffffffffu << (32 - c->prefix)));
	cmp(r, NFT_CMP_EQ, &c->addr, len);
}

/* iifname/oifname "NAME": the name zero-padded to IFNAMSIZ. */
static void match_ifname(struct nftnl_rule *r, uint32_t key, const char *name)
{
	char padded[16];
	struct nftnl_expr *e = expr("meta");

	memset(padded, 0, sizeof(padded));
	memcpy(padded, name, strnlen(name, sizeof(padded) - 1));
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	add(r, e);
	cmp(r, NFT_CMP_EQ, padded, sizeof(padded));
}

static void match_src(struct nftnl_rule *r, const struct acm_masq_src *src)
{
	if (src->is_iface)
		match_ifname(r, NFT_META_IIFNAME, src->ifname);
	else
		match_ip(r, 12, &src->cidr);
}

/* ct state established,related */
static void match_ct_reply(struct nftnl_rule *r)
{
	uint32_t mask = NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED), zero = 0;
	struct nftnl_expr *e = expr("ct");

	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, NFT_CT_STATE);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, NFT_REG_1);
	add(r, e);
	and_mask(r, mask);
	cmp(r, NFT_CMP_NEQ, &zero, 4);
}

static void verdict_accept(struct nftnl_rule *r)
{
	struct nftnl_expr *e = expr("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, NF_ACCEPT);
	add(r, e);
}

static void nat_action(struct nftnl_rule *r, const struct acm_masq_spec *s)
{
	struct nftnl_expr *e;

	if (!s->snat) {
		add(r, expr("masq"));
		return;
	}
	e = expr("immediate");
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, &s->snat_addr, 4);
	add(r, e);
	e = expr("nat");
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_TYPE, NFT_NAT_SNAT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FAMILY, NFPROTO_IPV4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MIN, NFT_REG_1);
	/* The kernel fills in addr_max = addr_min and the map-IPs flag when
	 * they are missing (nft sends only addr_min) and dumps them: send them
	 * ourselves so both compare equal. */
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_REG_ADDR_MAX, NFT_REG_1);
	nftnl_expr_set_u32(e, NFTNL_EXPR_NAT_FLAGS, NF_NAT_RANGE_MAP_IPS);
	add(r, e);
}

/* ---- objects ---- */

/* A new chain or rule of our table: ip family, table ACM_MASQ_TABLE. */
#define OUR_OBJECT(kind, KIND) \
	static struct nftnl_##kind *our_##kind(void) \
	{ \
		struct nftnl_##kind *o = nftnl_##kind##_alloc(); \
		if (!o) \
			abort(); \
		nftnl_##kind##_set_u32(o, NFTNL_##KIND##_FAMILY, NFPROTO_IPV4); \
		nftnl_##kind##_set_str(o, NFTNL_##KIND##_TABLE, ACM_MASQ_TABLE); \
		return o; \
	}

OUR_OBJECT(chain, CHAIN)
OUR_OBJECT(rule, RULE)

static struct nftnl_chain *base_chain(const char *name, const char *type, uint32_t hook, int32_t prio)
{
	struct nftnl_chain *c = our_chain();
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, type);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hook);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, prio);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	return c;
}

static struct nftnl_rule *new_rule(struct acm_masq_ruleset *rs, const char *chain)
{
	struct nftnl_rule *r = our_rule();
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain);
	rs->rules = acm_xrealloc(rs->rules, (rs->nrules + 1) * sizeof(*rs->rules));
	rs->rules[rs->nrules++] = r;
	return r;
}

static struct nftnl_table *our_table(void)
{
	struct nftnl_table *t = nftnl_table_alloc();
	if (!t)
		abort();
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, ACM_MASQ_TABLE);
	return t;
}

void acm_masq_build(const struct acm_masq_spec *s, struct acm_masq_ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->table = our_table();
	nftnl_table_set_u32(rs->table, NFTNL_TABLE_FLAGS, 0);
	acm_nft_table_set_comment(rs->table, s->forward_ours ? ACM_MASQ_COMMENT_FWD : ACM_MASQ_COMMENT);
	rs->chains[0] = base_chain("postrouting", "nat", NF_INET_POST_ROUTING, ACM_MASQ_PRIO_SRCNAT);
	rs->chains[1] = base_chain("forward", "filter", NF_INET_FORWARD, ACM_MASQ_PRIO_FILTER);

	for (size_t i = 0; i < s->nin; i++)
		for (size_t o = 0; o < s->nout; o++) {
			struct nftnl_rule *r = new_rule(rs, "postrouting");
			match_src(r, &s->in[i]);
			match_ifname(r, NFT_META_OIFNAME, s->out[o]);
			nat_action(r, s);
		}
	for (size_t i = 0; i < s->nin; i++)
		for (size_t o = 0; o < s->nout; o++) {
			struct nftnl_rule *r = new_rule(rs, "forward");
			match_src(r, &s->in[i]);
			match_ifname(r, NFT_META_OIFNAME, s->out[o]);
			verdict_accept(r);

			r = new_rule(rs, "forward");
			if (s->in[i].is_iface) {
				match_ifname(r, NFT_META_IIFNAME, s->out[o]);
				match_ifname(r, NFT_META_OIFNAME, s->in[i].ifname);
			} else {
				match_ip(r, 16, &s->in[i].cidr);
				match_ifname(r, NFT_META_IIFNAME, s->out[o]);
			}
			match_ct_reply(r);
			verdict_accept(r);
		}
}

void acm_masq_ruleset_free(struct acm_masq_ruleset *rs)
{
	if (rs->table)
		nftnl_table_free(rs->table);
	for (int i = 0; i < 2; i++)
		if (rs->chains[i])
			nftnl_chain_free(rs->chains[i]);
	for (size_t i = 0; i < rs->nrules; i++)
		nftnl_rule_free(rs->rules[i]);
	free(rs->rules);
	memset(rs, 0, sizeof(*rs));
}

void acm_masq_batch_replace(struct acm_nft_batch *b, const struct acm_masq_ruleset *rs)
{
	struct nftnl_table *bare = our_table();

	acm_nft_batch_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE, bare);
	acm_nft_batch_table(b, NFT_MSG_DELTABLE, 0, bare);
	nftnl_table_free(bare);
	acm_nft_batch_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL, rs->table);
	for (int i = 0; i < 2; i++)
		acm_nft_batch_chain(b, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL, rs->chains[i]);
	for (size_t i = 0; i < rs->nrules; i++)
		acm_nft_batch_rule(b, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND, rs->rules[i]);
}

void acm_masq_batch_delete(struct acm_nft_batch *b)
{
	struct nftnl_table *bare = our_table();
	acm_nft_batch_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE, bare);
	acm_nft_batch_table(b, NFT_MSG_DELTABLE, 0, bare);
	nftnl_table_free(bare);
}

/* ---- nft text ---- */

static void text_src(struct acm_buf *b, const struct acm_masq_src *src, const char *dir)
{
	char c[40];
	if (src->is_iface) {
		acm_buf_addf(b, "iifname \"%s\" ", src->ifname);
	} else if (src->cidr.prefix) {
		acm_inaddr_cidr4_format(&src->cidr, c, sizeof(c));
		acm_buf_addf(b, "ip %s %s ", dir, c);
	}
}

/* The start of a rule line for traffic from src leaving through out. */
static void text_out_of(struct acm_buf *b, const struct acm_masq_src *src, const char *out)
{
	acm_buf_adds(b, "\t\t");
	text_src(b, src, "saddr");
	acm_buf_addf(b, "oifname \"%s\" ", out);
}

char *acm_masq_script(const struct acm_masq_spec *s)
{
	struct acm_buf b = ACM_BUF_INIT;
	char a[40];

	acm_buf_adds(&b, "table ip " ACM_MASQ_TABLE "\n");
	acm_buf_adds(&b, "delete table ip " ACM_MASQ_TABLE "\n");
	acm_buf_adds(&b, "table ip " ACM_MASQ_TABLE " {\n");
	acm_buf_addf(&b, "\tcomment \"%s\"\n", s->forward_ours ? ACM_MASQ_COMMENT_FWD : ACM_MASQ_COMMENT);
	acm_buf_addf(&b, "\tchain postrouting {\n"
		     "\t\ttype nat hook postrouting priority %d; policy accept;\n", ACM_MASQ_PRIO_SRCNAT);
	for (size_t i = 0; i < s->nin; i++)
		for (size_t o = 0; o < s->nout; o++) {
			text_out_of(&b, &s->in[i], s->out[o]);
			if (s->snat) {
				acm_inaddr_ip4_format(s->snat_addr, a, sizeof(a));
				acm_buf_addf(&b, "snat to %s\n", a);
			} else {
				acm_buf_adds(&b, "masquerade\n");
			}
		}
	acm_buf_adds(&b, "\t}\n");
	acm_buf_addf(&b, "\tchain forward {\n"
		     "\t\ttype filter hook forward priority %d; policy accept;\n", ACM_MASQ_PRIO_FILTER);
	for (size_t i = 0; i < s->nin; i++)
		for (size_t o = 0; o < s->nout; o++) {
			text_out_of(&b, &s->in[i], s->out[o]);
			acm_buf_adds(&b, "accept\n");
			acm_buf_adds(&b, "\t\t");
			if (s->in[i].is_iface) {
				acm_buf_addf(&b, "iifname \"%s\" oifname \"%s\" ", s->out[o], s->in[i].ifname);
			} else {
				text_src(&b, &s->in[i], "daddr");
				acm_buf_addf(&b, "iifname \"%s\" ", s->out[o]);
			}
			acm_buf_adds(&b, "ct state established,related accept\n");
		}
	acm_buf_adds(&b, "\t}\n}\n");
	return acm_buf_steal(&b);
}

char *acm_masq_delete_script(void)
{
	return acm_xstrdup("table ip " ACM_MASQ_TABLE "\n"
			   "delete table ip " ACM_MASQ_TABLE "\n");
}

/* ---- comparing ---- */

static int by_name(const void *a, const void *b)
{
	const struct nftnl_chain *x = *(struct nftnl_chain *const *)a, *y = *(struct nftnl_chain *const *)b;
	return strcmp(nftnl_chain_get_str(x, NFTNL_CHAIN_NAME), nftnl_chain_get_str(y, NFTNL_CHAIN_NAME));
}

static bool ours(uint32_t family, const char *table, const struct nftnl_table *t)
{
	return family == nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY) &&
	       table && !strcmp(table, nftnl_table_get_str(t, NFTNL_TABLE_NAME));
}

char *acm_masq_fingerprint(const struct nftnl_table *t, struct nftnl_chain *const *chains, size_t nchains,
			   struct nftnl_rule *const *rules, size_t nrules)
{
	struct acm_buf b = ACM_BUF_INIT;
	struct nftnl_chain **sorted = acm_xcalloc(nchains + 1, sizeof(*sorted));
	size_t n = 0;
	char *comment = acm_nft_table_comment(t);

	acm_buf_addf(&b, "table %s %s flags %u comment \"%s\"\n",
		     acm_nft_family_name(nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY)),
		     nftnl_table_get_str(t, NFTNL_TABLE_NAME),
		     nftnl_table_is_set(t, NFTNL_TABLE_FLAGS) ? nftnl_table_get_u32(t, NFTNL_TABLE_FLAGS) : 0,
		     comment ? comment : "");
	free(comment);
	for (size_t i = 0; i < nchains; i++)
		if (ours(nftnl_chain_get_u32(chains[i], NFTNL_CHAIN_FAMILY),
			 nftnl_chain_get_str(chains[i], NFTNL_CHAIN_TABLE), t))
			sorted[n++] = chains[i];
	qsort(sorted, n, sizeof(*sorted), by_name);
	for (size_t i = 0; i < n; i++) {
		const char *name = nftnl_chain_get_str(sorted[i], NFTNL_CHAIN_NAME);
		char *ct = acm_nft_chain_text(sorted[i]);
		acm_buf_addf(&b, "%s\n", ct);
		free(ct);
		for (size_t j = 0; j < nrules; j++) {
			const char *rc = nftnl_rule_get_str(rules[j], NFTNL_RULE_CHAIN);
			if (!ours(nftnl_rule_get_u32(rules[j], NFTNL_RULE_FAMILY),
				  nftnl_rule_get_str(rules[j], NFTNL_RULE_TABLE), t) || !rc || strcmp(rc, name))
				continue;
			char *rt = acm_nft_rule_text(rules[j]);
			acm_buf_addf(&b, "rule %s\n%s", name, rt);
			free(rt);
		}
	}
	free(sorted);
	return acm_buf_steal(&b);
}

/* ---- reading the running system ---- */

struct collect {
	void **v;
	size_t n;
};

static int collect_chain(struct nftnl_chain *c, void *data)
{
	struct collect *col = data;
	col->v = acm_xrealloc(col->v, (col->n + 1) * sizeof(*col->v));
	col->v[col->n++] = c;
	return 0;
}

static int collect_rule(struct nftnl_rule *r, void *data)
{
	struct collect *col = data;
	col->v = acm_xrealloc(col->v, (col->n + 1) * sizeof(*col->v));
	col->v[col->n++] = r;
	return 0;
}

/* Does a rule drop or reject everything that reaches it: only counter/log
 * expressions and then a reject or a drop verdict, no match? */
static bool rule_drops_all(const struct nftnl_rule *r)
{
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(r);
	struct nftnl_expr *e;
	bool drops = false, other = false;

	while (it && (e = nftnl_expr_iter_next(it))) {
		const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
		if (!strcmp(name, "counter") || !strcmp(name, "log"))
			continue;
		if (!strcmp(name, "reject") ||
		    (!strcmp(name, "immediate") && nftnl_expr_is_set(e, NFTNL_EXPR_IMM_VERDICT) &&
		     nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT) == NF_DROP))
			drops = true;
		else
			other = true;
	}
	if (it)
		nftnl_expr_iter_destroy(it);
	return drops && !other;
}

static void add_drop_chain(struct acm_masq_state *st, const struct nftnl_chain *c, const char *why)
{
	st->drop_chains = acm_xrealloc(st->drop_chains, (st->ndrop + 1) * sizeof(*st->drop_chains));
	st->drop_chains[st->ndrop++] =
		acm_xasprintf("%s %s %s (%s)", acm_nft_family_name(nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY)),
			      nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE), nftnl_chain_get_str(c, NFTNL_CHAIN_NAME), why);
}

static int last_rule_cb(struct nftnl_rule *r, void *data)
{
	*(struct nftnl_rule **)data = r;
	return 0;
}

/* Other tables' IPv4 forward base chains that drop forwarded traffic: by
 * policy (Docker's FORWARD), or by a final catch-all reject (firewalld). */
static int note_drop_chains(struct acm_nl *nl, struct acm_masq_state *st, struct collect *chains)
{
	for (size_t i = 0; i < chains->n; i++) {
		struct nftnl_chain *c = chains->v[i];
		uint32_t fam = nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY);
		const char *table = nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE);

		if (fam == NFPROTO_IPV4 && table && !strcmp(table, ACM_MASQ_TABLE))
			continue;
		if ((fam != NFPROTO_IPV4 && fam != NFPROTO_INET) ||
		    !nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM) ||
		    nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM) != NF_INET_FORWARD)
			continue;
		if (nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY) &&
		    nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY) == NF_DROP) {
			add_drop_chain(st, c, "policy drop");
			continue;
		}
		struct nftnl_rule_list *rl = NULL;
		struct nftnl_rule *last = NULL;
		int r = acm_nft_list_rules(nl, (uint16_t)fam, table, nftnl_chain_get_str(c, NFTNL_CHAIN_NAME), &rl);
		if (r < 0)
			return r;
		nftnl_rule_list_foreach(rl, last_rule_cb, &last);
		if (last && rule_drops_all(last))
			add_drop_chain(st, c, "its last rule drops or rejects everything");
		nftnl_rule_list_free(rl);
	}
	return 0;
}

static int read_once(struct acm_nl *nl, struct acm_masq_state *st)
{
	struct nftnl_table *t = NULL;
	struct nftnl_chain_list *cl = NULL;
	struct nftnl_rule_list *rl = NULL;
	struct collect chains = { 0 }, rules = { 0 };
	int r;

	r = acm_nft_list_chains(nl, NFPROTO_UNSPEC, NULL, &cl);
	if (r < 0)
		goto out;
	nftnl_chain_list_foreach(cl, collect_chain, &chains);
	r = note_drop_chains(nl, st, &chains);
	if (r < 0)
		goto out;

	r = acm_nft_get_table(nl, NFPROTO_IPV4, ACM_MASQ_TABLE, &t);
	if (r == -ENOENT) {
		r = 0;
		goto out;
	}
	if (r < 0)
		goto out;
	r = acm_nft_list_rules(nl, NFPROTO_IPV4, ACM_MASQ_TABLE, NULL, &rl);
	if (r < 0)
		goto out;
	nftnl_rule_list_foreach(rl, collect_rule, &rules);

	st->present = true;
	char *comment = acm_nft_table_comment(t);
	st->forward_ours = comment && !strcmp(comment, ACM_MASQ_COMMENT_FWD);
	free(comment);
	st->fingerprint = acm_masq_fingerprint(t, (struct nftnl_chain *const *)chains.v, chains.n,
					       (struct nftnl_rule *const *)rules.v, rules.n);
	/* Sets, maps or objects someone added to our table are not ours: the
	 * table's use count covers chains and those. */
	if (nftnl_table_is_set(t, NFTNL_TABLE_USE)) {
		size_t nours = 0;
		for (size_t i = 0; i < chains.n; i++)
			if (ours(nftnl_chain_get_u32(chains.v[i], NFTNL_CHAIN_FAMILY),
				 nftnl_chain_get_str(chains.v[i], NFTNL_CHAIN_TABLE), t))
				nours++;
		if (nftnl_table_get_u32(t, NFTNL_TABLE_USE) != nours) {
			struct acm_buf b = ACM_BUF_INIT;
			acm_buf_adds(&b, st->fingerprint);
			acm_buf_addf(&b, "other objects %u\n", nftnl_table_get_u32(t, NFTNL_TABLE_USE) - (unsigned)nours);
			free(st->fingerprint);
			st->fingerprint = acm_buf_steal(&b);
		}
	}
out:
	/* each vector of pointers goes with the list it points into */
	free(rules.v);
	if (rl)
		nftnl_rule_list_free(rl);
	free(chains.v);
	if (cl)
		nftnl_chain_list_free(cl);
	if (t)
		nftnl_table_free(t);
	return r;
}

int acm_masq_read_state(struct acm_nl *nl, struct acm_masq_state *st)
{
	int r = 0;

	memset(st, 0, sizeof(*st));
	/* A dump is several messages; a batch committed in between would give a
	 * mix of two rulesets. Compare generation ids around it and redo. */
	for (int attempt = 0; attempt < 5; attempt++) {
		uint32_t g1, g2;
		if ((r = acm_nft_gen_id(nl, &g1)) < 0)
			return r;
		r = read_once(nl, st);
		if (r == -EINTR) {
			acm_masq_state_free(st);
			continue;
		}
		if (r < 0)
			return r;
		if ((r = acm_nft_gen_id(nl, &g2)) < 0)
			return r;
		if (g1 == g2)
			return 0;
		acm_masq_state_free(st);
	}
	return -EAGAIN;
}

void acm_masq_state_free(struct acm_masq_state *st)
{
	free(st->fingerprint);
	for (size_t i = 0; i < st->ndrop; i++)
		free(st->drop_chains[i]);
	free(st->drop_chains);
	memset(st, 0, sizeof(*st));
}

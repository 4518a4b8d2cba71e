/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft.c - nftables batches and dumps over libnftnl + libmnl (the shape of
 * libnftnl's examples/nft-*-add.c and nft-*-get.c). */
#include "config.h"

#include "nft.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/gen.h>
#include <libnftnl/udata.h>

#include "buf.h"

/* No single message we build comes near this; each add makes room for it. */
#define MSG_ROOM 65536

void acm_nft_batch_init(struct acm_nft_batch *b, struct acm_nl *nl)
{
	memset(b, 0, sizeof(*b));
	b->nl = nl;
	b->cap = 2 * MSG_ROOM;
	b->buf = acm_xcalloc(1, b->cap);
	nftnl_batch_begin(b->buf, acm_nl_seq(nl));
	b->len = MNL_ALIGN(((struct nlmsghdr *)b->buf)->nlmsg_len);
}

static struct nlmsghdr *batch_put(struct acm_nft_batch *b, uint16_t type, uint16_t family, uint16_t flags)
{
	if (b->last) {
		b->len += MNL_ALIGN(b->last->nlmsg_len);
		b->last = NULL;
	}
	if (b->cap - b->len < MSG_ROOM) {
		size_t ncap = b->cap * 2;
		b->buf = acm_xrealloc(b->buf, ncap);
		memset(b->buf + b->cap, 0, ncap - b->cap);
		b->cap = ncap;
	}
	b->last = nftnl_nlmsg_build_hdr(b->buf + b->len, type, family, flags, acm_nl_seq(b->nl));
	b->nmsgs++;
	return b->last;
}

void acm_nft_batch_table(struct acm_nft_batch *b, uint16_t type, uint16_t flags, const struct nftnl_table *t)
{
	struct nlmsghdr *nlh = batch_put(b, type, (uint16_t)nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY), flags);
	nftnl_table_nlmsg_build_payload(nlh, t);
}

void acm_nft_batch_chain(struct acm_nft_batch *b, uint16_t type, uint16_t flags, const struct nftnl_chain *c)
{
	struct nlmsghdr *nlh = batch_put(b, type, (uint16_t)nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY), flags);
	nftnl_chain_nlmsg_build_payload(nlh, c);
}

void acm_nft_batch_rule(struct acm_nft_batch *b, uint16_t type, uint16_t flags, struct nftnl_rule *r)
{
	struct nlmsghdr *nlh = batch_put(b, type, (uint16_t)nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY), flags);
	nftnl_rule_nlmsg_build_payload(nlh, r);
}

size_t acm_nft_batch_size(const struct acm_nft_batch *b)
{
	return b->len + (b->last ? MNL_ALIGN(b->last->nlmsg_len) : 0);
}

int acm_nft_batch_commit(struct acm_nft_batch *b)
{
	uint32_t ack_seq;

	if (!b->last)
		return 0;   /* nothing between begin and end */
	/* Errors are always answered; one ack on the last message tells us the
	 * whole batch went through. */
	b->last->nlmsg_flags |= NLM_F_ACK;
	ack_seq = b->last->nlmsg_seq;
	struct nlmsghdr *end = batch_put(b, 0, 0, 0);
	b->nmsgs--;
	nftnl_batch_end((char *)end, acm_nl_seq(b->nl));
	return acm_nl_talk(b->nl, b->buf, acm_nft_batch_size(b), ack_seq);
}

void acm_nft_batch_free(struct acm_nft_batch *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
	b->last = NULL;
}

/* ---- reading back ---- */

static int gen_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_gen *g = nftnl_gen_alloc();
	if (!g)
		return MNL_CB_ERROR;
	if (nftnl_gen_nlmsg_parse(nlh, g) == 0)
		*(uint32_t *)data = nftnl_gen_get_u32(g, NFTNL_GEN_ID);
	nftnl_gen_free(g);
	return MNL_CB_OK;
}

int acm_nft_gen_id(struct acm_nl *nl, uint32_t *id)
{
	char buf[ACM_NL_REQ_SIZE];
	struct nlmsghdr *nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETGEN, AF_UNSPEC, NLM_F_ACK, acm_nl_seq(nl));
	*id = 0;
	return acm_nl_query(nl, nlh, gen_cb, id);
}

static int table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_table **out = data;
	struct nftnl_table *t = nftnl_table_alloc();
	if (!t)
		return MNL_CB_ERROR;
	if (nftnl_table_nlmsg_parse(nlh, t) < 0) {
		nftnl_table_free(t);
		return MNL_CB_ERROR;
	}
	if (*out)
		nftnl_table_free(*out);
	*out = t;
	return MNL_CB_OK;
}

int acm_nft_get_table(struct acm_nl *nl, uint16_t family, const char *name, struct nftnl_table **out)
{
	char buf[ACM_NL_REQ_SIZE];
	struct nftnl_table *q = nftnl_table_alloc();
	struct nlmsghdr *nlh;
	int r;

	*out = NULL;
	nftnl_table_set_str(q, NFTNL_TABLE_NAME, name);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETTABLE, family, NLM_F_ACK, acm_nl_seq(nl));
	nftnl_table_nlmsg_build_payload(nlh, q);
	nftnl_table_free(q);
	r = acm_nl_query(nl, nlh, table_cb, out);
	if (r < 0 && *out) {
		nftnl_table_free(*out);
		*out = NULL;
	}
	if (r == 0 && !*out)
		r = -ENOENT;
	return r;
}

/* Dumping chains and rules is the same but for the types: each message
 * becomes a new object at the end of a fresh list; a failed dump leaves
 * no list. */
#define NFT_DUMP(kind) \
	static int kind##_cb(const struct nlmsghdr *nlh, void *data) \
	{ \
		struct nftnl_##kind *o = nftnl_##kind##_alloc(); \
		if (!o) \
			return MNL_CB_ERROR; \
		if (nftnl_##kind##_nlmsg_parse(nlh, o) < 0) { \
			nftnl_##kind##_free(o); \
			return MNL_CB_ERROR; \
		} \
		nftnl_##kind##_list_add_tail(o, data); \
		return MNL_CB_OK; \
	} \
	static int kind##_dump(struct acm_nl *nl, struct nlmsghdr *nlh, struct nftnl_##kind##_list **out) \
	{ \
		int r; \
		*out = nftnl_##kind##_list_alloc(); \
		r = acm_nl_query(nl, nlh, kind##_cb, *out); \
		if (r < 0) { \
			nftnl_##kind##_list_free(*out); \
			*out = NULL; \
		} \
		return r; \
	}

NFT_DUMP(chain)
NFT_DUMP(rule)

int acm_nft_list_chains(struct acm_nl *nl, uint16_t family, const char *table, struct nftnl_chain_list **out)
{
	char buf[ACM_NL_REQ_SIZE];
	struct nlmsghdr *nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, family, NLM_F_DUMP,
						     acm_nl_seq(nl));

	if (table) {
		struct nftnl_chain *q = nftnl_chain_alloc();
		nftnl_chain_set_str(q, NFTNL_CHAIN_TABLE, table);
		nftnl_chain_nlmsg_build_payload(nlh, q);
		nftnl_chain_free(q);
	}
	return chain_dump(nl, nlh, out);
}

int acm_nft_list_rules(struct acm_nl *nl, uint16_t family, const char *table, const char *chain,
		       struct nftnl_rule_list **out)
{
	char buf[ACM_NL_REQ_SIZE];
	struct nftnl_rule *q = nftnl_rule_alloc();
	struct nlmsghdr *nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, family, NLM_F_DUMP,
						     acm_nl_seq(nl));

	nftnl_rule_set_str(q, NFTNL_RULE_TABLE, table);
	if (chain)
		nftnl_rule_set_str(q, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_nlmsg_build_payload(nlh, q);
	nftnl_rule_free(q);
	return rule_dump(nl, nlh, out);
}

/* ---- table comment: nft keeps it as a NUL-terminated TLV in the userdata ---- */

void acm_nft_table_set_comment(struct nftnl_table *t, const char *comment)
{
	struct nftnl_udata_buf *u = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	if (!u)
		abort();
	nftnl_udata_put_strz(u, NFTNL_UDATA_TABLE_COMMENT, comment);
	nftnl_table_set_data(t, NFTNL_TABLE_USERDATA, nftnl_udata_buf_data(u), nftnl_udata_buf_len(u));
	nftnl_udata_buf_free(u);
}

static int comment_cb(const struct nftnl_udata *attr, void *data)
{
	if (nftnl_udata_type(attr) == NFTNL_UDATA_TABLE_COMMENT) {
		const char *s = nftnl_udata_get(attr);
		uint8_t len = nftnl_udata_len(attr);
		if (len > 0 && s[len - 1] == '\0')
			*(const char **)data = s;
	}
	return 0;
}

char *acm_nft_table_comment(const struct nftnl_table *t)
{
	const char *s = NULL;
	uint32_t len = 0;
	const void *ud;

	if (!nftnl_table_is_set(t, NFTNL_TABLE_USERDATA))
		return NULL;
	ud = nftnl_table_get_data(t, NFTNL_TABLE_USERDATA, &len);
	if (!ud || nftnl_udata_parse(ud, len, comment_cb, &s) < 0 || !s)
		return NULL;
	return acm_xstrdup(s);
}

/* ---- canonical text ---- */

const char *acm_nft_family_name(uint32_t family)
{
	switch (family) {
	case NFPROTO_IPV4: return "ip";
	case NFPROTO_IPV6: return "ip6";
	case NFPROTO_INET: return "inet";
	case NFPROTO_ARP: return "arp";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	default: return "unknown";
	}
}

const char *acm_nft_hook_name(uint32_t hook)
{
	switch (hook) {
	case NF_INET_PRE_ROUTING: return "prerouting";
	case NF_INET_LOCAL_IN: return "input";
	case NF_INET_FORWARD: return "forward";
	case NF_INET_LOCAL_OUT: return "output";
	case NF_INET_POST_ROUTING: return "postrouting";
	default: return "other";
	}
}

const char *acm_nft_verdict_name(uint32_t verdict)
{
	switch (verdict) {
	case NF_ACCEPT: return "accept";
	case NF_DROP: return "drop";
	default: return "other";
	}
}

char *acm_nft_chain_text(const struct nftnl_chain *c)
{
	struct acm_buf b = ACM_BUF_INIT;
	acm_buf_addf(&b, "chain %s", nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
	if (nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM)) {
		acm_buf_addf(&b, " type %s hook %s prio %d",
			     nftnl_chain_is_set(c, NFTNL_CHAIN_TYPE) ? nftnl_chain_get_str(c, NFTNL_CHAIN_TYPE) : "filter",
			     acm_nft_hook_name(nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM)),
			     nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO));
		acm_buf_addf(&b, " policy %s",
			     acm_nft_verdict_name(nftnl_chain_is_set(c, NFTNL_CHAIN_POLICY)
						  ? nftnl_chain_get_u32(c, NFTNL_CHAIN_POLICY) : NF_ACCEPT));
	}
	return acm_buf_steal(&b);
}

char *acm_nft_rule_text(const struct nftnl_rule *r)
{
	struct acm_buf b = ACM_BUF_INIT;
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(r);
	struct nftnl_expr *e;
	char line[1024];

	acm_buf_adds(&b, "");
	while (it && (e = nftnl_expr_iter_next(it))) {
		line[0] = '\0';
		nftnl_expr_snprintf(line, sizeof(line), e, NFTNL_OUTPUT_DEFAULT, 0);
		acm_buf_addf(&b, "[ %s %s]\n", nftnl_expr_get_str(e, NFTNL_EXPR_NAME), line);
	}
	if (it)
		nftnl_expr_iter_destroy(it);
	return acm_buf_steal(&b);
}

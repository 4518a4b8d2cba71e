/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft.h - nftables over netlink (libnftnl + libmnl): build one batch of
 * messages that the kernel applies all or nothing, read tables, chains and
 * rules back (generation-consistent), and print objects in a canonical form
 * so what we want and what the kernel has can be compared as text. */
#ifndef ACM_NFT_H
#define ACM_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "nl.h"

/* One transaction: NFNL_MSG_BATCH_BEGIN, the messages, BATCH_END. */
struct acm_nft_batch {
	char *buf;
	size_t len, cap;
	struct nlmsghdr *last;  /* message being filled; counted in at the next add */
	unsigned int nmsgs;     /* messages between begin and end */
	struct acm_nl *nl;
};

void acm_nft_batch_init(struct acm_nft_batch *b, struct acm_nl *nl);
/* Add NEWTABLE/DELTABLE (type) for t; flags are NLM_F_CREATE etc. The same
 * for chains and rules. */
void acm_nft_batch_table(struct acm_nft_batch *b, uint16_t type, uint16_t flags, const struct nftnl_table *t);
void acm_nft_batch_chain(struct acm_nft_batch *b, uint16_t type, uint16_t flags, const struct nftnl_chain *c);
void acm_nft_batch_rule(struct acm_nft_batch *b, uint16_t type, uint16_t flags, struct nftnl_rule *r);
/* Close the batch (the last message asks for the ack), send it, read the
 * answer. 0 or -errno of the first failed
 * message (b->nl->extack has the kernel's words when it gave some). */
int acm_nft_batch_commit(struct acm_nft_batch *b);
size_t acm_nft_batch_size(const struct acm_nft_batch *b);
void acm_nft_batch_free(struct acm_nft_batch *b);

/* The ruleset generation id (changes with every committed batch). */
int acm_nft_gen_id(struct acm_nl *nl, uint32_t *id);
/* One table by family and name: 0 and *out set, or -ENOENT, or -errno. */
int acm_nft_get_table(struct acm_nl *nl, uint16_t family, const char *name, struct nftnl_table **out);
/* All chains of a family (NFPROTO_UNSPEC: every family); table NULL: all tables. */
int acm_nft_list_chains(struct acm_nl *nl, uint16_t family, const char *table, struct nftnl_chain_list **out);
/* All rules of a table (chain NULL) or of one chain, in the kernel's order. */
int acm_nft_list_rules(struct acm_nl *nl, uint16_t family, const char *table, const char *chain,
		       struct nftnl_rule_list **out);

/* Table comment (nft's `comment "..."`, kept in the table's userdata). */
void acm_nft_table_set_comment(struct nftnl_table *t, const char *comment);
/* malloc'd comment, or NULL when the table has none. */
char *acm_nft_table_comment(const struct nftnl_table *t);

/* Canonical text of a chain ("chain NAME type T hook H prio P policy X")
 * and of a rule's expressions (libnftnl's notation, one "[ ... ]" per
 * expression): handles, counters and positions are left out. malloc'd. */
char *acm_nft_chain_text(const struct nftnl_chain *c);
char *acm_nft_rule_text(const struct nftnl_rule *r);

/* Short names: "ip", "inet", ...; "forward", "postrouting", ...; "accept"/"drop". */
const char *acm_nft_family_name(uint32_t family);
const char *acm_nft_hook_name(uint32_t hook);
const char *acm_nft_verdict_name(uint32_t verdict);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* masq.h - the NAT gateway ruleset masq-setup owns: one nftables table with a
 * srcnat postrouting chain (masquerade or snat of the internal side leaving by
 * the external interfaces) and a forward chain that lets that traffic and its
 * replies through. Built as libnftnl objects for the batch, as nft text for
 * -n and the boot file, and compared with what the kernel has as canonical
 * text. No kernel is needed to build, print or compare. */
#ifndef ACM_MASQ_H
#define ACM_MASQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "inaddr.h"
#include "nft.h"

#define ACM_MASQ_TABLE "acmtools_masq"
#define ACM_MASQ_PRIO_SRCNAT 100   /* nft's "srcnat": binds before firewalld (110) */
#define ACM_MASQ_PRIO_FILTER 0     /* nft's "filter" */
/* The table comment says who made it and whether it turned ip_forward on:
 * --remove reads it to know whether forwarding is its to turn off. */
#define ACM_MASQ_COMMENT     "managed by masq-setup(1)"
#define ACM_MASQ_COMMENT_FWD "managed by masq-setup(1), which turned on net.ipv4.ip_forward"

struct acm_masq_src {
	bool is_iface;
	char ifname[16];
	struct acm_cidr4 cidr;
};

struct acm_masq_spec {
	struct acm_masq_src *in;
	size_t nin;
	char (*out)[16];
	size_t nout;
	bool snat;             /* snat to snat_addr instead of masquerade */
	uint32_t snat_addr;    /* network byte order */
	bool forward_ours;     /* the comment records that we turned ip_forward on */
};

/* Parse one -i argument: a CIDR (or bare address) or an interface name.
 * 0, or -EINVAL with *why (malloc'd) saying what is wrong. */
int acm_masq_parse_internal(const char *arg, struct acm_masq_src *src, char **why);
/* Add to the spec, ignoring exact duplicates. */
void acm_masq_spec_add_in(struct acm_masq_spec *s, const struct acm_masq_src *src);
void acm_masq_spec_add_out(struct acm_masq_spec *s, const char *ifname);
void acm_masq_spec_free(struct acm_masq_spec *s);

/* The objects a batch creates, in creation order. */
struct acm_masq_ruleset {
	struct nftnl_table *table;
	struct nftnl_chain *chains[2];  /* postrouting, forward */
	struct nftnl_rule **rules;
	size_t nrules;
};
void acm_masq_build(const struct acm_masq_spec *s, struct acm_masq_ruleset *rs);
void acm_masq_ruleset_free(struct acm_masq_ruleset *rs);

/* Replace our table atomically: NEWTABLE (so the delete cannot fail),
 * DELTABLE, then the new table, chains and rules. Works on kernels and nft
 * versions without "destroy". */
void acm_masq_batch_replace(struct acm_nft_batch *b, const struct acm_masq_ruleset *rs);
/* Delete our table (same create-then-delete, so a missing table is fine). */
void acm_masq_batch_delete(struct acm_nft_batch *b);

/* The nft script of the same change (for -n and the boot file): accepted by
 * `nft -f`, replacing our table whether or not it exists. malloc'd. */
char *acm_masq_script(const struct acm_masq_spec *s);
char *acm_masq_delete_script(void);

/* Canonical text of a table with its chains and rules (chains by name, each
 * followed by its rules in order), so the wanted and the running table
 * compare with strcmp. chains/rules not of this table are skipped. */
char *acm_masq_fingerprint(const struct nftnl_table *t, struct nftnl_chain *const *chains, size_t nchains,
			   struct nftnl_rule *const *rules, size_t nrules);

/* What the running system has, read generation-consistently. */
struct acm_masq_state {
	bool present;            /* our table exists */
	bool forward_ours;       /* its comment says we turned forwarding on */
	char *fingerprint;       /* of our table, NULL when absent */
	char **drop_chains;      /* "inet filter forward (policy drop)": other
	                            tables' forward base chains that drop what
	                            they do not accept (by policy, or by an
	                            unconditional last drop/reject rule like
	                            firewalld's filter_FORWARD) */
	size_t ndrop;
};
/* 0 or -errno (EPERM: no CAP_NET_ADMIN; others from netlink). */
int acm_masq_read_state(struct acm_nl *nl, struct acm_masq_state *st);
void acm_masq_state_free(struct acm_masq_state *st);

#endif

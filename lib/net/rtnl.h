/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rtnl.h - rtnetlink over libmnl: dump addresses, routes and policy rules;
 * add and delete routes and rules in batches, undoing a batch's applied
 * changes when one of them fails (rtnetlink has no transactions). */
#ifndef ACM_RTNL_H
#define ACM_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "inaddr.h"

/* The rtnetlink protocol number acmtools puts on the routes and rules it
 * makes, so it finds exactly those again (named "acmtools" in
 * /etc/iproute2/rt_protos.d/acmtools.conf when persisted). Not one of the
 * numbers reserved in the kernel's rtnetlink.h or iproute2's rt_protos. */
#define ACM_RTPROT 97
#define ACM_RTPROT_NAME "acmtools"


struct acm_rt_addr {
	int family;             /* AF_INET / AF_INET6 */
	int ifindex;
	unsigned char prefixlen;
	unsigned char scope;    /* RT_SCOPE_* */
	union acm_inaddr addr;  /* IFA_LOCAL (v4), else IFA_ADDRESS */
};

struct acm_rt_route {
	int family;
	uint32_t table;
	unsigned char dst_len;
	unsigned char scope;
	unsigned char protocol;
	unsigned char type;     /* RTN_UNICAST, ... */
	union acm_inaddr dst;
	union acm_inaddr gw;
	union acm_inaddr prefsrc;
	bool has_gw, has_prefsrc;
	int oif;                /* 0: none */
	uint32_t metric;        /* RTA_PRIORITY; 0: none */
	bool extra;             /* dumped with something we never set (tos, from, multipath, ...) */
};

struct acm_rt_rule {
	int family;
	uint32_t priority;
	unsigned char src_len;  /* 0: from all */
	union acm_inaddr src;
	uint32_t table;
	unsigned char protocol;
	unsigned char action;   /* FR_ACT_TO_TBL, ... */
	bool extra;             /* dumped with a selector we never set (to, iif, fwmark, ...) */
};

enum acm_rt_kind { ACM_RT_ROUTE, ACM_RT_RULE };

struct acm_rt_obj {
	enum acm_rt_kind kind;
	union {
		struct acm_rt_route route;
		struct acm_rt_rule rule;
	} u;
};

enum acm_rt_op { ACM_RT_ADD, ACM_RT_DEL };

struct acm_rt_change {
	enum acm_rt_op op;
	struct acm_rt_obj obj;
};

/* Same object as far as the kernel's identity goes (all the fields above
 * that we set; the protocol is compared too). */
bool acm_rt_route_equal(const struct acm_rt_route *a, const struct acm_rt_route *b);
bool acm_rt_rule_equal(const struct acm_rt_rule *a, const struct acm_rt_rule *b);
bool acm_rt_obj_equal(const struct acm_rt_obj *a, const struct acm_rt_obj *b);

struct acm_rtnl;

/* Open a NETLINK_ROUTE socket. Returns 0 or an exit status (message printed). */
int acm_rtnl_open(struct acm_rtnl **out);
void acm_rtnl_close(struct acm_rtnl *nl);

/* Dumps (family AF_INET, AF_INET6 or AF_UNSPEC for both). Results are
 * malloc'd arrays; a dump the kernel reports as interrupted is redone.
 * Return 0 or an exit status (message printed). */
int acm_rtnl_dump_addrs(struct acm_rtnl *nl, int family, struct acm_rt_addr **v, size_t *n);
int acm_rtnl_dump_routes(struct acm_rtnl *nl, int family, struct acm_rt_route **v, size_t *n);
int acm_rtnl_dump_rules(struct acm_rtnl *nl, int family, struct acm_rt_rule **v, size_t *n);

/* Names for interface indexes in messages (the interface may be gone from
 * the kernel by the time a message is written). */
typedef const char *(*acm_rt_ifname_fn)(int ifindex, void *ctx);
void acm_rtnl_set_ifnames(struct acm_rtnl *nl, acm_rt_ifname_fn fn, void *ctx);

/* Apply the changes in order, many per sendmsg, one ack each. Adds use
 * NLM_F_CREATE|NLM_F_EXCL (the kernel silently duplicates rules otherwise).
 * When any change fails, every change of this call that the kernel did
 * apply is undone, newest first, and the first failure is reported with an
 * exit status from acm_nl_exit_code (77 EPERM, 78 EEXIST: something not ours
 * is in the way, 66 ENODEV: the interface vanished, 69 ENETDOWN: it is
 * down, ...). *failed (may be NULL) gets the
 * index of the first failed change. Returns 0 when all applied. */
int acm_rtnl_apply(struct acm_rtnl *nl, const struct acm_rt_change *c, size_t n, size_t *failed);

/* The changes that undo c[0..n): inverse operations, newest first, except
 * that rules put back keep their original order. malloc'd, n entries. */
struct acm_rt_change *acm_rt_changes_undo(const struct acm_rt_change *c, size_t n);

/* One ip-batch line for a change ("route add ...", "rule del ..."), without
 * newline, malloc'd. Interface names come from ifname (indexed by position
 * in the caller's table), via the callback. */
char *acm_rt_change_batch_line(const struct acm_rt_change *c, acm_rt_ifname_fn ifname, void *ctx);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* srcroute.h - the source-routing plan for a multi-homed host (LARTC
 * "multiple uplinks"): per-uplink tables and `from ADDR` rules, computed from
 * the uplinks asked for and the interfaces' addresses, and the difference
 * with what the kernel holds. Pure logic: no netlink here, so it is tested
 * without a kernel. */
#ifndef ACM_SRCROUTE_H
#define ACM_SRCROUTE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "rtnl.h"

#define ACM_SRCROUTE_TABLE0   100u   /* first uplink's table by default */
#define ACM_SRCROUTE_PRIORITY 1000u  /* first rule priority by default */
/* IPv6 routes always carry a metric in the kernel (1024 when none is given);
 * we set it so our wanted route compares equal to the dumped one. */
#define ACM_SRCROUTE_METRIC6  1024u

struct acm_uplink {
	char ifname[IF_NAMESIZE];
	int ifindex;              /* set by the caller (0: no such interface) */
	union acm_inaddr gw4;
	bool has_gw6;
	union acm_inaddr gw6;
	uint32_t table;
	char *table_name;         /* --table IFACE=NAME, else NULL */
	bool table_given;
};

struct acm_from {
	int family;
	union acm_inaddr prefix;
	unsigned len;
	size_t uplink;            /* index into cfg->up */
	char *arg;                /* as given, for messages */
};

struct acm_srcroute {
	struct acm_uplink *up;
	size_t nup;
	struct acm_from *from;
	size_t nfrom;
	uint32_t priority;
	/* Tables someone else uses, for acm_srcroute_assign_tables: ids that
	 * routes or rules not made by us (protocol != ACM_RTPROT) refer to,
	 * and rt_tables text naming tables (NULL: the lookup text counts).
	 * Set by the caller; not owned. */
	const uint32_t *busy;
	size_t nbusy;
	const char *named;
};

void acm_srcroute_init(struct acm_srcroute *cfg);
void acm_srcroute_free(struct acm_srcroute *cfg);

/* Parsers for the command line. Each returns 0, or 64 after printing
 * "prog: error: 'ARG': what is wrong; what to do". */
/* IFACE:GW4 or IFACE:GW4,GW6 */
int acm_srcroute_add_uplink(struct acm_srcroute *cfg, const char *arg);
/* CIDR=IFACE (IFACE must be one of the uplinks; call after them) */
int acm_srcroute_add_from(struct acm_srcroute *cfg, const char *arg);
/* IFACE=ID or IFACE=NAME (IFACE must be one of the uplinks) */
int acm_srcroute_set_table(struct acm_srcroute *cfg, const char *arg);
/* The one rule for an uplink's table, explicit or automatic: NULL when id
 * may be used, else why not, with *code the exit status (64 for the
 * kernel's own tables 0, 253 default, 254 main, 255 local; 78 for a table
 * that holds someone else's routes or rules, cfg->busy). automatic also
 * refuses an id that rt_tables text (cfg->named, else rt_tables_text)
 * gives a name: that table is someone's. */
const char *acm_srcroute_table_refused(const struct acm_srcroute *cfg, uint32_t id,
				       const char *rt_tables_text, bool automatic, int *code);
/* Tables for every uplink. Without --table: 100, 101, ... by position, or
 * when that one is refused the first free id past all positions' defaults
 * (100 + number of uplinks), so only the blocked uplink moves. A name is resolved
 * through rt_tables text (see acm_rt_tables_lookup); one not registered
 * yet is allocated like an automatic table. Explicit and looked-up ids go
 * through acm_srcroute_table_refused too. Checks that no two uplinks share
 * a table. Returns 0, 64 or 78 (message printed). */
int acm_srcroute_assign_tables(struct acm_srcroute *cfg, const char *rt_tables_text);

/* Look a table name up in rt_tables-format text ("ID NAME" lines, '#'
 * comments). Returns the id, or 0 when absent. */
uint32_t acm_rt_tables_lookup(const char *text, const char *name);

/* The priority a rule gets: host addresses at cfg->priority; --from
 * prefixes after them, longer prefixes first (rules are first-match, so a
 * narrower prefix must come before a wider one that contains it). */
uint32_t acm_srcroute_rule_priority(const struct acm_srcroute *cfg, int family, unsigned len);
/* Highest priority we may use, for the man page and conflict messages. */
uint32_t acm_srcroute_priority_end(const struct acm_srcroute *cfg);

/* Per uplink, what the plan found on the interface. */
struct acm_uplink_state {
	struct acm_buf sources;   /* "192.0.2.10,198.51.100.0/24" */
	size_t nsources;
	bool v6;                  /* IPv6 part planned */
};

/* Compute the wanted routes and rules from the kernel's addresses. Checks:
 * the interface has an IPv4 address (65), the gateway is on one of its
 * subnets (65), an IPv6 gateway needs a global IPv6 address (65). *want is
 * malloc'd, in the order to add (connected route, default, rules per uplink);
 * st (nup entries, zeroed or from an earlier call, may be NULL) gets the
 * sources per uplink; free each with acm_buf_free(&st[i].sources).
 * Returns 0 or 65 (message printed). */
int acm_srcroute_want(const struct acm_srcroute *cfg, const struct acm_rt_addr *addrs, size_t naddrs,
		      struct acm_rt_obj **want, size_t *nwant, struct acm_uplink_state *st);

/* A route or rule our persisted configuration (lib/net/persist, read back
 * by lib/net/persistread) makes a network manager install after a boot:
 * NetworkManager and networkd put their own protocol on it (static, boot),
 * and NetworkManager picks the metric of a keyfile route that names none. */
struct acm_rt_claim {
	struct acm_rt_obj obj;    /* oif: the interface the file is for; protocol unused */
	bool any_metric;          /* the file leaves the metric to the manager */
};

/* The one ownership rule: is o (from a dump) ours? Yes when it carries our
 * protocol (ACM_RTPROT), or when it is exactly what one of the claims would
 * install - same family, table, selector (destination or source prefix),
 * rule priority, gateway, device, preferred source, scope and type, and the
 * same metric unless the claim leaves it free - whatever its protocol, and
 * it uses nothing we never set (o->extra). Anything else is someone else's,
 * however close: a foreign admin's route is never taken over. */
bool acm_srcroute_owned(const struct acm_rt_obj *o, const struct acm_rt_claim *c, size_t nc);
/* Does o (any protocol) install what claim c says? The match above. */
bool acm_srcroute_claim_matches(const struct acm_rt_claim *c, const struct acm_rt_obj *o);

/* A route dump and a rule dump as one array of objects, ours first
 * (acm_srcroute_owned with the claims c), then the others; routes before
 * rules and each in dump order within both parts. *out is malloc'd and
 * holds all nroutes + nrules; returns how many of them are ours. */
size_t acm_srcroute_ours(const struct acm_rt_route *routes, size_t nroutes,
			 const struct acm_rt_rule *rules, size_t nrules,
			 const struct acm_rt_claim *c, size_t nc, struct acm_rt_obj **out);

/* Changes turning have (ours, from the kernel) into want: deletions first
 * (rules, then routes, defaults before the subnets they rely on), then
 * additions in want's order. Objects in both are left alone. *ch malloc'd. */
void acm_srcroute_diff(const struct acm_rt_obj *want, size_t nwant, const struct acm_rt_obj *have,
		       size_t nhave, struct acm_rt_change **ch, size_t *nch);

/* The table an object lives in (route table or rule's lookup table). */
uint32_t acm_rt_obj_table(const struct acm_rt_obj *o);

#endif

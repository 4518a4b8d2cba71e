/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rtnl.c - rtnetlink over libmnl: dumps of addresses, routes and rules, and
 * batched add/delete with rollback. Shaped like libmnl's examples/rtnl:
 * build a message, send, read the acks, check each error. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "nl.h"
#include "ifname.h"
#include "rtnl.h"

struct acm_rtnl {
	struct acm_nl nl;      /* the one netlink transport (lib/net/nl.c) */
	acm_rt_ifname_fn ifname;
	void *ifname_ctx;
};

void acm_rtnl_set_ifnames(struct acm_rtnl *nl, acm_rt_ifname_fn fn, void *ctx)
{
	nl->ifname = fn;
	nl->ifname_ctx = ctx;
}

static size_t alen(int family)
{
	return acm_inaddr_len(family);
}

/* ---- object equality ---- */

static bool addr_eq(int family, const union acm_inaddr *a, const union acm_inaddr *b)
{
	return acm_inaddr_equal(family, a, b);
}

bool acm_rt_route_equal(const struct acm_rt_route *a, const struct acm_rt_route *b)
{
	return a->family == b->family && a->table == b->table && a->dst_len == b->dst_len &&
	       a->scope == b->scope && a->protocol == b->protocol && a->type == b->type &&
	       addr_eq(a->family, &a->dst, &b->dst) && a->has_gw == b->has_gw &&
	       (!a->has_gw || addr_eq(a->family, &a->gw, &b->gw)) &&
	       a->has_prefsrc == b->has_prefsrc &&
	       (!a->has_prefsrc || addr_eq(a->family, &a->prefsrc, &b->prefsrc)) &&
	       a->oif == b->oif && a->metric == b->metric;
}

bool acm_rt_rule_equal(const struct acm_rt_rule *a, const struct acm_rt_rule *b)
{
	return a->family == b->family && a->priority == b->priority && a->src_len == b->src_len &&
	       addr_eq(a->family, &a->src, &b->src) && a->table == b->table &&
	       a->protocol == b->protocol && a->action == b->action;
}

bool acm_rt_obj_equal(const struct acm_rt_obj *a, const struct acm_rt_obj *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind == ACM_RT_ROUTE ? acm_rt_route_equal(&a->u.route, &b->u.route)
				       : acm_rt_rule_equal(&a->u.rule, &b->u.rule);
}

/* ---- socket ---- */

int acm_rtnl_open(struct acm_rtnl **out)
{
	struct acm_rtnl *r = acm_xcalloc(1, sizeof(*r));
	int e = acm_nl_open(&r->nl, NETLINK_ROUTE);

	if (e < 0) {
		acm_err("cannot open a rtnetlink socket: %s", strerror(-e));
		free(r);
		return e == -EPROTONOSUPPORT || e == -EAFNOSUPPORT ? ACM_EX_UNAVAILABLE
								    : acm_nl_exit_code(-e);
	}
	/* acm_rtnl_apply asks for an ack per message (to know exactly what to
	 * undo), and every ack is its own skb (about 1 KiB of receive buffer):
	 * make room for a batch's acks, and never wait forever for a lost one. */
	int fd = mnl_socket_get_fd(r->nl.sock);
	int rcvbuf = 1 << 20;
	struct timeval tmo = { 10, 0 };
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof(tmo));
	*out = r;
	return 0;
}

void acm_rtnl_close(struct acm_rtnl *r)
{
	if (!r)
		return;
	acm_nl_close(&r->nl);
	free(r);
}

/* ---- dumps ---- */

struct vec {
	void *v;
	size_t n, cap, elem;
	int family;   /* filter: AF_UNSPEC = any */
};

static void *vec_push(struct vec *vv)
{
	if (vv->n == vv->cap) {
		vv->cap = vv->cap ? vv->cap * 2 : 16;
		vv->v = acm_xrealloc(vv->v, vv->cap * vv->elem);
	}
	void *p = (char *)vv->v + vv->n * vv->elem;
	memset(p, 0, vv->elem);
	vv->n++;
	return p;
}

static void copy_attr_addr(const struct nlattr *a, int family, union acm_inaddr *dst)
{
	size_t n = alen(family);
	if (mnl_attr_get_payload_len(a) >= n)
		memcpy(dst, mnl_attr_get_payload(a), n);
}

/* A 32-bit attribute into *dst; a shorter one leaves *dst as it was. */
static void copy_attr_u32(const struct nlattr *a, uint32_t *dst)
{
	if (mnl_attr_get_payload_len(a) >= 4)
		*dst = mnl_attr_get_u32(a);
}

/* Does a dump message of this type and family go into vv? Only type, only
 * IPv4/IPv6, and only vv's family when it asks for one. */
static bool dump_wanted(const struct vec *vv, const struct nlmsghdr *nlh, uint16_t type,
			int family)
{
	return nlh->nlmsg_type == type && (family == AF_INET || family == AF_INET6) &&
	       (vv->family == AF_UNSPEC || family == vv->family);
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vec *vv = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	bool have_local = false, have_addr = false;
	union acm_inaddr local, address;

	if (!dump_wanted(vv, nlh, RTM_NEWADDR, ifa->ifa_family))
		return MNL_CB_OK;
	memset(&local, 0, sizeof(local));
	memset(&address, 0, sizeof(address));
	mnl_attr_for_each(attr, nlh, sizeof(*ifa)) {
		switch (mnl_attr_get_type(attr)) {
		case IFA_LOCAL:
			copy_attr_addr(attr, ifa->ifa_family, &local);
			have_local = true;
			break;
		case IFA_ADDRESS:
			copy_attr_addr(attr, ifa->ifa_family, &address);
			have_addr = true;
			break;
		}
	}
	if (!have_local && !have_addr)
		return MNL_CB_OK;
	struct acm_rt_addr *a = vec_push(vv);
	a->family = ifa->ifa_family;
	a->ifindex = (int)ifa->ifa_index;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	/* IPv4: IFA_LOCAL is the interface's own address, IFA_ADDRESS the
	 * peer on point-to-point links; IPv6 sends IFA_ADDRESS only. */
	a->addr = have_local ? local : address;
	return MNL_CB_OK;
}

/* Is every byte of the attribute's payload v? */
static bool attr_all(const struct nlattr *a, unsigned char v)
{
	const unsigned char *b = mnl_attr_get_payload(a);
	for (uint16_t i = 0; i < mnl_attr_get_payload_len(a); i++)
		if (b[i] != v)
			return false;
	return true;
}

/* What one attribute of a route or rule dump means to us: a field we set
 * (at off, read as kind; when has is not NO_FLAG, the bool at has says the
 * attribute came; a short attribute leaves the field as it was), or
 * something we never set, which makes the object extra. */
enum attr_kind {
	ATTR_U8, ATTR_U32, ATTR_INT, ATTR_ADDR,
	ATTR_EXTRA,            /* any value */
	ATTR_EXTRA_UNLESS_0,   /* comes in every dump: all zero bytes is "not used" */
	ATTR_EXTRA_UNLESS_FF,  /* comes in every dump: all 0xff bytes is "not used" */
	ATTR_EXTRA_UNLESS_ALL_UIDS, /* uid range 0 to the highest uid: every user */
};
#define NO_FLAG SIZE_MAX
struct attr_field {
	uint16_t type;
	enum attr_kind kind;
	size_t off, has;
};
#define EXTRA(type, kind) { type, kind, 0, NO_FLAG }
#define ROUTE_FIELD(type, kind, field, has) \
	{ type, kind, offsetof(struct acm_rt_route, field), has }
#define RULE_FIELD(type, kind, field) { type, kind, offsetof(struct acm_rt_rule, field), NO_FLAG }

static const struct attr_field route_attrs[] = {
	ROUTE_FIELD(RTA_TABLE, ATTR_U32, table, NO_FLAG),
	ROUTE_FIELD(RTA_DST, ATTR_ADDR, dst, NO_FLAG),
	ROUTE_FIELD(RTA_GATEWAY, ATTR_ADDR, gw, offsetof(struct acm_rt_route, has_gw)),
	ROUTE_FIELD(RTA_PREFSRC, ATTR_ADDR, prefsrc, offsetof(struct acm_rt_route, has_prefsrc)),
	ROUTE_FIELD(RTA_OIF, ATTR_INT, oif, NO_FLAG),
	ROUTE_FIELD(RTA_PRIORITY, ATTR_U32, metric, NO_FLAG),
	/* next hops and encapsulations we never set */
	EXTRA(RTA_MULTIPATH, ATTR_EXTRA), EXTRA(RTA_ENCAP, ATTR_EXTRA), EXTRA(RTA_VIA, ATTR_EXTRA),
	EXTRA(RTA_NH_ID, ATTR_EXTRA),
};

static const struct attr_field rule_attrs[] = {
	RULE_FIELD(FRA_TABLE, ATTR_U32, table),
	RULE_FIELD(FRA_PRIORITY, ATTR_U32, priority),
	RULE_FIELD(FRA_SRC, ATTR_ADDR, src),
	RULE_FIELD(FRA_PROTOCOL, ATTR_U8, protocol),
	/* selectors we never set */
	EXTRA(FRA_DST, ATTR_EXTRA), EXTRA(FRA_IIFNAME, ATTR_EXTRA), EXTRA(FRA_OIFNAME, ATTR_EXTRA),
	/* some come in every dump: their "not used" value tells */
	EXTRA(FRA_FWMARK, ATTR_EXTRA_UNLESS_0), EXTRA(FRA_FWMASK, ATTR_EXTRA_UNLESS_0),
	EXTRA(FRA_GOTO, ATTR_EXTRA_UNLESS_0), EXTRA(FRA_FLOW, ATTR_EXTRA_UNLESS_0),
	EXTRA(FRA_TUN_ID, ATTR_EXTRA_UNLESS_0), EXTRA(FRA_L3MDEV, ATTR_EXTRA_UNLESS_0),
	EXTRA(FRA_IP_PROTO, ATTR_EXTRA_UNLESS_0), EXTRA(FRA_SPORT_RANGE, ATTR_EXTRA_UNLESS_0),
	EXTRA(FRA_DPORT_RANGE, ATTR_EXTRA_UNLESS_0),
	EXTRA(FRA_SUPPRESS_PREFIXLEN, ATTR_EXTRA_UNLESS_FF),
	EXTRA(FRA_SUPPRESS_IFGROUP, ATTR_EXTRA_UNLESS_FF),
	EXTRA(FRA_UID_RANGE, ATTR_EXTRA_UNLESS_ALL_UIDS),
};

/* Every attribute after the hdrlen-byte header that table t names goes
 * into its field of obj. Returns whether one of them is something we never
 * set. */
static bool read_attrs(const struct nlmsghdr *nlh, size_t hdrlen, int family,
		       const struct attr_field *t, size_t n, void *obj)
{
	const struct nlattr *attr;
	unsigned char *o = obj;
	bool extra = false;

	mnl_attr_for_each(attr, nlh, hdrlen) {
		const struct attr_field *f = t;
		while (f < t + n && f->type != mnl_attr_get_type(attr))
			f++;
		if (f == t + n)
			continue;
		uint16_t len = mnl_attr_get_payload_len(attr);
		const unsigned char *b = mnl_attr_get_payload(attr);
		switch (f->kind) {
		case ATTR_U8:
			if (len >= 1)
				o[f->off] = mnl_attr_get_u8(attr);
			break;
		case ATTR_U32:
			copy_attr_u32(attr, (uint32_t *)(o + f->off));
			break;
		case ATTR_INT:
			if (len >= 4)
				*(int *)(o + f->off) = (int)mnl_attr_get_u32(attr);
			break;
		case ATTR_ADDR:
			copy_attr_addr(attr, family, (union acm_inaddr *)(o + f->off));
			break;
		case ATTR_EXTRA:
			extra = true;
			break;
		case ATTR_EXTRA_UNLESS_0:
			extra = extra || !attr_all(attr, 0);
			break;
		case ATTR_EXTRA_UNLESS_FF:
			extra = extra || !attr_all(attr, 0xff);
			break;
		case ATTR_EXTRA_UNLESS_ALL_UIDS:
			extra = extra || len != 8 || memcmp(b, "\0\0\0\0", 4) ||
				memcmp(b + 4, "\377\377\377\377", 4);
			break;
		}
		if (f->has != NO_FLAG)
			*(bool *)(o + f->has) = true;
	}
	return extra;
}

/* read_attrs of a dump entry r after header hdr, by the table for its kind */
#define READ_ATTRS(nlh, hdr, table, r) \
	read_attrs(nlh, sizeof(*(hdr)), (r)->family, table, sizeof(table) / sizeof(table[0]), r)

/* Zeroed room in the vector for the dump's next entry, or NULL when the
 * message is not one the dump asked for (byte 0 of rtmsg and fib_rule_hdr
 * is the family). */
static void *dump_entry(void *data, const struct nlmsghdr *nlh, uint16_t type)
{
	const unsigned char *family = mnl_nlmsg_get_payload(nlh);
	return dump_wanted(data, nlh, type, *family) ? vec_push(data) : NULL;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct acm_rt_route *r;

	if ((rtm->rtm_flags & RTM_F_CLONED) || !(r = dump_entry(data, nlh, RTM_NEWROUTE)))
		return MNL_CB_OK;
	r->family = rtm->rtm_family;
	r->table = rtm->rtm_table;
	r->dst_len = rtm->rtm_dst_len;
	r->scope = rtm->rtm_scope;
	r->protocol = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	r->extra = READ_ATTRS(nlh, rtm, route_attrs, r) || rtm->rtm_src_len || rtm->rtm_tos;
	return MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct fib_rule_hdr *frh = mnl_nlmsg_get_payload(nlh);
	struct acm_rt_rule *r = dump_entry(data, nlh, RTM_NEWRULE);

	if (!r)
		return MNL_CB_OK;
	r->family = frh->family;
	r->src_len = frh->src_len;
	r->table = frh->table;
	r->action = frh->action;
	r->extra = READ_ATTRS(nlh, frh, rule_attrs, r) || frh->dst_len || frh->tos ||
		   (frh->flags & FIB_RULE_INVERT);
	return MNL_CB_OK;
}

/* One dump request; the header struct after nlmsghdr is zeroed except its
 * family byte (the first byte of ifaddrmsg, rtmsg and fib_rule_hdr). */
static int dump_once(struct acm_rtnl *r, uint16_t type, size_t hdrlen, int family,
		     mnl_cb_t cb, struct vec *vv)
{
	char req[ACM_NL_REQ_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = acm_nl_seq(&r->nl);
	unsigned char *h = mnl_nlmsg_put_extra_header(nlh, hdrlen);
	h[0] = (unsigned char)family;
	return acm_nl_query(&r->nl, nlh, cb, vv);
}

static int dump(struct acm_rtnl *nl, uint16_t type, size_t hdrlen, int family, mnl_cb_t cb,
		struct vec *vv, const char *what)
{
	int err = 0;

	vv->family = family;
	/* NLM_F_DUMP_INTR (the table changed while we read it) comes back as
	 * -EINTR: the result is not consistent, read it again. */
	for (int tries = 0; tries < 5; tries++) {
		vv->n = 0;
		err = dump_once(nl, type, hdrlen, family, cb, vv);
		if (err != -EINTR)
			break;
	}
	if (err) {
		acm_err("cannot read the kernel's %s: %s", what, strerror(-err));
		return err == -EINTR ? ACM_EX_TEMPFAIL : acm_nl_exit_code(-err);
	}
	return 0;
}

int acm_rtnl_dump_addrs(struct acm_rtnl *nl, int family, struct acm_rt_addr **v, size_t *n)
{
	struct vec vv = { NULL, 0, 0, sizeof(struct acm_rt_addr), 0 };
	int rc = dump(nl, RTM_GETADDR, sizeof(struct ifaddrmsg), family, addr_cb, &vv, "addresses");
	*v = vv.v;
	*n = rc ? 0 : vv.n;
	return rc;
}

int acm_rtnl_dump_routes(struct acm_rtnl *nl, int family, struct acm_rt_route **v, size_t *n)
{
	struct vec vv = { NULL, 0, 0, sizeof(struct acm_rt_route), 0 };
	int rc = dump(nl, RTM_GETROUTE, sizeof(struct rtmsg), family, route_cb, &vv, "routes");
	*v = vv.v;
	*n = rc ? 0 : vv.n;
	return rc;
}

int acm_rtnl_dump_rules(struct acm_rtnl *nl, int family, struct acm_rt_rule **v, size_t *n)
{
	struct vec vv = { NULL, 0, 0, sizeof(struct acm_rt_rule), 0 };
	int rc = dump(nl, RTM_GETRULE, sizeof(struct fib_rule_hdr), family, rule_cb, &vv,
		      "routing rules");
	*v = vv.v;
	*n = rc ? 0 : vv.n;
	return rc;
}

/* ---- changes ---- */

/* Table ids above 255 only fit the attribute (iproute2 does the same): the
 * header's byte says RT_TABLE_UNSPEC then. Returns that byte. */
static unsigned char put_table(struct nlmsghdr *nlh, uint16_t attr, uint32_t table)
{
	mnl_attr_put_u32(nlh, attr, table);
	return table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
}

static void put_route(struct nlmsghdr *nlh, const struct acm_rt_route *r, enum acm_rt_op op)
{
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = (unsigned char)r->family;
	rtm->rtm_dst_len = r->dst_len;
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_scope = op == ACM_RT_ADD ? r->scope : RT_SCOPE_NOWHERE;
	rtm->rtm_type = r->type;
	rtm->rtm_table = put_table(nlh, RTA_TABLE, r->table);
	if (r->dst_len)
		mnl_attr_put(nlh, RTA_DST, alen(r->family), &r->dst);
	if (r->has_gw)
		mnl_attr_put(nlh, RTA_GATEWAY, alen(r->family), &r->gw);
	if (r->has_prefsrc)
		mnl_attr_put(nlh, RTA_PREFSRC, alen(r->family), &r->prefsrc);
	if (r->oif)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)r->oif);
	if (r->metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
}

static void put_rule(struct nlmsghdr *nlh, const struct acm_rt_rule *r)
{
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));

	frh->family = (unsigned char)r->family;
	frh->src_len = r->src_len;
	frh->action = r->action;
	frh->table = put_table(nlh, FRA_TABLE, r->table);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, r->priority);
	if (r->src_len)
		mnl_attr_put(nlh, FRA_SRC, alen(r->family), &r->src);
	mnl_attr_put_u8(nlh, FRA_PROTOCOL, r->protocol);
}

static size_t put_change(char *buf, const struct acm_rt_change *c, unsigned int seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	bool add = c->op == ACM_RT_ADD, route = c->obj.kind == ACM_RT_ROUTE;

	nlh->nlmsg_type = route ? (add ? RTM_NEWROUTE : RTM_DELROUTE) : (add ? RTM_NEWRULE : RTM_DELRULE);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (add)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = seq;
	if (route)
		put_route(nlh, &c->obj.u.route, c->op);
	else
		put_rule(nlh, &c->obj.u.rule);
	return nlh->nlmsg_len;
}

/* err[] value of a deletion the kernel found already done: not a failure,
 * and nothing to undo. */
#define ERR_GONE (-2)

/* acm_nl_talk acks a batch as a whole; rollback needs to know which
 * messages the kernel applied, so here each message is acked, and batches
 * stay small enough for their acks to fit the receive buffer.
 * Send changes [from, to) in batches of at most ~32 KiB; results in err[]
 * (0, errno or ERR_GONE), stop after the first batch that had a failure. Returns the
 * index one past the last change sent, or -errno on a socket failure. */
static long send_batches(struct acm_rtnl *nl, const struct acm_rt_change *c, size_t n, int *err,
			 bool stop_on_error)
{
	/* At most BATCH_MSGS per send, so their acks fit the receive buffer
	 * even when it could not be raised (default ~208 KiB). */
	enum { BATCH = 32 * 1024, MSGMAX = 512, BATCH_MSGS = 128 };
	char *buf = acm_xmalloc(BATCH + MSGMAX);
	size_t i = 0;
	long ret = 0;

	while (i < n) {
		size_t off = 0, first = i;
		unsigned int base = nl->nl.seq;
		while (i < n && off + MSGMAX <= BATCH && i - first < BATCH_MSGS) {
			off += MNL_ALIGN(put_change(buf + off, &c[i], acm_nl_seq(&nl->nl)));
			i++;
		}
		int r = acm_nl_talk_each(&nl->nl, buf, off, base, i - first, err + first);
		if (r < 0) {
			ret = r;
			break;
		}
		bool failed = false;
		for (size_t k = first; k < i; k++) {
			/* Deleting what is already gone (its interface went away,
			 * taking its routes) leaves the state asked for. */
			if (c[k].op == ACM_RT_DEL && (err[k] == ESRCH || err[k] == ENOENT))
				err[k] = ERR_GONE;
			if (err[k] && err[k] != ERR_GONE)
				failed = true;
		}
		if (failed && stop_on_error)
			break;
	}
	free(buf);
	return ret < 0 ? ret : (long)i;
}

static void describe(struct acm_rtnl *nl, const struct acm_rt_change *c, struct acm_buf *b)
{
	char *line = acm_rt_change_batch_line(c, nl->ifname, nl->ifname_ctx);
	acm_buf_adds(b, line);
	free(line);
}

int acm_rtnl_apply(struct acm_rtnl *nl, const struct acm_rt_change *c, size_t n, size_t *failed)
{
	int *err = acm_xcalloc(n ? n : 1, sizeof(int));
	long sent = send_batches(nl, c, n, err, true);
	size_t first_bad = n;
	int rc = 0;

	if (sent < 0) {
		acm_err("rtnetlink: %s", strerror((int)-sent));
		rc = ACM_EX_SOFTWARE;
		sent = (long)n;  /* unknown state: undo whatever was acked */
	} else {
		for (size_t i = 0; i < (size_t)sent; i++)
			if (err[i] && err[i] != ERR_GONE) {
				first_bad = i;
				break;
			}
	}
	if (first_bad < n) {
		struct acm_buf b = ACM_BUF_INIT;
		describe(nl, &c[first_bad], &b);
		int e = err[first_bad] > 0 ? err[first_bad] : EIO;
		rc = acm_nl_exit_code(e);
		if (e == EEXIST)
			acm_err("'%s': the kernel already holds a conflicting entry that acmtools "
				"did not make (File exists); remove it or choose another "
				"table/priority", acm_buf_str(&b));
		else if (e == ENODEV || e == ENETDOWN) {
			char nb[16];
			int oif = c[first_bad].obj.kind == ACM_RT_ROUTE ? c[first_bad].obj.u.route.oif : 0;
			const char *name = oif && nl->ifname ? nl->ifname(oif, nl->ifname_ctx) : NULL;
			if (!name)
				name = oif ? acm_ifname_of(oif, nb) : NULL;
			if (e == ENODEV)
				acm_err("'%s': interface '%s' vanished during the run (%s); check `ip link` "
					"and run again", acm_buf_str(&b), name ? name : "?", strerror(e));
			else
				acm_err("'%s': interface '%s' is down (%s); bring it up with `ip link set "
					"%s up` and run again", acm_buf_str(&b), name ? name : "?",
					strerror(e), name ? name : "IFACE");
		} else if (e == EPERM || e == EACCES)
			acm_err("'%s': %s; run as root or with CAP_NET_ADMIN", acm_buf_str(&b),
				strerror(e));
		else
			acm_err("'%s': %s", acm_buf_str(&b), strerror(e));
		acm_buf_free(&b);
	}
	if (rc) {
		/* Undo what this call applied, newest first. */
		size_t nundo = 0;
		struct acm_rt_change *done = acm_xcalloc((size_t)sent + 1, sizeof(*done));
		for (size_t i = 0; i < (size_t)sent; i++)
			if (err[i] == 0)
				done[nundo++] = c[i];
		struct acm_rt_change *undo = acm_rt_changes_undo(done, nundo);
		free(done);
		if (nundo) {
			int *uerr = acm_xcalloc(nundo, sizeof(int));
			long us = send_batches(nl, undo, nundo, uerr, false);
			size_t bad = 0;
			for (size_t i = 0; i < nundo; i++)
				if (us < 0 || (uerr[i] && uerr[i] != ERR_GONE))
					bad++;
			if (bad)
				acm_err("rollback incomplete: %zu of %zu changes could not be undone",
					bad, nundo);
			else
				acm_info("rolled back %zu change%s", nundo, nundo == 1 ? "" : "s");
			free(uerr);
		}
		free(undo);
	}
	if (failed)
		*failed = first_bad;
	free(err);
	return rc;
}

struct acm_rt_change *acm_rt_changes_undo(const struct acm_rt_change *c, size_t n)
{
	struct acm_rt_change *u = acm_xcalloc(n + 1, sizeof(*u));

	for (size_t i = 0; i < n; i++) {
		u[i] = c[n - 1 - i];
		u[i].op = u[i].op == ACM_RT_ADD ? ACM_RT_DEL : ACM_RT_ADD;
	}
	/* Rules of equal priority match in the order they were added: rules
	 * put back keep their first order (they do not depend on each other,
	 * unlike a default route on its subnet's route). */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && u[j].obj.kind == ACM_RT_RULE && u[j].op == ACM_RT_ADD)
			j++;
		for (size_t a = i, b = j; b > a + 1; a++, b--) {
			struct acm_rt_change t = u[a];
			u[a] = u[b - 1];
			u[b - 1] = t;
		}
		i = j > i ? j : i + 1;
	}
	return u;
}

/* ---- ip -batch text ---- */

char *acm_rt_change_batch_line(const struct acm_rt_change *c, acm_rt_ifname_fn ifname, void *ctx)
{
	struct acm_buf b = ACM_BUF_INIT;
	char a1[64];
	char nb[16];
	const char *op = c->op == ACM_RT_ADD ? "add" : "del";

	if (c->obj.kind == ACM_RT_ROUTE) {
		const struct acm_rt_route *r = &c->obj.u.route;
		acm_buf_addf(&b, "route %s ", op);
		if (r->dst_len == 0)
			acm_buf_adds(&b, "default");
		else
			acm_buf_adds(&b, acm_inaddr_prefix_str(r->family, &r->dst, r->dst_len, a1));
		if (r->has_gw)
			acm_buf_addf(&b, " via %s", acm_inaddr_str(r->family, &r->gw, a1));
		if (r->oif) {
			const char *name = ifname ? ifname(r->oif, ctx) : NULL;
			if (!name)
				name = acm_ifname_of(r->oif, nb);
			if (name)
				acm_buf_addf(&b, " dev %s", name);
			else
				acm_buf_addf(&b, " oif %d", r->oif);
		}
		if (r->has_prefsrc)
			acm_buf_addf(&b, " src %s", acm_inaddr_str(r->family, &r->prefsrc, a1));
		if (r->scope == RT_SCOPE_LINK && r->family == AF_INET)
			acm_buf_adds(&b, " scope link");
		if (r->metric)
			acm_buf_addf(&b, " metric %u", r->metric);
		acm_buf_addf(&b, " table %u proto %u", r->table, r->protocol);
	} else {
		const struct acm_rt_rule *r = &c->obj.u.rule;
		acm_buf_addf(&b, "rule %s", op);
		if (r->src_len)
			acm_buf_addf(&b, " from %s", acm_inaddr_prefix_str(r->family, &r->src, r->src_len, a1));
		else
			acm_buf_adds(&b, r->family == AF_INET6 ? " from ::/0" : " from 0.0.0.0/0");
		acm_buf_addf(&b, " lookup %u priority %u protocol %u", r->table, r->priority,
			     r->protocol);
	}
	return acm_buf_steal(&b);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl.h - a netlink socket over libmnl: open, send one request or a batch,
 * read every ack (with the kernel's extended-ack message when it gives one),
 * run a dump through a callback. Protocol-neutral: nftables and rtnetlink
 * code build their messages and call this. */
#ifndef ACM_NL_H
#define ACM_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* Receive buffer: larger than any message the kernel sends (NLMSG_GOODSIZE
 * is at most 8 KiB); request buffer: room for one request we build. */
#define ACM_NL_RECV_SIZE 65536
#define ACM_NL_REQ_SIZE 8192

struct acm_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	uint32_t seq;           /* next sequence number to use */
	char extack[256];       /* the kernel's message for the last error, or "" */
	uint32_t err_seq;       /* sequence number of the message that failed */
};

/* Open and bind a socket of the given bus (NETLINK_NETFILTER, NETLINK_ROUTE).
 * 0 or -errno (EPROTONOSUPPORT: the kernel lacks that netlink family). */
int acm_nl_open(struct acm_nl *nl, int bus);
void acm_nl_close(struct acm_nl *nl);

/* A fresh sequence number. */
uint32_t acm_nl_seq(struct acm_nl *nl);

/* Send len bytes holding one or more messages, where the one numbered
 * ack_seq carries NLM_F_ACK (the others get an answer only when they fail),
 * and read until that ack, or until the first error and whatever else the
 * kernel already queued. 0, or the first error as -errno (nl->extack and
 * nl->err_seq say more). One ack per batch, not per message, keeps a large
 * batch from overrunning the receive buffer (ENOBUFS). */
int acm_nl_talk(struct acm_nl *nl, const void *buf, size_t len, uint32_t ack_seq);

/* Send a request and feed each reply message to cb until NLMSG_DONE (dump)
 * or the ack. 0 or -errno; -EINTR when the dump was interrupted by a
 * concurrent change (NLM_F_DUMP_INTR): the caller redoes it. */
int acm_nl_query(struct acm_nl *nl, const struct nlmsghdr *req, mnl_cb_t cb, void *data);

/* Send len bytes holding count messages numbered base, base+1, ..., each
 * carrying NLM_F_ACK, and read every one's answer: err[i] gets 0 or the
 * positive errno of message base+i. Answers for other ports or sequence
 * numbers are skipped; EINTR is retried; nl->extack/err_seq describe the
 * first failure. 0, or -errno when the socket itself failed. Used where
 * the caller must know exactly which messages the kernel applied
 * (rtnetlink has no transactions). */
int acm_nl_talk_each(struct acm_nl *nl, const void *buf, size_t len, uint32_t base, size_t count,
		     int *err);

/* The one errno -> exit status map for netlink answers (positive errno):
 * 77 EPERM/EACCES, 78 EEXIST (something not ours in the way), 75 EBUSY
 * (in use by another run or process, try later), 66 ENODEV/ENXIO (an
 * interface vanished), 69 EPROTONOSUPPORT/EAFNOSUPPORT/EOPNOTSUPP/ENETDOWN
 * (a kernel feature or link is not there), 70 otherwise. */
int acm_nl_exit_code(int e);

/* Does this process hold CAP_NET_ADMIN (effective), which netlink changes
 * and nftables reads need? */
bool acm_nl_have_net_admin(void);

#endif

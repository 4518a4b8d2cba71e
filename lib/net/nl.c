/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nl.c - netlink requests, batches and dumps over libmnl. */
#include "config.h"

#include "exitcodes.h"
#include "nl.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

int acm_nl_open(struct acm_nl *nl, int bus)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->sock)
		return -errno;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return -e;
	}
	/* Ask for the kernel's reason text with errors, without the failed
	 * request copied back; old kernels refuse the options, which only costs
	 * us the text and some buffer space. */
	(void)mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

void acm_nl_close(struct acm_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

uint32_t acm_nl_seq(struct acm_nl *nl)
{
	return nl->seq++;
}

/* Pull NLMSGERR_ATTR_MSG out of an error message carrying extended ack. */
static void note_extack(struct acm_nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr;
	size_t off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += mnl_nlmsg_get_payload_len(&e->msg);
	mnl_attr_for_each(attr, nlh, off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0) {
			const char *s = mnl_attr_get_str(attr);
			size_t n = strnlen(s, sizeof(nl->extack) - 1);
			memcpy(nl->extack, s, n);
			nl->extack[n] = '\0';
		}
	}
}

static int send_all(struct acm_nl *nl, const void *buf, size_t len)
{
	/* A big batch needs a big enough send buffer: netlink refuses a
	 * message larger than it (EMSGSIZE). */
	int sz = (int)len + 4096;
	if (len > 65536) {
		int fd = mnl_socket_get_fd(nl->sock);
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)) < 0)
			(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	}
	if (mnl_socket_sendto(nl->sock, buf, len) < 0)
		return -errno;
	return 0;
}

/* One read from the socket, a signal retried: bytes, or -errno. */
static ssize_t recv_some(struct acm_nl *nl, char *buf, size_t size)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, buf, size);
		if (n >= 0 || errno != EINTR)
			return n < 0 ? -errno : n;
	}
}

int acm_nl_talk(struct acm_nl *nl, const void *buf, size_t len, uint32_t ack_seq)
{
	char rbuf[ACM_NL_RECV_SIZE];
	bool done = false;
	int first_err = 0, r;
	int fd = mnl_socket_get_fd(nl->sock);

	nl->extack[0] = '\0';
	nl->err_seq = 0;
	r = send_all(nl, buf, len);
	if (r < 0)
		return r;
	while (!done) {
		/* After an error the kernel has queued every reply it will send
		 * (a batch is answered as a whole), so do not wait for more. */
		if (first_err) {
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if (poll(&p, 1, 0) <= 0)
				break;
		}
		ssize_t n = recv_some(nl, rbuf, sizeof(rbuf));
		if (n < 0)
			return first_err ? first_err : (int)n;
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int rem = (int)n;
		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_pid != nl->portid && nlh->nlmsg_pid != 0)
				continue;
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			if (nlh->nlmsg_seq == ack_seq)
				done = true;
			if (e->error < 0 && !first_err) {
				first_err = e->error;
				nl->err_seq = nlh->nlmsg_seq;
				note_extack(nl, nlh);
			}
		}
	}
	return first_err;
}

int acm_nl_talk_each(struct acm_nl *nl, const void *buf, size_t len, uint32_t base, size_t count,
		     int *err)
{
	char rbuf[ACM_NL_RECV_SIZE];
	size_t got = 0;
	int r;

	nl->extack[0] = '\0';
	nl->err_seq = 0;
	for (size_t i = 0; i < count; i++)
		err[i] = -1;
	r = send_all(nl, buf, len);
	if (r < 0)
		return r;
	while (got < count) {
		ssize_t n = recv_some(nl, rbuf, sizeof(rbuf));
		if (n < 0)
			return (int)n;
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int rem = (int)n;
		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_pid != nl->portid && nlh->nlmsg_pid != 0)
				continue;
			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct nlmsgerr)))
				continue;
			uint32_t i = nlh->nlmsg_seq - base;
			if (i >= count || err[i] != -1)
				continue;
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			err[i] = e->error < 0 ? -e->error : 0;
			got++;
			if (err[i] && !nl->err_seq) {
				nl->err_seq = nlh->nlmsg_seq;
				note_extack(nl, nlh);
			}
		}
	}
	return 0;
}

int acm_nl_exit_code(int e)
{
	switch (e) {
	case EPERM:
	case EACCES:
		return ACM_EX_NOPERM;
	case EEXIST:
		return ACM_EX_CONFIG;
	case EBUSY:
		return ACM_EX_TEMPFAIL;
	case ENODEV:
	case ENXIO:
		return ACM_EX_NOINPUT;
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT:
	case EOPNOTSUPP:
	case ENETDOWN:
		return ACM_EX_UNAVAILABLE;
	default:
		return ACM_EX_SOFTWARE;
	}
}

int acm_nl_query(struct acm_nl *nl, const struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	char rbuf[ACM_NL_RECV_SIZE];
	bool intr = false;
	int r;

	nl->extack[0] = '\0';
	r = send_all(nl, req, req->nlmsg_len);
	if (r < 0)
		return r;
	for (;;) {
		ssize_t n = recv_some(nl, rbuf, sizeof(rbuf));
		bool end = false;
		if (n < 0)
			return (int)n;
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)rbuf;
		int rem = (int)n;
		for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = true;
			if (nlh->nlmsg_type == NLMSG_DONE)
				end = true;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
				end = true;
				if (e->error < 0)
					note_extack(nl, nlh);
			}
		}
		/* An interrupted dump (the ruleset changed under it) is read to
		 * its end, so the socket is clean for the caller's retry. */
		if (intr) {
			if (end)
				return -EINTR;
			continue;
		}
		r = mnl_cb_run(rbuf, (size_t)n, req->nlmsg_seq, nl->portid, cb, data);
		if (r == MNL_CB_STOP)
			return 0;
		if (r < 0)
			return -errno;
	}
}

bool acm_nl_have_net_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return geteuid() == 0;
	return (d[CAP_NET_ADMIN / 32].effective & (1u << (CAP_NET_ADMIN % 32))) != 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpfilter.h - reverse-path filtering of one interface
 * (net.ipv4.conf.IFACE.rp_filter in the current network namespace). With a
 * host on two uplinks strict mode (1) drops packets whose reply would leave
 * by the other uplink; the kernel applies max(all, IFACE), so writing 0 does
 * nothing where all=1 (RHEL's default): loose mode (2) is what works. */
#ifndef ACM_RPFILTER_H
#define ACM_RPFILTER_H

#define ACM_RPFILTER_LOOSE 2

/* Read the value. Returns 0 (*val set) or -errno (no message). */
int acm_rpfilter_get(const char *ifname, int *val);
/* Write the value. Returns 0, or an exit status after a message: 66 when
 * the interface is gone (it vanished during the run), 77 when not
 * permitted, 74 otherwise. */
int acm_rpfilter_set(const char *ifname, int val);
/* The effective mode the kernel uses for the interface: max(all, IFACE);
 * -1 when unreadable. */
int acm_rpfilter_effective(const char *ifname);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpfilter.c - net.ipv4.conf.IFACE.rp_filter through lib/net/sysctl (whose
 * /proc/sys shows the calling process's network namespace), keyed in
 * sysctl(8)'s slash form: interface names may hold dots themselves (VLANs
 * such as eth0.100). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "rpfilter.h"
#include "sysctl.h"

static char *key_for(const char *ifname)
{
	return acm_xasprintf("net/ipv4/conf/%s/rp_filter", ifname);
}

int acm_rpfilter_get(const char *ifname, int *val)
{
	char *key = key_for(ifname), txt[32], *end;
	int r = acm_sysctl_read(key, txt, sizeof(txt));

	free(key);
	if (r < 0)
		return r;
	long v = strtol(txt, &end, 10);
	if (end == txt)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

/* The one map from a failed write to an exit status (message printed). The
 * interface can go before the open (ENOENT: its directory in /proc/sys is
 * gone) or between the open and the write (ENODEV): either way it vanished. */
static int set_failed(const char *ifname, const char *key, int e)
{
	if (e == ENOENT || e == ENODEV) {
		acm_err("'%s': no such interface any more (it vanished during the run); "
			"check `ip link` and run again", ifname);
		return ACM_EX_NOINPUT;
	}
	bool perm = e == EACCES || e == EPERM || e == EROFS;
	char *path = acm_sysctl_path(key);
	acm_err("cannot set '%s': %s%s", path ? path : key, strerror(e),
		perm ? "; run as root with CAP_NET_ADMIN" : "");
	free(path);
	return perm ? ACM_EX_NOPERM : ACM_EX_IOERR;
}

int acm_rpfilter_set(const char *ifname, int val)
{
	char *key = key_for(ifname), txt[16];

	snprintf(txt, sizeof(txt), "%d\n", val);
	int r = acm_sysctl_write(key, txt);
	if (r < 0)
		r = set_failed(ifname, key, -r);
	free(key);
	return r;
}

int acm_rpfilter_effective(const char *ifname)
{
	int all, one;
	if (acm_rpfilter_get("all", &all) < 0 || acm_rpfilter_get(ifname, &one) < 0)
		return -1;
	return all > one ? all : one;
}

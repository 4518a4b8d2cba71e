/* rpfilter.c - net.ipv4.conf.IFACE.rp_filter through lib/sysctl (/proc/sys
 * shows the calling process's network namespace). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "msg.h"
#include "rpfilter.h"
#include "sysctl.h"

static void key_for(char *buf, size_t n, const char *ifname)
{
	snprintf(buf, n, "net.ipv4.conf.%s.rp_filter", ifname);
}

int acm_rpfilter_get(const char *ifname, int *val)
{
	char key[96], txt[32];
	key_for(key, sizeof(key), ifname);
	int r = acm_sysctl_read(key, txt, sizeof(txt));
	if (r < 0)
		return r;
	char *end;
	long v = strtol(txt, &end, 10);
	if (end == txt)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

int acm_rpfilter_set(const char *ifname, int val)
{
	char key[96], txt[16];
	key_for(key, sizeof(key), ifname);
	snprintf(txt, sizeof(txt), "%d", val);
	int r = acm_sysctl_write(key, txt);
	if (r == 0)
		return 0;
	int e = -r;
	bool perm = e == EACCES || e == EPERM || e == EROFS;
	acm_err("cannot set %s: %s%s", key, strerror(e), perm ? "; run as root with CAP_NET_ADMIN" : "");
	return e == ENOENT ? ACM_EX_UNAVAILABLE : perm ? ACM_EX_NOPERM : ACM_EX_IOERR;
}

int acm_rpfilter_effective(const char *ifname)
{
	int all, one;
	if (acm_rpfilter_get("all", &all) < 0 || acm_rpfilter_get(ifname, &one) < 0)
		return -1;
	return all > one ? all : one;
}

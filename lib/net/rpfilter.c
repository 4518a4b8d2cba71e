/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rpfilter.c - read and write net.ipv4.conf.IFACE.rp_filter through
 * /proc/sys, which shows the calling process's network namespace. The path
 * is built here rather than from a dotted sysctl key (lib/sysctl): interface
 * names may hold dots themselves (VLANs such as eth0.100), which sysctl(8)
 * can only write as net/ipv4/conf/eth0.100/rp_filter. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcodes.h"
#include "fileio.h"
#include "msg.h"
#include "rpfilter.h"

static void path_for(char *buf, size_t n, const char *ifname)
{
	snprintf(buf, n, "/proc/sys/net/ipv4/conf/%s/rp_filter", ifname);
}

int acm_rpfilter_get(const char *ifname, int *val)
{
	char path[128], txt[32];
	int fd;
	ssize_t len;

	path_for(path, sizeof(path), ifname);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, txt, sizeof(txt) - 1);
	int e = errno;
	close(fd);
	if (len <= 0)
		return len < 0 ? -e : -EIO;
	txt[len] = '\0';
	char *end;
	long v = strtol(txt, &end, 10);
	if (end == txt)
		return -EINVAL;
	*val = (int)v;
	return 0;
}

static int vanished(const char *ifname)
{
	acm_err("'%s': no such interface any more (it vanished during the run); "
		"check `ip link` and run again", ifname);
	return ACM_EX_NOINPUT;
}

int acm_rpfilter_set(const char *ifname, int val)
{
	char path[128], txt[16];
	int fd;

	path_for(path, sizeof(path), ifname);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return vanished(ifname);
		acm_err("cannot set '%s': %s%s", path, strerror(e),
			e == EACCES || e == EPERM || e == EROFS ? "; run as root with CAP_NET_ADMIN" : "");
		return (e == EACCES || e == EPERM || e == EROFS) ? ACM_EX_NOPERM : ACM_EX_IOERR;
	}
	int n = snprintf(txt, sizeof(txt), "%d\n", val);
	int rc = acm_write_all(fd, txt, (size_t)n);
	if (close(fd) < 0 && !rc)
		rc = -errno;
	/* the interface can go between the open and the write */
	if (rc == -ENODEV || rc == -ENOENT)
		return vanished(ifname);
	if (rc) {
		acm_err("cannot set '%s': %s", path, strerror(-rc));
		return rc == -EPERM || rc == -EACCES ? ACM_EX_NOPERM : ACM_EX_IOERR;
	}
	return 0;
}

int acm_rpfilter_effective(const char *ifname)
{
	int all, one;
	if (acm_rpfilter_get("all", &all) < 0 || acm_rpfilter_get(ifname, &one) < 0)
		return -1;
	return all > one ? all : one;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysctl.h - kernel parameters: the running value through /proc/sys (which is
 * per network namespace for net.*), and the persistent one as a file under
 * /etc/sysctl.d that systemd-sysctl (or procps) applies at boot. */
#ifndef ACM_SYSCTL_H
#define ACM_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>

/* Where /proc/sys is (tests point it at a fake tree). Default "/proc/sys". */
void acm_sysctl_set_procdir(const char *dir);

/* "net.ipv4.ip_forward" -> "/proc/sys/net/ipv4/ip_forward" (malloc'd), or
 * NULL when the key is malformed (an empty part, "." or ".."). As in
 * sysctl(8), a key with a '/' is split at '/' only: its parts may hold dots
 * ("net/ipv4/conf/eth0.100/rp_filter", for a VLAN interface). */
char *acm_sysctl_path(const char *key);

/* Read the value (trailing newline stripped) into buf. 0 or -errno. */
int acm_sysctl_read(const char *key, char *buf, size_t n);
/* Write a value. 0 or -errno (EACCES/EPERM: no privilege). */
int acm_sysctl_write(const char *key, const char *value);

/* Text of a sysctl.d file: each line of `comment` as "# ...", then
 * "key = value". malloc'd. */
char *acm_sysctl_conf_text(const char *comment, const char *key, const char *value);

/* The value a sysctl.d-format text sets for key (the last assignment wins, as
 * in sysctl -p), malloc'd; NULL when it does not set it. Keys may be written
 * with '/' or '.' separators. */
char *acm_sysctl_conf_get(const char *text, const char *key);

/* The sysctl.d file that has the last word on key at boot, as
 * systemd-sysctl reads them: every *.conf in /etc/sysctl.d, /run/sysctl.d,
 * /usr/local/lib/sysctl.d, /usr/lib/sysctl.d and /lib/sysctl.d under root,
 * a name in an earlier directory hiding the same name in a later one, all
 * applied in name order. Returns the path (malloc'd, under root) of the last
 * file that sets key and its value in *value (malloc'd), or NULL. */
char *acm_sysctl_d_last(const char *root, const char *key, char **value);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inaddr.c - IPv4/IPv6 address and prefix parsing and formatting. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "inaddr.h"

size_t acm_inaddr_len(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

unsigned acm_inaddr_bits(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

int acm_inaddr_parse(const char *s, int *family, union acm_inaddr *a)
{
	memset(a, 0, sizeof(*a));
	if (!s)
		return -1;
	if ((*family == 0 || *family == AF_INET) && inet_pton(AF_INET, s, &a->v4) == 1) {
		*family = AF_INET;
		return 0;
	}
	if ((*family == 0 || *family == AF_INET6) && inet_pton(AF_INET6, s, &a->v6) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static int fail(const char **why, const char *text)
{
	if (why)
		*why = text;
	return -1;
}

int acm_inaddr_prefix_parse(const char *s, int *family, union acm_inaddr *a, unsigned *len,
			    const char **why)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = s ? strchr(s, '/') : NULL;
	size_t hl = slash ? (size_t)(slash - s) : (s ? strlen(s) : 0);

	if (why)
		*why = NULL;
	if (hl == 0 || hl >= sizeof(host))
		return fail(why, "not an address");
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (acm_inaddr_parse(host, family, a) < 0)
		return fail(why, "not an address");
	unsigned full = acm_inaddr_bits(*family);
	if (!slash) {
		*len = full;
		return 0;
	}
	/* Decimal, no sign, no leading zero, at most three digits. */
	const char *p = slash + 1;
	size_t n = strlen(p);
	if (n == 0 || n > 3 || (p[0] == '0' && n > 1))
		return fail(why, "bad prefix length");
	unsigned v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return fail(why, "bad prefix length");
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	if (v > full)
		return fail(why, "prefix length too long");
	*len = v;
	return 0;
}

const char *acm_inaddr_str(int family, const union acm_inaddr *a, char buf[64])
{
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, a, buf, 64))
		snprintf(buf, 64, "?");
	return buf;
}

const char *acm_inaddr_prefix_str(int family, const union acm_inaddr *a, unsigned len, char buf[64])
{
	char tmp[INET6_ADDRSTRLEN];

	/* INET6_ADDRSTRLEN (46) + "/128" fits 64. */
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, a, tmp, sizeof(tmp)))
		snprintf(tmp, sizeof(tmp), "?");
	if (len == acm_inaddr_bits(family))
		snprintf(buf, 64, "%s", tmp);
	else
		snprintf(buf, 64, "%s/%u", tmp, len & 0xff);
	return buf;
}

void acm_inaddr_mask(int family, union acm_inaddr *a, unsigned len)
{
	size_t n = acm_inaddr_len(family);
	for (size_t i = 0; i < n; i++) {
		unsigned bits = len > i * 8 ? len - i * 8 : 0;
		if (bits >= 8)
			continue;
		a->b[i] &= (unsigned char)(0xff << (8 - bits));
	}
	for (size_t i = n; i < 16; i++)
		a->b[i] = 0;
}

bool acm_inaddr_equal(int family, const union acm_inaddr *a, const union acm_inaddr *b)
{
	return memcmp(a, b, acm_inaddr_len(family)) == 0;
}

bool acm_inaddr_in(int family, const union acm_inaddr *a, const union acm_inaddr *prefix, unsigned len)
{
	union acm_inaddr x = *a, p = *prefix;
	acm_inaddr_mask(family, &x, len);
	acm_inaddr_mask(family, &p, len);
	return acm_inaddr_equal(family, &x, &p);
}

/* ---- IPv4 networks (masq-setup) ---- */

int acm_inaddr_ip4_parse(const char *s, uint32_t *addr)
{
	union acm_inaddr a;
	int family = AF_INET;

	if (acm_inaddr_parse(s, &family, &a) < 0)
		return -EINVAL;
	*addr = a.v4.s_addr;
	return 0;
}

int acm_inaddr_cidr4_parse(const char *s, struct acm_cidr4 *out, char **why)
{
	union acm_inaddr a, net;
	int family = AF_INET;
	unsigned len;
	const char *reason;

	if (why)
		*why = NULL;
	if (!s || !*s) {
		if (why)
			*why = acm_xstrdup("empty address");
		return -EINVAL;
	}
	if (strchr(s, ':')) {
		if (why)
			*why = acm_xstrdup("an IPv6 prefix; masq-setup handles IPv4 only");
		return -EINVAL;
	}
	if (acm_inaddr_prefix_parse(s, &family, &a, &len, &reason) < 0) {
		if (why)
			*why = acm_xstrdup(!strcmp(reason, "not an address")
				? "not an IPv4 address (want four numbers 0-255, like 192.0.2.0/24)"
				: "prefix length must be a number 0..32");
		return -EINVAL;
	}
	net = a;
	acm_inaddr_mask(AF_INET, &net, len);
	if (!acm_inaddr_equal(AF_INET, &a, &net)) {
		if (why) {
			struct acm_cidr4 c = { net.v4.s_addr, (int)len };
			char b[32];
			acm_inaddr_cidr4_format(&c, b, sizeof(b));
			*why = acm_xasprintf("host bits set; the network is %s%s", b,
					     len == 32 ? "/32" : "");
		}
		return -EINVAL;
	}
	out->addr = a.v4.s_addr;
	out->prefix = (int)len;
	return 0;
}

void acm_inaddr_ip4_format(uint32_t addr, char *buf, size_t n)
{
	struct in_addr a = { .s_addr = addr };
	if (!inet_ntop(AF_INET, &a, buf, (socklen_t)n) && n)
		buf[0] = '\0';
}

void acm_inaddr_cidr4_format(const struct acm_cidr4 *c, char *buf, size_t n)
{
	char a[INET_ADDRSTRLEN];
	acm_inaddr_ip4_format(c->addr, a, sizeof(a));
	if (c->prefix == 32)
		snprintf(buf, n, "%s", a);
	else
		snprintf(buf, n, "%s/%d", a, c->prefix);
}

bool acm_inaddr_looks_like(const char *s)
{
	bool digit = false;
	if (!s || !*s)
		return false;
	if (strchr(s, '/') || strchr(s, ':'))
		return true;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digit = true;
		else if (*s != '.')
			return false;
	}
	return digit;
}

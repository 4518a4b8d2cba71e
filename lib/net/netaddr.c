/* netaddr.c - strict IPv4 / CIDR / interface-name parsing. */
#include "netaddr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

int acm_ip4_parse(const char *s, uint32_t *addr)
{
	struct in_addr a;
	/* inet_pton takes exactly four decimal parts: no "10.1", no octal. */
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*addr = a.s_addr;
	return 0;
}

static uint32_t prefix_mask(int prefix)
{
	return prefix == 0 ? 0 : htonl(0xffffffffu << (32 - prefix));
}

int acm_cidr4_parse(const char *s, struct acm_cidr4 *out, char **why)
{
	char host[INET_ADDRSTRLEN + 1];
	const char *slash;
	int prefix = 32;
	uint32_t addr;
	size_t hl;

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
	slash = strchr(s, '/');
	hl = slash ? (size_t)(slash - s) : strlen(s);
	if (hl == 0 || hl >= sizeof(host)) {
		if (why)
			*why = acm_xstrdup("not an IPv4 address");
		return -EINVAL;
	}
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (acm_ip4_parse(host, &addr) < 0) {
		if (why)
			*why = acm_xstrdup("not an IPv4 address (want four numbers 0-255, like 192.0.2.0/24)");
		return -EINVAL;
	}
	if (slash) {
		const char *p = slash + 1;
		if (!*p || strlen(p) > 2 || !isdigit((unsigned char)p[0]) ||
		    (p[1] && !isdigit((unsigned char)p[1])) || (p[0] == '0' && p[1])) {
			if (why)
				*why = acm_xstrdup("prefix length must be a number 0..32");
			return -EINVAL;
		}
		prefix = atoi(p);
		if (prefix > 32) {
			if (why)
				*why = acm_xstrdup("prefix length must be a number 0..32");
			return -EINVAL;
		}
	}
	if (addr & ~prefix_mask(prefix)) {
		if (why) {
			struct acm_cidr4 net = { addr & prefix_mask(prefix), prefix };
			char b[32];
			acm_cidr4_format(&net, b, sizeof(b));
			*why = acm_xasprintf("host bits set; the network is %s%s", b,
					     prefix == 32 ? "/32" : "");
		}
		return -EINVAL;
	}
	out->addr = addr;
	out->prefix = prefix;
	return 0;
}

bool acm_looks_like_address(const char *s)
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

void acm_ip4_format(uint32_t addr, char *buf, size_t n)
{
	struct in_addr a = { .s_addr = addr };
	if (!inet_ntop(AF_INET, &a, buf, (socklen_t)n) && n)
		buf[0] = '\0';
}

void acm_cidr4_format(const struct acm_cidr4 *c, char *buf, size_t n)
{
	char a[INET_ADDRSTRLEN];
	acm_ip4_format(c->addr, a, sizeof(a));
	if (c->prefix == 32)
		snprintf(buf, n, "%s", a);
	else
		snprintf(buf, n, "%s/%d", a, c->prefix);
}

const char *acm_ifname_invalid(const char *name)
{
	size_t len = name ? strlen(name) : 0;
	if (len == 0)
		return "empty interface name";
	if (len > 15)
		return "interface names are at most 15 characters";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "not an interface name";
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '/' || c == ':' || isspace(c) || c < 0x20 || c == 0x7f)
			return "interface names cannot contain '/', ':', spaces or control characters";
		if (c == '"' || c == '\\' || c == '*')
			return "quotes, backslashes and wildcards are not supported in interface names";
	}
	return NULL;
}

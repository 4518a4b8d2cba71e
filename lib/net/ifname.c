/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ifname.c - interface name rules and lookups. */
#include "config.h"

#include <ctype.h>
#include <net/if.h>
#include <string.h>

#include "ifname.h"

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

int acm_ifname_index(const char *name)
{
	return (int)if_nametoindex(name);
}

const char *acm_ifname_of(int ifindex, char buf[16])
{
	if (ifindex <= 0 || !if_indextoname((unsigned)ifindex, buf))
		return NULL;
	return buf;
}

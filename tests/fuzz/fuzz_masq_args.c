/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_masq_args - masq-setup's parsers of untrusted text: -i/-o/--snat
 * arguments, and sysctl.d files it reads back. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "masq.h"
#include "ifname.h"
#include "inaddr.h"
#include "sysctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct acm_masq_src src;
	struct acm_cidr4 c;
	char *why = NULL, buf[64];
	uint32_t a;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (acm_masq_parse_internal(s, &src, &why) == 0 && !src.is_iface) {
		acm_inaddr_cidr4_format(&src.cidr, buf, sizeof(buf));
		/* what we print parses back to the same network */
		if (acm_inaddr_cidr4_parse(buf, &c, NULL) != 0 || c.addr != src.cidr.addr || c.prefix != src.cidr.prefix)
			abort();
	}
	free(why);
	(void)acm_inaddr_ip4_parse(s, &a);
	(void)acm_ifname_invalid(s);
	free(acm_sysctl_conf_get(s, "net.ipv4.ip_forward"));
	free(s);
	return 0;
}

/* netaddr.h - IPv4 addresses, CIDR prefixes and interface names from the
 * command line: strict parsing, so a typo is refused rather than guessed. */
#ifndef ACM_NETADDR_H
#define ACM_NETADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acm_cidr4 {
	uint32_t addr;   /* network byte order, host bits zero */
	int prefix;      /* 0..32 */
};

/* Parse "A.B.C.D" or "A.B.C.D/N" (no prefix means /32). Returns 0, or
 * -EINVAL with *why set to a short reason ("prefix must be 0..32",
 * "host bits set; the network is 192.0.2.0/24", ...). *why is malloc'd when
 * set; the caller frees it. */
int acm_cidr4_parse(const char *s, struct acm_cidr4 *out, char **why);
/* Parse a plain dotted-quad address (no prefix). 0 or -EINVAL. */
int acm_ip4_parse(const char *s, uint32_t *addr);
/* Does s look like an attempt at an address (digits, dots, a slash, or a
 * colon for IPv6) rather than an interface name? */
bool acm_looks_like_address(const char *s);
/* "192.0.2.0/24" (or "192.0.2.7" for /32) into buf. */
void acm_cidr4_format(const struct acm_cidr4 *c, char *buf, size_t n);
void acm_ip4_format(uint32_t addr, char *buf, size_t n);

/* A name the kernel accepts for a network interface (dev_valid_name) that is
 * also safe to quote in an nft script: 1..15 bytes, not "." or "..", no '/',
 * ':', whitespace, quote, backslash or wildcard '*'. NULL when fine, else a
 * static reason. */
const char *acm_ifname_invalid(const char *name);

#endif

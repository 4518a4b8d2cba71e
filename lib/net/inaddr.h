/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inaddr.h - the one address API of lib/net: IPv4 and IPv6 addresses and
 * prefixes, parsed strictly (a typo is refused, never guessed) and written
 * as `ip` and `nft` write them. */
#ifndef ACM_INADDR_H
#define ACM_INADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

union acm_inaddr {
	struct in_addr v4;
	struct in6_addr v6;
	unsigned char b[16];
};

/* An IPv4 network, as masq-setup keeps it. */
struct acm_cidr4 {
	uint32_t addr;   /* network byte order, host bits zero */
	int prefix;      /* 0..32 */
};

/* Bytes of an address of this family (4 or 16) and bits (32 or 128). */
size_t acm_inaddr_len(int family);
unsigned acm_inaddr_bits(int family);

/* Parse an address ("192.0.2.1", "2001:db8::1"). *family 0 accepts either
 * and is set. 0 or -1. inet_pton's rules: four decimal parts, no octal. */
int acm_inaddr_parse(const char *s, int *family, union acm_inaddr *a);
/* Parse "ADDR/LEN" (bare ADDR = full length). LEN is decimal without
 * leading zeros and at most the family's bits. Host bits may be set (the
 * caller masks or refuses). 0, or -1 with *why (static text, may be NULL). */
int acm_inaddr_prefix_parse(const char *s, int *family, union acm_inaddr *a, unsigned *len,
			    const char **why);
/* Text forms; a prefix of full length is written without "/len". */
const char *acm_inaddr_str(int family, const union acm_inaddr *a, char buf[64]);
const char *acm_inaddr_prefix_str(int family, const union acm_inaddr *a, unsigned len, char buf[64]);
/* Is a inside prefix/len? */
bool acm_inaddr_in(int family, const union acm_inaddr *a, const union acm_inaddr *prefix, unsigned len);
/* Clear the host bits beyond len. */
void acm_inaddr_mask(int family, union acm_inaddr *a, unsigned len);
bool acm_inaddr_equal(int family, const union acm_inaddr *a, const union acm_inaddr *b);

/* IPv4 only, for masq-setup: "A.B.C.D" (0 or -EINVAL); "A.B.C.D[/N]" with
 * host bits refused; -EINVAL with *why (malloc'd, caller frees) saying what
 * is wrong ("host bits set; the network is 192.0.2.0/24"). */
int acm_inaddr_ip4_parse(const char *s, uint32_t *addr);
int acm_inaddr_cidr4_parse(const char *s, struct acm_cidr4 *out, char **why);
void acm_inaddr_ip4_format(uint32_t addr, char *buf, size_t n);
/* "192.0.2.0/24" (or "192.0.2.7" for /32). */
void acm_inaddr_cidr4_format(const struct acm_cidr4 *c, char *buf, size_t n);

/* Does s look like an attempt at an address (digits, dots, a slash, or a
 * colon for IPv6) rather than an interface name? */
bool acm_inaddr_looks_like(const char *s);

#endif

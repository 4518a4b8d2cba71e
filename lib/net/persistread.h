/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persistread.h - reading our persisted part back: what a network manager
 * installs at boot from the entries lib/net/persist wrote, as claims for
 * lib/net/srcroute's ownership rule (acm_srcroute_owned), so a run after a
 * reboot knows those routes and rules for ours whatever their protocol. */
#ifndef ACM_PERSISTREAD_H
#define ACM_PERSISTREAD_H

#include <stddef.h>

#include "srcroute.h"

/* The claims for ifname (its ifindex goes into each) from the
 * NetworkManager keyfile's keys ACM_PERSIST_NM_BASE.._END and networkd's
 * drop-in ACM_PERSIST_DROPIN under root, appended to *v, *n. Lines of
 * others are never read as ours; an entry we cannot read exactly (an
 * option or key we do not write, a missing table or priority) gives no
 * claim, and neither does a file that cannot be read: what is not claimed
 * stays someone else's. network-scripts lines carry our protocol already. */
void acm_persistread_claims(const char *root, const char *ifname, int ifindex, struct acm_rt_claim **v,
			    size_t *n);
/* The parsers behind it (pure, for tests): a keyfile's text, a drop-in's. */
void acm_persistread_nm(const char *keyfile, int ifindex, struct acm_rt_claim **v, size_t *n);
void acm_persistread_networkd(const char *dropin, int ifindex, struct acm_rt_claim **v, size_t *n);

#endif

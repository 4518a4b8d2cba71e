/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nft-owner-hold - test helper: create the nftables table "ip NAME" with
 * the owner flag (NFT_TABLE_F_OWNER, as firewalld or systemd may), say
 * "ready" on stdout, and hold it until stdin closes: the kernel deletes an
 * owned table when its netlink socket goes away. Run only inside a network
 * namespace the test made. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "nft.h"
#include "nl.h"

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

int main(int argc, char **argv)
{
	struct acm_nl nl;
	struct acm_nft_batch b;
	char c;

	if (argc != 2) {
		fprintf(stderr, "usage: nft-owner-hold TABLE\n");
		return 64;
	}
	int r = acm_nl_open(&nl, NETLINK_NETFILTER);
	if (r < 0) {
		fprintf(stderr, "nft-owner-hold: netlink: %s\n", strerror(-r));
		return 69;
	}
	struct nftnl_table *t = nftnl_table_alloc();
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_IPV4);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, argv[1]);
	nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	acm_nft_batch_init(&b, &nl);
	acm_nft_batch_table(&b, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL, t);
	r = acm_nft_batch_commit(&b);
	acm_nft_batch_free(&b);
	nftnl_table_free(t);
	if (r < 0) {
		fprintf(stderr, "nft-owner-hold: cannot create the table: %s\n", strerror(-r));
		return 70;
	}
	printf("ready %u\n", nl.portid);
	fflush(stdout);
	while (read(0, &c, 1) > 0 || errno == EINTR)
		;
	acm_nl_close(&nl);
	return 0;
}

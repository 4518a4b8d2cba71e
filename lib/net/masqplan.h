/* SPDX-License-Identifier: GPL-2.0-or-later */
/* masqplan.h - masq-setup's run: what the system has (our nftables table,
 * ip_forward, the boot files), what is asked, and the change from one to
 * the other applied in an order that can be undone: files first, then
 * forwarding, then the one nftables batch; a failure puts back what the
 * run changed. The front end only parses options and prints records. */
#ifndef ACM_MASQPLAN_H
#define ACM_MASQPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "managed.h"
#include "masq.h"
#include "nl.h"

#define ACM_MASQPLAN_FORWARD_KEY "net.ipv4.ip_forward"

struct acm_masqplan {
	/* Set by the caller. */
	struct acm_masq_spec spec;
	const char *root;          /* persist root, "" for / */
	bool removing;
	bool persist;              /* write the boot files */
	bool dry_run;              /* reading the ruleset may fail for want of CAP_NET_ADMIN */

	/* The system, after acm_masqplan_read. */
	struct acm_nl nl;
	bool state_known;
	struct acm_masq_state st;
	char fwd_now[32];
	bool fwd_on;

	/* The change, after acm_masqplan_compute. */
	bool fwd_want_on, fwd_want_off;
	char *want_fp;
	bool table_differs;
	struct acm_masq_ruleset rs;
	char *nft_text;            /* the nft script of the change (-n, boot file) */
	/* The boot files, in this order: sysctl.d, our nft file, the service's
	 * main conf (files.n is 0 without persist). */
	struct acm_mset files;
	char *nft_path;            /* our nft file as seen on the target */

	/* What acm_masqplan_apply did. */
	bool fwd_changed;
};

/* Read the running ruleset and ip_forward. 0 or an exit status (message). */
int acm_masqplan_read(struct acm_masqplan *p);
/* Work out the wanted table, forwarding and files. 0 or an exit status
 * (a boot file that cannot be read: 74, it is never taken as empty). */
int acm_masqplan_compute(struct acm_masqplan *p);

bool acm_masqplan_files_differ(const struct acm_masqplan *p);
bool acm_masqplan_runtime_differs(const struct acm_masqplan *p);

/* Make the change (files, forwarding, batch), undoing the earlier steps
 * when a later one fails. 0 or an exit status (message printed). */
int acm_masqplan_apply(struct acm_masqplan *p);

/* "created", "replaced", "unchanged", "removed", "absent". */
const char *acm_masqplan_ruleset_word(const struct acm_masqplan *p);

/* The exit status and message for a refused nftables batch or read (e is
 * -errno). EPERM with CAP_NET_ADMIN held means the table is another
 * process's (NFT_TABLE_F_OWNER): that is said, with its netlink port. */
int acm_masqplan_nl_error(struct acm_masqplan *p, int e, const char *what);

void acm_masqplan_free(struct acm_masqplan *p);

#endif

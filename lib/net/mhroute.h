/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mhroute.h - the multihome-route engine: read the kernel, plan the
 * per-uplink tables and source rules (lib/net/srcroute), diff with what
 * acmtools made before, apply the changes, set rp_filter, write the boot
 * configuration (lib/net/persist) and, when any step fails, undo every
 * change of the run - files, rp_filter and routes/rules - newest first. */
#ifndef ACM_MHROUTE_H
#define ACM_MHROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "persist.h"
#include "rtnl.h"
#include "srcroute.h"

enum acm_mhroute_mode {
	ACM_MHROUTE_APPLY,
	ACM_MHROUTE_CHECK,   /* change nothing; 1 when a run would change something */
	ACM_MHROUTE_DRY,     /* change nothing; build the ip -batch script */
};

struct acm_mhroute {
	/* Set by the caller (acm_mhroute_init gives the defaults). */
	struct acm_srcroute cfg;
	const char *root;           /* --persist-root, "/" by default */
	enum acm_persist persist;
	bool loose;                 /* write rp_filter=2 on the uplinks */
	enum acm_mhroute_mode mode;

	/* Results, per uplink (cfg.nup entries) after acm_mhroute_setup. */
	struct acm_uplink_state *st;
	struct acm_persist_target *pt;
	bool *persist_changed;
	size_t names_changed;
	/* After acm_mhroute_remove. */
	size_t removed_routes, removed_rules, removed_files;
	char *script;               /* ACM_MHROUTE_DRY: the ip -batch text */

	/* Internal state. */
	struct acm_rtnl *nl;
	struct acm_rt_obj *want, *have;
	size_t nwant, nhave;
	struct acm_rt_change *ch;
	size_t nch;
	struct acm_rt_claim *claims; /* what our persisted files make a manager install */
	size_t nclaims;
	uint32_t *busy;             /* tables used by routes/rules not ours */
	char *rt_all, *rt_foreign;  /* rt_tables text, with and without ours */
	int *rp_old;                /* rp_filter before we wrote it, -1 untouched */
	bool *rp_change;
	bool kernel_applied;
	struct acm_mset files;      /* the boot files of this run (lib/core/managed) */
};

void acm_mhroute_init(struct acm_mhroute *m);
void acm_mhroute_free(struct acm_mhroute *m);

/* Open rtnetlink, read the kernel's routes and rules, and give every
 * uplink its table (acm_srcroute_assign_tables with the tables others
 * use). Ours are those acm_srcroute_owned says: our protocol, or what our
 * persisted files for the uplinks (all interfaces, when none is given)
 * make a network manager install at boot. 0 or an exit status (message
 * printed). */
int acm_mhroute_open(struct acm_mhroute *m);

/* Make the kernel and the boot files hold the asked set-up (or, by mode,
 * only compare / only script it). Returns 0, 1 (check: differs) or an
 * exit status; on failure nothing this run changed is left. */
int acm_mhroute_setup(struct acm_mhroute *m);
/* Take away what we made, for the uplinks given (all when none). */
int acm_mhroute_remove(struct acm_mhroute *m);

/* Did this run change (or would it change) uplink i? */
bool acm_mhroute_uplink_changed(const struct acm_mhroute *m, size_t i);

#endif

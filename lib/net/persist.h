/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persist.h - write the same routes and rules in the format the host's
 * network manager reads at boot: EL network-scripts (route-IFACE,
 * rule-IFACE, route6-/rule6-), systemd-networkd ([Route] /
 * [RoutingPolicyRule] drop-ins) or NetworkManager keyfiles (routeN /
 * routing-ruleN). Every file or key we write is marked so --remove finds
 * exactly it again (lib/net/persistread reads it back). All paths are
 * under a root directory (tests use a scratch one). */
#ifndef ACM_PERSIST_H
#define ACM_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "managed.h"
#include "rtnl.h"
#include "srcroute.h"

enum acm_persist {
	ACM_PERSIST_AUTO,
	ACM_PERSIST_IFCFG,     /* "network-scripts" */
	ACM_PERSIST_NETWORKD,
	ACM_PERSIST_NM,
	ACM_PERSIST_NONE,
};

/* "auto", "network-scripts", "networkd", "nm", "none". Returns 0 or -1. */
int acm_persist_parse(const char *s, enum acm_persist *m);
const char *acm_persist_name(enum acm_persist m);

/* Markers of the block we own inside route-IFACE / rule-IFACE files. */
#define ACM_PERSIST_BEGIN "# BEGIN acmtools multihome-route (managed block, do not edit)"
#define ACM_PERSIST_END   "# END acmtools multihome-route"
/* Our networkd drop-in's file name, in FILE.network.d/. */
#define ACM_PERSIST_DROPIN "acmtools-multihome.conf"
/* NetworkManager keys we write are numbered from here (route9700=,
 * routing-rule9700=): the number is our mark, as the protocol is in the
 * kernel, because NM rewrites keyfiles without comments. */
#define ACM_PERSIST_NM_BASE 9700
#define ACM_PERSIST_NM_END  9999

struct acm_persist_target {
	enum acm_persist mode;  /* resolved: never AUTO */
	char *conf;             /* networkd: the .network file; nm: the keyfile; else NULL */
};

/* A --persist-root as given: 0, or 66 (missing, not a directory) or 77
 * (cannot be reached or read: a permission problem, not a missing input),
 * with a message. */
int acm_persist_check_root(const char *root);

/* Find what manages ifname under root. With want = AUTO: a NetworkManager
 * keyfile naming the interface, else a networkd .network file matching it,
 * else an ifcfg-IFACE file, else NONE. With an explicit mode the file that
 * mode needs must exist for nm and networkd (78 with a message otherwise).
 * Returns 0 or an exit status. */
int acm_persist_detect(const char *root, const char *ifname, enum acm_persist want,
		       struct acm_persist_target *t);
void acm_persist_target_free(struct acm_persist_target *t);

/* Renderers (pure, for tests). objs are one uplink's routes and rules. */
/* network-scripts: the lines of route-IFACE (rules=false) or rule-IFACE,
 * for one family; "" when there are none. */
char *acm_persist_render_ifcfg(const struct acm_rt_obj *o, size_t n, const char *ifname, int family,
			       bool rules);
/* networkd drop-in text. */
char *acm_persist_render_networkd(const struct acm_rt_obj *o, size_t n);
/* A keyfile's bytes (len of them, NULs and all) with our keys replaced by
 * these objects (n = 0: taken out), in *out (reset first). Other lines stay
 * as they were. */
void acm_persist_render_nm_n(const char *keyfile, size_t len, const struct acm_rt_obj *o, size_t n,
			     struct acm_buf *out);
/* The same on a C string (tests, fuzzing); malloc'd. */
char *acm_persist_render_nm(const char *keyfile, const struct acm_rt_obj *o, size_t n);

/* The writers below only plan: each file is loaded into s (lib/core/
 * managed.h: a file that cannot be read stops the run, every byte outside
 * our block or keys is kept) with the wanted content set; the caller
 * applies s (and restores it when a later step fails) or, for --check,
 * only compares. Missing directories are made on apply, and go again on
 * restore. */

/* One uplink's persisted set-up. *changed is set when a file differs.
 * Returns 0 or an exit status (message printed). */
int acm_persist_write(const char *root, const struct acm_persist_target *t, const char *ifname,
		      const struct acm_rt_obj *o, size_t n, bool *changed, struct acm_mset *s);

/* Take out what we wrote for ifname (NULL: every interface) in every
 * format. *nfiles counts files that differ. Returns 0 or an exit status. */
int acm_persist_remove(const char *root, const char *ifname, size_t *nfiles, struct acm_mset *s);

/* Where a network manager reads our part for ifname under root, for
 * lib/net/persistread (malloc'd; NULL when there is none): the
 * NetworkManager keyfile naming the interface, and our drop-in
 * (ACM_PERSIST_DROPIN) beside the networkd .network file matching it. */
char *acm_persist_nm_keyfile(const char *root, const char *ifname);
char *acm_persist_networkd_dropin(const char *root, const char *ifname);

/* Our NetworkManager keys: routeN=, routeN_options=, routing-ruleN=, N in
 * ACM_PERSIST_NM_BASE.._END. */
enum acm_persist_nm_key {
	ACM_PERSIST_NM_ROUTE,
	ACM_PERSIST_NM_OPTIONS,
	ACM_PERSIST_NM_RULE,
	ACM_PERSIST_NM_NKEYS,
};
/* Is this keyfile line one of our keys? Which, and its number; *val (val
 * may be NULL) gets the text after '='. */
bool acm_persist_nm_key(const char *line, enum acm_persist_nm_key *kind, long *num, const char **val);

/* Name our protocol number and the named tables (ids[i] <-> names[i]) in
 * iproute2's rt_protos.d / rt_tables.d, so `ip` shows names. n = 0 with
 * remove = true takes both files away. *nfiles counts the files changed. */
int acm_persist_names(const char *root, const uint32_t *ids, const char *const *names, size_t n,
		      bool remove, size_t *nfiles, struct acm_mset *s);

/* All rt_tables text under root (rt_tables, rt_tables.d/ *.conf, and
 * /usr/share/iproute2's), for acm_rt_tables_lookup; ours = false leaves
 * out the file acm_persist_names writes (names someone else gave).
 * malloc'd. */
char *acm_persist_read_rt_tables(const char *root, bool ours);

#endif

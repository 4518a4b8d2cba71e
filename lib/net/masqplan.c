/* SPDX-License-Identifier: GPL-2.0-or-later */
/* masqplan.c - masq-setup's read -> compute -> apply, with undo. */
#include "config.h"

#include "masqplan.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "lock.h"
#include "msg.h"
#include "nftconf.h"
#include "managed.h"
#include "sysctl.h"

#define FORWARD_KEY ACM_MASQPLAN_FORWARD_KEY
#define SYSCTL_FILE "/etc/sysctl.d/90-acmtools-masq.conf"
#define NFT_FILE_NAME "acmtools-masq.nft"
#define BLOCK_BEGIN ACM_NFTCONF_BEGIN("masq-setup")
#define BLOCK_END ACM_NFTCONF_END("masq-setup")

/* ---- files ---- */

bool acm_masqplan_files_differ(const struct acm_masqplan *p)
{
	return acm_mset_differs(&p->files);
}

bool acm_masqplan_runtime_differs(const struct acm_masqplan *p)
{
	return p->table_differs || p->fwd_want_on || p->fwd_want_off;
}

/* A boot file, loaded into the set (a file that cannot be read stops the
 * run: it is never taken as empty, which would wipe it). */
static int file_load(struct acm_masqplan *p, char *path, struct acm_mfile **f)
{
	int rc = acm_mset_load(&p->files, path, f);
	free(path);
	if (!rc)
		(*f)->mkdir_parent = true;
	return rc;
}

static int plan_files(struct acm_masqplan *p)
{
	struct acm_nftconf conf;
	const char *root = p->root;
	struct acm_mfile *f;
	int rc;

	acm_nftconf_for(acm_nftconf_family(root[0] ? root : "/"), &conf);
	p->nft_path = acm_xasprintf("%s/%s", conf.dir, NFT_FILE_NAME);

	/* sysctl.d */
	if ((rc = file_load(p, acm_xasprintf("%s%s", root, SYSCTL_FILE), &f)))
		return rc;
	if (p->removing) {
		acm_mfile_set_absent(f);
	} else {
		char *text = acm_sysctl_conf_text(
			"Written by masq-setup(1): IPv4 forwarding for the cluster's NAT gateway.\n"
			"masq-setup --remove deletes this file.", FORWARD_KEY, "1");
		acm_mfile_set(f, text, strlen(text));
		free(text);
	}
	/* our nft file */
	if ((rc = file_load(p, acm_xasprintf("%s%s", root, p->nft_path), &f)))
		return rc;
	if (p->removing) {
		acm_mfile_set_absent(f);
	} else {
		struct acm_buf b = ACM_BUF_INIT;
		acm_buf_adds(&b, "#!/usr/sbin/nft -f\n"
			     "# Written by masq-setup(1); included from ");
		acm_buf_adds(&b, conf.main_conf);
		acm_buf_adds(&b, " at boot.\n# Edits are lost on the next run; masq-setup --remove deletes it.\n");
		acm_buf_adds(&b, p->nft_text);
		acm_mfile_set(f, b.data, b.len);
		acm_buf_free(&b);
	}
	/* the include line, in a managed block of the service's main file */
	if ((rc = file_load(p, acm_xasprintf("%s%s", root, conf.main_conf), &f)))
		return rc;
	acm_nftconf_set_include(f, BLOCK_BEGIN, BLOCK_END, p->removing ? NULL : p->nft_path);
	return 0;
}

/* Put back the files this run changed (a later step failed), newest first. */
static void files_restore(struct acm_masqplan *p)
{
	size_t n = acm_mset_restore(&p->files);
	if (n)
		acm_info("restored the %zu boot configuration change%s of this run", n, n == 1 ? "" : "s");
}

/* ---- netlink errors ---- */

/* Who holds our table when the kernel says EPERM to a process that has
 * CAP_NET_ADMIN: a table created with NFT_TABLE_F_OWNER belongs to the
 * netlink socket that made it (nf_tables_api.c), and only that one may
 * change it. *owner gets its port id. */
static bool table_owned(struct acm_masqplan *p, uint32_t *owner)
{
	struct nftnl_table *t = NULL;
	bool owned = false;

	if (acm_nft_get_table(&p->nl, NFPROTO_IPV4, ACM_MASQ_TABLE, &t) < 0 || !t)
		return false;
	if (nftnl_table_is_set(t, NFTNL_TABLE_FLAGS) &&
	    (nftnl_table_get_u32(t, NFTNL_TABLE_FLAGS) & NFT_TABLE_F_OWNER)) {
		owned = true;
		*owner = nftnl_table_is_set(t, NFTNL_TABLE_OWNER) ? nftnl_table_get_u32(t, NFTNL_TABLE_OWNER) : 0;
	}
	nftnl_table_free(t);
	return owned;
}

int acm_masqplan_nl_error(struct acm_masqplan *p, int err, const char *what)
{
	int e = -err;
	const char *xa = p->nl.extack[0] ? p->nl.extack : NULL;
	uint32_t owner = 0;

	if ((e == EPERM || e == EACCES) && acm_nl_have_net_admin() && p->nl.sock &&
	    table_owned(p, &owner)) {
		acm_err("%s: table 'ip %s' is owned by another process (netlink port %u, usually its "
			"pid), which created it with the owner flag; only that process can change it: "
			"stop it, then run again", what, ACM_MASQ_TABLE, owner);
		return ACM_EX_TEMPFAIL;
	}
	switch (e) {
	case EPERM:
	case EACCES:
		if (acm_nl_have_net_admin())
			acm_err("%s: the kernel refused it (%s%s%s) although this process has "
				"CAP_NET_ADMIN; a security module or another owner may hold the table",
				what, strerror(e), xa ? ": " : "", xa ? xa : "");
		else
			acm_err("%s: permission denied; masq-setup needs CAP_NET_ADMIN (run it as root)", what);
		break;
	case EEXIST:
		acm_err("%s: %s%s%s: something not made by masq-setup is in the way", what, strerror(e),
			xa ? ": " : "", xa ? xa : "");
		break;
	case EBUSY:
		acm_err("%s: %s%s%s: another process is using the table (an object in it is in use); "
			"try again when it is done", what, strerror(e), xa ? ": " : "", xa ? xa : "");
		break;
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT:
	case EOPNOTSUPP:
	case ENOENT:
		acm_err("%s: %s%s%s; the kernel lacks nf_tables NAT support (nf_tables, nft_chain_nat, "
			"nft_masq, nft_nat)", what, strerror(e), xa ? ": " : "", xa ? xa : "");
		return ACM_EX_UNAVAILABLE;
	default:
		acm_err("%s: %s%s%s; nothing was changed", what, strerror(e), xa ? ": " : "", xa ? xa : "");
		break;
	}
	return acm_nl_exit_code(e);
}

/* ---- read, compute, apply ---- */

int acm_masqplan_read(struct acm_masqplan *p)
{
	int r;

	/* Reading nftables needs CAP_NET_ADMIN too; only -n can do without. */
	if (!p->dry_run && !acm_nl_have_net_admin()) {
		acm_err("permission denied: masq-setup needs CAP_NET_ADMIN (run it as root)");
		return ACM_EX_NOPERM;
	}
	r = acm_nl_open(&p->nl, NETLINK_NETFILTER);
	if (r < 0)
		return acm_masqplan_nl_error(p, r, "cannot open a netfilter netlink socket");
	r = acm_masq_read_state(&p->nl, &p->st);
	if (r == 0) {
		p->state_known = true;
	} else if (p->dry_run && (r == -EPERM || r == -EACCES)) {
		acm_verbose("cannot read the running ruleset without CAP_NET_ADMIN; assuming our table is absent");
	} else {
		return acm_masqplan_nl_error(p, r, "cannot read the nftables ruleset");
	}
	r = acm_sysctl_read(FORWARD_KEY, p->fwd_now, sizeof(p->fwd_now));
	if (r < 0) {
		acm_err("cannot read %s: %s; is /proc mounted?", FORWARD_KEY, strerror(-r));
		return r == -ENOENT ? ACM_EX_UNAVAILABLE : ACM_EX_IOERR;
	}
	p->fwd_on = strcmp(p->fwd_now, "0") != 0;
	return 0;
}

int acm_masqplan_compute(struct acm_masqplan *p)
{
	if (p->removing) {
		p->fwd_want_off = p->fwd_on && p->st.present && p->st.forward_ours;
		p->table_differs = p->st.present;
		p->nft_text = acm_masq_delete_script();
	} else {
		/* We own forwarding when we turned it on, now or in an earlier run. */
		p->spec.forward_ours = (p->st.present && p->st.forward_ours) || !p->fwd_on;
		p->fwd_want_on = !p->fwd_on;
		acm_masq_build(&p->spec, &p->rs);
		p->want_fp = acm_masq_fingerprint(p->rs.table, p->rs.chains, 2, p->rs.rules, p->rs.nrules);
		p->table_differs = !p->st.present || strcmp(p->want_fp, p->st.fingerprint) != 0;
		if (p->st.present && p->table_differs)
			acm_verbose("running table differs from the wanted one:\n--- running\n%s--- wanted\n%s",
				    p->st.fingerprint, p->want_fp);
		p->nft_text = acm_masq_script(&p->spec);
	}
	return p->persist ? plan_files(p) : 0;
}

static int set_forward(const char *value)
{
	int r = acm_sysctl_write(FORWARD_KEY, value);
	if (r < 0) {
		acm_err("cannot set %s=%s: %s%s", FORWARD_KEY, value, strerror(-r),
			r == -EACCES || r == -EPERM ? "; run as root" : "");
		return r == -EACCES || r == -EPERM || r == -EROFS ? ACM_EX_NOPERM : ACM_EX_IOERR;
	}
	return 0;
}

static int commit_batch(struct acm_masqplan *p)
{
	struct acm_nft_batch b;
	int r;

	acm_nft_batch_init(&b, &p->nl);
	if (p->removing)
		acm_masq_batch_delete(&b);
	else
		acm_masq_batch_replace(&b, &p->rs);
	r = acm_nft_batch_commit(&b);
	acm_nft_batch_free(&b);
	return r < 0 ? acm_masqplan_nl_error(p, r, "the kernel refused the nftables batch") : 0;
}

int acm_masqplan_apply(struct acm_masqplan *p)
{
	struct acm_lock lock = { -1, NULL };
	bool have_lock = false;
	int rc = 0;

	/* Serialise runs that write the same files. */
	if (p->persist && acm_masqplan_files_differ(p)) {
		char *lp = acm_xasprintf("%s%s", p->root, "/run/lock/acmtools-masq-setup.lock");
		char *ld = acm_xstrdup(lp);
		*strrchr(ld, '/') = '\0';
		(void)acm_mkdir_p(ld, 0755);
		free(ld);
		rc = acm_lock_take(&lock, lp);
		free(lp);
		if (rc)
			return rc;
		have_lock = true;
	}
	/* Files first (easy to put back), then forwarding, then the batch; a
	 * failure undoes the earlier steps so nothing is left half-done. */
	if (p->persist && (rc = acm_mset_apply(&p->files)))
		goto out;
	if (p->fwd_want_on || p->fwd_want_off) {
		if ((rc = set_forward(p->fwd_want_on ? "1" : "0"))) {
			files_restore(p);
			goto out;
		}
		p->fwd_changed = true;
	}
	if (p->table_differs && (rc = commit_batch(p))) {
		if (p->fwd_changed)
			(void)set_forward(p->fwd_now);
		p->fwd_changed = false;
		files_restore(p);
		goto out;
	}
	if (p->fwd_want_on)
		p->fwd_on = true;
	if (p->fwd_want_off)
		p->fwd_on = false;
out:
	if (have_lock)
		acm_lock_release(&lock);
	return rc;
}

const char *acm_masqplan_ruleset_word(const struct acm_masqplan *p)
{
	if (p->removing)
		return p->table_differs ? "removed" : "absent";
	return !p->table_differs ? "unchanged" : p->st.present ? "replaced" : "created";
}

void acm_masqplan_free(struct acm_masqplan *p)
{
	acm_mset_free(&p->files);
	free(p->nft_path);
	free(p->nft_text);
	free(p->want_fp);
	acm_masq_ruleset_free(&p->rs);
	acm_masq_state_free(&p->st);
	acm_masq_spec_free(&p->spec);
	acm_nl_close(&p->nl);
}

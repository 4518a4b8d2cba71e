/* masq-setup - make this host the cluster's NAT gateway: IPv4 forwarding on,
 * and an nftables table of its own that masquerades (or SNATs) the internal
 * side out of the external interfaces. One netlink batch, idempotent,
 * persisted where the stock nftables service and systemd-sysctl read at boot. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "block.h"
#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "lock.h"
#include "masq.h"
#include "msg.h"
#include "ifname.h"
#include "inaddr.h"
#include "nft.h"
#include "nftconf.h"
#include "nl.h"
#include "opts.h"
#include "record.h"
#include "sysctl.h"

#define FORWARD_KEY "net.ipv4.ip_forward"
#define SYSCTL_FILE "/etc/sysctl.d/90-acmtools-masq.conf"
#define NFT_FILE_NAME "acmtools-masq.nft"
#define BLOCK_BEGIN ACM_NFTCONF_BEGIN("masq-setup")
#define BLOCK_END ACM_NFTCONF_END("masq-setup")

static char **opt_in, **opt_out;
static char *opt_snat, *opt_root;
static int opt_remove, opt_no_persist, opt_allow_absent;

static const struct poptOption options[] = {
	{ "internal", 'i', POPT_ARG_ARGV, &opt_in, 0,
	  "where the traffic to masquerade comes from: a network or an interface (repeatable)", "CIDR|IFACE" },
	{ "external", 'o', POPT_ARG_ARGV, &opt_out, 0,
	  "the interface it leaves by (repeatable)", "IFACE" },
	{ "snat", 0, POPT_ARG_STRING, &opt_snat, 0,
	  "SNAT to this fixed address instead of masquerading", "ADDR" },
	{ "remove", 0, POPT_ARG_NONE, &opt_remove, 0,
	  "take away what masq-setup set up (its table, forwarding if it turned it on, its files)", NULL },
	{ "persist-root", 0, POPT_ARG_STRING, &opt_root, 0,
	  "write the boot-time files under DIR (default /)", "DIR" },
	{ "no-persist", 0, POPT_ARG_NONE, &opt_no_persist, 0,
	  "change only the running system", NULL },
	{ "allow-absent", 0, POPT_ARG_NONE, &opt_allow_absent, 0,
	  "accept interfaces that do not exist (yet)", NULL },
	POPT_TABLEEND
};

static void free_argv(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

static void free_opts(void)
{
	free_argv(opt_in);
	free_argv(opt_out);
	free(opt_snat);
	free(opt_root);
}

static const struct acm_tool tool = {
	.name = "masq-setup",
	.args = "[OPTIONS] -i CIDR|IFACE... -o IFACE...",
	.summary = "Forward and masquerade the internal network out of the external interfaces (nftables).",
	.options = options,
	.notes = "Owns the nftables table 'ip " ACM_MASQ_TABLE "'; never touches another table.\n"
		 "-n prints the nftables script a run would load (nft -f accepts it).",
	.flags = 0,
	.min_args = 0,
	.max_args = 0,
};

/* One persisted file: what is there, what we want there. */
struct pfile {
	char *path;        /* under the persist root */
	char *old;         /* current text, NULL when absent */
	char *want;        /* wanted text, NULL: the file should not exist */
	bool changed;      /* written or removed by this run */
};

static bool pfile_differs(const struct pfile *f)
{
	if (!f->old || !f->want)
		return f->old != f->want;
	return strcmp(f->old, f->want) != 0;
}

static void pfile_load(struct pfile *f, char *path)
{
	size_t len;
	f->path = path;
	f->old = NULL;
	f->want = NULL;
	f->changed = false;
	if (acm_read_file(path, &f->old, &len, 1 << 20) < 0)
		f->old = NULL;
}

static void pfile_free(struct pfile *f)
{
	free(f->path);
	free(f->old);
	free(f->want);
}

/* Write or remove one file to match want. 0 or an exit status (message printed). */
static int pfile_apply(struct pfile *f, const char *want)
{
	if (!want) {
		if (unlink(f->path) < 0 && errno != ENOENT) {
			acm_err("cannot remove '%s': %s", f->path, strerror(errno));
			return acm_exit_from_errno_out(errno);
		}
		return 0;
	}
	char *dir = acm_xstrdup(f->path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		int r = acm_mkdir_p(dir, 0755);
		if (r < 0) {
			acm_err("cannot create directory '%s': %s; check --persist-root", dir, strerror(-r));
			free(dir);
			return acm_exit_from_errno_out(-r);
		}
	}
	free(dir);
	return acm_write_file_atomic(f->path, want, strlen(want), 0644);
}

struct plan {
	struct acm_masq_spec spec;
	bool state_known;          /* the running ruleset could be read */
	struct acm_masq_state st;
	char fwd_now[32];          /* running ip_forward value */
	bool fwd_want_on, fwd_want_off;
	char *want_fp;             /* fingerprint of the wanted table */
	bool table_differs;
	struct acm_masq_ruleset rs;
	struct pfile files[3];     /* sysctl.d, our nft file, the service's main conf */
	size_t nfiles;
	const char *nft_path;      /* our nft file as seen on the target */
};

static int nl_exit(int err, const char *what)
{
	switch (-err) {
	case EPERM:
	case EACCES:
		acm_err("%s: permission denied; masq-setup needs CAP_NET_ADMIN (run it as root)", what);
		return ACM_EX_NOPERM;
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT:
	case EOPNOTSUPP:
		acm_err("%s: the kernel has no nf_tables (nfnetlink); load nf_tables or use a kernel with CONFIG_NF_TABLES", what);
		return ACM_EX_UNAVAILABLE;
	default:
		acm_err("%s: %s", what, strerror(-err));
		return ACM_EX_SOFTWARE;
	}
}

static int check_iface(const char *name, const char *opt)
{
	const char *bad = acm_ifname_invalid(name);
	if (bad)
		acm_usage_error("'%s': %s", name, bad);
	if (if_nametoindex(name) == 0) {
		if (opt_allow_absent) {
			acm_verbose("interface '%s' does not exist; accepted (--allow-absent)", name);
			return 0;
		}
		acm_err("'%s': no such network interface (%s); check `ip link`, or pass --allow-absent "
			"for one that appears later", name, opt);
		return ACM_EX_DATAERR;
	}
	return 0;
}

/* Parse and check -i/-o/--snat into the spec. 0 or an exit status. */
static int read_spec(struct acm_masq_spec *s)
{
	size_t nin = 0, nout = 0;
	int r;

	for (char **p = opt_in; p && *p; p++)
		nin++;
	for (char **p = opt_out; p && *p; p++)
		nout++;
	if (!opt_remove && (!nin || !nout))
		acm_usage_error("both -i (the internal side) and -o (the external interface) are needed");
	if (nin > 256 || nout > 64)
		acm_usage_error("at most 256 -i and 64 -o arguments");
	for (char **p = opt_in; p && *p; p++) {
		struct acm_masq_src src;
		char *why = NULL;
		if (acm_masq_parse_internal(*p, &src, &why) < 0) {
			acm_err("'%s': %s", *p, why ? why : "not a network or interface");
			fprintf(stderr, "Try '%s --help' for more information.\n", acm_prog());
			free(why);
			return ACM_EX_USAGE;
		}
		if (src.is_iface && (r = check_iface(src.ifname, "-i")))
			return r;
		acm_masq_spec_add_in(s, &src);
	}
	for (char **p = opt_out; p && *p; p++) {
		if (acm_inaddr_looks_like(*p))
			acm_usage_error("'%s': -o takes an interface name, not an address", *p);
		if ((r = check_iface(*p, "-o")))
			return r;
		acm_masq_spec_add_out(s, *p);
	}
	if (opt_snat) {
		if (acm_inaddr_ip4_parse(opt_snat, &s->snat_addr) < 0)
			acm_usage_error("'%s': --snat takes an IPv4 address, like 203.0.113.1", opt_snat);
		s->snat = true;
	}
	return 0;
}

static void plan_files(struct plan *p, const char *root, bool removing, char **nft_text)
{
	struct acm_nftconf conf;
	char *nft_path;

	acm_nftconf_for(acm_nftconf_family(root), &conf);
	nft_path = acm_xasprintf("%s/%s", conf.dir, NFT_FILE_NAME);
	p->nft_path = nft_path;

	/* sysctl.d */
	pfile_load(&p->files[0], acm_xasprintf("%s%s", root, SYSCTL_FILE));
	if (!removing)
		p->files[0].want = acm_sysctl_conf_text(
			"Written by masq-setup(1): IPv4 forwarding for the cluster's NAT gateway.\n"
			"masq-setup --remove deletes this file.", FORWARD_KEY, "1");
	/* our nft file */
	pfile_load(&p->files[1], acm_xasprintf("%s%s", root, nft_path));
	if (!removing) {
		struct acm_buf b = ACM_BUF_INIT;
		acm_buf_adds(&b, "#!/usr/sbin/nft -f\n"
			     "# Written by masq-setup(1); included from ");
		acm_buf_adds(&b, conf.main_conf);
		acm_buf_adds(&b, " at boot.\n# Edits are lost on the next run; masq-setup --remove deletes it.\n");
		acm_buf_adds(&b, *nft_text);
		p->files[1].want = acm_buf_steal(&b);
	}
	/* the include line, in a managed block of the service's main file */
	pfile_load(&p->files[2], acm_xasprintf("%s%s", root, conf.main_conf));
	if (!removing) {
		char *body = acm_nftconf_include_body(nft_path);
		bool damaged = false;
		p->files[2].want = acm_block_update(p->files[2].old, BLOCK_BEGIN, BLOCK_END, body, &damaged);
		if (damaged)
			acm_warn("%s: the masq-setup block was damaged (unbalanced markers); rewriting it",
				 p->files[2].path);
		free(body);
	} else if (p->files[2].old) {
		p->files[2].want = acm_block_remove(p->files[2].old, BLOCK_BEGIN, BLOCK_END);
		/* Nothing but our block was in it: we created the file, so it goes. */
		if (p->files[2].want[strspn(p->files[2].want, " \t\n")] == '\0') {
			free(p->files[2].want);
			p->files[2].want = NULL;
		}
	}
	p->nfiles = 3;
}

static bool files_differ(const struct plan *p)
{
	for (size_t i = 0; i < p->nfiles; i++)
		if (pfile_differs(&p->files[i]))
			return true;
	return false;
}

/* Restore files this run changed (after a later step failed). */
static void files_restore(struct plan *p)
{
	for (size_t i = p->nfiles; i-- > 0;)
		if (p->files[i].changed && pfile_apply(&p->files[i], p->files[i].old) == 0)
			acm_info("restored '%s'", p->files[i].path);
}

static int files_apply(struct plan *p)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		if (!pfile_differs(&p->files[i]))
			continue;
		int r = pfile_apply(&p->files[i], p->files[i].want);
		if (r) {
			files_restore(p);
			return r;
		}
		p->files[i].changed = true;
		acm_verbose("%s '%s'", p->files[i].want ? "wrote" : "removed", p->files[i].path);
	}
	return 0;
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

static int commit_batch(struct acm_nl *nl, bool removing, const struct acm_masq_ruleset *rs)
{
	struct acm_nft_batch b;
	int r;

	acm_nft_batch_init(&b, nl);
	if (removing)
		acm_masq_batch_delete(&b);
	else
		acm_masq_batch_replace(&b, rs);
	r = acm_nft_batch_commit(&b);
	acm_nft_batch_free(&b);
	if (r == -ENOENT || r == -EOPNOTSUPP) {
		acm_err("the kernel refused the nftables batch: %s%s%s; it lacks NAT support for nf_tables "
			"(modules nft_chain_nat, nft_masq, nft_nat)", strerror(-r),
			nl->extack[0] ? ": " : "", nl->extack);
		return ACM_EX_UNAVAILABLE;
	}
	if (r == -EPERM)
		return nl_exit(r, "nftables batch");
	if (r < 0) {
		acm_err("the kernel refused the nftables batch: %s%s%s; nothing was changed", strerror(-r),
			nl->extack[0] ? ": " : "", nl->extack);
		return ACM_EX_SOFTWARE;
	}
	return 0;
}

static void warn_drop_chains(const struct acm_masq_state *st)
{
	for (size_t i = 0; i < st->ndrop; i++)
		acm_warn("nftables chain '%s' drops forwarded traffic that it does not accept itself; "
			 "our accept cannot override it: allow the internal networks there too "
			 "(see masq-setup(1))", st->drop_chains[i]);
}

/* Our sysctl.d file only counts if no file applied after it turns
 * forwarding off again at boot. */
static void warn_sysctl_override(const char *root)
{
	char *value = NULL;
	char *path = acm_sysctl_d_last(root, FORWARD_KEY, &value);
	if (path && strcmp(value, "1"))
		acm_warn("'%s' sets %s = %s and is applied after ours at boot, so forwarding will be off "
			 "after a reboot: remove that line", path, FORWARD_KEY, value);
	free(path);
	free(value);
}

static void emit_summary(const struct plan *p, const char *ruleset, bool fwd_on, bool fwd_changed,
			 const char *persisted, bool changed)
{
	struct acm_record *rec = acm_record_new();
	acm_record_str(rec, "table", ACM_MASQ_TABLE);
	acm_record_str(rec, "family", "ip");
	acm_record_str(rec, "forward", fwd_on ? "on" : "off");
	acm_record_bool(rec, "changed", changed);
	acm_record_str(rec, "ruleset", ruleset);
	acm_record_bool(rec, "forward_changed", fwd_changed);
	acm_record_str(rec, "persisted", persisted);
	if (!opt_no_persist) {
		acm_record_str(rec, "sysctl_file", p->files[0].path);
		acm_record_str(rec, "nft_file", p->files[1].path);
	}
	acm_record_emit(rec, stdout);
}

int main(int argc, const char **argv)
{
	poptContext ctx;
	int nargs, r, rc = ACM_EX_OK;
	struct plan p;
	struct acm_nl nl = { 0 };
	struct acm_lock lock = { -1, NULL };
	bool have_lock = false;
	const char *root;

	memset(&p, 0, sizeof(p));
	acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	if (acm_opt.check && acm_opt.dry_run)
		acm_usage_error("--check and -n cannot be used together");
	root = opt_root ? opt_root : "/";
	if (!acm_is_dir(root)) {
		acm_err("'%s': --persist-root is not a directory", root);
		free_opts();
		poptFreeContext(ctx);
		return ACM_EX_NOINPUT;
	}
	if (!strcmp(root, "/"))
		root = "";

	if ((rc = read_spec(&p.spec)))
		goto out;

	/* Reading nftables needs CAP_NET_ADMIN too; only -n can do without. */
	if (!acm_opt.dry_run && !acm_nl_have_net_admin()) {
		acm_err("permission denied: masq-setup needs CAP_NET_ADMIN (run it as root)");
		rc = ACM_EX_NOPERM;
		goto out;
	}
	r = acm_nl_open(&nl, NETLINK_NETFILTER);
	if (r < 0) {
		rc = nl_exit(r, "cannot open a netfilter netlink socket");
		goto out;
	}
	r = acm_masq_read_state(&nl, &p.st);
	if (r == 0) {
		p.state_known = true;
	} else if (acm_opt.dry_run && (r == -EPERM || r == -EACCES)) {
		acm_verbose("cannot read the running ruleset without CAP_NET_ADMIN; assuming our table is absent");
	} else {
		rc = nl_exit(r, "cannot read the nftables ruleset");
		goto out;
	}
	r = acm_sysctl_read(FORWARD_KEY, p.fwd_now, sizeof(p.fwd_now));
	if (r < 0) {
		acm_err("cannot read %s: %s; is /proc mounted?", FORWARD_KEY, strerror(-r));
		rc = r == -ENOENT ? ACM_EX_UNAVAILABLE : ACM_EX_IOERR;
		goto out;
	}
	bool fwd_on = strcmp(p.fwd_now, "0") != 0;

	/* What a run wants. */
	char *nft_text;
	if (opt_remove) {
		p.fwd_want_off = fwd_on && p.st.present && p.st.forward_ours;
		p.table_differs = p.st.present;
		nft_text = acm_masq_delete_script();
	} else {
		/* We own forwarding when we turned it on, now or in an earlier run. */
		p.spec.forward_ours = (p.st.present && p.st.forward_ours) || !fwd_on;
		p.fwd_want_on = !fwd_on;
		acm_masq_build(&p.spec, &p.rs);
		p.want_fp = acm_masq_fingerprint(p.rs.table, p.rs.chains, 2, p.rs.rules, p.rs.nrules);
		p.table_differs = !p.st.present || strcmp(p.want_fp, p.st.fingerprint) != 0;
		if (p.st.present && p.table_differs)
			acm_verbose("running table differs from the wanted one:\n--- running\n%s--- wanted\n%s",
				    p.st.fingerprint, p.want_fp);
		nft_text = acm_masq_script(&p.spec);
	}
	if (!opt_no_persist)
		plan_files(&p, root, opt_remove, &nft_text);
	bool persist_differs = !opt_no_persist && files_differ(&p);
	bool runtime_differs = p.table_differs || p.fwd_want_on || p.fwd_want_off;

	if (!opt_remove)
		warn_drop_chains(&p.st);

	if (acm_opt.dry_run) {
		printf("#!/usr/sbin/nft -f\n# masq-setup -n: the nftables change a run would make; nothing was changed.\n");
		if (!runtime_differs && !persist_differs)
			printf("# The system already matches: a run would change nothing.\n");
		if (p.fwd_want_on)
			printf("# A run would also set %s = 1.\n", FORWARD_KEY);
		if (p.fwd_want_off)
			printf("# A run would also set %s = 0 (masq-setup turned it on).\n", FORWARD_KEY);
		for (size_t i = 0; i < p.nfiles; i++)
			if (pfile_differs(&p.files[i]))
				printf("# A run would %s %s\n", p.files[i].want ? "write" : "remove", p.files[i].path);
		fputs(nft_text, stdout);
		free(nft_text);
		goto out;
	}

	if (acm_opt.check) {
		struct acm_record *rec = acm_record_new();
		bool match = !runtime_differs && !persist_differs;
		acm_record_str(rec, "table", ACM_MASQ_TABLE);
		acm_record_str(rec, "family", "ip");
		acm_record_bool(rec, "matches", match);
		acm_record_str(rec, "ruleset", opt_remove ? (p.st.present ? "present" : "absent")
					   : !p.table_differs ? "ok" : p.st.present ? "differs" : "missing");
		acm_record_str(rec, "forward", fwd_on ? "on" : "off");
		acm_record_str(rec, "persisted", opt_no_persist ? "skipped" : persist_differs ? "differs" : "ok");
		acm_record_emit(rec, stdout);
		if (!match)
			acm_info("%s", opt_remove ? "masq-setup's setup is still (partly) in place" :
				 "the running system does not match; a run would change it");
		free(nft_text);
		rc = match ? ACM_EX_OK : ACM_EX_DIFFERS;
		goto out;
	}
	free(nft_text);

	if (!runtime_differs && !persist_differs) {
		acm_info("nothing to do: table '%s' and forwarding are already as asked", ACM_MASQ_TABLE);
		emit_summary(&p, opt_remove ? "absent" : "unchanged", fwd_on, false,
			     opt_no_persist ? "no" : opt_remove ? "absent" : "yes", false);
		goto out;
	}

	/* Serialise runs that write the same files. */
	if (!opt_no_persist && persist_differs) {
		char *lp = acm_xasprintf("%s%s", root, "/run/lock/acmtools-masq-setup.lock");
		char *ld = acm_xstrdup(lp);
		*strrchr(ld, '/') = '\0';
		(void)acm_mkdir_p(ld, 0755);
		free(ld);
		rc = acm_lock_take(&lock, lp);
		free(lp);
		if (rc)
			goto out;
		have_lock = true;
	}

	/* Files first (easy to put back), then forwarding, then the batch; a
	 * failure undoes the earlier steps so nothing is left half-done. */
	if (!opt_no_persist && (rc = files_apply(&p)))
		goto out;
	bool fwd_changed = false;
	if (p.fwd_want_on || p.fwd_want_off) {
		if ((rc = set_forward(p.fwd_want_on ? "1" : "0"))) {
			files_restore(&p);
			goto out;
		}
		fwd_changed = true;
	}
	if (p.table_differs) {
		if ((rc = commit_batch(&nl, opt_remove, &p.rs))) {
			if (fwd_changed)
				(void)set_forward(p.fwd_now);
			files_restore(&p);
			goto out;
		}
	}
	if (p.fwd_want_on)
		fwd_on = true;
	if (p.fwd_want_off)
		fwd_on = false;
	if (!opt_no_persist && !opt_remove)
		warn_sysctl_override(root);
	if (!opt_no_persist && !opt_remove && !acm_nftconf_service_enabled(root[0] ? root : "/"))
		acm_warn("nftables.service is not enabled, so %s is not loaded at boot: "
			 "systemctl enable nftables", p.nft_path);
	const char *ruleset = opt_remove ? (p.table_differs ? "removed" : "absent")
					 : !p.table_differs ? "unchanged" : p.st.present ? "replaced" : "created";
	acm_info("%s table 'ip %s'%s", ruleset, ACM_MASQ_TABLE,
		 fwd_changed ? (fwd_on ? "; IPv4 forwarding turned on" : "; IPv4 forwarding turned off") : "");
	bool files_changed = false;
	for (size_t i = 0; i < p.nfiles; i++)
		files_changed |= p.files[i].changed;
	emit_summary(&p, ruleset, fwd_on, fwd_changed,
		     opt_no_persist ? "no" : !opt_remove ? "yes" : files_changed ? "removed" : "absent", true);

out:
	if (have_lock)
		acm_lock_release(&lock);
	for (size_t i = 0; i < p.nfiles; i++)
		pfile_free(&p.files[i]);
	free((char *)p.nft_path);
	free(p.want_fp);
	acm_masq_ruleset_free(&p.rs);
	acm_masq_state_free(&p.st);
	acm_masq_spec_free(&p.spec);
	acm_nl_close(&nl);
	free_opts();
	poptFreeContext(ctx);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* masq-setup - make this host the cluster's NAT gateway: IPv4 forwarding on,
 * and an nftables table of its own that masquerades (or SNATs) the internal
 * side out of the external interfaces. One netlink batch, idempotent,
 * persisted where the stock nftables service and systemd-sysctl read at boot. */
#include "config.h"

#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"
#include "ifname.h"
#include "inaddr.h"
#include "masqplan.h"
#include "msg.h"
#include "nftconf.h"
#include "opts.h"
#include "persist.h"
#include "record.h"
#include "sysctl.h"

#define FORWARD_KEY ACM_MASQPLAN_FORWARD_KEY

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
	ACM_OPT_REMOVE(&opt_remove,
		       "what masq-setup set up (its table, forwarding if it turned it on, its files)"),
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
	ACM_TOOL_NO_ARGS("[OPTIONS] -i CIDR|IFACE... -o IFACE..."),
	.summary = "Forward and masquerade the internal network out of the external interfaces (nftables).",
	.options = options,
	.notes = "Owns the nftables table 'ip " ACM_MASQ_TABLE "'; never touches another table.\n"
		 "-n prints the nftables script a run would load (nft -f accepts it).\n"
		 "Exit status: 65 an interface that does not exist (without --allow-absent); 69 no\n"
		 "nf_tables or NAT support in the kernel, or no /proc/sys; 75 another run, or a\n"
		 "table of that name another process owns; 78 something not made by masq-setup in\n"
		 "the way.\n",
};

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

static void emit_summary(const struct acm_masqplan *p, const char *ruleset, bool fwd_on, bool fwd_changed,
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
	if (!opt_no_persist && p->files.n >= 2) {
		acm_record_str(rec, "sysctl_file", p->files.f[0]->path);
		acm_record_str(rec, "nft_file", p->files.f[1]->path);
	}
	acm_record_emit(rec, stdout);
}

static void print_script(const struct acm_masqplan *p)
{
	printf("#!/usr/sbin/nft -f\n# masq-setup -n: the nftables change a run would make; nothing was changed.\n");
	if (!acm_masqplan_runtime_differs(p) && !acm_masqplan_files_differ(p))
		printf("# The system already matches: a run would change nothing.\n");
	if (p->fwd_want_on)
		printf("# A run would also set %s = 1.\n", FORWARD_KEY);
	if (p->fwd_want_off)
		printf("# A run would also set %s = 0 (masq-setup turned it on).\n", FORWARD_KEY);
	for (size_t i = 0; i < p->files.n; i++)
		if (acm_mfile_differs(p->files.f[i]))
			printf("# A run would %s %s\n", p->files.f[i]->want_present ? "write" : "remove",
			       p->files.f[i]->path);
	fputs(p->nft_text, stdout);
}

static int report_check(const struct acm_masqplan *p)
{
	bool persist_differs = acm_masqplan_files_differ(p);
	bool match = !acm_masqplan_runtime_differs(p) && !persist_differs;
	struct acm_record *rec = acm_record_new();

	acm_record_str(rec, "table", ACM_MASQ_TABLE);
	acm_record_str(rec, "family", "ip");
	acm_record_bool(rec, "matches", match);
	acm_record_str(rec, "ruleset", opt_remove ? (p->st.present ? "present" : "absent")
				   : !p->table_differs ? "ok" : p->st.present ? "differs" : "missing");
	acm_record_str(rec, "forward", p->fwd_on ? "on" : "off");
	acm_record_str(rec, "persisted", opt_no_persist ? "skipped" : persist_differs ? "differs" : "ok");
	acm_record_emit(rec, stdout);
	if (!match)
		acm_info("%s", opt_remove ? "masq-setup's setup is still (partly) in place" :
			 "the running system does not match; a run would change it");
	return match ? ACM_EX_OK : ACM_EX_DIFFERS;
}

int main(int argc, char **argv)
{
	poptContext ctx;
	int nargs, rc = ACM_EX_OK;
	struct acm_masqplan p;
	const char *root;

	memset(&p, 0, sizeof(p));
	acm_parse_args(&tool, argc, argv, &ctx, &nargs);
	if (acm_opt.check && acm_opt.dry_run)
		acm_usage_error("--check and -n cannot be used together");
	root = opt_root ? opt_root : "/";
	if ((rc = acm_persist_check_root(root)))
		goto out;
	p.root = strcmp(root, "/") ? root : "";
	p.removing = opt_remove;
	p.persist = !opt_no_persist;
	p.dry_run = acm_opt.dry_run;

	if ((rc = read_spec(&p.spec)) || (rc = acm_masqplan_read(&p)) || (rc = acm_masqplan_compute(&p)))
		goto out;
	if (!opt_remove)
		warn_drop_chains(&p.st);
	if (acm_opt.dry_run) {
		print_script(&p);
		goto out;
	}
	if (acm_opt.check) {
		rc = report_check(&p);
		goto out;
	}
	if (!acm_masqplan_runtime_differs(&p) && !acm_masqplan_files_differ(&p)) {
		acm_info("nothing to do: table '%s' and forwarding are already as asked", ACM_MASQ_TABLE);
		emit_summary(&p, opt_remove ? "absent" : "unchanged", p.fwd_on, false,
			     opt_no_persist ? "no" : opt_remove ? "absent" : "yes", false);
		goto out;
	}
	if ((rc = acm_masqplan_apply(&p)))
		goto out;
	if (!opt_no_persist && !opt_remove)
		warn_sysctl_override(p.root);
	if (!opt_no_persist && !opt_remove && !acm_nftconf_service_enabled(p.root[0] ? p.root : "/"))
		acm_warn("nftables.service is not enabled, so %s is not loaded at boot: "
			 "systemctl enable nftables", p.nft_path);
	const char *ruleset = acm_masqplan_ruleset_word(&p);
	acm_info("%s table 'ip %s'%s", ruleset, ACM_MASQ_TABLE,
		 p.fwd_changed ? (p.fwd_on ? "; IPv4 forwarding turned on" : "; IPv4 forwarding turned off") : "");
	bool files_changed = acm_mset_changed(&p.files) > 0;
	emit_summary(&p, ruleset, p.fwd_on, p.fwd_changed,
		     opt_no_persist ? "no" : !opt_remove ? "yes" : files_changed ? "removed" : "absent", true);
out:
	acm_masqplan_free(&p);
	free_opts();
	poptFreeContext(ctx);
	return rc;
}

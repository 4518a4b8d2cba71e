/* SPDX-License-Identifier: GPL-2.0-or-later */
/* persist.c - persisted multi-uplink routing for network-scripts,
 * systemd-networkd and NetworkManager, under a root directory. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "managed.h"
#include "msg.h"
#include "persist.h"

static const char *const mode_names[] = {
	[ACM_PERSIST_AUTO] = "auto",
	[ACM_PERSIST_IFCFG] = "network-scripts",
	[ACM_PERSIST_NETWORKD] = "networkd",
	[ACM_PERSIST_NM] = "nm",
	[ACM_PERSIST_NONE] = "none",
};

int acm_persist_parse(const char *s, enum acm_persist *m)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(s, mode_names[i])) {
			*m = (enum acm_persist)i;
			return 0;
		}
	return -1;
}

const char *acm_persist_name(enum acm_persist m)
{
	return mode_names[m];
}

void acm_persist_target_free(struct acm_persist_target *t)
{
	free(t->conf);
	t->conf = NULL;
}

static char *under(const char *root, const char *path)
{
	size_t rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (rl == 1 && root[0] == '/')
		rl = 0;
	return acm_xasprintf("%.*s%s", (int)rl, root, path);
}

int acm_persist_check_root(const char *root)
{
	struct stat sb;

	if (stat(root, &sb) < 0) {
		int e = errno;
		if (e == EACCES || e == EPERM) {
			acm_err("'%s': --persist-root cannot be reached: %s; run as root or give a "
				"directory you can read", root, strerror(e));
			return ACM_EX_NOPERM;
		}
		acm_err("'%s': --persist-root %s", root,
			e == ENOENT ? "does not exist" : e == ENOTDIR ? "is not a directory" : strerror(e));
		return ACM_EX_NOINPUT;
	}
	if (!S_ISDIR(sb.st_mode)) {
		acm_err("'%s': --persist-root is not a directory", root);
		return ACM_EX_NOINPUT;
	}
	if (access(root, R_OK | X_OK) < 0) {
		acm_err("'%s': --persist-root cannot be read: %s; run as root or give a directory "
			"you can read", root, strerror(errno));
		return ACM_EX_NOPERM;
	}
	return 0;
}

/* ---- finding the manager ---- */

/* Is "key=value" (spaces around '=' allowed) on line, in section sect? We
 * read keyfiles and .network files line by line: both are INI-like. */
static bool ini_has(const char *text, const char *sect, const char *key, const char *ifname,
		    bool globs)
{
	char cur[64] = "";
	const char *p = text;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024];
		if (len < sizeof(line)) {
			memcpy(line, p, len);
			line[len] = '\0';
			char *s = line;
			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '[') {
				char *e = strchr(s, ']');
				if (e && (size_t)(e - s - 1) < sizeof(cur)) {
					memcpy(cur, s + 1, (size_t)(e - s - 1));
					cur[e - s - 1] = '\0';
				}
			} else if (!strcmp(cur, sect) && !strncmp(s, key, strlen(key))) {
				char *v = s + strlen(key);
				while (*v == ' ' || *v == '\t')
					v++;
				if (*v == '=') {
					v++;
					char *save = NULL;
					for (char *w = strtok_r(v, " \t\r", &save); w;
					     w = strtok_r(NULL, " \t\r", &save)) {
						if (globs ? fnmatch(w, ifname, 0) == 0 : !strcmp(w, ifname))
							return true;
					}
				}
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files ending in suffix in dir, sorted by name; malloc'd names. */
static size_t list_dir(const char *dir, const char *suffix, char ***out)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	size_t n = 0;
	struct dirent *de;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name), sl = strlen(suffix);
		if (de->d_name[0] == '.' || l <= sl || strcmp(de->d_name + l - sl, suffix))
			continue;
		v = acm_xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = acm_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

char *acm_persist_nm_keyfile(const char *root, const char *ifname)
{
	static const char *const dirs[] = { "/etc/NetworkManager/system-connections",
					    "/run/NetworkManager/system-connections" };
	for (size_t d = 0; d < 2; d++) {
		char *dir = under(root, dirs[d]), **names;
		size_t n = list_dir(dir, ".nmconnection", &names);
		char *found = NULL;
		for (size_t i = 0; i < n && !found; i++) {
			char *path = acm_xasprintf("%s/%s", dir, names[i]), *text;
			size_t len;
			if (acm_read_file(path, &text, &len, 1 << 20) == 0) {
				if (ini_has(text, "connection", "interface-name", ifname, false))
					found = path;
				free(text);
			}
			if (!found)
				free(path);
		}
		acm_strv_free(names, n);
		free(dir);
		if (found)
			return found;
	}
	return NULL;
}

/* networkd takes the first .network file, in lexical order of the file
 * name over all its directories (/etc shadowing the same name elsewhere),
 * whose [Match] fits. We only look at Name= globs. */
static char *find_networkd_file(const char *root, const char *ifname)
{
	static const char *const dirs[] = { "/etc/systemd/network", "/run/systemd/network",
					    "/usr/local/lib/systemd/network",
					    "/usr/lib/systemd/network", "/lib/systemd/network" };
	char **all = NULL;
	size_t nall = 0;

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char *dir = under(root, dirs[d]), **names;
		size_t n = list_dir(dir, ".network", &names);
		for (size_t i = 0; i < n; i++) {
			bool seen = false;
			for (size_t k = 0; k < nall; k++)
				if (!strcmp(strrchr(all[k], '/') + 1, names[i]))
					seen = true;
			if (seen)
				continue;
			all = acm_xrealloc(all, (nall + 1) * sizeof(*all));
			all[nall++] = acm_xasprintf("%s/%s", dir, names[i]);
		}
		acm_strv_free(names, n);
		free(dir);
	}
	/* Sort by base name. */
	for (size_t i = 1; i < nall; i++)
		for (size_t j = i; j > 0 && strcmp(strrchr(all[j - 1], '/'), strrchr(all[j], '/')) > 0; j--) {
			char *t = all[j];
			all[j] = all[j - 1];
			all[j - 1] = t;
		}
	char *found = NULL;
	for (size_t i = 0; i < nall && !found; i++) {
		char *text;
		size_t len;
		if (acm_read_file(all[i], &text, &len, 1 << 20) == 0) {
			if (ini_has(text, "Match", "Name", ifname, true))
				found = acm_xstrdup(all[i]);
			free(text);
		}
	}
	acm_strv_free(all, nall);
	return found;
}

int acm_persist_detect(const char *root, const char *ifname, enum acm_persist want,
		       struct acm_persist_target *t)
{
	memset(t, 0, sizeof(*t));
	t->mode = want;
	switch (want) {
	case ACM_PERSIST_NONE:
	case ACM_PERSIST_IFCFG:
		return 0;
	case ACM_PERSIST_NM:
		t->conf = acm_persist_nm_keyfile(root, ifname);
		if (!t->conf) {
			char *d = under(root, "/etc/NetworkManager/system-connections");
			acm_err("'%s': no NetworkManager keyfile with interface-name=%s in '%s'; "
				"create the connection first or choose another --persist", ifname,
				ifname, d);
			free(d);
			return ACM_EX_CONFIG;
		}
		return 0;
	case ACM_PERSIST_NETWORKD:
		t->conf = find_networkd_file(root, ifname);
		if (!t->conf) {
			acm_err("'%s': no systemd-networkd .network file matches this interface "
				"under '%s'; create one or choose another --persist", ifname, root);
			return ACM_EX_CONFIG;
		}
		return 0;
	case ACM_PERSIST_AUTO:
		break;
	}
	if ((t->conf = acm_persist_nm_keyfile(root, ifname))) {
		t->mode = ACM_PERSIST_NM;
		return 0;
	}
	if ((t->conf = find_networkd_file(root, ifname))) {
		t->mode = ACM_PERSIST_NETWORKD;
		return 0;
	}
	char *path = acm_xasprintf("/etc/sysconfig/network-scripts/ifcfg-%s", ifname);
	char *full = under(root, path);
	bool ifcfg = acm_exists(full);
	free(path);
	free(full);
	t->mode = ifcfg ? ACM_PERSIST_IFCFG : ACM_PERSIST_NONE;
	return 0;
}

/* ---- rendering ---- */

struct name_ctx {
	const char *ifname;
};

static const char *the_ifname(int ifindex, void *ctx)
{
	(void)ifindex;
	return ((struct name_ctx *)ctx)->ifname;
}

char *acm_persist_render_ifcfg(const struct acm_rt_obj *o, size_t n, const char *ifname, int family,
			       bool rules)
{
	struct acm_buf b = ACM_BUF_INIT;
	struct name_ctx ctx = { ifname };

	for (size_t i = 0; i < n; i++) {
		if ((o[i].kind == ACM_RT_RULE) != rules)
			continue;
		int fam = rules ? o[i].u.rule.family : o[i].u.route.family;
		if (fam != family)
			continue;
		struct acm_rt_change c = { ACM_RT_ADD, o[i] };
		char *line = acm_rt_change_batch_line(&c, the_ifname, &ctx);
		/* ifup-routes runs `ip route add LINE` / `ip rule add LINE`. */
		const char *args = strchr(line, ' ');
		args = args ? strchr(args + 1, ' ') : NULL;
		acm_buf_addf(&b, "%s\n", args ? args + 1 : line);
		free(line);
	}
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}

char *acm_persist_render_networkd(const struct acm_rt_obj *o, size_t n)
{
	struct acm_buf b = ACM_BUF_INIT;
	char a[64];

	acm_buf_adds(&b, "# Written by multihome-route (acmtools); `multihome-route --remove` takes it away.\n"
			 "# networkd >= 248 deletes rules it did not make unless\n"
			 "# ManageForeignRoutingPolicyRules=no is set in networkd.conf.\n");
	for (size_t i = 0; i < n; i++) {
		if (o[i].kind == ACM_RT_ROUTE) {
			const struct acm_rt_route *r = &o[i].u.route;
			acm_buf_adds(&b, "\n[Route]\n");
			if (r->dst_len)
				acm_buf_addf(&b, "Destination=%s/%u\n", acm_inaddr_str(r->family, &r->dst, a),
					     r->dst_len);
			if (r->has_gw)
				acm_buf_addf(&b, "Gateway=%s\n", acm_inaddr_str(r->family, &r->gw, a));
			if (r->has_prefsrc)
				acm_buf_addf(&b, "PreferredSource=%s\n",
					     acm_inaddr_str(r->family, &r->prefsrc, a));
			if (r->scope == RT_SCOPE_LINK)
				acm_buf_adds(&b, "Scope=link\n");
			if (r->metric)
				acm_buf_addf(&b, "Metric=%u\n", r->metric);
			acm_buf_addf(&b, "Table=%u\nProtocol=%u\n", r->table, r->protocol);
		} else {
			const struct acm_rt_rule *r = &o[i].u.rule;
			acm_buf_adds(&b, "\n[RoutingPolicyRule]\n");
			acm_buf_addf(&b, "From=%s/%u\n", acm_inaddr_str(r->family, &r->src, a), r->src_len);
			acm_buf_addf(&b, "Table=%u\nPriority=%u\n", r->table, r->priority);
		}
	}
	return acm_buf_steal(&b);
}

bool acm_persist_nm_key(const char *line, enum acm_persist_nm_key *kind, long *num, const char **val)
{
	const char *p = NULL;
	enum acm_persist_nm_key k = ACM_PERSIST_NM_ROUTE;
	if (!strncmp(line, "routing-rule", 12)) {
		p = line + 12;
		k = ACM_PERSIST_NM_RULE;
	} else if (!strncmp(line, "route", 5)) {
		p = line + 5;
	}
	if (!p)
		return false;
	char *end;
	long n = strtol(p, &end, 10);
	if (end == p || !isdigit((unsigned char)*p) || n < ACM_PERSIST_NM_BASE || n > ACM_PERSIST_NM_END)
		return false;
	if (k == ACM_PERSIST_NM_ROUTE && !strncmp(end, "_options=", 9)) {
		k = ACM_PERSIST_NM_OPTIONS;
		end += 8;
	}
	if (*end != '=')
		return false;
	*kind = k;
	*num = n;
	if (val)
		*val = end + 1;
	return true;
}

static bool nm_our_key(const char *line)
{
	enum acm_persist_nm_key k;
	long n;
	return acm_persist_nm_key(line, &k, &n, NULL);
}

static void nm_keys(struct acm_buf *b, const struct acm_rt_obj *o, size_t n, int family)
{
	char a[64], g[64];
	int ri = ACM_PERSIST_NM_BASE, qi = ACM_PERSIST_NM_BASE;

	for (size_t i = 0; i < n; i++) {
		if (o[i].kind == ACM_RT_ROUTE && o[i].u.route.family == family) {
			const struct acm_rt_route *r = &o[i].u.route;
			acm_buf_addf(b, "route%d=%s/%u", ri, acm_inaddr_str(family, &r->dst, a), r->dst_len);
			if (r->has_gw)
				acm_buf_addf(b, ",%s", acm_inaddr_str(family, &r->gw, g));
			acm_buf_addf(b, "\nroute%d_options=", ri);
			if (r->has_prefsrc)
				acm_buf_addf(b, "src=%s,", acm_inaddr_str(family, &r->prefsrc, a));
			acm_buf_addf(b, "table=%u\n", r->table);
			ri++;
		} else if (o[i].kind == ACM_RT_RULE && o[i].u.rule.family == family) {
			const struct acm_rt_rule *r = &o[i].u.rule;
			acm_buf_addf(b, "routing-rule%d=priority %u from %s/%u table %u\n", qi, r->priority,
				     acm_inaddr_str(family, &r->src, a), r->src_len, r->table);
			qi++;
		}
	}
}

/* A section the keyfile lacks: header and our keys, when we have any. */
static void nm_add_section(struct acm_buf *out, const char *header, const struct acm_rt_obj *o,
			   size_t n, int family)
{
	struct acm_buf keys = ACM_BUF_INIT;

	nm_keys(&keys, o, n, family);
	if (keys.len) {
		acm_buf_adds(out, header);
		acm_buf_add(out, keys.data, keys.len);
	}
	acm_buf_free(&keys);
}

static bool line_is(const char *p, size_t len, const char *s)
{
	return len == strlen(s) && !memcmp(p, s, len);
}

void acm_persist_render_nm_n(const char *keyfile, size_t len, const struct acm_rt_obj *o, size_t n,
			     struct acm_buf *out)
{
	bool done4 = false, done6 = false;
	const char *p = keyfile ? keyfile : "", *end = p + (keyfile ? len : 0);

	acm_buf_reset(out);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t l = eol ? (size_t)(eol - p) : (size_t)(end - p);
		/* the key test sees the line up to a NUL; the line is copied whole */
		char *line = acm_xmalloc(l + 1);
		memcpy(line, p, l);
		line[l] = '\0';
		if (!nm_our_key(line)) {
			acm_buf_add(out, p, l);
			acm_buf_addc(out, '\n');
			if (line_is(p, l, "[ipv4]") && !done4) {
				nm_keys(out, o, n, AF_INET);
				done4 = true;
			} else if (line_is(p, l, "[ipv6]") && !done6) {
				nm_keys(out, o, n, AF_INET6);
				done6 = true;
			}
		}
		free(line);
		p = eol ? eol + 1 : end;
	}
	if (!done4)
		nm_add_section(out, "\n[ipv4]\n", o, n, AF_INET);
	if (!done6)
		nm_add_section(out, "\n[ipv6]\n", o, n, AF_INET6);
	acm_buf_adds(out, "");
}

char *acm_persist_render_nm(const char *keyfile, const struct acm_rt_obj *o, size_t n)
{
	struct acm_buf out = ACM_BUF_INIT;
	acm_persist_render_nm_n(keyfile, keyfile ? strlen(keyfile) : 0, o, n, &out);
	return acm_buf_steal(&out);
}

/* ---- writing ---- */

/* One of our files in the set: loaded (lib/core/managed: only a missing
 * file is absent, every byte kept), its directories made when needed. */
static int plan_file(struct acm_mset *s, const char *path, mode_t mode, struct acm_mfile **f)
{
	int rc = acm_mset_load(s, path, f);
	if (!rc) {
		(*f)->mkdir_parent = true;
		(*f)->mode = mode;
	}
	return rc;
}

/* A whole file of ours: text, or NULL for no file. */
static int plan_whole(struct acm_mset *s, const char *path, const char *text, mode_t mode,
		      bool *changed)
{
	struct acm_mfile *f;
	int rc = plan_file(s, path, mode, &f);
	if (rc)
		return rc;
	if (text)
		acm_mfile_set(f, text, strlen(text));
	else
		acm_mfile_set_absent(f);
	*changed = *changed || acm_mfile_differs(f);
	return 0;
}

/* Our block in a file the admin may also edit; body "" takes it out and
 * removes the file when nothing else is left. */
static int plan_block(struct acm_mset *s, const char *path, const char *body, bool *changed)
{
	struct acm_mfile *f;
	int rc = plan_file(s, path, 0644, &f);
	if (rc)
		return rc;
	acm_mfile_set_block(f, ACM_PERSIST_BEGIN, ACM_PERSIST_END, *body ? body : NULL);
	if (f->damaged)
		acm_warn("'%s': our managed block was damaged (stray markers); rewrote it", path);
	*changed = *changed || acm_mfile_differs(f);
	return 0;
}

static int write_ifcfg(const char *root, const char *ifname, const struct acm_rt_obj *o, size_t n,
		       bool *changed, struct acm_mset *s)
{
	static const struct { const char *prefix; int family; bool rules; } files[] = {
		{ "route", AF_INET, false }, { "rule", AF_INET, true },
		{ "route6", AF_INET6, false }, { "rule6", AF_INET6, true },
	};
	for (size_t i = 0; i < 4; i++) {
		char *name = acm_xasprintf("%s-%s", files[i].prefix, ifname);
		char *rel = acm_xasprintf("/etc/sysconfig/network-scripts/%s", name);
		char *path = under(root, rel);
		char *body = acm_persist_render_ifcfg(o, n, ifname, files[i].family, files[i].rules);
		int rc = plan_block(s, path, body, changed);
		free(body);
		free(path);
		free(rel);
		free(name);
		if (rc)
			return rc;
	}
	return 0;
}

static char *networkd_dropin(const char *root, const char *network_file)
{
	const char *base = strrchr(network_file, '/');
	char *rel = acm_xasprintf("/etc/systemd/network/%s.d/" ACM_PERSIST_DROPIN, base ? base + 1 : network_file);
	char *path = under(root, rel);
	free(rel);
	return path;
}

char *acm_persist_networkd_dropin(const char *root, const char *ifname)
{
	char *net = find_networkd_file(root, ifname);
	char *path = net ? networkd_dropin(root, net) : NULL;
	free(net);
	return path;
}

int acm_persist_write(const char *root, const struct acm_persist_target *t, const char *ifname,
		      const struct acm_rt_obj *o, size_t n, bool *changed, struct acm_mset *s)
{
	switch (t->mode) {
	case ACM_PERSIST_IFCFG:
		return write_ifcfg(root, ifname, o, n, changed, s);
	case ACM_PERSIST_NETWORKD: {
		char *path = networkd_dropin(root, t->conf);
		char *text = acm_persist_render_networkd(o, n);
		int rc = plan_whole(s, path, text, 0644, changed);
		free(text);
		free(path);
		return rc;
	}
	case ACM_PERSIST_NM: {
		/* NetworkManager refuses keyfiles others can read. */
		struct acm_mfile *f;
		int rc = plan_file(s, t->conf, 0600, &f);
		if (rc)
			return rc;
		if (!f->want_present) {
			acm_err("cannot read '%s': %s", t->conf, strerror(ENOENT));
			return ACM_EX_NOINPUT;
		}
		struct acm_buf text = ACM_BUF_INIT;
		acm_persist_render_nm_n(f->want.data, f->want.len, o, n, &text);
		acm_mfile_set(f, text.data, text.len);
		acm_buf_free(&text);
		*changed = *changed || acm_mfile_differs(f);
		return 0;
	}
	case ACM_PERSIST_AUTO:
	case ACM_PERSIST_NONE:
		break;
	}
	return 0;
}

/* Does a file name fit "PREFIX-IFACE" for ifname (NULL: any)? */
static bool ifcfg_name_for(const char *name, const char *prefix, const char *ifname)
{
	size_t pl = strlen(prefix);
	if (strncmp(name, prefix, pl) || name[pl] != '-')
		return false;
	return !ifname || !strcmp(name + pl + 1, ifname);
}

int acm_persist_remove(const char *root, const char *ifname, size_t *nfiles, struct acm_mset *s)
{
	int rc = 0;
	*nfiles = 0;

	/* network-scripts: our block in route-/rule-/route6-/rule6- files. */
	char *dir = under(root, "/etc/sysconfig/network-scripts"), **names;
	size_t n = list_dir(dir, "", &names);
	for (size_t i = 0; i < n && !rc; i++) {
		if (!ifcfg_name_for(names[i], "route", ifname) && !ifcfg_name_for(names[i], "rule", ifname) &&
		    !ifcfg_name_for(names[i], "route6", ifname) && !ifcfg_name_for(names[i], "rule6", ifname))
			continue;
		char *path = acm_xasprintf("%s/%s", dir, names[i]);
		bool ch = false;
		rc = plan_block(s, path, "", &ch);
		*nfiles += ch;
		free(path);
	}
	acm_strv_free(names, n);
	free(dir);

	/* networkd: our drop-in in every FILE.network.d/. */
	dir = under(root, "/etc/systemd/network");
	n = list_dir(dir, ".network.d", &names);
	for (size_t i = 0; i < n && !rc; i++) {
		if (ifname) {
			char *net = acm_xstrdup(names[i]);
			net[strlen(net) - 2] = '\0';
			char *found = find_networkd_file(root, ifname);
			bool match = found && !strcmp(strrchr(found, '/') + 1, net);
			free(found);
			free(net);
			if (!match)
				continue;
		}
		char *path = acm_xasprintf("%s/%s/" ACM_PERSIST_DROPIN, dir, names[i]);
		bool ch = false;
		struct acm_mfile *f;
		rc = plan_file(s, path, 0644, &f);
		if (!rc) {
			acm_mfile_set_absent(f);
			f->rmdir_parent = true;  /* the .d directory too, when that empties it */
			ch = acm_mfile_differs(f);
		}
		*nfiles += ch;
		free(path);
	}
	acm_strv_free(names, n);
	free(dir);

	/* NetworkManager: our numbered keys in keyfiles. */
	static const char *const nmdirs[] = { "/etc/NetworkManager/system-connections",
					      "/run/NetworkManager/system-connections" };
	for (size_t d = 0; d < 2 && !rc; d++) {
		dir = under(root, nmdirs[d]);
		n = list_dir(dir, ".nmconnection", &names);
		for (size_t i = 0; i < n && !rc; i++) {
			char *path = acm_xasprintf("%s/%s", dir, names[i]);
			struct acm_mfile *f;
			rc = plan_file(s, path, 0600, &f);
			if (!rc && f->want_present &&
			    (!ifname || ini_has(acm_buf_str(&f->want), "connection", "interface-name", ifname, false))) {
				struct acm_buf text = ACM_BUF_INIT;
				acm_persist_render_nm_n(f->want.data, f->want.len, NULL, 0, &text);
				acm_mfile_set(f, text.data, text.len);
				acm_buf_free(&text);
				*nfiles += acm_mfile_differs(f);
			}
			free(path);
		}
		acm_strv_free(names, n);
		free(dir);
	}
	return rc;
}

int acm_persist_names(const char *root, const uint32_t *ids, const char *const *names, size_t n,
		      bool remove, size_t *nfiles, struct acm_mset *s)
{
	bool pch = false, tch = false;
	bool *changed = &pch;
	char *protos = under(root, "/etc/iproute2/rt_protos.d/acmtools.conf");
	char *tables = under(root, "/etc/iproute2/rt_tables.d/acmtools.conf");
	int rc;

	if (remove) {
		rc = plan_whole(s, protos, NULL, 0644, changed);
		if (!rc)
			rc = plan_whole(s, tables, NULL, 0644, &tch);
	} else {
		char *ptext = acm_xasprintf("# Written by multihome-route (acmtools): its routes and rules.\n"
					    "%d\t%s\n", ACM_RTPROT, ACM_RTPROT_NAME);
		rc = plan_whole(s, protos, ptext, 0644, changed);
		free(ptext);
		if (!rc) {
			struct acm_buf b = ACM_BUF_INIT;
			for (size_t i = 0; i < n; i++)
				acm_buf_addf(&b, "%u\t%s\n", ids[i], names[i]);
			char *ttext = NULL;
			if (n)
				ttext = acm_xasprintf("# Written by multihome-route (acmtools): uplink tables.\n%s",
						      acm_buf_str(&b));
			rc = plan_whole(s, tables, ttext, 0644, &tch);
			free(ttext);
			acm_buf_free(&b);
		}
	}
	free(protos);
	free(tables);
	*nfiles += (size_t)pch + (size_t)tch;
	return rc;
}

char *acm_persist_read_rt_tables(const char *root, bool ours)
{
	struct acm_buf b = ACM_BUF_INIT;
	static const char *const files[] = { "/usr/share/iproute2/rt_tables", "/etc/iproute2/rt_tables" };

	for (size_t i = 0; i < 2; i++) {
		char *path = under(root, files[i]), *text;
		size_t len;
		if (acm_read_file(path, &text, &len, 1 << 20) == 0) {
			acm_buf_addf(&b, "%s\n", text);
			free(text);
		}
		free(path);
	}
	char *dir = under(root, "/etc/iproute2/rt_tables.d"), **names;
	size_t n = list_dir(dir, ".conf", &names);
	for (size_t i = 0; i < n; i++) {
		if (!ours && !strcmp(names[i], "acmtools.conf"))
			continue;
		char *path = acm_xasprintf("%s/%s", dir, names[i]), *text;
		size_t len;
		if (acm_read_file(path, &text, &len, 1 << 20) == 0) {
			acm_buf_addf(&b, "%s\n", text);
			free(text);
		}
		free(path);
	}
	acm_strv_free(names, n);
	free(dir);
	acm_buf_adds(&b, "");
	return acm_buf_steal(&b);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specdirs.c - the directories a package may claim (see specdirs.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "specdirs.h"

const char *acm_specdirs_value(const struct acm_install_list *l, const char *macro)
{
	for (size_t i = 0; l && i < l->ndirs; i++)
		if (!strcmp(l->dirs[i][0], macro))
			return l->dirs[i][1];
	return NULL;
}

bool acm_specdirs_under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

bool acm_specdirs_in(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && !strncmp(path, dir, n) && path[n] == '/' && !strchr(path + n + 1, '/');
}

char *acm_specdirs_parent(const char *p)
{
	const char *s = strrchr(p, '/');
	if (!s || s == p)
		return acm_xstrdup("/");
	return acm_xasprintf("%.*s", (int)(s - p), p);
}

/* Rule 1: the filesystem package's and friends' (fpm#838, #1607). */
static bool system_dir(const struct acm_install_list *l, const char *d)
{
	static const char *const fixed[] = { "/", "/usr", "/usr/lib", "/usr/lib64", "/usr/share", "/etc",
		"/var", "/opt", "/usr/local", "/usr/src", "/etc/default",
		/* the unmerged root (ZFS on a host whose udev and mount helpers live there) */
		"/bin", "/sbin", "/lib", "/lib64", NULL };
	static const char *const shared_sub[] = { "pkgconfig", "cmake", "aclocal", "applications", "icons",
		"doc", "licenses", "locale", "man", "info", "bash-completion", "bash-completion/completions",
		"mime", "mime/packages", "metainfo", "appdata", "zsh", "zsh/site-functions", "fish",
		"fish/vendor_completions.d", "dbus-1", "polkit-1", "glib-2.0", "glib-2.0/schemas", NULL };
	for (int i = 0; fixed[i]; i++)
		if (!strcmp(d, fixed[i]))
			return true;
	for (size_t i = 0; i < l->ndirs; i++) {
		const char *v = l->dirs[i][1];
		if (!strcmp(d, v) || acm_specdirs_under(v, d))   /* a macro dir or one of its parents */
			return true;
	}
	const char *roots[] = { acm_specdirs_value(l, "_datadir"), acm_specdirs_value(l, "_libdir"), "/usr/lib" };
	for (int r = 0; r < 3; r++) {
		if (!roots[r])
			continue;
		for (int i = 0; shared_sub[i]; i++) {
			char *x = acm_xasprintf("%s/%s", roots[r], shared_sub[i]);
			bool eq = !strcmp(d, x);
			free(x);
			if (eq)
				return true;
		}
	}
	/* Python's own trees: /usr/lib/python3.11, its site-packages */
	const char *py = strstr(d, "/python3");
	if (py && (!strncmp(d, "/usr/lib/", 9) || !strncmp(d, "/usr/lib64/", 11)) &&
	    (!strchr(py + 1, '/') || !strcmp(strchr(py + 1, '/'), "/site-packages") ||
	     !strcmp(strchr(py + 1, '/'), "/dist-packages")))
		return true;
	/* man sections, locale trees, icon theme trees */
	const char *man = acm_specdirs_value(l, "_mandir");
	if (man && acm_specdirs_in(d, man))
		return true;
	const char *data = acm_specdirs_value(l, "_datadir");
	if (data) {
		char *loc = acm_xasprintf("%s/locale", data), *ico = acm_xasprintf("%s/icons", data);
		bool in = acm_specdirs_under(d, loc) || acm_specdirs_under(d, ico);
		free(loc);
		free(ico);
		if (in)
			return true;
	}
	return false;
}

/* Rule 2: trees whose layout another package defines and owns */
static const char *const trees[] = {
	"/usr/share/initramfs-tools", "/etc/initramfs-tools",           /* initramfs-tools */
	"/usr/lib/dracut", "/etc/dracut.conf.d",                        /* dracut */
	"/usr/lib/systemd", "/lib/systemd", "/etc/systemd",             /* systemd */
	"/usr/lib/udev", "/lib/udev", "/etc/udev",                      /* udev */
	"/usr/share/bash-completion", "/etc/bash_completion.d",         /* bash-completion */
	"/usr/lib/modules", "/lib/modules",                             /* the kernel's */
	"/usr/share/pam-configs", "/etc/pam.d", "/usr/lib/security",    /* pam */
	"/usr/lib64/security", "/lib/security", "/lib64/security",
	"/usr/share/dbus-1", "/etc/dbus-1", "/usr/share/polkit-1", "/etc/polkit-1",
	"/usr/share/zsh", "/usr/share/fish", NULL };

/* Is a component of d after its first skip bytes named for the package?
 * With sys, components that are the system's do not count. */
static bool named_below(const struct acm_install_list *l, const char *d, size_t skip, const char *name, bool sys)
{
	if (!name || !*name)
		return false;
	for (const char *c = d + skip; *c;) {
		while (*c == '/')
			c++;
		size_t n = strcspn(c, "/");
		char *comp = acm_xasprintf("%.*s", (int)n, c), *upto = acm_xasprintf("%.*s", (int)(c + n - d), d);
		bool hit = strcasestr(comp, name) && !(sys && system_dir(l, upto));
		free(comp);
		free(upto);
		if (hit)
			return true;
		c += n;
	}
	return false;
}

bool acm_specdirs_others(const struct acm_install_list *l, const char *d, const char *name)
{
	if (system_dir(l, d))
		return true;
	const char *libdir = acm_specdirs_value(l, "_libdir");
	char *pam = libdir ? acm_xasprintf("%s/security", libdir) : NULL;
	const char *tree = pam && acm_specdirs_under(d, pam) ? pam : NULL;
	for (int i = 0; trees[i] && !tree; i++)
		if (acm_specdirs_under(d, trees[i]))
			tree = trees[i];
	bool in_tree = tree != NULL, named = tree && named_below(l, d, strlen(tree), name, false);
	free(pam);
	if (in_tree)
		return !named;
	const char *b = strrchr(d, '/');
	b = b ? b + 1 : d;
	if (strlen(b) > 2 && acm_text_ends_with(b, ".d"))   /* rule 3 */
		return !named_below(l, d, 0, name, true);
	return false;
}

char *acm_specdirs_own_top(const struct acm_install_list *l, const char *p, const char *name)
{
	char *top = NULL, *cur = acm_specdirs_parent(p);
	while (strcmp(cur, "/") && !acm_specdirs_others(l, cur, name)) {
		free(top);
		top = acm_xstrdup(cur);
		char *up = acm_specdirs_parent(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	return top;
}

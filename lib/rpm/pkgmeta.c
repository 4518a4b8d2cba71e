/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pkgmeta.c - packager, changelog date and RPM field rules: one copy each,
 * so that --release means the same in every tool. */
#include "config.h"

#include <ctype.h>
#include <git2.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "opts.h"
#include "pkgmeta.h"
#include "rpmbuild.h"
#include "text.h"

static bool charset(const char *s, const char *extra, size_t max)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++)
		if (n >= max || (!(isascii((unsigned char)*s) && isalnum((unsigned char)*s)) &&
				 !strchr(extra, *s)))
			return false;
	return true;
}

bool acm_pkgmeta_valid_name(const char *s)
{
	return charset(s, "-._+", 128) && isalnum((unsigned char)s[0]);
}

bool acm_pkgmeta_valid_version(const char *s)
{
	return charset(s, "._+~^", 128);
}

bool acm_pkgmeta_valid_release(const char *s)
{
	return charset(s, "._+~", 64);
}

char *acm_pkgmeta_release_arg(char *opt)
{
	if (!opt)
		return acm_xstrdup("1");
	if (!acm_pkgmeta_valid_release(opt))
		acm_usage_error("--release '%s': not a usable release; use " ACM_PKGMETA_RELEASE_RULE, opt);
	return opt;
}

int acm_pkgmeta_epoch(long long *when)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	int64_t v;

	*when = -1;
	if (!e || !*e)
		return 0;
	if (e[0] == '-' || !acm_text_i64(e, &v) || (time_t)v != v) {
		acm_err("SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970; "
			"set it to one (e.g. $(git log -1 --format=%%ct)) or unset it", e);
		return ACM_EX_CONFIG;
	}
	*when = v;
	return 0;
}

char *acm_pkgmeta_date(long long when)
{
	char buf[64];
	time_t t = when >= 0 ? (time_t)when : time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof buf, "%a %b %d %Y", &tm))
		snprintf(buf, sizeof buf, "Thu Jan 01 1970");
	return acm_xstrdup(buf);
}

bool acm_pkgmeta_valid_packager(const char *s)
{
	const char *lt, *gt;

	if (!s || !*s || strlen(s) > 256 || strchr(s, '%'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	lt = strchr(s, '<');
	gt = strrchr(s, '>');
	return lt && lt > s && gt && gt > lt + 1 && gt[1] == '\0';
}

/* a login or host name we can put into "login <login@host>" */
static bool plain_word(const char *s)
{
	return charset(s, "._-", 64);
}

static char *from_git(void)
{
	git_config *cfg = NULL, *snap = NULL;
	const char *n = NULL, *e = NULL;
	char *who = NULL;

	git_libgit2_init();
	if (git_config_open_default(&cfg) == 0 && git_config_snapshot(&snap, cfg) == 0 &&
	    git_config_get_string(&n, snap, "user.name") == 0 &&
	    git_config_get_string(&e, snap, "user.email") == 0)
		who = acm_xasprintf("%s <%s>", n, e);
	git_config_free(snap);
	git_config_free(cfg);
	git_libgit2_shutdown();
	if (who && !acm_pkgmeta_valid_packager(who)) {
		free(who);
		who = NULL;
	}
	return who;
}

char *acm_pkgmeta_packager(void)
{
	char *p = acm_rpm_eval("%{?packager}");
	const char *login = NULL;
	struct passwd *pw;
	char host[256];

	if (acm_pkgmeta_valid_packager(p))
		return p;
	free(p);
	p = from_git();
	if (p)
		return p;
	pw = getpwuid(getuid());
	if (pw && plain_word(pw->pw_name))
		login = pw->pw_name;
	else if (plain_word(getenv("USER")))
		login = getenv("USER");
	else
		login = "root";
	if (gethostname(host, sizeof host) < 0 || (host[sizeof host - 1] = '\0', !plain_word(host)))
		snprintf(host, sizeof host, "localhost");
	return acm_xasprintf("%s <%s@%s>", login, login, host);
}

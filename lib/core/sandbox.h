/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sandbox.h - run someone else's build as root without letting it write
 * the host: the child gets an unprivileged identity (`nobody`) that owns
 * one directory, and a private mount namespace in which everything but
 * that directory is read-only. A `make install` that ignores DESTDIR then
 * fails with EROFS/EACCES instead of writing into /usr.
 *
 * When we are not root nothing changes: the user's own permissions already
 * keep /usr safe. */
#ifndef ACM_SANDBOX_H
#define ACM_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

struct acm_sandbox {
	char *dir;          /* the one writable directory (absolute) */
	bool active;        /* we are root: confine the child */
	uid_t uid;
	gid_t gid;
	char *user;         /* the identity's name, for messages */
	char *env[4];       /* TMPDIR and HOME inside dir, NULL-terminated */
};

/* Parent side: when root, pick the identity (the `nobody` user), make
 * dir/tmp and dir/home for the child's TMPDIR and HOME, and give it
 * everything below dir (chown, links not followed) - so the caller makes
 * the directories the child writes first; dir itself stays root's (0755),
 * for files the child must not replace. Returns 0, or an exit status
 * after a message (69 no such user, 73 cannot prepare dir). */
int acm_sandbox_prepare(struct acm_sandbox *sb, const char *dir);

/* Environment the child should get ("NAME=VALUE", NULL-terminated): empty
 * when not active. */
const char *const *acm_sandbox_env(const struct acm_sandbox *sb);

/* Child side, an acm_run pre_exec hook (arg: struct acm_sandbox *): a new
 * mount namespace with / read-only recursively and dir read-write, then no
 * supplementary groups, the identity's gid and uid, and no_new_privs.
 * Without mount namespaces (no CAP_SYS_ADMIN, kernel < 5.12) the identity
 * alone stands. Returns 0 or an errno after a message. */
int acm_sandbox_enter(void *arg);

void acm_sandbox_free(struct acm_sandbox *sb);

#endif

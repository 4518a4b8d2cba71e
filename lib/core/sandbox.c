/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sandbox.c - an unprivileged identity and a read-only view of the host for
 * a child that runs untrusted build steps (see sandbox.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"
#include "exitcodes.h"
#include "fileio.h"
#include "fstree.h"
#include "msg.h"
#include "sandbox.h"

/* mount_setattr(2) (Linux 5.12): the one call that makes a whole mount
 * tree read-only; MS_REMOUNT|MS_RDONLY changes one mount only. glibc < 2.36
 * has no wrapper, so the raw call with the kernel's own layout. */
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442   /* the same number on every architecture */
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
struct acm_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};
#define ACM_MOUNT_ATTR_RDONLY 0x1ULL

static int chown_entry(const struct acm_fstree_entry *e, void *ud)
{
	const struct acm_sandbox *sb = ud;
	if (fchownat(e->dirfd, e->name, sb->uid, sb->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return 0;
}

int acm_sandbox_prepare(struct acm_sandbox *sb, const char *dir)
{
	memset(sb, 0, sizeof(*sb));
	sb->dir = acm_xstrdup(dir);
	if (geteuid() != 0)
		return 0;
	/* nobody: present on every distribution, owns no file of the host */
	struct passwd *pw = getpwnam("nobody");
	if (!pw || pw->pw_uid == 0) {
		acm_err("running as root, the build would run as user 'nobody', which this host "
			"does not have; add it (useradd -r nobody) or run as an ordinary user");
		return ACM_EX_UNAVAILABLE;
	}
	sb->uid = pw->pw_uid;
	sb->gid = pw->pw_gid;
	sb->user = acm_xstrdup(pw->pw_name);
	sb->env[0] = acm_xasprintf("TMPDIR=%s/tmp", dir);
	sb->env[1] = acm_xasprintf("HOME=%s/home", dir);
	for (int i = 0; i < 2; i++) {
		const char *p = strchr(sb->env[i], '=') + 1;
		int m = acm_mkdir_p(p, 0755);
		if (m) {
			acm_err("'%s': cannot create: %s", p, strerror(-m));
			return ACM_EX_CANTCREAT;
		}
	}
	/* dir itself stays root's: what we keep there (the build log) cannot
	 * be swapped for a link by the build */
	int rc = acm_fstree_walk(dir, chown_entry, NULL, sb);
	if (!rc && chmod(dir, 0755) < 0)   /* mkdtemp's 0700 would shut nobody out */
		rc = -errno;
	if (rc) {
		acm_err("'%s': cannot hand it to user %s: %s", dir, sb->user, strerror(rc < 0 ? -rc : EIO));
		return ACM_EX_CANTCREAT;
	}
	sb->active = true;
	return 0;
}

const char *const *acm_sandbox_env(const struct acm_sandbox *sb)
{
	return (const char *const *)sb->env;
}

static int setattr(const char *path, uint64_t set, uint64_t clr)
{
	struct acm_mount_attr a = { .attr_set = set, .attr_clr = clr };
	return (int)syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &a, sizeof(a));
}

/* The read-only view. Returns 0, 1 when this host cannot give one (no
 * privilege for namespaces, an old kernel: the identity alone stands), or
 * an errno. */
static int read_only_host(const struct acm_sandbox *sb)
{
	/* scratch places a build expects to write get fresh empty tmpfs
	 * mounts, gone with the namespace: make 4.3 -O crashes when tmpfile()
	 * cannot write /tmp */
	static const char *const scratch[] = { "/tmp", "/var/tmp", "/dev/shm", NULL };
	if (unshare(CLONE_NEWNS) < 0)
		return errno == EPERM || errno == EINVAL || errno == ENOSYS ? 1 : errno;
	/* private first, or our mounts would propagate back to the host */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return errno;
	/* held open: dir may be below a scratch place that is covered next */
	int fd = open(sb->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int e = 0;
	if (setattr("/", ACM_MOUNT_ATTR_RDONLY, 0) < 0)
		e = errno == ENOSYS ? 1 : errno;
	for (int i = 0; !e && scratch[i]; i++)
		if (acm_is_dir(scratch[i]) &&
		    mount("tmpfs", scratch[i], "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0)
			e = errno;
	char *from = acm_xasprintf("/proc/self/fd/%d", fd);
	/* dir as a mount of its own, writable below the read-only rest */
	if (!e && (acm_mkdir_p(sb->dir, 0755) || mount(from, sb->dir, NULL, MS_BIND | MS_REC, NULL) < 0 ||
		   setattr(sb->dir, 0, ACM_MOUNT_ATTR_RDONLY) < 0))
		e = errno;
	free(from);
	close(fd);
	return e;
}

int acm_sandbox_enter(void *arg)
{
	const struct acm_sandbox *sb = arg;
	if (!sb || !sb->active)
		return 0;
	int e = read_only_host(sb);
	if (e > 1) {
		acm_err("cannot make the host read-only for the build: %s", strerror(e));
		return e;
	}
	if (e == 1)
		acm_verbose("no mount namespace here: the build runs as user %s only", sb->user);
	if (setgroups(0, NULL) < 0 || setgid(sb->gid) < 0 || setuid(sb->uid) < 0) {
		e = errno;
		acm_err("cannot become user %s for the build: %s", sb->user, strerror(e));
		return e;
	}
	/* no way back: a set-uid helper (sudo, su) gains nothing */
	if (setuid(0) == 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		acm_err("cannot drop root for the build");
		return EPERM;
	}
	if (access(sb->dir, X_OK) < 0) {
		e = errno;
		acm_err("'%s': user %s cannot write there (%s); set TMPDIR to a directory every "
			"user can enter, such as /tmp", sb->dir, sb->user, strerror(e));
		return e;
	}
	return 0;
}

void acm_sandbox_free(struct acm_sandbox *sb)
{
	free(sb->dir);
	free(sb->user);
	for (int i = 0; sb->env[i]; i++)
		free(sb->env[i]);
	memset(sb, 0, sizeof(*sb));
}

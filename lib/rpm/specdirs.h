/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specdirs.h - which directories a package's %files may claim. A package
 * owns the directories it creates and no others: claiming one of the
 * filesystem package's, or one another package owns (initramfs-tools'
 * conf.d, dracut's modules.d, systemd's, bash-completion's, pkgconfig's),
 * makes the two conflict or leaves that directory to be removed with us
 * (fpm#838, #1607). The rule, for a directory D and the package NAME:
 *   1. the system's: the filesystem package's directories, every rpm
 *      directory macro's value and its parents, the shared subdirectories of
 *      %{_datadir} and %{_libdir} (pkgconfig, cmake, aclocal, man, doc,
 *      locale, icons, bash-completion, ...), Python's own site-packages,
 *      man sections, locale and icon trees: never ours;
 *   2. inside another package's tree (ACM_SPECDIRS_TREES: initramfs-tools,
 *      dracut, systemd, udev, bash-completion, pam, kernel modules, dbus,
 *      polkit, zsh, fish): ours only when a directory below the tree's
 *      top, on the way to D, is named for the package (its name holds
 *      NAME, any case: dracut's modules.d/90zfs, and all below it);
 *   3. a drop-in directory (a name ending in ".d": conf.d, cron.d,
 *      xorg.conf.d): its reader's, ours only when D or a directory above it
 *      that is not the system's is named for the package (/etc/zfs/zed.d
 *      is ZFS's own);
 *   4. anything else is ours. */
#ifndef ACM_SPECDIRS_H
#define ACM_SPECDIRS_H

#include <stdbool.h>

#include "specwrite.h"

/* The value of an rpm directory macro on this host ("_libdir" ->
 * "/usr/lib64"), or NULL. */
const char *acm_specdirs_value(const struct acm_install_list *l, const char *macro);

/* Is path dir or below it? (dir NULL or "": no.) */
bool acm_specdirs_under(const char *path, const char *dir);
/* Is path directly in dir? */
bool acm_specdirs_in(const char *path, const char *dir);
/* "/a/b" -> "/a", "/a" -> "/" (malloc'd) */
char *acm_specdirs_parent(const char *path);

/* Is directory d the system's or another package's (rules 1-3 above)? */
bool acm_specdirs_others(const struct acm_install_list *l, const char *d, const char *name);

/* The highest directory above path that is ours (rule 4), or NULL when
 * path's parent is not. malloc'd. */
char *acm_specdirs_own_top(const struct acm_install_list *l, const char *path, const char *name);

#endif

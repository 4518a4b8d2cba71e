/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trialcache.h - specgen's trial build result (the install list), kept per
 * user so that --check and a re-run do not build again. The key is a
 * SHA-256 over specgen's version, the effective uid (confined or not), the
 * source's content (the tarball's bytes, a directory's files, a git
 * commit), the trial spec (every option that shapes the build is in it) and
 * this host's rpm directory macros. Entries are written atomically; read
 * back, an entry is untrusted: parsed strictly, and its list goes through
 * the same check as a fresh trial's (acm_specprobe_list_check). */
#ifndef ACM_TRIALCACHE_H
#define ACM_TRIALCACHE_H

#include "source.h"
#include "specwrite.h"

/* $XDG_CACHE_HOME/acmtools, else /var/cache/acmtools for root, else
 * ~/.cache/acmtools; malloc'd, or NULL when there is none. */
char *acm_trialcache_dir(void);

/* The key (64 hex digits, malloc'd), or NULL (message printed with -v)
 * when the source cannot be digested. */
char *acm_trialcache_key(struct acm_source *src, const char *trial_spec, const struct acm_install_list *dirs);

/* Fill out->v/n from the entry for key: 0 on a hit; 1 on a miss or an
 * entry that is not well formed (ignored, with a warning). */
int acm_trialcache_load(const char *key, struct acm_install_list *out);

/* Keep l's files for key; a failure only warns (the cache is a shortcut). */
void acm_trialcache_store(const char *key, const struct acm_install_list *l);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libload.c - libraries loaded on demand; see libload.h. */
#include "config.h"
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

#include "exitcodes.h"
#include "libload.h"
#include "msg.h"

struct acm_libload_archive acm_libload_archive;
struct acm_libload_crypto acm_libload_crypto;

/* dlopen soname and fill the n slots with names, all or none. NULL, or
 * what failed. RTLD_NOW: a missing symbol is found here, not in the
 * middle of a copy. */
static const char *load(const char *soname, const char *const *names, void **const *slots, size_t n)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return dlerror();
	void *got[32];
	for (size_t i = 0; i < n; i++)
		if (i >= sizeof(got) / sizeof(got[0]) || !(got[i] = dlsym(h, names[i]))) {
			dlclose(h);   /* none: the handle is not kept either */
			return names[i];
		}
	for (size_t i = 0; i < n; i++)
		*slots[i] = got[i];
	return NULL;
}

#define ACM_LIBLOAD_NAME(field, sym) #sym,
#define ACM_LIBLOAD_COUNT(names) (sizeof(names) / sizeof((names)[0]))

int acm_libload_need_archive(const char *media)
{
	static int st = -1;
	if (st >= 0)
		return st;
#define ACM_LIBLOAD_SLOT(field, sym) (void **)&acm_libload_archive.field,
	static const char *const names[] = { ACM_LIBLOAD_ARCHIVE(ACM_LIBLOAD_NAME) };
	static void **const slots[] = { ACM_LIBLOAD_ARCHIVE(ACM_LIBLOAD_SLOT) };
#undef ACM_LIBLOAD_SLOT
	const char *why = load(ACM_LIBARCHIVE_SONAME, names, slots, ACM_LIBLOAD_COUNT(names));
	st = why ? ACM_EX_UNAVAILABLE : 0;
	if (why)
		acm_err("'%s': cannot read it without libarchive (%s: %s); install libarchive13 (Debian/Ubuntu) or libarchive (EL/Fedora)",
			media, ACM_LIBARCHIVE_SONAME, why);
	return st;
}

void acm_libload_need_crypto(void)
{
	static bool done;
	if (done)
		return;
#define ACM_LIBLOAD_SLOT(field, sym) (void **)&acm_libload_crypto.field,
	static const char *const names[] = { ACM_LIBLOAD_CRYPTO(ACM_LIBLOAD_NAME) };
	static void **const slots[] = { ACM_LIBLOAD_CRYPTO(ACM_LIBLOAD_SLOT) };
#undef ACM_LIBLOAD_SLOT
	const char *why = load(ACM_LIBCRYPTO_SONAME, names, slots, ACM_LIBLOAD_COUNT(names));
	if (why) {
		acm_err("cannot hash without libcrypto (%s: %s); install libssl3 (Debian/Ubuntu) or openssl-libs (EL/Fedora)",
			ACM_LIBCRYPTO_SONAME, why);
		exit(ACM_EX_UNAVAILABLE);
	}
	done = true;
}

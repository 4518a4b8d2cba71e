/* SPDX-License-Identifier: GPL-2.0-or-later */
/* archdl.c - libarchive loaded on demand; see archdl.h. */
#include "config.h"
#include <dlfcn.h>
#include <stddef.h>

#include "archdl.h"
#include "exitcodes.h"
#include "msg.h"

struct acm_archdl acm_archdl;

int acm_archdl_load(const char *media)
{
	static int st = -1;
	if (st >= 0)
		return st;
	/* RTLD_NOW: a missing symbol is found here, not in the middle of a copy */
	void *h = dlopen(ACM_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;
#define ACM_ARCHDL_SYM(field, name) \
	if (h && !missing && !(*(void **)&acm_archdl.field = dlsym(h, "archive_" #name))) \
		missing = "archive_" #name;
	ACM_ARCHDL_FUNCS(ACM_ARCHDL_SYM)
#undef ACM_ARCHDL_SYM
	if (h && !missing)
		return st = 0;
	acm_err("'%s': cannot read it without libarchive: %s%s%s; install libarchive13 (Debian/Ubuntu) or libarchive (EL/Fedora)",
		media, h ? "no " : dlerror(), h ? missing : "", h ? " in " ACM_LIBARCHIVE_SONAME : "");
	return st = ACM_EX_UNAVAILABLE;
}

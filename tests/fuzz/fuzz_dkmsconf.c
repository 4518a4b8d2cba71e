/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_dkmsconf.c - libFuzzer over mx2g-pack's static reading of a shipped
 * dkms.conf (raw bytes, NULs included) and the splitting of its MAKE[0],
 * PRE_BUILD and POST_BUILD into argument vectors for one kernel, with and
 * without a kernel to decide its ifs. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dkmscmd.h"
#include "dkmsconf.h"
#include "dkmstest.h"
#include "msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void split(const struct acm_dkmsconf *c, const char *value)
{
	const struct acm_dkmscmd_env env = { "6.1.0-57-amd64", "/usr/src/linux-headers-6.1.0-57-amd64",
					      "\001" };
	struct acm_dkmscmd *cmds;
	size_t n;
	char *why;

	if (!value)
		return;
	if (acm_dkmscmd_split(c, value, &env, &cmds, &n, &why) == 0)
		acm_dkmscmd_free(cmds, n);
	else
		free(why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acm_dkmsconf c;

	acm_set_verbosity(ACM_QUIET);
	acm_dkmsconf_parse((const char *)data, size, &c);
	split(&c, c.make);
	split(&c, c.pre_build);
	split(&c, c.post_build);
	split(&c, c.clean);
	split(&c, ACM_DKMSCONF_DEFAULT_MAKE);
	acm_dkmsconf_free(&c);
	/* read for a kernel: its ifs decided (the tree is absent: -f is false) */
	const struct acm_dkmstest_kernel k = { "6.1.0-57-amd64", "/nonexistent/kernel" };

	acm_dkmsconf_parse_kernel((const char *)data, size, &k, &c);
	split(&c, c.make);
	acm_dkmsconf_free(&c);
	return 0;
}

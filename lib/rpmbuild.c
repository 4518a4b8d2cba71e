/* rpmbuild.c - run rpmbuild with a kept log (see rpmbuild.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "exitcodes.h"
#include "msg.h"
#include "rpmbuild.h"
#include "run.h"

bool acm_rpmbuild_need_nodeps(void)
{
	static int cached = -1;
	if (cached < 0) {
		/* the kernel's scripts/package/mkspec habit: --nodeps only when
		 * the database has no rpm package (Debian, Ubuntu) */
		const char *argv[] = { "rpm", "-q", "--quiet", "rpm", NULL };
		struct acm_run r = { .argv = argv, .capture_out = true, .capture_err = true };
		cached = acm_run(&r, 1) != 0;
		acm_run_free(&r);
	}
	return cached;
}

int acm_rpmbuild_run(const char *mode, const char *spec, const char *topdir,
		     const char *const *defines, const char *log, int fail_code)
{
	const char *argv[64];
	char *owned[32];
	int n = 0, no = 0;
	argv[n++] = "rpmbuild";
	argv[n++] = mode;
	if (acm_rpmbuild_need_nodeps())
		argv[n++] = "--nodeps";
	if (topdir) {
		argv[n++] = "--define";
		argv[n++] = owned[no++] = acm_xasprintf("_topdir %s", topdir);
	}
	for (int i = 0; defines && defines[i] && n < 60; i++) {
		argv[n++] = "--define";
		argv[n++] = defines[i];
	}
	argv[n++] = spec;
	argv[n] = NULL;
	acm_verbose("running rpmbuild %s %s (log: %s)", mode, spec, log);
	struct acm_run r = { .argv = argv, .log_path = log };
	int rc = acm_run(&r, fail_code);
	if (rc && rc != ACM_EX_UNAVAILABLE) {
		char *tail = acm_tail_file(log, 15);
		acm_err("rpmbuild %s %s failed; the last lines of its log:\n%s\nfull log: %s",
			mode, spec, tail ? tail : "(empty)", log);
		free(tail);
	}
	acm_run_free(&r);
	for (int i = 0; i < no; i++)
		free(owned[i]);
	return rc;
}

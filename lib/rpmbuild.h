/* rpmbuild.h - run rpmbuild the way every tool should: an argv through
 * acm_run, --nodeps only when the rpm database does not know rpm itself
 * (Debian: `rpm -q rpm` fails, so every BuildRequires would), the output
 * kept in a log whose tail and path are printed when the build fails. */
#ifndef ACM_RPMBUILD_H
#define ACM_RPMBUILD_H

#include <stdbool.h>

/* Does this host need --nodeps (`rpm -q rpm` fails)? Asked once. */
bool acm_rpmbuild_need_nodeps(void);

/* rpmbuild MODE [--nodeps] --define "_topdir TOPDIR" [DEFINES...] SPEC, all
 * output appended to log. mode: "-bi", "-ba", ...; topdir may be NULL;
 * defines: "name value" strings, NULL-terminated, may be NULL. Returns 0,
 * 69 when rpmbuild is missing, or fail_code after printing the log's last
 * lines and its path. */
int acm_rpmbuild_run(const char *mode, const char *spec, const char *topdir,
		     const char *const *defines, const char *log, int fail_code);

#endif

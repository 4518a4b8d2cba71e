/* SPDX-License-Identifier: GPL-2.0-or-later */
/* dkmsconf.h - read a driver source's shipped dkms.conf without running it.
 * dkms sources the file with bash as root; here its shell-variable syntax
 * is read statically: NAME=value and NAME[N]=value assignments, NAME=(a b)
 * arrays, single and double quotes, backslashes, line continuations,
 * comments, and $NAME / ${NAME} of variables the file set before. The
 * variables dkms sets at build time ($kernelver, $kernel_source_dir,
 * $dkms_tree, $source_tree, $module, $module_version) stay as ${NAME} in
 * the values and are filled per kernel by acm_dkmscmd_split() (dkmscmd.h).
 *
 * What cannot be known without running the file - $(cmd), `cmd`, ${X:-y},
 * $1, an assignment inside a loop or an if/case not decided for the kernel,
 * an index that is not a number - makes that variable unknown. An unknown value is refused (an error naming
 * dkms.conf and its line) where the build needs it: BUILT_MODULE_NAME,
 * BUILT_MODULE_LOCATION, DEST_MODULE_LOCATION, MAKE[0], PRE_BUILD,
 * POST_BUILD. Elsewhere it is ignored: PACKAGE_NAME/PACKAGE_VERSION with a
 * warning (the name and version then come from elsewhere), the fields the
 * kmod build does not use silently. A line that is a command rather than an
 * assignment is never run; it is ignored with a warning. CLEAN is read but
 * not run: each kernel's build starts from a fresh copy of the source.
 * The words are read by dkmsword.h. Used by the tree scan (kmodscan.h)
 * and the kmod spec (kmodspec.h). */
#ifndef ACM_DKMSCONF_H
#define ACM_DKMSCONF_H

#include <stddef.h>

struct acm_dkmsconf_module {
	char *name;      /* BUILT_MODULE_NAME[i]: "hdaps" */
	char *location;  /* BUILT_MODULE_LOCATION[i], where the .ko is built: "" or "src/" */
	char *dest;      /* DEST_MODULE_LOCATION[i]: "/kernel/drivers/misc", or NULL */
};

struct acm_dkmsconf_var;

struct acm_dkmsconf {
	char *package_name;     /* NULL when not set or not static */
	char *package_version;  /* as written (no check that it is an RPM version) */
	struct acm_dkmsconf_module *mods;
	size_t nmods;
	char *make;             /* MAKE[0], or NULL: dkms's default make line */
	char *pre_build, *post_build, *clean;  /* NULL when not set */
	unsigned make_line, pre_build_line, post_build_line;  /* where each was set */
	char *error;            /* "line N: why": the file cannot be built as it says */
	char **warnings;        /* "line N: what was ignored" */
	size_t nwarnings;
	struct acm_dkmsconf_var *vars;
	size_t nvars;
};

/* Read text[0..len) (NULs refused) into *c (zeroed first). Returns 0, or -1
 * with c->error set; either way c is to be freed with acm_dkmsconf_free. */
int acm_dkmsconf_parse(const char *text, size_t len, struct acm_dkmsconf *c);
/* The same for one kernel (dkmstest.h): if/elif/else branches and case
 * items that kernel decides are taken or skipped,
 * ". $kernel_source_dir/.config" reads its options, $(echo $kernelver |
 * cut/sed ...) and `...` give its version parts. An if or case it cannot
 * decide leaves what it sets unknown, as above; an if or case the reader
 * cannot follow (no fi/esac, a ';' in a pattern) is an error naming its
 * line. */
struct acm_dkmstest_kernel;
int acm_dkmsconf_parse_kernel(const char *text, size_t len, const struct acm_dkmstest_kernel *k,
			      struct acm_dkmsconf *c);
void acm_dkmsconf_free(struct acm_dkmsconf *c);

/* The value of the plain variable NAME (or NAME[0]) as the file set it,
 * or NULL when it is not set or not static. */
const char *acm_dkmsconf_value(const struct acm_dkmsconf *c, const char *name);

/* dkms's own make line when MAKE[0] is not set (dkms 3.0). dkms also runs
 * a leading "make" as "make -jN KERNELRELEASE=$kernelver": the spec does. */
#define ACM_DKMSCONF_DEFAULT_MAKE \
	"make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build"

#endif

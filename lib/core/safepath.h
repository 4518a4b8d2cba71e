/* safepath.h - paths confined under a root: for untrusted names from media and
 * archives. Refuses absolute paths, "..", and symlinks that lead out. */
#ifndef ACM_SAFEPATH_H
#define ACM_SAFEPATH_H

#include <sys/types.h>

/* Check a relative name from untrusted input, lexically: not empty, not
 * absolute, no ".." component, no NUL. Returns 0 or -EINVAL. Leading "./"
 * and repeated slashes are allowed; the cleaned form is written to *clean
 * (malloc'd) when clean is not NULL. */
int acm_path_clean_rel(const char *name, char **clean);

/* Join root and an untrusted relative name into *out (malloc'd), after the
 * lexical check and a walk of the existing components under root: a symlink
 * whose target leads outside root is refused (-ELOOP); a symlink inside is
 * followed. Returns 0, -EINVAL (bad name), -ELOOP (escapes), or -errno. */
int acm_path_join_under(const char *root, const char *name, char **out);

/* Open name beneath the directory rootfd without ever following a symlink:
 * a component walk with openat(O_NOFOLLOW), so a link planted in the tree
 * (even one swapped in while we walk) is never followed: -ELOOP. Creates
 * missing parent directories (0755) when flags has O_CREAT. Returns an fd
 * or -errno. */
int acm_open_beneath(int rootfd, const char *name, int flags, mode_t mode);

#endif

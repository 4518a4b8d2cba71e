/* fsjournal.h - a journal of the file changes a run makes (files written
 * or removed, directories made or removed), so that when a later step of
 * the run fails every one of them is put back as it was, newest first.
 * multihome-route's and masq-setup's boot files go through it. */
#ifndef ACM_FSJOURNAL_H
#define ACM_FSJOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct acm_fsjournal;

struct acm_fsjournal *acm_fsjournal_new(void);
void acm_fsjournal_free(struct acm_fsjournal *j);
size_t acm_fsjournal_count(const struct acm_fsjournal *j);

/* Make path hold text (NULL: not exist), creating missing directories, and
 * journal what changed in j (NULL: no journal). With dry = true nothing is
 * written. *changed is set when the file differed. A file that cannot be
 * read (other than absent) is not replaced. 0 or an exit status (message
 * printed). */
int acm_fsjournal_sync(const char *path, const char *text, mode_t mode, bool dry, bool *changed,
		       struct acm_fsjournal *j);

/* Remove dir when it is empty, journalled. 0 or -errno. */
int acm_fsjournal_rmdir(const char *dir, struct acm_fsjournal *j);

/* Put everything back, newest change first. 0, or 74 when something could
 * not be restored (each one named in a message). */
int acm_fsjournal_run(struct acm_fsjournal *j);

#endif

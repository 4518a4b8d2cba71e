/* SPDX-License-Identifier: GPL-2.0-or-later */
/* discinfo.h - the known .discinfo ids: the compose timestamp on line 1 of a
 * Red Hat style disc's .discinfo, and the name xCAT's copycds files that disc
 * under. Consulted before any parsing, as copycds does, because many discs
 * do not state their release well enough to be named from their text
 * (CentOS 6 says a bare "6.6", AltArch media a build date, RHEL 7.0
 * "RHEL-7.0 Server.ppc64"). */
#ifndef ACM_DISCINFO_H
#define ACM_DISCINFO_H

#include <stddef.h>

struct acm_discinfo_row {
	const char *id;     /* .discinfo line 1, exactly as the disc has it */
	const char *osver;  /* the directory name copycds gives it: "centos6.6" */
	const char *arch;   /* the architecture that disc is for, in copycds'
			     * spelling ("x86" for 32-bit, "ppc64"), or NULL
			     * when the table's source does not say */
	int totaldiscs;     /* discs in the set when known, else 0 */
};

extern const struct acm_discinfo_row acm_discinfo_table[];
extern const size_t acm_discinfo_count;

/* The row for a .discinfo id (blanks around it ignored), or NULL. */
const struct acm_discinfo_row *acm_discinfo_lookup(const char *id);

#endif

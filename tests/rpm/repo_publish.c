/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repo_publish.c - test driver for lib/repo (kbuild --repo and mx2g-pack
 * --repo share it): `repo_publish DIR PACKAGE...` publishes and prints one
 * record per package (path=, changed=) and one metadata_changed= record. */
#include "config.h"

#include <stdio.h>

#include "msg.h"
#include "record.h"
#include "repo.h"

int main(int argc, char **argv)
{
	struct acm_repo_result res;
	int rc;

	acm_set_prog("repo_publish");
	if (argc < 2) {
		fprintf(stderr, "usage: repo_publish DIR PACKAGE...\n");
		return 64;
	}
	rc = acm_repo_publish(argv[1], argv + 2, (size_t)(argc - 2), &res);
	if (rc)
		return rc;
	for (size_t i = 0; i < res.n; i++) {
		struct acm_record *r = acm_record_new();

		acm_record_str(r, "file", res.paths[i]);
		acm_record_bool(r, "changed", res.changed[i]);
		acm_record_emit(r, stdout);
	}
	struct acm_record *r = acm_record_new();

	acm_record_bool(r, "metadata_changed", res.metadata_changed);
	acm_record_emit(r, stdout);
	acm_repo_result_free(&res);
	return 0;
}

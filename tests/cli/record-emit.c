/* SPDX-License-Identifier: GPL-2.0-or-later */
/* record-emit.c - test helper: print records with the values given on the
 * command line, as a tool would, so shell tests can eval hostile values.
 *   record-emit [--json] [--one] KEY VALUE [KEY VALUE]...
 * One record per pair, or with --one all pairs in one record. */
#include "config.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "record.h"

int main(int argc, char **argv)
{
	bool one = false;
	int i = 1;
	struct acm_record *r = NULL;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--json") == 0)
			acm_record_set_json(true);
		else if (strcmp(argv[i], "--one") == 0)
			one = true;
	}
	if ((argc - i) % 2) {
		fputs("usage: record-emit [--json] [--one] KEY VALUE...\n", stderr);
		return 2;
	}
	for (; i < argc; i += 2) {
		if (!r)
			r = acm_record_new();
		acm_record_str(r, argv[i], argv[i + 1]);
		if (!one) {
			acm_record_emit(r, stdout);
			r = NULL;
		}
	}
	if (r)
		acm_record_emit(r, stdout);
	return fclose(stdout) ? 1 : 0;
}

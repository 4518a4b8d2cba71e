/* fuzz_source.c - libFuzzer target: any bytes as a SOURCE tarball; open,
 * walk (reading every file), and the hostile-entry checks must never crash
 * or write outside the tree. */
#define _GNU_SOURCE 1
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "source.h"
#include "specdetect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-1.0.tar", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	struct acm_source *s;
	if (acm_source_open(&s, path, NULL) == 0) {
		struct acm_detect d = { 0 };
		(void)acm_detect_scan(s, &d);
		acm_detect_free(&d);
		acm_source_close(s);
	}
	close(fd);
	return 0;
}

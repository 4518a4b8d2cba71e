/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysctl.c - /proc/sys access and sysctl.d file text. */
#include "config.h"

#include "sysctl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fileio.h"

static const char *procdir = "/proc/sys";

void acm_sysctl_set_procdir(const char *dir)
{
	procdir = dir ? dir : "/proc/sys";
}

char *acm_sysctl_path(const char *key)
{
	struct acm_buf b = ACM_BUF_INIT;
	/* sysctl(8): a key with a '/' is split at '/' only, so a name may hold
	 * dots (net/ipv4/conf/eth0.100/rp_filter) */
	char sep = key && strchr(key, '/') ? '/' : '.';
	const char *p = key;

	if (!key || !*key)
		return NULL;
	acm_buf_adds(&b, procdir);
	for (;;) {
		size_t n = strcspn(p, sep == '/' ? "/" : ".");
		if (n == 0 || (n == 1 && *p == '.') || (n == 2 && !strncmp(p, "..", 2))) {
			acm_buf_free(&b);
			return NULL;
		}
		acm_buf_addc(&b, '/');
		acm_buf_add(&b, p, n);
		p += n;
		if (!*p)
			return acm_buf_steal(&b);
		p++;
	}
}

int acm_sysctl_read(const char *key, char *buf, size_t n)
{
	char *path = acm_sysctl_path(key), *data = NULL;
	size_t len = 0;
	int r;

	if (!path)
		return -EINVAL;
	r = acm_read_file(path, &data, &len, 4096);
	free(path);
	if (r < 0)
		return r;
	while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
		data[--len] = '\0';
	if (len >= n) {
		free(data);
		return -ENAMETOOLONG;
	}
	memcpy(buf, data, len + 1);
	free(data);
	return 0;
}

int acm_sysctl_write(const char *key, const char *value)
{
	char *path = acm_sysctl_path(key);
	int fd, r = 0;

	if (!path)
		return -EINVAL;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return -errno;
	/* /proc/sys takes the whole value in one write; a short write is an error. */
	ssize_t w = write(fd, value, strlen(value));
	if (w < 0)
		r = -errno;
	else if ((size_t)w != strlen(value))
		r = -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

char *acm_sysctl_conf_text(const char *comment, const char *key, const char *value)
{
	struct acm_buf b = ACM_BUF_INIT;
	const char *p = comment;

	while (p && *p) {
		size_t n = strcspn(p, "\n");
		acm_buf_adds(&b, "# ");
		acm_buf_add(&b, p, n);
		acm_buf_addc(&b, '\n');
		p += n;
		if (*p)
			p++;
	}
	acm_buf_addf(&b, "%s = %s\n", key, value);
	return acm_buf_steal(&b);
}

/* Compare keys treating '/' and '.' alike (sysctl(8) accepts both). */
static int key_eq(const char *a, size_t alen, const char *b)
{
	size_t i;
	for (i = 0; i < alen && b[i]; i++) {
		char x = a[i] == '/' ? '.' : a[i];
		char y = b[i] == '/' ? '.' : b[i];
		if (x != y)
			return 0;
	}
	return i == alen && b[i] == '\0';
}

char *acm_sysctl_conf_get(const char *text, const char *key)
{
	char *found = NULL;
	const char *line = text;

	while (line && *line) {
		size_t len = strcspn(line, "\n");
		const char *s = line, *e = line + len, *eq;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s < e && *s == '-')     /* "-key = v": ignore errors for this key */
			s++;
		if (s < e && *s != '#' && *s != ';' && (eq = memchr(s, '=', (size_t)(e - s)))) {
			const char *ke = eq, *vs = eq + 1, *ve = e;
			while (ke > s && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			while (vs < ve && (*vs == ' ' || *vs == '\t'))
				vs++;
			while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			if (key_eq(s, (size_t)(ke - s), key)) {
				free(found);
				found = acm_xmalloc((size_t)(ve - vs) + 1);
				memcpy(found, vs, (size_t)(ve - vs));
				found[ve - vs] = '\0';
			}
		}
		line = *e ? e + 1 : e;
	}
	return found;
}

struct conf_file {
	char *name;   /* base name: the sort key */
	char *path;
};

static int by_conf_name(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->name, ((const struct conf_file *)b)->name);
}

char *acm_sysctl_d_last(const char *root, const char *key, char **value)
{
	static const char *const dirs[] = { "/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
					    "/usr/lib/sysctl.d", "/lib/sysctl.d" };
	struct conf_file *files = NULL;
	size_t n = 0;
	char *found = NULL;

	*value = NULL;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char *dir = acm_xasprintf("%s%s", root, dirs[d]);
		DIR *dh = opendir(dir);
		struct dirent *de;
		while (dh && (de = readdir(dh))) {
			size_t len = strlen(de->d_name);
			bool seen = false;
			if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".conf"))
				continue;
			for (size_t i = 0; i < n && !seen; i++)
				seen = !strcmp(files[i].name, de->d_name);
			if (seen)
				continue;
			files = acm_xrealloc(files, (n + 1) * sizeof(*files));
			files[n].name = acm_xstrdup(de->d_name);
			files[n].path = acm_xasprintf("%s/%s", dir, de->d_name);
			n++;
		}
		if (dh)
			closedir(dh);
		free(dir);
	}
	if (n)
		qsort(files, n, sizeof(*files), by_conf_name);
	for (size_t i = 0; i < n; i++) {
		char *text = NULL, *v;
		size_t len;
		if (acm_read_file(files[i].path, &text, &len, 1 << 20) == 0 && (v = acm_sysctl_conf_get(text, key))) {
			free(*value);
			free(found);
			*value = v;
			found = acm_xstrdup(files[i].path);
		}
		free(text);
	}
	for (size_t i = 0; i < n; i++) {
		free(files[i].name);
		free(files[i].path);
	}
	free(files);
	return found;
}

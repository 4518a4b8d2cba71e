/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmodvar.c - --make-var values and their %{top} placeholder (see
 * kmodvar.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kmodvar.h"
#include "spectext.h"

#define TOP_LEN (sizeof ACM_KMODVAR_TOP - 1)

/* the characters of a path after %{top} */
static size_t path_len(const char *p)
{
	size_t n = 0;

	while (p[n] && (strchr("._+-/", p[n]) || (p[n] >= '0' && p[n] <= '9') ||
			(p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z')))
		n++;
	return n;
}

/* Does the path p[0..n) have a ".." part? */
static bool climbs(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || p[i - 1] == '/') && p[i] == '.' && i + 1 < n && p[i + 1] == '.' &&
		    (i + 2 == n || p[i + 2] == '/'))
			return true;
	return false;
}

const char *acm_kmodvar_check(const char *nv)
{
	const char *eq = strchr(nv, '=');
	struct acm_buf rest = ACM_BUF_INIT;
	bool word;

	if (!eq || eq == nv)
		return "give NAME=VALUE";
	for (const char *p = nv; p < eq; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return "a name of letters, digits and '_'";
	for (const char *p = eq + 1; *p;) {
		if (strncmp(p, ACM_KMODVAR_TOP, TOP_LEN) == 0) {
			p += TOP_LEN;
			if (climbs(p, path_len(p))) {
				acm_buf_free(&rest);
				return "a path after %{top} that climbs out of the source ('..')";
			}
			acm_buf_addc(&rest, '/');
			continue;
		}
		if (*p == '%') {
			acm_buf_free(&rest);
			return "an unknown placeholder: %{top} (the build copy's top directory) is the "
			       "only one, and a value has no other '%'";
		}
		acm_buf_addc(&rest, *p++);
	}
	word = !rest.len || acm_spectext_is_word(acm_buf_str(&rest));
	acm_buf_free(&rest);
	return word ? NULL : "a value without blanks, quotes or '%'";
}

bool acm_kmodvar_shell(struct acm_buf *b, const char *nv, const char *top)
{
	bool ok = true;

	while (ok && *nv) {
		const char *hit = strstr(nv, ACM_KMODVAR_TOP);
		size_t n = hit ? (size_t)(hit - nv) : strlen(nv);

		if (n) {
			char *part = acm_xasprintf("%.*s", (int)n, nv);

			ok = acm_spectext_shell(b, part);
			free(part);
		}
		if (!hit)
			break;
		acm_buf_adds(b, top);
		nv = hit + TOP_LEN;
	}
	return ok;
}

bool acm_kmodvar_keeps(const char *const *vars, const char *path)
{
	for (size_t v = 0; vars && vars[v]; v++) {
		for (const char *p = strstr(vars[v], ACM_KMODVAR_TOP); p;
		     p = strstr(p, ACM_KMODVAR_TOP)) {
			const char *d;
			size_t n;

			p += TOP_LEN;
			d = p;
			n = path_len(d);
			while (n && *d == '/')
				d++, n--;
			while (n && d[n - 1] == '/')
				n--;
			if (climbs(d, n))
				continue;
			if (!n || (strncmp(path, d, n) == 0 && (path[n] == '/' || !path[n])))
				return true;
		}
	}
	return false;
}

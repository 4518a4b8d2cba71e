/* license.c - match a license text against the phrases that identify the
 * common licenses. Text is compared case-folded with runs of white space
 * and comment marks squeezed to one space, so "# Permission is hereby\n#
 * granted" matches too. */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "buf.h"
#include "license.h"

bool acm_license_is_file(const char *name)
{
	static const char *const pre[] = { "COPYING", "LICENSE", "LICENCE", "COPYRIGHT", NULL };
	for (int i = 0; pre[i]; i++)
		if (strncasecmp(name, pre[i], strlen(pre[i])) == 0)
			return true;
	return false;
}

static char *squeeze(const char *text, size_t len)
{
	char *out = acm_xmalloc(len + 1);
	size_t o = 0;
	bool space = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (isspace(c) || c == '#' || c == '*' || (c == '/' && i + 1 < len && text[i + 1] == '/')) {
			if (!space)
				out[o++] = ' ';
			space = true;
			continue;
		}
		out[o++] = (char)tolower(c);
		space = false;
	}
	out[o] = '\0';
	return out;
}

static bool has(const char *t, const char *phrase)
{
	return strstr(t, phrase) != NULL;
}

/* the first n bytes of t contain phrase */
static bool near_top(const char *t, const char *phrase, size_t n)
{
	const char *p = strstr(t, phrase);
	return p && (size_t)(p - t) < n;
}

const char *acm_license_identify(const char *text, size_t len, bool *gnu)
{
	*gnu = false;
	char *t = squeeze(text, len);
	const char *id = NULL;
	if (near_top(t, "gnu affero general public license", 400)) {
		id = "AGPL-3.0";
		*gnu = true;
	} else if (near_top(t, "gnu lesser general public license", 400)) {
		id = has(t, "version 2.1") ? "LGPL-2.1" : has(t, "version 3") ? "LGPL-3.0" : NULL;
		*gnu = id != NULL;
	} else if (near_top(t, "gnu library general public license", 400)) {
		id = "LGPL-2.0";
		*gnu = true;
	} else if (near_top(t, "gnu general public license", 400)) {
		id = near_top(t, "version 3", 600) ? "GPL-3.0" : near_top(t, "version 2", 600) ? "GPL-2.0" :
		     near_top(t, "version 1", 600) ? "GPL-1.0" : NULL;
		*gnu = id != NULL;
	} else if (has(t, "apache license") && has(t, "version 2.0")) {
		id = "Apache-2.0";
	} else if (has(t, "mozilla public license") && (has(t, "version 2.0") || has(t, "v. 2.0"))) {
		id = "MPL-2.0";
	} else if (has(t, "permission is hereby granted, free of charge, to any person obtaining a copy")) {
		id = "MIT";
	} else if (has(t, "redistribution and use in source and binary forms")) {
		if (has(t, "advertising materials"))
			id = "BSD-4-Clause";
		else if (has(t, "neither the name") || has(t, "endorse or promote"))
			id = "BSD-3-Clause";
		else
			id = "BSD-2-Clause";
	} else if (has(t, "permission to use, copy, modify, and/or distribute this software for any purpose") ||
		   has(t, "permission to use, copy, modify, and distribute this software for any purpose with or without fee")) {
		id = "ISC";
	} else if (has(t, "this software is provided 'as-is', without any express or implied warranty") &&
		   has(t, "permission is granted to anyone to use this software for any purpose")) {
		id = "Zlib";
	}
	free(t);
	return id;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* specbuildreq.c - the table behind specbuildreq.h. Names are matched
 * case-insensitively: CMake spells ZLIB what autoconf spells z. */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "specbuildreq.h"

/* BuildRequires, then every spelling that means it (library for -l, header,
 * CMake package, meson dependency); NULL ends a row. */
static const char *const table[][10] = {
	{ "pkgconfig(zlib)", "z", "zlib", "zlib.h", NULL },
	{ "pkgconfig(openssl)", "ssl", "crypto", "openssl", "openssl/ssl.h", "openssl/evp.h", "openssl/crypto.h", NULL },
	{ "pkgconfig(bzip2)", "bz2", "bzip2", "bzlib.h", NULL },
	{ "pkgconfig(liblzma)", "lzma", "liblzma", "lzma.h", NULL },
	{ "pkgconfig(libzstd)", "zstd", "zstd.h", NULL },
	{ "pkgconfig(liblz4)", "lz4", "lz4.h", NULL },
	{ "pkgconfig(ncursesw)", "ncursesw", "curses", "ncurses", "curses.h", "ncurses.h", NULL },
	{ "readline-devel", "readline", "readline/readline.h", NULL },
	{ "gmp-devel", "gmp", "gmp.h", NULL },
	{ "libunistring-devel", "unistring", "unistr.h", "unistring", NULL },
	{ "pkgconfig(oniguruma)", "onig", "oniguruma", "oniguruma.h", NULL },
	{ "pkgconfig(uuid)", "uuid", "uuid/uuid.h", NULL },
	{ "pkgconfig(blkid)", "blkid", "blkid/blkid.h", NULL },
	{ "pkgconfig(libudev)", "udev", "libudev", "libudev.h", NULL },
	{ "pkgconfig(libtirpc)", "tirpc", "libtirpc", "rpc/rpc.h", NULL },
	{ "pkgconfig(krb5)", "krb5", "krb5.h", "KRB5", "krb5-config", NULL },
	{ "pkgconfig(libffi)", "ffi", "ffi.h", "libffi", NULL },
	{ "pkgconfig(expat)", "expat", "expat.h", NULL },
	{ "pkgconfig(libxml-2.0)", "xml2", "libxml2", "libxml/parser.h", NULL },
	{ "pkgconfig(libcurl)", "curl", "curl/curl.h", NULL },
	{ "pkgconfig(libpng)", "png", "png.h", "libpng", NULL },
	{ "libjpeg-turbo-devel", "jpeg", "jpeglib.h", NULL },
	{ "pkgconfig(libcap)", "cap", "sys/capability.h", NULL },
	{ "pkgconfig(libselinux)", "selinux", "selinux/selinux.h", NULL },
	{ "pkgconfig(libsystemd)", "systemd", "systemd/sd-daemon.h", NULL },
	{ "pam-devel", "pam", "security/pam_appl.h", "PAM", NULL },
	{ "pkgconfig(libgcrypt)", "gcrypt", "gcrypt.h", "Gcrypt", "libgcrypt", NULL },
	{ "pkgconfig(gnutls)", "gnutls", "gnutls/gnutls.h", NULL },
	{ "pkgconfig(libsodium)", "sodium", "sodium.h", NULL },
	{ "pkgconfig(libevent)", "event", "event2/event.h", "libevent", NULL },
	{ "pkgconfig(yaml-0.1)", "yaml", "yaml.h", NULL },
	{ "pkgconfig(libpcre2-8)", "pcre2-8", "pcre2.h", "PCRE2", NULL },
	{ "pkgconfig(libpcre)", "pcre", "pcre.h", "PCRE", NULL },
	{ "pkgconfig(libmagic)", "magic", "magic.h", NULL },
	{ "pkgconfig(libarchive)", "archive", "archive.h", "LibArchive", NULL },
	{ "pkgconfig(popt)", "popt", "popt.h", NULL },
	{ "pkgconfig(libmnl)", "mnl", "libmnl/libmnl.h", NULL },
	{ "pkgconfig(libpcap)", "pcap", "pcap.h", "PCAP", NULL },
	{ "pkgconfig(libssh)", "ssh", "libssh/libssh.h", "libssh", NULL },
	{ "pkgconfig(cmocka)", "cmocka", "cmocka.h", NULL },
	{ "pkgconfig(libacl)", "acl", "sys/acl.h", NULL },
	{ "pkgconfig(libattr)", "attr", "attr/xattr.h", NULL },
	{ "pkgconfig(libkeyutils)", "keyutils", "keyutils.h", NULL },
	{ "pkgconfig(libnl-3.0)", "nl-3", "netlink/netlink.h", NULL },
	{ "pkgconfig(libxxhash)", "xxhash", "xxhash.h", NULL },
	{ "pkgconfig(libunwind)", "unwind", "libunwind.h", NULL },
	{ "pkgconfig(libidn2)", "idn2", "idn2.h", NULL },
	{ "pkgconfig(libpsl)", "psl", "libpsl.h", NULL },
	{ "pkgconfig(libbsd)", "bsd", "bsd/bsd.h", NULL },
	{ "pkgconfig(libmd)", "md", "md5.h", NULL },
	{ "pkgconfig(lzo2)", "lzo2", "lzo/lzoconf.h", "lzo/lzo1x.h", "lzo2/lzoconf.h", NULL },
	{ "pkgconfig(bluez)", "bluetooth", "bluetooth/bluetooth.h", "bluez", NULL },
	{ "pkgconfig(dbus-1)", "dbus-1", "dbus/dbus.h", NULL },
	{ "pkgconfig(ogg)", "ogg", "ogg/ogg.h", "Ogg", NULL },
	{ "pkgconfig(sqlite3)", "sqlite3", "sqlite3.h", "SQLite3", NULL },
	{ "pkgconfig(libedit)", "edit", "histedit.h", NULL },
	{ "libaio-devel", "aio", "libaio.h", NULL },
	{ "libatomic", "atomic", NULL },
	{ "python3-devel", "Python3", "Python", "PythonLibs", "PythonInterp", "python3", NULL },
	{ "bison", "BISON", "bison", "yacc", NULL },
	{ "m4", "m4", NULL },
	{ "nasm", "nasm", "ASM_NASM", NULL },
	{ "yasm", "yasm", NULL },
	{ "perl-interpreter", "perl", "Perl", NULL },
	{ "flex", "FLEX", "lex", NULL },
	{ "boost-devel", "Boost", "boost", NULL },
	{ "gettext", "Gettext", NULL },
	{ "libtool-ltdl-devel", "ltdl", "ltdl.h", NULL },
	/* the C library, the compiler and the build tools themselves: nothing */
	{ "", "m", "c", "dl", "rt", "pthread", "Threads", "PkgConfig", NULL },
	{ "", "util", "resolv", "crypt", "Intl", "Iconv", "iconv", "threads", NULL },
	{ "", "gcc", "stdc++", "openmp", "OpenMP", "intl", NULL },
};

const char *acm_specbuildreq_lookup(const char *name)
{
	if (!name || !*name)
		return NULL;
	for (size_t r = 0; r < sizeof(table) / sizeof(table[0]); r++)
		for (size_t i = 1; i < 10 && table[r][i]; i++)
			if (!strcasecmp(name, table[r][i]))
				return table[r][0][0] ? table[r][0] : NULL;
	return NULL;
}

/* "openssl/ssl.h" -> "OPENSSL_SSL_H", as autoconf makes HAVE_ names */
static void have_name(const char *s, char *out, size_t cap)
{
	size_t o = 0;
	for (; *s && o + 1 < cap; s++)
		out[o++] = isalnum((unsigned char)*s) ? (char)toupper((unsigned char)*s) : '_';
	out[o] = '\0';
}

const char *acm_specbuildreq_lookup_define(const char *macro)
{
	if (!macro || strncmp(macro, "HAVE_", 5) || strlen(macro) > 64)
		return NULL;
	const char *m = macro + 5;
	char want[80];
	for (size_t r = 0; r < sizeof(table) / sizeof(table[0]); r++)
		for (size_t i = 1; i < 10 && table[r][i]; i++) {
			const char *sp = table[r][i];
			/* a header by its HAVE_X_H name; a library by HAVE_LIBX */
			if (strchr(sp, '.'))
				have_name(sp, want, sizeof want);
			else if (islower((unsigned char)sp[0])) {
				char lib[72];
				snprintf(lib, sizeof lib, "lib%s", sp);
				have_name(lib, want, sizeof want);
			} else
				continue;
			if (!strcmp(m, want))
				return table[r][0][0] ? table[r][0] : NULL;
		}
	return NULL;
}

bool acm_specbuildreq_name_ok(const char *s, size_t n)
{
	if (!n || n > ACM_SPECBUILDREQ_NAME_MAX)
		return false;
	/* strchr() finds a NUL in any set: a NUL inside a log's name is no name */
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+-", s[i]))
			return false;
	return true;
}

bool acm_specbuildreq_valid(const char *req)
{
	if (!req || !*req)
		return false;
	size_t n = strlen(req);
	if (n > 10 + ACM_SPECBUILDREQ_NAME_MAX + 1 && !strncmp(req, "pkgconfig(", 10))
		return false;
	if (!strncmp(req, "pkgconfig(", 10) && req[n - 1] == ')' && acm_specbuildreq_name_ok(req + 10, n - 11))
		return true;
	for (size_t r = 0; r < sizeof(table) / sizeof(table[0]); r++)
		if (table[r][0][0] && !strcmp(req, table[r][0]))
			return true;
	return false;
}

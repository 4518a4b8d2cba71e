/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kspec.c - kernel version from the top Makefile, and the kernel spec.
 *
 * Shape of the spec, and why:
 * - uname -r is VERSION-RELEASE.ARCH (EXTRAVERSION set in %prep, as ELRepo's
 *   kernel-ml does). The kernel's own mkspec uses KERNELRELEASE with '-'
 *   turned '_' as the Version, so the RPM never matches uname -r and
 *   akmods/kmodtool look for the wrong kernel (linux-tkg#617, #729).
 * - The images live in /lib/modules/KVER/ and /boot/ holds %ghost entries
 *   that kernel-install (or, without it, %post itself) fills, the way current
 *   Fedora/EL kernel packages do (systemd#29568 for what goes wrong otherwise).
 * - kernel-ml provides kernel = V-R and installonlypkg(kernel) so kmod
 *   packages resolve against it and dnf keeps several (fedora-acs-override#444).
 * - NAME-devel holds what `make -C /usr/src/kernels/KVER M=DIR modules`
 *   reads, including arch/ARCH/include/generated (QubesOS/qubes-issues#1192)
 *   and the host tools in scripts/, with /lib/modules/KVER/build pointing at
 *   it (sipwise/rtpengine#1738). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "kspec.h"
#include "spectext.h"

/* "VERSION = 6" -> "6"; returns false when the line is not "KEY =..." */
static bool makefile_var(const char *line, size_t len, const char *key, char *out, size_t outsz)
{
	size_t kl = strlen(key), i;

	if (len < kl || strncmp(line, key, kl) != 0)
		return false;
	i = kl;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != '=')
		return false;
	i++;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	size_t end = len;

	while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
		end--;
	if (end - i >= outsz)
		end = i + outsz - 1;
	memcpy(out, line + i, end - i);
	out[end - i] = '\0';
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int acm_kmakefile_parse(const char *text, struct acm_kmakefile *mk)
{
	const char *p = text;
	bool have_v = false, have_p = false;
	int lines = 0;

	memset(mk, 0, sizeof *mk);
	/* the four variables head the Makefile; do not wander into the rest */
	while (p && *p && lines < 200) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		lines++;
		if (makefile_var(p, len, "VERSION", mk->version, sizeof mk->version))
			have_v = true;
		else if (makefile_var(p, len, "PATCHLEVEL", mk->patchlevel, sizeof mk->patchlevel))
			have_p = true;
		else if (!makefile_var(p, len, "SUBLEVEL", mk->sublevel, sizeof mk->sublevel))
			makefile_var(p, len, "EXTRAVERSION", mk->extraversion, sizeof mk->extraversion);
		p = eol ? eol + 1 : NULL;
	}
	if (!have_v || !have_p || !all_digits(mk->version) || !all_digits(mk->patchlevel))
		return -1;
	if (mk->sublevel[0] && !all_digits(mk->sublevel))
		return -1;
	for (const char *e = mk->extraversion; *e; e++)
		if (!isalnum((unsigned char)*e) && !strchr("-._+~", *e))
			return -1;
	return 0;
}

char *acm_kmakefile_rpm_version(const struct acm_kmakefile *mk)
{
	char *v = acm_xasprintf("%s.%s%s%s%s", mk->version, mk->patchlevel,
				mk->sublevel[0] ? "." : "", mk->sublevel, mk->extraversion);

	for (char *c = v; *c; c++)
		if (*c == '-')
			*c = '_';
	return v;
}

const char *acm_kernel_arch(const char *rpm_arch)
{
	static const struct { const char *rpm, *kernel; } map[] = {
		{ "x86_64", "x86_64" }, { "i386", "i386" }, { "i486", "i386" },
		{ "i586", "i386" }, { "i686", "i386" }, { "aarch64", "arm64" },
		{ "ppc64le", "powerpc" }, { "ppc64", "powerpc" }, { "s390x", "s390" },
		{ "riscv64", "riscv" }, { "loongarch64", "loongarch" },
	};

	for (size_t i = 0; rpm_arch && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].rpm, rpm_arch) == 0)
			return map[i].kernel;
	return NULL;
}

const char *acm_kernel_srcarch(const char *karch)
{
	if (!karch)
		return NULL;
	if (strcmp(karch, "x86_64") == 0 || strcmp(karch, "i386") == 0)
		return "x86";
	return karch;
}

char *acm_kspec_kver(const struct acm_kspec *s, const char *dist)
{
	return acm_xasprintf("%s-%s%s.%s", s->pkg.version, s->pkg.release, dist ? dist : "", s->rpm_arch);
}

/* @KEY@ substitution: the template's '%' stays rpm's; the values are
 * words or text from acm_spectext_*() (acm_kspec_text) */
static void subst(struct acm_buf *out, const char *tpl, const char *const *kv)
{
	const char *p = tpl;

	while (*p) {
		const char *at = strchr(p, '@');
		size_t i;

		if (!at) {
			acm_buf_adds(out, p);
			return;
		}
		acm_buf_add(out, p, (size_t)(at - p));
		for (i = 0; kv[i]; i += 2) {
			size_t kl = strlen(kv[i]);

			if (strncmp(at + 1, kv[i], kl) == 0 && at[1 + kl] == '@') {
				acm_buf_adds(out, kv[i + 1]);
				p = at + kl + 2;
				break;
			}
		}
		if (!kv[i]) {
			acm_buf_addc(out, '@');
			p = at + 1;
		}
	}
}

static const char head_tpl[] =
"# @NAME@.spec - written by kbuild (acmtools) from @ORIGIN@.\n"
"# It rebuilds as it is: rpmbuild -ba @NAME@.spec, or rpmbuild --rebuild on\n"
"# the source RPM. uname -r of the kernel is VERSION-RELEASE.ARCH (kver below).\n"
"\n"
"# The kernel strips and installs its own files; no debuginfo, no build-id\n"
"# links (they would clash between kernel builds), no brp scripts rewriting\n"
"# the devel tree's shebangs.\n"
"%global debug_package %{nil}\n"
"%global _build_id_links none\n"
"%global __spec_install_post %{nil}\n"
"%global __os_install_post %{nil}\n"
"# the source RPM carries an already compressed tarball: do not squeeze it again\n"
"%global _source_payload w.ufdio\n"
"# binary payloads: zstd level 3 is as small as rpm's default gzip -9 on a\n"
"# kernel tree at a quarter of its time (level 19, the Fedora default, takes\n"
"# minutes on the -devel tree), on every CPU (T0)\n"
"%global _binary_payload w3T0.zstdio\n"
"\n"
"%global karch @KARCH@\n"
"%global ksrcarch @KSRCARCH@\n"
"%global kextra @KEXTRA@\n"
"%global kver %{version}-%{release}.%{_target_cpu}\n"
"%global kmake %{__make} ARCH=%{karch} LOCALVERSION= %{?kbuild_cc:CC=\"%{kbuild_cc}\" HOSTCC=\"%{kbuild_cc}\"}\n"
"\n"
"Name:           @NAME@\n"
"Version:        @VERSION@\n"
"Release:        @RELEASE@%{?dist}\n"
"Summary:        The Linux kernel, built from @ORIGIN_SHORT@\n"
"License:        GPL-2.0-only\n"
"URL:            https://www.kernel.org/\n"
"Source0:        @SOURCE0@\n"
"Source1:        @CONFIG@\n"
"ExclusiveArch:  @RPMARCH@\n"
"\n"
"BuildRequires:  gcc\n"
"BuildRequires:  make\n"
"BuildRequires:  bc\n"
"BuildRequires:  bison\n"
"BuildRequires:  flex\n"
"BuildRequires:  perl\n"
"BuildRequires:  elfutils-libelf-devel\n"
"BuildRequires:  openssl-devel\n"
"BuildRequires:  kmod\n"
"@HEADERS_BR@"
"\n"
"@PROVIDES_KERNEL@"
"Provides:       kernel-%{_target_cpu} = %{version}-%{release}\n"
"Provides:       kernel-uname-r = %{kver}\n"
"Provides:       installonlypkg(kernel)\n"
"Requires(post): coreutils\n"
"Requires(post): kmod\n"
"Requires(preun): coreutils\n"
"# modules need nothing from user space; what the image provides is listed\n"
"AutoReq:        no\n"
"\n"
"%description\n"
"The Linux kernel @VERSION@ (uname -r: %{kver}): the image, System.map, the\n"
"configuration it was built with and its modules under /lib/modules/%{kver}.\n"
"Installing it sets up booting through kernel-install where the system has it,\n"
"else through dracut and grubby.\n"
"\n"
"%package devel\n"
"Summary:        Files to build out-of-tree modules for kernel %{kver}\n"
"Provides:       kernel-devel = %{version}-%{release}\n"
"Provides:       kernel-devel-%{_target_cpu} = %{version}-%{release}\n"
"Provides:       kernel-devel-uname-r = %{kver}\n"
"Provides:       installonlypkg(kernel)\n"
"AutoReqProv:    no\n"
"\n"
"%description devel\n"
"The parts of the kernel %{kver} build tree that out-of-tree modules are\n"
"built against: Makefiles, the configuration, Module.symvers, include/, the\n"
"architecture's headers (generated ones too) and the host tools in scripts/,\n"
"in /usr/src/kernels/%{kver}, with /lib/modules/%{kver}/build pointing there:\n"
"make -C /lib/modules/%{kver}/build M=$PWD modules\n"
"\n";

static const char headers_pkg_tpl[] =
"%package headers\n"
"Summary:        Linux kernel user-space API headers from kernel %{version}\n"
"Provides:       kernel-headers = %{version}-%{release}\n"
"\n"
"%description headers\n"
"The sanitized kernel headers (make headers_install) of kernel %{version},\n"
"for building user-space programs against this kernel's interfaces. They do\n"
"not obsolete the distribution's kernel headers.\n"
"\n";

static const char body_tpl[] =
"%prep\n"
"# kbuild unpacks Source0 itself, where this would, and configures it there\n"
"# (kbuild_prepared defined): the tarball is decompressed once. rpm 4.20\n"
"# builds in a fresh per-build directory (builddir): unpacked there.\n"
"%if 0%{?kbuild_prepared} && \"%{?builddir}\" == \"\"\n"
"@SETUP_PREPARED@\n"
"%else\n"
"@SETUP@\n"
"# a tree that was configured or built before it was packed: start clean\n"
"if [ -e .config ] || [ -d include/config ]; then %{kmake} -s mrproper; fi\n"
"%endif\n"
"# uname -r must equal VERSION-RELEASE.ARCH: the kver macro\n"
"sed -i -e 's/^EXTRAVERSION[ \\t]*=.*/EXTRAVERSION = %{kextra}-%{release}.%{_target_cpu}/' Makefile\n"
"cp %{SOURCE1} .config\n"
"\n"
"%build\n"
"# the configuration kbuild resolved: the build's own kconfig pass\n"
"# (syncconfig) must leave it as it is\n"
"%{kmake} %{?_smp_mflags} all\n"
"if ! cmp -s .config %{SOURCE1}; then\n"
"    echo 'kbuild: kconfig changed the shipped configuration:' >&2\n"
"    diff -u %{SOURCE1} .config >&2 || :\n"
"fi\n"
"krel=$(cat include/config/kernel.release)\n"
"if [ \"$krel\" != \"%{kver}\" ]; then\n"
"    echo \"kbuild: the kernel calls itself $krel, the package says %{kver}\" >&2\n"
"    exit 1\n"
"fi\n"
"\n"
"%install\n"
"kdir=%{buildroot}/lib/modules/%{kver}\n"
"ddir=%{buildroot}/usr/src/kernels/%{kver}\n"
"mkdir -p \"$kdir\" \"$ddir\" %{buildroot}/boot\n"
"if grep -q '^CONFIG_MODULES=y' .config; then\n"
"    %{kmake} %{?_smp_mflags} INSTALL_MOD_PATH=%{buildroot} INSTALL_MOD_STRIP=1 modules_install\n"
"fi\n"
"rm -f \"$kdir/build\" \"$kdir/source\"\n"
"install -m 0755 \"$(%{kmake} -s --no-print-directory image_name)\" \"$kdir/vmlinuz\"\n"
"install -m 0644 System.map \"$kdir/System.map\"\n"
"install -m 0644 .config \"$kdir/config\"\n"
"# /boot is filled at install time (kernel-install, or the post scriptlet);\n"
"# the package owns the names\n"
"for f in vmlinuz System.map config; do : > %{buildroot}/boot/$f-%{kver}; done\n"
": > %{buildroot}/boot/initramfs-%{kver}.img\n"
"\n"
"# the devel tree: what make -C DIR M=... modules reads\n"
"cp -a --parents Makefile .config include scripts \"arch/%{ksrcarch}/include\" \"$ddir/\"\n"
"for f in Module.symvers System.map; do [ ! -e $f ] || cp -a $f \"$ddir/\"; done\n"
"find \"arch/%{ksrcarch}\" -maxdepth 1 -type f \\( -name 'Makefile*' -o -name 'Kbuild*' \\) \\\n"
"    -exec cp -a --parents {} \"$ddir/\" \\;\n"
"[ ! -x tools/objtool/objtool ] || cp -a --parents tools/objtool/objtool \"$ddir/\"\n"
"find \"$ddir/scripts\" \"$ddir/include\" \\( -name '*.o' -o -name '.*.cmd' \\) -delete\n"
"ln -sfn /usr/src/kernels/%{kver} \"$kdir/build\"\n"
"ln -sfn build \"$kdir/source\"\n"
"@HEADERS_INSTALL@"
"\n"
"# every file under /lib/modules/KVER but the devel links\n"
"( cd %{buildroot} && find lib/modules/%{kver} -mindepth 1 -maxdepth 1 \\\n"
"    ! -name build ! -name source | sed 's|^|/|' ) > kernel-files.list\n"
"\n"
"%post\n"
"depmod -a %{kver} || :\n"
"if [ -x /usr/bin/kernel-install ] || [ -x /bin/kernel-install ]; then\n"
"    kernel-install add %{kver} /lib/modules/%{kver}/vmlinuz || exit $?\n"
"else\n"
"    for f in vmlinuz System.map config; do\n"
"        cp -p /lib/modules/%{kver}/$f /boot/$f-%{kver}\n"
"    done\n"
"    if command -v dracut >/dev/null 2>&1; then\n"
"        dracut -f /boot/initramfs-%{kver}.img %{kver} || exit $?\n"
"    fi\n"
"    if command -v grubby >/dev/null 2>&1; then\n"
"        initrd=\n"
"        [ ! -s /boot/initramfs-%{kver}.img ] || initrd=--initrd=/boot/initramfs-%{kver}.img\n"
"        grubby --add-kernel=/boot/vmlinuz-%{kver} $initrd --copy-default \\\n"
"            --title=\"Linux %{kver}\" || exit $?\n"
"    fi\n"
"fi\n"
"\n"
"%preun\n"
"if [ -x /usr/bin/kernel-install ] || [ -x /bin/kernel-install ]; then\n"
"    kernel-install remove %{kver} || :\n"
"elif command -v grubby >/dev/null 2>&1; then\n"
"    grubby --remove-kernel=/boot/vmlinuz-%{kver} || :\n"
"fi\n"
"\n"
"%files -f kernel-files.list\n"
"%license COPYING\n"
"%dir /lib/modules/%{kver}\n"
"%ghost %attr(0755,root,root) /boot/vmlinuz-%{kver}\n"
"%ghost %attr(0644,root,root) /boot/System.map-%{kver}\n"
"%ghost %attr(0644,root,root) /boot/config-%{kver}\n"
"%ghost %attr(0600,root,root) /boot/initramfs-%{kver}.img\n"
"\n"
"%files devel\n"
"/usr/src/kernels/%{kver}\n"
"/lib/modules/%{kver}/build\n"
"/lib/modules/%{kver}/source\n"
"\n"
"@HEADERS_FILES@"
"%changelog\n"
"* @DATE@ @PACKAGER@ - @VERSION@-@RELEASE@\n"
"- Built by kbuild from @ORIGIN_SHORT@ with @CONFIG_ORIGIN@\n";

/* Text values for the template, through acm_spectext_text(). malloc'd. */
static char *text_value(const char *v)
{
	struct acm_buf b = ACM_BUF_INIT;

	acm_spectext_text(&b, v);
	return b.data ? acm_buf_steal(&b) : acm_xstrdup("");
}

char *acm_kspec_text(const struct acm_kspec *s)
{
	struct acm_buf out = ACM_BUF_INIT;
	const char *karch = acm_kernel_arch(s->rpm_arch);
	const char *ksrc = acm_kernel_srcarch(karch);
	const char *origin_short = strrchr(s->pkg.origin, '/');
	char *setup, *setup_prepared, *provides_kernel;
	bool is_kernel = strcmp(s->pkg.name, "kernel") == 0;

	origin_short = origin_short && origin_short[1] ? origin_short + 1 : s->pkg.origin;
	/* the values that must be one word in the spec */
	const char *words[][2] = {
		{ "package name", s->pkg.name }, { "version", s->pkg.version }, { "release", s->pkg.release },
		{ "arch", s->rpm_arch }, { "Source0", s->pkg.source0 }, { "configuration file", s->config_source },
		{ "top directory", s->pkg.setup_dir ? s->pkg.setup_dir : "-" },
		{ "EXTRAVERSION", s->kextra && *s->kextra ? s->kextra : "-" },
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!acm_spectext_is_word(words[i][1])) {
			acm_spectext_refuse(s->pkg.origin, words[i][0], words[i][1], "letters, digits and -._+~ only");
			return NULL;
		}
	if (s->pkg.setup_dir) {
		setup = acm_xasprintf("%%setup -q -n %s", s->pkg.setup_dir);
		/* -T: no unpacking, -D: the tree is kept */
		setup_prepared = acm_xasprintf("%%setup -q -T -D -n %s", s->pkg.setup_dir);
	} else {
		setup = acm_xstrdup("%setup -q -c -n %{name}-%{version}");
		setup_prepared = acm_xstrdup("%setup -q -T -D -n %{name}-%{version}");
	}
	/* kernel-ml stands in for "kernel" so kmod packages resolve against it */
	provides_kernel = is_kernel ? acm_xstrdup("")
				    : acm_xstrdup("Provides:       kernel = %{version}-%{release}\n");
	char *origin = text_value(s->pkg.origin), *oshort = text_value(origin_short);
	char *corigin = text_value(s->config_origin ? s->config_origin : "its configuration");
	char *packager = text_value(s->pkg.packager ? s->pkg.packager : "kbuild <root@localhost>");
	char *date = text_value(s->pkg.date ? s->pkg.date : "Thu Jan 01 1970");

	const char *kv[] = {
		"NAME", s->pkg.name,
		"VERSION", s->pkg.version,
		"RELEASE", s->pkg.release,
		"KEXTRA", s->kextra && *s->kextra ? s->kextra : "%{nil}",
		"KARCH", karch ? karch : s->rpm_arch,
		"KSRCARCH", ksrc ? ksrc : s->rpm_arch,
		"RPMARCH", s->rpm_arch,
		"SOURCE0", s->pkg.source0,
		"CONFIG", s->config_source,
		"ORIGIN", origin,
		"ORIGIN_SHORT", oshort,
		"CONFIG_ORIGIN", corigin,
		"PACKAGER", packager,
		"DATE", date,
		"SETUP", setup,
		"SETUP_PREPARED", setup_prepared,
		"PROVIDES_KERNEL", provides_kernel,
		"HEADERS_BR", s->headers ? "BuildRequires:  rsync\n" : "",
		"HEADERS_INSTALL", s->headers
			? "%{kmake} %{?_smp_mflags} headers_install INSTALL_HDR_PATH=%{buildroot}/usr\n"
			  "find %{buildroot}/usr/include \\( -name '.install' -o -name '..install.cmd' \\) -delete\n"
			: "",
		"HEADERS_FILES", s->headers ? "%files headers\n/usr/include/*\n\n" : "",
		NULL,
	};

	subst(&out, head_tpl, kv);
	if (s->headers)
		acm_buf_adds(&out, headers_pkg_tpl);
	subst(&out, body_tpl, kv);
	free(setup);
	free(setup_prepared);
	free(provides_kernel);
	free(origin);
	free(oshort);
	free(corigin);
	free(packager);
	free(date);
	return acm_buf_steal(&out);
}

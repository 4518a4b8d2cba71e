# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for the acmtools programs. Installed as 'acmtools' and
# linked under each tool's name in bash-completion's completions directory;
# works on its own too (source it from ~/.bashrc).
#
# Options come from the tool's own --help (read once per shell), so they
# never drift from the program. Arguments: .iso images and directories for
# copycds-import, tarballs and directories for specgen, kbuild and
# mx2g-pack, interface names for masq-setup -i/-o and multihome-route's
# IFACE:GW, IFACE=ID and CIDR=IFACE.

declare -gA _acmtools_help_cache 2>/dev/null

# _acmtools_optinfo CMD: one line per option CMD's --help lists:
# "NAME TAKES_ARG LONGNAME", e.g. "-o 1 --output" and "--output 1 --output".
_acmtools_optinfo()
{
	local cmd=$1
	if [[ -z ${_acmtools_help_cache[$cmd]+set} ]]; then
		_acmtools_help_cache[$cmd]=$(LC_ALL=C command "$cmd" --help 2>/dev/null | awk '
			/^ +-/ {
				f = $0; sub(/^ +/, "", f); sub(/  .*/, "", f)
				n = split(f, part, ", "); long = ""
				for (i = 1; i <= n; i++)
					if (part[i] ~ /^--/) { long = part[i]; sub(/[= ].*/, "", long) }
				for (i = 1; i <= n; i++) {
					name = part[i]; sub(/[= ].*/, "", name)
					arg = (part[i] ~ /^-[-A-Za-z0-9]+[= ]./) ? 1 : 0
					if (long != "" && part[i] !~ /^--/ && n > 1) {
						arg = (part[n] ~ /^--[A-Za-z0-9-]+[= ]./) ? 1 : 0
					}
					print name, arg, (long != "" ? long : name)
				}
			}')
	fi
	printf '%s\n' "${_acmtools_help_cache[$cmd]}"
}

# _acmtools_ifaces: the interface names of this network namespace.
_acmtools_ifaces()
{
	if command -v ip >/dev/null 2>&1; then
		ip -o link show 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
	else
		local d
		for d in /sys/class/net/*; do [[ -e $d ]] && printf '%s\n' "${d##*/}"; done
	fi
}

# _acmtools_files CUR GLOB...: directories, and files matching a GLOB.
_acmtools_files()
{
	local cur=$1 f g
	shift
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		if [[ -d $f ]]; then
			COMPREPLY+=("$f")
			continue
		fi
		for g; do
			# shellcheck disable=SC2053
			if [[ ${f,,} == $g ]]; then COMPREPLY+=("$f"); break; fi
		done
	done < <(compgen -f -- "$cur")
}

# _acmtools_words CUR WORD...: the WORDs that start with CUR.
_acmtools_words()
{
	local cur=$1 w
	shift
	for w; do [[ $w == "$cur"* ]] && COMPREPLY+=("$w"); done
}

_acmtools()
{
	local cmd=${1##*/} cur prev line=${COMP_LINE:0:COMP_POINT} info long takes
	COMPREPLY=()
	# The words as the user typed them: bash splits at ':' and '=' too,
	# which would cut IFACE:GW and --opt=VALUE apart.
	cur=${line##*[[:space:]]}
	line=${line%"$cur"}
	line=${line%"${line##*[![:space:]]}"}
	prev=${line##*[[:space:]]}
	info=$(_acmtools_optinfo "$1")

	local optarg="" optname=""
	if [[ $cur == --*=* ]]; then
		optname=${cur%%=*}
		optarg=${cur#*=}
	else
		read -r _ takes long < <(awk -v o="$prev" '$1 == o' <<<"$info")
		if [[ $takes == 1 ]]; then
			optname=$long
			optarg=$cur
		fi
	fi
	if [[ -n $optname ]]; then
		[[ $optname == --* ]] || optname=$(awk -v o="$optname" '$1 == o { print $3 }' <<<"$info")
		_acmtools_optarg "$cmd" "$optname" "$optarg"
		if [[ $cur == --*=* ]]; then
			COMPREPLY=("${COMPREPLY[@]/#/${cur%%=*}=}")
		fi
	elif [[ $cur == -* ]]; then
		local names
		if [[ $cur == --* ]]; then
			names=$(awk '$1 ~ /^--/ { print $1 }' <<<"$info")
		else
			names=$(awk '{ print $1 }' <<<"$info")
		fi
		# shellcheck disable=SC2086
		_acmtools_words "$cur" $names
	else
		_acmtools_operand "$cmd" "$cur"
	fi

	# Readline replaces only the text after the last ':' or '=' of the word.
	if [[ $cur == *[:=]* ]]; then
		local head=${cur%"${cur##*[:=]}"}
		COMPREPLY=("${COMPREPLY[@]#"$head"}")
	fi
	return 0
}

# _acmtools_optarg CMD --LONG CUR: the values an option's argument can take.
_acmtools_optarg()
{
	local cmd=$1 opt=$2 cur=$3
	case $cmd:$opt in
	*:--output | *:--macros | *:--config | *:--fragment)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	*:--topdir | *:--tarball-dir | *:--persist-root | *:--path | *:--repo | *:--module-dir)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
	*:--kernel)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		local k
		for k in /lib/modules/*/build; do
			[[ -e $k ]] || continue
			k=${k%/build}
			_acmtools_words "$cur" "${k##*/}"
		done ;;
	*:--persist) _acmtools_words "$cur" auto network-scripts networkd nm none ;;
	*:--rp-filter) _acmtools_words "$cur" loose keep ;;
	*:--config-target)
		_acmtools_words "$cur" defconfig tinyconfig allnoconfig allmodconfig allyesconfig olddefconfig ;;
	*:--arch) _acmtools_words "$cur" x86_64 aarch64 ppc64le s390x i386 i686 ;;
	masq-setup:--internal | masq-setup:--external)
		# shellcheck disable=SC2046
		_acmtools_words "$cur" $(_acmtools_ifaces) ;;
	multihome-route:--table)
		# IFACE=ID: the interface first, then the table is the user's
		if [[ $cur != *=* ]]; then
			local i
			for i in $(_acmtools_ifaces); do _acmtools_words "$cur" "$i="; done
			compopt -o nospace 2>/dev/null
		fi ;;
	multihome-route:--from)
		# CIDR=IFACE: the interface after the '='
		if [[ $cur == *=* ]]; then
			local i
			for i in $(_acmtools_ifaces); do _acmtools_words "$cur" "${cur%%=*}=$i"; done
		fi ;;
	esac
}

# _acmtools_operand CMD CUR: what a tool's non-option arguments are.
_acmtools_operand()
{
	local cmd=$1 cur=$2
	case $cmd in
	copycds-import) _acmtools_files "$cur" '*.iso' ;;
	specgen | kbuild | mx2g-pack)
		_acmtools_files "$cur" '*.tar' '*.tar.gz' '*.tgz' '*.tar.bz2' '*.tbz2' '*.tar.xz' \
			'*.txz' '*.tar.zst' '*.tzst' '*.tar.lz' '*.tar.lzma' '*.zip' '*.cpio' ;;
	multihome-route)
		# IFACE:GW4[,GW6]: the interface first; the gateway is the user's
		if [[ $cur != *:* ]]; then
			local i
			for i in $(_acmtools_ifaces); do _acmtools_words "$cur" "$i:"; done
			compopt -o nospace 2>/dev/null
		fi ;;
	esac
}

complete -F _acmtools rpmenv-init specgen kbuild mx2g-pack copycds-import masq-setup multihome-route

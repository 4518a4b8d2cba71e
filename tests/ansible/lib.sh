# SPDX-License-Identifier: GPL-2.0-or-later
# tests/ansible/lib.sh - sourced after tests/lib.sh by the Ansible tests:
# ansible-playbook -c local against localhost, the collection taken from the
# source tree, everything Ansible writes kept in $TMPD.
#
#   an_task MODULE 'OPTIONS'   $AN/play.yml: one task running
#                              acmtools.cluster.MODULE with OPTIONS (YAML lines)
#   an_play [ARGS...]          run the play (prefixed by $AN_PREFIX, e.g.
#                              "ip netns exec NS"); what a user sees in $OUT, $RC
#   an_get JQ                  a field of the task's result, e.g. changed
#                              (read from the JSON that -v prints after the
#                              task's status line)
#   an_diff                    the diff the play showed (--diff): the lines
#                              between the task's header and its status line
#   an_expect CHANGED NAME [ARGS...]  the play succeeds, the task's changed is CHANGED
#   an_fails NAME RC GLOB [ARGS...]   the task fails with the tool's RC and a msg like GLOB
need_prog ansible-playbook ansible-doc jq
AN=$TMPD/ansible
mkdir -p "$AN/tmp"
: >"$AN/ansible.cfg"
# ANSIBLE_CONFIG: no ansible.cfg of the host or the current directory;
# COLLECTIONS_SCAN_SYS_PATH off: no installed acmtools.cluster shadows ours.
ANSIBLE_CONFIG=$AN/ansible.cfg ANSIBLE_HOME=$AN ANSIBLE_LOCAL_TEMP=$AN/tmp ANSIBLE_REMOTE_TEMP=$AN/tmp
ANSIBLE_COLLECTIONS_PATH=$top_srcdir/scripts/ansible ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=False
ANSIBLE_STDOUT_CALLBACK=default ANSIBLE_CALLBACK_RESULT_FORMAT=json ANSIBLE_NOCOLOR=1 ANSIBLE_PYTHON_INTERPRETER=auto_silent
ANSIBLE_RETRY_FILES_ENABLED=False
# no __pycache__ in the source tree (it may be read-only, as in distcheck)
PYTHONDONTWRITEBYTECODE=1
export ANSIBLE_CONFIG ANSIBLE_HOME ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_COLLECTIONS_PATH \
	ANSIBLE_COLLECTIONS_SCAN_SYS_PATH ANSIBLE_STDOUT_CALLBACK ANSIBLE_CALLBACK_RESULT_FORMAT \
	ANSIBLE_NOCOLOR PYTHONDONTWRITEBYTECODE \
	ANSIBLE_PYTHON_INTERPRETER ANSIBLE_RETRY_FILES_ENABLED
AN_PREFIX=

an_task() {
	{
		printf -- '- hosts: localhost\n  gather_facts: false\n  tasks:\n'
		printf -- '    - name: %s\n      acmtools.cluster.%s:\n' "$1" "$1"
		printf '%s\n' "$2" | sed 's/^/        /'
	} >"$AN/play.yml"
}

an_play() {
	# shellcheck disable=SC2086
	run $AN_PREFIX ansible-playbook -v -c local -i localhost, "$@" "$AN/play.yml"
}

an_get() {
	printf '%s\n' "$OUT" | sed -n 's/^[a-z]*: \[localhost\][^{]* => \({.*}\)$/\1/p' | jq -r ".$1" 2>/dev/null
}

an_diff() {
	printf '%s\n' "$OUT" | sed -n '/^TASK \[/,/^[a-z]*: \[localhost\]/p' | sed '1d;$d' | sed '/./,$!d'
}

_an_why() { echo "ansible-playbook exit $RC; task: $(an_get '| {changed, failed, rc, msg, cmd}' | tr -d '\n')
stderr: $ERR"; }

an_expect() {
	_ae_want=$1 _ae_name=$2; shift 2
	an_play "$@"
	if [ "$RC" = 0 ] && [ "$(an_get changed)" = "$_ae_want" ]; then _result 0 "$_ae_name"
	else _result 1 "$_ae_name" "wanted changed=$_ae_want; $(_an_why)"
	fi
}

an_fails() {
	_af_name=$1 _af_rc=$2 _af_msg=$3; shift 3
	an_play "$@"
	if [ "$RC" != 0 ] && printf '%s\n' "$OUT" | grep -q '^fatal: \[localhost\]: FAILED! => ' && [ "$(an_get rc)" = "$_af_rc" ]; then
		_result 0 "$_af_name"
	else _result 1 "$_af_name" "wanted a failure with rc $_af_rc; $(_an_why)"
	fi
	like "$(an_get msg)" "$_af_msg" "$_af_name: msg is the tool's message"
}

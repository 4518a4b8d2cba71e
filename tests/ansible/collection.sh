#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# collection.sh - the acmtools.cluster collection as a whole: ansible-doc
# shows every module; each module's options are its tool's long options
# (with _ for -) and every long option of the tool is a module option; the
# documented options are the argument spec; ansible-galaxy builds the
# collection; and the one record parser reads what the tools' record writer
# writes, hostile values included, exactly as the --json form says.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ansible/lib.sh"
need_prog ansible-galaxy
emit=$top_builddir/tests/cli/record-emit
ok "record-emit test helper is built" test -x "$emit"
# The Python ansible-playbook runs on: the one with the ansible package.
PY=$(sed -n '1s/^#! *//p' "$(command -v ansible-playbook)")
MODS="copycds_import kbuild masq multihome_route mx2g_pack rpmenv specgen"

is "$(ansible-doc -l acmtools.cluster 2>&1 | cut -d' ' -f1 | tr '\n' ' ')" \
	"$(for m in $MODS; do printf 'acmtools.cluster.%s ' "$m"; done)" "ansible-doc lists the seven modules"

# tool MODULE: the program; operands MODULE: its options that are operands;
# unoffered MODULE: long options deliberately not offered (they print a
# spec, not records).
tool() { case $1 in rpmenv) echo rpmenv-init ;; masq) echo masq-setup ;; *) echo "$1" | tr _ - ;; esac; }
operands() { case $1 in specgen | kbuild | mx2g_pack) echo source ;; copycds_import) echo media ;; multihome_route) echo uplinks ;; esac; }
unoffered() { case $1 in kbuild | mx2g_pack) echo spec-only ;; esac; }
COMMON="check dry-run help json quiet usage verbose version"

cat >"$TMPD/spec.py" <<'PYEOF'
# The argument spec a module's main() hands run_module against its
# documented options: prints each difference in type, elements, required.
import importlib, json, sys
import ansible_collections.acmtools.cluster.plugins.module_utils.acmtools as mu
name, docjson = sys.argv[1], sys.argv[2]
mod = importlib.import_module('ansible_collections.acmtools.cluster.plugins.modules.' + name)
got = {}
# run_module, as the module calls it or through run_pkgbuild_module
mu.run_module = mod.run_module = lambda spec, program, **kw: got.update(mu.COMMON_ARGS, **spec)
mod.main()
doc = json.load(open(docjson))['acmtools.cluster.' + name]['doc']['options']
def line(o):
    return None if o is None else (o.get('type', 'str'), o.get('elements'), bool(o.get('required', False)))
for k in sorted(set(got) | set(doc)):
    if line(got.get(k)) != line(doc.get(k)):
        print(k, 'spec:', line(got.get(k)), 'doc:', line(doc.get(k)))
if not got:
    print('no argument spec')
PYEOF

for m in $MODS; do
	t=$(tool "$m")
	ansible-doc --json "acmtools.cluster.$m" >"$TMPD/$m.json" 2>"$TMPD/$m.err"
	like "$(jq -r ".\"acmtools.cluster.$m\".doc.short_description" "$TMPD/$m.json" 2>/dev/null)" "*($t)" \
		"ansible-doc $m: short description names $t"
	is "$(jq -r ".\"acmtools.cluster.$m\" | [.examples != null, .return.records.type] | join(\" \")" "$TMPD/$m.json")" \
		"true list" "ansible-doc $m: EXAMPLES and RETURN records"
	is "$(cat "$TMPD/$m.err")" "" "ansible-doc $m: no warning"
	opts=$(jq -r ".\"acmtools.cluster.$m\".doc.options | keys[]" "$TMPD/$m.json" | grep -v -x -e executable $(for o in $(operands "$m"); do echo "-e $o"; done) | tr _ - | sort)
	# option lines are indented; a line of prose may start with an option's name
	help=$("$t" --help | grep -o -e '^ \+-[a-zA-Z], --[a-z][a-z-]*' -e '^ \+--[a-z][a-z-]*' | sed 's/.*--//' |
		grep -v -x $(for o in $COMMON $(unoffered "$m"); do echo "-e $o"; done) | sort)
	is "$(echo $opts)" "$(echo $help)" "$m: the options are $t's long options, every one"
	is "$(PYTHONPATH="$top_srcdir/scripts/ansible" "$PY" "$TMPD/spec.py" "$m" "$TMPD/$m.json" 2>&1)" "" \
		"$m: the documented options are the argument spec (type, elements, required)"
done

# The collection builds as Galaxy would ship it.
cp -R "$top_srcdir/scripts/ansible/ansible_collections/acmtools/cluster" "$TMPD/cluster"
ok "ansible-galaxy collection build" ansible-galaxy collection build --output-path "$TMPD/dist" "$TMPD/cluster"
tgz=$TMPD/dist/acmtools-cluster-0.1.0.tar.gz
files=$(tar -tzf "$tgz" 2>/dev/null | sort | tr '\n' ' ')
for f in README.md MANIFEST.json meta/runtime.yml plugins/module_utils/acmtools.py plugins/doc_fragments/tool.py; do
	like "$files" "*$f *" "the built collection holds $f"
done
for m in $MODS; do like "$files" "*plugins/modules/$m.py *" "the built collection holds the $m module"; done

# One parser, checked against the record writer the tools use: each value
# as --json gives it (bytes that are not UTF-8 as U+FFFD, as the module
# returns them) must be what the key=value form parses to.
cat >"$TMPD/parse.py" <<'PYEOF'
import json, sys
from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import parse_records
kv, js = open(sys.argv[1]).read(), open(sys.argv[2], encoding='utf-8').read()
want = [{k: v.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace') for k, v in json.loads(l).items()}
        for l in js.splitlines()]
got = parse_records(kv)
for g, w in zip(got, want):
    for k in w:
        if g.get(k) != w[k]:
            print('%s: parsed %r, JSON %r' % (k, g.get(k), w[k]))
if len(got) != len(want):
    print('%d records parsed, %d in JSON' % (len(got), len(want)))
PYEOF
set -- nl "$(printf 'a\nb')" tab "$(printf 'a\tb')" cr "$(printf 'a\rb')" quote "it's" quotes "''" \
	backslash 'a\b' bs0 '\0' bs0377 '\0377' bsn 'a\nb' ff "$(printf '\377')" c1 "$(printf '\302\233')" \
	esc "$(printf '\033[31m')" del "$(printf '\177')" cmd '$(touch x)' tick '`id`' var '$HOME' \
	glob '*?[a]' eq 'a=b c=d' space ' lead and trail ' empty '' utf8 'naïve ☃' semicolon 'a; b' \
	hash '#no comment' tilde '~root' dquote '"x"' bare 'a.b/c:d@e%f+g,h-i_j' yes yes
"$emit" --one "$@" >"$TMPD/one.kv"
"$emit" --json --one "$@" >"$TMPD/one.json"
"$emit" "$@" >"$TMPD/each.kv"
"$emit" --json "$@" >"$TMPD/each.json"
export PYTHONPATH="$top_srcdir/scripts/ansible"
is "$("$PY" "$TMPD/parse.py" "$TMPD/one.kv" "$TMPD/one.json" 2>&1)" "" \
	"one record of $(($# / 2)) hostile values: parsed as JSON gives them"
is "$("$PY" "$TMPD/parse.py" "$TMPD/each.kv" "$TMPD/each.json" 2>&1)" "" \
	"one record per value: parsed as JSON gives them"
is "$("$PY" -c 'from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import parse_record
for l in ("a=b junk", "a=b =c", "1a=b", "a=\x27open"):
    try:
        parse_record(l); print("accepted", l)
    except ValueError:
        pass' 2>&1)" "" "a line that is not a record is refused, not half read"
done_testing

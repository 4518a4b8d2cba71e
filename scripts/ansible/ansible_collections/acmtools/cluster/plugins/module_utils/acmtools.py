# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# acmtools.py - what every acmtools.cluster module shares: the command line
# built from the module's options, the tool run, its records read back, and
# Ansible's contract (check mode, changed, diff, failed/msg/rc) mapped onto
# the tools' own (--check, changed=, -n, exit status and stderr). The tools
# decide everything; this file only translates. Contracts: acmtools(7).
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
import shlex

from ansible.module_utils.basic import AnsibleModule

# acmtools(7), EXIT STATUS: --check exits 1 when a run would change something.
EX_DIFFERS = 1

# Options every module has on top of the tool's own.
COMMON_ARGS = dict(
    executable=dict(type='path'),
)

# kbuild's and mx2g-pack's options of the shared package-build pipeline,
# source (their operand) included (documented once, in the doc fragment
# acmtools.cluster.tool.pkgbuild).
PKGBUILD_ARGS = dict(
    source=dict(type='str', required=True),
    release=dict(type='str'),
    ref=dict(type='str'),
    topdir=dict(type='path'),
    repo=dict(type='path'),
)



def plain(kind, *names):
    """Options of one kind that the tool takes as they are, none required:
    values of type kind, or (kind 'bool') switches, a bare --NAME when set
    and off by default."""
    spec = dict(type=kind, default=False) if kind == 'bool' else dict(type=kind)
    return dict((name, dict(spec)) for name in names)


# Step 1 of a record value (acmtools(7), STANDARD OUTPUT IS DATA): escapes
# that POSIX printf '%b' decodes. The tools write \\ \t \n \r and \0ooo;
# the rest of %b's set is decoded too, as printf would.
_PERCENT_B = re.compile(br'\\(0[0-7]{0,3}|[\\abfnrtv])')
_PERCENT_B_CHARS = {b'\\': b'\\', b'a': b'\a', b'b': b'\b', b'f': b'\f',
                    b'n': b'\n', b'r': b'\r', b't': b'\t', b'v': b'\v'}
_KEY = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


def _unescape(m):
    e = m.group(1)
    if e[:1] == b'0':
        return bytes([int(e[1:] or b'0', 8) & 0xff])
    return _PERCENT_B_CHARS[e]


def decode_value(text):
    """The exact value of a record field whose shell quoting is already
    removed: printf %b's escapes undone; bytes that are not UTF-8 become
    U+FFFD (Ansible's results are JSON text)."""
    raw = text.encode('utf-8', 'surrogateescape')
    return _PERCENT_B.sub(_unescape, raw).decode('utf-8', 'replace')


def parse_record(line):
    """One key=value record line as a dict. Step 2 of a value (bare, or in
    single quotes with a quote written '\\'') is POSIX shell quoting, which
    shlex reads exactly. Raises ValueError on a line that is not a record."""
    rec = {}
    for word in shlex.split(line, comments=False, posix=True):
        key, sep, value = word.partition('=')
        if not sep or not _KEY.match(key):
            raise ValueError('not a key=value field: %r' % word)
        rec[key] = decode_value(value)
    return rec


def parse_records(text):
    """Every record on a tool's stdout, in order."""
    return [parse_record(line) for line in text.splitlines() if line.strip()]


def any_changed(records):
    return any(r.get('changed') == 'yes' for r in records)


class Tool(object):
    """One acmtools program behind one module.

    program     the binary's name, looked up on PATH unless the module's
                executable option names it
    positional  the options that are the tool's operands (a list option
                gives one operand per item), in order, after '--'
    check       the tool has --check; without it (kbuild, mx2g-pack) check
                mode runs the dry run instead and reads its changed= fields
    dry_run     the tool's dry-run option: -n, or --dry-run where -n means
                something else (copycds-import)
    changed     what changed= means across the records (default: any is yes)
    """

    def __init__(self, module, program, positional=(), check=True, dry_run='-n', changed=any_changed):
        self.module = module
        self.program = program
        self.positional = tuple(positional)
        self.check = check
        self.dry_run = dry_run
        self.changed = changed
        self.exe = module.params['executable'] or module.get_bin_path(program, required=True)

    def argv(self, *mode):
        """The command line: the tool, MODE, one long option per module
        option that is set (name with '-' for '_'), '--', the operands."""
        args = [self.exe] + list(mode)
        spec = self.module.argument_spec
        for name in sorted(spec):
            value = self.module.params.get(name)
            if name in COMMON_ARGS or name in self.positional or value is None:
                continue
            flag = '--' + name.replace('_', '-')
            kind = spec[name].get('type', 'str')
            if kind == 'bool':
                if value:
                    args.append(flag)
            elif kind == 'list':
                args.extend('%s=%s' % (flag, v) for v in value)
            else:
                args.append('%s=%s' % (flag, value))
        args.append('--')
        for name in self.positional:
            value = self.module.params.get(name)
            if isinstance(value, list):
                args.extend(str(v) for v in value)
            elif value is not None:
                args.append(str(value))
        return args

    def _run(self, argv, ok=(0,)):
        rc, out, err = self.module.run_command(argv)
        if rc not in ok:
            self.module.fail_json(msg=err.strip() or '%s exited %d' % (self.program, rc),
                                  rc=rc, cmd=argv, stdout=out, stderr=err)
        return rc, out, err

    def _records(self, argv, out, err):
        try:
            return parse_records(out)
        except ValueError as e:
            self.module.fail_json(msg='%s printed something that is not a record (%s): '
                                  'acmtools(7) promises key=value records on stdout' % (self.program, e),
                                  cmd=argv, stdout=out, stderr=err)

    def main(self):
        """Run the tool the way the play asks, then exit the module with
        changed, records, rc, stdout, stderr, cmd and, with --diff, the dry
        run's output as the diff."""
        m = self.module
        planned = None
        if m._diff or (m.check_mode and not self.check):
            argv = self.argv(self.dry_run)
            rc, planned, err = self._run(argv)
        if m.check_mode and self.check:
            argv = self.argv('--check')
            rc, out, err = self._run(argv, ok=(0, EX_DIFFERS))
            # Ansible fails a task whose rc is not 0: the 1 is the answer
            # "a run would change something", so it is changed, rc 0.
            changed, rc = rc == EX_DIFFERS, 0
            records = self._records(argv, out, err)
        elif m.check_mode:
            out = planned
            records = self._records(argv, out, err)
            changed = self.changed(records)
        else:
            argv = self.argv()
            rc, out, err = self._run(argv)
            records = self._records(argv, out, err)
            changed = self.changed(records)
        result = dict(changed=changed, records=records, rc=rc, cmd=argv, stdout=out, stderr=err)
        if m._diff:
            result['diff'] = dict(prepared=planned)
        m.exit_json(**result)


def run_module(argument_spec, program, **tool):
    """The whole of a module's main(): its options, then the tool. Which
    options go together is the tool's to say: its message and exit status
    come back as the task's msg and rc."""
    spec = dict(COMMON_ARGS)
    spec.update(argument_spec)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True)
    Tool(module, program, **tool).main()


def run_pkgbuild_module(argument_spec, program):
    """run_module for kbuild and mx2g-pack, the package-build pipeline's
    front ends: PKGBUILD_ARGS besides their own options, the source as
    their operand, and no --check (check mode is their dry run)."""
    spec = dict(PKGBUILD_ARGS)
    spec.update(argument_spec)
    run_module(spec, program, positional=('source',), check=False)

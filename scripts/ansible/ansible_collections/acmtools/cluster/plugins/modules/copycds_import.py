#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# copycds_import.py - copycds-import(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: copycds_import
short_description: Copy OS install media into a provisioning tree (copycds-import)
version_added: "0.1.0"
description:
  - Runs copycds-import(1), which identifies install ISOs, devices or
    directories and copies them into C(ROOT/OSVER/ARCH), refusing hostile
    entries, and resumes an interrupted import.
  - A second run of the same media copies nothing.
  - copycds-import's dry run is C(--dry-run) only (its C(-n) is C(--name),
    as in xCAT's copycds); the module uses C(--dry-run) for the diff.
options:
  media:
    description: The media, ISO images, devices or directories (the tool's operands).
    type: list
    elements: path
    required: true
  path:
    description: Copy into C(ROOT/OSVER/ARCH) under this directory (C(--path), default C(/install)).
    type: path
  name:
    description: The OS version to file the media under, e.g. C(centos7.9); overrides identification (C(--name)).
    type: str
  arch:
    description: The architecture, e.g. C(x86_64); overrides identification (C(--arch)).
    type: str
  verify:
    description: Check every file against the media's checksums and the manifest (C(--verify)).
    type: bool
    default: false
  force:
    description: Replace files in the tree that differ from the media (C(--force)).
    type: bool
    default: false
  dedup:
    description: Share files identical to ones already under I(path), by reflink or hard link (C(--dedup), the tool's
      default).
    type: bool
    default: false
  no_dedup:
    description: Copy every file, even one the root already holds (C(--no-dedup)).
    type: bool
    default: false
  emit:
    description: After the import, write xCAT osimage stanzas (C(xcat=FILE)) or cobbler command lines
      (C(cobbler=FILE)) to FILE (C(--emit)); give the C(=FILE) form, since without it the tool prints those in
      place of its records.
    type: str
extends_documentation_fragment:
  - acmtools.cluster.tool
'''

EXAMPLES = r'''
- name: The Rocky 9 DVD into /install
  acmtools.cluster.copycds_import:
    media: [/srv/iso/Rocky-9.4-x86_64-dvd.iso]
    verify: true
  register: dvd

- name: Where it went
  ansible.builtin.debug:
    msg: "{{ dvd.records | map(attribute='dest') | list }}"
'''

RETURN = r'''
records:
  description: The tool's records, one per medium (C(media), C(result), C(osver), C(arch), C(disc), C(dest), C(files),
    C(bytes), C(copied), C(reflinked), C(shared), C(missing), C(conflicts), C(refused), C(changed),
    C(identified_by)), values as strings.
  returned: always
  type: list
  elements: dict
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import plain, run_module


def main():
    spec = dict(media=dict(type='list', elements='path', required=True), path=dict(type='path'))
    spec.update(plain('str', 'name', 'arch', 'emit'))
    spec.update(plain('bool', 'verify', 'force', 'dedup', 'no_dedup'))
    run_module(spec, 'copycds-import', positional=('media',), dry_run='--dry-run')


if __name__ == '__main__':
    main()

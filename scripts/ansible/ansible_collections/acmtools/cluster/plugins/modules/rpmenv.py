#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# rpmenv.py - rpmenv-init(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: rpmenv
short_description: Create or verify an rpmbuild tree and ~/.rpmmacros (rpmenv-init)
version_added: "0.1.0"
description:
  - Runs rpmenv-init(1), which creates the rpmbuild tree, keeps a managed
    C(%_topdir) block in the macros file and names the packages that
    provide missing build tools.
  - The tool exits 69 when build tools are missing (the tree and macros are
    set up all the same); the task then fails with the tool's message, and
    the record in C(stdout) names the packages to install.
options:
  topdir:
    description: The rpmbuild tree to create (C(--topdir), default C(~/rpmbuild)).
    type: path
  macros:
    description: The macros file holding the managed block (C(--macros), default C(~/.rpmmacros)).
    type: path
  define:
    description: Also define these macros in the block, each C(NAME VALUE) (C(--define)).
    type: list
    elements: str
extends_documentation_fragment:
  - acmtools.cluster.tool
'''

EXAMPLES = r'''
- name: An rpmbuild tree for the build user
  become: true
  become_user: builder
  acmtools.cluster.rpmenv:
    define:
      - "_smp_mflags -j8"
  register: rpmenv

- name: Show where it is
  ansible.builtin.debug:
    msg: "{{ rpmenv.records[0].topdir }}"
'''

RETURN = r'''
records:
  description: The tool's one record, as a dict of strings.
  returned: always
  type: list
  elements: dict
  sample: [{"topdir": "/home/builder/rpmbuild", "macros": "/home/builder/.rpmmacros", "missing": "", "packages": "",
            "rpm": "4.18.0", "build_in_place": "yes", "changed": "yes"}]
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import run_module


def main():
    run_module(dict(
        topdir=dict(type='path'),
        macros=dict(type='path'),
        define=dict(type='list', elements='str'),
    ), 'rpmenv-init')


if __name__ == '__main__':
    main()

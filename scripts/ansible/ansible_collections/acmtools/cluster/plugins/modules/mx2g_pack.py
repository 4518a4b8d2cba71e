#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# mx2g_pack.py - mx2g-pack(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: mx2g_pack
short_description: Package a vendor's out-of-tree driver as kmod RPMs (mx2g-pack)
version_added: "0.1.0"
description:
  - Runs mx2g-pack(1), which turns a vendor's out-of-tree driver source into
    a clean kmod source tarball and spec and builds kmod RPMs for one or more
    kernels, optionally publishing them.
  - A second run with the same inputs builds nothing and reports
    C(changed=no).
options:
  kernel:
    description: Build for these kernels, each a build tree or a release (C(--kernel), default the running kernel).
    type: list
    elements: str
  module_dir:
    description: Build the modules whose Kbuild/Makefile is in these directories of the source (C(--module-dir)).
    type: list
    elements: str
  make_var:
    description: Make variables, each C(NAME=VALUE), as the vendor's make line sets them (C(--make-var)).
    type: list
    elements: str
  name:
    description: Driver name; packages are C(NAME-kmod), C(kmod-NAME-KVER) (C(--name)).
    type: str
  set_version:
    description: Package version (C(--set-version), default from the source).
    type: str
  userland_install:
    description: Shell command that installs the driver's user-space parts under C(DESTDIR), packaged as C(NAME-utils)
      (C(--userland-install)).
    type: str
  srpm_only:
    description: Write the clean tarball and spec and build only the source RPM (C(--srpm-only)).
    type: bool
    default: false
extends_documentation_fragment:
  - acmtools.cluster.tool
  - acmtools.cluster.tool.pkgbuild
'''

EXAMPLES = r'''
- name: The Myricom driver for the running kernel and kernel-ml
  acmtools.cluster.mx2g_pack:
    source: /srv/src/mx2g-1.4.2.tar.gz
    kernel:
      - "{{ ansible_kernel }}"
      - /usr/src/kernels/6.1.5-1.acm.x86_64
    make_var: [CONFIG_MX2G=m]
    repo: /srv/repo/kmods
'''

RETURN = r'''
records:
  description: The tool's records, one per package (C(rpm), C(name), C(version), C(release), C(arch), C(kver),
    C(changed)), then one with C(spec), C(source), C(log), C(changed); in check mode the dry run's records.
  returned: always
  type: list
  elements: dict
  sample: [{"rpm": "/home/builder/rpmbuild/RPMS/x86_64/kmod-mx2g-6.1.5-1.acm.x86_64-1.4.2-1.x86_64.rpm",
            "name": "kmod-mx2g-6.1.5-1.acm.x86_64", "version": "1.4.2", "release": "1", "arch": "x86_64",
            "kver": "6.1.5-1.acm.x86_64", "changed": "yes"}]
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import run_pkgbuild_module


def main():
    run_pkgbuild_module(dict(
        kernel=dict(type='list', elements='str'),
        module_dir=dict(type='list', elements='str'),
        make_var=dict(type='list', elements='str'),
        name=dict(type='str'),
        set_version=dict(type='str'),
        userland_install=dict(type='str'),
        srpm_only=dict(type='bool', default=False),
    ), 'mx2g-pack')


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# kbuild.py - kbuild(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: kbuild
short_description: Build a kernel as RPMs (kbuild)
version_added: "0.1.0"
extends_documentation_fragment:
  - acmtools.cluster.tool
  - acmtools.cluster.tool.pkgbuild
description:
  - Runs kbuild(1), which builds a kernel (C(kernel-ml) beside the
    distribution's, or C(kernel) to replace it) as RPMs from a tarball,
    directory or git source and a config, and optionally publishes them.
  - kbuild keeps no state of its last build, so every run builds again, and
    C(changed) is what its records say.
options:
  config:
    description: Start from this C(.config) (C(--config)).
    type: path
  config_target:
    description: Start from a kconfig target, C(defconfig) (default), C(tinyconfig), ... (C(--config-target)).
    type: str
  fragment:
    description: Merge these files of C(CONFIG_) lines on top (C(--fragment)).
    type: list
    elements: path
  name:
    description: Package name, C(kernel-ml) (default) or C(kernel) (C(--name)).
    type: str
  localversion:
    description: Appended to the release, so to C(uname -r) (C(--localversion)).
    type: str
  headers:
    description: Also build C(NAME-headers) (C(--headers)).
    type: bool
    default: false
  jobs:
    description: Parallel make jobs (C(--jobs), default the CPUs).
    type: int
  ccache:
    description: Compile through ccache (C(--ccache)).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: kernel-ml 6.1 from the distribution's config, published to the cluster repo
  acmtools.cluster.kbuild:
    source: /srv/src/linux-6.1.tar.xz
    config: /boot/config-{{ ansible_kernel }}
    localversion: .acm
    repo: /srv/repo/kernel
  register: kernel
'''

RETURN = r'''
records:
  description: The tool's records, one per package (C(rpm), C(name), C(version), C(release), C(arch), C(changed)),
    then one with C(kver), C(spec), C(config), C(log), C(changed); in check mode the dry run's C(action)/C(file) records.
  returned: always
  type: list
  elements: dict
  sample: [{"rpm": "/home/builder/rpmbuild/RPMS/x86_64/kernel-ml-6.1.5-1.x86_64.rpm", "name": "kernel-ml",
            "version": "6.1.5", "release": "1", "arch": "x86_64", "changed": "yes"}]
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import run_pkgbuild_module


def main():
    run_pkgbuild_module(dict(
        config=dict(type='path'),
        config_target=dict(type='str'),
        fragment=dict(type='list', elements='path'),
        name=dict(type='str'),
        localversion=dict(type='str'),
        headers=dict(type='bool', default=False),
        jobs=dict(type='int'),
        ccache=dict(type='bool', default=False),
    ), 'kbuild')


if __name__ == '__main__':
    main()

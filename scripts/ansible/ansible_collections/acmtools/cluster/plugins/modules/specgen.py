#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# specgen.py - specgen(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: specgen
short_description: Write an RPM spec for an upstream source (specgen)
version_added: "0.1.0"
description:
  - Runs specgen(1), which writes a spec that rpmbuild builds as it is for
    a tarball, a directory or a git repository, or pulls out the spec the
    source ships.
  - The spec is written to I(output) atomically; a second run with the same
    source leaves it alone and reports C(changed=no).
options:
  source:
    description: The source, a tarball, a directory or a git repository (path or URL) (the tool's operand).
    type: str
    required: true
  output:
    description:
      - Write the spec to this file (C(--output)).
      - Required here, because the module reports the record specgen prints
        beside the file, and C(--check) compares with the file.
    type: path
    required: true
  ref:
    description: Git source, the tag, branch or commit to package (C(--ref), default C(HEAD)).
    type: str
  name:
    description: Package name (C(--name), default from the source).
    type: str
  set_version:
    description: Package version (C(--set-version), default from the source).
    type: str
  release:
    description: Package release (C(--release), default 1).
    type: str
  summary:
    description: One-line summary (C(--summary)).
    type: str
  license:
    description: SPDX license expression (C(--license), default from the license files).
    type: str
  url:
    description: Upstream URL (C(--url)).
    type: str
  packager:
    description: C(Name <email>) for C(%changelog) (C(--packager)).
    type: str
  tarball_dir:
    description: Directory and git sources, write the reproducible C(NAME-VERSION.tar.gz) here (C(--tarball-dir)).
    type: path
  extract:
    description: Write the spec the source ships instead (C(--extract)).
    type: bool
    default: false
  no_probe:
    description: Do not build and install to list C(%files); write conventional globs (C(--no-probe)).
    type: bool
    default: false
  no_cache:
    description: Run the trial build even when an earlier run's result is cached (C(--no-cache)).
    type: bool
    default: false
  strict:
    description: Fail (65) when no build system is found or the license is not recognisably one license (C(--strict)).
    type: bool
    default: false
extends_documentation_fragment:
  - acmtools.cluster.tool
'''

EXAMPLES = r'''
- name: A spec for fping
  acmtools.cluster.specgen:
    source: /srv/src/fping-5.1.tar.gz
    output: /home/builder/rpmbuild/SPECS/fping.spec
    packager: "Cluster Admin <admin@example.org>"
'''

RETURN = r'''
records:
  description: The tool's record, as a dict of strings.
  returned: always
  type: list
  elements: dict
  sample: [{"spec": "/home/builder/rpmbuild/SPECS/fping.spec", "name": "fping", "version": "5.1",
            "buildsys": "autotools", "license": "MIT", "tarball": "", "changed": "yes"}]
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import plain, run_module


def main():
    spec = dict(source=dict(type='str', required=True), output=dict(type='path', required=True),
                tarball_dir=dict(type='path'))
    spec.update(plain('str', 'ref', 'name', 'set_version', 'release', 'summary', 'license', 'url', 'packager'))
    spec.update(plain('bool', 'extract', 'no_probe', 'no_cache', 'strict'))
    run_module(spec, 'specgen', positional=('source',))


if __name__ == '__main__':
    main()

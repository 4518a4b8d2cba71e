# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# tool.py - the documentation every acmtools.cluster module shares: the
# executable option, how check and diff mode map onto the tool, and notes.
from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  executable:
    description:
      - Path of the acmtools program to run.
      - Default is the program's name looked up on C(PATH), so a test can
        point at a build tree.
    type: path
requirements:
  - the acmtools program the module is named after, on the managed node
notes:
  - The module decides nothing itself. Options are passed to the tool as
    its long options (C(_) becomes C(-)), and the tool's exit status and
    message become the task's C(rc) and C(msg).
  - C(changed) is read from the C(changed=) fields of the tool's records,
    and facts come back as those records in C(records); see acmtools(7).
  - With C(--diff) the module first runs the tool's dry run and returns its
    output as the diff, in C(diff.prepared); that is the records of what a
    run would do, unless the module's RETURN says what else its tool's dry
    run prints.
  - Besides C(records) (and C(diff)), every module returns C(rc), C(cmd)
    (the command line that ran last), C(stdout) and C(stderr), as
    M(ansible.builtin.command) does. In check mode the 1 with which
    C(--check) says "a run would change something" is C(changed), and
    C(rc) is 0.
author:
  - acmtools developers
attributes:
  check_mode:
    description: Runs the tool with C(--check), or its dry run where the tool has no C(--check).
    support: full
  diff_mode:
    description: Returns the tool's dry-run output (C(-n)) as the diff.
    support: full
  platform:
    description: Linux hosts where acmtools is installed.
    platforms: posix
'''

    # kbuild and mx2g-pack: the options of the shared package-build pipeline
    PKGBUILD = r'''
notes:
  - The tool has no C(--check), so check mode runs its dry run (C(-n)) and
    reports what the dry run says; the dry run lists every step of a build,
    so check mode reports changed even when a run would build nothing.
  - C(--spec-only) is not offered, since it prints a spec, not records.
options:
  source:
    description: The source to build, a tarball, directory or git repository (the tool's operand).
    type: str
    required: true
  release:
    description: Package release (C(--release), default 1); letters, digits and C(._+~).
    type: str
  ref:
    description: Git source, the tag, branch or commit to use (C(--ref), default C(HEAD)).
    type: str
  topdir:
    description: The rpmbuild tree (C(--topdir), default rpm's C(%_topdir)).
    type: path
  repo:
    description: Copy the built RPMs into this directory and refresh its metadata with createrepo_c (C(--repo)).
    type: path
'''

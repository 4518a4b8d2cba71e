#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# masq.py - masq-setup(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: masq
short_description: Forward and masquerade an internal network (masq-setup)
version_added: "0.1.0"
description:
  - Runs masq-setup(1), which makes the host the NAT gateway of an internal
    network in the nftables table C(ip acmtools_masq), turns on IPv4
    forwarding and writes the boot-time files.
  - The table is replaced as a whole, so a run states the whole set-up.
options:
  internal:
    description: Where the traffic to masquerade comes from, a network (CIDR) or an interface (C(--internal)).
    type: list
    elements: str
  external:
    description: The interfaces it leaves by (C(--external)).
    type: list
    elements: str
  snat:
    description: SNAT to this fixed address instead of masquerading (C(--snat)).
    type: str
  remove:
    description: Take away what masq-setup set up, its table, forwarding if it turned it on, its files (C(--remove)).
    type: bool
    default: false
  persist_root:
    description: Write the boot-time files under this directory (C(--persist-root), default C(/)).
    type: path
  no_persist:
    description: Change only the running system (C(--no-persist)).
    type: bool
    default: false
  allow_absent:
    description: Accept interfaces that do not exist yet (C(--allow-absent)).
    type: bool
    default: false
extends_documentation_fragment:
  - acmtools.cluster.tool
'''

EXAMPLES = r'''
- name: The cluster network 192.0.2.0/24 goes out by eth1
  acmtools.cluster.masq:
    internal: [192.0.2.0/24]
    external: [eth1]

- name: Take the gateway away again
  acmtools.cluster.masq:
    remove: true
'''

RETURN = r'''
records:
  description: The tool's one record (C(table), C(family), C(forward), C(changed), C(ruleset), C(forward_changed),
    C(persisted), and unless I(no_persist) C(sysctl_file), C(nft_file)), values as strings.
  returned: always
  type: list
  elements: dict
  sample: [{"table": "acmtools_masq", "family": "ip", "forward": "on", "changed": "yes", "ruleset": "created",
            "forward_changed": "yes", "persisted": "yes", "sysctl_file": "/etc/sysctl.d/90-acmtools-masq.conf",
            "nft_file": "/etc/nftables.d/acmtools-masq.nft"}]
diff:
  description: With --diff, C(prepared) holds the nftables script a run loads (C(masq-setup -n)).
  returned: in diff mode
  type: dict
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import run_module


def main():
    run_module(dict(
        internal=dict(type='list', elements='str'),
        external=dict(type='list', elements='str'),
        snat=dict(type='str'),
        remove=dict(type='bool', default=False),
        persist_root=dict(type='path'),
        no_persist=dict(type='bool', default=False),
        allow_absent=dict(type='bool', default=False),
    ), 'masq-setup')


if __name__ == '__main__':
    main()

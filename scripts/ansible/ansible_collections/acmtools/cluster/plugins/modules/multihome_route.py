#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
# multihome_route.py - multihome-route(1) as an Ansible module.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: multihome_route
short_description: Send replies out of the uplink they came in on (multihome-route)
version_added: "0.1.0"
description:
  - Runs multihome-route(1), which gives each uplink its own routing table
    and C(from ADDR) rules, marked with its own rtnetlink protocol, and
    persists them for boot.
  - Each run states the whole set-up; routes and rules the tool made earlier
    that are not asked for again are taken away.
options:
  uplinks:
    description: The uplinks, each C(IFACE:GW4[,GW6]) (the tool's operands).
    type: list
    elements: str
  table:
    description: Routing table of an uplink, C(IFACE=ID) or C(IFACE=NAME) (C(--table); default 100, 101, ... in order).
    type: list
    elements: str
  from:
    description: Also send replies from this source prefix by that uplink, C(CIDR=IFACE) (C(--from)).
    type: list
    elements: str
  priority:
    description: First rule priority; rules use N to N+129 (C(--priority), default 1000).
    type: int
  rp_filter:
    description: C(loose) sets rp_filter=2 on the uplinks, C(keep) leaves it (C(--rp-filter), default C(loose)).
    type: str
  remove:
    description: Take away the routes, rules and files the tool made, for all uplinks or the ones given (C(--remove)).
    type: bool
    default: false
  persist:
    description: Also write it for boot, C(auto), C(network-scripts), C(networkd), C(nm) or C(none) (C(--persist), default C(auto)).
    type: str
  persist_root:
    description: The directory persisted files go under (C(--persist-root), default C(/)).
    type: path
extends_documentation_fragment:
  - acmtools.cluster.tool
'''

EXAMPLES = r'''
- name: Two uplinks, replies leave by the one they came in on
  acmtools.cluster.multihome_route:
    uplinks:
      - eth0:192.0.2.1
      - eth1:198.51.100.1
    persist: nm

- name: Take the second uplink away, keep the first
  acmtools.cluster.multihome_route:
    remove: true
    uplinks: [eth1:198.51.100.1]
'''

RETURN = r'''
records:
  description: The tool's records, one dict per uplink, values as strings.
  returned: always
  type: list
  elements: dict
  sample: [{"iface": "eth1", "table": "101", "gateway": "198.51.100.1", "sources": "198.51.100.10", "rp_filter": "2", "persist": "none", "changed": "yes"}]
diff:
  description: With --diff, C(prepared) holds the C(ip -batch) script a run would apply (C(multihome-route -n)).
  returned: in diff mode
  type: dict
'''

from ansible_collections.acmtools.cluster.plugins.module_utils.acmtools import run_module


def main():
    run_module({
        'uplinks': dict(type='list', elements='str'),
        'table': dict(type='list', elements='str'),
        'from': dict(type='list', elements='str'),
        'priority': dict(type='int'),
        'rp_filter': dict(type='str'),
        'remove': dict(type='bool', default=False),
        'persist': dict(type='str'),
        'persist_root': dict(type='path'),
    }, 'multihome-route', positional=('uplinks',))


if __name__ == '__main__':
    main()

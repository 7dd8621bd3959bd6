/**
 * Turn a scenario into hosts: an etcd member per node, a process per client, and the built-in
 * client that runs the timeline's put/get/delete/cas actions.
 */
import type { HostSpec } from '../sim/host';
import type { ClientConfig } from '../store/client';
import type { MemberConfig } from '../store/member';
import '../store/client';
import { minLeaseTtlMs } from '../store/leaseSession';
import '../store/member';
import type { ConfState } from '../raft/types';
import type { Scenario } from './types';

import { BUILTIN_CLIENT } from './clientIds';

export { BUILTIN_CLIENT };

export function memberConfig(s: Scenario, id: string, conf: ConfState, bugs: string[]): MemberConfig {
  return {
    id,
    conf: { voters: [...conf.voters], learners: [...conf.learners] },
    tick: s.raft.heartbeat,
    electionTicks: Math.round(s.raft.electionTimeout / s.raft.heartbeat),
    preVote: s.raft.preVote,
    checkQuorum: s.raft.checkQuorum,
    maxInflight: s.raft.maxInflight,
    readOnly: s.raft.readOnly,
    snapshotEvery: s.raft.snapshotEvery,
    autoCompact: s.autoCompact,
    bugs: [...bugs],
  };
}

export function memberHost(s: Scenario, id: string, zone: string | undefined, conf: ConfState, bugs: string[]): HostSpec {
  return { id, ...(zone ? { zone } : {}), role: 'server', procs: [{ name: 'etcd', kind: 'etcd', config: memberConfig(s, id, conf, bugs) }] };
}

export function clientHost(id: string, config: Omit<ClientConfig, 'id'>): HostSpec {
  return { id, role: 'client', procs: [{ name: 'client', kind: 'client', config: { ...config, id } }] };
}

export function buildHosts(s: Scenario, record = true): HostSpec[] {
  const members = s.nodes.map((n) => n.id);
  const conf: ConfState = { voters: members, learners: [] };
  const hosts = s.nodes.map((n) => memberHost(s, n.id, n.zone, conf, s.bugs));
  const minLease = minLeaseTtlMs(s.raft.heartbeat, s.raft.electionTimeout);
  // Clients sit in the first member's zone (an application next to its database).
  for (const c of s.clients) {
    const leases = c.leases ? { leaseTtlMs: Math.ceil(c.leases.ttl / 1000) } : {};
    hosts.push({ ...clientHost(c.id, { members, workload: c.workload, keys: c.keys, rate: c.rate, timeout: c.timeout, watch: c.watch, record, minLeaseTtlMs: minLease, ...leases }), zone: s.nodes[0].zone });
  }
  hosts.push({ ...clientHost(BUILTIN_CLIENT, { members, workload: 'none', keys: 1, rate: 0, timeout: 2_000_000, record, minLeaseTtlMs: minLease }), zone: s.nodes[0].zone });
  return hosts;
}

/**
 * The member's lessor rules (etcd lessor.go): the primary refuses to renew a lease it has seen
 * expire, and a grant's TTL is raised to the minimum that outlives an election.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse';
import { Simulation } from '../scenario/simulation';
import { SECOND } from '../sim/time';
import type { EtcdMember } from './member';

const base = { name: 'lessor', seed: 4, duration: '8s', topology: { etcd: 3 } };

describe('etcd lessor rules in the member', () => {
  it('a keep-alive after expiry, before the revoke applies, fails with ErrLeaseNotFound', () => {
    const sim = new Simulation(
      parseScenario({
        ...base,
        actions: [
          { at: '2s', do: 'lease-grant', id: 5, ttl: '2s' },
          { at: '2.1s', do: 'put', key: 'lock', value: 'held', lease: 5 },
          // Expired at ~4.0 s on the leader; its 500 ms lease check proposes the revoke at 4.5 s.
          { at: '4.2s', do: 'lease-keepalive', id: 5 },
          { at: '6s', do: 'get', key: 'lock' },
        ],
      }),
    );
    sim.runToEnd();
    const r = sim.report();
    const keepalive = r.history.find((h) => h.op === 'lease-keepalive')!;
    expect(keepalive.completeMs).not.toBeNull();
    expect(keepalive.error).toBe('ErrLeaseNotFound');
    expect(r.history.find((h) => h.op === 'get')!.result).toBeNull();
    for (const [name, c] of Object.entries(r.checks)) expect(c.ok, `${name}: ${c.detail}`).toBe(true);
  });

  it('raises a TTL below (3 * electionTicks / 2) heartbeats, on every member', () => {
    const sim = new Simulation(parseScenario({ ...base, duration: '3s' }));
    sim.runUntil(2 * SECOND);
    const leader = sim.describe().leader!;
    const host = sim.world.host(leader);
    const member = host.procs.get('etcd') as EtcdMember;
    // Straight into the log, as a client that skips its own clamp would.
    (member as unknown as { operate: (ctx: unknown, fn: () => unknown) => unknown }).operate(sim.world.context(host.index, 'etcd'), () => member.raft.propose('lease-grant 9 100'));
    sim.runUntil(3 * SECOND);
    for (const id of ['n1', 'n2', 'n3']) {
      const m = sim.world.host(id).procs.get('etcd') as EtcdMember;
      expect(m.store.leases.find((l) => l.id === 9)?.ttlMs, id).toBe(1500);
    }
  });
});

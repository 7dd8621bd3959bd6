import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse';
import { Simulation } from '../../scenario/simulation';
import { memberKeys, memberLeases } from './storeView';

describe('memberKeys', () => {
  it("reads each key's create_revision, mod_revision and version from a member's store", () => {
    const sim = new Simulation(parseScenario({
      name: 'kv', seed: 2, duration: '6s', topology: { etcd: 3 },
      actions: [
        { at: '2s', do: 'put', key: 'x', value: '1' },
        { at: '2.5s', do: 'put', key: 'y', value: 'a' },
        { at: '3s', do: 'put', key: 'x', value: '2' },
        { at: '3.5s', do: 'crash', node: 'n3' },
      ],
    }));
    sim.runUntil(5_000_000);
    const keys = memberKeys(sim.world, 'n1')!;
    expect(keys.map((k) => [k.key, k.value, k.createRevision, k.modRevision, k.version])).toEqual([
      ['x', '2', 2, 4, 2],
      ['y', 'a', 3, 3, 1],
    ]);
    expect(memberKeys(sim.world, 'n3')).toBeNull(); // down: no store in memory
    expect(memberKeys(sim.world, 'nope')).toBeNull();
  });
});

describe('memberLeases', () => {
  const sim = () => new Simulation(parseScenario({
    name: 'leases', seed: 2, duration: '20s', topology: { etcd: 3 },
    actions: [
      { at: '2s', do: 'lease-grant', ttl: '5s' },
      { at: '2s', do: 'lease-grant', id: 7, ttl: '60s' },
      { at: '2.5s', do: 'put', key: 'lock', value: 'me', lease: 1 },
      { at: '2.5s', do: 'put', key: 'plain', value: 'p' },
    ],
  }));

  it("shows each key's lease and each lease's TTL and keys, without changing the run", () => {
    const s = sim();
    s.runUntil(3_000_000);
    const before = s.world.traceHash;
    expect(memberKeys(s.world, 'n2')!.map((k) => [k.key, k.lease])).toEqual([['lock', 1], ['plain', 0]]);
    const leases = memberLeases(s.world, 'n2')!;
    expect(leases.map((l) => [l.id, l.ttlMs, l.keys])).toEqual([[1, 5000, ['lock']], [7, 60000, []]]);
    leases[0].keys.push('mutated'); // a copy: the store is untouched
    expect(memberLeases(s.world, 'n2')![0].keys).toEqual(['lock']);
    expect(s.world.traceHash).toBe(before);
  });

  it('the lease and its key are gone once the leader expires it', () => {
    const s = sim();
    s.runUntil(9_000_000);
    expect(memberLeases(s.world, 'n1')!.map((l) => l.id)).toEqual([7]);
    expect(memberKeys(s.world, 'n1')!.map((k) => k.key)).toEqual(['plain']);
    expect(memberLeases(s.world, 'nope')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse';
import { Simulation } from '../../scenario/simulation';
import { memberKeys } from './storeView';

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

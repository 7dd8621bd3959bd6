import { describe, expect, it } from 'vitest';
import { SECOND } from '../sim/time';
import { parseScenario } from './parse';
import { retentionFloor } from './retention';
import { Simulation } from './simulation';

const scenario = () =>
  parseScenario({
    name: 'retention',
    seed: 3,
    duration: '20s',
    topology: { etcd: 3 },
    raft: { snapshotEvery: 50 },
    clients: [{ id: 'c1', workload: 'register', keys: 2, rate: '50/s' }],
  });

describe('the safety checker forgets only what every log has compacted', () => {
  it('rises with compaction while every member is up', () => {
    const sim = new Simulation(scenario());
    sim.runUntil(10 * SECOND);
    const floor = retentionFloor(sim.world);
    const firsts = ['n1', 'n2', 'n3'].map((id) => sim.raftStatus(id)!.snapshotIndex + 1);
    expect(floor).toBeGreaterThan(1);
    expect(floor).toBeLessThanOrEqual(Math.min(...firsts));
  });

  it('is held down by a crashed member at its durable snapshot', () => {
    const sim = new Simulation(scenario());
    sim.runUntil(4 * SECOND);
    sim.perform({ do: 'crash', node: 'n2' });
    const heldAt = retentionFloor(sim.world);
    sim.runUntil(12 * SECOND);
    // The others compacted further, but n2 would restart from what its disk holds.
    const others = ['n1', 'n3'].map((id) => sim.raftStatus(id)!.snapshotIndex + 1);
    expect(Math.min(...others)).toBeGreaterThan(heldAt);
    expect(retentionFloor(sim.world)).toBeLessThanOrEqual(heldAt);
    sim.perform({ do: 'restart', node: 'n2' });
    sim.runUntil(20 * SECOND);
    expect(sim.checks().raftSafety.ok).toBe(true);
  });
});

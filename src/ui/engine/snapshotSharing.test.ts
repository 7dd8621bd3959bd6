import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse';
import { Simulation } from '../../scenario/simulation';
import { deepClone } from '../../sim/clone';
import { shareWith } from './snapshotSharing';

class Box {
  constructor(public v: number) {}
  twice(): number { return this.v * 2; }
}

describe('shareWith', () => {
  it('reuses equal subtrees of the previous snapshot and keeps what changed', () => {
    const live = { log: [{ i: 1 }, { i: 2 }], kv: new Map([['x', { v: '1' }]]), box: new Box(3), n: 1 };
    const prev = deepClone(live);
    live.log.push({ i: 3 });
    live.n = 2;
    const next = shareWith(deepClone(live), prev);
    expect(next).toEqual(live);
    expect(next).not.toBe(prev);
    expect(next.log).not.toBe(prev.log);
    expect(next.log[0]).toBe(prev.log[0]);
    expect(next.log[1]).toBe(prev.log[1]);
    expect(next.kv).toBe(prev.kv);
    expect(next.box).toBe(prev.box);
    expect(next.box.twice()).toBe(6);
  });

  it('shares nothing when prototypes, key order or map order differ', () => {
    const prev = { a: { x: 1, y: 2 }, m: new Map([['p', 1], ['q', 2]]), b: { v: 1 } };
    const next = shareWith({ a: { y: 2, x: 1 }, m: new Map([['q', 2], ['p', 1]]), b: new Box(1) }, deepClone(prev));
    expect(Object.keys(next.a)).toEqual(['y', 'x']);
    expect([...next.m.keys()]).toEqual(['q', 'p']);
    expect(next.b).toBeInstanceOf(Box);
    expect(next.a).not.toBe(prev.a);
  });

  it('keeps aliasing exactly: one object stays one, two stay two', () => {
    const msg = { type: 'MsgApp', index: 4 };
    const prev = deepClone({ queue: [msg], held: [msg], a: { v: 1 }, b: { v: 1 } });
    // In next, the held message is a different (equal) object, and a/b became one object.
    const shared = { v: 1 };
    const next = shareWith({ queue: [{ type: 'MsgApp', index: 4 }], held: [{ type: 'MsgApp', index: 4 }], a: shared, b: shared }, prev);
    expect(next.queue[0]).not.toBe(next.held[0]);
    expect(next.a).toBe(next.b);
    // And an object shared in both snapshots is still shared after the rewrite.
    const both = deepClone({ queue: [msg], held: [msg] });
    const again = shareWith(deepClone(both), both);
    expect(again.queue[0]).toBe(again.held[0]);
  });

  it('leaves cycles intact', () => {
    const a: { self?: unknown; v: number } = { v: 1 };
    a.self = a;
    const next = shareWith(deepClone(a), deepClone(a));
    expect(next.self).toBe(next);
  });

  it('a run restored from shared checkpoints replays to the same trace hash', () => {
    const json = {
      name: 'sharing', seed: 3, duration: '8s', topology: { etcd: 3 },
      clients: [{ id: 'c1', workload: 'register', keys: 2, rate: '50/s' }],
      actions: [{ at: '3s', do: 'crash', node: 'n1' }, { at: '4s', do: 'restart', node: 'n1' }],
    };
    const straight = new Simulation(parseScenario(json));
    straight.runUntil(8_000_000);
    const sim = new Simulation(parseScenario(json));
    const checkpoints: unknown[] = [];
    for (let t = 1; t <= 6; t++) {
      sim.runUntil(t * 1_000_000);
      const s = sim.snapshot();
      checkpoints.push(checkpoints.length ? shareWith(s, checkpoints[checkpoints.length - 1]) : s);
    }
    for (const cp of [checkpoints[1], checkpoints[3], checkpoints[5]]) {
      sim.restore(cp as never);
      sim.runUntil(8_000_000);
      expect(sim.world.traceHash).toBe(straight.world.traceHash);
    }
  });
});

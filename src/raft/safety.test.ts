import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { AppliedEntry, Network } from './network.testkit';

const ids5 = ['n1', 'n2', 'n3', 'n4', 'n5'];

/**
 * Randomized safety check: partitions, crashes with restarts from disk, message loss,
 * proposals and compaction. Whatever happens, Raft's safety properties must hold, and once
 * the faults stop the cluster must converge.
 */
function chaosRun(seed: number, rounds: number) {
  const net = new Network(ids5, { seed });
  const chaos = new Rng(seed, 'chaos');
  const leaderOfTerm = new Map<number, string>();
  const committed = new Map<number, AppliedEntry>(); // index -> the entry anyone applied there
  let lossRate = 0;
  net.filter = (m) => (chaos.chance(lossRate) ? null : m);
  let proposed = 0;

  const checkApplied = () => {
    for (const id of ids5) {
      for (const e of net.applied.get(id)!) {
        const prev = committed.get(e.index);
        if (!prev) committed.set(e.index, e);
        else if (prev.term !== e.term || prev.data !== e.data) {
          expect(e, `state machine safety: ${id} applied a different entry at ${e.index}`).toEqual(prev);
        }
      }
    }
  };

  for (let round = 0; round < rounds; round++) {
    if (round % 30 === 0) {
      net.heal();
      for (const id of [...net.crashed]) if (chaos.chance(0.7)) net.restart(id);
      lossRate = chaos.chance(0.5) ? 0.1 : 0;
      const fault = chaos.int(0, 4);
      if (fault === 1) net.isolate(chaos.pick(ids5));
      if (fault === 2) {
        const live = ids5.filter((id) => !net.crashed.has(id));
        if (live.length > 3) net.crash(chaos.pick(live));
      }
      if (fault === 3) {
        const leader = net.leaders()[0];
        if (leader) net.isolate(leader);
      }
    }
    for (const l of net.leaders()) if (chaos.chance(0.5)) net.node(l).propose(`v${proposed++}`);
    if (round % 50 === 25) {
      for (const id of ids5) {
        if (net.crashed.has(id)) continue;
        const applied = net.node(id).status().applied;
        if (applied > 10) net.compact(id, applied - 5);
      }
    }
    net.tickAll();
    for (const id of net.leaders()) {
      const term = net.node(id).status().term;
      const prev = leaderOfTerm.get(term);
      if (prev !== undefined) expect(prev, `two leaders in term ${term}`).toBe(id);
      leaderOfTerm.set(term, id);
    }
    checkApplied();
  }

  // Stop the faults: everyone restarts, the network heals, the cluster converges.
  net.filter = null;
  net.heal();
  for (const id of [...net.crashed]) net.restart(id);
  const leader = net.electLeader();
  net.propose(leader, 'final');
  net.tickAll(10);
  checkApplied();
  const want = net.appliedData(leader);
  for (const id of ids5) expect(net.appliedData(id), id).toEqual(want);
  return { elections: leaderOfTerm.size, applied: want.length, proposed };
}

describe('randomized safety', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: one leader per term, no divergent applied entries, convergence`, () => {
      const r = chaosRun(seed, 800);
      expect(r.elections).toBeGreaterThan(3);
      expect(r.applied).toBeGreaterThan(20);
    });
  }
});

/**
 * The nemesis plays (nemesisSplitVote.ts, nemesisFigure8.ts) on the built-in sweep scenario,
 * with only that play in the nemesis: each builds the history its planted bug needs (the bug's
 * checker fails), is harmless to correct Raft (every check passes), leaves the cluster whole,
 * and replays exactly.
 */
import { describe, expect, it } from 'vitest';
import { SWEEP_SCENARIO } from '../cli/sweepScenario';
import type { RaftViolation } from '../check/raftSafety';
import { MS, SECOND } from '../sim/time';
import type { NemesisState } from './nemesis';
import { NEMESIS_FAULTS, parseScenario } from './parse';
import { Simulation } from './simulation';
import type { NemesisFault } from './types';

function simulate(fault: NemesisFault, seed: number, bug?: string, members = 5): Simulation {
  const nemesis = { faults: [fault], interval: '5s', quiet: '10s' };
  const s = parseScenario({ ...SWEEP_SCENARIO, topology: { etcd: members }, nemesis }, { seed });
  if (bug) s.bugs.push(bug);
  const sim = new Simulation(s);
  sim.runToEnd();
  return sim;
}

const failing = (sim: Simulation) =>
  Object.entries(sim.checks())
    .filter(([, c]) => !c.ok)
    .map(([name, c]) => `${name}: ${c.detail}`);

const raftRules = (sim: Simulation) => ((sim.checks().raftSafety.violations ?? []) as RaftViolation[]).map((v) => v.rule);

/** At the end every member is up, the network is whole and nothing is held. */
function expectWhole(sim: Simulation): void {
  const w = sim.world;
  expect(w.hosts.filter((h) => !h.up).map((h) => h.id)).toEqual([]);
  expect(w.state.net.hasCuts()).toBe(false);
  expect(w.state.net.holds).toEqual([]);
  expect(w.state.held).toEqual([]);
  expect(sim.describe().leader).not.toBeNull();
}

describe('the nemesis knows the plays', () => {
  it('as faults of their own, and in the swarm mix', () => {
    expect(NEMESIS_FAULTS).toEqual(expect.arrayContaining(['split-vote', 'figure8']));
    const base = { topology: { etcd: 5 } };
    expect(parseScenario({ ...base, nemesis: { faults: ['split-vote', 'figure8'] } }).nemesis?.faults).toEqual(['split-vote', 'figure8']);
    expect(parseScenario({ ...base, nemesis: 'swarm' }).nemesis?.faults).toEqual(expect.arrayContaining(['split-vote', 'figure8']));
  });
});

describe('split-vote play (Raft §5.2, Figure 2: votedFor is persistent)', () => {
  it('makes a voter that forgot its vote elect two leaders in one term (forget-vote)', () => {
    const sim = simulate('split-vote', 1, 'forget-vote');
    expect(raftRules(sim)).toContain('election-safety');
  });

  it('is only an unlucky run for correct Raft, and leaves the cluster whole', () => {
    for (const seed of [1, 2]) {
      const sim = simulate('split-vote', seed);
      expect(failing(sim), `seed ${seed}`).toEqual([]);
      expectWhole(sim);
      // The play crashed the old leader and the voter, and forced elections.
      expect(sim.leaders().length).toBeGreaterThan(3);
    }
  });
});

describe('figure8 play (Raft §5.4.2, Figure 8)', () => {
  it('makes a leader that counted old-term replicas lose a committed entry (commit-old-term)', () => {
    const sim = simulate('figure8', 1, 'commit-old-term');
    expect(raftRules(sim)).toContain('leader-completeness');
  });

  it('is only an unlucky run for correct Raft, and leaves the cluster whole', () => {
    for (const seed of [1, 2]) {
      const sim = simulate('figure8', seed);
      expect(failing(sim), `seed ${seed}`).toEqual([]);
      expectWhole(sim);
      expect(sim.leaders().length).toBeGreaterThan(3);
    }
  });
});

describe('plays in general', () => {
  it('replay exactly: the same seed gives the same trace hash', () => {
    for (const fault of ['split-vote', 'figure8'] as const) {
      expect(simulate(fault, 3).world.traceHash, fault).toBe(simulate(fault, 3).world.traceHash);
    }
  });

  it('are plain state: a run rewound to the middle of a play continues to the same trace hash', () => {
    const s = parseScenario({ ...SWEEP_SCENARIO, nemesis: { faults: ['figure8'], interval: '5s', quiet: '10s' } }, { seed: 1 });
    const sim = new Simulation(s);
    // Stop in the middle of the first play, wherever the seed puts it.
    const playing = () => (sim.world.state.ext.nemesis as NemesisState).play?.kind;
    for (let t = 5 * SECOND; t < 40 * SECOND && playing() === undefined; t += 100 * MS) sim.runUntil(t);
    expect(playing()).toBe('figure8');
    const mid = sim.snapshot();
    sim.runToEnd();
    const straight = sim.world.traceHash;
    sim.restore(mid);
    sim.runToEnd();
    expect(sim.world.traceHash).toBe(straight);
  });

  it('do not start in an even-sized cluster, where their two sides cannot both win', () => {
    for (const fault of ['split-vote', 'figure8'] as const) {
      const sim = simulate(fault, 1, undefined, 4);
      expect(sim.leaders(), fault).toHaveLength(1);
      expect(failing(sim)).toEqual([]);
    }
  });
});

/**
 * Planted bugs are caught: the built-in sweep scenario (five members, three clients, swarm
 * nemesis, sixty virtual seconds) on fixed seeds. Without bugs those seeds pass every check;
 * with a bug switched on, the checker that guards the broken rule fails.
 *
 * The seed ranges come from `npm run sweep -- --seeds 1..1000 --bug NAME --workers 1 --quiet`
 * (which lists the catching seeds in order). When the engine or the nemesis changes, the seeds
 * that hit a bug's window move: re-run the sweep and widen a range if its first catch moved out.
 */
import { describe, expect, it } from 'vitest';
import { SWEEP_SCENARIO } from '../cli/sweepScenario';
import type { RaftRule, RaftViolation } from '../check/raftSafety';
import { parseScenario } from './parse';
import type { CheckReport } from './report';
import { Simulation } from './simulation';
import type { Scenario } from './types';

type Bug = Scenario['bugs'][number];

function checksFor(seed: number, bug?: Bug): Record<string, CheckReport> {
  const s = parseScenario(SWEEP_SCENARIO, { seed });
  if (bug) s.bugs.push(bug);
  const sim = new Simulation(s);
  sim.runToEnd();
  return sim.checks();
}

const failing = (checks: Record<string, CheckReport>) =>
  Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name, c]) => `${name}: ${c.detail}`);

describe('sweep scenario without planted bugs', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed} passes every check`, () => {
      const checks = checksFor(seed);
      expect(Object.keys(checks)).toEqual(expect.arrayContaining(['raftSafety', 'linearizable']));
      expect(failing(checks), `seed ${seed}`).toEqual([]);
    });
  }
});

/**
 * Each bug, the check that must catch it (docs/scenarios.md, "Planted bugs"), and the fixed
 * seed range a sweep searches. Which seeds hit a bug's window moves whenever the engine
 * changes, so the test searches the range in order (as `npm run sweep` does) and asserts that
 * some seed catches the bug, and that the catching seed is clean without it.
 * forget-vote and commit-old-term are reached by the nemesis plays `split-vote` and `figure8`
 * (nemesisSplitVote.ts, nemesisFigure8.ts): each catches about a third of swarm seeds, the
 * first at seeds 2 and 4, so a dozen seeds is plenty. For them the Raft rule the checker
 * reports is asserted too.
 */
const CAUGHT: { bug: Bug; check: string; rule: string; seeds: number; violation?: RaftRule }[] = [
  // Reads served from local state skip ReadIndex: a lagging member answers with a stale value.
  { bug: 'stale-read', check: 'linearizable', rule: 'reads go through ReadIndex', seeds: 5 },
  // A follower acknowledges entries before they are on disk; a crash loses them while the
  // leader counts them (caught as a follower's "tocommit out of range" panic or a lost commit).
  { bug: 'ack-before-fsync', check: 'raftSafety', rule: 'persist before replying', seeds: 120 },
  // Votes for a candidate whose log is behind: a leader elected without committed entries.
  { bug: 'vote-without-log-check', check: 'raftSafety', rule: 'Raft §5.4.1: vote only for an up-to-date log', seeds: 120 },
  // A restarted voter forgets whom it voted for and votes again in the same term: two leaders.
  { bug: 'forget-vote', check: 'raftSafety', rule: 'Raft §5.2: votedFor is persistent', seeds: 12, violation: 'election-safety' },
  // A leader commits an old-term entry by counting replicas; a later leader without it wins.
  { bug: 'commit-old-term', check: 'raftSafety', rule: 'Raft §5.4.2: commit only current-term entries by counting', seeds: 12,
    violation: 'leader-completeness' },
];

const violations = (checks: Record<string, CheckReport>) => ((checks.raftSafety.violations ?? []) as RaftViolation[]).map((v) => v.rule);

for (const { bug, check, rule, seeds, violation } of CAUGHT) {
  describe(`planted bug ${bug} (${rule})`, () => {
    it(`some seed in 1..${seeds} fails ${check} with the bug, and passes every check without it`, () => {
      let caught = 0;
      for (let seed = 1; seed <= seeds && caught === 0; seed++) {
        const checks = checksFor(seed, bug);
        if (!checks[check].ok && (violation === undefined || violations(checks).includes(violation))) caught = seed;
      }
      expect(caught, `${check} should catch ${bug} on some seed in 1..${seeds}${violation ? ` (${violation})` : ''}`).toBeGreaterThan(0);
      // The same seed is clean without the bug: the failure is the bug's doing.
      expect(failing(checksFor(caught)), `seed ${caught} without ${bug}`).toEqual([]);
    }, 120_000);
  });
}

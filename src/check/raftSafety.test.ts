import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { type LeaderLogView, type LogEntryView, RaftSafetyChecker } from './raftSafety';

const e = (index: number, term: number, command = `put x ${index}`): LogEntryView => ({ index, term, command });

function view(entries: LogEntryView[], firstIndex = entries.length > 0 ? entries[0].index : 1): LeaderLogView {
  const byIndex = new Map(entries.map((x) => [x.index, x.term]));
  return { lastIndex: entries.length > 0 ? entries[entries.length - 1].index : firstIndex - 1, firstIndex, termAt: (i) => byIndex.get(i) };
}

/**
 * A small honest Raft run driven by a seed: elections by the up-to-date vote rule (§5.4.1),
 * leaders that only append, followers that copy the leader's log, commit only by counting
 * replicas of a current-term entry (§5.4.2), and acknowledgements after commit.
 */
function honestRun(seed: number, c: RaftSafetyChecker): { logs: LogEntryView[][]; commits: number[] } {
  const rng = new Rng(seed, 'check/raft-honest');
  const ids = ['n1', 'n2', 'n3'];
  const logs: LogEntryView[][] = [[], [], []];
  const commits = [0, 0, 0];
  const lastOf = (l: LogEntryView[]): [number, number] => [l.length > 0 ? l[l.length - 1].term : 0, l.length];
  const upToDate = (a: LogEntryView[], b: LogEntryView[]): boolean => {
    const [ta, ia] = lastOf(a);
    const [tb, ib] = lastOf(b);
    return ta > tb || (ta === tb && ia >= ib);
  };
  const apply = (n: number, upTo: number): void => {
    for (let i = commits[n] + 1; i <= upTo; i++) c.committed(ids[n], i, logs[n][i - 1].term, logs[n][i - 1].command);
    commits[n] = Math.max(commits[n], upTo);
  };
  let now = 0;
  for (let term = 1; term <= 12; term++) {
    now += 100;
    const electable = [0, 1, 2].filter((n) => [0, 1, 2].filter((v) => upToDate(logs[n], logs[v])).length >= 2);
    const leader = rng.pick(electable);
    c.leaderElected(ids[leader], term, now, view(logs[leader], 1));
    for (let round = 0; round < 4; round++) {
      const prev = logs[leader].length;
      const add = [e(prev + 1, term, `put k${rng.int(0, 3)} ${term}.${round}`)];
      logs[leader] = logs[leader].concat(add);
      c.leaderAppended(ids[leader], term, add, prev, now);
      const reached = [leader];
      for (const f of [0, 1, 2]) {
        if (f !== leader && rng.chance(0.6)) {
          logs[f] = logs[leader].slice();
          reached.push(f);
        }
      }
      // §5.4.2: commit by counting replicas only for an entry of the current term.
      if (reached.length >= 2) {
        const idx = logs[leader].length;
        const from = commits[leader];
        for (const n of reached) apply(n, idx);
        for (let i = from + 1; i <= idx; i++) {
          const x = logs[leader][i - 1];
          if (x.term === term) c.acknowledged('c1', i, x.term, x.command, now);
        }
      }
      now += 10;
    }
  }
  c.finalLogs(ids.map((node, n) => ({ node, up: true, commit: commits[n], snapshotIndex: 0, entries: logs[n] })), now);
  return { logs, commits };
}

describe('RaftSafetyChecker: honest runs', () => {
  it('accepts seeded honest runs', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const c = new RaftSafetyChecker();
      honestRun(seed, c);
      const v = c.verdict();
      expect(v.violations).toEqual([]);
      expect(v.ok).toBe(true);
      expect(v.detail).toMatch(/^raft safety ok: 12 elections over 12 terms, \d+ entries committed, \d+ writes acknowledged$/);
    }
  });

  it('does not demand entries below the leader log first index (compacted into a snapshot)', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n1', 1, 0, view([]));
    c.committed('n1', 1, 1, 'a');
    c.committed('n1', 2, 1, 'b');
    c.leaderElected('n2', 2, 10, view([e(3, 1)], 3));
    expect(c.verdict().ok).toBe(true);
  });

  it('does not blame a late leader of an older term for entries committed in a newer term', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n1', 1, 0, view([]));
    c.leaderElected('n3', 3, 5, view([]));
    c.committed('n3', 1, 3, 'put x 1'); // committed while term 3 is the highest
    c.leaderElected('n2', 2, 6, view([])); // its votes were cast before term 3 began
    expect(c.verdict()).toEqual({ ok: true, detail: 'raft safety ok: 3 elections over 3 terms, 1 entries committed, 0 writes acknowledged', violations: [] });
  });
});

describe('RaftSafetyChecker: planted bugs', () => {
  it('catches two leaders in one term', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n1', 4, 1000, view([]));
    c.leaderElected('n2', 4, 1010, view([]));
    const v = c.verdict();
    expect(v.ok).toBe(false);
    expect(v.violations).toEqual([{ rule: 'election-safety', atMs: 1010, message: 'term 4 has two leaders: n1 and n2', nodes: ['n1', 'n2'], term: 4 }]);
  });

  it('catches a leader overwriting its own entries', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n1', 2, 100, view([e(1, 1)]));
    c.leaderAppended('n1', 2, [e(2, 2), e(3, 2)], 1, 110);
    c.leaderAppended('n1', 2, [e(3, 2, 'put y 9')], 3, 120); // index 3 again
    const v = c.verdict();
    expect(v.violations).toEqual([
      { rule: 'leader-append-only', atMs: 120, message: 'n1 (leader, term 2) overwrites its own entries from index 3 (last index was 3)', nodes: ['n1'], index: 3, term: 2 },
    ]);
  });

  it('catches a leader that truncated its log between appends', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n1', 2, 100, view([e(1, 1), e(2, 1), e(3, 1)]));
    c.leaderAppended('n1', 2, [e(2, 2)], 1, 110); // dropped indexes 2 and 3
    const v = c.verdict();
    expect(v.ok).toBe(false);
    expect(v.violations[0]).toEqual({ rule: 'leader-append-only', atMs: 110, message: 'n1 (leader, term 2) truncated its log from index 3 to 1', nodes: ['n1'], index: 2, term: 2 });
  });

  it('catches two nodes applying different commands at one index', () => {
    const c = new RaftSafetyChecker();
    c.committed('n1', 7, 3, 'put x 1', 50);
    c.committed('n2', 7, 3, 'put x 2', 60);
    const v = c.verdict();
    expect(v.violations).toEqual([
      { rule: 'state-machine-safety', atMs: 60, message: 'n2 applied (term 3, "put x 2") at index 7, another node applied (term 3, "put x 1")', nodes: ['n2'], index: 7, term: 3 },
    ]);
  });

  it('catches a new leader missing a committed entry', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n1', 1, 0, view([]));
    c.committed('n1', 1, 1, 'put x 1');
    c.committed('n1', 2, 1, 'put x 2');
    c.leaderElected('n2', 2, 500, view([e(1, 1, 'put x 1')]));
    const v = c.verdict();
    expect(v.violations).toEqual([
      { rule: 'leader-completeness', atMs: 500, message: 'n2 became leader of term 2 but committed index 2 (term 1) is missing', nodes: ['n2'], index: 2, term: 2 },
    ]);
  });

  it('catches an acknowledged entry missing from a live node final log', () => {
    const c = new RaftSafetyChecker();
    c.committed('n1', 1, 1, 'put x 1', 10);
    c.acknowledged('c1', 1, 1, 'put x 1', 11);
    c.committed('n1', 2, 1, 'put x 2', 20);
    c.acknowledged('c1', 2, 1, 'put x 2', 21);
    c.finalLogs(
      [
        { node: 'n1', up: true, commit: 2, snapshotIndex: 0, entries: [e(1, 1, 'put x 1'), e(2, 1, 'put x 2')] },
        { node: 'n2', up: true, commit: 2, snapshotIndex: 0, entries: [e(1, 1, 'put x 1')] }, // lost index 2
        { node: 'n3', up: true, commit: 2, snapshotIndex: 2, entries: [] }, // covered by its snapshot
        { node: 'n4', up: false, commit: 2, snapshotIndex: 0, entries: [] }, // down: not judged
      ],
      30,
    );
    const v = c.verdict();
    expect(v.violations).toEqual([
      { rule: 'durability', atMs: 30, message: 'write (term 1, "put x 2") acknowledged to c1 at index 2 is lost on n2 (commit 2, holds nothing there)', nodes: ['n2'], index: 2, term: 1 },
    ]);
    expect(v.detail).toBe(
      '1 raft safety violation (0 elections over 0 terms, 2 entries committed, 2 writes acknowledged); first: durability: ' +
        v.violations[0].message,
    );
  });

  it('catches an acknowledged write whose index committed a different entry', () => {
    const c = new RaftSafetyChecker();
    c.acknowledged('c2', 5, 2, 'put y 1', 40);
    c.committed('n1', 5, 3, 'put y 2', 50);
    const v = c.verdict();
    expect(v.violations.map((x) => x.rule)).toEqual(['durability']);
  });

  it('catches logs that disagree at the same index and term, or before it', () => {
    const c = new RaftSafetyChecker();
    c.finalLogs([
      { node: 'n1', up: true, commit: 0, snapshotIndex: 0, entries: [e(1, 1, 'a'), e(2, 2, 'b'), e(3, 2, 'c')] },
      { node: 'n2', up: true, commit: 0, snapshotIndex: 0, entries: [e(1, 1, 'a'), e(2, 2, 'b'), e(3, 2, 'X')] },
      { node: 'n3', up: true, commit: 0, snapshotIndex: 0, entries: [e(1, 1, 'a'), e(2, 1, 'z'), e(3, 2, 'c')] },
    ]);
    const v = c.verdict();
    expect(v.violations.map((x) => x.rule)).toEqual(['log-matching', 'log-matching']);
    expect(v.violations[0].message).toBe('n1 and n2 hold different commands at index 3 term 2: "c" vs "X"');
    expect(v.violations[1].message).toBe('n1 and n3 agree at index 3 term 2 but differ before it (term 2 vs 1 at index 2)');
  });

  it('catches a planted lost write in an otherwise honest run', () => {
    const c = new RaftSafetyChecker();
    const { logs, commits } = honestRun(3, c);
    expect(c.verdict().ok).toBe(true);
    // Node n1 forgets its last committed entry (a torn fsync, say) and reports again.
    const cut = logs[0].slice(0, commits[0] - 1);
    c.finalLogs([{ node: 'n1', up: true, commit: commits[0], snapshotIndex: 0, entries: cut }]);
    const v = c.verdict();
    expect(v.ok).toBe(false);
    expect(v.violations.map((x) => x.rule)).toEqual(['durability']);
  });
});

describe('forgetting compacted history (long runs stay flat)', () => {
  function committedRun(c: RaftSafetyChecker, upTo: number): void {
    c.leaderElected('n1', 1, 0, view([]));
    for (let i = 1; i <= upTo; i++) {
      c.committed('n1', i, 1, `put x ${i}`);
      c.acknowledged('c1', i, 1, `put x ${i}`, i);
    }
  }

  it('still catches every violation above the floor', () => {
    const c = new RaftSafetyChecker();
    committedRun(c, 100);
    c.forgetBelow(60);
    // State machine safety above the floor.
    c.committed('n2', 70, 2, 'put x other');
    // Leader completeness: a leader whose log (from 60) lacks committed entry 80.
    c.leaderElected('n3', 5, 500, view([...Array.from({ length: 20 }, (_, k) => e(60 + k, 1))], 60));
    // Durability: a lost acknowledged write above the floor.
    c.finalLogs([{ node: 'n1', up: true, commit: 100, snapshotIndex: 59, entries: Array.from({ length: 30 }, (_, k) => e(60 + k, 1)) }]);
    const rules = c.verdict().violations.map((v) => v.rule);
    expect(rules).toContain('state-machine-safety');
    expect(rules).toContain('leader-completeness');
    expect(rules).toContain('durability');
    expect(c.verdict().detail).toContain('100 writes acknowledged');
  });

  it('forgets what lies below the floor and raises no alarm about it', () => {
    const c = new RaftSafetyChecker();
    committedRun(c, 100);
    c.forgetBelow(60);
    c.forgetBelow(30); // the floor never moves back
    c.committed('n2', 10, 2, 'put x other');
    c.acknowledged('c2', 20, 3, 'put y 1', 200);
    c.leaderElected('n3', 5, 500, view(Array.from({ length: 41 }, (_, k) => e(60 + k, 1)), 60));
    c.finalLogs([{ node: 'n1', up: true, commit: 100, snapshotIndex: 59, entries: Array.from({ length: 41 }, (_, k) => e(60 + k, 1)) }]);
    expect(c.verdict()).toMatchObject({ ok: true });
    // The kept arrays cover only the indexes from the floor on.
    expect((c as unknown as { cTerm: number[] }).cTerm.length).toBe(41);
    expect((c as unknown as { acks: unknown[] }).acks.length).toBe(41);
  });
});

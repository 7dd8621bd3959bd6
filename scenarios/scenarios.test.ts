/**
 * Every scenario file in this directory, run headless, with the outcome its description
 * promises asserted against the report: checkers green, the run deterministic, and the
 * protocol behaviour (who leads, in which term, whose log holds what) as the Raft paper and
 * etcd say it must be.
 *
 * A file that plants a bug (`"bugs": [...]`) demonstrates a checker catching it: there the
 * named check must fail, and the same file with its bugs switched off must pass every check.
 *
 * A new scenario file without an entry in OUTCOMES fails "every scenario has assertions".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../src/check/history';
import type { LeaseRevocation } from '../src/check/leaseHistory';
import { parseScenario } from '../src/scenario/parse';
import type { NodeReport, Report, StateReport } from '../src/scenario/report';
import { Simulation } from '../src/scenario/simulation';

const DIR = dirname(fileURLToPath(import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

// ---------------------------------------------------------------------------------------------
// Running (each file once, shared by its tests)

const cache = new Map<string, Report>();

/** Runs a file as written, or with its planted bugs switched off ("without-bugs"). */
function run(file: string, variant: 'as-is' | 'without-bugs' = 'as-is'): Report {
  const scenario = parseScenario(readFileSync(join(DIR, file), 'utf8'));
  if (variant === 'without-bugs') scenario.bugs = [];
  const sim = new Simulation(scenario);
  sim.runToEnd();
  return sim.report();
}

function reportOf(file: string, variant: 'as-is' | 'without-bugs' = 'as-is'): Report {
  const key = `${variant}:${file}`;
  let r = cache.get(key);
  if (!r) {
    r = run(file, variant);
    cache.set(key, r);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Helpers over the report

function probe(r: Report, label: string): StateReport {
  const p = r.probes.find((x) => x.label === label);
  if (!p) throw new Error(`no probe "${label}" in the report (have: ${r.probes.map((x) => x.label).join(', ')})`);
  return p.state;
}

function node(s: StateReport, id: string): NodeReport {
  const n = s.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} at ${s.atMs} ms`);
  return n;
}

/** The state's leader, checked to be up and in the leader role. */
function leaderOf(s: StateReport): NodeReport {
  expect(s.leader, `a leader at ${s.atMs} ms`).not.toBeNull();
  const n = node(s, s.leader!);
  expect(n.up, `leader ${n.id} up at ${s.atMs} ms`).toBe(true);
  expect(n.role, `leader ${n.id}'s role at ${s.atMs} ms`).toBe('leader');
  return n;
}

/** Members that are up and still in the cluster. */
function live(s: StateReport): NodeReport[] {
  return s.nodes.filter((n) => n.up && !(n as { removed?: boolean }).removed);
}

/** index → term of a member's log (its retained part). */
function terms(n: NodeReport): Map<number, number> {
  return new Map(n.log.map((e) => [e.index, e.term]));
}

function lastIndex(n: NodeReport): number {
  return n.log.length ? n.log[n.log.length - 1].index : n.snapshotIndex;
}

/** Exactly one live member in the leader role; every live member in its term. */
function expectOneLeader(s: StateReport): NodeReport {
  const leaders = live(s).filter((n) => n.role === 'leader');
  expect(leaders.map((n) => n.id), `leaders at ${s.atMs} ms`).toHaveLength(1);
  const l = leaderOf(s);
  expect(l.id).toBe(leaders[0].id);
  for (const n of live(s)) expect(n.term, `${n.id}'s term at ${s.atMs} ms (leader ${l.id})`).toBe(l.term);
  return l;
}

/** Every live member has the same log (index → term, over the retained indexes). */
function expectLogsIdentical(s: StateReport): void {
  const [first, ...rest] = live(s);
  for (const n of rest) {
    expect(lastIndex(n), `${n.id}'s last index vs ${first.id}'s at ${s.atMs} ms`).toBe(lastIndex(first));
    const a = terms(first);
    for (const [i, t] of terms(n)) if (a.has(i)) expect(t, `${n.id}'s term at index ${i} vs ${first.id}'s at ${s.atMs} ms`).toBe(a.get(i));
  }
}

/** Every live member: same commit, same kv, same log as the leader. */
function expectConverged(s: StateReport): void {
  const l = leaderOf(s);
  for (const n of live(s)) {
    expect(n.commit, `${n.id}'s commit vs leader ${l.id}'s at ${s.atMs} ms`).toBe(l.commit);
    expect(n.kv, `${n.id}'s kv vs leader ${l.id}'s at ${s.atMs} ms`).toEqual(l.kv);
  }
  expectLogsIdentical(s);
}

/** Log Matching: where two members both hold an index, they hold the same term there. */
function expectLogsAgree(a: NodeReport, b: NodeReport, at: number): void {
  const tb = terms(b);
  for (const [i, t] of terms(a)) if (tb.has(i)) expect(t, `${a.id} vs ${b.id} at index ${i} (${at} ms)`).toBe(tb.get(i));
}

/** Writes (put, or a cas that swapped) that were acknowledged. */
const acked = (op: HistoryOp) => (op.op === 'put' || op.op === 'cas') && op.completeMs !== null && op.ok && !op.error;
/** Writes that may have taken effect: acknowledged, or with an unknown outcome. */
const mayHaveWritten = (op: HistoryOp) => (op.op === 'put' || op.op === 'cas') && (op.completeMs === null ? true : op.ok && !op.error);

function electionSafety(r: Report): void {
  const byTerm = new Map<number, string>();
  for (const l of r.leaders) {
    const other = byTerm.get(l.term);
    expect(other === undefined || other === l.node, `two leaders in term ${l.term}: ${other} and ${l.node}`).toBe(true);
    byTerm.set(l.term, l.node);
  }
}

// ---------------------------------------------------------------------------------------------
// What each scenario promises

type Outcome = (r: Report) => void;

const OUTCOMES: Record<string, Outcome> = {
  'default.json': (r) => {
    // A stable network: one election, no churn, and the log grows.
    expect(r.leaders, 'leaders').toHaveLength(1);
    expect(r.leaders[0].term).toBe(1);
    const steady = probe(r, 'steady');
    const l = expectOneLeader(steady);
    expect(l.id).toBe(r.leaders[0].node);
    expect(l.commit, 'commits by 20 s').toBeGreaterThan(50);
    expectOneLeader(r.final);
    expect(r.final.leader).toBe(l.id);
    expect(leaderOf(r.final).commit, 'progress after the probe').toBeGreaterThan(l.commit);
    expectConverged(r.final);
  },

  'leader-crash.json': (r) => {
    const before = probe(r, 'before');
    const after = probe(r, 'after-election');
    const old = leaderOf(before);
    const neu = leaderOf(after);
    expect(neu.id, 'a different leader after the crash').not.toBe(old.id);
    expect(neu.term, 'the new leader is in a higher term').toBeGreaterThan(old.term);
    expect(node(after, old.id).up, 'the crashed leader is down').toBe(false);
    const rec = r.leaders.find((x) => x.node === neu.id && x.term === neu.term)!;
    expect(rec, 'leaders records the new leader').toBeDefined();
    expect(rec.atMs).toBeGreaterThan(5000);
    expect(rec.atMs).toBeLessThan(9000);
    // After the restarts: all up, one leader, the old leader a follower that caught up.
    for (const n of r.final.nodes) expect(n.up, `${n.id} up at the end`).toBe(true);
    const fl = expectOneLeader(r.final);
    expect(fl.term).toBeGreaterThanOrEqual(neu.term);
    expect(node(r.final, old.id).role).toBe('follower');
    expectConverged(r.final);
  },

  'check-quorum.json': (r) => {
    const before = probe(r, 'before');
    const cut = probe(r, 'partitioned');
    const old = leaderOf(before);
    const oldThen = node(cut, old.id);
    expect(['follower', 'candidate', 'pre-candidate'], `old leader ${old.id}'s role while cut off`).toContain(oldThen.role);
    // Pre-vote is on by default: the cut-off old leader cannot win a pre-election, so its term stays.
    expect(oldThen.term, `${old.id}'s term while cut off (pre-vote)`).toBe(old.term);
    const neu = leaderOf(cut);
    expect(neu.id).not.toBe(old.id);
    expect(neu.term).toBeGreaterThan(old.term);
    const rec = r.leaders.find((x) => x.node === neu.id && x.term === neu.term)!;
    expect(rec.atMs, 'the majority elects after the partition').toBeGreaterThan(4000);
    const healed = probe(r, 'healed');
    expect(expectOneLeader(healed).id).toBe(neu.id);
    expect(node(healed, old.id).role).toBe('follower');
    expectConverged(healed);
    expectOneLeader(r.final);
  },

  'prevote-rejoin.json': (r) => {
    const before = probe(r, 'before');
    const isolated = probe(r, 'isolated');
    const rejoined = probe(r, 'rejoined');
    const l = leaderOf(before);
    expect(l.id).toBe('n1');
    // The isolated follower never wins a pre-election, so it never bumps its term.
    expect(node(isolated, 'n5').term, "n5's term while isolated").toBe(node(before, 'n5').term);
    expect(['follower', 'pre-candidate'], "n5's role while isolated").toContain(node(isolated, 'n5').role);
    expect(leaderOf(isolated).id).toBe('n1');
    const back = leaderOf(rejoined);
    expect(back.id, 'leader after the heal').toBe('n1');
    expect(back.term, "n1's term after the heal").toBe(l.term);
    expect(r.leaders.filter((x) => x.atMs > 13000), 'no election after the heal').toEqual([]);
    expect(r.leaders.filter((x) => x.atMs > 5000), 'no election at all after the isolation').toEqual([]);
    expect(expectOneLeader(rejoined).id).toBe('n1');
    expectConverged(r.final);
  },

  'no-prevote-disrupt.json': (r) => {
    const before = probe(r, 'before');
    const isolated = probe(r, 'isolated');
    const rejoined = probe(r, 'rejoined');
    const l = leaderOf(before);
    expect(l.id).toBe('n1');
    const n5 = node(isolated, 'n5');
    expect(n5.term, "n5's term while isolated, without pre-vote").toBeGreaterThan(l.term);
    expect(n5.role).toBe('candidate');
    // The cluster must end up in a term at least n5's: n5 follows no leader of a lower term.
    const back = expectOneLeader(rejoined);
    expect(back.term, 'term after the heal').toBeGreaterThan(l.term);
    expect(back.term, "term after the heal vs n5's isolated term").toBeGreaterThanOrEqual(n5.term);
    const after = r.leaders.filter((x) => x.atMs > 13000);
    expect(after.length, 'an election after the heal').toBeGreaterThan(0);
    expect(after.at(-1)!.term).toBe(back.term);
    expectConverged(r.final);
  },

  'leader-transfer.json': (r) => {
    const before = probe(r, 'before');
    const after = probe(r, 'after');
    const old = leaderOf(before);
    expect(old.id).not.toBe('n3');
    const l = expectOneLeader(after);
    expect(l.id).toBe('n3');
    expect(l.term, 'n3 campaigns in the very next term').toBe(old.term + 1);
    const rec = r.leaders.find((x) => x.node === 'n3' && x.term === l.term)!;
    expect(rec, 'leaders records n3').toBeDefined();
    expect(rec.atMs).toBeGreaterThanOrEqual(4000);
    expect(rec.atMs - 4000, 'ms from the transfer to n3 leading (no election timeout)').toBeLessThanOrEqual(200);
    expect(node(after, old.id).role).toBe('follower');
    expect(r.final.leader).toBe('n3');
  },

  'snapshot-catchup.json': (r) => {
    expect(r.counters.snapshotsSent, 'snapshots sent').toBeGreaterThanOrEqual(1);
    const compacted = probe(r, 'compacted');
    const down = node(compacted, 'n5');
    expect(down.up).toBe(false);
    const n5Last = lastIndex(down);
    for (const n of live(compacted)) expect(n.snapshotIndex, `${n.id}'s snapshot index vs n5's last index ${n5Last}`).toBeGreaterThan(n5Last);
    for (const label of ['caught-up', 'final'] as const) {
      const s = label === 'final' ? r.final : probe(r, label);
      const l = leaderOf(s);
      const n5 = node(s, 'n5');
      expect(n5.up).toBe(true);
      expect(n5.commit, `n5's commit vs leader's at ${label}`).toBe(l.commit);
      expect(n5.kv, `n5's kv vs leader's at ${label}`).toEqual(l.kv);
      expect(n5.snapshotIndex, `n5 holds a snapshot at ${label}`).toBeGreaterThan(n5Last);
      expectLogsAgree(n5, l, s.atMs);
    }
  },

  'add-member.json': (r) => {
    const added = probe(r, 'added');
    for (const n of added.nodes) {
      expect(n.up).toBe(true);
      expect(n.voters, `${n.id}'s voters`).toEqual(['n1', 'n2', 'n3', 'n4']);
    }
    expect(node(added, 'n4').role).toBe('follower');
    const l = leaderOf(added);
    expect(l.log.some((e) => e.command === 'add-voter n4'), 'an add-voter n4 entry').toBe(true);
    const fl = leaderOf(r.final);
    expect(node(r.final, 'n4').kv, "n4's kv vs leader's at the end").toEqual(fl.kv);
    expectConverged(r.final);
  },

  'add-learner.json': (r) => {
    const learning = probe(r, 'learning');
    for (const n of learning.nodes) {
      expect(n.up).toBe(true);
      expect(n.voters, `${n.id}'s voters`).toEqual(['n1', 'n2', 'n3']);
    }
    expect(node(learning, 'n4').role).toBe('learner');
    expect(leaderOf(learning).log.some((e) => e.command === 'add-learner n4'), 'an add-learner n4 entry').toBe(true);
    expect(r.leaders.some((x) => x.node === 'n4'), 'a learner never leads').toBe(false);
    const fl = leaderOf(r.final);
    expect(node(r.final, 'n4').role).toBe('learner');
    expect(node(r.final, 'n4').kv, "n4's kv vs leader's at the end").toEqual(fl.kv);
    expect(node(r.final, 'n4').commit).toBe(fl.commit);
  },

  'remove-member.json': (r) => {
    const removed = probe(r, 'removed');
    const rest = ['n1', 'n2', 'n3', 'n5'];
    for (const id of rest) expect(node(removed, id).voters, `${id}'s voters`).toEqual(rest);
    expect((node(removed, 'n4') as { removed?: boolean }).removed, 'n4 flagged removed').toBe(true);
    const l = leaderOf(removed);
    expect(rest).toContain(l.id);
    // The four carry on: commits continue without n4.
    const fl = leaderOf(r.final);
    expect(fl.commit, 'commits after the removal').toBeGreaterThan(l.commit);
    for (const id of rest) expect(node(r.final, id).voters).toEqual(rest);
    expectConverged(r.final);
  },

  'remove-leader.json': (r) => {
    const before = probe(r, 'before');
    const after = probe(r, 'after');
    const old = leaderOf(before);
    const neu = expectOneLeader(after);
    expect(neu.id, 'a different leader after removing the old one').not.toBe(old.id);
    expect(neu.term).toBeGreaterThan(old.term);
    for (const n of live(after)) expect(n.voters, `${n.id}'s voters`).not.toContain(old.id);
    expect(neu.voters).toHaveLength(4);
    expect(neu.log.some((e) => e.command === `remove ${old.id}`), `a "remove ${old.id}" entry`).toBe(true);
    expect(node(after, old.id).role, 'the removed leader no longer leads').not.toBe('leader');
    expect((node(after, old.id) as { removed?: boolean }).removed).toBe(true);
    expectConverged(r.final);
  },

  'one-way-partition.json': (r) => {
    const cut = probe(r, 'cut');
    const l = leaderOf(cut);
    expect(l.id, 'a new leader while n1 cannot send').not.toBe('n1');
    const n1 = node(cut, 'n1');
    expect(n1.role, 'n1 stepped down').not.toBe('leader');
    expect(n1.term, 'n1 learned the higher term').toBe(l.term);
    const n1Rec = r.leaders.filter((x) => x.node === 'n1').at(-1)!;
    expect(l.term).toBeGreaterThan(n1Rec.term);
    expectOneLeader(r.final);
    expectLogsIdentical(r.final);
    expectConverged(r.final);
  },

  'single-node.json': (r) => {
    expect(leaderOf(probe(r, 'written')).id).toBe('n1');
    expect(r.leaders).toEqual([expect.objectContaining({ node: 'n1', term: 1 })]);
    expect(r.final.leader).toBe('n1');
    expect(node(r.final, 'n1').kv).toEqual({ x: '2' });
    const put = r.history.find((h) => h.op === 'put')!;
    const cas = r.history.find((h) => h.op === 'cas')!;
    const get = r.history.find((h) => h.op === 'get')!;
    expect(put).toMatchObject({ key: 'x', value: '1', ok: true });
    expect(put.completeMs).not.toBeNull();
    expect(cas, 'cas x 1→2 swapped').toMatchObject({ key: 'x', expected: '1', value: '2', ok: true });
    expect(cas.completeMs).not.toBeNull();
    expect(get.result, 'get x').toBe('2');
    expect(get.ok).toBe(true);
  },

  'all-crash.json': (r) => {
    const CRASH = 6000;
    const RESTART = 7000;
    for (const n of r.final.nodes) expect(n.up, `${n.id} up at the end`).toBe(true);
    // Every member restarts as a follower: the next leader wins a new election, in a new term.
    const preTerm = Math.max(...r.leaders.filter((x) => x.atMs < CRASH).map((x) => x.term));
    const post = r.leaders.filter((x) => x.atMs > RESTART);
    expect(post.length, 'an election after the restart').toBeGreaterThan(0);
    expect(post[0].term).toBeGreaterThan(preTerm);
    const fl = expectOneLeader(r.final);
    // Durability: each write acknowledged before the crash is in every member's log, at the
    // same index, committed everywhere.
    const before = r.history.filter((h) => acked(h) && h.completeMs! < CRASH);
    expect(before.length, 'writes acknowledged before the crash').toBeGreaterThan(50);
    for (const w of before) {
      const prefix = `${w.op} ${w.key} `;
      const entry = fl.log.find((e) => e.command.startsWith(prefix) && e.command.endsWith(` ${w.value}`));
      expect(entry, `acknowledged ${w.op} ${w.key} ${w.value} (acked at ${w.completeMs} ms) in the final log`).toBeDefined();
      for (const n of r.final.nodes) {
        expect(terms(n).get(entry!.index), `${n.id}'s entry at ${entry!.index}`).toBe(entry!.term);
        expect(n.commit, `${n.id}'s commit covers acked index ${entry!.index}`).toBeGreaterThanOrEqual(entry!.index);
      }
    }
    // Final values: for each key, the last write acknowledged before the crash, or a write
    // that may have come after it (not completed before it was invoked).
    for (const key of Object.keys(fl.kv)) {
      const last = before.filter((h) => h.key === key).sort((a, b) => a.completeMs! - b.completeMs!).at(-1);
      if (!last) continue;
      const allowed = new Set(
        r.history
          .filter((h) => h.key === key && mayHaveWritten(h) && (h.completeMs === null || h.completeMs > last.invokeMs))
          .map((h) => h.value),
      );
      expect(allowed.has(fl.kv[key]), `final ${key}=${fl.kv[key]} is ${last.value} or a later write`).toBe(true);
    }
    expectLogsIdentical(r.final);
  },

  'figure7-divergence.json': (r) => {
    const diverged = probe(r, 'diverged');
    const l = leaderOf(diverged);
    expect(['n3', 'n4', 'n5'], 'the majority side leads').toContain(l.id);
    const lt = terms(l);
    const conflicts: { id: string; index: number; term: number; commit: number }[] = [];
    for (const n of diverged.nodes) for (const e of n.log) if (lt.get(e.index) !== e.term) conflicts.push({ id: n.id, index: e.index, term: e.term, commit: n.commit });
    expect(conflicts.length, 'entries the leader does not have at their index').toBeGreaterThan(0);
    for (const c of conflicts) {
      expect(['n1', 'n2'], `divergent entry ${c.index}@${c.term} on the minority side`).toContain(c.id);
      // Never committed: Raft commits only what a majority holds.
      expect(c.index, `divergent entry ${c.index} on ${c.id} beyond its commit`).toBeGreaterThan(c.commit);
    }
    for (const s of [probe(r, 'repaired'), r.final]) {
      expectOneLeader(s);
      expectLogsIdentical(s);
    }
    // The stale tail was overwritten: the minority's uncommitted write is gone.
    for (const n of r.final.nodes) expect(n.log.some((e) => e.command === 'put x stale'), `put x stale in ${n.id}'s log`).toBe(false);
    expectConverged(r.final);
  },

  'forget-vote.json': (r) => {
    // With the bug (as the file says): n2 forgets its term-T vote for n3 across a crash and
    // votes again for n5 in the same term, so term T has two leaders. raftSafety catches it.
    expect(r.bugs).toEqual(['forget-vote']);
    const first = probe(r, 'first-leader');
    const n3 = leaderOf(first);
    expect(n3.id).toBe('n3');
    const T = n3.term;
    expect(node(first, 'n2'), "n2 voted for n3 in term T").toMatchObject({ term: T, vote: 'n3' });
    const second = probe(r, 'second-election');
    expect(node(second, 'n5').role, 'n5 leads with the bug').toBe('leader');
    expect(node(second, 'n5').term).toBe(T);
    expect(node(second, 'n3').role).toBe('leader');
    expect(node(second, 'n3').term).toBe(T);
    expect(r.leaders.filter((x) => x.term === T).map((x) => x.node).sort(), `leaders of term ${T}`).toEqual(['n3', 'n5']);
    const safety = r.checks.raftSafety as { ok: boolean; detail?: string; violations?: { rule: string }[] };
    expect(safety.ok, 'raftSafety catches forget-vote').toBe(false);
    expect(safety.detail).toMatch(new RegExp(`election-safety: term ${T} has two leaders`));
    expect(r.checks.linearizable.ok, 'linearizable (no client ops)').toBe(true);

    // Without the bug: n2 remembers its vote after the restart, so n5 cannot win term T.
    const clean = reportOf('forget-vote.json', 'without-bugs');
    const cFirst = probe(clean, 'first-leader');
    expect(leaderOf(cFirst).id).toBe('n3');
    expect(leaderOf(cFirst).term).toBe(T);
    const cSecond = probe(clean, 'second-election');
    expect(node(cSecond, 'n2'), "n2's vote survives its crash").toMatchObject({ up: true, term: T, vote: 'n3' });
    expect(node(cSecond, 'n5').role, 'n5 without the bug').not.toBe('leader');
    expect(clean.leaders.filter((x) => x.term === T).map((x) => x.node), `leaders of term ${T} without the bug`).toEqual(['n3']);
    expectOneLeader(clean.final);
    expectConverged(clean.final);
  },

  'figure8-commit-old-term.json': (r) => {
    // With the bug: n2 (term 4) commits the term-2 entries once the first batch reaches n4 and
    // n5, before any term-4 entry is on a majority (Raft §5.4.2 forbids this). n3 then wins
    // term 5 with its term-3 entry and overwrites them: committed entries are lost.
    expect(r.bugs).toEqual(['commit-old-term']);
    const replicated = probe(r, 'old-term-replicated');
    const n2 = node(replicated, 'n2');
    expect(n2.role).toBe('leader');
    const n4 = node(replicated, 'n4');
    const oldTerm = n4.log[n4.log.length - 1].term;
    expect(oldTerm, 'n4 holds only old-term entries beyond its commit').toBeLessThan(n2.term);
    expect(n2.commit, 'the bug commits old-term entries by counting').toBeGreaterThanOrEqual(n4.log[n4.log.length - 1].index);
    const over = probe(r, 'overwritten');
    expect(leaderOf(over).id, 'n3 wins with its higher last term').toBe('n3');
    const safety = r.checks.raftSafety as { ok: boolean; detail?: string };
    expect(safety.ok, 'raftSafety catches commit-old-term').toBe(false);
    expect(safety.detail).toMatch(/leader-completeness/);

    // Without the bug: the same replication commits nothing old, so the overwrite loses nothing.
    const clean = reportOf('figure8-commit-old-term.json', 'without-bugs');
    const cRep = probe(clean, 'old-term-replicated');
    expect(node(cRep, 'n2').commit, 'old-term entries stay uncommitted').toBeLessThan(node(cRep, 'n4').log[node(cRep, 'n4').log.length - 1].index);
    expect(leaderOf(probe(clean, 'overwritten')).id).toBe('n3');
    expect(Object.values(clean.checks).every((c) => c.ok), 'every check passes without the bug').toBe(true);
  },

  'partition-heal.json': (r) => {
    const first = r.leaders[0];
    const second = r.leaders.find((x) => x.atMs > 5000)!;
    expect(second, 'the majority elects a new leader after the partition').toBeDefined();
    expect(second.node).not.toBe(first.node);
    expect(second.term).toBeGreaterThan(first.term);
    expect(second.atMs).toBeLessThan(12000);
    const put = r.history.find((h) => h.client === 'cli' && h.op === 'put' && h.value === '1')!;
    expect(put, 'the put at 8 s').toBeDefined();
    expect(put.ok, 'put x 1 acknowledged by the majority side').toBe(true);
    const s = probe(r, 'after-restart');
    const l = expectOneLeader(s);
    const n2 = node(s, 'n2');
    expect(n2.up).toBe(true);
    expect(n2.term).toBe(l.term);
    expectLogsAgree(n2, l, s.atMs);
    expect(l.commit - n2.commit, "n2's commit behind the leader's").toBeLessThanOrEqual(1);
    expectConverged(r.final);
  },

  'lease-expiry.json': (r) => {
    const TTL = 2000;
    const CRASH = 5200;
    const ops = (op: string, lease?: number) => r.history.filter((h) => h.op === op && (lease === undefined || h.lease === lease));
    const acked = (h: HistoryOp) => h.completeMs !== null && h.ok && !h.error;
    const get = (key: string, atMs: number) => r.history.find((h) => h.op === 'get' && h.key === key && h.invokeMs === atMs)!;
    const revocations = (r.checks.lease as { revocations: LeaseRevocation[] }).revocations;

    const grant = ops('lease-grant', 7)[0];
    expect(grant, 'lease 7 granted').toMatchObject({ ok: true, ttlMs: TTL });
    expect(ops('put').find((h) => h.key === 'lock' && h.value === 'owner-a'), 'lock put with lease 7').toMatchObject({ ok: true, lease: 7 });
    // The crashed leader is n3 (the file restarts it by name); a new one wins a higher term.
    const old = leaderOf(probe(r, 'before-crash'));
    expect(old.id).toBe('n3');
    const after = probe(r, 'after-failover');
    const neu = leaderOf(after);
    expect(neu.id).not.toBe('n3');
    expect(neu.term).toBeGreaterThan(old.term);
    const elected = r.leaders.find((x) => x.node === neu.id && x.term === neu.term)!;
    expect(elected.atMs).toBeGreaterThan(CRASH);
    // No keep-alive reached any leader for longer than the TTL: the new leader's lease clock
    // must have restarted when it took over (lessor Promote), or it would have expired lease 7.
    const renewed = ops('lease-keepalive', 7).filter(acked);
    const lastBefore = renewed.filter((h) => h.completeMs! < CRASH).at(-1)!;
    const firstAfter = renewed.find((h) => h.invokeMs > CRASH)!;
    expect(firstAfter.completeMs! - lastBefore.completeMs!, 'ms between acknowledged keep-alives across the crash').toBeGreaterThan(TTL);
    expect(firstAfter.completeMs!, 'renewed by the new leader').toBeGreaterThan(elected.atMs);
    for (const s of [after, probe(r, 'held')]) {
      for (const n of live(s)) expect(n.kv.lock, `lock on ${n.id} at ${s.atMs} ms (lease 7 held)`).toBe('owner-a');
      expect(leaderOf(s).log.some((e) => e.command === 'lease-revoke 7'), `no revoke of lease 7 by ${s.atMs} ms`).toBe(false);
    }
    expect(get('lock', 9000).result).toBe('owner-a');
    expect(get('lock', 12500).result).toBe('owner-a');

    // After the last keep-alive the new leader expires the lease, one TTL later, on its clock.
    const lastRenewal = renewed.at(-1)!;
    expect(lastRenewal.invokeMs).toBe(11000);
    const expiry = revocations.find((x) => x.lease === 7)!;
    expect(expiry, 'the revoke of lease 7 took effect').toBeDefined();
    expect(expiry.term, 'proposed by the new leader').toBe(neu.term);
    expect(expiry.proposedMs!, 'not before the TTL ran out').toBeGreaterThanOrEqual(lastRenewal.invokeMs + TTL);
    expect(expiry.proposedMs!, 'within a lease check (500 ms) of it').toBeLessThanOrEqual(lastRenewal.completeMs! + TTL + 500);
    expect(ops('lease-revoke', 7), 'no client revoked lease 7').toEqual([]);
    expect(expiry.deleted).toEqual([{ key: 'lock', value: 'owner-a' }]);
    for (const n of live(probe(r, 'expired'))) expect(n.kv.lock, `lock on ${n.id} after the expiry`).toBeUndefined();
    expect(get('lock', 14500).result).toBeNull();

    // etcd: "requested lease not found" for a keep-alive or a put on the revoked lease.
    expect(ops('lease-keepalive', 7).at(-1)).toMatchObject({ invokeMs: 15000, ok: false, error: 'ErrLeaseNotFound' });
    expect(ops('put').find((h) => h.value === 'late')).toMatchObject({ ok: false, error: 'ErrLeaseNotFound' });

    // Lease 8: no id given (the client takes 8, after 7), TTL raised to etcd's minimum
    // (3 × 10 ticks / 2 × 100 ms); the client's revoke deletes both keys in one revision.
    expect(ops('lease-grant', 8)[0]).toMatchObject({ ok: true, ttlMs: 1500 });
    expect(ops('lease-revoke', 8)[0]).toMatchObject({ ok: true });
    const revoked = revocations.find((x) => x.lease === 8)!;
    expect(revoked.deleted).toEqual([{ key: 'session', value: 's1' }, { key: 'session2', value: 's2' }]);
    expect(revoked.revision).not.toBeNull();
    expect(get('session', 17500).result).toBeNull();
    expect(r.checks.lease.detail).toMatch(/2 revokes \(1 by expiry\): ok/);
    expectConverged(r.final);
    for (const n of r.final.nodes) expect(n.kv, `${n.id}'s kv at the end`).toEqual({});
  },
};

// ---------------------------------------------------------------------------------------------

describe('scenario files', () => {
  it('every scenario has assertions', () => {
    expect(FILES.length).toBeGreaterThan(0);
    expect(FILES.filter((f) => !(f in OUTCOMES)), 'scenario files without an entry in OUTCOMES').toEqual([]);
    expect(Object.keys(OUTCOMES).filter((f) => !FILES.includes(f)), 'OUTCOMES entries without a file').toEqual([]);
  });

  for (const file of FILES) {
    describe(file, () => {
      it('passes every check (a file that plants a bug: fails one, and passes without the bug)', () => {
        const r = reportOf(file);
        expect(Object.keys(r.checks)).toEqual(expect.arrayContaining(['raftSafety', 'linearizable']));
        if (r.bugs.length === 0) {
          for (const [name, c] of Object.entries(r.checks)) expect(c.ok, `${name}: ${c.detail}`).toBe(true);
          electionSafety(r);
          return;
        }
        // A planted-bug scenario demonstrates a checker catching it (which check: in OUTCOMES).
        expect(Object.values(r.checks).some((c) => !c.ok), `a check fails with ${r.bugs.join(', ')}`).toBe(true);
        const clean = reportOf(file, 'without-bugs');
        for (const [name, c] of Object.entries(clean.checks)) expect(c.ok, `without ${r.bugs.join(', ')}: ${name}: ${c.detail}`).toBe(true);
        electionSafety(clean);
      });

      it('shows the outcome its description promises', () => {
        const outcome = OUTCOMES[file];
        expect(outcome, `no OUTCOMES entry for ${file}`).toBeDefined();
        outcome(reportOf(file));
      });
    });
  }

  // Determinism: a second run gives the same trace hash. A subset keeps the suite quick while
  // covering crashes, partitions, membership changes and snapshots.
  const TWICE = ['forget-vote.json', 'leader-crash.json', 'check-quorum.json', 'no-prevote-disrupt.json', 'remove-leader.json', 'snapshot-catchup.json', 'single-node.json', 'lease-expiry.json'];
  for (const file of TWICE.filter((f) => FILES.includes(f))) {
    it(`${file} is deterministic (same trace hash twice)`, () => {
      const a = reportOf(file);
      const b = run(file);
      expect(b.traceHash).toBe(a.traceHash);
      expect(b.events).toBe(a.events);
      expect(b.final).toEqual(a.final);
    });
  }
});

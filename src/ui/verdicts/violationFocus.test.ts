import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../check/history';
import { checkLinearizable } from '../../check/linearizable';
import { RaftSafetyChecker } from '../../check/raftSafety';
import type { CheckReport } from '../../scenario/report';
import { cellMark, violationFocus } from './violationFocus';
import { opText, windowRows } from './windowRows';

const put = (client: string, key: string, value: string, invokeMs: number, completeMs: number | null): HistoryOp =>
  ({ client, op: 'put', key, value, expected: null, invokeMs, completeMs, ok: true, result: null });
const get = (client: string, key: string, result: string | null, invokeMs: number, completeMs: number | null): HistoryOp =>
  ({ client, op: 'get', key, value: null, expected: null, invokeMs, completeMs, ok: true, result });
const view = { lastIndex: 0, firstIndex: 1, termAt: () => undefined };

function raft(c: RaftSafetyChecker): Record<string, CheckReport> {
  const v = c.verdict();
  return { raftSafety: { ok: v.ok, detail: v.detail, violations: v.violations } };
}

describe('violationFocus: Raft safety', () => {
  it('two leaders in a term mark both leaders, their entries of that term, and the moment', () => {
    const c = new RaftSafetyChecker();
    c.leaderElected('n3', 3, 6300, view);
    c.leaderElected('n5', 3, 6406, view);
    const f = violationFocus(raft(c), 9_000_000);
    expect(f.failed).toEqual(['raftSafety']);
    expect([...f.nodes]).toEqual(['n3', 'n5']);
    expect(f.moments).toEqual([{ checker: 'raftSafety', at: 6_406_000, label: 'raftSafety violated: election-safety' }]);
    expect(f.leaderTerms).toEqual([{ node: 'n3', term: 3 }, { node: 'n5', term: 3 }]);
    expect(cellMark(f, 'n5', 4, 3)?.why).toBe('election-safety');
    expect(cellMark(f, 'n5', 4, 2)).toBeNull();
    expect(cellMark(f, 'n1', 4, 3)).toBeNull();
  });

  it('a broken index marks that cell whatever its term, on the node named', () => {
    const c = new RaftSafetyChecker();
    c.committed('n1', 7, 3, 'put x 1', 50);
    c.committed('n2', 7, 2, 'put x 2', 60);
    const f = violationFocus(raft(c), 0);
    expect(cellMark(f, 'n2', 7, 2)?.why).toBe('state-machine-safety');
    expect(cellMark(f, 'n2', 8, 2)).toBeNull();
    expect(cellMark(f, 'n1', 7, 3)).toBeNull();
  });

  it('an index acknowledged twice, naming no node, marks that index everywhere', () => {
    const c = new RaftSafetyChecker();
    c.acknowledged('c1', 4, 2, 'put x 1', 10);
    c.acknowledged('c2', 4, 3, 'put x 2', 20);
    const f = violationFocus(raft(c), 0);
    expect(cellMark(f, 'n1', 4, 2)?.why).toBe('durability');
    expect(cellMark(f, 'n4', 4, 3)?.why).toBe('durability');
    expect(f.nodes.size).toBe(0);
  });

  it('a passing run points at nothing', () => {
    const f = violationFocus({ raftSafety: { ok: true, detail: 'ok', violations: [] } }, 0);
    expect(f).toMatchObject({ failed: [], moments: [], cells: [], window: null, span: null });
  });
});

describe('violationFocus: linearizability', () => {
  // c2 reads the old value after c1's write completed: a stale read.
  const history = [put('c1', 'x', 'a', 0, 5), put('c1', 'x', 'b', 10, 20), get('c2', 'x', 'a', 30, 31), get('c3', 'x', 'b', 40, 41), put('c1', 'y', 'z', 30, 32)];

  it('takes the window, the op that cannot be placed and its span from the checker', () => {
    const lin = checkLinearizable(history);
    expect(lin.ok).toBe(false);
    const f = violationFocus({ linearizable: { ok: false, detail: lin.detail, failure: lin.failure } }, 50_000);
    expect(f.window?.key).toBe('x');
    expect(f.window?.culprit).toEqual(history[2]);
    expect(f.window?.ops).toContainEqual(history[1]);
    expect(f.nodes.has('c2')).toBe(true);
    expect(f.span).toEqual({ from: Math.min(...f.window!.ops.map((o) => o.invokeMs)) * 1000, to: 31_000 });
    expect(f.moments).toEqual([{ checker: 'linearizable', at: 31_000, label: 'linearizable violated on key x' }]);
  });

  it('the window view marks the window and its culprit among neighbouring ops of the key', () => {
    const lin = checkLinearizable(history);
    const f = violationFocus({ linearizable: { ok: false, detail: lin.detail, failure: lin.failure } }, 0);
    const v = windowRows(history, f.window!);
    expect(v.rows.filter((r) => r.culprit).map((r) => opText(r.op))).toEqual(['get x → a']);
    expect(v.rows.every((r) => r.op.key === 'x')).toBe(true);
    expect(v.rows.filter((r) => r.inWindow)).toHaveLength(f.window!.ops.length);
    expect(v.rows.length).toBeGreaterThan(f.window!.ops.length);
    expect(v.clients).toEqual([...new Set(v.rows.map((r) => r.op.client))].sort());
  });
});

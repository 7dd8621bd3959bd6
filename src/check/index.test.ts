import { describe, expect, it } from 'vitest';
import { allPassed, type HistoryOp, RaftSafetyChecker, runChecks } from './index';

describe('runChecks', () => {
  it('runs the checkers that have input, under the report names', () => {
    const history: HistoryOp[] = [
      { client: 'c1', op: 'put', key: 'x', value: '1', expected: null, invokeMs: 0, completeMs: 1, ok: true, result: null },
      { client: 'c2', op: 'get', key: 'x', value: null, expected: null, invokeMs: 2, completeMs: 3, ok: true, result: '1' },
    ];
    const raft = new RaftSafetyChecker();
    const checks = runChecks({ history, raft, watches: [] });
    expect(Object.keys(checks)).toEqual(['raftSafety', 'linearizable', 'watch']);
    expect(checks.linearizable).toEqual({ ok: true, detail: '1 key, 2 ops: linearizable', keys: 1, ops: 2 });
    expect(allPassed(checks)).toBe(true);

    raft.leaderElected('n1', 1, 0, { lastIndex: 0, firstIndex: 1, termAt: () => undefined });
    raft.leaderElected('n2', 1, 5, { lastIndex: 0, firstIndex: 1, termAt: () => undefined });
    const bad = runChecks({ raft });
    expect(Object.keys(bad)).toEqual(['raftSafety']);
    expect(bad.raftSafety.ok).toBe(false);
    expect(allPassed(bad)).toBe(false);
  });
});

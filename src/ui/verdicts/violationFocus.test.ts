import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../../check/history';
import { checkLeases } from '../../check/lease';
import { revocationDeletes, type LeaseRevocation } from '../../check/leaseHistory';
import { checkLinearizable } from '../../check/linearizable';
import { RaftSafetyChecker } from '../../check/raftSafety';
import type { CheckReport } from '../../scenario/report';
import { cellMark, clientLabel, isRevokeClient, relabelClients, violationFocus } from './violationFocus';
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

describe('violationFocus: leases', () => {
  const leaseOp = (client: string, op: 'lease-grant' | 'lease-keepalive' | 'lease-revoke', lease: number, invokeMs: number, completeMs: number | null, ttlMs?: number): HistoryOp =>
    ({ client, op, key: '', value: null, expected: null, invokeMs, completeMs, ok: true, result: null, lease, ...(ttlMs !== undefined && { ttlMs }) });
  const leasedPut = (client: string, key: string, value: string, lease: number, invokeMs: number, completeMs: number): HistoryOp =>
    ({ ...put(client, key, value, invokeMs, completeMs), lease });
  const revocation = (lease: number, index: number, term: number, proposedMs: number, appliedMs: number, deleted: { key: string; value: string }[]): LeaseRevocation =>
    ({ lease, index, term, proposedMs, fromMs: proposedMs, appliedMs, revision: deleted.length ? index : null, deleted });

  // Lease 5: granted, a key attached, expired on time; then c2 keeps it alive and c3 reads
  // its key as if it were still there. Lease 6: the leader n2 expired it 2 s into a 5 s TTL.
  // Lease 7's revoke deleted a key c4 wrote without any lease.
  const history = [
    leaseOp('c1', 'lease-grant', 5, 0, 10, 5000),
    leasedPut('c1', 'k', 'v', 5, 20, 30),
    leaseOp('c2', 'lease-keepalive', 5, 7000, 7010),
    get('c3', 'k', 'v', 8000, 8005),
    leaseOp('c1', 'lease-grant', 6, 0, 10, 5000),
    put('c4', 'other', 'w', 100, 110),
  ];
  const revocations = [
    revocation(5, 9, 2, 6000, 6010, [{ key: 'k', value: 'v' }]),
    revocation(6, 12, 3, 2000, 2010, []),
    revocation(7, 20, 3, 3000, 3010, [{ key: 'other', value: 'w' }]),
  ];
  const leaders = [{ term: 2, node: 'n1', atMs: 50 }, { term: 3, node: 'n2', atMs: 1500 }];
  const report = (): Record<string, CheckReport> => {
    const r = checkLeases(history, revocations);
    expect(r.violations.map((v) => v.rule).sort()).toEqual(['lease-early-expiry', 'lease-key-after-revoke', 'lease-revoke-scope', 'lease-used-after-revoke']);
    return { lease: { ok: r.ok, detail: r.detail, violations: r.violations, revocations } };
  };
  const markOf = (f: ReturnType<typeof violationFocus>, rule: string) => f.leases.find((m) => m.rule === rule)!;

  it('an early expiry names the leader that proposed it, the renewal it broke, and when', () => {
    const m = markOf(violationFocus(report(), 0, { history, leaders }), 'lease-early-expiry');
    expect(m).toMatchObject({ lease: 6, at: 2_000_000, from: 0, keys: [] });
    expect(m.clients).toEqual(['n2', 'c1']);
  });

  it('a keep-alive after the revoke names its client, from the revoke to its answer, and the lease keys', () => {
    const m = markOf(violationFocus(report(), 0, { history, leaders }), 'lease-used-after-revoke');
    expect(m).toMatchObject({ lease: 5, clients: ['c2'], at: 7_010_000, from: 6_010_000, keys: ['k'] });
  });

  it('a read of a revoked key names the reader, the writer and the key', () => {
    const m = markOf(violationFocus(report(), 0, { history, leaders }), 'lease-key-after-revoke');
    expect(m).toMatchObject({ lease: 5, clients: ['c3', 'c1'], at: 8_005_000, from: 6_010_000, keys: ['k'] });
  });

  it('a revoke that deleted a foreign key names that key, its writer and when it applied', () => {
    const m = markOf(violationFocus(report(), 0, { history, leaders }), 'lease-revoke-scope');
    expect(m).toMatchObject({ lease: 7, clients: ['c4'], at: 3_010_000, from: 3_000_000, keys: ['other'] });
  });

  it('feeds the views: nodes, kv keys, lease ids, instants and the timeline moment', () => {
    const f = violationFocus(report(), 9_000_000, { history, leaders });
    expect(f.failed).toEqual(['lease']);
    expect([...f.nodes].sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'n2']);
    expect([...f.keys.keys()].sort()).toEqual(['k', 'other']);
    expect(f.keys.get('other')).toBe('lease-revoke-scope (lease 7)');
    expect([...f.leaseIds].sort()).toEqual([5, 6, 7]);
    expect(f.instants).toHaveLength(4);
    expect(f.instants.find((i) => i.at === 8_005_000)?.nodes).toEqual(['c3', 'c1']);
    // The moment is the first violation the checker listed, located.
    expect(f.moments).toHaveLength(1);
    expect(f.moments[0]).toMatchObject({ checker: 'lease' });
    expect(f.moments[0].label).toMatch(/^lease violated: lease-[a-z-]+ \(lease \d\)$/);
    expect(f.window).toBeNull();
  });

  it('without the history it still marks what the report holds: the revoke and the keys it deleted', () => {
    const f = violationFocus(report(), 9_000_000);
    expect(markOf(f, 'lease-revoke-scope')).toMatchObject({ at: 3_010_000, keys: ['other'], clients: [] });
    expect(markOf(f, 'lease-used-after-revoke')).toMatchObject({ at: null, from: null, keys: ['k'], clients: [] });
    expect(f.moments).toEqual([{ checker: 'lease', at: expect.any(Number), label: expect.stringMatching(/^lease violated/) }]);
  });
});

describe('violationFocus: a lease revoke in a linearizability window', () => {
  // The revoke of lease 5 deleted k (6.000–6.010 s); c3 still reads the leased value after it.
  const leased = { ...put('c1', 'k', 'v', 5800, 5810), lease: 5 };
  const history = [leased, get('c3', 'k', 'v', 7000, 7005)];
  const revocations: LeaseRevocation[] = [{ lease: 5, index: 9, term: 2, proposedMs: 6000, fromMs: 6000, appliedMs: 6010, revision: 3, deleted: [{ key: 'k', value: 'v' }] }];

  it('names it "lease N revoke", never as a member or client', () => {
    const lin = checkLinearizable([...history, ...revocationDeletes(revocations)]);
    expect(lin.ok).toBe(false);
    const f = violationFocus({ linearizable: { ok: false, detail: lin.detail, failure: lin.failure } }, 0, { history });
    expect(f.window!.ops.map((o) => o.client)).toContain('revoke:5');
    expect(f.nodes.has('revoke:5')).toBe(false);
    expect([...f.nodes]).toEqual(['c3']); // the window: the revoke's delete and c3's read
    expect(f.keys.has('k')).toBe(true);
    const v = windowRows(history, f.window!);
    expect(v.clients).toEqual(['c1', 'c3', 'revoke:5']); // c1's put as context; the revoke's lane last
    expect(v.clients.map(clientLabel)).toEqual(['c1', 'c3', 'lease 5 revoke']);
    expect(isRevokeClient('revoke:5')).toBe(true);
    expect(isRevokeClient('c1')).toBe(false);
    expect(relabelClients(lin.detail)).not.toContain('revoke:5');
    expect(relabelClients('revoke:5 delete k [6.000s–6.010s]')).toBe('lease 5 revoke delete k [6.000s–6.010s]');
    expect(opText(leased)).toBe('put k v (lease 5)');
  });
});

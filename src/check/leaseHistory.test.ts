import { describe, expect, it } from 'vitest';
import type { HistoryOp } from './history';
import { runChecks } from './index';
import { revocationDeletes, type LeaseRevocation } from './leaseHistory';
import { checkLinearizable } from './linearizable';

const base = { expected: null, result: null } as const;
const grant: HistoryOp = { ...base, client: 'c1', op: 'lease-grant', key: '', value: null, lease: 5, ttlMs: 1000, invokeMs: 0, completeMs: 4, ok: true };
const put = (value: string, invokeMs: number, completeMs: number, lease?: number): HistoryOp =>
  ({ ...base, client: 'c1', op: 'put', key: 'lock', value, invokeMs, completeMs, ok: true, ...(lease !== undefined && { lease }) });
const get = (result: string | null, invokeMs: number, completeMs: number): HistoryOp =>
  ({ ...base, client: 'c2', op: 'get', key: 'lock', value: null, result, invokeMs, completeMs, ok: true });

/** Lease 5's revoke: proposed at 1500, first applied at 1510; it deleted lock=a. */
const revoked: LeaseRevocation = { lease: 5, index: 9, term: 2, proposedMs: 1500, fromMs: 1500, appliedMs: 1510, revision: 4, deleted: [{ key: 'lock', value: 'a' }] };

describe('revocationDeletes', () => {
  it('gives one delete per deleted key over [fromMs, appliedMs]', () => {
    const two: LeaseRevocation = { ...revoked, deleted: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] };
    expect(revocationDeletes([two])).toEqual([
      { client: 'revoke:5', op: 'delete', key: 'a', value: null, expected: null, invokeMs: 1500, completeMs: 1510, ok: true, result: null, lease: 5 },
      { client: 'revoke:5', op: 'delete', key: 'b', value: null, expected: null, invokeMs: 1500, completeMs: 1510, ok: true, result: null, lease: 5 },
    ]);
    expect(revocationDeletes([{ ...revoked, deleted: [], revision: null }])).toEqual([]);
  });
});

describe('the register model with lease revokes', () => {
  const history = [grant, put('a', 10, 14, 5), get('a', 1000, 1004), get(null, 2000, 2004)];

  it('without the revoke, a get of null after the put is a violation (the revoke explains it)', () => {
    expect(checkLinearizable(history).ok).toBe(false);
    const r = checkLinearizable([...history, ...revocationDeletes([revoked])]);
    expect(r).toMatchObject({ ok: true, detail: '1 key, 4 ops: linearizable' });
  });

  it('lease ops name no key and are left out of the register model', () => {
    expect(checkLinearizable([grant]).detail).toBe('0 keys, 0 ops: linearizable');
  });

  it('planted: a stale read of the deleted value after the revoke applied is caught', () => {
    const stale = [...history, get('a', 1600, 1604)];
    const r = checkLinearizable([...stale, ...revocationDeletes([revoked])]);
    expect(r.ok).toBe(false);
    expect(r.failure!.window.map((op) => op.client)).toContain('revoke:5');
  });

  it('a read concurrent with the revoke may see either side', () => {
    const h = [...history, get('a', 1499, 1505), get(null, 1501, 1506)];
    expect(checkLinearizable([...h, ...revocationDeletes([revoked])]).ok).toBe(true);
  });

  it('runChecks adds the revokes to linearizable and runs the lease check', () => {
    const checks = runChecks({ history, leases: { revocations: [revoked] } });
    expect(Object.keys(checks)).toEqual(['linearizable', 'lease']);
    expect(checks.linearizable.ok).toBe(true);
    expect(checks.lease).toMatchObject({ ok: true, detail: '1 lease, 1 revoke (1 by expiry): ok' });
    const bad = runChecks({ history: [...history, get('a', 1600, 1604)], leases: { revocations: [revoked] } });
    expect(bad.linearizable.ok).toBe(false);
    expect(bad.lease.ok).toBe(false);
  });
});

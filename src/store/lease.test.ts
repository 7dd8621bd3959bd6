import { describe, expect, it } from 'vitest';
import { MvccStore } from './mvcc';
import { decodeRequest } from './request';

describe('leases', () => {
  it('grant, attach keys with put, revoke deletes them in one revision', () => {
    const s = new MvccStore();
    expect(s.apply(decodeRequest('lease-grant 7 10000'), 1000)).toEqual({ header: { revision: 1 }, leaseId: 7, ttlMs: 10000 });
    s.apply(decodeRequest('put a 1 --lease=7'));
    s.apply(decodeRequest('put b 1 --lease=7'));
    s.apply(decodeRequest('put c 1'));
    expect(s.get('a')!.lease).toBe(7);
    expect(s.leases.map((l) => [l.id, [...l.keys.keys()]])).toEqual([[7, ['a', 'b']]]);
    const r = s.apply(decodeRequest('lease-revoke 7'));
    expect(r).toEqual({ header: { revision: 5 }, deleted: 2 });
    expect(s.history('a').map((h) => h.main)).toEqual([2, 5]);
    expect(s.history('b').map((h) => h.main)).toEqual([3, 5]);
    expect(s.snapshotKv()).toEqual({ c: '1' });
    expect(s.leases).toEqual([]);
    expect(s.apply(decodeRequest('lease-revoke 7')).error).toBe('ErrLeaseNotFound');
  });

  it('a put without the lease, or a delete, detaches the key', () => {
    const s = new MvccStore();
    s.apply({ type: 'lease-grant', id: 1, ttlMs: 50 }, 0);
    s.apply({ type: 'lease-grant', id: 2, ttlMs: 50 }, 0);
    s.apply(decodeRequest('put a 1 --lease=1'));
    s.apply(decodeRequest('put b 1 --lease=1'));
    s.apply(decodeRequest('put c 1 --lease=1'));
    s.apply(decodeRequest('put a 2')); // detached
    s.apply(decodeRequest('put b 2 --lease=2')); // moved to lease 2
    s.apply(decodeRequest('delete c')); // detached by the delete
    expect(s.leases.map((l) => [l.id, [...l.keys.keys()]])).toEqual([[1, []], [2, ['b']]]);
    expect(s.apply(decodeRequest('lease-revoke 1'))).toEqual({ header: { revision: 7 }, deleted: 0 }); // nothing to delete: no new revision
    expect(s.snapshotKv()).toEqual({ a: '2', b: '2' });
  });

  it('rejects unknown, zero and duplicate lease ids', () => {
    const s = new MvccStore();
    expect(s.apply({ type: 'lease-grant', id: 0, ttlMs: 5 }).error).toBe('ErrLeaseNotFound'); // etcd lessor.Grant(NoLease)
    expect(s.apply({ type: 'lease-grant', id: 3, ttlMs: 5 }).error).toBeUndefined();
    expect(s.apply({ type: 'lease-grant', id: 3, ttlMs: 5 }).error).toBe('ErrLeaseExists');
    expect(s.apply({ type: 'lease-keepalive', id: 4 }).error).toBe('ErrLeaseNotFound');
    expect(s.apply(decodeRequest('put x 1 --lease=4')).error).toBe('ErrLeaseNotFound');
  });

  it('expiry is a pure query on the times recorded at grant and keep-alive', () => {
    const s = new MvccStore();
    s.apply({ type: 'lease-grant', id: 1, ttlMs: 1000 }, 0); // expires at 1000
    s.apply({ type: 'lease-grant', id: 2, ttlMs: 500 }, 100); // expires at 600
    s.apply({ type: 'lease-grant', id: 3, ttlMs: 400 }, 200); // expires at 600
    expect(s.expiredLeases(599)).toEqual([]);
    expect(s.expiredLeases(600)).toEqual([2, 3]);
    expect(s.expiredLeases(5000)).toEqual([2, 3, 1]);
    expect(s.apply({ type: 'lease-keepalive', id: 2 }, 550)).toEqual({ header: { revision: 1 }, leaseId: 2, ttlMs: 500 });
    expect(s.expiredLeases(1000)).toEqual([3, 1]); // 2 now expires at 1050
    expect(s.apply(decodeRequest('lease-expire-check 1050')).expired).toEqual([3, 1, 2]);
    expect(s.leases.length).toBe(3); // queries change nothing; the leader proposes revokes
    for (const id of s.expiredLeases(1000)) s.apply({ type: 'lease-revoke', id });
    expect(s.leases.map((l) => l.id)).toEqual([2]);
  });

  it('a lease granted without a clock reading never expires until promoted', () => {
    const s = new MvccStore();
    s.apply({ type: 'lease-grant', id: 1, ttlMs: 100 });
    expect(s.expiredLeases(1e12)).toEqual([]);
    s.promoteLeases(5000, 300);
    expect(s.expiredLeases(5399)).toEqual([]);
    expect(s.expiredLeases(5400)).toEqual([1]);
  });

  it('promotion restarts every lease clock; demotion stops expiry', () => {
    const s = new MvccStore();
    s.apply({ type: 'lease-grant', id: 1, ttlMs: 1000 }, 0);
    s.apply({ type: 'lease-grant', id: 2, ttlMs: 3000 }, 0);
    expect(s.expiredLeases(2000)).toEqual([1]);
    s.promoteLeases(2000); // new leader at t=2000: 1 → 3000, 2 → 5000
    expect(s.expiredLeases(2999)).toEqual([]);
    expect(s.expiredLeases(3000)).toEqual([1]);
    expect(s.serialize()).toContain('[1,1000,3000,[]]');
    s.demoteLeases();
    expect(s.expiredLeases(1e12)).toEqual([]);
  });
});

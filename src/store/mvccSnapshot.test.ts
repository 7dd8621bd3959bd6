import { describe, expect, it } from 'vitest';
import { MvccStore } from './mvcc';
import type { KeyIndex } from './keyindex';
import type { LeaseTable } from './lease';
import type { KvRequest } from './types';

/** What serialize() must equal: JSON.stringify of the snapshot object, built the plain way. */
function reference(s: MvccStore): string {
  const inner = s as unknown as { index: KeyIndex; leaseTable: LeaseTable };
  return JSON.stringify({
    v: 1,
    revision: s.currentRevision,
    compactRevision: s.compactRevision,
    keys: inner.index.toJSON(),
    leases: inner.leaseTable.toJSON(),
  });
}

/** A deterministic mix of puts (odd values included), deletes, leases and compactions. */
function workload(seed: number, n: number): KvRequest[] {
  let x = seed;
  const next = (m: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % m;
  };
  const values = ['a', '', 'null', 'sp ace', 'quo"te', 'ü', '\u2028', '--x'];
  const out: KvRequest[] = [{ type: 'lease-grant', id: 1, ttlMs: 1000 }];
  for (let i = 0; i < n; i++) {
    const key = ['x', 'y', 'z', 'k"ey'][next(4)];
    const r = next(10);
    if (r < 6) out.push({ type: 'put', key, value: `${values[next(values.length)]}${i}`, ...(r === 0 && { lease: 1 }) });
    else if (r < 8) out.push({ type: 'delete', key });
    else out.push({ type: 'range', key });
  }
  return out;
}

describe('store snapshot text', () => {
  it('equals JSON.stringify of the snapshot object, snapshot after snapshot', () => {
    const s = new MvccStore();
    const ops = workload(7, 600);
    ops.forEach((op, i) => {
      s.apply(op, i);
      if (i % 97 === 0) expect(s.serialize()).toBe(reference(s));
      if (i % 250 === 249) s.apply({ type: 'compact', revision: s.currentRevision - 20 });
    });
    expect(s.serialize()).toBe(reference(s));
  });

  it('does not reuse another store text when the histories differ', () => {
    const a = new MvccStore();
    const b = new MvccStore();
    workload(1, 300).forEach((op) => a.apply(op, 0));
    workload(2, 300).forEach((op) => b.apply(op, 0));
    // Interleaved: each store's text follows the other's in the shared memo.
    for (let i = 0; i < 3; i++) {
      expect(a.serialize()).toBe(reference(a));
      expect(b.serialize()).toBe(reference(b));
      a.apply({ type: 'put', key: 'x', value: `a${i}` });
      b.apply({ type: 'put', key: 'x', value: `b${i}` });
    }
  });

  it('reuses the text of an equal history held by another store', () => {
    const a = new MvccStore();
    const b = new MvccStore();
    for (const op of workload(3, 400)) {
      a.apply(op, 0);
      b.apply(op, 0);
    }
    expect(b.serialize()).toBe(a.serialize());
    expect(a.serialize()).toBe(reference(a));
    // A store restored from the text continues to the same text.
    const c = MvccStore.deserialize(a.serialize());
    c.apply({ type: 'put', key: 'z', value: 'new' });
    a.apply({ type: 'put', key: 'z', value: 'new' });
    expect(c.serialize()).toBe(reference(a));
  });
});

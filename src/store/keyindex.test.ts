import { describe, expect, it } from 'vitest';
import { sharedRevision } from './keyindex';
import { MvccStore } from './mvcc';

describe('sharedRevision', () => {
  it('hands out the same object for an equal change, a new one for any other', () => {
    const a = sharedRevision('k-share', 7, 0, 'v', 7, 1, 0);
    expect(sharedRevision('k-share', 7, 0, 'v', 7, 1, 0)).toBe(a);
    expect(a).toEqual({ main: 7, sub: 0, value: 'v', create: 7, version: 1, lease: 0 });
    const fields: [number, number, string, number, number, number][] = [
      [8, 0, 'v', 7, 1, 0],
      [7, 1, 'v', 7, 1, 0],
      [7, 0, 'w', 7, 1, 0],
      [7, 0, 'v', 6, 1, 0],
      [7, 0, 'v', 7, 2, 0],
      [7, 0, 'v', 7, 1, 5],
    ];
    for (const [main, sub, value, create, version, lease] of fields) {
      const r = sharedRevision('k-share', main, sub, value, create, version, lease);
      expect(r).not.toBe(a);
      expect(r).toEqual({ main, sub, value, create, version, lease });
    }
    // Another key never gets this key's object.
    expect(sharedRevision('k-other', 7, 0, 'v', 7, 1, 0)).not.toBe(a);
  });

  it('leaves stores that apply the same requests with equal state', () => {
    const reqs = ['put x a', 'put y b', 'delete x', 'put x c', 'put y d'];
    const [s1, s2] = [new MvccStore(), new MvccStore()];
    for (const r of reqs) {
      const req = { type: 'put', key: r.split(' ')[1], value: r.split(' ')[2] ?? '' } as const;
      const op = r.startsWith('delete') ? ({ type: 'delete', key: req.key } as const) : req;
      expect(s2.apply(op)).toEqual(s1.apply(op));
    }
    expect(s2.serialize()).toBe(s1.serialize());
    expect(s2.history('x')).toEqual(s1.history('x'));
  });
});

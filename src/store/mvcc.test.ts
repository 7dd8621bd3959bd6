import { describe, expect, it } from 'vitest';
import { MvccStore } from './mvcc';
import { casRequest, decodeRequest } from './request';
import type { Compare, KvRequest } from './types';

function run(store: MvccStore, ...lines: string[]) {
  return lines.map((l) => store.apply(decodeRequest(l)));
}

describe('MvccStore revisions', () => {
  it('tracks create/mod/version through put, put, delete, put', () => {
    const s = new MvccStore();
    expect(s.currentRevision).toBe(1); // etcd: a fresh store is at revision 1
    const [p1, p2, d, p3] = run(s, 'put x a', 'put x b', 'delete x', 'put x c');
    expect(p1.header.revision).toBe(2);
    expect(p2.header.revision).toBe(3);
    expect(d).toEqual({ header: { revision: 4 }, deleted: 1 });
    expect(p3.header.revision).toBe(5);
    expect(s.get('x')).toEqual({ key: 'x', value: 'c', createRevision: 5, modRevision: 5, version: 1, lease: 0 });
    expect(s.get('x', 3)).toEqual({ key: 'x', value: 'b', createRevision: 2, modRevision: 3, version: 2, lease: 0 });
    expect(s.get('x', 4)).toBeUndefined();
    expect(s.history('x').map((r) => [r.main, r.version, r.value])).toEqual([
      [2, 1, 'a'],
      [3, 2, 'b'],
      [4, 0, ''],
      [5, 1, 'c'],
    ]);
  });

  it('reads at old revisions and rejects future ones', () => {
    const s = new MvccStore();
    run(s, 'put x a', 'put x b', 'delete x', 'put x c');
    expect(s.apply({ type: 'range', key: 'x', revision: 2 }).kvs!.map((kv) => kv.value)).toEqual(['a']);
    expect(s.apply({ type: 'range', key: 'x', revision: 4 })).toEqual({ header: { revision: 5 }, kvs: [], count: 0, more: false });
    expect(s.apply({ type: 'range', key: 'x', revision: 6 })).toEqual({ header: { revision: 5 }, error: 'ErrFutureRev' });
  });

  it('returns prevKv on put and prevKvs on delete when asked', () => {
    const s = new MvccStore();
    run(s, 'put x a');
    expect(s.apply(decodeRequest('put x b --prev-kv')).prevKv).toEqual({
      key: 'x', value: 'a', createRevision: 2, modRevision: 2, version: 1, lease: 0,
    });
    expect(s.apply(decodeRequest('put y b --prev-kv')).prevKv).toBeUndefined();
    const d = s.apply(decodeRequest('delete "" --prefix --prev-kv'));
    expect(d.deleted).toBe(2);
    expect(d.prevKvs!.map((kv) => `${kv.key}=${kv.value}@${kv.modRevision}`)).toEqual(['x=b@3', 'y=b@4']);
    expect(d.header.revision).toBe(5); // both deletes share one revision
  });

  it('does not bump the revision for reads, no-op deletes or errors', () => {
    const s = new MvccStore();
    run(s, 'put x 1');
    run(s, 'get x', 'delete nothing', 'get "" --prefix');
    expect(s.apply({ type: 'put', key: 'y', value: '1', lease: 9 })).toEqual({ header: { revision: 2 }, error: 'ErrLeaseNotFound' });
    expect(s.apply({ type: 'put', key: '', value: '1' }).error).toBe('ErrEmptyKey');
    expect(s.currentRevision).toBe(2);
  });
});

describe('range', () => {
  const s = new MvccStore();
  run(s, 'put a 0', 'put a/1 1', 'put a/2 2', 'put a/3 3', 'put b/1 4', 'put a0 5');

  it('by prefix, in key order', () => {
    const r = s.apply(decodeRequest('get a/ --prefix'));
    expect(r.kvs!.map((kv) => kv.key)).toEqual(['a/1', 'a/2', 'a/3']);
    expect(r.count).toBe(3);
  });

  it('by explicit range end, and "\\0" for every key from here', () => {
    expect(s.apply(decodeRequest('get a/2 b')).kvs!.map((kv) => kv.key)).toEqual(['a/2', 'a/3', 'a0']);
    expect(s.apply({ type: 'range', key: 'a0', rangeEnd: '\0' }).kvs!.map((kv) => kv.key)).toEqual(['a0', 'b/1']);
  });

  it('with limit and count-only', () => {
    expect(s.apply(decodeRequest('get a/ --prefix --limit=2'))).toMatchObject({ count: 3, more: true });
    expect(s.apply(decodeRequest('get a/ --prefix --limit=2')).kvs!.map((kv) => kv.value)).toEqual(['1', '2']);
    expect(s.apply(decodeRequest('get a/ --prefix --count-only'))).toEqual({ header: { revision: 7 }, kvs: [], count: 3, more: false });
  });

  it('by prefix at an old revision', () => {
    const t = new MvccStore();
    run(t, 'put p/a 1', 'put p/b 2', 'delete p/a', 'put p/c 3', 'put p/b 4');
    const at = (rev: number) => t.apply({ type: 'range', key: 'p/', prefix: true, revision: rev }).kvs!.map((kv) => `${kv.key}=${kv.value}`);
    expect(at(3)).toEqual(['p/a=1', 'p/b=2']);
    expect(at(4)).toEqual(['p/b=2']);
    expect(at(6)).toEqual(['p/b=4', 'p/c=3']);
  });
});

describe('txn', () => {
  function store(): MvccStore {
    const s = new MvccStore();
    s.apply({ type: 'lease-grant', id: 5, ttlMs: 1000 }, 0);
    run(s, 'put k v1', 'put k v2 --lease=5', 'put other o'); // k: create 2, mod 3, version 2, lease 5
    return s;
  }
  const cases: [Compare, boolean][] = [
    [{ key: 'k', target: 'value', result: '=', value: 'v2' }, true],
    [{ key: 'k', target: 'value', result: '!=', value: 'v2' }, false],
    [{ key: 'k', target: 'value', result: '<', value: 'v3' }, true],
    [{ key: 'k', target: 'value', result: '>', value: 'v3' }, false],
    [{ key: 'k', target: 'version', result: '=', value: 2 }, true],
    [{ key: 'k', target: 'version', result: '>', value: 2 }, false],
    [{ key: 'k', target: 'create', result: '=', value: 2 }, true],
    [{ key: 'k', target: 'create', result: '<', value: 2 }, false],
    [{ key: 'k', target: 'mod', result: '=', value: 3 }, true],
    [{ key: 'k', target: 'mod', result: '!=', value: 3 }, false],
    [{ key: 'k', target: 'lease', result: '=', value: 5 }, true],
    [{ key: 'k', target: 'lease', result: '=', value: 0 }, false],
    [{ key: 'missing', target: 'create', result: '=', value: 0 }, true],
    [{ key: 'missing', target: 'version', result: '>', value: 0 }, false],
    [{ key: 'missing', target: 'value', result: '!=', value: 'x' }, false], // etcd: always fails
  ];
  for (const [c, expected] of cases) {
    it(`${c.target}(${c.key}) ${c.result} ${JSON.stringify(c.value)} is ${expected}`, () => {
      const s = store();
      const r = s.apply({ type: 'txn', compare: [c], success: [{ type: 'put', key: 'won', value: 'yes' }], failure: [{ type: 'range', key: 'k' }] });
      expect(r.succeeded).toBe(expected);
      if (expected) {
        expect(r.header.revision).toBe(5);
        expect(s.get('won')!.value).toBe('yes');
      } else {
        expect(r.header.revision).toBe(4);
        expect(r.responses![0].kvs![0].value).toBe('v2');
        expect(s.get('won')).toBeUndefined();
      }
    });
  }

  it('applies all ops of a branch at one main revision with sub-revisions, and ranges see earlier writes', () => {
    const s = store();
    const r = s.apply({
      type: 'txn',
      compare: [],
      success: [
        { type: 'put', key: 'a', value: '1' },
        { type: 'put', key: 'b', value: '2' },
        { type: 'delete', key: 'other' },
        { type: 'range', key: '', prefix: true },
      ],
      failure: [],
    });
    expect(r.succeeded).toBe(true);
    expect(r.header.revision).toBe(5);
    expect(r.responses!.map((x) => x.header.revision)).toEqual([5, 5, 5, 5]);
    expect(r.responses![2].deleted).toBe(1);
    expect(r.responses![3].kvs!.map((kv) => kv.key)).toEqual(['a', 'b', 'k']);
    expect([s.history('a')[0].sub, s.history('b')[0].sub, s.history('other')[1].sub]).toEqual([0, 1, 2]);
  });

  it('rejects a key written twice and leaves the store untouched', () => {
    const s = store();
    const dup = s.apply({ type: 'txn', compare: [], success: [{ type: 'put', key: 'a', value: '1' }, { type: 'delete', key: 'a', prefix: true }], failure: [] });
    expect(dup).toEqual({ header: { revision: 4 }, error: 'ErrDuplicateKey' });
    const badLease = s.apply({ type: 'txn', compare: [], success: [{ type: 'put', key: 'a', value: '1' }, { type: 'put', key: 'b', value: '1', lease: 77 }], failure: [] });
    expect(badLease.error).toBe('ErrLeaseNotFound');
    expect(s.get('a')).toBeUndefined();
    expect(s.currentRevision).toBe(4);
  });

  it('cas with an expected value and with expected null (key absent)', () => {
    const s = new MvccStore();
    expect(s.apply(casRequest('x', null, '1')).succeeded).toBe(true);
    const lost = s.apply(casRequest('x', null, '2'));
    expect(lost.succeeded).toBe(false);
    expect(lost.responses![0].kvs![0].value).toBe('1'); // the failure branch reads the winner
    expect(s.apply(casRequest('x', '0', '2')).succeeded).toBe(false);
    expect(s.apply(casRequest('x', '1', '2')).succeeded).toBe(true);
    expect(s.get('x')).toMatchObject({ value: '2', version: 2, modRevision: 3 });
    run(s, 'delete x');
    expect(s.apply(decodeRequest('cas x null 3')).succeeded).toBe(true);
    expect(s.get('x')).toMatchObject({ value: '3', version: 1, createRevision: 5 });
  });
});

describe('compaction', () => {
  function store(): MvccStore {
    const s = new MvccStore();
    run(s, 'put x 1', 'put x 2', 'put y 1', 'delete y', 'put x 3', 'put z 1', 'delete z');
    return s; // x: 2,3,6   y: 4, tomb 5   z: 7, tomb 8
  }

  it('keeps the latest revision of each key at or below the compact revision', () => {
    const s = store();
    expect(s.apply({ type: 'compact', revision: 5 })).toEqual({ header: { revision: 8 }, compactRevision: 5 });
    expect(s.compactRevision).toBe(5);
    expect(s.history('x').map((r) => r.main)).toEqual([3, 6]);
    expect(s.history('y').map((r) => r.main)).toEqual([5]); // a tombstone at exactly rev stays, for watches from rev
    expect(s.history('z').map((r) => r.main)).toEqual([7, 8]);
    expect(s.apply({ type: 'range', key: 'x', revision: 5 }).kvs![0].value).toBe('2');
    expect(s.apply({ type: 'range', key: 'x', revision: 4 })).toEqual({ header: { revision: 8 }, error: 'ErrCompacted', compactRevision: 5 });
    expect(s.apply({ type: 'compact', revision: 6 }).compactRevision).toBe(6);
    expect(s.history('y')).toEqual([]); // older tombstone: the key leaves the index
    expect(s.entries().map((kv) => kv.key)).toEqual(['x']);
  });

  it('rejects compacting at or below the compact revision, or in the future', () => {
    const s = store();
    run(s, 'compact 4');
    expect(s.apply({ type: 'compact', revision: 4 }).error).toBe('ErrCompacted');
    expect(s.apply({ type: 'compact', revision: 3 }).error).toBe('ErrCompacted');
    expect(s.apply({ type: 'compact', revision: 9 })).toEqual({ header: { revision: 8 }, error: 'ErrFutureRev' });
  });

  it('keeps a txn range at a compacted revision from applying anything', () => {
    const s = store();
    run(s, 'compact 6');
    const r = s.apply({ type: 'txn', compare: [], success: [{ type: 'put', key: 'w', value: '1' }, { type: 'range', key: 'x', revision: 2 }], failure: [] });
    expect(r.error).toBe('ErrCompacted');
    expect(s.get('w')).toBeUndefined();
  });
});

describe('views and snapshots', () => {
  it('snapshotKv and entries list live keys sorted', () => {
    const s = new MvccStore();
    run(s, 'put b 2', 'put a 1', 'put c 3', 'delete c', 'put "sp ace" "x y"');
    expect(s.snapshotKv()).toEqual({ a: '1', b: '2', 'sp ace': 'x y' });
    expect(Object.keys(s.snapshotKv())).toEqual(['a', 'b', 'sp ace']);
    expect(s.entries()[0]).toEqual({ key: 'a', value: '1', createRevision: 3, modRevision: 3, version: 1, lease: 0 });
  });

  it('serialize/deserialize round-trips exactly and continues identically', () => {
    const script: KvRequest[] = [
      { type: 'lease-grant', id: 3, ttlMs: 500 },
      ...['put a 1', 'put b 2 --lease=3', 'put a 3', 'delete b', 'put b 4 --lease=3', 'compact 3', 'put c 5'].map(decodeRequest),
    ];
    const rest: KvRequest[] = [
      ...['get "" --prefix --rev=4', 'put a 6', 'cas a 6 7', 'delete "" --prefix --prev-kv', 'put a 8'].map(decodeRequest),
      { type: 'lease-revoke', id: 3 },
      { type: 'range', key: 'a', revision: 2 },
    ];
    const a = new MvccStore();
    script.forEach((r, i) => a.apply(r, i * 10));
    const text = a.serialize();
    const b = MvccStore.deserialize(text);
    expect(b.serialize()).toBe(text);
    expect(b.currentRevision).toBe(7);
    expect(b.compactRevision).toBe(3);
    expect(b.leases.map((l) => [l.id, l.ttlMs, l.expiryMs, [...l.keys.keys()]])).toEqual([[3, 500, 500, ["b"]]]);
    const ra = rest.map((r) => a.apply(r, 100));
    const rb = rest.map((r) => b.apply(r, 100));
    expect(rb).toEqual(ra);
    expect(b.serialize()).toBe(a.serialize());
    expect(ra[0].kvs!.map((kv) => `${kv.key}=${kv.value}`)).toEqual(['a=3', 'b=2']);
  });

  it('rejects a malformed snapshot with a clear error', () => {
    expect(() => MvccStore.deserialize('nope')).toThrow(/not valid JSON/);
    expect(() => MvccStore.deserialize('{"v":2}')).toThrow(/expected \{"v":1/);
  });

  it('applies 20k ops well within budget', () => {
    const s = new MvccStore();
    const t0 = performance.now();
    for (let i = 0; i < 20000; i++) {
      s.apply({ type: 'put', key: `/registry/pods/p${i % 500}`, value: `v${i}` });
      if (i % 50 === 0) s.apply({ type: 'range', key: '/registry/pods/', prefix: true, limit: 10 });
      if (i % 5000 === 4999) s.apply({ type: 'compact', revision: s.currentRevision - 100 });
    }
    const ms = performance.now() - t0;
    expect(s.currentRevision).toBe(20001);
    expect(ms).toBeLessThan(2000);
  });
});

describe('applyUnanswered', () => {
  it('changes the store and notifies watches exactly as apply does', () => {
    const lines = [
      'lease-grant 7 1000',
      'put a 1',
      'put b 2 --lease=7',
      'cas a 1 3',
      'cas a 1 4',
      'cas c null 5',
      'put a 6 --prev-kv',
      'delete b --prev-kv',
      'put "" x',
      'put z 9 --lease=99',
      'delete a --prefix',
      'compact 3',
      'lease-revoke 7',
      'get a',
    ];
    const answered = new MvccStore();
    const silent = new MvccStore();
    answered.watch(1, '', { prefix: true, prevKv: true });
    silent.watch(1, '', { prefix: true, prevKv: true });
    const reqs: KvRequest[] = lines.map((l) => decodeRequest(l));
    reqs.push(casRequest('c', '5', '6'), { type: 'txn', compare: [], success: [{ type: 'put', key: 'd', value: '1' }, { type: 'range', key: 'd' }, { type: 'delete', key: 'c' }], failure: [] });
    for (const r of reqs) {
      answered.apply(r, 100);
      silent.applyUnanswered(r, 100);
      expect(silent.currentRevision).toBe(answered.currentRevision);
    }
    expect(silent.serialize()).toBe(answered.serialize());
    expect(silent.drainWatchEvents()).toEqual(answered.drainWatchEvents());
  });
});

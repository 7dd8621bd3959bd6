import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import { asCas, casRequest, casText, decodeRequest, encodeRequest, getText, putText } from './request';
import { decodeCached } from './requestCache';
import { requestOf, textOf } from './clientRequest';
import type { ClientOp } from './client';
import type { Compare, CompareResult, KvRequest, Op } from './types';

describe('text form of simple requests', () => {
  const cases: [string, KvRequest][] = [
    ['put x 1', { type: 'put', key: 'x', value: '1' }],
    ['put x 1 --lease=7 --prev-kv', { type: 'put', key: 'x', value: '1', lease: 7, prevKv: true }],
    ['put "a b" ""', { type: 'put', key: 'a b', value: '' }],
    ['put q "say \\"hi\\""', { type: 'put', key: 'q', value: 'say "hi"' }],
    ['put x "null"', { type: 'put', key: 'x', value: 'null' }],
    ['put x "--lease=3"', { type: 'put', key: 'x', value: '--lease=3' }],
    ['put x -1', { type: 'put', key: 'x', value: '-1' }],
    ['get x', { type: 'range', key: 'x' }],
    ['get a b', { type: 'range', key: 'a', rangeEnd: 'b' }],
    [
      'get /reg/ --prefix --rev=4 --limit=10 --count-only --serializable',
      { type: 'range', key: '/reg/', prefix: true, revision: 4, limit: 10, countOnly: true, serializable: true },
    ],
    ['get "" "\\u0000"', { type: 'range', key: '', rangeEnd: '\0' }],
    ['get x --prefix=false', { type: 'range', key: 'x', prefix: false }],
    ['delete x', { type: 'delete', key: 'x' }],
    ['delete /a/ --prefix --prev-kv', { type: 'delete', key: '/a/', prefix: true, prevKv: true }],
    ['compact 42', { type: 'compact', revision: 42 }],
    ['lease-grant 7 10000', { type: 'lease-grant', id: 7, ttlMs: 10000 }],
    ['lease-revoke 7', { type: 'lease-revoke', id: 7 }],
    ['lease-keepalive 7', { type: 'lease-keepalive', id: 7 }],
    ['lease-expire-check 123456', { type: 'lease-expire-check', nowMs: 123456 }],
    ['cas x 1 2', casRequest('x', '1', '2')],
    ['cas x null 2', casRequest('x', null, '2')],
    ['cas x "null" 2', casRequest('x', 'null', '2')],
  ];
  for (const [text, req] of cases) {
    it(`${text}`, () => {
      expect(encodeRequest(req)).toBe(text);
      expect(decodeRequest(text)).toEqual(req);
    });
  }

  it('cas is a txn comparing value (or create_revision = 0 for null)', () => {
    expect(decodeRequest('cas x 1 2')).toEqual({
      type: 'txn',
      compare: [{ key: 'x', target: 'value', result: '=', value: '1' }],
      success: [{ type: 'put', key: 'x', value: '2' }],
      failure: [{ type: 'range', key: 'x' }],
    });
    expect(casRequest('x', null, 'v').compare).toEqual([{ key: 'x', target: 'create', result: '=', value: 0 }]);
    expect(asCas(casRequest('k', 'a b', ''))).toEqual({ key: 'k', expected: 'a b', value: '' });
  });

  it('encodes other txns as JSON', () => {
    const t: KvRequest = {
      type: 'txn',
      compare: [{ key: 'x', target: 'mod', result: '<', value: 5 }],
      success: [{ type: 'delete', key: 'x' }],
      failure: [],
    };
    const text = encodeRequest(t);
    expect(text).toBe('txn {"compare":[{"key":"x","target":"mod","result":"<","value":5}],"success":[{"type":"delete","key":"x"}],"failure":[]}');
    expect(decodeRequest(text)).toEqual(t);
    // A cas-like txn with an extra flag is not a cas, and still round-trips.
    const almost = casRequest('x', '1', '2');
    (almost.success[0] as { prevKv?: boolean }).prevKv = true;
    expect(encodeRequest(almost).startsWith('txn {')).toBe(true);
    expect(decodeRequest(encodeRequest(almost))).toEqual(almost);
  });

  it('is a cas only when every part matches what casRequest builds', () => {
    const variants: ((t: ReturnType<typeof casRequest>) => void)[] = [
      (t) => ((t.success[0] as { key: string }).key = 'other'),
      (t) => ((t.failure[0] as { key: string }).key = 'other'),
      (t) => (t.failure[0] = { type: 'delete', key: 'x' }),
      (t) => ((t.compare[0] as { result: CompareResult }).result = '!='),
      (t) => (t.compare[0] = { key: 'x', target: 'create', result: '=', value: 3 }),
      (t) => (t.compare[0] = { key: 'x', target: 'mod', result: '=', value: 0 }),
      (t) => ((t.failure[0] as { limit?: number }).limit = 1),
      (t) => t.success.push({ type: 'put', key: 'x', value: '3' }),
    ];
    for (const change of variants) {
      const t = casRequest('x', '1', '2');
      change(t);
      expect(asCas(t)).toBeNull();
      expect(decodeRequest(encodeRequest(t))).toEqual(t);
    }
    expect(asCas(casRequest('x', null, '2'))).toEqual({ key: 'x', expected: null, value: '2' });
  });

  it('accepts aliases and extra spaces', () => {
    expect(decodeRequest('  range   x  ')).toEqual({ type: 'range', key: 'x' });
    expect(decodeRequest('del x --prefix')).toEqual({ type: 'delete', key: 'x', prefix: true });
  });
});

describe('bad text errors name what is wrong', () => {
  const bad: [string, RegExp][] = [
    ['', /empty request/],
    ['frob x', /unknown command "frob"/],
    ['put x', /put: expected KEY VALUE \(2 arguments\), got 1/],
    ['put x 1 2', /got 3/],
    ['get', /get: expected KEY \[RANGE_END\]/],
    ['put x 1 --lease=abc', /put: --lease must be a non-negative integer, got "abc"/],
    ['put x 1 --lease', /--lease needs a value/],
    ['put x 1 --ttl=3', /put: unknown flag --ttl/],
    ['get x --prefix --prefix', /flag --prefix given twice/],
    ['get x --prefix=maybe', /--prefix takes no value or =true\/=false, got "maybe"/],
    ['compact -1', /compact: REVISION must be a non-negative integer, got "-1"/],
    ['compact 1.5', /non-negative integer/],
    ['lease-grant 7', /lease-grant: expected ID TTL_MS/],
    ['put "abc x', /unterminated quoted token at column 5/],
    ['put "a"b x', /expected a space after the quoted token/],
    ['put a"b x', /unexpected quote inside token/],
    ['put "\\q" x', /bad quoted token/],
    ['txn {', /txn: body is not valid JSON/],
    ['txn []', /txn: expected an object/],
    ['txn {"compare":[],"success":[]}', /txn.failure: expected an array/],
    ['txn {"compare":[],"success":[],"failure":[],"extra":1}', /txn: unknown field "extra"/],
    ['txn {"compare":[{"key":"x","target":"size","result":"=","value":1}],"success":[],"failure":[]}', /txn.compare\[0\].target: expected one of/],
    ['txn {"compare":[{"key":"x","target":"mod","result":"<=","value":1}],"success":[],"failure":[]}', /txn.compare\[0\].result/],
    ['txn {"compare":[{"key":"x","target":"mod","result":"=","value":"1"}],"success":[],"failure":[]}', /txn.compare\[0\].value: expected a non-negative integer/],
    ['txn {"compare":[],"success":[{"type":"compact","revision":1}],"failure":[]}', /txn.success\[0\].type: expected put, range or delete/],
    ['txn {"compare":[],"success":[{"type":"put","key":"x"}],"failure":[]}', /txn.success\[0\].value: expected a string/],
    ['txn {"compare":[],"success":[],"failure":[{"type":"range","key":"x","rev":3}]}', /txn.failure\[0\]: unknown field "rev"/],
  ];
  for (const [text, msg] of bad) {
    it(JSON.stringify(text), () => {
      expect(() => decodeRequest(text)).toThrow(msg);
    });
  }

  it('encodeRequest rejects malformed objects', () => {
    expect(() => encodeRequest({ type: 'compact', revision: -3 })).toThrow(/request.revision: expected a non-negative integer/);
    expect(() => encodeRequest({ type: 'nope' } as unknown as KvRequest)).toThrow(/unknown request type "nope"/);
    expect(() => encodeRequest({ type: 'toString' } as unknown as KvRequest)).toThrow(/unknown request type/);
  });
});

describe('encode/decode round trip over generated requests', () => {
  const pieces = ['x', 'a b', '', 'null', '--flag', '"', '\\', 'k\n', '\0', 'é', '日本', '{', '-', '/registry/pods/', 'true', '\u2028', '😀', '\ud800'];
  function text(rng: Rng): string {
    let s = '';
    const n = rng.int(0, 3);
    for (let i = 0; i < n; i++) s += rng.pick(pieces);
    return s;
  }
  function maybe<T>(rng: Rng, v: () => T): T | undefined {
    return rng.chance(0.4) ? v() : undefined;
  }
  function strip<T extends object>(o: T): T {
    for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
    return o;
  }
  const nat = (rng: Rng) => rng.pick([0, 1, 7, 42, rng.u32(), Number.MAX_SAFE_INTEGER]);
  const bool = (rng: Rng) => rng.chance(0.5);
  function op(rng: Rng): Op {
    switch (rng.int(0, 3)) {
      case 0:
        return strip({ type: 'put', key: text(rng), value: text(rng), lease: maybe(rng, () => nat(rng)), prevKv: maybe(rng, () => bool(rng)) });
      case 1:
        return strip({
          type: 'range', key: text(rng), rangeEnd: maybe(rng, () => text(rng)), prefix: maybe(rng, () => bool(rng)),
          revision: maybe(rng, () => nat(rng)), limit: maybe(rng, () => nat(rng)), countOnly: maybe(rng, () => bool(rng)),
          serializable: maybe(rng, () => bool(rng)),
        });
      default:
        return strip({ type: 'delete', key: text(rng), rangeEnd: maybe(rng, () => text(rng)), prefix: maybe(rng, () => bool(rng)), prevKv: maybe(rng, () => bool(rng)) });
    }
  }
  function compare(rng: Rng): Compare {
    const result = rng.pick<CompareResult>(['=', '!=', '<', '>']);
    const target = rng.pick(['value', 'version', 'create', 'mod', 'lease'] as const);
    return target === 'value' ? { key: text(rng), target, result, value: text(rng) } : { key: text(rng), target, result, value: nat(rng) };
  }
  function request(rng: Rng): KvRequest {
    switch (rng.int(0, 9)) {
      case 0:
      case 1:
      case 2:
        return op(rng);
      case 3: {
        const list = <T>(f: () => T) => Array.from({ length: rng.int(0, 4) }, f);
        return { type: 'txn', compare: list(() => compare(rng)), success: list(() => op(rng)), failure: list(() => op(rng)) };
      }
      case 4:
        return casRequest(text(rng), rng.chance(0.3) ? null : text(rng), text(rng));
      case 5:
        return { type: 'compact', revision: nat(rng) };
      case 6:
        return { type: 'lease-grant', id: nat(rng), ttlMs: nat(rng) };
      case 7:
        return { type: rng.pick(['lease-revoke', 'lease-keepalive'] as const), id: nat(rng) };
      default:
        return { type: 'lease-expire-check', nowMs: nat(rng) };
    }
  }

  it('decode(encode(r)) equals r for 5000 requests', () => {
    const rng = new Rng(2024, 'store/request.test');
    const kinds = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const r = request(rng);
      const s = encodeRequest(r);
      const back = decodeRequest(s);
      expect(back, s).toEqual(r);
      expect(encodeRequest(back)).toBe(s);
      const word = s.split(' ')[0];
      kinds.set(word, (kinds.get(word) ?? 0) + 1);
    }
    expect([...kinds.keys()].sort()).toEqual(
      ['cas', 'compact', 'delete', 'get', 'lease-expire-check', 'lease-grant', 'lease-keepalive', 'lease-revoke', 'put', 'txn'],
    );
  });

  it('the direct get/put/cas writers give exactly encodeRequest text', () => {
    // Every kind of whitespace (the quoting rule's \s), controls, DEL and non-ASCII.
    const odd = ['\t', '\u00a0', '\u0085', '\u1680', '\u2000', '\u2029', '\u202f', '\u3000', '\ufeff', '\u007f', '\u0080', '~', '!'];
    const rng = new Rng(7, 'store/request.test fast');
    const word = () => (rng.chance(0.5) ? text(rng) : text(rng) + rng.pick(odd) + text(rng));
    for (let i = 0; i < 3000; i++) {
      const key = word();
      const value = word();
      const lease = rng.chance(0.5) ? undefined : nat(rng);
      const expected = rng.chance(0.3) ? null : word();
      expect(getText(key)).toBe(encodeRequest({ type: 'range', key }));
      expect(putText(key, value, lease)).toBe(encodeRequest(lease === undefined ? { type: 'put', key, value } : { type: 'put', key, value, lease }));
      expect(casText(key, expected, value)).toBe(encodeRequest(casRequest(key, expected, value)));
    }
    expect(() => putText('x', '1', -1)).toThrow(/lease/);
  });
});

describe('request cache', () => {
  it('decodes a text once and hands every member the same object', () => {
    const text = encodeRequest(casRequest('x', 'c1-1', 'c1-2'));
    const a = decodeCached(text);
    expect(a).toEqual(decodeRequest(text));
    expect(decodeCached(text)).toBe(a);
    expect(decodeCached('put y 1')).toEqual({ type: 'put', key: 'y', value: '1' });
  });
});

describe('client requests (clientRequest.ts)', () => {
  const ops: ClientOp[] = [
    { op: 'get', key: 'k q', value: null, expected: null },
    { op: 'put', key: 'k', value: 'v 1', expected: null },
    { op: 'put', key: 'k', value: 'v2', expected: null, lease: 3 },
    { op: 'cas', key: 'k', value: 'v3', expected: null },
    { op: 'cas', key: 'k', value: 'v4', expected: 'v3' },
    { op: 'delete', key: 'k', value: null, expected: null },
    { op: 'lease-grant', key: '', value: null, expected: null, lease: 7 },
    { op: 'lease-keepalive', key: '', value: null, expected: null, lease: 7 },
    { op: 'lease-revoke', key: '', value: null, expected: null, lease: 7 },
  ];

  it('the object a client sends is exactly what decoding its text builds, field order included', () => {
    const texts = ops.map((op) => textOf(op, requestOf(op, 2000)));
    expect(texts.slice(0, 5)).toEqual(['get "k q"', 'put k "v 1"', 'put k v2 --lease=3', 'cas k null v3', 'cas k v3 v4']);
    // Members apply the object in place of the text, so it must be what parsing would give.
    ops.forEach((op, i) => expect(JSON.stringify(requestOf(op, 2000))).toBe(JSON.stringify(decodeRequest(texts[i]))));
  });
});

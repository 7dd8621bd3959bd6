import { describe, expect, it } from 'vitest';
import { deepClone } from './clone';
import { Rng } from './rng';

class Counter {
  n = 0;
  constructor(readonly label: string) {}
  bump(): number {
    return ++this.n;
  }
}

describe('deepClone', () => {
  it('keeps class prototypes, so a cloned object still has its methods', () => {
    const c = new Counter('x');
    c.bump();
    const d = deepClone(c);
    expect(d).not.toBe(c);
    expect(d).toBeInstanceOf(Counter);
    expect(d.bump()).toBe(2);
    expect(c.n).toBe(1); // the original is untouched
    expect(d.label).toBe('x');
  });

  it('a cloned Rng continues the same stream independently', () => {
    const r = new Rng(5, 's');
    r.u32();
    const copy = deepClone(r);
    expect(copy).toBeInstanceOf(Rng);
    const a = [r.u32(), r.u32()];
    expect([copy.u32(), copy.u32()]).toEqual(a);
  });

  it('clones Maps (keys and values), Sets, arrays and typed arrays', () => {
    const key = { k: 1 };
    const src = {
      m: new Map<unknown, unknown>([
        ['a', { v: 1 }],
        [key, [1, 2]],
      ]),
      s: new Set([1, 'two', { three: 3 }]),
      arr: [1, [2, [3]]],
      bytes: new Uint8Array([1, 2, 3]),
      nil: null,
      undef: undefined,
    };
    const out = deepClone(src);
    expect(out.m).toBeInstanceOf(Map);
    expect(out.m).not.toBe(src.m);
    expect(out.m.get('a')).toEqual({ v: 1 });
    expect(out.m.get('a')).not.toBe(src.m.get('a'));
    const [clonedKey] = [...out.m.keys()].filter((k) => typeof k === 'object');
    expect(clonedKey).toEqual(key);
    expect(clonedKey).not.toBe(key);
    expect(out.s).toBeInstanceOf(Set);
    expect([...out.s].slice(0, 2)).toEqual([1, 'two']);
    expect(out.arr).toEqual([1, [2, [3]]]);
    expect(out.arr[1]).not.toBe(src.arr[1]);
    expect(out.bytes).toBeInstanceOf(Uint8Array);
    expect([...out.bytes]).toEqual([1, 2, 3]);
    src.bytes[0] = 9;
    expect(out.bytes[0]).toBe(1);
    expect(out.nil).toBeNull();
    expect('undef' in out).toBe(true);
  });

  it('keeps shared references shared (and handles cycles)', () => {
    const shared = { id: 1 };
    const src: Record<string, unknown> = { a: shared, b: [shared], m: new Map([['x', shared]]), s: new Set([shared]) };
    src.self = src;
    const out = deepClone(src) as typeof src & { a: object; b: object[]; m: Map<string, object>; s: Set<object> };
    expect(out.a).not.toBe(shared);
    expect(out.b[0]).toBe(out.a);
    expect(out.m.get('x')).toBe(out.a);
    expect([...out.s][0]).toBe(out.a);
    expect(out.self).toBe(out);
  });

  it('throws on a function anywhere in the state', () => {
    expect(() => deepClone({ a: [{ f: () => 1 }] })).toThrow(/function/);
    expect(() => deepClone(new Map([['k', function named() {}]]))).toThrow(/function/);
    expect(() => deepClone(() => 1)).toThrow(/plain data/);
  });
});

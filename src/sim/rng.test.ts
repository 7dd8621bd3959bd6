import { describe, expect, it } from 'vitest';
import { detExponential, detLn } from './detmath';
import { Rng, fnv1a } from './rng';

const draws = (r: Rng, n: number) => Array.from({ length: n }, () => r.u32());

describe('Rng streams', () => {
  it('the same seed and name give the same stream', () => {
    expect(draws(new Rng(7, 'raft/n3'), 50)).toEqual(draws(new Rng(7, 'raft/n3'), 50));
    expect(new Rng(7, 'raft/n3').state()).toEqual(new Rng(7, 'raft/n3').state());
  });

  it('is reproducible across engines: fixed first draws for fixed seeds', () => {
    // xoshiro128** with integer ops only: these bits must never change, or old share links replay differently.
    expect(draws(new Rng(1, 'net'), 4)).toEqual([24881137, 528559348, 236386917, 249853768]);
    const r = new Rng(42);
    expect([r.u32(), r.u32(), r.float()]).toEqual([1807965340, 3313117285, 0.23922708770260215]);
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('net')).toBe(630821208);
  });

  it('different names or seeds give different streams', () => {
    const a = draws(new Rng(7, 'a'), 20);
    const b = draws(new Rng(7, 'b'), 20);
    const c = draws(new Rng(8, 'a'), 20);
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    // Not merely shifted copies of each other.
    expect(a.filter((x) => b.includes(x))).toEqual([]);
    // Large seeds (up to 2^32 - 1, the scenario limit) are distinct too.
    expect(draws(new Rng(2 ** 32 - 1, 'a'), 4)).not.toEqual(draws(new Rng(2 ** 32 - 2, 'a'), 4));
  });

  it('adding a stream does not change another stream’s draws', () => {
    const alone = new Rng(99, 'net');
    const expected = draws(alone, 100);
    const net = new Rng(99, 'net');
    const other = new Rng(99, 'raft/n1');
    const interleaved: number[] = [];
    for (let i = 0; i < 100; i++) {
      interleaved.push(net.u32());
      other.u32();
      other.float();
    }
    expect(interleaved).toEqual(expected);
    // fork() takes one draw from the parent, and the child is a separate stream.
    const parent = new Rng(99, 'net');
    const child = parent.fork('child');
    expect(parent.u32()).toBe(expected[1]);
    expect(draws(child, 5)).not.toEqual(expected.slice(2, 7));
  });

  it('int(lo, hi) stays in [lo, hi) and covers the range; float() in [0, 1)', () => {
    const r = new Rng(3, 'ranges');
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const x = r.int(-3, 7);
      expect(Number.isInteger(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThan(7);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5, 6]);
    for (const c of counts.values()) expect(Math.abs(c - 2000)).toBeLessThan(250); // uniform
    expect(r.int(5, 5)).toBe(5);
    expect(r.int(5, 2)).toBe(5);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('chance() draws once whatever p is, so streams stay aligned', () => {
    const a = new Rng(5, 'c');
    const b = new Rng(5, 'c');
    expect(a.chance(0)).toBe(false);
    expect(a.chance(1)).toBe(true);
    b.u32();
    b.u32();
    expect(a.u32()).toBe(b.u32());
  });

  it('pick and shuffle use only the stream (same seed → same result) and keep every item', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const s1 = new Rng(11, 's').shuffle([...items]);
    const s2 = new Rng(11, 's').shuffle([...items]);
    expect(s1).toEqual(s2);
    expect(s1).not.toEqual(items);
    expect([...s1].sort((a, b) => a - b)).toEqual(items);
    const p = new Rng(11, 'p');
    for (let i = 0; i < 100; i++) expect(items).toContain(p.pick(items));
  });
});

describe('detLn', () => {
  it('agrees with Math.log within 1e-13 relative over many values', () => {
    const r = new Rng(1, 'detln');
    const xs: number[] = [1, 2, 0.5, 0.75, 1.5, 1.4999999999999998, 0.7499999999999999, 1 + 1e-12, 1 - 1e-12, 1e-300, 1e300, 5e-324, Number.MAX_VALUE];
    for (let i = 0; i < 5000; i++) xs.push(r.float() + 1e-9); // (0, 1]: the exponential sampler's domain
    for (let i = 0; i < 5000; i++) xs.push(2 ** r.int(-1000, 1000) * (1 + r.float()));
    for (const x of xs) {
      const want = Math.log(x);
      const got = detLn(x);
      if (want === 0) expect(got).toBe(0);
      else expect(Math.abs((got - want) / want)).toBeLessThan(1e-13);
    }
  });

  it('gives exactly these bits (it must replay the same in every engine)', () => {
    expect(detLn(2)).toBe(0.6931471805599453);
    expect(detLn(10)).toBe(2.3025850929940455);
    expect(detLn(0.1)).toBe(-2.3025850929940455);
    expect(detLn(1e-300)).toBe(-690.7755278982137);
    expect(detLn(123456.789)).toBe(11.723646487185881);
    expect(detLn(0.75)).toBe(-0.2876820724517809);
    expect(detLn(5e-324)).toBe(-744.4400719213812);
    expect(detExponential(2000, 0.5)).toBe(1386.2943611198905);
  });

  it('handles the edges: ln 1 = 0, ln 0 = -∞, negatives and NaN are NaN, ∞ is ∞', () => {
    expect(detLn(1)).toBe(0);
    expect(detLn(0)).toBe(-Infinity);
    expect(detLn(-1)).toBeNaN();
    expect(detLn(NaN)).toBeNaN();
    expect(detLn(Infinity)).toBe(Infinity);
    expect(detExponential(1000, 0)).toBe(-0);
  });
});

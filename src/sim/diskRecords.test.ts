import { describe, expect, it } from 'vitest';
import { DiskRecords } from './diskRecords';
import { Rng } from './rng';

describe('DiskRecords', () => {
  it('agrees with a map under log-like and random use (append, truncate, compact, gaps)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed, 'records');
      const r = new DiskRecords();
      const model = new Map<number, string>();
      let first = 1;
      let last = 0;
      for (let step = 0; step < 2000; step++) {
        const roll = rng.int(0, 100);
        if (roll < 60) {
          last++;
          r.set(last, `v${step}`);
          model.set(last, `v${step}`);
        } else if (roll < 70 && last >= first) {
          const to = rng.int(first - 1, last); // truncate the suffix after `to`
          for (let i = to + 1; i <= last; i++) (r.delete(i), model.delete(i));
          last = to;
        } else if (roll < 78 && last >= first) {
          const to = rng.int(first, last + 1); // compact the prefix up to `to`
          for (let i = first; i <= to; i++) (r.delete(i), model.delete(i));
          first = to + 1;
          if (last < to) last = to;
        } else {
          const n = rng.int(0, last + 50); // anywhere, even below the base
          if (rng.chance(0.5)) (r.set(n, `x${step}`), model.set(n, `x${step}`));
          else (r.delete(n), model.delete(n));
        }
        if (step % 97 === 0) {
          expect(r.numbers()).toEqual([...model.keys()].sort((a, b) => a - b));
          for (let n = 0; n <= last + 60; n++) expect(r.get(n)).toBe(model.get(n));
        }
      }
      expect(r.numbers()).toEqual([...model.keys()].sort((a, b) => a - b));
    }
  });

  it('frees the compacted front', () => {
    const r = new DiskRecords();
    for (let i = 1; i <= 1000; i++) r.set(i, i);
    for (let i = 1; i <= 990; i++) r.delete(i);
    expect(r.numbers()).toEqual([991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
    expect((r as unknown as { slots: unknown[] }).slots.length).toBeLessThan(40);
  });
});

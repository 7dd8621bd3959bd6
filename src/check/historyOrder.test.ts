import { describe, expect, it } from 'vitest';
import type { HistoryOp } from './history';
import { inInvokeOrder } from './historyOrder';

const op = (client: string, invokeMs: number, value: string): HistoryOp => ({
  client, op: 'put', key: 'x', value, expected: null, invokeMs, completeMs: null, ok: false, result: null,
});

/** What inInvokeOrder must equal: a stable sort of the concatenation. */
const reference = (lists: HistoryOp[][]) => lists.flat().sort((a, b) => a.invokeMs - b.invokeMs);

describe('inInvokeOrder', () => {
  it('merges ordered lists like a stable sort, ties in list order', () => {
    const lists = [
      [op('a', 1, 'a1'), op('a', 3, 'a3'), op('a', 3, 'a3b'), op('a', 7, 'a7')],
      [op('b', 0, 'b0'), op('b', 3, 'b3'), op('b', 9, 'b9')],
      [],
      [op('c', 3, 'c3'), op('c', 4, 'c4')],
      [op('d', 1, 'd1')],
    ];
    const got = inInvokeOrder(lists);
    expect(got.map((o) => o.value)).toEqual(reference(lists).map((o) => o.value));
    expect(got.map((o) => o.value)).toEqual(['b0', 'a1', 'd1', 'a3', 'a3b', 'b3', 'c3', 'c4', 'a7', 'b9']);
  });

  it('matches the stable sort on random ordered lists, and never returns an input list', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let round = 0; round < 50; round++) {
      const lists: HistoryOp[][] = [];
      for (let c = 0, k = 1 + rnd(23); c < k; c++) {
        const l: HistoryOp[] = [];
        let t = rnd(5);
        for (let i = 0, n = rnd(12); i < n; i++) l.push(op(`c${c}`, (t += rnd(3)), `c${c}-${i}`));
        lists.push(l);
      }
      const got = inInvokeOrder(lists);
      expect(got).toEqual(reference(lists));
      for (const l of lists) expect(got).not.toBe(l);
    }
  });

  it('matches the stable sort when times cluster in few buckets (insertion sort, then its budget)', () => {
    // One far outlier puts every other op in the first bucket; many interleaved lists then
    // make the insertion sort exceed its budget (the plain sort takes over): same order.
    for (const n of [3, 40, 400]) {
      const lists: HistoryOp[][] = [];
      for (let c = 0; c < 8; c++) lists.push(Array.from({ length: n }, (_, i) => op(`c${c}`, i + (c % 3) * 0.5, `c${c}-${i}`)));
      lists[0].push(op('c0', 1e9, 'far'));
      expect(inInvokeOrder(lists)).toEqual(reference(lists));
    }
  });

  it('falls back to sorting when a list is out of order', () => {
    const lists = [[op('a', 5, 'a5'), op('a', 2, 'a2')], [op('b', 3, 'b3')]];
    expect(inInvokeOrder(lists).map((o) => o.value)).toEqual(['a2', 'b3', 'a5']);
  });
});

import { describe, expect, it } from 'vitest';
import type { HistoryOp } from './history';
import { Interner, OpTable } from './linEncode';

const op = (o: Partial<HistoryOp> & Pick<HistoryOp, 'op' | 'invokeMs' | 'completeMs'>): HistoryOp =>
  ({ client: 'c', key: 'x', value: null, expected: null, ok: true, result: null, ...o });
const table = (ops: HistoryOp[]): OpTable => {
  const t = new OpTable(2); // small: pushes grow it (and the use bits) several times
  const values = new Interner();
  for (const h of ops) t.add(h, values);
  t.sort();
  return t;
};
/** The phantom scan without the use bits: what phantomRead must answer. */
const phantomByRows = (t: OpTable): number => {
  const written = new Set<number>();
  for (let i = 0; i < t.n; i++) if (t.kind[i] === 0 || t.kind[i] === 2) written.add(t.value[i]);
  for (let i = 0; i < t.n; i++) {
    if (t.unknown[i] === 1) continue;
    if (t.kind[i] === 1 && t.result[i] >= 0 && !written.has(t.result[i])) return i;
    if (t.kind[i] === 2 && t.expected[i] >= 0 && !written.has(t.expected[i])) return i;
  }
  return -1;
};

describe('OpTable: order-independent facts kept by push', () => {
  it('phantomRead finds the first completed read or cas of a value nothing writes', () => {
    const ops: HistoryOp[] = [];
    for (let i = 0; i < 40; i++) ops.push(op({ op: 'put', value: `v${i}`, invokeMs: 10 * i, completeMs: 10 * i + 5 }));
    expect(phantomByRows(table(ops))).toBe(-1);
    expect(table(ops).phantomRead()).toBe(-1);
    // An unknown cas expecting a ghost is no evidence; a completed get, and later a cas, are.
    ops.push(op({ op: 'cas', expected: 'ghost1', value: 'w', invokeMs: 401, completeMs: null }));
    expect(table(ops).phantomRead()).toBe(-1);
    ops.push(op({ op: 'cas', expected: 'ghost2', value: 'w2', invokeMs: 420, completeMs: 421, ok: true }));
    ops.push(op({ op: 'get', result: 'ghost3', invokeMs: 410, completeMs: 430 }));
    const t = table(ops);
    expect(t.phantomRead()).toBe(phantomByRows(t));
    expect(t.src[t.phantomRead()].result).toBe('ghost3');
  });

  it('pruneUselessUnknowns drops only unobserved unknown writes, and phantomRead agrees after it', () => {
    const ops = [
      op({ op: 'put', value: 'a', invokeMs: 0, completeMs: null }), // unobserved, but the failed cas may follow it: kept
      op({ op: 'put', value: 'b', invokeMs: 1, completeMs: null }), // observed by the get: kept
      op({ op: 'put', value: 'c', invokeMs: 2, completeMs: 3 }),
      op({ op: 'get', result: 'b', invokeMs: 4, completeMs: 5 }),
      op({ op: 'cas', expected: 'zz', value: 'd', invokeMs: 6, completeMs: 7, ok: false }), // a failed cas returning at 7
      op({ op: 'put', value: 'e', invokeMs: 6.5, completeMs: null }), // invoked before the failed cas returned: kept
      op({ op: 'put', value: 'f', invokeMs: 8, completeMs: null }), // after it, unobserved: dropped
      op({ op: 'get', result: 'ghost', invokeMs: 9, completeMs: 10 }),
    ];
    const t = table(ops);
    t.pruneUselessUnknowns();
    expect(t.src.map((h) => h.value ?? h.result)).toEqual(['a', 'b', 'c', 'b', 'd', 'e', 'ghost']);
    expect(t.phantomRead()).toBe(phantomByRows(t));
    expect(t.src[t.phantomRead()].result).toBe('ghost');
    // Pruning again drops nothing more.
    t.pruneUselessUnknowns();
    expect(t.n).toBe(7);
  });
});

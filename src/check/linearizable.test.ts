import { describe, expect, it } from 'vitest';
import type { HistoryOp } from './history';
import { checkLinearizable } from './linearizable';
import { simulateRegister } from './registerSim';

// Compact constructors: times in ms; complete null = outcome unknown.
const put = (client: string, key: string, value: string, invokeMs: number, completeMs: number | null, ok = true): HistoryOp =>
  ({ client, op: 'put', key, value, expected: null, invokeMs, completeMs, ok, result: null });
const del = (client: string, key: string, invokeMs: number, completeMs: number | null): HistoryOp =>
  ({ client, op: 'delete', key, value: null, expected: null, invokeMs, completeMs, ok: true, result: null });
const get = (client: string, key: string, result: string | null, invokeMs: number, completeMs: number | null, ok = true): HistoryOp =>
  ({ client, op: 'get', key, value: null, expected: null, invokeMs, completeMs, ok, result });
const cas = (client: string, key: string, expected: string | null, value: string, invokeMs: number, completeMs: number | null, ok: boolean): HistoryOp =>
  ({ client, op: 'cas', key, value, expected, invokeMs, completeMs, ok, result: null });

describe('checkLinearizable: accepted histories', () => {
  it('accepts an empty history', () => {
    expect(checkLinearizable([])).toEqual({ ok: true, detail: '0 keys, 0 ops: linearizable', keys: 0, ops: 0 });
  });

  it('accepts a sequential history with every op kind', () => {
    const h = [
      get('c1', 'x', null, 0, 1),
      put('c1', 'x', '1', 2, 3),
      cas('c2', 'x', '1', '2', 4, 5, true),
      cas('c2', 'x', '1', '3', 6, 7, false),
      get('c1', 'x', '2', 8, 9),
      del('c1', 'x', 10, 11),
      get('c2', 'x', null, 12, 13),
      cas('c2', 'x', null, '4', 14, 15, true),
      get('c1', 'x', '4', 16, 17),
    ];
    const r = checkLinearizable(h);
    expect(r).toEqual({ ok: true, detail: '1 key, 9 ops: linearizable', keys: 1, ops: 9 });
  });

  it('accepts reads ordered either way around a concurrent write', () => {
    const h = [put('c1', 'x', '1', 0, 10), get('c2', 'x', null, 1, 2), get('c2', 'x', '1', 3, 4)];
    expect(checkLinearizable(h).ok).toBe(true);
  });

  it('accepts an unknown-outcome put that took effect, and one that did not', () => {
    expect(checkLinearizable([put('c1', 'x', '1', 0, null), get('c2', 'x', '1', 5, 6)]).ok).toBe(true);
    expect(checkLinearizable([put('c1', 'x', '1', 0, null), get('c2', 'x', null, 5, 6)]).ok).toBe(true);
    expect(checkLinearizable([cas('c1', 'x', null, '1', 0, null, true), get('c2', 'x', '1', 5, 6)]).ok).toBe(true);
  });

  it('ignores definitely failed put/delete/get and unknown gets', () => {
    const h = [
      put('c1', 'x', '9', 0, 1, false),
      get('c2', 'x', 'garbage', 2, 3, false),
      get('c2', 'x', 'also-garbage', 2, null),
      get('c3', 'x', null, 4, 5),
    ];
    expect(checkLinearizable(h).ok).toBe(true);
  });

  it('accepts generated linearizable histories with unknown outcomes, over several seeds', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const h = simulateRegister({ seed, ops: 3000, keys: 4, clients: 20, timeoutRate: 0.01 });
      const unknown = h.filter((op) => op.completeMs === null).length;
      expect(unknown).toBeGreaterThan(5);
      const r = checkLinearizable(h);
      expect(r.detail).toBe('4 keys, 3000 ops: linearizable');
      expect(r.ok).toBe(true);
      expect(r.undecided).toBeUndefined();
    }
  });

  it('checks 20k ops over 5 keys from 16 clients (performance shape)', () => {
    const h = simulateRegister({ seed: 42, ops: 20_000, keys: 5, clients: 16, timeoutRate: 0.004 });
    expect(h.filter((op) => op.completeMs === null).length).toBeGreaterThan(20);
    const r = checkLinearizable(h);
    expect(r.ok).toBe(true);
    expect(r.undecided).toBeUndefined();
    expect(r.keys).toBe(5);
    expect(r.ops).toBe(20_000);
  });

  it('gives the same verdict whatever order the history comes in (nearly sorted or not)', () => {
    const h = simulateRegister({ seed: 5, ops: 2000, keys: 3, clients: 12, timeoutRate: 0.01 });
    const expected = checkLinearizable(h);
    // Ties on invoke time listed latest return first: add() swaps them back into order.
    const ties = h.map((op) => ({ ...op, invokeMs: Math.floor(op.invokeMs / 10) * 10 }));
    const tiesReversed = [...ties].sort((a, b) => a.invokeMs - b.invokeMs || (b.completeMs ?? Infinity) - (a.completeMs ?? Infinity));
    expect(checkLinearizable(tiesReversed)).toEqual(checkLinearizable(ties));
    // Far from sorted: the table gives up swapping and sorts at the end.
    expect(checkLinearizable([...h].reverse())).toEqual(expected);
  });

  it('reports undecided (ok, flagged) when the state budget runs out', () => {
    const h = simulateRegister({ seed: 9, ops: 400, keys: 1, clients: 8 });
    const r = checkLinearizable(h, { maxStates: 10 });
    expect(r.ok).toBe(true);
    expect(r.undecided).toBe(true);
    expect(r.detail).toContain('undecided');
  });
});

describe('checkLinearizable: planted bugs', () => {
  it('catches a stale read (get returns an old value after a later put completed)', () => {
    const p1 = put('c1', 'x', '1', 0, 1000);
    const p2 = put('c1', 'x', '2', 2000, 3000);
    const g = get('c2', 'x', '1', 12004, 12010);
    const r = checkLinearizable([p1, p2, g]);
    expect(r.ok).toBe(false);
    expect(r.failure?.key).toBe('x');
    // Starting from "some value" just before put 2, put 2 then get → 1 is already impossible.
    expect(r.failure?.window).toEqual([p2, g]);
    expect(r.detail).toBe(
      'key x: no order explains c2 get x → 1 [12.004s–12.010s] at 12.010s ' +
        '(window of 2 ops: c1 put x 2 [2.000s–3.000s]; c2 get x → 1 [12.004s–12.010s])',
    );
  });

  it('catches a lost write (acknowledged put never seen, later gets see the older value)', () => {
    const h = [
      put('c1', 'y', 'old', 0, 5),
      put('c2', 'y', 'new', 10, 15),
      get('c3', 'y', 'old', 20, 25),
      get('c1', 'y', 'old', 30, 35),
      put('c1', 'z', 'unrelated', 0, 40),
    ];
    const r = checkLinearizable(h);
    expect(r.ok).toBe(false);
    expect(r.keys).toBe(2);
    expect(r.failure?.key).toBe('y');
    expect(r.failure?.window).toEqual([h[1], h[2]]);
  });

  it('catches a cas that succeeded on the wrong expected value', () => {
    const h = [put('c1', 'x', '1', 0, 1), cas('c2', 'x', '2', '3', 2, 3, true), get('c1', 'x', '3', 4, 5)];
    const r = checkLinearizable(h);
    expect(r.ok).toBe(false);
    expect(r.failure?.window).toContain(h[1]);
    expect(r.failure?.window.length).toBeLessThanOrEqual(2);
  });

  it('catches a cas that failed although the expected value was current', () => {
    const h = [put('c1', 'x', '1', 0, 1), cas('c2', 'x', '1', '2', 2, 3, false)];
    const r = checkLinearizable(h);
    expect(r.ok).toBe(false);
    expect(r.failure?.window).toEqual(h);
  });

  it('catches duplicated application (an old put applied a second time)', () => {
    const h = [
      put('c1', 'x', '1', 0, 1),
      put('c1', 'x', '2', 2, 3),
      get('c2', 'x', '2', 4, 5),
      get('c2', 'x', '1', 6, 7),
    ];
    const r = checkLinearizable(h);
    expect(r.ok).toBe(false);
    expect(r.failure?.window).toEqual([h[2], h[3]]);
    expect(r.failure?.explanation).toContain('c2 get x → 1');
  });

  it('catches an unknown-outcome put that took effect and then vanished', () => {
    const h = [put('c1', 'x', '1', 0, null), get('c2', 'x', '1', 2, 3), get('c2', 'x', null, 4, 5)];
    const r = checkLinearizable(h);
    expect(r.ok).toBe(false);
    // The unknown put stays: its value is read, so dropping it would not be a sound shrink.
    expect(r.failure?.window).toEqual(h);
  });

  it('catches an unknown-outcome put read before it was invoked', () => {
    const h = [get('c2', 'x', '1', 2, 3), put('c1', 'x', '1', 10, null)];
    const r = checkLinearizable(h);
    expect(r.ok).toBe(false);
    expect(r.failure?.window).toEqual([h[0]]);
  });

  it('catches a read of a value never written', () => {
    const r = checkLinearizable([put('c1', 'x', '1', 0, 1), get('c2', 'x', 'zzz', 2, 3)]);
    expect(r.ok).toBe(false);
    expect(r.failure?.window.map((op) => op.result)).toEqual(['zzz']);
  });
});

describe('checkLinearizable: mutated generated histories', () => {
  /** A completed, successful get in the middle of the history (by invoke order). */
  function middleGet(h: HistoryOp[], from: number): number {
    for (let i = from; i < h.length; i++) if (h[i].op === 'get' && h[i].completeMs !== null && h[i].ok) return i;
    throw new Error('no get');
  }

  it('rejects one get mutated to an impossible value, with a small window holding it', () => {
    for (const seed of [11, 12, 13]) {
      const h = simulateRegister({ seed, ops: 4000, keys: 4, clients: 20, timeoutRate: 0.01 });
      const i = middleGet(h, 2000);
      h[i] = { ...h[i], result: 'never-written' };
      const r = checkLinearizable(h);
      expect(r.ok).toBe(false);
      expect(r.failure?.key).toBe(h[i].key);
      expect(r.failure?.window).toContain(h[i]);
      expect(r.failure?.window.length).toBeLessThanOrEqual(3);
    }
  });

  it('rejects one get mutated to a value overwritten before it began, with a small window', () => {
    for (const seed of [21, 22, 23]) {
      const h = simulateRegister({ seed, ops: 4000, keys: 4, clients: 20, timeoutRate: 0.01 });
      // A get g, a known put w2 on its key completed before g began, and an older known put w1
      // completed before w2 began: reading w1's (unique) value at g is a stale read.
      let found: { g: number; old: string } | null = null;
      for (let i = middleGet(h, 2000); found === null && i < h.length; i = middleGet(h, i + 1)) {
        const g = h[i];
        const puts = h.filter((op) => op.op === 'put' && op.key === g.key && op.ok && op.completeMs !== null);
        const w2 = puts.filter((op) => (op.completeMs as number) < g.invokeMs).pop();
        const w1 = w2 && puts.filter((op) => (op.completeMs as number) < w2.invokeMs).pop();
        if (w1 && w1.value !== g.result) found = { g: i, old: w1.value as string };
      }
      expect(found).not.toBeNull();
      const { g, old } = found as { g: number; old: string };
      h[g] = { ...h[g], result: old };
      const r = checkLinearizable(h);
      expect(r.ok).toBe(false);
      expect(r.failure?.window).toContain(h[g]);
      expect(r.failure?.window.length).toBeLessThanOrEqual(4);
      expect(r.detail).toMatch(/^key k\d: no order explains /);
    }
  });
});

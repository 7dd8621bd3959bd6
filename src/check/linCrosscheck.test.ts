import { describe, expect, it } from 'vitest';
import { Rng } from '../sim/rng';
import type { HistoryOp, OpKind } from './history';
import { checkLinearizable } from './linearizable';

/**
 * The definition, by brute force: some subset of the unknown-outcome ops takes effect, and
 * some order of the effective ops respects real time (a before b when a returned before b was
 * invoked) and the register semantics. Small histories only.
 */
function bruteForce(history: HistoryOp[], init: string | null = null): boolean {
  const ops = history.filter((h) => !(h.op === 'get' && h.completeMs === null) && !(h.completeMs !== null && !h.ok && h.op !== 'cas'));
  const unknown = ops.filter((h) => h.completeMs === null);
  const known = ops.filter((h) => h.completeMs !== null);
  for (let mask = 0; mask < 1 << unknown.length; mask++) {
    const chosen = known.concat(unknown.filter((_, i) => (mask >> i) & 1));
    if (someOrder(chosen, [], new Set(), init)) return true;
  }
  return false;
}

function someOrder(ops: HistoryOp[], order: HistoryOp[], used: Set<number>, state: string | null): boolean {
  if (order.length === ops.length) return true;
  for (let i = 0; i < ops.length; i++) {
    if (used.has(i)) continue;
    const op = ops[i];
    // Real time: nothing still unplaced returned before op was invoked.
    if (ops.some((o, j) => !used.has(j) && j !== i && o.completeMs !== null && o.completeMs < op.invokeMs)) continue;
    let next = state;
    if (op.op === 'put') next = op.value;
    else if (op.op === 'delete') next = null;
    else if (op.op === 'get') {
      if (op.result !== state) continue;
    } else if (op.completeMs !== null && !op.ok) {
      if (state === op.expected) continue;
    } else {
      if (state !== op.expected) continue;
      next = op.value;
    }
    used.add(i);
    order.push(op);
    const found = someOrder(ops, order, used, next);
    order.pop();
    used.delete(i);
    if (found) return true;
  }
  return false;
}

function randomHistory(rng: Rng, n: number): HistoryOp[] {
  const values = ['a', 'b', 'c'];
  const out: HistoryOp[] = [];
  for (let i = 0; i < n; i++) {
    const invokeMs = rng.int(0, 12);
    const completeMs = rng.chance(0.2) ? null : invokeMs + rng.int(1, 6);
    const roll = rng.float();
    const op: OpKind = roll < 0.35 ? 'get' : roll < 0.65 ? 'put' : roll < 0.75 ? 'delete' : 'cas';
    const pickOrNull = (): string | null => (rng.chance(0.25) ? null : rng.pick(values));
    out.push({
      client: `c${i}`,
      op,
      key: 'x',
      value: op === 'put' || op === 'cas' ? rng.pick(values) : null,
      expected: op === 'cas' ? pickOrNull() : null,
      invokeMs,
      completeMs,
      ok: op === 'cas' ? rng.chance(0.5) : !rng.chance(0.05),
      result: op === 'get' && completeMs !== null ? pickOrNull() : null,
    });
  }
  return out.sort((a, b) => a.invokeMs - b.invokeMs);
}

describe('checkLinearizable agrees with the brute-force definition', () => {
  it('on 3000 random small histories (both verdicts occur)', () => {
    const rng = new Rng(2024, 'check/crosscheck');
    let yes = 0;
    let no = 0;
    for (let t = 0; t < 3000; t++) {
      const h = randomHistory(rng, rng.int(2, 8));
      const expected = bruteForce(h);
      const got = checkLinearizable(h);
      if (got.ok !== expected) throw new Error(`disagree (brute force ${expected}): ${JSON.stringify(h)}`);
      expect(got.undecided).toBeUndefined();
      if (expected) yes++;
      else {
        no++;
        // The reported window is itself a witness: not linearizable on its own.
        const w = got.failure?.window ?? [];
        expect(w.length).toBeGreaterThan(0);
        expect(w.length).toBeLessThanOrEqual(h.length);
        expect(w.every((op) => h.includes(op))).toBe(true);
        if (bruteForce(w)) throw new Error(`window is linearizable: ${JSON.stringify(w)} of ${JSON.stringify(h)}`);
      }
    }
    expect(yes).toBeGreaterThan(300);
    expect(no).toBeGreaterThan(300);
  });
});

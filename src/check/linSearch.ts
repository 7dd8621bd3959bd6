/**
 * The core of the linearizability check for ONE key (P-compositionality, Herlihy & Wing:
 * a history is linearizable iff each object's sub-history is, so keys are checked apart).
 *
 * Wing & Gong's search with Lowe's memoisation, as in Porcupine: a depth-first search that
 * repeatedly picks the next op to linearize, keeping the set of linearized ops and the register
 * state; a (linearized set, state) pair seen before is a dead end and is pruned.
 *
 * Representation: ops sorted by invoke time; the linearized set is `{0..hi-1} \ holes`. Holes
 * stay small (ops concurrent with the frontier + pending unknown-outcome ops), so the memo key
 * is short even for 10k-op keys.
 *
 * "Just in time" (Lowe): an op may be linearized next only if it was invoked no later than the
 * earliest return among the ops not yet linearized; ops with an unknown outcome return at +∞
 * and never need to be linearized at all ("it never took effect").
 */
import type { HistoryOp } from './history';

/** Register states: value ids >= 0, NULL_VAL = key absent, ANY = unknown start (windows). */
export const NULL_VAL = -1;
export const ANY = -2;
const FAIL = -3;

export type OpClass = 'write' | 'read' | 'cas' | 'casFailed';

export interface KOp {
  kind: OpClass;
  call: number;
  /** +∞ when the outcome is unknown. */
  ret: number;
  unknown: boolean;
  /** write / cas: id of the value written (NULL_VAL for delete). */
  value: number;
  /** cas / casFailed: id of the expected value. */
  expected: number;
  /** read: id of the value read. */
  result: number;
  src: HistoryOp;
}

export class Interner {
  private readonly ids = new Map<string, number>();
  id(v: string | null): number {
    if (v === null) return NULL_VAL;
    let id = this.ids.get(v);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(v, id);
    }
    return id;
  }
}

/**
 * Turns one key's history records into search ops, dropping what carries no constraint:
 * a get with an unknown outcome, and a completed put/delete/get with ok false (it failed).
 */
export function encodeOps(history: HistoryOp[], values: Interner): KOp[] {
  const out: KOp[] = [];
  // Every op is built by the same literal, so all share one shape (this runs on every op of
  // every run: a spread per op cost more than the search itself).
  const make = (h: HistoryOp, kind: OpClass, value: number, expected: number, result: number): KOp => {
    const unknown = h.completeMs === null;
    return { kind, call: h.invokeMs, ret: unknown ? Infinity : (h.completeMs as number), unknown, value, expected, result, src: h };
  };
  for (const h of history) {
    const unknown = h.completeMs === null;
    if (!unknown && h.error !== undefined) continue; // surely never took effect
    if (h.op === 'get') {
      if (unknown || !h.ok) continue;
      out.push(make(h, 'read', NULL_VAL, NULL_VAL, values.id(h.result)));
    } else if (h.op === 'put' || h.op === 'delete') {
      if (!unknown && !h.ok) continue;
      out.push(make(h, 'write', h.op === 'put' ? values.id(h.value) : NULL_VAL, NULL_VAL, NULL_VAL));
    } else if (unknown || h.ok) {
      out.push(make(h, 'cas', values.id(h.value), values.id(h.expected), NULL_VAL));
    } else {
      // A completed cas that failed read a current value != expected: a read, not a write.
      out.push(make(h, 'casFailed', NULL_VAL, values.id(h.expected), NULL_VAL));
    }
  }
  sortOps(out);
  return out;
}

export function sortOps(ops: KOp[]): void {
  // Histories arrive nearly sorted by invoke time; skip the sort when they already are.
  let sorted = true;
  for (let i = 1; i < ops.length && sorted; i++) sorted = byCall(ops[i - 1], ops[i]) <= 0;
  if (!sorted) ops.sort(byCall);
}

function byCall(a: KOp, b: KOp): number {
  // Equal unknown returns (∞ - ∞ is NaN) compare as equal.
  return a.call - b.call || (a.ret === b.ret ? 0 : a.ret - b.ret);
}

/**
 * Drops unknown-outcome writes that can never help: one whose value no read or cas-expected
 * observes, when no failed cas could be linearized after it. Replacing "it took effect" with
 * "it never did" then keeps every op after it valid, so the search loses no linearization.
 */
export function pruneUselessUnknowns(ops: KOp[]): KOp[] {
  const observed = new Set<number>();
  let lastFailedCasRet = -Infinity;
  for (const op of ops) {
    if (op.kind === 'read') observed.add(op.result);
    if (op.kind === 'cas') observed.add(op.expected);
    if (op.kind === 'casFailed') lastFailedCasRet = Math.max(lastFailedCasRet, op.ret);
  }
  return ops.filter((op) => !op.unknown || observed.has(op.value) || lastFailedCasRet >= op.call);
}

/** The register model: next state, or FAIL. `possible` bounds what ANY may stand for. */
function step(op: KOp, state: number, possible: Set<number> | null): number {
  switch (op.kind) {
    case 'write':
      return op.value;
    case 'read':
      if (state === ANY) return possible === null || possible.has(op.result) ? op.result : FAIL;
      return state === op.result ? state : FAIL;
    case 'cas':
      if (state === ANY) return possible === null || possible.has(op.expected) ? op.value : FAIL;
      return state === op.expected ? op.value : FAIL;
    case 'casFailed':
      // From ANY, stay ANY: over-approximates "anything but expected" (sound for a witness).
      if (state === ANY) return ANY;
      return state !== op.expected ? state : FAIL;
  }
}

export interface SearchResult {
  outcome: 'ok' | 'fail' | 'undecided';
  states: number;
  /**
   * On 'fail': the op (index) that could not be placed. Every configuration explored had to
   * linearize it by its return, and none could: the history cut at its return is already not
   * linearizable, and no earlier cut fails (the search reached past every earlier return).
   */
  blocked: number;
  /** The latest deadline (earliest pending return) any explored configuration reached. */
  frontier: number;
}

interface Frame {
  cands: number[];
  pos: number;
  moved: number;
  prevHi: number;
  prevHoles: number[];
  prevState: number;
  prevMust: boolean;
  prevApplied: number[];
}

/** a ⊆ b, both sorted ascending. */
function isSubset(a: number[], b: number[]): boolean {
  if (a.length > b.length) return false;
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j] < x) j++;
    if (j === b.length || b[j] !== x) return false;
    j++;
  }
  return true;
}

function insertSorted(list: number[], x: number): number[] {
  const out = list.slice();
  let i = out.length;
  while (i > 0 && out[i - 1] > x) i--;
  out.splice(i, 0, x);
  return out;
}

const observes = (op: KOp): boolean => op.kind !== 'write';

/**
 * Is this one-key history linearizable from `init`? `ops` sorted by invoke time (sortOps).
 * Gives up with 'undecided' after `budget` distinct search states.
 *
 * Unknown-outcome ops are only linearized right before an op that observes the state (a read,
 * a cas): in any linearization, an unknown write followed by a blind write is overwritten and
 * may as well never have happened, and one followed by nothing changes nothing. So after an
 * unknown op the next move must observe (`must`), which keeps dozens of pending unknown ops
 * from multiplying the search space.
 */
export function searchKey(ops: KOp[], init: number, possible: Set<number> | null, budget: number): SearchResult {
  const n = ops.length;
  let knownTotal = 0;
  for (const op of ops) if (!op.unknown) knownTotal++;
  let hi = 0;
  let holes: number[] = [];
  let state = init;
  let must = false;
  let linKnown = 0;
  let states = 0;
  let frontier = -Infinity;
  let blocked = -1;
  // Unknown ops linearized so far (sorted). Two configurations that differ only there are
  // ordered by inclusion: the one that applied fewer can still do everything the other can
  // (unknown ops never expire), so the memo keeps, per (known set, state), the applied sets
  // explored, and prunes any superset of one of them.
  let applied: number[] = [];
  const lin = new Uint8Array(n);
  const memo = new Map<string, number[][]>();
  const stack: Frame[] = [];
  const result = (outcome: SearchResult['outcome']): SearchResult => ({ outcome, states, blocked, frontier });

  // Candidates for the next linearization point (just-in-time rule), best first.
  const candidates = (): number[] => {
    let minRet = Infinity;
    let minOp = -1;
    for (const h of holes) {
      if (ops[h].ret < minRet) (minRet = ops[h].ret), (minOp = h);
    }
    let end = hi;
    for (; end < n; end++) {
      const op = ops[end];
      if (op.call > minRet) break;
      if (op.ret < minRet) (minRet = op.ret), (minOp = end);
    }
    if (minRet > frontier) (frontier = minRet), (blocked = minOp);
    const all: number[] = [];
    for (const h of holes) if (ops[h].call <= minRet) all.push(h);
    for (let j = hi; j < end; j++) if (ops[j].call <= minRet) all.push(j);
    // A read that matches a concrete state may be linearized right now without loss of
    // generality: it changes nothing, and nothing pending had to precede it in real time.
    if (state !== ANY) {
      for (const c of all) {
        const op = ops[c];
        if ((op.kind === 'read' || op.kind === 'casFailed') && step(op, state, possible) !== FAIL) return [c];
      }
    }
    const cands: number[] = [];
    for (const c of all) {
      const op = ops[c];
      if (must && !observes(op)) continue;
      if (!op.unknown) {
        cands.push(c);
        continue;
      }
      // An unknown op is worth applying only if some other candidate observes its result.
      const next = step(op, state, possible);
      if (next === FAIL) continue;
      if (all.some((k) => k !== c && observes(ops[k]) && step(ops[k], next, possible) !== FAIL)) cands.push(c);
    }
    // Known ops by earliest return first (most urgent), unknown-outcome ops last.
    cands.sort((a, b) => ops[a].ret - ops[b].ret || a - b);
    return cands;
  };

  for (;;) {
    if (linKnown === knownTotal) return result('ok');
    if (++states > budget) return result('undecided');
    let cands = candidates();
    // Only a configuration with a choice is memoised: without one, a revisit walks the same
    // single path to the next choice, where the memo prunes it (sound: the memo only prunes).
    if (cands.length > 1) {
      let hiKnown = hi;
      while (hiKnown > 0 && (ops[hiKnown - 1].unknown || lin[hiKnown - 1] === 0)) hiKnown--;
      const knownHoles = holes.filter((h) => h < hiKnown && !ops[h].unknown);
      const key = `${hiKnown}|${state}|${must ? 1 : 0}|${knownHoles.join(',')}`;
      const seen = memo.get(key);
      if (seen === undefined) memo.set(key, [applied]);
      else if (seen.some((s) => isSubset(s, applied))) cands = [];
      else seen.push(applied);
    }
    stack.push({ cands, pos: 0, moved: -1, prevHi: hi, prevHoles: holes, prevState: state, prevMust: must, prevApplied: applied });
    // Take the next viable move from the top frame, backtracking as frames run out.
    for (;;) {
      const f = stack[stack.length - 1];
      if (f === undefined) return result('fail');
      if (f.moved >= 0) {
        if (!ops[f.moved].unknown) linKnown--;
        lin[f.moved] = 0;
        applied = f.prevApplied;
        hi = f.prevHi;
        holes = f.prevHoles;
        state = f.prevState;
        must = f.prevMust;
        f.moved = -1;
      }
      let moved = false;
      while (f.pos < f.cands.length) {
        const j = f.cands[f.pos++];
        const next = step(ops[j], state, possible);
        if (next === FAIL) continue;
        f.moved = j;
        lin[j] = 1;
        if (!ops[j].unknown) linKnown++;
        else applied = insertSorted(applied, j);
        if (j < hi) {
          holes = holes.filter((h) => h !== j);
        } else {
          const grown = holes.slice();
          for (let k = hi; k < j; k++) grown.push(k);
          holes = grown;
          hi = j + 1;
        }
        state = next;
        must = ops[j].unknown;
        moved = true;
        break;
      }
      if (moved) break;
      stack.pop();
    }
  }
}

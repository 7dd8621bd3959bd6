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
import { ANY, CAS, CAS_FAILED, type OpTable, READ, WRITE } from './linEncode';

const FAIL = -3;

/** The register model: op i's next state, or FAIL. `possible` bounds what ANY may stand for. */
function step(t: OpTable, i: number, state: number, possible: Set<number> | null): number {
  switch (t.kind[i]) {
    case WRITE:
      return t.value[i];
    case READ: {
      const r = t.result[i];
      if (state === ANY) return possible === null || possible.has(r) ? r : FAIL;
      return state === r ? state : FAIL;
    }
    case CAS: {
      const e = t.expected[i];
      if (state === ANY) return possible === null || possible.has(e) ? t.value[i] : FAIL;
      return state === e ? t.value[i] : FAIL;
    }
    default: // CAS_FAILED
      // From ANY, stay ANY: over-approximates "anything but expected" (sound for a witness).
      if (state === ANY) return ANY;
      return state !== t.expected[i] ? state : FAIL;
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

/**
 * A choice point: a configuration with more than one candidate. Moves without a choice leave
 * no frame, only their op on the trail: backtracking past them just undoes them, so a frame
 * keeps the trail length and the state to return to.
 */
interface Frame {
  cands: number[];
  pos: number;
  trailLen: number;
  prevHi: number;
  prevHoles: number[];
  prevState: number;
  prevMust: boolean;
  prevApplied: number[];
  prevLinKnown: number;
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

function without(list: number[], x: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) if (list[i] !== x) out.push(list[i]);
  return out;
}

/** Does some memoised applied set of this configuration lie inside `applied`? */
function coveredBy(seen: number[][], applied: number[]): boolean {
  for (let i = 0; i < seen.length; i++) if (isSubset(seen[i], applied)) return true;
  return false;
}

/** The memo key of a configuration: the known ops linearized (as hi + holes), state, must. */
function memoKey(unknown: Uint8Array, lin: Uint8Array, hi: number, holes: number[], state: number, must: boolean): string {
  let hiKnown = hi;
  while (hiKnown > 0 && (unknown[hiKnown - 1] === 1 || lin[hiKnown - 1] === 0)) hiKnown--;
  const knownHoles: number[] = [];
  for (let i = 0; i < holes.length; i++) if (holes[i] < hiKnown && unknown[holes[i]] === 0) knownHoles.push(holes[i]);
  return `${hiKnown}|${state}|${must ? 1 : 0}|${knownHoles.join(',')}`;
}

/**
 * Sorts buf[0..n) best first: known ops by earliest return (most urgent), unknown-outcome ops
 * (return +∞) last, ties by index. A total order, so any sort gives this one; n is tiny.
 */
function sortCandidates(retOf: Float64Array, buf: Int32Array, n: number): number[] {
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    const ret = retOf[c];
    let k = i;
    for (; k > 0; k--) {
      const o = out[k - 1];
      const d = retOf[o] - ret;
      if (d < 0 || (!(d > 0) && o < c)) break; // ∞ - ∞ is NaN: equal returns, by index
      out[k] = o;
    }
    out[k] = c;
  }
  return out;
}

function searchResult(outcome: SearchResult['outcome'], states: number, blocked: number, frontier: number): SearchResult {
  return { outcome, states, blocked, frontier };
}

/**
 * Is this one-key history linearizable from `init`? `t` sorted by invoke time (OpTable.sort).
 * Gives up with 'undecided' after `budget` distinct search states.
 *
 * Unknown-outcome ops are only linearized right before an op that observes the state (a read,
 * a cas): in any linearization, an unknown write followed by a blind write is overwritten and
 * may as well never have happened, and one followed by nothing changes nothing. So after an
 * unknown op the next move must observe (`must`), which keeps dozens of pending unknown ops
 * from multiplying the search space.
 *
 * Cost: this runs once per key per run, cold, and on a real run almost every configuration
 * has a single candidate (often a read that matches the state). So it is one loop without
 * closures (their captured variables would live in a heap context) over the table's columns,
 * candidates go to a scratch buffer, and only choice points allocate a frame (see Frame).
 */
export function searchKey(t: OpTable, init: number, possible: Set<number> | null, budget: number): SearchResult {
  const n = t.n;
  const { kind, unknown, call, ret, result, expected } = t;
  let knownTotal = 0;
  for (let i = 0; i < n; i++) if (unknown[i] === 0) knownTotal++;
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
  // Ops linearized on the current path, in order (each at most once).
  const trail = new Int32Array(n);
  let trailLen = 0;
  // Scratch: the ops that may go next, then the candidates among them.
  const pending = new Int32Array(n);
  const buf = new Int32Array(n);
  const memo = new Map<string, number[][]>();
  const stack: Frame[] = [];

  for (;;) {
    if (linKnown === knownTotal) return searchResult('ok', states, blocked, frontier);
    if (++states > budget) return searchResult('undecided', states, blocked, frontier);

    // Candidates for the next linearization point (just-in-time rule): ops invoked no later
    // than the earliest return among the ops not yet linearized.
    let minRet = Infinity;
    let minOp = -1;
    for (let i = 0; i < holes.length; i++) {
      const h = holes[i];
      if (ret[h] < minRet) (minRet = ret[h]), (minOp = h);
    }
    let end = hi;
    for (; end < n; end++) {
      if (call[end] > minRet) break;
      if (ret[end] < minRet) (minRet = ret[end]), (minOp = end);
    }
    if (minRet > frontier) (frontier = minRet), (blocked = minOp);
    let np = 0;
    for (let i = 0; i < holes.length; i++) if (call[holes[i]] <= minRet) pending[np++] = holes[i];
    for (let j = hi; j < end; j++) if (call[j] <= minRet) pending[np++] = j;
    // The move: op j, to state next.
    let j = -1;
    let next = FAIL;
    // A read that matches a concrete state may be linearized right now without loss of
    // generality: it changes nothing, and nothing pending had to precede it in real time.
    // (Its step, inlined: a read must see the state, a failed cas must not.)
    if (state !== ANY) {
      for (let i = 0; i < np; i++) {
        const c = pending[i];
        if ((kind[c] === READ && result[c] === state) || (kind[c] === CAS_FAILED && expected[c] !== state)) {
          j = c;
          next = state;
          break;
        }
      }
    }
    if (j < 0) {
      // Otherwise the candidates, into buf.
      let nc = 0;
      for (let i = 0; i < np; i++) {
        const c = pending[i];
        // After an unknown op, only an op that observes the state (not a write) may follow.
        if (must && kind[c] === WRITE) continue;
        if (unknown[c] === 0) {
          buf[nc++] = c;
          continue;
        }
        // An unknown op is worth applying only if some other candidate observes its result.
        const after = step(t, c, state, possible);
        if (after === FAIL) continue;
        for (let q = 0; q < np; q++) {
          const k = pending[q];
          if (k !== c && kind[k] !== WRITE && step(t, k, after, possible) !== FAIL) {
            buf[nc++] = c;
            break;
          }
        }
      }
      // The single candidate, or else the first viable one of a choice point (below).
      if (nc === 1) {
        next = step(t, buf[0], state, possible);
        if (next !== FAIL) j = buf[0];
      } else if (nc > 1) {
        // Only a configuration with a choice is memoised: without one, a revisit walks the same
        // single path to the next choice, where the memo prunes it (sound: the memo only prunes).
        const key = memoKey(unknown, lin, hi, holes, state, must);
        const seen = memo.get(key);
        let pruned = false;
        if (seen === undefined) memo.set(key, [applied]);
        else if (coveredBy(seen, applied)) pruned = true;
        else seen.push(applied);
        if (!pruned) {
          const cands = sortCandidates(ret, buf, nc);
          stack.push({ cands, pos: 0, trailLen, prevHi: hi, prevHoles: holes, prevState: state, prevMust: must, prevApplied: applied, prevLinKnown: linKnown });
        }
      }
    }
    // No move yet: take the next viable one from the top choice point, backtracking as they run out.
    while (j < 0) {
      const f = stack[stack.length - 1];
      if (f === undefined) return searchResult('fail', states, blocked, frontier);
      while (trailLen > f.trailLen) lin[trail[--trailLen]] = 0;
      linKnown = f.prevLinKnown;
      applied = f.prevApplied;
      hi = f.prevHi;
      holes = f.prevHoles;
      state = f.prevState;
      must = f.prevMust;
      while (f.pos < f.cands.length) {
        const c = f.cands[f.pos++];
        next = step(t, c, state, possible);
        if (next !== FAIL) {
          j = c;
          break;
        }
      }
      if (j < 0) stack.pop();
    }

    // Linearize op j.
    lin[j] = 1;
    trail[trailLen++] = j;
    if (unknown[j] === 0) linKnown++;
    else applied = insertSorted(applied, j);
    if (j < hi) {
      holes = without(holes, j);
    } else {
      // Arrays of holes are never changed in place (frames keep them), so j === hi keeps it.
      if (j > hi) {
        const grown = holes.slice();
        for (let k = hi; k < j; k++) grown.push(k);
        holes = grown;
      }
      hi = j + 1;
    }
    state = next;
    must = unknown[j] === 1;
  }
}

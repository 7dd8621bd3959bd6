/**
 * The search's view of one key's history (linSearch.ts): each client op becomes a row with
 * interned values (small integers) and its real-time interval, sorted by invoke time, minus the
 * ops that carry no constraint.
 *
 * Rows live in columns (OpTable: one typed array per field) rather than one object per op: the
 * check runs once per run over every op, cold, and columns cost no allocation per op. The
 * window shrinker (linShrink.ts) works on rows as KOp objects, the same values.
 */
import type { HistoryOp } from './history';

/** Register states: value ids >= 0, NULL_VAL = key absent, ANY = unknown start (windows). */
export const NULL_VAL = -1;
export const ANY = -2;

export type OpClass = 'write' | 'read' | 'cas' | 'casFailed';

/** OpClass as stored in OpTable.kind. */
export const WRITE = 0;
export const READ = 1;
export const CAS = 2;
export const CAS_FAILED = 3;
const CLASSES: readonly OpClass[] = ['write', 'read', 'cas', 'casFailed'];
const CODES: Record<OpClass, number> = { write: WRITE, read: READ, cas: CAS, casFailed: CAS_FAILED };

// How rows use a value (OpTable.use bits):
/** A read reads it or a cas expects it (whatever the outcome). */
const OBSERVED = 1;
/** A write or cas writes it (whatever the outcome). */
const WRITTEN = 2;
/** A completed read reads it or a completed cas expects it: it must have been written. */
const CHECKED = 4;

/** One row as an object. */
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
  /** Ids handed out so far: every id is below this. */
  get size(): number {
    return this.ids.size;
  }
}

/**
 * One key's ops, a column per KOp field (kind as a code, unknown as 0/1), in typed arrays:
 * unboxed, of one element type each, so the search's loops stay monomorphic.
 */
export class OpTable {
  n = 0;
  kind: Uint8Array;
  unknown: Uint8Array;
  call: Float64Array;
  ret: Float64Array;
  value: Int32Array;
  expected: Int32Array;
  result: Int32Array;
  src: HistoryOp[] = [];
  /**
   * Facts about the rows that do not depend on their order, kept by push so that the passes
   * before the search (pruneUselessUnknowns, phantomRead) need not read every row again:
   * per value id + 1 (slot 0 stands for NULL_VAL) the USE bits of the rows, the unknown
   * rows, the latest return of a failed cas.
   */
  private use = new Uint8Array(64);
  private unknowns = 0;
  private lastFailedCasRet = -Infinity;
  /**
   * Rows added so far are sorted (see add). Histories arrive sorted by invoke time, so add
   * only swaps the odd op back past ops invoked at the same time that return later.
   */
  private inOrder = true;
  private swaps = 0;

  constructor(capacity = 64) {
    this.kind = new Uint8Array(capacity);
    this.unknown = new Uint8Array(capacity);
    this.call = new Float64Array(capacity);
    this.ret = new Float64Array(capacity);
    this.value = new Int32Array(capacity);
    this.expected = new Int32Array(capacity);
    this.result = new Int32Array(capacity);
  }

  /** A table of `ops`, in their order (sorted: see sortOps). */
  static fromOps(ops: readonly KOp[]): OpTable {
    const t = new OpTable(Math.max(1, ops.length));
    for (const op of ops) t.push(CODES[op.kind], op.unknown, op.call, op.ret, op.value, op.expected, op.result, op.src);
    return t;
  }

  /**
   * Adds a history record, unless it carries no constraint: a get with an unknown outcome, a
   * completed put/delete/get with ok false (it failed), a completed op with an error. Keeps
   * the rows sorted as a stable sort would (insertion), until the input turns out not to be
   * nearly sorted; sort() then sorts what is left.
   */
  add(h: HistoryOp, values: Interner): void {
    if (!this.addRow(h, values) || !this.inOrder) return;
    const last = this.n - 1;
    // Already in order (the usual case): invoked later, or at the same time and returns no earlier.
    if (last === 0 || this.call[last - 1] < this.call[last] || (this.call[last - 1] === this.call[last] && !(this.ret[last - 1] > this.ret[last]))) return;
    for (let i = last; i > 0 && this.byCall(i - 1, i) > 0; i--) {
      this.swap(i - 1, i);
      if (++this.swaps > 4 * this.n + 1024) {
        this.inOrder = false;
        return;
      }
    }
  }

  private addRow(h: HistoryOp, values: Interner): boolean {
    const complete = h.completeMs;
    const unknown = complete === null;
    if (!unknown && h.error !== undefined) return false; // surely never took effect
    const op = h.op;
    const ret = unknown ? Infinity : complete;
    if (op === 'get') {
      if (unknown || !h.ok) return false;
      this.push(READ, false, h.invokeMs, ret, NULL_VAL, NULL_VAL, values.id(h.result), h);
    } else if (op === 'put' || op === 'delete') {
      if (!unknown && !h.ok) return false;
      this.push(WRITE, unknown, h.invokeMs, ret, op === 'put' ? values.id(h.value) : NULL_VAL, NULL_VAL, NULL_VAL, h);
    } else if (unknown || h.ok) {
      const value = values.id(h.value);
      this.push(CAS, unknown, h.invokeMs, ret, value, values.id(h.expected), NULL_VAL, h);
    } else {
      // A completed cas that failed read a current value != expected: a read, not a write.
      this.push(CAS_FAILED, false, h.invokeMs, ret, NULL_VAL, values.id(h.expected), NULL_VAL, h);
    }
    return true;
  }

  push(kind: number, unknown: boolean, call: number, ret: number, value: number, expected: number, result: number, src: HistoryOp): void {
    const i = this.n;
    if (i === this.kind.length) this.resize(4 * i);
    if (unknown) this.unknowns++;
    if (kind === READ) this.markUse(result, unknown ? OBSERVED : OBSERVED | CHECKED);
    else if (kind === WRITE) this.markUse(value, WRITTEN);
    else if (kind === CAS) {
      this.markUse(expected, unknown ? OBSERVED : OBSERVED | CHECKED);
      this.markUse(value, WRITTEN);
    } else if (ret > this.lastFailedCasRet) this.lastFailedCasRet = ret;
    this.kind[i] = kind;
    this.unknown[i] = unknown ? 1 : 0;
    this.call[i] = call;
    this.ret[i] = ret;
    this.value[i] = value;
    this.expected[i] = expected;
    this.result[i] = result;
    this.src.push(src);
    this.n = i + 1;
  }

  private markUse(id: number, bits: number): void {
    if (id < NULL_VAL) return; // ANY: no value
    if (id + 1 >= this.use.length) {
      const grown = new Uint8Array(Math.max(2 * this.use.length, id + 2));
      grown.set(this.use);
      this.use = grown;
    }
    this.use[id + 1] |= bits;
  }

  /** Rows the columns can hold before they grow. */
  get capacity(): number {
    return this.kind.length;
  }

  /** Grows the columns to hold `capacity` rows (no-op if they do): fewer, bigger steps than push's. */
  reserve(capacity: number): void {
    if (capacity > this.kind.length) this.resize(capacity);
  }

  row(i: number): KOp {
    const unknown = this.unknown[i] === 1;
    return { kind: CLASSES[this.kind[i]], call: this.call[i], ret: this.ret[i], unknown, value: this.value[i], expected: this.expected[i], result: this.result[i], src: this.src[i] };
  }

  rows(): KOp[] {
    const out: KOp[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.row(i));
    return out;
  }

  /** Sorts rows by invoke time, then return (stable); rows add() kept in order stay put. */
  sort(): void {
    if (this.inOrder) return;
    let sorted = true;
    for (let i = 1; i < this.n && sorted; i++) sorted = this.byCall(i - 1, i) <= 0;
    if (sorted) return;
    const order = Array.from({ length: this.n }, (_, i) => i).sort((a, b) => this.byCall(a, b));
    this.keep(order);
    this.inOrder = true;
  }

  /**
   * Drops unknown-outcome writes that can never help: one whose value no read or cas-expected
   * observes, when no failed cas could be linearized after it. Replacing "it took effect" with
   * "it never did" then keeps every op after it valid, so the search loses no linearization.
   * (A read of an absent key observes NULL_VAL: use slot 0.)
   */
  pruneUselessUnknowns(): void {
    if (this.unknowns === 0) return;
    const { use, lastFailedCasRet } = this;
    // Compacts in place: row i moves down to w, past the rows dropped before it.
    let w = 0;
    let unknowns = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.unknown[i] === 1 && (use[this.value[i] + 1] & OBSERVED) === 0 && lastFailedCasRet < this.call[i]) continue;
      if (w < i) this.copyRow(i, w);
      unknowns += this.unknown[i];
      w++;
    }
    this.n = w;
    this.src.length = w;
    // The use bits stay: a dropped row only wrote a value nothing observes (see phantomRead).
    this.unknowns = unknowns;
  }

  /**
   * The first completed row (in table order) that reads, or expects in a successful cas, a
   * value no write or cas row writes; -1 if none. The use bits answer "none" (the usual case)
   * without reading the rows. (A value written only by rows pruneUselessUnknowns dropped is
   * still marked written, but such a value is observed by no row, so it is never asked about.)
   */
  phantomRead(): number {
    const use = this.use;
    let any = false;
    for (let v = 1; v < use.length && !any; v++) any = (use[v] & (CHECKED | WRITTEN)) === CHECKED;
    if (!any) return -1;
    const { kind, unknown, result, expected } = this;
    for (let i = 0; i < this.n; i++) {
      if (unknown[i] === 1) continue;
      if (kind[i] === READ && result[i] !== NULL_VAL && (use[result[i] + 1] & WRITTEN) === 0) return i;
      if (kind[i] === CAS && expected[i] !== NULL_VAL && (use[expected[i] + 1] & WRITTEN) === 0) return i;
    }
    return -1;
  }

  /** Keeps the rows `order` lists, in that order. */
  private keep(order: readonly number[]): void {
    const t = new OpTable(Math.max(1, order.length));
    for (const i of order) t.push(this.kind[i], this.unknown[i] === 1, this.call[i], this.ret[i], this.value[i], this.expected[i], this.result[i], this.src[i]);
    this.n = t.n;
    this.kind = t.kind;
    this.unknown = t.unknown;
    this.call = t.call;
    this.ret = t.ret;
    this.value = t.value;
    this.expected = t.expected;
    this.result = t.result;
    this.src = t.src;
  }

  private copyRow(from: number, to: number): void {
    this.kind[to] = this.kind[from];
    this.unknown[to] = this.unknown[from];
    this.call[to] = this.call[from];
    this.ret[to] = this.ret[from];
    this.value[to] = this.value[from];
    this.expected[to] = this.expected[from];
    this.result[to] = this.result[from];
    this.src[to] = this.src[from];
  }

  private swap(a: number, b: number): void {
    const swapIn = (col: Uint8Array | Int32Array | Float64Array): void => {
      const x = col[a];
      col[a] = col[b];
      col[b] = x;
    };
    swapIn(this.kind);
    swapIn(this.unknown);
    swapIn(this.call);
    swapIn(this.ret);
    swapIn(this.value);
    swapIn(this.expected);
    swapIn(this.result);
    const s = this.src[a];
    this.src[a] = this.src[b];
    this.src[b] = s;
  }

  private byCall(a: number, b: number): number {
    // Equal unknown returns (∞ - ∞ is NaN) compare as equal.
    const ra = this.ret[a];
    const rb = this.ret[b];
    return this.call[a] - this.call[b] || (ra === rb ? 0 : ra - rb);
  }

  /** Grows every column to `capacity` rows (a few times per key: see push). */
  private resize(capacity: number): void {
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.kind = grow(this.kind, new Uint8Array(capacity));
    this.unknown = grow(this.unknown, new Uint8Array(capacity));
    this.call = grow(this.call, new Float64Array(capacity));
    this.ret = grow(this.ret, new Float64Array(capacity));
    this.value = grow(this.value, new Int32Array(capacity));
    this.expected = grow(this.expected, new Int32Array(capacity));
    this.result = grow(this.result, new Int32Array(capacity));
  }
}

/** Sorts KOps by invoke time, then return (the order OpTable.sort gives). */
export function sortOps(ops: KOp[]): void {
  let sorted = true;
  for (let i = 1; i < ops.length && sorted; i++) sorted = byCall(ops[i - 1], ops[i]) <= 0;
  if (!sorted) ops.sort(byCall);
}

function byCall(a: KOp, b: KOp): number {
  // Equal unknown returns (∞ - ∞ is NaN) compare as equal.
  return a.call - b.call || (a.ret === b.ret ? 0 : a.ret - b.ret);
}

/**
 * Shrinks a failing key's history to a small window of ops that still cannot be ordered.
 *
 * Every shrinking move is a *sound relaxation*: if the shrunk window were linearizable, so would
 * be the history it came from. So the window is a real witness, not just a hint:
 *
 * 1. Future cut at t1: drop ops invoked after t1; ops still running at t1 become unknown-outcome
 *    (a pending get is dropped). A linearization of the whole history, cut at t1, explains it.
 * 2. Past cut at m, where no known write is in flight (c < m <= r): drop every known op invoked
 *    before m and start from an unknown state (ANY, restricted to null or a value the key ever
 *    had written). Every dropped write precedes all kept known ops in real time; an unknown op
 *    linearized before the last dropped write was overwritten, so it may be taken as "never".
 * 3. Drop a read (get, failed cas) at any time: reads never constrain other ops.
 * 4. Drop a write (put, delete, cas, known or not) whose value no remaining read or cas observes,
 *    when no failed cas remains: in any linearization, the ops after it up to the next write
 *    do not look at its value, so the state before it serves as well.
 *
 * The future cut comes free from the full search (its `blocked` op: see searchKey). The past
 * cut is monotone (a later cut fails only if every earlier one does), so it is found by an
 * outward then bisecting search; the drops are a bounded delta-debugging pass (chunks, then
 * single ops, the culprit always kept).
 */
import { ANY, type KOp, NULL_VAL, OpTable, sortOps } from './linEncode';
import { searchKey } from './linSearch';

export interface ShrinkOptions {
  /** Distinct search states allowed per test while cutting (windows may still be large). */
  cutBudget: number;
  /** Distinct search states allowed per delta-debugging test (windows are small by then). */
  testBudget: number;
  /** Window tests allowed in all (bounds the delta-debugging). */
  maxTests: number;
}

export interface Window {
  ops: KOp[];
  /** The op whose completion makes the window fail (the one "that could not be placed"). */
  culprit: KOp;
}

interface Ctx {
  possible: Set<number>;
  opts: ShrinkOptions;
  tests: number;
}

/** Non-linearizable for sure (an undecided test counts as "might be fine"). */
function fails(ops: KOp[], init: number, ctx: Ctx, budget = ctx.opts.testBudget): boolean {
  ctx.tests++;
  return searchKey(OpTable.fromOps(ops), init, ctx.possible, budget).outcome === 'fail';
}

function asUnknown(op: KOp): KOp {
  return { ...op, unknown: true, ret: Infinity };
}

/** Move 1: the history as seen at time t1. */
function cutFuture(ops: KOp[], t1: number): KOp[] {
  const out: KOp[] = [];
  for (const op of ops) {
    if (op.call > t1) continue;
    if (op.ret <= t1) out.push(op);
    else if (op.kind === 'write' || op.kind === 'cas') out.push(op.unknown ? op : asUnknown(op));
  }
  sortOps(out);
  return out;
}

/** Move 2: forget known ops invoked before m (m must have no known write in flight). */
function cutPast(ops: KOp[], m: number): KOp[] {
  return ops.filter((op) => op.unknown || op.call >= m);
}

/**
 * Past-cut points: invoke times m of known ops, at or before `limit`, with no known write in
 * flight (c < m <= r). One sweep over the ops in invoke order. Latest first.
 */
function quiescentCuts(ops: KOp[], limit: number): number[] {
  const cuts: number[] = [];
  let maxWriteRet = -Infinity; // over known writes invoked strictly before the current time
  let i = 0;
  while (i < ops.length && ops[i].call <= limit) {
    const m = ops[i].call;
    if (maxWriteRet < m && !ops[i].unknown) cuts.push(m);
    for (; i < ops.length && ops[i].call === m; i++) {
      const op = ops[i];
      if (!op.unknown && (op.kind === 'write' || op.kind === 'cas')) maxWriteRet = Math.max(maxWriteRet, op.ret);
    }
  }
  return cuts.reverse();
}

/** Largest index i in [0, n) with pred(i) true, given pred monotone true..true false..false. */
function lastTrue(n: number, pred: (i: number) => boolean): number {
  let lo = -1;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Moves 3 and 4: may these ops leave the window together? */
function droppable(keep: KOp[], drop: KOp[]): boolean {
  const dropsWrite = drop.some((op) => op.kind === 'write' || op.kind === 'cas');
  if (!dropsWrite) return true;
  const observed = new Set<number>();
  for (const op of keep) {
    if (op.kind === 'casFailed') return false;
    if (op.kind === 'read') observed.add(op.result);
    if (op.kind === 'cas') observed.add(op.expected);
  }
  return drop.every((op) => (op.kind !== 'write' && op.kind !== 'cas') || !observed.has(op.value));
}

function deltaDebug(window: KOp[], init: number, culprit: KOp, ctx: Ctx): KOp[] {
  let cur = window;
  let chunk = Math.max(1, cur.length >> 1);
  for (;;) {
    let changed = false;
    // Try later chunks first: the culprit usually sits at the end, its causes just before.
    for (let start = Math.max(0, cur.length - chunk); start >= 0 && cur.length > 1; ) {
      if (ctx.tests >= ctx.opts.maxTests) return cur;
      const end = Math.min(cur.length, start + chunk);
      const drop = cur.slice(start, end);
      const keep = cur.slice(0, start).concat(cur.slice(end));
      if (!drop.includes(culprit) && droppable(keep, drop) && fails(keep, init, ctx)) {
        cur = keep;
        changed = true;
      }
      if (start === 0) break;
      start = Math.max(0, start - chunk);
    }
    if (chunk === 1 && !changed) return cur;
    if (!changed) chunk = Math.max(1, chunk >> 1);
  }
}

/**
 * A small failing window of `ops` (a key's failing history, sorted by invoke time), given the
 * op the full search could not place (SearchResult.blocked): the history cut at its return is
 * known not to be linearizable. `written` lists every value the key ever had written (what an
 * unknown start may hold).
 */
export function shrinkWindow(ops: KOp[], init: number, written: Set<number>, culprit: KOp, opts: ShrinkOptions): Window {
  const possible = new Set(written);
  possible.add(NULL_VAL);
  const ctx: Ctx = { possible, opts, tests: 0 };

  // 1. The future cut at the culprit's return fails (see searchKey); nothing later matters.
  const base = cutFuture(ops, culprit.ret);
  let window = base;

  // 2. Latest past cut that still fails (an unknown start, so the cut's state is forgotten).
  //    Monotone, so search outwards from the culprit (small windows are cheap to test), then
  //    bisect between the last passing and the first failing cut.
  const cuts = quiescentCuts(base, culprit.call);
  const failsAt = (i: number): boolean => fails(cutPast(base, cuts[i]), ANY, ctx, opts.cutBudget);
  let good = -1; // latest-first index of a failing cut
  let pass = -1; // an index known to pass (a later cut than `good`)
  for (let step = 1, i = 0; i < cuts.length; i = Math.min(cuts.length - 1, i + step), step *= 2) {
    if (failsAt(i)) {
      good = i;
      break;
    }
    pass = i;
    if (i === cuts.length - 1) break;
  }
  if (good >= 0) {
    // Between pass (passes) and good (fails): the first failing index.
    good = pass + 1 + lastTrue(good - pass - 1, (k) => !failsAt(pass + 1 + k)) + 1;
    window = cutPast(base, cuts[good]);
  }
  const cutInit = good >= 0 ? ANY : init;

  // 3 + 4. Delta-debug the remaining ops with the sound drops.
  window = deltaDebug(window, cutInit, culprit, ctx);
  return { ops: window, culprit };
}

/**
 * Linearizability of a register history (Herlihy & Wing 1990), checked per key
 * (P-compositionality) by the memoised Wing–Gong / Lowe search in linSearch.ts.
 * On failure, linShrink.ts cuts the failing key's history down to a small window of ops that
 * provably cannot be ordered, and names the op that could not be placed.
 */
import { describeOp, formatMs, isLeaseOp, type HistoryOp } from './history';
import { encodeOps, Interner, type KOp, NULL_VAL, pruneUselessUnknowns, searchKey } from './linSearch';
import { shrinkWindow } from './linShrink';

export interface LinearizabilityFailure {
  key: string;
  /** The smallest window of ops found that cannot be ordered (in invoke order). */
  window: HistoryOp[];
  explanation: string;
  /** The op no order could place (one of `window`). */
  culprit?: HistoryOp;
}

export interface LinearizabilityResult {
  ok: boolean;
  detail: string;
  keys: number;
  ops: number;
  failure?: LinearizabilityFailure;
  /** The state budget ran out before a verdict: ok stays true, detail says so. */
  undecided?: boolean;
}

export interface LinearizabilityOptions {
  /** Distinct (linearized set, state) pairs the search may visit over all keys. */
  maxStates?: number;
}

const DEFAULT_MAX_STATES = 1_000_000;
/** Ops listed in `detail` before "…"; the full window is in `failure.window`. */
const DETAIL_OPS = 6;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `history` holds register ops (put/get/delete/cas); lease requests name no key and are
 * skipped. Keys deleted by lease revokes must come in as delete ops (leaseHistory.ts).
 */
export function checkLinearizable(input: HistoryOp[], opts: LinearizabilityOptions = {}): LinearizabilityResult {
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const history = input.some(isLeaseOp) ? input.filter((op) => !isLeaseOp(op)) : input;
  const byKey = new Map<string, HistoryOp[]>();
  for (const op of history) {
    let list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, (list = []));
    list.push(op);
  }
  const keys = [...byKey.keys()].sort();
  const head = `${plural(keys.length, 'key')}, ${plural(history.length, 'op')}`;
  let spent = 0;
  const undecidedKeys: string[] = [];

  for (const key of keys) {
    const values = new Interner();
    const all = encodeOps(byKey.get(key) as HistoryOp[], values);
    const ops = pruneUselessUnknowns(all);
    const budget = Math.max(1, maxStates - spent);
    // Fast path: a read (or a successful cas) of a value that no op on this key ever wrote.
    const written = new Set<number>();
    for (const op of ops) if (op.kind === 'write' || op.kind === 'cas') written.add(op.value);
    const phantom = ops.find((op) => !op.unknown && phantomRead(op, written));
    let culprit: KOp | undefined = phantom;
    if (culprit === undefined) {
      const res = searchKey(ops, NULL_VAL, null, budget);
      spent += res.states;
      if (res.outcome === 'ok') continue;
      if (res.outcome === 'undecided') {
        undecidedKeys.push(key);
        continue;
      }
      culprit = ops[res.blocked];
    }
    const failure =
      phantom !== undefined
        ? { key, window: [phantom.src], culprit: phantom.src, explanation: `${describeOp(phantom.src)} reads a value no op on key ${key} ever wrote` }
        : explainFailure(key, ops, culprit, written, maxStates);
    return {
      ok: false,
      detail: `key ${key}: ${failure.explanation}`,
      keys: keys.length,
      ops: history.length,
      failure,
    };
  }

  if (undecidedKeys.length > 0) {
    return {
      ok: true,
      undecided: true,
      detail: `${head}: undecided (state budget of ${maxStates} ran out on key ${undecidedKeys.join(', ')}); no violation found`,
      keys: keys.length,
      ops: history.length,
    };
  }
  return { ok: true, detail: `${head}: linearizable`, keys: keys.length, ops: history.length };
}

function phantomRead(op: KOp, written: Set<number>): boolean {
  if (op.kind === 'read') return op.result !== NULL_VAL && !written.has(op.result);
  if (op.kind === 'cas') return op.expected !== NULL_VAL && !written.has(op.expected);
  return false;
}

function explainFailure(key: string, ops: KOp[], culprit: KOp, written: Set<number>, maxStates: number): LinearizabilityFailure {
  const win = shrinkWindow(ops, NULL_VAL, written, culprit, {
    cutBudget: Math.max(10_000, maxStates >> 2),
    testBudget: 20_000,
    maxTests: 400,
  });
  const listed = win.ops.slice(0, DETAIL_OPS).map((op) => describeOp(op.src));
  if (win.ops.length > DETAIL_OPS) listed.push('…');
  return {
    key,
    window: win.ops.map((op) => op.src),
    culprit: culprit.src,
    explanation:
      `no order explains ${describeOp(culprit.src)} at ${formatMs(culprit.src.completeMs)} ` +
      `(window of ${plural(win.ops.length, 'op')}: ${listed.join('; ')})`,
  };
}

/**
 * Linearizability of a register history (Herlihy & Wing 1990), checked per key
 * (P-compositionality) by the memoised Wing–Gong / Lowe search in linSearch.ts.
 * On failure, linShrink.ts cuts the failing key's history down to a small window of ops that
 * provably cannot be ordered, and names the op that could not be placed.
 */
import { describeOp, formatMs, isLeaseOp, type HistoryOp } from './history';
import { Interner, type KOp, NULL_VAL, OpTable } from './linEncode';
import { searchKey } from './linSearch';
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
  // One pass: register ops by key, encoded (lease requests name no key and are skipped). It
  // encodes keys a failure would not reach, but a run that passes checks every key anyway.
  const byKey = new Map<string, { table: OpTable; values: Interner }>();
  let opCount = 0;
  for (let i = 0; i < input.length; i++) {
    const op = input[i];
    if (isLeaseOp(op)) continue;
    opCount++;
    let k = byKey.get(op.key);
    if (k === undefined) byKey.set(op.key, (k = { table: new OpTable(), values: new Interner() }));
    const t = k.table;
    // Full: grow to what this key's share of the ops so far projects for the whole input
    // (at least double, at most what is left), so a big key grows once or twice, not 5 times.
    if (t.n === t.capacity) t.reserve(Math.min(t.n + input.length - i, Math.max(2 * t.n, Math.ceil((1.25 * t.n * input.length) / (i + 1)))));
    t.add(op, k.values);
  }
  const keys = [...byKey.keys()].sort();
  const head = `${plural(keys.length, 'key')}, ${plural(opCount, 'op')}`;
  let spent = 0;
  const undecidedKeys: string[] = [];

  for (const key of keys) {
    const { table } = byKey.get(key)!;
    table.sort();
    table.pruneUselessUnknowns();
    const budget = Math.max(1, maxStates - spent);
    // Fast path: a read (or a successful cas) of a value that no op on this key ever wrote.
    const phantom = table.phantomRead();
    let blocked = phantom;
    if (phantom < 0) {
      const res = searchKey(table, NULL_VAL, null, budget);
      spent += res.states;
      if (res.outcome === 'ok') continue;
      if (res.outcome === 'undecided') {
        undecidedKeys.push(key);
        continue;
      }
      blocked = res.blocked;
    }
    const ops = table.rows();
    const culprit = ops[blocked];
    const failure =
      phantom >= 0
        ? { key, window: [culprit.src], culprit: culprit.src, explanation: `${describeOp(culprit.src)} reads a value no op on key ${key} ever wrote` }
        : explainFailure(key, ops, culprit, writtenValues(ops), maxStates);
    return {
      ok: false,
      detail: `key ${key}: ${failure.explanation}`,
      keys: keys.length,
      ops: opCount,
      failure,
    };
  }

  if (undecidedKeys.length > 0) {
    return {
      ok: true,
      undecided: true,
      detail: `${head}: undecided (state budget of ${maxStates} ran out on key ${undecidedKeys.join(', ')}); no violation found`,
      keys: keys.length,
      ops: opCount,
    };
  }
  return { ok: true, detail: `${head}: linearizable`, keys: keys.length, ops: opCount };
}

/** Value ids some write or cas on the key writes (NULL_VAL for a delete). */
function writtenValues(ops: KOp[]): Set<number> {
  const written = new Set<number>();
  for (const op of ops) if (op.kind === 'write' || op.kind === 'cas') written.add(op.value);
  return written;
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

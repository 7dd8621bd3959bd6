/**
 * The rules of an etcd txn that read the store but are not part of it: how a compare holds
 * (etcd's compare semantics) and which branches are invalid (etcd checkIntervals).
 */
import { inRange, resolveRange, type KeyRevision } from './keyindex';
import type { Compare, Op } from './types';

/** etcd compare semantics; values compare as strings, everything else as integers. */
export function compareHolds(c: Compare, r: KeyRevision | undefined): boolean {
  let diff: number;
  if (c.target === 'value') {
    if (!r) return false; // etcd: a value compare on a missing key always fails
    diff = r.value < c.value ? -1 : r.value > c.value ? 1 : 0;
  } else {
    const actual = !r ? 0 : c.target === 'version' ? r.version : c.target === 'create' ? r.create : c.target === 'mod' ? r.main : r.lease;
    diff = actual - c.value;
  }
  switch (c.result) {
    case '=':
      return diff === 0;
    case '!=':
      return diff !== 0;
    case '<':
      return diff < 0;
    case '>':
      return diff > 0;
  }
}

/** etcd checkIntervals: no key may be put twice, or put and deleted, in one txn branch. */
export function hasDuplicateKey(ops: readonly Op[]): boolean {
  if (ops.length < 2) return false;
  const puts = new Map<string, true>();
  for (const op of ops) {
    if (op.type !== 'put') continue;
    if (puts.has(op.key)) return true;
    puts.set(op.key, true);
  }
  if (puts.size === 0) return false;
  for (const op of ops) {
    if (op.type !== 'delete') continue;
    const range = resolveRange(op.key, op.rangeEnd, op.prefix);
    for (const k of puts.keys()) if (inRange(k, range)) return true;
  }
  return false;
}

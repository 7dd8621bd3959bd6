/**
 * The text of a store snapshot (what `MvccStore.serialize` returns and a Raft snapshot
 * carries): exactly `JSON.stringify` of
 *
 *   { v: 1, revision, compactRevision, keys: [[key, [KeyRevisionTuple...]]...], leases }
 *
 * Stringifying every key's full history is most of a snapshot's cost, and it is mostly the
 * same work again: every member snapshots the same histories (they apply the same log), and
 * a key's next snapshot extends its previous one. So the text of each key's history is
 * memoised, and a history that starts with the memoised revisions (checked field by field)
 * reuses that text and stringifies only its new revisions. The memo is a cache shared by all
 * stores, not state: it never changes a result, only how fast it is built.
 */
import { toTuple, type KeyIndex, type KeyRevision, type KeyRevisionTuple } from './keyindex';
import type { LeaseTuple } from './lease';

export interface Snapshot {
  v: 1;
  revision: number;
  compactRevision: number;
  keys: [string, KeyRevisionTuple[]][];
  leases: LeaseTuple[];
}

export function snapshotText(revision: number, compactRevision: number, index: KeyIndex, leases: LeaseTuple[]): string {
  let keys = '';
  for (const key of index.sortedKeys()) {
    const text = historyText(key, index.history(key)!);
    keys += `${keys === '' ? '' : ','}[${JSON.stringify(key)},[${text}]]`;
  }
  const head = `{"v":1,"revision":${JSON.stringify(revision)},"compactRevision":${JSON.stringify(compactRevision)}`;
  return `${head},"keys":[${keys}],"leases":${JSON.stringify(leases)}}`;
}

export function parseSnapshot(text: string): Snapshot {
  let s: Snapshot;
  try {
    s = JSON.parse(text) as Snapshot;
  } catch (e) {
    throw new Error(`store snapshot is not valid JSON: ${(e as Error).message}`);
  }
  if (s === null || typeof s !== 'object' || s.v !== 1) throw new Error('store snapshot: expected {"v":1,...}');
  if (!Number.isSafeInteger(s.revision) || s.revision < 1) throw new Error('store snapshot: bad revision');
  if (!Number.isSafeInteger(s.compactRevision) || s.compactRevision < 0) throw new Error('store snapshot: bad compactRevision');
  if (!Array.isArray(s.keys) || !Array.isArray(s.leases)) throw new Error('store snapshot: keys and leases must be arrays');
  return s;
}

/** A key's last stringified history: its revisions then, and their tuples' text (no brackets). */
interface Memo {
  revs: KeyRevision[];
  text: string;
}

/** Bounds the memo when runs use many distinct keys; clearing only costs speed. */
const MEMO_LIMIT = 4096;
const memo = new Map<string, Memo>();

/** The tuples of `h` as JSON, without the enclosing brackets. */
function historyText(key: string, h: readonly KeyRevision[]): string {
  const m = memo.get(key);
  const reused = m !== undefined && startsWith(h, m.revs) ? m : undefined;
  if (reused && reused.revs.length === h.length) return reused.text;
  const from = reused ? reused.revs.length : 0;
  const tail = JSON.stringify(h.slice(from).map(toTuple)).slice(1, -1);
  const text = reused && reused.text !== '' ? `${reused.text},${tail}` : tail;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, { revs: h.slice(), text });
  return text;
}

/** Whether `h` begins with revisions equal to `prefix` (revisions are never mutated). */
function startsWith(h: readonly KeyRevision[], prefix: readonly KeyRevision[]): boolean {
  if (prefix.length > h.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    const a = h[i];
    const b = prefix[i];
    if (a === b) continue;
    if (a.main !== b.main || a.sub !== b.sub || a.value !== b.value || a.create !== b.create || a.version !== b.version || a.lease !== b.lease) {
      return false;
    }
  }
  return true;
}

/**
 * The key index: every key's revision history plus the keys in sorted order.
 *
 * etcd mvcc keeps a B-tree of keyIndex{key, generations[]} pointing into a backend keyed by
 * revision {main, sub}. Here each key owns its history directly: a list of KeyRevision in
 * increasing main revision, where an entry with version 0 is a tombstone (etcd marks deletes
 * with a tombstone revision that ends a generation). A key written once per main revision
 * (etcd rejects a txn that writes a key twice: ErrDuplicateKey), so main revisions in one
 * history are strictly increasing and lookups are binary searches.
 *
 * Keys compare by UTF-16 code unit (JavaScript `<`), which matches etcd's byte order for every
 * key without characters above U+D7FF; the simulator's keys are ASCII.
 */
import type { KeyValue } from './types';

/** One change to one key: etcd's revision {main, sub} and the value written there. */
export interface KeyRevision {
  main: number;
  sub: number;
  value: string;
  /** create_revision of the generation; 0 for a tombstone. */
  create: number;
  /** 1.. within a generation; 0 marks a tombstone (delete). */
  version: number;
  lease: number;
}

export function isTombstone(r: KeyRevision): boolean {
  return r.version === 0;
}

export function toKeyValue(key: string, r: KeyRevision): KeyValue {
  return { key, value: r.value, createRevision: r.create, modRevision: r.main, version: r.version, lease: r.lease };
}

/**
 * The KeyRevision for a change, shared by every store that makes the same change.
 *
 * Every member applies the same entries, so each write makes equal revisions on every member,
 * usually before the next write to that key. Handing the later members the object the first
 * one made (after checking it field by field) saves an allocation per member and write, and
 * a long-lived object at that (they stay in the key's history): fewer objects for the
 * garbage collector to copy, and snapshots of equal histories match by identity. Revisions
 * are never mutated, so sharing one is safe; this cache holds no state (a miss only costs a
 * new object).
 */
export function sharedRevision(key: string, main: number, sub: number, value: string, create: number, version: number, lease: number): KeyRevision {
  const last = lastRevision.get(key);
  if (last !== undefined && last.main === main && last.sub === sub && last.value === value && last.create === create && last.version === version && last.lease === lease) {
    return last;
  }
  const r: KeyRevision = { main, sub, value, create, version, lease };
  if (last === undefined && lastRevision.size >= SHARED_KEYS) lastRevision.clear();
  lastRevision.set(key, r);
  return r;
}

/** The latest revision made per key (bounded: runs with many keys start it over). */
const SHARED_KEYS = 4096;
const lastRevision = new Map<string, KeyRevision>();

/** Compact tuple form of a KeyRevision for snapshots: [main, sub, value, create, version, lease]. */
export type KeyRevisionTuple = [number, number, string, number, number, number];

export function toTuple(r: KeyRevision): KeyRevisionTuple {
  return [r.main, r.sub, r.value, r.create, r.version, r.lease];
}

/**
 * A key range as etcd defines it: `end` null = the single key; end '\0' = every key >= key;
 * otherwise the half-open interval [key, end).
 */
export interface KeyRange {
  key: string;
  end: string | null;
}

export function inRange(k: string, r: KeyRange): boolean {
  if (r.end === null) return k === r.key;
  return k >= r.key && (r.end === '\0' || k < r.end);
}

/** etcd clientv3.GetPrefixRangeEnd: increment the last unit that can be; none → '\0' (no end). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\0';
}

export function resolveRange(key: string, rangeEnd?: string, prefix?: boolean): KeyRange {
  if (prefix) return { key, end: prefixEnd(key) };
  if (rangeEnd === undefined || rangeEnd === '') return { key, end: null };
  return { key, end: rangeEnd };
}

export class KeyIndex {
  private histories = new Map<string, KeyRevision[]>();
  /** Every key with a history, ascending; maintained by binary insertion. */
  private sorted: string[] = [];

  get size(): number {
    return this.sorted.length;
  }

  /** Every key with a history, ascending. */
  sortedKeys(): readonly string[] {
    return this.sorted;
  }

  history(key: string): readonly KeyRevision[] | undefined {
    return this.histories.get(key);
  }

  /** The latest change to `key` at or below `rev` (may be a tombstone), or undefined. */
  at(key: string, rev: number): KeyRevision | undefined {
    const h = this.histories.get(key);
    if (!h) return undefined;
    const last = h[h.length - 1];
    if (last.main <= rev) return last; // fast path: reads at the current revision
    const i = lastAtOrBelow(h, rev);
    return i < 0 ? undefined : h[i];
  }

  /** The live value of `key` at `rev`, or undefined if absent or deleted then. */
  liveAt(key: string, rev: number): KeyRevision | undefined {
    const r = this.at(key, rev);
    return r && !isTombstone(r) ? r : undefined;
  }

  append(key: string, r: KeyRevision): void {
    const h = this.histories.get(key);
    if (h) {
      h.push(r);
      return;
    }
    this.histories.set(key, [r]);
    this.sorted.splice(lowerBound(this.sorted, key), 0, key);
  }

  /** Keys with a history in `range`, ascending. */
  keys(range: KeyRange): string[] {
    if (range.end === null) return this.histories.has(range.key) ? [range.key] : [];
    const out: string[] = [];
    for (let i = lowerBound(this.sorted, range.key); i < this.sorted.length; i++) {
      const k = this.sorted[i];
      if (range.end !== '\0' && k >= range.end) break;
      out.push(k);
    }
    return out;
  }

  /**
   * etcd keyIndex.compact(atRev): for each key drop every revision at or below `rev` except
   * the latest one; that one goes too if it is a tombstone older than `rev` (the generation is
   * over). A tombstone exactly at `rev` is kept until a later compaction so that a watch from
   * `rev` (allowed: only startRevision < compactRevision is ErrCompacted) still sees the delete.
   * A key left with no history leaves the index.
   */
  compact(rev: number): void {
    let removed = false;
    for (const [key, h] of this.histories) {
      const i = lastAtOrBelow(h, rev);
      if (i < 0) continue;
      const drop = isTombstone(h[i]) && h[i].main < rev ? i + 1 : i;
      if (drop === 0) continue;
      if (drop === h.length) {
        this.histories.delete(key);
        removed = true;
      } else h.splice(0, drop);
    }
    if (removed) this.sorted = this.sorted.filter((k) => this.histories.has(k));
  }

  toJSON(): [string, KeyRevisionTuple[]][] {
    return this.sorted.map((k) => [k, this.histories.get(k)!.map(toTuple)]);
  }

  static fromJSON(data: [string, KeyRevisionTuple[]][]): KeyIndex {
    const idx = new KeyIndex();
    for (const [key, revs] of data) {
      idx.histories.set(
        key,
        revs.map(([main, sub, value, create, version, lease]) => ({ main, sub, value, create, version, lease })),
      );
      idx.sorted.push(key);
    }
    return idx;
  }
}

/** Index of the last entry with main <= rev, or -1. */
export function lastAtOrBelow(h: readonly KeyRevision[], rev: number): number {
  let lo = 0;
  let hi = h.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (h[mid].main <= rev) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function lowerBound(a: readonly string[], k: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

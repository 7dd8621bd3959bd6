/**
 * A small two-way cache from short strings (host ids, message types, timer names) to values,
 * in front of a Map. Every event looks up one or two such strings; a slot picked from the
 * length and four characters, checked with `===`, costs a few loads where `Map.get` cost a
 * builtin call and made the heaviest lines of the kernel. A collision only evicts: a miss
 * falls back to the map. Entries are never stale because nothing the kernel caches this way
 * is ever removed (hosts, types and names only accumulate). Plain data, so it snapshots.
 */
const SLOTS = 256;

export class StringCache<V> {
  private keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private values: (V | undefined)[] = new Array<V | undefined>(SLOTS).fill(undefined);

  /** Looks in the key's slot and its neighbour (two ways: two hot keys may share a slot). */
  get(key: string): V | undefined {
    const slot = slotOf(key);
    if (this.keys[slot] === key) return this.values[slot];
    return this.keys[slot ^ 1] === key ? this.values[slot ^ 1] : undefined;
  }

  set(key: string, value: V): void {
    let slot = slotOf(key);
    if (this.keys[slot] !== undefined && this.keys[slot ^ 1] === undefined) slot ^= 1;
    this.keys[slot] = key;
    this.values[slot] = value;
  }
}

/** Length and four characters (first two, middle, last): tells apart the ids and names a run uses. */
export function slotOf(key: string): number {
  const n = key.length;
  return (n * 31 + key.charCodeAt(n - 1) * 7 + key.charCodeAt(n >> 1) * 3 + (key.charCodeAt(1) | 0) + (key.charCodeAt(0) | 0) * 5) & (SLOTS - 1);
}

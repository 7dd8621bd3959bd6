/**
 * A map from short strings (host ids, message types, timer names) with a small two-way cache
 * in front of it. Every event looks up one or two such strings; a slot picked from the length
 * and four characters, checked with `===`, costs a few loads where `Map.get` cost a builtin
 * call and made the heaviest lines of the kernel. A collision only evicts: a miss falls back
 * to the map. There is no delete (hosts, types and names only accumulate), so a cached entry
 * is never stale. Plain data, so it snapshots.
 */
const SLOTS = 256;

export class StringMap<V> {
  private map = new Map<string, V>();
  private keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private values: (V | undefined)[] = new Array<V | undefined>(SLOTS).fill(undefined);

  /** Looks in the key's slot and its neighbour (two ways: two hot keys may share a slot). */
  get(key: string): V | undefined {
    const slot = slotOf(key);
    if (this.keys[slot] === key) return this.values[slot];
    if (this.keys[slot ^ 1] === key) return this.values[slot ^ 1];
    const value = this.map.get(key);
    if (value !== undefined) this.remember(slot, key, value);
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.map.set(key, value);
    // A cached copy is updated in place; an uncached key is cached by its first get.
    const slot = slotOf(key);
    if (this.keys[slot] === key) this.values[slot] = value;
    else if (this.keys[slot ^ 1] === key) this.values[slot ^ 1] = value;
  }

  /** Caches in the key's slot, or in its neighbour if that is free and the slot is not. */
  private remember(slot: number, key: string, value: V): void {
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

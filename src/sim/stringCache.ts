/**
 * A direct-mapped cache from short strings (host ids, message types, timer names) to values,
 * in front of a Map. Every event looks up one or two such strings; a slot picked from the
 * length and two characters, checked with `===`, costs a few loads where `Map.get` cost a
 * builtin call and made the heaviest lines of the kernel. A collision only evicts: a miss
 * falls back to the map. Entries are never stale because nothing the kernel caches this way
 * is ever removed (hosts, types and names only accumulate). Plain data, so it snapshots.
 */
const SLOTS = 64;

export class StringCache<V> {
  private keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private values: (V | undefined)[] = new Array<V | undefined>(SLOTS).fill(undefined);

  get(key: string): V | undefined {
    const slot = slotOf(key);
    return this.keys[slot] === key ? this.values[slot] : undefined;
  }

  set(key: string, value: V): void {
    const slot = slotOf(key);
    this.keys[slot] = key;
    this.values[slot] = value;
  }
}

/** Length, last and middle character: tells apart the ids and names a run uses. */
export function slotOf(key: string): number {
  const n = key.length;
  return (n * 31 + key.charCodeAt(n - 1) * 7 + key.charCodeAt(n >> 1)) & (SLOTS - 1);
}

/**
 * Structural sharing between checkpoints. A run's state grows mostly by appending (the client
 * history, MVCC key revisions, Raft entries, the safety checker's records), so consecutive
 * checkpoints are nearly identical deep clones. `shareWith(next, prev)` replaces every subtree
 * of `next` that equals the same place in `prev` by prev's object, so a checkpoint costs about
 * what changed since the one before it.
 *
 * Safe because checkpoint snapshots are never mutated: restoring deep-clones them again
 * (World.restore). Aliasing is kept exactly: a new object stands in for at most one old
 * object and vice versa, and a subtree is shared only if all its children are, so an object
 * referenced twice in `next` (a message both queued and held) is still one object.
 */

/** Returns `next`, rewritten in place to reuse the equal parts of `prev`. */
export function shareWith<T>(next: T, prev: unknown): T {
  // new object -> what stands for it; old objects already standing for some new object.
  const result = new Map<object, object>();
  const claimed = new Set<object>();

  const visit = (n: unknown, p: unknown): unknown => {
    if (n === null || typeof n !== 'object') return n;
    const done = result.get(n);
    if (done !== undefined) return done;
    if (claimed.has(n)) return n; // already an old object standing in (a rebuilt Map's value)
    // In progress: a cycle back to `n` resolves to `n` itself, which differs from anything in
    // prev, so no object on a cycle is shared (conservative, never wrong).
    result.set(n, n);
    const comparable = p !== null && typeof p === 'object' && !claimed.has(p) && Object.getPrototypeOf(p) === Object.getPrototypeOf(n);
    const same = shareChildren(n, comparable ? p : undefined, visit) && comparable;
    if (!same) return n;
    result.set(n, p as object);
    claimed.add(p as object);
    return p;
  };
  return visit(next, prev) as T;
}

type Visit = (n: unknown, p: unknown) => unknown;

/**
 * Rewrites `n`'s children to their shared stand-ins (always, so deeper parts are shared even
 * when `n` itself changed) and says whether `n` equals `p` child for child.
 */
function shareChildren(n: object, p: object | undefined, visit: Visit): boolean {
  if (Array.isArray(n)) {
    const pa = Array.isArray(p) ? p : undefined;
    let same = pa !== undefined && pa.length === n.length;
    for (let i = 0; i < n.length; i++) {
      const v = n[i];
      const r = visit(v, pa?.[i]);
      if (r !== v) n[i] = r;
      if (same && r !== pa![i]) same = false;
    }
    return same;
  }
  if (n instanceof Map) return shareMap(n, p instanceof Map ? p : undefined, visit);
  if (n instanceof Set) return shareSet(n, p instanceof Set ? p : undefined, visit);
  if (ArrayBuffer.isView(n)) {
    const a = n as unknown as ArrayLike<number>;
    const b = p as unknown as ArrayLike<number> | undefined;
    if (b === undefined || !ArrayBuffer.isView(p) || b.length !== a.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  const no = n as Record<string, unknown>;
  const po = p as Record<string, unknown> | undefined;
  const keys = Object.keys(no);
  let same = po !== undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = no[k];
    const r = visit(v, po?.[k]);
    if (r !== v) no[k] = r;
    if (same && r !== po![k]) same = false;
  }
  // Same keys in the same order: key order is iteration order, part of a deterministic replay.
  if (same) {
    const pk = Object.keys(po!);
    same = pk.length === keys.length && pk.every((k, i) => k === keys[i]);
  }
  return same;
}

/** Map entries are matched by position (iteration order is part of a deterministic replay). */
function shareMap(n: Map<unknown, unknown>, p: Map<unknown, unknown> | undefined, visit: Visit): boolean {
  const old = p?.entries();
  let same = p !== undefined && p.size === n.size;
  let rekeyed: [unknown, unknown][] | null = null;
  for (const [k, v] of n) {
    const o = old?.next().value as [unknown, unknown] | undefined;
    const rk = visit(k, o?.[0]);
    // A value is compared with the old value under the same key, wherever that key was.
    const pv = o !== undefined && o[0] === rk ? o[1] : typeof k !== 'object' ? p?.get(k) : undefined;
    const rv = visit(v, pv);
    if (rk !== k) rekeyed = [];
    else if (rv !== v) n.set(k, rv); // same key: its place in the order is kept
    if (same && (o === undefined || rk !== o[0] || rv !== o[1])) same = false;
  }
  if (rekeyed !== null) {
    // An object key now stands for an old one: rebuild, in order, with the stand-ins.
    for (const [k, v] of n) rekeyed.push([visit(k, undefined), visit(v, undefined)]);
    n.clear();
    for (const [k, v] of rekeyed) n.set(k, v);
  }
  return same;
}

function shareSet(n: Set<unknown>, p: Set<unknown> | undefined, visit: Visit): boolean {
  const old = p?.values();
  let same = p !== undefined && p.size === n.size;
  let changed = false;
  for (const v of n) {
    const o = old?.next().value;
    const r = visit(v, o);
    if (r !== v) changed = true;
    if (same && r !== o) same = false;
  }
  if (changed) {
    const items = [...n].map((v) => visit(v, undefined));
    n.clear();
    for (const v of items) n.add(v);
  }
  return same;
}

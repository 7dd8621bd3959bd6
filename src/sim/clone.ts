/**
 * Deep clone of world state for snapshots and rewind.
 *
 * Unlike `structuredClone`, this keeps class prototypes (a restored Raft node is still a
 * RawNode with its methods) and shared references (a message both queued and held stays one
 * object). State must be plain data: functions are refused, loudly, because a closure in the
 * world would silently break replay.
 */
export function deepClone<T>(value: T): T {
  return cloneValue(value, new Map()) as T;
}

function cloneValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new Error('deepClone: world state holds a function; state must be plain data');
    return value;
  }
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = cloneValue(value[i], seen);
    return out;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(cloneValue(k, seen), cloneValue(v, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    seen.set(value, out);
    for (const v of value) out.add(cloneValue(v, seen));
    return out;
  }
  if (ArrayBuffer.isView(value)) {
    const out = (value as unknown as { slice(): unknown }).slice();
    seen.set(value, out);
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  seen.set(value, out);
  for (const key of Object.keys(value)) out[key] = cloneValue((value as Record<string, unknown>)[key], seen);
  return out;
}

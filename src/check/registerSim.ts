/**
 * A deterministic simulated linearizable register store, for testing the checkers.
 *
 * Each op gets an invoke time, a linearization point strictly inside its interval and a
 * completion; the store applies ops in linearization-point order, so the history it records is
 * linearizable by construction. Some ops time out: their outcome is unknown to the client
 * (completeMs null) and they took effect or not (decided by the seed). Some writes fail outright
 * (ok false, no effect). Clients are sequential, except that a timed-out client moves on.
 */
import { Rng } from '../sim/rng';
import type { HistoryOp, OpKind } from './history';

export interface RegisterSimOptions {
  seed: number;
  ops: number;
  keys: number;
  clients: number;
  /** Probability that an op times out (outcome unknown). */
  timeoutRate?: number;
  /** Probability that a put/delete is rejected (completed, ok false, no effect). */
  failRate?: number;
}

interface Planned {
  op: HistoryOp;
  linAt: number | null; // null = never takes effect
  lastSeen: Map<string, string | null>;
}

export function simulateRegister(o: RegisterSimOptions): HistoryOp[] {
  const rng = new Rng(o.seed, 'check/register-sim');
  const timeoutRate = o.timeoutRate ?? 0.003;
  const failRate = o.failRate ?? 0.01;
  const keys = Array.from({ length: o.keys }, (_, i) => `k${i}`);
  const perClient = Math.ceil(o.ops / o.clients);

  // Timings first: per client, sequential intervals (times in ms, with sub-ms jitter).
  interface Slot { client: string; invoke: number; lin: number | null; complete: number | null; fails: boolean }
  const slots: Slot[] = [];
  for (let c = 0; c < o.clients; c++) {
    let t = rng.float() * 5;
    for (let i = 0; i < perClient && slots.length < o.ops; i++) {
      const invoke = t;
      const latency = 0.5 + rng.float() * 8;
      const timedOut = rng.chance(timeoutRate);
      const fails = !timedOut && rng.chance(failRate);
      const effect = !fails && (!timedOut || rng.chance(0.5));
      const linAt = effect ? invoke + latency * (0.05 + 0.9 * rng.float()) : null;
      const complete = timedOut ? null : invoke + latency;
      slots.push({ client: `c${c + 1}`, invoke, lin: linAt, complete, fails });
      t = (complete ?? invoke + 50) + rng.float() * 3;
    }
  }

  // Events in time order: an invoke decides the op (seeing what its client last read), a
  // linearization point applies it to the store.
  type Ev = { at: number; kind: 0 | 1; slot: number }; // 0 = invoke, 1 = linearize
  const evs: Ev[] = [];
  slots.forEach((s, i) => {
    evs.push({ at: s.invoke, kind: 0, slot: i });
    if (s.lin !== null) evs.push({ at: s.lin, kind: 1, slot: i });
  });
  evs.sort((a, b) => a.at - b.at || a.kind - b.kind || a.slot - b.slot);

  const store = new Map<string, string | null>();
  const seen = new Map<string, Map<string, string | null>>(); // client -> key -> last value seen
  const planned: Planned[] = new Array(slots.length);
  let seq = 0;
  for (const ev of evs) {
    const s = slots[ev.slot];
    if (ev.kind === 0) {
      const lastSeen = seen.get(s.client) ?? new Map<string, string | null>();
      seen.set(s.client, lastSeen);
      const key = rng.pick(keys);
      const roll = rng.float();
      let kind: OpKind = roll < 0.4 ? 'get' : roll < 0.75 ? 'put' : roll < 0.8 ? 'delete' : 'cas';
      // A rejected request is modelled on put/delete/get only (a failed cas is a read).
      if (s.fails && kind === 'cas') kind = 'put';
      const value = kind === 'put' || kind === 'cas' ? `${s.client}.${++seq}` : null;
      const expected = kind === 'cas' ? (lastSeen.get(key) ?? null) : null;
      const op: HistoryOp = {
        client: s.client, op: kind, key, value, expected,
        invokeMs: round(s.invoke), completeMs: s.complete === null ? null : round(s.complete),
        ok: !s.fails, result: null,
      };
      planned[ev.slot] = { op, linAt: s.lin, lastSeen };
    } else {
      const p = planned[ev.slot];
      const { op } = p;
      const cur = store.get(op.key) ?? null;
      if (op.op === 'get') op.result = cur;
      else if (op.op === 'put') store.set(op.key, op.value);
      else if (op.op === 'delete') store.delete(op.key);
      else {
        op.ok = cur === op.expected;
        if (op.ok) store.set(op.key, op.value);
      }
      if (op.completeMs !== null) p.lastSeen.set(op.key, op.op === 'get' ? cur : op.op === 'put' ? op.value : op.op === 'delete' ? null : op.ok ? op.value : p.lastSeen.get(op.key) ?? null);
    }
  }
  // Unknown-outcome records keep ok true and result null (the client never heard back).
  for (const p of planned) {
    if (p.op.completeMs === null) {
      p.op.ok = true;
      p.op.result = null;
    }
  }
  return planned.map((p) => p.op).sort((a, b) => a.invokeMs - b.invokeMs);
}

/** Times rounded to µs, as a report would carry them; keeps intervals strictly ordered. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

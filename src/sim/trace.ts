/**
 * The trace: a running hash of every event, a bounded buffer of recent events for the UI,
 * and run counters.
 *
 * The hash mixes small integers with `Math.imul`, so it is the same in every engine. Two
 * 32-bit lanes with different multipliers give a 64-bit fingerprint of the run.
 */
import type { Micros } from './time';

export type TraceKind =
  | 'send'
  | 'deliver'
  | 'drop'
  | 'hold'
  | 'timer'
  | 'action'
  | 'fault'
  | 'note';

export interface TraceRecord {
  /** Position in the run (events and sends share the numbering). */
  n: number;
  at: Micros;
  kind: TraceKind;
  node: string;
  /** The other end of a message: the sender of a delivery, the receiver of a send. */
  peer?: string;
  /** Message type, timer name, action or fault name. */
  type?: string;
  msgId?: number;
  /** For a send: when it will arrive (absent when dropped at once). */
  deliverAt?: Micros;
  /** Why a message was dropped, or a note's text. */
  detail?: string;
  /** The message itself, for the inspector (shared, never mutated). */
  msg?: unknown;
}

/**
 * An event's header as one word to mix: its tag (an event kind, or a send) and two host
 * indexes, 12 bits each. Hashing an event as a few packed words instead of one word per field
 * halved the hash's share of the kernel; hosts beyond 4,096 only share bits, the hash stays
 * deterministic.
 */
export function header(tag: number, a: number, b: number): number {
  return (tag << 24) | ((a & 0xfff) << 12) | (b & 0xfff);
}

export class Trace {
  private h1 = 0x811c9dc5 | 0;
  private h2 = 0x9747b28c | 0;
  private ring: (TraceRecord | undefined)[];
  private head = 0;
  /** Records written so far. */
  total = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  /** Mix one 32-bit word into the running hash. */
  mix(word: number): void {
    this.h1 = Math.imul(this.h1 ^ word, 0x01000193);
    const h2 = Math.imul(this.h2 ^ word, 0x5bd1e995);
    this.h2 = h2 ^ (h2 >>> 15);
  }

  /** Mix a time in µs; its high word only once it has one (after 71 minutes of virtual time). */
  mixTime(at: Micros): void {
    this.mix(at | 0);
    if (at >= 4294967296) this.mix((at / 4294967296) | 0);
  }

  hash(): string {
    const a = (this.h1 >>> 0).toString(16).padStart(8, '0');
    const b = (this.h2 >>> 0).toString(16).padStart(8, '0');
    return a + b;
  }

  record(r: TraceRecord): void {
    this.total++;
    if (this.capacity === 0) return;
    this.ring[this.head] = r;
    this.head = (this.head + 1) % this.capacity;
  }

  /** The buffered records, oldest first. */
  recent(): TraceRecord[] {
    const out: TraceRecord[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const r = this.ring[(this.head + i) % this.capacity];
      if (r) out.push(r);
    }
    return out;
  }
}

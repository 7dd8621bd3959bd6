/**
 * Keeps what the views draw from the trace stream: the records of the run so far (for the
 * space-time diagram, timeline markers and charts) and the messages now in flight.
 *
 * Rewind restores a checkpoint and replays; the records that replay emits again carry the
 * same sequence numbers `n` (the trace counter is part of world state), so `seek` truncates the
 * list and `accept` ignores anything at or below the last record kept.
 */
import type { TraceRecord } from '../../sim/trace';
import type { Micros } from '../../sim/time';

export interface Flight {
  msgId: number;
  from: string;
  to: string;
  type: string;
  sentAt: Micros;
  deliverAt: Micros;
  msg: unknown;
  duplicate: boolean;
}

export interface Fall extends Flight {
  droppedAt: Micros;
  reason: string;
}

/** The most records kept; older ones are dropped (the diagram only needs a window). */
const MAX_RECORDS = 400_000;
/** A dropped message stays on screen (falling) for this long in virtual time, at least. */
export const FALL_WINDOW: Micros = 400_000;

export class Recorder {
  records: TraceRecord[] = [];
  flights = new Map<number, Flight[]>();
  falls: Fall[] = [];
  /** Replayed records at or below this number were already kept. */
  private lastN = -1;
  /** Bumped on every change, so memoized views know when to recompute. */
  version = 0;

  accept(r: TraceRecord): void {
    if (r.n <= this.lastN) return;
    this.lastN = r.n;
    if (r.kind === 'timer') return;
    this.version++;
    this.records.push(r);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, MAX_RECORDS / 4);
    this.track(r);
  }

  private track(r: TraceRecord): void {
    if (r.msgId === undefined) return;
    if (r.kind === 'send' && r.deliverAt !== undefined) {
      const f: Flight = { msgId: r.msgId, from: r.node, to: r.peer!, type: r.type!, sentAt: r.at, deliverAt: r.deliverAt, msg: r.msg, duplicate: r.detail === 'duplicate' };
      const list = this.flights.get(r.msgId);
      if (list) list.push(f);
      else this.flights.set(r.msgId, [f]);
    } else if (r.kind === 'deliver' || r.kind === 'drop' || r.kind === 'hold') {
      const list = this.flights.get(r.msgId);
      let f: Flight | undefined;
      if (list) {
        f = list.shift();
        if (list.length === 0) this.flights.delete(r.msgId);
      }
      if (r.kind === 'drop') {
        // Dropped at send (partition, loss): it never flew; show it falling from the sender.
        const base: Flight = f ?? { msgId: r.msgId, from: r.peer!, to: r.node, type: r.type!, sentAt: r.at, deliverAt: r.at, msg: r.msg, duplicate: false };
        this.falls.push({ ...base, droppedAt: r.at, reason: r.detail ?? '' });
      }
    }
  }

  /** Forget falls that finished, so the list stays short. */
  pruneFalls(now: Micros, window: Micros): void {
    if (this.falls.length === 0) return;
    const keep = this.falls.filter((f) => now - f.droppedAt <= window && f.droppedAt <= now);
    if (keep.length !== this.falls.length) this.falls = keep;
  }

  /** Messages in flight now, oldest first. */
  inFlight(): Flight[] {
    const out: Flight[] = [];
    for (const list of this.flights.values()) for (const f of list) out.push(f);
    return out;
  }

  /** Back to time `t`: drop every record after it and rebuild what was in flight then. */
  seek(t: Micros): void {
    let i = this.records.length;
    while (i > 0 && this.records[i - 1].at > t) i--;
    this.records.length = i;
    this.lastN = i > 0 ? this.records[i - 1].n : -1;
    this.flights.clear();
    this.falls = [];
    // Replay the tail through the tracker; 30 s covers any in-flight message short of a clog.
    let j = i;
    while (j > 0 && this.records[j - 1].at >= t - 30_000_000) j--;
    for (let k = j; k < i; k++) this.track(this.records[k]);
    this.falls = this.falls.filter((f) => t - f.droppedAt <= FALL_WINDOW);
    this.version++;
  }

  /** After a jump forward over a gap: messages due before `t` landed unseen in the gap. */
  forgetFlightsBefore(t: Micros): void {
    for (const [id, list] of this.flights) {
      const keep = list.filter((f) => f.deliverAt > t);
      if (keep.length === 0) this.flights.delete(id);
      else if (keep.length !== list.length) this.flights.set(id, keep);
    }
    this.falls = [];
  }

  clear(): void {
    this.records = [];
    this.flights.clear();
    this.falls = [];
    this.lastN = -1;
    this.version++;
  }

  /** Index of the first record at or after `t` (binary search; records are in time order). */
  indexAt(t: Micros): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.records[mid].at < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

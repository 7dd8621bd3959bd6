/**
 * A binary min-heap of events with a total order, time first, then the sequence number the
 * event queue gave it (queue.ts). The queue keeps its near future in a calendar of buckets and
 * everything else here: far timers, and any event outside the calendar's window.
 */
import type { Queued } from './queue';

export class EventHeap<T extends Queued> {
  /*
   * The heap orders slot numbers, not events: each event is stored once, in a slot, and
   * sifting moves only numbers in typed arrays. Moving the events themselves stored a fresh
   * object into an old array at every step, and the garbage collector's write barrier made
   * that the most expensive part of the kernel. Beside each heap position sit the event's
   * (at, seq), so comparisons read numbers in a row instead of following pointers.
   */
  private slots: (T | undefined)[] = [];
  private freeSlots: number[] = [];
  private order = new Int32Array(64);
  private ats = new Float64Array(64);
  private seqs = new Float64Array(64);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Inserts an event that already carries its sequence number. */
  insert(event: T): void {
    const seq = event.seq;
    const at = event.at;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = event;
    let i = this.n++;
    if (i === this.order.length) this.grow();
    const order = this.order;
    const ats = this.ats;
    const seqs = this.seqs;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pa = ats[parent];
      if (pa < at || (pa === at && seqs[parent] < seq)) break;
      order[i] = order[parent];
      ats[i] = pa;
      seqs[i] = seqs[parent];
      i = parent;
    }
    this.place(i, slot, at, seq);
  }

  /** The earliest time in the heap (Infinity when empty), read without touching an event. */
  headAt(): number {
    return this.n > 0 ? this.ats[0] : Infinity;
  }

  peek(): T | undefined {
    return this.n > 0 ? this.slots[this.order[0]] : undefined;
  }

  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const slot = this.order[0];
    const top = this.slots[slot];
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    const n = --this.n;
    if (n > 0) this.siftDown(0, this.order[n], this.ats[n], this.seqs[n]);
    return top;
  }

  private grow(): void {
    const size = this.order.length * 2;
    const order = new Int32Array(size);
    const ats = new Float64Array(size);
    const seqs = new Float64Array(size);
    order.set(this.order);
    ats.set(this.ats);
    seqs.set(this.seqs);
    this.order = order;
    this.ats = ats;
    this.seqs = seqs;
  }

  /** Every queued event, in no particular order (for the UI and for counting). */
  items(): readonly T[] {
    const out: T[] = [];
    for (let i = 0; i < this.n; i++) out.push(this.slots[this.order[i]]!);
    return out;
  }

  /** Remove the events a predicate selects (rewinds, membership removals, cancelled timers). */
  removeWhere(pred: (event: T) => boolean): T[] {
    const removed: T[] = [];
    const { order, ats, seqs, slots } = this;
    let kept = 0;
    for (let i = 0; i < this.n; i++) {
      const slot = order[i];
      const e = slots[slot]!;
      if (pred(e)) {
        removed.push(e);
        slots[slot] = undefined;
        this.freeSlots.push(slot);
      } else {
        order[kept] = slot;
        ats[kept] = ats[i];
        seqs[kept] = seqs[i];
        kept++;
      }
    }
    if (removed.length === 0) return removed;
    this.n = kept;
    // Floyd's bottom-up heap construction: O(n), and the (at, seq) order keeps it deterministic.
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, order[i], ats[i], seqs[i]);
    return removed;
  }

  /** Places `slot` (with its keys) at or below heap position `start`, moving smaller children up. */
  private siftDown(start: number, slot: number, at: number, seq: number): void {
    const order = this.order;
    const ats = this.ats;
    const seqs = this.seqs;
    const n = this.n;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ca = ats[l];
      if (r < n) {
        const ra = ats[r];
        if (ra < ca || (ra === ca && seqs[r] < seqs[l])) {
          c = r;
          ca = ra;
        }
      }
      if (at < ca || (at === ca && seq < seqs[c])) break;
      order[i] = order[c];
      ats[i] = ca;
      seqs[i] = seqs[c];
      i = c;
    }
    this.place(i, slot, at, seq);
  }

  private place(i: number, slot: number, at: number, seq: number): void {
    this.order[i] = slot;
    this.ats[i] = at;
    this.seqs[i] = seq;
  }
}

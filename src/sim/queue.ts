/**
 * The event queue, with a total order: time first, then the sequence number given at
 * scheduling. Equal times therefore run in the order they were scheduled, the same in every
 * engine, which is what makes a run replayable.
 *
 * Most events fall due within a few milliseconds of now (deliveries, fsyncs, ticks), so the
 * near future is a calendar: a ring of buckets BUCKET_US wide covering BUCKETS of them from
 * the bucket of the last event run, each bucket a list sorted by (at, seq), with a bitmap of
 * the buckets that hold anything (Brown's calendar queue, with a fixed width). Pushing is a
 * division and an append; popping is a bit scan. Everything outside that window (a client's
 * timeout seconds away, or an event in the past when a test pushes one) goes to a binary heap,
 * and each pop takes the smaller of the two heads, so the order is exactly the heap's alone.
 * The heap ordering every event was a tenth of an etcd run: its sift-down is a chain of
 * unpredictable branches over a hundred entries, at every event.
 *
 * As in the heap, an event is stored once, in a slot of a small reused table, and the lists
 * link slot numbers in typed arrays: storing events in a bucket's own array touched a cold
 * array and paid the garbage collector's write barrier at every push.
 */
import { EventHeap } from './eventHeap';

export interface Queued {
  at: number;
  seq: number;
}

/** Width of a bucket, in microseconds: about one event per bucket in a busy etcd run. */
const BUCKET_US = 64;
/** Multiplying by a power of two's inverse is exact, and cheaper than a division. */
const PER_US = 1 / BUCKET_US;
/** Buckets in the ring (a power of two); the window is 262 ms, more than a heartbeat tick. */
const BUCKETS = 4096;
const MASK = BUCKETS - 1;
const WORDS = BUCKETS >> 5;

const before = (a: Queued, b: Queued): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class EventQueue<T extends Queued> {
  private slots: (T | undefined)[] = [];
  private freeSlots: number[] = [];
  /** Per slot: the event's time and the next slot in its bucket (-1 ends the list). */
  private atOf = new Float64Array(256);
  private nextOf = new Int32Array(256);
  /** Ring of buckets: absolute bucket b lives at b & MASK, a list from first[i] to last[i]. */
  private first = new Int32Array(BUCKETS).fill(-1);
  private last = new Int32Array(BUCKETS).fill(-1);
  /** Bit i set: bucket i holds an event. */
  private bits = new Int32Array(WORDS);
  /** Absolute bucket of the last event popped; the window is [base, base + BUCKETS). */
  private base = 0;
  /** No bucket in [base, scan) holds an event: the next search starts at scan. */
  private scan = 0;
  private inCalendar = 0;
  private far = new EventHeap<T>();
  private nextSeq = 0;

  get size(): number {
    return this.inCalendar + this.far.size;
  }

  /** Assigns the event its sequence number and inserts it. */
  push(event: T): T {
    event.seq = this.nextSeq++;
    const at = event.at;
    const b = Math.floor(at * PER_US);
    if (b < this.base || b >= this.base + BUCKETS) {
      this.far.insert(event);
      return event;
    }
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.newSlot();
    this.slots[slot] = event;
    this.atOf[slot] = at;
    const i = b & MASK;
    const tail = this.last[i];
    if (tail < 0) {
      this.nextOf[slot] = -1;
      this.first[i] = this.last[i] = slot;
      this.bits[i >> 5] |= 1 << (i & 31);
    } else if (this.atOf[tail] <= at) {
      // The newest sequence number goes after every event of its time or earlier.
      this.nextOf[slot] = -1;
      this.nextOf[tail] = slot;
      this.last[i] = slot;
    } else {
      let prev = -1;
      let cur = this.first[i];
      while (this.atOf[cur] <= at) {
        prev = cur;
        cur = this.nextOf[cur];
      }
      this.nextOf[slot] = cur;
      if (prev < 0) this.first[i] = slot;
      else this.nextOf[prev] = slot;
    }
    if (b < this.scan) this.scan = b;
    this.inCalendar++;
    return event;
  }

  peek(): T | undefined {
    const c = this.calendarHead();
    return this.calendarFirst(c) ? c : this.far.peek();
  }

  pop(): T | undefined {
    return this.calendarFirst(this.calendarHead()) ? this.takeCalendarHead() : this.takeFarHead();
  }

  /** Pops the next event if it is due at or before `until` (the run loop's one call per event). */
  popDue(until: number): T | undefined {
    const c = this.calendarHead();
    if (this.calendarFirst(c)) return c.at <= until ? this.takeCalendarHead() : undefined;
    return this.far.headAt() <= until ? this.takeFarHead() : undefined;
  }

  /**
   * Whether the calendar's head runs before the far heap's. The far head is mostly a timeout
   * seconds away: its time alone settles the choice, without touching the event.
   */
  private calendarFirst(c: T | undefined): c is T {
    if (c === undefined) return false;
    const farAt = this.far.headAt();
    return c.at < farAt || (c.at === farAt && before(c, this.far.peek()!));
  }

  private takeFarHead(): T | undefined {
    const f = this.far.pop();
    if (f === undefined) return undefined;
    const b = Math.floor(f.at * PER_US);
    if (b > this.base) this.base = b;
    if (this.scan < this.base) this.scan = this.base;
    return f;
  }

  /** The earliest event of the calendar; moves `scan` to its bucket. */
  private calendarHead(): T | undefined {
    if (this.inCalendar === 0) return undefined;
    const start = this.scan & MASK;
    let w = start >> 5;
    // The first word only counts from `start` on; the search wraps once round the ring.
    let word = this.bits[w] & (-1 << (start & 31));
    for (let seen = 0; word === 0 && seen <= WORDS; seen++) {
      w = (w + 1) & (WORDS - 1);
      word = this.bits[w];
    }
    const i = (w << 5) + 31 - Math.clz32(word & -word);
    this.scan += (i - start) & MASK;
    return this.slots[this.first[i]];
  }

  private takeCalendarHead(): T {
    const i = this.scan & MASK;
    const slot = this.first[i];
    const e = this.slots[slot]!;
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    const next = this.nextOf[slot];
    this.first[i] = next;
    if (next < 0) {
      this.last[i] = -1;
      this.bits[i >> 5] &= ~(1 << (i & 31));
    }
    this.inCalendar--;
    this.base = this.scan;
    return e;
  }

  private newSlot(): number {
    const slot = this.slots.length;
    if (slot === this.atOf.length) {
      const atOf = new Float64Array(slot * 2);
      const nextOf = new Int32Array(slot * 2);
      atOf.set(this.atOf);
      nextOf.set(this.nextOf);
      this.atOf = atOf;
      this.nextOf = nextOf;
    }
    this.slots.push(undefined);
    return slot;
  }

  /** Every queued event, in no particular order (for the UI and for counting). */
  items(): readonly T[] {
    const out: T[] = [];
    for (const i of this.filledBuckets()) for (let s = this.first[i]; s >= 0; s = this.nextOf[s]) out.push(this.slots[s]!);
    for (const e of this.far.items()) out.push(e);
    return out;
  }

  /** The buckets that hold events, from the bitmap: a purge must not walk the empty ones. */
  private filledBuckets(): number[] {
    const out: number[] = [];
    for (let w = 0; w < WORDS; w++) {
      for (let word = this.bits[w]; word !== 0; word &= word - 1) out.push((w << 5) + 31 - Math.clz32(word & -word));
    }
    return out;
  }

  /** Remove the events a predicate selects (rewinds, membership removals, cancelled timers). */
  removeWhere(pred: (event: T) => boolean): T[] {
    const removed: T[] = [];
    for (const i of this.filledBuckets()) {
      let prev = -1;
      for (let s = this.first[i]; s >= 0; s = this.nextOf[s]) {
        const e = this.slots[s]!;
        if (!pred(e)) {
          prev = s;
          continue;
        }
        removed.push(e);
        this.slots[s] = undefined;
        this.freeSlots.push(s);
        if (prev < 0) this.first[i] = this.nextOf[s];
        else this.nextOf[prev] = this.nextOf[s];
        if (this.last[i] === s) this.last[i] = prev;
      }
      if (this.first[i] < 0) this.bits[i >> 5] &= ~(1 << (i & 31));
    }
    this.inCalendar -= removed.length;
    for (const e of this.far.removeWhere(pred)) removed.push(e);
    return removed;
  }
}

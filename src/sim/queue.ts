/**
 * The event queue: a binary min-heap with a total order, time first, then the sequence number
 * given at scheduling. Equal times therefore run in the order they were scheduled, the same
 * in every engine, which is what makes a run replayable.
 */
export interface Queued {
  at: number;
  seq: number;
}

export class EventQueue<T extends Queued> {
  private heap: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Assigns the event its sequence number and inserts it. */
  push(event: T): T {
    event.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p.at < event.at || (p.at === event.at && p.seq < event.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
    return event;
  }

  peek(): T | undefined {
    return this.heap[0];
  }

  pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Every queued event, in no particular order (for the UI and for counting). */
  items(): readonly T[] {
    return this.heap;
  }

  /** Remove the events a predicate selects (rewinds, membership removals, cancelled timers). */
  removeWhere(pred: (event: T) => boolean): T[] {
    const removed: T[] = [];
    const heap = this.heap;
    let kept = 0;
    for (let i = 0; i < heap.length; i++) {
      const e = heap[i];
      if (pred(e)) removed.push(e);
      else heap[kept++] = e;
    }
    if (removed.length === 0) return removed;
    heap.length = kept;
    // Floyd's bottom-up heap construction: O(n), and the (at, seq) order keeps it deterministic.
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i);
    return removed;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[start];
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let child = heap[l];
      if (r < n) {
        const rc = heap[r];
        if (rc.at < child.at || (rc.at === child.at && rc.seq < child.seq)) {
          c = r;
          child = rc;
        }
      }
      if (item.at < child.at || (item.at === child.at && item.seq < child.seq)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = item;
  }
}

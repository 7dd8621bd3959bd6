/**
 * The durable numbered records of a disk: a log's entries, in order, as etcd's WAL keeps them.
 *
 * A log is dense: records are appended at the end, truncated at the end (a follower's
 * conflicting suffix, Raft §5.3) and dropped from the front (compaction after a snapshot).
 * So they live in one array from `base` on, not in a hash map: a member writes one record per
 * entry, and a Map keyed by index cost more than everything else the disk does. Any numbers
 * work; gaps are filled with holes, so a sparse use costs memory, never correctness.
 */
export class DiskRecords {
  /** Record number of slots[0]. */
  private base = 0;
  private slots: unknown[] = [];
  /** Slots holding a value, and the position of the first (when there is one). */
  private count = 0;
  private head = 0;

  get(n: number): unknown {
    const i = n - this.base;
    return i >= 0 && i < this.slots.length ? this.slots[i] : undefined;
  }

  /** `value` must not be undefined (the disk writes a delete as one). */
  set(n: number, value: unknown): void {
    if (this.count === 0) {
      this.base = n;
      this.head = 0;
      this.slots.length = 0;
    } else if (n < this.base) {
      this.slots = new Array<unknown>(this.base - n).fill(undefined).concat(this.slots);
      this.head += this.base - n;
      this.base = n;
    }
    const i = n - this.base;
    const slots = this.slots;
    while (slots.length < i) slots.push(undefined);
    if (i === slots.length) slots.push(value);
    else if (slots[i] !== undefined) {
      slots[i] = value;
      return;
    } else slots[i] = value;
    this.count++;
    if (i < this.head || this.count === 1) this.head = i;
  }

  delete(n: number): void {
    const i = n - this.base;
    const slots = this.slots;
    if (i < 0 || i >= slots.length || slots[i] === undefined) return;
    slots[i] = undefined;
    if (--this.count === 0) {
      slots.length = 0;
      this.head = 0;
      return;
    }
    // Trim holes at the end (truncation) and, once they are most of it, at the front (compaction).
    while (slots[slots.length - 1] === undefined) slots.pop();
    if (i === this.head) while (slots[this.head] === undefined) this.head++;
    if (this.head > 32 && this.head * 2 >= slots.length) {
      this.slots = slots.slice(this.head);
      this.base += this.head;
      this.head = 0;
    }
  }

  /** The numbers holding a value, ascending. */
  numbers(): number[] {
    const out: number[] = [];
    for (let i = this.head; i < this.slots.length; i++) if (this.slots[i] !== undefined) out.push(this.base + i);
    return out;
  }
}

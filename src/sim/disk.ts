/**
 * A simulated disk: a key-value file system with a page cache.
 *
 * Writes land in the cache and are visible to reads at once, but are volatile until an fsync
 * that covers them completes; a crash drops every write not yet synced. This is the failure
 * that "fsync before reply" (Raft §5, etcd's WAL) exists to survive.
 * Values are stored by reference and must be treated as immutable by the writer.
 *
 * Keys are file names (strings) or record numbers (numbers: a log's entries, as etcd's WAL
 * holds them in sequence). Records are kept apart from names because a Raft member writes
 * one per entry, and a number is far cheaper to build and to hash than a name.
 */
import { DiskRecords } from './diskRecords';

export type DiskKey = string | number;

export class Disk {
  /** What survives a crash. */
  private durable = new Map<string, unknown>();
  private durableRecords = new DiskRecords();
  /**
   * Writes not yet synced, in order, at [head, tail) (write number `base + i - head`); an
   * `undefined` value is a delete. Two parallel arrays rather than an object per write, and
   * reused rather than emptied: every Raft entry passes through here, and a new backing store
   * at every fsync was most of the disk's garbage.
   */
  private pendingKeys: DiskKey[] = [];
  private pendingValues: unknown[] = [];
  private head = 0;
  private tail = 0;
  /** Write number of the write at `head`, minus one. */
  private base = 0;
  /** Number of writes ever issued; an fsync covers writes up to a count. */
  private written = 0;
  private synced = 0;
  /** Counters for the UI and the bench. */
  fsyncs = 0;
  lostOnCrash = 0;

  write(key: DiskKey, value: unknown): void {
    if (this.tail === this.pendingKeys.length) {
      this.pendingKeys.push(key);
      this.pendingValues.push(value);
    } else {
      this.pendingKeys[this.tail] = key;
      this.pendingValues[this.tail] = value;
    }
    this.tail++;
    this.written++;
  }

  delete(key: DiskKey): void {
    this.write(key, undefined);
  }

  /** The current view: the cache over the durable state. */
  read(key: DiskKey): unknown {
    for (let i = this.tail - 1; i >= this.head; i--) {
      if (this.pendingKeys[i] === key) return this.pendingValues[i];
    }
    return this.readDurable(key);
  }

  /** Every file name with a value in the current view, sorted. */
  keys(prefix = ''): string[] {
    const view = new Map(this.durable);
    this.overlayPending(view, 'string');
    return [...view.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Every record number in the current view (`durableOnly`: what a crash now would leave), ascending. */
  records(durableOnly = false): number[] {
    const durable = this.durableRecords.numbers();
    if (durableOnly) return durable;
    const view = new Map<number, unknown>(durable.map((n) => [n, true]));
    this.overlayPending(view, 'number');
    return [...view.keys()].sort((a, b) => a - b);
  }

  /** Applies the unsynced writes of one kind of key to a view of the durable state. */
  private overlayPending<K extends DiskKey>(view: Map<K, unknown>, kind: 'string' | 'number'): void {
    for (let i = this.head; i < this.tail; i++) {
      const k = this.pendingKeys[i];
      if (typeof k !== kind) continue;
      if (this.pendingValues[i] === undefined) view.delete(k as K);
      else view.set(k as K, this.pendingValues[i]);
    }
  }

  /** Marks the point an fsync issued now will cover. */
  beginSync(): number {
    return this.written;
  }

  /** The fsync that began at `upTo` completed: those writes are now durable. */
  completeSync(upTo: number): void {
    this.fsyncs++;
    const keys = this.pendingKeys;
    const values = this.pendingValues;
    const covered = Math.min(this.tail - this.head, upTo - this.base);
    const end = this.head + covered;
    for (let i = this.head; i < end; i++) {
      const k = keys[i];
      const v = values[i];
      if (typeof k === 'number') {
        if (v === undefined) this.durableRecords.delete(k);
        else this.durableRecords.set(k, v);
      } else if (v === undefined) this.durable.delete(k);
      else this.durable.set(k, v);
      values[i] = undefined; // the durable state holds it now; the cache slot must not
    }
    if (covered > 0) {
      this.base += covered;
      this.head = end;
      if (this.head === this.tail) this.head = this.tail = 0;
      else if (this.head > 64 && this.head * 2 > this.tail) this.shiftPending();
    }
    if (upTo > this.synced) this.synced = upTo;
  }

  /** Moves the unsynced writes to the front (rare: only when writes outrun every fsync). */
  private shiftPending(): void {
    const n = this.tail - this.head;
    this.pendingKeys.copyWithin(0, this.head, this.tail);
    this.pendingValues.copyWithin(0, this.head, this.tail);
    this.pendingValues.fill(undefined, n, this.tail);
    this.head = 0;
    this.tail = n;
  }

  /** Power loss: the cache is gone. */
  crash(): void {
    const lost = this.tail - this.head;
    this.lostOnCrash += lost;
    this.base += lost;
    this.pendingKeys = [];
    this.pendingValues = [];
    this.head = this.tail = 0;
  }

  /** Writes issued but not yet durable (the inspector shows these). */
  unsynced(): { key: DiskKey; value: unknown }[] {
    const out: { key: DiskKey; value: unknown }[] = [];
    for (let i = this.head; i < this.tail; i++) out.push({ key: this.pendingKeys[i], value: this.pendingValues[i] });
    return out;
  }

  readDurable(key: DiskKey): unknown {
    return typeof key === 'number' ? this.durableRecords.get(key) : this.durable.get(key);
  }
}

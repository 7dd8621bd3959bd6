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
   * Writes not yet synced, in order (write number `base + i`); an `undefined` value is a delete.
   * Two parallel arrays rather than an object per write: every Raft entry passes through here.
   */
  private pendingKeys: DiskKey[] = [];
  private pendingValues: unknown[] = [];
  /** Write number of pendingKeys[0] minus one. */
  private base = 0;
  /** Number of writes ever issued; an fsync covers writes up to a count. */
  private written = 0;
  private synced = 0;
  /** Counters for the UI and the bench. */
  fsyncs = 0;
  lostOnCrash = 0;

  write(key: DiskKey, value: unknown): void {
    this.pendingKeys.push(key);
    this.pendingValues.push(value);
    this.written++;
  }

  delete(key: DiskKey): void {
    this.write(key, undefined);
  }

  /** The current view: the cache over the durable state. */
  read(key: DiskKey): unknown {
    for (let i = this.pendingKeys.length - 1; i >= 0; i--) {
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
    for (let i = 0; i < this.pendingKeys.length; i++) {
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
    const covered = Math.min(keys.length, upTo - this.base);
    for (let i = 0; i < covered; i++) {
      const k = keys[i];
      const v = values[i];
      if (typeof k === 'number') {
        if (v === undefined) this.durableRecords.delete(k);
        else this.durableRecords.set(k, v);
      } else if (v === undefined) this.durable.delete(k);
      else this.durable.set(k, v);
    }
    if (covered === keys.length) {
      keys.length = 0;
      values.length = 0;
    } else if (covered > 0) {
      keys.splice(0, covered);
      values.splice(0, covered);
    }
    if (covered > 0) this.base += covered;
    if (upTo > this.synced) this.synced = upTo;
  }

  /** Power loss: the cache is gone. */
  crash(): void {
    this.lostOnCrash += this.pendingKeys.length;
    this.base += this.pendingKeys.length;
    this.pendingKeys = [];
    this.pendingValues = [];
  }

  /** Writes issued but not yet durable (the inspector shows these). */
  unsynced(): { key: DiskKey; value: unknown }[] {
    return this.pendingKeys.map((key, i) => ({ key, value: this.pendingValues[i] }));
  }

  readDurable(key: DiskKey): unknown {
    return typeof key === 'number' ? this.durableRecords.get(key) : this.durable.get(key);
  }
}

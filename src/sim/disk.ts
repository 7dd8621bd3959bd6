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
export type DiskKey = string | number;

export class Disk {
  /** What survives a crash. */
  private durable = new Map<DiskKey, unknown>();
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
    return this.durable.get(key);
  }

  /** Every file name with a value in the current view, sorted. */
  keys(prefix = ''): string[] {
    const out: string[] = [];
    for (const k of this.view().keys()) if (typeof k === 'string' && k.startsWith(prefix)) out.push(k);
    return out.sort();
  }

  /** Every record number in the current view (`durableOnly`: what a crash now would leave), ascending. */
  records(durableOnly = false): number[] {
    const out: number[] = [];
    for (const k of (durableOnly ? this.durable : this.view()).keys()) if (typeof k === 'number') out.push(k);
    return out.sort((a, b) => a - b);
  }

  private view(): Map<DiskKey, unknown> {
    const view = new Map(this.durable);
    for (let i = 0; i < this.pendingKeys.length; i++) {
      if (this.pendingValues[i] === undefined) view.delete(this.pendingKeys[i]);
      else view.set(this.pendingKeys[i], this.pendingValues[i]);
    }
    return view;
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
      if (values[i] === undefined) this.durable.delete(keys[i]);
      else this.durable.set(keys[i], values[i]);
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
    return this.durable.get(key);
  }
}

/**
 * A simulated disk: a key-value file system with a page cache.
 *
 * Writes land in the cache and are visible to reads at once, but are volatile until an fsync
 * that covers them completes; a crash drops every write not yet synced. This is the failure
 * that "fsync before reply" (Raft §5, etcd's WAL) exists to survive.
 * Values are stored by reference and must be treated as immutable by the writer.
 */
export class Disk {
  /** What survives a crash. */
  private durable = new Map<string, unknown>();
  /** Writes not yet synced, in order; `undefined` value = a delete. */
  private pending: { key: string; value: unknown; n: number }[] = [];
  /** Number of writes ever issued; an fsync covers writes up to a count. */
  private written = 0;
  private synced = 0;
  /** Counters for the UI and the bench. */
  fsyncs = 0;
  lostOnCrash = 0;

  write(key: string, value: unknown): void {
    this.pending.push({ key, value, n: ++this.written });
  }

  delete(key: string): void {
    this.pending.push({ key, value: undefined, n: ++this.written });
  }

  /** The current view: the cache over the durable state. */
  read(key: string): unknown {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].key === key) return this.pending[i].value;
    }
    return this.durable.get(key);
  }

  /** Every key with a value in the current view, sorted. */
  keys(prefix = ''): string[] {
    const view = new Map(this.durable);
    for (const w of this.pending) {
      if (w.value === undefined) view.delete(w.key);
      else view.set(w.key, w.value);
    }
    return [...view.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Marks the point an fsync issued now will cover. */
  beginSync(): number {
    return this.written;
  }

  /** The fsync that began at `upTo` completed: those writes are now durable. */
  completeSync(upTo: number): void {
    this.fsyncs++;
    let i = 0;
    for (; i < this.pending.length && this.pending[i].n <= upTo; i++) {
      const w = this.pending[i];
      if (w.value === undefined) this.durable.delete(w.key);
      else this.durable.set(w.key, w.value);
    }
    if (i > 0) this.pending.splice(0, i);
    if (upTo > this.synced) this.synced = upTo;
  }

  /** Power loss: the cache is gone. */
  crash(): void {
    this.lostOnCrash += this.pending.length;
    this.pending = [];
  }

  /** Writes issued but not yet durable (the inspector shows these). */
  unsynced(): { key: string; value: unknown }[] {
    return this.pending.map((w) => ({ key: w.key, value: w.value }));
  }

  readDurable(key: string): unknown {
    return this.durable.get(key);
  }
}

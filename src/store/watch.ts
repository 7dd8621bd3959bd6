/**
 * Watches (etcd mvcc watchableStore): a watcher on a key or range receives every change from
 * its start revision on, grouped by revision, in revision order, with no gaps or duplicates.
 *
 * The hub is member-local state (client sessions), not part of the replicated store: it is not
 * in `MvccStore.serialize()`. Because every member applies the same log, the same history
 * exists everywhere, so a client that loses its member re-watches another one from
 * `lastSeenRevision + 1` and gets a gapless continuation (etcd clientv3 does exactly this).
 */
import { inRange, type KeyRange } from './keyindex';
import type { KeyValue } from './types';

/** etcd mvccpb.Event. For DELETE, `kv` holds the key and the deletion's modRevision only. */
export interface WatchEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  /** The key's previous value, when the watcher asked for it (etcd WithPrevKV) and it exists. */
  prevKv?: KeyValue;
}

export interface WatchOptions {
  prefix?: boolean;
  rangeEnd?: string;
  /** First revision to report; 0 or absent = only changes after the current revision. */
  startRevision?: number;
  prevKv?: boolean;
}

/** Events of one watcher at one revision, as the member forwards them to the client. */
export interface WatchResponse {
  watchId: number;
  /** The revision all `events` happened at. */
  revision: number;
  events: WatchEvent[];
  /** Set with canceled when history the watcher needed was compacted (etcd compact_revision). */
  compactRevision?: number;
  canceled?: boolean;
}

/** What `MvccStore.watch` answers. */
export interface WatchStart {
  watchId: number;
  /** The store revision when the watch was created: `events` cover (start-1, revision]. */
  revision: number;
  /** Past events from startRevision to `revision`, in (revision, sub) order. */
  events: WatchEvent[];
  error?: 'ErrCompacted' | 'ErrWatcherExists';
  compactRevision?: number;
}

export interface Watcher {
  id: number;
  range: KeyRange;
  prevKv: boolean;
  /** The next revision this watcher has not yet been sent (etcd watcher.minRev). */
  nextRev: number;
}

/** A change produced by one apply, before it is matched against watchers. */
export interface Change {
  event: WatchEvent;
  /** Previous live value of the key, kept so it can be attached for WithPrevKV watchers. */
  prev?: KeyValue;
}

export class WatchHub {
  private watchers = new Map<number, Watcher>();
  private pending: WatchResponse[] = [];

  get size(): number {
    return this.watchers.size;
  }

  has(id: number): boolean {
    return this.watchers.has(id);
  }

  add(w: Watcher): void {
    this.watchers.set(w.id, w);
  }

  /** etcd watchStream.Cancel. Returns false if there was no such watcher. */
  cancel(id: number): boolean {
    return this.watchers.delete(id);
  }

  list(): Watcher[] {
    return [...this.watchers.values()];
  }

  /**
   * Fan out the changes of one applied revision: one response per interested watcher, in the
   * order watchers were created, each with the matching changes in sub-revision order.
   */
  notify(revision: number, changes: readonly Change[]): void {
    if (this.watchers.size === 0) return;
    for (const w of this.watchers.values()) {
      if (revision < w.nextRev) continue; // a watch on a future revision
      let events: WatchEvent[] | null = null;
      for (const c of changes) {
        if (!inRange(c.event.kv.key, w.range)) continue;
        (events ??= []).push(w.prevKv && c.prev ? { ...c.event, prevKv: c.prev } : c.event);
      }
      w.nextRev = revision + 1;
      if (events) this.pending.push({ watchId: w.id, revision, events });
    }
  }

  /** Queue a catch-up response built elsewhere (after a snapshot restore). */
  enqueue(r: WatchResponse): void {
    this.pending.push(r);
  }

  /** Everything produced since the last drain, oldest first. */
  drain(): WatchResponse[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

/** Split an ordered list of events into one response per revision. */
export function groupByRevision(watchId: number, events: readonly WatchEvent[]): WatchResponse[] {
  const out: WatchResponse[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (last && last.revision === e.kv.modRevision) last.events.push(e);
    else out.push({ watchId, revision: e.kv.modRevision, events: [e] });
  }
  return out;
}

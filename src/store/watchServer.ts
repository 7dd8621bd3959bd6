/**
 * The watches one member serves (etcd's watch API): a watch starts from a revision, replays
 * what the store still holds since then, and afterwards receives every change in revision
 * order as the member applies it. Watches live in the member's memory: a crash ends them, and
 * the client re-creates its watch elsewhere from the revision after the last one it saw.
 */
import type { ProcessContext } from '../sim/process';
import type { MvccStore } from './mvcc';
import type { WatchCancel, WatchCreate, WatchEvents, WatchEventView } from './protocol';
import type { WatchEvent } from './watch';

function eventView(e: WatchEvent): WatchEventView {
  return { revision: e.kv.modRevision, type: e.type, key: e.kv.key, value: e.type === 'PUT' ? e.kv.value : null };
}

export class WatchServer {
  /** Store watch id → the client and its own id for the watch. */
  watches = new Map<number, { client: string; watch: number; seq: number }>();
  /** watches.size as a plain field: forward() checks it after every batch, mostly finding 0. */
  active = 0;
  nextId = 1;

  create(store: MvccStore, ctx: ProcessContext, from: string, m: WatchCreate): void {
    const id = this.nextId++;
    const start = store.watch(id, m.key, { prefix: m.prefix, startRevision: m.startRevision });
    if (start.error) {
      const reply: WatchEvents = { type: 'WatchEvents', watch: m.watch, seq: 0, events: [], canceled: true, reason: start.error };
      return ctx.send(from, reply, 'client');
    }
    this.watches.set(id, { client: from, watch: m.watch, seq: 0 });
    this.active = this.watches.size;
    const reply: WatchEvents = { type: 'WatchEvents', watch: m.watch, seq: 0, events: start.events.map(eventView) };
    ctx.send(from, reply, 'client');
  }

  cancel(store: MvccStore, from: string, m: WatchCancel): void {
    for (const [id, w] of this.watches) {
      if (w.client === from && w.watch === m.watch) {
        store.cancel(id);
        this.watches.delete(id);
        this.active = this.watches.size;
      }
    }
  }

  /** After an apply: each watcher's new events, one message per watch and revision. */
  forward(store: MvccStore, ctx: ProcessContext): void {
    if (this.active === 0) return;
    for (const r of store.drainWatchEvents()) {
      const w = this.watches.get(r.watchId);
      if (!w) continue;
      const msg: WatchEvents = { type: 'WatchEvents', watch: w.watch, seq: ++w.seq, events: r.events.map(eventView), ...(r.canceled ? { canceled: true, reason: 'compacted' } : {}) };
      ctx.send(w.client, msg, 'client');
    }
  }
}

/**
 * The client requests an etcd member holds while Raft works on them: its proposals, awaiting
 * their apply, and its linearizable reads, awaiting a ReadIndex and then the apply of that
 * index.
 *
 * Arrays in arrival order, searched from the head, rather than Maps: there is a set and a
 * delete per request, a Map rehashes into a smaller table when deletes leave it a quarter
 * full, and these drain all the time (a handful of requests are in flight, completing
 * nearly in arrival order, so the one looked for is almost always the first). They keep a
 * Map's semantics: a key is held once (setting it again replaces the request in place) and
 * iteration follows first insertion.
 */
import type { KvRequest } from './types';

/** A write this member proposed as leader, answered when the entry at `key` is applied. */
export interface Proposal {
  /** The log index of the entry. */
  key: number;
  client: string;
  id: number;
  /** The term the entry was proposed in; another term at that index means it was dropped. */
  term: number;
}

/** A linearizable read: waits for its ReadIndex (by context), then for apply to reach it. */
export interface ReadRequest {
  /** The ReadIndex context, unique per request. */
  key: string;
  client: string;
  id: number;
  req: KvRequest;
  /** The read index, once Raft confirmed it (0 before). */
  index: number;
}

export class KeyedQueue<K, T extends { key: K }> {
  items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** Adds `item`, or replaces the item with its key where that one stands. */
  set(item: T): void {
    const i = this.find(item.key);
    if (i >= 0) this.items[i] = item;
    else this.items.push(item);
  }

  /** Removes and returns the item with this key. */
  take(key: K): T | undefined {
    const i = this.find(key);
    if (i < 0) return undefined;
    const item = this.items[i];
    if (i === 0) this.items.shift();
    else this.items.splice(i, 1);
    return item;
  }

  /** Every item, in insertion order; the queue is left empty. */
  takeAll(): T[] {
    const all = this.items;
    this.items = [];
    return all;
  }

  private find(key: K): number {
    const items = this.items;
    for (let i = 0; i < items.length; i++) if (items[i].key === key) return i;
    return -1;
  }
}

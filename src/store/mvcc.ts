/**
 * The etcd v3 key-value state machine (etcd server/storage/mvcc + the apply layer), applied by
 * every member to committed Raft entries. Pure and deterministic: the same requests in the same
 * order give the same responses and the same state on every member.
 *
 * etcd rules kept here:
 * - One global revision. A fresh store is at revision 1; every write request that changes
 *   something bumps it once (storeTxnWrite.End: `if len(changes) != 0 { currentRev++ }`), and
 *   its changes get sub-revisions 0, 1, 2... so a txn with several puts is one main revision.
 *   Reads, compactions, lease grants and no-op deletes do not bump it.
 * - Each key has create_revision (first put of its generation), mod_revision (last change) and
 *   version (puts in this generation). A delete writes a tombstone and ends the generation; the
 *   next put starts a new one at version 1 with a new create_revision.
 * - Reads at an old revision see history; below the compact revision they fail with
 *   ErrCompacted, above the current revision with ErrFutureRev.
 * - Compaction at rev keeps, for each key, only the latest revision at or below rev (dropped if
 *   it is a tombstone) and everything after it.
 *
 * Lease expiry and watches are member-local (see lease.ts and watch.ts); `serialize()` holds
 * what a Raft snapshot must carry: revisions, the full key history and the leases.
 */
import { KeyIndex, isTombstone, lastAtOrBelow, resolveRange, sharedRevision, toKeyValue, type KeyRange, type KeyRevision } from './keyindex';
import { LeaseTable, type Lease } from './lease';
import { parseSnapshot, snapshotText, type Snapshot } from './mvccSnapshot';
import type { DeleteRequest, KeyValue, KvRequest, KvResponse, Op, PutRequest, RangeRequest, TxnRequest } from './types';
import { compareHolds, hasDuplicateKey } from './txnRules';
import { groupByRevision, WatchHub, type Change, type WatchEvent, type WatchOptions, type WatchResponse, type WatchStart } from './watch';

/** A response before its header is filled in. */
type Body = Omit<KvResponse, 'header'>;

/** A response header; a write fills in its revision once the write is over. */
type Header = KvResponse['header'];

/**
 * The write in progress: its main revision, the next sub-revision, how many changes so far,
 * and the changes themselves, collected only while some watch could want them (the hub is
 * told after the write; without watchers nobody reads them).
 */
interface WriteTxn {
  rev: number;
  sub: number;
  count: number;
  changes: Change[] | null;
}

export class MvccStore {
  private index = new KeyIndex();
  private rev = 1;
  private compacted = 0;
  private leaseTable = new LeaseTable();
  private readonly hub = new WatchHub();
  /** The write in progress, reused by every write: writes never nest, and each one allocates less. */
  private readonly write: WriteTxn = { rev: 0, sub: 0, count: 0, changes: null };

  /** etcd ResponseHeader.revision: the latest applied main revision (1 for a fresh store). */
  get currentRevision(): number {
    return this.rev;
  }

  /** Revisions below this have been compacted away (0 = never compacted). */
  get compactRevision(): number {
    return this.compacted;
  }

  /** Read-only view of the leases, for the UI. */
  get leases(): readonly Lease[] {
    return this.leaseTable.list();
  }

  /**
   * Apply one request. `nowMs` is this member's clock, used only to record lease expiry
   * (local state, see lease.ts); everything replicated depends on `req` alone.
   *
   * Every response is `{ header, ...fields }` with the store's revision after the request.
   * The hot paths (range, put, delete, txn) build that object directly, with the header
   * first; the rest go through `respond`.
   */
  apply(req: KvRequest, nowMs?: number): KvResponse {
    return this.applyRequest(req, nowMs, true)!;
  }

  /**
   * Apply one request whose response nobody reads: a member applying an entry no client of
   * its own waits for (every member but the proposing leader, for every entry). The state
   * change, the watch events and the revision are exactly those of `apply`; only the response
   * (objects for the header, the txn's responses, the ranges a txn reads) is not built.
   */
  applyUnanswered(req: KvRequest, nowMs?: number): void {
    this.applyRequest(req, nowMs, false);
  }

  /** `apply`; with `answer` false, returns null instead of building the response. */
  private applyRequest(req: KvRequest, nowMs: number | undefined, answer: boolean): KvResponse | null {
    switch (req.type) {
      case 'range': {
        if (!answer) return null; // a read changes nothing
        const err = this.check(req);
        return err ? this.respond(err) : this.range(req, this.rev, { revision: this.rev });
      }
      case 'put':
      case 'delete': {
        const err = this.check(req);
        if (err) return answer ? this.respond(err) : null;
        const header = answer ? { revision: 0 } : null;
        const w = this.begin();
        const res = req.type === 'put' ? this.put(w, req, header) : this.del(w, req, header);
        this.end(w);
        if (header) header.revision = this.rev;
        return res;
      }
      case 'txn':
        return this.txn(req, answer);
      default:
        return this.respond(this.applyOther(req, nowMs));
    }
  }

  private respond(body: Body): KvResponse {
    return { header: { revision: this.rev }, ...body };
  }

  /** Compaction and leases. */
  private applyOther(req: Exclude<KvRequest, Op | TxnRequest>, nowMs?: number): Body {
    switch (req.type) {
      case 'compact':
        if (req.revision <= this.compacted) return { error: 'ErrCompacted', compactRevision: this.compacted };
        if (req.revision > this.rev) return { error: 'ErrFutureRev' };
        this.index.compact(req.revision);
        this.compacted = req.revision;
        return { compactRevision: req.revision };
      case 'lease-grant': {
        const l = this.leaseTable.grant(req.id, req.ttlMs, nowMs);
        return typeof l === 'string' ? { error: l } : { leaseId: l.id, ttlMs: l.ttlMs };
      }
      case 'lease-keepalive': {
        const l = this.leaseTable.keepAlive(req.id, nowMs);
        return l ? { leaseId: l.id, ttlMs: l.ttlMs } : { error: 'ErrLeaseNotFound' };
      }
      case 'lease-revoke':
        return this.revoke(req.id);
      case 'lease-expire-check':
        return { expired: this.leaseTable.expiredLeases(req.nowMs) };
    }
  }

  /** etcd's pre-apply checks (checkRequestPut/Range): errors leave the store untouched. */
  private check(op: Op): Body | null {
    const ranged = op.type !== 'put' && (op.prefix || (op.rangeEnd !== undefined && op.rangeEnd !== ''));
    if (op.key === '' && !ranged) return { error: 'ErrEmptyKey' };
    if (op.type === 'put' && op.lease && !this.leaseTable.get(op.lease)) return { error: 'ErrLeaseNotFound' };
    if (op.type === 'range' && op.revision) {
      if (op.revision > this.rev) return { error: 'ErrFutureRev' };
      if (op.revision < this.compacted) return { error: 'ErrCompacted', compactRevision: this.compacted };
    }
    return null;
  }

  private begin(): WriteTxn {
    const w = this.write;
    w.rev = this.rev + 1;
    w.sub = 0;
    w.count = 0;
    w.changes = this.hub.size > 0 ? [] : null;
    return w;
  }

  /** etcd storeTxnWrite.End: the revision moves only if something changed. */
  private end(w: WriteTxn): void {
    if (w.count === 0) return;
    this.rev = w.rev;
    if (w.changes) this.hub.notify(w.rev, w.changes);
    w.changes = null; // the hub owns them now
  }

  /** A put; with no `header` (nobody reads the response) returns null. */
  private put(w: WriteTxn, req: PutRequest, header: Header | null): KvResponse | null {
    const prev = this.index.liveAt(req.key, w.rev);
    const lease = req.lease ?? 0;
    const r = sharedRevision(req.key, w.rev, w.sub++, req.value, prev ? prev.create : w.rev, prev ? prev.version + 1 : 1, lease);
    this.index.append(req.key, r);
    w.count++;
    // etcd storeTxnWrite.put: detach from the old lease, attach to the new one.
    if (prev && prev.lease !== lease) this.leaseTable.detach(prev.lease, req.key);
    if (lease) this.leaseTable.attach(lease, req.key);
    const prevKv = prev && ((header && req.prevKv) || w.changes) ? toKeyValue(req.key, prev) : undefined;
    if (w.changes) w.changes.push({ event: { type: 'PUT', kv: toKeyValue(req.key, r) }, prev: prevKv });
    if (!header) return null;
    return req.prevKv && prevKv ? { header, prevKv } : { header };
  }

  /** A delete; with no `header` (nobody reads the response) returns null. */
  private del(w: WriteTxn, req: DeleteRequest, header: Header | null): KvResponse | null {
    const prevKvs: KeyValue[] = [];
    for (const key of this.index.keys(resolveRange(req.key, req.rangeEnd, req.prefix))) {
      const prev = this.deleteKey(w, key);
      if (prev) prevKvs.push(prev);
    }
    if (!header) return null;
    return req.prevKv ? { header, deleted: prevKvs.length, prevKvs } : { header, deleted: prevKvs.length };
  }

  /** Write a tombstone if `key` is live; returns its previous value. */
  private deleteKey(w: WriteTxn, key: string): KeyValue | undefined {
    const prev = this.index.liveAt(key, w.rev);
    if (!prev) return undefined;
    const r = sharedRevision(key, w.rev, w.sub++, '', 0, 0, 0);
    this.index.append(key, r);
    w.count++;
    if (prev.lease) this.leaseTable.detach(prev.lease, key);
    const prevKv = toKeyValue(key, prev);
    if (w.changes) w.changes.push({ event: { type: 'DELETE', kv: toKeyValue(key, r) }, prev: prevKv });
    return prevKv;
  }

  /** etcd Range: `count` is every match, `kvs` at most `limit` of them, `more` if cut short. */
  private range(req: RangeRequest, readRev: number, header: Header): KvResponse {
    const rev = req.revision || readRev;
    if (!req.prefix && (req.rangeEnd === undefined || req.rangeEnd === '')) {
      // One key (most reads): no key list to build, and an array literal of the exact size
      // (a push onto [] reserves room for 17). Any limit (0 = none) admits one key, so
      // nothing is ever cut short.
      const r = this.index.liveAt(req.key, rev);
      return { header, kvs: r && !req.countOnly ? [toKeyValue(req.key, r)] : [], count: r ? 1 : 0, more: false };
    }
    const kvs: KeyValue[] = [];
    let count = 0;
    for (const key of this.index.keys(resolveRange(req.key, req.rangeEnd, req.prefix))) {
      const r = this.index.liveAt(key, rev);
      if (!r) continue;
      count++;
      if (!req.countOnly && (!req.limit || kvs.length < req.limit)) kvs.push(toKeyValue(key, r));
    }
    return { header, kvs, count, more: !req.countOnly && kvs.length < count };
  }

  /**
   * etcd applyTxn: evaluate every compare against the current state, pick a branch, check it
   * (a bad op fails the whole txn, nothing applied; a key put twice, or put and deleted, is
   * ErrDuplicateKey), then run its ops as one write: one main revision, ranges inside see the
   * txn's earlier writes.
   */
  private txn(req: TxnRequest, answer: boolean): KvResponse | null {
    // Indexed loops and no closure: every member applies every txn (each cas is one).
    let succeeded = true;
    const compare = req.compare;
    for (let i = 0; i < compare.length; i++) {
      if (!compareHolds(compare[i], this.index.liveAt(compare[i].key, this.rev))) {
        succeeded = false;
        break;
      }
    }
    const ops = succeeded ? req.success : req.failure;
    for (let i = 0; i < ops.length; i++) {
      const err = this.check(ops[i]);
      if (err) return answer ? this.respond(err) : null;
    }
    if (hasDuplicateKey(ops)) return answer ? this.respond({ error: 'ErrDuplicateKey' }) : null;
    const w = this.begin();
    if (!answer) {
      // Only the writes: the ranges a txn reads change nothing.
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i];
        if (op.type === 'put') this.put(w, op, null);
        else if (op.type === 'delete') this.del(w, op, null);
      }
      this.end(w);
      return null;
    }
    // Sized up front: the array gets exactly ops.length slots (a push onto [] reserves 17).
    const responses: KvResponse[] = new Array(ops.length);
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      const header = { revision: 0 };
      if (op.type === 'put') responses[i] = this.put(w, op, header)!;
      else if (op.type === 'delete') responses[i] = this.del(w, op, header)!;
      else responses[i] = this.range(op, w.count > 0 ? w.rev : this.rev, header);
    }
    this.end(w);
    for (let i = 0; i < responses.length; i++) responses[i].header.revision = this.rev;
    return { header: { revision: this.rev }, succeeded, responses };
  }

  /** etcd lessor.Revoke: delete every attached key (sorted) in one revision, then the lease. */
  private revoke(id: number): Body {
    const lease = this.leaseTable.get(id);
    if (!lease) return { error: 'ErrLeaseNotFound' };
    const keys = [...lease.keys.keys()].sort();
    const w = this.begin();
    const deleted = keys.filter((k) => this.deleteKey(w, k) !== undefined).length;
    this.end(w);
    this.leaseTable.remove(id);
    return { deleted };
  }

  // ------------------------------------------------------------------------------- leases

  /** Lease ids the leader should propose to revoke at `nowMs` (see LeaseTable.expiredLeases). */
  expiredLeases(nowMs: number): number[] {
    return this.leaseTable.expiredLeases(nowMs);
  }

  /** Call when this member becomes leader (etcd lessor.Promote); see LeaseTable.promote. */
  promoteLeases(nowMs: number, extendMs = 0): void {
    this.leaseTable.promote(nowMs, extendMs);
  }

  /** Call when this member stops being leader (etcd lessor.Demote). */
  demoteLeases(): void {
    this.leaseTable.demote();
  }

  // ------------------------------------------------------------------------------- watches

  /**
   * Start watch `id` on `key` (or a range/prefix). Returns the past events from
   * `opts.startRevision` up to the current revision; later applies queue responses for
   * `drainWatchEvents()`. A start revision below the compact revision is ErrCompacted
   * (etcd: `minRev < compactRev`) and the watch is not created.
   */
  watch(id: number, key: string, opts: WatchOptions = {}): WatchStart {
    if (this.hub.has(id)) return { watchId: id, revision: this.rev, events: [], error: 'ErrWatcherExists' };
    const start = opts.startRevision || this.rev + 1;
    if (start < this.compacted) {
      return { watchId: id, revision: this.rev, events: [], error: 'ErrCompacted', compactRevision: this.compacted };
    }
    const range = resolveRange(key, opts.rangeEnd, opts.prefix);
    const prevKv = opts.prevKv ?? false;
    const events = start <= this.rev ? this.eventsSince(range, start, prevKv) : [];
    this.hub.add({ id, range, prevKv, nextRev: Math.max(start, this.rev + 1) });
    return { watchId: id, revision: this.rev, events };
  }

  /** etcd watch cancel; false if there was no such watch. */
  cancel(id: number): boolean {
    return this.hub.cancel(id);
  }

  /** Responses produced by applies since the last call, in order; one per watch per revision. */
  drainWatchEvents(): WatchResponse[] {
    return this.hub.drain();
  }

  /** Every change in `range` at revision >= start, in (revision, sub) order. */
  private eventsSince(range: KeyRange, start: number, withPrev: boolean): WatchEvent[] {
    const found: { e: WatchEvent; sub: number }[] = [];
    for (const key of this.index.keys(range)) {
      const h = this.index.history(key)!;
      for (let j = lastAtOrBelow(h, start - 1) + 1; j < h.length; j++) {
        const r = h[j];
        const e: WatchEvent = { type: isTombstone(r) ? 'DELETE' : 'PUT', kv: toKeyValue(key, r) };
        const p = h[j - 1];
        if (withPrev && p && !isTombstone(p)) e.prevKv = toKeyValue(key, p);
        found.push({ e, sub: r.sub });
      }
    }
    found.sort((a, b) => a.e.kv.modRevision - b.e.kv.modRevision || a.sub - b.sub);
    return found.map((f) => f.e);
  }

  // ------------------------------------------------------------------------------- views

  /** The live value of `key` at `revision` (default: current), ignoring compaction errors. */
  get(key: string, revision = this.rev): KeyValue | undefined {
    const r = this.index.liveAt(key, revision);
    return r ? toKeyValue(key, r) : undefined;
  }

  /** Every live key with its revisions, sorted by key. */
  entries(): KeyValue[] {
    const out: KeyValue[] = [];
    for (const key of this.index.keys({ key: '', end: '\0' })) {
      const r = this.index.liveAt(key, this.rev);
      if (r) out.push(toKeyValue(key, r));
    }
    return out;
  }

  /** Latest live key → value, keys in sorted order. */
  snapshotKv(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const kv of this.entries()) out[kv.key] = kv.value;
    return out;
  }

  /** Retained history of one key, oldest first (tombstones have version 0). */
  history(key: string): KeyRevision[] {
    return (this.index.history(key) ?? []).map((r) => ({ ...r }));
  }

  // ------------------------------------------------------------------------------- snapshots

  /** The replicated state (revisions, full history, leases) as text, for Raft snapshots. */
  serialize(): string {
    return snapshotText(this.rev, this.compacted, this.index, this.leaseTable.toJSON());
  }

  static deserialize(text: string): MvccStore {
    const store = new MvccStore();
    store.load(parseSnapshot(text));
    return store;
  }

  /**
   * Install a snapshot in place, keeping this member's watches (etcd watchableStore.Restore:
   * synced watchers become unsynced and catch up from the new history). Catch-up responses
   * are queued for drainWatchEvents(); a watch whose next revision was compacted away is
   * canceled with compactRevision set.
   */
  restore(text: string): void {
    this.load(parseSnapshot(text));
    for (const w of this.hub.list()) {
      if (w.nextRev > this.rev) continue;
      if (w.nextRev < this.compacted) {
        this.hub.cancel(w.id);
        this.hub.enqueue({ watchId: w.id, revision: this.rev, events: [], canceled: true, compactRevision: this.compacted });
        continue;
      }
      for (const r of groupByRevision(w.id, this.eventsSince(w.range, w.nextRev, w.prevKv))) this.hub.enqueue(r);
      w.nextRev = this.rev + 1;
    }
  }

  private load(s: Snapshot): void {
    this.rev = s.revision;
    this.compacted = s.compactRevision;
    this.index = KeyIndex.fromJSON(s.keys);
    this.leaseTable = LeaseTable.fromJSON(s.leases);
  }
}

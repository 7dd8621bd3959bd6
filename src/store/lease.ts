/**
 * Leases (etcd lease.lessor): a lease has an id, a TTL and the keys attached to it; revoking it
 * deletes those keys. The replicated part (which leases exist, their TTL, their keys) changes
 * only through applied log entries, so every member agrees on it.
 *
 * Expiry is different, exactly as in etcd: it is a member-local clock reading, not replicated
 * state. etcd's leader keeps expiry times in its lessor, and when one passes it *proposes* a
 * LeaseRevoke through Raft; followers never expire anything themselves. Here every member
 * records `expiryMs = nowMs + ttlMs` at grant and keep-alive from the `nowMs` it was given at
 * apply time; the leader asks `expiredLeases(now)` and proposes `lease-revoke ID` for each.
 */

export class Lease {
  /** Keys attached to this lease; Map (not Set) so the kernel's deep clone sees plain data. */
  readonly keys = new Map<string, true>();

  constructor(
    readonly id: number,
    readonly ttlMs: number,
    /** Local expiry time in ms, or null when unknown (granted without a clock reading). */
    public expiryMs: number | null,
  ) {}
}

/** Snapshot form: [id, ttlMs, expiryMs, attached keys sorted]. */
export type LeaseTuple = [number, number, number | null, string[]];

export class LeaseTable {
  private leases = new Map<number, Lease>();

  get size(): number {
    return this.leases.size;
  }

  get(id: number): Lease | undefined {
    return this.leases.get(id);
  }

  /** Leases in id order, for the UI. */
  list(): Lease[] {
    return [...this.leases.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * etcd lessor.Grant: id 0 (NoLease) is rejected with ErrLeaseNotFound, an existing id with
   * ErrLeaseExists. (etcd picks an id when the client sends 0; that needs the leader's id
   * generator, so here the client always chooses.)
   */
  grant(id: number, ttlMs: number, nowMs?: number): 'ErrLeaseNotFound' | 'ErrLeaseExists' | Lease {
    if (id <= 0) return 'ErrLeaseNotFound';
    if (this.leases.has(id)) return 'ErrLeaseExists';
    const lease = new Lease(id, ttlMs, nowMs === undefined ? null : nowMs + ttlMs);
    this.leases.set(id, lease);
    return lease;
  }

  /** etcd lessor.Renew: expiry = now + TTL. Without a clock reading the expiry is unchanged. */
  keepAlive(id: number, nowMs?: number): Lease | undefined {
    const lease = this.leases.get(id);
    if (lease && nowMs !== undefined) lease.expiryMs = nowMs + lease.ttlMs;
    return lease;
  }

  /** Remove the lease; the caller deletes its keys (in one revision) first. */
  remove(id: number): void {
    this.leases.delete(id);
  }

  attach(id: number, key: string): void {
    this.leases.get(id)?.keys.set(key, true);
  }

  detach(id: number, key: string): void {
    this.leases.get(id)?.keys.delete(key);
  }

  /**
   * Leases whose local expiry is at or before `nowMs`, earliest first (ties by id): what the
   * leader should propose to revoke. A pure query: nothing changes until the revokes apply.
   */
  expiredLeases(nowMs: number): number[] {
    if (this.leases.size === 0) return []; // the lessor asks often, most runs hold no lease
    const out: Lease[] = [];
    for (const l of this.leases.values()) if (l.expiryMs !== null && l.expiryMs <= nowMs) out.push(l);
    out.sort((a, b) => a.expiryMs! - b.expiryMs! || a.id - b.id);
    return out.map((l) => l.id);
  }

  /**
   * etcd lessor.Promote(extend): a member that becomes leader restarts every lease's clock at
   * now + extend + TTL. Why: expiry times are local and keep-alives went to the old leader (in
   * etcd they are not even replicated), so this member's readings may be stale; and clients
   * could not reach any leader during the election. Without the refresh the new leader would
   * revoke leases whose owners were alive. It is a local, non-replicated change: it alters
   * only when this leader will propose revokes, never the applied state.
   */
  promote(nowMs: number, extendMs = 0): void {
    for (const l of this.leases.values()) l.expiryMs = nowMs + extendMs + l.ttlMs;
  }

  /** etcd lessor.Demote: a follower does not expire leases (expiry "forever"). */
  demote(): void {
    for (const l of this.leases.values()) l.expiryMs = null;
  }

  toJSON(): LeaseTuple[] {
    return this.list().map((l) => [l.id, l.ttlMs, l.expiryMs, [...l.keys.keys()].sort()]);
  }

  static fromJSON(data: LeaseTuple[]): LeaseTable {
    const t = new LeaseTable();
    for (const [id, ttlMs, expiryMs, keys] of data) {
      const l = new Lease(id, ttlMs, expiryMs);
      for (const k of keys) l.keys.set(k, true);
      t.leases.set(id, l);
    }
    return t;
  }
}

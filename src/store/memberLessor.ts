/**
 * The lease duties of an etcd member (etcd's lessor, as the server drives it): leases expire by
 * the leader's clock only, after it has promoted its lessor; an expired lease is revoked
 * through the log, never renewed; a TTL below the minimum is raised. Auto-compaction rides on
 * the same leader-only timer, as etcd's compactor runs on the leader.
 */
import type { RawNode } from '../raft/rawnode';
import type { MvccStore } from './mvcc';
import type { KvRequest } from './types';

export interface LessorConfig {
  /** One Raft tick, µs, and the election timeout in ticks. */
  tick: number;
  electionTicks: number;
  /** Revisions of history to keep (0 = never compact). */
  autoCompact: number;
}

export class MemberLessor {
  /** This leader's lessor is primary: it has applied its first entry and may expire leases. */
  promoted = false;
  /** Expired leases whose revoke this leader has proposed. */
  revoking = new Set<number>();
  /** The last compaction this leader proposed (auto-compaction). */
  compactProposed = 0;

  constructor(private readonly config: LessorConfig) {}

  /** The member became leader: what the last leader was revoking is for it to find again. */
  elected(): void {
    this.revoking.clear();
  }

  /**
   * etcd applyEntryNormal: when the leader applies the empty entry of its term (so every entry
   * of earlier terms is applied) it promotes its lessor, restarting every lease's clock at
   * now + election timeout + TTL: keep-alives went to the old leader, and clients could not
   * reach any leader during the election.
   */
  promote(store: MvccStore, nowMs: number): void {
    store.promoteLeases(nowMs, (this.config.electionTicks * this.config.tick) / 1000);
    this.promoted = true;
  }

  /** etcd lessor.Demote: only the primary lessor expires leases. */
  demote(store: MvccStore): void {
    this.promoted = false;
    store.demoteLeases();
  }

  /**
   * etcd lessor.Grant raises a TTL below the minimum, (3 * electionTicks / 2) heartbeats, so a
   * lease outlives a leader election. Every member applies the same clamp (same config).
   */
  clamp(req: KvRequest): KvRequest {
    if (req.type !== 'lease-grant') return req;
    const min = Math.floor((3 * this.config.electionTicks) / 2) * (this.config.tick / 1000);
    return req.ttlMs >= min ? req : { ...req, ttlMs: min };
  }

  /**
   * etcd lessor.Renew: the primary refuses to renew a lease it has seen expire (its revoke is
   * pending), answering ErrLeaseNotFound; a keep-alive must not revive it.
   */
  refusesRenewal(store: MvccStore, req: KvRequest, clock: { now(): number }): boolean {
    if (req.type !== 'lease-keepalive' || !this.promoted) return false;
    // The clock is read only here: every write reaches this check, few are keep-alives.
    return store.expiredLeases(Math.floor(clock.now() / 1000)).includes(req.id);
  }

  /** The leader's periodic check: auto-compaction, then a revoke for each expired lease. */
  check(store: MvccStore, raft: RawNode, nowMs: number): void {
    this.autoCompact(store, raft);
    if (!this.promoted) return;
    for (const id of store.expiredLeases(nowMs)) {
      if (this.revoking.has(id)) continue;
      // The revoke goes through the log like any write, so every member deletes the keys.
      if (raft.propose(`lease-revoke ${id}`)) this.revoking.add(id);
    }
  }

  /**
   * etcd's revision auto-compaction: once history runs `autoCompact` revisions past the last
   * compaction, compact to keep only the latest `autoCompact`, through the log like any write.
   */
  private autoCompact(store: MvccStore, raft: RawNode): void {
    const keep = this.config.autoCompact;
    const rev = store.currentRevision;
    if (keep > 0 && rev - Math.max(store.compactRevision, this.compactProposed) > 2 * keep) {
      if (raft.propose(`compact ${rev - keep}`)) this.compactProposed = rev - keep;
    }
  }
}

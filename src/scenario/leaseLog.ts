/**
 * Records, from the members' events, every `lease-revoke` entry that ended a lease: when its
 * leader proposed it, when a member first applied it, and which keys it deleted. The lease and
 * linearizability checks read these (src/check/leaseHistory.ts explains why).
 *
 * "First applied" is the first time any member applies a log index. Every member applies the
 * same committed entries in the same order to the same deterministic store, so the store's
 * revision after index i is the same everywhere: remembering it at each first apply gives the
 * revision just before a revoke, and the keys live then but deleted by the revoke are exactly
 * the keys it removed (etcd deletes them all in one revision). Replays after a restart apply
 * indexes already seen and are ignored.
 *
 * Plain data: it lives in the world state, so rewinds restore it too.
 */
import type { LeaseRevocation } from '../check/leaseHistory';
import type { MvccStore } from '../store/mvcc';

const REVOKE = /^lease-revoke (\d+)$/;
const GRANT = /^lease-grant (\d+) /;
const LOWER_L = 0x6c; // 'l', as in lease-revoke

export class LeaseLog {
  revocations: LeaseRevocation[] = [];
  /** The highest log index any member has applied, and the store's revision after it. */
  applied = 0;
  revision = 1;
  /** Leases granted and not yet revoked, as of index `applied`. */
  live = new Map<number, true>();
  /** When a leader appended a `lease-revoke` entry not yet applied anywhere, by "index/term". */
  appends = new Map<string, number>();

  /** A leader appended entries to its log (its proposals). */
  appended(entries: readonly { index: number; term: number; data: string }[], atMs: number): void {
    // Runs on every append of every leader: an indexed loop, and one character rules out most.
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.data.charCodeAt(0) === LOWER_L && e.data.startsWith('lease-revoke') && REVOKE.test(e.data)) this.appends.set(`${e.index}/${e.term}`, atMs);
    }
  }

  /**
   * A member applied `index` (call only when index > applied). `store` is its store just after
   * the apply; `leaders` says when each term's leader was elected.
   */
  firstApply(store: MvccStore, index: number, term: number, command: string, atMs: number, leaders: readonly { term: number; atMs: number }[]): void {
    const before = this.revision;
    this.applied = index;
    this.revision = store.currentRevision;
    if (!command.startsWith('lease-')) return;
    const grant = GRANT.exec(command);
    if (grant) {
      const id = Number(grant[1]);
      if (store.leases.some((l) => l.id === id)) this.live.set(id, true);
      return;
    }
    const revoke = REVOKE.exec(command);
    if (!revoke) return;
    const lease = Number(revoke[1]);
    const proposedMs = this.appends.get(`${index}/${term}`) ?? null;
    for (const k of this.appends.keys()) if (Number(k.slice(0, k.indexOf('/'))) <= index) this.appends.delete(k);
    // A revoke of a lease that no longer exists (a second revoke, or one racing an expiry)
    // fails with ErrLeaseNotFound and changes nothing.
    if (!this.live.delete(lease)) return;
    const deleted = this.revision > before ? deletedAt(store, before) : [];
    this.revocations.push({
      lease,
      index,
      term,
      proposedMs,
      fromMs: proposedMs ?? electedAt(leaders, term, atMs),
      appliedMs: atMs,
      revision: deleted.length > 0 ? this.revision : null,
      deleted,
    });
  }
}

/** When the leader of `term` was elected (its latest record), else `fallback`. */
function electedAt(leaders: readonly { term: number; atMs: number }[], term: number, fallback: number): number {
  for (let i = leaders.length - 1; i >= 0; i--) if (leaders[i].term === term) return leaders[i].atMs;
  return fallback;
}

/** Keys live at revision `before` and absent now: what the write after `before` deleted. */
function deletedAt(store: MvccStore, before: number): { key: string; value: string }[] {
  const then = store.apply({ type: 'range', key: '', rangeEnd: '\0', revision: before });
  return (then.kvs ?? []).filter((kv) => store.get(kv.key) === undefined).map((kv) => ({ key: kv.key, value: kv.value }));
}

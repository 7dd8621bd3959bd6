/**
 * Lease revokes as the register model sees them.
 *
 * A `lease-revoke` is a Raft entry, whoever asked for it: a client (etcd LeaseRevoke), or the
 * leader when the lease's TTL ran out (etcd's lessor proposes the revoke; followers never
 * expire anything). Applying it deletes every key attached to the lease in one revision
 * (etcd lessor.Revoke). To a reader that is a delete of each of those keys at one point of the
 * log order, so the run records each revoke that took effect (`LeaseRevocation`) and the
 * linearizability check adds one delete per deleted key. Without them a get that returns
 * null after a put would be a false alarm.
 *
 * Interval of that delete: it takes effect when the entry commits, which is after the leader
 * appended it to its log and before any member applied it. So [proposedMs, appliedMs] holds
 * the real point; `fromMs` falls back to the election of the entry's term when the append was
 * not seen (still a sound, if looser, lower bound).
 */
import type { HistoryOp } from './history';

export interface LeaseRevocation {
  lease: number;
  /** Log position of the `lease-revoke` entry that ended the lease. */
  index: number;
  term: number;
  /** When the leader of `term` appended the entry (its proposal), if the run saw it. */
  proposedMs: number | null;
  /** Earliest time the revoke can have taken effect (proposedMs, else the term's election). */
  fromMs: number;
  /** When a member first applied the entry: it had taken effect by then. */
  appliedMs: number;
  /** The revision of the deletes (null when the lease had no keys: nothing was deleted). */
  revision: number | null;
  /** The keys it deleted, with the values they held just before. */
  deleted: { key: string; value: string }[];
}

/** Client name of the delete ops a revoke contributes to the register model. */
export function revokeClient(lease: number): string {
  return `revoke:${lease}`;
}

/** The lease whose revoke a client name stands for (see revokeClient), else null. */
export function revokedLease(client: string): number | null {
  const m = /^revoke:(\d+)$/.exec(client);
  return m ? Number(m[1]) : null;
}

/** One delete per key each revoke removed, for checkLinearizable. */
export function revocationDeletes(revocations: readonly LeaseRevocation[]): HistoryOp[] {
  const out: HistoryOp[] = [];
  for (const r of revocations) {
    for (const d of r.deleted) {
      out.push({
        client: revokeClient(r.lease),
        op: 'delete',
        key: d.key,
        value: null,
        expected: null,
        invokeMs: r.fromMs,
        completeMs: r.appliedMs,
        ok: true,
        result: null,
        lease: r.lease,
      });
    }
  }
  return out;
}

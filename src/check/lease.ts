/**
 * Lease safety, as etcd's lease API promises it (etcd api_guarantees, "Lease"; lessor.go):
 *
 * - `lease-early-expiry`: the leader revokes a lease for expiry only once its TTL has run out
 *   since the last renewal (grant or keep-alive) that took effect. From the client's side: an
 *   expiry revoke is proposed no earlier than TTL after the *invocation* of any renewal that
 *   was acknowledged before the proposal. Expiry runs on the leader's clock, so a clock that
 *   runs fast shortens it: with clock rates up to `maxClockRate`, the bound is TTL/rate (etcd
 *   documents the same caveat: leases assume bounded clock drift). Revokes a client may have
 *   asked for are not judged here.
 * - `lease-used-after-revoke`: once a revoke has applied, the lease is gone: a keep-alive, or a
 *   put attached to it, invoked later fails with "requested lease not found"
 *   (ErrLeaseNotFound), unless a new grant of the same id may have come in between.
 * - `lease-key-after-revoke`: a key written with a lease is deleted by the lease's revoke, in
 *   the same revision (lessor.Revoke): a read invoked after the revoke applied never returns a
 *   value that only puts attached to that lease wrote.
 * - `lease-revoke-scope`: a revoke deletes only keys attached to its lease: each key it deleted
 *   held a value some put wrote with that lease.
 *
 * Input: the client history (lease ops and puts with `lease`) and the revokes that took effect,
 * recorded from the log (leaseHistory.ts). A client's acknowledged revoke also counts as a
 * revoke point (it applied before the answer), so a hand-made history can be checked alone.
 */
import { describeOp, formatMs, type HistoryOp } from './history';
import type { LeaseRevocation } from './leaseHistory';

export type LeaseRule = 'lease-early-expiry' | 'lease-used-after-revoke' | 'lease-key-after-revoke' | 'lease-revoke-scope';

export interface LeaseViolation {
  rule: LeaseRule;
  lease: number;
  message: string;
}

export interface LeaseCheckOptions {
  /** The fastest clock rate any member ran at during the run (1 = true time). */
  maxClockRate?: number;
}

export interface LeaseResult {
  ok: boolean;
  detail: string;
  violations: LeaseViolation[];
}

/** Violations listed before the rest are only counted. */
const MAX_LISTED = 20;
/** The lessor reads its clock in whole ms (Math.floor): expiry may land up to 1 ms early. */
const CLOCK_GRAIN_MS = 1;

const acked = (op: HistoryOp): boolean => op.completeMs !== null && op.ok && op.error === undefined;
/** Completed with an error or a refusal: it surely did not take effect. */
const failed = (op: HistoryOp): boolean => op.completeMs !== null && (!op.ok || op.error !== undefined);

/** A revoke that took effect: the lease is gone from `atMs` on, until a new grant of its id. */
interface RevokePoint {
  lease: number;
  /** It had applied by then. */
  atMs: number;
  /** It cannot have applied before then (a re-grant may follow it from here). */
  fromMs: number;
  what: string;
}

export function checkLeases(history: readonly HistoryOp[], revocations: readonly LeaseRevocation[], opts: LeaseCheckOptions = {}): LeaseResult {
  const rate = Math.max(1, opts.maxClockRate ?? 1);
  const violations: LeaseViolation[] = [];
  let total = 0;
  const report = (rule: LeaseRule, lease: number, message: string): void => {
    total++;
    if (violations.length < MAX_LISTED) violations.push({ rule, lease, message });
  };

  // One pass over the history: ops per lease, and the client revokes that were acknowledged.
  const byLease = new Map<number, HistoryOp[]>();
  const clientRevokes: HistoryOp[] = [];
  for (const op of history) {
    if (op.lease === undefined) continue;
    if (op.op === 'lease-revoke' && acked(op)) clientRevokes.push(op);
    if (op.lease === 0) continue;
    let list = byLease.get(op.lease);
    if (list === undefined) byLease.set(op.lease, (list = []));
    list.push(op);
  }
  const opsOf = (lease: number): HistoryOp[] => byLease.get(lease) ?? [];

  // Revoke points per lease, in time order; grants per lease (few: one per generation).
  const points = new Map<number, RevokePoint[]>();
  const addPoint = (p: RevokePoint): void => {
    const list = points.get(p.lease);
    if (list === undefined) points.set(p.lease, [p]);
    else list.push(p);
  };
  for (const r of revocations) addPoint({ lease: r.lease, atMs: r.appliedMs, fromMs: r.fromMs, what: `revoke of lease ${r.lease} applied at ${formatMs(r.appliedMs)}` });
  for (const op of clientRevokes) addPoint({ lease: op.lease!, atMs: op.completeMs!, fromMs: op.invokeMs, what: describeOp(op) });
  for (const list of points.values()) list.sort((a, b) => a.atMs - b.atMs);
  const grants = new Map<number, HistoryOp[]>();
  for (const [lease, ops] of byLease) grants.set(lease, ops.filter((g) => g.op === 'lease-grant' && !failed(g)));

  /** A grant of `lease` that may have taken effect after `afterMs` and before `beforeMs`. */
  const mayRegrant = (lease: number, afterMs: number, beforeMs: number): boolean =>
    (grants.get(lease) ?? []).some((g) => g.invokeMs < beforeMs && (g.completeMs === null || g.completeMs > afterMs));
  /** The last revoke point of `lease` before `ms` (binary search). */
  const lastRevokeBefore = (lease: number, ms: number): RevokePoint | undefined => {
    const list = points.get(lease);
    if (list === undefined) return undefined;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].atMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1] : undefined;
  };

  checkEarlyExpiry(revocations, opsOf, rate, report);

  // lease-used-after-revoke
  for (const [lease, ops] of byLease) {
    for (const op of ops) {
      if (!acked(op) || (op.op !== 'lease-keepalive' && op.op !== 'put')) continue;
      const p = lastRevokeBefore(lease, op.invokeMs);
      if (p && !mayRegrant(lease, p.fromMs, op.completeMs!)) {
        report('lease-used-after-revoke', lease, `${describeOp(op)} succeeded after the ${p.what}; etcd answers "requested lease not found"`);
      }
    }
  }

  // lease-key-after-revoke: gets that return a value only lease-attached puts wrote; and
  // lease-revoke-scope. Both look up the client writes of a (key, value), but only of pairs that
  // a put attached to a revoked lease wrote, or that a revoke deleted: most runs have none.
  const wanted = new PairMap<HistoryOp[]>();
  for (const [lease, ops] of byLease) {
    if (!points.has(lease)) continue;
    for (const op of ops) if (op.op === 'put' && op.value !== null && !failed(op)) wanted.add(op.key, op.value, []);
  }
  const leasedPairs = wanted.size;
  for (const r of revocations) for (const d of r.deleted) wanted.add(d.key, d.value, []);
  if (wanted.size > 0) {
    for (const op of history) {
      if ((op.op !== 'put' && op.op !== 'cas') || op.value === null || failed(op)) continue;
      wanted.get(op.key, op.value)?.push(op);
    }
  }
  const writers = (key: string, value: string): HistoryOp[] | undefined => {
    const list = wanted.get(key, value);
    return list === undefined || list.length === 0 ? undefined : list;
  };
  if (leasedPairs > 0) {
    for (const get of history) {
      if (get.op !== 'get' || !acked(get) || get.result === null) continue;
      const puts = writers(get.key, get.result);
      if (puts === undefined) continue; // a value no recorded client wrote: not judged here
      let gone: RevokePoint | undefined;
      for (const put of puts) {
        const lease = put.op === 'put' ? put.lease : undefined;
        const p = lease ? lastRevokeBefore(lease, get.invokeMs) : undefined;
        // This put's value may still be live: no lease, no revoke yet, or a re-grant since.
        if (!lease || !p || mayRegrant(lease, p.fromMs, get.completeMs!)) {
          gone = undefined;
          break;
        }
        gone = p;
      }
      if (gone) report('lease-key-after-revoke', gone.lease, `${describeOp(get)} reads a value written with lease ${gone.lease}, after the ${gone.what}`);
    }
  }

  // lease-revoke-scope
  for (const r of revocations) {
    for (const d of r.deleted) {
      const puts = writers(d.key, d.value);
      if (puts === undefined) continue;
      if (!puts.some((p) => p.op === 'put' && p.lease === r.lease)) {
        report('lease-revoke-scope', r.lease, `the revoke of lease ${r.lease} (index ${r.index}) deleted ${d.key}=${d.value}, which no put attached to that lease`);
      }
    }
  }

  const leases = new Set([...byLease.keys(), ...revocations.map((r) => r.lease)]).size;
  const expired = revocations.filter((r) => !clientMayHaveRevoked(r, opsOf(r.lease))).length;
  const head = `${leases} lease${leases === 1 ? '' : 's'}, ${revocations.length} revoke${revocations.length === 1 ? '' : 's'} (${expired} by expiry)`;
  if (total === 0) return { ok: true, detail: `${head}: ok`, violations };
  return { ok: false, detail: `${head}: ${total} violation${total === 1 ? '' : 's'}; first: ${violations[0].rule}: ${violations[0].message}`, violations };
}

/** A client revoke that was invoked before this revoke applied and did not surely fail. */
function clientMayHaveRevoked(r: LeaseRevocation, ops: HistoryOp[]): boolean {
  return ops.some((op) => op.op === 'lease-revoke' && !failed(op) && op.invokeMs <= r.appliedMs);
}

function checkEarlyExpiry(
  revocations: readonly LeaseRevocation[],
  opsOf: (lease: number) => HistoryOp[],
  rate: number,
  report: (rule: LeaseRule, lease: number, message: string) => void,
): void {
  for (const r of revocations) {
    if (r.proposedMs === null) continue; // when the leader decided is unknown: not judged
    const ops = opsOf(r.lease);
    if (clientMayHaveRevoked(r, ops)) continue;
    // Renewals of this generation of the lease, acknowledged before the leader proposed.
    let previous = -Infinity;
    for (const x of revocations) if (x.lease === r.lease && x.appliedMs < r.appliedMs) previous = Math.max(previous, x.appliedMs);
    let binding: { op: HistoryOp; untilMs: number } | null = null;
    for (const op of ops) {
      if ((op.op !== 'lease-grant' && op.op !== 'lease-keepalive') || !acked(op) || op.ttlMs === undefined) continue;
      if (op.completeMs! >= r.proposedMs || op.invokeMs < previous) continue;
      const untilMs = op.invokeMs + (op.ttlMs - CLOCK_GRAIN_MS) / rate;
      if (binding === null || untilMs > binding.untilMs) binding = { op, untilMs };
    }
    if (binding && r.proposedMs < binding.untilMs) {
      const skew = rate > 1 ? ` (clocks up to ${rate}× fast)` : '';
      report(
        'lease-early-expiry',
        r.lease,
        `the leader proposed the expiry revoke of lease ${r.lease} at ${formatMs(r.proposedMs)}, but ${describeOp(binding.op)} renewed it until ${formatMs(binding.untilMs)}${skew}`,
      );
    }
  }
}

/** A map keyed by (key, value) pairs, without building a string per lookup. */
class PairMap<T> {
  private readonly byKey = new Map<string, Map<string, T>>();
  size = 0;
  /** Sets `item` for the pair unless it has one already. */
  add(key: string, value: string, item: T): void {
    let m = this.byKey.get(key);
    if (m === undefined) this.byKey.set(key, (m = new Map()));
    if (m.has(value)) return;
    m.set(value, item);
    this.size++;
  }
  get(key: string, value: string): T | undefined {
    return this.byKey.get(key)?.get(value);
  }
}

/**
 * The client history record, exactly as DESIGN.md's JSON report carries it (`history: [...]`).
 *
 * Semantics (etcd register model, one register per key, every key initially absent = null):
 * - put sets key = value (ok true); delete makes the key absent;
 * - get: `result` is the value read (null when absent);
 * - cas(key, expected, value): if current == expected (expected null = key absent) then set
 *   value and ok = true, else ok = false and nothing changes;
 * - `completeMs: null` = outcome unknown: the op may have taken effect at any point after
 *   invokeMs, or never (a get with an unknown outcome tells us nothing and is ignored);
 * - `ok: false` on a completed put/delete/get = it definitely failed (did not take effect);
 * - `error` set on a completed op = it surely never took effect (e.g. no leader would take it),
 *   whatever its kind: it carries no constraint. For a cas, `ok: false` without `error` means
 *   the compare failed.
 * - a put with `lease` attaches the key to that lease; revoking the lease (by a client, or by
 *   the leader when it expires) deletes the key. Those deletes are not client ops: the run
 *   records them from the log (see leaseHistory.ts) and adds them to the register model.
 */
export type RegisterOpKind = 'put' | 'get' | 'delete' | 'cas';
/**
 * etcd lease requests (LeaseGrant, LeaseKeepAlive, LeaseRevoke). They name no key: `key` is ""
 * and `lease` is the lease id. A grant's `ttlMs` is the TTL asked for (after etcd's minimum).
 * The register model ignores them; the lease checker (lease.ts) reads them.
 */
export type LeaseOpKind = 'lease-grant' | 'lease-keepalive' | 'lease-revoke';
export type OpKind = RegisterOpKind | LeaseOpKind;

export interface HistoryOp {
  client: string;
  op: OpKind;
  key: string;
  value: string | null;
  expected: string | null;
  invokeMs: number;
  completeMs: number | null;
  ok: boolean;
  result: string | null;
  /** Why a completed op surely did not take effect (absent when it did, or may have). */
  error?: string;
  /** put: the lease the key is attached to (etcd PutRequest.lease); lease ops: the lease id. */
  lease?: number;
  /** lease-grant: the TTL in ms. */
  ttlMs?: number;
}

export function isLeaseOp(op: HistoryOp): boolean {
  return op.op === 'lease-grant' || op.op === 'lease-keepalive' || op.op === 'lease-revoke';
}

/** Milliseconds as seconds with 3 decimals ("12.004s"), for human-readable verdicts. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '?';
  return `${(ms / 1000).toFixed(3)}s`;
}

function show(v: string | null): string {
  return v === null ? '∅' : v;
}

/** One op in a line: "c1 get x → 1 [4.000s–5.000s]". */
export function describeOp(op: HistoryOp): string {
  let what: string;
  switch (op.op) {
    case 'put':
      what = `put ${op.key} ${show(op.value)}${op.lease ? ` (lease ${op.lease})` : ''}`;
      break;
    case 'delete':
      what = `delete ${op.key}`;
      break;
    case 'get':
      what = `get ${op.key} → ${show(op.result)}`;
      break;
    case 'cas':
      what = `cas ${op.key} ${show(op.expected)}→${show(op.value)}`;
      if (op.completeMs !== null) what += op.ok ? ' ok' : ' failed';
      break;
    case 'lease-grant':
      what = `lease-grant ${op.lease} ttl ${op.ttlMs}ms`;
      break;
    case 'lease-keepalive':
    case 'lease-revoke':
      what = `${op.op} ${op.lease}`;
      break;
  }
  if (op.error !== undefined && op.completeMs !== null) what += ` (${op.error})`;
  const span = `[${formatMs(op.invokeMs)}–${formatMs(op.completeMs)}]`;
  const unknown = op.completeMs === null ? ' (outcome unknown)' : '';
  return `${op.client} ${what} ${span}${unknown}`;
}

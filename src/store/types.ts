/**
 * The etcd v3 key-value API as plain data: requests (what Raft log entries carry, see
 * `request.ts` for their text form) and responses (what `MvccStore.apply` returns).
 *
 * Field names follow etcd's `etcdserverpb` / `mvccpb` messages in camelCase. Times are integer
 * milliseconds of simulated time; lease TTLs are milliseconds rather than etcd's seconds so a
 * scenario can scale them down.
 */

/** etcd `mvccpb.KeyValue`. `lease` is 0 when the key has no lease (etcd's NoLease). */
export interface KeyValue {
  key: string;
  value: string;
  /** Main revision of the put that created this generation of the key. */
  createRevision: number;
  /** Main revision of the latest change to the key. */
  modRevision: number;
  /** Number of puts in this generation; a delete resets it (the next put has version 1). */
  version: number;
  lease: number;
}

export interface PutRequest {
  type: 'put';
  key: string;
  value: string;
  /** Attach the key to this lease (etcd PutRequest.lease); 0 or absent detaches it. */
  lease?: number;
  /** Return the previous key-value (etcd PutRequest.prev_kv). */
  prevKv?: boolean;
}

export interface RangeRequest {
  type: 'range';
  key: string;
  /** Half-open [key, rangeEnd); '\0' means "every key >= key" (etcd convention). */
  rangeEnd?: string;
  /** Every key starting with `key`; takes precedence over rangeEnd. */
  prefix?: boolean;
  /** Read at this revision (0 or absent = current). */
  revision?: number;
  limit?: number;
  countOnly?: boolean;
  /**
   * etcd serializable read: the member may answer from its local state without a quorum
   * round. It changes nothing in the state machine; it is carried for the member to see.
   */
  serializable?: boolean;
}

export interface DeleteRequest {
  type: 'delete';
  key: string;
  rangeEnd?: string;
  prefix?: boolean;
  prevKv?: boolean;
}

export type CompareResult = '=' | '!=' | '<' | '>';

/**
 * etcd `Compare`: the target of `key` compared with a constant. `create`, `mod` and `version`
 * of an absent key are 0; a `value` compare on an absent key is always false (etcd
 * applyCompare: "always fail if comparing a value on a key that doesn't exist").
 */
export type Compare =
  | { key: string; target: 'value'; result: CompareResult; value: string }
  | { key: string; target: 'version' | 'create' | 'mod' | 'lease'; result: CompareResult; value: number };

export type CompareTarget = Compare['target'];

/** An operation inside a txn branch (etcd RequestOp without nested txns). */
export type Op = PutRequest | RangeRequest | DeleteRequest;

export interface TxnRequest {
  type: 'txn';
  compare: Compare[];
  success: Op[];
  failure: Op[];
}

export interface CompactRequest {
  type: 'compact';
  revision: number;
}

export interface LeaseGrantRequest {
  type: 'lease-grant';
  id: number;
  ttlMs: number;
}

export interface LeaseRevokeRequest {
  type: 'lease-revoke';
  id: number;
}

export interface LeaseKeepAliveRequest {
  type: 'lease-keepalive';
  id: number;
}

/**
 * A read-only query: which leases have expired by `nowMs` on this member's lessor clock.
 * Its answer (`expired`) is what the leader turns into `lease-revoke` proposals; it never
 * changes state, so replaying it anywhere is harmless.
 */
export interface LeaseExpireCheckRequest {
  type: 'lease-expire-check';
  nowMs: number;
}

export type KvRequest =
  | PutRequest
  | RangeRequest
  | DeleteRequest
  | TxnRequest
  | CompactRequest
  | LeaseGrantRequest
  | LeaseRevokeRequest
  | LeaseKeepAliveRequest
  | LeaseExpireCheckRequest;

export type KvRequestType = KvRequest['type'];

/** Errors named after etcd's (mvcc.ErrCompacted, rpctypes.ErrGRPCFutureRev, lease.ErrLeaseNotFound...). */
export type KvError =
  | 'ErrCompacted'
  | 'ErrFutureRev'
  | 'ErrLeaseNotFound'
  | 'ErrLeaseExists'
  | 'ErrEmptyKey'
  | 'ErrDuplicateKey';

/**
 * One response shape for every request; fields not relevant to the request are absent.
 * `header.revision` is the store's revision after the request (etcd ResponseHeader.revision).
 */
export interface KvResponse {
  header: { revision: number };
  error?: KvError;
  /** range */
  kvs?: KeyValue[];
  count?: number;
  more?: boolean;
  /** put with prevKv */
  prevKv?: KeyValue;
  /** delete, lease-revoke */
  deleted?: number;
  prevKvs?: KeyValue[];
  /** txn */
  succeeded?: boolean;
  responses?: KvResponse[];
  /** compact, or an ErrCompacted read: the store's compact revision */
  compactRevision?: number;
  /** lease-grant, lease-keepalive */
  leaseId?: number;
  ttlMs?: number;
  /** lease-expire-check: expired lease ids, earliest expiry first */
  expired?: number[];
}

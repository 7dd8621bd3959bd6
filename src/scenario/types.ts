/**
 * The scenario: one format for files, share links, tests and the UI (DESIGN.md).
 * These are the parsed, typed forms; times are integer microseconds.
 */
import type { LatencyDist } from '../sim/network';
import type { Micros } from '../sim/time';

export interface NodeSpec {
  id: string;
  zone?: string;
}

export interface RaftOptions {
  /** etcd --heartbeat-interval (default 100ms): one Raft tick. */
  heartbeat: Micros;
  /** etcd --election-timeout (default 1000ms). */
  electionTimeout: Micros;
  preVote: boolean;
  checkQuorum: boolean;
  /** Take a snapshot and compact the log every N applied entries (etcd --snapshot-count). */
  snapshotEvery: number;
  maxInflight: number;
  /** 'safe' = ReadIndex; 'lease-based' trusts bounded clock drift. */
  readOnly: 'safe' | 'lease-based';
}

export interface NetworkOptions {
  latency: LatencyDist | null;
  jitter: Micros;
  loss: number;
  duplicate: number;
}

export interface ClientSpec {
  id: string;
  workload: 'register' | 'none';
  keys: number;
  /** Operations per second (0 = only scripted actions). */
  rate: number;
  /** Give up on a request after this long: its outcome is then unknown. */
  timeout: Micros;
  /** Also watch every key; the watch checker compares what the watchers saw. */
  watch: boolean;
  /**
   * Also hold etcd lease sessions (clientv3 concurrency.Session): grant a lease with this TTL,
   * keep it alive, attach some puts to it, then revoke it or let it expire. Absent: no leases.
   */
  leases?: { ttl: Micros };
}

/**
 * One fault the nemesis injects at a time. The first seven are blind and short; `split-vote`
 * and `figure8` are plays: multi-step faults that watch the cluster (as an operator's
 * dashboard would: leaders, terms, log indexes) to time their steps (docs/scenarios.md).
 */
export type NemesisFault = 'partition' | 'kill' | 'pause' | 'skew' | 'loss' | 'clog' | 'elect' | 'split-vote' | 'figure8';

export interface NemesisSpec {
  faults: NemesisFault[];
  /** Mean time between faults. */
  interval: Micros;
  /** Faults stop this long before the end so the cluster must recover (a liveness phase). */
  quiet: Micros;
  swarm: boolean;
}

/** A node selector: an id, "@leader" (resolved when the action runs) or "*". */
export type Selector = string;

interface At {
  at: Micros;
}

export type Action = At &
  (
    | { do: 'partition'; groups: Selector[][] }
    | { do: 'heal' }
    | { do: 'cut'; from: Selector; to: Selector }
    | { do: 'isolate'; node: Selector }
    | { do: 'link'; from: Selector; to: Selector; latency?: LatencyDist; jitter?: Micros; loss?: number; duplicate?: number }
    | { do: 'clog'; from: Selector; to: Selector; for: Micros }
    | { do: 'hold'; from?: Selector; to?: Selector; type?: string }
    | { do: 'release'; from?: Selector; to?: Selector; type?: string }
    | { do: 'deliver'; msg: number }
    | { do: 'drop'; msg: number }
    | { do: 'duplicate'; msg: number }
    | { do: 'crash' | 'restart' | 'pause' | 'resume' | 'timeout'; node: Selector }
    | { do: 'skew'; node: Selector; rate: number }
    | { do: 'probe'; label: string }
    | { do: 'transfer'; to: Selector }
    | { do: 'add-member'; node: string; learner?: boolean; zone?: string }
    | { do: 'remove-member'; node: Selector }
    | { do: 'put'; key: string; value: string; lease?: number; client?: string }
    | { do: 'get'; key: string; client?: string }
    | { do: 'delete'; key: string; client?: string }
    | { do: 'cas'; key: string; expected: string | null; value: string; client?: string }
    | { do: 'compact'; revision?: number }
    | { do: 'lease-grant'; id?: number; ttl: Micros; client?: string }
    | { do: 'lease-keepalive' | 'lease-revoke'; id: number; client?: string }
    | { do: 'bug'; name: string; on: boolean }
    | { do: 'nemesis'; on: boolean }
  );

export type ActionKind = Action['do'];

/** An action without its time: what the UI, the console and the nemesis perform "now". */
export type ActionInput = Action extends infer A ? (A extends Action ? Omit<A, 'at'> : never) : never;

export interface Scenario {
  name: string;
  description?: string;
  seed: number;
  duration: Micros;
  nodes: NodeSpec[];
  raft: RaftOptions;
  network: NetworkOptions;
  /** How long an fsync takes on every node's disk. */
  fsync: Micros;
  /** Keep this many revisions of history; the leader compacts older ones (0 = never). */
  autoCompact: number;
  clients: ClientSpec[];
  actions: Action[];
  nemesis: NemesisSpec | null;
  bugs: string[];
}

export const PLANTED_BUGS = ['commit-old-term', 'vote-without-log-check', 'ack-before-fsync', 'stale-read', 'forget-vote'] as const;

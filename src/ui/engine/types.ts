/**
 * The one seam between the explorer and the simulation underneath it.
 *
 * Everything the UI reads or does to a run goes through `Engine`, so the panels never care
 * whether they drive the full etcd `Simulation` or the kernel-only ping world used before it.
 */
import type { Action, Scenario } from '../../scenario/types';
import type { LeaderRecord, StateReport, CheckReport } from '../../scenario/report';
import type { HistoryOp } from '../../check/history';
import type { RaftStatus } from '../../raft/types';
import type { KeyValue } from '../../store/types';
import type { LeaseView } from './storeView';
import type { World } from '../../sim/world';
import type { Micros } from '../../sim/time';

/** An action without its time: the engine stamps it with `now`. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type UserAction = DistributiveOmit<Action, 'at'>;

export interface Engine {
  /** 'raft' drives real etcd members; 'ping' is the kernel fixture (no roles, no log). */
  readonly kind: 'raft' | 'ping';
  readonly scenario: Scenario;
  readonly world: World;
  readonly now: Micros;
  runUntil(us: Micros): void;
  step(): boolean;
  nextEventAt(): Micros | undefined;
  /** Appends `{at: now, ...action}` to the timeline and applies it (throws ScenarioError). */
  perform(action: UserAction): void;
  describe(): StateReport;
  raftStatus(node: string): RaftStatus | null;
  /** A member's live keys with their MVCC revisions; null when it is down or has no store. */
  keyRevisions(node: string): KeyValue[] | null;
  /** A member's leases (id, TTL, attached keys); null when it is down or has no store. */
  leases(node: string): LeaseView[] | null;
  history(): HistoryOp[];
  leaders(): LeaderRecord[];
  checks(): Record<string, CheckReport>;
  traceHash(): string;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
  /** The scenario as JSON, actions included: what export and share links carry. */
  shareable(): object;
}

/** Builds a fresh engine from scenario JSON (throws ScenarioError on bad input). */
export type EngineFactory = (json: unknown) => Engine;

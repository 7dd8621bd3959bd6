/**
 * The JSON report of DESIGN.md. Other tools read it: these names are fixed; add fields freely,
 * never rename.
 */
import type { HistoryOp } from '../check/history';

export interface LogEntryReport {
  index: number;
  term: number;
  command: string;
}

export interface NodeReport {
  id: string;
  up: boolean;
  role: 'leader' | 'follower' | 'candidate' | 'pre-candidate' | 'learner';
  /** Extra: set when the member was removed from the cluster. */
  removed?: boolean;
  term: number;
  vote: string | null;
  commit: number;
  applied: number;
  snapshotIndex: number;
  voters: string[];
  log: LogEntryReport[];
  kv: Record<string, string>;
  /** Extra, for the UI: the store's revision, paused, zone. */
  revision?: number;
  paused?: boolean;
  zone?: string;
}

export interface StateReport {
  atMs: number;
  leader: string | null;
  nodes: NodeReport[];
}

export interface LeaderRecord {
  term: number;
  node: string;
  atMs: number;
}

export interface CheckReport {
  ok: boolean;
  detail?: string;
  [extra: string]: unknown;
}

export interface Report {
  scenario: string;
  seed: number;
  traceHash: string;
  simulatedMs: number;
  events: number;
  probes: { label: string; state: StateReport }[];
  final: StateReport;
  leaders: LeaderRecord[];
  history: HistoryOp[];
  checks: Record<string, CheckReport>;
  counters: {
    messagesSent: number;
    messagesDelivered: number;
    messagesDropped: number;
    elections: number;
    snapshotsSent: number;
    [extra: string]: number;
  };
  bugs: string[];
}

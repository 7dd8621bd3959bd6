/**
 * Checkers (DESIGN.md "Checked"): every simulated run is judged by these, and each has a
 * planted bug it is proven to catch (see the *.test.ts files beside them).
 */
import type { HistoryOp } from './history';
import { checkLeases } from './lease';
import { revocationDeletes, type LeaseRevocation } from './leaseHistory';
import { checkLinearizable, type LinearizabilityOptions } from './linearizable';
import type { RaftSafetyChecker } from './raftSafety';
import { checkWatches, type WatchStream } from './watch';

export type { HistoryOp, LeaseOpKind, OpKind, RegisterOpKind } from './history';
export { describeOp, formatMs, isLeaseOp } from './history';
export { checkLeases, type LeaseCheckOptions, type LeaseResult, type LeaseRule, type LeaseViolation } from './lease';
export { revocationDeletes, type LeaseRevocation } from './leaseHistory';
export {
  checkLinearizable,
  type LinearizabilityFailure,
  type LinearizabilityOptions,
  type LinearizabilityResult,
} from './linearizable';
export {
  RaftSafetyChecker,
  type FinalNodeLog,
  type LeaderLogView,
  type LogEntryView,
  type RaftRule,
  type RaftSafetyVerdict,
  type RaftViolation,
} from './raftSafety';
export {
  checkWatches,
  type WatchEvent,
  type WatchResult,
  type WatchRule,
  type WatchStream,
  type WatchViolation,
} from './watch';

/** What the report's `checks` map holds per checker (more fields may ride along). */
export type CheckResult = { ok: boolean; detail: string };

export interface RunChecksInput {
  history?: HistoryOp[];
  raft?: RaftSafetyChecker;
  watches?: WatchStream[];
  linearizable?: LinearizabilityOptions;
  /** Lease revokes that took effect (from the log), and the fastest clock rate in the run. */
  leases?: { revocations: LeaseRevocation[]; maxClockRate?: number };
}

/**
 * Runs whichever checkers have input, under the report's names (`raftSafety`, `linearizable`,
 * `watch`, `lease`). Each entry is the checker's full result, which is a CheckResult.
 */
export function runChecks(input: RunChecksInput): Record<string, CheckResult> {
  const out: Record<string, CheckResult> = {};
  if (input.raft !== undefined) out.raftSafety = input.raft.verdict();
  if (input.history !== undefined) {
    const deletes = revocationDeletes(input.leases?.revocations ?? []);
    out.linearizable = checkLinearizable(deletes.length > 0 ? [...input.history, ...deletes] : input.history, input.linearizable);
  }
  if (input.watches !== undefined) out.watch = checkWatches(input.watches, input.history);
  if (input.leases !== undefined) out.lease = checkLeases(input.history ?? [], input.leases.revocations, { maxClockRate: input.leases.maxClockRate });
  return out;
}

/** True when every check passed. */
export function allPassed(checks: Record<string, CheckResult>): boolean {
  return Object.values(checks).every((c) => c.ok);
}

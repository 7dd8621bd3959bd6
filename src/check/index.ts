/**
 * Checkers (DESIGN.md "Checked"): every simulated run is judged by these, and each has a
 * planted bug it is proven to catch (see the *.test.ts files beside them).
 */
import type { HistoryOp } from './history';
import { checkLinearizable, type LinearizabilityOptions } from './linearizable';
import type { RaftSafetyChecker } from './raftSafety';
import { checkWatches, type WatchStream } from './watch';

export type { HistoryOp, OpKind } from './history';
export { describeOp, formatMs } from './history';
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
}

/**
 * Runs whichever checkers have input, under the report's names (`raftSafety`, `linearizable`,
 * `watch`). Each entry is the checker's full result, which is a CheckResult.
 */
export function runChecks(input: RunChecksInput): Record<string, CheckResult> {
  const out: Record<string, CheckResult> = {};
  if (input.raft !== undefined) out.raftSafety = input.raft.verdict();
  if (input.history !== undefined) out.linearizable = checkLinearizable(input.history, input.linearizable);
  if (input.watches !== undefined) out.watch = checkWatches(input.watches, input.history);
  return out;
}

/** True when every check passed. */
export function allPassed(checks: Record<string, CheckResult>): boolean {
  return Object.values(checks).every((c) => c.ok);
}

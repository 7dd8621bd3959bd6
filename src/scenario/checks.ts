/**
 * The checkers every run reports under `checks`: Raft safety (fed during the run, finished
 * with the final logs) and linearizability of the client history.
 */
import type { HistoryOp } from '../check/history';
import { checkLinearizable } from '../check/linearizable';
import type { World } from '../sim/world';
import { runRecord } from './observe';
import type { CheckReport, StateReport } from './report';

export function runChecks(world: World, final: StateReport, history: HistoryOp[]): Record<string, CheckReport> {
  const safety = runRecord(world).safety;
  safety.finalLogs(
    final.nodes.map((n) => ({ node: n.id, up: n.up, commit: n.commit, snapshotIndex: n.snapshotIndex, entries: n.log })),
  );
  const s = safety.verdict();
  const lin = checkLinearizable(history);
  return {
    raftSafety: { ok: s.ok, detail: s.detail, violations: s.violations },
    linearizable: { ok: lin.ok, detail: lin.detail, ...(lin.failure ? { failure: lin.failure } : {}), ...(lin.undecided ? { undecided: true } : {}) },
  };
}

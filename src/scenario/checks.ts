/**
 * The checkers every run reports under `checks`: Raft safety (fed during the run, finished
 * with the final logs) and linearizability of the client history.
 */
import type { HistoryOp } from '../check/history';
import { checkLinearizable } from '../check/linearizable';
import { checkWatches, type WatchStream } from '../check/watch';
import type { World } from '../sim/world';
import type { EtcdClient } from '../store/client';
import { runRecord } from './observe';
import type { CheckReport, StateReport } from './report';

export function runChecks(world: World, final: StateReport, history: HistoryOp[]): Record<string, CheckReport> {
  const safety = runRecord(world).safety;
  safety.finalLogs(
    final.nodes.map((n) => ({ node: n.id, up: n.up, commit: n.commit, snapshotIndex: n.snapshotIndex, entries: n.log })),
  );
  const s = safety.verdict();
  const lin = checkLinearizable(history);
  const streams: WatchStream[] = [];
  for (const h of world.hosts) {
    const c = h.procs.get('client') as EtcdClient | undefined;
    if (c?.config.watch) streams.push({ watcher: h.id, key: '', events: c.watchEvents });
  }
  const watch = checkWatches(streams, history);
  return {
    raftSafety: { ok: s.ok, detail: s.detail, violations: s.violations },
    watch: { ok: watch.ok, detail: watch.detail, violations: watch.violations },
    linearizable: { ok: lin.ok, detail: lin.detail, ...(lin.failure ? { failure: lin.failure } : {}), ...(lin.undecided ? { undecided: true } : {}) },
  };
}

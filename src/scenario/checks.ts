/**
 * The checkers every run reports under `checks`: Raft safety (fed during the run, finished
 * with the final logs), linearizability of the client history, watches, and lease safety.
 * Keys deleted by lease revokes enter the linearizability check as deletes (leaseHistory.ts).
 */
import type { HistoryOp } from '../check/history';
import { checkLeases } from '../check/lease';
import { revocationDeletes } from '../check/leaseHistory';
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
  const run = runRecord(world);
  const revocations = run.leases.revocations;
  const lin = checkLinearizable(revocations.length > 0 ? [...history, ...revocationDeletes(revocations)] : history);
  const lease = checkLeases(history, revocations, { maxClockRate: run.maxClockRate });
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
    lease: { ok: lease.ok, detail: lease.detail, violations: lease.violations, revocations },
  };
}

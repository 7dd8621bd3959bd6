/**
 * What the simulation learns from its members as the run goes: leaders (for the report's
 * `leaders`), elections and snapshots (counters), the feed of the Raft safety checker, and the
 * lease revokes that took effect (leaseLog.ts).
 * All of it is plain data kept in the world's state, so rewinds restore it too.
 */
import { RaftSafetyChecker } from '../check/raftSafety';
import type { World } from '../sim/world';
import { toMs } from '../sim/time';
import type { EtcdMember } from '../store/member';
import type { AckedEntry, AppliedEntry, LeaderAppend } from '../store/memberEvents';
import { LeaseLog } from './leaseLog';
import { retentionFloor } from './retention';
import type { LeaderRecord } from './report';

export class RunRecord {
  leaders: LeaderRecord[] = [];
  elections = 0;
  snapshotsSent = 0;
  safety = new RaftSafetyChecker();
  probes: { label: string; state: unknown }[] = [];
  /** Timeline actions run so far (an index into scenario.actions). */
  nextAction = 0;
  /** Planted bugs switched on now. */
  bugs: string[] = [];
  nemesisOn = false;
  /** Ids removed from the cluster by remove-member. */
  removed: string[] = [];
  /** Notes for the trace: actions that could not run (e.g. "@leader" with no leader). */
  notes: { atMs: number; text: string }[] = [];
  /** Applies since the safety checker last forgot what every log has compacted. */
  appliesSinceForget = 0;
  /** Lease revokes that took effect, for the lease and linearizability checks. */
  leases = new LeaseLog();
  /** The fastest clock rate a `skew` action has set on any node (1 = true time). */
  maxClockRate = 1;
}

/** How often (in applies, over all members) the safety checker drops compacted history. */
const FORGET_EVERY = 4096;

export function runRecord(world: World): RunRecord {
  return world.state.ext.run as RunRecord;
}

/**
 * Installs the world's emit hook: member events feed the run record. It runs for every apply
 * on every member (the most frequent event, first in the switch), so it allocates nothing of
 * its own and reads the clock only for the events that record a time.
 *
 * Contract with the member: the `apply`, `ack` and `leader-append` records are one object per
 * member, refilled for every event (store/memberEvents.ts). Copy their fields during the call;
 * never keep the record itself (the entries array a `leader-append` carries may be kept).
 */
export function observeMembers(world: World): void {
  world.onEmit = (w, node, _proc, kind, data) => {
    const run = runRecord(w);
    switch (kind) {
      case 'apply': {
        const d = data as AppliedEntry;
        run.safety.committed(node, d.index, d.term, d.command);
        if (d.index > run.leases.applied) firstApply(w, run, node, d);
        if (++run.appliesSinceForget >= FORGET_EVERY) {
          run.appliesSinceForget = 0;
          run.safety.forgetBelow(retentionFloor(w));
        }
        return;
      }
      case 'ack': {
        const d = data as AckedEntry;
        run.safety.acknowledged(d.client, d.index, d.term, d.command, toMs(w.now));
        return;
      }
      case 'leader-append': {
        const d = data as LeaderAppend;
        run.safety.leaderAppended(node, d.term, d.entries, d.previousLastIndex);
        run.leases.appended(d.entries, toMs(w.now));
        return;
      }
      case 'campaign':
        run.elections++;
        return;
      case 'snapshot-sent':
        run.snapshotsSent++;
        return;
      case 'leader': {
        const d = data as { member: EtcdMember; term: number };
        const member = d.member;
        const atMs = toMs(w.now);
        run.leaders.push({ term: d.term, node, atMs });
        const st = member.status();
        run.safety.leaderElected(node, d.term, atMs, {
          lastIndex: st.lastIndex,
          firstIndex: st.snapshotIndex + 1,
          termAt: (i: number) => member.raft.entriesBetween(i, i + 1)[0]?.term,
        });
        return;
      }
      case 'panic':
        run.safety.panicked(node, (data as { message: string }).message, toMs(w.now));
        return;
    }
  };
}

/** The first time any member applies an index: the lease log reads that member's store. */
function firstApply(w: World, run: RunRecord, node: string, d: AppliedEntry): void {
  const member = w.host(node).procs.get('etcd') as EtcdMember;
  run.leases.firstApply(member.store, d.index, d.term, d.command, toMs(w.now), run.leaders);
}

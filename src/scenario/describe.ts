/**
 * The report's STATE: every member's role, term, vote, indexes, log and key-value contents.
 * A member that is down shows what survives on its disk: its last durable term, vote and log
 * (DESIGN.md: "a node that is down keeps its last durable term and log").
 */
import type { Entry } from '../raft/types';
import type { Host } from '../sim/host';
import { toMs } from '../sim/time';
import type { World } from '../sim/world';
import type { EtcdMember, MemberConfig } from '../store/member';
import { readRaftDisk } from '../store/memberDisk';
import { currentLeader } from './actions';
import { runRecord } from './observe';
import type { LogEntryReport, NodeReport, StateReport } from './report';

const entryReport = (e: Entry): LogEntryReport => ({ index: e.index, term: e.term, command: e.data });

export function describeWorld(world: World): StateReport {
  const removed = new Set(runRecord(world).removed);
  const nodes = world.hosts.filter((h) => h.role === 'server').map((h) => describeHost(h, removed.has(h.id)));
  return { atMs: toMs(world.now), leader: currentLeader(world), nodes };
}

function describeHost(h: Host, removed: boolean): NodeReport {
  const m = h.up ? (h.procs.get('etcd') as EtcdMember | undefined) : undefined;
  const extra = { paused: h.paused, zone: h.zone, ...(removed || m?.removed ? { removed: true } : {}) };
  if (m) {
    const st = m.status();
    return {
      id: h.id,
      up: true,
      role: st.role,
      term: st.term,
      vote: st.vote,
      commit: st.commit,
      applied: m.applied,
      snapshotIndex: st.snapshotIndex,
      voters: [...st.conf.voters],
      log: m.raft.entriesBetween(st.snapshotIndex + 1, st.lastIndex + 1).map(entryReport),
      kv: m.store.snapshotKv(),
      revision: m.store.currentRevision,
      ...extra,
    };
  }
  const config = h.specs.find((s) => s.kind === 'etcd')!.config as MemberConfig;
  const disk = readRaftDisk(h.disk, config.conf, true);
  const snapIndex = disk.snapshot?.meta.index ?? 0;
  return {
    id: h.id,
    up: false,
    role: 'follower',
    term: disk.hardState.term,
    vote: disk.hardState.vote,
    commit: disk.hardState.commit,
    applied: snapIndex,
    snapshotIndex: snapIndex,
    voters: [...disk.conf.voters],
    log: disk.entries.map(entryReport),
    kv: {},
    ...extra,
  };
}

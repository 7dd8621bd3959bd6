/**
 * How an etcd member lays out its Raft state on the simulated disk (etcd's WAL + snap dir):
 * `hs` = hard state, `snap` = the latest snapshot, and one numbered record per log entry.
 * Reads see unsynced writes (the page cache); only the durable part survives a crash.
 */
import type { Disk, DiskKey } from '../sim/disk';
import type { ConfState, Entry, HardState, RaftStorageState, Snapshot } from '../raft/types';

/** An entry's record number on the disk is its log index. */
const logKey = (index: number): number => index;

/** Reads what a restarting member finds on its disk (`durableOnly` for a crashed node's view). */
export function readRaftDisk(disk: Disk, bootstrap: ConfState, durableOnly = false): RaftStorageState {
  const read = (k: DiskKey): unknown => (durableOnly ? disk.readDurable(k) : disk.read(k));
  const hardState = (read('hs') as HardState | undefined) ?? { term: 0, vote: null, commit: 0 };
  const snapshot = (read('snap') as Snapshot | undefined) ?? null;
  const first = snapshot ? snapshot.meta.index + 1 : 1;
  const indexes = disk.records(durableOnly).filter((i) => i >= first);
  const entries: Entry[] = [];
  // Only a contiguous run from the snapshot counts; a gap means the tail was never synced.
  for (const i of indexes) {
    if (i !== first + entries.length) break;
    entries.push(read(logKey(i)) as Entry);
  }
  return { hardState, conf: snapshot ? snapshot.meta.conf : bootstrap, snapshot, entries };
}

/** Tracks the contiguous range of entries written, to truncate and compact without listing. */
export class LogFiles {
  first = 1;
  last = 0;

  static from(state: RaftStorageState): LogFiles {
    const f = new LogFiles();
    f.first = state.snapshot ? state.snapshot.meta.index + 1 : 1;
    f.last = state.entries.length > 0 ? state.entries[state.entries.length - 1].index : f.first - 1;
    return f;
  }

  /** Appends entries, first dropping any suffix they overwrite (Raft §5.3 truncation). */
  append(disk: Disk, entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const from = entries[0].index;
    for (let i = Math.max(from, this.first); i <= this.last; i++) disk.delete(logKey(i));
    for (let i = 0; i < entries.length; i++) disk.write(logKey(entries[i].index), entries[i]);
    this.last = entries[entries.length - 1].index;
  }

  /** A received snapshot replaces the whole log (etcd raftLog.restore discards every entry). */
  restore(disk: Disk, index: number): void {
    for (let i = this.first; i <= this.last; i++) disk.delete(logKey(i));
    this.first = index + 1;
    this.last = index;
  }

  /** A snapshot at `index` covers everything up to it: those entries are no longer needed. */
  compact(disk: Disk, index: number): void {
    for (let i = this.first; i <= Math.min(index, this.last); i++) disk.delete(logKey(i));
    this.first = index + 1;
    if (this.last < index) this.last = index;
  }
}

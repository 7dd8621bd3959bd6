/**
 * The Raft log of one node (etcd raft: raftLog + unstable + MemoryStorage, folded together).
 *
 * Layout: a snapshot point (offset, offsetTerm) followed by `ents`, where ents[i] has index
 * offset + 1 + i. Indices:
 *
 *   offset <= applied <= applying <= committed <= lastIndex
 *             stable <= lastIndex   (entries after `stable` are unstable: not yet persisted)
 *
 * Appends push onto `ents` (O(1) amortized); a conflicting suffix is cut by setting the
 * length; compaction drops a prefix (O(kept), once per snapshot). Nothing copies the whole
 * log per step.
 */
import { Entry, NO_ENTRIES, RaftPanic, Snapshot } from './types';

export class RaftLog {
  /** Index of the last entry covered by the snapshot (0 when there is none). */
  offset = 0;
  offsetTerm = 0;
  ents: Entry[] = [];
  /** Highest index known to be durable on this node's disk. */
  stable = 0;
  committed = 0;
  /** Highest index handed to the host for applying (in a Ready not yet advanced). */
  applying = 0;
  applied = 0;
  /** Latest snapshot (taken by compaction or received from the leader). */
  snapshot: Snapshot | null = null;
  /** A received snapshot not yet handed out in a Ready (etcd: unstable.snapshot). */
  pendingSnapshot: Snapshot | null = null;
  /**
   * At least the index of every conf-change entry in `ents` (0 when there never was one): a
   * Ready looks for conf changes among its committed entries only when the range reaches it,
   * instead of reading every entry's type. A truncated conf change may leave it too high,
   * which only costs a needless look.
   */
  lastConfIndex = 0;
  /**
   * The entries of [memoFrom, memoTo) as one array, handed out again by slice() for that exact
   * range: a leader's broadcast asks for the same new entries for every follower, and a Ready's
   * unstable entries are usually exactly what the last append() added (on a follower, the
   * MsgApp's own array). The range remembered before it is kept too (prevMemo*): a follower
   * often appends the next entry before it learns the previous one is committed, and then
   * asks for that one as its committed entries. Arrays of entries are immutable once handed
   * out, so sharing is safe; a truncation forgets both, since it replaces entries.
   */
  private memoFrom = 0;
  private memoTo = 0;
  private memo: Entry[] = NO_ENTRIES;
  private prevMemoFrom = 0;
  private prevMemoTo = 0;
  private prevMemo: Entry[] = NO_ENTRIES;

  /** Load what the host read from disk. */
  static fromStorage(snapshot: Snapshot | null, entries: Entry[], commit: number): RaftLog {
    const log = new RaftLog();
    if (snapshot) {
      log.offset = snapshot.meta.index;
      log.offsetTerm = snapshot.meta.term;
      log.snapshot = snapshot;
    }
    for (const e of entries) {
      if (e.index <= log.offset) continue; // already covered by the snapshot
      if (e.index !== log.lastIndex() + 1) {
        throw new RaftPanic(`storage entries not contiguous: got ${e.index} after ${log.lastIndex()}`);
      }
      log.ents.push(e);
      if (e.type === 'conf-change') log.lastConfIndex = e.index;
    }
    log.stable = log.lastIndex();
    if (commit > log.lastIndex()) {
      throw new RaftPanic(`hard state commit ${commit} is beyond the last index ${log.lastIndex()}`);
    }
    log.committed = Math.max(commit, log.offset);
    // The host restores its state machine from the snapshot, then re-applies committed entries.
    log.applied = log.offset;
    log.applying = log.offset;
    return log;
  }

  firstIndex(): number {
    return this.offset + 1;
  }

  lastIndex(): number {
    return this.offset + this.ents.length;
  }

  lastTerm(): number {
    return this.ents.length > 0 ? this.ents[this.ents.length - 1].term : this.offsetTerm;
  }

  /** Term of the entry at i; 0 when i is compacted away or beyond the end (etcd: zeroTermOnOutOfBounds). */
  term(i: number): number {
    if (i === this.offset) return this.offsetTerm;
    if (i < this.offset || i > this.lastIndex()) return 0;
    return this.ents[i - this.offset - 1].term;
  }

  /** Whether the term of index i is known (not compacted, not beyond the end). */
  hasTerm(i: number): boolean {
    return i >= this.offset && i <= this.lastIndex();
  }

  matchTerm(i: number, term: number): boolean {
    return this.hasTerm(i) && this.term(i) === term;
  }

  /** Raft §5.4.1: a candidate's log is at least as up-to-date as ours. */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex());
  }

  /**
   * Entries in [lo, hi), clipped to what the log still holds: a fresh array whose entries are
   * shared, or the shared frozen NO_ENTRIES when the range is empty (callers never mutate).
   */
  slice(lo: number, hi: number): Entry[] {
    const from = Math.max(lo, this.offset + 1);
    const to = Math.min(hi, this.offset + this.ents.length + 1);
    if (to <= from) return NO_ENTRIES;
    if (from === this.memoFrom && to === this.memoTo) return this.memo;
    if (from === this.prevMemoFrom && to === this.prevMemoTo) return this.prevMemo;
    const out = this.ents.slice(from - this.offset - 1, to - this.offset - 1);
    this.remember(from, out);
    return out;
  }

  private remember(from: number, entries: Entry[]): void {
    this.prevMemoFrom = this.memoFrom;
    this.prevMemoTo = this.memoTo;
    this.prevMemo = this.memo;
    this.memoFrom = from;
    this.memoTo = from + entries.length;
    this.memo = entries;
  }

  private forgetMemo(): void {
    this.memoFrom = 0;
    this.memoTo = 0;
    this.memo = NO_ENTRIES;
    this.prevMemoFrom = 0;
    this.prevMemoTo = 0;
    this.prevMemo = NO_ENTRIES;
  }

  /**
   * etcd raft log.maybeAppend: the MsgApp consistency check (Raft §5.3). Returns the index of
   * the last new entry, or -1 when the log does not contain (prevIndex, prevTerm).
   */
  maybeAppend(prevIndex: number, prevTerm: number, commit: number, entries: Entry[]): number {
    if (!this.matchTerm(prevIndex, prevTerm)) return -1;
    const lastNew = prevIndex + entries.length;
    const conflict = this.findConflict(entries);
    if (conflict !== 0) {
      if (conflict <= this.committed) {
        throw new RaftPanic(`entry ${conflict} conflicts with committed entry [committed(${this.committed})]`);
      }
      this.append(entries, conflict - prevIndex - 1);
    }
    // Raft §5.3: follower commit = min(leaderCommit, index of last new entry).
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /**
   * Appends entries[from..], truncating any existing suffix at entries[from].index.
   * Never truncates a committed entry (panic-level invariant, as in etcd).
   */
  append(entries: Entry[], from = 0): number {
    if (from >= entries.length) return this.lastIndex();
    const after = entries[from].index;
    if (after - 1 < this.committed) {
      throw new RaftPanic(`after(${after - 1}) is out of range [committed(${this.committed})]`);
    }
    if (after - 1 < this.lastIndex()) {
      // §5.3: delete the existing entry and all that follow it.
      this.ents.length = after - 1 - this.offset;
      if (this.stable > after - 1) this.stable = after - 1;
      this.forgetMemo();
    } else if (after - 1 > this.lastIndex()) {
      throw new RaftPanic(`append leaves a gap: entry ${after} after last index ${this.lastIndex()}`);
    }
    for (let i = from; i < entries.length; i++) {
      const e = entries[i];
      this.ents.push(e);
      // Every entry already held has a lower index than e (see lastConfIndex).
      if (e.type === 'conf-change') this.lastConfIndex = e.index;
    }
    if (from === 0) this.remember(after, entries);
    return this.lastIndex();
  }

  /**
   * The first entry whose term differs from ours at the same index, or 0 when all match.
   * An entry beyond our last index counts as a conflict (it is new).
   */
  findConflict(entries: Entry[]): number {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * etcd raft findConflictByTerm: the largest index <= `index` whose term is <= `term`, with
   * that term. Lets a leader (or follower) skip a whole divergent term per round trip.
   * Returns [index, 0] when the term there is unknown (compacted).
   */
  findConflictByTerm(index: number, term: number): [number, number] {
    for (let i = index; i > 0; i--) {
      if (!this.hasTerm(i)) return [i, 0];
      const t = this.term(i);
      if (t <= term) return [i, t];
    }
    return [0, 0];
  }

  commitTo(toCommit: number): void {
    if (toCommit <= this.committed) return; // never decrease commit
    if (toCommit > this.lastIndex()) {
      throw new RaftPanic(
        `tocommit(${toCommit}) is out of range [lastIndex(${this.lastIndex()})]. Was the raft log corrupted, truncated, or lost?`,
      );
    }
    this.committed = toCommit;
  }

  unstableEntries(): Entry[] {
    return this.stable < this.lastIndex() ? this.slice(this.stable + 1, this.lastIndex() + 1) : NO_ENTRIES;
  }

  hasUnstable(): boolean {
    return this.stable < this.lastIndex();
  }

  /** etcd: committed entries are withheld while a snapshot is waiting to be applied. */
  hasNextCommittedEnts(): boolean {
    return this.pendingSnapshot === null && this.applying < this.committed;
  }

  nextCommittedEnts(): Entry[] {
    if (!this.hasNextCommittedEnts()) return NO_ENTRIES;
    return this.slice(this.applying + 1, this.committed + 1);
  }

  /** The host persisted entries up to (index, term); ignored if they were overwritten since. */
  stableTo(index: number, term: number): void {
    if (index > this.stable && this.matchTerm(index, term)) this.stable = index;
  }

  appliedTo(index: number): void {
    if (index > this.committed) {
      throw new RaftPanic(`applied(${index}) is out of range [committed(${this.committed})]`);
    }
    if (index > this.applied) this.applied = index;
    if (index > this.applying) this.applying = index;
  }

  /** Replace the whole log with a snapshot received from the leader (etcd raftLog.restore). */
  restore(snap: Snapshot): void {
    this.offset = snap.meta.index;
    this.offsetTerm = snap.meta.term;
    this.ents = [];
    this.forgetMemo();
    this.committed = snap.meta.index;
    this.stable = snap.meta.index; // persisted together with the Ready that carries it
    this.snapshot = snap;
    this.pendingSnapshot = snap;
  }

  /** The host persisted and applied the snapshot handed out in a Ready. */
  snapshotApplied(index: number): void {
    if (this.pendingSnapshot && this.pendingSnapshot.meta.index === index) this.pendingSnapshot = null;
    if (index > this.applied) this.applied = index;
    if (index > this.applying) this.applying = index;
  }

  /** Drop entries up to `index` (inclusive), which `snap` now covers. */
  compact(index: number, snap: Snapshot): void {
    if (index <= this.offset) return;
    if (index > this.applied) {
      throw new RaftPanic(`compact ${index} is beyond applied ${this.applied}`);
    }
    const term = this.term(index);
    this.ents.splice(0, index - this.offset);
    this.offset = index;
    this.offsetTerm = term;
    if (this.stable < index) this.stable = index;
    this.snapshot = snap;
  }
}

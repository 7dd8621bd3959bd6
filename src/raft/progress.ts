/**
 * The leader's view of one follower (etcd raft tracker.Progress and tracker.Inflights).
 *
 * - probe: the leader does not know where the follower's log matches; it sends one MsgApp and
 *   then pauses until a response (or the next heartbeat response) arrives.
 * - replicate: the follower is known to match up to `match`; the leader streams MsgApps
 *   optimistically, bounded by the inflights window.
 * - snapshot: the follower needs entries that were compacted; the leader sent a snapshot and
 *   sends nothing else until the follower acknowledges it.
 */
import { ProgressStateName } from './types';

/**
 * A ring buffer of the last indexes of in-flight MsgApps (etcd Inflights). Full means the
 * leader must stop sending entries to this follower until some are acknowledged.
 */
export class Inflights {
  start = 0;
  count = 0;
  readonly size: number;
  buffer: number[] = [];

  constructor(size: number) {
    this.size = size;
  }

  add(index: number): void {
    if (this.full()) throw new Error('cannot add into a full inflights');
    let next = this.start + this.count;
    if (next >= this.size) next -= this.size;
    // Grow lazily: most followers never have more than a handful in flight.
    if (next >= this.buffer.length) this.buffer.push(index);
    else this.buffer[next] = index;
    this.count++;
  }

  /** Frees every in-flight message whose last index is <= to (they were acknowledged). */
  freeLE(to: number): void {
    if (this.count === 0 || to < this.buffer[this.start]) return;
    let i = 0;
    let idx = this.start;
    while (i < this.count) {
      if (to < this.buffer[idx]) break;
      idx++;
      if (idx >= this.size) idx -= this.size;
      i++;
    }
    this.count -= i;
    this.start = idx;
    if (this.count === 0) this.start = 0;
  }

  full(): boolean {
    return this.count === this.size;
  }

  reset(): void {
    this.count = 0;
    this.start = 0;
  }
}

export class Progress {
  match = 0;
  next = 1;
  state: ProgressStateName = 'probe';
  /** In 'snapshot' state: the index of the snapshot being sent. */
  pendingSnapshot = 0;
  /** Heard from this follower since the last check-quorum round (etcd RecentActive). */
  recentActive = false;
  /** In probe (one message per heartbeat) or when the inflights window is full. */
  msgAppFlowPaused = false;
  /** Highest commit index sent to this follower (etcd sentCommit). */
  sentCommit = 0;
  /** Leader ticks spent in 'snapshot' state; see ProgressTracker.tickSnapshots. */
  snapshotTicks = 0;
  isLearner: boolean;
  inflights: Inflights;

  constructor(next: number, maxInflight: number, isLearner: boolean) {
    this.next = next;
    this.inflights = new Inflights(maxInflight);
    this.isLearner = isLearner;
  }

  private resetState(state: ProgressStateName): void {
    this.msgAppFlowPaused = false;
    this.pendingSnapshot = 0;
    this.snapshotTicks = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // etcd: after a snapshot, probe from the snapshot index (the follower has it, or will
    // reject and tell us where it really is).
    if (this.state === 'snapshot') {
      const pending = this.pendingSnapshot;
      this.resetState('probe');
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState('probe');
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState('replicate');
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState('snapshot');
    this.pendingSnapshot = snapshotIndex;
    this.next = snapshotIndex + 1;
  }

  /** A successful MsgAppResp for index n. Returns whether match moved. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.msgAppFlowPaused = false; // etcd ProbeAcked
    }
    if (this.next < n + 1) this.next = n + 1;
    return updated;
  }

  /**
   * A rejected MsgApp for index `rejected`; `matchHint` is where the follower's log may match
   * (etcd MaybeDecrTo). Returns false for a stale rejection.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === 'replicate') {
      // Stale if it rejects something already matched; otherwise restart just after match.
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    // In probe, only the rejection of the message we last sent (next - 1) counts.
    if (this.next - 1 !== rejected) return false;
    const next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    // Only a follower contradicting its own acknowledged match (a broken log, e.g. a planted
    // bug) makes the probe stand still; retry on the next heartbeat instead of ping-ponging.
    if (next === this.next) return false;
    this.next = next;
    this.msgAppFlowPaused = false;
    return true;
  }

  /** Update flow control after sending a MsgApp with `entries` entries ending at lastIndex. */
  sentEntries(entries: number, lastIndex: number): void {
    if (this.state === 'replicate') {
      if (entries > 0) {
        this.next = lastIndex + 1;
        this.inflights.add(lastIndex);
      }
      this.msgAppFlowPaused = this.inflights.full();
    } else if (this.state === 'probe') {
      // One probe per heartbeat interval: pause until a response or a heartbeat response.
      if (entries > 0) this.msgAppFlowPaused = true;
    }
  }

  /** etcd CanBumpCommit: the follower may not know the current commit index yet. */
  canBumpCommit(commit: number): boolean {
    return commit > this.sentCommit && this.sentCommit < this.next - 1;
  }

  /** etcd SentCommit: a heartbeat may send a lower commit (min(match, commit)) than an append did. */
  sentCommitTo(commit: number): void {
    this.sentCommit = commit;
  }

  isPaused(): boolean {
    if (this.state === 'snapshot') return true;
    return this.msgAppFlowPaused;
  }
}

/**
 * Membership, per-peer progress, votes and quorum arithmetic (etcd raft tracker.ProgressTracker
 * and quorum.MajorityConfig). Single-server membership changes only, so a configuration is one
 * majority of voters plus non-voting learners.
 */
import { Progress } from './progress';
import { ConfState, NodeId } from './types';

export type VoteResult = 'pending' | 'won' | 'lost';

export class ProgressTracker {
  /** Sorted, so broadcasts and campaigns visit peers in a stable order. */
  voters: NodeId[] = [];
  learners: NodeId[] = [];
  progress: Map<NodeId, Progress> = new Map();
  votes: Map<NodeId, boolean> = new Map();
  maxInflight: number;
  /** Scratch space for quorum computations (avoids an allocation per MsgAppResp). */
  private scratch: number[] = [];

  constructor(maxInflight: number) {
    this.maxInflight = maxInflight;
  }

  confState(): ConfState {
    return { voters: this.voters.slice(), learners: this.learners.slice() };
  }

  isVoter(id: NodeId): boolean {
    return this.voters.includes(id);
  }

  isLearner(id: NodeId): boolean {
    return this.learners.includes(id);
  }

  isSingleton(): boolean {
    return this.voters.length === 1;
  }

  quorum(): number {
    return (this.voters.length >> 1) + 1;
  }

  /**
   * Replace the configuration. Existing peers keep their progress; new ones start probing at
   * `nextIndex` and count as recently active (etcd: so that check-quorum does not step the
   * leader down before a just-added node had a chance to talk).
   */
  setConf(conf: ConfState, nextIndex: number): void {
    const voters = uniqSorted(conf.voters);
    const learners = uniqSorted(conf.learners).filter((id) => !voters.includes(id));
    this.voters = voters;
    this.learners = learners;
    for (const id of [...this.progress.keys()]) {
      if (!voters.includes(id) && !learners.includes(id)) this.progress.delete(id);
    }
    for (const id of voters) this.ensure(id, nextIndex, false);
    for (const id of learners) this.ensure(id, nextIndex, true);
  }

  private ensure(id: NodeId, nextIndex: number, isLearner: boolean): void {
    const pr = this.progress.get(id);
    if (pr) {
      pr.isLearner = isLearner;
      return;
    }
    const fresh = new Progress(nextIndex, this.maxInflight, isLearner);
    fresh.recentActive = true;
    this.progress.set(id, fresh);
  }

  /**
   * The largest index replicated on a quorum of voters (Raft §5.3/§5.4): sort voters' match
   * indexes descending and take the quorum-th one. 0 for an empty configuration.
   */
  committedIndex(): number {
    const n = this.voters.length;
    if (n === 0) return 0;
    const a = this.scratch;
    a.length = n;
    for (let i = 0; i < n; i++) a[i] = this.progress.get(this.voters[i])?.match ?? 0;
    // Insertion sort, descending: n is a handful of voters.
    for (let i = 1; i < n; i++) {
      const v = a[i];
      let j = i - 1;
      while (j >= 0 && a[j] < v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return a[this.quorum() - 1];
  }

  resetVotes(): void {
    this.votes.clear();
  }

  /** Record the first vote from id in this election (etcd RecordVote ignores repeats). */
  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** Tally over voters only: learners' answers never count (etcd VoteResult). */
  voteResult(votes: ReadonlyMap<NodeId, boolean> | ReadonlySet<NodeId>): VoteResult {
    let granted = 0;
    let missing = 0;
    for (const id of this.voters) {
      const v = votes instanceof Map ? votes.get(id) : (votes as ReadonlySet<NodeId>).has(id) ? true : undefined;
      if (v === undefined) missing++;
      else if (v) granted++;
    }
    const q = this.quorum();
    if (granted >= q) return 'won';
    if (granted + missing >= q) return 'pending';
    return 'lost';
  }

  tallyVotes(): VoteResult {
    return this.voteResult(this.votes);
  }

  /** Check-quorum: a quorum of voters (the leader included) was heard from recently. */
  quorumActive(self: NodeId): boolean {
    let active = 0;
    for (const id of this.voters) {
      if (id === self || this.progress.get(id)?.recentActive) active++;
    }
    return active >= this.quorum();
  }
}

function uniqSorted(ids: NodeId[]): NodeId[] {
  return [...new Set(ids)].sort();
}

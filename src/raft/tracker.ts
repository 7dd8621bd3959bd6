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
  /**
   * Per-peer progress. Read freely, but change it only through setConf, replaceConf and
   * resetProgress: they keep the array views below in step with it.
   */
  progress: Map<NodeId, Progress> = new Map();
  /**
   * `progress` as parallel arrays, in the Map's iteration (insertion) order: broadcasts run
   * on every proposal and heartbeat, and indexing an array is cheaper than a Map iterator.
   */
  peerIds: NodeId[] = [];
  peers: Progress[] = [];
  /** voterProgress[i] is the progress of voters[i] (every voter has one, see setConf). */
  private voterProgress: Progress[] = [];
  votes: Map<NodeId, boolean> = new Map();
  maxInflight: number;
  /** Scratch space for quorum computations (avoids an allocation per MsgAppResp). */
  private scratch: number[] = [];
  /** This node's own progress (a leader's self-ack), or undefined when it is not a member. */
  selfProgress: Progress | undefined = undefined;
  /** The last peer() lookup: RawNode.step and the leader's step both look up each sender. */
  private lastId: NodeId | null = null;
  private lastProgress: Progress | undefined = undefined;

  /** `self`: this node's id (selfProgress, and its own match in resetProgress). */
  constructor(
    maxInflight: number,
    private readonly self: NodeId = '',
  ) {
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
    this.syncViews();
  }

  /**
   * A new term or role: every peer starts over, probing from `nextIndex` (etcd raft.reset).
   * Only what is on our own disk counts for our own match (etcd self-acks after persisting).
   */
  resetProgress(nextIndex: number, selfMatch: number): void {
    for (const [id, pr] of this.progress) {
      const fresh = new Progress(nextIndex, this.maxInflight, pr.isLearner);
      if (id === this.self) fresh.match = selfMatch;
      this.progress.set(id, fresh); // same key: keeps its place in the iteration order
    }
    this.syncViews();
  }

  /** Forget every peer and adopt `conf` (a leader's snapshot replaces our configuration). */
  replaceConf(conf: ConfState, nextIndex: number): void {
    this.progress.clear();
    this.setConf(conf, nextIndex);
  }

  private syncViews(): void {
    this.peerIds = [...this.progress.keys()];
    this.peers = [...this.progress.values()];
    this.voterProgress = this.voters.map((id) => this.progress.get(id)!);
    this.selfProgress = this.progress.get(this.self);
    this.lastId = null;
    this.lastProgress = undefined;
  }

  /** progress.get(id), remembering the last answer (forgotten whenever progress changes). */
  peer(id: NodeId): Progress | undefined {
    if (id === this.lastId) return this.lastProgress;
    const pr = this.progress.get(id);
    this.lastId = id;
    this.lastProgress = pr;
    return pr;
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
    if (a.length !== n) a.length = n;
    const prs = this.voterProgress;
    for (let i = 0; i < n; i++) a[i] = prs[i].match;
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

  /**
   * Whether a quorum of voters is among `ids`, distinct ids (a ReadIndex heartbeat round's
   * acks): the same as voteResult(new Set(ids)) === 'won', without building the set.
   */
  hasQuorum(ids: readonly NodeId[]): boolean {
    const q = this.quorum();
    if (ids.length < q) return false;
    let granted = 0;
    for (let i = 0; i < this.voters.length; i++) if (ids.includes(this.voters[i]) && ++granted >= q) return true;
    return false;
  }

  tallyVotes(): VoteResult {
    return this.voteResult(this.votes);
  }

  /** Check-quorum: a quorum of voters (the leader included) was heard from recently. */
  quorumActive(self: NodeId): boolean {
    let active = 0;
    const prs = this.voterProgress;
    for (let i = 0; i < prs.length; i++) {
      if (this.voters[i] === self || prs[i].recentActive) active++;
    }
    return active >= this.quorum();
  }
}

function uniqSorted(ids: NodeId[]): NodeId[] {
  return [...new Set(ids)].sort();
}

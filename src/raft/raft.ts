/**
 * The Raft state machine of one node (etcd raft raft.go): roles, terms, elections, voting,
 * the term checks common to every message, and membership application. The leader's step
 * function and replication live in leader.ts, the follower's and candidate's in follower.ts.
 * Pure: no clock, no I/O; time is tick(), randomness is the injected Rng.
 *
 * All state is plain data (numbers, strings, arrays, Maps, Sets, class instances), so a deep
 * clone that preserves prototypes continues identically.
 */
import { Rng } from '../sim/rng';
import { applyConfChange, cloneConf, decodeConfChange } from './confchange';
import {
  abortLeaderTransfer,
  appendEntry,
  bcastAppend,
  bcastHeartbeat,
  maybeCommit,
  maybeSendAppend,
  stepLeader,
} from './leader';
import { stepCandidate, stepFollower } from './follower';
import { RaftLog } from './log';
import { ReadOnly } from './readonly';
import { ProgressTracker } from './tracker';
import {
  ConfState,
  Entry,
  Message,
  MessageType,
  NodeId,
  RaftConfig,
  RaftPanic,
  RaftStorageState,
  ReadState,
  Role,
  newMessage,
} from './types';

/** Context of a MsgVote sent on MsgTimeoutNow: lets it through the receivers' leader lease. */
export const CAMPAIGN_TRANSFER = 'CampaignTransfer';

export type CampaignType = 'pre-election' | 'election' | 'transfer';

export class Raft {
  readonly id: NodeId;
  term = 0;
  vote: NodeId | null = null;
  lead: NodeId | null = null;
  role: Role = 'follower';
  log: RaftLog;
  trk: ProgressTracker;
  readOnly: ReadOnly;
  /**
   * Outbox, handed out by RawNode.ready(), which gives back the array of the previous Ready,
   * emptied, in exchange: two arrays serve a node's whole life instead of one per batch.
   */
  msgs: Message[] = [];
  readStates: ReadState[] = [];

  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  readonly electionTimeout: number;
  readonly heartbeatTimeout: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly maxMsgSize: number;
  readonly maxInflight: number;

  leadTransferee: NodeId | null = null;
  /** Index of the latest conf-change entry proposed by this leader (etcd pendingConfIndex). */
  pendingConfIndex = 0;
  /** ReadIndex requests a new leader holds until it commits an entry of its own term. */
  pendingReadIndexMessages: Message[] = [];

  /** Membership as of log.offset, and each applied change since (for compaction's conf). */
  confBase: ConfState;
  confHistory: { index: number; conf: ConfState }[] = [];
  /** Index of the last conf-change entry applied (or of the snapshot the conf came from). */
  confIndex = 0;

  readonly bugCommitOldTerm: boolean;
  readonly bugVoteWithoutLogCheck: boolean;
  rng: Rng;

  constructor(config: RaftConfig, storage: RaftStorageState, rng: Rng) {
    validateConfig(config);
    this.id = config.id;
    this.electionTimeout = config.electionTick;
    this.heartbeatTimeout = config.heartbeatTick;
    this.preVote = config.preVote;
    this.checkQuorum = config.checkQuorum;
    this.maxMsgSize = config.maxSizePerMsg;
    this.maxInflight = config.maxInflightMsgs;
    const bugs = config.bugs ?? [];
    this.bugCommitOldTerm = bugs.includes('commit-old-term');
    this.bugVoteWithoutLogCheck = bugs.includes('vote-without-log-check');
    this.rng = rng;
    this.readOnly = new ReadOnly(config.readOnlyOption);

    this.log = RaftLog.fromStorage(storage.snapshot, storage.entries, storage.hardState.commit);
    const conf = storage.snapshot ? storage.snapshot.meta.conf : storage.conf;
    this.confBase = cloneConf(conf);
    this.confIndex = this.log.offset;
    this.trk = new ProgressTracker(config.maxInflightMsgs, config.id);
    this.trk.setConf(conf, this.log.lastIndex() + 1);
    this.term = storage.hardState.term;
    this.vote = storage.hardState.vote;
    this.becomeFollower(this.term, null);
  }

  isLearner(): boolean {
    return this.trk.isLearner(this.id);
  }

  /** A voter without a snapshot waiting to be applied may campaign (etcd promotable). */
  promotable(): boolean {
    return this.trk.isVoter(this.id) && this.log.pendingSnapshot === null;
  }

  send(m: Message): void {
    this.msgs.push(m);
  }

  msg(type: MessageType, to: NodeId, term = this.term): Message {
    return newMessage(type, this.id, to, term);
  }

  // ---- role transitions (etcd becomeFollower/Candidate/PreCandidate/Leader) ----

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = null;
    }
    this.lead = null;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    abortLeaderTransfer(this);
    this.trk.resetVotes();
    this.trk.resetProgress(this.log.lastIndex() + 1, this.log.stable);
    this.pendingConfIndex = 0;
    // Pending reads are dropped with leadership: the host times them out.
    this.readOnly = new ReadOnly(this.readOnly.option);
    this.pendingReadIndexMessages = [];
  }

  /** A fresh timeout in [electionTimeout, 2 * electionTimeout) (Raft §5.2: split votes rare). */
  resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.rng.int(0, this.electionTimeout);
  }

  becomeFollower(term: number, lead: NodeId | null): void {
    this.reset(term);
    this.lead = lead;
    this.role = 'follower';
  }

  becomeCandidate(): void {
    if (this.role === 'leader') throw new RaftPanic('invalid transition [leader -> candidate]');
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = 'candidate';
  }

  /** Pre-vote (thesis §9.6): changes the role only; term and vote stay as they are. */
  becomePreCandidate(): void {
    if (this.role === 'leader') throw new RaftPanic('invalid transition [leader -> pre-candidate]');
    this.trk.resetVotes();
    this.lead = null;
    this.role = 'pre-candidate';
  }

  becomeLeader(): void {
    if (this.role === 'follower') throw new RaftPanic('invalid transition [follower -> leader]');
    this.reset(this.term);
    this.lead = this.id;
    this.role = 'leader';
    const self = this.trk.selfProgress;
    if (self) {
      self.becomeReplicate();
      self.recentActive = true; // the leader is always active for check-quorum
    }
    // Conservatively treat everything in the log as a possibly pending conf change.
    this.pendingConfIndex = this.log.lastIndex();
    // Raft §8 / §5.4.2: an empty entry of our term lets us commit everything before it.
    appendEntry(this, 'normal', '');
  }

  // ---- time ----

  tick(): void {
    if (this.role === 'leader') this.tickHeartbeat();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.hup(this.preVote ? 'pre-election' : 'election');
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) this.stepCheckQuorum();
      // A transfer that did not finish within an election timeout is abandoned.
      if (this.role === 'leader' && this.leadTransferee !== null) abortLeaderTransfer(this);
    }
    if (this.role !== 'leader') return;
    this.tickSnapshots();
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      bcastHeartbeat(this);
    }
  }

  /** Check-quorum (thesis §6.2): step down if a quorum was not heard from in the last timeout. */
  private stepCheckQuorum(): void {
    if (!this.trk.quorumActive(this.id)) {
      this.becomeFollower(this.term, null);
      return;
    }
    const ids = this.trk.peerIds;
    const prs = this.trk.peers;
    for (let i = 0; i < prs.length; i++) if (ids[i] !== this.id) prs[i].recentActive = false;
  }

  /**
   * etcd relies on the transport calling ReportSnapshot when a snapshot send fails; a simulated
   * network drops silently, so a follower stuck in 'snapshot' for two election timeouts is
   * treated as a failed send: probe again (which re-sends the snapshot if still needed).
   */
  private tickSnapshots(): void {
    const prs = this.trk.peers;
    for (let i = 0; i < prs.length; i++) {
      const pr = prs[i];
      if (pr.state !== 'snapshot') continue;
      if (++pr.snapshotTicks >= 2 * this.electionTimeout) {
        pr.pendingSnapshot = 0;
        pr.becomeProbe();
        pr.msgAppFlowPaused = true; // retry on the next heartbeat response
      }
    }
  }

  // ---- elections ----

  /** etcd MsgHup: start an election unless we are leader, unpromotable, or have conf changes to apply. */
  hup(t: CampaignType): void {
    if (this.role === 'leader') return;
    if (!this.promotable()) return;
    if (this.hasUnappliedConfChanges()) return;
    this.campaign(t);
  }

  private hasUnappliedConfChanges(): boolean {
    for (let i = this.log.applied + 1; i <= this.log.committed; i++) {
      const e = this.log.ents[i - this.log.offset - 1];
      if (e && e.type === 'conf-change') return true;
    }
    return false;
  }

  campaign(t: CampaignType): void {
    let term: number;
    let voteMsg: MessageType;
    if (t === 'pre-election') {
      this.becomePreCandidate();
      voteMsg = 'MsgPreVote';
      term = this.term + 1; // pre-votes ask about the term we would move to
    } else {
      this.becomeCandidate();
      voteMsg = 'MsgVote';
      term = this.term;
    }
    // Our own vote counts at once: the vote is persisted (Ready.hardState) before any of these
    // requests leave, so no reply can be counted before it is durable.
    if (this.poll(this.id, true) === 'won') {
      if (t === 'pre-election') this.campaign('election');
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.log.lastIndex();
    const lastTerm = this.log.lastTerm();
    for (const id of this.trk.voters) {
      if (id === this.id) continue;
      const m = this.msg(voteMsg, id, term);
      m.index = lastIndex;
      m.logTerm = lastTerm;
      if (t === 'transfer') m.context = CAMPAIGN_TRANSFER;
      this.send(m);
    }
  }

  poll(id: NodeId, granted: boolean): 'pending' | 'won' | 'lost' {
    this.trk.recordVote(id, granted);
    return this.trk.tallyVotes();
  }

  // ---- step ----

  /** etcd raft.Step: term bookkeeping common to all roles, then the role's step function. */
  step(m: Message): void {
    if (m.term === 0) {
      // Local message (our own readIndex/transfer, or a follower's forwarded MsgReadIndex).
    } else if (m.term > this.term) {
      if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
        const force = m.context === CAMPAIGN_TRANSFER;
        // Leader lease (thesis §4.2.3): a node that heard from a leader within the minimum
        // election timeout neither bumps its term nor votes, unless it is a transfer.
        const inLease = this.checkQuorum && this.lead !== null && this.electionElapsed < this.electionTimeout;
        if (!force && inLease) return;
      }
      if (m.type === 'MsgPreVote') {
        // Never change our term in response to a pre-vote.
      } else if (m.type === 'MsgPreVoteResp' && !m.reject) {
        // A granted pre-vote carries the term we proposed; we move there when we win.
      } else if (m.type === 'MsgApp' || m.type === 'MsgHeartbeat' || m.type === 'MsgSnap') {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, null);
      }
    } else if (m.term < this.term) {
      if ((this.checkQuorum || this.preVote) && (m.type === 'MsgHeartbeat' || m.type === 'MsgApp')) {
        // A stale leader (e.g. one that was partitioned) learns our term from this reply and
        // steps down; with check-quorum/pre-vote our term would not otherwise reach it.
        this.send(this.msg('MsgAppResp', m.from));
      } else if (m.type === 'MsgPreVote') {
        const r = this.msg('MsgPreVoteResp', m.from);
        r.reject = true;
        this.send(r);
      }
      return;
    }

    if (m.type === 'MsgVote' || m.type === 'MsgPreVote') {
      this.handleVote(m);
      return;
    }
    if (this.role === 'leader') stepLeader(this, m);
    else if (this.role === 'follower') stepFollower(this, m);
    else stepCandidate(this, m);
  }

  private handleVote(m: Message): void {
    // One vote per term (§5.2): a repeat for the same candidate, or no vote and no known
    // leader yet; a pre-vote for a later term does not bind us.
    const canVote =
      this.vote === m.from ||
      (this.vote === null && this.lead === null) ||
      (m.type === 'MsgPreVote' && m.term > this.term);
    // §5.4.1: only for a candidate whose log is at least as up-to-date as ours.
    const upToDate = this.bugVoteWithoutLogCheck || this.log.isUpToDate(m.index, m.logTerm);
    const respType: MessageType = m.type === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
    if (canVote && upToDate) {
      // Reply with the message's term (for pre-votes it is ahead of ours) so the candidate
      // does not discard the reply as stale.
      this.send(this.msg(respType, m.from, m.term));
      if (m.type === 'MsgVote') {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      const r = this.msg(respType, m.from);
      r.reject = true;
      this.send(r);
    }
  }

  // ---- membership ----

  /**
   * Apply a committed conf-change entry (called by RawNode.advance once the host applied it).
   * etcd switchToConfig: a leader that is no longer a voter steps down; otherwise the new
   * quorum may commit more, and new peers get probed.
   */
  applyConfEntry(e: Entry): void {
    if (e.index <= this.confIndex) return; // already reflected (e.g. a snapshot overtook it)
    this.confIndex = e.index;
    const cc = decodeConfChange(e.data);
    if (!cc) return;
    const next = applyConfChange(this.trk.confState(), cc);
    if (!next) return; // would leave no voters: ignored, as etcd refuses it
    this.trk.setConf(next, this.log.lastIndex() + 1);
    this.confHistory.push({ index: e.index, conf: cloneConf(next) });
    if (this.role !== 'leader') return;
    if (!this.trk.isVoter(this.id)) {
      this.becomeFollower(this.term, null);
      return;
    }
    if (maybeCommit(this)) bcastAppend(this);
    else for (const id of this.trk.progress.keys()) if (id !== this.id) maybeSendAppend(this, id, false);
    if (this.leadTransferee !== null && !this.trk.isVoter(this.leadTransferee)) abortLeaderTransfer(this);
  }

  /** The membership as of log index `index` (for a snapshot taken there). */
  confAt(index: number): ConfState {
    let conf = this.confBase;
    for (const h of this.confHistory) {
      if (h.index > index) break;
      conf = h.conf;
    }
    return cloneConf(conf);
  }

  /** After compacting up to index: fold older history into the base. */
  compactConfHistory(index: number): void {
    this.confBase = this.confAt(index);
    this.confHistory = this.confHistory.filter((h) => h.index > index);
  }
}

function validateConfig(c: RaftConfig): void {
  if (!c.id) throw new Error('raft config: id must not be empty');
  if (!(c.heartbeatTick > 0)) throw new Error('raft config: heartbeatTick must be greater than 0');
  if (!(c.electionTick > c.heartbeatTick)) throw new Error('raft config: electionTick must be greater than heartbeatTick');
  if (!(c.maxInflightMsgs > 0)) throw new Error('raft config: maxInflightMsgs must be greater than 0');
  if (!(c.maxSizePerMsg > 0)) throw new Error('raft config: maxSizePerMsg must be greater than 0');
  if (c.readOnlyOption === 'lease-based' && !c.checkQuorum) {
    throw new Error('raft config: checkQuorum must be enabled when readOnlyOption is lease-based');
  }
}

/**
 * RawNode: the host-facing API (etcd raft rawnode.go), driving a Raft with tick/step and
 * handing out work in Ready batches.
 *
 * Protocol for the host (the etcd member):
 *   while (node.hasReady()) {
 *     const rd = node.ready();
 *     persist rd.hardState, rd.snapshot, rd.entries (fsync when rd.mustSync);
 *     send rd.messages;  apply rd.snapshot then rd.committedEntries;  serve rd.readStates;
 *     node.advance();
 *   }
 * Only one Ready is outstanding at a time: hasReady() is false until advance(). step() and
 * tick() may be called in between (their output waits for the next Ready).
 *
 * Conf changes take effect inside advance(): every 'conf-change' entry among the committed
 * entries of the Ready being advanced is applied to the membership then, i.e. when the host
 * has applied it, as in etcd where the host calls ApplyConfChange after applying the entry.
 */
import { Rng } from '../sim/rng';
import { cloneConf } from './confchange';
import { leaderSelfAck, propose as leaderPropose, proposeConfChange as leaderProposeConfChange } from './leader';
import { Raft } from './raft';
import {
  ConfChange,
  Entry,
  HardState,
  Message,
  MessageType,
  NodeId,
  ProgressStatus,
  RaftConfig,
  RaftStatus,
  RaftStorageState,
  Ready,
  Snapshot,
  SoftState,
  newMessage,
} from './types';

/** Responses are only accepted from known peers (etcd RawNode.Step: ErrStepPeerNotFound). */
const RESPONSE_TYPES: ReadonlySet<MessageType> = new Set<MessageType>([
  'MsgAppResp',
  'MsgVoteResp',
  'MsgPreVoteResp',
  'MsgHeartbeatResp',
]);

export class RawNode {
  raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;
  /** A Ready was handed out and advance() has not been called yet. */
  private awaitingAdvance = false;
  private readyLastIndex = 0;
  private readyLastTerm = 0;
  private readyApplyTo = 0;
  private readyConfEntries: Entry[] = [];
  private readySnapshotIndex = 0;

  constructor(config: RaftConfig, storage: RaftStorageState, rng: Rng) {
    this.raft = new Raft(config, storage, rng);
    this.prevSoft = this.softState();
    this.prevHard = { ...storage.hardState };
  }

  get id(): NodeId {
    return this.raft.id;
  }

  tick(): void {
    this.raft.tick();
  }

  /** Feed a message from the network. Messages for another node, and responses from nodes
   * that are not members, are dropped; stale terms are handled as etcd does. */
  step(m: Message): void {
    if (m.to !== this.raft.id) return;
    if (RESPONSE_TYPES.has(m.type) && !this.raft.trk.progress.has(m.from)) return;
    if (m.type === 'MsgProp') return; // proposals go through propose() on the leader only
    this.raft.step(m);
  }

  propose(data: string): boolean {
    return leaderPropose(this.raft, data);
  }

  proposeConfChange(cc: { type: 'add-voter' | 'add-learner' | 'remove'; node: NodeId }): boolean {
    if (!cc.node || /\s/.test(cc.node)) return false;
    return leaderProposeConfChange(this.raft, cc as ConfChange);
  }

  /** Result arrives in a later Ready.readStates with this context (unique per request), or
   * never if leadership is lost meanwhile: the host should time reads out. */
  readIndex(context: string): void {
    const m = newMessage('MsgReadIndex', this.raft.id, this.raft.id, 0);
    m.context = context;
    this.raft.step(m);
  }

  transferLeadership(to: NodeId): void {
    // etcd: a MsgTransferLeader "from" the transferee; a follower forwards it to the leader.
    this.raft.step(newMessage('MsgTransferLeader', to, this.raft.id, 0));
  }

  /** Start an election now, as if the election timeout fired (pre-vote first if enabled). */
  campaign(): void {
    this.raft.hup(this.raft.preVote ? 'pre-election' : 'election');
  }

  /** etcd ReportSnapshot: the transport tells the leader whether a MsgSnap was delivered. */
  reportSnapshot(to: NodeId, ok: boolean): void {
    const pr = this.raft.role === 'leader' ? this.raft.trk.progress.get(to) : undefined;
    if (!pr || pr.state !== 'snapshot') return;
    if (!ok) pr.pendingSnapshot = 0;
    pr.becomeProbe();
    pr.msgAppFlowPaused = true; // wait for an MsgAppResp or the next heartbeat
  }

  /** etcd ReportUnreachable: optimistic replication to `to` probably lost messages. */
  reportUnreachable(to: NodeId): void {
    const pr = this.raft.role === 'leader' ? this.raft.trk.progress.get(to) : undefined;
    if (pr && pr.state === 'replicate') pr.becomeProbe();
  }

  hasReady(): boolean {
    if (this.awaitingAdvance) return false;
    const r = this.raft;
    if (r.msgs.length > 0 || r.readStates.length > 0) return true;
    if (r.log.hasUnstable() || r.log.pendingSnapshot !== null || r.log.hasNextCommittedEnts()) return true;
    const hs = this.prevHard;
    if (r.term !== hs.term || r.vote !== hs.vote || r.log.committed !== hs.commit) return true;
    const ss = this.prevSoft;
    return r.lead !== ss.lead || r.role !== ss.role;
  }

  ready(): Ready {
    if (this.awaitingAdvance) throw new Error('raft: ready() called again before advance()');
    const r = this.raft;
    const log = r.log;
    const entries = log.unstableEntries();
    const committedEntries = log.nextCommittedEnts();
    const rd: Ready = {
      entries,
      committedEntries,
      messages: r.msgs,
      readStates: r.readStates,
      mustSync: entries.length > 0,
    };
    r.msgs = [];
    r.readStates = [];

    if (r.lead !== this.prevSoft.lead || r.role !== this.prevSoft.role) {
      this.prevSoft = this.softState();
      rd.softState = { ...this.prevSoft };
    }
    const hs = this.prevHard;
    if (r.term !== hs.term || r.vote !== hs.vote || log.committed !== hs.commit) {
      // Term and vote must be durable before any message leaves (§5.2: one vote per term).
      if (r.term !== hs.term || r.vote !== hs.vote) rd.mustSync = true;
      this.prevHard = { term: r.term, vote: r.vote, commit: log.committed };
      rd.hardState = { ...this.prevHard };
    }
    if (log.pendingSnapshot) {
      rd.snapshot = log.pendingSnapshot;
      rd.mustSync = true;
      this.readySnapshotIndex = log.pendingSnapshot.meta.index;
    }
    if (entries.length > 0) {
      const last = entries[entries.length - 1];
      this.readyLastIndex = last.index;
      this.readyLastTerm = last.term;
    }
    if (committedEntries.length > 0) {
      this.readyApplyTo = committedEntries[committedEntries.length - 1].index;
      log.applying = this.readyApplyTo;
      for (const e of committedEntries) if (e.type === 'conf-change') this.readyConfEntries.push(e);
    }
    this.awaitingAdvance = true;
    return rd;
  }

  /** The host persisted, sent and applied the last Ready. */
  advance(): void {
    if (!this.awaitingAdvance) return;
    this.awaitingAdvance = false;
    const r = this.raft;
    if (this.readyLastIndex > 0) r.log.stableTo(this.readyLastIndex, this.readyLastTerm);
    if (this.readySnapshotIndex > 0) r.log.snapshotApplied(this.readySnapshotIndex);
    if (this.readyApplyTo > 0) {
      r.log.appliedTo(Math.min(this.readyApplyTo, r.log.committed));
      for (const e of this.readyConfEntries) r.applyConfEntry(e);
    }
    leaderSelfAck(r);
    this.readyLastIndex = 0;
    this.readyLastTerm = 0;
    this.readyApplyTo = 0;
    this.readySnapshotIndex = 0;
    this.readyConfEntries = [];
  }

  /**
   * The host applied up to `index` and took a snapshot of its state machine there: compact the
   * log. Returns the stored snapshot (the host persists it) or the existing one when `index`
   * is not beyond it. Throws if `index` was not applied yet.
   */
  compact(index: number, data: string): Snapshot | null {
    const r = this.raft;
    if (index <= r.log.offset) return r.log.snapshot;
    const snap: Snapshot = { meta: { index, term: r.log.term(index), conf: r.confAt(index) }, data };
    r.log.compact(index, snap);
    r.compactConfHistory(index);
    return snap;
  }

  status(): RaftStatus {
    const r = this.raft;
    const st: RaftStatus = {
      id: r.id,
      role: r.role !== 'leader' && r.isLearner() ? 'learner' : r.role,
      term: r.term,
      vote: r.vote,
      lead: r.lead,
      commit: r.log.committed,
      applied: r.log.applied,
      lastIndex: r.log.lastIndex(),
      snapshotIndex: r.log.offset,
      conf: cloneConf(r.trk.confState()),
      electionElapsed: r.electionElapsed,
      randomizedElectionTimeout: r.randomizedElectionTimeout,
      leadTransferee: r.leadTransferee,
    };
    if (r.role === 'leader') {
      const progress: Record<NodeId, ProgressStatus> = {};
      for (const [id, pr] of r.trk.progress) {
        progress[id] = {
          match: pr.match,
          next: pr.next,
          state: pr.state,
          inflight: pr.inflights.count,
          recentActive: pr.recentActive,
        };
      }
      st.progress = progress;
    }
    return st;
  }

  /** Entries in [lo, hi) still held in the log (for the report and the UI). */
  entriesBetween(lo: number, hi: number): Entry[] {
    return this.raft.log.slice(lo, hi);
  }

  private softState(): SoftState {
    return { lead: this.raft.lead, role: this.raft.role };
  }
}

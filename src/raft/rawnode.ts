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
 * tick() may be called in between (their output waits for the next Ready). The Ready object
 * and its messages array are recycled: the host must not keep either after advance() (the
 * messages themselves and the entry arrays are never reused, and must not be changed).
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
  Message,
  MessageType,
  NodeId,
  ProgressStatus,
  RaftConfig,
  RaftStatus,
  RaftStorageState,
  ReadState,
  Ready,
  Role,
  Snapshot,
  NO_ENTRIES,
  NO_MESSAGES,
  newMessage,
} from './types';

export class RawNode {
  raft: Raft;
  /**
   * The soft and hard state last handed out, as scalars: hasReady() and ready() compare them
   * on every event, and only a change allocates the Ready's softState/hardState objects.
   */
  private prevLead: NodeId | null;
  private prevRole: Role;
  private prevTerm: number;
  private prevVote: NodeId | null;
  private prevCommit: number;
  /** A Ready was handed out and advance() has not been called yet. */
  private awaitingAdvance = false;
  private readyLastIndex = 0;
  private readyLastTerm = 0;
  private readyApplyTo = 0;
  /** Conf-change entries of the outstanding Ready; the shared empty array when there are none. */
  private readyConfEntries: Entry[] = NO_ENTRIES;
  private readySnapshotIndex = 0;
  /**
   * The messages array of the last Ready, emptied by advance() and given back to Raft as its
   * next outbox by ready(): a fresh array per batch was some 7% of the run's allocation.
   * Emptied with pop(): setting length = 0 would drop the backing store.
   */
  private spareOutbox: Message[] = [];
  /**
   * The Ready handed out, refilled by every ready(): a host handles one at a time, so a fresh
   * object per batch would only feed the garbage collector. Every field is always present,
   * so the object keeps one shape.
   */
  private readonly rd: Ready = {
    softState: undefined,
    hardState: undefined,
    entries: NO_ENTRIES,
    snapshot: undefined,
    committedEntries: NO_ENTRIES,
    messages: NO_MESSAGES,
    readStates: NO_READ_STATES,
    mustSync: false,
  };

  constructor(config: RaftConfig, storage: RaftStorageState, rng: Rng) {
    this.raft = new Raft(config, storage, rng);
    this.prevLead = this.raft.lead;
    this.prevRole = this.raft.role;
    this.prevTerm = storage.hardState.term;
    this.prevVote = storage.hardState.vote;
    this.prevCommit = storage.hardState.commit;
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
    if (isResponse(m.type) && this.raft.trk.peer(m.from) === undefined) return;
    if (m.type === 'MsgProp') return; // proposals go through propose() on the leader only
    this.raft.step(m);
  }

  /** `decoded`: the host's own decoding of `data`, carried with the entry (Entry.decoded). */
  propose(data: string, decoded?: unknown): boolean {
    return leaderPropose(this.raft, data, decoded);
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
    const log = r.log;
    if (log.hasUnstable() || log.pendingSnapshot !== null || log.hasNextCommittedEnts()) return true;
    if (r.term !== this.prevTerm || r.vote !== this.prevVote || log.committed !== this.prevCommit) return true;
    return r.lead !== this.prevLead || r.role !== this.prevRole;
  }

  ready(): Ready {
    if (this.awaitingAdvance) throw new Error('raft: ready() called again before advance()');
    const r = this.raft;
    const log = r.log;
    const entries = log.unstableEntries();
    const committedEntries = log.nextCommittedEnts();
    const rd = this.rd;
    rd.softState = undefined;
    rd.hardState = undefined;
    rd.entries = entries;
    rd.snapshot = undefined;
    rd.committedEntries = committedEntries;
    rd.mustSync = entries.length > 0;
    // Hand the outboxes over: what is sent before advance() goes into the spare array. An
    // empty readStates stays (it is filled in place); the Ready gets a shared empty array.
    rd.messages = r.msgs;
    r.msgs = this.spareOutbox;
    rd.readStates = NO_READ_STATES;
    if (r.readStates.length > 0) {
      rd.readStates = r.readStates;
      r.readStates = [];
    }

    if (r.lead !== this.prevLead || r.role !== this.prevRole) {
      this.prevLead = r.lead;
      this.prevRole = r.role;
      rd.softState = { lead: r.lead, role: r.role };
    }
    if (r.term !== this.prevTerm || r.vote !== this.prevVote || log.committed !== this.prevCommit) {
      // Term and vote must be durable before any message leaves (§5.2: one vote per term).
      if (r.term !== this.prevTerm || r.vote !== this.prevVote) rd.mustSync = true;
      this.prevTerm = r.term;
      this.prevVote = r.vote;
      this.prevCommit = log.committed;
      rd.hardState = { term: r.term, vote: r.vote, commit: log.committed };
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
      if (log.lastConfIndex >= committedEntries[0].index) this.collectConfEntries(committedEntries);
    }
    this.awaitingAdvance = true;
    return rd;
  }

  /** The conf-change entries among `committed`, applied to the membership by advance(). */
  private collectConfEntries(committed: Entry[]): void {
    for (let i = 0; i < committed.length; i++) {
      const e = committed[i];
      if (e.type !== 'conf-change') continue;
      if (this.readyConfEntries === NO_ENTRIES) this.readyConfEntries = [];
      this.readyConfEntries.push(e);
    }
  }

  /** The host persisted, sent and applied the last Ready. */
  advance(): void {
    if (!this.awaitingAdvance) return;
    this.awaitingAdvance = false;
    const r = this.raft;
    const sent = this.rd.messages;
    while (sent.length > 0) sent.pop();
    this.spareOutbox = sent;
    if (this.readyLastIndex > 0) r.log.stableTo(this.readyLastIndex, this.readyLastTerm);
    if (this.readySnapshotIndex > 0) r.log.snapshotApplied(this.readySnapshotIndex);
    if (this.readyApplyTo > 0) {
      r.log.appliedTo(Math.min(this.readyApplyTo, r.log.committed));
      const confs = this.readyConfEntries;
      for (let i = 0; i < confs.length; i++) r.applyConfEntry(confs[i]);
    }
    leaderSelfAck(r);
    this.readyLastIndex = 0;
    this.readyLastTerm = 0;
    this.readyApplyTo = 0;
    this.readySnapshotIndex = 0;
    this.readyConfEntries = NO_ENTRIES;
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

}

const NO_READ_STATES: ReadState[] = Object.freeze([]) as unknown as ReadState[];

/** Responses are only accepted from known peers (etcd RawNode.Step: ErrStepPeerNotFound). */
function isResponse(t: MessageType): boolean {
  return t === 'MsgAppResp' || t === 'MsgHeartbeatResp' || t === 'MsgVoteResp' || t === 'MsgPreVoteResp';
}

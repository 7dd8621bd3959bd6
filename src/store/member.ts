/**
 * An etcd member: Raft hosted on a simulated node, with the MVCC store as its state machine.
 *
 * It drives Raft the way etcd's raft node loop does: tick on a timer; after any input, take the
 * Ready batch, write hard state and entries, fsync, and only then send messages, apply what is
 * committed and acknowledge clients (etcd raft: "persist before send"; Raft §5: a server must
 * not answer an RPC before its state is on stable storage). Planted bugs break exactly one rule.
 */
import type { Process, ProcessContext, SimMessage } from '../sim/process';
import { registerProcessKind } from '../sim/process';
import { RawNode } from '../raft/rawnode';
import { DEFAULT_RAFT_CONFIG, RaftPanic } from '../raft/types';
import type { ConfChange, ConfState, Entry, Message, RaftStatus, Ready, Snapshot, SoftState } from '../raft/types';
import { LogFiles, readRaftDisk } from './memberDisk';
import { MemberEvents } from './memberEvents';
import { MemberLessor } from './memberLessor';
import { KeyedQueue, type Proposal, type ReadRequest } from './memberRequests';
import { MvccStore } from './mvcc';
import type { ClientRequest, ClientResponse, WatchCancel, WatchCreate } from './protocol';
import { WatchServer } from './watchServer';
import { decodeCached } from './requestCache';
import type { KvRequest } from './types';

export interface MemberConfig {
  id: string;
  /** Bootstrap membership (etcd --initial-cluster); a joining member gets the current one. */
  conf: ConfState;
  /** One Raft tick, µs (etcd --heartbeat-interval). */
  tick: number;
  electionTicks: number;
  preVote: boolean;
  checkQuorum: boolean;
  maxInflight: number;
  readOnly: 'safe' | 'lease-based';
  snapshotEvery: number;
  /** Revisions of history to keep; the leader compacts older ones (0 = never). */
  autoCompact: number;
  bugs: string[];
}

/** How often a leader looks for expired leases (etcd's lessor checks every 500 ms). */
const LEASE_CHECK = 500_000;

export class EtcdMember implements Process {
  readonly kind = 'etcd';
  raft!: RawNode;
  store = new MvccStore();
  files = new LogFiles();
  applied = 0;
  appliedTerm = 0;
  snapshotIndex = 0;
  /** The last term this member campaigned in. */
  campaignTerm = 0;
  /** The previous Ready was handled as leader: its entries are the leader's own appends. */
  leaderLastReady = false;
  /** Proposals this member made as leader, by log index, to answer when applied. */
  pending = new KeyedQueue<number, Proposal>();
  watchServer = new WatchServer();
  /** ReadIndex requests by context, then reads waiting for apply to reach their index. */
  readRequests = new KeyedQueue<string, ReadRequest>();
  waitingReads: ReadRequest[] = [];
  soft: SoftState = { lead: null, role: 'follower' };
  /** A Ready whose writes are being synced; its messages wait for the fsync. */
  syncing: Ready | null = null;
  removed = false;
  nextReadId = 0;

  lessor: MemberLessor;
  /** The `apply`, `ack` and `leader-append` events, on records it reuses (memberEvents.ts). */
  private readonly events = new MemberEvents();
  private bugFlags: BugFlags = readBugFlags([]);

  constructor(readonly config: MemberConfig) {
    this.lessor = new MemberLessor(config);
  }

  get id(): string {
    return this.config.id;
  }

  hasBug(name: string): boolean {
    return this.config.bugs.includes(name);
  }

  /**
   * The planted bugs the Ready loop asks about on every batch, re-read only when the config's
   * bug list changes (setBugs and the scenario's switch assign a new array; a length check
   * catches an in-place edit too).
   */
  private bugs(): BugFlags {
    const list = this.config.bugs;
    if (this.bugFlags.list !== list || this.bugFlags.count !== list.length) this.bugFlags = readBugFlags(list);
    return this.bugFlags;
  }

  start(ctx: ProcessContext): void {
    const stored = readRaftDisk(ctx.disk, this.config.conf);
    this.files = LogFiles.from(stored);
    if (stored.snapshot) {
      this.store = MvccStore.deserialize(stored.snapshot.data);
      this.applied = this.snapshotIndex = stored.snapshot.meta.index;
    }
    const c = this.config;
    this.raft = new RawNode(
      {
        id: c.id,
        electionTick: c.electionTicks,
        heartbeatTick: 1,
        preVote: c.preVote,
        checkQuorum: c.checkQuorum,
        maxInflightMsgs: c.maxInflight,
        maxSizePerMsg: DEFAULT_RAFT_CONFIG.maxSizePerMsg,
        readOnlyOption: c.readOnly,
        bugs: c.bugs,
      },
      stored,
      ctx.rng,
    );
    ctx.setTimer(c.tick, 'tick');
    ctx.setTimer(LEASE_CHECK, 'leases');
    this.guard(ctx, () => this.drain(ctx));
  }

  onTimer(ctx: ProcessContext, name: string): void {
    try {
      this.timer(ctx, name);
    } catch (e) {
      this.panic(ctx, e);
    }
  }

  onMessage(ctx: ProcessContext, from: string, msg: SimMessage): void {
    // try/catch inline rather than through guard(): no closure per message on the hot path.
    try {
      if (msg.type === 'ClientRequest') this.onClient(ctx, from, msg as ClientRequest);
      else if (msg.type === 'WatchCreate') this.watchServer.create(this.store, ctx, from, msg as WatchCreate);
      else if (msg.type === 'WatchCancel') this.watchServer.cancel(this.store, from, msg as WatchCancel);
      else if (!this.removed) this.raft.step(msg as Message);
      this.drain(ctx);
    } catch (e) {
      this.panic(ctx, e);
    }
  }

  private guard(ctx: ProcessContext, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.panic(ctx, e);
    }
  }

  /**
   * etcd raft panics where continuing would break safety (e.g. "tocommit is out of range":
   * the log lost entries this node had acknowledged). The process dies, as etcd's does.
   */
  private panic(ctx: ProcessContext, e: unknown): void {
    if (!(e instanceof RaftPanic)) throw e;
    ctx.emit('panic', { message: e.message });
    ctx.exit(`raft panic: ${e.message}`);
  }

  private timer(ctx: ProcessContext, name: string): void {
    if (name === 'tick') {
      if (this.removed) return;
      this.raft.tick();
      ctx.setTimer(this.config.tick, 'tick');
    } else if (name === 'leases') {
      if (this.soft.role === 'leader') this.lessor.check(this.store, this.raft, Math.floor(ctx.now() / 1000));
      ctx.setTimer(LEASE_CHECK, 'leases');
    } else if (name === 'synced') {
      const rd = this.syncing!;
      this.syncing = null;
      this.finish(ctx, rd);
    }
    this.drain(ctx);
  }

  // ---- the Ready loop ---------------------------------------------------------------------

  /** Handles Ready batches until none is left or one waits for its fsync. */
  drain(ctx: ProcessContext): void {
    while (this.syncing === null && this.raft.hasReady()) {
      const rd = this.raft.ready();
      if (rd.softState) this.onSoftState(ctx, rd.softState);
      this.persist(ctx, rd);
      if (rd.mustSync) {
        const ackBeforeFsync = this.bugs().ackBeforeFsync;
        ctx.fsync(ackBeforeFsync ? 'synced-late' : 'synced');
        // Planted bug `ack-before-fsync`: answer peers and clients while the writes are
        // still in the page cache, so a crash can lose an entry a quorum counted on.
        if (!ackBeforeFsync) {
          this.syncing = rd;
          return;
        }
      }
      this.finish(ctx, rd);
    }
  }

  private persist(ctx: ProcessContext, rd: Ready): void {
    const leaderBefore = this.leaderLastReady;
    this.leaderLastReady = this.soft.role === 'leader';
    if (rd.snapshot === undefined && rd.entries.length === 0 && rd.hardState === undefined) return;
    const disk = ctx.disk;
    if (rd.snapshot) {
      disk.write('snap', rd.snapshot);
      this.files.restore(disk, rd.snapshot.meta.index);
    }
    if (rd.entries.length > 0) {
      // Only a node that was already leader for the previous batch is checked: entries it
      // took as a follower, in the batch where it won, may rightly overwrite its old tail.
      if (leaderBefore && this.soft.role === 'leader') {
        this.events.leaderAppend(ctx, this.raft.raft.term, rd.entries, this.files.last);
      }
      this.files.append(disk, rd.entries);
    }
    if (rd.hardState) {
      // A new term with our own vote: we campaigned (each term a candidate tries counts).
      if (rd.hardState.term > this.campaignTerm && rd.hardState.vote === this.id) {
        this.campaignTerm = rd.hardState.term;
        ctx.emit('campaign', { term: rd.hardState.term });
      }
      // Planted bug `forget-vote`: the vote is not written, so a restarted node may vote
      // again in a term it already voted in (Raft Figure 2: votedFor is persistent state).
      disk.write('hs', this.bugs().forgetVote ? { ...rd.hardState, vote: null } : rd.hardState);
    }
  }

  /** After the batch is durable: send, apply, answer reads, advance. */
  private finish(ctx: ProcessContext, rd: Ready): void {
    // Indexed loops: the Ready's arrays may be the shared frozen empty ones, which would
    // take for..of off its fast path (an iterator result allocated per element).
    const messages = rd.messages;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      ctx.send(m.to, m);
      if (m.type === 'MsgSnap') {
        ctx.emit('snapshot-sent', { to: m.to });
        // etcd's transport reports a snapshot once streamed; if it was lost, the follower's
        // next reply shows it is still behind and the leader sends another.
        this.raft.reportSnapshot(m.to, true);
      }
    }
    if (rd.snapshot) this.applySnapshot(rd.snapshot);
    const committed = rd.committedEntries;
    let confChanged = false;
    for (let i = 0; i < committed.length; i++) {
      const e = committed[i];
      if (e.type === 'conf-change') confChanged = true;
      this.apply(ctx, e);
    }
    this.watchServer.forward(this.store, ctx);
    const readStates = rd.readStates;
    for (let i = 0; i < readStates.length; i++) {
      const rs = readStates[i];
      const r = this.readRequests.take(rs.context);
      if (!r) continue;
      r.index = rs.index;
      this.waitingReads.push(r);
    }
    this.serveReads(ctx);
    this.raft.advance();
    if (confChanged) this.checkRemoved(ctx);
    this.maybeSnapshot(ctx);
  }

  /** A member whose removal has taken effect leaves the cluster (etcd stops the server). */
  private checkRemoved(ctx: ProcessContext): void {
    const conf = this.raft.status().conf;
    if (conf.voters.includes(this.id) || conf.learners.includes(this.id)) return;
    this.removed = true;
    ctx.emit('removed', {});
  }

  private onSoftState(ctx: ProcessContext, s: SoftState): void {
    const was = this.soft;
    this.soft = { lead: s.lead, role: s.role };
    if (s.role === 'leader' && was.role !== 'leader') {
      // Leases wait for this leader's first entry to apply (see apply: etcd lessor.Promote).
      this.lessor.elected();
      ctx.emit('leader', { term: this.raft.raft.term, member: this });
    }
    if (was.role === 'leader' && s.role !== 'leader') {
      this.lessor.demote(this.store);
      // etcd answers pending requests with ErrLeaderChanged: they may still commit later.
      for (const p of this.pending.takeAll()) this.reply(ctx, p.client, { type: 'ClientResponse', id: p.id, ok: false, error: 'leader-changed', leader: s.lead });
    }
    if (was.lead !== s.lead) {
      // Raft drops pending ReadIndex requests when leadership moves: fail them so clients retry.
      for (const r of this.readRequests.takeAll()) this.reply(ctx, r.client, { type: 'ClientResponse', id: r.id, ok: false, error: 'not-leader', leader: s.lead });
    }
  }

  private apply(ctx: ProcessContext, e: Entry): void {
    if (e.index <= this.applied) return;
    this.applied = e.index;
    this.appliedTerm = e.term;
    // Taken first: the store builds a response only if a client of this member waits for it
    // (on followers, never). Nothing else reads the pending queue meanwhile.
    const p = this.pending.take(e.index);
    const answered = p !== undefined && p.term === e.term;
    let response;
    if (e.type === 'normal' && e.data !== '') {
      const req = this.lessor.clamp((e.decoded as KvRequest | undefined) ?? decodeCached(e.data));
      const nowMs = Math.floor(ctx.now() / 1000);
      if (answered) response = this.store.apply(req, nowMs);
      else this.store.applyUnanswered(req, nowMs);
    } else if (e.type === 'normal' && this.soft.role === 'leader' && e.term === this.raft.raft.term) {
      this.lessor.promote(this.store, Math.floor(ctx.now() / 1000)); // the leader's own first entry
    }
    this.events.apply(ctx, e);
    if (!p) return;
    if (!answered) {
      // Another leader's entry took this index: ours was surely never applied (Raft §5.3).
      this.reply(ctx, p.client, { type: 'ClientResponse', id: p.id, ok: false, error: 'dropped', leader: this.soft.lead });
      return;
    }
    this.events.ack(ctx, p.client, e);
    this.reply(ctx, p.client, { type: 'ClientResponse', id: p.id, ok: true, response });
  }

  private applySnapshot(s: Snapshot): void {
    if (s.meta.index <= this.applied) return;
    this.store.restore(s.data); // keeps this member's watches (etcd restores the store in place)
    this.applied = this.snapshotIndex = s.meta.index;
  }

  /**
   * etcd --snapshot-count: every N applied entries, snapshot the store and compact the log.
   * The snapshot file is written before the entries it covers are deleted; both reach the
   * disk with the next fsync, in that order, so a crash leaves either the old state or the new.
   */
  private maybeSnapshot(ctx: ProcessContext): void {
    if (this.applied - this.snapshotIndex < this.config.snapshotEvery) return;
    const data = this.store.serialize();
    const snapshot: Snapshot = { meta: { index: this.applied, term: this.appliedTerm, conf: this.raft.status().conf }, data };
    this.raft.compact(this.applied, data);
    this.snapshotIndex = this.applied;
    ctx.disk.write('snap', snapshot);
    this.files.compact(ctx.disk, this.applied);
  }

  // ---- clients ----------------------------------------------------------------------------

  private onClient(ctx: ProcessContext, from: string, m: ClientRequest): void {
    if (this.removed) return this.reply(ctx, from, { type: 'ClientResponse', id: m.id, ok: false, error: 'removed' });
    let req: KvRequest;
    try {
      req = m.req ?? decodeCached(m.op);
    } catch {
      return this.reply(ctx, from, { type: 'ClientResponse', id: m.id, ok: false, error: 'failed' });
    }
    if (req.type === 'range') {
      // Planted bug `stale-read`: answer from local state, skipping ReadIndex, so a deposed
      // leader (or a lagging follower) serves values the cluster has since overwritten.
      if (this.hasBug('stale-read')) return this.reply(ctx, from, { type: 'ClientResponse', id: m.id, ok: true, response: this.store.apply(req) });
      // Any member serves a linearizable read: a follower asks the leader for a ReadIndex
      // (etcd's linearizableReadLoop), then answers once it has applied that far.
      if (this.soft.lead === null) return this.notLeader(ctx, from, m.id);
      const context = `${this.id}:${this.nextReadId++}`;
      this.readRequests.set({ key: context, client: from, id: m.id, req, index: 0 });
      this.raft.readIndex(context);
      return;
    }
    if (this.soft.role === 'leader' && this.lessor.refusesRenewal(this.store, req, ctx)) return this.reply(ctx, from, { type: 'ClientResponse', id: m.id, ok: true, response: { header: { revision: this.store.currentRevision }, error: 'ErrLeaseNotFound' } });
    if (this.soft.role !== 'leader' || !this.raft.propose(m.op, req)) return this.notLeader(ctx, from, m.id);
    const r = this.raft.raft;
    this.pending.set({ key: r.log.lastIndex(), client: from, id: m.id, term: r.term });
  }

  private notLeader(ctx: ProcessContext, to: string, id: number): void {
    this.reply(ctx, to, { type: 'ClientResponse', id, ok: false, error: 'not-leader', leader: this.soft.lead === this.id ? null : this.soft.lead });
  }

  private serveReads(ctx: ProcessContext): void {
    const waiting = this.waitingReads;
    if (waiting.length === 0) return;
    // Answer, in arrival order, every read whose index is applied; keep the others waiting.
    let kept = 0;
    for (let i = 0; i < waiting.length; i++) {
      const r = waiting[i];
      if (r.index <= this.applied) this.reply(ctx, r.client, { type: 'ClientResponse', id: r.id, ok: true, response: this.store.apply(r.req) });
      else waiting[kept++] = r;
    }
    // pop(), not `length = kept`: a shorter length drops the backing store in V8.
    while (waiting.length > kept) waiting.pop();
  }

  private reply(ctx: ProcessContext, to: string, msg: ClientResponse): void {
    ctx.send(to, msg, 'client');
  }

  // ---- operator actions (the scenario's timeout, transfer, membership, compact) ------------

  campaign(ctx: ProcessContext): void {
    this.operate(ctx, () => this.raft.campaign());
  }

  transfer(ctx: ProcessContext, to: string): void {
    this.operate(ctx, () => this.raft.transferLeadership(to));
  }

  changeMembership(ctx: ProcessContext, cc: ConfChange): boolean {
    return this.operate(ctx, () => this.raft.proposeConfChange(cc));
  }

  compactStore(ctx: ProcessContext, revision: number): boolean {
    return this.operate(ctx, () => this.raft.propose(`compact ${revision}`));
  }

  private operate<T>(ctx: ProcessContext, fn: () => T): T {
    let out!: T;
    this.guard(ctx, () => {
      out = fn();
      this.drain(ctx);
    });
    return out;
  }

  /** Planted bugs can be switched on and off while the member runs (a teaching feature). */
  setBugs(bugs: string[]): void {
    this.config.bugs = [...bugs];
    const r = this.raft.raft as { bugCommitOldTerm: boolean; bugVoteWithoutLogCheck: boolean };
    r.bugCommitOldTerm = bugs.includes('commit-old-term');
    r.bugVoteWithoutLogCheck = bugs.includes('vote-without-log-check');
  }

  status(): RaftStatus {
    return this.raft.status();
  }
}

interface BugFlags {
  list: readonly string[];
  count: number;
  ackBeforeFsync: boolean;
  forgetVote: boolean;
}

function readBugFlags(list: readonly string[]): BugFlags {
  return { list, count: list.length, ackBeforeFsync: list.includes('ack-before-fsync'), forgetVote: list.includes('forget-vote') };
}

registerProcessKind('etcd', (config) => new EtcdMember(config as MemberConfig));

/**
 * A simulated etcd client, in the manner of a Jepsen client process.
 *
 * It sends each request to the member it believes leads (the last one that acknowledged a
 * write, or the leader a redirect named), follows `not-leader` redirects, and
 * retries only when the request surely did not take effect (`not-leader`, `dropped`); after a
 * timeout or a `leader-changed` answer a write's outcome is unknown, and it is recorded so
 * (`completeMs: null`) for the linearizability checker. A `register` workload runs one
 * operation at a time at the configured rate; scripted operations may overlap. With `leases`,
 * the client also holds lease sessions (leaseSession.ts) whose keep-alives run beside the
 * register operations, as clientv3's keep-alive stream does.
 *
 * A request the store refuses (etcd's "requested lease not found" for a put with a lease that
 * is gone, "lease already exists"...) is recorded with that `error`: it changed nothing.
 */
import type { HistoryOp, OpKind } from '../check/history';
import type { Process, ProcessContext, SimMessage } from '../sim/process';
import { registerProcessKind } from '../sim/process';
import type { ClientRequest, ClientResponse, WatchCancel, WatchCreate, WatchEvents, WatchEventView } from './protocol';
import { surelyNotApplied } from './protocol';
import { requestOf, textOf } from './clientRequest';
import { LeaseSession, leaseIdBase } from './leaseSession';
import type { KvRequest, KvResponse } from './types';

export interface ClientConfig {
  id: string;
  members: string[];
  workload: 'register' | 'none';
  keys: number;
  /** Operations per second for the workload. */
  rate: number;
  /** µs before an operation's outcome is declared unknown. */
  timeout: number;
  /** Watch every key, moving the watch to another member now and then (etcd clientv3 Watch). */
  watch?: boolean;
  /** Keep the history of operations (off for very long runs that do not check it). */
  record?: boolean;
  /** Hold lease sessions with this TTL (ms) beside the register workload. */
  leaseTtlMs?: number;
  /**
   * etcd's minimum lease TTL (leaseSession.ts minLeaseTtlMs): a grant asks for at least this.
   * etcd's lessor raises a shorter TTL itself; the members here do not know the election
   * timeout, so the client applies the same floor and the entry carries the real TTL.
   */
  minLeaseTtlMs?: number;
}

/**
 * A scripted operation, as the scenario's put/get/delete/cas and lease actions give it. Lease
 * ops use `key: ""`, `lease` (the id) and, for a grant, `ttlMs`; a put may carry `lease`.
 */
export interface ClientOp {
  op: OpKind;
  key: string;
  value: string | null;
  expected: string | null;
  lease?: number;
  ttlMs?: number;
}

interface InFlight {
  /** The request id (ClientRequest.id). */
  id: number;
  /** Index into `history`. */
  h: number;
  text: string;
  /** The request `text` encodes (clientRequest.ts). */
  req: KvRequest;
  target: string;
  timer: number;
  redirects: number;
  /** Sends so far; a failover timer only acts if no later send superseded it. */
  attempt: number;
  /** The pending read-failover timer, cancelled once the read completes or is resent. */
  failover: number | undefined;
  /** A lease session's request: it runs beside the one-at-a-time register operations. */
  session: boolean;
}

const MS = 1000;
const REDIRECT_LIMIT = 8;
const RETRY_DELAY = 50 * MS;
/**
 * A read unanswered this long is sent to another member: reads change nothing, so a retry is
 * always safe (clientv3 likewise fails over from an endpoint that does not answer). Writes are
 * never resent blindly: one might already be in the log.
 */
const READ_FAILOVER = 300 * MS;
const WATCH_START = 200 * MS;
/** A watch moves to another member this often, so watches survive crashes and leader changes. */
const WATCH_MOVE = 3000 * MS;

export function registerKeys(n: number): string[] {
  const letters = ['x', 'y', 'z', 'u', 'v', 'w'];
  return n <= letters.length ? letters.slice(0, n) : Array.from({ length: n }, (_, i) => `k${i + 1}`);
}

export class EtcdClient implements Process {
  readonly kind = 'client';
  history: HistoryOp[] = [];
  /**
   * Requests awaiting an answer, in no order. A list, not a Map by id: it holds a handful, and
   * a Map set and deleted per operation keeps rehashing (shrinks on delete, regrows on set).
   */
  inflight: InFlight[] = [];
  nextId = 1;
  leader: string | null = null;
  /** Last value this client saw per key: what a cas expects. */
  seen = new Map<string, string | null>();
  written = 0;
  /** Members this client may talk to (membership changes update it). */
  members: string[];
  /** Every watch event received, in arrival order (the watch checker's input). */
  watchEvents: WatchEventView[] = [];
  /** The current watch: where, its id, and the last revision seen. */
  watchAt: string | null = null;
  watchId = 0;
  watchRev = 0;
  /** The next stream position expected on the current watch; a gap means the stream broke. */
  watchSeq = 0;
  /** The timer that moves the watch to another member. */
  moveTimer = -1;
  /** The lease session, when the config asks for leases. */
  session: LeaseSession | null = null;
  /** The highest lease id a scripted grant used: a grant without an id takes the next. */
  scriptedLease = 0;
  /** Register operations (not session requests) in flight: the workload runs one at a time. */
  registerInFlight = 0;
  /** The keys the workload picks from (computed once: it picks one per operation). */
  readonly workloadKeys: string[];

  constructor(readonly config: ClientConfig) {
    this.members = [...config.members];
    if (config.leaseTtlMs !== undefined) this.session = new LeaseSession(this.leaseTtl(config.leaseTtlMs), leaseIdBase(config.id), `session/${config.id}`);
    // A session client also reads its session key: it vanishes when the lease ends.
    const keys = registerKeys(config.keys);
    this.workloadKeys = this.session ? [...keys, this.session.key] : keys;
  }

  start(ctx: ProcessContext): void {
    if (this.config.workload === 'register' && this.config.rate > 0) ctx.setTimer(this.gap(ctx), 'next');
    if (this.config.watch) ctx.setTimer(WATCH_START, 'rewatch');
    if (this.session) ctx.setTimer(this.session.pause(ctx.rng), 'session');
  }

  /** A TTL raised to etcd's minimum (etcd lessor.Grant: `if l.ttl < minLeaseTTL`). */
  leaseTtl(ttlMs: number): number {
    return Math.max(ttlMs, this.config.minLeaseTtlMs ?? 0);
  }

  /** The id a scripted grant without one uses: one more than the highest used so far. */
  nextScriptedLease(): number {
    return this.scriptedLease + 1;
  }

  /**
   * (Re)creates the watch on another member from the revision after the last one seen, as a
   * client does when its member fails: the stream must continue with no gap and no repeat.
   */
  private rewatch(ctx: ProcessContext): void {
    if (this.watchAt !== null) {
      const cancel: WatchCancel = { type: 'WatchCancel', watch: this.watchId };
      ctx.send(this.watchAt, cancel, 'etcd');
    }
    this.watchAt = this.otherMember(ctx, this.watchAt ?? '');
    this.watchId++;
    this.watchSeq = 0;
    const create: WatchCreate = { type: 'WatchCreate', watch: this.watchId, key: '', prefix: true, startRevision: this.watchRev + 1 };
    ctx.send(this.watchAt, create, 'etcd');
    if (this.moveTimer >= 0) ctx.cancelTimer(this.moveTimer);
    this.moveTimer = ctx.setTimer(WATCH_MOVE, 'rewatch');
  }

  private onWatchEvents(ctx: ProcessContext, m: WatchEvents): void {
    if (m.watch !== this.watchId) return; // a watch this client has moved away from
    if (m.seq !== this.watchSeq) {
      // A message of the stream was lost: the stream is broken. Like clientv3 after a stream
      // error, re-create the watch from the revision after the last one received in order.
      this.rewatch(ctx);
      return;
    }
    this.watchSeq++;
    for (const e of m.events) {
      this.watchEvents.push(e);
      if (e.revision > this.watchRev) this.watchRev = e.revision;
    }
  }

  private gap(ctx: ProcessContext): number {
    // Uniform in [0.5, 1.5) of the mean interval: the rate holds, arrivals do not align.
    const mean = 1_000_000 / this.config.rate;
    return Math.max(1, Math.floor(mean * (0.5 + ctx.rng.float())));
  }

  onTimer(ctx: ProcessContext, name: string, data: unknown): void {
    if (name === 'next') {
      if (!this.registerBusy()) this.submit(ctx, this.nextOp(ctx));
      ctx.setTimer(this.gap(ctx), 'next');
    } else if (name === 'session') {
      this.beginSession(ctx);
    } else if (name === 'keepalive') {
      if (this.session?.generation === data) this.keepAlive(ctx);
    } else if (name === 'rewatch') {
      this.rewatch(ctx);
    } else if (name === 'timeout') {
      this.finishUnknown(ctx, data as number);
    } else if (name === 'failover') {
      const { id, attempt } = data as { id: number; attempt: number };
      const f = this.inFlight(id);
      if (f && f.attempt === attempt) {
        f.target = this.otherMember(ctx, f.target);
        this.send(ctx, id, f);
      }
    } else if (name === 'retry') {
      const f = this.inFlight(data as number);
      if (f) this.send(ctx, data as number, f);
    }
  }

  /** A register operation (workload or scripted) is in flight; session requests do not count. */
  private registerBusy(): boolean {
    return this.registerInFlight > 0;
  }

  private nextOp(ctx: ProcessContext): ClientOp {
    const rng = ctx.rng;
    const key = rng.pick(this.workloadKeys);
    if (key === this.session?.key) return { op: 'get', key, value: null, expected: null };
    const r = rng.float();
    if (r < 0.45) return { op: 'get', key, value: null, expected: null };
    const value = `${this.config.id}-${++this.written}`;
    if (r < 0.8) {
      const lease = this.session?.attach(rng);
      return lease === undefined ? { op: 'put', key, value, expected: null } : { op: 'put', key, value, expected: null, lease };
    }
    return { op: 'cas', key, value, expected: this.seen.get(key) ?? null };
  }

  /** Starts an operation now; it completes later, by a response or a timeout. */
  submit(ctx: ProcessContext, op: ClientOp, session = false): number {
    const id = this.nextId++;
    const h = this.history.length;
    let ttlMs: number | undefined;
    if (op.op === 'lease-grant') {
      ttlMs = this.leaseTtl(op.ttlMs ?? 0);
      this.scriptedLease = Math.max(this.scriptedLease, session ? 0 : (op.lease ?? 0));
    }
    // Built field by field, not by spreads: `lease` and `ttlMs` exist only when set (the
    // report carries the op as is), in this order.
    const entry: HistoryOp = {
      client: this.config.id, op: op.op, key: op.key, value: op.value, expected: op.expected,
      invokeMs: ctx.now() / MS, completeMs: null, ok: false, result: null,
    };
    if (op.lease !== undefined) entry.lease = op.lease;
    if (ttlMs !== undefined) entry.ttlMs = ttlMs;
    this.history.push(entry);
    const req = requestOf(op, ttlMs);
    const text = textOf(op, req);
    // Reads are balanced over every member, as etcd's clientv3 round-robins its endpoints
    // (each member answers a linearizable read through ReadIndex); writes go to the leader.
    const target = op.op === 'get' ? this.members[this.nextId % this.members.length] : (this.leader ?? ctx.rng.pick(this.members));
    const f: InFlight = { id, h, text, req, target, timer: ctx.setTimer(this.config.timeout, 'timeout', id), redirects: 0, attempt: 0, failover: undefined, session };
    this.inflight.push(f);
    if (!session) this.registerInFlight++;
    this.send(ctx, id, f);
    return id;
  }

  // ---- lease sessions (leaseSession.ts) ---------------------------------------------------

  private beginSession(ctx: ProcessContext): void {
    const s = this.session!;
    if (s.phase === 'granting' || s.phase === 'held' || s.phase === 'closing') return;
    const lease = s.begin();
    this.submit(ctx, { op: 'lease-grant', key: '', value: null, expected: null, lease, ttlMs: s.ttlMs }, true);
  }

  private keepAlive(ctx: ProcessContext): void {
    const s = this.session!;
    if (s.phase !== 'held') return;
    if (ctx.now() >= s.endsAt) return this.endSession(ctx);
    if (!s.keepAliveInFlight) {
      s.keepAliveInFlight = true;
      this.submit(ctx, { op: 'lease-keepalive', key: '', value: null, expected: null, lease: s.lease }, true);
    }
    ctx.setTimer(s.keepAliveEvery, 'keepalive', s.generation);
  }

  /** Half the sessions close cleanly (revoke); the rest fall silent and let the lease expire. */
  private endSession(ctx: ProcessContext): void {
    const s = this.session!;
    if (ctx.rng.chance(0.5)) {
      s.phase = 'closing';
      this.submit(ctx, { op: 'lease-revoke', key: '', value: null, expected: null, lease: s.lease }, true);
      return;
    }
    s.phase = 'lapsed';
    ctx.setTimer(s.pause(ctx.rng, s.ttlMs * MS), 'session');
  }

  /** A session request finished (acknowledged, refused, or with an unknown outcome). */
  private sessionDone(ctx: ProcessContext, op: HistoryOp): void {
    const s = this.session;
    if (!s || op.lease !== s.lease) return;
    const acked = op.completeMs !== null && op.ok && op.error === undefined;
    if (op.op === 'lease-grant' && s.phase === 'granting') {
      if (acked) {
        s.held(ctx.now(), ctx.rng);
        ctx.setTimer(s.keepAliveEvery, 'keepalive', s.generation);
        // Announce the session under its key, attached to the lease (an election candidate's
        // key, a service registration): it lives exactly as long as the lease.
        this.submit(ctx, { op: 'put', key: s.key, value: `${this.config.id}-s${s.generation}`, expected: null, lease: s.lease }, true);
      } else {
        s.reset();
        ctx.setTimer(s.pause(ctx.rng), 'session');
      }
    } else if (op.op === 'lease-keepalive') {
      s.keepAliveInFlight = false;
      // Session.Done: the lease expired under us; start over with a new one.
      if (op.error === 'ErrLeaseNotFound' && s.phase === 'held') {
        s.reset();
        ctx.setTimer(s.pause(ctx.rng), 'session');
      }
    } else if (op.op === 'lease-revoke' && s.phase === 'closing') {
      s.reset();
      ctx.setTimer(s.pause(ctx.rng), 'session');
    }
  }

  private send(ctx: ProcessContext, id: number, f: InFlight): void {
    const msg: ClientRequest = { type: 'ClientRequest', id, op: f.text, req: f.req };
    ctx.send(f.target, msg, 'etcd');
    if (this.history[f.h].op === 'get') {
      if (f.failover !== undefined) ctx.cancelTimer(f.failover);
      f.failover = ctx.setTimer(READ_FAILOVER, 'failover', { id, attempt: ++f.attempt });
    }
  }

  onMessage(ctx: ProcessContext, from: string, msg: SimMessage): void {
    if (msg.type === 'WatchEvents') return this.onWatchEvents(ctx, msg as WatchEvents);
    if (msg.type !== 'ClientResponse') return;
    const m = msg as ClientResponse;
    const f = this.inFlight(m.id);
    if (!f) return; // already timed out: its outcome stays unknown
    if (m.ok) {
      // Only the leader acknowledges a write: keep sending there (clientv3 likewise stays on
      // the endpoint that answers). Any member answers a read, so a read says nothing.
      if (this.history[f.h].op !== 'get') this.leader = from;
      return this.finish(ctx, m.id, f, m.response!);
    }
    if (surelyNotApplied(m.error) && f.redirects < REDIRECT_LIMIT) {
      f.redirects++;
      if (m.leader && m.leader !== f.target && this.members.includes(m.leader)) {
        this.leader = m.leader;
        f.target = m.leader;
        this.send(ctx, m.id, f);
      } else {
        // No hint (an election is on): try another member after a pause.
        this.leader = null;
        f.target = this.otherMember(ctx, f.target);
        ctx.setTimer(RETRY_DELAY, 'retry', m.id);
      }
      return;
    }
    this.leader = m.leader ?? null;
    const op = this.history[f.h];
    // A read has no effect, so an error leaves nothing unknown: it simply failed.
    if (op.op === 'get' || surelyNotApplied(m.error)) return this.finishFailed(ctx, m.id, f, m.error ?? 'failed');
    this.finishUnknown(ctx, m.id);
  }

  private otherMember(ctx: ProcessContext, current: string): string {
    const others = this.members.filter((m) => m !== current);
    return others.length > 0 ? ctx.rng.pick(others) : current;
  }

  private finish(ctx: ProcessContext, id: number, f: InFlight, r: KvResponse): void {
    // etcd checks a request when it applies it: an error there (e.g. "requested lease not
    // found" for a put whose lease is gone) changes nothing.
    if (r.error !== undefined) return this.finishFailed(ctx, id, f, r.error);
    const op = this.history[f.h];
    op.completeMs = ctx.now() / MS;
    op.ok = true;
    if (op.op === 'lease-grant' || op.op === 'lease-keepalive') {
      if (r.ttlMs !== undefined) op.ttlMs = r.ttlMs;
    } else if (op.op === 'lease-revoke') {
      // nothing to remember: the lease and its keys are gone
    } else if (op.op === 'get') {
      op.result = r.kvs && r.kvs.length > 0 ? r.kvs[0].value : null;
      this.seen.set(op.key, op.result);
    } else if (op.op === 'cas') {
      op.ok = r.succeeded === true;
      if (op.ok) this.seen.set(op.key, op.value);
    } else {
      this.seen.set(op.key, op.op === 'put' ? op.value : null);
    }
    this.close(ctx, f);
  }

  private finishFailed(ctx: ProcessContext, id: number, f: InFlight, error: string): void {
    const op = this.history[f.h];
    op.completeMs = ctx.now() / MS;
    op.ok = false;
    op.error = error;
    this.close(ctx, f);
  }

  private finishUnknown(ctx: ProcessContext, id: number): void {
    const f = this.inFlight(id);
    if (!f) return;
    this.history[f.h].completeMs = null;
    // Forget the leader only if this request went to it: an old request to a crashed member
    // timing out says nothing about the leader learned since.
    if (this.leader === f.target) this.leader = null;
    this.close(ctx, f);
  }

  private close(ctx: ProcessContext, f: InFlight): void {
    ctx.cancelTimer(f.timer);
    // clientv3 cancels a request's context when it returns: no stray failover later.
    if (f.failover !== undefined) ctx.cancelTimer(f.failover);
    // Unordered: the last request takes f's place.
    const last = this.inflight.pop()!;
    if (last !== f) this.inflight[this.inflight.indexOf(f)] = last;
    if (f.session) this.sessionDone(ctx, this.history[f.h]);
    else this.registerInFlight--;
    // Without recording, completed operations are forgotten (the history stays as long as
    // what is in flight): memory stays flat over hours of virtual time.
    if (this.config.record === false && this.inflight.length === 0) this.history.length = 0;
  }

  /** The request `id` if it still awaits an answer. */
  private inFlight(id: number): InFlight | undefined {
    const list = this.inflight;
    for (let i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    return undefined;
  }
}

registerProcessKind('client', (config) => new EtcdClient(config as ClientConfig));

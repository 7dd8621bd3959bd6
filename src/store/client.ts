/**
 * A simulated etcd client, in the manner of a Jepsen client process.
 *
 * It sends each request to the member it believes leads, follows `not-leader` redirects, and
 * retries only when the request surely did not take effect (`not-leader`, `dropped`); after a
 * timeout or a `leader-changed` answer a write's outcome is unknown, and it is recorded so
 * (`completeMs: null`) for the linearizability checker. A `register` workload runs one
 * operation at a time at the configured rate; scripted operations may overlap.
 */
import type { HistoryOp, OpKind } from '../check/history';
import type { Process, ProcessContext, SimMessage } from '../sim/process';
import { registerProcessKind } from '../sim/process';
import type { ClientRequest, ClientResponse, WatchCancel, WatchCreate, WatchEvents, WatchEventView } from './protocol';
import { surelyNotApplied } from './protocol';
import { casRequest, encodeRequest } from './request';
import type { KvResponse } from './types';

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
}

/** A scripted operation, as the scenario's put/get/delete/cas actions give it. */
export interface ClientOp {
  op: OpKind;
  key: string;
  value: string | null;
  expected: string | null;
}

interface InFlight {
  /** Index into `history`. */
  h: number;
  text: string;
  target: string;
  timer: number;
  redirects: number;
  /** Sends so far; a failover timer only acts if no later send superseded it. */
  attempt: number;
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
  inflight = new Map<number, InFlight>();
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

  constructor(readonly config: ClientConfig) {
    this.members = [...config.members];
  }

  start(ctx: ProcessContext): void {
    if (this.config.workload === 'register' && this.config.rate > 0) ctx.setTimer(this.gap(ctx), 'next');
    if (this.config.watch) ctx.setTimer(WATCH_START, 'rewatch');
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
    const create: WatchCreate = { type: 'WatchCreate', watch: this.watchId, key: '', prefix: true, startRevision: this.watchRev + 1 };
    ctx.send(this.watchAt, create, 'etcd');
    ctx.setTimer(WATCH_MOVE, 'rewatch');
  }

  private onWatchEvents(m: WatchEvents): void {
    if (m.watch !== this.watchId) return; // a watch this client has moved away from
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
      if (this.inflight.size === 0) this.submit(ctx, this.nextOp(ctx));
      ctx.setTimer(this.gap(ctx), 'next');
    } else if (name === 'rewatch') {
      this.rewatch(ctx);
    } else if (name === 'timeout') {
      this.finishUnknown(ctx, data as number);
    } else if (name === 'failover') {
      const { id, attempt } = data as { id: number; attempt: number };
      const f = this.inflight.get(id);
      if (f && f.attempt === attempt) {
        f.target = this.otherMember(ctx, f.target);
        this.send(ctx, id, f);
      }
    } else if (name === 'retry') {
      const f = this.inflight.get(data as number);
      if (f) this.send(ctx, data as number, f);
    }
  }

  private nextOp(ctx: ProcessContext): ClientOp {
    const key = ctx.rng.pick(registerKeys(this.config.keys));
    const r = ctx.rng.float();
    if (r < 0.45) return { op: 'get', key, value: null, expected: null };
    const value = `${this.config.id}-${++this.written}`;
    if (r < 0.8) return { op: 'put', key, value, expected: null };
    return { op: 'cas', key, value, expected: this.seen.get(key) ?? null };
  }

  /** Starts an operation now; it completes later, by a response or a timeout. */
  submit(ctx: ProcessContext, op: ClientOp): number {
    const id = this.nextId++;
    const h = this.history.length;
    this.history.push({ client: this.config.id, op: op.op, key: op.key, value: op.value, expected: op.expected, invokeMs: ctx.now() / MS, completeMs: null, ok: false, result: null });
    const text = encode(op);
    // Reads are balanced over every member, as etcd's clientv3 round-robins its endpoints
    // (each member answers a linearizable read through ReadIndex); writes go to the leader.
    const target = op.op === 'get' ? this.members[this.nextId % this.members.length] : (this.leader ?? ctx.rng.pick(this.members));
    const f: InFlight = { h, text, target, timer: ctx.setTimer(this.config.timeout, 'timeout', id), redirects: 0, attempt: 0 };
    this.inflight.set(id, f);
    this.send(ctx, id, f);
    return id;
  }

  private send(ctx: ProcessContext, id: number, f: InFlight): void {
    const req: ClientRequest = { type: 'ClientRequest', id, op: f.text };
    ctx.send(f.target, req, 'etcd');
    if (this.history[f.h].op === 'get') ctx.setTimer(READ_FAILOVER, 'failover', { id, attempt: ++f.attempt });
  }

  onMessage(ctx: ProcessContext, _from: string, msg: SimMessage): void {
    if (msg.type === 'WatchEvents') return this.onWatchEvents(msg as WatchEvents);
    if (msg.type !== 'ClientResponse') return;
    const m = msg as ClientResponse;
    const f = this.inflight.get(m.id);
    if (!f) return; // already timed out: its outcome stays unknown
    if (m.ok) return this.finish(ctx, m.id, f, m.response!);
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
    const op = this.history[f.h];
    op.completeMs = ctx.now() / MS;
    op.ok = true;
    if (op.op === 'get') {
      op.result = r.kvs && r.kvs.length > 0 ? r.kvs[0].value : null;
      this.seen.set(op.key, op.result);
    } else if (op.op === 'cas') {
      op.ok = r.succeeded === true;
      if (op.ok) this.seen.set(op.key, op.value);
    } else {
      this.seen.set(op.key, op.op === 'put' ? op.value : null);
    }
    this.close(ctx, id, f);
  }

  private finishFailed(ctx: ProcessContext, id: number, f: InFlight, error: string): void {
    const op = this.history[f.h];
    op.completeMs = ctx.now() / MS;
    op.ok = false;
    op.error = error;
    this.close(ctx, id, f);
  }

  private finishUnknown(ctx: ProcessContext, id: number): void {
    const f = this.inflight.get(id);
    if (!f) return;
    this.history[f.h].completeMs = null;
    this.leader = null;
    this.close(ctx, id, f);
  }

  private close(ctx: ProcessContext, id: number, f: InFlight): void {
    ctx.cancelTimer(f.timer);
    this.inflight.delete(id);
    // Without recording, completed operations are forgotten (the history stays as long as
    // what is in flight): memory stays flat over hours of virtual time.
    if (this.config.record === false && this.inflight.size === 0) this.history.length = 0;
  }
}

function encode(op: ClientOp): string {
  switch (op.op) {
    case 'get':
      return encodeRequest({ type: 'range', key: op.key });
    case 'put':
      return encodeRequest({ type: 'put', key: op.key, value: op.value ?? '' });
    case 'delete':
      return encodeRequest({ type: 'delete', key: op.key });
    case 'cas':
      return encodeRequest(casRequest(op.key, op.expected, op.value ?? ''));
  }
}

registerProcessKind('client', (config) => new EtcdClient(config as ClientConfig));

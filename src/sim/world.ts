/**
 * The kernel: virtual clock, event queue, hosts, network, disks and trace, in one world.
 *
 * Everything that makes up a run lives in `WorldState`, plain data that `snapshot()` clones;
 * the `World` wrapper adds only the hooks the layers above install (action handler, observers,
 * trace listeners) and per-process contexts, none of which carry state of the run.
 */
import { deepClone } from './clone';
import { Context } from './context';
import { Ev, EvFlag, SimEvent } from './event';
import * as faults from './faults';
import * as manual from './manualDelivery';
import { WorldState, type WorldOptions } from './worldState';
import { Host, type HostSpec } from './host';
import type { HoldFilter, LinkParams } from './network';
import { StringMap } from './stringMap';
import { transmit } from './transmit';
import { createProcess, type Process, type SimMessage } from './process';
import { fnv1a } from './rng';
import type { Micros } from './time';
import { header, type TraceRecord } from './trace';

export type CallHandler = (world: World, data: unknown) => void;
export type EmitHandler = (world: World, node: string, proc: string, kind: string, data: unknown) => void;

export class World {
  state: WorldState;
  onCall: CallHandler | null = null;
  onEmit: EmitHandler | null = null;
  private listeners = new Set<(r: TraceRecord) => void>();
  /** Contexts by host index, then process name: made once, reused for every callback. */
  private contexts: Map<string, Context>[] = [];
  private firstContexts: (Context | undefined)[] = [];
  private typeCodes = new StringMap<number>();

  constructor(opts: WorldOptions) {
    this.state = new WorldState(opts.seed, opts.traceCapacity ?? 2048, opts.fsyncLatency ?? 1000);
    for (const spec of opts.hosts) this.addHost(spec, false);
  }

  get now(): Micros {
    return this.state.now;
  }

  get seed(): number {
    return this.state.seed;
  }

  get traceHash(): string {
    return this.state.trace.hash();
  }

  get hosts(): readonly Host[] {
    return this.state.hosts;
  }

  host(id: string): Host {
    const i = this.state.hostIndex.get(id);
    if (i === undefined) throw new Error(`unknown node "${id}"`);
    return this.state.hosts[i];
  }

  hasHost(id: string): boolean {
    return this.state.hostIndex.has(id);
  }

  /** Adds a host; `boot` schedules its processes to start now. */
  addHost(spec: HostSpec, boot = true): Host {
    const s = this.state;
    if (s.hostIndex.has(spec.id)) throw new Error(`node "${spec.id}" already exists`);
    const host = new Host(spec, s.hosts.length, s.seed);
    s.hosts.push(host);
    s.hostIndex.set(spec.id, host.index);
    if (boot) this.schedule(Ev.Boot, s.now, host.index, undefined);
    return host;
  }

  /** Boots every host at time 0 (call once the hooks are installed). */
  boot(): void {
    for (const h of this.state.hosts) if (!h.up) this.schedule(Ev.Boot, this.state.now, h.index, undefined);
  }

  /** Schedules a call to the `onCall` hook (scenario actions, client workloads). */
  call(at: Micros, data: unknown): void {
    this.schedule(Ev.Call, at, -1, data);
  }

  schedule(kind: Ev, at: Micros, host: number, data: unknown): SimEvent {
    const e = new SimEvent();
    e.kind = kind;
    e.at = at;
    e.host = host;
    e.data = data;
    return this.state.queue.push(e);
  }

  subscribe(listener: (r: TraceRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(r: TraceRecord): void {
    this.state.trace.record(r);
    for (const l of this.listeners) l(r);
  }

  recording(): boolean {
    return this.state.trace.capacity > 0 || this.listeners.size > 0;
  }

  typeCode(type: string): number {
    let c = this.typeCodes.get(type);
    if (c === undefined) this.typeCodes.set(type, (c = fnv1a(type) | 0)); // small integer, same hash bits
    return c;
  }

  // ---- running ------------------------------------------------------------------------------

  /** Runs every event due at or before `until`, then sets the clock to `until`. */
  runUntil(until: Micros): void {
    const q = this.state.queue;
    for (let e = q.popDue(until); e !== undefined; e = q.popDue(until)) this.runEvent(e);
    if (until > this.state.now) this.state.now = until;
  }

  /** Runs the next event; false when there is none. */
  step(): boolean {
    const e = this.state.queue.pop();
    if (!e) return false;
    this.runEvent(e);
    return true;
  }

  nextEventAt(): Micros | undefined {
    return this.state.queue.peek()?.at;
  }

  private runEvent(e: SimEvent): void {
    const s = this.state;
    s.now = e.at;
    switch (e.kind) {
      case Ev.Deliver:
        return this.deliver(e);
      case Ev.Timer:
      case Ev.Fsync:
        return this.fireTimer(e);
      case Ev.Call:
        s.events++;
        s.trace.mix(header(Ev.Call, 0, 0));
        s.trace.mixTime(e.at);
        this.onCall?.(this, e.data);
        return;
      case Ev.Boot:
        return this.startHost(s.hosts[e.host]);
    }
  }

  private deliver(e: SimEvent): void {
    const s = this.state;
    const host = s.hosts[e.host];
    if (host.up && host.paused) {
      host.deferred.push(e);
      return;
    }
    s.events++;
    const t = s.trace;
    t.mix(header(Ev.Deliver, e.host, e.from));
    t.mixTime(e.at);
    t.mix(e.type!.code);
    const from = s.hosts[e.from];
    if (!host.up) return this.drop(e, 'receiver down');
    if (s.net.hasCuts() && s.net.blocked(e.from, e.host)) return this.drop(e, 'partition');
    if ((e.flags & EvFlag.Released) === 0 && s.net.holds.length > 0 && s.net.matchesHold(from.id, host.id, e.name)) {
      s.held.push(e);
      if (this.recording()) this.record({ n: s.trace.total, at: e.at, kind: 'hold', node: host.id, peer: from.id, type: e.name, msgId: e.id, msg: e.data });
      return;
    }
    const proc = host.process(e.proc);
    if (!proc) return this.drop(e, `no ${e.proc} process`);
    s.counters.messagesDelivered++;
    e.linkCounters!.delivered++;
    e.type!.counters.delivered++;
    if (this.recording()) this.record({ n: t.total, at: e.at, kind: 'deliver', node: host.id, peer: from.id, type: e.name, msgId: e.id, msg: e.data });
    proc.onMessage(this.context(host.index, e.proc), from.id, e.data as SimMessage);
  }

  /** Counts and records a message that will not arrive. */
  drop(e: SimEvent, why: string): void {
    const s = this.state;
    s.counters.messagesDropped++;
    // A delivery carries its counters from the send; only a bare event needs the lookup.
    (e.linkCounters ?? s.net.linkCounter(e.from, e.host)).dropped++;
    (e.type?.counters ?? s.net.typeCounter(e.name)).dropped++;
    if (this.recording()) this.record({ n: s.trace.total, at: s.now, kind: 'drop', node: s.hosts[e.host].id, peer: s.hosts[e.from].id, type: e.name, msgId: e.id, detail: why, msg: e.data });
  }

  private fireTimer(e: SimEvent): void {
    const s = this.state;
    const host = s.hosts[e.host];
    if ((e.flags & EvFlag.Cancelled) !== 0) {
      if (s.cancelledQueued > 0) s.cancelledQueued--;
      return;
    }
    if (e.incarnation !== host.incarnation || !host.up) return;
    // The disk finishes an fsync even while the process is frozen; only the callback waits.
    if (e.kind === Ev.Fsync && (e.flags & EvFlag.Synced) === 0) {
      host.disk.completeSync(e.sentAt);
      e.flags |= EvFlag.Synced;
    }
    if (host.paused) {
      host.deferred.push(e);
      return;
    }
    s.events++;
    const t = s.trace;
    t.mix(header(e.kind, e.host, 0));
    t.mixTime(e.at);
    t.mix(this.typeCode(e.name));
    this.releaseTimer(e);
    const proc = host.process(e.proc);
    if (!proc) return;
    if (this.recording() && e.kind === Ev.Timer && this.listeners.size > 0) this.record({ n: t.total, at: e.at, kind: 'timer', node: host.id, type: e.name });
    proc.onTimer(this.context(host.index, e.proc), e.name, e.data);
  }

  /** Boots a host's processes from their specs (at start and on restart). */
  startHost(host: Host): void {
    const s = this.state;
    s.events++;
    s.trace.mix(header(Ev.Boot, host.index, 0));
    s.trace.mixTime(s.now);
    host.up = true;
    host.paused = false;
    const started = host.specs.map((spec): [string, Process] => [spec.name, createProcess(spec.kind, spec.config)]);
    host.setProcesses(started);
    for (const [name, p] of started) p.start(this.context(host.index, name));
  }

  // ---- what processes call through their context ----------------------------------------------

  send(fromHost: number, proc: string, to: string, msg: SimMessage, toProc: string): void {
    transmit(this, fromHost, to, msg, toProc);
  }

  setTimer(hostIndex: number, proc: string, localDelay: Micros, name: string, data: unknown): number {
    const host = this.state.hosts[hostIndex];
    return this.scheduleTimer(host, proc, host.trueDelay(localDelay), name, data, Ev.Timer);
  }

  /** Schedules a timer or fsync and returns its handle (timerSlots.ts). */
  private scheduleTimer(host: Host, proc: string, trueDelay: Micros, name: string, data: unknown, kind: Ev, sentAt = 0): number {
    const s = this.state;
    const e = this.schedule(kind, s.now + trueDelay, host.index, data);
    e.sentAt = sentAt;
    e.proc = proc;
    e.name = name;
    e.incarnation = host.incarnation;
    host.liveTimers++;
    return s.timers.add(e);
  }

  private releaseTimer(e: SimEvent): void {
    if (this.state.timers.release(e)) this.state.hosts[e.host].liveTimers--;
  }

  cancelTimer(hostIndex: number, handle: number): void {
    const timer = this.state.timers.live(handle);
    if (timer === undefined || timer.host !== hostIndex) return;
    this.releaseTimer(timer);
    this.cancelQueued(timer);
  }

  /** A crash: every live timer of the host dies (the incarnation alone would skip them too). */
  cancelHostTimers(hostIndex: number): void {
    for (const e of this.state.timers.ofHost(hostIndex)) {
      this.releaseTimer(e);
      this.cancelQueued(e);
    }
  }

  /**
   * Marks a queued timer dead. Clients cancel almost every request timeout, and left in the
   * heap those would outnumber live events twenty to one, so once the dead are the majority
   * they are purged in one O(n) pass; the (at, seq) order of the others is untouched.
   */
  private cancelQueued(timer: SimEvent): void {
    if ((timer.flags & EvFlag.Cancelled) !== 0) return;
    timer.flags |= EvFlag.Cancelled;
    const s = this.state;
    if (++s.cancelledQueued > 64 && 2 * s.cancelledQueued > s.queue.size) {
      s.queue.removeWhere(isCancelled);
      s.cancelledQueued = 0;
    }
  }

  /** The fsync's latency is the device's, in true time, whatever the host's clock says. */
  fsync(hostIndex: number, proc: string, name: string, data: unknown): void {
    const host = this.state.hosts[hostIndex];
    const upTo = host.disk.beginSync();
    this.scheduleTimer(host, proc, this.state.fsyncLatency, name, data, Ev.Fsync, upTo);
  }

  emit(hostIndex: number, proc: string, kind: string, data: unknown): void {
    this.onEmit?.(this, this.state.hosts[hostIndex].id, proc, kind, data);
  }

  context(hostIndex: number, proc: string): Context {
    // Most hosts run one process: its context is found without a lookup.
    const first = this.firstContexts[hostIndex];
    if (first !== undefined && first.proc === proc) return first;
    let byProc = this.contexts[hostIndex];
    if (byProc === undefined) this.contexts[hostIndex] = byProc = new Map();
    let c = byProc.get(proc);
    if (c === undefined) byProc.set(proc, (c = new Context(this, hostIndex, proc)));
    if (first === undefined) this.firstContexts[hostIndex] = c;
    return c;
  }

  // ---- faults ---------------------------------------------------------------------------------

  fault(name: string, node: string, detail?: string): void {
    const s = this.state;
    s.trace.mix(this.typeCode(name));
    s.trace.mix(s.hostIndex.get(node) ?? -1);
    if (this.recording()) this.record({ n: s.trace.total, at: s.now, kind: 'fault', node, type: name, detail });
  }

  crash(id: string): void {
    faults.crash(this, id);
  }

  restart(id: string): void {
    faults.restart(this, id);
  }

  pause(id: string): void {
    faults.pause(this, id);
  }

  /** The frozen process wakes: what came due while paused runs now, in its original order. */
  resume(id: string): void {
    faults.resume(this, id);
  }

  skew(id: string, rate: number): void {
    faults.skew(this, id, rate);
  }

  partition(groups: string[][]): void {
    faults.partition(this, groups);
  }

  cut(from: string, to: string): void {
    faults.cut(this, from, to);
  }

  isolate(id: string): void {
    faults.isolate(this, id);
  }

  heal(): void {
    faults.heal(this);
  }

  setLink(from: string, to: string, params: Partial<LinkParams>): void {
    faults.setLink(this, from, to, params);
  }

  /** Packets on the link wait until `until`, then flow (in the order they were sent). */
  clog(from: string, to: string, until: Micros): void {
    faults.clog(this, from, to, until);
  }

  hold(filter: HoldFilter): void {
    faults.hold(this, filter);
  }

  /** Stops holding what matches `filter` and delivers the held messages it matches, now. */
  release(filter: HoldFilter): number {
    return manual.release(this, filter);
  }

  /** Delivers one held message now (step-by-step teaching). */
  deliverHeld(msgId: number): boolean {
    return manual.deliverHeld(this, msgId);
  }

  dropHeld(msgId: number): boolean {
    return manual.dropHeld(this, msgId);
  }

  /** Drops a message on the wire (the explorer's drop button). */
  dropInFlight(msgId: number): boolean {
    return manual.dropInFlight(this, msgId);
  }

  /** Sends a second copy of a message on the wire, with its own delay, as a duplicating link would. */
  duplicateInFlight(msgId: number): boolean {
    return manual.duplicateInFlight(this, msgId);
  }

  // ---- snapshot -------------------------------------------------------------------------------

  snapshot(): WorldState {
    return deepClone(this.state);
  }

  /** Restores a snapshot; the run then continues to the same trace hash as the original. */
  restore(snapshot: WorldState): void {
    this.state = deepClone(snapshot);
  }
}

const isCancelled = (e: SimEvent): boolean => (e.flags & EvFlag.Cancelled) !== 0;

export { Context, Ev, SimEvent, WorldState };
export type { WorldOptions };

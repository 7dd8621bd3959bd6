/**
 * Messages handled by hand: released from a hold, delivered or dropped one at a time (the
 * explorer's step-by-step mode), dropped or duplicated while on the wire.
 */
import { Ev, EvFlag, SimEvent } from './event';
import type { HoldFilter } from './network';
import { sampleLatency } from './network';
import type { SimMessage } from './process';
import type { World } from './world';

/** Stops holding what matches `filter` and delivers the held messages it matches, now. */
export function release(world: World, filter: HoldFilter): number {
  const s = world.state;
  const match = (h: HoldFilter): boolean =>
    (filter.from === undefined || h.from === filter.from) && (filter.to === undefined || h.to === filter.to) && (filter.type === undefined || h.type === filter.type);
  s.net.holds = s.net.holds.filter((h) => !match(h));
  const released = s.held.filter((e) => matchEvent(world, e, filter));
  s.held = s.held.filter((e) => !matchEvent(world, e, filter));
  for (const e of released) redeliver(world, e);
  world.fault('release', filter.from ?? '*', describeFilter(filter));
  return released.length;
}

/** Delivers one held message now (step-by-step teaching). */
export function deliverHeld(world: World, msgId: number): boolean {
  const s = world.state;
  const i = s.held.findIndex((e) => e.id === msgId);
  if (i < 0) return false;
  const [e] = s.held.splice(i, 1);
  // Bypass the hold that caught it: deliver straight to the process.
  const host = s.hosts[e.host];
  if (host.up && host.paused) {
    e.flags |= EvFlag.Released;
    host.deferred.push(e);
    return true;
  }
  const proc = host.up && !host.paused ? host.procs.get(e.proc) : undefined;
  if (!proc) {
    world.drop(e, 'receiver down');
    return true;
  }
  s.counters.messagesDelivered++;
  e.linkCounters!.delivered++;
  e.type!.counters.delivered++;
  s.trace.mix(Ev.Deliver);
  s.trace.mix(e.id);
  if (world.recording()) world.record({ n: s.trace.total, at: s.now, kind: 'deliver', node: host.id, peer: s.hosts[e.from].id, type: e.name, msgId: e.id, msg: e.data });
  proc.onMessage(world.context(host.index, e.proc), s.hosts[e.from].id, e.data as SimMessage);
  return true;
}

export function dropHeld(world: World, msgId: number): boolean {
  const s = world.state;
  const i = s.held.findIndex((e) => e.id === msgId);
  if (i < 0) return false;
  const [e] = s.held.splice(i, 1);
  world.drop(e, 'dropped by hand');
  return true;
}

/** Drops a message on the wire (the explorer's drop button). */
export function dropInFlight(world: World, msgId: number): boolean {
  const removed = world.state.queue.removeWhere((q) => q.kind === Ev.Deliver && q.id === msgId);
  for (const e of removed) world.drop(e, 'dropped by hand');
  return removed.length > 0;
}

/** Sends a second copy of a message on the wire, with its own delay, as a duplicating link would. */
export function duplicateInFlight(world: World, msgId: number): boolean {
  const s = world.state;
  const original = s.queue.items().find((q) => q.kind === Ev.Deliver && q.id === msgId);
  if (!original) return false;
  const a = s.hosts[original.from];
  const b = s.hosts[original.host];
  const p = s.net.params(a.index, b.index, a.zone, b.zone);
  const copy = new SimEvent();
  Object.assign(copy, original);
  copy.at = s.now + sampleLatency(p.latency, s.netRng) + (p.jitter > 0 ? s.netRng.int(0, p.jitter + 1) : 0);
  s.queue.push(copy);
  s.counters.messagesSent++;
  s.trace.mixTime(copy.at);
  if (world.recording()) world.record({ n: s.trace.total, at: s.now, kind: 'send', node: a.id, peer: b.id, type: copy.name, msgId, deliverAt: copy.at, msg: copy.data, detail: 'duplicate' });
  return true;
}

function redeliver(world: World, e: SimEvent): void {
  const fresh = new SimEvent();
  Object.assign(fresh, e);
  fresh.at = world.state.now;
  fresh.flags |= EvFlag.Released;
  world.state.queue.push(fresh);
}


export function describeFilter(f: HoldFilter): string {
  return `${f.from ?? '*'} → ${f.to ?? '*'}${f.type ? ` ${f.type}` : ''}`;
}

function matchEvent(world: World, e: SimEvent, f: HoldFilter): boolean {
  const s = world.state;
  return (f.from === undefined || s.hosts[e.from].id === f.from) && (f.to === undefined || s.hosts[e.host].id === f.to) && (f.type === undefined || e.name === f.type);
}


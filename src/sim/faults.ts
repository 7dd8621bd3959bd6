/**
 * Faults: what a scenario, the nemesis or a click does to hosts and links. Each is mixed into
 * the trace (via World.fault), so a run with a fault never hashes like one without.
 */
import { Ev, type SimEvent } from './event';
import { linkKey, type HoldFilter, type LinkParams } from './network';
import type { Micros } from './time';
import type { World } from './world';
import { describeFilter } from './manualDelivery';

export function crash(world: World, id: string): void {
  const h = world.host(id);
  if (!h.up) return;
  h.up = false;
  h.paused = false;
  h.incarnation++;
  h.setProcesses([]);
  // The incarnation already stops them firing; cancelling lets the queue purge them.
  world.cancelHostTimers(h.index);
  h.disk.crash();
  for (const e of h.deferred as SimEvent[]) if (e.kind === Ev.Deliver) world.drop(e, 'receiver crashed');
  h.deferred = [];
  world.fault('crash', id);
}

export function restart(world: World, id: string): void {
  const h = world.host(id);
  if (h.up) return;
  world.fault('restart', id);
  world.startHost(h);
}

export function pause(world: World, id: string): void {
  const h = world.host(id);
  if (!h.up || h.paused) return;
  h.paused = true;
  world.fault('pause', id);
}

/** The frozen process wakes: what came due while paused runs now, in its original order. */
export function resume(world: World, id: string): void {
  const h = world.host(id);
  if (!h.paused) return;
  h.paused = false;
  world.fault('resume', id);
  const due = h.deferred as SimEvent[];
  h.deferred = [];
  for (const e of due) {
    e.at = world.state.now;
    world.state.queue.push(e);
  }
}

export function skew(world: World, id: string, rate: number): void {
  world.host(id).setRate(world.state.now, rate);
  world.fault('skew', id, `rate ${rate}`);
}

export function partition(world: World, groups: string[][]): void {
  world.state.net.partition(groups.map((g) => g.map((id) => world.host(id).index)));
  world.fault('partition', '*', groups.map((g) => g.join(' ')).join(' | '));
}

export function cut(world: World, from: string, to: string): void {
  world.state.net.cuts.add(linkKey(world.host(from).index, world.host(to).index));
  world.fault('cut', from, `${from} → ${to}`);
}

export function isolate(world: World, id: string): void {
  world.state.net.isolated.add(world.host(id).index);
  world.fault('isolate', id);
}

export function heal(world: World): void {
  world.state.net.heal();
  world.fault('heal', '*');
}

export function setLink(world: World, from: string, to: string, params: Partial<LinkParams>): void {
  const a = world.host(from);
  const b = world.host(to);
  const current = world.state.net.params(a.index, b.index, a.zone, b.zone);
  world.state.net.setOverride(a.index, b.index, { ...current, ...params });
  world.fault('link', from, `${from} → ${to}`);
}

/** Packets on the link wait until `until`, then flow (in the order they were sent). */
export function clog(world: World, from: string, to: string, until: Micros): void {
  world.state.net.clogs.set(linkKey(world.host(from).index, world.host(to).index), until);
  world.fault('clog', from, `${from} → ${to}`);
}

export function hold(world: World, filter: HoldFilter): void {
  world.state.net.holds.push(filter);
  world.fault('hold', filter.from ?? '*', describeFilter(filter));
}

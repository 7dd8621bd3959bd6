/**
 * Run one timeline action against the world. Node selectors resolve here, when the action
 * runs: "@leader" becomes the current leader (and the choice is mixed into the trace), "*"
 * every member not named elsewhere in the action.
 */
import type { ConfState } from '../raft/types';
import type { World } from '../sim/world';
import { toMs } from '../sim/time';
import type { EtcdClient, ClientOp } from '../store/client';
import type { EtcdMember } from '../store/member';
import { BUILTIN_CLIENT, memberHost } from './build';
import { runRecord } from './observe';
import type { Action, Scenario } from './types';
import { startNemesis } from './nemesis';
import { NEMESIS_FAULTS } from './parse';
import { MS, SECOND } from '../sim/time';

export function member(world: World, id: string): EtcdMember | null {
  if (!world.hasHost(id)) return null;
  const h = world.host(id);
  return h.up ? ((h.procs.get('etcd') as EtcdMember | undefined) ?? null) : null;
}

/** The leader with the highest term among live members, or null. */
export function currentLeader(world: World): string | null {
  let best: { id: string; term: number } | null = null;
  for (const h of world.hosts) {
    const m = member(world, h.id);
    if (!m || m.removed || m.soft.role !== 'leader') continue;
    const term = m.raft.raft.term; // not status(): this runs on every UI frame
    if (!best || term > best.term) best = { id: h.id, term };
  }
  return best?.id ?? null;
}

/** Members still in the cluster (not removed), in host order. */
export function memberIds(world: World): string[] {
  const removed = new Set(runRecord(world).removed);
  return world.hosts.filter((h) => h.role === 'server' && !removed.has(h.id)).map((h) => h.id);
}

class Skip extends Error {}

function resolve(world: World, sel: string): string {
  if (sel !== '@leader') return sel;
  const leader = currentLeader(world);
  if (!leader) throw new Skip('no leader');
  world.state.trace.mix(world.typeCode(`@leader=${leader}`));
  return leader;
}

function note(world: World, text: string): void {
  runRecord(world).notes.push({ atMs: toMs(world.now), text });
  world.record({ n: world.state.trace.total, at: world.now, kind: 'note', node: '*', detail: text });
}

export function applyAction(world: World, scenario: Scenario, a: Action): void {
  world.record({ n: world.state.trace.total, at: world.now, kind: 'action', node: 'node' in a ? String(a.node) : '*', type: a.do });
  try {
    run(world, scenario, a);
  } catch (e) {
    if (e instanceof Skip) note(world, `${a.do} skipped: ${e.message}`);
    else throw e;
  }
}

function run(world: World, scenario: Scenario, a: Action): void {
  const r = (sel: string) => resolve(world, sel);
  switch (a.do) {
    case 'partition': {
      const named = a.groups.map((g) => g.filter((m) => m !== '*').map(r));
      const all = new Set(named.flat());
      const rest = memberIds(world).filter((id) => !all.has(id));
      const groups = a.groups.map((g, i) => (g.includes('*') ? [...named[i], ...rest] : named[i]));
      // Members named nowhere (and no "*") form a group of their own.
      if (!a.groups.some((g) => g.includes('*')) && rest.length > 0) groups.push(rest);
      return world.partition(groups);
    }
    case 'heal':
      return world.heal();
    case 'cut':
      return world.cut(r(a.from), r(a.to));
    case 'isolate':
      return world.isolate(r(a.node));
    case 'link':
      return world.setLink(r(a.from), r(a.to), {
        ...(a.latency && { latency: a.latency }),
        ...(a.jitter !== undefined && { jitter: a.jitter }),
        ...(a.loss !== undefined && { loss: a.loss }),
        ...(a.duplicate !== undefined && { duplicate: a.duplicate }),
      });
    case 'clog':
      return world.clog(r(a.from), r(a.to), world.now + a.for);
    case 'hold':
      return world.hold({ ...(a.from && { from: r(a.from) }), ...(a.to && { to: r(a.to) }), ...(a.type && { type: a.type }) });
    case 'release':
      world.release({ ...(a.from && { from: r(a.from) }), ...(a.to && { to: r(a.to) }), ...(a.type && { type: a.type }) });
      return;
    case 'deliver':
      if (!world.deliverHeld(a.msg)) throw new Skip(`message ${a.msg} is not held`);
      return;
    case 'drop':
      if (!world.dropHeld(a.msg) && !world.dropInFlight(a.msg)) throw new Skip(`message ${a.msg} is neither held nor in flight`);
      return;
    case 'duplicate':
      if (!world.duplicateInFlight(a.msg)) throw new Skip(`message ${a.msg} is not in flight`);
      return;
    case 'crash':
      return world.crash(r(a.node));
    case 'restart':
      return world.restart(r(a.node));
    case 'pause':
      return world.pause(r(a.node));
    case 'resume':
      return world.resume(r(a.node));
    case 'skew': {
      // Lease expiry runs on the leader's clock: the lease check allows for the fastest one.
      const run = runRecord(world);
      run.maxClockRate = Math.max(run.maxClockRate, a.rate);
      return world.skew(r(a.node), a.rate);
    }
    case 'probe':
      return; // the Simulation takes the probe's snapshot
    case 'timeout':
      return withMember(world, r(a.node), (m, ctx) => m.campaign(ctx));
    case 'transfer': {
      const to = r(a.to);
      const leader = currentLeader(world);
      if (!leader) throw new Skip('no leader');
      return withMember(world, leader, (m, ctx) => m.transfer(ctx, to));
    }
    case 'add-member':
      return addMember(world, scenario, a.node, a.learner ?? false, a.zone);
    case 'remove-member':
      return removeMember(world, r(a.node));
    case 'put':
      return submit(world, a.client, { op: 'put', key: a.key, value: a.value, expected: null, ...(a.lease !== undefined && { lease: a.lease }) });
    case 'lease-grant':
      return submit(world, a.client, (c) => ({ op: 'lease-grant', key: '', value: null, expected: null, lease: a.id ?? c.nextScriptedLease(), ttlMs: Math.ceil(a.ttl / MS) }));
    case 'lease-keepalive':
    case 'lease-revoke':
      return submit(world, a.client, { op: a.do, key: '', value: null, expected: null, lease: a.id });
    case 'get':
      return submit(world, a.client, { op: 'get', key: a.key, value: null, expected: null });
    case 'delete':
      return submit(world, a.client, { op: 'delete', key: a.key, value: null, expected: null });
    case 'cas':
      return submit(world, a.client, { op: 'cas', key: a.key, value: a.value, expected: a.expected });
    case 'compact': {
      const leader = currentLeader(world);
      if (!leader) throw new Skip('no leader');
      return withMember(world, leader, (m, ctx) => {
        m.compactStore(ctx, a.revision ?? m.store.currentRevision);
      });
    }
    case 'bug':
      return setBug(world, a.name, a.on);
    case 'nemesis':
      runRecord(world).nemesisOn = a.on;
      // A run that started without a nemesis gets the default one (every fault, every 5 s).
      if (a.on && !world.state.ext.nemesis) startNemesis(world, { ...scenario, nemesis: { faults: [...NEMESIS_FAULTS], interval: 5 * SECOND, quiet: 0, swarm: false } });
      return;
  }
}

function withMember(world: World, id: string, fn: (m: EtcdMember, ctx: ReturnType<World['context']>) => void): void {
  const m = member(world, id);
  if (!m) throw new Skip(`${id} is down`);
  fn(m, world.context(world.host(id).index, 'etcd'));
}

/** `op` may depend on the client (a lease-grant without an id takes the client's next one). */
function submit(world: World, clientId: string | undefined, op: ClientOp | ((c: EtcdClient) => ClientOp)): void {
  const id = clientId ?? BUILTIN_CLIENT;
  const host = world.host(id);
  const client = host.procs.get('client') as EtcdClient | undefined;
  if (!client) throw new Skip(`${id} is not a client`);
  client.submit(world.context(host.index, 'client'), typeof op === 'function' ? op(client) : op);
}

function addMember(world: World, scenario: Scenario, id: string, learner: boolean, zone: string | undefined): void {
  const leader = currentLeader(world);
  if (!leader) throw new Skip('no leader');
  const lm = member(world, leader)!;
  const conf = lm.status().conf;
  if (!lm.changeMembership(world.context(world.host(leader).index, 'etcd'), { type: learner ? 'add-learner' : 'add-voter', node: id })) {
    throw new Skip('a membership change is already pending');
  }
  // The new member starts knowing the cluster it joins (etcd --initial-cluster-state=existing).
  const joined: ConfState = learner ? { voters: conf.voters, learners: [...conf.learners, id] } : { voters: [...conf.voters, id], learners: conf.learners };
  world.addHost(memberHost(scenario, id, zone, joined, runRecord(world).bugs));
  for (const h of world.hosts) {
    const c = h.procs.get('client') as EtcdClient | undefined;
    if (c && !c.members.includes(id)) c.members.push(id);
  }
}

function removeMember(world: World, id: string): void {
  const leader = currentLeader(world);
  if (!leader) throw new Skip('no leader');
  if (!member(world, leader)!.changeMembership(world.context(world.host(leader).index, 'etcd'), { type: 'remove', node: id })) {
    throw new Skip('a membership change is already pending');
  }
  runRecord(world).removed.push(id);
}

/** Switches a planted bug for running members and for every later (re)start. */
function setBug(world: World, name: string, on: boolean): void {
  const run = runRecord(world);
  run.bugs = on ? [...new Set([...run.bugs, name])] : run.bugs.filter((b) => b !== name);
  for (const h of world.hosts) {
    for (const spec of h.specs) {
      if (spec.kind !== 'etcd') continue;
      const cfg = spec.config as { bugs: string[] };
      cfg.bugs = [...run.bugs];
      const m = h.procs.get('etcd') as EtcdMember | undefined;
      if (m) m.setBugs(run.bugs);
    }
  }
}

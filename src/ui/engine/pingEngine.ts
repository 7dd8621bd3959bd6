/**
 * Kernel-only engine: the scenario's members run the ping fixture instead of etcd.
 *
 * It exists so the explorer works on the kernel alone (before, or without, the Raft layer):
 * nodes, zones, messages, faults, hold/deliver, rewind and sharing all behave as with Raft;
 * there are simply no roles, terms or logs to show.
 */
import '../../sim/fixtures/pingpong';
import { parseScenario } from '../../scenario/parse';
import { ScenarioError } from '../../scenario/errors';
import { parseAction } from '../../scenario/parseAction';
import { scenarioJson } from './serialize';
import type { Action, Scenario } from '../../scenario/types';
import type { StateReport } from '../../scenario/report';
import { World, type WorldState } from '../../sim/world';
import type { Micros } from '../../sim/time';
import type { Engine, UserAction } from './types';

export class PingEngine implements Engine {
  readonly kind = 'ping' as const;
  readonly world: World;
  /** Index of the next timeline action to run. */
  private next = 0;

  constructor(readonly scenario: Scenario, private readonly json: object) {
    const ids = scenario.nodes.map((n) => n.id);
    this.world = new World({
      seed: scenario.seed,
      traceCapacity: 4096,
      fsyncLatency: scenario.fsync,
      hosts: scenario.nodes.map((n) => ({ id: n.id, zone: n.zone, procs: [{ name: 'ping', kind: 'ping', config: { peers: ids, interval: 150_000 } }] })),
    });
    const net = this.world.state.net;
    net.setBase(scenario.network.latency, scenario.network.jitter, scenario.network.loss, scenario.network.duplicate);
    this.world.boot();
  }

  get now(): Micros {
    return this.world.now;
  }

  runUntil(us: Micros): void {
    const actions = this.scenario.actions;
    while (this.next < actions.length && actions[this.next].at <= us) {
      const a = actions[this.next++];
      this.world.runUntil(a.at);
      this.apply(a);
    }
    this.world.runUntil(us);
  }

  step(): boolean {
    const a = this.scenario.actions[this.next];
    const e = this.world.nextEventAt();
    if (a && (e === undefined || a.at <= e)) {
      this.runUntil(a.at);
      return true;
    }
    return this.world.step();
  }

  nextEventAt(): Micros | undefined {
    const a = this.scenario.actions[this.next]?.at;
    const e = this.world.nextEventAt();
    return a === undefined ? e : e === undefined ? a : Math.min(a, e);
  }

  perform(action: UserAction): void {
    const known = new Set(this.world.hosts.map((h) => h.id));
    const full = parseAction({ ...action, at: this.now / 1000 }, 'action', known);
    full.at = this.now;
    this.apply(full);
    this.scenario.actions.splice(this.next, 0, full);
    this.next++;
  }

  private apply(a: Action): void {
    const w = this.world;
    const node = (id: string) => {
      if (id.startsWith('@')) throw new ScenarioError('action', `"${id}" needs Raft; the kernel-only view has no leader`);
      return id;
    };
    switch (a.do) {
      case 'crash': return w.crash(node(a.node));
      case 'restart': return w.restart(node(a.node));
      case 'pause': return w.pause(node(a.node));
      case 'resume': return w.resume(node(a.node));
      case 'skew': return w.skew(node(a.node), a.rate);
      case 'heal': return w.heal();
      case 'cut': return w.cut(node(a.from), node(a.to));
      case 'isolate': return w.isolate(node(a.node));
      case 'partition': {
        const named = new Set(a.groups.flat());
        const rest = w.hosts.map((h) => h.id).filter((id) => !named.has(id));
        return w.partition(a.groups.map((g) => g.flatMap((id) => (id === '*' ? rest : [node(id)]))));
      }
      case 'link': {
        const p: Record<string, unknown> = {};
        for (const k of ['latency', 'jitter', 'loss', 'duplicate'] as const) if (a[k] !== undefined) p[k] = a[k];
        return w.setLink(node(a.from), node(a.to), p);
      }
      case 'clog': return w.clog(node(a.from), node(a.to), w.now + a.for);
      case 'hold': return w.hold({ from: a.from, to: a.to, type: a.type });
      case 'release': w.release({ from: a.from, to: a.to, type: a.type }); return;
      case 'deliver': w.deliverHeld(a.msg); return;
      case 'drop': w.dropHeld(a.msg); return;
      case 'probe': return;
      default:
        throw new ScenarioError('action', `"${a.do}" needs the etcd members; the kernel-only view cannot do it`);
    }
  }

  describe(): StateReport {
    return {
      atMs: this.now / 1000,
      leader: null,
      nodes: this.world.hosts.map((h) => ({
        id: h.id, up: h.up, role: 'follower', term: 0, vote: null, commit: 0, applied: 0,
        snapshotIndex: 0, voters: [], log: [], kv: {}, paused: h.paused, zone: h.zone,
      })),
    };
  }

  raftStatus() { return null; }
  keyRevisions() { return null; }
  leases() { return null; }
  history() { return []; }
  leaders() { return []; }
  checks() { return {}; }
  traceHash(): string { return this.world.traceHash; }

  snapshot(): unknown {
    return { world: this.world.snapshot(), next: this.next };
  }

  restore(s: unknown): void {
    const snap = s as { world: WorldState; next: number };
    this.world.restore(snap.world);
    this.next = Math.min(snap.next, this.scenario.actions.length);
  }

  shareable(): object {
    return scenarioJson(this.json, this.scenario.actions);
  }
}

export function createPingEngine(json: unknown): Engine {
  const scenario = parseScenario(json);
  const raw = typeof json === 'string' ? (JSON.parse(json) as object) : (json as object);
  return new PingEngine(scenario, raw);
}

/**
 * The nemesis: random faults, after Jepsen's nemeses and TigerBeetle's VOPR.
 *
 * Every `interval` on average it starts one fault and schedules its repair; faults stop
 * `quiet` before the end, when everything is healed, restarted and resumed, so the cluster must
 * recover and every pending operation complete (the liveness phase). In `swarm` mode the fault
 * mix and the pace are drawn from the seed (swarm testing: each seed explores a different
 * corner instead of every seed averaging over all faults).
 */
import { Rng } from '../sim/rng';
import { MS, SECOND, type Micros } from '../sim/time';
import type { World } from '../sim/world';
import { applyAction, currentLeader, memberIds } from './actions';
import { runRecord } from './observe';
import type { Action, ActionInput, NemesisFault, NemesisSpec, Scenario } from './types';

export class NemesisState {
  rng: Rng;
  faults: NemesisFault[];
  interval: Micros;
  /** Nodes crashed, paused or skewed by the nemesis, to undo in the liveness phase. */
  crashed: string[] = [];
  paused: string[] = [];
  skewed: string[] = [];
  lossy = false;
  /** Faults stop this long before the end. */
  quiet: Micros;

  constructor(seed: number, spec: NemesisSpec) {
    this.quiet = spec.quiet;
    this.rng = new Rng(seed, 'nemesis');
    if (spec.swarm) {
      // Each fault kind is in this seed's mix with probability 1/2 (at least one).
      const mix = spec.faults.filter(() => this.rng.chance(0.5));
      this.faults = mix.length > 0 ? mix : [this.rng.pick(spec.faults)];
      this.interval = this.rng.int(1 * SECOND, 8 * SECOND);
    } else {
      this.faults = [...spec.faults];
      this.interval = spec.interval;
    }
  }
}

type NemesisCall = { nemesis: 'tick' } | { nemesis: 'undo'; action: Action } | { nemesis: 'quiet' };

export function isNemesisCall(data: unknown): data is NemesisCall {
  return typeof data === 'object' && data !== null && 'nemesis' in data;
}

export function startNemesis(world: World, scenario: Scenario): void {
  const spec = scenario.nemesis!;
  const state = new NemesisState(scenario.seed, spec);
  world.state.ext.nemesis = state;
  world.call(world.now + state.rng.int(state.interval / 2, state.interval * 2), { nemesis: 'tick' });
  world.call(Math.max(world.now, scenario.duration - spec.quiet), { nemesis: 'quiet' });
}

export function onNemesisCall(world: World, scenario: Scenario, call: NemesisCall): void {
  const state = world.state.ext.nemesis as NemesisState | undefined;
  if (!state) return;
  const quietAt = scenario.duration - state.quiet;
  const act = (a: ActionInput) => applyAction(world, scenario, { ...a, at: world.now } as Action);
  if (call.nemesis === 'undo') {
    act(call.action);
    return;
  }
  if (call.nemesis === 'quiet') {
    act({ do: 'heal' });
    for (const id of state.crashed) act({ do: 'restart', node: id });
    for (const id of state.paused) act({ do: 'resume', node: id });
    for (const id of state.skewed) act({ do: 'skew', node: id, rate: 1 });
    if (state.lossy) setLoss(world, act, scenario.network.loss, scenario.network.duplicate);
    state.crashed = [];
    state.paused = [];
    state.skewed = [];
    state.lossy = false;
    return;
  }
  if (world.now >= quietAt) return;
  if (runRecord(world).nemesisOn) inject(world, scenario, state, act);
  world.call(world.now + state.rng.int(state.interval / 2, state.interval * 2), { nemesis: 'tick' });
}

function inject(world: World, scenario: Scenario, state: NemesisState, act: (a: ActionInput) => void): void {
  const rng = state.rng;
  const ids = memberIds(world);
  const later = (action: ActionInput, min: Micros, max: Micros) => {
    const at = Math.min(world.now + rng.int(min, max), scenario.duration - state.quiet);
    world.call(at, { nemesis: 'undo', action: { ...action, at } });
  };
  // A third of node-targeted faults hit the leader: that is where the interesting bugs live.
  const target = () => (rng.chance(0.33) ? (currentLeader(world) ?? rng.pick(ids)) : rng.pick(ids));
  const fault = rng.pick(state.faults);
  switch (fault) {
    case 'partition': {
      for (const a of partitionShape(rng, ids)) act(a);
      later({ do: 'heal' }, 1 * SECOND, 6 * SECOND);
      return;
    }
    case 'kill': {
      // Jepsen kills random subsets; losing a majority at once is what exposes lost fsyncs.
      const alive = ids.filter((id) => world.host(id).up && !state.crashed.includes(id));
      const n = rng.pick([1, 1, Math.floor(ids.length / 2), Math.floor(ids.length / 2) + 1, ids.length]);
      const victims = rng.shuffle([...alive]).slice(0, Math.max(1, n));
      for (const id of victims) {
        act({ do: 'crash', node: id });
        state.crashed.push(id);
        later({ do: 'restart', node: id }, 200 * MS, 4 * SECOND);
      }
      return;
    }
    case 'pause': {
      const id = target();
      if (state.paused.includes(id)) return;
      act({ do: 'pause', node: id });
      state.paused.push(id);
      later({ do: 'resume', node: id }, 500 * MS, 4 * SECOND);
      return;
    }
    case 'skew': {
      const id = target();
      act({ do: 'skew', node: id, rate: rng.pick([0.5, 0.8, 1.25, 2]) });
      state.skewed.push(id);
      later({ do: 'skew', node: id, rate: 1 }, 2 * SECOND, 10 * SECOND);
      return;
    }
    case 'loss': {
      setLoss(world, act, rng.pick([0.05, 0.1, 0.3]), rng.pick([0, 0.05, 0.2]));
      state.lossy = true;
      return;
    }
    case 'elect': {
      // Election timeouts fire on one or two members at once: concurrent candidates in one
      // term, split votes, and leadership churn under load.
      for (const id of rng.shuffle([...ids]).slice(0, rng.int(1, 3))) act({ do: 'timeout', node: id });
      return;
    }
    case 'clog': {
      const from = target();
      const to = rng.pick(ids.filter((i) => i !== from).concat(from));
      act({ do: 'clog', from, to, for: rng.int(200 * MS, 3 * SECOND) });
      return;
    }
  }
}

/** Jepsen's partition shapes: halves, isolate one, a bridge, a majorities ring, one-way. */
function partitionShape(rng: Rng, ids: string[]): ActionInput[] {
  const ring = rng.shuffle([...ids]);
  const n = ring.length;
  const half = Math.floor(n / 2);
  const cutBoth = (pairs: [string, string][]) => pairs.flatMap(([a, b]) => [{ do: 'cut', from: a, to: b } as const, { do: 'cut', from: b, to: a } as const]);
  switch (rng.pick(['halves', 'isolate', 'bridge', 'ring', 'one-way'] as const)) {
    case 'halves':
      return [{ do: 'partition', groups: [ring.slice(0, half), ring.slice(half)] }];
    case 'isolate':
      return [{ do: 'isolate', node: ring[0] }];
    case 'one-way':
      return [{ do: 'cut', from: ring[0], to: ring[1 % n] }];
    case 'bridge': {
      // Two halves that cannot talk, and one node (ring[half]) that talks to both.
      const left = ring.slice(0, half);
      const right = ring.slice(half + 1);
      return cutBoth(left.flatMap((a) => right.map((b) => [a, b] as [string, string])));
    }
    case 'ring': {
      // Each node sees its nearest neighbours on a ring: a majority each, a different one each.
      const reach = Math.ceil(half / 2);
      const pairs: [string, string][] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const d = Math.min(j - i, n - (j - i));
          if (d > reach) pairs.push([ring[i], ring[j]]);
        }
      }
      return cutBoth(pairs);
    }
  }
}

function setLoss(world: World, act: (a: ActionInput) => void, loss: number, duplicate: number): void {
  const ids = memberIds(world);
  for (const from of ids) for (const to of ids) if (from !== to) act({ do: 'link', from, to, loss, duplicate });
}

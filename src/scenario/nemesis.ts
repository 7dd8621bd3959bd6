/**
 * The nemesis: random faults, after Jepsen's nemeses and TigerBeetle's VOPR.
 *
 * Every `interval` on average it starts one fault and schedules its repair; faults stop
 * `quiet` before the end, when everything is healed, restarted and resumed, so the cluster must
 * recover and every pending operation complete (the liveness phase). In `swarm` mode the fault
 * mix and the pace are drawn from the seed (swarm testing: each seed explores a different
 * corner instead of every seed averaging over all faults).
 *
 * Most faults are blind: one action now, its repair later. `split-vote` and `figure8` are plays
 * (nemesisPlay.ts): several steps timed by what the cluster does, building the histories that
 * Raft §5.2 and §5.4.2 guard against, which blind faults practically never reach.
 */
import { Rng } from '../sim/rng';
import { MS, SECOND, type Micros } from '../sim/time';
import type { World } from '../sim/world';
import { applyAction, currentLeader, memberIds } from './actions';
import { endPlay, type PlayContext } from './nemesisPlay';
import { beginPlay, canBegin, isPlay, stepPlay, type Play } from './nemesisPlays';
import { partitionShape, setLoss } from './nemesisShapes';
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
  /** The play running now, if any; plays are numbered so that a finished one's calls are ignored. */
  play: Play | null = null;
  plays = 0;

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

type NemesisCall = { nemesis: 'tick' } | { nemesis: 'undo'; action: Action } | { nemesis: 'quiet' } | { nemesis: 'play'; id: number };

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
  const ctx: PlayContext = { world, scenario, rng: state.rng, act };
  if (call.nemesis === 'undo') {
    // A play repaired everything when it began, and its steps must not be undone under it.
    if (!state.play) act(call.action);
    return;
  }
  if (call.nemesis === 'play') {
    if (state.play?.id === call.id) continuePlay(ctx, state, quietAt);
    return;
  }
  if (call.nemesis === 'quiet') {
    if (state.play) finishPlay(ctx, state);
    repairAll(world, scenario, state, act);
    return;
  }
  if (world.now >= quietAt) return;
  if (runRecord(world).nemesisOn && !state.play) {
    const fault = state.rng.pick(state.faults);
    if (isPlay(fault)) startPlay(ctx, state, fault, quietAt);
    else inject(world, scenario, state, fault, act);
  }
  world.call(world.now + state.rng.int(state.interval / 2, state.interval * 2), { nemesis: 'tick' });
}

/** Heals, restarts, resumes and unskews everything the blind faults left broken. */
function repairAll(world: World, scenario: Scenario, state: NemesisState, act: (a: ActionInput) => void): void {
  act({ do: 'heal' });
  for (const id of state.crashed) act({ do: 'restart', node: id });
  for (const id of state.paused) act({ do: 'resume', node: id });
  for (const id of state.skewed) act({ do: 'skew', node: id, rate: 1 });
  if (state.lossy) setLoss(world, act, scenario.network.loss, scenario.network.duplicate);
  state.crashed = [];
  state.paused = [];
  state.skewed = [];
  state.lossy = false;
}

/** Starts a play of `kind` if it can finish before the quiet phase. */
function startPlay(ctx: PlayContext, state: NemesisState, kind: Play['kind'], quietAt: Micros): void {
  if (!canBegin(ctx, kind, quietAt)) return;
  // A play needs a healthy cluster to aim at: repair what the blind faults broke first.
  repairAll(ctx.world, ctx.scenario, state, ctx.act);
  const play = beginPlay(ctx, kind, ++state.plays);
  state.play = play;
  ctx.world.call(ctx.world.now, { nemesis: 'play', id: play.id });
}

function continuePlay(ctx: PlayContext, state: NemesisState, quietAt: Micros): void {
  const play = state.play!;
  const { world } = ctx;
  // Switched off (the `nemesis` action), past its patience, or out of time: clean up.
  if (!runRecord(world).nemesisOn || world.now >= quietAt || world.now > play.deadline) return finishPlay(ctx, state);
  const next = stepPlay(ctx, play);
  if (next === 'done') return finishPlay(ctx, state);
  world.call(world.now + next, { nemesis: 'play', id: play.id });
}

function finishPlay(ctx: PlayContext, state: NemesisState): void {
  endPlay(ctx, state.play!);
  state.play = null;
}

/** One blind fault, repaired later by an `undo` call (or in the quiet phase). */
type BlindFault = Exclude<NemesisFault, Play['kind']>;

function inject(world: World, scenario: Scenario, state: NemesisState, fault: BlindFault, act: (a: ActionInput) => void): void {
  const rng = state.rng;
  const ids = memberIds(world);
  const later = (action: ActionInput, min: Micros, max: Micros) => {
    const at = Math.min(world.now + rng.int(min, max), scenario.duration - state.quiet);
    world.call(at, { nemesis: 'undo', action: { ...action, at } });
  };
  // A third of node-targeted faults hit the leader: that is where the interesting bugs live.
  const target = () => (rng.chance(0.33) ? (currentLeader(world) ?? rng.pick(ids)) : rng.pick(ids));
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

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
import { beginFigure8, FIGURE8_SPAN, stepFigure8, type Figure8Play } from './nemesisFigure8';
import { endPlay, playable, type PlayContext } from './nemesisPlay';
import { partitionShape, setLoss } from './nemesisShapes';
import { beginSplitVote, SPLIT_VOTE_SPAN, stepSplitVote, type SplitVotePlay } from './nemesisSplitVote';
import { runRecord } from './observe';
import type { Action, ActionInput, NemesisFault, NemesisSpec, Scenario } from './types';

/** A multi-step fault in progress (nemesisPlay.ts). */
export type Play = SplitVotePlay | Figure8Play;

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
    if (state.play?.id === call.id) stepPlay(ctx, state, quietAt);
    return;
  }
  if (call.nemesis === 'quiet') {
    if (state.play) finishPlay(ctx, state);
    repairAll(world, scenario, state, act);
    return;
  }
  if (world.now >= quietAt) return;
  if (runRecord(world).nemesisOn && !state.play) inject(world, scenario, state, act);
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

const PLAYS = {
  'split-vote': { span: SPLIT_VOTE_SPAN, begin: beginSplitVote },
  figure8: { span: FIGURE8_SPAN, begin: beginFigure8 },
} as const;

/** Starts a play if it has room to finish before the quiet phase; false when it cannot run. */
function beginPlay(world: World, scenario: Scenario, state: NemesisState, kind: keyof typeof PLAYS, act: (a: ActionInput) => void): boolean {
  const { span, begin } = PLAYS[kind];
  if (!playable(world) || world.now + span > scenario.duration - state.quiet) return false;
  // A play needs a healthy cluster to aim at: repair what the blind faults broke first.
  repairAll(world, scenario, state, act);
  const play = begin({ world, scenario, rng: state.rng, act }, ++state.plays);
  state.play = play;
  world.call(world.now, { nemesis: 'play', id: play.id });
  return true;
}

function stepPlay(ctx: PlayContext, state: NemesisState, quietAt: Micros): void {
  const play = state.play!;
  const { world } = ctx;
  if (world.now >= quietAt || world.now > play.deadline) return finishPlay(ctx, state);
  const next = play.kind === 'split-vote' ? stepSplitVote(ctx, play) : stepFigure8(ctx, play);
  if (next === 'done') return finishPlay(ctx, state);
  world.call(world.now + next, { nemesis: 'play', id: play.id });
}

function finishPlay(ctx: PlayContext, state: NemesisState): void {
  endPlay(ctx, state.play!);
  state.play = null;
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
    case 'split-vote':
    case 'figure8':
      beginPlay(world, scenario, state, fault, act);
      return;
  }
}

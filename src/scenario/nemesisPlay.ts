/**
 * Nemesis plays: faults of several steps, each timed by what the cluster does.
 *
 * A blind fault (crash a node, cut a link) rarely builds the one history that breaks a given
 * Raft rule: a double vote needs a voter to forget its vote between two candidates of the
 * same term; Figure 8 needs an old-term entry to reach a majority just before a leader dies.
 * A play builds such a history from real scenario actions (crash, restart, cut, partition,
 * isolate, hold, timeout...) with randomly chosen roles and delays, and between its steps it
 * watches the cluster the way an operator's dashboard would (who leads which term, how far each
 * log reaches), as Jepsen's "kill the primary" nemesis does. It never looks at planted bugs:
 * with correct Raft every play is just an unlucky run, and the checkers must stay green.
 *
 * A play is plain data in the nemesis state (so snapshots and rewinds keep it); its steps run
 * from `{ nemesis: 'play' }` calls. While a play runs the nemesis injects nothing else and skips
 * the repairs of earlier faults (the play repaired everything when it began). Whatever step it
 * reached, its end restarts what it crashed, releases what it held and heals the network.
 */
import type { HoldFilter } from '../sim/network';
import type { Rng } from '../sim/rng';
import { MS, SECOND, type Micros } from '../sim/time';
import type { World } from '../sim/world';
import { currentLeader, member, memberIds } from './actions';
import type { ActionInput, Scenario } from './types';

/** What every play keeps, besides its own roles and stage. */
export interface PlayBase {
  /** Distinguishes the calls of this play from those of an earlier, finished one. */
  id: number;
  stage: string;
  /** The play gives up (and cleans up) if the current stage is still waiting then. */
  deadline: Micros;
  /** Members this play crashed and not yet restarted. */
  crashed: string[];
  /** Holds this play placed. */
  holds: HoldFilter[];
}

/** What a play's step sees: the world, the scenario, the nemesis's random stream, and `act`. */
export interface PlayContext {
  world: World;
  scenario: Scenario;
  rng: Rng;
  /** Runs a scenario action now, through applyAction. */
  act: (a: ActionInput) => void;
}

/** The next call: after `delay`, or `'done'` when the play is over (finished or given up). */
export type StepResult = Micros | 'done';

/** Polling period while a play waits for the cluster (an election, an append). */
export const POLL = 2 * MS;

/** A member's Raft state, or null when it is down. Read directly: plays poll every few ms. */
export function raftOf(world: World, id: string) {
  return member(world, id)?.raft.raft ?? null;
}

/** The member of `ids` leading a term above `aboveTerm`, if any. */
export function leaderAmong(world: World, ids: readonly string[], aboveTerm: number): { id: string; term: number } | null {
  for (const id of ids) {
    const r = raftOf(world, id);
    if (r && r.role === 'leader' && r.term > aboveTerm) return { id, term: r.term };
  }
  return null;
}

/** The member of `ids` with the longest log (ties: the first), among those up. */
export function longestLog(world: World, ids: readonly string[]): string | null {
  let best: { id: string; last: number } | null = null;
  for (const id of ids) {
    const r = raftOf(world, id);
    if (r && (!best || r.log.lastIndex() > best.last)) best = { id, last: r.log.lastIndex() };
  }
  return best?.id ?? null;
}

export function crash(ctx: PlayContext, play: PlayBase, id: string): void {
  ctx.act({ do: 'crash', node: id });
  if (!play.crashed.includes(id)) play.crashed.push(id);
}

export function restart(ctx: PlayContext, play: PlayBase, id: string): void {
  ctx.act({ do: 'restart', node: id });
  play.crashed = play.crashed.filter((c) => c !== id);
}

export function hold(ctx: PlayContext, play: PlayBase, filter: HoldFilter): void {
  ctx.act({ do: 'hold', ...filter });
  play.holds.push(filter);
}

/** Releases the play's holds: held messages are delivered now (late, as a slow link would). */
export function releaseHolds(ctx: PlayContext, play: PlayBase): void {
  for (const h of play.holds) ctx.act({ do: 'release', ...h });
  play.holds = [];
}

/** Moves the play to `stage`, which must make progress within `patience`. */
export function enter(ctx: PlayContext, play: PlayBase, stage: string, patience: Micros): void {
  play.stage = stage;
  play.deadline = ctx.world.now + patience;
}

/** The cleanup every play ends with, whatever stage it reached. */
export function endPlay(ctx: PlayContext, play: PlayBase): void {
  releaseHolds(ctx, play);
  ctx.act({ do: 'heal' });
  for (const id of [...play.crashed]) restart(ctx, play, id);
}

/**
 * The common first stage: wait until every member is up and some member leads, and has led
 * for a little while (so that followers have caught up with it), then hand over.
 */
export function settled(ctx: PlayContext, since: Micros): boolean {
  const { world } = ctx;
  if (world.now - since < 500 * MS) return false;
  if (!memberIds(world).every((id) => member(world, id) !== null)) return false;
  return currentLeader(world) !== null;
}

/** Odd-sized clusters only: both plays split the members into two sides and a swing vote. */
export function playable(world: World): boolean {
  const n = memberIds(world).length;
  return n >= 3 && n % 2 === 1;
}

export const SETTLE_PATIENCE = 5 * SECOND;

/**
 * The nemesis's plays by name: which exist, whether one can start now, and stepping the one
 * that runs (nemesisPlay.ts describes what a play is).
 */
import type { Micros } from '../sim/time';
import { beginFigure8, FIGURE8_SPAN, stepFigure8, type Figure8Play } from './nemesisFigure8';
import { playable, type PlayContext, type StepResult } from './nemesisPlay';
import { beginSplitVote, SPLIT_VOTE_SPAN, stepSplitVote, type SplitVotePlay } from './nemesisSplitVote';
import type { NemesisFault } from './types';

/** A play in progress: plain data, kept in the nemesis state. */
export type Play = SplitVotePlay | Figure8Play;
export type PlayKind = Play['kind'];

const PLAYS: Record<PlayKind, { span: Micros; begin: (ctx: PlayContext, id: number) => Play }> = {
  'split-vote': { span: SPLIT_VOTE_SPAN, begin: beginSplitVote },
  figure8: { span: FIGURE8_SPAN, begin: beginFigure8 },
};

export function isPlay(fault: NemesisFault): fault is PlayKind {
  return fault in PLAYS;
}

/** Whether `kind` can run now and finish (every stage out of patience) by `until`. */
export function canBegin(ctx: PlayContext, kind: PlayKind, until: Micros): boolean {
  return playable(ctx.world) && ctx.world.now + PLAYS[kind].span <= until;
}

export function beginPlay(ctx: PlayContext, kind: PlayKind, id: number): Play {
  return PLAYS[kind].begin(ctx, id);
}

export function stepPlay(ctx: PlayContext, play: Play): StepResult {
  return play.kind === 'split-vote' ? stepSplitVote(ctx, play) : stepFigure8(ctx, play);
}

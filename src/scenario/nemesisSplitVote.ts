/**
 * The `split-vote` play: two candidates in one term, and a voter restarting between them.
 *
 * Raft §5.2 allows each server one vote per term, and Figure 2 makes `votedFor` persistent
 * state for exactly this history. The leader L crashes and a bridge splits the others: side A
 * (a majority less one) and side B (the rest, with L), both reaching the voter V. A member of
 * side A campaigns and wins term T with V's vote; its appends and heartbeats to V are held (a
 * stalled stream, as etcd's separate MsgApp stream can stall), so V's log stays as short as
 * side B's. V then crashes and restarts at once, L restarts, and L campaigns from term T-1,
 * asking for term T. A voter that remembered its vote refuses, and L cannot win; a voter that
 * forgot it (planted bug `forget-vote`) votes again, and term T has two leaders.
 */
import { MS, SECOND, type Micros } from '../sim/time';
import { currentLeader, memberIds } from './actions';
import { cutBetween } from './nemesisShapes';
import {
  crash,
  enter,
  hold,
  leaderAmong,
  POLL,
  raftOf,
  restart,
  settled,
  SETTLE_PATIENCE,
  type PlayBase,
  type PlayContext,
  type StepResult,
} from './nemesisPlay';

export interface SplitVotePlay extends PlayBase {
  kind: 'split-vote';
  stage: 'settle' | 'lease' | 'first-election' | 'voter-crash' | 'voter-restart' | 'second-campaign' | 'aftermath';
  began: Micros;
  oldLeader: string;
  voter: string;
  /** Side A: wins term T with the voter's vote. */
  sideA: string[];
  /** Side B: the old leader and the others; asks the voter again for term T. */
  sideB: string[];
  /** The old leader's term (T-1), then the term side A won (T). */
  term: number;
  /** Campaigns left for the old leader in the last stage. */
  campaigns: number;
}

export function beginSplitVote(ctx: PlayContext, id: number): SplitVotePlay {
  const play: SplitVotePlay = {
    kind: 'split-vote',
    id,
    stage: 'settle',
    deadline: 0,
    crashed: [],
    holds: [],
    began: ctx.world.now,
    oldLeader: '',
    voter: '',
    sideA: [],
    sideB: [],
    term: 0,
    campaigns: 0,
  };
  enter(ctx, play, 'settle', SETTLE_PATIENCE);
  return play;
}

export function stepSplitVote(ctx: PlayContext, play: SplitVotePlay): StepResult {
  const { world, rng, act } = ctx;
  const electionTimeout = ctx.scenario.raft.electionTimeout;
  switch (play.stage) {
    case 'settle': {
      if (!settled(ctx, play.began)) return 50 * MS;
      const leader = currentLeader(world)!;
      const ids = memberIds(world);
      const majority = Math.floor(ids.length / 2) + 1;
      const others = rng.shuffle(ids.filter((m) => m !== leader));
      play.oldLeader = leader;
      play.term = raftOf(world, leader)!.term;
      play.voter = others[0];
      // Side A plus the voter is a bare majority; side B (with the old leader) plus the voter is
      // one too, in an odd-sized cluster.
      play.sideA = others.slice(1, majority);
      play.sideB = [...others.slice(majority), leader];
      crash(ctx, play, leader);
      for (const a of cutBetween(play.sideA, play.sideB)) act(a);
      for (const from of play.sideA) {
        for (const type of ['MsgApp', 'MsgHeartbeat', 'MsgSnap']) hold(ctx, play, { from, to: play.voter, type });
      }
      // The followers' leader lease (§6 of the thesis, check-quorum) lasts an election timeout
      // after the last heartbeat: campaign once it is over, before most election timers fire.
      enter(ctx, play, 'lease', 2 * electionTimeout);
      return electionTimeout + rng.int(50 * MS, 300 * MS);
    }
    case 'lease': {
      act({ do: 'timeout', node: rng.pick(play.sideA) });
      enter(ctx, play, 'first-election', 3 * SECOND);
      return POLL;
    }
    case 'first-election': {
      const won = leaderAmong(world, play.sideA, play.term);
      if (!won) {
        // Anyone else leading (the voter itself, say) spoils the split: give up.
        const other = leaderAmong(world, [play.voter, ...play.sideB], play.term);
        return other ? 'done' : POLL;
      }
      // The old leader must ask for exactly this term when it campaigns from its own.
      if (won.term !== play.term + 1) return 'done';
      play.term = won.term;
      enter(ctx, play, 'voter-crash', SECOND);
      return rng.int(1 * MS, 60 * MS);
    }
    case 'voter-crash': {
      // The vote is on the voter's disk (it replied only after the fsync): a crash now loses
      // nothing that Raft requires it to keep.
      crash(ctx, play, play.voter);
      enter(ctx, play, 'voter-restart', SECOND);
      return rng.int(1 * MS, 100 * MS);
    }
    case 'voter-restart': {
      restart(ctx, play, play.voter);
      restart(ctx, play, play.oldLeader);
      play.campaigns = 3;
      enter(ctx, play, 'second-campaign', SECOND);
      return rng.int(5 * MS, 40 * MS);
    }
    case 'second-campaign': {
      const r = raftOf(world, play.oldLeader);
      if (!r || play.campaigns === 0) return 'done';
      if (r.term >= play.term) {
        // It stands for term T (or moved past it): let the election finish before the held
        // heartbeats reach the voter.
        enter(ctx, play, 'aftermath', SECOND);
        return 500 * MS;
      }
      // A restarted member may refuse to campaign until it has applied its log: try again.
      act({ do: 'timeout', node: play.oldLeader });
      play.campaigns--;
      return rng.int(100 * MS, 200 * MS);
    }
    case 'aftermath':
      return 'done';
  }
}

/** A run of the play takes about 3 s; it starts only with this much time left before the quiet phase. */
export const SPLIT_VOTE_SPAN: Micros = 5 * SECOND;

/**
 * The `figure8` play: the history of the Raft paper's Figure 8, with random roles.
 *
 * Raft §5.4.2: a leader must not commit an entry of an earlier term by counting replicas; only
 * an entry of its own term commits the ones before it. Figure 8 shows why: an old-term entry
 * can sit on a majority and still be overwritten by a leader whose last entry has a later term.
 * The play builds that history in five members (any odd number works):
 *
 * 1. lag: the laggard G is partitioned away while the leader L1 (term T) commits at least one
 *    catch-up batch (MaxSizePerMsg entries) past G's last index g;
 * 2. aim: when L1's commit index reaches b - 1, where b = g + batch is the last index of the
 *    first batch G will be sent, L1 and its partners (the minority) are partitioned from
 *    everyone else. The clients' next writes land on L1 and its partners only, from index b:
 *    the old-term entries E;
 * 3. the majority side (with G) elects L3 in term T+1, whose appends are held: its empty
 *    entry stays in its own log. L3 and the other members of its side crash;
 * 4. the minority and G elect a leader P of term T+2 (holding E). P sends G entries g+1..b
 *    first, its own empty entry only in the next batch. When G has the first batch, P's
 *    links to G are cut: b is on a majority (P, its partners, G), P's own entry is not;
 * 5. P and its partners crash, L3 and its side restart, and L3 (last entry of term T+1) wins
 *    with the votes of G and its side, overwriting E.
 *
 * With correct Raft nothing in E was committed and the run is merely unavailable for a while;
 * with `commit-old-term`, P commits (and applies) b at step 4, and L3 becomes a leader that
 * lacks a committed entry.
 */
import { DEFAULT_RAFT_CONFIG } from '../raft/types';
import { MS, SECOND, type Micros } from '../sim/time';
import { currentLeader, memberIds } from './actions';
import {
  crash,
  enter,
  hold,
  leaderAmong,
  longestLog,
  POLL,
  raftOf,
  releaseHolds,
  restart,
  settled,
  SETTLE_PATIENCE,
  type PlayBase,
  type PlayContext,
  type StepResult,
} from './nemesisPlay';

/**
 * Entries per MsgApp: the member's MaxSizePerMsg (src/store/member.ts). The split between
 * the old-term entries and the new leader's own entry happens at this batch boundary.
 */
export const CATCH_UP_BATCH = DEFAULT_RAFT_CONFIG.maxSizePerMsg;

export interface Figure8Play extends PlayBase {
  kind: 'figure8';
  stage: 'settle' | 'lag' | 'aim' | 'old-term' | 'second-leader' | 'second-crash' | 'third-leader' | 'catch-up' | 'crash-old' | 'overwrite';
  began: Micros;
  /** The leader of term T, and its partners in the minority (holding the old-term entries). */
  minority: string[];
  laggard: string;
  /** The other members of the majority side; one of them becomes L3. */
  others: string[];
  /** L3, the leader of term T+1 whose empty entry stays in its own log. */
  secondLeader: string;
  /** The index b = g + batch that ends the laggard's first catch-up batch. */
  target: number;
  /** The term last seen led (T, then T+1, then T+2). */
  term: number;
  /** When to force the next election timeout while waiting for a leader. */
  nudgeAt: Micros;
}

export function beginFigure8(ctx: PlayContext, id: number): Figure8Play {
  const play: Figure8Play = {
    kind: 'figure8',
    id,
    stage: 'settle',
    deadline: 0,
    crashed: [],
    holds: [],
    began: ctx.world.now,
    minority: [],
    laggard: '',
    others: [],
    secondLeader: '',
    target: 0,
    term: 0,
    nudgeAt: 0,
  };
  enter(ctx, play, 'settle', SETTLE_PATIENCE);
  return play;
}

export function stepFigure8(ctx: PlayContext, play: Figure8Play): StepResult {
  const { world, rng, act } = ctx;
  const electionTimeout = ctx.scenario.raft.electionTimeout;
  /** Forces an election timeout on `node` now and then while a stage waits for a leader. */
  const nudge = (node: string | null) => {
    if (node === null || world.now < play.nudgeAt) return;
    act({ do: 'timeout', node });
    play.nudgeAt = world.now + rng.int(300 * MS, 700 * MS);
  };
  switch (play.stage) {
    case 'settle': {
      if (!settled(ctx, play.began)) return 50 * MS;
      const leader = currentLeader(world)!;
      const ids = memberIds(world);
      const minoritySize = ids.length - (Math.floor(ids.length / 2) + 1);
      const followers = rng.shuffle(ids.filter((m) => m !== leader));
      // Minority: the leader and its partners; majority side: the laggard and the others.
      play.minority = [leader, ...followers.slice(0, minoritySize - 1)];
      play.laggard = followers[minoritySize - 1];
      play.others = followers.slice(minoritySize);
      play.term = raftOf(world, leader)!.term;
      enter(ctx, play, 'lag', 10 * SECOND);
      return POLL;
    }
    case 'lag': {
      // Cut the laggard off at a point where the minority will not take a snapshot before
      // index b: the new leader must still hold g+1 to send entries rather than a snapshot.
      const snapshotEvery = ctx.scenario.raft.snapshotEvery;
      if (snapshotEvery <= CATCH_UP_BATCH + 20) return 'done';
      const room = play.minority.every((id) => {
        const r = raftOf(world, id);
        return r !== null && r.log.applied - r.log.offset + CATCH_UP_BATCH + 20 < snapshotEvery;
      });
      if (!room) return 5 * MS;
      const g = raftOf(world, play.laggard);
      if (!g) return 'done';
      // A partition rather than `isolate`: clients keep their links (a dropped watch event
      // would be a gap no etcd stream has), only the members lose the laggard.
      act({ do: 'partition', groups: [[play.laggard], memberIds(world).filter((m) => m !== play.laggard)] });
      play.target = g.log.lastIndex() + CATCH_UP_BATCH;
      enter(ctx, play, 'aim', 15 * SECOND);
      return POLL;
    }
    case 'aim': {
      const r = raftOf(world, play.minority[0]);
      // The leader must still lead term T, with entries up to b - 1 committed and nothing
      // after them yet: the next write gets index b.
      if (!r || r.role !== 'leader' || r.term !== play.term || r.log.committed >= play.target) return 'done';
      if (r.log.committed < play.target - 1 || r.log.lastIndex() !== play.target - 1) return MS;
      act({ do: 'partition', groups: [play.minority, [play.laggard, ...play.others]] });
      // The majority side's next leader replicates nothing: its empty entry stays its own.
      for (const from of play.others) for (const type of ['MsgApp', 'MsgSnap']) hold(ctx, play, { from, type });
      enter(ctx, play, 'old-term', 5 * SECOND);
      // The followers' leader lease lasts an election timeout after L1's last heartbeat.
      return electionTimeout + rng.int(100 * MS, 400 * MS);
    }
    case 'old-term': {
      act({ do: 'timeout', node: rng.pick(play.others) });
      enter(ctx, play, 'second-leader', 4 * SECOND);
      return POLL;
    }
    case 'second-leader': {
      const won = leaderAmong(world, play.others, play.term);
      if (!won) return POLL;
      play.secondLeader = won.id;
      play.term = won.term;
      enter(ctx, play, 'second-crash', SECOND);
      // Its empty entry reaches its disk (one fsync) before it crashes.
      return rng.int(20 * MS, 60 * MS);
    }
    case 'second-crash': {
      for (const id of play.others) crash(ctx, play, id);
      act({ do: 'heal' }); // the minority meets the laggard again
      enter(ctx, play, 'third-leader', 8 * SECOND);
      play.nudgeAt = world.now + electionTimeout + rng.int(100 * MS, 300 * MS);
      return POLL;
    }
    case 'third-leader': {
      const won = leaderAmong(world, play.minority, play.term);
      if (!won) {
        // The longest log among the minority is the one the others vote for (§5.4.1).
        nudge(longestLog(world, play.minority));
        return POLL;
      }
      play.term = won.term;
      enter(ctx, play, 'catch-up', 2 * SECOND);
      return MS;
    }
    case 'catch-up': {
      const g = raftOf(world, play.laggard);
      if (!g) return 'done';
      if (g.log.lastIndex() < play.target) return MS;
      // The laggard holds the first batch and is writing it to disk; its reply goes out after
      // the fsync (this stage polls every 1 ms: the sweep's disk takes 5 ms). Cut what the
      // minority sends it, so the next batch (with the new leader's own entry) never arrives,
      // while its reply still does.
      for (const from of play.minority) act({ do: 'cut', from, to: play.laggard });
      enter(ctx, play, 'crash-old', SECOND);
      return rng.int(20 * MS, 80 * MS);
    }
    case 'crash-old': {
      for (const id of play.minority) crash(ctx, play, id);
      // L3's held appends are stale now (the laggard moved to a later term): they are refused.
      releaseHolds(ctx, play);
      act({ do: 'heal' });
      for (const id of play.others) restart(ctx, play, id);
      enter(ctx, play, 'overwrite', 6 * SECOND);
      play.nudgeAt = world.now + rng.int(100 * MS, 300 * MS);
      return POLL;
    }
    case 'overwrite': {
      if (leaderAmong(world, [play.laggard, ...play.others], play.term)) return 'done';
      nudge(play.secondLeader);
      return 5 * MS;
    }
  }
}

/** A run of the play takes about 10 s; it starts only with this much time left before the quiet phase. */
export const FIGURE8_SPAN: Micros = 15 * SECOND;

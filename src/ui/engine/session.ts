/**
 * The live run behind the explorer: one engine, its recorder and checkpoints, and time travel.
 *
 * Rewind = restore the nearest checkpoint and replay. Acting in the past forks the run: the
 * timeline's later actions are dropped (kept for undo) and the new action is recorded at the
 * current time, so the session is always reproducible from (scenario, seed, actions).
 */
import type { Action } from '../../scenario/types';
import type { CheckReport, StateReport } from '../../scenario/report';
import type { Micros } from '../../sim/time';
import { CHECKPOINT_EVERY, Checkpoints } from './checkpoints';
import { createEngine } from './createEngine';
import { FALL_WINDOW, Recorder } from './recorder';
import type { Engine, UserAction } from './types';

export interface MemberLook {
  id: string;
  zone: string;
  up: boolean;
  paused: boolean;
  removed: boolean;
  role: StateReport['nodes'][number]['role'];
  term: number;
  commit: number;
  /** Fraction of the election timeout elapsed; null for leaders and when unknown. */
  timer: number | null;
}

export interface Fork {
  /** The timeline before the fork, restored by undo. */
  actions: Action[];
  at: Micros;
  horizon: Micros;
}

export class Session {
  engine!: Engine;
  recorder = new Recorder();
  checkpoints = new Checkpoints();
  /** The furthest time this run has reached (the timeline's end). */
  horizon: Micros = 0;
  /** Forks that can be undone, newest last. */
  forks: Fork[] = [];
  private unsubscribe: (() => void) | null = null;
  /** Bumped when cached views of the run go stale (slow frames, seeks, actions). */
  private stamp = 0;
  private cachedState: { stamp: number; state: StateReport } | null = null;
  private cachedChecks: { events: number; wall: number; checks: Record<string, CheckReport> } | null = null;
  private checkCost = 0;

  constructor(json: unknown) {
    this.load(json);
  }

  /** Starts a fresh run of `json` (throws ScenarioError, leaving the current run untouched). */
  load(json: unknown): void {
    const engine = createEngine(json);
    this.unsubscribe?.();
    this.engine = engine;
    this.recorder.clear();
    this.checkpoints = new Checkpoints();
    this.forks = [];
    this.horizon = 0;
    this.cachedState = null;
    this.cachedChecks = null;
    this.unsubscribe = engine.world.subscribe((r) => this.recorder.accept(r));
    this.checkpoints.add(0, engine.snapshot());
  }

  get now(): Micros {
    return this.engine.now;
  }

  /** Runs forward to `t`, taking checkpoints on the way. */
  advance(t: Micros): void {
    const e = this.engine;
    while (e.now < t) {
      const due = this.checkpoints.nextDue();
      if (due <= t && due > e.now) {
        e.runUntil(due);
        this.checkpoints.add(due, e.snapshot());
      } else {
        e.runUntil(t);
      }
    }
    this.afterRun();
  }

  /** One event (or the next due timeline action). */
  step(): boolean {
    const ok = this.engine.step();
    this.afterRun();
    this.invalidate();
    return ok;
  }

  private afterRun(): void {
    if (this.engine.now > this.horizon) this.horizon = this.engine.now;
    this.recorder.pruneFalls(this.engine.now, FALL_WINDOW);
  }

  /** Moves to time `t`, backwards (restore + replay) or forwards (replay the same future). */
  seek(t: Micros): void {
    t = Math.max(0, Math.round(t));
    const cp = this.checkpoints.before(t)!;
    // Far ahead, a checkpoint beats replaying the whole stretch (the views then have a gap
    // in their records between here and the checkpoint, which no panel shows for long).
    const jump = t > this.engine.now && cp.at - this.engine.now > 2 * CHECKPOINT_EVERY;
    if (t < this.engine.now || jump) {
      this.engine.restore(cp.snapshot);
      this.recorder.seek(Math.min(t, cp.at));
      if (jump) this.recorder.forgetFlightsBefore(cp.at);
    }
    this.advance(t);
    this.invalidate();
  }

  /** Applies a user action now; in the past, forks the run first. */
  perform(action: UserAction): void {
    const now = this.engine.now;
    const actions = this.engine.scenario.actions;
    const future = actions.filter((a) => a.at > now);
    if (future.length > 0 || this.horizon > now) {
      this.forks.push({ actions: actions.slice(), at: now, horizon: this.horizon });
      this.truncateFuture(now);
    }
    this.engine.perform(action);
    this.invalidate();
  }

  private truncateFuture(now: Micros): void {
    const actions = this.engine.scenario.actions;
    const keep = actions.filter((a) => a.at <= now);
    actions.length = 0;
    actions.push(...keep);
    this.checkpoints.dropAfter(now - 1);
    this.horizon = now;
  }

  /** Undoes the last fork: the old timeline comes back and the run replays to where it was. */
  undo(): boolean {
    const fork = this.forks.pop();
    if (!fork) return false;
    const actions = this.engine.scenario.actions;
    actions.length = 0;
    actions.push(...fork.actions);
    this.checkpoints.dropAfter(fork.at - 1);
    const cp = this.checkpoints.before(fork.at)!;
    this.engine.restore(cp.snapshot);
    this.recorder.seek(cp.at);
    this.advance(fork.at);
    this.horizon = Math.max(fork.horizon, this.engine.now);
    this.invalidate();
    return true;
  }

  invalidate(): void {
    this.stamp++;
  }

  /**
   * The members' full state (logs, kv), recomputed only when invalidated: describe() copies
   * every log, too costly for every frame. Per-frame views use `members()`.
   */
  state(): StateReport {
    if (this.cachedState?.stamp !== this.stamp) this.cachedState = { stamp: this.stamp, state: this.engine.describe() };
    return this.cachedState.state;
  }

  /** Cheap per-frame look of each member: role and term from Raft's status when up. */
  members(): MemberLook[] {
    const e = this.engine;
    const slow = new Map(this.state().nodes.map((n) => [n.id, n]));
    const out: MemberLook[] = [];
    for (const h of e.world.hosts) {
      if (h.role !== 'server') continue;
      const st = h.up ? e.raftStatus(h.id) : null;
      const old = slow.get(h.id);
      const removed = !!(old as { removed?: boolean } | undefined)?.removed;
      out.push({
        id: h.id, zone: h.zone, up: h.up, paused: h.paused, removed,
        role: st ? st.role : h.up ? (old?.role ?? 'follower') : 'follower',
        term: st ? st.term : (old?.term ?? 0),
        commit: st ? st.commit : (old?.commit ?? 0),
        timer: st && st.role !== 'leader' && st.randomizedElectionTimeout > 0 ? st.electionElapsed / st.randomizedElectionTimeout : null,
      });
    }
    return out;
  }

  /**
   * Checker verdicts. Linearizability search grows with the history, so while the run plays
   * verdicts are recomputed at most once per `minWallMs` of wall time, and only when the run
   * moved. `minWallMs = 0` (a paused run, after a seek or a step) recomputes whenever it moved.
   */
  checks(minWallMs = 1000): Record<string, CheckReport> {
    const events = this.engine.world.state.events;
    const wall = performance.now();
    const c = this.cachedChecks;
    // Spend at most ~2% of the time checking: a 50 ms check runs every 2.5 s at most.
    const due = minWallMs === 0 || wall - (c?.wall ?? 0) >= Math.max(minWallMs, 50 * this.checkCost);
    if (!c || (c.events !== events && due)) {
      const checks = this.engine.checks();
      this.checkCost = performance.now() - wall;
      this.cachedChecks = { events, wall, checks };
    }
    return this.cachedChecks!.checks;
  }
}

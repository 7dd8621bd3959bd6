/**
 * A running scenario: the world, its timeline, and the report.
 *
 * Timeline actions run after every other event of their instant. A click in the UI at time t
 * therefore lands exactly where the same action, replayed from a share link, will land: after
 * the world has run everything due at t. That is what makes (scenario, seed, actions) replay
 * a session event for event.
 */
import { World, type WorldState } from '../sim/world';
import { toMs, type Micros } from '../sim/time';
import type { HistoryOp } from '../check/history';
import { inInvokeOrder } from '../check/historyOrder';
import type { RaftStatus } from '../raft/types';
import type { EtcdClient } from '../store/client';
import { applyAction, member } from './actions';
import { buildHosts } from './build';
import { runChecks } from './checks';
import { describeWorld } from './describe';
import { ScenarioError } from './errors';
import { isNemesisCall, onNemesisCall, startNemesis } from './nemesis';
import { observeMembers, RunRecord, runRecord } from './observe';
import { parseAction } from './parseAction';
import type { CheckReport, LeaderRecord, Report, StateReport } from './report';
import type { Action, ActionInput, Scenario } from './types';

export interface SimulationOptions {
  /** Recent trace records kept for the UI (0: none, the fastest). */
  traceCapacity?: number;
  /** Keep the clients' operation history (default true); off, linearizability is not checked. */
  recordHistory?: boolean;
}

export class Simulation {
  world: World;

  constructor(readonly scenario: Scenario, opts: SimulationOptions = {}) {
    this.world = new World({ seed: scenario.seed, hosts: buildHosts(scenario, opts.recordHistory ?? true), traceCapacity: opts.traceCapacity ?? 0, fsyncLatency: scenario.fsync });
    const run = new RunRecord();
    run.bugs = [...scenario.bugs];
    run.nemesisOn = scenario.nemesis !== null;
    this.world.state.ext.run = run;
    const n = scenario.network;
    this.world.state.net.setBase(n.latency, n.jitter, n.loss, n.duplicate);
    observeMembers(this.world);
    this.world.onCall = (_w, data) => {
      if (isNemesisCall(data)) onNemesisCall(this.world, this.scenario, data);
    };
    this.world.boot();
    if (scenario.nemesis) startNemesis(this.world, scenario);
  }

  get now(): Micros {
    return this.world.now;
  }

  get run(): RunRecord {
    return runRecord(this.world);
  }

  /** Runs events and due timeline actions up to `until`. */
  runUntil(until: Micros): void {
    const actions = this.scenario.actions;
    for (let i = this.run.nextAction; i < actions.length && actions[i].at <= until; i = this.run.nextAction) {
      this.world.runUntil(actions[i].at);
      this.run.nextAction++;
      this.apply(actions[i]);
    }
    this.world.runUntil(until);
  }

  /** Runs to the scenario's end. */
  runToEnd(): void {
    this.runUntil(this.scenario.duration);
  }

  /** Runs the next event, or the next timeline action if it comes first. */
  step(): boolean {
    const next = this.scenario.actions[this.run.nextAction];
    const at = this.world.nextEventAt();
    if (next && (at === undefined || next.at < at)) {
      this.world.runUntil(next.at);
      this.run.nextAction++;
      this.apply(next);
      return true;
    }
    return this.world.step();
  }

  /**
   * Appends an action at the current time to the timeline and runs it now. The input is
   * validated like a scenario file's (a ScenarioError names what is wrong); on error nothing
   * changes.
   */
  perform(input: ActionInput): Action {
    const known = new Set(this.world.hosts.map((h) => h.id));
    const clients = new Set(this.world.hosts.filter((h) => h.role === 'client').map((h) => h.id));
    const action = parseAction({ ...input, at: this.now / 1000 }, `action`, known, clients);
    action.at = this.now; // exact µs, not the ms round trip
    this.scenario.actions.splice(this.run.nextAction, 0, action);
    this.run.nextAction++;
    this.apply(action);
    return action;
  }

  /** Drops the timeline's actions after the current time (a perturbation in the past forks). */
  truncateFuture(): Action[] {
    return this.scenario.actions.splice(this.run.nextAction);
  }

  private apply(a: Action): void {
    applyAction(this.world, this.scenario, a);
    if (a.do === 'probe') this.run.probes.push({ label: a.label, state: this.describe() });
  }

  describe(): StateReport {
    return describeWorld(this.world);
  }

  raftStatus(node: string): RaftStatus | null {
    return member(this.world, node)?.status() ?? null;
  }

  leaders(): LeaderRecord[] {
    return this.run.leaders;
  }

  /** Every client's operations, in invocation order (ties in host order). */
  history(): HistoryOp[] {
    const lists: HistoryOp[][] = [];
    for (const h of this.world.hosts) {
      const c = h.procs.get('client') as EtcdClient | undefined;
      if (c) lists.push(c.history);
    }
    return inInvokeOrder(lists);
  }

  checks(): Record<string, CheckReport> {
    return runChecks(this.world, this.describe(), this.history());
  }

  report(): Report {
    const final = this.describe();
    const history = this.history();
    const run = this.run;
    const c = this.world.state.counters;
    return {
      scenario: this.scenario.name,
      seed: this.scenario.seed,
      traceHash: this.world.traceHash,
      simulatedMs: toMs(this.now),
      events: this.world.state.events,
      probes: run.probes as Report['probes'],
      final,
      leaders: run.leaders,
      history,
      checks: runChecks(this.world, final, history),
      counters: { ...c, elections: run.elections, snapshotsSent: run.snapshotsSent },
      bugs: run.bugs,
    };
  }

  snapshot(): WorldState {
    return this.world.snapshot();
  }

  restore(s: WorldState): void {
    this.world.restore(s);
  }
}

/** Runs a scenario to its end (or `until`) and returns the report. */
export function runScenario(scenario: Scenario, until?: Micros): Report {
  const sim = new Simulation(scenario);
  sim.runUntil(until ?? scenario.duration);
  return sim.report();
}

export { ScenarioError };

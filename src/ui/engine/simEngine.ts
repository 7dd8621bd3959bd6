/** The etcd engine: the scenario's `Simulation`, seen through the explorer's Engine seam. */
import { parseScenario } from '../../scenario/parse';
import { Simulation } from '../../scenario/simulation';
import type { ActionInput } from '../../scenario/types';
import type { WorldState } from '../../sim/world';
import { scenarioJson } from './serialize';
import { memberKeys, memberLeases } from './storeView';
import type { Engine, UserAction } from './types';

/** Recent trace records the kernel keeps (the recorder keeps its own, longer history). */
const TRACE_CAPACITY = 256;

export class SimEngine implements Engine {
  readonly kind = 'raft' as const;
  readonly sim: Simulation;

  constructor(json: unknown) {
    const raw = (typeof json === 'string' ? JSON.parse(json) : json) as object;
    this.sim = new Simulation(parseScenario(raw), { traceCapacity: TRACE_CAPACITY });
    this.raw = raw;
  }

  private readonly raw: object;
  get scenario() { return this.sim.scenario; }
  get world() { return this.sim.world; }
  get now() { return this.sim.now; }
  runUntil(us: number) { this.sim.runUntil(us); }
  step() { return this.sim.step(); }
  nextEventAt() {
    const a = this.sim.scenario.actions[this.sim.run.nextAction]?.at;
    const e = this.sim.world.nextEventAt();
    return a === undefined ? e : e === undefined ? a : Math.min(a, e);
  }
  perform(action: UserAction) { this.sim.perform(action as ActionInput); }
  describe() { return this.sim.describe(); }
  raftStatus(node: string) { return this.sim.raftStatus(node); }
  keyRevisions(node: string) { return memberKeys(this.sim.world, node); }
  leases(node: string) { return memberLeases(this.sim.world, node); }
  history() { return this.sim.history(); }
  leaders() { return this.sim.leaders(); }
  checks() { return this.sim.checks(); }
  traceHash() { return this.sim.world.traceHash; }
  snapshot(): unknown { return this.sim.snapshot(); }
  restore(s: unknown) { this.sim.restore(s as WorldState); }

  shareable(): object {
    const own = (Simulation as unknown as { shareable?: (s: unknown) => object }).shareable;
    return own ? own(this.sim.scenario) : scenarioJson(this.raw, this.sim.scenario.actions);
  }
}

/**
 * Test harness for the Raft unit tests (like etcd raft_test.go's newNetwork): holds RawNodes,
 * plays the host's part (persist, send, apply, advance) and delivers messages synchronously
 * in FIFO order. Nodes can be isolated, links cut, nodes crashed and restarted from "disk".
 * Not part of the runtime: only *.test.ts files import it.
 */
import { Rng } from '../sim/rng';
import { RawNode } from './rawnode';
import {
  ConfState,
  DEFAULT_RAFT_CONFIG,
  Entry,
  HardState,
  Message,
  NodeId,
  RaftConfig,
  RaftStorageState,
  ReadState,
  Snapshot,
} from './types';

export interface Disk {
  hardState: HardState;
  conf: ConfState;
  snapshot: Snapshot | null;
  entries: Entry[];
}

export interface AppliedEntry {
  index: number;
  term: number;
  type: Entry['type'];
  data: string;
}

export type Filter = (m: Message) => Message | null;

export interface NetworkOptions {
  seed?: number;
  config?: Partial<Omit<RaftConfig, 'id'>>;
  learners?: NodeId[];
  /** Per-node initial storage (e.g. a prepared log for Figure 7/8 scenarios). */
  storage?: Record<NodeId, Partial<RaftStorageState>>;
}

export class Network {
  nodes = new Map<NodeId, RawNode>();
  disks = new Map<NodeId, Disk>();
  applied = new Map<NodeId, AppliedEntry[]>();
  readStates = new Map<NodeId, ReadState[]>();
  /** Every message delivered, in order (for assertions). */
  delivered: Message[] = [];
  /** Every message dropped by isolation, cuts, crashes or the filter. */
  dropped: Message[] = [];
  isolated = new Set<NodeId>();
  crashed = new Set<NodeId>();
  cuts = new Set<string>();
  /** Optional message rewriter: return null to drop, or a (possibly new) message. */
  filter: Filter | null = null;
  queue: Message[] = [];
  private qi = 0;
  seed: number;
  baseConfig: Omit<RaftConfig, 'id'>;
  configOverrides = new Map<NodeId, Partial<RaftConfig>>();
  bootstrapConf: ConfState;

  constructor(voters: NodeId[], opts: NetworkOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.baseConfig = { ...DEFAULT_RAFT_CONFIG, ...opts.config };
    const conf: ConfState = { voters: [...voters], learners: [...(opts.learners ?? [])] };
    this.bootstrapConf = conf;
    for (const id of [...voters, ...(opts.learners ?? [])]) {
      const st = opts.storage?.[id] ?? {};
      const disk: Disk = {
        hardState: st.hardState ?? { term: 0, vote: null, commit: 0 },
        conf: st.conf ?? conf,
        snapshot: st.snapshot ?? null,
        entries: st.entries ?? [],
      };
      this.disks.set(id, disk);
      this.applied.set(id, []);
      this.readStates.set(id, []);
      this.nodes.set(id, this.boot(id));
    }
  }

  config(id: NodeId): RaftConfig {
    return { ...this.baseConfig, ...this.configOverrides.get(id), id };
  }

  private boot(id: NodeId): RawNode {
    const d = this.disks.get(id)!;
    const storage: RaftStorageState = {
      hardState: { ...d.hardState },
      conf: d.conf,
      snapshot: d.snapshot,
      entries: d.entries.slice(),
    };
    // The state machine restarts from the snapshot and re-applies committed entries.
    this.applied.set(id, d.snapshot ? (JSON.parse(d.snapshot.data) as AppliedEntry[]) : []);
    return new RawNode(this.config(id), storage, new Rng(this.seed, `raft/${id}`));
  }

  /**
   * A brand-new member process with an empty disk. Like every member it is given the
   * bootstrap membership; the conf changes in the log (or a snapshot) bring it up to date.
   */
  addNode(id: NodeId, conf: ConfState = this.bootstrapConf): RawNode {
    this.disks.set(id, { hardState: { term: 0, vote: null, commit: 0 }, conf, snapshot: null, entries: [] });
    this.applied.set(id, []);
    this.readStates.set(id, []);
    const node = this.boot(id);
    this.nodes.set(id, node);
    return node;
  }

  node(id: NodeId): RawNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  // ---- faults ----

  isolate(id: NodeId): void {
    this.isolated.add(id);
  }

  cut(a: NodeId, b: NodeId): void {
    this.cuts.add(`${a}->${b}`);
    this.cuts.add(`${b}->${a}`);
  }

  heal(): void {
    this.isolated.clear();
    this.cuts.clear();
  }

  crash(id: NodeId): void {
    this.crashed.add(id);
  }

  restart(id: NodeId): RawNode {
    this.crashed.delete(id);
    const node = this.boot(id);
    this.nodes.set(id, node);
    return node;
  }

  // ---- driving ----

  private reachable(m: Message): boolean {
    if (this.crashed.has(m.from) || this.crashed.has(m.to)) return false;
    if (this.isolated.has(m.from) || this.isolated.has(m.to)) return false;
    return !this.cuts.has(`${m.from}->${m.to}`);
  }

  /** Persist, send, apply and advance one Ready of node id. */
  processReady(id: NodeId): void {
    const node = this.node(id);
    const rd = node.ready();
    const disk = this.disks.get(id)!;
    if (rd.snapshot) {
      disk.snapshot = rd.snapshot;
      disk.entries = disk.entries.filter((e) => e.index > rd.snapshot!.meta.index);
      this.applied.set(id, JSON.parse(rd.snapshot.data) as AppliedEntry[]);
    }
    if (rd.entries.length > 0) {
      const first = rd.entries[0].index;
      disk.entries = disk.entries.filter((e) => e.index < first).concat(rd.entries);
    }
    if (rd.hardState) disk.hardState = { ...rd.hardState };
    for (const m of rd.messages) this.queue.push(m);
    const sm = this.applied.get(id)!;
    for (const e of rd.committedEntries) {
      const prev = sm.length > 0 ? sm[sm.length - 1].index : (disk.snapshot?.meta.index ?? 0);
      if (e.index !== prev + 1) throw new Error(`${id} applied ${e.index} after ${prev}`);
      sm.push({ index: e.index, term: e.term, type: e.type, data: e.data });
    }
    this.readStates.get(id)!.push(...rd.readStates);
    node.advance();
  }

  /** Process Readies and deliver messages until nothing is left to do. */
  stabilize(maxSteps = 200_000): void {
    for (let steps = 0; steps < maxSteps; steps++) {
      let progressed = false;
      for (const [id, node] of this.nodes) {
        if (this.crashed.has(id)) continue;
        while (node.hasReady()) {
          this.processReady(id);
          progressed = true;
        }
      }
      if (this.qi < this.queue.length) {
        let m: Message | null = this.queue[this.qi++];
        progressed = true;
        if (this.qi > 4096) {
          this.queue = this.queue.slice(this.qi);
          this.qi = 0;
        }
        if (m && this.filter) m = this.filter(m);
        if (m === null || !this.reachable(m) || !this.nodes.has(m.to)) {
          this.dropped.push(m ?? this.queue[this.qi - 1]);
        } else {
          this.delivered.push(m);
          this.node(m.to).step(m);
        }
      }
      if (!progressed) return;
    }
    throw new Error('network did not stabilize');
  }

  tick(id: NodeId, n = 1): void {
    for (let i = 0; i < n; i++) {
      this.node(id).tick();
      this.stabilize();
    }
  }

  /** Tick every live node once per round, stabilizing after each round. */
  tickAll(rounds = 1): void {
    for (let i = 0; i < rounds; i++) {
      for (const [id, node] of this.nodes) if (!this.crashed.has(id)) node.tick();
      this.stabilize();
    }
  }

  /** Force an election on id and let it play out. */
  campaign(id: NodeId): void {
    this.node(id).campaign();
    this.stabilize();
  }

  propose(id: NodeId, data: string): boolean {
    const ok = this.node(id).propose(data);
    this.stabilize();
    return ok;
  }

  /** The host applied up to `index`: snapshot the state machine there and compact. */
  compact(id: NodeId, index: number): Snapshot | null {
    const sm = this.applied.get(id)!.filter((e) => e.index <= index);
    const snap = this.node(id).compact(index, JSON.stringify(sm));
    const disk = this.disks.get(id)!;
    if (snap) {
      disk.snapshot = snap;
      disk.entries = disk.entries.filter((e) => e.index > snap.meta.index);
    }
    return snap;
  }

  /** Live nodes that consider themselves leader. */
  leaders(): NodeId[] {
    return [...this.nodes.keys()].filter((id) => !this.crashed.has(id) && this.node(id).status().role === 'leader');
  }

  /** Tick all until exactly one live, non-isolated leader exists; returns it. */
  electLeader(maxRounds = 200): NodeId {
    for (let i = 0; i < maxRounds; i++) {
      const ls = this.leaders().filter((id) => !this.isolated.has(id));
      if (ls.length === 1) return ls[0];
      this.tickAll();
    }
    throw new Error('no leader elected');
  }

  /** Data of applied normal, non-empty entries (the "state machine" contents). */
  appliedData(id: NodeId): string[] {
    return this.applied
      .get(id)!
      .filter((e) => e.type === 'normal' && e.data !== '')
      .map((e) => e.data);
  }

  countDelivered(type: Message['type'], to?: NodeId): number {
    return this.delivered.filter((m) => m.type === type && (to === undefined || m.to === to)).length;
  }
}

/** Entries for a prepared log: terms[i] is the term of index i + 1. */
export function entriesWithTerms(terms: number[], from = 1): Entry[] {
  return terms.map((term, i) => ({ index: from + i, term, type: 'normal' as const, data: `e${from + i}t${term}` }));
}

/**
 * A generic deep clone preserving prototypes, Maps, Sets, arrays and shared references
 * (the kind the kernel uses for world snapshots). Throws on functions: state must be data.
 */
export function deepClone<T>(value: T, memo = new Map<unknown, unknown>()): T {
  if (typeof value === 'function') throw new Error('function found in state');
  if (value === null || typeof value !== 'object') return value;
  if (memo.has(value)) return memo.get(value) as T;
  if (value instanceof Map) {
    const out = new Map();
    memo.set(value, out);
    for (const [k, v] of value) out.set(deepClone(k, memo), deepClone(v, memo));
    return out as T;
  }
  if (value instanceof Set) {
    const out = new Set();
    memo.set(value, out);
    for (const v of value) out.add(deepClone(v, memo));
    return out as T;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const v of value) out.push(deepClone(v, memo));
    return out as T;
  }
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  memo.set(value, out);
  for (const key of Object.keys(value)) out[key] = deepClone((value as Record<string, unknown>)[key], memo);
  return out as T;
}

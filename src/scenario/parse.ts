/**
 * Parse and validate scenario JSON. Every rejection names the JSON path and what was expected,
 * because a scenario is written by hand, pasted into a link, or built by the UI.
 */
import { MS, SECOND, parseDuration } from '../sim/time';
import { BUILTIN_CLIENT } from './clientIds';
import { ScenarioError } from './errors';
import { nodeId, parseLatency, parseRate } from './fields';
import { parseAction } from './parseAction';
import type { ClientSpec, NemesisFault, NemesisSpec, NetworkOptions, NodeSpec, RaftOptions, Scenario } from './types';
import { PLANTED_BUGS } from './types';
import * as v from './validate';

const TOP = ['name', 'description', 'seed', 'duration', 'topology', 'raft', 'network', 'disk', 'store', 'clients', 'actions', 'nemesis', 'bugs'] as const;
export const NEMESIS_FAULTS: readonly NemesisFault[] = ['partition', 'kill', 'pause', 'skew', 'loss', 'clog', 'elect', 'split-vote', 'figure8'];
const MAX_NODES = 15;

/** Parses a scenario from JSON text or an already-decoded value. */
export function parseScenario(input: string | unknown, overrides: { seed?: number } = {}): Scenario {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new ScenarioError('$', `not valid JSON (${(e as Error).message})`);
    }
  }
  const o = v.object(json, '$', TOP);
  const name = v.optional(o, 'name', '$', v.string) ?? 'untitled';
  const seed = overrides.seed ?? v.optional(o, 'seed', '$', (x, p) => v.integer(x, p, 0, 2 ** 32 - 1)) ?? 1;
  const duration = v.optional(o, 'duration', '$', (x, p) => v.duration(x, p, 24 * 3600 * SECOND)) ?? 30 * SECOND;
  const nodes = parseTopology(v.required(o, 'topology', '$', (x) => x), '$.topology');
  const raft = parseRaft(o.raft, '$.raft');
  const network = parseNetwork(o.network, '$.network');
  const fsync = parseDisk(o.disk, '$.disk');
  const autoCompact = parseStore(o.store, '$.store');
  const clients = (v.optional(o, 'clients', '$', v.array) ?? []).map((c, i) => parseClient(c, `$.clients[${i}]`));
  const nemesis = parseNemesis(o.nemesis, '$.nemesis');
  const bugs = (v.optional(o, 'bugs', '$', v.array) ?? []).map((b, i) => v.oneOf(b, `$.bugs[${i}]`, PLANTED_BUGS));

  const ids = new Set(nodes.map((n) => n.id));
  for (const c of clients) {
    if (ids.has(c.id)) throw new ScenarioError('$.clients', `client id "${c.id}" is also a node id`);
    ids.add(c.id);
  }
  const rawActions = v.optional(o, 'actions', '$', v.array) ?? [];
  // Actions are checked in the order they run (time, then file order), so an action may name
  // a member only once an earlier add-member created it. Paths keep the file's indexes.
  const order = rawActions.map((a, i) => ({ i, at: timeOf(a) })).sort((x, y) => x.at - y.at || x.i - y.i);
  const known = new Set(ids);
  const clientIds = new Set([...clients.map((c) => c.id), BUILTIN_CLIENT]);
  const actions = order.map(({ i }) => parseAction(rawActions[i], `$.actions[${i}]`, known, clientIds));

  const description = v.optional(o, 'description', '$', v.string);
  return { name, ...(description ? { description } : {}), seed, duration, nodes, raft, network, fsync, autoCompact, clients, actions, nemesis, bugs };
}

/** An action's time for ordering only; a bad one sorts last and fails in parseAction. */
function timeOf(action: unknown): number {
  const at = action !== null && typeof action === 'object' ? parseDuration((action as { at?: unknown }).at) : null;
  return at ?? Number.MAX_SAFE_INTEGER;
}

function parseTopology(value: unknown, path: string): NodeSpec[] {
  const o = v.object(value, path, ['etcd', 'zones']);
  const zones = v.optional(o, 'zones', path, v.array)?.map((z, i) => parseZone(z, `${path}.zones[${i}]`));
  const etcd = v.required(o, 'etcd', path, (x) => x);
  let nodes: NodeSpec[];
  if (typeof etcd === 'number') {
    const n = v.integer(etcd, `${path}.etcd`, 1, MAX_NODES);
    nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i + 1}` }));
  } else {
    const list = v.array(etcd, `${path}.etcd`);
    if (list.length < 1 || list.length > MAX_NODES) v.fail(`${path}.etcd`, `1 to ${MAX_NODES} members`, `${list.length} members`);
    nodes = list.map((item, i) => {
      const p = `${path}.etcd[${i}]`;
      if (typeof item === 'string') return { id: nodeId(item, p) };
      const m = v.object(item, p, ['id', 'zone']);
      const zone = v.optional(m, 'zone', p, parseZone);
      return { id: nodeId(v.required(m, 'id', p, v.string), `${p}.id`), ...(zone ? { zone } : {}) };
    });
  }
  const seen = new Set<string>();
  nodes.forEach((n, i) => {
    if (seen.has(n.id)) throw new ScenarioError(`${path}.etcd[${i}]`, `duplicate node id "${n.id}"`);
    seen.add(n.id);
    if (!n.zone && zones && zones.length > 0) n.zone = zones[i % zones.length];
  });
  return nodes;
}

function parseZone(value: unknown, path: string): string {
  const z = v.string(value, path);
  if (!/^[\w.-]+\/[\w.-]+\/[\w.-]+$/.test(z)) v.fail(path, 'a zone as "cloud/region/zone" (like "aws/us-east-1/a")', value);
  return z;
}

function parseRaft(value: unknown, path: string): RaftOptions {
  const o = value === undefined ? {} : v.object(value, path, ['heartbeat', 'electionTimeout', 'preVote', 'checkQuorum', 'snapshotEvery', 'maxInflight', 'readOnly']);
  const heartbeat = v.optional(o, 'heartbeat', path, (x, p) => v.duration(x, p)) ?? 100 * MS;
  const electionTimeout = v.optional(o, 'electionTimeout', path, (x, p) => v.duration(x, p)) ?? 1000 * MS;
  if (heartbeat < MS) v.fail(`${path}.heartbeat`, 'at least 1ms', o.heartbeat);
  // etcd's config check: "--election-timeout should be at least as 5 times as --heartbeat-interval",
  // so a follower hears several heartbeats before it gives up on the leader.
  if (electionTimeout < 5 * heartbeat) v.fail(`${path}.electionTimeout`, `at least 5 times the heartbeat (${(5 * heartbeat) / MS}ms), as etcd requires`, o.electionTimeout ?? '1000ms');
  if (electionTimeout % heartbeat !== 0) v.fail(`${path}.electionTimeout`, `a whole multiple of the heartbeat (${heartbeat / MS}ms): Raft counts it in ticks`, o.electionTimeout);
  return {
    heartbeat,
    electionTimeout,
    preVote: v.optional(o, 'preVote', path, v.boolean) ?? true,
    checkQuorum: v.optional(o, 'checkQuorum', path, v.boolean) ?? true,
    snapshotEvery: v.optional(o, 'snapshotEvery', path, (x, p) => v.integer(x, p, 1, 10_000_000)) ?? 10_000,
    maxInflight: v.optional(o, 'maxInflight', path, (x, p) => v.integer(x, p, 1, 100_000)) ?? 512,
    readOnly: v.optional(o, 'readOnly', path, (x, p) => v.oneOf(x, p, ['safe', 'lease-based'] as const)) ?? 'safe',
  };
}

function parseNetwork(value: unknown, path: string): NetworkOptions {
  const o = value === undefined ? {} : v.object(value, path, ['latency', 'jitter', 'loss', 'duplicate']);
  return {
    latency: v.optional(o, 'latency', path, parseLatency) ?? null,
    jitter: v.optional(o, 'jitter', path, (x, p) => v.duration(x, p, 3600 * SECOND)) ?? 0,
    loss: v.optional(o, 'loss', path, v.probability) ?? 0,
    duplicate: v.optional(o, 'duplicate', path, v.probability) ?? 0,
  };
}

function parseDisk(value: unknown, path: string): number {
  const o = value === undefined ? {} : v.object(value, path, ['fsync']);
  return v.optional(o, 'fsync', path, (x, p) => v.duration(x, p, 10 * SECOND)) ?? 1 * MS;
}

/** etcd --auto-compaction-mode=revision --auto-compaction-retention=N. */
function parseStore(value: unknown, path: string): number {
  const o = value === undefined ? {} : v.object(value, path, ['autoCompact']);
  return v.optional(o, 'autoCompact', path, (x, p) => v.integer(x, p, 0, 100_000_000)) ?? 0;
}

function parseClient(value: unknown, path: string): ClientSpec {
  const o = v.object(value, path, ['id', 'workload', 'keys', 'rate', 'timeout', 'watch', 'leases', 'leaseTtl']);
  const leases = v.optional(o, 'leases', path, v.boolean) ?? false;
  // etcd clientv3 concurrency.Session's default TTL is 60 s; scenarios usually ask for less.
  const leaseTtl = v.optional(o, 'leaseTtl', path, (x, p) => v.duration(x, p, 3600 * SECOND));
  if (leaseTtl !== undefined && !leases) throw new ScenarioError(`${path}.leaseTtl`, 'leaseTtl needs "leases": true');
  if (leaseTtl !== undefined && leaseTtl < MS) v.fail(`${path}.leaseTtl`, 'a TTL of at least 1ms', o.leaseTtl);
  return {
    id: nodeId(v.required(o, 'id', path, v.string), `${path}.id`),
    workload: v.optional(o, 'workload', path, (x, p) => v.oneOf(x, p, ['register', 'none'] as const)) ?? 'register',
    keys: v.optional(o, 'keys', path, (x, p) => v.integer(x, p, 1, 1000)) ?? 3,
    rate: v.optional(o, 'rate', path, parseRate) ?? 10,
    timeout: v.optional(o, 'timeout', path, (x, p) => v.duration(x, p, 600 * SECOND)) ?? 2 * SECOND,
    watch: v.optional(o, 'watch', path, v.boolean) ?? false,
    ...(leases && { leases: { ttl: leaseTtl ?? 60 * SECOND } }),
  };
}

function parseNemesis(value: unknown, path: string): NemesisSpec | null {
  if (value === undefined || value === null || value === 'none') return null;
  if (value === 'swarm') return { faults: [...NEMESIS_FAULTS], interval: 5 * SECOND, quiet: 10 * SECOND, swarm: true };
  if (typeof value === 'string') v.fail(path, '"swarm", "none" or an object { faults, interval, quiet }', value);
  const o = v.object(value, path, ['faults', 'interval', 'quiet', 'swarm']);
  const faults = (v.optional(o, 'faults', path, v.array) ?? [...NEMESIS_FAULTS]).map((f, i) => v.oneOf(f, `${path}.faults[${i}]`, NEMESIS_FAULTS));
  return {
    faults,
    interval: v.optional(o, 'interval', path, (x, p) => v.duration(x, p)) ?? 5 * SECOND,
    quiet: v.optional(o, 'quiet', path, (x, p) => v.duration(x, p)) ?? 10 * SECOND,
    swarm: v.optional(o, 'swarm', path, v.boolean) ?? false,
  };
}

/**
 * Parse one timeline action. Node fields accept an id, "@leader" (resolved when the action
 * runs), and in partition groups "*" (every member not named elsewhere in the action).
 */
import { ScenarioError } from './errors';
import { nodeId, parseLatency } from './fields';
import type { Action, ActionKind } from './types';
import { PLANTED_BUGS } from './types';
import * as v from './validate';
import { SECOND } from '../sim/time';

const FIELDS: Record<ActionKind, readonly string[]> = {
  partition: ['groups'],
  heal: [],
  cut: ['from', 'to'],
  isolate: ['node'],
  link: ['from', 'to', 'latency', 'jitter', 'loss', 'duplicate'],
  clog: ['from', 'to', 'for'],
  hold: ['from', 'to', 'type'],
  release: ['from', 'to', 'type'],
  deliver: ['msg'],
  drop: ['msg'],
  duplicate: ['msg'],
  crash: ['node'],
  restart: ['node'],
  pause: ['node'],
  resume: ['node'],
  timeout: ['node'],
  skew: ['node', 'rate'],
  probe: ['label'],
  transfer: ['to'],
  'add-member': ['node', 'learner', 'zone'],
  'remove-member': ['node'],
  put: ['key', 'value', 'lease', 'client'],
  get: ['key', 'client'],
  delete: ['key', 'client'],
  cas: ['key', 'expected', 'value', 'client'],
  compact: ['revision'],
  'lease-grant': ['id', 'ttl', 'client'],
  'lease-keepalive': ['id', 'client'],
  'lease-revoke': ['id', 'client'],
  bug: ['name', 'on'],
  nemesis: ['on'],
};

export const ACTION_KINDS = Object.keys(FIELDS) as ActionKind[];

/**
 * `known`: node ids an action may name (grows with add-member); `clients`: ids a `client`
 * field may name (every client when absent).
 */
export function parseAction(value: unknown, path: string, known: Set<string>, clients?: Set<string>): Action {
  const head = v.object(value, path, ['at', 'do', ...new Set(Object.values(FIELDS).flat())]);
  const kind = v.required(head, 'do', path, (x, p) => v.oneOf(x, p, ACTION_KINDS));
  const o = v.object(value, path, ['at', 'do', ...FIELDS[kind]]);
  const at = v.required(o, 'at', path, (x, p) => v.duration(x, p));
  const node = (key: string, allowLeader = true) => v.required(o, key, path, (x, p) => selector(x, p, known, allowLeader));
  const maybeNode = (key: string) => v.optional(o, key, path, (x, p) => selector(x, p, known, false));
  const key = () => v.required(o, 'key', path, v.nonEmpty);
  const client = () =>
    v.optional(o, 'client', path, (x, p) => {
      const id = v.string(x, p);
      if (clients && !clients.has(id)) throw new ScenarioError(p, `"${id}" is not a client (clients: ${[...clients].join(', ')})`);
      return id;
    });
  const withClient = <T extends object>(a: T): T => {
    const c = client();
    return c ? { ...a, client: c } : a;
  };
  switch (kind) {
    case 'partition': {
      const groups = v.required(o, 'groups', path, v.array).map((g, i) => {
        const gp = `${path}.groups[${i}]`;
        const members = v.array(g, gp);
        if (members.length === 0) v.fail(gp, 'a non-empty group of nodes', g);
        return members.map((m, j) => (m === '*' ? '*' : selector(m, `${gp}[${j}]`, known, true)));
      });
      if (groups.length < 2) v.fail(`${path}.groups`, 'at least two groups', o.groups);
      if (groups.flat().filter((m) => m === '*').length > 1) v.fail(`${path}.groups`, '"*" in at most one group', o.groups);
      return { at, do: kind, groups };
    }
    case 'heal':
      return { at, do: kind };
    case 'cut':
      return { at, do: kind, from: node('from'), to: node('to') };
    case 'isolate':
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'timeout':
    case 'remove-member':
      return { at, do: kind, node: node('node') };
    case 'link': {
      const a: Action = { at, do: kind, from: node('from'), to: node('to') };
      const latency = v.optional(o, 'latency', path, parseLatency);
      const jitter = v.optional(o, 'jitter', path, (x, p) => v.duration(x, p));
      const loss = v.optional(o, 'loss', path, v.probability);
      const duplicate = v.optional(o, 'duplicate', path, v.probability);
      if (latency === undefined && jitter === undefined && loss === undefined && duplicate === undefined) {
        throw new ScenarioError(path, 'a link action needs at least one of latency, jitter, loss, duplicate');
      }
      return { ...a, ...(latency && { latency }), ...(jitter !== undefined && { jitter }), ...(loss !== undefined && { loss }), ...(duplicate !== undefined && { duplicate }) };
    }
    case 'clog':
      return { at, do: kind, from: node('from'), to: node('to'), for: v.required(o, 'for', path, (x, p) => v.duration(x, p)) };
    case 'hold':
    case 'release': {
      const from = maybeNode('from');
      const to = maybeNode('to');
      const type = v.optional(o, 'type', path, v.nonEmpty);
      return { at, do: kind, ...(from && { from }), ...(to && { to }), ...(type && { type }) };
    }
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return { at, do: kind, msg: v.required(o, 'msg', path, (x, p) => v.integer(x, p, 1, Number.MAX_SAFE_INTEGER)) };
    case 'skew':
      return { at, do: kind, node: node('node'), rate: v.required(o, 'rate', path, (x, p) => v.number(x, p, 0.01, 100)) };
    case 'probe':
      return { at, do: kind, label: v.required(o, 'label', path, v.nonEmpty) };
    case 'transfer':
      return { at, do: kind, to: node('to') };
    case 'add-member': {
      const id = v.required(o, 'node', path, nodeId);
      if (known.has(id)) throw new ScenarioError(`${path}.node`, `"${id}" already exists; add-member needs a new id`);
      known.add(id);
      const learner = v.optional(o, 'learner', path, v.boolean);
      const zone = v.optional(o, 'zone', path, v.string);
      return { at, do: kind, node: id, ...(learner !== undefined && { learner }), ...(zone && { zone }) };
    }
    case 'put': {
      const lease = v.optional(o, 'lease', path, leaseId);
      return withClient({ at, do: kind, key: key(), value: v.required(o, 'value', path, v.string), ...(lease !== undefined && { lease }) });
    }
    case 'lease-grant': {
      const id = v.optional(o, 'id', path, leaseId);
      const ttl = v.required(o, 'ttl', path, (x, p) => v.duration(x, p, MAX_LEASE_TTL));
      return withClient({ at, do: kind, ...(id !== undefined && { id }), ttl });
    }
    case 'lease-keepalive':
    case 'lease-revoke':
      return withClient({ at, do: kind, id: v.required(o, 'id', path, leaseId) });
    case 'get':
    case 'delete':
      return withClient({ at, do: kind, key: key() });
    case 'cas': {
      const expected = o.expected === null ? null : v.required(o, 'expected', path, v.string);
      return withClient({ at, do: kind, key: key(), expected, value: v.required(o, 'value', path, v.string) });
    }
    case 'compact': {
      const revision = v.optional(o, 'revision', path, (x, p) => v.integer(x, p, 1, Number.MAX_SAFE_INTEGER));
      return revision === undefined ? { at, do: kind } : { at, do: kind, revision };
    }
    case 'bug':
      return { at, do: kind, name: v.required(o, 'name', path, (x, p) => v.oneOf(x, p, PLANTED_BUGS)), on: v.optional(o, 'on', path, v.boolean) ?? true };
    case 'nemesis':
      return { at, do: kind, on: v.required(o, 'on', path, v.boolean) };
  }
}

/** etcd's MaxLeaseTTL (9,000,000,000 s): a longer grant fails with ErrLeaseTTLTooLarge. */
const MAX_LEASE_TTL = 9_000_000_000 * SECOND;

/** An etcd lease id: a positive int64 (0 is etcd's NoLease, never a lease's id). */
function leaseId(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    v.fail(path, `a lease id (a whole number from 1 to ${Number.MAX_SAFE_INTEGER}; 0 is etcd's "no lease")`, value);
  }
  return value;
}

function selector(value: unknown, path: string, known: Set<string>, allowLeader: boolean): string {
  const s = v.string(value, path);
  if (s === '@leader') {
    if (!allowLeader) v.fail(path, 'a node id', value);
    return s;
  }
  if (!known.has(s)) throw new ScenarioError(path, `unknown node "${s}" (known: ${[...known].join(', ')})`);
  return s;
}

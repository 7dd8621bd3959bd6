/**
 * etcd leases through the scenario format: the lease actions of the built-in client, the
 * `leases` client workload, expiry on the leader across a leader change, and the record of
 * revokes the lease and linearizability checks read.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryOp } from '../check/history';
import type { LeaseRevocation } from '../check/leaseHistory';
import { SECOND } from '../sim/time';
import type { EtcdMember } from '../store/member';
import { ScenarioError } from './errors';
import { parseScenario } from './parse';
import type { Report } from './report';
import { Simulation } from './simulation';

function run(json: object): { sim: Simulation; report: Report } {
  const sim = new Simulation(parseScenario(json));
  sim.runToEnd();
  return { sim, report: sim.report() };
}

const revocationsOf = (r: Report) => (r.checks.lease as unknown as { revocations: LeaseRevocation[] }).revocations;
const acked = (h: HistoryOp) => h.completeMs !== null && h.ok && h.error === undefined;
const ops = (r: Report, op: string, client?: string) => r.history.filter((h) => h.op === op && (client === undefined || h.client === client));

function expectAllChecksPass(r: Report): void {
  for (const [name, c] of Object.entries(r.checks)) expect(c.ok, `${name}: ${c.detail}`).toBe(true);
}

function rejected(json: object): ScenarioError {
  try {
    parseScenario(json);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('the scenario should have been rejected');
}

describe('client option "leases"', () => {
  const topology = { etcd: 3 };

  it('defaults the session TTL to clientv3 concurrency.Session’s 60 s; leaseTtl sets it', () => {
    expect(parseScenario({ topology, clients: [{ id: 'c1', leases: true }] }).clients[0].leases).toEqual({ ttl: 60 * SECOND });
    expect(parseScenario({ topology, clients: [{ id: 'c1', leases: true, leaseTtl: '3s' }] }).clients[0].leases).toEqual({ ttl: 3 * SECOND });
    expect(parseScenario({ topology, clients: [{ id: 'c1', leases: false }] }).clients[0]).not.toHaveProperty('leases');
  });

  it('rejects a bad value, or a TTL without leases, naming the path', () => {
    expect(rejected({ topology, clients: [{ id: 'c1', leases: 'yes' }] })).toMatchObject({ path: '$.clients[0].leases', problem: 'expected true or false, got "yes"' });
    expect(rejected({ topology, clients: [{ id: 'c1', leaseTtl: '3s' }] })).toMatchObject({ path: '$.clients[0].leaseTtl', problem: 'leaseTtl needs "leases": true' });
    expect(rejected({ topology, clients: [{ id: 'c1', leases: true, leaseTtl: '500us' }] })).toMatchObject({ path: '$.clients[0].leaseTtl', problem: 'expected a TTL of at least 1ms, got "500us"' });
    expect(rejected({ topology, clients: [{ id: 'c1', leases: true, leaseTtl: 'long' }] }).path).toBe('$.clients[0].leaseTtl');
  });
});

describe('lease actions through the built-in client', () => {
  const scenario = {
    seed: 3,
    duration: '12s',
    topology: { etcd: 3 },
    actions: [
      { at: '2s', do: 'lease-grant', id: 5, ttl: '10s' },
      { at: '2.1s', do: 'put', key: 'a', value: '1', lease: 5 },
      { at: '2.1s', do: 'put', key: 'b', value: '2', lease: 5 },
      { at: '2.1s', do: 'put', key: 'c', value: '3' },
      { at: '2.2s', do: 'put', key: 'd', value: '4', lease: 6 },
      { at: '2.3s', do: 'lease-grant', id: 5, ttl: '10s' },
      { at: '2.4s', do: 'lease-grant', ttl: '100ms' },
      { at: '2.5s', do: 'lease-grant', ttl: '3s', client: 'c1' },
      { at: '3s', do: 'lease-keepalive', id: 5 },
      { at: '3s', do: 'lease-keepalive', id: 99 },
      { at: '4s', do: 'get', key: 'a' },
      { at: '5s', do: 'lease-revoke', id: 5 },
      { at: '5.5s', do: 'get', key: 'a' },
      { at: '5.5s', do: 'get', key: 'c' },
      { at: '6s', do: 'lease-revoke', id: 5 },
    ],
    clients: [{ id: 'c1', workload: 'none' }],
  };
  const { sim, report: r } = run(scenario);

  it('records each request with its outcome, as etcd answers it', () => {
    const cli = r.history.filter((h) => h.client === 'cli');
    const view = cli.map((h) => [h.op, h.key, h.lease ?? null, h.ttlMs ?? null, h.ok, h.error ?? null, h.result]);
    expect(view).toEqual([
      ['lease-grant', '', 5, 10000, true, null, null],
      ['put', 'a', 5, null, true, null, null],
      ['put', 'b', 5, null, true, null, null],
      ['put', 'c', null, null, true, null, null],
      // etcd: "requested lease not found" for a put with a lease that does not exist.
      ['put', 'd', 6, null, false, 'ErrLeaseNotFound', null],
      ['lease-grant', '', 5, 10000, false, 'ErrLeaseExists', null],
      // No id: the next after the highest this client used; TTL raised to etcd's minimum.
      ['lease-grant', '', 6, 1500, true, null, null],
      // Keep-alive answers with the lease's granted TTL.
      ['lease-keepalive', '', 5, 10000, true, null, null],
      ['lease-keepalive', '', 99, null, false, 'ErrLeaseNotFound', null],
      ['get', 'a', null, null, true, null, '1'],
      ['lease-revoke', '', 5, null, true, null, null],
      ['get', 'a', null, null, true, null, null],
      ['get', 'c', null, null, true, null, '3'],
      ['lease-revoke', '', 5, null, false, 'ErrLeaseNotFound', null],
    ]);
    for (const h of cli) expect(h.completeMs, `${h.op} completed`).not.toBeNull();
    // Another client numbers its scripted leases on its own.
    expect(ops(r, 'lease-grant', 'c1')).toEqual([expect.objectContaining({ lease: 1, ttlMs: 3000, ok: true })]);
  });

  it('a revoke deletes every attached key in one revision, and only those', () => {
    const revoked = revocationsOf(r).filter((x) => x.lease === 5);
    expect(revoked).toHaveLength(1); // the second revoke found no lease: nothing to record
    expect(revoked[0].deleted).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
    const store = (sim.world.host(r.final.leader!).procs.get('etcd') as EtcdMember).store;
    const tombstone = (key: string) => store.history(key).at(-1)!;
    expect(tombstone('a')).toMatchObject({ version: 0, main: revoked[0].revision });
    expect(tombstone('b')).toMatchObject({ version: 0, main: revoked[0].revision });
    for (const n of r.final.nodes) expect(n.kv, `${n.id}'s kv`).toEqual({ c: '3' });
    // The revoke's effect lies between its proposal and its first apply.
    const rev = ops(r, 'lease-revoke')[0];
    expect(revoked[0].proposedMs!).toBeGreaterThanOrEqual(rev.invokeMs);
    expect(revoked[0].appliedMs).toBeLessThanOrEqual(rev.completeMs!);
    expectAllChecksPass(r);
    expect(r.checks.linearizable.detail).toBe('4 keys, 9 ops: linearizable');
  });

  it('the lease log survives a rewind: same run, same checks', () => {
    const again = new Simulation(parseScenario(scenario));
    again.runUntil(3 * SECOND);
    const checkpoint = again.snapshot();
    again.runToEnd();
    const straight = again.report();
    again.restore(checkpoint);
    again.runToEnd();
    const rewound = again.report();
    expect(rewound.traceHash).toBe(r.traceHash);
    expect(straight.traceHash).toBe(r.traceHash);
    expect(rewound.checks).toEqual(r.checks);
  });
});

describe('lease expiry across a leader change', () => {
  // Lease 1 (TTL 2 s) is kept alive until 4 s; the leader crashes at 4.5 s, before the lease
  // expires on its clock (about 6 s). The new leader must expire it (followers never do), and
  // not before a full TTL after it took over: etcd's lessor Promote restarts every lease's
  // clock on a new leader.
  const { report: r } = run({
    seed: 2,
    duration: '15s',
    topology: { etcd: 3 },
    actions: [
      { at: '2s', do: 'lease-grant', id: 1, ttl: '2s' },
      { at: '2.1s', do: 'put', key: 'owner', value: 'me', lease: 1 },
      { at: '3s', do: 'lease-keepalive', id: 1 },
      { at: '4s', do: 'lease-keepalive', id: 1 },
      { at: '4.5s', do: 'probe', label: 'before' },
      { at: '4.5s', do: 'crash', node: '@leader' },
      { at: '14s', do: 'get', key: 'owner' },
    ],
  });

  it('the new leader expires the lease an election timeout plus one TTL after taking over, and its key is gone', () => {
    const old = r.probes[0].state.leader;
    const elected = r.leaders.find((l) => l.atMs > 4500)!;
    expect(elected, 'a new leader after the crash').toBeDefined();
    expect(elected.node).not.toBe(old);
    const [expiry] = revocationsOf(r);
    expect(expiry).toMatchObject({ lease: 1, term: r.leaders.at(-1)!.term, deleted: [{ key: 'owner', value: 'me' }] });
    // etcd lessor.Promote(electionTimeout) when the new leader applies its first entry.
    expect(expiry.proposedMs!, 'Promote: not before elected + election timeout + TTL').toBeGreaterThanOrEqual(elected.atMs + 1000 + 2000);
    expect(expiry.proposedMs!, 'within one lease check (500 ms) of it, plus the first commit').toBeLessThanOrEqual(elected.atMs + 1000 + 2000 + 500 + 50);
    expect(ops(r, 'get')[0].result).toBeNull();
    for (const n of r.final.nodes.filter((x) => x.up)) expect(n.kv, `${n.id}'s kv`).toEqual({});
    expectAllChecksPass(r);
    expect(r.checks.lease.detail).toBe('1 lease, 1 revoke (1 by expiry): ok');
  });
});

describe('the "leases" workload (lease sessions beside the register workload)', () => {
  const scenario = {
    seed: 3,
    duration: '40s',
    topology: { etcd: 3 },
    clients: [
      { id: 'c1', rate: '20/s', leases: true, leaseTtl: '2s' },
      { id: 'c2', rate: '10/s' },
    ],
    actions: [
      { at: '15s', do: 'crash', node: '@leader' },
      { at: '18s', do: 'restart', node: 'n1' },
      { at: '18s', do: 'restart', node: 'n2' },
      { at: '18s', do: 'restart', node: 'n3' },
    ],
  };
  const { report: r } = run(scenario);
  const c1 = r.history.filter((h) => h.client === 'c1');
  const c2 = r.history.filter((h) => h.client === 'c2');

  it('grants, keeps alive every TTL/3, attaches keys, then revokes or lets the lease expire', () => {
    const grants = c1.filter((h) => h.op === 'lease-grant' && acked(h));
    expect(grants.length, 'sessions').toBeGreaterThanOrEqual(3);
    expect(new Set(grants.map((g) => g.lease)).size, 'a new lease per session').toBe(grants.length);
    for (const g of grants) expect(g.ttlMs).toBe(2000);
    const keepAlives = c1.filter((h) => h.op === 'lease-keepalive' && acked(h));
    expect(keepAlives.length).toBeGreaterThan(20);
    // Within a session, acknowledged keep-alives start about TTL/3 apart.
    const first = keepAlives.filter((k) => k.lease === grants[0].lease);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expect(first[1].invokeMs - first[0].invokeMs).toBeCloseTo(2000 / 3, -1);
    const withLease = c1.filter((h) => h.op === 'put' && h.lease !== undefined && acked(h));
    expect(withLease.some((h) => h.key === 'session/c1'), 'the session key').toBe(true);
    expect(withLease.some((h) => h.key !== 'session/c1'), 'register puts attached to the session').toBe(true);
    const revocations = revocationsOf(r);
    const byClient = revocations.filter((x) => c1.some((h) => h.op === 'lease-revoke' && h.lease === x.lease));
    expect(byClient.length, 'sessions closed with a revoke').toBeGreaterThan(0);
    expect(revocations.length - byClient.length, 'sessions left to expire').toBeGreaterThan(0);
    expect(revocations.some((x) => x.deleted.some((d) => d.key === 'session/c1'))).toBe(true);
    // Reads of the session key see it come and go.
    const reads = c1.filter((h) => h.op === 'get' && h.key === 'session/c1' && acked(h));
    expect(reads.some((h) => h.result === null)).toBe(true);
    expect(reads.some((h) => h.result !== null)).toBe(true);
    expect(c2.every((h) => h.lease === undefined && !h.op.startsWith('lease'))).toBe(true);
  });

  it('passes every check, and runs the same twice', () => {
    expectAllChecksPass(r);
    expect(r.checks.linearizable.detail).toMatch(/^4 keys, \d+ ops: linearizable$/);
    const again = new Simulation(parseScenario(scenario));
    again.runToEnd();
    expect(again.report().traceHash).toBe(r.traceHash);
  });
});

describe('planted bug: the lease check catches stale reads of revoked keys in a real run', () => {
  // The sweep's shape with one session client. `stale-read` lets members answer reads from
  // their local state, so a lagging member still serves a key its lease's revoke deleted.
  const scenario = (bugs: string[]) => ({
    seed: 2,
    duration: '60s',
    topology: { etcd: 5 },
    raft: { snapshotEvery: 200 },
    disk: { fsync: '5ms' },
    clients: [
      { id: 'c1', rate: '20/s', watch: true },
      { id: 'c2', rate: '20/s', watch: true },
      { id: 'c3', rate: '20/s', leases: true, leaseTtl: '3s' },
    ],
    nemesis: 'swarm',
    bugs,
  });

  it('fails lease-key-after-revoke with the bug, and passes every check without it', () => {
    const buggy = run(scenario(['stale-read'])).report;
    const lease = buggy.checks.lease as unknown as { ok: boolean; violations: { rule: string }[] };
    expect(lease.ok).toBe(false);
    expect(lease.violations.map((v) => v.rule)).toContain('lease-key-after-revoke');
    expectAllChecksPass(run(scenario([])).report);
  });
});

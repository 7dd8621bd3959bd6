import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../sim/time';
import { ScenarioError } from './errors';
import { NEMESIS_FAULTS, parseScenario } from './parse';

const base = { topology: { etcd: 3 } };

/** The ScenarioError a scenario is rejected with (fails the test if it parses or throws something else). */
function rejection(input: unknown): ScenarioError {
  let thrown: unknown;
  try {
    parseScenario(input);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'the scenario should have been rejected').toBeInstanceOf(ScenarioError);
  return thrown as ScenarioError;
}

function expectRejected(input: unknown, path: string, problem: RegExp): ScenarioError {
  const e = rejection(input);
  expect(e.path).toBe(path);
  expect(e.problem).toMatch(problem);
  expect(e.message).toBe(`${path}: ${e.problem}`);
  expect(e.name).toBe('ScenarioError');
  return e;
}

describe('parseScenario: accepted input', () => {
  it('parses scenarios/default.json', () => {
    const text = readFileSync(new URL('../../scenarios/default.json', import.meta.url), 'utf8');
    const s = parseScenario(text);
    expect(s.name).toBe('Five members elect a leader');
    expect(s.description).toMatch(/^Five etcd members/);
    expect(s.seed).toBe(1);
    expect(s.duration).toBe(60 * SECOND);
    // Zones are dealt to the members round-robin.
    expect(s.nodes).toEqual([
      { id: 'n1', zone: 'aws/us-east-1/a' },
      { id: 'n2', zone: 'aws/us-east-1/b' },
      { id: 'n3', zone: 'aws/us-east-1/c' },
      { id: 'n4', zone: 'aws/us-east-1/a' },
      { id: 'n5', zone: 'aws/us-east-1/b' },
    ]);
    expect(s.clients).toEqual([
      { id: 'c1', workload: 'register', keys: 3, rate: 20, timeout: 2 * SECOND, watch: true },
      { id: 'c2', workload: 'register', keys: 3, rate: 10, timeout: 2 * SECOND, watch: true, leases: { ttl: 3 * SECOND } },
    ]);
    expect(s.actions).toEqual([{ at: 20 * SECOND, do: 'probe', label: 'steady' }]);
    expect(s.nemesis).toBeNull();
    expect(s.bugs).toEqual([]);
  });

  it('fills in the real systems’ defaults', () => {
    const s = parseScenario(base);
    expect(s.name).toBe('untitled');
    expect('description' in s).toBe(false);
    expect(s.seed).toBe(1);
    expect(s.duration).toBe(30 * SECOND);
    expect(s.nodes).toEqual([{ id: 'n1' }, { id: 'n2' }, { id: 'n3' }]);
    // etcd: --heartbeat-interval 100ms, --election-timeout 1000ms; raft: MaxInflightMsgs etc.
    expect(s.raft).toEqual({
      heartbeat: 100 * MS,
      electionTimeout: 1000 * MS,
      preVote: true,
      checkQuorum: true,
      snapshotEvery: 10_000,
      maxInflight: 512,
      readOnly: 'safe',
    });
    expect(s.network).toEqual({ latency: null, jitter: 0, loss: 0, duplicate: 0 });
    expect(s.fsync).toBe(1 * MS);
    expect(s.clients).toEqual([]);
    expect(s.actions).toEqual([]);
    expect(s.nemesis).toBeNull();
    expect(s.bugs).toEqual([]);
  });

  it('parses the example from DESIGN.md', () => {
    const s = parseScenario({
      name: 'Leader cut off from the majority',
      seed: 7,
      duration: '30s',
      topology: { etcd: 5 },
      raft: { heartbeat: '100ms', electionTimeout: '1s', preVote: true, checkQuorum: true },
      network: { latency: '2ms', jitter: '1ms', loss: 0 },
      clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '20/s' }],
      actions: [
        { at: '5s', do: 'partition', groups: [['@leader'], ['*']] },
        { at: '8s', do: 'put', key: 'x', value: '1' },
        { at: '12s', do: 'heal' },
        { at: '15s', do: 'crash', node: 'n2' },
        { at: '17s', do: 'restart', node: 'n2' },
        { at: '20s', do: 'probe', label: 'after-restart' },
      ],
    });
    expect(s.seed).toBe(7);
    expect(s.raft.electionTimeout).toBe(SECOND);
    expect(s.network).toEqual({ latency: { kind: 'fixed', us: 2000 }, jitter: 1000, loss: 0, duplicate: 0 });
    expect(s.actions.map((a) => [a.at, a.do])).toEqual([
      [5 * SECOND, 'partition'],
      [8 * SECOND, 'put'],
      [12 * SECOND, 'heal'],
      [15 * SECOND, 'crash'],
      [17 * SECOND, 'restart'],
      [20 * SECOND, 'probe'],
    ]);
    expect(s.actions[0]).toEqual({ at: 5 * SECOND, do: 'partition', groups: [['@leader'], ['*']] });
  });

  it('sorts actions by time, keeping file order for equal times', () => {
    const s = parseScenario({
      ...base,
      actions: [
        { at: '3s', do: 'probe', label: 'c' },
        { at: '1s', do: 'probe', label: 'a' },
        { at: '3s', do: 'probe', label: 'd' },
        { at: 1000, do: 'probe', label: 'b' }, // a number is ms: also 1s, after "a" in the file
        { at: '2s', do: 'heal' },
        { at: '3s', do: 'probe', label: 'e' },
      ],
    });
    expect(s.actions.map((a) => ('label' in a ? a.label : a.do))).toEqual(['a', 'b', 'heal', 'c', 'd', 'e']);
  });

  it('accepts JSON text and a seed override', () => {
    const s = parseScenario(JSON.stringify({ ...base, seed: 5 }), { seed: 42 });
    expect(s.seed).toBe(42);
  });

  it('reads members as ids or objects with zones, rates per minute, latency distributions, nemesis and bugs', () => {
    const s = parseScenario({
      topology: { etcd: ['a1', { id: 'b2', zone: 'gcp/europe-west1/b' }, 'c-3'], zones: ['aws/us-east-1/a'] },
      raft: { heartbeat: 50, electionTimeout: '500ms', snapshotEvery: 100, readOnly: 'lease-based' },
      network: { latency: { dist: 'uniform', min: '1ms', max: '3ms' }, duplicate: 0.5 },
      disk: { fsync: '250us' },
      clients: [{ id: 'w', rate: '300/m', keys: 10, timeout: '5s', workload: 'none' }],
      nemesis: 'swarm',
      bugs: ['stale-read', 'forget-vote'],
    });
    expect(s.nodes).toEqual([
      { id: 'a1', zone: 'aws/us-east-1/a' },
      { id: 'b2', zone: 'gcp/europe-west1/b' },
      { id: 'c-3', zone: 'aws/us-east-1/a' },
    ]);
    expect(s.raft).toMatchObject({ heartbeat: 50 * MS, electionTimeout: 500 * MS, snapshotEvery: 100, readOnly: 'lease-based' });
    expect(s.network.latency).toEqual({ kind: 'uniform', min: 1000, max: 3000 });
    expect(s.network.duplicate).toBe(0.5);
    expect(s.fsync).toBe(250);
    expect(s.clients).toEqual([{ id: 'w', workload: 'none', keys: 10, rate: 5, timeout: 5 * SECOND, watch: false }]);
    // "swarm" turns on every fault the nemesis knows.
    expect(s.nemesis).toEqual({ faults: [...NEMESIS_FAULTS], interval: 5 * SECOND, quiet: 10 * SECOND, swarm: true });
    expect(NEMESIS_FAULTS).toEqual(expect.arrayContaining(['partition', 'kill', 'pause', 'skew', 'loss', 'clog']));
    expect(s.bugs).toEqual(['stale-read', 'forget-vote']);
    expect(parseScenario({ ...base, nemesis: { faults: ['kill'], interval: '2s' } }).nemesis).toEqual({ faults: ['kill'], interval: 2 * SECOND, quiet: 10 * SECOND, swarm: false });
    expect(parseScenario({ ...base, nemesis: 'none' }).nemesis).toBeNull();
    expect(parseScenario({ ...base, network: { latency: { dist: 'exponential', min: '30ms', mean: '5ms' } } }).network.latency).toEqual({ kind: 'exponential', min: 30_000, mean: 5000 });
  });
});

describe('parseScenario: rejected input names the JSON path and what was expected', () => {
  it('invalid JSON text → $', () => {
    expectRejected('{"topology": {"etcd": 3}', '$', /not valid JSON/);
  });

  it('not an object → $', () => {
    expectRejected([], '$', /expected an object, got \[\]/);
    expectRejected('null', '$', /expected an object, got null/);
  });

  it('missing topology', () => {
    expectRejected({ seed: 1 }, '$.topology', /missing required field "topology"/);
  });

  it('unknown top-level field (a typo)', () => {
    const e = expectRejected({ ...base, sed: 7 }, '$.sed', /unknown field "sed"/);
    expect(e.problem).toMatch(/known here: name, description, seed/);
  });

  it('bad duration unit', () => {
    expectRejected({ ...base, duration: '5 sec' }, '$.duration', /expected a duration like "250us", "150ms", "2s", "5m" or a number of ms, got "5 sec"/);
  });

  it('negative duration', () => {
    expectRejected({ ...base, duration: -5 }, '$.duration', /expected a duration .* got -5/);
    expectRejected({ ...base, raft: { heartbeat: '-100ms' } }, '$.raft.heartbeat', /expected a duration/);
  });

  it('duration too long', () => {
    expectRejected({ ...base, duration: '25h' }, '$.duration', /at most 86400000ms/);
  });

  it('wrong type: a string where a number belongs', () => {
    expectRejected({ ...base, seed: '7' }, '$.seed', /expected a whole number from 0 to 4294967295, got "7"/);
    expectRejected({ ...base, raft: { maxInflight: '512' } }, '$.raft.maxInflight', /expected a whole number from 1 to 100000, got "512"/);
  });

  it('wrong type: a string where a boolean belongs', () => {
    expectRejected({ ...base, raft: { preVote: 'yes' } }, '$.raft.preVote', /expected true or false, got "yes"/);
  });

  it('loss out of range', () => {
    expectRejected({ ...base, network: { loss: 1.5 } }, '$.network.loss', /expected a number from 0 to 1, got 1.5/);
    expectRejected({ ...base, network: { duplicate: -0.1 } }, '$.network.duplicate', /expected a number from 0 to 1/);
  });

  it('unknown network field', () => {
    expectRejected({ ...base, network: { latency: '1ms', lossy: 0.1 } }, '$.network.lossy', /unknown field "lossy"/);
  });

  it('etcd count 0 and 99', () => {
    expectRejected({ topology: { etcd: 0 } }, '$.topology.etcd', /expected a whole number from 1 to 15, got 0/);
    expectRejected({ topology: { etcd: 99 } }, '$.topology.etcd', /expected a whole number from 1 to 15, got 99/);
    expectRejected({ topology: { etcd: 2.5 } }, '$.topology.etcd', /whole number/);
    expectRejected({ topology: { etcd: [] } }, '$.topology.etcd', /expected 1 to 15 members, got "0 members"/);
  });

  it('etcd of the wrong type', () => {
    expectRejected({ topology: { etcd: 'three' } }, '$.topology.etcd', /expected an array, got "three"/);
    expectRejected({ topology: {} }, '$.topology.etcd', /missing required field "etcd"/);
  });

  it('duplicate node ids', () => {
    expectRejected({ topology: { etcd: ['a', 'b', 'a'] } }, '$.topology.etcd[2]', /duplicate node id "a"/);
    expectRejected({ topology: { etcd: ['a', { id: 'a' }] } }, '$.topology.etcd[1]', /duplicate node id "a"/);
  });

  it('bad node id', () => {
    expectRejected({ topology: { etcd: ['n1', 'N2'] } }, '$.topology.etcd[1]', /expected a node id of lowercase letters, digits and "-", starting with a letter \(like "n1"\), got "N2"/);
    expectRejected({ topology: { etcd: [{ id: '1n' }] } }, '$.topology.etcd[0].id', /expected a node id/);
    expectRejected({ topology: { etcd: [{ id: 'n1', rack: 'r1' }] } }, '$.topology.etcd[0].rack', /unknown field "rack"/);
  });

  it('bad zone', () => {
    expectRejected({ topology: { etcd: 3, zones: ['us-east-1a'] } }, '$.topology.zones[0]', /expected a zone as "cloud\/region\/zone"/);
  });

  it('a client id that is also a node id', () => {
    expectRejected({ ...base, clients: [{ id: 'n2' }] }, '$.clients', /client id "n2" is also a node id/);
  });

  it('election timeout under 5× the heartbeat', () => {
    expectRejected({ ...base, raft: { heartbeat: '100ms', electionTimeout: '400ms' } }, '$.raft.electionTimeout', /expected at least 5 times the heartbeat \(500ms\), as etcd requires, got "400ms"/);
    // The default election timeout (1s) is too short for a 300ms heartbeat.
    expectRejected({ ...base, raft: { heartbeat: '300ms' } }, '$.raft.electionTimeout', /at least 5 times the heartbeat \(1500ms\)/);
  });

  it('election timeout not a whole multiple of the heartbeat', () => {
    expectRejected({ ...base, raft: { heartbeat: '100ms', electionTimeout: '1050ms' } }, '$.raft.electionTimeout', /expected a whole multiple of the heartbeat \(100ms\)/);
  });

  it('heartbeat under 1ms', () => {
    expectRejected({ ...base, raft: { heartbeat: '500us', electionTimeout: '5ms' } }, '$.raft.heartbeat', /expected at least 1ms/);
  });

  it('bad rate', () => {
    expectRejected({ ...base, clients: [{ id: 'c1', rate: 'fast' }] }, '$.clients[0].rate', /expected a rate like "20\/s" or "300\/m", got "fast"/);
    expectRejected({ ...base, clients: [{ id: 'c1' }, { id: 'c2', rate: -1 }] }, '$.clients[1].rate', /expected a number from 0 to 100000, got -1/);
    expectRejected({ ...base, clients: [{ id: 'c1', rate: '200000/s' }] }, '$.clients[0].rate', /at most 100000\/s/);
  });

  it('client fields', () => {
    expectRejected({ ...base, clients: [{ rate: '1/s' }] }, '$.clients[0].id', /missing required field "id"/);
    expectRejected({ ...base, clients: [{ id: 'c1', workload: 'bank' }] }, '$.clients[0].workload', /expected one of "register", "none", got "bank"/);
  });

  it('unknown bug name', () => {
    expectRejected({ ...base, bugs: ['stale-read', 'off-by-one'] }, '$.bugs[1]', /expected one of "commit-old-term", .*"forget-vote", got "off-by-one"/);
  });

  it('unknown nemesis string, and a bad fault in a nemesis object', () => {
    expectRejected({ ...base, nemesis: 'chaos' }, '$.nemesis', /expected "swarm", "none" or an object \{ faults, interval, quiet \}, got "chaos"/);
    expectRejected({ ...base, nemesis: { faults: ['meteor'] } }, '$.nemesis.faults[0]', /expected one of "partition", "kill"/);
    expectRejected({ ...base, nemesis: { rate: 1 } }, '$.nemesis.rate', /unknown field "rate"/);
  });

  it('a uniform latency whose max is below its min', () => {
    expectRejected({ ...base, network: { latency: { dist: 'uniform', min: '3ms', max: '1ms' } } }, '$.network.latency.max', /expected at least min \("3ms"\), got "1ms"/);
    expectRejected({ ...base, network: { latency: { dist: 'normal' } } }, '$.network.latency.dist', /expected one of "fixed", "uniform", "exponential"/);
    expectRejected({ ...base, network: { latency: { dist: 'exponential', min: '1ms' } } }, '$.network.latency.mean', /missing required field "mean"/);
  });

  it('bad disk settings', () => {
    expectRejected({ ...base, disk: { fsync: '11s' } }, '$.disk.fsync', /at most 10000ms/);
  });

  it('long bad values are shortened in the message', () => {
    const e = rejection({ ...base, name: 'x'.repeat(200), seed: 'y'.repeat(200) });
    expect(e.path).toBe('$.seed');
    expect(e.problem.length).toBeLessThan(130);
    expect(e.problem).toMatch(/\.\.\.$/);
  });
});

import { describe, expect, it } from 'vitest';
import { MS, SECOND } from '../sim/time';
import { ScenarioError } from './errors';
import { parseScenario } from './parse';
import { EVERY_ACTION } from './actionExamples';
import { ACTION_KINDS, parseAction } from './parseAction';

const topology = { etcd: 3 };
const withActions = (...actions: unknown[]) => ({ topology, clients: [{ id: 'c1' }], actions });

function expectRejected(actions: unknown[], path: string, problem: RegExp): ScenarioError {
  let thrown: unknown;
  try {
    parseScenario(withActions(...actions));
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'the scenario should have been rejected').toBeInstanceOf(ScenarioError);
  const e = thrown as ScenarioError;
  expect(e.path).toBe(path);
  expect(e.problem).toMatch(problem);
  return e;
}

const ok = { at: '1s', do: 'heal' };

describe('parseAction: accepted actions', () => {
  it('reads every kind of action into its typed form', () => {
    const s = parseScenario(withActions(...EVERY_ACTION));
    const at = SECOND;
    expect(s.actions).toEqual([
      { at, do: 'partition', groups: [['n1', '@leader'], ['*']] },
      { at, do: 'heal' },
      { at, do: 'cut', from: '@leader', to: 'n2' },
      { at, do: 'isolate', node: 'n3' },
      { at, do: 'link', from: 'n1', to: 'n2', latency: { kind: 'fixed', us: 5000 }, jitter: 1000, loss: 0.1, duplicate: 0 },
      { at, do: 'link', from: 'n1', to: 'n2', latency: { kind: 'uniform', min: 1000, max: 2000 } },
      { at, do: 'clog', from: 'n1', to: 'n2', for: 2 * SECOND },
      { at, do: 'hold', from: 'n1', type: 'MsgApp' },
      { at, do: 'release' },
      { at, do: 'deliver', msg: 12 },
      { at, do: 'drop', msg: 13 },
      { at, do: 'duplicate', msg: 14 },
      { at, do: 'crash', node: '@leader' },
      { at, do: 'restart', node: 'n1' },
      { at, do: 'pause', node: 'n1' },
      { at, do: 'resume', node: 'n1' },
      { at, do: 'timeout', node: 'n2' },
      { at, do: 'skew', node: 'n2', rate: 1.5 },
      { at, do: 'probe', label: 'p' },
      { at, do: 'transfer', to: 'n3' },
      { at, do: 'add-member', node: 'n4', learner: true, zone: 'aws/us-east-1/a' },
      { at, do: 'remove-member', node: 'n4' },
      { at, do: 'put', key: 'x', value: '1', client: 'c1' },
      { at, do: 'get', key: 'x' },
      { at, do: 'delete', key: 'x' },
      { at, do: 'cas', key: 'x', expected: '1', value: '2' },
      { at, do: 'compact', revision: 3 },
      { at, do: 'compact' },
      { at, do: 'lease-grant', id: 7, ttl: 5 * SECOND, client: 'c1' },
      { at, do: 'lease-grant', ttl: 2 * SECOND },
      { at, do: 'lease-keepalive', id: 7 },
      { at, do: 'put', key: 'lock', value: 'me', lease: 7 },
      { at, do: 'lease-revoke', id: 7, client: 'c1' },
      { at, do: 'bug', name: 'stale-read', on: true },
      { at, do: 'bug', name: 'stale-read', on: false },
      { at, do: 'nemesis', on: true },
    ]);
    // Every kind the table lists is covered above.
    expect(new Set(s.actions.map((a) => a.do))).toEqual(new Set(ACTION_KINDS));
  });

  it('accepts a cas with expected null (the key must be absent)', () => {
    const s = parseScenario(withActions({ at: '2s', do: 'cas', key: 'x', expected: null, value: '1', client: 'c1' }));
    expect(s.actions).toEqual([{ at: 2 * SECOND, do: 'cas', key: 'x', expected: null, value: '1', client: 'c1' }]);
  });

  it('accepts a node added by an earlier add-member, and client ids', () => {
    const s = parseScenario(
      withActions({ at: '1s', do: 'add-member', node: 'n9' }, { at: '2s', do: 'crash', node: 'n9' }, { at: '3s', do: 'partition', groups: [['n9'], ['c1', 'n1']] }),
    );
    expect(s.actions[1]).toEqual({ at: 2 * SECOND, do: 'crash', node: 'n9' });
  });

  it('reads numbers as milliseconds and fractional units', () => {
    const s = parseScenario(withActions({ at: 1.5, do: 'heal' }, { at: '0.25s', do: 'clog', from: 'n1', to: 'n2', for: 20 }));
    expect(s.actions).toEqual([
      { at: 1500, do: 'heal' },
      { at: 250 * MS, do: 'clog', from: 'n1', to: 'n2', for: 20 * MS },
    ]);
  });

  it('can be called directly with its own path and known set (the console does this)', () => {
    const known = new Set(['a', 'b']);
    expect(parseAction({ at: 0, do: 'cut', from: 'a', to: 'b' }, '$.cmd', known)).toEqual({ at: 0, do: 'cut', from: 'a', to: 'b' });
    expect(parseAction({ at: 0, do: 'add-member', node: 'c' }, '$.cmd', known)).toEqual({ at: 0, do: 'add-member', node: 'c' });
    expect(known.has('c')).toBe(true);
    expect(() => parseAction({ at: 0, do: 'crash', node: 'z' }, '$.cmd', known)).toThrow(new ScenarioError('$.cmd.node', 'unknown node "z" (known: a, b, c)'));
  });
});

describe('parseAction: rejected actions name the JSON path and what was expected', () => {
  it('unknown action field', () => {
    expectRejected([{ ...ok, bogus: 1 }], '$.actions[0].bogus', /unknown field "bogus"/);
  });

  it('a field that belongs to another kind of action', () => {
    expectRejected([ok, { at: '1s', do: 'heal', node: 'n1' }], '$.actions[1].node', /unknown field "node" \(known here: at, do\)/);
  });

  it('unknown do', () => {
    expectRejected([{ at: '1s', do: 'explode' }], '$.actions[0].do', /expected one of "partition", "heal", .*, got "explode"/);
    expectRejected([{ at: '1s' }], '$.actions[0].do', /missing required field "do"/);
  });

  it('an action that is not an object', () => {
    expectRejected([ok, 'heal'], '$.actions[1]', /expected an object, got "heal"/);
  });

  it('bad duration unit in at, at the right index', () => {
    expectRejected([ok, ok, { at: '5 sec', do: 'heal' }], '$.actions[2].at', /expected a duration like "250us", "150ms", "2s", "5m" or a number of ms, got "5 sec"/);
    expectRejected([{ do: 'heal' }], '$.actions[0].at', /missing required field "at"/);
  });

  it('negative duration', () => {
    expectRejected([{ at: -1, do: 'heal' }], '$.actions[0].at', /expected a duration .* got -1/);
    expectRejected([{ at: '1s', do: 'clog', from: 'n1', to: 'n2', for: '-2s' }], '$.actions[0].for', /expected a duration/);
  });

  it('unknown node in an action', () => {
    expectRejected([{ at: '1s', do: 'crash', node: 'n9' }], '$.actions[0].node', /unknown node "n9" \(known: n1, n2, n3, c1\)/);
    expectRejected([{ at: '1s', do: 'cut', from: 'n1', to: 'n7' }], '$.actions[0].to', /unknown node "n7"/);
  });

  it('unknown node inside a partition group', () => {
    expectRejected([{ at: '1s', do: 'partition', groups: [['n1'], ['n5', 'n2']] }], '$.actions[0].groups[1][0]', /unknown node "n5"/);
  });

  it('a node added only by a later add-member is unknown, whatever the file order', () => {
    expectRejected([{ at: '5s', do: 'add-member', node: 'n4' }, { at: '1s', do: 'crash', node: 'n4' }], '$.actions[1].node', /unknown node "n4"/);
  });

  it('a node added by an earlier add-member may be named, even later in the file', () => {
    const s = parseScenario({ topology: { etcd: 3 }, actions: [{ at: '2s', do: 'crash', node: 'n4' }, { at: '1s', do: 'add-member', node: 'n4' }] });
    expect(s.actions.map((a) => a.do)).toEqual(['add-member', 'crash']);
  });

  it('a client field must name a client, not a member', () => {
    expectRejected([{ at: '1s', do: 'get', key: 'x', client: 'n1' }], '$.actions[0].client', /"n1" is not a client/);
  });

  it('"@leader" where it is not allowed', () => {
    expectRejected([{ at: '1s', do: 'put', key: 'x', value: '1', client: '@leader' }], '$.actions[0].client', /"@leader" is not a client/);
    expectRejected([{ at: '1s', do: 'hold', from: '@leader' }], '$.actions[0].from', /expected a node id, got "@leader"/);
  });

  it('"*" outside a partition group is not a node', () => {
    expectRejected([{ at: '1s', do: 'crash', node: '*' }], '$.actions[0].node', /unknown node "\*"/);
  });

  it('"*" in two groups', () => {
    expectRejected([{ at: '1s', do: 'partition', groups: [['*'], ['n1'], ['*']] }], '$.actions[0].groups', /expected "\*" in at most one group/);
  });

  it('partition with one group, or an empty group', () => {
    expectRejected([{ at: '1s', do: 'partition', groups: [['n1', 'n2']] }], '$.actions[0].groups', /expected at least two groups, got \[\["n1","n2"\]\]/);
    expectRejected([{ at: '1s', do: 'partition', groups: [['n1'], []] }], '$.actions[0].groups[1]', /expected a non-empty group of nodes/);
    expectRejected([{ at: '1s', do: 'partition', groups: ['n1', 'n2'] }], '$.actions[0].groups[0]', /expected an array, got "n1"/);
    expectRejected([{ at: '1s', do: 'partition' }], '$.actions[0].groups', /missing required field "groups"/);
  });

  it('add-member with an existing id, or a bad one', () => {
    expectRejected([{ at: '1s', do: 'add-member', node: 'n2' }], '$.actions[0].node', /"n2" already exists; add-member needs a new id/);
    expectRejected([{ at: '1s', do: 'add-member', node: 'c1' }], '$.actions[0].node', /"c1" already exists/);
    expectRejected([{ at: '1s', do: 'add-member', node: 'n4' }, { at: '2s', do: 'add-member', node: 'n4' }], '$.actions[1].node', /already exists/);
    expectRejected([{ at: '1s', do: 'add-member', node: 'Node 4' }], '$.actions[0].node', /expected a node id/);
  });

  it('link action with no settings', () => {
    expectRejected([{ at: '1s', do: 'link', from: 'n1', to: 'n2' }], '$.actions[0]', /a link action needs at least one of latency, jitter, loss, duplicate/);
  });

  it('link with out-of-range loss', () => {
    expectRejected([{ at: '1s', do: 'link', from: 'n1', to: 'n2', loss: 1.5 }], '$.actions[0].loss', /expected a number from 0 to 1, got 1.5/);
  });

  it('skew rate out of range or of the wrong type', () => {
    expectRejected([{ at: '1s', do: 'skew', node: 'n1', rate: 0 }], '$.actions[0].rate', /expected a number from 0.01 to 100, got 0/);
    expectRejected([{ at: '1s', do: 'skew', node: 'n1', rate: 'fast' }], '$.actions[0].rate', /expected a number from 0.01 to 100, got "fast"/);
  });

  it('cas without expected, or with a non-string expected', () => {
    expectRejected([{ at: '1s', do: 'cas', key: 'x', value: '1' }], '$.actions[0].expected', /missing required field "expected"/);
    expectRejected([{ at: '1s', do: 'cas', key: 'x', expected: 1, value: '1' }], '$.actions[0].expected', /expected a string, got 1/);
  });

  it('put with an empty key or a number value', () => {
    expectRejected([{ at: '1s', do: 'put', key: '', value: '1' }], '$.actions[0].key', /expected a non-empty string, got ""/);
    expectRejected([{ at: '1s', do: 'put', key: 'x', value: 1 }], '$.actions[0].value', /expected a string, got 1/);
  });

  it('lease actions: id, ttl and lease fields', () => {
    expectRejected([{ at: '1s', do: 'lease-grant', id: 7 }], '$.actions[0].ttl', /missing required field "ttl"/);
    expectRejected([{ at: '1s', do: 'lease-grant', ttl: '5 sec' }], '$.actions[0].ttl', /expected a duration like "250us"/);
    expectRejected([{ at: '1s', do: 'lease-grant', ttl: '5s', id: 0 }], '$.actions[0].id', /expected a lease id \(a whole number from 1 to \d+; 0 is etcd's "no lease"\), got 0/);
    expectRejected([{ at: '1s', do: 'lease-grant', ttl: '5s', id: '7' }], '$.actions[0].id', /expected a lease id .*, got "7"/);
    expectRejected([{ at: '1s', do: 'lease-grant', ttl: '999999999999s' }], '$.actions[0].ttl', /expected a duration of at most 9000000000000ms/);
    expectRejected([{ at: '1s', do: 'lease-keepalive' }], '$.actions[0].id', /missing required field "id"/);
    expectRejected([{ at: '1s', do: 'lease-revoke', id: 1.5 }], '$.actions[0].id', /expected a lease id/);
    expectRejected([{ at: '1s', do: 'lease-revoke', id: 3, ttl: '1s' }], '$.actions[0].ttl', /unknown field "ttl" \(known here: at, do, id, client\)/);
    expectRejected([{ at: '1s', do: 'put', key: 'x', value: '1', lease: -2 }], '$.actions[0].lease', /expected a lease id/);
    expectRejected([{ at: '1s', do: 'get', key: 'x', lease: 2 }], '$.actions[0].lease', /unknown field "lease"/);
    expectRejected([{ at: '1s', do: 'lease-keepalive', id: 2, client: 'n1' }], '$.actions[0].client', /"n1" is not a client/);
  });

  it('unknown bug name in a bug action', () => {
    expectRejected([{ at: '1s', do: 'bug', name: 'segfault' }], '$.actions[0].name', /expected one of "commit-old-term"/);
  });

  it('deliver with a message id that is not a positive whole number', () => {
    expectRejected([{ at: '1s', do: 'deliver', msg: 0 }], '$.actions[0].msg', /expected a whole number from 1 to/);
    expectRejected([{ at: '1s', do: 'drop', msg: 1.5 }], '$.actions[0].msg', /whole number/);
  });

  it('nemesis without on, probe with an empty label', () => {
    expectRejected([{ at: '1s', do: 'nemesis' }], '$.actions[0].on', /missing required field "on"/);
    expectRejected([{ at: '1s', do: 'probe', label: '' }], '$.actions[0].label', /non-empty string/);
  });

  it('actions that are not an array', () => {
    let thrown: unknown;
    try {
      parseScenario({ topology, actions: { at: '1s', do: 'heal' } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScenarioError);
    expect((thrown as ScenarioError).path).toBe('$.actions');
  });
});

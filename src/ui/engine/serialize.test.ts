/**
 * Exported files and share links carry the parsed timeline back as JSON: every kind of action
 * must read back exactly as it was (durations are µs inside, "…us" strings outside).
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/parse';
import { scenarioJson } from './serialize';

const raw = {
  name: 'round trip',
  topology: { etcd: 3 },
  clients: [{ id: 'c1' }],
  actions: [
    { at: '1s', do: 'partition', groups: [['n1', '@leader'], ['*']] },
    { at: '1s', do: 'heal' },
    { at: '1s', do: 'cut', from: '@leader', to: 'n2' },
    { at: '1s', do: 'isolate', node: 'n3' },
    { at: '1s', do: 'link', from: 'n1', to: 'n2', latency: '5ms', jitter: '1ms', loss: 0.1, duplicate: 0 },
    { at: '1s', do: 'link', from: 'n1', to: 'n2', latency: { dist: 'uniform', min: '1ms', max: '2ms' } },
    { at: '1s', do: 'clog', from: 'n1', to: 'n2', for: '2s' },
    { at: '1s', do: 'hold', from: 'n1', type: 'MsgApp' },
    { at: '1s', do: 'release' },
    { at: '1.5s', do: 'crash', node: '@leader' },
    { at: '1.5s', do: 'restart', node: 'n1' },
    { at: '1.5s', do: 'pause', node: 'n1' },
    { at: '1.5s', do: 'resume', node: 'n1' },
    { at: '2s', do: 'timeout', node: 'n2' },
    { at: '2s', do: 'skew', node: 'n2', rate: 1.5 },
    { at: '2s', do: 'probe', label: 'p' },
    { at: '2s', do: 'transfer', to: 'n3' },
    { at: '2s', do: 'add-member', node: 'n4', learner: true },
    { at: '2s', do: 'remove-member', node: 'n4' },
    { at: '3s', do: 'put', key: 'x', value: '1', client: 'c1' },
    { at: '3s', do: 'get', key: 'x' },
    { at: '3s', do: 'delete', key: 'x' },
    { at: '3s', do: 'cas', key: 'x', expected: '1', value: '2' },
    { at: '3s', do: 'compact', revision: 3 },
    { at: '3s', do: 'lease-grant', id: 7, ttl: '5s', client: 'c1' },
    { at: '3s', do: 'lease-keepalive', id: 7 },
    { at: '3s', do: 'put', key: 'lock', value: 'me', lease: 7 },
    { at: '3s', do: 'lease-revoke', id: 7, client: 'c1' },
    { at: '4s', do: 'bug', name: 'stale-read' },
    { at: '4s', do: 'nemesis', on: true },
  ],
};

describe('the timeline written back to JSON', () => {
  it('reads back to the same actions, for every kind', () => {
    const first = parseScenario(raw);
    const again = parseScenario(scenarioJson(raw, first.actions));
    expect(again.actions).toEqual(first.actions);
    expect(again.actions.find((a) => a.do === 'lease-grant')).toMatchObject({ ttl: 5_000_000 });
  });
});

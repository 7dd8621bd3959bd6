/**
 * Built-in scenarios for the picker. Each is plain scenario JSON (the format `npm run sim`
 * reads), so any of them can be exported, shared and run headless.
 */
import { DEFAULT_SCENARIO_JSON } from '../engine/createEngine';

export interface Preset {
  id: string;
  name: string;
  json: object;
}

export const PRESETS: Preset[] = [
  { id: 'default', name: 'Five members, one client', json: DEFAULT_SCENARIO_JSON },
  {
    id: 'slow-links',
    name: 'Slow links (easy to follow)',
    json: {
      name: 'Slow links', seed: 3, duration: '60s', topology: { etcd: 5 },
      network: { latency: '40ms', jitter: '20ms' },
      clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '2/s' }],
    },
  },
  {
    id: 'three-zones',
    name: 'Three zones, two clouds',
    json: {
      name: 'Three zones, two clouds', seed: 5, duration: '60s',
      topology: { etcd: 5, zones: ['aws/us-east-1/a', 'aws/us-east-1/b', 'gcp/europe-west1/b'] },
      clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '10/s' }],
    },
  },
  {
    id: 'leader-cut-off',
    name: 'Leader cut off from the majority',
    json: {
      name: 'Leader cut off from the majority', seed: 7, duration: '30s', topology: { etcd: 5 },
      network: { latency: '2ms', jitter: '1ms' },
      clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '20/s' }],
      actions: [
        { at: '5s', do: 'partition', groups: [['@leader'], ['*']] },
        { at: '12s', do: 'heal' },
      ],
    },
  },
  {
    id: 'lossy',
    name: 'Lossy network (10%)',
    json: {
      name: 'Lossy network', seed: 11, duration: '60s', topology: { etcd: 5 },
      network: { latency: '5ms', jitter: '5ms', loss: 0.1 },
      clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '10/s' }],
    },
  },
  {
    id: 'nemesis',
    name: 'Nemesis swarm',
    json: {
      name: 'Nemesis swarm', seed: 13, duration: '120s', topology: { etcd: 5 },
      clients: [{ id: 'c1', workload: 'register', keys: 3, rate: '20/s' }], nemesis: 'swarm',
    },
  },
  {
    id: 'three-members',
    name: 'Three members (smallest quorum)',
    json: { name: 'Three members', seed: 2, duration: '60s', topology: { etcd: 3 }, clients: [{ id: 'c1', workload: 'register', keys: 2, rate: '5/s' }] },
  },
];

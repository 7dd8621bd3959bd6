/**
 * The built-in sweep scenario: five members, three register clients (one holding a lease session), compaction often enough
 * to exercise snapshots, a cloud disk's fsync latency, and the swarm nemesis. Sixty virtual seconds, the last ten quiet.
 */
export const SWEEP_SCENARIO = {
  name: 'sweep: 5 members, 2 clients, swarm nemesis',
  seed: 1,
  duration: '60s',
  topology: { etcd: 5 },
  raft: { snapshotEvery: 200 },
  // A cloud disk: fsync takes milliseconds, so a crash can catch writes not yet synced.
  disk: { fsync: '5ms' },
  clients: [
    { id: 'c1', workload: 'register', keys: 3, rate: '20/s', watch: true },
    { id: 'c2', workload: 'register', keys: 3, rate: '20/s', watch: true },
    // A lease-backed session (etcd clientv3 concurrency.Session): grants, keep-alives, expiry.
    { id: 'c3', workload: 'register', keys: 3, rate: '20/s', leases: true, leaseTtl: '3s' },
  ],
  nemesis: 'swarm',
};
